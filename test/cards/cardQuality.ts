/**
 * The card quality gate: every card the bot sends must pass the official Adaptive Card 1.5 JSON
 * schema, parse and render in the official `adaptivecards` renderer without a validation event,
 * stay inside the Teams size budget, and give every Action.Execute an Action.Submit fallback.
 * Teams' chart elements (Chart.Line, Chart.Donut, Chart.Gauge), which neither the schema nor the
 * renderer knows, are checked against the shape Microsoft documents for them and must carry a
 * fallback; the schema and the renderer then check the card as a client without charts shows it,
 * each chart replaced by its fallback. Other tests reuse these helpers on the cards their handlers return.
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

// --- (1b) Teams chart elements ---------------------------------------------------------------

/*
 * The shape of the chart elements the bot sends, as documented by Microsoft ("Charts in Adaptive Cards"
 * on Microsoft Learn, and the Chart.Line, Chart.Donut and Chart.Gauge topics of adaptivecards.microsoft.com,
 * whose TypeScript form is ILineChart, IDonutChart and IGaugeChart in @microsoft/teams.cards).
 */
const CHART_COLOR_SETS = ['categorical', 'sequential', 'sequentialred', 'sequentialgreen', 'sequentialyellow', 'diverging'];
const CHART_COLORS = [
  'good', 'warning', 'attention', 'neutral', 'categoricalRed', 'categoricalPurple', 'categoricalLavender', 'categoricalBlue',
  'categoricalLightBlue', 'categoricalTeal', 'categoricalGreen', 'categoricalLime', 'categoricalMarigold',
  ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [`sequential${n}`, `sequentialRed${n}`, `sequentialGreen${n}`, `sequentialYellow${n}`]),
  'divergingBlue', 'divergingLightBlue', 'divergingCyan', 'divergingTeal', 'divergingYellow', 'divergingPeach', 'divergingLightRed',
  'divergingRed', 'divergingMaroon', 'divergingGray',
];
const SPACINGS = ['none', 'extrasmall', 'small', 'default', 'medium', 'large', 'extralarge', 'padding'];

