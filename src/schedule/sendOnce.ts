import type { Logger } from '../log/logger.js';
import type { Panel } from '../panel/panel.js';

/** What `sendOnce` needs of the panel: the claims that keep instances from sending the same thing. */
export type ClaimingPanel = Pick<Panel, 'claimSend' | 'releaseSend'>;

/** A post step's answer when it had nothing to put out: still recorded as sent (nothing to do is done). */
export const NOTHING_POSTED: unique symbol = Symbol('nothing posted');

/** One message that must go out once, whichever instance sends it and however often it is tried. */
export interface SendOnceSteps<Sent> {
  /** The claim every instance asks for, `<kind>:<period>` (`digest:2026-W48`). */
  claim: string;
  /** How long the claim keeps other instances off it when this one stops mid-way. */
  leaseMs: number;
  /** Whether the stored marker says it went already. */
  alreadySent(): boolean;
  /** Puts it out: resolves to what the marker records, or NOTHING_POSTED; throws when nothing went. */
  post(): Promise<Sent | typeof NOTHING_POSTED>;
  /** Stores the marker, with what `post` resolved to. */
  markSent(sent: Sent | typeof NOTHING_POSTED): Promise<void>;
}

/** The log lines of one kind of message; `fields` name what it is (a week, a request id), never a person. */
export interface SendOnceLog {
  logger: Logger;
  fields: Record<string, unknown>;
  /** Said (info) when another instance holds the claim. */
  claimedElsewhere: string;
  /** Said (error) when the claim could not be asked for. */
  notClaimed: string;
  /** Said (error) when the post or its marker failed. */
  notSent: string;
}

/** How a `sendOnce` ended; only 'sent' means this instance put it out and stored the marker. */
export type SendOnceOutcome = 'sent' | 'sent already' | 'claimed elsewhere' | 'failed';

/**
 * Sends one message at most once across instances and restarts: the stored marker says whether it
 * went, the claim says who sends it now. Failures are logged here, never thrown.
 */
export async function sendOnce<Sent>(panel: ClaimingPanel, steps: SendOnceSteps<Sent>, log: SendOnceLog): Promise<SendOnceOutcome> {
  // Cheap and usual: sent before, by this instance or one whose marker this copy has heard of.
  if (steps.alreadySent()) return 'sent already';
  try {
    // Every instance runs the same schedule: only the one holding the claim sends.
    if (!await panel.claimSend(steps.claim, steps.leaseMs)) {
      log.logger.info(log.fields, log.claimedElsewhere);
      return 'claimed elsewhere';
    }
  } catch (err) {
    log.logger.error({ ...log.fields, err: { message: (err as Error).message } }, log.notClaimed);
    return 'failed';
  }
  // A granted claim brings this copy up to date: sent by an instance whose lease ran out first?
  if (steps.alreadySent()) return 'sent already';
  let posted = false;
  try {
    const sent = await steps.post();
    posted = sent !== NOTHING_POSTED;
    await steps.markSent(sent);
    return 'sent';
  } catch (err) {
    log.logger.error({ ...log.fields, err: { message: (err as Error).message } }, log.notSent);
    // Only what did not go out may be tried by another instance before the lease ends: what went
    // out and was not marked keeps the claim, so it is not sent twice within the lease.
    if (!posted) await panel.releaseSend(steps.claim).catch(() => undefined);
    return 'failed';
  }
}
