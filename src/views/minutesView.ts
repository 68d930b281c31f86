import { formatMoney } from '../calculators/money.js';
import { escapeMarkdown } from '../cards/markdown.js';
import { cardTemplate, renderCard, type AdaptiveCard } from '../cards/renderCard.js';
import type { Fact, TextTone } from '../cards/viewModels.js';
import { AGENDA_SECTIONS, type AgendaSection, type MinutedItem, type MinutedPerson, type MinutedVote, type Minutes } from '../domain/meeting.js';
import { humanise, isApproval } from '../domain/vocabulary.js';
import { personName, rolesText } from './governanceText.js';
import { mostThatFit } from './cardBudget.js';
import { formatDate, formatWhen, plural } from './format.js';
import { CARD_TEXT_LIMITS, STATUS_TEXT, clip, type TextLimits } from './requestView.js';
import minutesJson from '../../cards/minutes.json' with { type: 'json' };

/*
 * The minutes in words, once: the card (cards/minutes.json) and the Word document
 * (src/exports/minutesDocx.ts) say the same things in the same words. What a person typed (names,
 * option labels, conditions, notes) passes through a `Typed` function on its way in: the card cuts it
 * to its limits and escapes its markdown, the Word document keeps it whole and as typed.
 */

/** What becomes of typed text of a kind (a key of TextLimits) on its way into the minutes' words. */
export type Typed = (text: string, kind: keyof TextLimits) => string;

/** One condition of an approval: 1, 'Health assessment booked' and 'Owner: Jo Bloggs · due 1 Dec 2026'. */
export interface MinutedConditionWords {
  /** From 1, as the request card numbers them. */
  n: number;
  text: string;
  terms: string;
}

/** One item of the minutes in words. */
export interface MinutedItemWords {
  /** 'PR-2026-0001 · C-10423'. */
  heading: string;
  /** 'Request to decide', 'Emergency placement to ratify', 'Review', 'Not on the agenda'. */
  section: string;
  /** 'Approved with conditions', as the request card words a status. */
  outcome: string;
  tone: TextTone;
  /** Option, weekly cost and review date, those the item has. */
  details: Fact[];
  conditions: MinutedConditionWords[];
  /** 'Jane Smith (chair): approve — Proposed'. */
  votes: string[];
  /** 'Sam Lee declared a conflict of interest and did not vote'. */
  conflicts: string[];
}

/** The minutes in words, for the card and the Word document. */
export interface MinutesWords {
  /** 'Meeting G-000012'. */
  meeting: string;
  /** 'Started' and 'Ended', each with the time and by whom. */
  times: Fact[];
  /** 'Jane Smith (chair); Sam Lee (finance)' or 'None'. */
  present: string;
  apologies: string;
  /** 'The meeting was quorate.' or the warning that it was not. */
  quorum: { text: string; tone: TextTone };
  /** In agenda order: to ratify, to decide, reviews, then what was not on the agenda. */
  items: MinutedItemWords[];
  /** 'PR-2026-0007 · C-10999 (Requests to decide)'. */
  notReached: string[];
}

/** How the minutes name the part of the agenda an item came from. */
export const MINUTED_SECTION_LABELS: Record<AgendaSection | 'none', string> = {
  ratify: 'Emergency placement to ratify', decide: 'Request to decide', review: 'Review', none: 'Not on the agenda',
};

/** What became of an item, in words and colour: a settled outcome as the request card words that status. */
const OUTCOME_TEXT: Record<MinutedItem['outcome'], [string, TextTone]> = {
  approved: STATUS_TEXT.approved,
  approved_with_conditions: STATUS_TEXT.approved_with_conditions,
  declined: STATUS_TEXT.declined,
  deferred: STATUS_TEXT.deferred,
  recommended: ['Recommended — waiting for someone whose spending limit covers it', 'accent'],
  undecided: ['Discussed, not decided', 'default'],
};

const NOT_QUORATE = 'Not quorate: those present could not make the quorum.';

function person(p: Pick<MinutedPerson, 'name' | 'roles'>, typed: Typed): string {
  return `${typed(personName(p.name), 'label')} (${typed(rolesText(p.roles), 'label')})`;
}

function people(list: readonly MinutedPerson[], typed: Typed): string {
  return list.length === 0 ? 'None' : list.map((p) => person(p, typed)).join('; ');
}

/** 'Jane Smith (chair): approve — Proposed'; 'Ann Lee (finance), as deputy for Jane Smith (chair): …'; a recommendation says so. */
function voteText(v: MinutedVote, typed: Typed): string {
  const deputy = v.asDeputyFor !== undefined ? `, as deputy for ${typed(v.asDeputyFor, 'label')}` : '';
  const option = isApproval(v.outcome) ? ` — ${typed(v.option, 'label')}` : '';
  const recommendation = v.recommendation === true ? ' (a recommendation: above their spending limit)' : '';
  return `${person(v, typed)}${deputy}: ${humanise(v.outcome).toLowerCase()}${option}${recommendation}`;
}

function conflictText(c: MinutedItem['conflicts'][number], typed: Typed): string {
  const note = c.note !== undefined && c.note.trim() !== '' ? `: ${typed(c.note, 'note')}` : '';
  return `${typed(personName(c.name), 'label')} declared a conflict of interest and did not vote${note}`;
}

