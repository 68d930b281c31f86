import { z } from 'zod';
import { decisionRecordSchema } from '../domain/decision.js';
import { eventRecordSchema } from '../domain/event.js';
import { governanceRecordSchema } from '../domain/meeting.js';
import { storedRequestSchema } from '../domain/request.js';
import { fieldProblems, problemLines } from '../domain/issues.js';
import {
  cardRefSchema, conversationRefSchema, dedupeEntrySchema, digestStateSchema, type StoreFile,
} from './storeFile.js';

/**
 * The store's journal: one line of JSON per change made since the store file was last written whole.
 * Appending a line and fsyncing it costs the size of the change, where rewriting the file costs the
 * size of the store; the file is rewritten (and the journal emptied) only once the journal has grown
 * as large as the file (see storeWriter.ts). A line is `{ "seq": n, "op": ... }`; the store file
 * records the last `seq` it already holds, so lines left behind by a crash between writing the file
 * and emptying the journal are recognised and skipped rather than applied twice.
 */
export const journalOpSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('requests'),
    records: z.array(storedRequestSchema).min(1),
    counters: z.record(z.string().regex(/^\d{4}$/), z.number().int().min(0)),
    dedupe: z.record(z.string(), dedupeEntrySchema).optional(),
  }),
  z.strictObject({ kind: z.literal('decision'), record: decisionRecordSchema }),
  z.strictObject({ kind: z.literal('event'), record: eventRecordSchema, dedupe: z.record(z.string(), dedupeEntrySchema).optional() }),
  z.strictObject({ kind: z.literal('governance'), record: governanceRecordSchema }),
  z.strictObject({ kind: z.literal('conversation'), role: z.string(), ref: conversationRefSchema }),
  z.strictObject({ kind: z.literal('card'), requestId: z.string(), card: cardRefSchema }),
  z.strictObject({ kind: z.literal('digest'), state: digestStateSchema }),
]);
export type JournalOp = z.infer<typeof journalOpSchema>;

const journalLineSchema = z.strictObject({ seq: z.number().int().min(1), op: journalOpSchema });

/** The journal beside a store file. */
export function journalPathFor(storePath: string): string {
  return `${storePath}.journal`;
}

export function journalLine(seq: number, op: JournalOp): string {
  return `${JSON.stringify({ seq, op })}\n`;
}

/**
 * Applies one change to the store's data. The live store and the replay at start both come through
 * here, so a change reads back exactly as it was made. Objects are replaced, never edited, so that
 * the store can undo a change by putting the old object back.
 */
export function applyOp(data: StoreFile, op: JournalOp): void {
  switch (op.kind) {
    case 'requests':
      data.requests.push(...op.records);
      data.counters = { ...data.counters, ...op.counters };
      if (op.dedupe) data.dedupe = { ...data.dedupe, ...op.dedupe };
      return;
    case 'decision':
    case 'event':
    case 'governance': {
      const chain = chainOf(op);
      const state = data.chain![chain];
      (data[chain] as { hash?: string }[]).push(op.record);
      data.chain = { ...data.chain!, [chain]: { ...state, head: op.record.hash!, length: state.length + 1 } };
      if (op.kind === 'event' && op.dedupe) data.dedupe = { ...data.dedupe, ...op.dedupe };
      return;
    }
    case 'conversation':
      data.conversations = { ...data.conversations, [op.role]: op.ref };
      return;
    case 'card':
      data.cards = { ...data.cards, [op.requestId]: op.card };
      return;
    case 'digest':
      data.digest = op.state;
  }
}

export type ChainedOp = Extract<JournalOp, { kind: 'decision' | 'event' | 'governance' }>;

/** The requests a change belongs to: those it adds, a decision's or event's request, a card's request; none for the rest. */
export function requestIdsOfOp(op: JournalOp): string[] {
  switch (op.kind) {
    case 'requests':
      return op.records.map((r) => r.id);
    case 'decision':
    case 'event':
      return [op.record.requestId];
    case 'card':
      return [op.requestId];
    default:
      return [];
  }
}

