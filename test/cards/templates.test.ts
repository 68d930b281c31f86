import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCard, type AdaptiveCard, type CardTemplate } from '../../src/cards/renderCard.js';
import { requestFormView } from '../../src/cards/requestForm.js';
import { COMMANDS, listingsOf } from '../../src/bot/commandTable.js';
import { helpView } from '../../src/views/simpleCards.js';
import { assertValidCard, cardSize, cardText, findActions } from './cardQuality.js';
import {
  LONG_PROVIDER, cohortView, decidedChangeRequest, digestView, emptyDigest, errorView, messageView,
  openRequest, option, pendingView, savingsView, topView, valueView,
} from './fixtures.js';
import { COHORT_CARD } from '../../src/views/cohortView.js';
import { DIGEST_CARD } from '../../src/views/digestView.js';
import { PENDING_CARD } from '../../src/views/pendingView.js';
import { REQUEST_FORM_CARD } from '../../src/views/requestFormView.js';
import { REQUEST_CARD } from '../../src/views/requestView.js';
import { SAVINGS_CARD } from '../../src/views/savingsView.js';
import { ERROR_CARD, HELP_CARD, MESSAGE_CARD } from '../../src/views/simpleCards.js';
import { TOP_PLACEMENTS_CARD } from '../../src/views/topPlacementsView.js';
import { VALUE_CHECK_CARD } from '../../src/views/valueCheckView.js';
import { AGENDA_CARD, agendaView } from '../../src/views/agendaView.js';
import { MINUTES_CARD, minutesView } from '../../src/views/minutesView.js';
import { agendaItem, fullMinutes } from '../views/meetingFixtures.js';

function render<V>(template: CardTemplate<V>, view: V): AdaptiveCard {
  const card = renderCard(template, view);
  assertValidCard(card);
  return card;
}

