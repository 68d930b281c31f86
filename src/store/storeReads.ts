import type { DecisionRecord } from '../domain/decision.js';
import type { StoredEventRecord } from '../domain/event.js';
import type { GovernanceRecord } from '../domain/meeting.js';
import type { StoredRequest } from '../domain/request.js';
import { verifyChain, type ChainCheck } from './hashChain.js';
import { keyUse, type DedupeEntry } from './idempotency.js';
import type { StoreData } from './storeData.js';
import type { CardRef, ConversationRefStored, DigestState } from './storeFile.js';

/**
 * The PanelStore's reads, served from the copy in memory (storeData.ts): every backend keeps the
 * same copy, in the same shape and with the same indexes, so they read it alike.
 */
export abstract class StoreReads {
  /** The copy in memory now. */
  protected abstract memory(): StoreData;

  getRequest(id: string): StoredRequest | undefined {
    return this.memory().indexes.request(id);
  }

  listRequests(): readonly StoredRequest[] {
    return this.memory().file.requests;
  }

  decisionsFor(requestId: string): readonly DecisionRecord[] {
    return this.memory().indexes.decisionsFor(requestId);
  }

  eventsFor(requestId: string): readonly StoredEventRecord[] {
    return this.memory().indexes.eventsFor(requestId);
  }

  allDecisions(): readonly DecisionRecord[] {
    return this.memory().file.decisions;
  }

  allEvents(): readonly StoredEventRecord[] {
    return this.memory().file.events;
  }

  governanceRecords(): readonly GovernanceRecord[] {
    return this.memory().file.governance;
  }

  getConversation(role: string): ConversationRefStored | undefined {
    const { conversations } = this.memory().file;
    return Object.hasOwn(conversations, role) ? conversations[role] : undefined;
  }

  getCard(requestId: string): CardRef | undefined {
    const { cards } = this.memory().file;
    return Object.hasOwn(cards, requestId) ? cards[requestId] : undefined;
  }

  getDigestState(): DigestState {
    return this.memory().file.digest;
  }

  verify(): ChainCheck {
    return verifyChain(this.memory().file);
  }

  idempotencyKeyUse(key: string): DedupeEntry | undefined {
    return keyUse(this.memory().file.dedupe, key);
  }
}
