import assert from 'node:assert/strict';
import { accruedOver } from '../../src/calculators/accrual.js';
import { eighteenthBirthday } from '../../src/calculators/age.js';
import { addDays, daysBetween, earliestDate } from '../../src/calculators/dates.js';
import { financialYearOf } from '../../src/calculators/financialYear.js';
import { inYearEffect } from '../../src/calculators/inYear.js';
import { formatMoney } from '../../src/calculators/money.js';
import { councilWeekly, optionOf, projectedSaving } from '../../src/calculators/projectedSaving.js';
import { savingsToDate } from '../../src/calculators/savingsToDate.js';
import { renderCard, type AdaptiveCard } from '../../src/cards/renderCard.js';
import { MAX_EVENT_ROWS, type RequestCardView } from '../../src/cards/viewModels.js';
import type { EventRecord } from '../../src/domain/event.js';
import type { StoredRequest } from '../../src/domain/request.js';
import { PLACEMENT_TYPE_LABELS } from '../../src/domain/vocabulary.js';
import { CARD_TEXT_LIMITS, REQUEST_CARD, TIGHT_TEXT_LIMITS, requestCard, requestCardView } from '../../src/views/requestView.js';
import { aChangeRequest, aDecision, aRequest, costChange, ended } from '../calculators/fixtures.js';
import { factsOf } from '../views/facts.js';
import { assertValidCard, cardSize, cardText, findActions } from './cardQuality.js';
import { decidedChangeRequest, openRequest } from './fixtures.js';

type Obj = Record<string, unknown>;

function walk(n: unknown, visit: (o: Obj) => void): void {
  if (Array.isArray(n)) n.forEach((x) => walk(x, visit));
  else if (n && typeof n === 'object') {
    visit(n as Obj);
    Object.values(n as Obj).forEach((x) => walk(x, visit));
  }
}

function inputs(card: object): Obj[] {
  const out: Obj[] = [];
  walk(card, (o) => { if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.push(o); });
  return out;
}

function decisionButtons(card: AdaptiveCard): Obj[] {
  return findActions(card).filter((a) => a.type === 'Action.Execute' || a.type === 'Action.Submit');
}

/** The card's text outside the folded Details container, and inside it. */
function shownAndFolded(card: AdaptiveCard): { shown: string; folded: string } {
  const body = (card.body ?? []) as Obj[];
  const details = body.find((b) => b.id === 'details');
  assert.ok(details, 'a Details container');
  return { shown: cardText({ ...card, body: body.filter((b) => b !== details) }), folded: cardText({ type: 'AdaptiveCard', body: [details] }) };
}

/** The table's rows as the text of each cell, header first. */
function tableRows(card: AdaptiveCard): string[][] {
  let table: Obj | undefined;
  walk(card, (o) => { if (o.type === 'Table') table = o; });
  assert.ok(table, 'an options table');
  return (table.rows as Obj[]).map((row) => (row.cells as Obj[]).map((cell) => cardText({ type: 'AdaptiveCard', body: cell.items as object[] })));
}

const FULL = { socialCare: 100, health: 0, education: 0 };

/**
 * A new residential request at £6,000 a week (the council pays 80%) starting 6 Apr 2026 and planned to
 * 5 Oct 2027, so that the plan runs into a second financial year; the IFA alternative is above its need band.
 */
function spanningRequest(overrides: Partial<StoredRequest> = {}): StoredRequest {
  return aRequest({
    proposed: { type: 'residential', provider: 'Oak House', weeklyCost: '6000.00', startDate: '2026-04-06', plannedEndDate: '2027-10-05', funding: { socialCare: 80, health: 20, education: 0 } },
    alternatives: [
      { id: 'ifa', label: 'High-end IFA', type: 'ifa', provider: 'Kin Fostering', weeklyCost: '2500.00', funding: FULL },
      { id: 'dearer', label: 'Solo home', type: 'solo_residential', weeklyCost: '9000.00', funding: FULL },
    ],
    ...overrides,
  });
}

