import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/lowdbStore.js';
import { journalPathFor } from '../../src/store/journal.js';
import { meta, sampleRequest, storeOnDisk } from '../store/helpers.js';
import { decideActivity, members, postJson, spawnServer } from './serverProcess.js';

/**
 * The durability order, seen from the kernel: strace follows the real server while it handles
 * decisions, and the trace must show, before the first byte of each HTTP answer is written to the
 * socket, the decision appended to the store's journal and the journal fsynced; and, for the first
 * decision (which creates the journal), the folder opened and fsynced too, so the new file's entry
 * survives a power cut. (Rewriting the store file itself — temp file, fsync, rename, folder fsync —
 * is ordered the same way and checked at the file-system boundary in test/store/durableJsonFile.)
 *
 * How an answer is found in the trace: just before each decision the test sends a request to an
 * unknown path, whose answer ("HTTP/1.1 404") is a marker in the trace; the decision's answer is the
 * first "HTTP/1.1 200" written after it. The test sends the decisions, waits for their answers, and
 * only then reads the trace, so the order of completed syscalls in the trace is the order in time.
 * With -f, a syscall in a libuv worker thread may be split into "<unfinished ...>" and
 * "<... resumed>": a syscall counts at the line where it returned.
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

describe('reliability: the journal and its folder are fsynced before the answer (strace)', function () {
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

  it('a decision is answered only after its journal line is fsynced (and, for a new journal, its folder)', async function () {
    const storePath = join(dir, 'panel.json');
    const journal = journalPathFor(storePath);
    const seeded = await openStore(storePath);
    const requests = await seeded.addRequests([sampleRequest('C-20001'), sampleRequest('C-20002')].map((data) => ({ data, meta: meta() })));
    await seeded.close();
    // Closing folded everything into panel.json; without a journal, the first decision creates one.
    await rm(journal);

    const tracePath = join(dir, 'trace.txt');
    const [member] = members(1);
    const server = await spawnServer({
      storePath,
      env: { PANEL_MEMBERS: member!.aadObjectId, ALLOWED_TENANTS: 'tenant-1' },
      prefix: ['strace', '-f', '-tt', '-s', '32', '-e', 'trace=openat,fsync,fdatasync,rename,renameat,renameat2,write,writev', '-o', tracePath],
    });
    const answers = [];
    try {
      for (const [i, request] of requests.entries()) {
        const marker = await fetch(`${server.url}/trace-marker-${i}`);
        assert.equal(marker.status, 404);
        answers.push(await postJson(`${server.url}/api/messages`, decideActivity(`${server.url}/`, member!, { requestId: request.id, outcome: 'approve', option: 'proposed' }), null));
      }
    } finally {
      // strace exits with the traced server; SIGKILL to strace alone could leave the server running.
      const tracedPid = Number(/^(\d+)\s/.exec(await readFile(tracePath, 'utf8').catch(() => ''))?.[1]);
      if (tracedPid > 0) {
        try { process.kill(tracedPid, 'SIGKILL'); } catch { /* gone already */ }
      }
      // strace writes out the rest of the trace and exits once the traced server is gone; killing it
      // sooner (on a busy machine it lags behind) would cut the trace short.
      if (server.child.exitCode === null && server.child.signalCode === null) {
        await Promise.race([new Promise((resolve) => server.child.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      await server.kill();
    }
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.match(JSON.stringify(answer.body), /Approved/);
    }

    const calls = parseTrace(await readFile(tracePath, 'utf8'));
    const http = (status: string) => (c: Call) => (c.name === 'write' || c.name === 'writev') && c.args.includes(`"HTTP/1.1 ${status}`);
    const decisionCalls = (from: number) => {
      const markerAt = calls.findIndex((c, i) => i >= from && http('404')(c));
      assert.ok(markerAt >= 0, 'the marker answer is in the trace');
      const responseAt = calls.findIndex((c, i) => i > markerAt && http('200')(c));
      assert.ok(responseAt > markerAt, 'the decision\'s answer is in the trace');
      return { between: calls.slice(markerAt + 1, responseAt), end: responseAt };
    };
    const shown = (between: Call[]) => between.map((c) => `${c.time} ${c.name}(${c.args.slice(0, 90)}) = ${c.result}`).join('\n');

    // The first decision: the journal created, written, fsynced, then its folder fsynced; and the
    // decision's own line written and fsynced, all before the answer. (Its first line may be the roles
    // in force, which the first decision of an instance records just before itself.)
    const first = decisionCalls(0);
    const show = () => shown(first.between);
    const openJournal = first.between.findIndex((c) => c.name === 'openat' && c.args.includes(`"${journal}"`) && /O_CREAT/.test(c.args) && /O_APPEND/.test(c.args) && /^\d+$/.test(c.result));
    assert.ok(openJournal >= 0, `the journal is created for appending before the answer:\n${show()}`);
    const fd = first.between[openJournal]!.result;
    const firstLine = first.between.findIndex((c, i) => i > openJournal && c.name === 'write' && c.args.startsWith(`${fd}, "{\\"seq\\":`));
    const synced = first.between.findIndex((c, i) => i > firstLine && (c.name === 'fsync' || c.name === 'fdatasync') && c.args === fd && c.result === '0');
    assert.ok(firstLine > openJournal && synced > firstLine, `the journal (fd ${fd}) is fsynced after its first write:\n${show()}`);
    const openDir = first.between.findIndex((c, i) => i > synced && c.name === 'openat' && c.args.includes(`"${dir}"`) && /O_RDONLY/.test(c.args) && /^\d+$/.test(c.result));
    assert.ok(openDir > synced, `then the folder is opened:\n${show()}`);
    const dirFd = first.between[openDir]!.result;
    const dirSynced = first.between.findIndex((c, i) => i > openDir && c.name === 'fsync' && c.args === dirFd && c.result === '0');
    assert.ok(dirSynced > openDir, `and the folder (fd ${dirFd}) is fsynced, all before the answer is written:\n${show()}`);
    const appended = first.between.findIndex((c, i) => i > openJournal && c.name === 'write' && c.args.startsWith(`${fd}, "{\\"seq\\":`) && /decision/.test(c.args));
    const decisionSynced = first.between.findIndex((c, i) => i > appended && (c.name === 'fsync' || c.name === 'fdatasync') && c.args === fd && c.result === '0');
    assert.ok(appended > openJournal && decisionSynced > appended, `the decision is written to the journal (fd ${fd}) and fsynced before the answer:\n${show()}`);

    // The second: appended to the open journal and fsynced; the folder entry is durable already.
    const second = decisionCalls(first.end + 1);
    const write2 = second.between.findIndex((c) => c.name === 'write' && c.args.startsWith(`${fd}, "{\\"seq\\":`));
    const sync2 = second.between.findIndex((c, i) => i > write2 && (c.name === 'fsync' || c.name === 'fdatasync') && c.args === fd && c.result === '0');
    assert.ok(write2 >= 0 && sync2 > write2, `the second decision is appended and fsynced before its answer:\n${shown(second.between)}`);

    if (process.env.STRACE_VERBOSE) console.log(`${show()}\n--\n${shown(second.between)}`);
    const onDisk = await storeOnDisk(storePath);
    assert.deepEqual(onDisk.decisions.map((d) => d.requestId), requests.map((r) => r.id));
  });
});
