/** Photos, multipart forms and shortcuts for the identity and review tests. */
import sharp from 'sharp';
import type { ApiClient } from '../support/client';

/** A real JPEG of about `targetBytes` (noise compresses badly, so the size follows the pixel count). */
export async function jpeg(targetBytes = 20_000, seed = 1): Promise<Buffer> {
  let side = Math.max(16, Math.round(Math.sqrt(targetBytes / 1.2)));
  for (;;) {
    const pixels = Buffer.alloc(side * side * 3);
    let x = seed * 2654435761;
    for (let i = 0; i < pixels.length; i++) { x = (x * 1103515245 + 12345) >>> 0; pixels[i] = x >>> 24; }
    const image = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
    if (image.length <= targetBytes || side <= 16) return image;
    side = Math.floor(side * 0.95);
  }
}

/** A JPEG padded (inside a COM segment) to exactly `bytes`, still a valid JPEG. */
export async function jpegOfExactly(bytes: number): Promise<Buffer> {
  const base = await jpeg(bytes - 70_000);
  const padding = bytes - base.length;
  const chunks: Buffer[] = [base.subarray(0, 2)];
  let left = padding;
  while (left > 0) {
    const body = Math.min(left - 4, 65_533);
    const segment = Buffer.alloc(body + 4);
    segment[0] = 0xff; segment[1] = 0xfe; segment.writeUInt16BE(body + 2, 2);
    chunks.push(segment);
    left -= body + 4;
    if (left > 0 && left < 5) throw new Error('padding does not divide into segments');
  }
  chunks.push(base.subarray(2));
  const out = Buffer.concat(chunks);
  if (out.length !== bytes) throw new Error(`made ${out.length} bytes, wanted ${bytes}`);
  return out;
}

export async function png(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366cc' } }).png().toBuffer();
}

export type FileSpec = { data: Buffer; name?: string; type?: string };

export function multipart(fields: Record<string, string>, files: Record<string, FileSpec>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const [key, file] of Object.entries(files)) {
    form.append(key, new Blob([new Uint8Array(file.data)], { type: file.type ?? 'image/jpeg' }), file.name ?? `${key}.jpg`);
  }
  return form;
}

export async function reviewPhotos(): Promise<Record<string, FileSpec>> {
  return { idFront: { data: await jpeg(30_000, 1) }, idBack: { data: await jpeg(30_000, 2) }, handheld: { data: await jpeg(30_000, 3) } };
}

export async function manualReviewForm(overrides: Record<string, string> = {}, files?: Record<string, FileSpec>): Promise<FormData> {
  return multipart({ validity: '20y', validFrom: '2020-05-01', reason: '实名核验未通过，网证开通失败', ...overrides }, files ?? await reviewPhotos());
}

export async function registerIdentity(client: ApiClient, person: { idType: string; idNumber: string; name: string }) {
  const reply = await client.post('/dev/identity-registry', person);
  if (reply.status !== 201) throw new Error(`identity registry: ${JSON.stringify(reply.body)}`);
}
