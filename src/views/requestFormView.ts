import { renderCard } from '../cards/renderCard.js';
import { MAX_FORM_ALTERNATIVES, type RequestFormValues, type RequestFormView } from '../cards/viewModels.js';
import type { CardJson } from '../bot/reply.js';
import { CHANGE_REASONS, NEED_DOMAINS, NEED_DOMAIN_LABELS, PLACEMENT_TYPES, PLACEMENT_TYPE_LABELS, humanise } from '../domain/vocabulary.js';

const EMPTY: RequestFormValues = {
  childRef: '', ageYears: null, kind: 'new', changeReason: '', needsSummary: '', proposedType: '', proposedProvider: '',
  proposedWeeklyCost: '', proposedStartDate: '', proposedPlannedEndDate: '', proposedSocialCare: 100, proposedHealth: 0,
  proposedEducation: 0, currentType: '', currentProvider: '', currentWeeklyCost: '', requestedBy: '', reason: '',
};

const SCORE_WORDS = ['none', 'low', 'moderate', 'high', 'very high'];

type FormData = Record<string, unknown>;

function str(data: FormData, key: string): string {
  const v = data[key];
  return v === undefined || v === null ? '' : String(v).trim();
}

/** A number from a card input (Teams sends Input.Number as a string); undefined when empty, NaN kept so the schema names it. */
function num(data: FormData, key: string): number | undefined {
  const v = str(data, key);
  return v === '' ? undefined : Number(v);
}

/** The values to put back in the form: what the person typed, so an error never loses their work. */
function keptValues(data: FormData): RequestFormValues {
  const values = { ...EMPTY };
  for (const key of Object.keys(EMPTY) as (keyof RequestFormValues)[]) {
    if (data[key] === undefined) continue;
    const current = EMPTY[key];
    if (current === null || typeof current === 'number') {
      const n = num(data, key);
      (values[key] as number | null) = n === undefined || Number.isNaN(n) ? null : n;
    } else {
      (values[key] as string) = str(data, key);
    }
  }
  return values;
}

/** The "new request" form, holding what was typed and the problems to fix. */
export function requestFormCard(data: FormData = {}, problems: string[] = []): CardJson {
  const view: RequestFormView = {
    ...(problems.length > 0 && { problems }),
    values: keptValues(data),
    needScores: NEED_DOMAINS.map((d) => ({ inputId: `need_${d}`, label: NEED_DOMAIN_LABELS[d], value: str(data, `need_${d}`) })),
    scoreChoices: SCORE_WORDS.map((w, i) => ({ title: `${i} – ${w}`, value: String(i) })),
    alternatives: Array.from({ length: MAX_FORM_ALTERNATIVES }, (_, i) => ({
      n: String(i + 1),
      label: str(data, `alt${i + 1}_label`),
      type: str(data, `alt${i + 1}_type`),
      weeklyCost: str(data, `alt${i + 1}_weeklyCost`),
    })),
    placementTypes: PLACEMENT_TYPES.map((t) => ({ title: PLACEMENT_TYPE_LABELS[t], value: t })),
    changeReasons: CHANGE_REASONS.map((r) => ({ title: humanise(r), value: r })),
  };
  return renderCard('requestForm', view) as CardJson;
}

/** The form's flat inputs as a placement request (CONTRACT.md shape), for the one shared schema to judge. */
export function formToRequestInput(data: FormData, requestedByDefault: string): Record<string, unknown> {
  const scores: Record<string, number> = {};
  for (const d of NEED_DOMAINS) {
    const n = num(data, `need_${d}`);
    if (n !== undefined) scores[d] = n;
  }
  const alternatives = Array.from({ length: MAX_FORM_ALTERNATIVES }, (_, i) => i + 1)
    .filter((n) => str(data, `alt${n}_label`) !== '' || str(data, `alt${n}_weeklyCost`) !== '')
    .map((n) => ({ id: `alt-${n}`, label: str(data, `alt${n}_label`), type: str(data, `alt${n}_type`) || 'other', weeklyCost: str(data, `alt${n}_weeklyCost`) }));
  const kind = str(data, 'kind') || 'new';
  const optional = (key: string) => (str(data, key) === '' ? undefined : str(data, key));
  return {
    childRef: str(data, 'childRef'),
    ageYears: num(data, 'ageYears'),
    kind,
    ...(optional('changeReason') !== undefined && { changeReason: optional('changeReason') }),
    needs: { summary: str(data, 'needsSummary'), scores },
    ...(kind === 'change' && {
      current: { type: str(data, 'currentType'), provider: str(data, 'currentProvider'), weeklyCost: str(data, 'currentWeeklyCost') },
    }),
    proposed: {
      type: str(data, 'proposedType'),
      provider: str(data, 'proposedProvider'),
      weeklyCost: str(data, 'proposedWeeklyCost'),
      startDate: str(data, 'proposedStartDate'),
      ...(optional('proposedPlannedEndDate') !== undefined && { plannedEndDate: optional('proposedPlannedEndDate') }),
      funding: { socialCare: num(data, 'proposedSocialCare') ?? 100, health: num(data, 'proposedHealth') ?? 0, education: num(data, 'proposedEducation') ?? 0 },
    },
    alternatives,
    requestedBy: str(data, 'requestedBy') || requestedByDefault,
    reason: str(data, 'reason'),
  };
}
