import type { DecisionRecord } from './decision.js';
import type { Outcome } from './vocabulary.js';

/** How many panel members must agree, and whether a chair must be among them. */
export interface QuorumRule {
  members: number;
  chairRequired: boolean;
}

export const SINGLE_MEMBER: QuorumRule = { members: 1, chairRequired: false };

export type RequestStatus = 'pending' | 'deferred' | 'approved' | 'approved_with_conditions' | 'declined';

export interface Settlement {
  status: RequestStatus;
  /** The vote that settled the request (or, while deferred, the vote that deferred it). */
  settledBy?: DecisionRecord;
  /** Votes cast since the last deferral, latest per member. */
  votes: DecisionRecord[];
}

const FINAL: Record<Exclude<Outcome, 'defer'>, RequestStatus> = {
  approve: 'approved',
  approve_with_conditions: 'approved_with_conditions',
  decline: 'declined',
};

/** Whether a request in this status can still be decided. */
export function isOpen(status: RequestStatus): boolean {
  return status === 'pending' || status === 'deferred';
}

/**
 * Where a request stands after its decisions, in the order they were recorded: settled once enough
 * members agree on the same outcome and option (with a chair where the rule asks). A deferral that
 * reaches quorum leaves the request open and starts a fresh round of votes.
 */
export function settlementOf(decisions: readonly DecisionRecord[], rule: QuorumRule, chairs: readonly string[]): Settlement {
  // Most requests in a big store have no decision yet or one: nothing to count (reports ask them all).
  if (decisions.length === 0) return { status: 'pending', votes: [] };
  let votes = new Map<string, DecisionRecord>();
  let deferredBy: DecisionRecord | undefined;
  for (const vote of decisions) {
    // A member who changes their mind replaces their own earlier vote in this round.
    votes.set(vote.decidedBy.aadObjectId, vote);
    let agreeing = 0;
    let hasChair = false;
    for (const v of votes.values()) {
      if (v.outcome !== vote.outcome || v.option !== vote.option) continue;
      agreeing += 1;
      hasChair ||= chairs.includes(v.decidedBy.aadObjectId);
    }
    if (agreeing < rule.members || (rule.chairRequired && !hasChair)) continue;
    if (vote.outcome === 'defer') {
      deferredBy = vote;
      votes = new Map();
      continue;
    }
    return { status: FINAL[vote.outcome], settledBy: vote, votes: [...votes.values()] };
  }
  return deferredBy
    ? { status: 'deferred', settledBy: deferredBy, votes: [...votes.values()] }
    : { status: 'pending', votes: [...votes.values()] };
}

/**
 * The date a request's projected savings run from: the approval's effective date once approved;
 * before that, the proposed start date, or today once the start has passed (a saving not yet decided
 * cannot begin in the past).
 */
export function projectionStart(startDate: string, settlement: Settlement, today: string): string {
  const approved = approvedDecision(settlement);
  if (approved !== undefined) return approved.effectiveFrom;
  return startDate > today ? startDate : today;
}

/** The settling decision where the request was approved (with or without conditions). */
export function approvedDecision(settlement: Settlement): DecisionRecord | undefined {
  return settlement.status === 'approved' || settlement.status === 'approved_with_conditions' ? settlement.settledBy : undefined;
}
