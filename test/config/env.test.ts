import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { ConfigError, listenAddress, loadConfig } from '../../src/config/env.js';

/** The environment is a boundary too: every bad value is refused with its variable's name. */
describe('configuration from the environment', () => {
  const refused = (env: NodeJS.ProcessEnv, variable: string, message: RegExp) => {
    assert.throws(() => loadConfig(env), (e: Error) => {
      assert.ok(e instanceof ConfigError);
      const line = e.message.split('\n').find((l) => l.trim().startsWith(`${variable}:`));
      assert.ok(line, `the message names ${variable}: ${e.message}`);
      assert.match(line, message);
      return true;
    });
  };

  it('starts on the embedded defaults: local mode, the JSON store, no journal limit', () => {
    const config = loadConfig({});
    assert.equal(config.PORT, 3978);
    assert.equal(config.STORE_PATH, './data/panel.json');
    assert.equal(config.MicrosoftAppId, undefined);
    assert.equal(config.STORE_JOURNAL_BYTES, undefined);
    assert.equal(config.RETENTION_DAYS, undefined);
  });

  it('reads the store journal limit and the retention period as whole numbers; empty means unset', () => {
    assert.equal(loadConfig({ STORE_JOURNAL_BYTES: '65536', RETENTION_DAYS: '365' }).STORE_JOURNAL_BYTES, 65536);
    assert.equal(loadConfig({ STORE_JOURNAL_BYTES: '', RETENTION_DAYS: ' ' }).RETENTION_DAYS, undefined);
    refused({ STORE_JOURNAL_BYTES: 'lots' }, 'STORE_JOURNAL_BYTES', /whole number of bytes/);
    refused({ STORE_JOURNAL_BYTES: '0' }, 'STORE_JOURNAL_BYTES', /at least 1/);
    refused({ STORE_JOURNAL_BYTES: '1.5' }, 'STORE_JOURNAL_BYTES', /whole number/);
    refused({ RETENTION_DAYS: '7' }, 'RETENTION_DAYS', /at least 30/);
  });

  it('names each bad variable', () => {
    refused({ PORT: 'eighty' }, 'PORT', /port number/);
    refused({ INTAKE_API_KEY: 'short' }, 'INTAKE_API_KEY', /at least 16 characters/);
    refused({ PANEL_QUORUM: 'most' }, 'PANEL_QUORUM', /number of members/);
    refused({ DIGEST_CRON: 'every monday' }, 'DIGEST_CRON', /cron/);
    refused({ DIGEST_TZ: 'Mars/Olympus' }, 'DIGEST_TZ', /IANA time zone/);
    refused({ MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant' }, 'PANEL_MEMBERS', /required when MicrosoftAppId is set/);
  });

  it('reads TRUST_PROXY as a number of proxies, 0 when unset or empty', () => {
    assert.equal(loadConfig({}).TRUST_PROXY, 0);
    assert.equal(loadConfig({ TRUST_PROXY: '' }).TRUST_PROXY, 0);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY, 1);
    for (const bad of ['yes', 'true', '-1', '1.5', '6']) refused({ TRUST_PROXY: bad }, 'TRUST_PROXY', /whole number of proxies/);
  });

  describe('the listen address (HOST)', () => {
    const production = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant', PANEL_MEMBERS: 'aad-1', ALLOWED_TENANTS: 't-1' };

    it('local mode with HOST unset or empty: loopback only, saying why', () => {
      for (const env of [{}, { HOST: '' }, { HOST: '  ' }]) {
        const address = listenAddress(loadConfig(env));
        assert.equal(address.host, '127.0.0.1', JSON.stringify(env));
        assert.match(address.why, /local mode.*without authentication/);
        assert.equal(address.exposedWithoutAuth, false);
      }
    });

    it('local mode with HOST set: as set, flagged when it is not loopback', () => {
      assert.deepEqual(
        [listenAddress(loadConfig({ HOST: '0.0.0.0' })), listenAddress(loadConfig({ HOST: '127.0.0.1' })), listenAddress(loadConfig({ HOST: '::1' }))]
          .map(({ host, exposedWithoutAuth }) => ({ host, exposedWithoutAuth })),
        [{ host: '0.0.0.0', exposedWithoutAuth: true }, { host: '127.0.0.1', exposedWithoutAuth: false }, { host: '::1', exposedWithoutAuth: false }],
      );
    });

    it('with an app id: every interface unless HOST says otherwise', () => {
      assert.equal(listenAddress(loadConfig(production)).host, '0.0.0.0');
      assert.match(listenAddress(loadConfig(production)).why, /MicrosoftAppId is set/);
      assert.equal(listenAddress(loadConfig({ ...production, HOST: '10.0.0.4' })).host, '10.0.0.4');
      assert.equal(listenAddress(loadConfig({ ...production, HOST: '10.0.0.4' })).exposedWithoutAuth, false);
    });
  });

  describe('ALLOWED_TENANTS with an app id', () => {
    const production = { MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret', MicrosoftAppType: 'MultiTenant', PANEL_MEMBERS: 'aad-1' };

    it('is refused when empty, missing or only separators, naming ALLOWED_TENANTS', () => {
      refused({ ...production, ALLOWED_TENANTS: '' }, 'ALLOWED_TENANTS', /required when MicrosoftAppId is set/);
      refused(production, 'ALLOWED_TENANTS', /required when MicrosoftAppId is set/);
      refused({ ...production, ALLOWED_TENANTS: ' , ,' }, 'ALLOWED_TENANTS', /required when MicrosoftAppId is set/);
    });

    it('is accepted when it names at least one tenant', () => {
      assert.deepEqual(loadConfig({ ...production, ALLOWED_TENANTS: 'tenant-1, tenant-2' }).ALLOWED_TENANTS, ['tenant-1', 'tenant-2']);
    });

    it('may stay empty in local mode (no app id)', () => {
      assert.deepEqual(loadConfig({ ALLOWED_TENANTS: '' }).ALLOWED_TENANTS, []);
    });

    it('.env.example as shipped, with only the app identity and members filled in, is refused for ALLOWED_TENANTS', () => {
      const example = parse(readFileSync(new URL('../../.env.example', import.meta.url)));
      assert.equal(example.ALLOWED_TENANTS, '', 'the example ships it empty');
      refused({ ...example, ...production, MicrosoftAppType: example.MicrosoftAppType ?? 'MultiTenant', MicrosoftAppTenantId: 'tenant-1' },
        'ALLOWED_TENANTS', /required when MicrosoftAppId is set/);
    });
  });
});
