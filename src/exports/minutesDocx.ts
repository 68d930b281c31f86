import {
  BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import type { Fact, TextTone } from '../cards/viewModels.js';
import type { Minutes } from '../domain/meeting.js';
import { minutesWords, type MinutedItemWords, type Typed } from '../views/minutesView.js';

/** The Word document's media type, for the HTTP answer that serves it. */
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The heading of the Word minutes. */
export const MINUTES_HEADING = 'Placement panel — minutes';

// Characters XML 1.0 cannot hold (controls other than tab and line breaks, lone surrogates, U+FFFE/U+FFFF):
// one in a stored name or condition would leave a document Word refuses to open.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Typed text whole, as typed, less what XML cannot hold: a document has room for all of it and reads no markdown. */
const documentTyped: Typed = (text) => text.replace(NOT_XML, '');

// Word's own colours for the request card's tones; the default is the document's text colour.
const TONE_COLOURS: Record<TextTone, string | undefined> = { default: undefined, good: '107C10', attention: 'C50F1F', accent: '0F6CBD' };

/** Text as runs, a typed line break kept as a break. */
function runs(text: string, options: { bold?: boolean; color?: string } = {}): TextRun[] {
  return text.split(/\r\n|\r|\n/).map((line, i) => new TextRun({ text: line, ...options, ...(i > 0 && { break: 1 }) }));
}

function labelled(label: string, value: string): Paragraph {
  return new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), ...runs(value)] });
}

function subheading(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_3, children: runs(text) });
}

function bullets(lines: readonly string[]): Paragraph[] {
  return lines.map((line) => new Paragraph({ bullet: { level: 0 }, children: runs(line) }));
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** The item's facts (outcome first) as a two-column table: labels on the left. */
function factsTable(facts: readonly Fact[], outcome: { text: string; color: string | undefined }): Table {
  const cell = (children: TextRun[], width: number) => new TableCell({ width: { size: width, type: WidthType.PERCENTAGE }, children: [new Paragraph({ children })] });
  const rows = [
    new TableRow({ children: [cell([new TextRun({ text: 'Outcome', bold: true })], 25), cell(runs(outcome.text, { bold: true, ...(outcome.color !== undefined && { color: outcome.color }) }), 75)] }),
    ...facts.map((f) => new TableRow({ children: [cell([new TextRun({ text: f.title, bold: true })], 25), cell(runs(f.value), 75)] })),
  ];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER },
    rows,
  });
}

function itemSection(item: MinutedItemWords): (Paragraph | Table)[] {
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(`${item.heading} — ${item.section}`) }),
    factsTable(item.details, { text: item.outcome, color: TONE_COLOURS[item.tone] }),
    ...(item.conditions.length > 0 ? [
      subheading('Conditions'),
      ...item.conditions.flatMap((c) => [
        new Paragraph({ children: [new TextRun({ text: `${c.n}. `, bold: true }), ...runs(c.text)] }),
        new Paragraph({ indent: { left: 360 }, children: runs(c.terms, { color: '605E5C' }) }),
      ]),
    ] : []),
    ...(item.votes.length > 0 ? [subheading('Votes'), ...bullets(item.votes)] : []),
    ...(item.conflicts.length > 0 ? [subheading('Conflicts of interest'), ...bullets(item.conflicts)] : []),
  ];
}

/**
 * The minutes of a meeting as a Word document (.docx): when it started and ended and who started and
 * ended it, who was present and who sent apologies, whether it was quorate, each item (outcome, option,
 * weekly cost, review date, conditions, votes, conflicts) and the items not reached. The same words as
 * the minutes card (src/views/minutesView.ts), with every item and all of what was typed.
 */
export async function minutesDocx(minutes: Minutes): Promise<Buffer> {
  const words = minutesWords(minutes, documentTyped);
  const quorumColour = TONE_COLOURS[words.quorum.tone];
  const children: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: runs(MINUTES_HEADING) }),
    new Paragraph({ children: runs(words.meeting, { color: '605E5C' }) }),
    ...words.times.map((t) => labelled(t.title, t.value)),
    labelled('Present', words.present),
    labelled('Apologies', words.apologies),
    new Paragraph({ children: runs(words.quorum.text, { bold: quorumColour !== undefined, ...(quorumColour !== undefined && { color: quorumColour }) }) }),
    ...(words.items.length === 0
      ? [new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs('Items') }), new Paragraph({ children: runs('No item was decided or discussed.') })]
      : words.items.flatMap(itemSection)),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs('Not reached') }),
    ...(words.notReached.length === 0 ? [new Paragraph({ children: runs('None') })] : bullets(words.notReached)),
  ];
  const doc = new Document({
    title: MINUTES_HEADING,
    creator: 'Placement panel bot',
    description: words.meeting,
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
