import type { Decimal } from 'decimal.js';
import { addDays, addYears, type IsoDate } from '../calculators/dates.js';
import { ZERO, type Money } from '../calculators/money.js';
import { councilWeekly, optionOf } from '../calculators/projectedSaving.js';
import type { FieldProblem } from './issues.js';
import { roleSchema, type DelegationRecord, type Role } from './meeting.js';
import type { Actor, StoredRequest } from './request.js';
import { dateProblem } from './schemaParts.js';
import { SINGLE_MEMBER, type QuorumRule } from './settlement.js';

export type { QuorumRule } from './settlement.js';

/*
 * The panel's governance (issue #16): who holds which role, what each role may commit, the quorum,
 * and who deputises for whom on a given day. Pure: the configuration and the delegation records in,
 * answers out; the panel and the decision rule ask it.
 */

/** An administrator: may delegate any role, and votes only when they also hold another. */
export const ADMIN = 'admin';
/** The role PANEL_MEMBERS gives. */
export const MEMBER = 'member';
/** The role PANEL_CHAIR gives. */
export const CHAIR = 'chair';

/** Whether holding `role` makes someone a voting member of the panel. */
export function isVotingRole(role: Role): boolean {
  return role !== ADMIN;
}

/** The panel's governance as configured. */
export interface Governance {
  /** Each person's configured roles, by Entra object id (delegations apart). */
  roles: ReadonlyMap<string, readonly Role[]>;
  /** Pounds a week of council cost each role may commit (null: no limit); undefined when no limits are set. */
  limits?: ReadonlyMap<Role, Money | null> | undefined;
  quorum: QuorumRule;
}

/** Nobody configured, one vote settles: everyone may decide (local mode with nothing set). */
export const OPEN_PANEL: Governance = { roles: new Map(), quorum: SINGLE_MEMBER };

/** The governance from the settings: `roles` (PANEL_ROLES), with `members` holding the role member and `chairs` the role chair. */
export function panelGovernance(settings: {
  roles?: ReadonlyMap<string, readonly Role[]> | undefined;
  members: readonly string[];
  chairs: readonly string[];
  limits?: ReadonlyMap<Role, Money | null> | undefined;
  quorum: QuorumRule;
}): Governance {
  const roles = new Map<string, Role[]>([...(settings.roles ?? [])].map(([id, held]) => [id, [...held]]));
  const add = (id: string, role: Role) => {
    const held = roles.get(id) ?? [];
    if (!held.includes(role)) roles.set(id, [...held, role]);
  };
  for (const id of settings.members) add(id, MEMBER);
  for (const id of settings.chairs) add(id, CHAIR);
  return { roles, ...(settings.limits !== undefined && { limits: settings.limits }), quorum: settings.quorum };
}

/** Whom a deputy stands in for: the member named in the delegation, or only the role. */
export interface DeputyFor {
  role: Role;
  member?: Actor;
}

/** The roles someone holds on a day, and those they hold as a deputy. */
export interface RolesHeld {
  roles: Role[];
  deputyFor: DeputyFor[];
}

/** Whether the delegation is in force on `date` (its first and last days included). */
function inForce(delegation: DelegationRecord, date: IsoDate): boolean {
  return delegation.from <= date && date <= delegation.until;
}

/**
 * The roles the person holds on `date`: configured, then delegated to them that day; for each role
 * held only by delegation, whom they deputise for.
 */
export function rolesOn(gov: Governance, delegations: readonly DelegationRecord[], aadObjectId: string | undefined, date: IsoDate): RolesHeld {
  if (aadObjectId === undefined) return { roles: [], deputyFor: [] };
  const configured = gov.roles.get(aadObjectId) ?? [];
  const roles = [...configured];
  const deputyFor: DeputyFor[] = [];
  for (const d of delegations) {
    if (d.to.aadObjectId !== aadObjectId || !inForce(d, date) || configured.includes(d.role)) continue;
    if (!roles.includes(d.role)) roles.push(d.role);
    const onBehalfOf = d.onBehalfOf?.aadObjectId;
    if (!deputyFor.some((f) => f.role === d.role && f.member?.aadObjectId === onBehalfOf)) {
      deputyFor.push({ role: d.role, ...(d.onBehalfOf !== undefined && { member: d.onBehalfOf }) });
    }
  }
  return { roles, deputyFor };
}

/** Whether the person may vote on `date`: holds a voting role then; with no roles configured at all (local mode), everyone. */
export function isPanelMember(gov: Governance, delegations: readonly DelegationRecord[], aadObjectId: string | undefined, date: IsoDate): boolean {
  if (gov.roles.size === 0) return true;
  return rolesOn(gov, delegations, aadObjectId, date).roles.some(isVotingRole);
}

/** Everyone who may vote on `date`, configured members first, then deputies that day: whom the live card is refreshed for. */
export function votingMembersOn(gov: Governance, delegations: readonly DelegationRecord[], date: IsoDate): string[] {
  const ids = [...gov.roles].filter(([, roles]) => roles.some(isVotingRole)).map(([id]) => id);
  for (const d of delegations) if (inForce(d, date) && isVotingRole(d.role)) ids.push(d.to.aadObjectId);
  return [...new Set(ids)];
}

/**
 * The weekly council cost someone holding `roles` may commit: the highest limit among them (null: no
 * limit). A voting role without a limit of its own commits nothing, once limits are set; undefined
 * when no limits are configured.
 */
export function limitFor(gov: Governance, roles: readonly Role[]): Money | null | undefined {
  if (gov.limits === undefined) return undefined;
  let highest: Money = ZERO;
  for (const role of roles) {
    if (!isVotingRole(role)) continue;
    const limit = gov.limits.get(role);
    if (limit === null) return null;
    if (limit !== undefined && limit.gt(highest)) highest = limit;
  }
  return highest;
}

