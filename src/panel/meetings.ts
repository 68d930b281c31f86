import { optionOf, PROPOSED } from '../calculators/projectedSaving.js';
import { ageNow } from '../calculators/age.js';
import type { IsoDate } from '../calculators/dates.js';
import type { DecisionRecord } from '../domain/decision.js';
import type {
  AgendaItem, AgendaPostedRecord, AttendanceRecord, DelegationRecord, GovernanceRecord, MeetingEndedRecord,
  MeetingStartedRecord, MinutedItem, MinutedPerson, MinutedVote, Minutes, Role,
} from '../domain/meeting.js';
import { agendaOrder, isRatification, urgencyOf } from '../domain/urgency.js';
import { isOpen, type QuorumRule, type Settlement } from '../domain/settlement.js';
import { presentQuorum, shortfallWords, type PresentQuorum } from '../domain/governance.js';
import { PLACEMENT_TYPE_LABELS } from '../domain/vocabulary.js';
import type { Actor, StoredRequest } from '../domain/request.js';
import { decideByOf } from '../domain/decideBy.js';
import type { Case, PanelFacts } from './facts.js';
import { reviewState } from './reviews.js';

/*
 * Panel meetings (issue #16, "Meeting mode"): the agenda when a meeting starts, who came, and the
 * minutes when it ends, read from the governance chain's records and the cases.
 */

/** A meeting as its records tell it: started, who marked themselves present, where its agenda card is, and its end. */
export interface MeetingState {
  id: string;
  started: MeetingStartedRecord;
  attendance: readonly AttendanceRecord[];
  agendaCard?: AgendaPostedRecord;
  ended?: MeetingEndedRecord;
}

/** Every meeting, oldest first. */
export function meetingsOf(records: readonly GovernanceRecord[]): MeetingState[] {
  const meetings = new Map<string, MeetingState>();
  for (const r of records) {
    if (r.type === 'meeting_started') meetings.set(r.id, { id: r.id, started: r, attendance: [] });
    const m = 'meetingId' in r ? meetings.get(r.meetingId) : undefined;
    if (m === undefined) continue;
    if (r.type === 'attendance') m.attendance = [...m.attendance, r];
    else if (r.type === 'agenda_posted') m.agendaCard = r;
    else if (r.type === 'meeting_ended') m.ended = r;
  }
  return [...meetings.values()];
}

/** The meeting not yet ended, if one is open (there is at most one: starting another is refused). */
export function openMeetingOf(meetings: readonly MeetingState[]): MeetingState | undefined {
  return meetings.find((m) => m.ended === undefined);
}

/** Every delegation recorded, oldest first. */
export function delegationsOf(records: readonly GovernanceRecord[]): DelegationRecord[] {
  return records.filter((r): r is DelegationRecord => r.type === 'delegation');
}

/** "Residential, new placement", "Foster care, change (step-down)": what is asked, in a few words. */
function askOf(request: StoredRequest): string {
  const type = PLACEMENT_TYPE_LABELS[request.proposed.type];
  return request.kind === 'new' ? `${type}, new placement` : `${type}, change of placement`;
}

function agendaItem(facts: PanelFacts, c: Case, section: AgendaItem['section'], since: IsoDate, today: IsoDate): AgendaItem {
  const { request, settlement } = c;
  return {
    requestId: request.id,
    childRef: request.childRef,
    section,
    ageYears: Math.min(25, Math.max(0, ageNow(request, today))),
    urgency: urgencyOf(request),
    ask: askOf(request),
    weeklyCost: request.proposed.weeklyCost,
    since,
    ...(section !== 'review' && { decideBy: decideByOf(request, facts.settings.decideBy).date }),
    status: settlement.status,
  };
}

/**
 * The agenda as of `today`: emergency placements to ratify (longest unratified first), requests to
 * decide (emergencies, urgent, routine, each oldest first; deferred ones with them), and approvals
 * whose review date has come.
 */
