import { strict as assert } from 'node:assert';
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { createLogger } from '../../src/log/logger.js';
import { MOCK_USER, freePort, startPlayground, type RunningPlayground } from '../../scripts/playground.js';
import { digestCard } from '../../src/views/digestView.js';
import { requestCard } from '../../src/views/requestView.js';
import { panelGovernance } from '../../src/domain/governance.js';
import { Money } from '../../src/calculators/money.js';
import { factsOf } from '../views/facts.js';
import { withChartFallbacks } from '../cards/cardQuality.js';

/**
 * The bot in a real client: the Microsoft 365 Agents Playground (its Teams web UI and mocked Bot
 * Connector) in headless Chromium, talking to the real app started in-process on a loopback port.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const API_KEY = 'e2e-intake-key-0123456789';
/** E2E_SCREENSHOTS=docs refreshes the README's screenshots; otherwise they go to the git-ignored data/. */
const SCREENSHOTS = process.env.E2E_SCREENSHOTS === 'docs' ? join(process.cwd(), 'docs', 'screenshots') : join(process.cwd(), 'data', 'e2e-screenshots');
const FAILURES = join(process.cwd(), 'data', 'e2e-failures');
const WAIT = 20_000;

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = WAIT): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('in the Microsoft 365 Agents Playground (headless Chromium)', function () {
  this.timeout(90_000);
  let dir: string;
  let app: App | undefined;
  let botUrl: string;
  let playground: RunningPlayground | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const botLog: string[] = [];

  /** A request from docs/sample-request.json, dated around today so it never goes stale. */
  async function sampleRequest(startDate: string): Promise<Record<string, unknown>> {
    const sample = JSON.parse(await readFile(join(process.cwd(), 'docs', 'sample-request.json'), 'utf8')) as { proposed: Record<string, unknown> };
    return { ...sample, proposed: { ...sample.proposed, startDate, plannedEndDate: addDays(startDate, 364) } };
  }

  async function postRequest(body: Record<string, unknown>): Promise<string> {
    const res = await fetch(`${botUrl}/api/requests`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` }, body: JSON.stringify(body),
    });
    const json = await res.json() as { id?: string };
    assert.equal(res.status, 201, JSON.stringify(json));
    return json.id!;
  }

  function card(text: string | RegExp): Locator {
    return page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
  }

  /** A whole card, however tall: the chat pane scrolls, so grow the window while taking it. */
  async function shootCard(locator: Locator, name: string): Promise<void> {
    const size = page.viewportSize()!;
    await page.setViewportSize({ width: size.width, height: 2400 });
    try {
      await locator.scrollIntoViewIfNeeded();
      await locator.screenshot({ path: join(SCREENSHOTS, name) });
    } finally {
      await page.setViewportSize(size);
    }
  }

  /**
   * Words of a card's text split across two lines (a money figure or a header broken mid-word), with the card's width.
   * With `atHyphens`, a line may end after a hyphen ("wrap-" / "around"), as typeset text does.
   */
  async function brokenWords(locator: Locator, options: { atHyphens?: boolean } = {}): Promise<{ width: number; broken: string[] }> {
    return locator.evaluate((root, atHyphens) => {
      const broken: string[] = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(atHyphens ? /[^\s-]+-*|-+/g : /\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (tops.size > 1) broken.push(m[0]);
        }
      }
      return { width: Math.round(root.getBoundingClientRect().width), broken };
    }, options.atHyphens ?? false);
  }

  /** Picks a day on the calendar the Playground's date input opens: this month's or the next. */
  async function pickDate(input: Locator, isoDate: string): Promise<void> {
    await input.click();
    const d = new Date(`${isoDate}T00:00:00Z`);
    const day = page.getByRole('button', { name: `${d.getUTCDate()}, ${d.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })}, ${d.getUTCFullYear()}`, exact: true });
    await page.locator('.fui-CalendarDay__monthAndYear').first().waitFor();
    // The month shown may end before the day (a six-week month): its header's second arrow is the next month.
    if (await day.count() === 0) await page.locator('.fui-CalendarDay__headerIconButton').nth(1).click();
    await day.click();
  }

  /** Picks the choice matching `name` in the compact choice set labelled `label`. */
  async function choose(within: Locator, label: string, name: RegExp): Promise<void> {
    await within.getByLabel(label).first().click();
    await page.getByRole('option', { name }).first().click();
  }

  async function openConversation(name: 'Personal Chat' | 'My Team - General'): Promise<void> {
    await page.getByRole('treeitem', { name }).click();
  }

  async function say(text: string): Promise<void> {
    const box = page.locator('[data-lexical-editor="true"]').first();
    await box.click();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  before(async function () {
    this.timeout(120_000);
    await access(CHROMIUM).catch(() => { throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`); });
    dir = await mkdtemp(join(tmpdir(), 'panel-e2e-'));
    await mkdir(SCREENSHOTS, { recursive: true });
    const config = loadConfig({ STORE_PATH: join(dir, 'panel.json'), INTAKE_API_KEY: API_KEY, LOG_LEVEL: 'info' });
    const sink = new Writable({ write(chunk, _enc, cb) { botLog.push(String(chunk)); cb(); } });
    app = await createApp(config, createLogger('info', sink), { schedule: false, outbound: { baseDelayMs: 50 } });
    botUrl = await app.listen(0, '127.0.0.1');

    playground = await startPlayground({ endpoint: `${botUrl}/api/messages`, port: await freePort(), cwd: dir });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    context.setDefaultTimeout(WAIT);
    // Only the Playground itself: its fonts and animations come from a CDN this machine need not reach.
    await context.route((url) => url.hostname !== 'localhost' && url.hostname !== '127.0.0.1', (route) => route.abort());
    page = await context.newPage();
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });

    // Opening the team's General channel installs the app there: the bot keeps it as the panel channel.
    await openConversation('My Team - General');
    await until('the bot to capture the panel channel', () => app!.store.getConversation('panel'));
  });

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !browser) return;
    await mkdir(FAILURES, { recursive: true });
    const file = join(FAILURES, `${this.currentTest.title.replace(/\W+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`  screenshot of the failure: ${file}\n  bot log (last lines):\n${botLog.slice(-15).join('')}\n  Playground output:\n${playground?.output().slice(-2000) ?? ''}`);
  });

  after(async function () {
    this.timeout(30_000);
    // Each step on its own: a failure in one must not leave the others running.
    await browser?.close().catch((err: Error) => console.error('closing Chromium:', err.message));
    await playground?.stop().catch((err: Error) => console.error('stopping the Playground:', err.message));
    await app?.close().catch((err: Error) => console.error('closing the bot:', err.message));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('answers "savings to date" in the personal chat with the savings card', async () => {
    // An approved alternative that took effect 13 weeks ago, so there is something to report.
    const today = app!.panel.today();
    const id = await postRequest(await sampleRequest(addDays(today, -91)));
    const res = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke', name: 'adaptiveCard/action', id: 'seed-1', channelId: 'msteams', serviceUrl: `${playground!.url}/_connector`,
        from: { id: 'user-seed', aadObjectId: 'seed-member', name: 'Seed Member' }, recipient: { id: 'bot' },
        conversation: { id: 'seed-conversation', conversationType: 'personal' },
        value: { action: { type: 'Action.Execute', verb: 'decide', data: { requestId: id, outcome: 'approve', option: 'alt-1' } }, trigger: 'manual' },
      }),
    });
    assert.equal(res.status, 200);

    await openConversation('Personal Chat');
    await say('savings to date');
    const savings = card('Savings to date');
    await savings.waitFor();
    const text = await savings.innerText();
    assert.match(text, /Savings to date/);
    assert.match(text, /Up to and including \d{1,2} \w{3} \d{4}/);
    assert.match(text, /£[1-9][\d,]*\.\d{2}/, `a non-zero £ figure in:\n${text}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-savings-to-date.png') });

    // No money figure or header breaks mid-word, at the Playground's card width or on a narrower screen.
    const wide = await brokenWords(savings);
    assert.deepEqual(wide.broken, [], `broken at ${wide.width} px`);
    // A phone's card is about 320 px wide; the Playground keeps its own, so the card is narrowed in place.
    await savings.evaluate((el) => { (el as HTMLElement).style.width = '320px'; });
    const narrow = await brokenWords(savings);
    assert.equal(narrow.width, 320);
    assert.deepEqual(narrow.broken, [], `broken at ${narrow.width} px`);
    await shootCard(savings, 'playground-savings-320px.png');

    // A period, named exactly on the card, and as unbroken at 320 px.
    await say('savings last month');
    const period = card('Savings in');
    await period.waitFor();
    assert.match(await period.innerText(), /1 \w{3} \d{4} to \d{2} \w{3} \d{4} inclusive/);
    await period.evaluate((el) => { (el as HTMLElement).style.width = '320px'; });
    const periodNarrow = await brokenWords(period);
    assert.deepEqual(periodNarrow.broken, [], `period card broken at ${periodNarrow.width} px`);
  });

  /** A card's height in CSS pixels as drawn. */
  async function heightOf(locator: Locator): Promise<number> {
    return locator.evaluate((el) => Math.round(el.getBoundingClientRect().height));
  }

  /** No word broken across lines at the Playground's own card width and at a phone's 320 px (the card narrowed in place). */
  async function assertNoBrokenWords(locator: Locator, what: string, narrowShot?: string): Promise<void> {
    const wide = await brokenWords(locator, { atHyphens: true });
    assert.ok(wide.width >= 400, `the Playground draws the card ${wide.width} px wide`);
    assert.deepEqual(wide.broken, [], `${what}: broken at ${wide.width} px`);
    await locator.evaluate((el) => { (el as HTMLElement).style.width = '320px'; });
    try {
      const narrow = await brokenWords(locator, { atHyphens: true });
      assert.equal(narrow.width, 320);
      assert.deepEqual(narrow.broken, [], `${what}: broken at ${narrow.width} px`);
      if (narrowShot !== undefined) await shootCard(locator, narrowShot);
    } finally {
      await locator.evaluate((el) => { (el as HTMLElement).style.width = ''; });
    }
  }

  it('posts a request card that decides in one screen: headline, options table, details folded away', async () => {
    await openConversation('My Team - General');
    const body = await sampleRequest(addDays(app!.panel.today(), 14));
    const id = await postRequest({ ...body, childRef: `C-5${Date.now() % 100_000}` });
    const posted = card(`Placement request ${id}`);
    await posted.waitFor();
    const text = await posted.innerText();
    assert.match(text, /Waiting for the panel/);
    assert.match(text, /Decide by \d{1,2} \w{3} \d{4}/);
    assert.match(text, /£6,108\.00/);
    assert.match(text, /Alt 1, In-house foster care with wrap-around support, saves £4,908\.00 a week/, 'the best alternative in the headline');
    assert.doesNotMatch(text, /£0\.00/, 'the proposal against itself is "—", not £0.00');

    // With two alternatives, the details folded and the decision inputs showing, the card fits one screen.
    const height = await heightOf(posted);
    assert.ok(height <= 1100, `the card is ${height} px tall`);
    const details = posted.getByText(/^Need: /);
    assert.equal(await details.isVisible(), false, 'details start folded');
    await assertNoBrokenWords(posted, 'details folded', 'channel-request-320px.png');

    await posted.getByRole('button', { name: 'Details', exact: true }).click();
    await details.waitFor({ state: 'visible' });
    assert.match(await posted.innerText(), /Emotional wellbeing:?\s+3 of 4/);
    await assertNoBrokenWords(posted, 'details open');
    await shootCard(posted, 'channel-request-details.png');
    await posted.getByRole('button', { name: 'Details', exact: true }).click();
    await details.waitFor({ state: 'hidden' });
    await shootCard(posted, 'channel-request-card.png');
  });

  it('choosing an alternative and Approve updates the card: the chosen option marked, then what happened since', async () => {
    await openConversation('My Team - General');
    const id = await postRequest({ ...(await sampleRequest(addDays(app!.panel.today(), 14))), childRef: `C-6${Date.now() % 100_000}` });
    const posted = card(`Placement request ${id}`);
    await posted.waitFor();

    // With no PANEL_MEMBERS (local mode) the channel card itself carries the decision inputs and buttons.
    const option = posted.getByRole('combobox').first(); // the option ChoiceSet; the date pickers follow it
    await option.click();
    await page.getByRole('option', { name: /^Alternative 1: In-house foster care/ }).click();
    assert.match(await option.inputValue(), /^Alternative 1: In-house foster care/);
    await page.screenshot({ path: join(SCREENSHOTS, 'channel-choose-option.png') });
    await posted.getByRole('button', { name: 'Approve', exact: true }).click();

    const headline = new RegExp(`Approved — alternative: In-house foster care with wrap-around support — by ${MOCK_USER}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2} (GMT|BST)`);
    await posted.getByText(headline).waitFor();
    const decisions = app!.store.decisionsFor(id);
    assert.equal(decisions.length, 1);
    assert.equal(decisions[0]!.option, 'alt-1');
    assert.equal(decisions[0]!.decidedBy.name, MOCK_USER);

    // The bot also updates its channel message through the Playground's connector: still the decided card.
    await app!.announcer.idle();
    await posted.getByText(headline).waitFor();
    assert.equal(await posted.getByRole('button', { name: 'Approve', exact: true }).count(), 0, 'no buttons once decided');
    assert.match(await posted.innerText(), /✓ Chosen/);
    await page.screenshot({ path: join(SCREENSHOTS, 'channel-request-approved.png') });

    // A cost change recorded afterwards is listed with its date on the live card anyone opens later.
    const from = decisions[0]!.effectiveFrom;
    const res = await fetch(`${botUrl}/api/requests/${id}/events`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
      body: JSON.stringify({ type: 'cost_change', date: addDays(from, 7), weeklyCost: '1300.00', reason: 'uplift_agreed' }),
    });
    assert.equal(res.status, 201, await res.text());
    await openConversation('Personal Chat');
    await say(`show ${id}`);
    const live = card(`Placement request ${id}`);
    await live.getByText(headline).waitFor();
    await live.getByText(/Cost now £1,300\.00 a week: uplift agreed/).waitFor();
    await assertNoBrokenWords(live, 'decided');
    await shootCard(live, 'personal-request-approved.png');
  });

  it('shows a deferred request and a cost above its need band in readable colours', async () => {
    await openConversation('Personal Chat');
    const body = await sampleRequest(addDays(app!.panel.today(), 28));
    // Near the highest weekly cost the bot takes, so that its figures are the widest a card shows.
    const id = await postRequest({ ...body, childRef: `C-4${Date.now() % 100_000}`, proposed: { ...(body.proposed as object), weeklyCost: '99999.99' } });
    await say(`show ${id}`);
    const shown = card(`Placement request ${id}`);
    await shown.waitFor();
    await shown.getByRole('textbox').first().fill('Waiting for the education assessment');
    await shown.getByRole('button', { name: 'Defer', exact: true }).click();
    await shown.getByText(/Deferred — waiting for the panel/).waitFor();
    // Text never in Teams' yellow "warning" colour: the flag is bold in the default colour.
    const flag = shown.getByText(/Cost above need band/).first();
    const colour = await flag.evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(colour, 'rgb(255, 170, 68)', 'not warning yellow');
    await assertNoBrokenWords(shown, 'the widest figures');
    await shootCard(shown, 'personal-request-deferred.png');
  });

  it('the question buttons on the help and pending cards answer in the chat and leave the card in place', async () => {
    await openConversation('Personal Chat');
    await postRequest({ ...(await sampleRequest(addDays(app!.panel.today(), 21))), childRef: `C-3${Date.now() % 100_000}` });
    await say('help');
    const help = card('Top 15');
    await help.waitFor();
    await help.getByRole('button', { name: 'Top 15', exact: true }).click();
    await card('placements by weekly cost').waitFor();
    assert.equal(await help.getByRole('button', { name: 'Top 15', exact: true }).count(), 1, 'the help card is still there');

    await say('pending');
    const pending = card('waiting for the panel');
    await pending.waitFor();
    // The first row is the oldest request waiting; its Show answers with that request's card.
    const first = /PR-\d{4}-\d{4}/.exec(await pending.innerText())![0];
    await pending.getByRole('button', { name: 'Show' }).first().click();
    await card(`Placement request ${first}`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'playground-question-buttons.png') });
  });

  it('the new request form, filled in and sent from the personal chat, posts its card to the panel channel', async () => {
    await openConversation('Personal Chat');
    await say('new request');
    const form = card('New placement request');
    await form.waitFor();
    const childRef = `C-9${Date.now() % 100_000}`;
    // A week ahead: on the calendar the date picker opens at, whatever today is.
    const start = addDays(app!.panel.today(), 7);
    await form.getByLabel('Case reference').fill(childRef);
    await form.getByLabel('Age (years)').fill('12');
    await form.getByLabel('Why the panel is asked').fill('Needs a specialist placement near school');
    await form.getByLabel('Requested by').fill('Placements team');
    await form.getByLabel('Summary of needs').fill('Settled at school; needs consistent adults');
    await choose(form, 'Placement type', /^Residential/);
    // The proposal's inputs are the required ones (labelled with a star); the current placement's come later.
    await form.getByLabel(/^Provider \*/).fill('Oak House');
    await form.getByLabel(/^Weekly cost \(£\) \*/).fill('4800');
    await pickDate(form.getByPlaceholder('Select a date...').first(), start);
    await form.getByRole('button', { name: 'Submit request' }).click();
    // The server's check the client cannot make comes back above the button, in the form's words.
    await form.getByText(/Need scores: score at least one need domain/).waitFor();
    await choose(form, 'Behaviour', /^3 – /);
    await form.getByRole('button', { name: 'Submit request' }).click();
    await page.getByText(/posted to the panel channel/).last().waitFor();
    const stored = app!.store.listRequests().find((r) => r.childRef === childRef);
    assert.ok(stored, 'the request is stored');
    assert.equal(stored.proposed.weeklyCost, '4800.00');
    assert.equal(stored.proposed.startDate, start);
    await openConversation('My Team - General');
    await card(`Placement request ${stored.id}`).waitFor();
  });

  it('approving with a condition from the channel card, then marking it done there', async () => {
    await openConversation('My Team - General');
    const today = app!.panel.today();
    const id = await postRequest({ ...(await sampleRequest(addDays(today, 3))), childRef: `C-4${Date.now() % 100_000}` });
    const posted = card(`Placement request ${id}`);
    await posted.waitFor();
    await posted.getByRole('button', { name: 'Conditions (to approve with conditions)' }).click();
    await posted.getByLabel(/^Condition 1\s*$/).fill('Education plan agreed with the virtual school');
    await posted.getByLabel(/^Condition 1 owner/).fill('Virtual school head');
    await pickDate(posted.getByLabel(/^Condition 1 due date/), addDays(today, 5));
    await pickDate(posted.getByLabel(/^Review date/), addDays(today, 6));
    await posted.getByRole('button', { name: 'Approve with conditions', exact: true }).click();
    await posted.getByText(/Approved with conditions — proposed placement/).waitFor();
    await posted.getByText(/Owner: Virtual school head/).waitFor();
    await shootCard(posted, 'channel-request-conditions.png');

    await posted.getByRole('button', { name: 'Mark done' }).click();
    await posted.getByText(new RegExp(`Done by ${MOCK_USER} on`)).waitFor();
    const completions = app!.store.allEvents().filter((e) => e.requestId === id && e.type === 'condition_completed');
    assert.equal(completions.length, 1, 'one completion recorded');
    assert.equal(await posted.getByRole('button', { name: 'Mark done' }).count(), 0, 'nothing left to mark done');
  });

  it('the digest preview\'s buttons answer in the chat', async () => {
    await openConversation('Personal Chat');
    await say('digest');
    const digest = card('Placement panel — weekly digest');
    await digest.waitFor();
    const buttons = digest.getByRole('button');
    const names = (await buttons.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    assert.ok(names.length > 0, 'the digest has buttons');
    for (const name of names) {
      const before = await page.locator('.ac-adaptiveCard').count();
      await digest.getByRole('button', { name, exact: true }).click();
      await until(`an answer to "${name}"`, async () => (await page.locator('.ac-adaptiveCard').count() > before ? true : undefined));
    }
  });

  /** Approves a request's option as a panel member would, through the bot's own endpoint (the Playground's connector answering). */
  async function approveThroughBot(requestId: string, option: string): Promise<void> {
    const res = await fetch(`${botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'invoke', name: 'adaptiveCard/action', id: `approve-${requestId}`, channelId: 'msteams', serviceUrl: `${playground!.url}/_connector`,
        from: { id: 'user-seed', aadObjectId: 'seed-member', name: 'Seed Member' }, recipient: { id: 'bot' },
        conversation: { id: 'seed-conversation', conversationType: 'personal' },
        value: { action: { type: 'Action.Execute', verb: 'decide', data: { requestId, outcome: 'approve', option } }, trigger: 'manual' },
      }),
    });
    assert.equal(res.status, 200);
  }

  it('welcomes the personal chat the Playground installs the app in, once, and the welcome\'s buttons answer', async () => {
    await openConversation('Personal Chat');
    const welcome = page.locator('.ac-adaptiveCard').filter({ hasText: 'Welcome to the placement panel bot' });
    await welcome.first().waitFor();
    assert.equal(await welcome.count(), 1, 'one welcome for the install\'s installationUpdate and conversationUpdate');
    await shootCard(welcome.first(), 'playground-welcome.png');
    await welcome.first().getByRole('button', { name: 'Pending', exact: true }).click();
    await card(/waiting for the panel/).waitFor();
    await welcome.first().getByRole('button', { name: 'Savings this year', exact: true }).click();
    await card(/Savings this year \(\d{4}\/\d{2}\)/).waitFor();
    assert.equal(await welcome.count(), 1, 'the welcome stays as it was');
  });

  it('the digest preview reads in the Playground: its charts drawn (or, where a client has none, their fallbacks) with the figures beside them', async () => {
    const today = app!.panel.today();
    const id = await postRequest({ ...(await sampleRequest(addDays(today, -120))), childRef: `C-7${Date.now() % 100_000}` });
    await approveThroughBot(id, 'alt-1');
    await openConversation('Personal Chat');
    await say('digest');
    const digest = card('Placement panel — weekly digest');
    await digest.waitFor();
    const text = await digest.innerText();
    assert.doesNotMatch(text, /\$\{/, 'nothing left unbound');
    assert.match(text, /Savings this financial year \(\d{4}\/\d{2}\)/);
    assert.match(text, /Saved so far\s+£[1-9][\d,]*\.\d{2}/, `a saving so far in:\n${text}`);
    assert.match(text, /Saving now\s+£[1-9][\d,]*\.\d{2} a week/);
    assert.match(text, /\d+ placements? in force/);
    // The savings line: drawn as a chart with its legend, or its fallback, a table of months.
    const lineDrawn = await digest.locator('svg').filter({ hasText: /Saved/ }).count() > 0 || /Saved\s+At this week's rate/.test(text);
    const lineTable = /Month\s+Saved/.test(text);
    assert.ok(lineDrawn || lineTable, `the savings line or its table in:\n${text}`);
    // The spend by type: the donut with its legend, or its fallback, a list of types with their weekly cost.
    assert.match(text, /In-house fostering/, 'the placement type in force, in the donut\'s legend or its list');
    console.log(`      the Playground ${lineDrawn ? 'draws the charts itself' : 'shows the charts\' fallbacks'}`);
    await shootCard(digest, 'playground-digest.png');
  });

  it('the digest\'s chart fallbacks read in a Teams renderer: a table of months and a list of placement types, no word broken', async () => {
    // (The gauge's fallback, progress as text, needs SAVINGS_TARGET, which this run leaves unset: test/views/digestView.test.ts covers it.)
    const id = await postRequest({ ...(await sampleRequest(addDays(app!.panel.today(), -60))), childRef: `C-8${Date.now() % 100_000}` });
    await approveThroughBot(id, 'alt-1');
    // The Playground draws charts, so the card a client without them shows is posted as the bot would post it.
    const card = withChartFallbacks(digestCard(app!.panel.facts(), app!.panel.today()));
    const channel = app!.store.getConversation('panel')!;
    const res = await fetch(`${playground!.url}/_connector/v3/conversations/${encodeURIComponent(channel.conversation!.id)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'bot', name: 'Placement Panel' }, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }] }),
    });
    assert.ok(res.ok, `the Playground's connector answered ${res.status}`);
    await openConversation('My Team - General');
    const shown = page.locator('.ac-adaptiveCard').filter({ hasText: 'Placement panel — weekly digest' }).filter({ hasText: /Month\s*Saved/ }).last();
    await shown.waitFor();
    const text = await shown.innerText();
    assert.equal(await shown.locator('svg').count(), 0, 'no chart drawn');
    assert.match(text, /Month\s+Saved/);
    assert.match(text, /Apr \d{4}\s+£[\d,]+\.\d{2}/, `a row a month in:\n${text}`);
    assert.match(text, /In-house fostering\s+\d+ placements? · £[\d,]+\.\d{2} a week/, 'the donut\'s list');
    await assertNoBrokenWords(shown, 'the digest\'s fallbacks');
    await shootCard(shown, 'playground-digest-fallbacks.png');
  });

  it('a request card under governance reads in a Teams renderer: votes with roles and deputies, what is still needed, a recommendation, a conflict, no word broken', async () => {
    const id = await postRequest({ ...(await sampleRequest(addDays(app!.panel.today(), 20))), childRef: `C-5${Date.now() % 100_000}` });
    const request = app!.store.getRequest(id)!;
    // The card as a panel with roles and limits draws it (this run is in local mode, where one click settles).
    const jane = { aadObjectId: 'aad-chair', name: 'Jane Smith' };
    const vote = (by: { aadObjectId: string; name: string }, roles: string[], minute: number, more: Record<string, unknown> = {}) => ({
      id: `D-9${minute}`, requestId: id, outcome: 'approve' as const, option: 'alt-2', effectiveFrom: request.proposed.startDate,
      decidedBy: by, decidedAt: new Date(Date.UTC(2026, 10, 26, 9, minute)).toISOString(), roles, ...more,
    });
    const governance = panelGovernance({
      roles: new Map([['aad-chair', ['chair']], ['aad-fin', ['finance']], ['aad-comm', ['commissioning']], ['aad-deputy', ['education']]]),
      members: [], chairs: [], limits: new Map([['commissioning', new Money(2500)], ['finance', new Money(5000)], ['chair', null]]),
      quorum: { members: 3, roles: ['chair', 'finance'] },
    });
    const facts = factsOf({
      requests: [request],
      decisions: [
        vote({ aadObjectId: 'aad-deputy', name: 'Sam Patel' }, ['education', 'chair'], 1, { deputyFor: [{ role: 'chair', member: jane }] }),
        vote({ aadObjectId: 'aad-comm', name: 'Chris Lowe' }, ['commissioning'], 2, { recommendation: { councilCost: '3671.25', limit: '2500.00' } }),
      ],
      events: [{ id: 'E-99', requestId: id, type: 'conflict_declared', date: app!.panel.today(), recordedBy: { aadObjectId: 'aad-fin2', name: 'Alex Brown' }, recordedAt: new Date().toISOString() }],
    }, {}, governance);
    const drawn = requestCard(facts, request, app!.panel.today(), { canDecide: true });
    const channel = app!.store.getConversation('panel')!;
    const res = await fetch(`${playground!.url}/_connector/v3/conversations/${encodeURIComponent(channel.conversation!.id)}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', from: { id: 'bot', name: 'Placement Panel' }, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: drawn }] }),
    });
    assert.ok(res.ok, `the Playground's connector answered ${res.status}`);
    await openConversation('My Team - General');
    const shown = page.locator('.ac-adaptiveCard').filter({ hasText: `Placement request ${id}` }).filter({ hasText: /as deputy for/ }).last();
    await shown.waitFor();
    const text = await shown.innerText();
    assert.match(text, /Sam Patel \(education; chair, as deputy for Jane Smith\): approve/);
    assert.match(text, /Chris Lowe \(commissioning\): approve .*recommendation/);
    assert.match(text, /Needs 1 more member and a finance member/);
    assert.match(text, /Conflict of interest declared: Alex Brown/);
    await assertNoBrokenWords(shown, 'the request card under governance', 'playground-request-governance-320.png');
    await shootCard(shown, 'playground-request-governance.png');
  });

  it('runs a short meeting in the panel channel: agenda posted, attendance marked, one item decided, minutes posted', async () => {
    await openConversation('My Team - General');
    const today = app!.panel.today();
    const decided = await postRequest({ ...(await sampleRequest(addDays(today, 10))), childRef: `C-8${Date.now() % 100_000}` });
    const left = await postRequest({ ...(await sampleRequest(addDays(today, 12))), childRef: `C-9${Date.now() % 100_000}` });
    const conflicted = await postRequest({ ...(await sampleRequest(addDays(today, 11))), childRef: `C-7${Date.now() % 100_000}` });
    await card(`Placement request ${conflicted}`).waitFor();

    // Said in the chair's chat with the bot (the Playground's channel delivers only @mentions): the agenda goes to the panel channel.
    await openConversation('Personal Chat');
    await say('start meeting');
    await page.getByText('Meeting started').last().waitFor();
    await openConversation('My Team - General');
    const agenda = card(/Panel meeting —/);
    await agenda.waitFor();
    await agenda.getByText(decided).first().waitFor();
    await agenda.getByRole('button', { name: 'I\'m here' }).click();
    await agenda.getByText(MOCK_USER).first().waitFor();
    await agenda.getByText(/^Quorate/).first().waitFor();
    await shootCard(agenda, 'meeting-agenda.png');
    await assertNoBrokenWords(agenda, 'the agenda card');

    // The agenda's Show answers with the request's card in the channel.
    const cardsBefore = await page.locator('.ac-adaptiveCard').count();
    await agenda.locator('.ac-container').filter({ hasText: left }).getByRole('button', { name: 'Show' }).first().click();
    await until('the request card shown from the agenda', async () => (await page.locator('.ac-adaptiveCard').count() > cardsBefore ? true : undefined));

    // Declare conflict on a request card: recorded, shown on the card, minuted.
    const other = card(`Placement request ${conflicted}`);
    await other.getByRole('button', { name: 'Declare conflict' }).click();
    await other.getByText(/Conflict of interest declared/).first().waitFor();
    assert.equal(app!.store.eventsFor(conflicted).filter((e) => e.type === 'conflict_declared').length, 1);

    const request = card(`Placement request ${decided}`);
    await request.scrollIntoViewIfNeeded();
    await request.getByRole('button', { name: 'Approve', exact: true }).click();
    await request.getByText(new RegExp(`Approved — proposed placement .* by ${MOCK_USER}`)).waitFor();

    await agenda.getByRole('button', { name: 'End meeting' }).click();
    await agenda.getByText(/^Ended/).first().waitFor();
    assert.equal(await agenda.getByRole('button', { name: 'I\'m here' }).count(), 0, 'no buttons once ended');
    const minutes = card(/minutes/i);
    await minutes.getByText(decided).first().waitFor();
    const text = await minutes.innerText();
    assert.match(text, new RegExp(`${decided}[\\s\\S]*Approved`), 'the decided item with its outcome');
    assert.match(text, new RegExp(`Not reached[\\s\\S]*${left}`), 'the item not reached');
    assert.match(text, new RegExp(MOCK_USER), 'who was present and voted');
    await shootCard(minutes, 'meeting-minutes.png');
    await assertNoBrokenWords(minutes, 'the minutes card');
    const meeting = app!.panel.meetings().at(-1)!;
    assert.match(text, /Conflicts? of interest/, 'the conflict is minuted');
    assert.deepEqual(meeting.ended?.minutes.items.map((i) => [i.requestId, i.outcome]).sort(), [[decided, 'approved'], [conflicted, 'undecided']].sort());
  });
});
