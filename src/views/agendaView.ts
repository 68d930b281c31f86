import { formatMoney } from '../calculators/money.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import type { Fact, TextTone } from '../cards/viewModels.js';
import { AGENDA_SECTIONS, type AgendaItem, type AgendaSection, type MinutedPerson, type Role } from '../domain/meeting.js';
import { URGENCY_LABELS } from '../domain/urgency.js';
import { mostThatFit } from './cardBudget.js';
import { formatDate, formatWhen, plural } from './format.js';
import { personName, rolesText } from './governanceText.js';
import { CARD_TEXT_LIMITS, clip } from './requestView.js';
import agendaJson from '../../cards/agenda.json' with { type: 'json' };

/** What the agenda card is drawn from: the meeting as it stands (the panel works out who is present and whether they make the quorum). */
export interface AgendaCardFacts {
  meetingId: string;
  /** The instant the meeting started. */
  startedAt: string;
  /** The name of whoever started it. */
  startedBy: string;
  agenda: readonly AgendaItem[];
  present: readonly MinutedPerson[];
  quorum: { members: number; roles: readonly Role[] };
  quorate: boolean;
  /** What the quorum still needs, already worded ("1 more member and finance"), or ''. */
  missing: string;
  ended?: boolean;
}

/** One agenda item as the card lists it. */
export interface AgendaRowView {
  requestId: string;
  /** 'C-10423 · 14 years': a case reference and an age, never a name or a date of birth. */
  child: string;
  /** What is asked (escaped). */
  ask: string;
  /** '£6,108.00/wk'. */
  weeklyCost: string;
  /** 'Emergency', 'Urgent · deferred', 'Deferred'; absent for a routine request not deferred. */
  marks?: string;
  /** 'Placed 22 Nov 2026', 'Waiting since 3 Nov 2026', 'Review date 1 Dec 2026'. */
  since: string;
  /** 'Decide by 1 Dec 2026'. */
  decideBy?: string;
  /** 'show PR-2026-0001': sent as text when the Show button is pressed; absent once the meeting has ended. */
  showCommand?: string;
}

export interface AgendaSectionView {
  /** 'Emergency placements to ratify (2)'. */
  heading: string;
  rows: AgendaRowView[];
  /** 'and 3 more in this section'. */
  more?: string;
}

/** The agenda card's view-model (cards/agenda.json). */
export interface AgendaView {
  meetingId: string;
  /** 'Panel meeting — 26 Nov 2026 10:00 GMT'. */
  title: string;
  /** 'Started by Jane Smith'. */
  startedBy: string;
  /** '5 items on the agenda' or 'Nothing is waiting for the panel'. */
  summary: string;
  /** The sections in agenda order, the empty ones left out. */
  sections: AgendaSectionView[];
  /** 'Present (3)' or that no one has marked themselves present yet. */
  presentHeading: string;
  /** One fact per person present: { title: 'Jane Smith', value: 'chair, finance' }. */
  present: Fact[];
  /** 'and 4 more'. */
  morePresent?: string;
  /** 'Quorum: 3 members, including chair and finance'. */
  quorumRule: string;
  /** 'Quorate' or 'Not quorate: 1 more member and finance'. */
  quorum: { text: string; tone: TextTone };
  /** 'Ended': the card then offers no buttons. */
  ended?: string;
  /** Present while the meeting runs: the "I'm here" and "End meeting" buttons. */
  actions?: { meetingId: string };
}

/** The agenda card's template. */
export const AGENDA_CARD = cardTemplate<AgendaView>(agendaJson);

/** Items a section lists at most, the rest counted; fewer when the card would be over AGENDA_CARD_BUDGET. */
export const MAX_AGENDA_ROWS_PER_SECTION = 10;
/** The card's size in UTF-8 bytes it must stay within, a little under the 28 KB budget (test/cards/cardQuality.ts). */
export const AGENDA_CARD_BUDGET = 27 * 1024;
/** People the present list names, the rest counted. */
export const MAX_PRESENT_ROWS = 30;

/** The heading of each part of the agenda, in the order the agenda takes them. */
export const AGENDA_SECTION_HEADINGS: Record<AgendaSection, string> = {
  ratify: 'Emergency placements to ratify',
  decide: 'Requests to decide',
  review: 'Reviews due',
};

/** How each part of the agenda dates its items: when the child was placed, when the request came, when the review fell due. */
const SINCE_LABELS: Record<AgendaSection, string> = { ratify: 'Placed', decide: 'Waiting since', review: 'Review date' };