export function agendaOf(facts: PanelFacts, today: IsoDate): AgendaItem[] {
  const open = facts.cases().filter((c) => isOpen(c.settlement.status)).sort((a, b) => agendaOrder(a.request, b.request));
  const items = open.map((c) => isRatification(c.request)
    ? agendaItem(facts, c, 'ratify', c.request.proposed.startDate, today)
    : agendaItem(facts, c, 'decide', c.request.receivedAt.slice(0, 10), today));
  const reviews: AgendaItem[] = [];
  for (const c of facts.cases()) {
    const state = reviewState(facts, c.request.id);
    if (state?.reviewDate === undefined || state.ended !== undefined || state.reviewDate > today) continue;
    reviews.push(agendaItem(facts, c, 'review', state.reviewDate, today));
  }
  reviews.sort((a, b) => a.since.localeCompare(b.since) || a.requestId.localeCompare(b.requestId));
  return [...items, ...reviews];
}

/** What the minutes need to know of the panel beyond its records: who holds which role, and the names the bot has heard. */
export interface MinutesContext {
  /** The configured voting members and their roles (PANEL_ROLES, PANEL_MEMBERS, PANEL_CHAIR). */
  members: ReadonlyMap<string, readonly Role[]>;
  /** A decision's roles when it recorded none (decisions from before roles were recorded). */
  rolesOf(aadObjectId: string): readonly Role[];
  quorate: boolean;
}

/** "Finance member": how the minutes name someone the bot has never heard from. */
function roleName(roles: readonly Role[]): string {
  const role = roles[0] ?? 'member';
  return role === 'member' ? 'Panel member' : `${role.charAt(0).toUpperCase()}${role.slice(1)} member`;
}

/** The latest name each person went by in any record: Teams gives names, the configuration only ids. */
function namesHeard(facts: PanelFacts, records: readonly GovernanceRecord[]): Map<string, string> {
  const names = new Map<string, string>();
  const heard = (a: Actor) => { if (a.name.trim() !== '') names.set(a.aadObjectId, a.name); };
  for (const c of facts.cases()) {
    for (const d of c.decisions) heard(d.decidedBy);
    for (const r of c.conflicts) heard(r.recordedBy);
  }
  for (const r of records) {
    heard(r.recordedBy);
    if (r.type === 'delegation') heard(r.to);
  }
  return names;
}

function minutedVote(request: StoredRequest, d: DecisionRecord, rolesOf: MinutesContext['rolesOf']): MinutedVote {
  const option = optionOf(request, d.option);
  const deputy = d.deputyFor?.[0];
  return {
    name: d.decidedBy.name,
    roles: [...(d.roles ?? rolesOf(d.decidedBy.aadObjectId))],
    outcome: d.outcome,
    option: d.option === PROPOSED ? 'Proposed' : option?.label ?? d.option,
    ...(deputy !== undefined && { asDeputyFor: deputy.member !== undefined ? `${deputy.member.name} (${deputy.role})` : `the ${deputy.role}` }),
    ...(d.recommendation !== undefined && { recommendation: true }),
    at: d.decidedAt,
  };
}

function outcomeOf(settlement: Settlement, inMeeting: (d: DecisionRecord) => boolean): MinutedItem['outcome'] {
  const settled = settlement.settledBy;
  if (settled !== undefined && inMeeting(settled)) {
    return settlement.status === 'pending' ? 'undecided' : settlement.status;
  }
  return settlement.awaiting !== undefined ? 'recommended' : 'undecided';
}

/**
 * The minutes of `meeting`, ending at `endedAt`: who came and who sent apologies (members not
 * present), each request voted on or with a conflict declared during the meeting — with its outcome,
 * the option, conditions, review date, votes and conflicts — and the agenda items not reached.
 */
