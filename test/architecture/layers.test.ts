import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * The shape the README's "How it works" promises, checked from the imports themselves, so that it
 * cannot drift: views are pure, the money has no I/O, the domain knows nothing of the shell, and
 * only the panel (and the wiring in app.ts) holds the store.
 */

const SRC = resolve('src');

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const path = join(folder, e.name);
    if (e.isDirectory()) return files(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports (types included), as a path under src/ or a bare specifier. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
  return specifiers.map((s) => (s.startsWith('.') ? relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, '.ts') : s));
}

function offenders(folder: string, forbidden: (imported: string) => boolean): string[] {
  return files(join(SRC, folder)).flatMap((f) => importsOf(f).filter(forbidden).map((i) => `${relative(SRC, f)} imports ${i}`));
}

describe('the layers, from the imports', () => {
  it('finds the modules it checks', () => {
    assert.ok(files(join(SRC, 'views')).length >= 8);
    assert.ok(importsOf(join(SRC, 'views', 'digestView.ts')).includes('panel/queries.ts'));
  });

  it('views import nothing from store/ or bot/ (nor teams/ or http/)', () => {
    assert.deepEqual(offenders('views', (i) => /^(store|bot|teams|http)\//.test(i)), []);
  });

  it('calculators do no I/O and know nothing of the shell', () => {
    assert.deepEqual(offenders('calculators', (i) => i.startsWith('node:') || /^(store|bot|teams|http|panel|views|config)\//.test(i)), []);
  });

  it('the domain knows nothing of the shell', () => {
    assert.deepEqual(offenders('domain', (i) => i.startsWith('node:') || /^(store|bot|teams|http|panel|views|schedule)\//.test(i)), []);
  });

  it('only the panel (and the wiring in app.ts) holds the store', () => {
    const holders = files(SRC).filter((f) => importsOf(f).some((i) => i === 'store/panelStore.ts' || i === 'store/lowdbStore.ts'))
      .map((f) => relative(SRC, f))
      .filter((f) => !f.startsWith('store/'));
    assert.deepEqual(holders.sort(), ['app.ts', 'panel/panel.ts']);
  });
});
