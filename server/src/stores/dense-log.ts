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
 *
 * Logs of entries that never change also keep blocks: `<stream>#<b>` holds entries b·10+1 … b·10+10, written
 * once by whoever appends the tenth entry (or, if that failed, by the first reader that needs it). A page of 50
 * is then about six reads: five blocks and the newest entries that do not fill a block yet.
 */
import type { Model } from 'mongoose';
import { isDuplicateKey } from './accounts';

export type StreamEntry<T> = { _id: string; n: number; body: T };

/** Streams whose last known top this process remembers; beyond this it starts again from nothing (still correct). */
const TOP_HINTS_MAX = 50_000;
/** Entries in one block. */
export const BLOCK_SIZE = 10;

export const blockIdOf = (stream: string, block: number) => `${stream}#${block}`;

/** `blocks`: keep blocks (only for logs whose entries are never changed after they are appended). */
export function createDenseLog<T>(model: Model<StreamEntry<T>>, options: { blocks: boolean }) {
  const hints = new Map<string, number>();
  const idOf = (stream: string, n: number) => `${stream}:${n}`;
  const blocks = model as unknown as Model<StreamEntry<{ entries: StreamEntry<T>[] }>>;

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

  const readOne = (stream: string, n: number) => model.findById(idOf(stream, n)).lean<StreamEntry<T>>().exec();

  /** The entries of a full block, from its document, or read one by one and then kept as one (if all are there). */
  async function readBlock(stream: string, block: number): Promise<(StreamEntry<T> | null)[]> {
    const kept = await blocks.findById(blockIdOf(stream, block)).lean<StreamEntry<{ entries: StreamEntry<T>[] }>>().exec();
    if (kept) return kept.body.entries;
    const entries = await Promise.all(Array.from({ length: BLOCK_SIZE }, (_, i) => readOne(stream, block * BLOCK_SIZE + i + 1)));
    if (entries.every((e) => e !== null)) {
      await blocks.create({ _id: blockIdOf(stream, block), n: block, body: { entries: entries as StreamEntry<T>[] } }).catch((error: unknown) => {
        if (!isDuplicateKey(error)) throw error;
      });
    }
    return entries;
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
          if (options.blocks && n % BLOCK_SIZE === 0) await readBlock(stream, n / BLOCK_SIZE - 1);
          return n;
        } catch (error) {
          if (!isDuplicateKey(error) || attempt >= 20) throw error;
        }
      }
    },

    /** The entries with these numbers, in that order (null where there is none). */
    async read(stream: string, numbers: number[]): Promise<(StreamEntry<T> | null)[]> {
      return Promise.all(numbers.map((n) => readOne(stream, n)));
    },

    /** Newest first: up to `limit` entries numbered below `before` (default: from the top). */
    async newest(stream: string, limit: number, before?: number): Promise<{ entries: StreamEntry<T>[]; top: number }> {
      const highest = await top(stream);
      const upper = Math.min(highest, (before ?? highest + 1) - 1);
      const lower = Math.max(1, upper - limit + 1);
      if (upper < 1) return { entries: [], top: highest };
      const firstBlock = Math.floor((lower - 1) / BLOCK_SIZE);
      const lastBlock = Math.floor((upper - 1) / BLOCK_SIZE);
      const parts = await Promise.all(Array.from({ length: lastBlock - firstBlock + 1 }, (_, i) => {
        const block = firstBlock + i;
        const end = (block + 1) * BLOCK_SIZE;
        if (options.blocks && end <= highest) return readBlock(stream, block);
        const start = block * BLOCK_SIZE + 1;
        return Promise.all(Array.from({ length: Math.min(end, upper) - start + 1 }, (_, j) => readOne(stream, start + j)));
      }));
      const entries = parts.flat()
        .filter((e): e is StreamEntry<T> => e !== null && e.n >= lower && e.n <= upper)
        .sort((a, b) => b.n - a.n);
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