describe('card templates', () => {
  it('every template file in cards/ is bound by a view in src/views/', () => {
    const dir = fileURLToPath(new URL('../../cards/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const views = fileURLToPath(new URL('../../src/views/', import.meta.url));
    const source = readdirSync(views).map((f) => readFileSync(`${views}${f}`, 'utf8')).join('\n');
    for (const file of files) assert.match(source, new RegExp(`from '\\.\\./\\.\\./cards/${file.replace('.', '\\.')}' with \\{ type: 'json' \\}`), file);
  });

  it('returns a fresh object on every call (the cached template is not mutated)', () => {
    const a = renderCard(ERROR_CARD, { correlationId: 'one' });
    const b = renderCard(ERROR_CARD, { correlationId: 'two' });
    assert.match(cardText(a), /one/);
    assert.match(cardText(b), /two/);
    assert.doesNotMatch(cardText(b), /one/);
  });

  describe('requestCard', () => {
    it('open request with actions, refresh and two alternatives', () => render(REQUEST_CARD, openRequest()));
    it('decided change request', () => render(REQUEST_CARD, decidedChangeRequest()));
    it('zero alternatives, no optional parts at all', () => {
      const { actions: _a, refresh: _r, ...bare } = openRequest({ options: [openRequest().options[0]!] });
      const card = render(REQUEST_CARD, bare);
      assert.deepEqual(findActions(card).map((a) => a.type), ['Action.ToggleVisibility'], 'only the Details toggle');
    });
    it('ten alternatives with 120-character provider names and large amounts stays in budget', () => {
      const alternatives = Array.from({ length: 10 }, (_, i) => option(i + 1, {
        provider: LONG_PROVIDER, label: `${LONG_PROVIDER} (option ${i + 1})`, weeklyCost: '£25,000.00',
        saving: {
          weekly: '−£1,150.61', fullYear: '£1,300,000.00', inYear: '−£59,831.72', inYearLabel: 'In 2026/27',
          nextYear: { label: 'In 2027/28', amount: '−£59,831.72' }, overPlan: { label: 'To 5 Apr 2029', amount: '−£1,300,000.00' },
        },
        valueFlag: '⚠ Cost above need band, 12.5×',
      }));
      const view = openRequest({
        options: [openRequest().options[0]!, ...alternatives],
        proposed: { ...openRequest().proposed, provider: LONG_PROVIDER, weeklyCost: '£25,000.00' },
        valueFlags: alternatives.map((a) => `${a.tag}: £25,000.00 a week is 12.5× the band midpoint for independent fostering agency (ifa) at need level 2 (moderate)`),
        notice: 'Already decided by Jane Doe at 22 Nov 2026 14:03 UTC',
        problems: ['reviewDate: a review date is needed to approve with conditions', 'comment: write the conditions in the comment'],
        actions: {
          options: [{ title: 'Proposed', value: 'proposed' }, ...alternatives.map((a) => ({ title: `${a.tag}: ${a.label}`, value: a.id }))],
          values: { option: 'alt-3', comment: 'Kept comment', reviewDate: '2027-05-22', effectiveFrom: '2026-12-01' },
          conditionRows: [1, 2, 3].map((n) => ({ n, text: `Condition ${n} kept`, owner: 'Virtual school head', due: '2027-01-31' })),
          conditionsOpen: true,
          effectiveFromRange: { min: '2026-04-06', max: '2029-04-06' },
        },
        refresh: { requestId: 'PR-2026-0001', userIds: Array.from({ length: 60 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`) },
      });
      const card = render(REQUEST_CARD, view);
      const text = cardText(card);
      assert.match(text, /−£1,150\.61/);
      assert.match(text, /£1,300,000\.00/);
      assert.match(text, /Cost above need band/);
      assert.ok(cardSize(card).utf8Bytes < 28 * 1024);
    });
    it('small amounts and a decision without comment or dates', () => {
      render(REQUEST_CARD, decidedChangeRequest({
        options: [option(1, { weeklyCost: '£0.01', saving: { weekly: '£0.01', fullYear: '£0.52', inYear: '£0.00', inYearLabel: 'In 2027/28', overPlan: { label: 'Until 18', amount: '£0.03' } } })],
        valueFlags: [],
        decision: { headline: 'Declined — by Jane Doe, 22 Nov 2026 14:03 GMT', tone: 'attention', commentLabel: 'Comment', events: [] },
        status: 'Declined', statusTone: 'attention',
      }));
    });
    it('notice and problems on a read-only card', () => {
      const card = render(REQUEST_CARD, decidedChangeRequest({
        notice: 'Only panel members can decide. You are not on the panel.', problems: ['You are not on the panel.'],
      }));
      assert.match(cardText(card), /Only panel members can decide/);
    });
    it('an empty problems list draws no problem box', () => {
      const card = render(REQUEST_CARD, openRequest({ problems: [] }));
      assert.doesNotMatch(cardText(card), /Please check/);
    });
  });

  describe('requestForm', () => {
    it('empty form', () => render(REQUEST_FORM_CARD, requestFormView()));
    it('form with problems and kept values', () => {
      const card = render(REQUEST_FORM_CARD, requestFormView({
        submitted: {
          childRef: 'C-10423', ageYears: '14', kind: 'change', changeReason: 'step_down', needsSummary: 'Needs text',
          need_behaviour: '4', proposedType: 'ifa', proposedProvider: LONG_PROVIDER, proposedWeeklyCost: '-5',
          proposedStartDate: '2026-04-06', proposedSocialCare: '80', proposedHealth: 20, proposedEducation: '',
          currentType: 'residential', currentProvider: 'Oakfield House Ltd', currentWeeklyCost: '£6,108.00',
          alt1_label: 'In-house foster care', alt1_type: 'in_house_fostering', alt1_weeklyCost: '£1,200.00',
          requestedBy: 'Placements team', reason: 'Step down',
        },
        problems: ['proposed.weeklyCost: must not be negative', 'ageYears: must be from 0 to 17'],
      }));
      const byId = new Map(findInputs(card).map((i) => [i.id, i]));
      assert.equal(byId.get('childRef')?.value, 'C-10423');
      assert.equal(byId.get('ageYears')?.value, 14);
      assert.equal(byId.get('kind')?.value, 'change');
      assert.equal(byId.get('need_behaviour')?.value, '4');
      assert.equal(byId.get('need_identity')?.value, '');
      assert.equal(byId.get('proposedSocialCare')?.value, 80);
      assert.equal(byId.get('proposedHealth')?.value, 20);
      assert.equal('value' in (byId.get('proposedEducation') ?? {}), false, 'an empty number input has no value');
      assert.equal(byId.get('alt1_label')?.value, 'In-house foster care');
      assert.equal(byId.get('alt2_label')?.value, '');
      assert.equal(byId.get('proposedWeeklyCost')?.value, '-5');
      assert.match(cardText(card), /proposed\.weeklyCost: must not be negative/);
    });
    it('has an input for every need domain and three alternative slots', () => {
      const ids = findInputs(renderCard(REQUEST_FORM_CARD, requestFormView())).map((i) => i.id);
      for (const id of ['need_emotional_wellbeing', 'need_independence', 'alt1_label', 'alt3_weeklyCost', 'currentWeeklyCost']) {
        assert.ok(ids.includes(id), id);
      }
      assert.equal(new Set(ids).size, ids.length, 'input ids are unique');
    });
  });

  describe('lists and reports', () => {
    it('help, with and without intro', () => {
      const card = render(HELP_CARD, helpView(listingsOf(COMMANDS), 'I didn\'t understand that.'));
      render(HELP_CARD, helpView(listingsOf(COMMANDS)));
      const texts = findActions(card).filter((a) => a.type === 'Action.Execute').map((a) => (a.data as { ask: string }).ask);
      assert.deepEqual(texts.sort(), ['cohort', 'digest', 'new request', 'pending', 'savings this year', 'savings to date', 'top 15', 'value check']);
    });
    it('help for a table without buttons or listings', () => {
      const card = render(HELP_CARD, helpView([]));
      assert.equal(findActions(card).length, 0);
    });
    it('savings, with and without this year and target', () => {
      render(SAVINGS_CARD, savingsView());
      render(SAVINGS_CARD, savingsView({ thisYear: undefined, note: undefined, byType: [], byReason: [] }));
      render(SAVINGS_CARD, savingsView({ ongoing: undefined, notStarted: undefined }));
      render(SAVINGS_CARD, savingsView({ notStarted: { heading: 'Approved, not started by 1 May 2026', rows: [{ line: 'PR-2026-0002 from 20 Apr 2026: £3,100.00 a week promised' }] } }));
      render(SAVINGS_CARD, savingsView({ thisYear: { yearLabel: '2026/27', toDate: '£0.00', forecastToYearEnd: '−£1,150.61' } }));
    });
    it('pending, full and empty', () => {
      const card = render(PENDING_CARD, pendingView(20));
      const show = findActions(card)[0] as { verb: string; data: { ask: string } };
      assert.equal(show.verb, 'ask');
      assert.equal(show.data.ask, 'show PR-2026-0001');
      assert.match(cardText(render(PENDING_CARD, { summary: 'Nothing waiting', rows: [] })), /None/);
      render(PENDING_CARD, { ...pendingView(20), more: 'and 4 more' });
    });
    it('top 15, full and empty', () => {
      render(TOP_PLACEMENTS_CARD, topView(15));
      render(TOP_PLACEMENTS_CARD, { ...topView(0), total: undefined });
    });
    it('value check, full and empty', () => {
      render(VALUE_CHECK_CARD, valueView(15));
      render(VALUE_CHECK_CARD, { ...valueView(0), note: undefined });
    });
    it('cohort, with tables and with empty tables', () => {
      const card = render(COHORT_CARD, cohortView());
      assert.match(cardText(card), /−£32,288\.74/);
      render(COHORT_CARD, { ...cohortView(), groups: [], reductions: { total: '£0.00', rows: [] }, increases: { total: '£0.00', rows: [] } });
    });
    it('digest, short, long (capped at 10) and empty lists', () => {
      render(DIGEST_CARD, digestView(3));
      const long = render(DIGEST_CARD, digestView(10));
      assert.match(cardText(long), /and 7 more/);
      const empty = render(DIGEST_CARD, emptyDigest);
      assert.equal(cardText(empty).match(/^None$/gm)?.length, 3);
    });
    it('meeting agenda, open and ended, full and empty', () => {
      const meeting = {
        meetingId: 'G-000001', startedAt: '2026-11-26T10:00:00.000Z', startedBy: 'Jane Smith',
        agenda: [agendaItem(1, { section: 'ratify', urgency: 'emergency' }), agendaItem(2), agendaItem(3, { section: 'review', decideBy: undefined })],
        present: [{ name: 'Jane Smith', roles: ['chair'] }], quorum: { members: 3, roles: ['chair'] }, quorate: false, missing: '2 more members',
      };
      assert.deepEqual(findActions(render(AGENDA_CARD, agendaView(meeting))).map((a) => a.verb).filter(Boolean), ['ask', 'ask', 'ask', 'attend', 'endMeeting']);
      assert.equal(findActions(render(AGENDA_CARD, agendaView({ ...meeting, ended: true }))).length, 0);
      render(AGENDA_CARD, agendaView({ ...meeting, agenda: [], present: [], quorate: true, missing: '' }));
    });
    it('meeting minutes, full and empty', () => {
      render(MINUTES_CARD, minutesView(fullMinutes({ quorate: false })));
      render(MINUTES_CARD, minutesView(fullMinutes({ items: [], notReached: [], present: [], apologies: [] })));
    });
    it('message, with and without title', () => {
      render(MESSAGE_CARD, messageView);
      const card = render(MESSAGE_CARD, { lines: ['Recorded: cost change for PR-2026-0001'], tone: 'default' });
      assert.equal(cardText(card), 'Recorded: cost change for PR-2026-0001');
    });
    it('error quotes the correlation id', () => {
      assert.match(cardText(render(ERROR_CARD, errorView)), /Something went wrong\. Quote ref abc123 to support\./);
    });
  });
});

function findInputs(card: object): Array<{ id: string; value?: unknown }> {
  const out: Array<{ id: string; value?: unknown }> = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.push(o as { id: string; value?: unknown });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}
