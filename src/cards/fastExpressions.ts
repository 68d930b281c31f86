/**
 * Quicker answers to the commonest expressions in our card templates: a plain path (`${saving.weekly}`)
 * and `exists(path)`. adaptivecards-templating (2.3.1, on adaptive-expressions) parses each template
 * once, but evaluating a parsed path builds the path again from the expression tree, with options and
 * closures, on every card; a decision's card spent about 40% of its CPU there (issue 17).
 *
 * The parsed template's expressions are replaced by stand-ins that inherit everything from the
 * expression they stand for (so the engine still sees an Expression of the same type and text) and
 * answer the two forms by reading the same path from the engine's memory as the path's evaluator
 * does (its lookup done again here without the arrays it builds per step, which made most of a
 * card's garbage), falling back to that evaluator for anything else: a value that is not there (the
 * engine then puts the expression's own text in its place), or a state that is not a memory. Other
 * expressions keep their evaluators, with stand-ins for their children. Every stand-in works out its
 * text once. test/cards/fastExpressions.test.ts
 * renders every template both ways over random views and requires the same card.
 *
 * Tied to the engine's parsed form (its _preparedPayload, the expression types' names): when that is
 * not found, the template is left as the engine made it.
 */

import * as ACData from 'adaptivecards-templating';

/** What the engine's parsed expressions look like from outside (adaptive-expressions' Expression). */
interface ExpressionNode {
  readonly type: string;
  readonly children: readonly ExpressionNode[];
  readonly value?: unknown;
  tryEvaluate(state: unknown, options?: unknown): { value: unknown; error?: unknown };
}

/** adaptive-expressions' MemoryInterface, as its Extensions.isMemoryInterface tells one. */
interface Memory {
  getValue(path: string): unknown;
  setValue(path: string, value: unknown): void;
  version(): string;
}

// adaptive-expressions' ExpressionType names of the forms answered here.
const ACCESSOR = 'Accessor';
const CONSTANT = 'Constant';
const EXISTS = 'exists';

/** A name the parser reads as one step of a path, and the memory's path splitter leaves whole. */
const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function isExpression(node: unknown): node is ExpressionNode {
  return typeof node === 'object' && node !== null && typeof (node as ExpressionNode).type === 'string'
    && Array.isArray((node as ExpressionNode).children) && typeof (node as ExpressionNode).tryEvaluate === 'function';
}

function isMemory(state: unknown): state is Memory {
  if (typeof state !== 'object' || state === null) return false;
  const m = state as Partial<Memory>;
  return typeof m.getValue === 'function' && typeof m.setValue === 'function' && typeof m.version === 'function';
}

/**
 * The memory the engine evaluates against (its TemplateObjectMemory: `$root`, `$data`, … over an
 * adaptive-expressions SimpleObjectMemory of itself), known by its two getValue functions, found by
 * asking the engine to evaluate one expression. undefined when it is not as expected: paths are then
 * read through the memory's own getValue.
 */
interface EngineMemory {
  getValue: unknown;
  _memory?: { memory?: unknown; getValue?: unknown };
}

const ENGINE_MEMORY = engineMemory();

function engineMemory(): { outer: unknown; inner: unknown } | undefined {
  const template = new ACData.Template({ probe: '${probe}' });
  const parsed = (template as unknown as { _preparedPayload?: { probe?: unknown } })._preparedPayload;
  const expression = parsed?.probe;
  if (parsed === undefined || !isExpression(expression)) return undefined;
  let seen: EngineMemory | undefined;
  parsed.probe = standIn(expression, {
    tryEvaluate: (state) => {
      seen = state as EngineMemory;
      return { value: true, error: undefined };
    },
  });
  template.expand({ $root: {} });
  const inner = seen?._memory;
  if (typeof seen?.getValue !== 'function' || inner?.memory !== seen || typeof inner.getValue !== 'function') return undefined;
  return { outer: seen.getValue, inner: inner.getValue };
}

/** Whether the engine's memory was recognised, so paths are read here rather than through its getValue. */
export function readsEngineMemory(): boolean {
  return ENGINE_MEMORY !== undefined;
}

function isEngineMemory(state: unknown): boolean {
  const m = state as EngineMemory;
  return ENGINE_MEMORY !== undefined && m.getValue === ENGINE_MEMORY.outer && m._memory?.memory === m && m._memory.getValue === ENGINE_MEMORY.inner;
}

/** One step of a path as the engine's memory takes it: the name, and the name in lower case it matches keys by. */
interface Step {
  name: string;
  lower: string;
}

/**
 * What the engine's memory gives for the path (TemplateObjectMemory.getValue: a path not starting
 * with `$` is read under `$data`; then SimpleObjectMemory.getValue, each step by accessProperty),
 * without building the path's parts and each object's keys anew.
 */
function readPath(memory: EngineMemory, steps: readonly Step[]): unknown {
  let value: unknown = memory;
  for (const step of steps) value = propertyOf(value, step);
  return value;
}

