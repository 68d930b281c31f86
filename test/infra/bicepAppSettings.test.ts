import assert from 'node:assert/strict';
import { envSchema, isLocalMode, listenAddress, loadConfig } from '../../src/config/env.js';
import { bicepFile, envFile, placeholders, projectFile, read, stringLiteral, writtenByActions, type Json } from './projectFiles.js';

/*
 * The App Service app settings in infra/azure.bicep mirror the bot's configuration
 * (src/config/env.ts; docs/api.md, "Configuration"). These tests keep the two from drifting: every
 * variable the bot needs with an app id is set, every variable it reads is set or left to a stated
 * default, nothing is set that it does not read, and the values the parameters give pass the bot's
 * own validation. The Bicep compiler is not available offline; the file is read with patterns
 * (test/infra/projectFiles.ts).
 */

const MAIN = bicepFile('infra/azure.bicep');
const PARAMETERS = (JSON.parse(read('infra/azure.parameters.json')) as { parameters: Record<string, { value: unknown }> }).parameters;
const GUID = '0b9f2c55-6d1e-4f0a-9c3b-2a7d8e1f4b60';

/** Variables of src/config/env.ts that App Service leaves unset, and why that is right there. */
const LEFT_TO_DEFAULT: Record<string, string> = {
  PORT: 'App Service gives the container its port in PORT itself',
  HOST: 'unset, the bot listens on 0.0.0.0 when it has an app id, as App Service needs',
  STORE_JOURNAL_BYTES: 'a tuning of the JSON store; its default suits',
  BANK_HOLIDAYS_FILE: 'the gov.uk list shipped in the package serves; a newer copy is deployed with the code and named here',
};

/** App settings the bot does not read through src/config/env.ts, and who reads them. */
const NOT_BOT_CONFIG: Record<string, string> = {
  WEBSITE_RUN_FROM_PACKAGE: 'App Service',
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'App Service (Kudu)',
  WEBSITE_HEALTHCHECK_MAXPINGFAILURES: 'App Service',
  NODE_ENV: 'Node packages',
};

/** The variables the bot reads. */
const BOT_VARIABLES = Object.keys(envSchema.shape);

/**
 * The variables the bot cannot start without once it has an app id, as its own validation says:
 * those it names when given only an app id.
 */
function requiredWithAnAppId(): string[] {
  const result = envSchema.safeParse({ MicrosoftAppId: GUID, MicrosoftAppType: 'SingleTenant' });
  assert.equal(result.success, false);
  return [...new Set(result.error!.issues.map((i) => String(i.path[0])))];
}

/** Values for the parameters infra/azure.parameters.json fills from env/.env.dev, where that file leaves them empty or they are secrets. */
const SAMPLES: Record<string, string> = {
  RESOURCE_SUFFIX: 'a1b2c3',
  BOT_ID: GUID,
  BOT_TENANT_ID: GUID,
  SECRET_BOT_PASSWORD: 'a client secret from Entra',
  ALLOWED_TENANTS: GUID,
  PANEL_MEMBERS: `${GUID},1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f`,
  PANEL_CHAIR: GUID,
  SECRET_INTAKE_API_KEY: 'k'.repeat(32),
  SECRET_POSTGRES_ADMIN_PASSWORD: 'Pa55word-with/odd@chars',
};

/** The value a Bicep parameter gets from infra/azure.parameters.json (filled from env/.env.dev), or its default. */
function parameterValue(name: string): string | undefined {
  const given = PARAMETERS[name];
  if (given !== undefined) {
    const env = envFile('dev');
    return String(given.value).replace(/\$\{\{(\w+)\}\}/g, (_, variable: string) => (env[variable] || SAMPLES[variable]) ?? `<${variable} unset>`);
  }
  return MAIN.params.get(name)?.defaultValue;
}

/** The environment App Service gives the bot, evaluated from the Bicep for the simple forms it uses. */
function appServiceEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, expression] of MAIN.appSettings) {
    const literal = stringLiteral(expression);
    if (literal !== undefined) env[name] = literal;
    else if (MAIN.params.has(expression)) env[name] = parameterValue(expression) ?? '';
    else if (expression === 'databaseUrl') env[name] = 'postgres://panel_admin:Pa55word@panel-db.postgres.database.azure.com:5432/panel?sslmode=require';
    else assert.fail(`app setting ${name}: the test does not know how to read ${expression}`);
  }
  return env;
}

