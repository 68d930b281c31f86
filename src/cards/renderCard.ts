import * as ACData from 'adaptivecards-templating';
import requestCard from '../../cards/requestCard.json' with { type: 'json' };
import requestForm from '../../cards/requestForm.json' with { type: 'json' };
import help from '../../cards/help.json' with { type: 'json' };
import savings from '../../cards/savings.json' with { type: 'json' };
import pending from '../../cards/pending.json' with { type: 'json' };
import topPlacements from '../../cards/topPlacements.json' with { type: 'json' };
import valueCheck from '../../cards/valueCheck.json' with { type: 'json' };
import cohort from '../../cards/cohort.json' with { type: 'json' };
import digest from '../../cards/digest.json' with { type: 'json' };
import message from '../../cards/message.json' with { type: 'json' };
import error from '../../cards/error.json' with { type: 'json' };
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

// The templates are modules: bundled with the code that binds them, so no path is looked up at run time.
const TEMPLATES = {
  requestCard, requestForm, help, savings, pending, topPlacements, valueCheck, cohort, digest, message, error,
} satisfies Record<CardName, object>;

/** Every card template, by name (one JSON file in cards/ each). */
export const CARD_NAMES = Object.keys(TEMPLATES) as readonly CardName[];

const templates = new Map<CardName, ACData.Template>();

function template(name: CardName): ACData.Template {
  let loaded = templates.get(name);
  if (loaded === undefined) {
    loaded = new ACData.Template(TEMPLATES[name]);
    templates.set(name, loaded);
  }
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
