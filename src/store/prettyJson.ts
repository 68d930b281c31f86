/** Items per kept run of a long array. */
const CHUNK = 256;

// A copy of `text` in one piece: joined and re-indented strings are ropes that every later write
// joining them would walk again.
function flat(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/**
 * `JSON.stringify(value, null, 2)`, character for character, faster for a store that is written
 * whole on every change: the text of each deeply frozen object (the store's records never change once
 * stored) is kept and reused, so a write re-serialises only what is new or mutable. The file still
 * holds the same pretty-printed JSON it always did.
 */
export function cachingPrettyJson(): (value: unknown) => string {
  // Frozen object → its text at the indentation it was last written at.
  const cache = new WeakMap<object, { indent: string; text: string }>();

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

  // A long array (the store's requests, decisions, events) → the joined text of each full run of
  // CHUNK items, with the items it was made from: reused while the array still holds those items.
  const runs = new WeakMap<unknown[], { indent: string; texts: ({ items: unknown[]; text: string } | undefined)[] }>();

  // Whether an item's text can never change: a primitive, or a frozen object whose text is kept.
  const settled = (item: unknown): boolean => typeof item !== 'object' || item === null || cache.has(item);

  const chunks = (array: unknown[], inner: string): string[] => {
    let entry = runs.get(array);
    if (entry === undefined || entry.indent !== inner) {
      entry = { indent: inner, texts: [] };
      runs.set(array, entry);
    }
    const out: string[] = [];
    for (let from = 0, k = 0; from < array.length; from += CHUNK, k += 1) {
      const to = Math.min(array.length, from + CHUNK);
      const kept = entry.texts[k];
      if (kept !== undefined && kept.items.length === to - from && kept.items.every((item, i) => item === array[from + i])) {
        out.push(kept.text);
        continue;
      }
      const items = array.slice(from, to);
      const text = Array.from(items, (item) => write(item, inner) ?? 'null').join(`,\n${inner}`);
      if (to - from === CHUNK && items.every(settled)) entry.texts[k] = { items, text: flat(text) };
      out.push(text);
    }
    return out;
  };

  const write = (value: unknown, indent: string): string | undefined => {
    if (typeof value !== 'object' || value === null) return plain(value, indent);
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return plain(value, indent);
    const cached = cache.get(value);
    if (cached !== undefined && cached.indent === indent) return cached.text;
    if (Object.isFrozen(value) && deeplyFrozen(value)) {
      const text = flat(plain(value, indent)!);
      cache.set(value, { indent, text });
      return text;
    }
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]';
      if (value.length < CHUNK) return `[\n${inner}${Array.from(value, (v) => write(v, inner) ?? 'null').join(`,\n${inner}`)}\n${indent}]`;
      return `[\n${inner}${chunks(value, inner).join(`,\n${inner}`)}\n${indent}]`;
    }
    const parts: string[] = [];
    for (const key of Object.keys(value)) {
      const text = write((value as Record<string, unknown>)[key], inner);
      if (text !== undefined) parts.push(`${inner}${JSON.stringify(key)}: ${text}`);
    }
    return parts.length === 0 ? '{}' : `{\n${parts.join(',\n')}\n${indent}}`;
  };

  return (value) => write(value, '') as string;
}
