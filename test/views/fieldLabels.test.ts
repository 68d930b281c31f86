import { strict as assert } from 'node:assert';
import { renderCard } from '../../src/cards/renderCard.js';
import { decisionLabels, requestFormLabels } from '../../src/views/fieldLabels.js';
import { labelledProblems } from '../../src/views/format.js';
import { REQUEST_CARD } from '../../src/views/requestView.js';
import { REQUEST_FORM_CARD } from '../../src/views/requestFormView.js';
import { requestFormView } from '../../src/cards/requestForm.js';
import { cardText } from '../cards/cardQuality.js';
import { openRequest } from '../cards/fixtures.js';

describe('problems in the words of the form, beside the buttons', () => {
  it('names each field by the label people see, never its code name', () => {
    assert.deepEqual(labelledProblems([
      { field: 'proposed.weeklyCost', problem: 'must not be negative' },
      { field: 'alternatives.1.weeklyCost', problem: 'must be more than £0.00 a week' },
      { field: 'proposed.funding.socialCare', problem: 'must have at most two decimals, e.g. 33.33' },
      { field: 'needs.scores.behaviour', problem: 'must be a score from 0 to 4' },
    ], requestFormLabels), [
      'Proposed weekly cost: must not be negative',
      'Alternative 2 weekly cost: must be more than £0.00 a week',
      'Proposed social care %: must have at most two decimals, e.g. 33.33',
      'Need score (behaviour): must be a score from 0 to 4',
    ]);
    assert.deepEqual(labelledProblems([{ field: 'effectiveFrom', problem: 'must be on or after …' }, { field: 'reviewDate', problem: 'is needed' }], decisionLabels),
      ['Effective from: must be on or after …', 'Review date: is needed']);
  });

  it('puts the request card\'s problems and notice last, directly above the decision buttons', () => {
    const card = renderCard(REQUEST_CARD, openRequest({ problems: ['Review date: a review date is needed'], notice: 'Already decided' }));
    const body = card.body as object[];
    assert.match(cardText(body[body.length - 1]!), /Please check:[\s\S]*Review date: a review date is needed/);
    assert.match(cardText(body[body.length - 2]!), /Already decided/);
    assert.ok((card.actions ?? []).length > 0);
  });

  it('puts the request form\'s problems last, directly above Submit', () => {
    const card = renderCard(REQUEST_FORM_CARD, requestFormView({ problems: ['Case reference: must be a case reference such as "C-10423"'] }));
    const body = card.body as object[];
    assert.match(cardText(body[body.length - 1]!), /Case reference: must be a case reference/);
  });
});
