import { basename, dirname, join } from 'node:path';
import { syncFolder, type StoreFs } from './durableJsonFile.js';

/**
 * The partial last line of a journal (a "torn tail"): a write cut short. A crash mid-append leaves
 * one that was never acknowledged; a journal cut short some other way (a restore, a disk fault)
 * leaves one that was. Either way the store cannot apply it, so it says what it drops, keeps the
 * bytes beside the journal, and never issues again an id it finds in them (recordIds.ts reserveIds).
 */
export interface TornTail {
  bytes: number;
  /** The change number, when the line's start survived. */
  seq?: number | undefined;
  /** The kind of change ("requests", "decision", ...), when readable. */
  kind?: string | undefined;
  /** Ids of records the line was adding: request, decision, event and governance ids only, never other text. */
  ids: string[];
  /** Request counters (year → last number) the line carried, when readable. */
  counters: Record<string, number>;
}

const RECORD_ID = /"id":"(PR-\d{4}-\d{4,}|D-\d+|E-\d+|G-\d+)"/g;

export function readTornTail(text: string): TornTail {
  const seq = /^\{"seq":(\d+)/.exec(text)?.[1];
  const counters: Record<string, number> = {};
  const carried = /"counters":\{([^}]*)\}/.exec(text)?.[1] ?? '';
  for (const [, year, n] of carried.matchAll(/"(\d{4})":(\d+)/g)) counters[year!] = Number(n);
  return {
    bytes: Buffer.byteLength(text),
    seq: seq === undefined ? undefined : Number(seq),
    kind: /^\{"seq":\d+,"op":\{"kind":"(\w+)"/.exec(text)?.[1],
    ids: [...new Set([...text.matchAll(RECORD_ID)].map((m) => m[1]!))],
    counters,
  };
}

/** What was dropped, for a log line or a report: sizes, numbers and ids, nothing a person wrote. */
export function describeTornTail(tail: TornTail): string {
  const what = tail.seq === undefined ? 'an unreadable change' : `change ${tail.seq}${tail.kind ? ` (${tail.kind})` : ''}`;
  const ids = tail.ids.length > 0 ? `ids in it: ${tail.ids.join(', ')}` : 'no record id could be read in it';
  return `${tail.bytes} bytes of ${what}, ${ids}`;
}

const tornPrefix = (journalPath: string) => `${basename(journalPath)}.torn-`;

/** The files beside the journal that hold torn tails kept at earlier starts. */
export async function tornFilesBeside(journalPath: string, fs: StoreFs): Promise<string[]> {
  const names = await fs.readdir(dirname(journalPath)).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(tornPrefix(journalPath))).sort().map((n) => join(dirname(journalPath), n));
}

/**
 * Writes the torn tail to `<journal>.torn-<time>` (owner only: it holds case data) and makes it
 * durable, before the store's first write rewrites the journal without it. A start that finds the
 * same tail already kept (a restart before any write) keeps no second copy. Resolves to the file.
 */
export async function keepTornTail(journalPath: string, text: string, now: Date, fs: StoreFs): Promise<string> {
  for (const kept of await tornFilesBeside(journalPath, fs)) {
    if (await fs.readFile(kept).catch(() => undefined) === text) return kept;
  }
  const path = join(dirname(journalPath), `${tornPrefix(journalPath)}${now.toISOString().replace(/:/g, '-')}`);
  const handle = await fs.open(path, 'w');
  try {
    await fs.write(handle, text);
    await fs.fsync(handle);
  } finally {
    await fs.close(handle);
  }
  await syncFolder(fs, path);
  return path;
}
