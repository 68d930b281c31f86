import { problemLines } from '../domain/issues.js';
import { COST_CHANGE_REASONS, END_REASONS } from '../domain/vocabulary.js';
import { storedReferenceOf } from '../teams/conversationRef.js';
import { waitingRequests } from '../panel/queries.js';
import { followThroughOf } from '../panel/followThrough.js';
import { readDay } from '../domain/ukDates.js';
import { countIs, formatDate, inSentence, reasonLabel } from '../views/format.js';
import { messageCard } from '../views/simpleCards.js';
import { pendingCard } from '../views/pendingView.js';
import { slippageLines } from '../views/slippageView.js';
import { requestCard } from '../views/requestView.js';
import { requestFormCard } from '../views/requestFormView.js';
import type { AdaptiveCard } from '../cards/renderCard.js';
import { helpCard } from '../views/simpleCards.js';
import { ALL_SCOPES, inRankOrder, type Command, type CommandTurn } from './commands.js';
import type { Reply } from '../teams/reply.js';
import { QUESTION_COMMANDS } from './questionCommands.js';
import { MEETING_COMMANDS } from './meetingCommands.js';

const ID = '(pr-\\d{4}-\\d{4,})';
// A day as people write it (30/06/2027, 1 June 2026, 2026-06-01), read by readDay; the reason after it is one word.
const DATE = '(.+?)';

async function recordEvent(turn: CommandTurn, requestId: string, typedDate: string, event: Record<string, unknown>): Promise<Reply> {
  const day = readDay(typedDate, turn.panel.today());
  if (day === undefined) return { card: messageCard(`Not recorded for ${requestId}`, [`I can't read "${typedDate}" as a date: write it as 30/06/2027, 30 June 2027 or 2027-06-30.`], 'attention') };
  if (!day.ok) return { card: messageCard(`Not recorded for ${requestId}`, [`${day.problem}.`], 'attention') };
  const result = await turn.panel.recordEvent(requestId, { ...event, date: day.date }, turn.actor);
  if (!result.ok) return { card: messageCard(`Not recorded for ${requestId}`, problemLines(result.problems), 'attention') };
  const recorded = result.event;
  const what = recorded.type === 'ended'
    ? `ended on ${formatDate(recorded.date)} (${inSentence(reasonLabel(recorded.reason))})`
    : recorded.type === 'started' ? `started on ${formatDate(recorded.date)}` : `cost change from ${formatDate(recorded.date)}`;
  const lines = [`${requestId}: ${what}.`];
  if (recorded.type === 'started') lines.push(...startedLines(turn, requestId));
  return { card: messageCard('Recorded', [...lines, 'Savings to date now include it.'], 'good') };
}

// What a start recorded means for savings: on time, or late by so long at so much.
function startedLines(turn: CommandTurn, requestId: string): string[] {
  const f = followThroughOf(turn.panel.facts(), requestId, turn.panel.today());
  return f === undefined ? [] : slippageLines(f);
}

/** Marks a condition done from the chat, on the day typed or today; the card is updated as for the button. */
async function completeCondition(turn: CommandTurn, requestId: string, n: number, typedDate: string | undefined): Promise<Reply> {
  const notDone = `Not marked done for ${requestId}`;
  let date: string | undefined;
  if (typedDate !== undefined) {
    const day = readDay(typedDate, turn.panel.today());
    if (day === undefined) return { card: messageCard(notDone, [`I can't read "${typedDate}" as a date: write it as 30/06/2027, 30 June 2027 or 2027-06-30.`], 'attention') };
    if (!day.ok) return { card: messageCard(notDone, [`${day.problem}.`], 'attention') };
    date = day.date;
  }
  const result = await turn.panel.completeCondition(requestId, n, date === undefined ? {} : { date }, turn.actor);
  if (!result.ok) return { card: messageCard(notDone, problemLines(result.problems), 'attention') };
  const open = result.conditions.filter((c) => c.done === undefined).length;
  return {
    card: messageCard('Condition done', [
      `${requestId}: condition ${n} marked done on ${formatDate(result.completion.date)} by ${result.completion.recordedBy.name || 'you'}.`,
      open === 0 ? 'Every condition of this approval is now done.' : `${countIs(open, 'condition')} still open: say "show ${requestId}" to see them.`,
    ], 'good'),
  };
}

async function setChannel(turn: CommandTurn, role: 'panel' | 'leadership'): Promise<Reply> {
  if (!turn.panel.isMember(turn.actor.aadObjectId)) return { text: 'Only panel members can choose where the bot posts.' };
  if (turn.context.activity.conversation?.conversationType !== 'channel') return { text: 'Say this in the channel you want me to use (with an @mention).' };
  await turn.panel.setConversation(role, storedReferenceOf(turn.context.activity));
  return { text: role === 'panel' ? 'New placement requests will be posted in this channel.' : 'The weekly digest will be posted in this channel.' };
}

/**
 * The text commands (docs/api.md, "Commands"). Each row's listing is what the help card and Teams'
 * command menu show; both are made from this table and QUESTION_COMMANDS, so a new command is one row.
 */
