import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import sinon from 'sinon';
import {
  API_KEY, MEMBER, OUTSIDER, PERSONAL, installInPanelChannel, logLines, sampleRequest, startHarness, type Harness,
} from '../support/botHarness.js';
import { createLogger } from '../../src/log/logger.js';
import { StoreError } from '../../src/store/panelStore.js';

// Distinctive values, so a hit in the logs can only be a leak.
const DOB = '2011-08-23';
const SUMMARY = 'Zephyrine needs: self-harm risk, exploitation concerns, missing from school since March';
const REASON = 'Quillon reason: grandmother can no longer care for her';
const COMMENT = 'Marrowby comment: mother has agreed contact twice weekly';
const FORM_SUMMARY = 'Vantrell form summary: autism, sleep problems, two placement breakdowns';
const SECRETS = [API_KEY, 'not-a-real-secret-value'];

function leaks(lines: string[], needles: string[]): string[] {
  return lines.filter((l) => needles.some((n) => l.includes(n)));
}

describe('no personal data or secrets in the logs (real server, realistic flow)', function () {
  this.timeout(30_000);
  let h: Harness;
  let first: number;

  beforeEach(async () => {
    first = logLines.length;
    h = await startHarness({ schedule: false, env: { LOG_LEVEL: 'debug' } });
  });
  afterEach(async () => {
    sinon.restore();
    await h.close();
  });

  it('requests, bad requests, decisions with comments, form submissions, errors: none of the child\'s details are logged', async () => {
    await installInPanelChannel(h);
    const body = sampleRequest({ dateOfBirth: DOB, ageYears: undefined, reason: REASON, needs: { summary: SUMMARY, scores: { behaviour: 4 } } });

    // 1. A good request, read back.
    const created = await h.api('POST', '/api/requests', body);
    assert.equal(created.status, 201);
    const id = created.body.id as string;
    assert.equal((await h.api('GET', `/api/requests/${id}`)).status, 200);

    // 2. Bad requests: field problems, malformed JSON, too big, wrong key — each carrying the details.
    assert.equal((await h.api('POST', '/api/requests', { ...body, proposed: { ...(body.proposed as object), weeklyCost: DOB } })).status, 400);
    assert.equal((await h.api('POST', '/api/requests', { ...body, dateOfBirth: `${DOB}x`, childRef: SUMMARY })).status, 400);
    assert.equal((await h.api('POST', '/api/requests', `{"dateOfBirth":"${DOB}","needs":{"summary":"${SUMMARY}"`)).status, 400);
    assert.equal((await h.api('POST', '/api/requests', { ...body, reason: `${REASON} ${'x'.repeat(300 * 1024)}` })).status, 413);
    assert.equal((await h.api('POST', '/api/requests', body, `${API_KEY}-wrong`)).status, 401);
    assert.equal((await h.api('POST', `/api/requests/${id}/events`, { type: 'ended', date: DOB, reason: COMMENT })).status, 400);

    // 3. Decisions with comments: refused (outsider), invalid (missing review date), recorded.
    await h.invoke('decide', { requestId: id, outcome: 'decline', comment: COMMENT }, OUTSIDER);
    await h.invoke('decide', { requestId: id, outcome: 'approve_with_conditions', comment: COMMENT, option: 'alt-1' });
    const decided = await h.invoke('decide', { requestId: id, outcome: 'approve', option: 'alt-1', comment: COMMENT, effectiveFrom: '2026-05-04' });
    assert.equal(decided.status, 200);
    assert.equal(h.app.store.decisionsFor(id).length, 1);

    // 4. Teams: the form (good and bad), free text mentioning the details.
    const form = {
      childRef: 'C-20001', kind: 'new', needsSummary: FORM_SUMMARY, need_behaviour: '3', ageYears: '12', proposedType: 'residential',
      proposedProvider: 'Oak House', proposedWeeklyCost: '£5,000', proposedStartDate: '2026-06-01', requestedBy: 'team', reason: REASON,
    };
    await h.invoke('submitRequest', form);
    await h.invoke('submitRequest', { ...form, proposedWeeklyCost: 'lots' });
    await h.say(`show ${id} born ${DOB} ${SUMMARY}`);
    await h.say(`update ${id} cost ${DOB} from 2026-06-01 ${COMMENT.split(' ')[0]}`);

    // 5. Errors: the store fails while a decision with a comment and a request with details are saved,
    // and a handler throws while a card carrying the comment is processed.
    const second = await h.api('POST', '/api/requests', { ...body, childRef: 'C-10424' });
    const secondId = second.body.id as string;
    sinon.stub(h.app.store, 'appendDecision').rejects(new StoreError('could not write the store file: ENOSPC'));
    const failedDecision = await h.invoke('decide', { requestId: secondId, outcome: 'decline', comment: COMMENT });
    assert.equal(failedDecision.status, 200, 'the member gets an apology card');
    sinon.stub(h.app.store, 'addRequest').rejects(new Error('EACCES: permission denied, open data/panel.json'));
    const failedRequest = await h.api('POST', '/api/requests', { ...body, childRef: 'C-10425' });
    assert.ok(failedRequest.status >= 500, `answered ${failedRequest.status}`);
    sinon.stub(h.app.panel, 'facts').throws(new TypeError('Cannot read properties of undefined (reading \'status\')'));
    await h.say(`show ${secondId}`, MEMBER, PERSONAL);

    await h.app.announcer.idle();
    const lines = logLines.slice(first);
    assert.ok(lines.length >= 5, `the flow was logged (${lines.length} lines)`);
    assert.ok(lines.some((l) => /"level":50/.test(l)), 'errors were logged');
    assert.ok(lines.some((l) => l.includes(id)), 'request ids are logged (they are not personal)');
    assert.deepEqual(leaks(lines, [DOB, SUMMARY, REASON, COMMENT, FORM_SUMMARY]), []);
    // Fragments, in case something truncates or re-wraps text.
    assert.deepEqual(leaks(lines, ['Zephyrine', 'Quillon', 'Marrowby', 'Vantrell']), []);
    assert.deepEqual(leaks(lines, SECRETS), [], 'no key or password');
  });

  it('auth mode: the app password and bearer tokens are never logged', async () => {
    await h.close();
    h = await startHarness({
      schedule: false,
      env: { MicrosoftAppId: '3f6a1c2e-8d4b-4f1a-9c7e-5b2d0a9e1f00', MicrosoftAppPassword: 'not-a-real-secret-value', MicrosoftAppType: 'MultiTenant', ALLOWED_TENANTS: 'tenant-1' },
      authOverrides: { ToBotFromChannelOpenIdMetadataUrl: 'http://127.0.0.1:9/.well-known/openid-configuration', ToBotFromChannelTokenIssuer: 'https://issuer.test' },
    });
    const res = await fetch(`${h.url}/api/messages`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0LXRva2VuLXNpZw' },
      body: JSON.stringify({ type: 'message', text: `born ${DOB}`, channelId: 'msteams', serviceUrl: h.connector.url, conversation: { id: 'c' }, from: { id: 'u' } }),
    });
    assert.equal(res.status, 401);
    const lines = logLines.slice(first);
    assert.deepEqual(leaks(lines, [...SECRETS, 'c2VjcmV0LXRva2VuLXNpZw', DOB]), []);
  });

  it('the logger censors personal and secret fields even when code logs a whole object', () => {
    // A guard on the redaction list itself: a future `logger.info({ request })` or `{ body }` must not leak.
    const sinkLines: string[] = [];
    const log = createLogger('debug', new Writable({ write(c, _e, cb) { sinkLines.push(String(c)); cb(); } }));
    log.info({ request: { dateOfBirth: DOB, needs: { summary: SUMMARY }, reason: REASON } }, 'whole request');
    log.info({ dateOfBirth: DOB, needs: { summary: SUMMARY }, reason: REASON, comment: COMMENT }, 'top level');
    log.info({ decision: { comment: COMMENT } }, 'decision');
    log.info({ body: { anything: SUMMARY } }, 'body');
    log.info({ req: { headers: { authorization: `Bearer ${API_KEY}` } } }, 'headers');
    log.info({ activity: { text: SUMMARY, value: { comment: COMMENT } } }, 'activity');
    log.info({ INTAKE_API_KEY: API_KEY, MicrosoftAppPassword: 'not-a-real-secret-value' }, 'config');
    assert.equal(sinkLines.length, 7);
    assert.deepEqual(leaks(sinkLines, [DOB, SUMMARY, REASON, COMMENT, ...SECRETS]), []);
  });
});
