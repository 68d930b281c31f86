import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { placementRequestInputSchema, type PlacementRequestData } from '../../src/domain/request.js';
import type { GovernanceRecord } from '../../src/domain/meeting.js';
import type { NewDecision, NewEvent, NewGovernance, RequestMeta } from '../../src/store/panelStore.js';
import { journalPathFor } from '../../src/store/journal.js';
import { readStoreOnDisk } from '../../src/store/storeOnDisk.js';
import type { StoreFile } from '../../src/store/storeFile.js';

/** A fresh temporary folder, and a function that removes it. */
export async function tempFolder(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'panel-store-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function sampleRequest(childRef = 'C-10423'): PlacementRequestData {
  return placementRequestInputSchema.parse({
    childRef,
    ageYears: 14,
    kind: 'new',
    needs: { summary: 'High needs', scores: { emotional_wellbeing: 3, behaviour: 4 } },
    proposed: { type: 'residential', provider: 'Oak House', weeklyCost: '6108.00', startDate: '2026-04-06' },
    alternatives: [{ id: 'alt-1', label: 'In-house foster care', type: 'in_house_fostering', weeklyCost: 1200 }],
    requestedBy: 'placements team',
    reason: 'Placement breakdown',
  });
}

export function meta(receivedAt = '2026-03-01T10:00:00Z'): RequestMeta {
  return { receivedVia: 'api', receivedBy: 'case-system', receivedAt: new Date(receivedAt) };
}

export function decision(member = 'member-1', outcome: NewDecision['outcome'] = 'approve'): NewDecision {
  return {
    outcome,
    option: 'proposed',
    effectiveFrom: '2026-04-06',
    decidedBy: { aadObjectId: member, name: `Member ${member}` },
    decidedAt: '2026-03-02T09:00:00.000Z',
  };
}

export function costChange(weeklyCost = '1300.00'): NewEvent {
  return {
    type: 'cost_change', date: '2026-06-01', weeklyCost, reason: 'uplift_agreed',
    recordedBy: { aadObjectId: 'staff-1', name: 'Staff' }, recordedAt: '2026-06-01T12:00:00.000Z',
  };
}

export function ended(date = '2026-09-01'): NewEvent {
  return {
    type: 'ended', date, reason: 'turned_18',
    recordedBy: { aadObjectId: 'staff-1', name: 'Staff' }, recordedAt: `${date}T12:00:00.000Z`,
  };
}

const clerk = { aadObjectId: 'clerk-1', name: 'Panel clerk' };

/** A meeting started with one item on its agenda. */
export function meetingStarted(by = clerk.aadObjectId, recordedAt = '2026-03-02T09:00:00.000Z'): NewGovernance {
  return {
    type: 'meeting_started', recordedBy: { aadObjectId: by, name: `Member ${by}` }, recordedAt,
    agenda: [{
      requestId: 'PR-2026-0001', childRef: 'C-10423', section: 'decide', ageYears: 14, urgency: 'routine',
      ask: 'Residential, new placement', weeklyCost: '6108.00', since: '2026-03-01', status: 'pending',
    }],
  };
}

/** The meeting `meetingId` ended, with its minutes. */
export function meetingEnded(meetingId: string, recordedAt = '2026-03-02T11:00:00.000Z'): NewGovernance {
  return {
    type: 'meeting_ended', meetingId, recordedBy: clerk, recordedAt,
    minutes: {
      meetingId, startedAt: '2026-03-02T09:00:00.000Z', endedAt: recordedAt, startedBy: clerk.name, endedBy: clerk.name,
      present: [{ name: clerk.name, roles: ['chair'] }], apologies: [], items: [], notReached: [], quorate: true,
    },
  };
}

/** The roles and quorum the bot was started with. */
export function rolesInForce(): NewGovernance {
  return {
    type: 'roles_in_force', recordedBy: clerk, recordedAt: '2026-03-01T08:00:00.000Z',
    roles: { 'clerk-1': ['chair'] }, limits: { chair: null }, quorum: { members: 1, roles: ['chair'] },
  };
}

/** A build that starts a meeting unless one is under way (started, not yet ended): "one meeting at a time". */
export function startUnlessUnderWay(by: string) {
  return (existing: readonly GovernanceRecord[]): NewGovernance | { reject: string } => {
    const ended = new Set(existing.flatMap((g) => (g.type === 'meeting_ended' ? [g.meetingId] : [])));
    const open = existing.find((g) => g.type === 'meeting_started' && !ended.has(g.id));
    return open ? { reject: `meeting ${open.id} is under way` } : meetingStarted(by);
  };
}

/** The store as the bot would read it on start: the file with its journal applied. */
export async function storeOnDisk(path: string): Promise<StoreFile> {
  const { data } = await readStoreOnDisk(path);
  assert.ok(data, `there is a store at ${path}`);
  return data;
}

/** The bytes of the store file and of its journal (null where there is none): "the disk as it was". */
export async function diskBytes(path: string): Promise<{ file: string | null; journal: string | null }> {
  const read = (p: string) => readFile(p, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  return { file: await read(path), journal: await read(journalPathFor(path)) };
}
