/**
 * Component tests: pages rendered with @testing-library/react in jsdom, with small stand-ins for Taro's
 * components and API (test/mocks), and the server faked at Taro.request.
 */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', {
      jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } },
    }],
  },
  moduleNameMapper: {
    '^@shared/(.*)$': '<rootDir>/../shared/src/$1',
    '^@tarojs/components$': '<rootDir>/test/mocks/taro-components.tsx',
    '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
    '\\.css$': '<rootDir>/test/mocks/style.ts',
  },
  setupFiles: ['<rootDir>/test/mocks/globals.ts'],
};