/** Whether approving a weekly council cost goes beyond a limit (no limit, or none configured: never). */
export function isOverLimit(councilCost: Decimal, limit: Decimal | null | undefined): limit is Decimal {
  return limit !== null && limit !== undefined && councilCost.gt(limit);
}

/** The council's weekly cost of an option of the request ("proposed" or an alternative's id): what a limit is measured against. */
export function councilCostOf(request: StoredRequest, optionId: string): Money | undefined {
  const option = optionOf(request, optionId);
  return option === undefined ? undefined : councilWeekly(option);
}

/**
 * The roles whose limit covers a weekly council cost, the lowest limit first and the unlimited last:
 * whom a recommendation waits for. With no limits configured, every voting role held.
 */
export function whoCanApprove(gov: Governance, councilCost: Money): Role[] {
  if (gov.limits === undefined) return [...new Set([...gov.roles.values()].flat())].filter(isVotingRole);
  return [...gov.limits]
    .filter(([, limit]) => !isOverLimit(councilCost, limit))
    .sort(([, a], [, b]) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : a.comparedTo(b)))
    .map(([role]) => role);
}

/** The roles of this panel: held by someone, given a limit, or needed by the quorum. */
function panelRoles(gov: Governance): Set<Role> {
  return new Set([...[...gov.roles.values()].flat(), ...(gov.limits?.keys() ?? []), ...gov.quorum.roles]);
}

/**
 * The roles the quorum needs that nobody is configured to hold, with no administrator to delegate
 * them: a quorum that could never be met. None in local mode with nobody configured (as before roles).
 */
export function unheldQuorumRoles(gov: Governance): Role[] {
  if (gov.roles.size === 0) return [];
  const held = [...gov.roles.values()].flat();
  if (held.includes(ADMIN)) return [];
  return gov.quorum.roles.filter((r) => !held.includes(r));
}

/** Whether those present at a meeting can make the quorum, and if not, how far off they are. */
export interface PresentQuorum {
  quorate: boolean;
  present: number;
  needed: number;
  /** Roles the quorum needs that no one present holds. */
  missingRoles: Role[];
}

/** Whether the members present (with the roles they hold that day) can make the quorum. */
export function presentQuorum(quorum: QuorumRule, present: readonly { roles: readonly Role[] }[]): PresentQuorum {
  const missingRoles = quorum.roles.filter((r) => !present.some((p) => p.roles.includes(r)));
  return { quorate: present.length >= quorum.members && missingRoles.length === 0, present: present.length, needed: quorum.members, missingRoles };
}

/** 'the chair', 'a finance member', 'an education member': someone holding the role. */
export function someoneHolding(role: Role): string {
  if (role === CHAIR) return 'the chair';
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} member`;
}

/**
 * '1 more member and a finance member', 'the chair', or '' when nothing is short: what a quorum still
 * needs, worded once for the card, the agenda and the refusal of a vote.
 */
export function shortfallWords(shortfall: { members: number; roles: readonly Role[] }): string {
  const parts = [
    ...(shortfall.members > 0 ? [`${shortfall.members} more ${shortfall.members === 1 ? 'member' : 'members'}`] : []),
    ...shortfall.roles.map(someoneHolding),
  ];
  return parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** A delegation as asked for: `to` holds `role` from `from` to `until`, both days included. */
export interface DelegationAsked {
  role: string;
  /** The deputy's Entra object id. */
  to: string;
  from: string;
  until: string;
}

/**
 * Why `by` cannot delegate as asked on `today`, by field, or none: the role must be one of this
 * panel's (never admin), the dates real, from today or later, the last on or after the first and
 * within a year; no one delegates to themselves; only an admin or someone holding the role in
 * their own right (not as a deputy: a delegation is not delegated again) may delegate it.
 * `asAdmin`: `by` acts as an administrator whatever their roles (the HTTP API, under its key).
 */
export function delegationProblem(gov: Governance, asked: DelegationAsked, by: string, today: IsoDate, asAdmin = false): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const own = asAdmin ? [ADMIN] : gov.roles.get(by) ?? [];
  const known = panelRoles(gov);
  if (!roleSchema.safeParse(asked.role).success) {
    problems.push({ field: 'role', problem: 'must be a role name in lower case, e.g. "chair"' });
  } else if (asked.role === ADMIN) {
    problems.push({ field: 'role', problem: 'admin cannot be delegated' });
  } else if (!known.has(asked.role)) {
    problems.push({ field: 'role', problem: `${asked.role} is not a role on this panel (${[...known].filter(isVotingRole).join(', ') || 'none configured'})` });
  } else if (!own.includes(ADMIN) && !own.includes(asked.role)) {
    problems.push({ field: 'role', problem: `only someone who holds ${asked.role} (not as a deputy) or an admin may delegate it` });
  }
  if (asked.to.trim() === '') problems.push({ field: 'to', problem: 'is missing: name the member who deputises' });
  else if (asked.to === by) problems.push({ field: 'to', problem: 'cannot be yourself: delegate to another member' });
  const fromProblem = dateProblem(asked.from) ?? (asked.from < today ? `must be today (${today}) or later` : undefined);
  if (fromProblem !== undefined) problems.push({ field: 'from', problem: fromProblem });
  let untilProblem = dateProblem(asked.until);
  if (untilProblem === undefined && fromProblem === undefined) {
    const latest = addDays(addYears(asked.from, 1), -1);
    if (asked.until < asked.from) untilProblem = `must be on or after the first day, ${asked.from}`;
    else if (asked.until > latest) untilProblem = `must be within a year of the first day: ${latest} at the latest`;
  }
  if (untilProblem !== undefined) problems.push({ field: 'until', problem: untilProblem });
  return problems;
}
