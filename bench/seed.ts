import { fileURLToPath } from 'node:url';
import { addDays, dateOf } from '../src/calculators/dates.js';
import type { PlacementRequestData } from '../src/domain/request.js';
import { openStore } from '../src/store/lowdbStore.js';
import type { NewDecision, RequestMeta } from '../src/store/panelStore.js';

/** Who decides in the benchmark: the one panel member the bench server is configured with. */
export const BENCH_MEMBER = { id: '29:bench-member', aadObjectId: 'aad-bench-member', name: 'Bench Member' };

const TYPES = ['residential', 'ifa', 'in_house_fostering', 'supported_accommodation'] as const;

function requestData(i: number, today: string): PlacementRequestData {
  const start = addDays(today, -((i * 7919) % 1000) - 5);
  const change = i % 3 === 0;
  const type = TYPES[i % TYPES.length]!;
  return {
    childRef: `C-${String(10000 + (i % 900000)).padStart(6, '0')}`,
    ageYears: 8 + (i % 9),
    kind: change ? 'change' : 'new',
    ...(change && {
      changeReason: 'step_down' as const,
      current: { type: 'residential' as const, provider: 'Moor View', weeklyCost: '5000.00', funding: { socialCare: 80, health: 20, education: 0 } },
    }),
    needs: { summary: 'Benchmark case', scores: { emotional_wellbeing: i % 5, behaviour: (i + 2) % 5 } },
    proposed: {
      type, provider: 'Hillside', weeklyCost: `${3000 + (i % 40) * 97}.00`, startDate: start,
      ...(i % 4 === 0 && { plannedEndDate: addDays(start, 400) }),
      funding: { socialCare: 100, health: 0, education: 0 },
    },
    alternatives: [
      { id: 'alt-1', label: 'In-house foster care', type: 'in_house_fostering', weeklyCost: '1200.00', funding: { socialCare: 100, health: 0, education: 0 } },
    ],
    requestedBy: 'placements team',
    reason: 'Benchmark',
  } as PlacementRequestData;
}

function decisionFor(i: number, requestId: string, startDate: string): NewDecision {
  const decidedBy = { aadObjectId: BENCH_MEMBER.aadObjectId, name: BENCH_MEMBER.name };
  const decidedAt = `${addDays(startDate, -3)}T10:00:00.000Z`;
  const kind = i % 10;
  if (kind < 2) return { outcome: 'decline', option: 'proposed', comment: 'Not proportionate', effectiveFrom: startDate, decidedBy, decidedAt };
  if (kind === 2) {
    return { outcome: 'approve_with_conditions', option: 'proposed', comment: 'Review in three months', reviewDate: addDays(startDate, 90), effectiveFrom: startDate, decidedBy, decidedAt };
  }
  return { outcome: 'approve', option: i % 2 === 0 ? 'alt-1' : 'proposed', effectiveFrom: startDate, decidedBy, decidedAt };
}

export interface SeedOptions {
  /** Requests with one settling decision each (the "decisions stored"). */
  decided: number;
  /** Requests still waiting for the panel, for decision invokes to write to. */
  pending: number;
}

export interface Seeded {
  decisions: number;
  events: number;
  requests: number;
  /** Ids of the pending requests, in order. */
  pendingIds: string[];
}

/**
 * Builds a store file directly through the store API (no HTTP): `decided` requests each settled by
 * one decision (70% approved, 10% with conditions, 20% declined), cost changes and ends on some of
 * the approved ones, then `pending` undecided requests.
 */
export async function seedStore(path: string, options: SeedOptions): Promise<Seeded> {
  const today = dateOf(new Date());
  const store = await openStore(path);
  const receivedAt = new Date(`${addDays(today, -1)}T09:00:00.000Z`);
  const meta: RequestMeta = { receivedVia: 'import', receivedBy: 'bench', receivedAt };
  const total = options.decided + options.pending;
  const ids: string[] = [];
  const BATCH = 5000;
  for (let from = 0; from < total; from += BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(total, from + BATCH); i++) batch.push({ data: requestData(i, today), meta });
    for (const r of await store.addRequests(batch)) ids.push(r.id);
  }
  const writes: Promise<unknown>[] = [];
  let events = 0;
  for (let i = 0; i < options.decided; i++) {
    const id = ids[i]!;
    const start = store.getRequest(id)!.proposed.startDate;
    const decision = decisionFor(i, id, start);
    writes.push(store.appendDecision(id, () => decision));
    if (decision.outcome !== 'decline' && i % 3 === 1) {
      const date = addDays(start, 60);
      if (date < today) {
        const recorded = { recordedBy: { aadObjectId: 'bench', name: 'bench' }, recordedAt: `${date}T12:00:00.000Z` };
        writes.push(i % 9 === 1
          ? store.appendEvent(id, { type: 'ended', date, reason: 'return_home', ...recorded } as never)
          : store.appendEvent(id, { type: 'cost_change', date, weeklyCost: '2500.00', reason: 'uplift_agreed', ...recorded } as never));
        events += 1;
      }
    }
  }
  await Promise.all(writes);
  await store.close();
  return { decisions: options.decided, events, requests: total, pendingIds: ids.slice(options.decided) };
}

// Run as a script (bench/run.ts does, one process per store, so that building a 100,000-decision
// store leaves nothing in the heap of the process generating the load): `seed.ts <path> <decided>
// <pending>` prints the Seeded summary as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path, decided, pending] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(await seedStore(path!, { decided: Number(decided), pending: Number(pending) }))}\n`);
}
