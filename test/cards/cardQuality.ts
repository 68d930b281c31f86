/**
 * The card quality gate: every card the bot sends must pass the official Adaptive Card 1.5 JSON
 * schema, parse and render in the official `adaptivecards` renderer without a validation event,
 * stay inside the Teams size budget, and give every Action.Execute an Action.Submit fallback.
 * Other tests reuse these helpers on the cards their handlers return.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { JSDOM } from 'jsdom';
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';
import type * as ACModule from 'adaptivecards';

/** Safe card budget in bytes of UTF-8 JSON: webhooks allow about 28 KB (docs/api.md, "Teams limits"). */
export const CARD_SIZE_BUDGET_BYTES = 28 * 1024;
/** Teams' whole-message limit, measured as UTF-16 (docs/api.md, "Teams limits"). */
export const TEAMS_MESSAGE_LIMIT_UTF16_BYTES = 40 * 1024;
/** `refresh.userIds` takes at most 60 users (docs/api.md, "Teams limits"). */
export const MAX_REFRESH_USER_IDS = 60;

type AnyObject = Record<string, unknown>;

const require = createRequire(import.meta.url);

function isObject(value: unknown): value is AnyObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// --- (1) JSON schema -------------------------------------------------------------------------

const validators = new Map<string, ValidateFunction>();

function schemaValidator(version: string): ValidateFunction | undefined {
  const cached = validators.get(version);
  if (cached) return cached;
  if (!/^\d+\.\d+$/.test(version)) return undefined;
  const file = fileURLToPath(new URL(`../schemas/adaptive-card.v${version}.schema.json`, import.meta.url));
  let schema: AnyObject;
  try {
    schema = JSON.parse(readFileSync(file, 'utf8')) as AnyObject;
  } catch {
    return undefined;
  }
  // The published schema is draft-06 and still names itself with `id`; Ajv 8 wants `$id`.
  const { id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
  const validate = ajv.compile({ ...rest, $id: typeof id === 'string' ? id : undefined });
  validators.set(version, validate);
  return validate;
}

/** Schema problems of a card, as `path: message` lines (empty when valid). */
export function schemaProblems(card: object): string[] {
  const version = (card as AnyObject).version;
  if (typeof version !== 'string') return ['/version: missing (a card must declare its version)'];
  const validate = schemaValidator(version);
  if (!validate) return [`/version: no official schema for version ${JSON.stringify(version)} in test/schemas/`];
  if (validate(card)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'} ${JSON.stringify(e.params)}`);
}

// --- (2) the official renderer under jsdom -----------------------------------------------------

let adaptiveCards: typeof ACModule | undefined;

function renderer(): typeof ACModule {
  if (adaptiveCards) return adaptiveCards;
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const g = globalThis as AnyObject;
  // The dist bundle reaches for browser globals when it loads and when it renders.
  for (const key of ['window', 'document', 'navigator', 'HTMLElement', 'Element', 'Node', 'Text',
    'DocumentFragment', 'Event', 'KeyboardEvent', 'MouseEvent', 'getComputedStyle', 'DOMParser',
    'HTMLInputElement', 'HTMLTextAreaElement', 'HTMLSelectElement', 'HTMLDivElement', 'HTMLButtonElement',
    'HTMLImageElement', 'HTMLAnchorElement', 'MutationObserver', 'requestAnimationFrame', 'cancelAnimationFrame']) {
    if (!(key in g) || g[key] === undefined) {
      const value = (window as unknown as AnyObject)[key];
      if (value !== undefined) {
        Object.defineProperty(g, key, {
          value: typeof value === 'function' && key === 'getComputedStyle' ? value.bind(window) : value,
          configurable: true, writable: true,
        });
      }
    }
  }
  // Its lib/ build is ESM without file extensions and fails under Node; the UMD bundle works.
  const AC = require('adaptivecards/dist/adaptivecards.js') as typeof ACModule;
  // Teams renders markdown; without a processor the renderer logs a warning for every TextBlock.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = text;
    result.didProcess = true;
  };
  adaptiveCards = AC;
  return AC;
}

/** Renderer problems: parse and validation events, and a failed render. */
export function rendererProblems(card: object): string[] {
  const AC = renderer();
  const problems: string[] = [];
  const describe = (e: { event: number; message: string; phase: number }) =>
    `${AC.ValidationEvent[e.event] ?? e.event} (${AC.ValidationPhase[e.phase] ?? e.phase}): ${e.message}`;
  const adaptiveCard = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  adaptiveCard.parse(structuredClone(card), context);
  for (let i = 0; i < context.eventCount; i++) problems.push(describe(context.getEventAt(i)));
  const results = adaptiveCard.validateProperties();
  for (const e of results.validationEvents) problems.push(describe(e));
  let element: HTMLElement | undefined;
  try {
    element = adaptiveCard.render();
  } catch (err) {
    problems.push(`render threw: ${(err as Error).message}`);
  }
  if (element === undefined && problems.length === 0) problems.push('render returned nothing');
  return problems;
}

/**
 * The card as the official renderer draws it when the host turns TextBlock markdown into HTML with
 * `markdown`, as Teams does (the gate above passes text through untouched).
 */
export function renderWithMarkdown(card: object, markdown: (text: string) => string): HTMLElement {
  const AC = renderer();
  const passThrough = AC.AdaptiveCard.onProcessMarkdown;
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown(text);
    result.didProcess = true;
  };
  try {
    const adaptiveCard = new AC.AdaptiveCard();
    adaptiveCard.parse(structuredClone(card), new AC.SerializationContext());
    const element = adaptiveCard.render();
    if (element === undefined) throw new Error('render returned nothing');
    return element;
  } finally {
    AC.AdaptiveCard.onProcessMarkdown = passThrough;
  }
}

