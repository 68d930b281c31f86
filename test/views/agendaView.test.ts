import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/renderCard.js';
import { PENDING_CARD } from '../../src/views/pendingView.js';
import { MAX_AGENDA_ROWS_PER_SECTION, agendaCard, agendaView, type AgendaCardFacts } from '../../src/views/agendaView.js';
import { assertValidCard, cardSize, cardText, findActions } from '../cards/cardQuality.js';
import { pendingView } from '../cards/fixtures.js';
import { TYPED_MARKDOWN, agendaItem } from './meetingFixtures.js';

function meeting(more: Partial<AgendaCardFacts> = {}): AgendaCardFacts {
  return {
    meetingId: 'G-000012',
    startedAt: '2026-11-26T10:00:00.000Z',
    startedBy: 'Jane Smith',
    agenda: [
      agendaItem(3, { section: 'review', since: '2026-11-20', decideBy: undefined, status: 'approved', ageYears: 16, weeklyCost: '1200.00' }),
      agendaItem(2, { urgency: 'urgent', status: 'deferred', weeklyCost: '4908.5' }),
      agendaItem(1, { section: 'ratify', urgency: 'emergency', since: '2026-11-22', decideBy: '2026-11-25', ageYears: undefined }),
    ],
    present: [{ name: 'Jane Smith', roles: ['chair'] }, { name: 'Sam Patel', roles: ['finance', 'commissioning'] }],
    quorum: { members: 3, roles: ['chair', 'finance'] },
    quorate: false,
    missing: '1 more member',
    ...more,
  };
}

const card = (more: Partial<AgendaCardFacts> = {}) => {
  const c = agendaCard(meeting(more));
  assertValidCard(c);
  return c;
};

type Action = { type: string; title: string; verb?: string; data?: Record<string, unknown>; fallback?: Action };

