import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { main as verifyStore } from '../../scripts/verifyStore.js';
import { API_KEY, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';
import { postgresFor, type TestPostgres } from '../support/postgres.js';

type Condition = { n: number; text: string; owner: string | null; due: string | null; state: string; daysUntilDue: number | null; done: null | { date: string; by: { name: string } } };

const CONDITIONS = [
  { text: 'Health assessment booked', owner: 'Social worker', due: '2026-05-15' },
  { text: 'Education plan agreed', owner: 'Virtual school head', due: '2026-06-30' },
];

/** POST with an Idempotency-Key (the harness's api() sends none). */
async function post(h: Harness, path: string, body: unknown, key?: string) {
  const res = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}`, ...(key !== undefined && { 'idempotency-key': key }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

for (const store of ['JSON file', 'PostgreSQL'] as const) {
  describe(`POST /api/requests/:id/conditions/:n/complete and GET /api/requests/:id, ${store} store (issue #15)`, function () {
    let server: TestPostgres | undefined;
    let h: Harness;
    let clock: sinon.SinonFakeTimers;
    let id: string;
    let databaseUrl: string | undefined;
    const complete = (n: string | number, body?: unknown, key?: string, request = id) => post(h, `/api/requests/${request}/conditions/${n}/complete`, body, key);
    const conditions = async () => {
      const res = await h.api('GET', `/api/requests/${id}`);
      assert.equal(res.status, 200);
      return res.body.conditions as Condition[];
    };

    before(async function () {
      if (store === 'PostgreSQL') server = await postgresFor(this);
    });

    beforeEach(async () => {
      clock = sinon.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z'), toFake: ['Date'] });
      databaseUrl = server === undefined ? undefined : await server.createDatabase('conditions');
      h = await startHarness({ ...(databaseUrl !== undefined && { env: { DATABASE_URL: databaseUrl } }), schedule: false });
      id = (await h.api('POST', '/api/requests', sampleRequest())).body.id as string;
      const decided = await h.invoke('decide', {
        requestId: id, outcome: 'approve_with_conditions', option: 'alt-1', effectiveFrom: '2026-05-04', reviewDate: '2026-11-01', conditions: CONDITIONS,
      });
      assert.equal(decided.status, 200);
      assert.equal(h.app.store.decisionsFor(id).length, 1, 'approved with the API\'s list of conditions');
    });
    afterEach(async () => {
      await h.close();
      clock.restore();
    });

    it('GET shows each condition open with its days to go; completing one by API is idempotent under its key, a second completion 409', async () => {
      assert.deepEqual(await conditions(), [
        { n: 1, ...CONDITIONS[0], state: 'open', daysUntilDue: 14, done: null },
        { n: 2, ...CONDITIONS[1], state: 'open', daysUntilDue: 60, done: null },
      ]);
      const savingsBefore = (await h.api('GET', `/api/requests/${id}?asOf=2026-06-01`)).body.savings;
      clock.setSystemTime(new Date('2026-05-06T12:00:00Z'));
      const first = await complete(2, { date: '2026-05-05' }, 'done-2');
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal((first.body.completion as { condition: number }).condition, 2);
      const repeat = await complete(2, { date: '2026-05-05' }, 'done-2');
      assert.equal(repeat.status, 201, 'a retry under the same key is answered as the first');
      assert.equal(repeat.replayed, 'true');
      assert.deepEqual(repeat.body.completion, first.body.completion);
      const again = await complete(2, {}, 'done-2-again');
      assert.equal(again.status, 409);
      assert.match(JSON.stringify(again.body), /condition 2 of PR-2026-0001 was already marked done by Case system \(API\) on 2026-05-05/);
      const reused = await complete(1, {}, 'done-2');
      assert.equal(reused.status, 422, 'a key used for another condition is refused');
      assert.equal(h.app.store.eventsFor(id).length, 1, 'recorded once');
      const [one, two] = await conditions();
      assert.equal(one!.state, 'open');
      assert.equal(one!.daysUntilDue, 9);
      assert.deepEqual({ state: two!.state, daysUntilDue: two!.daysUntilDue, done: two!.done }, {
        state: 'done', daysUntilDue: null,
        done: { date: '2026-05-05', by: { aadObjectId: 'api', name: 'Case system (API)' }, recordedAt: '2026-05-06T12:00:00.000Z' },
      });
      const detail = (await h.api('GET', `/api/requests/${id}?asOf=2026-06-01`)).body;
      assert.deepEqual(detail.events, [], 'a condition done is not one of the placement\'s events');
      assert.deepEqual(detail.savings, savingsBefore, 'nor does it change the savings');
    });

    it('a condition past its due date reads overdue; a body with no date is done today', async () => {
      clock.setSystemTime(new Date('2026-05-18T10:00:00Z'));
      const [one] = await conditions();
      assert.deepEqual({ state: one!.state, daysUntilDue: one!.daysUntilDue }, { state: 'overdue', daysUntilDue: -3 });
      const res = await complete(1);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal((res.body.completion as { date: string }).date, '2026-05-18');
      assert.equal((res.body.conditions as Condition[])[0]!.state, 'done');
    });

    it('refuses what is not a condition of a conditional approval, naming the field', async () => {
      clock.setSystemTime(new Date('2026-05-08T10:00:00Z'));
      const cases: [string | number, unknown, number, RegExp][] = [
        [3, {}, 404, /"field":"n".*there is no condition 3/],
        [0, {}, 400, /"field":"n".*conditions are numbered from 1/],
        ['two', {}, 400, /"field":"n"/],
        [1, { date: '2026-05-02' }, 201, /condition_completed/],
        [2, { date: '2026-04-30' }, 400, /"field":"date".*before the decision/],
        [2, { date: '2026-05-02T00:00' }, 400, /"field":"date"/],
        [2, { date: '2026-05-09' }, 400, /"field":"date".*after today/],
        [2, { when: 'today' }, 400, /when/],
      ];
      for (const [n, body, status, pattern] of cases) {
        const res = await complete(n, body);
        assert.equal(res.status, status, `${n} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
        assert.match(JSON.stringify(res.body), pattern);
      }
      assert.equal((await complete(1, {}, undefined, 'PR-2026-9999')).status, 404);
      const plain = (await h.api('POST', '/api/requests', sampleRequest({ childRef: 'C-20001' }))).body.id as string;
      await h.invoke('decide', { requestId: plain, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-05-04' });
      const notConditional = await complete(1, {}, undefined, plain);
      assert.equal(notConditional.status, 409);
      assert.match(JSON.stringify(notConditional.body), /was not approved with conditions/);
      const unauthorised = await h.api('POST', `/api/requests/${id}/conditions/2/complete`, {}, 'wrong-key');
      assert.equal(unauthorised.status, 401);
      assert.equal(h.app.store.eventsFor(id).length, 1);
    });

    it('two completions of one condition sent at once: one recorded, the other told it is done', async () => {
      const answers = await Promise.all([complete(1, {}), complete(1, {}), h.invoke('completeCondition', { requestId: id, condition: 1 })]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 201, 409], 'the card answers 200 either way');
      assert.equal(h.app.store.eventsFor(id).length, 1);
    });

    it('the decisions and events chains verify with conditions and completions in them', async () => {
      await complete(1, {}, 'k-1');
      await h.invoke('completeCondition', { requestId: id, condition: 2 });
      assert.equal(h.app.store.verify().ok, true);
      const lines: string[] = [];
      const code = await verifyStore([databaseUrl ?? h.storePath], {}, (line) => lines.push(line));
      assert.equal(code, 0, lines.join('\n'));
      assert.match(lines[0]!, /ok: 1 decisions, 2 events, 1 governance records/);
    });
  });
}
