import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldProblems, problemLines } from '../domain/issues.js';
import { needBandsSchema, type NeedBands } from './need.js';

// From src/calculators or dist/src/calculators alike, the package root is the nearest folder with package.json.
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the calculators');
    dir = parent;
  }
  return dir;
}

/** Where the shipped need-band table lives: config/need-bands.json under the package root. */
export function defaultNeedBandsPath(): string {
  return join(packageRoot(), 'config', 'need-bands.json');
}

/** The need bands in a JSON file, validated; an error lists every "field: problem" line. */
export function loadNeedBands(path: string): NeedBands {
  const parsed = needBandsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${path} is not a valid need-band table:\n${problemLines(fieldProblems(parsed.error)).join('\n')}`);
  }
  return parsed.data;
}

/** The need bands shipped in config/need-bands.json (illustrative defaults each council must set). */
export function loadDefaultNeedBands(): NeedBands {
  return loadNeedBands(defaultNeedBandsPath());
}
