import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { drawIcons } from '../../scripts/drawIcons.js';
import { COMMANDS } from '../../src/bot/commandTable.js';
import { COMMAND_DESCRIPTION_MAX, COMMAND_TITLE_MAX, validateManifest } from '../../scripts/manifestSchema.js';
import { buildManifest, commandListsOf, isWhiteOnTransparent, packageApp, PackagingError } from '../../scripts/packageApp.js';

const APP_PACKAGE = fileURLToPath(new URL('../../appPackage/', import.meta.url));
const TEMPLATE = readFileSync(path.join(APP_PACKAGE, 'manifest.json'), 'utf8');

const TEAMS_APP_ID = '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b';
const BOT_ID = 'b0b1d000-1111-4222-8333-444455556666';
const ENV = {
  TEAMS_APP_ID,
  BOT_ID,
  BOT_DOMAIN: 'panel.example.gov.uk',
  APP_VERSION: '1.2.3',
  DEVELOPER_NAME: 'Example County Council',
  DEVELOPER_WEBSITE_URL: 'https://www.example.gov.uk/placement-panel',
  DEVELOPER_PRIVACY_URL: 'https://www.example.gov.uk/privacy/placement-panel',
  DEVELOPER_TERMS_URL: 'https://www.example.gov.uk/placement-panel/terms',
};

/** The command menu's titles, as docs/api.md, "Commands", lists them. */
const CONTRACT_COMMANDS = ['help', 'new request', 'pending', 'show', 'savings to date', 'savings this year',
  'digest', 'top 15', 'value check', 'cohort'];

type Json = Record<string, unknown>;
interface Command { title: string; description: string }
interface CommandList { scopes: string[]; commands: Command[] }
interface Bot { botId: string; scopes: string[]; supportsFiles?: boolean; commandLists: CommandList[] }

/** The manifest as the package step makes it: placeholders filled, command menus from the command table. */
function filledManifest(env: NodeJS.ProcessEnv = ENV): Json {
  return buildManifest(TEMPLATE, env).manifest;
}

const clone = <T>(value: T): T => structuredClone(value);
const botOf = (manifest: Json): Bot => (manifest.bots as Bot[])[0] as Bot;

