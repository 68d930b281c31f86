import assert from 'node:assert/strict';
import { eventInputSchema, eventRecordSchema, type EventInput, type EventRecord } from '../../src/domain/event.js';
import { fieldProblems } from '../../src/domain/issues.js';
import { eventConflict, startedDateProblem } from '../../src/domain/intakeRules.js';

const ID = 'PR-2026-0002';
const ACTOR = { aadObjectId: 'staff', name: 'Staff' };
const record = (event: EventInput, n: number): EventRecord => ({ ...event, id: `E-${n}`, requestId: ID, recordedBy: ACTOR, recordedAt: '2026-07-10T09:00:00.000Z' } as EventRecord);
const started = (date: string): EventInput => ({ type: 'started', date });
const cost = (date: string): EventInput => eventInputSchema.parse({ type: 'cost_change', date, weeklyCost: '3100.00', reason: 'uplift_agreed' });
const end = (date: string): EventInput => eventInputSchema.parse({ type: 'ended', date, reason: 'return_home' });

describe('the started event (issue #15)', () => {
  it('takes a date and an optional note, nothing else', () => {
    assert.deepEqual(eventInputSchema.parse({ type: 'started', date: '2026-07-06' }), { type: 'started', date: '2026-07-06' });
    assert.deepEqual(eventInputSchema.parse({ type: 'started', date: '2026-07-06', note: ' moved in ' }).note, 'moved in');
    const extra = eventInputSchema.safeParse({ type: 'started', date: '2026-07-06', weeklyCost: '1.00' });
    assert.equal(extra.success, false);
  });

  it('refuses a date that is no date or outside 1990–2100, naming date', () => {
    for (const date of ['9999-12-31', '1989-12-31', '2101-01-01', '2026-02-30', 'soon', 20260706, null]) {
      const parsed = eventInputSchema.safeParse({ type: 'started', date });
      assert.equal(parsed.success, false, JSON.stringify(date));
      assert.deepEqual(fieldProblems(parsed.error!).map((p) => p.field), ['date'], JSON.stringify(date));
    }
    assert.match(fieldProblems(eventInputSchema.safeParse({ type: 'started', date: '9999-12-31' }).error!)[0]!.problem, /1990-01-01 to 2100-12-31/);
  });

  it('names the started type among the kinds of event', () => {
    const parsed = eventInputSchema.safeParse({ type: 'moved', date: '2026-07-06' });
    assert.match(fieldProblems(parsed.error!)[0]!.problem, /"started"/);
  });

  it('loads as stored, a far-off date included (stores written before dates were bounded)', () => {
    assert.equal(eventRecordSchema.safeParse(record(started('9999-12-31'), 1)).success, true);
    assert.equal(eventRecordSchema.safeParse({ ...record(started('2026-07-06'), 1), reason: 'other' }).success, false, 'a start has no reason');
  });

  it('is not a day still to come', () => {
    assert.equal(startedDateProblem(started('2026-07-06'), '2026-07-06'), undefined);
    assert.deepEqual(startedDateProblem(started('2026-07-07'), '2026-07-06'), { field: 'date', problem: 'is after today (2026-07-06): record a start once it has happened' });
    assert.equal(startedDateProblem(cost('2026-08-01'), '2026-07-06'), undefined, 'a cost change may be agreed ahead');
  });

  it('starts once, before any cost change or end, and nothing follows an end', () => {
    assert.equal(eventConflict([], started('2026-07-06'), ID), undefined);
    assert.match(eventConflict([record(started('2026-07-06'), 1)], started('2026-07-08'), ID)!, /already started on 2026-07-06; a change starts once/);
    assert.match(eventConflict([record(cost('2026-07-01'), 1)], started('2026-07-06'), ID)!, /cost change from 2026-07-01, so it had started by then/);
    assert.equal(eventConflict([record(cost('2026-07-06'), 1)], started('2026-07-06'), ID), undefined, 'a cost change on the start day');
    assert.match(eventConflict([record(end('2026-07-20'), 1)], started('2026-07-06'), ID)!, /ended on 2026-07-20; it cannot start after that/);
    assert.match(eventConflict([record(started('2026-07-06'), 1)], cost('2026-07-01'), ID)!, /started on 2026-07-06; a cost change cannot come before that/);
    assert.match(eventConflict([record(started('2026-07-06'), 1)], end('2026-07-05'), ID)!, /started on 2026-07-06; an end cannot come before that/);
    assert.equal(eventConflict([record(started('2026-07-06'), 1)], cost('2026-07-06'), ID), undefined);
    assert.equal(eventConflict([record(started('2026-07-06'), 1)], end('2026-09-01'), ID), undefined);
  });
});
