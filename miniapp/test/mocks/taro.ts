/** The part of @tarojs/taro the pages use; `request` is driven by test/fake-server.ts. */
import { useEffect } from 'react';

export const request = jest.fn();
export const login = jest.fn(async () => ({ code: 'dev-tester', errMsg: 'login:ok' }));
export const navigateTo = jest.fn(async () => undefined);
export const navigateBack = jest.fn(async () => undefined);
export const getWindowInfo = () => ({ windowWidth: 375, windowHeight: 812 });

/** A page shows once when it mounts. */
export function useDidShow(callback: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(callback, []);
}

export function useLaunch(callback: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(callback, []);
}

export default { request, login, navigateTo, navigateBack, getWindowInfo };
