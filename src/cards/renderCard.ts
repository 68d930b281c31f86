import * as ACData from 'adaptivecards-templating';
import { quickenTemplate } from './fastExpressions.js';

/** An Adaptive Card as plain JSON, ready to attach or return from an invoke. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body?: unknown[];
  actions?: unknown[];
  [key: string]: unknown;
}

/**
 * A card template (a JSON file in cards/, imported as a module) with the type of the view-model it
 * binds: declared beside the view that fills it, so a new card is its template and its view.
 */
export interface CardTemplate<V> {
  readonly json: object;
  /** Never set: carries the view type. */
  readonly view?: V;
}

/** The template in `json` as one that binds views of type V. */
export function cardTemplate<V>(json: object): CardTemplate<V> {
  return { json };
}

// Parsed once per template; binding never changes the parsed template.
const parsed = new WeakMap<object, ACData.Template>();

function templateOf(json: object): ACData.Template {
  let template = parsed.get(json);
  if (template === undefined) {
    template = quickenTemplate(new ACData.Template(json));
    parsed.set(json, template);
  }
  return template;
}

// A `$when` that drops an object held in a property (e.g. `refresh`) leaves the property as null,
// which Adaptive Card schemas refuse; arrays already drop their members. The engine's output is a
// fresh tree of our own, so the nulls are taken out where they are rather than by copying it. (A
// value bound whole from a view is the view's own; a frozen one is left as it is rather than thrown on.)
function dropNulls(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropNulls(item);
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const frozen = Object.isFrozen(record);
    for (const key in record) {
      const v = record[key];
      if (v !== null && v !== undefined) dropNulls(v);
      else if (!frozen) delete record[key];
    }
  }
}

/** The card template bound to its view-model: an Adaptive Card 1.5 as a plain object. */
export function renderCard<V>(template: CardTemplate<V>, view: V): AdaptiveCard {
  const expanded: unknown = templateOf(template.json).expand({ $root: view });
  dropNulls(expanded);
  return expanded as AdaptiveCard;
}
