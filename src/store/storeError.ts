import type { z } from 'zod';
import { fieldProblems, problemLines } from '../domain/issues.js';

/** A store that cannot be opened, read or written, with a message naming the file and what is wrong. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/**
 * An event its check refused (PanelStore.appendEvent): the request's events, as recorded when it was
 * to be appended by whichever instance, already hold what it would contradict (a second end, a
 * condition done twice). `reason` is the check's own words.
 */
export class EventRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'EventRefused';
  }
}

/** The error's code ("ENOSPC") or message, for a one-line explanation. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${code} (${error.message})` : error.message;
  }
  return String(error);
}

/**
 * `value` as `schema` reads it, or a StoreError naming `what` and its problems: nothing is stored
 * that would not load again.
 */
export function validated<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoreError(`${what} is not valid: ${problemLines(fieldProblems(parsed.error)).join('; ')}`);
  return parsed.data;
}
