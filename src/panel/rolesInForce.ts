import { isDeepStrictEqual } from 'node:util';
import { toPounds } from '../calculators/money.js';
import type { Governance } from '../domain/governance.js';
import type { RolesInForceRecord } from '../domain/meeting.js';

/** What a roles-in-force record says: each member's roles, each role's limit, the quorum. */
export type RolesInForce = Pick<RolesInForceRecord, 'roles' | 'limits' | 'quorum'>;

/** The governance as a record holds it: members and roles in a fixed order, limits in pounds (null: none). */
export function rolesInForceOf(gov: Governance): RolesInForce {
  const roles = Object.fromEntries([...gov.roles].sort(([a], [b]) => a.localeCompare(b)).map(([id, held]) => [id, [...held].sort()]));
  const limits = gov.limits === undefined ? undefined
    : Object.fromEntries([...gov.limits].sort(([a], [b]) => a.localeCompare(b)).map(([role, limit]) => [role, limit === null ? null : toPounds(limit)]));
  return { roles, ...(limits !== undefined && { limits }), quorum: { members: gov.quorum.members, roles: [...gov.quorum.roles].sort() } };
}

/** Whether a recorded roles-in-force says the same as `inForce`. */
export function sameRolesInForce(recorded: RolesInForceRecord, inForce: RolesInForce): boolean {
  const { roles, limits, quorum } = recorded;
  return isDeepStrictEqual(rolesInForceOf({ roles: new Map(Object.entries(roles)), quorum, limits: undefined }).roles, inForce.roles)
    && isDeepStrictEqual(limits, inForce.limits) && isDeepStrictEqual({ members: quorum.members, roles: [...quorum.roles].sort() }, inForce.quorum);
}
