/** GET /api/v1/meta: the reference data the forms are built from (validity choices per document type, 民族…). */
import { requestJson } from './http';

export type Meta = {
  idTypes: Array<{ value: string; label: string; validities: string[] }>;
  regions: Array<{ value: string; label: string }>;
  validities: Array<{ value: string; label: string }>;
  ethnicGroups: string[];
  genders: Array<{ value: string; label: string }>;
  codes: { length: number; ttlSeconds: number; smsPerPhonePerDay: number };
  uploads: { maxBytes: number; formats: string[] };
};

let cached: Promise<Meta> | null = null;

/** Loaded once per visit; a failed load is tried again on the next call. */
export function loadMeta(): Promise<Meta> {
  cached ??= requestJson<Meta>('GET', '/api/v1/meta').catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

export function forgetMeta(): void {
  cached = null;
}
