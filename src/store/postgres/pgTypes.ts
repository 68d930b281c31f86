import pg from 'pg';

/*
 * How the store's pool reads PostgreSQL's values, pinned on the pool rather than taken from pg's
 * process-wide defaults, which any module calling pg.types.setTypeParser could change.
 */

const OID = {
  INT8: 20, INT8_ARRAY: 1016,
  NUMERIC: 1700, NUMERIC_ARRAY: 1231,
  DATE: 1082, DATE_ARRAY: 1182,
  TIMESTAMP: 1114, TIMESTAMP_ARRAY: 1115,
  TIMESTAMPTZ: 1184, TIMESTAMPTZ_ARRAY: 1185,
  JSON: 114, JSONB: 3802,
  TEXT_ARRAY: 1009,
} as const;

type Parser = (value: string) => unknown;

/**
 * Money (numeric) and counts (int8) as the exact text PostgreSQL sends, never a float; dates
 * (date) as 'YYYY-MM-DD'; instants (timestamptz) as ISO text ("2026-03-01T10:00:00.000Z"), whatever
 * the session's time zone; JSON parsed.
 */
export function panelTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  const set = (oid: number, parse: Parser) => types.setTypeParser(oid, 'text', parse);
  // @types/pg types a parser's input as a number; text parsers are given strings.
  const builtIn = (oid: number) => pg.types.getTypeParser(oid, 'text') as unknown as Parser;
  const textArray = builtIn(OID.TEXT_ARRAY);
  const asText: Parser = (value) => value;

  set(OID.INT8, asText);
  set(OID.INT8_ARRAY, textArray);
  set(OID.NUMERIC, asText);
  set(OID.NUMERIC_ARRAY, textArray);
  set(OID.DATE, asText);
  set(OID.DATE_ARRAY, textArray);
  // Without a zone the instant is unknown: left as PostgreSQL wrote it.
  set(OID.TIMESTAMP, asText);
  set(OID.TIMESTAMP_ARRAY, textArray);
  const instant = builtIn(OID.TIMESTAMPTZ);
  const isoInstant: Parser = (value) => {
    const parsed = instant(value);
    return parsed instanceof Date && !Number.isNaN(parsed.getTime()) ? parsed.toISOString() : value;
  };
  set(OID.TIMESTAMPTZ, isoInstant);
  set(OID.TIMESTAMPTZ_ARRAY, (value) => (textArray(value) as (string | null)[]).map((v) => (v === null ? null : isoInstant(v))));
  set(OID.JSON, (value) => JSON.parse(value));
  set(OID.JSONB, (value) => JSON.parse(value));
  return types;
}

/** A bigint column's text (see panelTypes) as a number: sequence numbers and counts stay far below 2^53. */
export function count(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} is not a count: ${String(value)}`);
  return n;
}
