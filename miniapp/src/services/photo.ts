/**
 * Photos for 人工审核 and other uploads: 请提供清晰的照片…（图片大小小于190KB，格式为JPG或JPEG）
 * (manual 2.3.2). A photo is checked in the app before it is sent; a larger one (or another image format)
 * is re-encoded as JPEG at falling quality and then smaller size, and the applicant is told plainly when
 * even that cannot bring it under the limit without making it unreadable.
 */
import Taro from '@tarojs/taro';

/** 图片大小小于190KB: a file of exactly 190 × 1024 bytes is refused, as the server refuses it. */
export const PHOTO_MAX_BYTES = 190 * 1024 - 1;
/** Below this long side an ID card's text is no longer legible, so the app stops shrinking there. */
export const PHOTO_MIN_LONG_SIDE = 600;
const QUALITIES = [0.92, 0.8, 0.7, 0.6, 0.5];
const SHRINK = 0.8;

export const PHOTO_MESSAGES = {
  notImage: '请选择JPG或JPEG格式的照片',
  tooLarge: '照片压缩后仍不小于190KB，无法上传。请重新拍摄（光线充足、只拍证件或本人手持证件）或选择一张小于190KB的JPG照片。',
  unreadable: '照片读取失败，请重新拍摄或选择',
  compressed: (kb: number) => `照片已自动压缩为JPG格式，${kb}KB，符合小于190KB的要求。请确认照片清晰可辨认。`,
  accepted: (kb: number) => `照片符合要求（JPG格式，${kb}KB）。`,
} as const;

export type PreparedPhoto = {
  data: Blob | ArrayBuffer;
  size: number;
  /** What the applicant sees of it: an object URL on H5, a temporary file in the mini-program. */
  previewUrl: string;
  compressed: boolean;
  /** The outcome in words, for the applicant (and their screen reader). */
  message: string;
};

export class PhotoProblem extends Error {}

export const kilobytes = (bytes: number) => Math.ceil(bytes / 1024);

/** JPEG files start with the SOI marker FF D8 FF, whatever their name says. */
export function isJpeg(head: Uint8Array): boolean {
  return head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff;
}

/** Re-encodes a decoded picture as JPEG at a given scale and quality (canvas on H5). */
export type JpegEncoder = {
  width: number;
  height: number;
  encode: (scale: number, quality: number) => Promise<Blob>;
};

/**
 * The smallest effort that brings the photo under the limit: the best quality first, then smaller sizes,
 * never below PHOTO_MIN_LONG_SIDE. Null when nothing does.
 */
export async function compressToLimit(encoder: JpegEncoder): Promise<Blob | null> {
  const longSide = Math.max(encoder.width, encoder.height);
  for (let scale = Math.min(1, 1600 / longSide); longSide * scale >= PHOTO_MIN_LONG_SIDE; scale *= SHRINK) {
    for (const quality of QUALITIES) {
      const blob = await encoder.encode(scale, quality);
      if (blob.size <= PHOTO_MAX_BYTES) return blob;
    }
  }
  return null;
}

async function canvasEncoder(file: Blob): Promise<JpegEncoder> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new PhotoProblem(PHOTO_MESSAGES.notImage);
  }
  return {
    width: bitmap.width,
    height: bitmap.height,
    encode: (scale, quality) => new Promise<Blob>((resolve, reject) => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      const context = canvas.getContext('2d');
      if (!context) {
        reject(new PhotoProblem(PHOTO_MESSAGES.unreadable));
        return;
      }
      // JPEG has no transparency: a white ground, not black, under a transparent PNG.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new PhotoProblem(PHOTO_MESSAGES.unreadable))), 'image/jpeg', quality);
    }),
  };
}

/** The first bytes of a file, with FileReader: older WeChat web views lack Blob.arrayBuffer. */
function readHead(file: Blob, length: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(new PhotoProblem(PHOTO_MESSAGES.unreadable));
    reader.readAsArrayBuffer(file.slice(0, length));
  });
}

/** H5: a file from <input type="file"> (camera or album). */
export async function prepareWebPhoto(file: Blob, makeEncoder: (file: Blob) => Promise<JpegEncoder> = canvasEncoder): Promise<PreparedPhoto> {
  const head = await readHead(file, 3);
  if (isJpeg(head) && file.size <= PHOTO_MAX_BYTES) {
    return { data: file, size: file.size, previewUrl: URL.createObjectURL(file), compressed: false, message: PHOTO_MESSAGES.accepted(kilobytes(file.size)) };
  }
  const compressed = await compressToLimit(await makeEncoder(file));
  if (!compressed) throw new PhotoProblem(PHOTO_MESSAGES.tooLarge);
  return {
    data: compressed,
    size: compressed.size,
    previewUrl: URL.createObjectURL(compressed),
    compressed: true,
    message: PHOTO_MESSAGES.compressed(kilobytes(compressed.size)),
  };
}

function readFile(path: string): ArrayBuffer {
  const data = Taro.getFileSystemManager().readFileSync(path);
  if (typeof data === 'string') throw new PhotoProblem(PHOTO_MESSAGES.unreadable);
  return data;
}

/** Mini-program: a temporary file from Taro.chooseMedia; Taro.compressImage re-encodes it as JPEG. */
export async function prepareMiniappPhoto(tempFilePath: string): Promise<PreparedPhoto> {
  const original = readFile(tempFilePath);
  if (isJpeg(new Uint8Array(original, 0, Math.min(3, original.byteLength))) && original.byteLength <= PHOTO_MAX_BYTES) {
    return { data: original, size: original.byteLength, previewUrl: tempFilePath, compressed: false, message: PHOTO_MESSAGES.accepted(kilobytes(original.byteLength)) };
  }
  for (const width of [1600, 1280, 1024, 800, PHOTO_MIN_LONG_SIDE]) {
    for (const quality of [80, 60, 40]) {
      const { tempFilePath: path } = await Taro.compressImage({ src: tempFilePath, quality, compressedWidth: width });
      const data = readFile(path);
      if (isJpeg(new Uint8Array(data, 0, Math.min(3, data.byteLength))) && data.byteLength <= PHOTO_MAX_BYTES) {
        return { data, size: data.byteLength, previewUrl: path, compressed: true, message: PHOTO_MESSAGES.compressed(kilobytes(data.byteLength)) };
      }
    }
  }
  throw new PhotoProblem(PHOTO_MESSAGES.tooLarge);
}