export const COMMANDS: readonly Command[] = [
  {
    name: 'help',
    rank: 10,
    patterns: [/^(help|\?|hi|hello|what can you do)$/],
    listing: { title: 'help', description: 'What the bot can do, with examples', menu: ALL_SCOPES },
    handle: () => ({ card: commandHelpCard() }),
  },
  {
    name: 'new request',
    rank: 20,
    patterns: [/^(new request|new placement request|submit a request|request)$/],
    listing: {
      title: 'new request',
      description: 'Start a placement request for panel: case reference, needs, proposed placement and alternatives',
      button: 'New request',
      menu: ALL_SCOPES,
    },
    handle: () => ({ card: requestFormCard() }),
  },
  {
    name: 'pending',
    rank: 30,
    patterns: [/^(pending|what'?s pending|waiting|what is waiting|pending requests)$/],
    listing: { title: 'pending', description: 'Requests waiting for a panel decision', button: 'Pending', menu: ALL_SCOPES },
    handle: (turn) => ({ card: pendingCard(turn.panel.facts(), turn.panel.today()) }),
  },
  {
    name: 'show',
    // Before "show (usage)", which takes any text after "show".
    rank: 40,
    patterns: [new RegExp(`^(?:show|open|view) ${ID}$`)],
    handle(turn) {
      const id = turn.match[1]!.toUpperCase();
      const request = turn.panel.request(id);
      if (!request) return { text: `There is no request ${id}. Say "pending" to see what is waiting.` };
      return { card: requestCard(turn.panel.facts(), request, turn.panel.today(), { canDecide: turn.panel.isMember(turn.actor.aadObjectId), refreshFor: turn.panel.deciders() }) };
    },
  },
  {
    // Teams' command menu sends a bare "show": say how, and what there is to show.
    name: 'show (usage)',
    rank: 45,
    patterns: [/^(?:show|open|view)(?: .*)?$/],
    listing: {
      title: 'show',
      description: 'show <id>: one request with its decision, later changes and savings, e.g. show PR-2026-0012',
      menu: ALL_SCOPES,
    },
    handle: (turn) => ({ text: `Say "show" and a request id, e.g. "show PR-2026-0001". ${countIs(waitingRequests(turn.panel.facts()).length, 'request')} waiting: say "pending" to list them.` }),
  },
  {
    name: 'update cost',
    // Before "update (usage)", which takes anything starting with "update".
    rank: 50,
    patterns: [new RegExp(`^update ${ID} cost (\\S+) (?:from |on )?${DATE} (\\w+)$`)],
    handle: (turn) => recordEvent(turn, turn.match[1]!.toUpperCase(), turn.match[3]!, { type: 'cost_change', weeklyCost: turn.match[2], reason: turn.match[4] }),
  },
  {
    name: 'update ended',
    rank: 51,
    patterns: [new RegExp(`^update ${ID} ended (?:on )?${DATE} (\\w+)$`)],
    handle: (turn) => recordEvent(turn, turn.match[1]!.toUpperCase(), turn.match[2]!, { type: 'ended', reason: turn.match[3] }),
  },
  {
    name: 'update started',
    rank: 52,
    patterns: [new RegExp(`^update ${ID} started (?:on )?${DATE}$`)],
    handle: (turn) => recordEvent(turn, turn.match[1]!.toUpperCase(), turn.match[2]!, { type: 'started' }),
  },
  {
    name: 'update (usage)',
    rank: 55,
    patterns: [/^update\b/],
    listing: {
      title: 'update',
      description: 'update PR-2026-0001 cost 1300.00 from 2026-06-01 uplift_agreed, ended 2026-09-01 turned_18 or started 2026-07-01; say "update"',
    },
    handle: () => ({
      card: messageCard('How to record what happened', [
        'update PR-2026-0001 cost 1300.00 from 2026-06-01 uplift_agreed',
        'update PR-2026-0001 ended 2026-09-01 turned_18',
        'update PR-2026-0001 started 2026-07-01 (the day an approved change took effect)',
        `Cost change reasons: ${COST_CHANGE_REASONS.join(', ')}`,
        `End reasons: ${END_REASONS.join(', ')}`,
      ]),
    }),
  },
  {
    name: 'done',
    // Before "done (usage)", which takes anything starting with "done".
    rank: 56,
    patterns: [new RegExp(`^(?:mark )?done ${ID} condition (\\d{1,3})(?: (?:on )?${DATE})?$`)],
    handle: (turn) => completeCondition(turn, turn.match[1]!.toUpperCase(), Number(turn.match[2]), turn.match[3]),
  },
  {
    name: 'done (usage)',
    rank: 57,
    patterns: [/^(?:mark )?done\b/],
    listing: {
      title: 'done',
      description: 'done PR-2026-0001 condition 2: a condition of an approval is done (today, or "on 3 June 2026")',
    },
    handle: () => ({ text: 'Say "done", the request id and the condition\'s number, e.g. "done PR-2026-0001 condition 2", or "done PR-2026-0001 condition 2 on 3 June 2026". "show PR-2026-0001" lists its conditions.' }),
  },
  {
    name: 'set panel channel',
    rank: 120,
    patterns: [/^(set|use this as the) panel channel$/],
    listing: { title: 'set panel channel', description: 'Said with an @mention in a channel, by a panel member: new placement requests are posted there' },
    handle: (turn) => setChannel(turn, 'panel'),
  },
  {
    name: 'set digest channel',
    rank: 130,
    patterns: [/^(set|use this as the) (digest|leadership) channel$/],
    listing: { title: 'set digest channel', description: 'Said with an @mention in a channel, by a panel member: the weekly leadership digest is posted there' },
    handle: (turn) => setChannel(turn, 'leadership'),
  },
  ...QUESTION_COMMANDS,
  ...MEETING_COMMANDS,
];

/** The listings of a command table, in rank order: what the help card shows. */
export function listingsOf(commands: readonly Command[]) {
  return inRankOrder(commands).flatMap((c) => (c.listing ? [c.listing] : []));
}

/** The help card for the bot's own command table (or another, a test's). */
export function commandHelpCard(intro?: string, commands: readonly Command[] = COMMANDS): AdaptiveCard {
  return helpCard(listingsOf(commands), intro);
}
