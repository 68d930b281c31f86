import type { DecisionRecord, DecisionSubmission } from './decision.js';
import { effectiveDateProblem } from './effectiveDate.js';
import { dueDateProblem } from './conditions.js';
import { dateOf } from '../calculators/dates.js';
import type { Decimal } from 'decimal.js';
import { asMoney, toPounds } from '../calculators/money.js';
import type { Actor, StoredRequest } from './request.js';
import { isOverLimit, presentQuorum, type DeputyFor, type Governance } from './governance.js';
import type { Role } from './meeting.js';
import { isOpen, settlementOf } from './settlement.js';
import { isApproval } from './vocabulary.js';

export type { Governance } from './governance.js';

/** A panel member's click on the card, validated, with what the rule needs to know about them. */
export interface DecisionCommand {
  request: StoredRequest;
  submission: DecisionSubmission;
  actor: Actor;
  /** Whether the actor sits on the panel that day (the caller knows the roles and delegations). */
  isMember: boolean;
  now: Date;
  /** The roles the actor holds that day, delegated ones included (governance.ts, rolesOn). */
  roles: readonly Role[];
  /** The roles they hold as a deputy, and for whom. */
  deputyFor: readonly DeputyFor[];
  /** The weekly council cost they may commit: null for no limit, undefined when no limits are configured. */
  limit: Decimal | null | undefined;
  /** The council's weekly cost of an option of the request (governance.ts, councilCostOf). */
  councilCost(option: string): Decimal;
  /** Whether the actor declared a conflict of interest on the request. */
  conflicted: boolean;
  /** The meeting in progress, if one is: its id and the members who marked themselves present, with their roles that day. */
  meeting?: { id: string; present: readonly { aadObjectId: string; roles: readonly Role[] }[] } | undefined;
}

/** A decision to record: everything but the id and the hashes the store gives it. */
export type DecisionToRecord = Omit<DecisionRecord, 'id' | 'hash' | 'prevHash'>;

/** What the rule says about a click, given the decisions already recorded. */
export type DecisionVerdict =
  | { kind: 'record'; decision: DecisionToRecord }
  /** The same member, outcome and option again (Teams re-sends slow turns): recorded once. */
  | { kind: 'duplicate' }
  | { kind: 'already_settled'; settledBy: DecisionRecord }
  | { kind: 'not_member' }
  /** The member declared a conflict of interest on this request: they may not vote on it. */
  | { kind: 'conflicted' }
  /** A meeting is in progress and the member has not marked themselves present. */
  | { kind: 'not_present'; meetingId: string }
  /** A meeting is in progress and those present cannot make the quorum: how many are present, how many are needed, the roles no one present holds. */
  | { kind: 'meeting_not_quorate'; present: number; needed: number; missingRoles: Role[] }
  | { kind: 'unknown_option'; option: string }
  | { kind: 'invalid_effective_date'; effectiveFrom: string; problem: string }
  /** A condition due before the day of the decision: `index` from 0, as in the submission's list. */
  | { kind: 'invalid_due_date'; index: number; problem: string };

/**
 * The panel's decision rule: whether a click is recorded, and if not, why. Pure: the decisions so
 * far, the click and the time in; a verdict out. A conflicted member is refused, and during a meeting
 * one not marked present, or any while those present cannot make the quorum. An approval over the
 * member's limit is recorded as a recommendation (it cannot settle the request alone); a decline
 * or deferral is never limited. The store runs it against the request's decisions
 * with nothing in between, so two members clicking at once settle once.
 */
export function decideOn(existing: readonly DecisionRecord[], command: DecisionCommand, governance: Governance): DecisionVerdict {
  const { request, submission, actor } = command;
  if (!command.isMember) return { kind: 'not_member' };
  if (command.conflicted) return { kind: 'conflicted' };
  if (submission.option !== 'proposed' && !request.alternatives.some((a) => a.id === submission.option)) {
    return { kind: 'unknown_option', option: submission.option };
  }
  const effectiveFrom = submission.effectiveFrom ?? request.proposed.startDate;
  if (isApproval(submission.outcome)) {
    const problem = effectiveDateProblem(request, effectiveFrom);
    if (problem !== undefined) return { kind: 'invalid_effective_date', effectiveFrom, problem };
  }
  const day = dateOf(command.now);
  for (const [index, condition] of (submission.conditions ?? []).entries()) {
    const problem = dueDateProblem(condition.due, day);
    if (problem !== undefined) return { kind: 'invalid_due_date', index, problem };
  }
  const settlement = settlementOf(existing, governance.quorum, governance.roles);
  if (!isOpen(settlement.status)) return { kind: 'already_settled', settledBy: settlement.settledBy! };
  const same = (v: DecisionRecord | undefined) => v !== undefined && v.decidedBy.aadObjectId === actor.aadObjectId
    && v.outcome === submission.outcome && v.option === submission.option;
  // A deferral clears the round's votes, so its repeat is caught as the latest record.
  if (settlement.votes.some(same) || same(existing[existing.length - 1])) return { kind: 'duplicate' };
  const { meeting } = command;
  if (meeting !== undefined) {
    if (!meeting.present.some((p) => p.aadObjectId === actor.aadObjectId)) return { kind: 'not_present', meetingId: meeting.id };
    const quorum = presentQuorum(governance.quorum, meeting.present);
    if (!quorum.quorate) return { kind: 'meeting_not_quorate', present: quorum.present, needed: quorum.needed, missingRoles: quorum.missingRoles };
  }
  // Only an approval commits money: a decline or a deferral is never limited.
  const councilCost = isApproval(submission.outcome) ? asMoney(command.councilCost(submission.option)) : undefined;
  const overLimit = councilCost !== undefined && isOverLimit(councilCost, command.limit) ? command.limit : undefined;
  return {
    kind: 'record',
    decision: {
      requestId: request.id,
      outcome: submission.outcome,
      option: submission.option,
      ...(submission.comment !== undefined && { comment: submission.comment }),
      ...(submission.conditions !== undefined && { conditions: submission.conditions }),
      ...(submission.reviewDate !== undefined && { reviewDate: submission.reviewDate }),
      effectiveFrom,
      decidedBy: { aadObjectId: actor.aadObjectId, name: actor.name },
      decidedAt: command.now.toISOString(),
      roles: [...command.roles],
      ...(command.deputyFor.length > 0 && { deputyFor: command.deputyFor.map((d) => ({ ...d })) }),
      ...(overLimit !== undefined && { recommendation: { councilCost: toPounds(councilCost!), limit: toPounds(overLimit) } }),
      ...(meeting !== undefined && { meetingId: meeting.id }),
    },
  };
}
