import { TeamsInfo, type TurnContext } from 'botbuilder';
import { problemLines } from '../domain/issues.js';
import { readDay } from '../domain/ukDates.js';
import type { Actor } from '../domain/request.js';
import type { MeetingResult } from '../panel/panel.js';
import { agendaCard } from '../views/agendaView.js';
import { delegationsCard } from '../views/delegationsView.js';
import { formatDate } from '../views/format.js';
import { messageCard } from '../views/simpleCards.js';
import type { AdaptiveCard } from '../cards/renderCard.js';
import type { Command, CommandTurn } from './commands.js';
import type { Reply } from '../teams/reply.js';

/*
 * The panel meeting from the chat and its cards (docs/api.md, "Meetings"): start and end it, mark
 * yourself present, declare a conflict of interest, delegate a role.
 */

const ID = '(pr-\\d{4}-\\d{4,})';

/** The agenda card as the meeting stands, or a message when there is none. */
export function liveAgenda(turn: { panel: CommandTurn['panel'] }, meetingId?: string): AdaptiveCard {
  const meeting = meetingId === undefined ? turn.panel.openMeeting() : turn.panel.meetings().find((m) => m.id === meetingId);
  if (meeting === undefined) return messageCard('No meeting under way', ['Say "start meeting" in the panel channel to open one with the agenda as it stands.']);
  return agendaCard(turn.panel.agendaFacts(meeting));
}

export function refused(title: string, result: Extract<MeetingResult, { ok: false }>): Reply {
  return { card: messageCard(title, problemLines(result.problems), 'attention') };
}

async function startMeeting(turn: CommandTurn): Promise<Reply> {
  const result = await turn.panel.startMeeting(turn.actor);
  if (!result.ok) return result.meeting ? { card: liveAgenda(turn, result.meeting.id) } : refused('No meeting started', result);
  const where = turn.panel.conversation('panel') === undefined ? 'Add the app to the panel channel to have the agenda posted there.' : 'The agenda is posted in the panel channel: members press "I\'m here" on it.';
  return { card: messageCard('Meeting started', [`${result.meeting.started.agenda.length} items on the agenda.`, where], 'good') };
}

export async function endMeeting(turn: { panel: CommandTurn['panel']; actor: Actor }, meetingId: string | undefined): Promise<Reply> {
  const id = meetingId ?? turn.panel.openMeeting()?.id;
  if (id === undefined) return { text: 'No meeting is under way.' };
  const result = await turn.panel.endMeeting(id, turn.actor);
  if (!result.ok) return refused('The meeting was not ended', result);
  const minutes = result.meeting.ended!.minutes;
  return {
    card: messageCard('Meeting ended', [
      `${minutes.items.length} items decided or discussed, ${minutes.notReached.length} not reached.`,
      `The minutes are posted in the panel channel; the Word copy is at /api/meetings/${id}/minutes.docx.`,
    ], 'good'),
  };
}

export async function attend(turn: { panel: CommandTurn['panel']; actor: Actor }, meetingId: string | undefined): Promise<MeetingResult | undefined> {
  const id = meetingId ?? turn.panel.openMeeting()?.id;
  return id === undefined ? undefined : turn.panel.attend(id, turn.actor);
}

/** What follows the request id in the message as typed (the command is matched lower-cased): the note keeps its capitals. */
function noteAsTyped(turn: CommandTurn): string | undefined {
  const typed = (turn.context.activity.text ?? '').replace(/<at>[^<]*<\/at>/gi, ' ').replace(/\s+/g, ' ').trim();
  return /pr-\d{4}-\d{4,}[:,]?\s+(.+?)[.!?]*$/i.exec(typed)?.[1];
}

async function declareConflict(turn: { panel: CommandTurn['panel']; actor: Actor }, requestId: string, note: string | undefined): Promise<Reply> {
  const result = await turn.panel.declareConflict(requestId, note === undefined ? {} : { note }, turn.actor);
  if (!result.ok) return { card: messageCard(`No conflict recorded on ${requestId}`, problemLines(result.problems), 'attention') };
  return { card: messageCard('Conflict of interest recorded', [`You will not vote on ${requestId}; the minutes will say so.`], 'good') };
}

/**
 * The member the message @mentions (not the bot), as Teams names them: Teams gives a mention the
 * chat's own user id, so the Entra object id is looked up in the conversation's roster.
 */
async function mentionedMember(context: TurnContext): Promise<Actor | 'not_found' | undefined> {
  const botId = context.activity.recipient?.id;
  const mention = (context.activity.entities ?? []).find((e) => e.type === 'mention' && e.mentioned?.id !== botId);
  const mentioned = mention?.mentioned as { id?: string; name?: string; aadObjectId?: string } | undefined;
  if (mentioned?.id === undefined) return undefined;
  const name = String(mentioned.name ?? '').slice(0, 120);
  if (mentioned.aadObjectId) return { aadObjectId: mentioned.aadObjectId, name };
  try {
    const member = await TeamsInfo.getMember(context, mentioned.id);
    return member.aadObjectId ? { aadObjectId: member.aadObjectId, name: member.name || name } : 'not_found';
  } catch {
    return 'not_found';
  }
}

