import { fieldProblems, problemLines } from '../domain/issues.js';
import { needBandsSchema, type NeedBands } from '../calculators/need.js';
import shipped from '../../config/need-bands.json' with { type: 'json' };

/** A need-band table, validated; an error names the table and lists every "field: problem" line. */
export function parseNeedBands(json: unknown, name: string): NeedBands {
  const parsed = needBandsSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${name} is not a valid need-band table:\n${problemLines(fieldProblems(parsed.error)).join('\n')}`);
  }
  return parsed.data;
}

/**
 * The need bands in config/need-bands.json (illustrative defaults each council must set). A module,
 * so the table is bundled with the code: a council's edit takes effect at the next build (`npm start` builds).
 */
export function loadDefaultNeedBands(): NeedBands {
  return parseNeedBands(shipped, 'config/need-bands.json');
}
