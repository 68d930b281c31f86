import { strict as assert } from 'node:assert';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import { fieldProblems } from '../../src/domain/issues.js';

const good = {
  childRef: 'C-10423', ageYears: 14, kind: 'new',
  needs: { summary: 'Complex trauma; school refusal', scores: { emotional_wellbeing: 3, behaviour: 4, education: 2 } },
  proposed: { type: 'residential', provider: 'Oak House', weeklyCost: '£6,108.00', startDate: '2026-04-06', plannedEndDate: '2027-04-05' },
  alternatives: [{ id: 'alt-1', label: 'In-house foster care', type: 'in_house_fostering', weeklyCost: 1200 }],
  requestedBy: 'placements team', reason: 'No in-house match',
};

describe('placement request schema', () => {
  it('normalises money to pounds with two decimals and fills default funding', () => {
    const r = placementRequestInputSchema.parse(good);
    assert.equal(r.proposed.weeklyCost, '6108.00');
    assert.equal(r.alternatives[0]!.weeklyCost, '1200.00');
    assert.deepEqual(r.proposed.funding, { socialCare: 100, health: 0, education: 0 });
  });

  it('names every bad field', () => {
    const bad = {
      ...good, childRef: 'Jane Smith', kind: 'change',
      proposed: { ...good.proposed, type: 'castle', weeklyCost: '-5', funding: { socialCare: 60, health: 30, education: 0 } },
    };
    const res = placementRequestInputSchema.safeParse(bad);
    assert.equal(res.success, false);
    const fields = fieldProblems(res.error!).map((p) => p.field);
    for (const f of ['childRef', 'proposed.type', 'proposed.weeklyCost', 'proposed.funding', 'current']) {
      assert.ok(fields.includes(f), `expected a problem for ${f}, got ${fields.join(', ')}`);
    }
  });
});
