import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/**
 * Observable Plot renders into a DOM; linkedom gives it one in Node, with no
 * browser. Plot is deterministic (no clock, no randomness), and its axes and text
 * use `currentColor`, so one SVG reads in a light and a dark page alike.
 */
const { document } = parseHTML('<!DOCTYPE html><html><body></body></html>');

/** The part of a DOM element we use (the project compiles without the DOM library). */
interface Markup { outerHTML: string; tagName: string; setAttribute(name: string, value: string): void }

export type PlotOptions = Plot.PlotOptions;
export { Plot };

/** Common look: system font, a little larger than Plot's default, room for labels. */
const STYLE = { fontSize: '12px', fontFamily: 'system-ui, sans-serif', overflow: 'visible' };

/** Render a chart (with its legend, if it asks for one) as markup for an HTML page. */
export function plotMarkup(options: PlotOptions): string {
  const el = Plot.plot({ document, style: STYLE, ...options } as PlotOptions) as unknown as Markup;
  return el.outerHTML;
}

/** Render a chart as a standalone SVG file's text (no legend figure, XML namespace added). */
export function plotSvgFile(options: PlotOptions): string {
  const el = Plot.plot({ document, style: STYLE, ...options } as PlotOptions) as unknown as Markup;
  if (el.tagName.toLowerCase() !== 'svg') throw new Error('plotSvgFile: a standalone SVG cannot hold an HTML legend; draw the legend as marks');
  el.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el.outerHTML}\n`;
}
