import { z } from 'zod';
import { parseMoney, type Money } from '../calculators/money.js';
import { ADMIN, type QuorumRule } from '../domain/governance.js';
import { roleSchema, type Role } from '../domain/meeting.js';

/*
 * The panel's governance settings (issue #16): who holds which role (PANEL_ROLES), what each role may
 * commit (APPROVAL_LIMITS) and the quorum (PANEL_QUORUM). Each is read here so that a bad value is
 * refused at start, naming its variable and the part that is wrong.
 */

/**
 * The non-empty comma-separated parts of a setting, trimmed. A comma is a separator only before
 * another `name=`, so an amount may keep its thousands separators ("finance=£5,000").
 */
function partsOf(raw: string | undefined): string[] {
  return (raw ?? '').split(/,(?=[^,=]*=)/).map((p) => p.trim()).filter((p) => p !== '');
}

/** Why `name` cannot be a role, or undefined when it can. */
function roleProblem(name: string): string | undefined {
  return roleSchema.safeParse(name).success ? undefined : `"${name}" is not a role name: lower-case letters, digits, "-" or "_", starting with a letter (e.g. "chair")`;
}

const ROLES_FORM = 'must be Entra object ids with their roles, e.g. "aad-1=chair,aad-2=finance"';

/** `aad-1=chair,aad-2=finance`: each person's roles, in the order named; a person may be named twice to hold two roles. */
export const panelRolesSetting = z.string().optional().transform((raw, ctx): ReadonlyMap<string, readonly Role[]> => {
  const roles = new Map<string, Role[]>();
  for (const part of partsOf(raw)) {
    const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(part);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${part}": ${ROLES_FORM}` });
      continue;
    }
    const id = m[1]!;
    const role = m[2]!;
    const problem = roleProblem(role);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem });
      continue;
    }
    const held = roles.get(id) ?? [];
    if (!held.includes(role)) roles.set(id, [...held, role]);
  }
  return roles;
});

const LIMIT_FORM = 'must be roles with pounds a week or "none", e.g. "commissioning=2500,finance=5000,chair=none"';

/**
 * `commissioning=2500,chair=none`: the weekly council cost each role may commit (null: no limit);
 * unset or empty for no limits at all.
 */
export const approvalLimitsSetting = z.string().optional().transform((raw, ctx): ReadonlyMap<Role, Money | null> | undefined => {
  const parts = partsOf(raw);
  if (parts.length === 0) return undefined;
  const limits = new Map<Role, Money | null>();
  for (const part of parts) {
    const m = /^([^=\s]+)\s*=\s*(.+)$/.exec(part);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: `"${part}": ${LIMIT_FORM}` });
      continue;
    }
    const role = m[1]!;
    const amount = m[2]!;
    const problem = roleProblem(role) ?? (role === ADMIN ? `${ADMIN} is not a voting role: it has no limit` : undefined);
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem });
      continue;
    }
    if (limits.has(role)) ctx.addIssue({ code: 'custom', message: `names ${role} twice` });
    if (amount.trim().toLowerCase() === 'none') {
      limits.set(role, null);
      continue;
    }
    const parsed = parseMoney(amount);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: `${role}: ${parsed.error}` });
    else limits.set(role, parsed.value);
  }
  return limits;
});

const QUORUM_FORM = 'must be a number of members, optionally with roles among them (e.g. "1", "2+chair", "3+chair+finance")';

/** `3+chair+finance`: three members agreeing, a chair and a finance member among them; unset for one member. */
export const panelQuorumSetting = z.string().optional().transform((v, ctx): QuorumRule => {
  const text = (v ?? '').trim() || '1';
  const [count, ...roles] = text.split('+').map((p) => p.trim());
  if (!/^\d{1,3}$/.test(count!) || Number(count) < 1) {
    ctx.addIssue({ code: 'custom', message: QUORUM_FORM });
    return z.NEVER;
  }
  for (const [i, role] of roles.entries()) {
    const problem = roleProblem(role) ?? (role === ADMIN ? `${ADMIN} is not a voting role: the quorum cannot need one` : undefined);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    else if (roles.indexOf(role) !== i) ctx.addIssue({ code: 'custom', message: `names ${role} twice` });
  }
  return { members: Number(count), roles };
});
