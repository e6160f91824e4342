/** Day boundaries, quotas and periods are in Asia/Shanghai time (UTC+8, no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function shanghaiDate(at: Date = new Date()): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Seconds from `at` until the next Asia/Shanghai midnight. */
export function secondsUntilShanghaiMidnight(at: Date = new Date()): number {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  const nextMidnight = Math.floor(local / 86_400_000 + 1) * 86_400_000;
  return Math.ceil((nextMidnight - local) / 1000);
}
