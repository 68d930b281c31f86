import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/lowdbStore.js';
import { tempPathFor } from '../../src/store/durableJsonFile.js';
import { meta, sampleRequest } from '../store/helpers.js';
import { decideActivity, members, postJson, spawnServer } from './serverProcess.js';

/**
 * The durability order, seen from the kernel: strace follows the real server while it handles one
 * decision, and the trace must show, before the first byte of the HTTP answer is written to the
 * socket: the temp file opened, fsynced, renamed over panel.json, and the folder opened and fsynced.
 *
 * How the answer is found in the trace: just before the decision the test sends a request to an
 * unknown path, whose answer ("HTTP/1.1 404") is a marker in the trace; the decision's answer is the
 * first "HTTP/1.1 200" written after it. The test sends the decision, waits for its answer, and only
 * then reads the trace, so the order of completed syscalls in the trace is the order in time. With
 * -f, a syscall in a libuv worker thread may be split into "<unfinished ...>" and "<... resumed>":
 * a syscall counts at the line where it returned.
 */
interface Call { line: number; pid: string; time: string; name: string; args: string; result: string }

/** The trace's completed syscalls, in the order they returned. */
function parseTrace(text: string): Call[] {
  const calls: Call[] = [];
  const unfinished = new Map<string, { name: string; args: string; time: string }>();
  text.split('\n').forEach((raw, line) => {
    const m = /^(\d+)\s+(\S+)\s+(.*)$/.exec(raw);
    if (!m) return;
    const [, pid, time, rest] = m as unknown as [string, string, string, string];
    const started = /^(\w+)\((.*) <unfinished \.\.\.>$/.exec(rest);
    if (started) {
      unfinished.set(pid, { name: started[1]!, args: started[2]!, time });
      return;
    }
    const resumed = /^<\.\.\. (\w+) resumed>(.*)\)\s+= (.*)$/.exec(rest);
    if (resumed) {
      const begun = unfinished.get(pid);
      unfinished.delete(pid);
      calls.push({ line, pid, time, name: resumed[1]!, args: `${begun?.args ?? ''}${resumed[2]!}`, result: resumed[3]!.trim() });
      return;
    }
    const whole = /^(\w+)\((.*)\)\s+= (.*)$/.exec(rest);
    if (whole) calls.push({ line, pid, time, name: whole[1]!, args: whole[2]!, result: whole[3]!.trim() });
  });
  return calls;
}

function straceWorks(): string | undefined {
  const probe = spawnSync('strace', ['-f', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (probe.error) return `strace is not installed (${(probe.error as NodeJS.ErrnoException).code}); .ci/run installs it`;
  if (probe.status !== 0) return `strace cannot trace here (ptrace not permitted?): ${probe.stderr.trim()}`;
  return undefined;
}

describe('reliability: fsync, rename and folder fsync happen before the answer (strace)', function () {
  this.timeout(60_000);
  let dir: string;

  before(async function () {
    const why = straceWorks();
    if (why) {
      console.log(`      skipped: ${why}`);
      this.skip();
    }
    dir = await mkdtemp(join(tmpdir(), 'panel-strace-'));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a decision is answered only after temp fsync → rename over panel.json → folder fsync', async function () {
    const storePath = join(dir, 'panel.json');
    const seeded = await openStore(storePath);
    const request = await seeded.addRequest(sampleRequest('C-20001'), meta());
    await seeded.close();

    const tracePath = join(dir, 'trace.txt');
    const [member] = members(1);
    const server = await spawnServer({
      storePath,
      env: { PANEL_MEMBERS: member!.aadObjectId, ALLOWED_TENANTS: 'tenant-1' },
      prefix: ['strace', '-f', '-tt', '-s', '32', '-e', 'trace=openat,fsync,fdatasync,rename,renameat,renameat2,write,writev', '-o', tracePath],
    });
    let answer;
    try {
      const marker = await fetch(`${server.url}/trace-marker-before-the-decision`);
      assert.equal(marker.status, 404);
      answer = await postJson(`${server.url}/api/messages`, decideActivity(`${server.url}/`, member!, { requestId: request.id, outcome: 'approve', option: 'proposed' }), null);
    } finally {
      // strace exits with the traced server; SIGKILL to strace alone could leave the server running.
      const tracedPid = Number(/^(\d+)\s/.exec(await readFile(tracePath, 'utf8').catch(() => ''))?.[1]);
      if (tracedPid > 0) {
        try { process.kill(tracedPid, 'SIGKILL'); } catch { /* gone already */ }
      }
      await server.kill();
    }
    assert.equal(answer.status, 200);
    assert.match(JSON.stringify(answer.body), /Approved/);

    const trace = await readFile(tracePath, 'utf8');
    const calls = parseTrace(trace);
    const http = (status: string) => (c: Call) => (c.name === 'write' || c.name === 'writev') && c.args.includes(`"HTTP/1.1 ${status}`);
    const markerAt = calls.findIndex(http('404'));
    assert.ok(markerAt >= 0, 'the marker answer is in the trace');
    const responseAt = calls.findIndex((c, i) => i > markerAt && http('200')(c));
    assert.ok(responseAt > markerAt, 'the decision\'s answer is in the trace');
    const between = calls.slice(markerAt + 1, responseAt);
    const show = () => between.map((c) => `${c.time} ${c.name}(${c.args.slice(0, 90)}) = ${c.result}`).join('\n');

    // The temp file the server (pid = first pid in the trace) writes beside panel.json.
    const tempName = tempPathFor(storePath).replace(/\.\d+\.tmp$/, '.');
    const openTemp = between.findIndex((c) => c.name === 'openat' && c.args.includes(`"${tempName}`) && /O_WRONLY/.test(c.args) && /^\d+$/.test(c.result));
    assert.ok(openTemp >= 0, `the temp file is opened for writing before the answer:\n${show()}`);
    const tempFd = between[openTemp]!.result;
    const fsyncTemp = between.findIndex((c, i) => i > openTemp && (c.name === 'fsync' || c.name === 'fdatasync') && c.args === tempFd && c.result === '0');
    assert.ok(fsyncTemp > openTemp, `the temp file (fd ${tempFd}) is fsynced:\n${show()}`);
    const renameAt = between.findIndex((c, i) => i > fsyncTemp && c.name.startsWith('rename') && c.args.includes(`"${tempName}`) && c.args.includes(`"${storePath}"`) && c.result === '0');
    assert.ok(renameAt > fsyncTemp, `after its fsync, the temp file is renamed over panel.json:\n${show()}`);
    const openDir = between.findIndex((c, i) => i > renameAt && c.name === 'openat' && c.args.includes(`"${dir}"`) && /O_RDONLY/.test(c.args) && /^\d+$/.test(c.result));
    assert.ok(openDir > renameAt, `after the rename, the folder is opened:\n${show()}`);
    const dirFd = between[openDir]!.result;
    const fsyncDir = between.findIndex((c, i) => i > openDir && c.name === 'fsync' && c.args === dirFd && c.result === '0');
    assert.ok(fsyncDir > openDir, `and the folder (fd ${dirFd}) is fsynced, all before the answer is written:\n${show()}`);

    if (process.env.STRACE_VERBOSE) console.log(show());
    const onDisk = JSON.parse(await readFile(storePath, 'utf8')) as { decisions: { requestId: string }[] };
    assert.deepEqual(onDisk.decisions.map((d) => d.requestId), [request.id]);
  });
});
