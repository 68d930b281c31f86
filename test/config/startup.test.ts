import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The real entry point (`src/index.ts` under tsx), run in an empty folder so that no developer's
 * .env is read; resolves when it exits, or when `until` matches its output: `whileRunning` is then
 * called with the output so far, and the process stopped.
 */
export async function runEntry(env: Record<string, string>, until?: RegExp, whileRunning?: (stdout: string) => Promise<void>): Promise<Run> {
  const dir = await mkdtemp(join(tmpdir(), 'panel-start-'));
  const child = spawn(process.execPath, ['--import', TSX, ENTRY], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', STORE_PATH: join(dir, 'panel.json'), PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const matched = new Promise<void>((resolve) => {
    const check = () => { if (until?.test(stdout)) resolve(); };
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); check(); });
  });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    const first = await Promise.race([exited.then((code) => ({ code })), matched.then(() => undefined)]);
    if (first) return { code: first.code, stdout, stderr };
    try {
      await whileRunning?.(stdout);
    } finally {
      child.kill('SIGTERM');
    }
    return { code: await exited, stdout, stderr };
  } finally {
    clearTimeout(timer);
    await rm(dir, { recursive: true, force: true });
  }
}

describe('starting the process (src/index.ts)', function () {
  this.timeout(30_000);

  it('with an app id and ALLOWED_TENANTS empty, stops with exit code 2 and a message naming ALLOWED_TENANTS', async () => {
    const run = await runEntry({
      MicrosoftAppId: '3f6a1c2e-8d4b-4f1a-9c7e-5b2d0a9e1f00', MicrosoftAppPassword: 'not-a-real-secret-value',
      MicrosoftAppType: 'MultiTenant', PANEL_MEMBERS: 'aad-member-a', ALLOWED_TENANTS: '',
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^\s*ALLOWED_TENANTS: is required when MicrosoftAppId is set/m);
    assert.doesNotMatch(run.stdout, /listening/, 'it never listened');
  });

  it('in local mode with HOST unset, listens on 127.0.0.1 only and says so, with why', async () => {
    // Another address of this machine, if it has one, must not reach the server.
    const other = Object.values(networkInterfaces()).flat().find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    let fromOutside: string | undefined;
    const run = await runEntry({ MicrosoftAppId: '', HOST: '' }, /placement panel bot listening/, async (stdout) => {
      const port = /"url":"http:\/\/[^:]+:(\d+)/.exec(stdout)?.[1];
      assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'reachable on loopback');
      if (other) fromOutside = await fetch(`http://${other}:${port}/healthz`).then((r) => `answered ${r.status}`, (e: Error & { cause?: { code?: string } }) => e.cause?.code ?? e.message);
    });
    const line = run.stdout.split('\n').find((l) => l.includes('placement panel bot listening'));
    assert.ok(line, `no listening line: ${run.stdout}${run.stderr}`);
    const logged = JSON.parse(line) as { url: string; host: string; why: string; msg: string };
    assert.equal(logged.host, '127.0.0.1');
    assert.match(logged.msg, /listening on 127\.0\.0\.1/);
    assert.match(logged.why, /local mode .*without authentication/);
    assert.match(logged.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/messages$/);
    if (other) assert.equal(fromOutside, 'ECONNREFUSED', `from ${other}`);
  });
});
