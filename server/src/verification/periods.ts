/** The two manual-review periods a year, 1 Jan–31 Aug and 1 Sep–31 Dec, on Asia/Shanghai dates. */
import { shanghaiDate } from '../../../shared/src/dates';

export type ReviewPeriod = { from: string; to: string; start: Date; end: Date };

const shanghaiMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`);

export function reviewPeriodOf(at: Date = new Date()): ReviewPeriod {
  const today = shanghaiDate(at);
  const year = Number(today.slice(0, 4));
  const firstHalf = today <= `${year}-08-31`;
  const from = firstHalf ? `${year}-01-01` : `${year}-09-01`;
  const to = firstHalf ? `${year}-08-31` : `${year}-12-31`;
  const end = firstHalf ? `${year}-09-01` : `${year + 1}-01-01`;
  return { from, to, start: shanghaiMidnight(from), end: shanghaiMidnight(end) };
}