describe('Teams app package: manifest', () => {
  it('is manifest schema 1.22 with the Teams Toolkit placeholders', () => {
    const raw = JSON.parse(TEMPLATE) as Json;
    assert.equal(raw.$schema, 'https://developer.microsoft.com/en-us/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
    assert.equal(raw.manifestVersion, '1.22');
    assert.equal(raw.id, '${{TEAMS_APP_ID}}');
    assert.equal(botOf(raw).botId, '${{BOT_ID}}');
    assert.deepEqual(raw.validDomains, ['${{BOT_DOMAIN}}']);
  });

  it('holds no command menus of its own: the package step makes them from the command table', () => {
    assert.equal('commandLists' in botOf(JSON.parse(TEMPLATE) as Json), false);
    const withLists = JSON.parse(TEMPLATE) as Json;
    botOf(withLists).commandLists = [{ scopes: ['personal'], commands: [{ title: 'help', description: 'Stale' }] }];
    assert.throws(() => buildManifest(JSON.stringify(withLists), ENV),
      (e: unknown) => e instanceof PackagingError && /commandLists.*command table/.test(e.message));
  });

  it('validates against the official 1.22 schema once the placeholders are filled', () => {
    const manifest = filledManifest();
    assert.deepEqual(validateManifest(manifest), []);
    assert.equal(manifest.id, TEAMS_APP_ID);
    assert.equal(botOf(manifest).botId, BOT_ID);
    assert.deepEqual(manifest.name, { short: 'Placement Panel', full: 'Placement panel bot for children\'s services' });
  });

  it('declares one conversational bot in personal, team and group chat, without files', () => {
    const manifest = filledManifest();
    assert.equal((manifest.bots as unknown[]).length, 1);
    const bot = botOf(manifest);
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(bot.supportsFiles, false);
  });

  const broken: Array<[string, (m: Json) => void, RegExp]> = [
    ['a bot without its id', (m) => { delete (botOf(m) as Partial<Bot>).botId; }, /botId/],
    ['a short name over 30 characters', (m) => { (m.name as Json).short = 'Placement Panel for Children\'s Services'; }, /\/name\/short/],
    ['a bot id that is not a GUID', (m) => { botOf(m).botId = 'not-a-guid'; }, /\/bots\/0\/botId/],
    ['no privacy URL', (m) => { delete (m.developer as Json).privacyUrl; }, /privacyUrl/],
    ['an 11th command in a list', (m) => { botOf(m).commandLists[0]?.commands.push({ title: 'extra', description: 'one too many' }); }, /commands/],
    ['a command title over 32 characters', (m) => { (botOf(m).commandLists[1]?.commands[0] as Command).title = 'x'.repeat(33); }, /title/],
    ['a command description over 128 characters', (m) => { (botOf(m).commandLists[2]?.commands[0] as Command).description = 'x'.repeat(129); }, /description/],
    ['an accent colour that is not #rrggbb', (m) => { m.accentColor = 'teal'; }, /accentColor/],
    ['an unknown property', (m) => { m.colour = '#0B5563'; }, /colour/],
    ['a plain http privacy URL', (m) => { (m.developer as Json).privacyUrl = 'http://www.example.gov.uk/privacy'; }, /privacyUrl/],
    ['a valid domain with a scheme', (m) => { m.validDomains = ['https://panel.example.gov.uk']; }, /validDomains/],
    ['an unresolved placeholder', (m) => { m.id = '${{TEAMS_APP_ID}}'; }, /TEAMS_APP_ID/],
  ];
  for (const [what, breakIt, expected] of broken) {
    it(`rejects ${what}`, () => {
      const manifest = clone(filledManifest());
      breakIt(manifest);
      const errors = validateManifest(manifest);
      assert.ok(errors.length > 0, 'expected the manifest to be rejected');
      assert.ok(errors.some((e) => expected.test(e)), `no error matching ${String(expected)} in:\n${errors.join('\n')}`);
    });
  }

  it('lists every command of the documented menu, once per scope, within Teams\' length limits', () => {
    const lists = botOf(filledManifest()).commandLists;
    assert.deepEqual(lists.map((l) => l.scopes).sort(), [['groupChat'], ['personal'], ['team']]);
    for (const list of lists) {
      const titles = list.commands.map((c) => c.title);
      assert.deepEqual([...titles].sort(), [...CONTRACT_COMMANDS].sort(), `scope ${list.scopes.join()}`);
      for (const c of list.commands) {
        assert.ok(c.title.length <= COMMAND_TITLE_MAX, c.title);
        assert.ok(c.description.length > 0 && c.description.length <= COMMAND_DESCRIPTION_MAX, c.title);
      }
    }
    assert.match(lists[0]?.commands.find((c) => c.title === 'show')?.description ?? '', /show <id>/);
    assert.match(lists[0]?.commands.find((c) => c.title === 'savings to date')?.description ?? '', /as of 30\/06\/2027/);
  });

  it('matches the command menu listed in docs/api.md, "Commands"', () => {
    const api = readFileSync(fileURLToPath(new URL('../../docs/api.md', import.meta.url)), 'utf8');
    const section = api.split(/^### Commands$/m)[1]?.split(/^#{1,3} /m)[0] ?? '';
    const line = section.split('\n').find((l) => l.startsWith('Command menu:')) ?? '';
    const named = [...line.matchAll(/`([^`]+)`/g)].map((m) => (m[1] as string).replace(/\s*[<[].*$/, '').trim());
    assert.deepEqual(named, CONTRACT_COMMANDS);
  });
});

describe('Teams app package: icons', () => {
  const read = (name: string): PNG => PNG.sync.read(readFileSync(path.join(APP_PACKAGE, name)));

  it('color.png is 192×192 and in colour', () => {
    const png = read('color.png');
    assert.deepEqual([png.width, png.height], [192, 192]);
    const centreLeft = (96 * 192 + 12) * 4;
    const [r, g, b, a] = png.data.subarray(centreLeft, centreLeft + 4);
    assert.equal(a, 255);
    assert.ok(Math.max(r!, g!, b!) - Math.min(r!, g!, b!) > 40, 'the tile should be teal, not grey');
  });

  it('outline.png is 32×32 with only white and fully transparent pixels', () => {
    const png = read('outline.png');
    assert.deepEqual([png.width, png.height], [32, 32]);
    assert.ok(isWhiteOnTransparent(png));
    let white = 0;
    for (let i = 3; i < png.data.length; i += 4) if (png.data[i] === 255) white++;
    assert.ok(white > 100 && white < 1000, `a visible motif, not blank or solid (${white} white pixels)`);
  });

  it('the committed icons are what scripts/drawIcons.ts draws', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'icons-'));
    try {
      drawIcons(dir);
      for (const name of ['color.png', 'outline.png']) {
        assert.ok(readFileSync(path.join(dir, name)).equals(readFileSync(path.join(APP_PACKAGE, name))), `${name}: run npm run icons`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Teams app package: npm run package', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'app-package-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('zips exactly manifest.json, color.png and outline.png, with the ids filled in', () => {
    const outputPath = path.join(dir, 'build', 'appPackage.zip');
    const result = packageApp({ env: ENV, outputPath });
    assert.equal(result.outputPath, outputPath);
    assert.deepEqual(result.warnings, []);
    const zip = new AdmZip(outputPath);
    assert.deepEqual(zip.getEntries().map((e) => e.entryName).sort(), ['color.png', 'manifest.json', 'outline.png']);
    const text = zip.readAsText('manifest.json');
    assert.doesNotMatch(text, /\$\{\{/);
    const manifest = JSON.parse(text) as Json;
    assert.equal(manifest.id, TEAMS_APP_ID);
    assert.equal(botOf(manifest).botId, BOT_ID);
    assert.equal(manifest.version, '1.2.3');
    assert.deepEqual(manifest.validDomains, ['panel.example.gov.uk']);
    assert.equal((manifest.developer as Json).privacyUrl, ENV.DEVELOPER_PRIVACY_URL);
    assert.deepEqual(validateManifest(manifest), []);
    assert.deepEqual(botOf(manifest).commandLists, commandListsOf(COMMANDS));
    assert.ok(zip.readFile('outline.png')?.equals(readFileSync(path.join(APP_PACKAGE, 'outline.png'))));
  });

  it('refuses a missing BOT_ID, naming it, and writes nothing', () => {
    const outputPath = path.join(dir, 'appPackage.zip');
    const { BOT_ID: _unset, ...env } = ENV;
    assert.throws(() => packageApp({ env, outputPath }), (e: unknown) => e instanceof PackagingError && /BOT_ID is not set/.test(e.message));
    assert.equal(existsSync(outputPath), false);
  });

  it('refuses a TEAMS_APP_ID that is not a GUID, naming it', () => {
    assert.throws(() => packageApp({ env: { ...ENV, TEAMS_APP_ID: 'placement-panel' }, outputPath: path.join(dir, 'a.zip') }),
      (e: unknown) => e instanceof PackagingError && /TEAMS_APP_ID is not valid/.test(e.message));
  });

  it('refuses a BOT_DOMAIN given as a URL', () => {
    assert.throws(() => packageApp({ env: { ...ENV, BOT_DOMAIN: 'https://panel.example.gov.uk/api/messages' }, outputPath: path.join(dir, 'a.zip') }),
      (e: unknown) => e instanceof PackagingError && /BOT_DOMAIN/.test(e.message));
  });

  it('takes the bot id from MicrosoftAppId when BOT_ID is unset', () => {
    const { BOT_ID: _unset, ...env } = ENV;
    const result = packageApp({ env: { ...env, MicrosoftAppId: BOT_ID }, outputPath: path.join(dir, 'a.zip') });
    assert.equal(botOf(result.manifest).botId, BOT_ID);
  });

  it('falls back to documented defaults for the optional values, with warnings', () => {
    const result = packageApp({ env: { TEAMS_APP_ID, BOT_ID }, outputPath: path.join(dir, 'a.zip') });
    const developer = result.manifest.developer as Json;
    assert.equal(developer.websiteUrl, 'https://www.example.org/placement-panel');
    assert.equal(developer.privacyUrl, 'https://www.example.org/placement-panel/privacy');
    assert.equal(developer.termsOfUseUrl, 'https://www.example.org/placement-panel/terms');
    assert.deepEqual(result.manifest.validDomains, []);
    for (const name of ['BOT_DOMAIN', 'DEVELOPER_NAME', 'DEVELOPER_WEBSITE_URL', 'DEVELOPER_PRIVACY_URL', 'DEVELOPER_TERMS_URL']) {
      assert.ok(result.warnings.some((w) => w.startsWith(name)), `a warning for ${name}`);
    }
    assert.match(String(result.manifest.version), /^\d+\.\d+\.\d+$/);
  });

  it('escapes values so a quote in the council\'s name cannot break the JSON', () => {
    const result = packageApp({ env: { ...ENV, DEVELOPER_NAME: 'St "Example" Council' }, outputPath: path.join(dir, 'a.zip') });
    assert.equal((result.manifest.developer as Json).name, 'St "Example" Council');
  });
});