/** The element with this id, however deep. */
function findById(items: readonly Obj[], id: string): Obj | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    for (const key of ['items', 'columns', 'body']) {
      const inner = item[key];
      if (Array.isArray(inner)) {
        const found = findById(inner as Obj[], id);
        if (found) return found;
      }
    }
  }
  return undefined;
}

describe('requestCard', () => {
  describe('the template', () => {
    it('open: four Action.Execute buttons with verb "decide", the outcome and an Action.Submit fallback', () => {
      const card = renderCard(REQUEST_CARD, openRequest());
      assertValidCard(card);
      const buttons = (card.actions ?? []) as Obj[];
      assert.deepEqual(buttons.map((b) => b.title), ['Approve', 'Approve with conditions', 'Decline', 'Defer']);
      const outcomes = ['approve', 'approve_with_conditions', 'decline', 'defer'];
      buttons.forEach((b, i) => {
        assert.equal(b.type, 'Action.Execute');
        assert.equal(b.verb, 'decide');
        assert.deepEqual(b.data, { requestId: 'PR-2026-0001', outcome: outcomes[i] });
        assert.deepEqual(b.fallback, {
          type: 'Action.Submit', title: b.title, ...(b.style ? { style: b.style } : {}),
          data: { requestId: 'PR-2026-0001', outcome: outcomes[i], verb: 'decide' },
        });
      });
    });

    it('open: the inputs named in docs/api.md, "Card verbs", with the options proposed first', () => {
      const card = renderCard(REQUEST_CARD, openRequest());
      const byId = new Map(inputs(card).map((i) => [i.id, i]));
      const conditionRows = [1, 2, 3].flatMap((n) => [`condition${n}Due`, `condition${n}Owner`, `condition${n}Text`]);
      assert.deepEqual([...byId.keys()].sort(), ['comment', ...conditionRows, 'effectiveFrom', 'option', 'reviewDate']);
      assert.equal(byId.get('option')?.type, 'Input.ChoiceSet');
      assert.deepEqual((byId.get('option')?.choices as Obj[]).map((c) => c.value), ['proposed', 'alt-1', 'alt-2']);
      assert.equal(byId.get('option')?.value, 'proposed');
      assert.equal(byId.get('comment')?.isMultiline, true);
      assert.equal(byId.get('reviewDate')?.type, 'Input.Date');
      assert.equal(byId.get('effectiveFrom')?.type, 'Input.Date');
    });

    it('open: card-level refresh for the listed panel members', () => {
      const card = renderCard(REQUEST_CARD, openRequest());
      assert.deepEqual(card.refresh, {
        action: { type: 'Action.Execute', verb: 'refresh', title: 'Refresh', data: { requestId: 'PR-2026-0001' } },
        userIds: ['00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000002'],
      });
    });

    it('the options side by side in one table: a header row, then one row per option, proposed first', () => {
      const rows = tableRows(renderCard(REQUEST_CARD, openRequest()));
      assert.deepEqual(rows[0], ['Option', 'Cost a week', 'Saving']);
      assert.deepEqual(rows.slice(1).map((r) => r[0]!.split('\n')[0]), [
        '**Proposed** Residential children\'s home', '**Alt 1** Independent fostering agency, high-end package', '**Alt 2** In-house foster care with wrap-around support',
      ]);
      // Every figure of an alternative is in its row: weekly, council share, saving a week, a year, this year, next year, over the plan.
      for (const figure of ['£1,200.00', 'council £1,200.00', '£4,908.00** a week', '£255,216.00 a year', 'In 2026/27: £166,872.00', 'In 2027/28: £1,402.29', 'To 5 Apr 2027: £168,274.29']) {
        assert.ok(rows[2]!.join('\n').includes(figure), figure);
      }
      assert.equal(rows[1]![2], '—', 'the proposal against itself saves nothing: a dash');
    });

    it('header cells are single short words or pairs, so no header breaks mid-word on a phone', () => {
      const header = tableRows(renderCard(REQUEST_CARD, openRequest()))[0]!;
      for (const cell of header) assert.ok(cell.split(' ').every((word) => word.length <= 6), cell);
    });

    it('details (need domains, funding split, reasons, value flags) sit in a folded container the Details button toggles', () => {
      const card = renderCard(REQUEST_CARD, openRequest());
      const body = card.body as Obj[];
      const details = body.find((b) => b.id === 'details')!;
      assert.equal(details.isVisible, false);
      const toggles = findActions(card).filter((a) => a.type === 'Action.ToggleVisibility');
      assert.deepEqual(toggles.map((t) => [t.title, t.targetElements]), [['Details', ['details']], ['Conditions (to approve with conditions)', ['conditions']]]);
      const { shown, folded } = shownAndFolded(card);
      for (const inDetails of ['Behaviour: 4 of 4', 'Health: £0.00 (0%)', 'Council: £6,108.00 (100%)', 'Current foster placement has broken down', 'is 1.5× the band midpoint', 'Decide by: 1 Dec 2026 (the proposed start)']) {
        assert.ok(folded.includes(inDetails), inDetails);
        assert.ok(!shown.includes(inDetails), `${inDetails} is not shown before Details is opened`);
      }
    });

    it('the condition rows are folded away until the card comes back with conditions typed', () => {
      const conditionsOf = (card: AdaptiveCard) => findById(card.body as Obj[], 'conditions');
      const folded = conditionsOf(renderCard(REQUEST_CARD, openRequest()))!;
      assert.equal(folded.isVisible, false);
      const view = openRequest();
      const typed = renderCard(REQUEST_CARD, { ...view, actions: { ...view.actions!, conditionsOpen: true } });
      assert.equal(conditionsOf(typed)!.isVisible, true);
    });

    it('decided: the decision with conditions, review date, what was saved and every event, and no inputs, buttons or refresh', () => {
      const card = renderCard(REQUEST_CARD, decidedChangeRequest());
      assertValidCard(card);
      assert.equal(inputs(card).length, 0);
      assert.equal(decisionButtons(card).length, 0);
      assert.equal('refresh' in card, false);
      const { shown } = shownAndFolded(card);
      assert.match(shown, /Approved with conditions — alternative: In-house foster care — by Jane Doe, 22 Nov 2026 14:03 GMT/);
      assert.match(shown, /\*\*Conditions:\*\* Review in six months/);
      assert.match(shown, /Review date: 22 May 2027/);
      assert.match(shown, /Saved so far: £12,345\.67/);
      assert.match(shown, /1 Feb 2027: Cost now £1,300\.00 a week: uplift agreed\n1 Jun 2027: Ended: return home \(back with mum\)/);
      assert.doesNotMatch(shown, /Decide by/, 'no decide-by once decided');
    });

    it('decided: the chosen option\'s row is highlighted and marked', () => {
      const card = renderCard(REQUEST_CARD, decidedChangeRequest());
      let rows: Obj[] = [];
      walk(card, (o) => { if (o.type === 'Table') rows = o.rows as Obj[]; });
      assert.deepEqual(rows.slice(1).map((r) => r.style), ['default', 'good']);
      assert.match(tableRows(card)[2]![0]!, /✓ Chosen/);
      assert.doesNotMatch(tableRows(card)[1]![0]!, /Chosen/);
    });

    it('kept decision inputs come back with their values', () => {
      const view = openRequest({
        actions: {
          ...openRequest().actions!,
          values: { option: 'alt-2', comment: 'Conditions: …', reviewDate: '2027-05-22', effectiveFrom: '2026-12-01' },
          conditionRows: [{ n: 1, text: 'Health assessment', owner: 'Social worker', due: '2026-12-15' }, { n: 2, text: '', owner: '', due: '' }, { n: 3, text: '', owner: '', due: '' }],
        },
        problems: ['reviewDate: must be a date'],
      });
      const card = renderCard(REQUEST_CARD, view);
      assertValidCard(card);
      const byId = new Map(inputs(card).map((i) => [i.id, i.value]));
      assert.deepEqual(Object.fromEntries(byId), {
        option: 'alt-2', comment: 'Conditions: …', reviewDate: '2027-05-22', effectiveFrom: '2026-12-01',
        condition1Text: 'Health assessment', condition1Owner: 'Social worker', condition1Due: '2026-12-15',
        condition2Text: '', condition2Owner: '', condition2Due: '', condition3Text: '', condition3Owner: '', condition3Due: '',
      });
    });

    it('never carries a name or a date of birth: the view has no such field, and the card has no such text', () => {
      // Compile-time: these keys are not part of the view-model.
      type Forbidden = Extract<keyof RequestCardView, 'dateOfBirth' | 'name' | 'childName' | 'firstName' | 'surname'>;
      const none: [Forbidden] extends [never] ? true : false = true;
      assert.equal(none, true);
      for (const view of [openRequest(), decidedChangeRequest()]) {
        const card = renderCard(REQUEST_CARD, view);
        const json = JSON.stringify(card);
        assert.doesNotMatch(json, /dateOfBirth|date of birth|\bDoB\b/i);
        assert.doesNotMatch(cardText(card), /dateOfBirth|born/i);
        assert.match(cardText(card), /14 years/);
      }
      // Even a view smuggling extra fields in does not put them on the card: the template binds named fields only.
      const smuggled = { ...openRequest(), dateOfBirth: '2012-05-17', childName: 'Alex Example' } as RequestCardView;
      const json = JSON.stringify(renderCard(REQUEST_CARD, smuggled));
      assert.doesNotMatch(json, /2012-05-17|Alex Example/);
    });

    it('user text that looks like a template expression is shown as typed, not evaluated', () => {
      const card = renderCard(REQUEST_CARD, openRequest({ reason: 'Costs ${proposed.weeklyCost} and @{x}' }));
      assert.match(cardText(card), /Costs \$\{proposed\.weeklyCost\} and @\{x\}/);
    });
  });

  describe('the view, from the panel\'s facts', () => {
    it('headline: case, age, need level, what is asked and its weekly cost, the best alternative\'s saving, the wait and the decide-by date', () => {
      const request = spanningRequest();
      const view = requestCardView(factsOf({ requests: [request] }), request, '2026-04-03', { canDecide: true });
      const { shown } = shownAndFolded(renderCard(REQUEST_CARD, view));
      const best = formatMoney(projectedSaving(request, 'ifa', '2026-04-06').weekly);
      const lines = shown.split('\n');
      assert.deepEqual(lines.slice(0, 6), [
        'Placement request PR-2026-0001',
        '**C-10423** · 13 years · need High (3 of 4)',
        'New placement: residential children\'s home, Oak House — **£6,000.00** a week',
        `Alt 1, High-end IFA, saves **${best}** a week`,
        'Waiting for the panel — 2 days',
        'Decide by 6 Apr 2026',
      ]);
      assert.equal(best, '£2,300.00', 'the council\'s 80% of £6,000 less the IFA\'s £2,500');
    });

    it('headline: no alternative that saves, or none at all, is said so; a late decision shows how late', () => {
      const dearerOnly = aRequest({ alternatives: [{ id: 'dearer', label: 'Solo home', type: 'solo_residential', weeklyCost: '9000.00', funding: FULL }], decideBy: '2026-04-02' });
      const view = requestCardView(factsOf({ requests: [dearerOnly] }), dearerOnly, '2026-04-05', { canDecide: false });
      assert.equal(view.headline.best, 'No alternative costs the council less');
      assert.equal(view.headline.decideBy, 'Decide by 2 Apr 2026 — 3 days overdue');
      assert.equal(view.decideByRule, '2 Apr 2026 (set by the request)');
      const twoCheaper = aRequest({ alternatives: [
        { id: 'ifa', label: 'IFA', type: 'ifa', weeklyCost: '4000.00', funding: FULL },
        { id: 'home', label: 'In-house carers', type: 'in_house_fostering', weeklyCost: '900.00', funding: FULL },
      ] });
      assert.equal(requestCardView(factsOf({ requests: [twoCheaper] }), twoCheaper, '2026-04-05', { canDecide: false }).headline.best,
        `Alt 2, In-house carers, saves **${formatMoney(projectedSaving(twoCheaper, 'home', '2026-04-06').weekly)}** a week`, 'the one saving most, not the first');
      const alone = aRequest({ alternatives: [] });
      assert.equal(requestCardView(factsOf({ requests: [alone] }), alone, '2026-04-05', { canDecide: false }).headline.best, 'No alternative offered');
    });

    it('the table\'s figures are the calculators\' own, for every option, from the projection start', () => {
      const request = spanningRequest();
      const today = '2026-04-03';
      const view = requestCardView(factsOf({ requests: [request] }), request, today, { canDecide: true });
      const from = '2026-04-06';
      const stop = earliestDate([request.proposed.plannedEndDate, eighteenthBirthday(request)])!;
      for (const row of view.options.filter((o) => o.id !== 'proposed')) {
        const option = optionOf(request, row.id)!;
        const p = projectedSaving(request, row.id, from);
        const nextStart = addDays(financialYearOf(from).end, 1);
        const next = inYearEffect(p.weekly, nextStart, [request.proposed.plannedEndDate, eighteenthBirthday(request)]);
        assert.equal(row.weeklyCost, formatMoney(option.weeklyCost));
        assert.equal(row.councilShare, formatMoney(councilWeekly(option)));
        assert.deepEqual(row.saving, {
          weekly: formatMoney(p.weekly),
          fullYear: formatMoney(p.fullYear),
          inYear: formatMoney(p.inYear),
          inYearLabel: `In ${p.financialYear}`,
          nextYear: { label: `In ${next.financialYear}`, amount: formatMoney(next.amount) },
          overPlan: { label: 'To 5 Oct 2027', amount: formatMoney(accruedOver(p.weekly, daysBetween(from, stop))) },
        }, row.id);
      }
      // The proposal's council share is its 80%, not its full cost.
      assert.equal(view.options[0]!.councilShare, '£4,800.00');
    });

    it('a plan inside one financial year has no next-year figure; one without an end runs until 18, never naming the birthday', () => {
      const short = spanningRequest({ proposed: { ...spanningRequest().proposed, plannedEndDate: '2026-12-31' } });
      const ifa = requestCardView(factsOf({ requests: [short] }), short, '2026-04-03', { canDecide: true }).options[1]!;
      assert.equal(ifa.saving?.nextYear, undefined);
      assert.equal(ifa.saving?.overPlan.label, 'To 31 Dec 2026');
      const open = spanningRequest({ proposed: { ...spanningRequest().proposed, plannedEndDate: undefined } });
      const card = requestCard(factsOf({ requests: [open] }), open, '2026-04-03', { canDecide: true });
      assert.match(cardText(card), /Until 18: £/);
      const birthday = eighteenthBirthday(open);
      assert.doesNotMatch(JSON.stringify(card), new RegExp(`${birthday}|${birthday.slice(8, 10).replace(/^0/, '')} \\w{3} ${birthday.slice(0, 4)}`));
    });

    it('the cost-above-need-band flag is on every option above its band, alternatives included', () => {
      // Need level 3: residential's band is £5,800–£7,800, IFA's £1,100–£1,500, solo residential's £9,500–£13,500.
      const request = spanningRequest({
        proposed: { ...spanningRequest().proposed, weeklyCost: '9000.00' },
      });
      const view = requestCardView(factsOf({ requests: [request] }), request, '2026-04-03', { canDecide: true });
      assert.deepEqual(view.options.map((o) => [o.id, o.valueFlag]), [
        ['proposed', '⚠ Cost above need band, 1.3×'],
        ['ifa', '⚠ Cost above need band, 1.9×'],
        ['dearer', undefined],
      ]);
      assert.deepEqual(view.valueFlags, [
        `Proposed: £9,000.00 a week is 1.3× the band midpoint for ${PLACEMENT_TYPE_LABELS.residential.toLowerCase()} at need level 3 (high)`,
        `Alt 1: £2,500.00 a week is 1.9× the band midpoint for ${PLACEMENT_TYPE_LABELS.ifa.toLowerCase()} at need level 3 (high)`,
      ]);
    });

    it('the proposal of a new request shows "—" for its saving, never £0.00; a change request\'s proposal saves against the current placement', () => {
      const request = spanningRequest();
      const card = requestCard(factsOf({ requests: [request] }), request, '2026-04-03', { canDecide: true });
      assert.equal(tableRows(card)[1]![2], '—');
      assert.doesNotMatch(cardText(card).replace(/£0\.00 \(0%\)/g, ''), /£0\.00/, 'no £0.00 but the empty funding shares');
      const change = aChangeRequest();
      const view = requestCardView(factsOf({ requests: [change] }), change, '2026-04-03', { canDecide: true });
      assert.equal(view.options[0]!.saving?.weekly, formatMoney(projectedSaving(change, 'proposed', '2026-04-06').weekly));
      assert.equal(view.options[0]!.saving?.weekly, '£4,000.00');
    });

    it('decided: the chosen option highlighted, conditions, review date, the decision time in UK time, what was saved, every event in date order', () => {
      const request = spanningRequest();
      const decision = { ...aDecision(request.id, 'ifa', '2026-05-01', 'approve_with_conditions'), comment: 'Education plan *first*', reviewDate: '2026-11-01' };
      const events = [ended(request.id, '2027-01-05'), costChange(request.id, '2026-07-01', '2700.00')];
      const facts = factsOf({ requests: [request], decisions: [decision], events });
      const view = requestCardView(facts, request, '2027-02-01', { canDecide: true });
      assert.equal(view.actions, undefined);
      assert.deepEqual(view.options.map((o) => [o.id, o.style, o.chosen]), [['proposed', 'default', undefined], ['ifa', 'good', true], ['dearer', 'default', undefined]]);
      const realised = savingsToDate([{ request, decision, events }], '2027-02-01').total;
      assert.deepEqual(view.decision, {
        // 10:00 UTC on 1 May is 11:00 in London (British Summer Time).
        headline: 'Approved with conditions — alternative: High-end IFA — by Panel Chair, 1 May 2026 11:00 BST',
        tone: 'good',
        // An approval from before conditions had owners: its comment is its one condition, listed once.
        commentLabel: 'Comment',
        conditions: [{ requestId: request.id, n: 1, text: '**1.** Education plan \\*first\\*', state: 'Open', stateColor: 'Default', open: true }],
        reviewDate: '1 Nov 2026',
        effectiveFrom: '1 May 2026',
        realised: formatMoney(realised),
        events: [
          { title: '1 Jul 2026', value: 'Cost now £2,700.00 a week: uplift agreed' },
          { title: '5 Jan 2027', value: 'Ended: return home' },
        ],
      });
      assert.equal(view.headline.decideBy, undefined);
      assertValidCard(renderCard(REQUEST_CARD, view));
    });

    it('decided: a long history keeps its latest events within the cap and says how many are left out', () => {
      const request = spanningRequest();
      const events: EventRecord[] = Array.from({ length: MAX_EVENT_ROWS + 3 }, (_, i) => ({
        ...costChange(request.id, addDays('2026-06-01', i * 7), String(2500 + i * 10) + '.00'), note: `Note ${i} `.padEnd(150, 'x'),
      }));
      const facts = factsOf({ requests: [request], decisions: [aDecision(request.id, 'ifa', '2026-05-01')], events });
      const decision = requestCardView(facts, request, '2027-02-01', { canDecide: true }).decision!;
      assert.equal(decision.events.length, MAX_EVENT_ROWS);
      assert.equal(decision.events[0]!.title, '22 Jun 2026', 'the three earliest are left out');
      assert.equal(decision.moreEvents, '3 earlier changes not shown');
      // Each note cut to the card's length for notes, with "…".
      assert.equal(decision.events[0]!.value, `Cost now £2,530.00 a week: uplift agreed (${'Note 3 '.padEnd(CARD_TEXT_LIMITS.note - 1, 'x')}…)`);
      assert.equal(decision.commentLabel, 'Comment');
      assert.equal(decision.comment, undefined);
    });

    it('ten alternatives, the longest typed text everywhere and a long history stay within the 28 KB budget, open or decided', () => {
      // Two bytes a character in UTF-8, as accented letters are: a harder budget than plain English.
      const typed = (n: number) => 'é'.repeat(n);
      const request = spanningRequest({
        proposed: { ...spanningRequest().proposed, provider: typed(120), weeklyCost: '99999.99' },
        alternatives: Array.from({ length: 10 }, (_, i) => ({
          id: `alternative-${i + 1}`, label: typed(160), type: 'solo_residential' as const, provider: typed(120), weeklyCost: '99999.98', funding: FULL,
        })),
        needs: { summary: typed(1000), scores: { behaviour: 4, education: 4, identity: 3, emotional_wellbeing: 4, independence: 3 } },
        requestedBy: typed(120), reason: typed(1000),
      });
      const open = requestCard(factsOf({ requests: [request] }), request, '2026-04-03', {
        canDecide: true, refreshFor: Array.from({ length: 60 }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`),
        values: { comment: typed(1000) }, problems: ['Comment: write the conditions in the comment', 'Review date: a review date is needed'],
      });
      const decision = { ...aDecision(request.id, 'alternative-10', '2026-05-01', 'approve_with_conditions'), comment: typed(1000), reviewDate: '2026-11-01' };
      const events = Array.from({ length: 30 }, (_, i) => ({ ...costChange(request.id, addDays('2026-06-01', i * 7), '99999.99'), note: typed(500) }));
      const decided = requestCard(factsOf({ requests: [request], decisions: [decision], events }), request, '2027-02-01', { canDecide: false });
      for (const card of [open, decided]) {
        assertValidCard(card);
        assert.ok(cardSize(card).utf8Bytes < 28 * 1024, `${cardSize(card).utf8Bytes} bytes`);
      }
      // Both, over the budget at the usual lengths, are drawn again with the tight ones.
      assert.match(cardText(decided), new RegExp(`\\(${typed(TIGHT_TEXT_LIMITS.note - 1)}…\\)`));
      assert.ok(JSON.stringify(open).includes(`Alternative 10: ${typed(TIGHT_TEXT_LIMITS.label - 1)}… (£99,999.98/wk)`));
      assert.match(cardText(open), new RegExp(`Why:\\*\\* ${typed(TIGHT_TEXT_LIMITS.long - 1)}…`));
      // A card within the budget keeps the usual lengths.
      const usual = requestCard(factsOf({ requests: [spanningRequest({ reason: typed(1000) })] }), spanningRequest({ reason: typed(1000) }), '2026-04-03', { canDecide: true });
      assert.match(cardText(usual), new RegExp(`Why:\\*\\* ${typed(1000)}`));
    });

    it('an approval yet to take effect shows no "saved so far"', () => {
      const request = spanningRequest();
      const facts = factsOf({ requests: [request], decisions: [aDecision(request.id, 'ifa', '2026-05-01')] });
      assert.equal(requestCardView(facts, request, '2026-04-20', { canDecide: true }).decision!.realised, undefined);
    });
  });
});