type Check = (value: unknown) => string | undefined;
const isString: Check = (v) => (typeof v === 'string' ? undefined : 'must be a string');
const isNumber: Check = (v) => (typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a finite number');
const isBoolean: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const oneOf = (values: readonly string[]): Check => (v) =>
  (typeof v === 'string' && values.some((x) => x.toLowerCase() === v.toLowerCase()) ? undefined : `must be one of ${values.join(', ')}`);
const isObject_: Check = (v) => (isObject(v) ? undefined : 'must be an object');

/** Properties every chart element may have. */
const CHART_COMMON: Record<string, Check> = {
  type: isString, id: isString, key: isString, requires: isObject_, lang: isString, isVisible: isBoolean, separator: isBoolean,
  height: oneOf(['auto', 'stretch']), horizontalAlignment: oneOf(['Left', 'Center', 'Right']), spacing: oneOf(SPACINGS),
  targetWidth: isString, isSortKey: isBoolean, title: isString, showTitle: isBoolean, colorSet: oneOf(CHART_COLOR_SETS),
  maxWidth: (v) => (typeof v === 'string' && /^\d+px$/.test(v) ? undefined : 'must be "<number>px"'), showLegend: isBoolean,
  'grid.area': isString, fallback: () => undefined,
};

interface ChartShape {
  properties: Record<string, Check>;
  required: string[];
  /** The array of data points, the properties each may have and those it must have. */
  points?: { name: string; properties: Record<string, Check>; required: string[] };
}

const CHART_SHAPES: Record<string, ChartShape> = {
  'Chart.Line': {
    properties: { xAxisTitle: isString, yAxisTitle: isString, color: oneOf(CHART_COLORS), data: () => undefined, yMin: isNumber, yMax: isNumber },
    required: ['data'],
    points: {
      name: 'data',
      properties: { key: isString, legend: isString, color: oneOf(CHART_COLORS), values: (v) => (Array.isArray(v) ? undefined : 'must be an array') },
      required: ['values'],
    },
  },
  'Chart.Donut': {
    properties: { data: () => undefined, value: isString, valueColor: oneOf(CHART_COLORS), thickness: oneOf(['Thin', 'Thick']), showOutlines: isBoolean },
    required: ['data'],
    points: { name: 'data', properties: { key: isString, legend: isString, value: isNumber, color: oneOf(CHART_COLORS) }, required: ['legend', 'value'] },
  },
  'Chart.Gauge': {
    properties: {
      min: isNumber, max: isNumber, value: isNumber, valueFormat: oneOf(['Percentage', 'Fraction']), subLabel: isString,
      showMinMax: isBoolean, showNeedle: isBoolean, showOutlines: isBoolean, segments: () => undefined,
    },
    required: ['value'],
    points: { name: 'segments', properties: { key: isString, legend: isString, size: isNumber, color: oneOf(CHART_COLORS) }, required: ['size'] },
  },
};

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function isChart(o: AnyObject): boolean {
  return typeof o.type === 'string' && o.type.startsWith('Chart.');
}

function unknownAndWrong(o: AnyObject, properties: Record<string, Check>, required: string[], path: string): string[] {
  const problems: string[] = [];
  for (const name of required) if (!(name in o)) problems.push(`${path}: "${name}" is required`);
  for (const [name, value] of Object.entries(o)) {
    const check = properties[name];
    if (check === undefined) {
      problems.push(`${path}/${name}: not a documented property`);
      continue;
    }
    const wrong = check(value);
    if (wrong !== undefined) problems.push(`${path}/${name}: ${wrong}`);
  }
  return problems;
}

/** Problems of one chart element against its documented shape, and the team's rules: a fallback, and a Chart.Line drawn as a time series. */
export function chartElementProblems(chart: AnyObject, path = ''): string[] {
  const shape = CHART_SHAPES[String(chart.type)];
  if (shape === undefined) return [`${path}: ${String(chart.type)} is not a chart the gate knows (Chart.Line, Chart.Donut, Chart.Gauge)`];
  const problems = unknownAndWrong(chart, { ...CHART_COMMON, ...shape.properties }, shape.required, path);
  // A client without charts (older Teams, other hosts) shows the fallback: without one it shows nothing.
  if (!isObject(chart.fallback) || typeof chart.fallback.type !== 'string') {
    problems.push(`${path}/fallback: a chart needs a fallback element (a table or text) for clients without charts`);
  }
  if (shape.points) {
    const points = chart[shape.points.name];
    if (points !== undefined && !Array.isArray(points)) problems.push(`${path}/${shape.points.name}: must be an array`);
    for (const [i, point] of (Array.isArray(points) ? points : []).entries()) {
      const at = `${path}/${shape.points.name}/${i}`;
      if (!isObject(point)) {
        problems.push(`${at}: must be an object`);
        continue;
      }
      problems.push(...unknownAndWrong(point, shape.points.properties, shape.points.required, at));
      if (chart.type === 'Chart.Line' && Array.isArray(point.values)) {
        for (const [j, v] of point.values.entries()) {
          problems.push(...(isObject(v)
            ? unknownAndWrong(v, { key: isString, x: (x) => (typeof x === 'string' || typeof x === 'number' ? undefined : 'must be a number or a string'), y: isNumber }, ['x', 'y'], `${at}/values/${j}`)
            : [`${at}/values/${j}: must be an object`]));
        }
      }
      if (chart.type === 'Chart.Gauge' && typeof point.size === 'number' && point.size < 0) problems.push(`${at}/size: must not be negative`);
    }
  }
  if (chart.type === 'Chart.Line' && Array.isArray(chart.data)) {
    // All x values YYYY-MM-DD dates (or all numbers) make a time series; anything else is drawn as categories.
    const xs = chart.data.flatMap((d) => (isObject(d) && Array.isArray(d.values) ? d.values.map((v) => (isObject(v) ? v.x : undefined)) : []));
    const dates = xs.every((x) => typeof x === 'string' && ISO_DATE.test(x));
    const numbers = xs.every((x) => typeof x === 'number');
    if (!dates && !numbers) problems.push(`${path}/data: x values must all be YYYY-MM-DD dates (or all numbers) for Teams to draw a time series`);
  }
  if (chart.type === 'Chart.Gauge' && typeof chart.value === 'number') {
    const min = typeof chart.min === 'number' ? chart.min : 0;
    if (chart.value < min || (typeof chart.max === 'number' && chart.value > chart.max)) problems.push(`${path}/value: ${chart.value} is outside min to max`);
  }
  return problems;
}

/** Problems of every chart element on a card (its fallbacks included). */
export function chartProblems(card: object): string[] {
  const problems: string[] = [];
  walk(card, (o, path) => {
    if (isChart(o)) problems.push(...chartElementProblems(o, path));
  });
  return problems;
}

/** The card as a client without charts draws it: every chart replaced by its fallback (or dropped). */
export function withChartFallbacks<T>(node: T): T {
  const replace = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      return value.flatMap((item) => {
        const shown = isObject(item) && isChart(item) ? item.fallback : item;
        return shown === undefined || shown === 'drop' ? [] : [replace(shown)];
      });
    }
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]));
    return value;
  };
  return replace(node) as T;
}

/** The chart elements on a card, in document order. */
export function findCharts(card: object): AnyObject[] {
  const charts: AnyObject[] = [];
  walk(card, (o) => {
    if (isChart(o)) charts.push(o);
  });
  return charts;
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
    adaptiveCard.parse(withChartFallbacks(structuredClone(card)), new AC.SerializationContext());
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
  // The schema and the renderer know no charts: they check what a client without them shows.
  const shown = withChartFallbacks(card);
  const problems = [
    ...schemaProblems(shown).map((p) => `schema ${p}`),
    ...rendererProblems(shown).map((p) => `renderer ${p}`),
    ...chartProblems(card).map((p) => `chart ${p}`),
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
