import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';
import type { CardName, CardViews } from './viewModels.js';

export type { CardName, CardViews } from './viewModels.js';

/** An Adaptive Card as plain JSON, ready to attach or return from an invoke. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/** Content type of an Adaptive Card attachment and of an `adaptiveCard/action` invoke response. */

function findCardsFolder(): string {
  // Walk up to the package root, so this works from src/cards/ (tsx) and dist/src/cards/ (build).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'cards');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cards/ not found: no package.json above src/cards');
    dir = parent;
  }
}

let cardsFolder: string | undefined;
const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  const cached = templates.get(name);
  if (cached) return cached;
  cardsFolder ??= findCardsFolder();
  const json = JSON.parse(readFileSync(join(cardsFolder, `${name}.json`), 'utf8')) as object;
  const loaded = new ACData.Template(json);
  templates.set(name, loaded);
  return loaded;
}

// A `$when` that drops an object held in a property (e.g. `refresh`) leaves the property as null,
// which Adaptive Card schemas refuse; arrays already drop their members.
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v !== null && v !== undefined) out[key] = dropNulls(v);
    }
    return out;
  }
  return value;
}

/** The named card template bound to its view-model: an Adaptive Card 1.5 as a plain object. */
export function renderCard<K extends CardName>(name: K, view: CardViews[K]): AdaptiveCard {
  const expanded: unknown = template(name).expand({ $root: view });
  return dropNulls(expanded) as AdaptiveCard;
}
