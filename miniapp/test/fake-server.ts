/** Answers Taro.request as the server would, route by route, records what was sent, and renders pages. */
import { act, render } from '@testing-library/react';
import Taro from '@tarojs/taro';
import type { ReactElement } from 'react';

export type Reply = { status: number; body: unknown };
export type Handler = (body: Record<string, unknown>) => Reply | Promise<Reply>;

export const ok = (body: unknown = {}): Reply => ({ status: 200, body });
export const refused = (status: number, code: string, message: string, details?: object): Reply => ({
  status,
  body: { error: { code, message, ...(details ? { details } : {}) } },
});

/** A reply held back until `release` is called, to see a page while its request is in flight. */
export function held(): { handler: Handler; release: (reply: Reply) => void } {
  let release: (reply: Reply) => void = () => undefined;
  const pending = new Promise<Reply>((resolve) => { release = resolve; });
  return { handler: () => pending, release };
}

export type Sent = { path: string; body: Record<string, unknown>; headers: Record<string, string> };

export function fakeServer(routes: Record<string, Handler>): Sent[] {
  const sent: Sent[] = [];
  const request = Taro.request as unknown as jest.Mock;
  request.mockImplementation(async (options: { url: string; method?: string; data: Record<string, unknown>; header: Record<string, string> }) => {
    const path = options.url.replace('http://server.test', '');
    sent.push({ path, body: options.data, headers: options.header });
    // A route may be given per method ("POST /api/v1/me/verification"), or for every method by its path.
    const handler = routes[`${options.method ?? 'GET'} ${path}`] ?? routes[path];
    const reply = handler ? await handler(options.data) : refused(404, 'NOT_FOUND', '请求的内容不存在');
    return { statusCode: reply.status, data: reply.body, header: {}, errMsg: 'request:ok' };
  });
  return sent;
}

/** The routes every WeChat page needs: the session. */
export const session = (bound: boolean): Record<string, Handler> => ({
  '/api/v1/wechat/session': () => ok({ token: 'session-token', bound }),
});

/** Renders a page and lets its session start settle, so later assertions see a quiet page. */
export async function renderPage(page: ReactElement): Promise<void> {
  render(page);
  // A few turns of the microtask queue (not a timer, so it also works under fake timers).
  await act(async () => {
    for (let turn = 0; turn < 10; turn++) await Promise.resolve();
  });
}