// --- (3) size ----------------------------------------------------------------------------------

/** Size of a card as JSON: UTF-8 bytes (the budget) and UTF-16 bytes (how Teams measures messages). */
export function cardSize(card: object): { utf8Bytes: number; utf16Bytes: number } {
  const json = JSON.stringify(card);
  return { utf8Bytes: Buffer.byteLength(json, 'utf8'), utf16Bytes: json.length * 2 };
}

// --- (4) Teams rules ---------------------------------------------------------------------------

function walk(node: unknown, visit: (o: AnyObject, path: string) => void, path = ''): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, visit, `${path}/${i}`));
  } else if (isObject(node)) {
    visit(node, path);
    for (const [key, value] of Object.entries(node)) walk(value, visit, `${path}/${key}`);
  }
}

/** Every action on a card (card actions, ActionSets, selectActions, fallbacks, refresh), in document order. */
export function findActions(card: object): AnyObject[] {
  const actions: AnyObject[] = [];
  walk(card, (o) => {
    if (typeof o.type === 'string' && o.type.startsWith('Action.')) actions.push(o);
  });
  return actions;
}

/** Teams rule problems: version 1.5, Action.Execute fallbacks, refresh user cap, unbound template text. */
export function teamsProblems(card: object): string[] {
  const problems: string[] = [];
  const c = card as AnyObject;
  if (c.type !== 'AdaptiveCard') problems.push('/type: must be "AdaptiveCard"');
  if (c.version !== '1.5') problems.push(`/version: must be "1.5" (the newest Teams renders), got ${JSON.stringify(c.version)}`);
  const refresh = c.refresh;
  if (isObject(refresh) && Array.isArray(refresh.userIds) && refresh.userIds.length > MAX_REFRESH_USER_IDS) {
    problems.push(`/refresh/userIds: ${refresh.userIds.length} users, Teams takes at most ${MAX_REFRESH_USER_IDS}`);
  }
  walk(card, (o, path) => {
    if (o.type === 'Action.Execute' && !path.startsWith('/refresh')) {
      const fallback = o.fallback;
      if (!isObject(fallback) || fallback.type !== 'Action.Submit') {
        problems.push(`${path}: Action.Execute "${String(o.title)}" needs an Action.Submit fallback`);
      } else if (!isObject(fallback.data) || fallback.data.verb !== o.verb) {
        problems.push(`${path}/fallback: the Action.Submit fallback's data must carry verb "${String(o.verb)}"`);
      }
    }
    // Teams draws "warning" text yellow, unreadable on white and on a warning-styled (pale orange) container.
    if ((o.type === 'TextBlock' || o.type === 'TextRun') && typeof o.color === 'string' && o.color.toLowerCase() === 'warning') {
      problems.push(`${path}/color: warning-coloured text is unreadable in Teams' light theme; use a warning-styled container with default text`);
    }
    for (const [key, value] of Object.entries(o)) {
      if (typeof value === 'string' && value.includes('${')) problems.push(`${path}/${key}: unbound template expression ${value}`);
    }
  });
  return problems;
}

/** Every problem the gate finds with a card (empty when it passes). */
export function cardProblems(card: object): string[] {
  const problems = [
    ...schemaProblems(card).map((p) => `schema ${p}`),
    ...rendererProblems(card).map((p) => `renderer ${p}`),
    ...teamsProblems(card).map((p) => `teams ${p}`),
  ];
  const size = cardSize(card);
  if (size.utf8Bytes > CARD_SIZE_BUDGET_BYTES) {
    problems.push(`size ${size.utf8Bytes} bytes UTF-8 (${size.utf16Bytes} bytes UTF-16) is over the ${CARD_SIZE_BUDGET_BYTES}-byte budget`);
  }
  return problems;
}

/** Throws, listing every problem, unless the card passes the whole gate. */
export function assertValidCard(card: object): void {
  const problems = cardProblems(card);
  if (problems.length > 0) {
    const shown = problems.length > 40 ? [...problems.slice(0, 40), `… and ${problems.length - 40} more`] : problems;
    const size = cardSize(card);
    throw new Error(`card fails the quality gate (${size.utf8Bytes} B UTF-8, ${size.utf16Bytes} B UTF-16):\n  ${shown.join('\n  ')}`);
  }
}

/** All text a person reads on the card: TextBlocks, RichText runs, FactSets, Tables, choices, titles. */
export function cardText(card: object): string {
  const parts: string[] = [];
  walk(card, (o) => {
    switch (o.type) {
      case 'TextBlock':
      case 'TextRun':
        if (typeof o.text === 'string') parts.push(o.text);
        break;
      case 'FactSet':
        for (const f of Array.isArray(o.facts) ? o.facts : []) {
          if (isObject(f)) parts.push(`${String(f.title)}: ${String(f.value)}`);
        }
        break;
      case 'Input.ChoiceSet':
        for (const ch of Array.isArray(o.choices) ? o.choices : []) {
          if (isObject(ch)) parts.push(String(ch.title));
        }
        break;
      default:
        if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') parts.push(o.title);
        if (o.type === 'Input.Text' || o.type === 'Input.Number' || o.type === 'Input.Date') {
          if (typeof o.label === 'string') parts.push(o.label);
        }
    }
  });
  return parts.join('\n');
}
