/**
 * The shell every HTML report shares: one self-contained file with its styles
 * inline and no script, a Content-Security-Policy that forbids any fetch, light
 * and dark themes from `prefers-color-scheme`, and each chart with its data beside
 * it (a table and a CSV download made from a data: URL).
 */

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One CSV field (RFC 4180). */
function csvField(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface DataTable { columns: string[]; rows: unknown[][] }

export function toCsv(d: DataTable): string {
  return [d.columns, ...d.rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/** A number as a table cell: integers plain, others to 4 significant digits, missing as '—'. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
  return String(v);
}

/** Tables longer than this are offered as CSV only, so a page stays readable. */
const MAX_TABLE_ROWS = 60;

export function dataTable(d: DataTable): string {
  const head = `<tr>${d.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = d.rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(cellText(v))}</td>`).join('')}</tr>`).join('');
  return `<table>${head}${body}</table>`;
}

export interface Figure {
  id: string;
  title: string;
  /** What the chart shows, in a sentence: units, what a point is. */
  caption: string;
  /** Chart markup, or a sentence saying why there is none. */
  chart: string;
  data: DataTable;
}

export function figure(f: Figure): string {
  const csv = `data:text/csv;charset=utf-8,${encodeURIComponent(toCsv(f.data))}`;
  const n = f.data.rows.length;
  const table = n <= MAX_TABLE_ROWS ? dataTable(f.data) : `<p class="note">${n} rows: too many to list here; download the CSV.</p>`;
  return `<section class="figure" id="${escapeHtml(f.id)}"><h2>${escapeHtml(f.title)}</h2><p class="caption">${escapeHtml(f.caption)}</p>`
    + `<div class="chart">${f.chart}</div>`
    + `<details class="data"><summary>Data (${n} row${n === 1 ? '' : 's'}) · <a download="${escapeHtml(f.id)}.csv" href="${csv}">CSV</a></summary>${table}</details></section>`;
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1a1a1a; --muted: #5a5a5a; --rule: #d0d0d0; --panel: #f6f6f6; --link: #0a5fa8; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #15171a; --fg: #e6e6e6; --muted: #a8a8a8; --rule: #3a3d42; --panel: #1f2226; --link: #7cc0ff; }
}
html { background: var(--bg); color: var(--fg); }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1040px; padding: 1.5rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.1rem; margin: 0 0 .25rem; }
a { color: var(--link); }
.sub, .caption, .note { color: var(--muted); }
.caption { margin: 0 0 .5rem; }
.figure { border-top: 1px solid var(--rule); padding: 1rem 0; }
.chart svg { --plot-background: var(--bg); background: var(--bg); color: var(--fg); }
.chart { color: var(--fg); overflow-x: auto; }
details.data { margin-top: .5rem; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--rule); padding: .2rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
th { background: var(--panel); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 0 1.5rem; }
`;

export interface PageOptions { title: string; subtitle: string; body: string[] }

/** The whole page. The CSP lets nothing load: styles are inline, images only from data: URLs. */
export function htmlPage(o: PageOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(o.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(o.title)}</h1><p class="sub">${escapeHtml(o.subtitle)}</p></header>
<main>
${o.body.join('\n')}
</main>
<footer class="note"><p>Made by castsim. The same scenario and seed give this page byte for byte.</p></footer>
</body>
</html>
`;
}
