/** JSON requests to the server, turning its error envelope { error: { code, message, details } } into ApiError. */
import Taro from '@tarojs/taro';

export type ErrorDetails = { fields?: Record<string, string> } & Record<string, unknown>;

/** A refusal from the server (or the network), carrying the Chinese message to show as it is. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }
}

export const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';
const UNEXPECTED_MESSAGE = '系统繁忙，请稍后再试';

type ErrorEnvelope = { error: { code: string; message: string; details?: ErrorDetails } };

function isErrorEnvelope(body: unknown): body is ErrorEnvelope {
  const error = (body as { error?: unknown } | null)?.error as { code?: unknown; message?: unknown } | undefined;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

export function asApiError(thrown: unknown): ApiError {
  return thrown instanceof ApiError ? thrown : new ApiError('NETWORK', NETWORK_MESSAGE);
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The server's answer as the pages use it: the body on 2xx, an ApiError with its Chinese message otherwise. */
export function resultOf<T>(statusCode: number, data: unknown): T {
  if (statusCode >= 200 && statusCode < 300) return data as T;
  if (isErrorEnvelope(data)) throw new ApiError(data.error.code, data.error.message, statusCode, data.error.details);
  throw new ApiError('UNEXPECTED', UNEXPECTED_MESSAGE, statusCode);
}

export async function requestJson<T>(
  method: Method, path: string, body?: object, headers: Record<string, string> = {},
): Promise<T> {
  let response: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject | ArrayBuffer>;
  try {
    response = await Taro.request({
      url: `${API_BASE}${path}`,
      method,
      ...(body === undefined ? {} : { data: body }),
      header: { 'Content-Type': 'application/json', ...headers },
      dataType: 'json',
    });
  } catch {
    throw new ApiError('NETWORK', NETWORK_MESSAGE);
  }
  return resultOf<T>(response.statusCode, response.data);
}

export function postJson<T>(path: string, body: object, headers: Record<string, string> = {}): Promise<T> {
  return requestJson<T>('POST', path, body, headers);
}
