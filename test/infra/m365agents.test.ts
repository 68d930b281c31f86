import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import {
  ROOT, STAGES, actionsOf, bicepFile, envFile, placeholders, projectFile, read, writtenByActions, yamlPlaceholders,
  type Action, type Json,
} from './projectFiles.js';

/*
 * The Microsoft 365 Agents Toolkit project files are checked offline as the toolkit checks them when
 * it loads them (it refuses a file that fails its schema before it signs in), and against the rest of
 * the project: every placeholder has a source, the app package the later actions upload is the one
 * `npm run package` writes, and no secret is committed.
 */

/** The toolkit's schema for project files of version v1.12, copied into test/schemas/ (see M365AGENTS-YAML-SOURCE.md). */
const SCHEMA_VERSION = 'v1.12';
const SCHEMA_PATH = path.join(ROOT, 'test/schemas/m365agents.v1.12.yaml.schema.json');

/** Project file → the environment it is used with. */
const PROJECTS = { 'm365agents.yml': 'dev', 'm365agents.local.yml': 'local' } as const;

/** Set by the toolkit itself, whatever the environment file says. */
const TOOLKIT_VARIABLES = new Set(['TEAMSFX_ENV', 'APP_NAME_SUFFIX', 'TEAMS_APP_TENANT_ID', 'RESOURCE_SUFFIX']);

const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as Json);

