import { sampleRequest, type Harness, MEMBER } from './botHarness.js';

/**
 * A small panel history worked out by hand (see the tests for the arithmetic):
 * A — new, residential £6,108/wk proposed, in-house fostering £1,200/wk approved from 6 Apr 2026;
 * B — change, residential £5,000/wk (80% council) to in-house fostering £900/wk, approved from 20 Apr 2026;
 * C — declined; D — still pending.
 */
export async function loadScenario(h: Harness): Promise<{ a: string; b: string; c: string; d: string }> {
  const create = async (body: Record<string, unknown>) => {
    const res = await h.api('POST', '/api/requests', body);
    if (res.status !== 201) throw new Error(`scenario request refused: ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const a = await create(sampleRequest());
  const b = await create(sampleRequest({
    childRef: 'C-20417', ageYears: 15, dateOfBirth: undefined, kind: 'change', changeReason: 'step_down',
    current: { type: 'residential', provider: 'Moor View', weeklyCost: '5000.00', funding: { socialCare: 80, health: 20, education: 0 } },
    proposed: { type: 'in_house_fostering', provider: 'In-house carers', weeklyCost: '900.00', startDate: '2026-04-20' },
    alternatives: [],
  }));
  const c = await create(sampleRequest({ childRef: 'C-30001' }));
  const d = await create(sampleRequest({ childRef: 'C-40001' }));
  const decide = async (data: Record<string, unknown>) => {
    const res = await h.invoke('decide', data, MEMBER);
    if (res.status !== 200) throw new Error(`decision refused: ${res.status}`);
  };
  await decide({ requestId: a, outcome: 'approve', option: 'alt-1', effectiveFrom: '2026-04-06' });
  await decide({ requestId: b, outcome: 'approve', option: 'proposed', effectiveFrom: '2026-04-20' });
  await decide({ requestId: c, outcome: 'decline', comment: 'Not proportionate to need' });
  return { a, b, c, d };
}
