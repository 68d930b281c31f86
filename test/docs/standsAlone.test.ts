import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * The repository stands on its own: what its code, tests and docs cite is in the repository. The
 * background papers the team worked from lived beside it, in a folder a clone does not have; a
 * reference to them is a dead end for everyone else. The names below are built from parts so that
 * this file does not itself hold the references it looks for.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Tracked files (git ls-files), or, outside a git checkout, every file but dependencies and output. */
function repositoryFiles(): string[] {
  try {
    return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      .split('\0').filter((f) => f !== '' && !f.split('/').includes('node_modules'));
  } catch {
    const out: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(path.join(ROOT, dir))) {
        if (['node_modules', '.git', 'dist', 'data'].includes(name)) continue;
        const rel = dir === '' ? name : `${dir}/${name}`;
        if (statSync(path.join(ROOT, rel)).isDirectory()) walk(rel);
        else out.push(rel);
      }
    };
    walk('');
    return out;
  }
}

const FILES = repositoryFiles();
const TRACKED = new Set(FILES);
/** Folders that hold a tracked file, so a link to a folder counts as well. */
const FOLDERS = new Set(FILES.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));

function inRepository(rel: string): boolean {
  const normal = path.posix.normalize(rel).replace(/\/$/, '');
  return TRACKED.has(normal) || FOLDERS.has(normal);
}

/** The text of a tracked file, or undefined for a binary one (a NUL byte) or one missing from the working tree. */
function textOf(rel: string): string | undefined {
  const full = path.join(ROOT, rel);
  if (!existsSync(full)) return undefined;
  const text = readFileSync(full, 'utf8');
  return text.includes('\0') ? undefined : text;
}

/** The background papers by name: cited at all, they must be files of the repository. */
const PAPERS = ['CONTRACT', 'DOMAIN', 'NOTES', 'STYLE', 'PLAYGROUND'].map((name) => `${name}.md`);
const SHARED = 'shared';
/** The folder beside the repository that held them, however it is reached. */
const OUTSIDE = [`../${SHARED}`, `/work/${SHARED}`, `${SHARED}/schemas`, ...['DOMAIN', 'CONTRACT'].map((name) => `${SHARED}/${name}.md`)];
const PAPER_REFERENCE = new RegExp(`(?<![\\w.-])((?:[\\w.-]+/)*)(${PAPERS.map((p) => p.replace('.', '\\.')).join('|')})(?![\\w-])`, 'g');

/** Where a file cites a path outside the repository or a background paper the repository does not hold. */
function outsideReferences(rel: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const where = `${rel}:${i + 1}`;
    for (const outside of OUTSIDE) if (line.includes(outside)) found.push(`${where} cites ${outside}: ${line.trim()}`);
    for (const m of line.matchAll(PAPER_REFERENCE)) {
      const cited = `${m[1] ?? ''}${m[2]!}`;
      const fromRoot = inRepository(cited);
      const fromFile = inRepository(path.posix.join(path.posix.dirname(rel), cited));
      if (!fromRoot && !fromFile) found.push(`${where} cites ${cited}, which is not in the repository: ${line.trim()}`);
    }
  });
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
}

function headingsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => m[1]!);
}

/** The markdown files whose links are checked: the README and everything in docs/. */
const MARKDOWN = FILES.filter((f) => f === 'README.md' || /^docs\/[^/]+\.md$/.test(f));

/** Relative links ([text](target), ![alt](target)) in a markdown file that lead nowhere. */
function brokenLinks(rel: string, markdown: string): string[] {
  const broken: string[] = [];
  // Code spans and fenced blocks hold examples, not links.
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: and the like
    const [file = '', anchor] = target.split('#');
    const resolved = file === '' ? rel : path.posix.join(path.posix.dirname(rel), decodeURIComponent(file));
    if (!inRepository(resolved)) {
      broken.push(`${rel}: ${target} (no ${resolved} in the repository)`);
      continue;
    }
    if (anchor !== undefined && anchor !== '' && resolved.endsWith('.md')) {
      const anchors = headingsOf(textOf(resolved) ?? '').map(slug);
      if (!anchors.includes(anchor)) broken.push(`${rel}: ${target} (no heading "#${anchor}" in ${resolved})`);
    }
  }
  return broken;
}

/** Citations in the form the code uses, (docs/api.md, "HTTP"), whose section is not a heading of that doc. */
function unknownSections(rel: string, text: string): string[] {
  const unknown: string[] = [];
  for (const m of text.matchAll(/\b(docs\/[\w.-]+\.md),\s*"([^"\n]+)"/g)) {
    const doc = m[1]!;
    const headings = headingsOf(textOf(doc) ?? '').map((h) => h.toLowerCase());
    if (!headings.includes(m[2]!.toLowerCase())) unknown.push(`${rel} cites ${doc}, "${m[2]!}", which is not a heading there`);
  }
  return unknown;
}

describe('the repository stands on its own', () => {
  it('finds the tracked files', () => {
    assert.ok(TRACKED.has('README.md') && TRACKED.has('package.json'), 'README.md and package.json are tracked');
  });

  it('cites nothing outside the repository: no sibling shared folder, no background paper it does not hold', () => {
    const found = FILES.flatMap((rel) => {
      const text = textOf(rel);
      return text === undefined ? [] : outsideReferences(rel, text);
    });
    assert.deepEqual(found, [], `references outside the repository:\n${found.join('\n')}`);
  });

  it('holds the domain and API references the code cites', () => {
    for (const doc of ['docs/domain.md', 'docs/api.md']) assert.ok(TRACKED.has(doc) || existsSync(path.join(ROOT, doc)), `${doc} is in the repository`);
  });

  it('every relative link in README.md and docs/*.md leads to a file in the repository (and a heading, where it names one)', () => {
    assert.ok(MARKDOWN.includes('README.md'));
    const broken = MARKDOWN.flatMap((rel) => brokenLinks(rel, textOf(rel) ?? ''));
    assert.deepEqual(broken, [], `broken links:\n${broken.join('\n')}`);
  });

  it('every (docs/….md, "Section") citation names a heading of that doc', () => {
    const unknown = FILES.filter((rel) => /\.(ts|md|json)$/.test(rel)).flatMap((rel) => {
      const text = textOf(rel);
      return text === undefined ? [] : unknownSections(rel, text);
    });
    assert.deepEqual(unknown, [], unknown.join('\n'));
  });
});
