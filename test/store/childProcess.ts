import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HOLDER = fileURLToPath(new URL('./fixtures/holdStore.ts', import.meta.url));

export interface Holder {
  child: ChildProcess;
  /** 'ready' once the child holds the store, or the exit code and what it printed. */
  outcome: Promise<{ ready: true } | { ready: false; code: number | null; stderr: string }>;
}

/** A separate Node process that opens the store at `path` and keeps it open. */
export function spawnHolder(path: string): Holder {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, path], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const outcome = new Promise<{ ready: true } | { ready: false; code: number | null; stderr: string }>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve({ ready: true });
    });
    child.on('exit', (code) => resolve({ ready: false, code, stderr }));
  });
  return { child, outcome };
}

/** Kills the child with SIGKILL (no clean-up runs) and waits until it has gone. */
export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
