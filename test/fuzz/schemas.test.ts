import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { z } from 'zod';
import { requestInputFromForm, needInputId } from '../../src/cards/requestForm.js';
import { findCommand, normaliseText } from '../../src/bot/commands.js';
import { COMMANDS } from '../../src/bot/commandTable.js';
import { isIsoDate } from '../../src/calculators/dates.js';
import { decisionSubmissionSchema } from '../../src/domain/decision.js';
import { fieldProblems } from '../../src/domain/issues.js';
import { placementRequestInputSchema } from '../../src/domain/request.js';
import { cleanText } from '../../src/domain/schemaParts.js';
import { NEED_DOMAINS, OUTCOMES, PLACEMENT_TYPES } from '../../src/domain/vocabulary.js';
import { sampleRequest } from '../support/botHarness.js';

const RUNS = { numRuns: 2000 };

/** Safe-parses and checks the answer's shape: success, or problems each naming a field and saying what is wrong. */
function checkSafeParse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> | undefined {
  const result = schema.safeParse(input);
  if (result.success) return result.data as z.output<S>;
  const problems = fieldProblems(result.error);
  assert.ok(problems.length > 0, 'at least one problem');
  for (const p of problems) {
    assert.equal(typeof p.field, 'string');
    assert.ok(p.field.length > 0, 'a field');
    assert.equal(typeof p.problem, 'string');
    assert.ok(p.problem.length > 0, `a message for ${p.field}`);
  }
  return undefined;
}

const STORED_POUNDS = /^\d+\.\d{2}$/;

/** A request that passed the schema is fit to store: money normalised, dates real, funding complete. */
function checkAccepted(data: z.output<typeof placementRequestInputSchema>): void {
  assert.match(data.proposed.weeklyCost, STORED_POUNDS);
  assert.ok(isIsoDate(data.proposed.startDate));
  if (data.proposed.plannedEndDate !== undefined) assert.ok(data.proposed.plannedEndDate > data.proposed.startDate);
  if (data.dateOfBirth !== undefined) assert.ok(isIsoDate(data.dateOfBirth));
  assert.ok(data.ageYears !== undefined || data.dateOfBirth !== undefined);
  for (const a of data.alternatives) assert.match(a.weeklyCost, STORED_POUNDS);
  if (data.kind === 'change') assert.ok(data.current);
  else assert.equal(data.current, undefined);
  const f = data.proposed.funding;
  assert.equal(f.socialCare + f.health + f.education, 100);
}

