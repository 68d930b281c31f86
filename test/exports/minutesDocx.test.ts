import assert from 'node:assert/strict';
import AdmZip from 'adm-zip';
import { JSDOM } from 'jsdom';
import { MINUTES_HEADING, minutesDocx } from '../../src/exports/minutesDocx.js';
import type { Minutes } from '../../src/domain/meeting.js';
import { minutesView } from '../../src/views/minutesView.js';
import { TYPED_MARKDOWN, fullMinutes, minutedItem } from '../views/meetingFixtures.js';

/** The document's XML, read back out of the .docx as Word would open it. */
async function documentXml(m: Minutes): Promise<string> {
  const zip = new AdmZip(await minutesDocx(m));
  const entry = zip.getEntry('word/document.xml');
  assert.ok(entry, 'a .docx holds word/document.xml');
  return entry.getData().toString('utf8');
}

/** The text a reader sees: one line per paragraph (and per table cell), tags stripped, entities read. */
function textOf(xml: string): string {
  const lines = xml.replace(/<\/w:p>|<\/w:tc>|<w:br\/>/g, '\n').replace(/<[^>]+>/g, '');
  return lines.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, '\'').replace(/&amp;/g, '&')
    .split('\n').map((l) => l.trim()).filter((l) => l !== '').join('\n');
}

/** Whether the XML is well formed (Word refuses a document that is not). */
function wellFormed(xml: string): boolean {
  const doc = new new JSDOM('').window.DOMParser().parseFromString(xml, 'application/xml');
  return doc.getElementsByTagName('parsererror').length === 0;
}

describe('exports: the minutes as a Word document (issue #16)', () => {
  it('is a .docx whose document holds the heading, times, present, apologies and the quorate note', async () => {
    const xml = await documentXml(fullMinutes());
    assert.ok(wellFormed(xml));
    const text = textOf(xml);
    assert.match(text, new RegExp(`^${MINUTES_HEADING}\nMeeting G-000012\n`));
    assert.match(text, /Started: 26 Nov 2026 10:00 GMT by Jane Smith\nEnded: 26 Nov 2026 11:45 GMT by Ann Lee/);
    assert.match(text, /Present: Jane Smith \(chair\); Sam Patel \(finance\); Ann Lee \(commissioning, health\)/);
    assert.match(text, /Apologies: Education member \(education\)/);
    assert.match(text, /The meeting was quorate\./);
    assert.match(textOf(await documentXml(fullMinutes({ quorate: false }))), /Not quorate: those present could not make the quorum\./);
  });

  it('has a section for every item with its outcome, option, weekly cost, review date, conditions, votes and conflicts', async () => {
    const m = fullMinutes();
    const text = textOf(await documentXml(m));
    for (const item of m.items) {
      assert.ok(text.includes(item.requestId) && text.includes(item.childRef), item.requestId);
      for (const v of item.votes) assert.ok(text.includes(v.name), v.name);
      for (const c of item.conditions) assert.ok(text.includes(c.text) && text.includes(c.owner), c.text);
      for (const c of item.conflicts) assert.ok(text.includes(`${c.name} declared a conflict of interest and did not vote`), c.name);
    }
    assert.match(text, /PR-2026-0001 · C-10001 — Emergency placement to ratify\nOutcome\nApproved with conditions\nOption\nIn-house foster care\nWeekly cost\n£1,200\.00 a week\nReview date\n1 Mar 2027\nConditions\n1\. Health assessment booked\nOwner: Jo Bloggs \(social worker\) · due 1 Dec 2026\n2\. \*\*bold\*\* <b>\nOwner: Virtual school head · due 31 Jan 2027\nVotes\nJane Smith \(chair\): approve with conditions — In-house foster care\nConflicts of interest\nAnn Lee declared a conflict of interest and did not vote: Knows the family/);
    assert.match(text, /PR-2026-0002 · C-10002 — Request to decide\nOutcome\nDeclined\nVotes\nSam Patel \(finance\): decline/);
    assert.match(text, /Ann Lee \(commissioning\), as deputy for Jane Smith \(chair\): approve — Oakfield House \(a recommendation: above their spending limit\)/);
    assert.match(text, /PR-2026-0004 · C-10004 — Not on the agenda\nOutcome\nDeferred — waiting for the panel/);
    assert.match(text, /Not reached\nPR-2026-0007 · C-10007 \(Request to decide\)\nPR-2026-0008 · C-10008 \(Review\)$/);
  });

  it('says what the card says, in the same order, with typed text as typed rather than escaped', async () => {
    const m = fullMinutes();
    const text = textOf(await documentXml(m));
    const view = minutesView(m);
    const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
    const lines = [
      ...view.times.map((t) => `${t.title}: ${t.value}`), `Present: ${view.present}`, `Apologies: ${view.apologies}`,
      ...view.items.flatMap((i) => [i.outcome, ...i.details.map((d) => d.value), ...i.conditions.flatMap((c) => [c.text, c.terms]), ...i.votes, ...i.conflicts]),
      ...view.notReached,
    ].map(unescape);
    let from = 0;
    for (const line of lines) {
      const at = text.indexOf(line, from);
      assert.ok(at >= from, `"${line}" not found after position ${from}`);
      from = at + line.length;
    }
    assert.ok(text.includes(TYPED_MARKDOWN) && !text.includes('\\*'), 'no markdown escapes in a Word document');
  });

  it('keeps typed text whole (the card cuts it) and drops only what XML cannot hold', async () => {
    const long = `${'Health assessment and dental check '.repeat(14)}end.`;
    const m = fullMinutes({
      startedBy: 'Jane\u0001 Smith\uFFFF',
      items: [minutedItem(1, { outcome: 'approved_with_conditions', conditions: [{ text: long, owner: 'Jo\u0000 Bl\uD800oggs', due: '2026-12-01' }] })],
    });
    const xml = await documentXml(m);
    assert.ok(wellFormed(xml), 'control characters and lone surrogates are dropped');
    const text = textOf(xml);
    assert.ok(text.includes(long), 'the condition in full');
    assert.match(text, /by Jane Smith\n/);
    assert.match(text, /Owner: Jo Bloggs · due 1 Dec 2026/);
    assert.ok(!minutesView(m).items[0]!.conditions[0]!.text.includes('end.'), 'the card cuts it');
  });

  it('a meeting with no items and nothing not reached still makes a document that says so', async () => {
    const xml = await documentXml(fullMinutes({ items: [], notReached: [], apologies: [] }));
    assert.ok(wellFormed(xml));
    const text = textOf(xml);
    assert.match(text, /Apologies: None/);
    assert.match(text, /No item was decided or discussed\./);
    assert.match(text, /Not reached\nNone$/);
  });
});