/** The hash chain (and the file's list) a chained record is appended to. */
export function chainOf(op: ChainedOp): 'decisions' | 'events' | 'governance' {
  return op.kind === 'decision' ? 'decisions' : op.kind === 'event' ? 'events' : 'governance';
}

type KnownIds = Record<'requests' | 'decisions' | 'events' | 'governance', Set<string>>;

/** Why a journal line cannot be applied on top of `data`, or undefined when it can. */
function conflict(data: StoreFile, ids: KnownIds, op: JournalOp): string | undefined {
  switch (op.kind) {
    case 'requests': {
      const again = op.records.find((r) => ids.requests.has(r.id));
      return again && `${again.id} is already stored`;
    }
    case 'decision':
    case 'event':
    case 'governance': {
      const chain = chainOf(op);
      // A governance record belongs to the panel, not to a request.
      if (op.kind !== 'governance' && !ids.requests.has(op.record.requestId)) return `it names request ${op.record.requestId}, which is not stored`;
      if (ids[chain].has(op.record.id)) return `${op.record.id} is already stored`;
      if (op.record.prevHash !== data.chain![chain].head) return `${op.record.id} does not follow the last ${op.kind === 'governance' ? 'governance record' : op.kind} stored`;
      return undefined;
    }
    case 'card':
      return ids.requests.has(op.requestId) ? undefined : `it names request ${op.requestId}, which is not stored`;
    default:
      return undefined;
  }
}

export interface Replayed {
  /** The last seq the data now holds. */
  seq: number;
  /** Bytes of complete lines: where the next line goes. */
  bytes: number;
  /**
   * Whether the journal ends in a partial line: a write cut short — by a crash mid-append (never
   * acknowledged), or by the journal being cut short afterwards (then it was; see tornTail.ts).
   */
  torn: boolean;
  /** That partial line, left out ('' when there is none). */
  tail: string;
}

/**
 * Applies the journal's lines after `data.journal.seq` to `data`. A partial last line is a write cut
 * short: it is left out and returned as `tail` (the store keeps and reports it, and rewrites the file
 * before appending again). Anything else wrong with a line throws, naming the line:
 * the files are then left as they are.
 */
export function replayJournal(data: StoreFile, text: string, path: string): Replayed {
  const complete = text.lastIndexOf('\n') + 1;
  const lines = text.slice(0, complete).split('\n').slice(0, -1);
  const ids: KnownIds = {
    requests: new Set(data.requests.map((r) => r.id)),
    decisions: new Set(data.decisions.map((d) => d.id)),
    events: new Set(data.events.map((e) => e.id)),
    governance: new Set(data.governance.map((g) => g.id)),
  };
  const fail = (n: number, why: string): never => {
    throw new Error(`line ${n} of the journal ${path} ${why}`);
  };
  let seq = data.journal?.seq ?? 0;
  lines.forEach((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      fail(i + 1, 'is not valid JSON');
    }
    const parsed = journalLineSchema.safeParse(json);
    if (!parsed.success) fail(i + 1, `does not match the journal's schema: ${problemLines(fieldProblems(parsed.error)).slice(0, 5).join('; ')}`);
    const { seq: lineSeq, op } = parsed.data!;
    // Lines the store file already holds: written before a crash cut short the emptying of the journal.
    if (lineSeq <= (data.journal?.seq ?? 0)) return;
    if (lineSeq !== seq + 1) fail(i + 1, `is change ${lineSeq} where change ${seq + 1} was expected`);
    const why = conflict(data, ids, op);
    if (why) fail(i + 1, `cannot be applied: ${why}`);
    applyOp(data, op);
    if (op.kind === 'requests') for (const r of op.records) ids.requests.add(r.id);
    if (op.kind === 'decision' || op.kind === 'event' || op.kind === 'governance') ids[chainOf(op)].add(op.record.id);
    seq = lineSeq;
  });
  return { seq, bytes: Buffer.byteLength(text.slice(0, complete)), torn: complete < text.length, tail: text.slice(complete) };
}