/**
 * adaptive-expressions' accessProperty: nothing from a falsy value; a Map by the name, then by any
 * key equal to it regardless of case; anything else by the first of its own enumerable keys equal to
 * it regardless of case, in Object.keys order (which for…in follows, own keys first).
 */
function propertyOf(instance: unknown, step: Step): unknown {
  if (!instance) return undefined;
  if (instance instanceof Map) {
    const map = instance as Map<string, unknown>;
    const value = map.get(step.name);
    if (value !== undefined) return value;
    const key = Array.from(map.keys()).find((k) => k.toLowerCase() === step.lower);
    return key === undefined ? undefined : map.get(key);
  }
  if (typeof instance === 'object') {
    // Only a key of the name's length can equal it regardless of case (a step's name is ASCII, see
    // NAME, and no other letter lowers to ASCII of another length): the others are not lowered.
    const length = step.lower.length;
    for (const key in instance) {
      if (key.length === length && Object.hasOwn(instance, key) && key.toLowerCase() === step.lower) return (instance as Record<string, unknown>)[key];
    }
    return undefined;
  }
  const key = Object.keys(instance).find((k) => k.toLowerCase() === step.lower);
  return key === undefined ? undefined : (instance as Record<string, unknown>)[key];
}

/** The steps the engine's memory takes for a path of names. */
function stepsOf(path: string): Step[] {
  const names = path.startsWith('$') ? path.split('.') : ['$data', ...path.split('.')];
  return names.map((name) => ({ name, lower: name.toLowerCase() }));
}

/** The value at the path, as the state's getValue gives it. */
function valueAt(state: Memory, path: string, steps: readonly Step[]): unknown {
  return isEngineMemory(state) ? readPath(state as unknown as EngineMemory, steps) : state.getValue(path);
}

/**
 * The path an accessor chain (`a.b.c`) reads, as the engine's tryAccumulatePath builds it, or
 * undefined for any other expression (an index, a call's result, a name it would rewrite).
 */
export function pathOf(expression: ExpressionNode): string | undefined {
  const names: string[] = [];
  let left: ExpressionNode | undefined = expression;
  while (left !== undefined) {
    if (left.type !== ACCESSOR) return undefined;
    const name = left.children[0];
    if (name?.type !== CONSTANT || typeof name.value !== 'string' || !NAME.test(name.value)) return undefined;
    names.unshift(name.value);
    if (left.children.length > 2) return undefined;
    left = left.children[1];
  }
  return names.join('.');
}

/**
 * An expression that inherits everything from `original` but what is given, and its text worked out
 * once: the engine writes a $when's text into a warning each time it is false.
 */
function standIn(original: ExpressionNode, own: Partial<Pick<ExpressionNode, 'children' | 'tryEvaluate'>> = {}): ExpressionNode {
  const text = original.toString();
  return Object.assign(Object.create(original) as ExpressionNode, own, { toString: () => text });
}

/** A stand-in for the expression, with stand-ins for its children, answering the same, quicker where it can. */
export function quicker(expression: ExpressionNode): ExpressionNode {
  const path = pathOf(expression);
  if (path !== undefined) {
    const steps = stepsOf(path);
    return standIn(expression, {
      tryEvaluate(state, options) {
        if (!isMemory(state)) return expression.tryEvaluate(state, options);
        const value = valueAt(state, path, steps);
        // Not there: the evaluator decides what stands in its place (null substitution).
        return value === undefined ? expression.tryEvaluate(state, options) : { value, error: undefined };
      },
    });
  }
  const only = expression.children[0];
  const existsPath = expression.type === EXISTS && expression.children.length === 1 && only ? pathOf(only) : undefined;
  if (existsPath !== undefined) {
    const steps = stepsOf(existsPath);
    return standIn(expression, {
      // exists() reads its argument without null substitution: true when it is neither undefined nor null.
      tryEvaluate: (state, options) => (isMemory(state) ? { value: valueAt(state, existsPath, steps) != null, error: undefined } : expression.tryEvaluate(state, options)),
    });
  }
  return standIn(expression, { children: expression.children.map(quicker) });
}

/** The parsed payload with every expression replaced by quicker(expression), changed in place. */
function quickenPayload(node: unknown): unknown {
  if (isExpression(node)) return quicker(node);
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i += 1) node[i] = quickenPayload(node[i]);
  } else if (typeof node === 'object' && node !== null) {
    const object = node as Record<string, unknown>;
    for (const key of Object.keys(object)) object[key] = quickenPayload(object[key]);
  }
  return node;
}

/** The engine's template with its parsed expressions answered quicker where they can be; unchanged when its parsed form is not found. */
export function quickenTemplate<T extends object>(template: T): T {
  const parsed = template as { _preparedPayload?: unknown };
  if (typeof parsed._preparedPayload === 'object' && parsed._preparedPayload !== null) parsed._preparedPayload = quickenPayload(parsed._preparedPayload);
  return template;
}
