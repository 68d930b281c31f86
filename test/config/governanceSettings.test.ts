import { strict as assert } from 'node:assert';
import { ConfigError, governanceOf, loadConfig } from '../../src/config/env.js';

/** PANEL_ROLES, APPROVAL_LIMITS, PANEL_QUORUM and MEETING_CRON (issue #16): read at start, a bad value refused naming its variable. */
describe('configuration: roles, limits, quorum and meetings', () => {
  const refused = (env: NodeJS.ProcessEnv, variable: string, message: RegExp) => {
    assert.throws(() => loadConfig(env), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      const line = e.message.split('\n').find((l) => l.trim().startsWith(`${variable}:`));
      assert.ok(line, `the message names ${variable}: ${e.message}`);
      assert.match(line, message);
      return true;
    });
  };

  it('reads each person\'s roles, a person named twice holding both; PANEL_MEMBERS and PANEL_CHAIR add member and chair', () => {
    const config = loadConfig({ PANEL_ROLES: 'aad-1=chair, aad-2=finance,aad-3=commissioning,aad-2=health,aad-2=finance', PANEL_MEMBERS: 'aad-4', PANEL_CHAIR: 'aad-5' });
    assert.deepEqual([...config.PANEL_ROLES], [['aad-1', ['chair']], ['aad-2', ['finance', 'health']], ['aad-3', ['commissioning']]]);
    assert.deepEqual([...governanceOf(config).roles], [
      ['aad-1', ['chair']], ['aad-2', ['finance', 'health']], ['aad-3', ['commissioning']], ['aad-4', ['member']], ['aad-5', ['chair']],
    ]);
    assert.equal(loadConfig({ PANEL_ROLES: '' }).PANEL_ROLES.size, 0);
  });

  it('refuses a role that is not well-formed, or a part without one', () => {
    refused({ PANEL_ROLES: 'aad-1=Chair' }, 'PANEL_ROLES', /"Chair" is not a role name: lower-case letters/);
    refused({ PANEL_ROLES: 'aad-1' }, 'PANEL_ROLES', /"aad-1": must be Entra object ids with their roles, e.g. "aad-1=chair,aad-2=finance"/);
    refused({ PANEL_ROLES: 'aad-1=chair,=finance' }, 'PANEL_ROLES', /"=finance"/);
  });

  it('reads the limits in pounds a week, "none" for no limit; unset or empty means no limits at all', () => {
    const limits = loadConfig({ PANEL_ROLES: 'aad-1=chair', APPROVAL_LIMITS: 'commissioning=2500,finance=£5,000.50, chair=none' }).APPROVAL_LIMITS!;
    assert.deepEqual([...limits].map(([role, limit]) => [role, limit === null ? null : limit.toFixed(2)]),
      [['commissioning', '2500.00'], ['finance', '5000.50'], ['chair', null]]);
    assert.equal(loadConfig({}).APPROVAL_LIMITS, undefined);
    assert.equal(loadConfig({ APPROVAL_LIMITS: ' ' }).APPROVAL_LIMITS, undefined);
    // A limit for a role nobody holds yet is allowed where an admin can give it to a deputy.
    assert.equal(loadConfig({ PANEL_ROLES: 'aad-1=chair,aad-2=admin', APPROVAL_LIMITS: 'finance=5000' }).APPROVAL_LIMITS!.size, 1);
  });

  it('refuses a limit that is not an amount, a role twice, a bad role name, or one for admin', () => {
    refused({ APPROVAL_LIMITS: 'finance=lots' }, 'APPROVAL_LIMITS', /finance: "lots" is not a clear amount in pounds/);
    refused({ APPROVAL_LIMITS: 'finance=-5' }, 'APPROVAL_LIMITS', /finance: must not be negative/);
    refused({ APPROVAL_LIMITS: 'finance=5000,finance=none' }, 'APPROVAL_LIMITS', /names finance twice/);
    refused({ APPROVAL_LIMITS: 'Finance=5000' }, 'APPROVAL_LIMITS', /"Finance" is not a role name/);
    refused({ APPROVAL_LIMITS: 'finance' }, 'APPROVAL_LIMITS', /must be roles with pounds a week or "none"/);
    refused({ APPROVAL_LIMITS: 'admin=5000' }, 'APPROVAL_LIMITS', /admin is not a voting role/);
  });

  it('reads the quorum as members with the roles among them; "1" and "2+chair" as before', () => {
    assert.deepEqual(loadConfig({}).PANEL_QUORUM, { members: 1, roles: [] });
    assert.deepEqual(loadConfig({ PANEL_QUORUM: '2+chair' }).PANEL_QUORUM, { members: 2, roles: ['chair'] });
    assert.deepEqual(loadConfig({ PANEL_QUORUM: '3+chair+finance', PANEL_ROLES: 'a=chair,b=finance' }).PANEL_QUORUM, { members: 3, roles: ['chair', 'finance'] });
  });

  it('refuses a quorum that is not members with roles, names a role twice or admin, or needs a role nobody holds with no admin to delegate it', () => {
    refused({ PANEL_QUORUM: 'most' }, 'PANEL_QUORUM', /must be a number of members, optionally with roles among them \(e.g. "1", "2\+chair", "3\+chair\+finance"\)/);
    refused({ PANEL_QUORUM: '0' }, 'PANEL_QUORUM', /number of members/);
    refused({ PANEL_QUORUM: '3+Chair' }, 'PANEL_QUORUM', /"Chair" is not a role name/);
    refused({ PANEL_QUORUM: '3+chair+chair' }, 'PANEL_QUORUM', /names chair twice/);
    refused({ PANEL_QUORUM: '2+admin' }, 'PANEL_QUORUM', /admin is not a voting role/);
    refused({ PANEL_QUORUM: '3+chair+finance', PANEL_ROLES: 'a=chair,b=health' }, 'PANEL_QUORUM', /needs finance, but no one holds that role/);
    // An admin may delegate it; with nobody configured at all (local mode), as before roles.
    assert.deepEqual(loadConfig({ PANEL_QUORUM: '3+chair+finance', PANEL_ROLES: 'a=chair,b=admin' }).PANEL_QUORUM.roles, ['chair', 'finance']);
    assert.equal(loadConfig({ PANEL_QUORUM: '2+chair' }).PANEL_QUORUM.members, 2);
  });

  it('refuses roles with no voting member, and limits no one could ever meet', () => {
    refused({ PANEL_ROLES: 'a=admin' }, 'PANEL_ROLES', /names only administrators/);
    // Limits set with nobody configured (local mode), or for roles no one holds: nothing would settle.
    refused({ APPROVAL_LIMITS: 'finance=5000' }, 'APPROVAL_LIMITS', /names no role anyone holds .*\(finance\): no approval could ever settle/);
    refused({ PANEL_MEMBERS: 'a,b', APPROVAL_LIMITS: 'finance=5000' }, 'APPROVAL_LIMITS', /no approval could ever settle/);
    assert.ok(loadConfig({ PANEL_ROLES: 'a=chair,b=admin', APPROVAL_LIMITS: 'finance=5000' }).APPROVAL_LIMITS, 'an admin can delegate finance');
    assert.ok(loadConfig({ PANEL_ROLES: 'a=finance', APPROVAL_LIMITS: 'finance=5000' }).APPROVAL_LIMITS);
  });

  it('with an app id, PANEL_ROLES serves instead of PANEL_MEMBERS', () => {
    const production = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant', ALLOWED_TENANTS: 't-1' };
    refused(production, 'PANEL_MEMBERS', /is required when MicrosoftAppId is set \(or PANEL_ROLES\)/);
    assert.equal(loadConfig({ ...production, PANEL_ROLES: 'aad-1=chair' }).PANEL_MEMBERS.length, 0);
  });

  it('reads MEETING_CRON as a cron expression; unset or empty for no scheduled meetings', () => {
    assert.equal(loadConfig({}).MEETING_CRON, undefined);
    assert.equal(loadConfig({ MEETING_CRON: '' }).MEETING_CRON, undefined);
    assert.equal(loadConfig({ MEETING_CRON: '0 10 * * 3' }).MEETING_CRON, '0 10 * * 3');
    refused({ MEETING_CRON: 'wednesdays' }, 'MEETING_CRON', /must be a valid cron expression/);
  });
});