function schemaErrors(project: unknown): string[] {
  if (validate(project)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '(file)'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

const clone = <T>(value: T): T => structuredClone(value);

describe('Agents Toolkit project files (m365agents.yml, m365agents.local.yml)', () => {
  for (const [file, env] of Object.entries(PROJECTS)) {
    describe(file, () => {
      const text = read(file);
      const project = projectFile(file);

      it(`is valid against the toolkit's ${SCHEMA_VERSION} schema, and says so`, () => {
        assert.deepEqual(schemaErrors(project), []);
        assert.equal(project.version, SCHEMA_VERSION);
        assert.match(text.split('\n')[0]!, new RegExp(`^# yaml-language-server: \\$schema=https://aka\\.ms/m365-agents-toolkits/${SCHEMA_VERSION}/yaml\\.schema\\.json$`));
        assert.equal(project.environmentFolderPath, './env');
      });

      it('is refused by the schema when an action is unknown or misspelt (the check is not vacuous)', () => {
        const unknown = clone(project);
        (unknown.provision as Action[]).push({ uses: 'teamsApp/teleport', with: {} });
        assert.notDeepEqual(schemaErrors(unknown), []);
        const misspelt = clone(project);
        const aad = (misspelt.provision as Action[]).find((a) => a.uses === 'aadApp/create')!;
        aad.with = { ...aad.with, signInAudience: 'Everyone' };
        assert.notDeepEqual(schemaErrors(misspelt), []);
        const extra = clone(project);
        (extra.provision as Action[])[0]!.with = { name: 'x', colour: 'teal' };
        assert.notDeepEqual(schemaErrors(extra), []);
      });

      it(`uses only placeholders that env/.env.${env}, the toolkit or an earlier action provides`, () => {
        const keys = new Set(Object.keys(envFile(env)));
        const written = writtenByActions(project);
        const outputs = env === 'dev' ? new Set(bicepFile('infra/azure.bicep').outputs.keys()) : new Set<string>();
        const unknown = yamlPlaceholders(text).filter((name) => !keys.has(name) && !written.has(name) && !outputs.has(name) && !TOOLKIT_VARIABLES.has(name));
        assert.deepEqual(unknown, []);
      });

      it('creates the Teams app and a single-tenant Entra app for the bot, with its secret in a SECRET_ variable', () => {
        const provision = actionsOf(project, 'provision');
        const uses = provision.map((a) => a.uses);
        assert.equal(uses[0], 'teamsApp/create');
        assert.equal(provision[0]!.writeToEnvironmentFile?.teamsAppId, 'TEAMS_APP_ID');
        const aad = provision.find((a) => a.uses === 'aadApp/create')!;
        assert.deepEqual(aad.with, { ...aad.with, generateClientSecret: true, generateServicePrincipal: true, signInAudience: 'AzureADMyOrg' });
        assert.deepEqual(aad.writeToEnvironmentFile, { clientId: 'BOT_ID', clientSecret: 'SECRET_BOT_PASSWORD', objectId: 'BOT_OBJECT_ID', tenantId: 'BOT_TENANT_ID' });
        assert.ok(uses.indexOf('aadApp/create') > uses.indexOf('teamsApp/create'));
      });

      it('uploads the package that `npm run package` (scripts/packageApp.ts) writes, after writing it', () => {
        const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
        assert.match(scripts.package ?? '', /scripts\/packageApp\.ts/);
        for (const stage of STAGES) {
          let built: string | undefined;
          for (const action of actionsOf(project, stage)) {
            const args = action.uses === 'cli/runNpmCommand' ? String(action.with?.args ?? '') : '';
            if (/^run package\b/.test(args)) {
              built = /--out (\S+)/.exec(args)?.[1];
              const envFileArg = /--env-file (\S+)/.exec(args)?.[1];
              assert.equal(envFileArg, './env/.env.${{TEAMSFX_ENV}}', `${stage}: the package step reads this environment's file`);
            }
            if (action.uses.startsWith('teamsApp/') && action.with?.appPackagePath !== undefined) {
              assert.equal(action.with.appPackagePath, built, `${stage}: ${action.uses} uploads what the package step wrote`);
            }
          }
          // The toolkit's own zip step would leave out the command menus the package step adds.
          assert.ok(!actionsOf(project, stage).some((a) => a.uses === 'teamsApp/zipAppPackage'), `${stage} packages with npm run package`);
        }
        assert.ok(actionsOf(project, 'provision').some((a) => a.uses === 'teamsApp/update'));
      });
    });
  }

  describe('m365agents.yml (Azure)', () => {
    const project = projectFile('m365agents.yml');

    it('provisions the Azure resources from infra/azure.bicep with infra/azure.parameters.json', () => {
      const arm = actionsOf(project, 'provision').find((a) => a.uses === 'arm/deploy')!;
      const templates = arm.with!.templates as Array<{ path: string; parameters: string }>;
      assert.deepEqual(templates.map((t) => [t.path, t.parameters]), [['./infra/azure.bicep', './infra/azure.parameters.json']]);
      for (const t of templates) {
        assert.ok(existsSync(path.join(ROOT, t.path)) && existsSync(path.join(ROOT, t.parameters)));
      }
      const uses = actionsOf(project, 'provision').map((a) => a.uses);
      assert.ok(uses.indexOf('arm/deploy') > uses.indexOf('aadApp/create'), 'the Bicep is given the bot app id and secret');
      // The Azure Bot resource in the Bicep registers the bot; botFramework/create would register it twice.
      assert.ok(!uses.includes('botFramework/create'));
    });

    it('deploys the built app with zip deploy to the web app the Bicep outputs, leaving out secrets and data', () => {
      const deploy = actionsOf(project, 'deploy');
      assert.deepEqual(deploy.map((a) => [a.uses, a.with?.args]), [
        ['cli/runNpmCommand', 'ci'], ['cli/runNpmCommand', 'run build'], ['azureAppService/zipDeploy', undefined],
      ]);
      const zip = deploy[2]!.with!;
      assert.equal(zip.artifactFolder, '.');
      assert.equal(zip.resourceId, '${{AZURE_APP_SERVICE_RESOURCE_ID}}');
      assert.ok(bicepFile('infra/azure.bicep').outputs.has('AZURE_APP_SERVICE_RESOURCE_ID'));
      const ignored = read(String(zip.ignoreFile)).split('\n').map((l) => l.trim());
      for (const entry of ['.env', '.env.*', '.localConfigs', '/env/', '/data/']) assert.ok(ignored.includes(entry), `.webappignore leaves out ${entry}`);
      for (const needed of ['/dist/', '/migrations/', '/node_modules/', 'package.json', '/package.json']) {
        assert.ok(!ignored.includes(needed), `.webappignore keeps ${needed}`);
      }
    });
  });

  describe('m365agents.local.yml (this machine, through a dev tunnel)', () => {
    const project = projectFile('m365agents.local.yml');

    it('registers the bot on the dev tunnel with the Teams channel and writes the bot settings to .localConfigs', () => {
      const bot = actionsOf(project, 'provision').find((a) => a.uses === 'botFramework/create')!;
      assert.equal(bot.with!.messagingEndpoint, '${{BOT_ENDPOINT}}/api/messages');
      assert.deepEqual(bot.with!.channels, [{ name: 'msteams' }]);
      const file = actionsOf(project, 'deploy').find((a) => a.uses === 'file/createOrUpdateEnvironmentFile')!;
      assert.equal(file.with!.target, './.localConfigs');
      const envs = file.with!.envs as Json;
      assert.deepEqual(
        { id: envs.MicrosoftAppId, password: envs.MicrosoftAppPassword, type: envs.MicrosoftAppType, tenant: envs.MicrosoftAppTenantId, tenants: envs.ALLOWED_TENANTS },
        { id: '${{BOT_ID}}', password: '${{SECRET_BOT_PASSWORD}}', type: 'SingleTenant', tenant: '${{BOT_TENANT_ID}}', tenants: '${{TEAMS_APP_TENANT_ID}}' },
      );
      assert.ok(envs.PANEL_MEMBERS !== undefined, 'a bot with an app id needs PANEL_MEMBERS');
    });
  });

  describe('environment files (env/)', () => {
    for (const env of Object.values(PROJECTS)) {
      it(`env/.env.${env} sets every app manifest placeholder, or provisioning writes it (the toolkit's Zip and Validate commands need them all)`, () => {
        const values = envFile(env);
        assert.equal(values.TEAMSFX_ENV, env);
        const written = writtenByActions(projectFile(env === 'dev' ? 'm365agents.yml' : 'm365agents.local.yml'));
        const outputs = env === 'dev' ? new Set(bicepFile('infra/azure.bicep').outputs.keys()) : new Set<string>();
        const byDeveloper = env === 'local' ? new Set(['BOT_DOMAIN']) : new Set<string>(); // the dev tunnel's host
        const unset = placeholders(read('appPackage/manifest.json'))
          .filter((name) => (values[name] ?? '') === '' && !written.has(name) && !outputs.has(name) && !byDeveloper.has(name));
        assert.deepEqual(unset, []);
        for (const name of placeholders(read('appPackage/manifest.json'))) assert.ok(name in values, `env/.env.${env} lists ${name}`);
      });

      it(`env/.env.${env} holds no secret, and the secrets files are git-ignored as the templates do`, () => {
        const secrets = Object.entries(envFile(env)).filter(([name, value]) => name.startsWith('SECRET_') && value !== '');
        assert.deepEqual(secrets, []);
      });
    }

    it('.gitignore keeps out env/.env.*.user (the secrets) and .localConfigs', () => {
      const lines = read('.gitignore').split('\n').map((l) => l.trim());
      assert.ok(lines.includes('env/.env.*.user'));
      assert.ok(lines.includes('.localConfigs'));
      assert.ok(lines.includes('appPackage/build/'));
    });
  });
});
