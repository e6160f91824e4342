/**
 * 长辈版 (large-text mode, MIIT 适老化 specifications): chosen from any page's header, remembered in Taro
 * storage so that every page and the next visit open in the mode the applicant chose.
 */
import Taro from '@tarojs/taro';
import { useSyncExternalStore } from 'react';

const STORAGE_KEY = 'jszg.display.large';
const listeners = new Set<() => void>();
let large: boolean | null = null;

function read(): boolean {
  if (large === null) {
    try {
      large = Taro.getStorageSync(STORAGE_KEY) === true;
    } catch {
      large = false;
    }
  }
  return large;
}

export function isLargeText(): boolean {
  return read();
}

export function setLargeText(value: boolean): void {
  large = value;
  Taro.setStorageSync(STORAGE_KEY, value);
  listeners.forEach((listener) => listener());
}

/** Tests start each page from the stored value again. */
export function forgetDisplayMode(): void {
  large = null;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLargeText(): [boolean, (value: boolean) => void] {
  return [useSyncExternalStore(subscribe, read, read), setLargeText];
}
