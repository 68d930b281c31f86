import type { Logger } from '../log/logger.js';
import type { Panel, PanelListener } from '../panel/panel.js';
import type { MeetingState } from '../panel/meetings.js';
import { agendaCard } from '../views/agendaView.js';
import { minutesCard } from '../views/minutesView.js';
import { POST_LEASE_MS, RECHECK_MS, UPDATE_LEASE_MS } from './announcer.js';
import { referenceOf } from './conversationRef.js';
import { Deliveries } from './deliveries.js';
import type { Outbound } from './outbound.js';
import { replyActivity } from './reply.js';

export type MeetingAnnouncerPanel = Pick<Panel, 'meetings' | 'agendaFacts' | 'markAgendaPosted' | 'conversation' | 'claimSend' | 'releaseSend'>;

/**
 * Posts a meeting's agenda card in the panel channel when it starts, redraws it as members mark
 * themselves present, and posts the minutes when it ends. Each is claimed across instances: the
 * agenda is posted once (and kept in the governance chain), each redraw sent by one instance at a
 * time from the latest records, the minutes posted once.
 */
export class MeetingAnnouncer implements PanelListener {
  private readonly deliveries: Deliveries;

  constructor(private readonly panel: MeetingAnnouncerPanel, private readonly outbound: Outbound, private readonly logger: Logger) {
    this.deliveries = new Deliveries(logger, 'meeting card not delivered');
  }

  meetingChanged(meeting: MeetingState): void {
    this.deliveries.track(meeting.agendaCard === undefined ? this.postAgenda(meeting.id) : this.redraw(meeting.id));
  }

  meetingEnded(meeting: MeetingState): void {
    this.deliveries.track(this.redraw(meeting.id).then(() => this.postMinutes(meeting.id)));
  }

  stop(): void {
    this.deliveries.stop();
  }

  idle(): Promise<void> {
    return this.deliveries.idle();
  }

  private meeting(id: string): MeetingState | undefined {
    return this.panel.meetings().find((m) => m.id === id);
  }

  private async postAgenda(meetingId: string): Promise<void> {
    const reference = this.panel.conversation('panel');
    if (!reference) {
      this.logger.warn({ meetingId }, 'no panel conversation yet: the agenda card was not posted');
      return;
    }
    const claim = `agenda:${meetingId}`;
    if (!await this.panel.claimSend(claim, POST_LEASE_MS)) return;
    const meeting = this.meeting(meetingId);
    if (meeting === undefined || meeting.agendaCard !== undefined) return;
    const attended = meeting.attendance.length;
    const activityId = await this.outbound.post(referenceOf(reference), replyActivity({ card: agendaCard(this.panel.agendaFacts(meeting)) }), `agenda ${meetingId}`);
    if (!activityId) {
      await this.panel.releaseSend(claim);
      return;
    }
    await this.panel.markAgendaPosted(meetingId, { conversationId: reference.conversation.id, activityId });
    // Someone marked themselves present (or the meeting ended) while the card was on its way.
    const now = this.meeting(meetingId);
    if (now !== undefined && (now.attendance.length !== attended || now.ended !== undefined)) await this.redraw(meetingId);
  }

  /**
   * Draws the agenda card again from the records as they are once the redraw is claimed, so the last
   * drawing sent shows everyone present; an instance finding another redrawing looks again shortly.
   */
  private async redraw(meetingId: string): Promise<void> {
    const reference = this.panel.conversation('panel');
    if (!reference || this.meeting(meetingId)?.agendaCard === undefined) return;
    const claim = `agenda-update:${meetingId}`;
    if (!await this.panel.claimSend(claim, UPDATE_LEASE_MS)) {
      this.recheckLater(meetingId);
      return;
    }
    try {
      const meeting = this.meeting(meetingId);
      const card = meeting?.agendaCard;
      if (meeting === undefined || card === undefined) return;
      await this.outbound.update(referenceOf(reference), card.activityId, replyActivity({ card: agendaCard(this.panel.agendaFacts(meeting)) }), `agenda update ${meetingId}`);
    } finally {
      await this.panel.releaseSend(claim).catch((err: Error) => this.logger.warn({ meetingId, err: { message: err.message } }, 'could not give up the claim on an agenda update'));
    }
  }

  private recheckLater(meetingId: string): void {
    this.deliveries.again(meetingId, RECHECK_MS, () => this.redraw(meetingId));
  }

  private async postMinutes(meetingId: string): Promise<void> {
    const reference = this.panel.conversation('panel');
    const minutes = this.meeting(meetingId)?.ended?.minutes;
    if (!reference || minutes === undefined) return;
    // Posted by the instance that recorded the end; the lease outlasts any retry, and no start-up catches minutes up.
    if (!await this.panel.claimSend(`minutes:${meetingId}`, POST_LEASE_MS)) return;
    await this.outbound.post(referenceOf(reference), replyActivity({ card: minutesCard(minutes) }), `minutes ${meetingId}`);
  }
}
