/**
 * Append-only logs made of `_id` point reads, for the review desk and the audit log at scale.
 *
 * FerretDB 1.x (SQLite) pushes down only a filter that is `_id` equality alone: any other filter, sort, range or
 * `$in` reads the whole table, and its updates are read-modify-write in Go, so `$inc` and `$push` lose updates
 * under concurrency (100 concurrent `$inc` of one document left it at 9). What it does keep is the unique `_id`.
 *
 * So a log is a named stream of entries with `_id` `<stream>:<n>`, n = 1, 2, 3, … without gaps: an entry is
 * appended by inserting the next number, and the unique `_id` makes that insert the allocation (two writers
 * that race for the same number: one wins, the other takes the next). The newest number is found by galloping
 * and bisecting over point reads (about 2·log2(n) reads from nothing, one or two from this process's last
 * known top), and a page is a run of point reads. Entries are never deleted, so the numbers stay dense.
 */
import type { Model } from 'mongoose';
import { isDuplicateKey } from './accounts';

export type StreamEntry<T> = { _id: string; n: number; body: T };

/** Streams whose last known top this process remembers; beyond this it starts again from nothing (still correct). */
const TOP_HINTS_MAX = 50_000;

export function createDenseLog<T>(model: Model<StreamEntry<T>>) {
  const hints = new Map<string, number>();
  const idOf = (stream: string, n: number) => `${stream}:${n}`;

  function remember(stream: string, n: number) {
    if ((hints.get(stream) ?? 0) >= n) return;
    if (hints.size >= TOP_HINTS_MAX) hints.clear();
    hints.set(stream, n);
  }

  async function exists(stream: string, n: number): Promise<boolean> {
    return (await model.exists({ _id: idOf(stream, n) })) !== null;
  }

  /** The highest number in the stream (0 when empty). */
  async function top(stream: string): Promise<number> {
    let known = hints.get(stream) ?? 0;
    let step = 1;
    while (await exists(stream, known + step)) {
      known += step;
      step *= 2;
    }
    let missing = known + step;
    while (missing - known > 1) {
      const middle = Math.floor((known + missing) / 2);
      if (await exists(stream, middle)) known = middle;
      else missing = middle;
    }
    remember(stream, known);
    return known;
  }

  return {
    top,

    /** Appends an entry and returns its number. */
    async append(stream: string, body: T): Promise<number> {
      for (let attempt = 0; ; attempt++) {
        const n = (attempt === 0 && hints.has(stream) ? hints.get(stream)! : await top(stream)) + 1;
        // Taken by this process's next caller at once, so concurrent appends here do not race for one number.
        remember(stream, n);
        try {
          await model.create({ _id: idOf(stream, n), n, body });
          return n;
        } catch (error) {
          if (!isDuplicateKey(error) || attempt >= 20) throw error;
        }
      }
    },

    /** The entries with these numbers, in that order (null where there is none). */
    async read(stream: string, numbers: number[]): Promise<(StreamEntry<T> | null)[]> {
      return Promise.all(numbers.map((n) => model.findById(idOf(stream, n)).lean<StreamEntry<T>>().exec()));
    },

    /** Newest first: up to `limit` entries numbered below `before` (default: from the top). */
    async newest(stream: string, limit: number, before?: number): Promise<{ entries: StreamEntry<T>[]; top: number }> {
      const highest = await top(stream);
      const from = Math.min(highest, (before ?? highest + 1) - 1);
      const numbers: number[] = [];
      for (let n = from; n >= 1 && numbers.length < limit; n--) numbers.push(n);
      const entries = (await Promise.all(numbers.map((n) => model.findById(idOf(stream, n)).lean<StreamEntry<T>>().exec())))
        .filter((e): e is StreamEntry<T> => e !== null);
      return { entries, top: highest };
    },

    /** Sets fields of one entry's body; only its single owner writes it (see each caller). */
    async mark(stream: string, n: number, fields: Partial<T>): Promise<void> {
      const set = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`body.${k}`, v]));
      await model.updateOne({ _id: idOf(stream, n) }, { $set: set });
    },
  };
}

export type DenseLog<T> = ReturnType<typeof createDenseLog<T>>;