/** 'Quorum: 3 members, including chair and finance'. */
export function quorumRuleText(quorum: AgendaCardFacts['quorum']): string {
  const roles = quorum.roles.length === 0 ? ''
    : `, including ${quorum.roles.length === 1 ? quorum.roles[0] : `${quorum.roles.slice(0, -1).join(', ')} and ${quorum.roles.at(-1)}`}`;
  return `Quorum: ${plural(quorum.members, 'member')}${roles}`;
}

function marksOf(item: AgendaItem): string | undefined {
  const marks = [
    ...(item.urgency !== 'routine' ? [URGENCY_LABELS[item.urgency]] : []),
    ...(item.status === 'deferred' ? ['deferred'] : []),
  ].join(' · ');
  return marks === '' ? undefined : marks.charAt(0).toUpperCase() + marks.slice(1);
}

function row(item: AgendaItem, ended: boolean): AgendaRowView {
  const childRef = escapeMarkdown(clip(item.childRef, CARD_TEXT_LIMITS.label));
  const marks = marksOf(item);
  return {
    requestId: item.requestId,
    child: item.ageYears === undefined ? childRef : `${childRef} · ${plural(item.ageYears, 'year')}`,
    ask: escapeMarkdown(clip(item.ask, CARD_TEXT_LIMITS.note)),
    weeklyCost: `${formatMoney(item.weeklyCost)}/wk`,
    ...(marks !== undefined && { marks }),
    since: `${SINCE_LABELS[item.section]} ${formatDate(item.since)}`,
    ...(item.decideBy !== undefined && { decideBy: `Decide by ${formatDate(item.decideBy)}` }),
    ...(!ended && { showCommand: `show ${item.requestId}` }),
  };
}

function section(heading: string, items: readonly AgendaItem[], ended: boolean, perSection: number): AgendaSectionView {
  return {
    heading: `${heading} (${items.length.toLocaleString('en-GB')})`,
    rows: items.slice(0, perSection).map((i) => row(i, ended)),
    ...(items.length > perSection && { more: `and ${(items.length - perSection).toLocaleString('en-GB')} more in this section` }),
  };
}

/**
 * The agenda card's view: the agenda in its sections (the first `perSection` items of each listed),
 * who is present, and whether they make the quorum.
 */
export function agendaView(m: AgendaCardFacts, perSection = MAX_AGENDA_ROWS_PER_SECTION): AgendaView {
  const ended = m.ended === true;
  const sections = AGENDA_SECTIONS
    .map((s) => ({ s, items: m.agenda.filter((i) => i.section === s) }))
    .filter(({ items }) => items.length > 0)
    .map(({ s, items }) => section(AGENDA_SECTION_HEADINGS[s], items, ended, perSection));
  const missing = m.missing.trim();
  return {
    meetingId: m.meetingId,
    title: `Panel meeting — ${formatWhen(m.startedAt)}`,
    startedBy: `Started by ${escapeMarkdown(clip(personName(m.startedBy), CARD_TEXT_LIMITS.label))}`,
    summary: m.agenda.length === 0 ? 'Nothing is waiting for the panel' : `${plural(m.agenda.length, 'item')} on the agenda`,
    sections,
    presentHeading: m.present.length === 0 ? 'No one has marked themselves present yet' : `Present (${m.present.length.toLocaleString('en-GB')})`,
    present: m.present.slice(0, MAX_PRESENT_ROWS).map((p) => ({
      title: escapeMarkdown(clip(personName(p.name), CARD_TEXT_LIMITS.label)),
      value: escapeMarkdown(rolesText(p.roles)),
    })),
    ...(m.present.length > MAX_PRESENT_ROWS && { morePresent: `and ${m.present.length - MAX_PRESENT_ROWS} more` }),
    quorumRule: quorumRuleText(m.quorum),
    quorum: m.quorate
      ? { text: 'Quorate', tone: 'good' }
      : { text: missing === '' ? 'Not quorate' : `Not quorate: ${escapeMarkdown(missing)}`, tone: 'attention' },
    ...(ended ? { ended: 'Ended' } : { actions: { meetingId: m.meetingId } }),
  };
}

/** The agenda card: up to MAX_AGENDA_ROWS_PER_SECTION items of each section, fewer when they would take it over AGENDA_CARD_BUDGET. */
export function agendaCard(m: AgendaCardFacts): AdaptiveCard {
  return mostThatFit(MAX_AGENDA_ROWS_PER_SECTION, (perSection) => renderCard(AGENDA_CARD, agendaView(m, perSection)), AGENDA_CARD_BUDGET);
}
