import type { FileHandle } from 'node:fs/promises';
import { syncFolder, type StoreFs } from './durableJsonFile.js';

/**
 * The journal file (journal.ts) as the store writes it: lines appended and fsynced, kept open
 * between writes. A failed append is cut back off, so the file holds only acknowledged lines; if
 * even that fails, `clean` turns false and the store rewrites its file before appending again.
 */
export class JournalFile {
  private handle: FileHandle | undefined;
  /** Whether the file holds only whole, acknowledged lines (and may be appended to). */
  clean: boolean;

  constructor(
    readonly path: string,
    private readonly fs: StoreFs,
    /** Bytes of whole lines in the file now. */
    public bytes: number,
    private exists: boolean,
    clean: boolean,
  ) {
    this.clean = clean;
  }

  /** Appends `text` (whole lines) and resolves once it, and the file's entry in its folder, are on disk. */
  async append(text: string): Promise<void> {
    const handle = await this.open();
    try {
      await this.fs.write(handle, text);
      await this.fs.fsync(handle);
      if (!this.exists) await syncFolder(this.fs, this.path);
    } catch (error) {
      try {
        await this.fs.truncate(handle, this.bytes);
      } catch {
        this.clean = false;
      }
      throw error;
    }
    this.exists = true;
    this.bytes += Buffer.byteLength(text);
  }

  /** Empties the file, once the store file holds everything in it. */
  async empty(): Promise<void> {
    if (!this.exists) return;
    this.clean = false;
    const handle = await this.open();
    await this.fs.truncate(handle, 0);
    await this.fs.fsync(handle);
    this.bytes = 0;
    this.clean = true;
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await this.fs.close(handle);
  }

  private async open(): Promise<FileHandle> {
    this.handle ??= await this.fs.open(this.path, 'a');
    return this.handle;
  }
}
