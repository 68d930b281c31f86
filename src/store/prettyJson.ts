/** Items per kept run of a long array. */
const CHUNK = 256;

// A copy of `text` in one piece: a re-indented text is a rope, which every later write that uses it
// would walk again.
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * `JSON.stringify(value, null, 2)`, character for character, faster for a store that is written
 * whole on every change: the text of each deeply frozen object (the store's records never change once
 * stored) is kept, and so is the text of each full run of CHUNK kept items in a long array, so a write
 * re-serialises only what is new or mutable and then copies the pieces once into the file's text.
 * The file holds the same pretty-printed JSON it always did.
 */
export function cachingPrettyJson(): (value: unknown) => string {
  // Frozen object → its text at the indentation it was last written at.
  const cache = new WeakMap<object, { indent: string; text: string }>();
  // Long array → for each full run of CHUNK items, its text and the items it was made from.
  const runs = new WeakMap<unknown[], { indent: string; texts: ({ items: unknown[]; text: string } | undefined)[] }>();

  const deeplyFrozen = (value: object): boolean => {
    if (!Object.isFrozen(value)) return false;
    for (const v of Object.values(value)) {
      if (typeof v === 'object' && v !== null && !deeplyFrozen(v)) return false;
    }
    return true;
  };

  // JSON.stringify's own text for a value nested at `indent`: its newlines carry the indentation
  // (a newline inside a string is escaped, so every raw newline is structural).
  const plain = (value: unknown, indent: string): string | undefined => {
    const text = JSON.stringify(value, null, 2) as string | undefined;
    return text === undefined || indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
  };

  // Whether an item's text can never change: a primitive, or a frozen object whose text is kept.
  const settled = (item: unknown): boolean => typeof item !== 'object' || item === null || cache.has(item);

  /** Appends the value's text at `indent` to `out`; false (appending nothing) where JSON has none. */
  const emit = (value: unknown, indent: string, out: string[]): boolean => {
    if (typeof value !== 'object' || value === null || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      const text = plain(value, indent);
      if (text === undefined) return false;
      out.push(text);
      return true;
    }
    const cached = cache.get(value);
    if (cached !== undefined && cached.indent === indent) {
      out.push(cached.text);
      return true;
    }
    if (Object.isFrozen(value) && deeplyFrozen(value)) {
      const text = flat(plain(value, indent)!);
      cache.set(value, { indent, text });
      out.push(text);
      return true;
    }
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.push('[]');
        return true;
      }
      out.push(`[\n${inner}`);
      items(value, 0, value.length, inner, out);
      out.push(`\n${indent}]`);
      return true;
    }
    const start = out.length;
    out.push('{');
    let any = false;
    for (const key of Object.keys(value)) {
      const mark = out.length;
      out.push(`${any ? ',' : ''}\n${inner}${JSON.stringify(key)}: `);
      if (emit((value as Record<string, unknown>)[key], inner, out)) any = true;
      else out.length = mark;
    }
    if (any) out.push(`\n${indent}}`);
    else {
      out.length = start;
      out.push('{}');
    }
    return true;
  };

  // The items [from, to) of an array, separated as JSON.stringify separates them; a long array in
  // runs of CHUNK, each run's text reused while the array still holds the same settled items.
  const items = (array: unknown[], from: number, to: number, inner: string, out: string[]): void => {
    const separator = `,\n${inner}`;
    if (to - from <= CHUNK) {
      for (let i = from; i < to; i += 1) {
        if (i > from) out.push(separator);
        if (!emit(array[i], inner, out)) out.push('null');
      }
      return;
    }
    let entry = runs.get(array);
    if (entry === undefined || entry.indent !== inner) {
      entry = { indent: inner, texts: [] };
      runs.set(array, entry);
    }
    for (let start = from, k = 0; start < to; start += CHUNK, k += 1) {
      const end = Math.min(to, start + CHUNK);
      if (start > from) out.push(separator);
      const kept = entry.texts[k];
      if (kept !== undefined && kept.items.length === end - start && kept.items.every((item, i) => item === array[start + i])) {
        out.push(kept.text);
        continue;
      }
      const run: string[] = [];
      items(array, start, end, inner, run);
      const text = run.join('');
      const slice = array.slice(start, end);
      if (end - start === CHUNK && Array.from(slice).every(settled)) entry.texts[k] = { items: slice, text };
      out.push(text);
    }
  };

  return (value) => {
    const out: string[] = [];
    return emit(value, '', out) ? out.join('') : (undefined as unknown as string);
  };
}
