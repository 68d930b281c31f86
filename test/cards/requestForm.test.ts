import assert from 'node:assert/strict';
import { requestFormView, requestInputFromForm } from '../../src/cards/requestForm.js';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import { progressBar } from '../../src/cards/progress.js';
import { parseMoney } from '../../src/calculators/money.js';
import { renderCard } from '../../src/cards/renderCard.js';
import { REQUEST_FORM_CARD } from '../../src/views/requestFormView.js';

describe('request form binding', () => {
  const submitted = {
    childRef: 'C-10423', ageYears: '14', kind: 'change', changeReason: 'step_down', needsSummary: 'Complex needs',
    need_behaviour: '4', need_education: '2', need_identity: '', proposedType: 'ifa', proposedProvider: 'Kinfolk Fostering Ltd',
    proposedWeeklyCost: '£1,450.00', proposedStartDate: '2026-12-01', proposedPlannedEndDate: '', decideBy: '2026-11-24',
    proposedSocialCare: '80', proposedHealth: '20', proposedEducation: '',
    currentType: 'residential', currentProvider: 'Oakfield House Ltd', currentWeeklyCost: '6108',
    alt1_label: 'In-house foster care', alt1_provider: 'Council fostering service', alt1_type: 'in_house_fostering', alt1_weeklyCost: '£1,200.00',
    alt2_label: '', alt2_provider: '', alt2_type: '', alt2_weeklyCost: '',
    requestedBy: 'Placements team', reason: 'Ready to step down',
  };

  it('turns a submission into a request the domain schema accepts', () => {
    const body = requestInputFromForm(submitted);
    const parsed = placementRequestInputSchema.safeParse(body);
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues));
    assert.deepEqual(body.needs, { summary: 'Complex needs', scores: { behaviour: 4, education: 2 } });
    assert.deepEqual((body.proposed as Record<string, unknown>).funding, { socialCare: 80, health: 20, education: 0 });
    assert.deepEqual(body.alternatives, [{ id: 'alt-1', label: 'In-house foster care', provider: 'Council fostering service', type: 'in_house_fostering', weeklyCost: '£1,200.00' }]);
    assert.equal(body.decideBy, '2026-11-24');
    assert.equal(parsed.data?.decideBy, '2026-11-24');
    assert.equal(parsed.data?.alternatives[0]?.provider, 'Council fostering service');
  });

  it('an empty decide-by is left out (the rule sets it); an alternative with only a provider is still sent, so its missing parts are named', () => {
    const body = requestInputFromForm({ ...submitted, decideBy: '', alt2_provider: 'Kin Fostering Ltd' });
    assert.equal('decideBy' in body, false);
    const parsed = placementRequestInputSchema.safeParse(body);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    for (const p of ['alternatives.1.label', 'alternatives.1.type', 'alternatives.1.weeklyCost']) assert.ok(paths.includes(p), p);
  });

  it('a decide-by date outside 1990–2100 is refused with the field named', () => {
    const parsed = placementRequestInputSchema.safeParse(requestInputFromForm({ ...submitted, decideBy: '2101-01-01' }));
    assert.deepEqual(parsed.error!.issues.map((i) => [i.path.join('.'), i.message]), [['decideBy', 'must be a date from 1990-01-01 to 2100-12-31']]);
  });

  it('the form has the decide-by date and a provider for each alternative, and keeps what was typed in them', () => {
    const card = renderCard(REQUEST_FORM_CARD, requestFormView({ submitted })) as unknown as object;
    const found = new Map<string, { type: string; value?: unknown }>();
    JSON.stringify(card, (_key, value: unknown) => {
      const o = value as { id?: unknown; type?: unknown; value?: unknown } | null;
      if (o && typeof o === 'object' && typeof o.id === 'string' && typeof o.type === 'string') found.set(o.id, o as { type: string; value?: unknown });
      return value;
    });
    assert.equal(found.get('decideBy')?.type, 'Input.Date');
    assert.equal(found.get('decideBy')?.value, '2026-11-24');
    assert.equal(found.get('alt1_provider')?.value, 'Council fostering service');
    assert.equal(found.get('alt3_provider')?.value, '');
  });

  it('leaves out empty inputs so the schema names what is missing', () => {
    const parsed = placementRequestInputSchema.safeParse(requestInputFromForm({ kind: 'new' }));
    assert.equal(parsed.success, false);
    const paths = parsed.error!.issues.map((i) => i.path.join('.'));
    for (const p of ['childRef', 'proposed.weeklyCost', 'requestedBy']) assert.ok(paths.includes(p), p);
  });

  it('keeps entered values for the form, numbers as numbers and empties as null', () => {
    const view = requestFormView({ submitted, problems: ['x: y'] });
    assert.equal(view.values.ageYears, 14);
    assert.equal(view.values.proposedEducation, null);
    assert.equal(view.values.kind, 'change');
    assert.equal(view.needScores.find((n) => n.inputId === 'need_behaviour')?.value, '4');
    assert.equal(view.alternatives.length, 3);
    assert.deepEqual(view.problems, ['x: y']);
    assert.equal(requestFormView().problems, undefined);
    assert.equal(requestFormView().values.kind, 'new');
  });

  it('draws a text progress bar', () => {
    assert.equal(progressBar(42), '████░░░░░░');
    assert.equal(progressBar(-5), '░░░░░░░░░░');
    assert.equal(progressBar(250), '██████████');
    assert.equal(progressBar(99.9), '█████████░', 'full only once the target is met');
  });
});

describe('the request form checks on the client what the server would refuse', () => {
  const form = renderCard(REQUEST_FORM_CARD, requestFormView()) as unknown as object;
  function input(id: string): { regex: string; errorMessage: string } {
    let found: { regex: string; errorMessage: string } | undefined;
    JSON.stringify(form, (key, value: unknown) => {
      if (value && typeof value === 'object' && (value as { id?: unknown }).id === id) found = value as { regex: string; errorMessage: string };
      return value;
    });
    return found!;
  }

  it('a weekly cost: the input\'s pattern takes what the server reads as money, and refuses what it refuses', () => {
    const pattern = new RegExp(input('proposedWeeklyCost').regex);
    for (const ok of ['6108', '6108.00', '6,108.00', '£6,108.50', '1200.5', '£ 900']) {
      assert.ok(pattern.test(ok), ok);
      assert.ok(parseMoney(ok.replace(/\s/g, '')).ok, ok);
    }
    for (const bad of ['12.345', '1,2,3', 'abc', '£', '-100']) assert.ok(!pattern.test(bad), bad);
    assert.match(input('proposedWeeklyCost').errorMessage, /e\.g\. 6108\.00/);
  });

  it('a case reference: the same shape the server accepts', () => {
    const pattern = new RegExp(input('childRef').regex);
    for (const ok of ['C-10423', 'LAC/123456', '10423']) {
      assert.ok(pattern.test(ok), ok);
      assert.ok(placementRequestInputSchema.shape.childRef.safeParse(ok).success, ok);
    }
    for (const bad of ['Jane Smith', 'C', '']) assert.ok(!pattern.test(bad), bad);
  });
});
