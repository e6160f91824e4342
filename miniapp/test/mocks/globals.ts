/** What the Taro build defines at compile time (config/index.ts), here for the mini-program. */
(globalThis as { API_BASE?: string }).API_BASE = 'http://server.test';
process.env.TARO_ENV = 'weapp';
/** jsdom lacks them; the mini-program's multipart body is built with TextEncoder. */
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'node:util';
Object.assign(globalThis, { TextEncoder: globalThis.TextEncoder ?? NodeTextEncoder, TextDecoder: globalThis.TextDecoder ?? NodeTextDecoder });