export function minutesOf(facts: PanelFacts, records: readonly GovernanceRecord[], meeting: MeetingState, ended: { at: string; by: Actor }, context: MinutesContext): Minutes {
  const from = meeting.started.recordedAt;
  const during = (at: string) => at >= from && at <= ended.at;
  const names = namesHeard(facts, records);
  const presentIds = new Set(meeting.attendance.map((a) => a.recordedBy.aadObjectId));
  const present: MinutedPerson[] = meeting.attendance.map((a) => ({ name: a.recordedBy.name, roles: [...a.roles] }));
  const apologies: MinutedPerson[] = [...context.members]
    .filter(([id]) => !presentIds.has(id))
    .map(([id, roles]) => ({ name: names.get(id) ?? roleName(roles), roles: [...roles] }));
  const items: MinutedItem[] = [];
  for (const c of facts.cases()) {
    const votes = c.decisions.filter((d) => during(d.decidedAt));
    const conflicts = c.conflicts.filter((r) => during(r.recordedAt));
    if (votes.length === 0 && conflicts.length === 0) continue;
    const agendaEntry = meeting.started.agenda.find((a) => a.requestId === c.request.id);
    const settled = c.settlement.settledBy;
    const outcome = outcomeOf(c.settlement, (d) => during(d.decidedAt));
    const decided = outcome === 'undecided' || outcome === 'recommended' ? votes.at(-1) : settled;
    const option = decided && optionOf(c.request, decided.option);
    items.push({
      requestId: c.request.id,
      childRef: c.request.childRef,
      ...(agendaEntry !== undefined && { section: agendaEntry.section }),
      outcome,
      ...(decided !== undefined && { option: decided.option === PROPOSED ? 'Proposed' : option?.label ?? decided.option }),
      ...(option !== undefined && decided !== undefined && decided.outcome !== 'decline' && decided.outcome !== 'defer' && { weeklyCost: option.weeklyCost }),
      conditions: outcome === 'approved_with_conditions' ? [...(settled?.conditions ?? [])] : [],
      ...(outcome.startsWith('approved') && settled?.reviewDate !== undefined && { reviewDate: settled.reviewDate }),
      votes: votes.map((d) => minutedVote(c.request, d, context.rolesOf)),
      conflicts: conflicts.map((r) => ({ name: r.recordedBy.name, ...(r.note !== undefined && { note: r.note }) })),
    });
  }
  const reached = new Set(items.map((i) => i.requestId));
  return {
    meetingId: meeting.id,
    startedAt: from,
    endedAt: ended.at,
    startedBy: meeting.started.recordedBy.name,
    endedBy: ended.by.name,
    present,
    apologies,
    items,
    notReached: meeting.started.agenda.filter((a) => !reached.has(a.requestId)).map((a) => ({ requestId: a.requestId, childRef: a.childRef, section: a.section })),
    quorate: context.quorate,
  };
}

/** "1 more member and a finance member": what those present still need to make the quorum, or ''. */
export function quorumShortfall(q: Omit<PresentQuorum, 'quorate'>): string {
  return shortfallWords({ members: Math.max(0, q.needed - q.present), roles: q.missingRoles });
}

/** What the agenda card is drawn from: the meeting, who is present, and whether they make the quorum. */
export interface AgendaFacts {
  meetingId: string;
  startedAt: string;
  startedBy: string;
  agenda: readonly AgendaItem[];
  present: readonly MinutedPerson[];
  quorum: QuorumRule;
  quorate: boolean;
  /** What the quorum still needs, worded, or ''. */
  missing: string;
  ended?: boolean;
}

export function agendaFacts(meeting: MeetingState, quorum: QuorumRule): AgendaFacts {
  const present = meeting.attendance.map((a) => ({ name: a.recordedBy.name, roles: [...a.roles] }));
  const q = presentQuorum(quorum, present);
  return {
    meetingId: meeting.id,
    startedAt: meeting.started.recordedAt,
    startedBy: meeting.started.recordedBy.name,
    agenda: meeting.started.agenda,
    present,
    quorum: { members: quorum.members, roles: [...quorum.roles] },
    quorate: q.quorate,
    missing: quorumShortfall(q),
    ...(meeting.ended !== undefined && { ended: true }),
  };
}
