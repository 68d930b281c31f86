/*
 * Issue #11, item 8: text a person or a case system typed must show on a card as typed — never as a
 * link ("[Approve here](https://evil.example)"), an image, a heading, a list or bold text.
 *
 * Teams hands TextBlock text and Fact titles and values to a markdown processor. Two dialects are
 * modelled below and plugged into the official adaptivecards renderer (which has none of its own):
 * CommonMark, where a backslash escapes any ASCII punctuation (markdown-it, which that renderer uses
 * when the page has it), and the shared mobile parser, which reads only links, emphasis and lists and
 * honours a backslash only before [ ] ) * _. Each model is generous to an attacker: it builds an
 * element wherever the syntax allows one.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import sinon from 'sinon';
import { escapeMarkdown } from '../../src/cards/markdown.js';
import { assertValidCard, renderWithMarkdown } from '../cards/cardQuality.js';
import {
  MEMBER, MEMBER_B, cardOf, installInPanelChannel, startHarness, type Harness,
} from '../support/botHarness.js';

interface Dialect {
  name: string;
  /** The characters a preceding backslash turns into plain text. */
  escapes: (c: string) => boolean;
  /** Headings, quotes, rules, code, strikethrough, images, autolinks, raw HTML and link definitions. */
  full: boolean;
}

const COMMONMARK: Dialect = { name: 'CommonMark', escapes: (c) => /[!-/:-@[-`{-~]/.test(c), full: true };
const MOBILE: Dialect = { name: 'shared mobile parser', escapes: (c) => '[])*_'.includes(c), full: false };
const DIALECTS = [COMMONMARK, MOBILE];

// Private-use characters stand in for escaped ones, so that no rule below can see them.
const PLACEHOLDER_BASE = 0xE000;

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function inline(text: string, d: Dialect): string {
  let h = html(text);
  if (d.full) {
    h = h.replace(/(`+)(.+?)\1/g, '<code>$2</code>')
      .replace(/&lt;([A-Za-z][A-Za-z\d+.-]{1,31}:[^\s]*?)&gt;/g, '<a href="$1">$1</a>')
      .replace(/&lt;([^\s@]+@[^\s@]+?)&gt;/g, '<a href="mailto:$1">$1</a>')
      .replace(/&lt;(\/?[A-Za-z][^]*?)&gt;/g, (_, tag: string) => `<${tag.replace(/&quot;/g, '"')}>`)
      .replace(/!\[([^\]]*)\]\(([^)]*)\)/g, '<img alt="$1" src="$2">')
      .replace(/~~(?=\S)(.+?)~~/g, '<s>$1</s>');
  }
  return h.replace(/\[([^\]]*)\]\(([^)]*)\)/g, '<a href="$2">$1</a>')
    .replace(/\*\*(?=\S)(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/(?<![\p{L}\p{N}])__(?=\S)(.+?)__(?![\p{L}\p{N}])/gu, '<strong>$1</strong>')
    .replace(/\*(?=\S)(.+?)\*/g, '<em>$1</em>')
    .replace(/(?<![\p{L}\p{N}])_(?=\S)(.+?)_(?![\p{L}\p{N}])/gu, '<em>$1</em>');
}

