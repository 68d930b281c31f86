import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { bankHolidaysSchema, type BankHolidaysFile } from '../domain/workingDays.js';

/**
 * A copy of gov.uk's bank-holidays JSON read from `path` (BANK_HOLIDAYS_FILE), or why it cannot be
 * used, in words that name the file's problem (never its contents).
 */
export function readBankHolidays(path: string): { ok: true; value: BankHolidaysFile } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, problem: code === 'ENOENT' ? `no file at ${path}` : `${path} is not readable JSON` };
  }
  const parsed = bankHolidaysSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0]!;
  return { ok: false, problem: `${path}: ${first.path.length > 0 ? `${first.path.join('.')} ` : ''}${first.message}` };
}

/** The env variable's schema: unset for the list in src/config/bankHolidays.json. */
export const bankHolidaysFileSetting = z.string().optional().transform((v, ctx): BankHolidaysFile | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const read = readBankHolidays(v.trim());
  if (read.ok) return read.value;
  ctx.addIssue({ code: 'custom', message: read.problem });
  return z.NEVER;
});
