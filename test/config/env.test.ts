import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config/env.js';

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
});
