import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { IDENTITY_LOCK_FOLDER } from '../../src/store/identityLock.js';

/**
 * Removes the identity locks (src/store/identityLock.ts) naming files under `dir`: a holder killed
 * with SIGKILL leaves its lock in the shared lock folder, where the test's folder does not take it away.
 */
export async function removeIdentityLocksUnder(dir: string): Promise<void> {
  const names = (await readdir(IDENTITY_LOCK_FOLDER).catch(() => [])).filter((n) => /^placement-panel-\d+-\d+\.lock$/.test(n));
  await Promise.all(names.map(async (name) => {
    const path = join(IDENTITY_LOCK_FOLDER, name);
    const text = await readFile(path, 'utf8').catch(() => '');
    if ((text.split('\n')[1] ?? '').startsWith(`${dir}/`)) await rm(path, { force: true });
  }));
}
