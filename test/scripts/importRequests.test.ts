import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { importFile, importReport } from '../../scripts/importRequests.js';
import { requestsFromCsv } from '../../src/exports/requestsCsv.js';
import { sampleRequest } from '../support/botHarness.js';
import { diskBytes, storeOnDisk } from '../store/helpers.js';

describe('npm run import (bulk import of a council\'s high-cost list)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'panel-import-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('imports every row in one go', async () => {
    const file = join(dir, 'rows.json');
    await writeFile(file, JSON.stringify([sampleRequest(), sampleRequest({ childRef: 'C-2' + '0001' })]));
    const result = await importFile(file, join(dir, 'panel.json'));
    assert.ok(result.ok);
    assert.match(importReport(result), /Imported 2 request\(s\): PR-\d{4}-0001, PR-\d{4}-0002/);
    const stored = await storeOnDisk(join(dir, 'panel.json'));
    assert.deepEqual(stored.requests.map((r) => r.receivedVia), ['import', 'import']);
  });

  it('imports nothing when a row is bad, reporting rows by index and field', async () => {
    const storePath = join(dir, 'panel.json');
    const first = join(dir, 'first.json');
    await writeFile(first, JSON.stringify([sampleRequest()]));
    assert.ok((await importFile(first, storePath)).ok);
    const before = await diskBytes(storePath);
    const file = join(dir, 'rows.json');
    await writeFile(file, JSON.stringify([sampleRequest({ childRef: 'C-20001' }), sampleRequest({ kind: 'sideways' }), sampleRequest({ proposed: { type: 'ifa' } })]));
    const result = await importFile(file, storePath);
    assert.equal(result.ok, false);
    const report = importReport(result);
    assert.match(report, /row 1: kind: must be "new" or "change"/);
    assert.match(report, /row 2: proposed\.weeklyCost/);
    assert.doesNotMatch(report, /row 0/);
    assert.deepEqual(await diskBytes(storePath), before, 'nothing already stored is touched');
  });

  it('runs as a command and exits 1 with the report on bad rows', async () => {
    const file = join(dir, 'rows.json');
    await writeFile(file, JSON.stringify([{ childRef: 'C-1' }]));
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/importRequests.ts', file, '--store', join(dir, 'p.json')]);
    await assert.rejects(run, (err: { code: number; stdout: string }) => err.code === 1 && /row 0: kind/.test(err.stdout));
  });
});

