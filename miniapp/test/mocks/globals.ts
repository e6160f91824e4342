/** What the Taro build defines at compile time (config/index.ts), here for the mini-program. */
(globalThis as { API_BASE?: string }).API_BASE = 'http://server.test';
process.env.TARO_ENV = 'weapp';