/** Interesting leaf values for mutation: wrong types, edge strings, prototype keys, huge text. */
const nasty = fc.oneof(
  fc.anything(),
  fc.constantFrom(null, undefined, '', ' ', 0, -1, 1e21, Number.NaN, Infinity, true, [], {}, '£', '1,2,3', '12.345', '2026-02-30',
    '__proto__', 'constructor', 'x'.repeat(5000), { __proto__: { polluted: true } }, '<at>x</at>', 'C-10423\u0000'),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

type Path = (string | number)[];
const PATHS: Path[] = [
  ['childRef'], ['ageYears'], ['dateOfBirth'], ['kind'], ['changeReason'], ['needs'], ['needs', 'summary'], ['needs', 'scores'],
  ['needs', 'scores', 'behaviour'], ['needs', 'scores', 'made_up'], ['current'], ['proposed'], ['proposed', 'type'], ['proposed', 'weeklyCost'],
  ['proposed', 'startDate'], ['proposed', 'plannedEndDate'], ['proposed', 'funding'], ['proposed', 'funding', 'health'],
  ['alternatives'], ['alternatives', 0], ['alternatives', 0, 'id'], ['alternatives', 1, 'id'], ['alternatives', 0, 'weeklyCost'],
  ['alternatives', 5], ['requestedBy'], ['reason'], ['extra'], ['__proto__'], ['constructor'],
];

function mutate(base: Record<string, unknown>, path: Path, value: unknown, remove: boolean): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let target: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) {
    const next = target[step];
    if (next === null || typeof next !== 'object') target[step] = {};
    target = target[step] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) delete target[last];
  else Object.defineProperty(target, last, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

describe('fuzz: placement request schema', () => {
  it('arbitrary values: never throws; success or field problems', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (v) => {
      const data = checkSafeParse(placementRequestInputSchema, v);
      if (data) checkAccepted(data);
    }), RUNS);
  });

  it('arbitrary JSON documents: never throws; success or field problems', () => {
    fc.assert(fc.property(fc.json(), (text) => {
      checkSafeParse(placementRequestInputSchema, JSON.parse(text));
    }), RUNS);
  });

  it('a valid request with 1–4 random mutations (replace or delete anywhere): never throws; what passes is fit to store', () => {
    const mutation = fc.tuple(fc.constantFrom(...PATHS), nasty, fc.boolean());
    const base = fc.constantFrom(
      sampleRequest(),
      sampleRequest({ kind: 'change', changeReason: undefined, current: { type: 'residential', provider: 'Old Home', weeklyCost: 5000 } }),
      sampleRequest({ dateOfBirth: undefined, alternatives: undefined }),
    ).map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);
    fc.assert(fc.property(base, fc.array(mutation, { minLength: 1, maxLength: 4 }), (start, mutations) => {
      let doc: unknown = start;
      for (const [path, value, remove] of mutations) doc = mutate(doc as Record<string, unknown>, path, value, remove);
      const data = checkSafeParse(placementRequestInputSchema, doc);
      if (data) checkAccepted(data);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
    }), RUNS);
  });

  it('valid requests built from the vocabulary are accepted', () => {
    const valid = fc.record({
      childRef: fc.stringMatching(/^C-\d{3,8}$/),
      ageYears: fc.integer({ min: 0, max: 17 }),
      kind: fc.constant('new'),
      needs: fc.record({ summary: fc.string({ minLength: 1, maxLength: 200 }).filter((s) => cleanText(s).trim() !== ''), scores: fc.record({ behaviour: fc.integer({ min: 0, max: 4 }) }) }),
      proposed: fc.record({
        type: fc.constantFrom(...PLACEMENT_TYPES), provider: fc.constantFrom('Hillside', 'Oak House'),
        weeklyCost: fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 5_000_000 }).map((p) => `£${(p / 100).toFixed(2)}`)),
        startDate: fc.constantFrom('2026-04-06', '2024-02-29'),
      }),
      requestedBy: fc.constant('placements team'),
      reason: fc.constant('No in-house match'),
    });
    fc.assert(fc.property(valid, (r) => {
      const result = placementRequestInputSchema.safeParse(r);
      assert.ok(result.success, JSON.stringify(!result.success && result.error.issues));
      checkAccepted(result.data);
    }), RUNS);
  });
});

const DECISION_KEYS = ['requestId', 'outcome', 'option', 'comment', 'reviewDate', 'effectiveFrom', 'verb', 'action'];

describe('fuzz: decision card data', () => {
  it('arbitrary card data: never throws; success or field problems; what passes meets the outcome rules', () => {
    const value = fc.oneof(nasty, fc.constantFrom(...OUTCOMES), fc.constantFrom('2026-05-01', '', 'PR-2026-0001', 'proposed', 'alt-1'));
    const data = fc.oneof(
      fc.dictionary(fc.oneof(fc.constantFrom(...DECISION_KEYS), fc.string()), value),
      fc.anything(),
    );
    fc.assert(fc.property(data, (d) => {
      const ok = checkSafeParse(decisionSubmissionSchema, d);
      if (!ok) return;
      assert.ok(ok.requestId.length > 0);
      assert.ok((OUTCOMES as readonly string[]).includes(ok.outcome));
      if (ok.outcome !== 'approve') assert.ok(ok.comment !== undefined && ok.comment.trim() !== '');
      if (ok.outcome === 'approve_with_conditions') assert.ok(ok.reviewDate !== undefined && isIsoDate(ok.reviewDate));
      if (ok.effectiveFrom !== undefined) assert.ok(isIsoDate(ok.effectiveFrom));
      assert.ok(ok.option.length <= 40);
    }), RUNS);
  });
});

