/**
 * Quicker answers to the commonest expressions in our card templates: a plain path (`${saving.weekly}`)
 * and `exists(path)`. adaptivecards-templating (2.3.1, on adaptive-expressions) parses each template
 * once, but evaluating a parsed path builds the path again from the expression tree, with options and
 * closures, on every card; a decision's card spent about 40% of its CPU there (issue 17).
 *
 * The parsed template's expressions are replaced by stand-ins that inherit everything from the
 * expression they stand for (so the engine still sees an Expression of the same type and text) and
 * answer the two forms by asking the engine's own memory for the same path, exactly as the path's
 * evaluator does, falling back to that evaluator for anything else: a value that is not there (the
 * engine then puts the expression's own text in its place), or a state that is not a memory. Other
 * expressions keep their evaluators, with stand-ins for their children. Every stand-in works out its
 * text once. test/cards/fastExpressions.test.ts
 * renders every template both ways over random views and requires the same card.
 *
 * Tied to the engine's parsed form (its _preparedPayload, the expression types' names): when that is
 * not found, the template is left as the engine made it.
 */

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
    return standIn(expression, {
      tryEvaluate(state, options) {
        if (!isMemory(state)) return expression.tryEvaluate(state, options);
        const value = state.getValue(path);
        // Not there: the evaluator decides what stands in its place (null substitution).
        return value === undefined ? expression.tryEvaluate(state, options) : { value, error: undefined };
      },
    });
  }
  const only = expression.children[0];
  const existsPath = expression.type === EXISTS && expression.children.length === 1 && only ? pathOf(only) : undefined;
  if (existsPath !== undefined) {
    return standIn(expression, {
      // exists() reads its argument without null substitution: true when it is neither undefined nor null.
      tryEvaluate: (state, options) => (isMemory(state) ? { value: state.getValue(existsPath) != null, error: undefined } : expression.tryEvaluate(state, options)),
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
