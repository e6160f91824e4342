/**
 * multipart/form-data requests with several files in one request, on both targets. The browser builds
 * the body itself (FormData + fetch). In the mini-program `Taro.uploadFile` sends one file only, so the
 * body is assembled here as bytes and sent with `Taro.request`.
 */
import Taro from '@tarojs/taro';
import { ApiError, NETWORK_MESSAGE, resultOf } from './http';

/** A file ready to send: its bytes (a Blob on H5, an ArrayBuffer in the mini-program). */
export type UploadFile = { field: string; filename: string; type: string; data: Blob | ArrayBuffer };

export type MultipartBody = { contentType: string; body: ArrayBuffer };

/** UTF-8 bytes of a text, written out: the mini-program's JavaScript has no TextEncoder on older base libraries. */
export function utf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return new Uint8Array(bytes);
}

/** Quotes a form name or filename for a Content-Disposition header (RFC 7578: escape quotes, no line breaks). */
function quoted(value: string): string {
  return `"${value.replace(/[\r\n]/g, ' ').replace(/"/g, '%22')}"`;
}

/** The multipart body as bytes, with a boundary that appears in none of the parts. */
export function multipartBody(fields: Record<string, string>, files: Array<UploadFile & { data: ArrayBuffer }>): MultipartBody {
  const boundary = `----jszg${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  const chunks: Uint8Array[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(utf8(`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(utf8(`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(file.field)}; filename=${quoted(file.filename)}\r\nContent-Type: ${file.type}\r\n\r\n`));
    chunks.push(new Uint8Array(file.data));
    chunks.push(utf8('\r\n'));
  }
  chunks.push(utf8(`--${boundary}--\r\n`));
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: body.buffer };
}

async function viaFetch(path: string, fields: Record<string, string>, files: UploadFile[], headers: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) {
    const blob = file.data instanceof Blob ? file.data : new Blob([file.data], { type: file.type });
    form.append(file.field, blob, file.filename);
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, { method: 'POST', body: form, headers, credentials: 'same-origin' });
  } catch {
    throw new ApiError('NETWORK', NETWORK_MESSAGE);
  }
  const data: unknown = await response.json().catch(() => null);
  return { statusCode: response.status, data };
}

async function viaRequest(path: string, fields: Record<string, string>, files: UploadFile[], headers: Record<string, string>) {
  const bytes = files.map((file) => {
    if (file.data instanceof ArrayBuffer) return { ...file, data: file.data };
    throw new ApiError('UPLOAD_INVALID', '照片读取失败，请重新选择');
  });
  const { contentType, body } = multipartBody(fields, bytes);
  try {
    const response = await Taro.request({
      url: `${API_BASE}${path}`,
      method: 'POST',
      data: body,
      header: { ...headers, 'Content-Type': contentType },
      dataType: 'json',
    });
    return { statusCode: response.statusCode, data: response.data as unknown };
  } catch {
    throw new ApiError('NETWORK', NETWORK_MESSAGE);
  }
}

/** POST a form with its files; the answer as `requestJson` gives it (the body, or an ApiError). */
export async function postMultipart<T>(
  path: string, fields: Record<string, string>, files: UploadFile[], headers: Record<string, string> = {},
): Promise<T> {
  const send = process.env.TARO_ENV === 'h5' ? viaFetch : viaRequest;
  const { statusCode, data } = await send(path, fields, files, headers);
  return resultOf<T>(statusCode, data);
}
