import { z } from 'zod';
import { financialYearOf } from '../calculators/financialYear.js';
import { fieldProblems, type FieldProblem } from '../domain/issues.js';
import { AS_OF_DATES, dateIn } from '../domain/schemaParts.js';
import type { ExportPeriod } from './savingsRows.js';

// An empty value (?from=) reads as not given, as card inputs do.
const day = z.preprocess((v) => (v === '' ? undefined : v), dateIn(AS_OF_DATES).optional());

const periodQuery = z.object({ from: day, to: day });

/**
 * The savings export's period from the `from` and `to` asked for (both days counted): `to` is today
 * unless given, `from` 1 April of the financial year holding `to` (so by default this financial year
 * so far); each a date from 2000-01-01 to 2100-12-31, and `from` not after `to`. Problems are named by the field, as the API's are.
 */
export function exportPeriod(query: unknown, today: string): { ok: true; period: ExportPeriod } | { ok: false; problems: FieldProblem[] } {
  const parsed = periodQuery.safeParse(query ?? {});
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error) };
  const to = parsed.data.to ?? today;
  const yearStart = financialYearOf(to).start;
  const from = parsed.data.from ?? (yearStart < AS_OF_DATES.from ? AS_OF_DATES.from : yearStart);
  if (from > to) return { ok: false, problems: [{ field: 'from', problem: `must be on or before to (${to})` }] };
  return { ok: true, period: { from, to } };
}