describe('npm run import with a CSV (a spreadsheet of requests)', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'panel-import-csv-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  /** A CSV with the headers of the first row, as a spreadsheet would save it. */
  function csv(rows: readonly Record<string, string>[], extraLines: Record<number, string> = {}): string {
    const headers = Object.keys(rows[0]!);
    const lines = stringify([headers, ...rows.map((r) => headers.map((h) => r[h] ?? ''))], { record_delimiter: 'windows' }).split('\r\n');
    for (const [at, line] of Object.entries(extraLines)) lines.splice(Number(at), 0, line);
    return lines.join('\r\n');
  }

  /** A good row: the first sample request, under another case reference. */
  function row(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      childRef: 'C-1001', ageYears: '14', kind: 'new', needsSummary: 'Placement breakdown', needEmotionalWellbeing: '3', needBehaviour: '4',
      proposedType: 'residential', proposedProvider: 'Provider A', proposedWeeklyCost: '6108.00', proposedStartDate: '2027-01-04',
      proposedSocialCare: '', proposedHealth: '', proposedEducation: '',
      alt1Label: 'In-house foster care', alt1Type: 'in_house_fostering', alt1WeeklyCost: '1200.00',
      requestedBy: 'placements team', reason: 'No in-house match today', ...overrides,
    };
  }

  async function importText(text: string, storePath = join(dir, 'panel.json')) {
    const file = join(dir, 'rows.csv');
    await writeFile(file, text);
    return importFile(file, storePath);
  }

  it('reads the sample CSV as the same requests as the sample JSON, and imports it', async () => {
    const fromCsv = requestsFromCsv(await readFile('docs/sample-requests.csv', 'utf8'));
    const json = JSON.parse(await readFile('docs/sample-requests.json', 'utf8')) as unknown[];
    assert.deepEqual(fromCsv.problems, []);
    assert.equal(json.length, 12);
    assert.deepEqual(fromCsv.requests.map((r) => r.request), json);
    assert.deepEqual(fromCsv.requests.map((r) => r.row), Array.from({ length: 12 }, (_, i) => i + 2), 'the first request is row 2, under the header');
    const storePath = join(dir, 'panel.json');
    const result = await importFile('docs/sample-requests.csv', storePath);
    assert.ok(result.ok, importReport(result));
    const stored = await storeOnDisk(storePath);
    assert.deepEqual(stored.requests.map((r) => r.childRef), (json as { childRef: string }[]).map((r) => r.childRef));
    assert.ok(stored.requests.every((r) => !/^[A-Z][a-z]+ [A-Z][a-z]+$/.test(r.childRef)), 'case references, no names');
  });

  it('reads dates as a spreadsheet saved in England writes them, and leaves alternatives not filled in out', async () => {
    const result = await importText(csv([row({ proposedStartDate: '04/01/2027', alt1Label: '', alt1Type: '', alt1WeeklyCost: '', proposedSocialCare: '80', proposedHealth: '20' })]));
    assert.ok(result.ok, importReport(result));
    const [stored] = (await storeOnDisk(join(dir, 'panel.json'))).requests;
    assert.equal(stored!.proposed.startDate, '2027-01-04');
    assert.deepEqual(stored!.alternatives, []);
    assert.deepEqual(stored!.proposed.funding, { socialCare: 80, health: 20, education: 0 });
  });

  it('takes urgency, a decide-by date and an emergency placement already made, and names a bad yes/no by its column', async () => {
    const result = await importText(csv([
      row({ urgency: 'urgent', decideBy: '20/12/2026', alreadyPlaced: '' }),
      row({ childRef: 'C-1002', urgency: 'emergency', decideBy: '', alreadyPlaced: 'Yes', proposedStartDate: '2026-11-20' }),
    ]));
    assert.ok(result.ok, importReport(result));
    const stored = (await storeOnDisk(join(dir, 'panel.json'))).requests;
    assert.deepEqual(stored.map((r) => [r.urgency, r.decideBy, r.alreadyPlaced]), [['urgent', '2026-12-20', undefined], ['emergency', undefined, true]]);
    const bad = await importText(csv([row({ childRef: 'C-1003', urgency: 'soonish', alreadyPlaced: 'maybe' })]), join(dir, 'other.json'));
    assert.equal(bad.ok, false);
    const report = importReport(bad);
    assert.match(report, /row 2, urgency: must be one of: /);
    assert.match(report, /row 2, alreadyPlaced: must be true or false/);
  });

  it('names a bad row by the number the spreadsheet shows and the column by its header, and stores nothing', async () => {
    const storePath = join(dir, 'panel.json');
    assert.ok((await importText(csv([row({ childRef: 'C-9000' })]), storePath)).ok);
    const before = await diskBytes(storePath);
    const text = csv([
      row({ childRef: 'C-2001', reason: 'Two lines\nin one cell' }),
      row({ childRef: 'C-2002', proposedWeeklyCost: '-100', alt1WeeklyCost: '12.345' }),
      row({ childRef: 'C-2003', proposedSocialCare: '50', proposedHealth: '20' }),
      row({ childRef: 'C-2004', kind: 'sideways', ageYears: 'fourteen' }),
    ], { 3: '' });
    const result = await importText(text, storePath);
    assert.equal(result.ok, false);
    const report = importReport(result);
    // Row 2 holds a cell of two lines and is still one row; a blank line (row 4) counts as a row.
    assert.match(report, /^row 3, proposedWeeklyCost: must not be negative$/m);
    assert.match(report, /^row 3, alt1WeeklyCost: "12\.345" has more than two decimal places/m);
    assert.match(report, /^row 5, proposedSocialCare \/ proposedHealth \/ proposedEducation: shares of socialCare, health and education must add up to 100$/m);
    assert.match(report, /^row 6, kind: must be "new" or "change"$/m);
    assert.match(report, /^row 6, ageYears: /m);
    assert.match(report, /Nothing imported: 3 row\(s\) rejected/);
    assert.doesNotMatch(report, /row 2[,:]/);
    assert.deepEqual(await diskBytes(storePath), before, 'nothing already stored is touched');
  });

  it('reports a child twice in the list, and a child already waiting in the store, by row', async () => {
    const storePath = join(dir, 'panel.json');
    const twice = await importText(csv([row({ childRef: 'C-3001' }), row({ childRef: 'C-3002' }), row({ childRef: 'c-3001', proposedWeeklyCost: 'lots' })]), storePath);
    const report = importReport(twice);
    assert.match(report, /^row 4, childRef: c-3001 is also in row 2: one open request per child$/m);
    assert.match(report, /^row 4, proposedWeeklyCost: "lots" is not a clear amount/m);
    assert.equal((await storeOnDisk(storePath).catch(() => undefined))?.requests.length ?? 0, 0, 'nothing stored');
    assert.ok((await importText(csv([row({ childRef: 'C-3002' })]), storePath)).ok);
    const waiting = importReport(await importText(csv([row({ childRef: 'C-3001' }), row({ childRef: 'C-3002' })]), storePath));
    assert.match(waiting, /^row 3, childRef: C-3002 already has a request waiting for the panel, PR-\d{4}-0001/m);
    assert.doesNotMatch(waiting, /row 2/);
    assert.equal((await storeOnDisk(storePath)).requests.length, 1);
  });

  it('refuses a header it does not know, or one without a required column, on row 1', async () => {
    const misspelt = { ...row(), proposedWeeklyCosts: '1' };
    delete (misspelt as Record<string, string>).reason;
    const report = importReport(await importText(csv([misspelt])));
    assert.match(report, /^row 1, proposedWeeklyCosts: is not a column this import knows/m);
    assert.match(report, /^row 1, reason: is missing/m);
  });

  it('runs as a command and exits 1 with rows as the spreadsheet numbers them', async () => {
    const file = join(dir, 'rows.csv');
    await writeFile(file, csv([row(), row({ childRef: 'C-4002', kind: 'sideways' })]));
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/importRequests.ts', file, '--store', join(dir, 'p.json')]);
    await assert.rejects(run, (err: { code: number; stdout: string }) => err.code === 1 && /row 3, kind: must be/.test(err.stdout));
  });
});
