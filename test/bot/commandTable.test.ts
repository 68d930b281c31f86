import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AdmZip from 'adm-zip';
import { COMMAND_DESCRIPTION_MAX, COMMAND_TITLE_MAX } from '../../scripts/manifestSchema.js';
import { commandListsOf, packageApp, PackagingError } from '../../scripts/packageApp.js';
import { COMMANDS } from '../../src/bot/commandTable.js';
import { ALL_SCOPES, findCommand, normaliseText, type Command } from '../../src/bot/commands.js';
import type { AdaptiveCard } from '../../src/cards/renderCard.js';
import { commandHelpCard } from '../../src/bot/commandTable.js';
import { assertValidCard, findActions } from '../cards/cardQuality.js';

/** Teams takes at most this many commands in one scope's command menu. */
const MENU_MAX = 10;

const ENV = {
  TEAMS_APP_ID: '3f2a9c1e-8b7d-4e6f-9a0b-1c2d3e4f5a6b',
  BOT_ID: 'b0b1d000-1111-4222-8333-444455556666',
  BOT_DOMAIN: 'panel.example.gov.uk',
  DEVELOPER_NAME: 'Example County Council',
  DEVELOPER_WEBSITE_URL: 'https://www.example.gov.uk/placement-panel',
};

const answer = (commands: readonly Command[], text: string): string | undefined => findCommand(commands, normaliseText(text))?.command.name;

/** Texts more than one row's patterns take, with the row that must answer each. */
const OVERLAPS: [string, string][] = [
  ['show PR-2026-0001', 'show'],
  ['open pr-2026-0001', 'show'],
  ['update PR-2026-0001 cost 1300.00 from 2026-06-01 uplift_agreed', 'update cost'],
  ['update PR-2026-0001 ended 2026-09-01 turned_18', 'update ended'],
  ['update PR-2026-0001 ended 1 September 2026 turned_18', 'update ended'],
  ['savings to 30 June', 'savings to date'],
  ['savings as of 30/06/2026', 'savings to date'],
  ['savings this year', 'savings this year'],
  ['savings 2026/27', 'savings in a financial year'],
  ['savings for FY 2026/27', 'savings in a financial year'],
];

function facts(card: AdaptiveCard): { title: string; value: string }[] {
  const factSet = (card.body as { type: string; facts?: { title: string; value: string }[] }[]).find((e) => e.type === 'FactSet');
  return factSet?.facts ?? [];
}

const buttons = (card: AdaptiveCard): [string, string][] =>
  findActions(card).filter((a) => a.type === 'Action.Execute').map((a) => [String(a.title), (a.data as { ask: string }).ask]);

describe('command table: matching order', () => {
  it('ranks are unique, as are names and listed titles', () => {
    const unique = (values: unknown[]) => assert.equal(new Set(values).size, values.length, JSON.stringify(values));
    unique(COMMANDS.map((c) => c.rank));
    unique(COMMANDS.map((c) => c.name));
    unique(COMMANDS.flatMap((c) => (c.listing ? [c.listing.title] : [])));
  });

  it('texts that more than one row takes go to the lower rank', () => {
    for (const [text, name] of OVERLAPS) {
      const takers = COMMANDS.filter((c) => c.patterns.some((p) => p.test(normaliseText(text))));
      assert.ok(takers.length > 1, `"${text}" is not an overlap`);
      assert.equal(answer(COMMANDS, text), name, text);
    }
  });

  it('goes by rank, not by where a row stands in the table', () => {
    const reversed = [...COMMANDS].reverse();
    for (const [text, name] of OVERLAPS) assert.equal(answer(reversed, text), name, text);
    const broad: Command = { name: 'broad', rank: 2, patterns: [/^a/], handle: () => ({ text: 'broad' }) };
    const narrow: Command = { name: 'narrow', rank: 1, patterns: [/^ab$/], handle: () => ({ text: 'narrow' }) };
    assert.equal(answer([broad, narrow], 'ab'), 'narrow');
    assert.equal(answer([narrow, broad], 'ab'), 'narrow');
    assert.equal(answer([{ ...broad, rank: 0 }, narrow], 'ab'), 'broad');
  });
});