async function delegate(turn: CommandTurn): Promise<Reply> {
  const [, role, typedId, typedFrom, typedUntil] = turn.match;
  const notDone = 'Not delegated';
  const mentioned = await mentionedMember(turn.context);
  if (mentioned === 'not_found') return { card: messageCard(notDone, ['I could not look up the member you mentioned in this conversation: mention them where they are a member, or give their Entra object id.'], 'attention') };
  const to = mentioned ?? (typedId !== undefined ? { aadObjectId: typedId, name: typedId } : undefined);
  if (to === undefined) return { card: messageCard(notDone, ['Say whom: "delegate chair to @name until 24/12/2026".'], 'attention') };
  const dates: Record<string, string> = {};
  for (const [field, typed] of [['from', typedFrom], ['until', typedUntil]] as const) {
    if (typed === undefined) continue;
    const day = readDay(typed, turn.panel.today());
    if (day === undefined) return { card: messageCard(notDone, [`I can't read "${typed}" as a date: write it as 24/12/2026, 24 December 2026 or 2026-12-24.`], 'attention') };
    if (!day.ok) return { card: messageCard(notDone, [`${day.problem}.`], 'attention') };
    dates[field] = day.date;
  }
  const result = await turn.panel.delegate({ role: role!, to, until: dates.until!, ...(dates.from !== undefined && { from: dates.from }) }, turn.actor);
  if (!result.ok) return { card: messageCard(notDone, problemLines(result.problems), 'attention') };
  const d = result.delegation;
  return { card: messageCard('Delegated', [`${d.to.name} holds ${d.role} from ${formatDate(d.from)} to ${formatDate(d.until)}, with its spending limit; their decisions say "as deputy".`], 'good') };
}

export const MEETING_COMMANDS: readonly Command[] = [
  {
    name: 'start meeting',
    rank: 140,
    patterns: [/^(start|open|begin) (the )?(panel )?meeting$/],
    listing: { title: 'start meeting', description: 'Opens a panel meeting with the agenda; members press "I\'m here"; "end meeting" posts the minutes' },
    handle: startMeeting,
  },
  {
    name: 'end meeting',
    rank: 141,
    patterns: [/^(end|close|finish) (the )?(panel )?meeting$/],
    handle: (turn) => endMeeting(turn, undefined),
  },
  {
    name: 'agenda',
    rank: 142,
    patterns: [/^(agenda|meeting|the agenda)$/],
    handle: (turn) => ({ card: liveAgenda(turn) }),
  },
  {
    name: 'present',
    rank: 143,
    patterns: [/^(present|i'?m here|here|attending)$/],
    async handle(turn) {
      const result = await attend(turn, undefined);
      if (result === undefined) return { text: 'No meeting is under way.' };
      if (!result.ok) return refused('Not marked present', result);
      return { card: liveAgenda(turn, result.meeting.id) };
    },
  },
  {
    name: 'conflict',
    rank: 144,
    patterns: [new RegExp(`^(?:declare )?(?:a )?conflict(?: of interest)?(?: on)? ${ID}(?:[:,]? (.+))?$`)],
    handle: (turn) => declareConflict(turn, turn.match[1]!.toUpperCase(), turn.match[2] === undefined ? undefined : noteAsTyped(turn)),
  },
  {
    name: 'conflict (usage)',
    rank: 145,
    patterns: [/^(?:declare )?(?:a )?conflict\b/],
    listing: { title: 'conflict', description: 'conflict PR-2026-0001: you declare a conflict of interest and will not vote on it' },
    handle: () => ({ text: 'Say "conflict" and the request id, e.g. "conflict PR-2026-0001", optionally with what it is: "conflict PR-2026-0001: I know the provider".' }),
  },
  {
    name: 'delegate',
    rank: 146,
    patterns: [/^delegate ([a-z][a-z0-9_-]*) to(?: ([^\s]+))? (?:from (.+?) )?until (.+)$/],
    handle: delegate,
  },
  {
    name: 'delegations',
    rank: 147,
    patterns: [/^(delegations|deputies|who is deputising|who'?s deputising)$/],
    handle: (turn) => ({ card: delegationsCard(turn.panel.delegations(), turn.panel.today()) }),
  },
  {
    name: 'delegate (usage)',
    rank: 148,
    patterns: [/^delegate\b/],
    listing: { title: 'delegate', description: 'delegate chair to @name until 24/12/2026: a deputy holds the role and its limit; "delegations" lists them' },
    handle: () => ({ text: 'Say "delegate", the role, "to" and @mention the deputy, then "until" and the last day, e.g. "delegate chair to @Sam Patel until 24/12/2026" (add "from 20/12/2026" before "until" to start later).' }),
  },
];