function itemWords(item: MinutedItem, typed: Typed): MinutedItemWords {
  const [outcome, tone] = OUTCOME_TEXT[item.outcome];
  return {
    heading: `${item.requestId} · ${typed(item.childRef, 'label')}`,
    section: MINUTED_SECTION_LABELS[item.section ?? 'none'],
    outcome,
    tone,
    details: [
      ...(item.option !== undefined ? [{ title: 'Option', value: typed(item.option, 'label') }] : []),
      ...(item.weeklyCost !== undefined ? [{ title: 'Weekly cost', value: `${formatMoney(item.weeklyCost)} a week` }] : []),
      ...(item.reviewDate !== undefined ? [{ title: 'Review date', value: formatDate(item.reviewDate) }] : []),
    ],
    conditions: item.conditions.map((c, i) => ({
      n: i + 1,
      text: typed(c.text, 'condition'),
      terms: `Owner: ${typed(c.owner, 'label')} · due ${formatDate(c.due)}`,
    })),
    votes: item.votes.map((v) => voteText(v, typed)),
    conflicts: item.conflicts.map((c) => conflictText(c, typed)),
  };
}

const SECTION_RANK = (item: MinutedItem) => (item.section === undefined ? AGENDA_SECTIONS.length : AGENDA_SECTIONS.indexOf(item.section));

/** The minutes in words: `typed` decides what becomes of typed text (cut and escaped for a card, kept whole for a document). */
export function minutesWords(m: Minutes, typed: Typed): MinutesWords {
  const items = [...m.items].sort((a, b) => SECTION_RANK(a) - SECTION_RANK(b));
  return {
    meeting: `Meeting ${m.meetingId}`,
    times: [
      { title: 'Started', value: `${formatWhen(m.startedAt)} by ${typed(personName(m.startedBy), 'label')}` },
      { title: 'Ended', value: `${formatWhen(m.endedAt)} by ${typed(personName(m.endedBy), 'label')}` },
    ],
    present: people(m.present, typed),
    apologies: people(m.apologies, typed),
    quorum: m.quorate ? { text: 'The meeting was quorate.', tone: 'default' } : { text: NOT_QUORATE, tone: 'attention' },
    items: items.map((i) => itemWords(i, typed)),
    notReached: m.notReached.map((n) => `${n.requestId} · ${typed(n.childRef, 'label')} (${MINUTED_SECTION_LABELS[n.section]})`),
  };
}

// --- the card ---------------------------------------------------------------------------------

/** The minutes card's view-model (cards/minutes.json). */
export interface MinutesView {
  /** 'Minutes: panel meeting of 26 Nov 2026 10:00 GMT'. */
  title: string;
  meeting: string;
  times: Fact[];
  present: string;
  apologies: string;
  /** Only when the meeting was not quorate: the warning. */
  notQuorate?: string;
  /** '3 items minuted, 1 not reached'. */
  summary: string;
  items: MinutedItemWords[];
  /** '… and 4 more in the Word minutes'. */
  moreItems?: string;
  notReached: string[];
  moreNotReached?: string;
}

/** The minutes card's template. */
export const MINUTES_CARD = cardTemplate<MinutesView>(minutesJson);

/** The card's size in UTF-8 bytes it must stay within, a little under the 28 KB budget (test/cards/cardQuality.ts). */
export const MINUTES_CARD_BUDGET = 27 * 1024;
/** Items not reached the card names, the rest counted. */
export const MAX_NOT_REACHED_ROWS = 20;

const cardTyped: Typed = (text, kind) => escapeMarkdown(clip(text, CARD_TEXT_LIMITS[kind]));

/** The minutes card's view with the first `shown` items (all of them when not given). */
export function minutesView(m: Minutes, shown = m.items.length): MinutesView {
  const words = minutesWords(m, cardTyped);
  const hidden = words.items.length - shown;
  return {
    title: `Minutes: panel meeting of ${formatWhen(m.startedAt)}`,
    meeting: words.meeting,
    times: words.times,
    present: words.present,
    apologies: words.apologies,
    ...(!m.quorate && { notQuorate: words.quorum.text }),
    summary: `${plural(m.items.length, 'item')} minuted, ${m.notReached.length.toLocaleString('en-GB')} not reached`,
    items: words.items.slice(0, shown),
    ...(hidden > 0 && { moreItems: `… and ${hidden.toLocaleString('en-GB')} more in the Word minutes` }),
    notReached: words.notReached.slice(0, MAX_NOT_REACHED_ROWS),
    ...(words.notReached.length > MAX_NOT_REACHED_ROWS && { moreNotReached: `… and ${words.notReached.length - MAX_NOT_REACHED_ROWS} more in the Word minutes` }),
  };
}

/**
 * The minutes card: every item when they fit within MINUTES_CARD_BUDGET, else as many of the first
 * as fit, the rest counted and left to the Word minutes.
 */
export function minutesCard(m: Minutes): AdaptiveCard {
  return mostThatFit(m.items.length, (shown) => renderCard(MINUTES_CARD, minutesView(m, shown)), MINUTES_CARD_BUDGET);
}
