import { strict as assert } from 'node:assert';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import sinon from 'sinon';
import { Money } from '../../src/calculators/money.js';
import { API_KEY, MEMBER, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { loadScenario } from '../support/scenario.js';

interface Download { status: number; headers: Headers; body: Buffer }

async function download(h: Harness, path: string, key: string | null = API_KEY): Promise<Download> {
  const res = await fetch(`${h.url}${path}`, { headers: key === null ? {} : { authorization: `Bearer ${key}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

type Row = Record<string, string>;

function csvRows(d: Download): Row[] {
  assert.equal(d.status, 200, d.body.toString());
  return parse(d.body, { bom: true, columns: true }) as Row[];
}

async function sheetOf(d: Download): Promise<ExcelJS.Worksheet> {
  assert.equal(d.status, 200, d.body.toString());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(d.body as unknown as ArrayBuffer);
  return workbook.worksheets[0]!;
}

/** The worksheet's rows as objects by header, each cell as exceljs read it. */
function xlsxRows(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const headers = (sheet.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return rows;
}

function sumPounds(values: readonly string[]): string {
  return values.reduce((total, v) => total.plus(v), new Money(0)).toFixed(2);
}

/** Every month's rows added up, as "2026-04" → "1234.56". */
function monthTotals(rows: readonly Row[]): Record<string, string> {
  const byMonth = new Map<string, string[]>();
  for (const r of rows) byMonth.set(r['Month']!, [...(byMonth.get(r['Month']!) ?? []), r['Saving']!]);
  return Object.fromEntries([...byMonth].map(([m, v]) => [m, sumPounds(v)]));
}

describe('GET /api/export/… (spreadsheets for finance)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  let ids: Record<string, string>;

  before(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-04-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness();
    const scenario = await loadScenario(h);
    const create = async (body: Record<string, unknown>) => {
      const res = await h.api('POST', '/api/requests', body);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id as string;
    };
    // Typed text a spreadsheet would run as a formula, and a dearer option chosen (a negative saving).
    const e = await create(sampleRequest({ childRef: 'C-50001', reason: '@SUM(A1:A9)' }));
    const f = await create(sampleRequest({
      childRef: 'C-60001', reason: '+1 more placement',
      proposed: { type: 'ifa', provider: 'Brook IFA', weeklyCost: '1000.00', startDate: '2026-05-11' },
    }));
    const decide = async (data: Record<string, unknown>) => assert.equal((await h.invoke('decide', data, MEMBER)).status, 200);
    await decide({ requestId: e, outcome: 'approve_with_conditions', option: 'alt-2', effectiveFrom: '2026-04-17', reviewDate: '2026-10-01', comment: '=HYPERLINK("http://example.invalid","click")' });
    await decide({ requestId: f, outcome: 'approve', option: 'alt-2', effectiveFrom: '2026-05-11' });
    const event = async (id: string, body: Record<string, unknown>) => assert.equal((await h.api('POST', `/api/requests/${id}/events`, body)).status, 201);
    await event(scenario.a, { type: 'cost_change', date: '2026-09-01', weeklyCost: '1300.00', reason: 'uplift_agreed' });
    await event(scenario.b, { type: 'ended', date: '2027-02-15', reason: 'return_home' });
    await event(e, { type: 'cost_change', date: '2027-03-20', weeklyCost: '2999.99', reason: 'renegotiation' });
    ids = { ...scenario, e, f };
    clock.setSystemTime(new Date('2027-06-15T10:00:00Z'));
  });
  after(async () => {
    await h.close();
    clock.restore();
  });

  it('savings.csv: each month\'s rows add up to the API\'s month to the penny, across a financial year end, cost changes and ends', async () => {
    const rows = csvRows(await download(h, '/api/export/savings.csv?from=2026-04-01&to=2027-05-31'));
    // "to" counts the day itself: the same figures as the API as of the day after.
    const api = await h.api('GET', '/api/savings?asOf=2027-06-01');
    const byMonth = api.body.byMonth as Record<string, string>;
    assert.deepEqual(monthTotals(rows), byMonth);
    assert.ok(Object.keys(byMonth).includes('2027-03') && Object.keys(byMonth).includes('2027-04'), 'the period crosses 31 March');
    // Each row adds across, and its saving type and financial year are the request's and the month's.
    for (const r of rows) {
      assert.equal(new Money(r['Baseline']!).minus(r['Actual']!).toFixed(2), r['Saving']);
      assert.match(r['Saving']!, /^-?\d+\.\d{2}$/);
      assert.equal(r['Financial year'], r['Month']! < '2027-04' ? '2026/27' : '2027/28');
    }
    const ofB = rows.filter((r) => r['Request id'] === ids.b);
    assert.ok(ofB.every((r) => r['Saving type'] === 'Cashable' && r['Reason'] === 'Step down'));
    // B ended on 15 February: from then the whole baseline is saved, actual nothing.
    const marchB = ofB.find((r) => r['Month'] === '2027-03')!;
    assert.equal(marchB['Actual'], '0.00');
    assert.equal(marchB['Days'], '31');
    // The dearer option shows as a negative saving, written as a number.
    const ofF = rows.filter((r) => r['Request id'] === ids.f);
    assert.ok(ofF.length > 0 && ofF.every((r) => r['Saving']!.startsWith('-')), JSON.stringify(ofF[0]));
    // Cost avoidance and cashable over the whole period are the API's to the penny (one request each here would not test the split: sum by type).
    const kinds = (type: string) => sumPounds(rows.filter((r) => r['Saving type'] === type).map((r) => r['Saving']!));
    assert.ok(new Money(kinds('Cost avoidance')).plus(kinds('Cashable')).minus(sumPounds(rows.map((r) => r['Saving']!))).isZero());
  });

  it('savings: "to" counts its own day, and a period ending mid-month matches the API as of the next day', async () => {
    const rows = csvRows(await download(h, '/api/export/savings.csv?from=2027-04-01&to=2027-04-14'));
    const api = await h.api('GET', '/api/savings?asOf=2027-04-15');
    assert.deepEqual(monthTotals(rows), { '2027-04': (api.body.byMonth as Record<string, string>)['2027-04'] });
    assert.ok(rows.every((r) => r['First day'] === '2027-04-01' && r['Last day']! <= '2027-04-14'));
    assert.ok(rows.some((r) => r['Last day'] === '2027-04-14'));
    // A's placement was planned to end on 5 April: its baseline stops there, the 5th not counted.
    const a = rows.find((r) => r['Request id'] === ids.a)!;
    assert.equal(a['Last day'], '2027-04-04');
    assert.equal(a['Days'], '4');
    const oneDay = csvRows(await download(h, '/api/export/savings.csv?from=2027-04-14&to=2027-04-14'));
    assert.ok(oneDay.length > 0 && oneDay.every((r) => r['Days'] === '1'));
  });

  it('savings.xlsx holds the same figures as numbers formatted in pounds, months as dates, the header frozen', async () => {
    const csv = csvRows(await download(h, '/api/export/savings.csv?from=2026-04-01&to=2027-05-31'));
    const d = await download(h, '/api/export/savings.xlsx?from=2026-04-01&to=2027-05-31');
    const sheet = await sheetOf(d);
    const rows = xlsxRows(sheet);
    assert.equal(rows.length, csv.length);
    rows.forEach((r, i) => {
      assert.equal(typeof r['Saving'], 'number');
      assert.equal((r['Saving'] as number).toFixed(2), csv[i]!['Saving']);
      assert.ok(r['Month'] instanceof Date);
      assert.equal((r['Month'] as Date).toISOString().slice(0, 7), csv[i]!['Month']);
    });
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const savingCol = header.indexOf('Saving') + 1;
    assert.match(sheet.getRow(2).getCell(savingCol).numFmt, /£#,##0\.00/);
    assert.equal(sheet.views[0]?.state, 'frozen');
    assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 1);
    assert.ok(sheet.columns.every((c) => (c.width ?? 0) >= 6), 'every column has a width');
  });

  it('decisions.csv: one row per decision, with the API\'s projected figures to the penny', async () => {
    const rows = csvRows(await download(h, '/api/export/decisions.csv'));
    assert.equal(rows.length, 5, 'A, B, C (declined), E and F; D is pending');
    for (const id of [ids.a, ids.b, ids.e, ids.f]) {
      const row = rows.find((r) => r['Request id'] === id)!;
      const detail = await h.api('GET', `/api/requests/${id}`);
      const decision = (detail.body.decisions as { option: string; effectiveFrom: string }[])[0]!;
      const projected = ((detail.body.savings as { projected: { option: string; weekly: string; fullYear: string; inYear: string }[] }).projected)
        .find((p) => p.option === decision.option)!;
      assert.equal(row['Option chosen'], decision.option);
      assert.equal(row['Weekly saving'], projected.weekly);
      assert.equal(row['Full-year effect'], projected.fullYear);
      assert.equal(row['In-year effect'], projected.inYear);
      assert.equal(row['Effective date'], decision.effectiveFrom);
      assert.equal(row['Decided by'], MEMBER.name);
      assert.equal(row['Settled the request'], 'Yes');
    }
    const a = rows.find((r) => r['Request id'] === ids.a)!;
    assert.equal(a['Case reference'], 'C-10423');
    assert.equal(a['Option weekly cost'], '1200.00');
    assert.equal(a['Baseline weekly cost'], '6108.00');
    assert.equal(a['Need level'], '4');
    assert.equal(a['Decided on'], '2026-04-01');
    const b = rows.find((r) => r['Request id'] === ids.b)!;
    assert.equal(b['Baseline council weekly cost'], '4000.00', '80% of £5,000');
    const declined = rows.find((r) => r['Request id'] === ids.c)!;
    assert.equal(declined['Outcome'], 'Declined');
    assert.equal(declined['Weekly saving'], '', 'a decline chooses nothing and saves nothing');
    assert.equal(declined['Conditions or reason'], 'Not proportionate to need');
    const e = rows.find((r) => r['Request id'] === ids.e)!;
    assert.equal(e['Review date'], '2026-10-01');
    const f = rows.find((r) => r['Request id'] === ids.f)!;
    assert.ok(f['Weekly saving']!.startsWith('-'), 'a dearer option is a negative number, not neutralised');
  });

  it('neutralises typed text a spreadsheet would run as a formula, in both formats', async () => {
    const rows = csvRows(await download(h, '/api/export/decisions.csv'));
    const e = rows.find((r) => r['Request id'] === ids.e)!;
    assert.equal(e['Conditions or reason'], '\'=HYPERLINK("http://example.invalid","click")');
    assert.equal(e['Request reason'], '\'@SUM(A1:A9)');
    assert.equal(rows.find((r) => r['Request id'] === ids.f)!['Request reason'], '\'+1 more placement');
    const sheet = await sheetOf(await download(h, '/api/export/decisions.xlsx'));
    const x = xlsxRows(sheet);
    const xe = x.find((r) => r['Request id'] === ids.e)!;
    assert.equal(xe['Conditions or reason'], '\'=HYPERLINK("http://example.invalid","click")');
    assert.equal(xe['Request reason'], '\'@SUM(A1:A9)');
    const xf = x.find((r) => r['Request id'] === ids.f)!;
    assert.equal(typeof xf['Weekly saving'], 'number');
    assert.ok((xf['Weekly saving'] as number) < 0);
    assert.ok(xe['Decided on'] instanceof Date && xe['Effective date'] instanceof Date);
  });

  it('sends each file as an attachment named with its date or period', async () => {
    const csv = await download(h, '/api/export/decisions.csv');
    assert.match(csv.headers.get('content-type')!, /^text\/csv; charset=utf-8/);
    assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="decisions-2027-06-15.csv"');
    const xlsx = await download(h, '/api/export/savings.xlsx');
    assert.equal(xlsx.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // By default this financial year so far.
    assert.equal(xlsx.headers.get('content-disposition'), 'attachment; filename="savings-2027-04-01-to-2027-06-15.xlsx"');
    const defaults = csvRows(await download(h, '/api/export/savings.csv'));
    assert.ok(defaults.length > 0 && defaults.every((r) => r['First day']! >= '2027-04-01' && r['Last day']! <= '2027-06-15'));
  });

  it('needs the API key', async () => {
    for (const path of ['/api/export/decisions.csv', '/api/export/decisions.xlsx', '/api/export/savings.csv', '/api/export/savings.xlsx']) {
      assert.equal((await download(h, path, null)).status, 401, path);
      assert.equal((await download(h, path, 'not-the-key-at-all')).status, 401, path);
    }
  });

  it('refuses a bad period with 400 naming the field', async () => {
    const cases: [string, string][] = [
      ['from=2026-02-30', 'from'], ['to=31/05/2027', 'to'], ['from=1999-12-31', 'from'], ['to=2101-01-01', 'to'],
      ['from=2027-05-01&to=2027-04-30', 'from'],
    ];
    for (const [query, field] of cases) {
      const res = await h.api('GET', `/api/export/savings.csv?${query}`);
      assert.equal(res.status, 400, query);
      const fields = (res.body.problems as { field: string }[]).map((p) => p.field);
      assert.deepEqual(fields, [field], query);
    }
  });
});
