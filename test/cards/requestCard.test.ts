import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/renderCard.js';
import type { RequestCardView } from '../../src/cards/viewModels.js';
import { assertValidCard, cardText, findActions } from './cardQuality.js';
import { decidedChangeRequest, openRequest } from './fixtures.js';
import { REQUEST_CARD } from '../../src/views/requestView.js';

type Obj = Record<string, unknown>;

function inputs(card: object): Obj[] {
  const out: Obj[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const o = n as Obj;
      if (typeof o.type === 'string' && o.type.startsWith('Input.')) out.push(o);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('requestCard', () => {
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
    assert.deepEqual([...byId.keys()].sort(), ['comment', 'effectiveFrom', 'option', 'reviewDate']);
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

  it('decided: the decision block, and no inputs, buttons or refresh', () => {
    const card = renderCard(REQUEST_CARD, decidedChangeRequest());
    assertValidCard(card);
    assert.equal(inputs(card).length, 0);
    assert.equal(findActions(card).length, 0);
    assert.equal('refresh' in card, false);
    const text = cardText(card);
    assert.match(text, /Approved — alternative: In-house foster care — by Jane Doe, 22 Nov 2026 14:03 UTC/);
    assert.match(text, /Review date:\*\* 22 May 2027/);
    assert.match(text, /Current placement/);
    assert.match(text, /Change reason: Step down/);
  });

  it('shows the figures it is given: costs, shares, savings and the in-year label', () => {
    const text = cardText(renderCard(REQUEST_CARD, decidedChangeRequest()));
    for (const figure of ['£6,108.00', '£4,886.40 (80%)', '£290.00 (20%)', '£3,726.40', '£193,772.80', 'In 2026/27: £63,349.00', 'High (3 of 4)', 'Behaviour: 4 of 4']) {
      assert.ok(text.includes(figure), figure);
    }
  });

  it('kept decision inputs come back with their values', () => {
    const view = openRequest({
      actions: { ...openRequest().actions!, values: { option: 'alt-2', comment: 'Conditions: …', reviewDate: '2027-05-22', effectiveFrom: '2026-12-01' } },
      problems: ['reviewDate: must be a date'],
    });
    const card = renderCard(REQUEST_CARD, view);
    assertValidCard(card);
    const byId = new Map(inputs(card).map((i) => [i.id, i.value]));
    assert.deepEqual(Object.fromEntries(byId), { option: 'alt-2', comment: 'Conditions: …', reviewDate: '2027-05-22', effectiveFrom: '2026-12-01' });
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
