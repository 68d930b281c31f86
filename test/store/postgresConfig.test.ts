import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { describeDatabase, redactedUrl } from '../../src/store/postgres/databaseUrl.js';

/** DATABASE_URL and DATABASE_POOL_SIZE, and how a database is named in messages: never with its password. */
describe('store/postgres: configuration and naming', () => {
  const problem = (env: NodeJS.ProcessEnv) => {
    try {
      loadConfig(env);
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return e.message;
    }
    return undefined;
  };

  it('DATABASE_URL is unset by default (the JSON store), and empty counts as unset', () => {
    assert.equal(loadConfig({}).DATABASE_URL, undefined);
    assert.equal(loadConfig({ DATABASE_URL: ' ' }).DATABASE_URL, undefined);
    assert.equal(loadConfig({ DATABASE_POOL_SIZE: '' }).DATABASE_POOL_SIZE, undefined);
  });

  it('takes postgres:// and postgresql:// URLs naming a database, and a pool size', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://bot:pw@db.example.net:6432/panel?sslmode=verify-full', DATABASE_POOL_SIZE: '4' });
    assert.equal(config.DATABASE_URL, 'postgresql://bot:pw@db.example.net:6432/panel?sslmode=verify-full');
    assert.equal(config.DATABASE_POOL_SIZE, 4);
    assert.equal(loadConfig({ DATABASE_URL: 'postgres://db/panel' }).DATABASE_URL, 'postgres://db/panel');
  });

  it('refuses anything else by name, never quoting the URL and its password', () => {
    for (const [url, why] of [
      ['mysql://bot:hunter2@db/panel', /postgres:\/\/ or postgresql:\/\//],
      ['postgres://bot:hunter2@db', /must name the database/],
      ['hunter2@db.example.net/panel', /must be a URL/],
    ] as const) {
      const message = problem({ DATABASE_URL: url });
      assert.match(message ?? '', new RegExp(`DATABASE_URL: .*${why.source}`));
      assert.doesNotMatch(message ?? '', /hunter2/);
    }
    for (const size of ['0', 'ten', '2.5']) assert.match(problem({ DATABASE_POOL_SIZE: size }) ?? '', /DATABASE_POOL_SIZE: must be a whole number of connections/);
  });

  it('a database is named by database, host, port and user; its URL is shown without the password', () => {
    const url = 'postgres://panel_bot:p%40ss@db.example.net/panel?sslmode=require&password=again';
    assert.equal(describeDatabase(url), 'database panel on db.example.net:5432 as panel_bot');
    assert.equal(describeDatabase('postgres:///panel?host=/var/run/postgresql'), 'database panel on /var/run/postgresql:5432');
    const shown = redactedUrl(url);
    assert.doesNotMatch(shown, /p%40ss|again/);
    assert.match(shown, /^postgres:\/\/panel_bot@db\.example\.net\/panel\?sslmode=require/);
  });
});