describe('command table: listings', () => {
  const listed = COMMANDS.filter((c) => c.listing);

  it('fit Teams\' limits: titles, descriptions, and at most ten commands in each scope\'s menu', () => {
    for (const { listing } of listed) {
      assert.ok(listing!.title.length > 0 && listing!.title.length <= COMMAND_TITLE_MAX, listing!.title);
      assert.ok(listing!.description.length > 0 && listing!.description.length <= COMMAND_DESCRIPTION_MAX, `${listing!.title}: ${listing!.description.length}`);
    }
    for (const scope of ALL_SCOPES) {
      const menu = COMMANDS.filter((c) => c.listing?.menu?.includes(scope));
      assert.ok(menu.length <= MENU_MAX, `${menu.length} commands in the ${scope} menu`);
    }
  });

  it('each listed title, sent as it is (from the menu or a button), is answered by its own row', () => {
    for (const command of listed) assert.equal(answer(COMMANDS, command.listing!.title), command.name, command.listing!.title);
  });

  it('the help card lists every listed command, update and set panel channel among them, in rank order', () => {
    const card = commandHelpCard();
    assertValidCard(card);
    const shown = facts(card).map((f) => f.title);
    const expected = [...listed].sort((a, b) => a.rank - b.rank).map((c) => c.listing!.title);
    assert.deepEqual(shown, expected);
    for (const title of ['update', 'set panel channel', 'set digest channel', 'show', 'savings to date']) assert.ok(shown.includes(title), title);
    assert.match(String(card.fallbackText), /update, .*set panel channel/);
  });

  it('the help card has a button for every listing that asks for one, sending its title', () => {
    const expected = [...listed].sort((a, b) => a.rank - b.rank).flatMap((c) => (c.listing!.button ? [[c.listing!.button, c.listing!.title]] : []));
    assert.deepEqual(buttons(commandHelpCard()), expected);
  });

  it('the manifest\'s command menus are the listings that ask for them, in rank order', () => {
    const lists = commandListsOf(COMMANDS);
    assert.deepEqual(lists.map((l) => l.scopes), ALL_SCOPES.map((s) => [s]));
    for (const list of lists) {
      const expected = COMMANDS.filter((c) => c.listing?.menu?.includes(list.scopes[0]!)).sort((a, b) => a.rank - b.rank);
      assert.deepEqual(list.commands, expected.map((c) => ({ title: c.listing!.title, description: c.listing!.description })));
    }
  });
});

describe('command table: a new row is all a new command needs', () => {
  const row: Command = {
    name: 'ending soon',
    rank: 105,
    patterns: [/^(?:ending soon|placements ending)$/],
    listing: { title: 'ending soon', description: 'Placements due to end in the next eight weeks', button: 'Ending soon', menu: ALL_SCOPES },
    handle: () => ({ text: 'Nothing ends in the next eight weeks.' }),
  };
  const table = [...COMMANDS, row];
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'new-command-')); });
  afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

  it('appears on the help card, as a line and a button, between its neighbours by rank', () => {
    const before = commandHelpCard();
    const after = commandHelpCard(undefined, table);
    assertValidCard(after);
    const lines = facts(after);
    const at = lines.findIndex((f) => f.title === 'ending soon');
    assert.deepEqual(lines[at], { title: 'ending soon', value: 'Placements due to end in the next eight weeks' });
    assert.deepEqual(lines.filter((_, i) => i !== at), facts(before));
    assert.equal(lines[at - 1]?.title, 'cohort');
    assert.equal(lines[at + 1]?.title, 'digest');
    assert.deepEqual(buttons(after).filter(([, text]) => text !== 'ending soon'), buttons(before));
    assert.ok(buttons(after).some(([title, text]) => title === 'Ending soon' && text === 'ending soon'));
  });

  it('appears in every scope\'s command menu of the generated manifest', () => {
    const lists = commandListsOf(table);
    for (const list of lists) {
      assert.ok(list.commands.some((c) => c.title === 'ending soon' && c.description === row.listing!.description), list.scopes[0]);
    }
    // The menus are full, so packaging says so rather than leave one out.
    assert.throws(() => packageApp({ env: ENV, outputPath: path.join(dir, 'a.zip'), commands: table }),
      (e: unknown) => e instanceof PackagingError && /commandLists\/0\/commands: must NOT have more than 10 items/.test(e.message));
  });

  it('is packaged into the menus once another command makes room', () => {
    const roomy = table.map((c) => (c.name === 'digest' ? { ...c, listing: { ...c.listing!, menu: [] } } : c));
    const outputPath = path.join(dir, 'a.zip');
    packageApp({ env: ENV, outputPath, commands: roomy });
    const manifest = JSON.parse(new AdmZip(outputPath).readAsText('manifest.json')) as { bots: { commandLists: { commands: { title: string }[] }[] }[] };
    for (const list of manifest.bots[0]!.commandLists) {
      const titles = list.commands.map((c) => c.title);
      assert.ok(titles.includes('ending soon') && !titles.includes('digest'), titles.join());
    }
  });

  it('is answered by the bot\'s matching', () => {
    assert.equal(answer(table, 'Placements ending?'), 'ending soon');
  });
});
