/**
 * Teams renders markdown in TextBlock text and FactSet titles and values: bold, italic, links and
 * lists on every client, and headings, quotes, code, images and the rest wherever a CommonMark
 * processor runs (the adaptivecards JS renderer hands text to markdown-it). Text that a person or a
 * case system typed must show as typed, never as a link or a layout.
 *
 * Backslash escapes are the one technique every renderer honours for links and emphasis: CommonMark
 * processors drop the backslash before any ASCII punctuation, and the shared mobile parser drops it
 * before `[`, `]`, `)`, `*` and `_`. Elsewhere a mobile client shows the backslash, so punctuation is
 * escaped only where it can start markdown: a hyphen inside a word or a full stop after a sentence
 * stays bare. Entities and zero-width characters are not used: mobile shows entities literally, and
 * intake strips invisible characters as a way to hide text.
 */

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Emphasis, links and images, code, strikethrough and table cells: they open wherever they stand. */
const ANYWHERE = new Set(['*', '[', ']', '`', '~', '|']);
/** Headings, list items and setext underlines when first on a line, unless a word follows at once ("-12", "#3"). */
const LINE_START = new Set(['#', '-', '+', '=']);
/** An ordered list item: up to nine digits and "." or ")" before a space or the end of the line. */
const ORDERED_ITEM = /^(\d{1,9})([.)])(?=[ \t]|$)/;
/** A character reference: it would show as the character it names, not as typed. */
const CHARACTER_REFERENCE = /^&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z][A-Za-z\d]{1,31});/;

function isWordCharacter(c: string | undefined): boolean {
  return c !== undefined && LETTER_OR_DIGIT.test(c);
}

function needsEscape(line: string, i: number): boolean {
  const c = line[i]!;
  const next = line[i + 1];
  if (ANYWHERE.has(c)) return true;
  switch (c) {
    // A backslash escapes the next character or ends a line as a hard break; before a letter it is plain.
    case '\\': return next === undefined || ASCII_PUNCTUATION.test(next);
    // Between two letters or digits ("in_house") an underscore can neither open nor close emphasis.
    case '_': return !(isWordCharacter(line[i - 1]) && isWordCharacter(next));
    // An autolink or an HTML tag; "age < 16" is plain.
    case '<': return next !== undefined && /[A-Za-z/!?]/.test(next);
    case '&': return CHARACTER_REFERENCE.test(line.slice(i));
    case '>': return i === 0;
    default: return i === 0 && LINE_START.has(c) && !isWordCharacter(next);
  }
}

function escapeLine(raw: string): string {
  // Four spaces of indent would make a code block; paragraphs drop leading blanks when shown anyway.
  const line = raw.replace(/^[ \t]+/, '');
  let out = '';
  for (let i = 0; i < line.length; i++) out += needsEscape(line, i) ? `\\${line[i]}` : line[i];
  return out.replace(ORDERED_ITEM, '$1\\$2');
}

/**
 * Free text as markdown that shows exactly that text: for every TextBlock and Fact a person or a case
 * system typed. Not for Input values or ChoiceSet titles (plain text: a backslash would show), nor
 * twice on the same text.
 */
export function escapeMarkdown(text: string): string {
  return text.split(/\r\n|\r|\n/).map(escapeLine).join('\n');
}
