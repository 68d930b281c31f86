import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/renderCard.js';
import { assertValidCard, cardProblems, cardSize, cardText, findActions } from './cardQuality.js';
import { openRequest } from './fixtures.js';
import { REQUEST_CARD } from '../../src/views/requestView.js';

const good = () => ({
  type: 'AdaptiveCard', version: '1.5',
  body: [{ type: 'TextBlock', text: 'Hello', wrap: true }],
  actions: [{
    type: 'Action.Execute', title: 'Go', verb: 'go', data: { a: 1 },
    fallback: { type: 'Action.Submit', title: 'Go', data: { a: 1, verb: 'go' } },
  }],
});

describe('card quality gate', () => {
  it('passes a minimal valid card', () => assertValidCard(good()));

  it('rejects an unknown element type (schema and renderer both)', () => {
    const card = { ...good(), body: [{ type: 'PlacementWidget', text: 'x' }] };
    const problems = cardProblems(card);
    assert.ok(problems.some((p) => p.startsWith('schema')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('UnknownElementType')), problems.join('\n'));
    assert.throws(() => assertValidCard(card), /quality gate/);
  });

  it('rejects a card without a version (the renderer alone would accept it)', () => {
    const { version: _v, ...card } = good();
    assert.throws(() => assertValidCard(card), /version/);
  });

  it('rejects a version other than 1.5', () => {
    assert.throws(() => assertValidCard({ ...good(), version: '1.2' }), /must be "1\.5"/);
  });

  it('rejects a bad property value and a duplicate input id', () => {
    assert.throws(() => assertValidCard({ ...good(), body: [{ type: 'TextBlock', text: 'x', size: 'Huge' }] }), /schema/);
    assert.throws(() => assertValidCard({
      ...good(), body: [{ type: 'Input.Text', id: 'a' }, { type: 'Input.Text', id: 'a' }],
    }), /DuplicateId/);
  });

  it('rejects an Action.Execute without an Action.Submit fallback, or one that drops the verb', () => {
    const noFallback = good();
    delete (noFallback.actions[0] as { fallback?: unknown }).fallback;
    assert.throws(() => assertValidCard(noFallback), /needs an Action.Submit fallback/);
    const noVerb = good();
    noVerb.actions[0]!.fallback.data = { a: 1 } as typeof noVerb.actions[0]['fallback']['data'];
    assert.throws(() => assertValidCard(noVerb), /must carry verb "go"/);
  });

  it('rejects an unbound template expression left in the card', () => {
    assert.throws(() => assertValidCard({ ...good(), body: [{ type: 'TextBlock', text: 'Total ${total}' }] }), /unbound/);
  });

  it('rejects more than 60 refresh users', () => {
    const card = renderCard(REQUEST_CARD, openRequest({
      refresh: { requestId: 'PR-2026-0001', userIds: Array.from({ length: 61 }, (_, i) => `user-${i}`) },
    }));
    assert.throws(() => assertValidCard(card), /at most 60/);
  });

  it('rejects a card over the 28 KB budget and reports both sizes', () => {
    const big = { ...good(), body: Array.from({ length: 300 }, (_, i) => ({ type: 'TextBlock', text: `Line ${i} `.padEnd(100, '·') })) };
    const size = cardSize(big);
    assert.ok(size.utf8Bytes > 28 * 1024);
    assert.equal(size.utf16Bytes, JSON.stringify(big).length * 2);
    assert.throws(() => assertValidCard(big), /over the 28672-byte budget/);
  });

  it('cardText collects TextBlocks, facts, table cells and rich text runs; findActions finds nested actions', () => {
    const card = {
      type: 'AdaptiveCard', version: '1.5',
      body: [
        { type: 'FactSet', facts: [{ title: 'Total', value: '£1,234.50' }] },
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'run text' }] },
        { type: 'Table', columns: [{ width: 1 }], rows: [{ type: 'TableRow', cells: [{ type: 'TableCell', items: [{ type: 'TextBlock', text: 'cell text' }] }] }] },
        { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Inner' }] },
      ],
    };
    assertValidCard(card);
    const text = cardText(card);
    for (const t of ['Total: £1,234.50', 'run text', 'cell text']) assert.ok(text.includes(t), t);
    assert.deepEqual(findActions(card).map((a) => a.title), ['Inner']);
  });
});
