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

/** Taro storage, kept in memory for the test file. */
export const storage = new Map<string, unknown>();
export const getStorageSync = jest.fn((key: string) => (storage.has(key) ? storage.get(key) : ''));
export const setStorageSync = jest.fn((key: string, value: unknown) => { storage.set(key, value); });
export const removeStorageSync = jest.fn((key: string) => { storage.delete(key); });
export const redirectTo = jest.fn(async () => undefined);
export const reLaunch = jest.fn(async () => undefined);
export const getFileSystemManager = jest.fn();
export const compressImage = jest.fn();
export const chooseMedia = jest.fn();

/** The page address's query, as Taro's router gives it; tests set it before rendering a page. */
export const routerParams: Record<string, string> = {};
export const useRouter = jest.fn(() => ({ params: routerParams, path: '' }));

export default {
  useRouter,
  request, login, navigateTo, navigateBack, redirectTo, reLaunch, getWindowInfo,
  getStorageSync, setStorageSync, removeStorageSync, getFileSystemManager, compressImage, chooseMedia,
};
