import fc from 'fast-check';
import { dayNumber, fromDayNumber } from '../../src/calculators/dates.js';
import { Money } from '../../src/calculators/money.js';
import type { SavingsCase } from '../../src/calculators/savingsToDate.js';
import type { EventRecord } from '../../src/domain/event.js';
import type { StoredRequest } from '../../src/domain/request.js';
import { aChangeRequest, aDecision, aRequest, costChange, ended, started } from './fixtures.js';

/** The first day of the random histories: every date below is an offset in days from it. */
export const START = dayNumber('2025-01-01');

// One random case; every date is an offset in days from 1 January 2025.
export const arbSavingsCase = (n: number, withStarts = false) => fc.record({
  started: withStarts ? fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }) : fc.constant(undefined),
  kind: fc.constantFrom('new', 'change'),
  baselinePence: fc.integer({ min: 0, max: 1_500_000 }),
  optionPence: fc.integer({ min: 0, max: 1_500_000 }),
  socialCare: fc.constantFrom(100, 60, 33.3, 0),
  effective: fc.integer({ min: 0, max: 300 }),
  birthOffset: fc.integer({ min: -6_600, max: -5_800 }), // aged about 16–18 in 2025
  plannedEnd: fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
  events: fc.array(fc.record({
    day: fc.integer({ min: 0, max: 400 }),
    end: fc.constantFrom(undefined, 'return_home', 'turned_18'),
    pence: fc.integer({ min: 0, max: 1_500_000 }),
    health: fc.constantFrom(undefined, 0, 40),
  }), { maxLength: 4 }),
  outcome: fc.constantFrom('approve', 'approve', 'approve_with_conditions', 'decline', 'defer'),
}).map((p): SavingsCase => {
  const id = `PR-2025-${String(n).padStart(4, '0')}`;
  const date = (offset: number) => fromDayNumber(START + offset);
  const cost = (pence: number) => new Money(pence).dividedBy(100).toFixed(2);
  const funding = { socialCare: p.socialCare, health: 100 - p.socialCare, education: 0 };
  const base = p.kind === 'new' ? aRequest() : aChangeRequest();
  const request: StoredRequest = {
    ...base,
    id,
    dateOfBirth: date(p.birthOffset),
    ...(p.kind === 'change' && { current: { ...base.current!, weeklyCost: cost(p.baselinePence), funding } }),
    proposed: {
      ...base.proposed,
      weeklyCost: p.kind === 'new' ? cost(p.baselinePence) : cost(p.optionPence),
      funding,
      ...(p.plannedEnd !== undefined && { plannedEndDate: date(p.plannedEnd) }),
    },
    alternatives: [{ id: 'alt', label: 'Alternative', type: 'ifa', weeklyCost: cost(p.optionPence), funding: { socialCare: 100, health: 0, education: 0 } }],
  };
  const events: EventRecord[] = p.events.map((e) => (e.end !== undefined
    ? ended(id, date(e.day), e.end as 'return_home' | 'turned_18')
    : costChange(id, date(e.day), cost(e.pence), e.health === undefined ? undefined : { socialCare: 100 - e.health, health: e.health, education: 0 })));
  // A confirmed start (issue 15) moves the first day saved: only where the caller's definition knows it.
  if (p.started !== undefined) events.push(started(id, date(p.started)));
  const option = p.kind === 'new' ? 'alt' : 'proposed';
  return { request, decision: aDecision(id, option, date(p.effective), p.outcome as 'approve'), events };
});
