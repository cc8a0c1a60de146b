import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { RunPicture } from '../../src/observe/run-picture.js';
import { TimeBins } from '../../src/observe/time-bins.js';
import { coverageFigure, coveragePoints, hopsFigure, latencyFigure, trafficFigure } from '../../src/report/pictures/run-charts.js';
import { figure, htmlPage, toCsv } from '../../src/report/pictures/html-page.js';

/** Parse chart markup into a DOM to read it as a browser would. */
function dom(markup: string) {
  return parseHTML(`<!DOCTYPE html><html><body>${markup}</body></html>`).document;
}
const texts = (doc: ReturnType<typeof dom>, label: string) => [...doc.querySelectorAll(`[aria-label="${label}"] text`)].map((t) => t.textContent);

const picture = (over: Partial<RunPicture> = {}): RunPicture => ({
  deliveries: [{ start: 0, end: 10, count: 1 }, { start: 10, end: 20, count: 1 }],
  latency: [{ start: 0, end: 10, count: 3 }, { start: 10, end: 20, count: 1 }],
  hops: [{ hops: 1, count: 2 }, { hops: 3, count: 5 }],
  traffic: [{ start: 0, end: 10, data: 4, ack: 1, control: 0, duplicate: 2, drop: 1 }],
  nodes: null,
  ...over,
});

describe('TimeBins', () => {
  it('counts values in equal bins and doubles the width when a value falls past the end', () => {
    const b = new TimeBins(1, 4, 1);
    for (const x of [0, 0.5, 1, 3.9]) b.add(x);
    expect(b.rows().map((r) => r.counts[0])).toEqual([2, 1, 0, 1]);
    b.add(7); // past 4 bins of 1: merge pairs, width 2 → [3, 1, 0, 1] then 7 lands in bin 3
    expect(b.width).toBe(2);
    expect(b.rows()).toEqual([
      { start: 0, end: 2, counts: [3] }, { start: 2, end: 4, counts: [1] }, { start: 4, end: 6, counts: [0] }, { start: 6, end: 8, counts: [1] },
    ]);
  });

  it('gives the same bins whatever order the values come in', () => {
    const xs = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000 / 3);
    const a = new TimeBins(1, 16, 0.25), b = new TimeBins(1, 16, 0.25);
    for (const x of xs) a.add(x);
    for (const x of [...xs].sort((p, q) => q - p)) b.add(x);
    expect(a.rows()).toEqual(b.rows());
    expect(a.rows().reduce((s, r) => s + r.counts[0]!, 0)).toBe(500);
  });
});

describe('run charts on known data', () => {
  it('coverage: cumulative fraction per bin end, drawn as a path through the scaled points', () => {
    expect(coveragePoints(picture(), 2)).toEqual([{ t: 0, fraction: 0 }, { t: 10, fraction: 0.5 }, { t: 20, fraction: 1 }]);
    const f = coverageFigure(picture(), 2);
    const doc = dom(f.chart);
    // Width 960, margins left 56 / right 20 (Plot's default): x 0..20 ms → 56..940 px.
    // Height 320, margins top 20 / bottom 40: y 0..1 → 280..20 px.
    const line = doc.querySelector('[aria-label="line"] path')!;
    expect(line.getAttribute('d')).toBe('M56,280L498,150L940,20');
    expect(doc.querySelector('[aria-label="x-axis label"]')!.textContent).toContain('time (ms)');
    expect(doc.querySelector('[aria-label="y-axis label"]')!.textContent).toContain('delivered (fraction of expected)');
    expect(texts(doc, 'y-axis tick label')).toEqual(['0.0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '0.9', '1.0']);
    expect(f.data.rows).toEqual([[0, 0], [10, 0.5], [20, 1]]);
  });

  it('latency histogram: one rect per bin, heights proportional to counts', () => {
    const doc = dom(latencyFigure(picture()).chart);
    const rects = [...doc.querySelectorAll('[aria-label="rect"] rect')];
    expect(rects).toHaveLength(2);
    const h = rects.map((r) => Number(r.getAttribute('height')));
    expect(h[0]! / h[1]!).toBeCloseTo(3, 5);
    expect(doc.querySelector('[aria-label="x-axis label"]')!.textContent).toContain('latency (ms)');
  });

  it('hops histogram: a bar centred on each hop count, integer ticks only', () => {
    const doc = dom(hopsFigure(picture()).chart);
    const rects = [...doc.querySelectorAll('[aria-label="rect"] rect')];
    expect(rects).toHaveLength(2);
    const h = rects.map((r) => Number(r.getAttribute('height')));
    expect(h[1]! / h[0]!).toBeCloseTo(2.5, 5);
    expect(texts(doc, 'x-axis tick label').filter((t) => t !== '').every((t) => /^\d+$/.test(t!))).toBe(true);
  });

  it('traffic: one line per kind with a legend naming all five', () => {
    const f = trafficFigure(picture());
    const doc = dom(f.chart);
    expect([...doc.querySelectorAll('[aria-label="line"] path')]).toHaveLength(5);
    const legend = [...doc.querySelectorAll('span')].map((s) => s.textContent);
    expect(legend).toEqual(['data', 'ack', 'control', 'duplicate', 'drop']);
    expect(f.data.rows).toEqual([[0, 10, 4, 1, 0, 2, 1]]);
  });

  it('empty runs say so instead of drawing an empty histogram', () => {
    const f = latencyFigure(picture({ latency: [{ start: 0, end: 0.25, count: 0 }], hops: [] }));
    expect(f.chart).toContain('No delivery');
    expect(hopsFigure(picture({ hops: [] })).chart).toContain('No delivery');
  });
});

describe('the page shell', () => {
  it('puts the data beside the chart: a table and a CSV data: URL that decodes to the same rows', () => {
    const html = figure({ id: 'x', title: 'T', caption: 'c <b>', chart: '<svg></svg>', data: { columns: ['a', 'b'], rows: [[1, 'p,q'], [2.5, null]] } });
    const doc = dom(html);
    const href = doc.querySelector('a[download]')!.getAttribute('href')!;
    expect(href.startsWith('data:text/csv;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(href.slice('data:text/csv;charset=utf-8,'.length))).toBe('a,b\n1,"p,q"\n2.5,\n');
    expect(toCsv({ columns: ['a'], rows: [[1]] })).toBe('a\n1\n');
    expect([...doc.querySelectorAll('td')].map((t) => t.textContent)).toEqual(['1', 'p,q', '2.5', '—']);
    expect(html).toContain('c &lt;b&gt;');
  });

  it('forbids every fetch with a CSP and themes by prefers-color-scheme', () => {
    const page = htmlPage({ title: 't', subtitle: 's', body: [] });
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(page).toContain('@media (prefers-color-scheme: dark)');
  });
});