describe('views: the meeting agenda card (issue #16)', () => {
  it('is titled with when the meeting started, in UK time, and who started it', () => {
    assert.equal(agendaView(meeting()).title, 'Panel meeting — 26 Nov 2026 10:00 GMT');
    assert.equal(agendaView(meeting({ startedAt: '2026-06-25T09:00:00.000Z' })).title, 'Panel meeting — 25 Jun 2026 10:00 BST');
    assert.match(cardText(card()), /Started by Jane Smith · 3 items on the agenda/);
  });

  it('lists the sections in agenda order whatever order the items come in: to ratify, to decide, reviews', () => {
    const text = cardText(card());
    const at = ['Emergency placements to ratify (1)', 'Requests to decide (1)', 'Reviews due (1)'].map((h) => text.indexOf(h));
    assert.ok(at.every((i) => i >= 0), text);
    assert.deepEqual([...at].sort((a, b) => a - b), at);
    assert.ok(text.indexOf('PR-2026-0001') < text.indexOf('PR-2026-0002') && text.indexOf('PR-2026-0002') < text.indexOf('PR-2026-0003'));
  });

  it('shows each item: case reference and age, what is asked, weekly cost, urgency, since when and decide-by', () => {
    const text = cardText(card());
    assert.match(text, /\*\*PR-2026-0001\*\* · C-10001\nEmergency\nResidential children's home, new placement\nPlaced 22 Nov 2026\nDecide by 25 Nov 2026\n£6,108\.00\/wk/);
    assert.match(text, /\*\*PR-2026-0002\*\* · C-10002 · 14 years\nUrgent · deferred\n.*\nWaiting since 3 Nov 2026\nDecide by 1 Dec 2026\n£4,908\.50\/wk/);
    assert.match(text, /\*\*PR-2026-0003\*\* · C-10003 · 16 years\nResidential.*\nReview date 20 Nov 2026\n£1,200\.00\/wk/, 'a routine review carries no mark and no decide-by');
    assert.doesNotMatch(JSON.stringify(card()), /dateOfBirth|birth/i);
  });

  it('each item has a Show button with the pending card\'s own verb and command', () => {
    const pendingShow = findActions(renderCard(PENDING_CARD, pendingView(1)))[0] as Action;
    const shows = findActions(card()).filter((a) => a.type === 'Action.Execute' && a.title === 'Show') as Action[];
    assert.deepEqual(shows.map((a) => a.data), [{ ask: 'show PR-2026-0001' }, { ask: 'show PR-2026-0002' }, { ask: 'show PR-2026-0003' }]);
    for (const show of shows) {
      assert.equal(show.verb, pendingShow.verb);
      assert.deepEqual(Object.keys(show.data!), Object.keys(pendingShow.data!));
    }
  });

  it('lists who is present with their roles, whether they make the quorum and what is still needed', () => {
    const text = cardText(card());
    assert.match(text, /Present \(2\)\nJane Smith: chair\nSam Patel: finance, commissioning/);
    assert.match(text, /Not quorate: 1 more member\nQuorum: 3 members, including chair and finance/);
    const quorate = agendaView(meeting({ quorate: true, missing: '' }));
    assert.deepEqual(quorate.quorum, { text: 'Quorate', tone: 'good' });
    assert.equal(agendaView(meeting()).quorum.tone, 'attention');
    assert.equal(agendaView(meeting({ quorum: { members: 1, roles: [] } })).quorumRule, 'Quorum: 1 member');
    assert.equal(agendaView(meeting({ quorum: { members: 4, roles: ['chair', 'finance', 'health'] } })).quorumRule, 'Quorum: 4 members, including chair, finance and health');
    assert.match(cardText(card({ present: [] })), /No one has marked themselves present yet/);
  });

  it('offers "I\'m here" and "End meeting" as Action.Execute with an Action.Submit fallback carrying the meeting and the verb', () => {
    const buttons = (card().actions ?? []) as Action[];
    assert.deepEqual(buttons.map((a) => [a.type, a.title, a.verb, a.data]), [
      ['Action.Execute', 'I\'m here', 'attend', { meetingId: 'G-000012' }],
      ['Action.Execute', 'End meeting', 'endMeeting', { meetingId: 'G-000012' }],
    ]);
    for (const b of buttons) assert.deepEqual([b.fallback!.type, b.fallback!.data], ['Action.Submit', { ...b.data, verb: b.verb }]);
  });

  it('once ended shows "Ended" and no button at all', () => {
    const ended = card({ ended: true });
    assert.match(cardText(ended), /^Ended$/m);
    assert.deepEqual(findActions(ended), []);
    assert.doesNotMatch(cardText(card()), /^Ended$/m);
  });

  it('leaves empty sections out, and an empty agenda says nothing is waiting', () => {
    const onlyDecide = cardText(card({ agenda: [agendaItem(5)] }));
    assert.match(onlyDecide, /Requests to decide \(1\)/);
    assert.doesNotMatch(onlyDecide, /ratify|Reviews due/);
    const empty = card({ agenda: [] });
    assert.match(cardText(empty), /Nothing is waiting for the panel/);
    assert.deepEqual(agendaView(meeting({ agenda: [] })).sections, []);
    assert.deepEqual(findActions(empty).map((a) => a.verb).filter((v) => v !== undefined), ['attend', 'endMeeting']);
  });

  it('escapes typed text: the case reference, what is asked, names and what is missing', () => {
    const text = cardText(card({
      agenda: [agendaItem(1, { childRef: TYPED_MARKDOWN, ask: `${TYPED_MARKDOWN} [link](https://evil.example)` })],
      startedBy: TYPED_MARKDOWN,
      present: [{ name: TYPED_MARKDOWN, roles: ['chair'] }],
      missing: '_the_ chair',
    }));
    assert.doesNotMatch(text, /(^|[^\\])\*\*bold/m, 'typed markdown is escaped');
    assert.doesNotMatch(text, /(^|[^\\])<b>/m, 'typed HTML is escaped');
    assert.doesNotMatch(text, /(^|[^\\])\[link\]/m);
    assert.match(text, /\\\*\\\*bold\\\*\\\* \\<b>/);
    assert.match(text, /Not quorate: \\_the\\_ chair/);
  });

  it('at its worst (every section full, long two-byte text, sixty present) stays within 28 KB and counts what it leaves out', () => {
    const long = 'ア'.repeat(400);
    const many = (section: 'ratify' | 'decide' | 'review') => Array.from({ length: MAX_AGENDA_ROWS_PER_SECTION + 4 }, (_, i) =>
      agendaItem(i + 1, { section, childRef: long, ask: long, urgency: 'emergency', status: 'deferred', weeklyCost: '99999999.99' }));
    const worst = card({
      agenda: [...many('ratify'), ...many('decide'), ...many('review')],
      present: Array.from({ length: 60 }, (_, i) => ({ name: `${long}${i}`, roles: ['commissioning', 'education', 'finance'] })),
      missing: long,
    });
    assert.ok(cardSize(worst).utf8Bytes < 28 * 1024, String(cardSize(worst).utf8Bytes));
    const text = cardText(worst);
    const left = [...text.matchAll(/and (\d+) more in this section/g)].map((m) => Number(m[1]));
    assert.equal(left.length, 3, 'each section counts what it leaves out');
    const shows = findActions(worst).filter((a) => a.type === 'Action.Execute' && a.title === 'Show').length;
    assert.equal(shows + left.reduce((a, b) => a + b, 0), 3 * (MAX_AGENDA_ROWS_PER_SECTION + 4), 'every item is listed or counted');
    assert.ok(shows >= 3, 'at least one item of each section is listed');
    assert.match(text, /and 30 more/);
    assert.match(text, /Emergency placements to ratify \(14\)/);
  });

  it('lists up to MAX_AGENDA_ROWS_PER_SECTION of each section when they fit', () => {
    const full = card({ agenda: Array.from({ length: MAX_AGENDA_ROWS_PER_SECTION + 2 }, (_, i) => agendaItem(i + 1)) });
    assert.equal(findActions(full).filter((a) => a.title === 'Show' && a.type === 'Action.Execute').length, MAX_AGENDA_ROWS_PER_SECTION);
    assert.match(cardText(full), /Requests to decide \(12\)[\s\S]*and 2 more in this section/);
  });

  it('binds every field the template names (no ${…} left unbound) with and without the optional parts', () => {
    for (const c of [card(), card({ ended: true, present: [], agenda: [agendaItem(1, { decideBy: undefined, ageYears: undefined })] })]) {
      assert.doesNotMatch(JSON.stringify(c), /\$\{/);
    }
  });
});
