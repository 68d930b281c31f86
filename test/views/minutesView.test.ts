import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/renderCard.js';
import { STATUS_TEXT } from '../../src/views/requestView.js';
import { MINUTES_CARD, MINUTES_CARD_BUDGET, minutesCard, minutesView } from '../../src/views/minutesView.js';
import type { Minutes } from '../../src/domain/meeting.js';
import { assertValidCard, cardSize, cardText, findActions } from '../cards/cardQuality.js';
import { TYPED_MARKDOWN, fullMinutes, minutedItem } from './meetingFixtures.js';

function card(m: Minutes) {
  const c = minutesCard(m);
  assertValidCard(c);
  return c;
}

/** Where each needle first appears in the haystack, failing on any missing. */
function positions(text: string, needles: readonly string[]): number[] {
  return needles.map((n) => {
    const at = text.indexOf(n);
    assert.ok(at >= 0, `"${n}" missing from:\n${text}`);
    return at;
  });
}

describe('views: the minutes card (issue #16)', () => {
  it('says when the meeting started and ended and by whom, in UK time, who was present with their roles, and the apologies', () => {
    const text = cardText(card(fullMinutes()));
    assert.match(text, /^Minutes: panel meeting of 26 Nov 2026 10:00 GMT$/m);
    assert.match(text, /Meeting G-000012 · 4 items minuted, 2 not reached/);
    assert.match(text, /Started: 26 Nov 2026 10:00 GMT by Jane Smith\nEnded: 26 Nov 2026 11:45 GMT by Ann Lee/);
    assert.match(text, /Present: Jane Smith \(chair\); Sam Patel \(finance\); Ann Lee \(commissioning, health\)/);
    assert.match(text, /Apologies: Education member \(education\)/);
    assert.match(cardText(card(fullMinutes({ apologies: [] }))), /Apologies: None/);
    assert.match(cardText(card(fullMinutes({ startedAt: '2026-06-25T09:00:00.000Z' }))), /25 Jun 2026 10:00 BST/);
  });

  it('minutes each item: outcome in the request card\'s words, option, weekly cost, review date, conditions with owner and due', () => {
    const text = cardText(card(fullMinutes()));
    assert.match(text, /\*\*PR-2026-0001 · C-10001\*\* · Emergency placement to ratify\nApproved with conditions\nOption: In-house foster care\nWeekly cost: £1,200\.00 a week\nReview date: 1 Mar 2027/);
    assert.match(text, /Conditions\n\*\*1\.\*\* Health assessment booked\nOwner: Jo Bloggs \(social worker\) · due 1 Dec 2026\n\*\*2\.\*\* .*\nOwner: Virtual school head · due 31 Jan 2027/);
    assert.match(text, /\*\*PR-2026-0002 · C-10002\*\* · Request to decide\nDeclined\nVotes/, 'a decline has no option, cost or review date');
    assert.match(text, /\*\*PR-2026-0003 · C-10003\*\* · Review\nRecommended — waiting for someone whose spending limit covers it\nOption: Oakfield House\nWeekly cost: £6,108\.00 a week/);
    assert.match(text, /\*\*PR-2026-0004 · C-10004\*\* · Not on the agenda\nDeferred — waiting for the panel/);
  });

  it('colours each outcome as the request card colours that status', () => {
    const items = minutesView(fullMinutes()).items;
    const byRef = new Map(items.map((i) => [i.heading.split(' · ')[0], i]));
    assert.deepEqual([byRef.get('PR-2026-0001')!.outcome, byRef.get('PR-2026-0001')!.tone], STATUS_TEXT.approved_with_conditions);
    assert.deepEqual([byRef.get('PR-2026-0002')!.outcome, byRef.get('PR-2026-0002')!.tone], STATUS_TEXT.declined);
    assert.deepEqual([byRef.get('PR-2026-0004')!.outcome, byRef.get('PR-2026-0004')!.tone], STATUS_TEXT.deferred);
    const approved = minutesView(fullMinutes({ items: [minutedItem(9)] })).items[0]!;
    assert.deepEqual([approved.outcome, approved.tone], STATUS_TEXT.approved);
    const undecided = minutesView(fullMinutes({ items: [minutedItem(9, { outcome: 'undecided' })] })).items[0]!;
    assert.equal(undecided.outcome, 'Discussed, not decided');
  });

  it('lists the votes, a deputy\'s "as deputy for", a recommendation above a limit, and conflicts declared', () => {
    const text = cardText(card(fullMinutes()));
    assert.match(text, /Jane Smith \(chair\): approve with conditions — In-house foster care/);
    assert.match(text, /Sam Patel \(finance\): decline\n/, 'a decline names no option');
    assert.match(text, /Ann Lee \(commissioning\), as deputy for Jane Smith \(chair\): approve — Oakfield House \(a recommendation: above their spending limit\)/);
    assert.match(text, /Jane Smith \(chair\): defer/);
    assert.match(text, /Conflicts of interest\nAnn Lee declared a conflict of interest and did not vote: Knows the family/);
  });

  it('takes the items in agenda order: to ratify, to decide, reviews, then what was not on the agenda', () => {
    const text = cardText(card(fullMinutes()));
    const at = positions(text, ['PR-2026-0001 · C-10001', 'PR-2026-0002 · C-10002', 'PR-2026-0003 · C-10003', 'PR-2026-0004 · C-10004', 'Not reached']);
    assert.deepEqual([...at].sort((a, b) => a - b), at);
  });

  it('lists the items not reached, with the part of the agenda each was in', () => {
    const text = cardText(card(fullMinutes()));
    assert.match(text, /Not reached\nPR-2026-0007 · C-10007 \(Request to decide\)\nPR-2026-0008 · C-10008 \(Review\)/);
    assert.doesNotMatch(cardText(card(fullMinutes({ notReached: [] }))), /Not reached/);
  });

  it('warns when the meeting was not quorate, and only then', () => {
    const warned = minutesView(fullMinutes({ quorate: false }));
    assert.equal(warned.notQuorate, 'Not quorate: those present could not make the quorum.');
    assert.match(cardText(card(fullMinutes({ quorate: false }))), /Not quorate/);
    assert.doesNotMatch(cardText(card(fullMinutes())), /quorate/i);
  });

  it('has no buttons (the Word minutes are served by URL, not from the card)', () => {
    assert.deepEqual(findActions(card(fullMinutes())), []);
  });

  it('escapes typed text: a condition, a note, names, an option and a case reference typed with markdown', () => {
    const hostile = fullMinutes({
      startedBy: TYPED_MARKDOWN,
      present: [{ name: TYPED_MARKDOWN, roles: ['chair'] }],
      items: [minutedItem(1, {
        childRef: TYPED_MARKDOWN, option: TYPED_MARKDOWN, outcome: 'approved_with_conditions',
        conditions: [{ text: TYPED_MARKDOWN, owner: TYPED_MARKDOWN, due: '2026-12-01' }],
        votes: [{ name: TYPED_MARKDOWN, roles: ['chair'], outcome: 'approve', option: TYPED_MARKDOWN, asDeputyFor: TYPED_MARKDOWN, at: '2026-11-26T10:10:00.000Z' }],
        conflicts: [{ name: TYPED_MARKDOWN, note: '[link](https://evil.example)' }],
      })],
      notReached: [{ requestId: 'PR-2026-0009', childRef: TYPED_MARKDOWN, section: 'decide' }],
    });
    const text = cardText(card(hostile));
    assert.doesNotMatch(text, /(^|[^\\])\*\*bold/m, 'typed markdown is escaped');
    assert.doesNotMatch(text, /(^|[^\\])<b>/m, 'typed HTML is escaped');
    assert.doesNotMatch(text, /(^|[^\\])\[link\]/m);
    assert.match(text, /\*\*1\.\*\* \\\*\\\*bold\\\*\\\* \\<b>/, 'the condition shows as typed');
    assert.equal(text.match(/\\\*\\\*bold\\\*\\\* \\<b>/g)?.length, 11, 'every typed field, escaped once');
  });

  it('a meeting with no item minuted draws a card that says so', () => {
    const none = card(fullMinutes({ items: [], notReached: [] }));
    assert.match(cardText(none), /0 items minuted, 0 not reached/);
  });

  it('twenty ordinary items are all on the card', () => {
    const twenty = card(fullMinutes({ items: Array.from({ length: 20 }, (_, i) => minutedItem(i + 1)) }));
    assert.equal(cardText(twenty).match(/^\*\*PR-2026-/gm)?.length, 20);
    assert.doesNotMatch(cardText(twenty), /more in the Word minutes/);
  });

  it('twenty items at their longest stay within 28 KB: the first that fit are shown and the rest counted for the Word minutes', () => {
    const long = 'ア'.repeat(500);
    const voter = (i: number) => ({ name: `${long}${i}`, roles: ['chair'], outcome: 'approve_with_conditions' as const, option: long, asDeputyFor: long, recommendation: true, at: '2026-11-26T10:10:00.000Z' });
    const items = Array.from({ length: 20 }, (_, i) => minutedItem(i + 1, {
      outcome: 'approved_with_conditions', option: long,
      conditions: [1, 2, 3].map(() => ({ text: long, owner: long, due: '2027-01-31' })),
      votes: [1, 2, 3, 4, 5].map(voter),
      conflicts: [{ name: long, note: long }],
    }));
    const minutes = fullMinutes({ items, notReached: Array.from({ length: 40 }, (_, i) => ({ requestId: `PR-2026-${1000 + i}`, childRef: long, section: 'decide' as const })) });
    const big = card(minutes);
    const size = cardSize(big).utf8Bytes;
    assert.ok(size <= MINUTES_CARD_BUDGET, String(size));
    const text = cardText(big);
    const shown = text.match(/^\*\*PR-2026-00/gm)?.length ?? 0;
    assert.ok(shown >= 1 && shown < 20, `${shown} shown`);
    assert.match(text, new RegExp(`… and ${20 - shown} more in the Word minutes`));
    assert.match(text, /… and 20 more in the Word minutes/, 'not reached: twenty named, twenty counted');
    // One more item would not have fitted: the card shows as many as it can.
    assert.ok(cardSize(minutesCardWith(minutes, shown + 1)).utf8Bytes > MINUTES_CARD_BUDGET);
  });
});

function minutesCardWith(m: Minutes, shown: number) {
  return renderCard(MINUTES_CARD, minutesView(m, shown));
}
