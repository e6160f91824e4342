/** The photo checks and compression, and the multipart body the mini-program builds itself. */
import Taro from '@tarojs/taro';
import {
  compressToLimit, isJpeg, PHOTO_MAX_BYTES, PHOTO_MESSAGES, PhotoProblem, prepareWebPhoto, type JpegEncoder,
} from '../../src/services/photo';
import { multipartBody, postMultipart, utf8 } from '../../src/services/upload';

const JPEG_HEAD = [0xff, 0xd8, 0xff, 0xe0];
const bytes = (head: number[], size: number) => { const b = new Uint8Array(size); b.set(head); return b; };

beforeAll(() => {
  (URL as unknown as { createObjectURL: (b: Blob) => string }).createObjectURL = () => 'blob:preview';
});

/** An encoder whose output shrinks with scale and quality, like a photo's. */
function fakeEncoder(width: number, bytesAtFull: number): JpegEncoder & { calls: Array<[number, number]> } {
  const calls: Array<[number, number]> = [];
  return {
    width, height: Math.round(width * 0.63), calls,
    encode: async (scale, quality) => {
      calls.push([scale, quality]);
      // Only its size matters to the search; a real Blob of megabytes would just slow the test.
      return { size: Math.round(bytesAtFull * scale * scale * quality), type: 'image/jpeg' } as Blob;
    },
  };
}

test('a JPEG is known by its first bytes, not its name', () => {
  expect(isJpeg(new Uint8Array(JPEG_HEAD))).toBe(true);
  expect(isJpeg(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).toBe(false);
});

test('a JPEG under 190 KB goes as it is; one of exactly 190 KB does not', async () => {
  const small = new Blob([bytes(JPEG_HEAD, PHOTO_MAX_BYTES)]);
  const kept = await prepareWebPhoto(small, async () => { throw new Error('not to be re-encoded'); });
  expect(kept).toMatchObject({ compressed: false, size: PHOTO_MAX_BYTES, message: PHOTO_MESSAGES.accepted(190) });

  const encoder = fakeEncoder(1000, 250_000);
  const limit = new Blob([bytes(JPEG_HEAD, 190 * 1024)]);
  const squeezed = await prepareWebPhoto(limit, async () => encoder);
  expect(squeezed.compressed).toBe(true);
  expect(squeezed.size).toBeLessThanOrEqual(PHOTO_MAX_BYTES);
  expect(squeezed.message).toMatch(/^照片已自动压缩为JPG格式/);
});

test('a large photo is compressed at falling quality first, then smaller, never below the legible size', async () => {
  const encoder = fakeEncoder(4000, 3_000_000);
  const blob = await compressToLimit(encoder);
  expect(blob!.size).toBeLessThanOrEqual(PHOTO_MAX_BYTES);
  const [firstScale, firstQuality] = encoder.calls[0]!;
  expect(firstScale).toBeCloseTo(0.4); // 1600 px on the long side first
  expect(firstQuality).toBe(0.92);
  expect(Math.min(...encoder.calls.map(([scale]) => scale * 4000))).toBeGreaterThanOrEqual(600);
});

test('a photo that cannot be brought under the limit is refused with the reason, in words', async () => {
  const hopeless = fakeEncoder(1000, 50_000_000);
  await expect(prepareWebPhoto(new Blob([bytes(JPEG_HEAD, 500_000)]), async () => hopeless))
    .rejects.toEqual(new PhotoProblem(PHOTO_MESSAGES.tooLarge));
  const notAPicture = new Blob([bytes([0x25, 0x50, 0x44, 0x46], 1000)]);
  await expect(prepareWebPhoto(notAPicture, async () => { throw new PhotoProblem(PHOTO_MESSAGES.notImage); }))
    .rejects.toThrow(PHOTO_MESSAGES.notImage);
});

test('the mini-program sends several files in one multipart request it builds itself', async () => {
  const request = Taro.request as unknown as jest.Mock;
  request.mockResolvedValue({ statusCode: 202, data: { id: 'case-1' }, header: {}, errMsg: 'request:ok' });
  const front = bytes(JPEG_HEAD, 10).buffer;
  const back = bytes(JPEG_HEAD, 12).buffer;
  const answer = await postMultipart('/api/v1/me/manual-reviews', { reason: '核验未通过', validity: '20y' }, [
    { field: 'idFront', filename: 'idFront.jpg', type: 'image/jpeg', data: front },
    { field: 'idBack', filename: 'idBack.jpg', type: 'image/jpeg', data: back },
  ], { Authorization: 'Bearer t' });
  expect(answer).toEqual({ id: 'case-1' });
  const sent = request.mock.calls.at(-1)![0] as { data: ArrayBuffer; header: Record<string, string>; method: string };
  const boundary = /boundary=(.+)$/.exec(sent.header['Content-Type']!)![1]!;
  expect(sent.header.Authorization).toBe('Bearer t');
  const text = Buffer.from(sent.data).toString('latin1');
  const parts = text.split(`--${boundary}`);
  expect(parts.at(-1)).toBe('--\r\n');
  expect(parts.filter((p) => p.includes('filename=')).length).toBe(2);
  expect(text).toContain('Content-Disposition: form-data; name="idBack"; filename="idBack.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0');
  expect(Buffer.from(text, 'latin1').includes(Buffer.from('name="reason"\r\n\r\n核验未通过'))).toBe(true);
});

test('the multipart boundary never occurs inside a part', () => {
  const { contentType, body } = multipartBody({ a: '1' }, [{ field: 'f', filename: 'x.jpg', type: 'image/jpeg', data: bytes(JPEG_HEAD, 100).buffer }]);
  const boundary = contentType.split('boundary=')[1]!;
  expect(Buffer.from(body).toString('latin1').split(boundary).length).toBe(4);
});

test('UTF-8 is written out as TextEncoder would, rare characters included', () => {
  for (const text of ['abc', '核验未通过', '𠮷野·家', 'é€']) expect(Buffer.from(utf8(text))).toEqual(Buffer.from(text, 'utf8'));
});