/** A TextBlock's text as the dialect would draw it. */
function markdownToHtml(text: string, d: Dialect): string {
  const literals: string[] = [];
  let source = '';
  for (let i = 0; i < text.length; i++) {
    const next = text[i + 1];
    if (text[i] === '\\' && next !== undefined && d.escapes(next)) {
      source += String.fromCharCode(PLACEHOLDER_BASE + literals.length);
      literals.push(next);
      i += 1;
    } else {
      source += text[i];
    }
  }
  const blocks: string[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push(`<p>${paragraph.join('\n')}</p>`);
    paragraph = [];
  };
  for (const line of source.split('\n')) {
    let m: RegExpMatchArray | null;
    if (line.trim() === '') {
      endParagraph();
    } else if ((m = /^ {0,3}[-+*](?:[ \t]+(.*))?$/.exec(line)) && !(d.full && /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line))) {
      endParagraph();
      blocks.push(`<ul><li>${inline(m[1] ?? '', d)}</li></ul>`);
    } else if ((m = /^ {0,3}\d{1,9}[.)](?:[ \t]+(.*))?$/.exec(line))) {
      endParagraph();
      blocks.push(`<ol><li>${inline(m[1] ?? '', d)}</li></ol>`);
    } else if (!d.full) {
      paragraph.push(inline(line, d));
    } else if ((m = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/.exec(line))) {
      endParagraph();
      blocks.push(`<h${m[1]!.length}>${inline(m[2] ?? '', d)}</h${m[1]!.length}>`);
    } else if ((m = /^ {0,3}(=+|-+)[ \t]*$/.exec(line)) && paragraph.length > 0) {
      const level = m[1]!.startsWith('=') ? 1 : 2;
      blocks.push(`<h${level}>${paragraph.join('\n')}</h${level}>`);
      paragraph = [];
    } else if (/^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/.test(line)) {
      endParagraph();
      blocks.push('<hr>');
    } else if ((m = /^ {0,3}>[ \t]?(.*)$/.exec(line))) {
      endParagraph();
      blocks.push(`<blockquote>${inline(m[1]!, d)}</blockquote>`);
    } else if (/^ {0,3}(`{3,}|~{3,})/.test(line) || (paragraph.length === 0 && /^( {4}|\t)/.test(line))) {
      endParagraph();
      blocks.push(`<pre><code>${html(line)}</code></pre>`);
    } else if (/^ {0,3}\[[^\]]+\]:[ \t]*\S/.test(line)) {
      endParagraph();
      blocks.push('<a data-link-definition="true"></a>');
    } else {
      paragraph.push(inline(line, d));
    }
  }
  endParagraph();
  return blocks.join('').replace(/[\uE000-\uF8FF]/g, (c) => html(literals[c.charCodeAt(0) - PLACEHOLDER_BASE]!));
}

/** Elements that only markdown in typed text could have made: the bot writes no link, list or heading. */
const FORBIDDEN = 'a, img, h1, h2, h3, h4, h5, h6, ul, ol, li, blockquote, pre, code, s, del, hr';

const LINK = '[Approve here](https://evil.example)';
/** Everything that must show as typed, line by line; each line opens a different construct. */
const PAYLOAD = [
  `${LINK} **boldpayload** _italicpayload_`,
  '# heading',
  '- item',
  '1. numbered',
  '> quoted',
  '<https://evil.example/auto> ![pixel](https://evil.example/p.png)',
  '`codepayload` ~~struckpayload~~ a|b',
  '[ref]: https://evil.example/ref',
].join('\n');
/** What a short field (a provider, a label, a name) carries. */
const SHORT = `${LINK} **boldpayload**\n- item`;
const PAYLOAD_WORDS = ['Approve here', 'boldpayload', 'italicpayload', 'heading', 'item', 'numbered', 'quoted', 'codepayload', 'struckpayload'];

type AnyObject = Record<string, unknown>;

function walk(node: unknown, visit: (o: AnyObject) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (typeof node === 'object' && node !== null) {
    visit(node as AnyObject);
    for (const v of Object.values(node)) walk(v, visit);
  }
}

/** Every string the card reads as markdown: TextBlock text and Fact titles and values. */
function markdownStrings(card: object): string[] {
  const out: string[] = [];
  walk(card, (o) => {
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts)) {
      for (const f of o.facts as AnyObject[]) out.push(String(f.title), String(f.value));
    }
  });
  return out;
}

/** `[text](url)` whose brackets no backslash escapes. */
function hasLiveLink(text: string): boolean {
  return /\[[^\]]*\]\(/.test(text.replace(/\\[\s\S]/g, '·'));
}

/** The card is free of markdown that typed text could have made, in the raw JSON and as each dialect draws it. */
function assertInert(label: string, card: object): void {
  assertValidCard(card);
  for (const text of markdownStrings(card)) assert.ok(!hasLiveLink(text), `${label}: live link in ${JSON.stringify(text)}`);
  walk(card, (o) => {
    // Expanded choices are drawn as markdown (radio labels); only a compact set's titles are plain text.
    if (o.type === 'Input.ChoiceSet') assert.notEqual(o.style, 'expanded', `${label}: an expanded ChoiceSet would read its titles as markdown`);
  });
  for (const d of DIALECTS) {
    const element = renderWithMarkdown(card, (text) => markdownToHtml(text, d));
    const made = [...element.querySelectorAll(FORBIDDEN)].map((e) => e.outerHTML);
    assert.deepEqual(made, [], `${label} (${d.name}): markdown from typed text became elements`);
    for (const e of element.querySelectorAll('strong, em')) {
      const word = PAYLOAD_WORDS.find((w) => e.textContent?.includes(w));
      assert.equal(word, undefined, `${label} (${d.name}): typed "${word}" shown as ${e.tagName.toLowerCase()}`);
    }
  }
}

/** The text a CommonMark client shows for the card. */
function shownText(card: object): string {
  return renderWithMarkdown(card, (text) => markdownToHtml(text, COMMONMARK)).textContent ?? '';
}

describe('markdown in typed text: escapeMarkdown', () => {
  it('escapes what opens a link, emphasis, code, a table or a block, and leaves ordinary punctuation bare', () => {
    const cases: [string, string][] = [
      [LINK, '\\[Approve here\\](https://evil.example)'],
      ['**x** *y* _z_', '\\*\\*x\\*\\* \\*y\\* \\_z\\_'],
      ['in_house_fostering', 'in_house_fostering'],
      ['# h', '\\# h'],
      ['#3 priority', '#3 priority'],
      ['- item\n+ item\n* item', '\\- item\n\\+ item\n\\* item'],
      ['1. one\n2) two\n1.5 days', '1\\. one\n2\\) two\n1.5 days'],
      ['> quote', '\\> quote'],
      ['title\n===\n---', 'title\n\\===\n\\---'],
      ['    indented code', 'indented code'],
      ['`c` ~~s~~ a|b', '\\`c\\` \\~\\~s\\~\\~ a\\|b'],
      ['<https://x.example> <b>', '\\<https://x.example> \\<b>'],
      ['age < 16 & over > 12', 'age < 16 & over > 12'],
      ['&#91;x&#93; &amp;', '\\&#91;x\\&#93; \\&amp;'],
      ['S:\\Panel\\notes', 'S:\\Panel\\notes'],
      ['a\\*b ends\\', 'a\\\\\\*b ends\\\\'],
      ['C-10423', 'C-10423'],
      ['-1234', '-1234'],
      ['+44 7700 900123', '+44 7700 900123'],
      ["Hillside Children's Home (Ltd.) - St. Mary's, e.g. 2026-04-06!", "Hillside Children's Home (Ltd.) - St. Mary's, e.g. 2026-04-06!"],
      ['', ''],
    ];
    for (const [typed, escaped] of cases) assert.equal(escapeMarkdown(typed), escaped, JSON.stringify(typed));
  });

  it('whatever is typed, both dialects draw it as plain text, and CommonMark shows every character', () => {
    const piece = fc.constantFrom(
      'a', 'Z', '7', ' ', '  ', '    ', '\n', '\n\n', '\t', '*', '**', '_', '__', '[', ']', '(', ')', '](', '!', '#', '## ', '-', '- ',
      '+ ', '=', '---', '1. ', '2) ', '>', '<', '<a href="x">', '<https://e.example>', '`', '```', '~', '~~', '|', '\\', '&', '&#91;', '&amp;',
      ':', '.', 'https://e.example', 'é', '·',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }).map((p) => p.join('')), (typed) => {
      const escaped = escapeMarkdown(typed);
      for (const d of DIALECTS) {
        const drawn = markdownToHtml(escaped, d);
        assert.doesNotMatch(drawn.replace(/<\/?p>/g, ''), /<[a-z]/i, `${d.name} drew ${drawn} from ${JSON.stringify(typed)}`);
      }
      const text = markdownToHtml(escaped, COMMONMARK).replace(/<\/?p>/g, '\n')
        .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
      assert.equal(squash(text), squash(typed));
    }), { numRuns: 400 });
  });
});

describe('markdown in typed text: every card the bot sends', () => {
  let h: Harness;
  let clock: sinon.SinonFakeTimers;
  let id: string;
  const NAMED = { ...MEMBER, name: LINK };
  const cards: { label: string; card: object }[] = [];
  const take = (label: string, card: object | undefined) => {
    assert.ok(card, `a card for ${label}`);
    cards.push({ label, card });
    return card;
  };
  const ask = async (text: string) => take(text, cardOf((await h.say(text))[0]));

  before(async () => {
    clock = sinon.useFakeTimers({ now: new Date('2026-05-01T10:00:00Z'), toFake: ['Date'] });
    h = await startHarness({ schedule: false });
    await installInPanelChannel(h);
    const res = await h.api('POST', '/api/requests', {
      childRef: 'C-20777',
      ageYears: 14,
      kind: 'new',
      needs: { summary: PAYLOAD, scores: { behaviour: 2, emotional_wellbeing: 2 } },
      proposed: {
        type: 'residential', provider: SHORT, weeklyCost: '15000.00', startDate: '2026-04-20', plannedEndDate: '2026-06-15',
        funding: { socialCare: 100, health: 0, education: 0 },
      },
      alternatives: [{ id: 'alt-1', label: SHORT, type: 'ifa', provider: SHORT, weeklyCost: '1500.00' }],
      requestedBy: SHORT,
      reason: PAYLOAD,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    id = res.body.id as string;
    await h.app.announcer.idle();
    const posted = h.connector.posts()[0]?.body.attachments as { content: object }[] | undefined;
    take('the request posted to the panel channel', posted?.[0]?.content);
    await ask(`show ${id}`);
    await ask('pending');
    take('a decision naming an option that is not there', (await h.invoke('decide', { requestId: id, outcome: 'approve', option: LINK, comment: PAYLOAD })).body.value as object);
    take('an unknown button', (await h.invoke(LINK, { requestId: id })).body.value as object);
    take('a decision for a request that is not there', (await h.invoke('decide', { requestId: LINK, outcome: 'approve' })).body.value as object);
    take('the form sent back with problems', (await h.invoke('submitRequest', {
      childRef: LINK, ageYears: '14', kind: 'new', needsSummary: PAYLOAD, proposedType: 'residential', proposedProvider: SHORT,
      proposedWeeklyCost: '-5', proposedStartDate: '2026-06-01', alt1_label: SHORT, requestedBy: SHORT, reason: PAYLOAD,
    })).body.value as object);
    const decided = await h.invoke('decide', {
      requestId: id, outcome: 'approve_with_conditions', option: 'proposed', comment: PAYLOAD, reviewDate: '2026-05-10', effectiveFrom: '2026-04-20',
    }, NAMED);
    take('the decision\'s answer', decided.body.value as object);
    await h.app.announcer.idle();
    const updated = h.connector.updates()[0]?.body.attachments as { content: object }[] | undefined;
    take('the channel card updated after the decision', updated?.[0]?.content);
    take('a click after the decision', (await h.invoke('decide', { requestId: id, outcome: 'decline', comment: 'late' }, MEMBER_B)).body.value as object);
    await ask(`show ${id}`);
    await ask('top 15');
    await ask('value check');
    await ask('cohort');
    await ask('digest');
    await ask('savings to date');
  });
  after(async () => {
    await h.close();
    clock.restore();
  });

  it('no card carries a live link, image, heading, list, quote, code or emphasis from typed text', () => {
    assert.ok(cards.length >= 15, `${cards.length} cards`);
    for (const { label, card } of cards) assertInert(label, card);
  });

  it('the request card shows the typed text as typed, and the decider\'s name as written', () => {
    const shown = shownText(cards.find((c) => c.label === 'the decision\'s answer')!.card);
    for (const line of PAYLOAD.split('\n')) assert.ok(shown.includes(line), `shows ${JSON.stringify(line)}`);
    assert.ok(shown.includes(`by ${LINK}, 1 May 2026 11:00 BST`), 'the decider\'s name, plain (in UK time)');
    assert.ok(shown.includes(`proposed placement (${LINK} **boldpayload**`), 'the chosen option\'s provider, plain');
  });

  it('says who decided first, with the name plain', () => {
    const shown = shownText(cards.find((c) => c.label === 'a click after the decision')!.card);
    assert.ok(shown.includes(`by ${LINK} at 1 May 2026 11:00 BST`), shown.slice(0, 300));
  });

  it('each question card that lists the placement shows its typed provider or reference plainly', () => {
    const top = cards.find((c) => c.label === 'top 15')!.card;
    assert.ok(shownText(top).includes(`${LINK} **boldpayload**`), 'top 15 shows the provider as typed');
    for (const label of ['value check', 'digest']) assert.ok(shownText(cards.find((c) => c.label === label)!.card).includes('C-20777'), label);
  });

  it('leaves plain-text places alone: option titles and the values kept in inputs are as typed', () => {
    const live = cards.find((c) => c.label === 'a decision naming an option that is not there')!.card;
    const titles: string[] = [];
    const values: unknown[] = [];
    walk(live, (o) => {
      if (o.type === 'Input.ChoiceSet') titles.push(...(o.choices as { title: string }[]).map((c) => c.title));
      if (o.id === 'comment') values.push(o.value);
    });
    assert.ok(titles.some((t) => t.startsWith(`Alternative 1: ${SHORT} (`)), JSON.stringify(titles));
    assert.deepEqual(values, [PAYLOAD]);
    const form = cards.find((c) => c.label === 'the form sent back with problems')!.card;
    const kept = new Map<string, unknown>();
    walk(form, (o) => { if (typeof o.id === 'string' && o.type === 'Input.Text') kept.set(o.id, o.value); });
    assert.equal(kept.get('reason'), PAYLOAD);
    assert.equal(kept.get('alt1_label'), SHORT);
    assert.equal(kept.get('childRef'), LINK);
  });
});
