import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { sampleRequest, startHarness, type Harness } from '../support/botHarness.js';

/** A valid request with one field replaced by something arbitrary (or removed). */
const mutatedRequest = fc.tuple(
  fc.constantFrom('childRef', 'ageYears', 'dateOfBirth', 'kind', 'needs', 'current', 'proposed', 'alternatives', 'requestedBy', 'reason', 'extra'),
  fc.oneof(fc.jsonValue(), fc.constant(undefined)),
).map(([field, value]) => ({ ...sampleRequest(), [field]: value }));

const nestedMutation = fc.tuple(
  fc.constantFrom('weeklyCost', 'startDate', 'plannedEndDate', 'funding', 'type', 'provider'),
  fc.jsonValue(),
).map(([field, value]) => {
  const r = sampleRequest();
  return { ...r, proposed: { ...(r.proposed as object), [field]: value } };
});

const body = fc.oneof(
  { arbitrary: fc.jsonValue(), weight: 3 },
  { arbitrary: fc.dictionary(fc.constantFrom('childRef', 'kind', 'needs', 'proposed', 'reason', 'ageYears', 'x'), fc.jsonValue()), weight: 2 },
  { arbitrary: mutatedRequest, weight: 3 },
  { arbitrary: nestedMutation, weight: 2 },
);

describe('fuzz: POST /api/requests over HTTP', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => { h = await startHarness({ schedule: false, apiRateLimit: 10_000 }); });
  after(async () => { await h.close(); });

  it('200 random JSON bodies: always 201 with an id or 400 with field problems, never 5xx; the server stays up', async () => {
    let created = 0;
    await fc.assert(fc.asyncProperty(body, async (doc) => {
      const res = await h.api('POST', '/api/requests', JSON.stringify(doc ?? null));
      if (res.status === 201) {
        created += 1;
        assert.match(String(res.body.id), /^PR-\d{4}-\d{4,}$/);
        assert.equal(res.body.dateOfBirth === undefined || typeof res.body.dateOfBirth === 'string', true);
        return;
      }
      // A second request for a child whose first still waits is a conflict, not a bad body.
      if (res.status === 409) {
        assert.deepEqual((res.body.problems as { field: string }[]).map((p) => p.field), ['childRef']);
        return;
      }
      assert.equal(res.status, 400, `${res.status} for ${JSON.stringify(doc).slice(0, 300)}: ${JSON.stringify(res.body).slice(0, 300)}`);
      const problems = res.body.problems as { field: string; problem: string }[];
      assert.ok(Array.isArray(problems) && problems.length > 0, JSON.stringify(res.body));
      for (const p of problems) {
        assert.ok(typeof p.field === 'string' && p.field.length > 0);
        assert.ok(typeof p.problem === 'string' && p.problem.length > 0);
      }
    }), { numRuns: 200 });
    const health = await fetch(`${h.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(h.app.store.listRequests().length, created, 'every 201 was stored, nothing else');
    assert.equal(h.app.store.verify().ok, true, 'the hash chains still verify');
  });

  it('raw byte bodies (not JSON, wrong content types) answer 4xx, never 5xx', async () => {
    const raw = fc.tuple(
      fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'))),
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', ''),
    );
    await fc.assert(fc.asyncProperty(raw, async ([text, type]) => {
      const res = await fetch(`${h.url}/api/requests`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-intake-key-0123456789', ...(type && { 'content-type': type }) },
        body: text,
      });
      await res.arrayBuffer();
      assert.ok(res.status >= 200 && res.status < 500, `${res.status} for ${type} ${JSON.stringify(text).slice(0, 100)}`);
    }), { numRuns: 100 });
    assert.equal((await fetch(`${h.url}/healthz`)).status, 200);
  });
});
