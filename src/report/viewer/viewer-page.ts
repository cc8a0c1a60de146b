import { escapeHtml } from '../pictures/html-page.js';
import { VIEWER_SCRIPT } from './viewer-script.js';

const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1a1a1a; --muted: #5a5a5a; --rule: #d0d0d0; --link-line: rgba(0,0,0,.15); }
@media (prefers-color-scheme: dark) { :root { --bg: #15171a; --fg: #e6e6e6; --muted: #a8a8a8; --rule: #3a3d42; --link-line: rgba(255,255,255,.16); } }
html { background: var(--bg); color: var(--fg); }
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; padding: 1rem 1.5rem; }
h1 { font-size: 1.3rem; margin: 0; }
.muted { color: var(--muted); }
.controls { display: flex; gap: .8rem; align-items: center; flex-wrap: wrap; margin: .6rem 0; }
.controls input[type=range] { width: 420px; }
button { font: inherit; padding: .25rem .9rem; }
.panes { display: grid; grid-template-columns: minmax(420px, 800px) 380px; gap: 1rem; align-items: start; }
#topology { width: 100%; height: auto; border: 1px solid var(--rule); }
#topology .links line { stroke: var(--link-line); stroke-width: 1; }
#topology .nodes circle { stroke: var(--bg); stroke-width: 1; cursor: pointer; }
#topology .nodes circle.down { stroke: #D55E00; stroke-width: 3; }
#topology .nodes circle.source { stroke: var(--fg); stroke-width: 2.5; }
#topology .nodes circle.selected { stroke: #CC79A7; stroke-width: 4; }
#coverage { width: 100%; height: auto; border: 1px solid var(--rule); }
#coverage text { fill: var(--fg); font-size: 11px; }
#coverage .axis { stroke: var(--fg); stroke-width: 1; }
#coverage-path { fill: none; stroke: #0072B2; stroke-width: 2; }
#coverage-now { stroke: #D55E00; stroke-width: 1; }
#node-events table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
#node-events td, #node-events th { padding: .1rem .5rem; border-bottom: 1px solid var(--rule); text-align: right; }
#node-events tr.future { opacity: .45; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .8rem; }
dt { color: var(--muted); }
dd { margin: 0; font-variant-numeric: tabular-nums; }
`;

/**
 * The `castsim view` page: the topology drawing with its controls, the coverage
 * curve beside it and a node's events below. Its script and style are inline; the
 * only connection it makes is the WebSocket back to the server it came from.
 */
export function viewerPage(title: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'">
<title>${escapeHtml(title)} · castsim view</title>
<style>${STYLE}</style>
</head>
<body>
<h1 id="title">${escapeHtml(title)}</h1>
<p class="muted"><span id="status">connecting…</span> · <span id="layout"></span></p>
<div class="controls">
<button id="play" type="button" aria-pressed="false">Play</button>
<label>time <input id="scrub" type="range" min="0" max="0" step="any" value="0" aria-label="time (ms)"></label>
<span id="time">t = 0.0 ms</span>
<label>speed <select id="speed" aria-label="playback speed">
<option value="0.25">0.25×</option><option value="0.5">0.5×</option><option value="1" selected>1×</option><option value="2">2×</option><option value="4">4×</option><option value="8">8×</option>
</select></label>
<span class="muted">1× plays the whole run in 20 s</span>
</div>
<div class="panes">
<svg id="topology" viewBox="0 0 800 600" role="img" aria-label="topology: nodes coloured by when they delivered the first message; dots on links are messages in flight"></svg>
<div>
<svg id="coverage" viewBox="0 0 360 220" role="img" aria-label="coverage: fraction of expected deliveries over time">
<defs><clipPath id="coverage-clip"><rect id="coverage-clip-rect" x="0" y="0" width="0" height="220"></rect></clipPath></defs>
<line class="axis" x1="36" y1="184" x2="352" y2="184"></line><line class="axis" x1="36" y1="36" x2="36" y2="184"></line>
<text x="30" y="40" text-anchor="end">1</text><text x="30" y="187" text-anchor="end">0</text>
<text x="36" y="200">0 ms</text><text id="coverage-end" x="352" y="200" text-anchor="end"></text>
<text x="40" y="24">delivered (fraction of expected) over time (ms)</text>
<path id="coverage-path" clip-path="url(#coverage-clip)" d=""></path>
<line id="coverage-now" x1="36" y1="36" x2="36" y2="184"></line>
</svg>
<dl><dt>delivered (first message)</dt><dd id="delivered">0</dd><dt>messages in flight</dt><dd id="in-flight">0</dd></dl>
<p class="muted">Grey: not yet delivered · colour: when delivered (dark early, yellow late) · red ring: down · outlined: the source · dots on links: messages in flight, coloured by kind (red: to be dropped). Click a node to list its events.</p>
</div>
</div>
<h2 id="node-title" class="muted">Click a node to see its events</h2>
<div id="node-events"></div>
<script>${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