const FORM_KEYS = [
  'childRef', 'kind', 'changeReason', 'needsSummary', 'proposedType', 'proposedProvider', 'proposedWeeklyCost',
  'proposedStartDate', 'proposedPlannedEndDate', 'currentType', 'currentProvider', 'currentWeeklyCost',
  'requestedBy', 'reason', 'ageYears', 'proposedSocialCare', 'proposedHealth', 'proposedEducation',
  ...NEED_DOMAINS.map(needInputId),
  ...[1, 2, 3, 4].flatMap((i) => [`alt${i}_label`, `alt${i}_type`, `alt${i}_weeklyCost`]),
];

describe('fuzz: new-request form submission', () => {
  it('arbitrary form dictionaries map to a body without throwing, and the schema answers it', () => {
    const formValue = fc.oneof(
      fc.string({ maxLength: 30 }), fc.constantFrom('', ' ', '3', '-1', '1e3', '4.5', 'change', 'new', 'residential', '2026-04-06', '£1,200.00'),
      nasty,
    );
    fc.assert(fc.property(fc.dictionary(fc.oneof(fc.constantFrom(...FORM_KEYS), fc.string({ maxLength: 8 })), formValue), (form) => {
      const body = requestInputFromForm(form);
      assert.equal(typeof body, 'object');
      const data = checkSafeParse(placementRequestInputSchema, body);
      if (data) checkAccepted(data);
    }), RUNS);
  });
});

/** Phrases the contract promises, with the command that must answer each. */
const PHRASES: [string, string][] = [
  ['help', 'help'], ['new request', 'new request'], ['pending', 'pending'], ['show PR-2026-0001', 'show'],
  ['savings to date', 'savings to date'], ['savings to date as of 2026-03-31', 'savings to date'], ['savings this year', 'savings this year'],
  ['digest', 'digest'], ['top 15', 'top 15'], ['value check', 'value check'], ['cohort', 'cohort'],
];

describe('fuzz: reading text commands', () => {
  it('normaliseText and findCommand never throw and stay fast on arbitrary (long) text', () => {
    fc.assert(fc.property(fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc.string({ unit: fc.constantFrom('<at>', '</at>', 'savings ', 'to ', 'date ', ' ', '?', 'update ', 'pr-2026-0001 ', 'cost ', 'a'), maxLength: 400 }),
    ), (s) => {
      const t0 = performance.now();
      const text = normaliseText(s);
      assert.equal(text, text.trim());
      assert.equal(text, text.toLowerCase());
      findCommand(COMMANDS, text);
      assert.ok(performance.now() - t0 < 50, `slow on ${JSON.stringify(s).slice(0, 80)}`);
    }), RUNS);
  });

  it('known commands still match with random case, extra spaces, trailing ?/. and an @mention of the bot', () => {
    const spaces = fc.constantFrom(' ', '  ', '\t', '\n', ' \u00a0');
    fc.assert(fc.property(
      fc.constantFrom(...PHRASES), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), spaces, spaces,
      fc.constantFrom('', '<at>Placement Panel</at> ', '<AT>Placement Panel</AT>', ' <at>Placement Panel</at>'), fc.boolean(), fc.constantFrom('', '?', '.', '!'),
      ([phrase, name], upper, inner, outer, mention, mentionAfter, punct) => {
        const cased = [...phrase].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase())).join('');
        const spaced = cased.split(' ').join(inner === '\n' ? ' \n ' : ` ${inner}`);
        const text = mentionAfter ? `${outer}${spaced}${punct}${outer}${mention}` : `${mention}${outer}${spaced}${punct}${outer}`;
        const found = findCommand(COMMANDS, normaliseText(text));
        assert.equal(found?.command.name, name, JSON.stringify(text));
      },
    ), RUNS);
  });
});

describe('regression: the request schema answers null and undefined (import files with a null row)', () => {
  it('null / undefined / a number give a "(body)" problem instead of throwing', () => {
    for (const v of [null, undefined, 5, 'text']) {
      const r = placementRequestInputSchema.safeParse(v);
      assert.equal(r.success, false);
      assert.equal(fieldProblems(r.error!)[0]!.field, '(body)');
    }
  });
});