describe('infra/azure.bicep app settings mirror the bot configuration (src/config/env.ts)', () => {
  it('reads the app settings and parameters of the Bicep', () => {
    assert.ok(MAIN.appSettings.size >= 20, `found ${MAIN.appSettings.size} app settings`);
    assert.ok(MAIN.params.has('panelMembers') && MAIN.params.get('intakeApiKey')?.secure === true);
    assert.deepEqual(requiredWithAnAppId().sort(), ['ALLOWED_TENANTS', 'MicrosoftAppPassword', 'MicrosoftAppTenantId', 'PANEL_MEMBERS']);
  });

  it('names every variable the bot needs in production: the app identity, what its validation requires with one, the API key, the proxy count, the database', () => {
    const needed = ['MicrosoftAppId', 'MicrosoftAppType', ...requiredWithAnAppId(), 'INTAKE_API_KEY', 'TRUST_PROXY', 'DATABASE_URL',
      'PANEL_CHAIR', 'DIGEST_CRON', 'DIGEST_TZ', 'SAVINGS_TARGET'];
    const missing = needed.filter((name) => !MAIN.appSettings.has(name));
    assert.deepEqual(missing, [], 'app settings missing from infra/azure.bicep');
  });

  it('sets or deliberately leaves unset every variable the bot reads (a new variable in env.ts fails here until it is placed)', () => {
    const unplaced = BOT_VARIABLES.filter((name) => !MAIN.appSettings.has(name) && !(name in LEFT_TO_DEFAULT));
    assert.deepEqual(unplaced, [], 'add them to the app settings in infra/azure.bicep, or to LEFT_TO_DEFAULT here with the reason');
    const stale = Object.keys(LEFT_TO_DEFAULT).filter((name) => !BOT_VARIABLES.includes(name) || MAIN.appSettings.has(name));
    assert.deepEqual(stale, []);
  });

  it('sets nothing the bot does not read, so a misspelt name cannot hide', () => {
    const unknown = [...MAIN.appSettings.keys()].filter((name) => !BOT_VARIABLES.includes(name) && !(name in NOT_BOT_CONFIG));
    assert.deepEqual(unknown, []);
    assert.deepEqual(Object.keys(NOT_BOT_CONFIG).filter((name) => BOT_VARIABLES.includes(name)), []);
  });

  it('gives values the bot accepts: it starts with an app id, single tenant, one proxy believed, on every interface', () => {
    const env = appServiceEnvironment();
    const config = loadConfig({ ...env, PORT: '8080' });
    assert.equal(isLocalMode(config), false);
    assert.equal(config.MicrosoftAppType, 'SingleTenant');
    assert.equal(config.TRUST_PROXY, 1);
    assert.equal(listenAddress(config).host, '0.0.0.0');
    assert.deepEqual(config.ALLOWED_TENANTS, [GUID]);
    assert.equal(config.PANEL_MEMBERS.length, 2);
    assert.equal(config.DIGEST_TZ, 'Europe/London');
    assert.equal(config.SAVINGS_TARGET, '1000000.00');
    assert.equal(config.DATABASE_URL, env.DATABASE_URL);
    assert.equal(config.DATABASE_POOL_SIZE, 10);
  });

  it('gives the bot a PostgreSQL URL that requires TLS, with the password URL-encoded', () => {
    const url = MAIN.vars.get('databaseUrl') ?? '';
    assert.match(url, /^'postgres:\/\/\$\{uriComponent\(postgresAdminLogin\)\}:\$\{uriComponent\(postgresAdminPassword\)\}@/);
    assert.match(url, /\?sslmode=require'$/);
    assert.equal(MAIN.appSettings.get('DATABASE_URL'), 'databaseUrl');
    const db = bicepFile('infra/database/postgres.bicep');
    assert.match(db.text, /name: 'require_secure_transport'\n\s*properties: \{\n\s*value: 'on'/);
    assert.match(db.text, /name: 'ssl_min_protocol_version'\n\s*properties: \{\n\s*value: 'TLSv1\.2'/);
    assert.match(db.text, /Microsoft\.DBforPostgreSQL\/flexibleServers@/);
  });

  it('runs on Linux, Node 20, on two instances, with the health check on /readyz, which the bot serves', () => {
    assert.equal(MAIN.params.get('linuxFxVersion')?.defaultValue, 'NODE|20-lts');
    assert.match(MAIN.text, /kind: 'app,linux'/);
    assert.match(MAIN.text, /reserved: true/);
    assert.match(MAIN.text, /capacity: int\(instanceCount\)/);
    assert.equal(MAIN.params.get('instanceCount')?.defaultValue, '2');
    assert.equal(envFile('dev').APP_INSTANCE_COUNT, '2');
    assert.match(MAIN.text, /healthCheckPath: '\/readyz'/);
    const server = read('src/http/server.ts');
    assert.match(server, /server\.get\('\/readyz'/);
    assert.match(server, /server\.get\('\/healthz'/);
    assert.match(MAIN.text, /appCommandLine: 'node dist\/src\/index\.js'/);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    assert.match(pkg.scripts.start ?? '', /node dist\/src\/index\.js/, 'the start command runs what the build makes');
  });

  it('registers the bot as the same single-tenant app, with the Teams channel', () => {
    assert.equal(MAIN.appSettings.get('MicrosoftAppType'), '\'SingleTenant\'');
    const bot = bicepFile('infra/botRegistration/azurebot.bicep');
    assert.match(bot.text, /msaAppType: 'SingleTenant'/);
    assert.match(bot.text, /msaAppId: botAadAppClientId/);
    assert.match(bot.text, /msaAppTenantId: botAadAppTenantId/);
    assert.match(bot.text, /endpoint: 'https:\/\/\$\{botAppDomain\}\/api\/messages'/);
    assert.match(bot.text, /channelName: 'MsTeamsChannel'/);
    assert.equal(MAIN.appSettings.get('MicrosoftAppId'), 'botAadAppClientId');
    assert.equal(MAIN.appSettings.get('MicrosoftAppTenantId'), 'botAadAppTenantId');
  });
});

describe('infra/azure.parameters.json', () => {
  it('gives every parameter without a default, and only parameters the Bicep declares', () => {
    const undeclared = Object.keys(PARAMETERS).filter((name) => !MAIN.params.has(name));
    assert.deepEqual(undeclared, []);
    const missing = [...MAIN.params.values()].filter((p) => p.defaultValue === undefined && !(p.name in PARAMETERS)).map((p) => p.name);
    assert.deepEqual(missing, []);
  });

  it('fills secrets from SECRET_ variables (kept in env/.env.dev.user, masked in logs) into @secure() parameters only', () => {
    for (const [name, { value }] of Object.entries(PARAMETERS)) {
      const secret = placeholders(String(value)).some((v) => v.startsWith('SECRET_'));
      assert.equal(MAIN.params.get(name)?.secure, secret, `${name}: @secure() exactly when filled from a SECRET_ variable`);
    }
  });

  it('uses only variables env/.env.dev lists, that its comment asks for in env/.env.dev.user, or that provisioning writes', () => {
    const env = envFile('dev');
    const text = read('env/.env.dev');
    const written = writtenByActions(projectFile('m365agents.yml'));
    const comments = text.split('\n').filter((l) => l.startsWith('#')).join('\n');
    const unknown = placeholders(read('infra/azure.parameters.json'))
      .filter((name) => !(name in env) && !written.has(name) && !(name.startsWith('SECRET_') && comments.includes(`${name}=`)));
    assert.deepEqual(unknown, []);
  });

  it('never outputs a secret (the outputs are written to env/.env.dev, which is committed)', () => {
    const secrets = [...MAIN.params.values()].filter((p) => p.secure).map((p) => p.name);
    for (const [name, expression] of MAIN.outputs) {
      for (const secret of [...secrets, 'databaseUrl']) assert.ok(!expression.includes(secret), `output ${name} uses ${secret}`);
    }
  });

  it('sizes the app from env/.env.dev, two instances by default', () => {
    const values = PARAMETERS as Json;
    assert.deepEqual(values.instanceCount, { value: '${{APP_INSTANCE_COUNT}}' });
    assert.equal(parameterValue('instanceCount'), '2');
  });
});
