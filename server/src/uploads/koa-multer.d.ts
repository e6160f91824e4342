/** The part of @koa/multer (which ships no types) that the upload parser uses. */
declare module '@koa/multer' {
  import type { Middleware } from 'koa';

  type Limits = { fileSize?: number; files?: number; fields?: number; fieldSize?: number; parts?: number; fieldNameSize?: number };
  type Options = { storage?: unknown; limits?: Limits };
  type Instance = { fields(fields: { name: string; maxCount?: number }[]): Middleware; none(): Middleware };
  type Multer = ((options?: Options) => Instance) & { memoryStorage(): unknown };

  const multer: Multer;
  export default multer;
}
