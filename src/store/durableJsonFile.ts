import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { fieldProblems, problemLines } from '../domain/issues.js';
import { StoreError, describeError } from './storeError.js';

/**
 * The file-system calls the store makes, as one object so that a test can stub a full disk
 * (or spy on the order of calls) at this boundary. Defaults to node:fs/promises.
 */
export interface StoreFs {
  readFile(path: string): Promise<string>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  /** 'a' opens for appending (the journal), creating the file. */
  open(path: string, flags: 'w' | 'r' | 'a'): Promise<FileHandle>;
  write(handle: FileHandle, data: string): Promise<void>;
  fsync(handle: FileHandle): Promise<void>;
  truncate(handle: FileHandle, length: number): Promise<void>;
  close(handle: FileHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
}

/** The real file system. The store file is written owner-only: it holds children's case data. */
export const nodeStoreFs: StoreFs = {
  readFile: (path) => fsp.readFile(path, 'utf8'),
  mkdir: async (path) => { await fsp.mkdir(path, { recursive: true }); },
  readdir: (path) => fsp.readdir(path),
  open: (path, flags) => fsp.open(path, flags, 0o600),
  write: async (handle, data) => { await handle.writeFile(data, 'utf8'); },
  fsync: (handle) => handle.sync(),
  truncate: (handle, length) => handle.truncate(length),
  close: (handle) => handle.close(),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
};

/** Temporary files this process writes beside `path` before renaming them over it. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

const TEMP_PATTERN = (name: string) => new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+\\.tmp$`);

/**
 * A lowdb adapter for one JSON file that never leaves it half-written: each write goes to a temporary
 * file in the same folder, which is fsynced, renamed over the file, and the folder fsynced, so the
 * promise resolves only when the new content survives a power cut. Writes are serialised.
 * Reading validates with the schema; a missing file reads as null.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  private tail: Promise<unknown> = Promise.resolve();
  /** The size of the file as last read or written by this adapter, in bytes. */
  bytes = 0;

  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly fs: StoreFs = nodeStoreFs,
    /** Must return exactly `JSON.stringify(data, null, 2)`; a faster equivalent may be passed (see prettyJson.ts). */
    private readonly stringify: (data: T) => string = (data) => JSON.stringify(data, null, 2),
  ) {}

  /** The file's content, validated; null when there is no file. Throws StoreError naming the file. */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.path);
      this.bytes = Buffer.byteLength(text);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreError(`Cannot read the store file ${this.path}: ${describeError(error)}`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new StoreError(`The store file ${this.path} is not valid JSON (${describeError(error)}); it was left untouched — restore it from a backup`, { cause: error });
    }
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) {
      const lines = problemLines(fieldProblems(parsed.error));
      const shown = lines.slice(0, 10).join('; ') + (lines.length > 10 ? `; and ${lines.length - 10} more` : '');
      throw new StoreError(`The store file ${this.path} does not match the store's schema: ${shown}. It was left untouched — fix or restore it`, { cause: parsed.error });
    }
    return parsed.data;
  }

  /** Writes `data` durably. The JSON is taken at the call, so later changes to `data` are not in this write. */
  write(data: T): Promise<void> {
    const text = `${this.stringify(data)}\n`;
    const run = this.tail.then(() => this.writeText(text));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Removes temporary files a crashed earlier process left beside the file (the caller holds the lock). */
  async removeStaleTemps(): Promise<void> {
    const pattern = TEMP_PATTERN(basename(this.path));
    const names = await this.fs.readdir(dirname(this.path)).catch(() => []);
    await Promise.all(names.filter((n) => pattern.test(n)).map((n) => this.fs.unlink(join(dirname(this.path), n)).catch(() => undefined)));
  }

  private async writeText(text: string): Promise<void> {
    const temp = tempPathFor(this.path);
    let handle: FileHandle | undefined;
    try {
      handle = await this.fs.open(temp, 'w');
      await this.fs.write(handle, text);
      await this.fs.fsync(handle);
      const opened = handle;
      handle = undefined;
      await this.fs.close(opened);
      await this.fs.rename(temp, this.path);
    } catch (error) {
      if (handle) await this.fs.close(handle).catch(() => undefined);
      await this.fs.unlink(temp).catch(() => undefined);
      throw error;
    }
    await syncFolder(this.fs, this.path);
    this.bytes = Buffer.byteLength(text);
  }
}

/**
 * Makes the folder's entry for `path` (a rename over it, or its creation) durable. Windows cannot
 * open a folder for fsync; there the entry is as durable as NTFS makes it.
 */
export async function syncFolder(fs: StoreFs, path: string): Promise<void> {
  if (process.platform === 'win32') return;
  const folder = await fs.open(dirname(path), 'r');
  try {
    await fs.fsync(folder);
  } finally {
    await fs.close(folder);
  }
}
