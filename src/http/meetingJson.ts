import type { MeetingState } from '../panel/meetings.js';

/** A meeting in a listing: when, who started it, who came, and when it ended. */
export function meetingSummary(m: MeetingState) {
  return {
    id: m.id,
    startedAt: m.started.recordedAt,
    startedBy: m.started.recordedBy.name,
    agendaItems: m.started.agenda.length,
    present: m.attendance.map((a) => ({ name: a.recordedBy.name, roles: a.roles, at: a.recordedAt })),
    ...(m.ended !== undefined && { endedAt: m.ended.recordedAt, endedBy: m.ended.recordedBy.name }),
  };
}

/**
 * The meetings a request came to (on the agenda, or minuted): when, who was present with their
 * roles, and what the minutes say of it once the meeting ended (`minuted`: null when not reached).
 */
export function meetingsOfRequest(meetings: readonly MeetingState[], requestId: string) {
  return meetings
    .filter((m) => m.started.agenda.some((a) => a.requestId === requestId) || m.ended?.minutes.items.some((i) => i.requestId === requestId))
    .map((m) => {
      const minuted = m.ended?.minutes.items.find((i) => i.requestId === requestId);
      return {
        ...meetingSummary(m),
        ...(m.ended !== undefined && { minuted: minuted === undefined ? null : { outcome: minuted.outcome, votes: minuted.votes, conflicts: minuted.conflicts } }),
      };
    });
}
