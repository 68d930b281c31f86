import { Decimal } from 'decimal.js';

/**
 * Decimal for money: 40 significant digits so sums over years of weekly costs never round,
 * and half-up rounding, the way councils round pence.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = InstanceType<typeof Money>;

export const ZERO = new Money(0);

/**
 * The value as Money: the same instance when it already is one (Money is immutable, so sharing it
 * is safe and saves a copy per use in big reports), parsed otherwise.
 */
export function asMoney(value: Decimal.Value): Money {
  // Every Decimal passes `instanceof Money` (clones share one prototype), but computes with its own
  // constructor's precision and rounding: only a Money made here is reused.
  return value instanceof Money && (value as Money).constructor === Money ? value as Money : new Money(value);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** What kind of amount is being parsed: a cost may not be negative, a saving or difference may. */
export interface ParseMoneyOptions {
  allowNegative?: boolean;
}

// Pounds with optional £, optional thousands separators in groups of three, at most two decimals.
const MONEY_PATTERN = /^(-|−)?£?(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/;

/**
 * The amount in pounds that a person or a case system meant, or a message saying why it is
 * ambiguous ("1,2,3", "12.345", "£", NaN) or not allowed (a negative cost).
 */
export function parseMoney(input: unknown, options: ParseMoneyOptions = {}): Parsed<Money> {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, error: 'must be a finite amount in pounds' };
    // A JSON number is read through its shortest decimal representation, never through arithmetic.
    text = String(input);
    if (/e/i.test(text)) return { ok: false, error: 'must be an amount in pounds, e.g. "1234.50"' };
  } else if (typeof input === 'string') {
    text = input.trim().replace(/\s+/g, '');
  } else {
    return { ok: false, error: 'must be an amount in pounds, e.g. "1234.50"' };
  }
  if (text === '') return { ok: false, error: 'must not be empty' };
  const match = MONEY_PATTERN.exec(text);
  if (!match) {
    if (/\.\d{3,}$/.test(text)) return { ok: false, error: `"${text}" has more than two decimal places (pence)` };
    return { ok: false, error: `"${text}" is not a clear amount in pounds, e.g. "£1,234.50" or "1234.5"` };
  }
  const negative = match[1] !== undefined;
  const digits = `${match[2]!.replace(/,/g, '')}${match[4] ?? ''}`;
  const value = new Money(digits);
  if (negative && !value.isZero()) {
    if (!options.allowNegative) return { ok: false, error: 'must not be negative' };
    return { ok: true, value: value.negated() };
  }
  return { ok: true, value };
}

/** The amount rounded half-up to `places` decimals and written with exactly that many ("1234.50", "3.6"). */
export function fixedPlaces(value: Decimal.Value, places: number): string {
  // The lint rule is aimed at Number#toFixed; this is Decimal#toFixed on a value already rounded half-up.
  // eslint-disable-next-line no-restricted-properties
  return new Money(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}

/** The amount rounded to pence (half-up), for showing or storing. */
export function roundPence(value: Decimal.Value): Money {
  return new Money(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Pounds with two decimals and no symbol ("1234.50"): the stored and JSON form. */
export function toPounds(value: Decimal.Value): string {
  return fixedPlaces(value, 2);
}

/** Sum of amounts, exact. */
export function sum(values: Iterable<Decimal.Value>): Money {
  let total = new Money(0);
  for (const v of values) total = total.plus(v);
  return total;
}

function groupThousands(integerDigits: string): string {
  return integerDigits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "£1,234.50", or "−£142.96" for a negative amount (a true minus sign, as finance reports print it). */
export function formatMoney(value: Decimal.Value): string {
  const rounded = roundPence(value);
  // Already to pence: toFixed only writes the digits.
  // eslint-disable-next-line no-restricted-properties
  const [whole, pence] = rounded.abs().toFixed(2).split('.');
  const sign = rounded.isNegative() && !rounded.isZero() ? '−' : '';
  return `${sign}£${groupThousands(whole!)}.${pence}`;
}

/** "£1,235", whole pounds, for tables where pence are noise. */
export function formatWholePounds(value: Decimal.Value): string {
  const rounded = new Money(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
  const sign = rounded.isNegative() && !rounded.isZero() ? '−' : '';
  return `${sign}£${groupThousands(fixedPlaces(rounded.abs(), 0))}`;
}

/** Short form for digests: "£253k", "£1.01m", "£950". */
export function formatShort(value: Decimal.Value): string {
  const v = new Money(value);
  const sign = v.isNegative() && !v.isZero() ? '−' : '';
  const a = v.abs();
  if (a.gte(1_000_000)) {
    return `${sign}£${fixedPlaces(a.dividedBy(1_000_000), 2)}m`;
  }
  if (a.gte(1_000)) {
    const k = a.dividedBy(1_000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
    if (k.gte(1000)) return `${sign}£1.00m`;
    return `${sign}£${fixedPlaces(k, 0)}k`;
  }
  return `${sign}£${fixedPlaces(a, 0)}`;
}
