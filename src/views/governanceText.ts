import { formatMoney } from '../calculators/money.js';
import { CHAIR, shortfallWords, someoneHolding, type DeputyFor } from '../domain/governance.js';
import type { Role } from '../domain/meeting.js';
import type { HigherApproval } from '../domain/settlement.js';

/*
 * How the cards word the panel's governance (issue #16): people and their roles, deputies, what a
 * vote still needs and whom a recommendation waits for. Plain words, unescaped: each card escapes
 * and clips what it shows (names are typed in Teams).
 */

/** A person as the cards and minutes name them, unescaped: their name, or 'A panel member' when Teams gave none. */
export function personName(name: string): string {
  return name.trim() === '' ? 'A panel member' : name;
}

/** 'chair, finance', or 'member' for someone with no role named. */
export function rolesText(roles: readonly Role[]): string {
  return roles.length === 0 ? 'member' : roles.join(', ');
}

/** 'as deputy for Jane Smith', or 'as deputy for the chair' when the delegation named only the role; `name` turns a member's name into card text. */
export function deputyWords(deputy: DeputyFor, name: (text: string) => string): string {
  if (deputy.member !== undefined) return `as deputy for ${name(personName(deputy.member.name))}`;
  return `as deputy for ${deputy.role === CHAIR ? 'the chair' : `the ${deputy.role} member`}`;
}

/** 'the chair', 'a finance member or the chair', 'a, b or c'. */
function eitherOf(roles: readonly Role[]): string {
  const words = roles.map(someoneHolding);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** 'Needs 1 more member and a finance member', 'Needs the chair', or undefined when nothing more is needed. */
export function needsText(shortfall: { members: number; roles: readonly Role[] }): string | undefined {
  const words = shortfallWords(shortfall);
  return words === '' ? undefined : `Needs ${words}`;
}

/**
 * 'Recommended: needs the chair — £6,108.00 a week is over £5,000.00': an approval agreed only by
 * members over their limit, and the roles whose limit covers it (whoCanApprove, lowest limit first).
 */
export function awaitingText(awaiting: HigherApproval, canApprove: readonly Role[]): string {
  const over = `${formatMoney(awaiting.councilCost)} a week is over ${formatMoney(awaiting.limit)}`;
  if (canApprove.length === 0) return `Recommended: ${over}, and no role's limit covers it`;
  return `Recommended: needs ${eitherOf(canApprove)} — ${over}`;
}
