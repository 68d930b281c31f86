import {
  CHANGE_REASONS, NEED_DOMAINS, NEED_DOMAIN_LABELS, PLACEMENT_TYPES, PLACEMENT_TYPE_LABELS, humanise,
} from '../domain/vocabulary.js';
import { URGENCIES, URGENCY_LABELS } from '../domain/urgency.js';
import {
  MAX_FORM_ALTERNATIVES, type AlternativeSlotView, type Choice, type RequestFormValues, type RequestFormView,
} from './viewModels.js';
import { escapeMarkdown } from './markdown.js';

/** What the "Submit request" button sends: input ids → strings ('' for an empty input). */
export type RequestFormSubmission = Record<string, unknown>;

const TEXT_FIELDS = [
  'childRef', 'kind', 'changeReason', 'needsSummary', 'proposedType', 'proposedProvider', 'proposedWeeklyCost',
  'proposedStartDate', 'proposedPlannedEndDate', 'decideBy', 'urgency', 'alreadyPlaced', 'currentType', 'currentProvider', 'currentWeeklyCost',
  'requestedBy', 'reason',
] as const;
const NUMBER_FIELDS = ['ageYears', 'proposedSocialCare', 'proposedHealth', 'proposedEducation'] as const;

const SCORE_LABELS = ['none', 'low', 'moderate', 'high', 'very high'];

function text(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/** A whole or decimal number the person typed, or undefined when empty or not a number. */
function number(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  const s = text(v);
  if (s === '' || !/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** The need-score input id for a domain: `need_behaviour`. */
export function needInputId(domain: string): string {
  return `need_${domain}`;
}

/** The view for the new-request form, keeping what was entered (from a submission) and listing problems. */
export function requestFormView(options: { submitted?: RequestFormSubmission; problems?: string[] } = {}): RequestFormView {
  const s = options.submitted ?? {};
  const values = {} as RequestFormValues;
  for (const key of TEXT_FIELDS) values[key] = text(s[key]);
  for (const key of NUMBER_FIELDS) values[key] = number(s[key]) ?? null;
  if (values.kind === '') values.kind = 'new';
  if (values.urgency === '') values.urgency = 'routine';
  if (values.alreadyPlaced !== 'true') values.alreadyPlaced = 'false';
  const alternatives: AlternativeSlotView[] = [];
  for (let i = 1; i <= MAX_FORM_ALTERNATIVES; i++) {
    alternatives.push({
      n: String(i),
      label: text(s[`alt${i}_label`]),
      provider: text(s[`alt${i}_provider`]),
      type: text(s[`alt${i}_type`]),
      weeklyCost: text(s[`alt${i}_weeklyCost`]),
    });
  }
  const choice = (value: string, title: string): Choice => ({ title, value });
  const view: RequestFormView = {
    values,
    needScores: NEED_DOMAINS.map((d) => ({ inputId: needInputId(d), label: NEED_DOMAIN_LABELS[d], value: text(s[needInputId(d)]) })),
    scoreChoices: SCORE_LABELS.map((label, i) => choice(String(i), `${i} – ${label}`)),
    alternatives,
    placementTypes: PLACEMENT_TYPES.map((t) => choice(t, PLACEMENT_TYPE_LABELS[t])),
    changeReasons: CHANGE_REASONS.map((r) => choice(r, humanise(r))),
    urgencies: URGENCIES.map((u) => choice(u, URGENCY_LABELS[u])),
  };
  // Problems are shown as markdown and can quote what was typed; the inputs' values are plain text.
  if (options.problems && options.problems.length > 0) view.problems = options.problems.map(escapeMarkdown);
  return view;
}

/**
 * The form's submission as a placement request body (docs/api.md, "Placement request JSON"), not yet validated:
 * empty inputs are left out so the request schema reports what is missing.
 */
export function requestInputFromForm(s: RequestFormSubmission): Record<string, unknown> {
  const put = (target: Record<string, unknown>, key: string, value: unknown) => {
    if (value !== undefined && value !== '') target[key] = value;
  };
  const scores: Record<string, unknown> = {};
  for (const d of NEED_DOMAINS) put(scores, d, number(s[needInputId(d)]));

  const funding = (() => {
    const parts = [number(s.proposedSocialCare), number(s.proposedHealth), number(s.proposedEducation)];
    if (parts.every((p) => p === undefined)) return undefined;
    return { socialCare: parts[0] ?? 0, health: parts[1] ?? 0, education: parts[2] ?? 0 };
  })();

  const proposed: Record<string, unknown> = {};
  put(proposed, 'type', text(s.proposedType));
  put(proposed, 'provider', text(s.proposedProvider));
  put(proposed, 'weeklyCost', text(s.proposedWeeklyCost));
  put(proposed, 'startDate', text(s.proposedStartDate));
  put(proposed, 'plannedEndDate', text(s.proposedPlannedEndDate));
  put(proposed, 'funding', funding);

  const body: Record<string, unknown> = {};
  put(body, 'childRef', text(s.childRef));
  put(body, 'ageYears', number(s.ageYears));
  const kind = text(s.kind) || 'new';
  body.kind = kind;
  if (kind === 'change') put(body, 'changeReason', text(s.changeReason));
  body.needs = { summary: text(s.needsSummary), scores };
  if (kind === 'change' || text(s.currentType) !== '' || text(s.currentWeeklyCost) !== '') {
    const current: Record<string, unknown> = {};
    put(current, 'type', text(s.currentType));
    put(current, 'provider', text(s.currentProvider));
    put(current, 'weeklyCost', text(s.currentWeeklyCost));
    body.current = current;
  }
  body.proposed = proposed;
  const alternatives: Record<string, unknown>[] = [];
  for (let i = 1; i <= MAX_FORM_ALTERNATIVES; i++) {
    const label = text(s[`alt${i}_label`]);
    const provider = text(s[`alt${i}_provider`]);
    const type = text(s[`alt${i}_type`]);
    const weeklyCost = text(s[`alt${i}_weeklyCost`]);
    if (label === '' && provider === '' && type === '' && weeklyCost === '') continue;
    const alt: Record<string, unknown> = { id: `alt-${i}` };
    put(alt, 'label', label);
    put(alt, 'provider', provider);
    put(alt, 'type', type);
    put(alt, 'weeklyCost', weeklyCost);
    alternatives.push(alt);
  }
  body.alternatives = alternatives;
  put(body, 'decideBy', text(s.decideBy));
  put(body, 'urgency', text(s.urgency));
  // The toggle sends 'false' when off: only a placement already made says so.
  if (text(s.alreadyPlaced) === 'true') body.alreadyPlaced = true;
  put(body, 'requestedBy', text(s.requestedBy));
  put(body, 'reason', text(s.reason));
  return body;
}
