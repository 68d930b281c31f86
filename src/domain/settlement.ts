import type { DecisionRecord } from './decision.js';
import { Money } from '../calculators/money.js';
import type { Role } from './meeting.js';
import { isApproval, type Outcome } from './vocabulary.js';

/** How many panel members must agree, and the roles that must be among them ("3+chair+finance"). */
export interface QuorumRule {
  members: number;
  roles: readonly Role[];
}

export const SINGLE_MEMBER: QuorumRule = { members: 1, roles: [] };

export type RequestStatus = 'pending' | 'deferred' | 'approved' | 'approved_with_conditions' | 'declined';

/** An approval recommended above the recommenders' limits: the option, its weekly council cost and the highest of their limits (pounds). */
export interface HigherApproval {
  option: string;
  councilCost: string;
  limit: string;
}

export interface Settlement {
  status: RequestStatus;
  /** The vote that settled the request (or, while deferred, the vote that deferred it). */
  settledBy?: DecisionRecord;
  /** Votes cast since the last deferral, latest per member. */
  votes: DecisionRecord[];
  /**
   * The quorum agrees on an approval, but every agreeing vote is over its voter's limit (a
   * recommendation): the request waits, open, for someone whose limit covers it.
   */
  awaiting?: HigherApproval;
  /** The roles each voter in `votes` held when voting (as recorded; older votes: as configured), by Entra object id. */
  voterRoles?: ReadonlyMap<string, readonly Role[]>;
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

const NO_ROLES: readonly Role[] = [];

/** Votes that agree with `vote`: the same outcome and option. */
function agreeingWith(votes: Iterable<DecisionRecord>, vote: DecisionRecord): DecisionRecord[] {
  const agreeing: DecisionRecord[] = [];
  for (const v of votes) if (v.outcome === vote.outcome && v.option === vote.option) agreeing.push(v);
  return agreeing;
}

/** The members still needed beyond `agreeing`, and the roles none of them holds. */
function shortfall(agreeing: readonly DecisionRecord[], rule: QuorumRule, rolesOf: (v: DecisionRecord) => readonly Role[]): { members: number; roles: Role[] } {
  return {
    members: Math.max(0, rule.members - agreeing.length),
    roles: rule.roles.filter((role) => !agreeing.some((v) => rolesOf(v).includes(role))),
  };
}

/** An approval's agreeing votes that are all recommendations: what they wait for; undefined once one of them may commit the cost. */
function higherApprovalFor(agreeing: readonly DecisionRecord[]): HigherApproval | undefined {
  const first = agreeing[0];
  if (first === undefined || !isApproval(first.outcome) || agreeing.some((v) => v.recommendation === undefined)) return undefined;
  const latest = agreeing[agreeing.length - 1]!.recommendation!;
  const limit = agreeing.map((v) => v.recommendation!.limit).reduce((a, b) => (new Money(b).gt(a) ? b : a));
  return { option: first.option, councilCost: latest.councilCost, limit };
}

/**
 * Where a request stands after its decisions, in the order they were recorded: settled once enough
 * members agree on the same outcome and option, with every role the rule names among them, and, for
 * an approval, at least one of them within their spending limit. Agreement by recommendations only
 * leaves the request open (`awaiting` says for what). A deferral that reaches quorum leaves the
 * request open and starts a fresh round of votes. A vote recorded without roles (before roles were
 * recorded) counts with its voter's roles in `fallbackRoles`, the configured ones.
 */
export function settlementOf(decisions: readonly DecisionRecord[], rule: QuorumRule, fallbackRoles: ReadonlyMap<string, readonly Role[]>): Settlement {
  // Most requests in a big store have no decision yet or one: nothing to count (reports ask them all).
  if (decisions.length === 0) return { status: 'pending', votes: [] };
  const rolesOf = (v: DecisionRecord) => v.roles ?? fallbackRoles.get(v.decidedBy.aadObjectId) ?? NO_ROLES;
  let votes = new Map<string, DecisionRecord>();
  let deferredBy: DecisionRecord | undefined;
  for (const vote of decisions) {
    // A member who changes their mind replaces their own earlier vote in this round.
    votes.set(vote.decidedBy.aadObjectId, vote);
    const agreeing = agreeingWith(votes.values(), vote);
    const short = shortfall(agreeing, rule, rolesOf);
    if (short.members > 0 || short.roles.length > 0) continue;
    if (vote.outcome === 'defer') {
      deferredBy = vote;
      votes = new Map();
      continue;
    }
    if (higherApprovalFor(agreeing) !== undefined) continue;
    return { status: FINAL[vote.outcome], settledBy: vote, votes: [...votes.values()], voterRoles: voterRolesOf(votes.values(), rolesOf) };
  }
  const open: Settlement = deferredBy
    ? { status: 'deferred', settledBy: deferredBy, votes: [...votes.values()] }
    : { status: 'pending', votes: [...votes.values()] };
  const awaiting = awaitingOf(open.votes, rule, rolesOf);
  return { ...open, ...(awaiting !== undefined && { awaiting }), voterRoles: voterRolesOf(open.votes, rolesOf) };
}

function voterRolesOf(votes: Iterable<DecisionRecord>, rolesOf: (v: DecisionRecord) => readonly Role[]): Map<string, readonly Role[]> {
  const roles = new Map<string, readonly Role[]>();
  for (const v of votes) roles.set(v.decidedBy.aadObjectId, rolesOf(v));
  return roles;
}

/** The latest approval the quorum agrees on by recommendations only, if any. */
function awaitingOf(votes: readonly DecisionRecord[], rule: QuorumRule, rolesOf: (v: DecisionRecord) => readonly Role[]): HigherApproval | undefined {
  for (const vote of [...votes].sort((a, b) => b.decidedAt.localeCompare(a.decidedAt))) {
    const agreeing = agreeingWith(votes, vote);
    const short = shortfall(agreeing, rule, rolesOf);
    if (short.members === 0 && short.roles.length === 0) {
      const waiting = higherApprovalFor(agreeing);
      if (waiting !== undefined) return waiting;
    }
  }
  return undefined;
}

/** What the leading outcome and option of an open request still needs to settle it. */
export interface StillNeeded {
  outcome: Outcome;
  option: string;
  /** Members who agree with it so far. */
  agreeing: number;
  /** More members needed to agree. */
  members: number;
  /** Roles the rule names that none of those agreeing holds. */
  roles: Role[];
  /** Every agreeing vote is over its voter's limit: someone whose limit covers the cost must approve. */
  higherApproval?: HigherApproval;
}

/**
 * For an open request with votes in this round: the outcome and option with the most votes (the
 * latest voted for, on a tie), and what it still needs to settle the request under the rule.
 */
export function stillNeeded(settlement: Settlement, rule: QuorumRule): StillNeeded | undefined {
  if (!isOpen(settlement.status) || settlement.votes.length === 0) return undefined;
  const rolesOf = (v: DecisionRecord) => settlement.voterRoles?.get(v.decidedBy.aadObjectId) ?? v.roles ?? NO_ROLES;
  let leading: DecisionRecord[] = [];
  let latest = '';
  for (const vote of settlement.votes) {
    const agreeing = agreeingWith(settlement.votes, vote);
    const at = agreeing.map((v) => v.decidedAt).reduce((a, b) => (b > a ? b : a));
    if (agreeing.length > leading.length || (agreeing.length === leading.length && at > latest)) {
      leading = agreeing;
      latest = at;
    }
  }
  const first = leading[0]!;
  const short = shortfall(leading, rule, rolesOf);
  const higherApproval = higherApprovalFor(leading);
  return {
    outcome: first.outcome, option: first.option, agreeing: leading.length, members: short.members, roles: short.roles,
    ...(higherApproval !== undefined && { higherApproval }),
  };
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
