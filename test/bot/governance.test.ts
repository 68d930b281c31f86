import { strict as assert } from 'node:assert';
import { rm } from 'node:fs/promises';
import AdmZip from 'adm-zip';
import sinon from 'sinon';
import { cardOf, installInPanelChannel, PANEL_CHANNEL, sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

/*
 * Issue #16 through the real server: spending limits, deputies, conflicts of interest and a meeting
 * from agenda to minutes (JSON and Word), each driven as Teams and a case system drive them.
 */

const CHAIR = { id: '29:chair', aadObjectId: 'aad-chair', name: 'Jane Smith' };
const FINANCE = { id: '29:fin', aadObjectId: 'aad-fin', name: 'Sam Finance' };
const COMMISSIONING = { id: '29:comm', aadObjectId: 'aad-comm', name: 'Chris Commissioner' };
const HEALTH = { id: '29:health', aadObjectId: 'aad-health', name: 'Alex Health' };

const GOVERNANCE_ENV = {
  PANEL_MEMBERS: '',
  PANEL_ROLES: 'aad-chair=chair,aad-fin=finance,aad-comm=commissioning,aad-health=health',
  APPROVAL_LIMITS: 'commissioning=2500,finance=5000,chair=none',
};

type Member = typeof CHAIR;

describe('governance through the real server (issue #16)', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  const at = (iso: string) => clock.setSystemTime(new Date(iso));

  async function start(env: Record<string, string> = {}): Promise<void> {
    h = await startHarness({ env: { ...GOVERNANCE_ENV, ...env }, schedule: false });
    await installInPanelChannel(h);
  }

  async function newRequest(childRef: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await h.api('POST', '/api/requests', sampleRequest({ childRef, ...overrides }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.id as string;
  }

  async function vote(member: Member, requestId: string, option = 'proposed', outcome = 'approve') {
    const res = await h.invoke('decide', { requestId, outcome, option }, member);
    assert.equal(res.status, 200);
    return JSON.stringify(res.body);
  }

  async function detail(requestId: string) {
    return (await h.api('GET', `/api/requests/${requestId}?asOf=2026-06-01`)).body as {
      status: string; decisions: { decidedBy: { name: string }; recommendation?: unknown; deputyFor?: { role: string; member?: { name: string } }[]; roles?: string[] }[];
      savings: { realised: string };
    };
  }

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: new Date('2026-04-01T10:00:00Z'), toFake: ['Date'] });
  });

  afterEach(async () => {
    await h?.close();
    clock.restore();
  });

  it('an approval above the voter\'s limit waits as a recommendation, counting in no saving, until the chair\'s settles it', async () => {
    await start();
    const id = await newRequest('C-20001');
    // £3,671.25 a week: over commissioning's £2,500, within finance's £5,000 and the chair's.
    const card = await vote(COMMISSIONING, id, 'alt-2');
    assert.match(card, /needs[^"]*chair/i, 'the card says who is needed');
    let d = await detail(id);
    assert.equal(d.status, 'pending');
    assert.equal(d.decisions.length, 1);
    assert.ok(d.decisions[0]!.recommendation, 'recorded as a recommendation');
    assert.equal(d.savings.realised, '0.00', 'a recommendation saves nothing');
    const before = (await h.api('GET', '/api/savings?asOf=2026-06-01')).body;

    await vote(CHAIR, id, 'alt-2');
    d = await detail(id);
    assert.equal(d.status, 'approved');
    assert.equal(d.decisions.at(-1)!.decidedBy.name, CHAIR.name);
    assert.notEqual(d.savings.realised, '0.00');
    assert.notDeepEqual((await h.api('GET', '/api/savings?asOf=2026-06-01')).body, before, 'the chair\'s approval counts');
  });

  it('an approval within the voter\'s limit settles at once; a decline is never limited', async () => {
    await start();
    const cheap = await newRequest('C-20002');
    await vote(FINANCE, cheap, 'alt-2'); // £3,671.25 a week, within finance's £5,000
    assert.equal((await detail(cheap)).status, 'approved');
    const declined = await newRequest('C-20003');
    const res = await h.invoke('decide', { requestId: declined, outcome: 'decline', option: 'proposed', comment: 'Not needed' }, COMMISSIONING);
    assert.equal(res.status, 200);
    assert.equal((await detail(declined)).status, 'declined');
  });

  it('a deputy holds the chair and its limit only inside the delegated dates, and is recorded as deputy', async () => {
    await start();
    const replies = await h.say('delegate chair to aad-health from 10/04/2026 until 12/04/2026', CHAIR);
    assert.match(JSON.stringify(replies), /Delegated/);
    const listed = (await h.api('GET', '/api/delegations')).body.delegations as { role: string; to: { aadObjectId: string }; from: string; until: string }[];
    assert.deepEqual(listed.map((d) => [d.role, d.to.aadObjectId, d.from, d.until]), [['chair', 'aad-health', '2026-04-10', '2026-04-12']]);

    const before = await newRequest('C-20004');
    at('2026-04-09T23:00:00Z');
    await vote(HEALTH, before);
    assert.equal((await detail(before)).status, 'pending', 'the day before: health has no limit of its own');

    at('2026-04-12T12:00:00Z');
    const inside = await newRequest('C-20005');
    await vote(HEALTH, inside);
    const d = await detail(inside);
    assert.equal(d.status, 'approved', 'on the last delegated day the deputy approves as chair');
    assert.deepEqual(d.decisions[0]!.deputyFor?.map((f) => [f.role, f.member?.name]), [['chair', CHAIR.name]]);

    at('2026-04-13T09:00:00Z');
    const after = await newRequest('C-20006');
    await vote(HEALTH, after);
    assert.equal((await detail(after)).status, 'pending', 'the day after: no longer the chair');
  });

  it('only the holder of a role or an administrator delegates it', async () => {
    await start();
    const replies = await h.say('delegate chair to aad-health until 12/04/2026', FINANCE);
    assert.match(JSON.stringify(replies), /Not delegated[\s\S]*only someone who holds chair/);
    const api = await h.api('POST', '/api/delegations', { role: 'chair', to: { aadObjectId: 'aad-health', name: 'Alex Health' }, until: '2026-04-12' });
    assert.equal(api.status, 201, 'the API delegates as an administrator');
    const bad = await h.api('POST', '/api/delegations', { role: 'chair', to: { aadObjectId: 'aad-health', name: 'Alex Health' }, until: '2026-03-01' });
    assert.equal(bad.status, 400);
    assert.ok((bad.body.problems as { field: string }[]).some((p) => p.field === 'until'));
  });

  it('a member who declared a conflict cannot vote on the request, and the declaration is kept', async () => {
    await start();
    const id = await newRequest('C-20007');
    const said = await h.say(`conflict ${id}: I know the provider's Director`, FINANCE);
    assert.match(JSON.stringify(said), /Conflict of interest recorded/);
    const card = await vote(FINANCE, id, 'alt-2');
    assert.match(card, /conflict of interest/);
    assert.equal((await detail(id)).decisions.length, 0, 'the vote is refused');
    const events = h.app.store.eventsFor(id).filter((e) => e.type === 'conflict_declared');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type === 'conflict_declared' && events[0]!.note, 'I know the provider\'s Director', 'the note as typed, case kept');
    // Declared again (a double click): kept once.
    await h.invoke('declareConflict', { requestId: id }, FINANCE);
    assert.equal(h.app.store.eventsFor(id).filter((e) => e.type === 'conflict_declared').length, 1);
  });

  it('a meeting: agenda posted, too few present cannot decide, minutes list exactly what happened, in JSON and in Word', async () => {
    await start({ PANEL_QUORUM: '2+chair' });
    const decided = await newRequest('C-20010');
    const left = await newRequest('C-20011');
    const conflicted = await newRequest('C-20012');

    const started = await h.say('start meeting', CHAIR, PANEL_CHANNEL);
    assert.match(JSON.stringify(started), /Meeting started/);
    const meetingId = h.app.panel.openMeeting()!.id;
    const agendaPost = await waitFor(() => h.connector.posts().find((p) => JSON.stringify(p.body).includes('I\'m here')));
    const agendaText = JSON.stringify(agendaPost.body);
    for (const id of [decided, left, conflicted]) assert.ok(agendaText.includes(id), `${id} is on the agenda`);
    assert.match(JSON.stringify(await h.say('start meeting', FINANCE, PANEL_CHANNEL)), /I'm here|already under way/, 'one meeting at a time');

    await h.invoke('attend', { meetingId }, CHAIR);
    const alone = await vote(CHAIR, decided);
    assert.match(alone, /1 more member/, 'one present cannot make a quorum of two');
    assert.equal((await detail(decided)).decisions.length, 0);
    const absent = await vote(HEALTH, decided);
    assert.match(absent, /mark yourself present/);

    const attended = await h.invoke('attend', { meetingId }, FINANCE);
    assert.match(JSON.stringify(attended.body), /Sam Finance/, 'the agenda card shows who is present');
    await h.invoke('attend', { meetingId }, FINANCE);
    await h.say(`conflict ${conflicted}`, FINANCE);
    await vote(CHAIR, decided);
    await vote(FINANCE, decided);
    assert.equal((await detail(decided)).status, 'approved');

    at('2026-04-01T11:30:00Z');
    const ended = await h.invoke('endMeeting', { meetingId }, CHAIR);
    assert.match(JSON.stringify(ended.body), /Ended/);
    const minutes = (await h.api('GET', `/api/meetings/${meetingId}/minutes`)).body as {
      present: { name: string; roles: string[] }[]; apologies: { name: string }[];
      items: { requestId: string; outcome: string; votes: { name: string }[]; conflicts: { name: string }[] }[];
      notReached: { requestId: string }[]; quorate: boolean;
    };
    assert.deepEqual(minutes.present.map((p) => [p.name, p.roles]), [[CHAIR.name, ['chair']], [FINANCE.name, ['finance']]]);
    // Names the bot has never heard (the refused vote was not recorded) are given by role.
    assert.deepEqual(minutes.apologies.map((p) => p.name).sort(), ['Commissioning member', 'Health member']);
    assert.deepEqual(minutes.items.map((i) => [i.requestId, i.outcome]), [[decided, 'approved'], [conflicted, 'undecided']]);
    assert.deepEqual(minutes.items[0]!.votes.map((v) => v.name), [CHAIR.name, FINANCE.name], 'the refused votes are not minuted');
    assert.deepEqual(minutes.items[1]!.conflicts.map((c) => c.name), [FINANCE.name]);
    assert.deepEqual(minutes.notReached.map((n) => n.requestId), [left]);
    assert.equal(minutes.quorate, true);
    const shown = (await h.api('GET', `/api/requests/${decided}`)).body.meetings as { id: string; present: { name: string }[]; minuted: { outcome: string } | null }[];
    assert.deepEqual(shown.map((m) => [m.id, m.present.map((p) => p.name), m.minuted?.outcome]), [[meetingId, [CHAIR.name, FINANCE.name], 'approved']], 'the request shows the meeting, who was present and its outcome there');

    const docx = await fetch(`${h.url}/api/meetings/${meetingId}/minutes.docx`, { headers: { authorization: `Bearer ${h.config.INTAKE_API_KEY}` } });
    assert.equal(docx.status, 200);
    const xml = new AdmZip(Buffer.from(await docx.arrayBuffer())).readAsText('word/document.xml');
    const text = xml.replace(/<[^>]+>/g, ' ').replace(/&apos;/g, '\'').replace(/&amp;/g, '&');
    for (const expected of [decided, left, conflicted, CHAIR.name, FINANCE.name, 'Health member', 'Commissioning member']) {
      assert.ok(text.includes(expected), `the Word minutes name ${expected}`);
    }
    const minutesPost = await waitFor(() => h.connector.posts().find((p) => /minutes/i.test(JSON.stringify(cardOf(p.body as never) ?? p.body)) && JSON.stringify(p.body).includes(left)));
    assert.ok(minutesPost, 'the minutes are posted in the panel channel');
    assert.equal((await h.api('GET', `/api/meetings/${meetingId}/minutes`)).status, 200);
    assert.equal((await h.invoke('endMeeting', { meetingId }, CHAIR)).status, 200, 'ending again answers with the ended card');
    assert.equal(h.app.panel.meetings().filter((m) => m.ended).length, 1);
  });
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 3000): Promise<T> {
  // Date is faked in these tests: the wait goes by the monotonic clock.
  const until = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('roles in force (issue #16)', () => {
  it('are recorded before the first decision when they differ from the last recorded, once, and verify with the chain', async () => {
    const env = { ...GOVERNANCE_ENV, PANEL_QUORUM: '2+chair' };
    let h = await startHarness({ env, schedule: false });
    const dir = h.dir;
    try {
      const recorded = () => h.app.panel.governanceRecords().filter((r) => r.type === 'roles_in_force');
      const decideOne = async (childRef: string) => {
        const id = (await h.api('POST', '/api/requests', sampleRequest({ childRef }))).body.id as string;
        await h.invoke('decide', { requestId: id, outcome: 'decline', option: 'proposed', comment: 'No' }, CHAIR);
      };
      assert.equal(recorded().length, 0, 'nothing written at start');
      await decideOne('C-30001');
      assert.equal(recorded().length, 1);
      const first = recorded()[0]!;
      assert.ok(first.type === 'roles_in_force');
      assert.deepEqual(first.roles['aad-comm'], ['commissioning']);
      assert.deepEqual(first.limits, { chair: null, commissioning: '2500.00', finance: '5000.00' });
      assert.deepEqual(first.quorum, { members: 2, roles: ['chair'] });
      await h.app.close();
      await h.connector.stop();
      // The same configuration again: nothing new. A changed limit: recorded.
      h = await startHarness({ env, dir, schedule: false });
      await decideOne('C-30002');
      assert.equal(recorded().length, 1);
      await h.app.close();
      await h.connector.stop();
      h = await startHarness({ env: { ...env, APPROVAL_LIMITS: 'commissioning=3000,finance=5000,chair=none' }, dir, schedule: false });
      await decideOne('C-30003');
      assert.equal(recorded().length, 2);
      const latest = recorded()[1]!;
      assert.ok(latest.type === 'roles_in_force' && latest.limits?.commissioning === '3000.00');
      assert.equal(h.app.store.verify().ok, true);
    } finally {
      await h.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('POST /api/delegations with careless input', () => {
  it('names each field that is wrong, and stores nothing', async () => {
    const h = await startHarness({ env: GOVERNANCE_ENV, schedule: false });
    try {
      const bad = await h.api('POST', '/api/delegations', { role: 'chair', to: { aadObjectId: '', name: 'x'.repeat(500) }, until: '9999-12-31', extra: 1 });
      assert.equal(bad.status, 400);
      const fields = (bad.body.problems as { field: string }[]).map((p) => p.field).sort();
      assert.ok(fields.includes('to.aadObjectId') && fields.includes('to.name'), JSON.stringify(bad.body));
      const far = await h.api('POST', '/api/delegations', { role: 'chair', to: { aadObjectId: 'aad-health', name: 'Alex' }, until: '9999-12-31' });
      assert.equal(far.status, 400, 'a date centuries away is refused, not stored');
      assert.deepEqual((far.body.problems as { field: string }[]).map((p) => p.field), ['until']);
      assert.equal(h.app.panel.delegations().length, 0);
    } finally {
      await h.close();
    }
  });
});
