import assert from 'node:assert/strict';
import { renderCard } from '../../src/cards/renderCard.js';
import type { IDonutChart, IGaugeChart, ILineChart } from '@microsoft/teams.cards';
import { assertValidCard, cardProblems, cardSize, cardText, findActions, findCharts, withChartFallbacks } from './cardQuality.js';
import { digestView, openRequest } from './fixtures.js';
import { DIGEST_CARD } from '../../src/views/digestView.js';
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

  describe('Teams chart elements (shapes as Microsoft documents them: "Charts in Adaptive Cards")', () => {
    const fallback = { type: 'TextBlock' as const, text: 'Saved £1,200 of £10,000', wrap: true };
    const line = (): ILineChart => ({
      type: 'Chart.Line', title: 'Saved', xAxisTitle: 'Date', yAxisTitle: 'Pounds', colorSet: 'categorical',
      data: [
        { legend: 'Saved', color: 'good', values: [{ x: '2026-04-01', y: 0 }, { x: '2026-05-01', y: 1200.5 }] },
        { legend: 'Target', values: [{ x: '2026-04-01', y: 0 }, { x: '2027-04-01', y: 10000 }] },
      ],
      fallback,
    });
    const donut = (): IDonutChart => ({ type: 'Chart.Donut', title: 'By type', value: '£9k/wk', data: [{ legend: 'Residential', value: 6000 }, { legend: 'IFA', value: 3000, color: 'categoricalBlue' }], fallback });
    const gauge = (): IGaugeChart => ({
      type: 'Chart.Gauge', title: 'Progress', min: 0, max: 100, value: 12, valueFormat: 'Percentage', subLabel: 'of £10,000',
      segments: [{ legend: 'Saved', size: 12, color: 'good' }, { legend: 'To go', size: 88, color: 'neutral' }], fallback,
    });
    const withBody = (...body: object[]) => ({ ...good(), body });

    it('passes charts of the documented shape, each with a fallback; the schema and renderer see the fallbacks', () => {
      const card = withBody(line(), donut(), gauge());
      assertValidCard(card);
      assert.deepEqual(findCharts(withChartFallbacks(card)), [], 'a client without charts sees none');
      assert.deepEqual(withChartFallbacks(card).body, [fallback, fallback, fallback]);
    });

    it('rejects a chart without a fallback, or with "drop", which a client without charts would show as nothing', () => {
      const { fallback: _f, ...bare } = gauge();
      assert.throws(() => assertValidCard(withBody(bare)), /chart \/body\/0\/fallback: a chart needs a fallback/);
      assert.throws(() => assertValidCard(withBody({ ...donut(), fallback: 'drop' })), /needs a fallback/);
    });

    it('rejects what the documentation does not allow: unknown properties, strings for numbers, unknown colours and formats', () => {
      const cases: [object, RegExp][] = [
        [{ ...donut(), values: [1, 2] }, /\/values: not a documented property/],
        [{ ...donut(), data: [{ legend: 'IFA', value: '3000' }] }, /\/data\/0\/value: must be a finite number/],
        [{ ...gauge(), segments: [{ legend: 'Saved', value: 12 }] }, /segments\/0\/value: not a documented property/],
        [{ ...gauge(), value: 120 }, /value: 120 is outside min to max/],
        [{ ...gauge(), valueFormat: 'Percent' }, /valueFormat: must be one of Percentage, Fraction/],
        [{ ...line(), data: [{ legend: 'Saved', values: [{ x: '2026-04-01', y: '12' }] }] }, /values\/0\/y: must be a finite number/],
        [{ ...line(), data: [{ legend: 'Saved', color: 'amber', values: [] }] }, /color: must be one of/],
        [{ ...line(), colorSet: 'rainbow' }, /colorSet: must be one of/],
        [{ type: 'Chart.Radar', data: [], fallback }, /Chart\.Radar is not a chart the gate knows/],
      ];
      for (const [chart, problem] of cases) assert.throws(() => assertValidCard(withBody(chart)), problem, JSON.stringify(chart));
    });

    it('rejects a Chart.Line whose x values are not all YYYY-MM-DD dates: Teams would draw categories, not a time series', () => {
      const months = { ...line(), data: [{ legend: 'Saved', values: [{ x: 'Apr', y: 1 }, { x: '2026-05-01', y: 2 }] }] };
      assert.throws(() => assertValidCard(withBody(months)), /x values must all be YYYY-MM-DD dates/);
      assert.throws(() => assertValidCard(withBody({ ...line(), data: [{ legend: 'Saved', values: [{ x: '2026-13-01', y: 1 }] }] })), /YYYY-MM-DD/);
    });

    it('checks each fallback against the schema and renderer, as a client without charts draws it', () => {
      assert.throws(() => assertValidCard(withBody({ ...gauge(), fallback: { type: 'TextBlock', text: 'x', size: 'Huge' } })), /schema/);
      assert.throws(() => assertValidCard(withBody({ ...gauge(), fallback: { type: 'PlacementWidget' } })), /schema|UnknownElementType/);
    });

    it('the digest card carries its three charts and passes the gate; its chart parts have the Teams card types', () => {
      const view = digestView(10);
      const card = renderCard(DIGEST_CARD, view);
      assertValidCard(card);
      assert.deepEqual(findCharts(card).map((c) => c.type), ['Chart.Gauge', 'Chart.Line', 'Chart.Donut']);
      // Compiles only while the view's parts fit the Teams card interfaces.
      const typed: [ILineChart, IDonutChart, IGaugeChart] = [
        { type: 'Chart.Line', ...view.year.line.chart },
        { type: 'Chart.Donut', ...view.spend.donut!.chart },
        { type: 'Chart.Gauge', ...view.year.gauge!.chart },
      ];
      const rendered = findCharts(card).map(({ fallback: _f, ...chart }) => chart);
      assert.deepEqual(rendered, [typed[2], typed[0], typed[1]].map((c) => JSON.parse(JSON.stringify(c)) as object));
    });
  });
});
