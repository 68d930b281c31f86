import type { DecisionRecord } from '../../src/domain/decision.js';
import type { EventRecord } from '../../src/domain/event.js';
import type { StoredRequest } from '../../src/domain/request.js';
import type { Outcome } from '../../src/domain/vocabulary.js';

const FULL = { socialCare: 100, health: 0, education: 0 };
const ACTOR = { aadObjectId: '00000000-0000-0000-0000-000000000001', name: 'Panel Chair' };

/** A stored request: by default a new residential placement at £6,000/wk with a cheaper IFA alternative. */
export function aRequest(overrides: Partial<StoredRequest> = {}): StoredRequest {
  return {
    id: 'PR-2026-0001',
    receivedAt: '2026-04-01T09:00:00.000Z',
    receivedVia: 'api',
    receivedBy: 'case-system',
    childRef: 'C-10423',
    dateOfBirth: '2012-06-15',
    kind: 'new',
    needs: { summary: 'Needs a stable home', scores: { behaviour: 3, education: 2 } },
    proposed: { type: 'residential', provider: 'Oak House', weeklyCost: '6000.00', startDate: '2026-04-06', funding: FULL },
    alternatives: [
      { id: 'ifa', label: 'High-end IFA', type: 'ifa', weeklyCost: '2500.00', funding: FULL },
      { id: 'dearer', label: 'Solo home', type: 'solo_residential', weeklyCost: '9000.00', funding: FULL },
    ],
    requestedBy: 'Social worker',
    reason: 'Placement needed',
    ...overrides,
  };
}

/** A change request: current residential at £7,000/wk, proposed step-down to IFA at £3,000/wk. */
export function aChangeRequest(overrides: Partial<StoredRequest> = {}): StoredRequest {
  return aRequest({
    id: 'PR-2026-0002',
    kind: 'change',
    changeReason: 'step_down',
    current: { type: 'residential', provider: 'Elm House', weeklyCost: '7000.00', funding: FULL },
    proposed: { type: 'ifa', provider: 'Foster Co', weeklyCost: '3000.00', startDate: '2026-04-06', funding: FULL },
    alternatives: [],
    ...overrides,
  });
}

export function aDecision(requestId: string, option: string, effectiveFrom: string, outcome: Outcome = 'approve'): DecisionRecord {
  return {
    id: `D-${requestId}`, requestId, outcome, option, effectiveFrom,
    decidedBy: ACTOR, decidedAt: `${effectiveFrom}T10:00:00.000Z`,
    ...(outcome === 'decline' || outcome === 'defer' ? { comment: 'reason' } : {}),
  };
}

export function costChange(requestId: string, date: string, weeklyCost: string, funding?: StoredRequest['proposed']['funding']): EventRecord {
  return {
    id: `E-${requestId}-${date}-c`, requestId, type: 'cost_change', date, weeklyCost,
    ...(funding !== undefined && { funding }),
    reason: 'uplift_agreed', recordedBy: ACTOR, recordedAt: `${date}T12:00:00.000Z`,
  };
}

export function ended(requestId: string, date: string, reason: 'turned_18' | 'return_home' = 'return_home'): EventRecord {
  return { id: `E-${requestId}-${date}-e`, requestId, type: 'ended', date, reason, recordedBy: ACTOR, recordedAt: `${date}T12:00:00.000Z` };
}

export function started(requestId: string, date: string): EventRecord {
  return { id: `E-${requestId}-${date}-s`, requestId, type: 'started', date, recordedBy: ACTOR, recordedAt: `${date}T12:00:00.000Z` };
}
