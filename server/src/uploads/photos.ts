/**
 * Multipart forms with photos: parsed in memory (nothing touches the disk), every limit enforced while reading,
 * and each photo judged by its content — a real JPEG that decodes, under 190 KB — never by its name or declared
 * type. Any bad photo or oversized body is UPLOAD_INVALID.
 */
import multer from '@koa/multer';
import type { Context, Middleware } from 'koa';
import sharp from 'sharp';
import { AppError } from '../http/errors';
import { UPLOAD_MAX_BYTES } from './rules';

/** 图片大小小于190KB，格式为JPG或JPEG (manual 2.3.2, 人工审核). */
export const UPLOAD_INVALID_MESSAGE = '请上传小于190KB的JPG或JPEG格式图片';

/** Text fields of these forms are short; anything larger is refused while reading. */
const FIELD_MAX_BYTES = 4 * 1024;
/** A body this far over the photos' total is refused from its declared length, before reading it. */
export const BODY_SLACK_BYTES = 64 * 1024;

export type Photo = { role: string; data: Buffer };

export function uploadInvalid(field: string, message = UPLOAD_INVALID_MESSAGE): AppError {
  return new AppError('UPLOAD_INVALID', message, { fields: { [field]: message } });
}

/** Parses a multipart form with the named photo fields (one file each) into ctx.request.body and ctx.request.files. */
export function photoForm(photoFields: readonly string[]): Middleware {
  const parser = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: UPLOAD_MAX_BYTES, files: photoFields.length, fields: 20, fieldSize: FIELD_MAX_BYTES, parts: photoFields.length + 20 },
  }).fields(photoFields.map((name) => ({ name, maxCount: 1 })));
  const maxBody = photoFields.length * UPLOAD_MAX_BYTES + BODY_SLACK_BYTES;

  return async (ctx, next) => {
    if (!ctx.is('multipart/form-data')) throw new AppError('VALIDATION_FAILED', '请以multipart/form-data格式提交表单和照片');
    if (Number(ctx.get('content-length') || 0) > maxBody) {
      ctx.set('Connection', 'close');
      throw uploadInvalid(photoFields[0] ?? 'photo');
    }
    try {
      await parser(ctx, async () => undefined);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const field = (error as { field?: string }).field ?? photoFields[0] ?? 'photo';
      if (code === 'LIMIT_FIELD_VALUE' || code === 'LIMIT_FIELD_COUNT' || code === 'LIMIT_PART_COUNT') {
        throw new AppError('VALIDATION_FAILED', '提交的表单内容过多或过长');
      }
      if (typeof code === 'string') throw uploadInvalid(field);
      if (error instanceof AppError) throw error;
      // Anything else the parser throws is a body that is not a well-formed multipart form (busboy's
      // 'Unexpected end of form', 'Malformed part header', …): the client's mistake, never a 500.
      throw new AppError('VALIDATION_FAILED', '表单格式有误，请重新提交');
    }
    await next();
  };
}

type UploadedFile = { buffer: Buffer; size: number };

/** The photos of a parsed form, each checked by content; throws UPLOAD_INVALID naming the first bad one. */
export async function photosOf(ctx: Context, photoFields: readonly string[]): Promise<Photo[]> {
  const files = ((ctx.request as unknown as { files?: Record<string, UploadedFile[]> }).files) ?? {};
  const photos: Photo[] = [];
  for (const role of photoFields) {
    const file = files[role]?.[0];
    if (!file) throw uploadInvalid(role, `请上传照片（${UPLOAD_INVALID_MESSAGE}）`);
    if (!(await isJpeg(file.buffer))) throw uploadInvalid(role);
    photos.push({ role, data: file.buffer });
  }
  return photos;
}

/** True for a non-empty file under the size limit whose bytes are a JPEG that sharp can read. */
export async function isJpeg(data: Buffer): Promise<boolean> {
  if (data.length === 0 || data.length > UPLOAD_MAX_BYTES) return false;
  if (data[0] !== 0xff || data[1] !== 0xd8 || data[2] !== 0xff) return false;
  try {
    const meta = await sharp(data, { failOn: 'error' }).metadata();
    return meta.format === 'jpeg' && Boolean(meta.width && meta.height);
  } catch {
    return false;
  }
}

/** The text fields of a parsed multipart form. */
export function formFields(ctx: Context): Record<string, unknown> {
  return { ...(ctx.request.body as Record<string, unknown> | undefined ?? {}) };
}
