import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { cardText } from '../cards/cardQuality.js';
import { MEMBER, cardOf, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

// Dates across the accepted range, its edges, just past them, far past them, and some that do not
// exist; most are plausible, so that requests, decisions and events get recorded and then read.
const anyDate = fc.oneof(
  { weight: 3, arbitrary: fc.date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2032-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '1990-01-01', '2100-12-31', '1989-12-31', '2101-01-01', '9999-12-31', '0001-01-01', '2000-01-01',
      '2024-02-29', '2023-02-29', '2026-13-01', '2026-04-31', '', 'yesterday',
    ),
  },
  { weight: 1, arbitrary: fc.date({ min: new Date('1985-01-01T00:00:00Z'), max: new Date('2110-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
);
const maybeDate = fc.option(anyDate, { nil: undefined });

const operation = fc.oneof(
  // A case system sends a date of birth or an age (now and then both, which must agree).
  fc.record({
    kind: fc.constant('request' as const), child: fc.integer({ min: 1, max: 12 }),
    age: fc.oneof({ weight: 2, arbitrary: anyDate.map((dateOfBirth) => ({ dateOfBirth })) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 17 }).map((ageYears) => ({ ageYears })) }, { weight: 1, arbitrary: fc.record({ dateOfBirth: anyDate, ageYears: fc.integer({ min: 0, max: 17 }) }) }),
    startDate: anyDate, plannedEndDate: maybeDate,
  }),
  fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), outcome: fc.constantFrom('approve', 'approve_with_conditions', 'decline', 'defer'), option: fc.constantFrom('proposed', 'alt-1', 'alt-2'), effectiveFrom: maybeDate, reviewDate: maybeDate }),
  fc.record({ kind: fc.constant('event' as const), pick: fc.nat(), type: fc.constantFrom('cost_change', 'ended'), date: anyDate }),
  fc.record({ kind: fc.constant('read' as const), pick: fc.nat(), asOf: anyDate }),
);

const QUESTIONS = ['savings to date', 'savings this year', 'savings 2026/27', 'digest', 'pending', 'top 15', 'value check', 'cohort'];
const ANSWERED = new Set([200, 201, 400, 404, 409]);

describe('fuzz: dates across the whole range and beyond, in requests, decisions, events and reads', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => { h = await startHarness({ schedule: false, apiRateLimit: 100_000 }); });
  after(async () => { await h.close(); });

  it('never answers 500 nor apologises, and every question still answers with a card', async () => {
    const ids: string[] = [];
    const pick = (n: number) => ids[n % Math.max(ids.length, 1)] ?? 'PR-2026-9999';
    await fc.assert(fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 10 }), async (ops) => {
      for (const op of ops) {
        if (op.kind === 'request') {
          const res = await h.api('POST', '/api/requests', sampleRequest({
            childRef: `C-${5000 + op.child}`, dateOfBirth: undefined, ...op.age,
            proposed: { type: 'residential', provider: 'Hillside', weeklyCost: '6108.00', startDate: op.startDate, plannedEndDate: op.plannedEndDate },
          }));
          assert.ok(ANSWERED.has(res.status), `request: ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status === 201) ids.push(String(res.body.id));
        } else if (op.kind === 'decide') {
          const res = await h.invoke('decide', {
            requestId: pick(op.pick), outcome: op.outcome, option: op.option, comment: 'Panel view', effectiveFrom: op.effectiveFrom ?? '', reviewDate: op.reviewDate ?? '',
          }, MEMBER);
          assert.equal(res.status, 200);
          assert.doesNotMatch(cardText(res.body.value as object), /Something went wrong/);
        } else if (op.kind === 'event') {
          const body = op.type === 'ended' ? { type: 'ended', date: op.date, reason: 'return_home' } : { type: 'cost_change', date: op.date, weeklyCost: '1300.00', reason: 'uplift_agreed' };
          const res = await h.api('POST', `/api/requests/${pick(op.pick)}/events`, body);
          assert.ok(ANSWERED.has(res.status), `event: ${res.status} ${JSON.stringify(res.body)}`);
        } else {
          for (const path of [`/api/savings?asOf=${encodeURIComponent(op.asOf)}`, `/api/requests/${pick(op.pick)}?asOf=${encodeURIComponent(op.asOf)}`, `/api/requests/${pick(op.pick)}`]) {
            const res = await h.api('GET', path);
            assert.ok(ANSWERED.has(res.status), `${path}: ${res.status} ${JSON.stringify(res.body)}`);
          }
          const [reply] = await h.say(`savings to date as of ${op.asOf}`);
          assert.doesNotMatch(JSON.stringify(reply), /Something went wrong/);
        }
      }
    }), { numRuns: 25 });
    for (const question of [...QUESTIONS, ...ids.slice(0, 5).map((id) => `show ${id}`)]) {
      const [reply] = await h.say(question);
      const card = cardOf(reply);
      assert.ok(card, question);
      assert.doesNotMatch(cardText(card), /Something went wrong/, question);
    }
    await h.app.digest.runOnce();
    assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
    assert.ok(ids.length > 0, 'some requests were accepted');
    assert.ok(h.app.store.allDecisions().length > 0, 'some decisions were recorded');
  });
});
