/// <reference types="@tarojs/taro" />

declare module '*.css';

/** The server's base address, fixed at build time by config/index.ts (empty: same origin). */
declare const API_BASE: string;

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV?: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony' | 'jdrn';
  }
}
