import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ACData from 'adaptivecards-templating';
import fc from 'fast-check';
import { quickenTemplate, readsEngineMemory } from '../../src/cards/fastExpressions.js';

const CARDS = fileURLToPath(new URL('../../cards/', import.meta.url));
const templates = readdirSync(CARDS).filter((f) => f.endsWith('.json')).map((file) => ({ file, json: JSON.parse(readFileSync(`${CARDS}${file}`, 'utf8')) as object }));

/** The names the template's expressions use, and each with its first letter changed in case (the engine finds keys regardless of case). */
function namesIn(json: object): string[] {
  const names = new Set<string>();
  for (const [, expression] of JSON.stringify(json).matchAll(/\$\{([^}]*)\}/g)) {
    for (const name of expression!.match(/[A-Za-z_$][A-Za-z0-9_$]*/g) ?? []) names.add(name.replace(/^\$/, ''));
  }
  return [...names].flatMap((n) => [n, n.charAt(0) === n.charAt(0).toUpperCase() ? n.charAt(0).toLowerCase() + n.slice(1) : n.charAt(0).toUpperCase() + n.slice(1)]);
}

/** Views of any shape over those names: missing, null, empty, falsy and nested values, lists of objects. */
function viewsOver(names: string[]) {
  const { object } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 3 },
      fc.constant(null), fc.constantFrom('', 'x', '0', 'Proposed'), fc.integer({ min: -2, max: 3 }), fc.boolean(),
      fc.array(fc.constantFrom('a', ''), { maxLength: 2 }), tie('object'), fc.array(tie('object'), { maxLength: 3 }),
    ),
    object: fc.dictionary(fc.constantFrom(...names), tie('value'), { maxKeys: 12 }),
  }));
  return object;
}

function expanded(template: ACData.Template, view: unknown): { card?: unknown; threw?: string; warnings?: string[] } {
  try {
    const card: unknown = template.expand({ $root: view });
    return { card, warnings: template.getLastTemplateExpansionWarnings() };
  } catch (error) {
    return { threw: String(error) };
  }
}

describe('quicker template expressions (src/cards/fastExpressions.ts)', () => {
  for (const { file, json } of templates) {
    it(`${file}: the same card, warnings and errors as the engine alone, for any view`, () => {
      const engine = new ACData.Template(json);
      const quick = quickenTemplate(new ACData.Template(json));
      fc.assert(fc.property(viewsOver(namesIn(json)), (view) => {
        assert.deepEqual(expanded(quick, view), expanded(engine, view));
      }), { numRuns: 150 });
    });
  }

  it('answers a path and exists() as the engine does: any case of key, falsy values, a missing value left to the engine', () => {
    const json = { a: '${x.y}', b: '${exists(x.y)}', c: 'v ${x.z}', d: { $when: '${exists(x.y)}', e: 1 } };
    const quick = quickenTemplate(new ACData.Template(json));
    assert.deepEqual(quick.expand({ $root: { x: { y: 0 } } }), { a: 0, b: true, c: 'v ${x.z}', d: { e: 1 } });
    assert.deepEqual(quick.expand({ $root: { X: { Y: 'k' } } }), { a: 'k', b: true, c: 'v ${x.z}', d: { e: 1 } });
    assert.deepEqual(quick.expand({ $root: { x: null } }), { a: '${x.y}', b: false, c: 'v ${x.z}', d: null });
  });

  it('recognises the engine\'s memory, so a path is read without its per-step arrays (else correct, but no quicker)', () => {
    assert.equal(readsEngineMemory(), true);
  });

  it('leaves a template alone when the engine\'s parsed form is not where it looks', () => {
    const odd = { other: 1 };
    assert.deepEqual(quickenTemplate(odd), { other: 1 });
  });
});
