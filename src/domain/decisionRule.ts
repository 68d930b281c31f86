import type { DecisionRecord, DecisionSubmission } from './decision.js';
import { effectiveDateProblem } from './effectiveDate.js';
import { dueDateProblem } from './conditions.js';
import { dateOf } from '../calculators/dates.js';
import type { Actor, StoredRequest } from './request.js';
import { isOpen, settlementOf, type QuorumRule } from './settlement.js';
import { isApproval } from './vocabulary.js';

/** A panel member's click on the card, validated, with what the rule needs to know about them. */
export interface DecisionCommand {
  request: StoredRequest;
  submission: DecisionSubmission;
  actor: Actor;
  /** Whether the actor sits on the panel (the caller knows the membership list). */
  isMember: boolean;
  now: Date;
}

/** How the panel settles a request: the quorum and who chairs. */
export interface Governance {
  quorum: QuorumRule;
  chairs: readonly string[];
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
  | { kind: 'unknown_option'; option: string }
  | { kind: 'invalid_effective_date'; effectiveFrom: string; problem: string }
  /** A condition due before the day of the decision: `index` from 0, as in the submission's list. */
  | { kind: 'invalid_due_date'; index: number; problem: string };

/**
 * The panel's decision rule: whether a click is recorded, and if not, why. Pure: the decisions so
 * far, the click and the time in; a verdict out. The store runs it against the request's decisions
 * with nothing in between, so two members clicking at once settle once.
 */
export function decideOn(existing: readonly DecisionRecord[], command: DecisionCommand, governance: Governance): DecisionVerdict {
  const { request, submission, actor } = command;
  if (!command.isMember) return { kind: 'not_member' };
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
  const settlement = settlementOf(existing, governance.quorum, governance.chairs);
  if (!isOpen(settlement.status)) return { kind: 'already_settled', settledBy: settlement.settledBy! };
  const same = (v: DecisionRecord | undefined) => v !== undefined && v.decidedBy.aadObjectId === actor.aadObjectId
    && v.outcome === submission.outcome && v.option === submission.option;
  // A deferral clears the round's votes, so its repeat is caught as the latest record.
  if (settlement.votes.some(same) || same(existing[existing.length - 1])) return { kind: 'duplicate' };
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
    },
  };
}
