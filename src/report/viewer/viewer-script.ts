/**
 * The viewer page's script, inlined into the page (no file is fetched). Plain
 * browser JavaScript: it opens the WebSocket the page came from, ingests event
 * batches as they stream in, and redraws the topology, the messages in flight
 * and the coverage curve at the time the scrubber or the player sets.
 */
export const VIEWER_SCRIPT = String.raw`
'use strict';
var SVGNS = 'http://www.w3.org/2000/svg';
var RAMP = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
var KIND_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#F0E442', '#999999'];
var DROP = '#D55E00';
var S = {
  meta: null, kinds: [], ev: [], tx: [], pending: new Map(), maxDur: 0, end: null, T: 0, tEnd: 0,
  playing: false, speed: 1, expected: 0, firstMsg: -1, source: -1, delivered: new Set(), delivTimes: [],
  deliveredAt: null, crashes: [], nodeEvents: [], selected: -1, last: 0
};
function $(id) { return document.getElementById(id); }
function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
function el(name, attrs, parent) {
  var e = document.createElementNS(SVGNS, name);
  for (var k in attrs) e.setAttribute(k, attrs[k]);
  if (parent) parent.appendChild(e);
  return e;
}
function ramp(f) {
  f = Math.max(0, Math.min(1, f)); var x = f * (RAMP.length - 1); var i = Math.min(RAMP.length - 2, Math.floor(x)); var u = x - i;
  function c(h, k) { return parseInt(h.substr(1 + 2 * k, 2), 16); }
  var r = [0, 1, 2].map(function (k) { return Math.round(c(RAMP[i], k) * (1 - u) + c(RAMP[i + 1], k) * u); });
  return 'rgb(' + r.join(',') + ')';
}
var PX = [], PY = [], circles = [], flight = [];
function setup(meta) {
  S.meta = meta;
  var n = meta.nodes;
  S.deliveredAt = new Float64Array(n).fill(NaN);
  S.crashes = Array.from({ length: n }, function () { return []; });
  S.nodeEvents = Array.from({ length: n }, function () { return []; });
  $('title').textContent = meta.title;
  $('layout').textContent = meta.layoutNote;
  var svg = $('topology');
  var W = 800, H = 600, pad = 24;
  var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (var i = 0; i < n; i++) { x0 = Math.min(x0, meta.x[i]); x1 = Math.max(x1, meta.x[i]); y0 = Math.min(y0, meta.y[i]); y1 = Math.max(y1, meta.y[i]); }
  var sx = (W - 2 * pad) / Math.max(1, x1 - x0), sy = (H - 2 * pad) / Math.max(1, y1 - y0), s = Math.min(sx, sy);
  for (i = 0; i < n; i++) { PX[i] = pad + (meta.x[i] - x0) * s; PY[i] = pad + (meta.y[i] - y0) * s; }
  var gl = el('g', { 'class': 'links' }, svg);
  meta.links.forEach(function (l) { el('line', { x1: PX[l[0]], y1: PY[l[0]], x2: PX[l[1]], y2: PY[l[1]] }, gl); });
  var gf = el('g', { id: 'flight' }, svg);
  var r = n <= 50 ? 8 : n <= 300 ? 5 : n <= 1000 ? 3.5 : 2.5;
  var gn = el('g', { 'class': 'nodes' }, svg);
  for (i = 0; i < n; i++) {
    var c = el('circle', { cx: PX[i], cy: PY[i], r: r, 'data-node': i, fill: '#999999' }, gn);
    var t = el('title', {}, c); t.textContent = 'node ' + i;
    c.addEventListener('click', (function (v) { return function () { select(v); }; })(i));
    circles.push(c);
  }
  S.flightGroup = gf;
}
function key(a, b, kind, msg) { return a + '>' + b + '|' + kind + '|' + msg; }
function ingest(events) {
  for (var j = 0; j < events.length; j++) {
    var e = events[j], idx = S.ev.length;
    S.ev.push(e);
    var t = e[0], code = e[1], node = e[2], peer = e[3], msg = e[4], kind = e[5];
    if (t > S.tEnd) S.tEnd = t;
    if (node >= 0 && node < S.nodeEvents.length) S.nodeEvents[node].push(idx);
    if (code === 'q') { S.expected += e[6]; if (S.firstMsg < 0) { S.firstMsg = msg; S.source = node; S.firstAt = t; } }
    else if (code === 's') {
      var k = key(node, peer, kind, msg), q = S.pending.get(k);
      if (!q) { q = []; S.pending.set(k, q); }
      var tx = { from: node, to: peer, t0: t, t1: Infinity, kind: kind, drop: false };
      q.push(tx); S.tx.push(tx);
    } else if (code === 'r' || code === 'x') {
      var k2 = code === 'r' ? key(peer, node, kind, msg) : key(node, peer, kind, msg);
      var q2 = S.pending.get(k2);
      if (q2 && q2.length) {
        var tx2 = q2.shift(); tx2.t1 = t === tx2.t0 ? t + 1e-9 : t; tx2.drop = code === 'x';
        S.maxDur = Math.max(S.maxDur, tx2.t1 - tx2.t0);
      }
    } else if (code === 'd') {
      var id = msg + ':' + node;
      if (!S.delivered.has(id)) { S.delivered.add(id); S.delivTimes.push(t); }
      if (msg === S.firstMsg && isNaN(S.deliveredAt[node])) S.deliveredAt[node] = t;
    } else if (code === 'c' || code === 'u') S.crashes[node].push([t, code === 'c']);
  }
  drawCoverage();
  $('scrub').max = String(S.tEnd);
  status();
}
function status() {
  var s = S.ev.length + ' events';
  if (S.end) s += ' · run finished at t=' + Number(S.end.time.toFixed(1)) + ' ms' + (S.end.truncated ? ' · the viewer kept only the first ' + S.end.kept + ' events' : '');
  else s += ' · streaming…';
  $('status').textContent = s;
}
var CW = 360, CH = 220, CM = 36;
function drawCoverage() {
  var svg = $('coverage');
  var path = $('coverage-path');
  var n = S.delivTimes.length, tEnd = Math.max(S.tEnd, 1e-9);
  var pts = ['M' + CM + ',' + (CH - CM)];
  var step = Math.max(1, Math.floor(n / 400)), prevY = String(CH - CM);
  for (var i = 0; i < n; i += step) {
    var k = Math.min(n, i + step);
    var x = (CM + (S.delivTimes[k - 1] / tEnd) * (CW - CM - 8)).toFixed(1);
    pts.push('L' + x + ',' + prevY + 'L' + x + ',' + (prevY = (CH - CM - (k / Math.max(1, S.expected)) * (CH - 2 * CM)).toFixed(1)));
  }
  path.setAttribute('d', pts.join(''));
  $('coverage-end').textContent = tEnd.toFixed(0) + ' ms';
}
function downAt(v, T) {
  var list = S.crashes[v], d = false;
  for (var i = 0; i < list.length && list[i][0] <= T; i++) d = list[i][1];
  return d;
}
function render() {
  var T = S.T, n = circles.length, tEnd = Math.max(S.tEnd, 1e-9), span = 0;
  for (var v = 0; v < n; v++) { var a = S.deliveredAt[v] - (S.firstAt || 0); if (a > span) span = a; }
  var delivered = 0;
  for (v = 0; v < n; v++) {
    var at = S.deliveredAt[v], c = circles[v];
    var fill = !isNaN(at) && at <= T ? ramp(span > 0 ? (at - (S.firstAt || 0)) / span : 1) : '#999999';
    if (!isNaN(at) && at <= T) delivered++;
    c.setAttribute('fill', fill);
    c.setAttribute('class', (downAt(v, T) ? 'down' : '') + (v === S.selected ? ' selected' : '') + (v === S.source ? ' source' : ''));
  }
  // Messages in flight: sends at or before T that have not arrived by T.
  var lo = 0, hi = S.tx.length;
  while (lo < hi) { var mid = (lo + hi) >> 1; if (S.tx[mid].t0 <= T) lo = mid + 1; else hi = mid; }
  var shown = 0, g = S.flightGroup, limit = 1500;
  for (var i = lo - 1; i >= 0 && shown < limit; i--) {
    var tx = S.tx[i];
    if (tx.t0 < T - S.maxDur - 1e-9) break;
    if (tx.t1 <= T || tx.t1 === Infinity) continue;
    var f = (T - tx.t0) / (tx.t1 - tx.t0);
    var dot = flight[shown];
    if (!dot) { dot = el('circle', { r: 3 }, g); flight.push(dot); }
    dot.setAttribute('cx', (PX[tx.from] + (PX[tx.to] - PX[tx.from]) * f).toFixed(1));
    dot.setAttribute('cy', (PY[tx.from] + (PY[tx.to] - PY[tx.from]) * f).toFixed(1));
    dot.setAttribute('fill', tx.drop ? DROP : KIND_COLOURS[Math.max(0, tx.kind) % KIND_COLOURS.length]);
    dot.style.display = '';
    shown++;
  }
  for (var j = shown; j < flight.length; j++) flight[j].style.display = 'none';
  $('time').textContent = 't = ' + T.toFixed(1) + ' ms';
  $('in-flight').textContent = String(shown);
  $('delivered').textContent = delivered + ' of ' + (n - 1);
  $('scrub').value = String(T);
  var x = CM + (T / tEnd) * (CW - CM - 8);
  $('coverage-clip-rect').setAttribute('width', Math.max(0, x).toFixed(1));
  $('coverage-now').setAttribute('x1', x.toFixed(1)); $('coverage-now').setAttribute('x2', x.toFixed(1));
  if (S.selected >= 0) showEvents(S.selected);
}
var NAMES = { q: 'request', s: 'send', r: 'receive', x: 'drop', d: 'deliver', c: 'crash', u: 'recover' };
function showEvents(v) {
  var list = S.nodeEvents[v] || [];
  var rows = ['<tr><th>t (ms)</th><th>event</th><th>peer</th><th>kind</th><th>msg</th></tr>'];
  var shown = 0;
  for (var i = 0; i < list.length && shown < 300; i++) {
    var e = S.ev[list[i]];
    rows.push('<tr class="' + (e[0] <= S.T ? 'past' : 'future') + '"><td>' + e[0].toFixed(2) + '</td><td>' + NAMES[e[1]] + '</td><td>' + (e[3] >= 0 ? e[3] : '') + '</td><td>' + (e[5] >= 0 ? esc(S.kinds[e[5]]) : '') + '</td><td>' + (e[4] >= 0 ? e[4] : '') + '</td></tr>');
    shown++;
  }
  $('node-title').textContent = 'node ' + v + ': ' + list.length + ' events' + (list.length > 300 ? ' (first 300 shown)' : '') + '; greyed rows are after the current time';
  $('node-events').innerHTML = '<table>' + rows.join('') + '</table>';
}
function select(v) { S.selected = v; render(); }
function frame(now) {
  if (!S.playing) return;
  var dt = S.last ? now - S.last : 0; S.last = now;
  var rate = Math.max(S.tEnd, 1) / 20000; // 1x plays the whole run in 20 s
  S.T = Math.min(S.tEnd, S.T + dt * rate * S.speed);
  render();
  if (S.T >= S.tEnd && S.end) { setPlaying(false); return; }
  requestAnimationFrame(frame);
}
function setPlaying(p) {
  S.playing = p; S.last = 0;
  $('play').textContent = p ? 'Pause' : 'Play';
  $('play').setAttribute('aria-pressed', p ? 'true' : 'false');
  if (p) { if (S.T >= S.tEnd && S.end) S.T = 0; requestAnimationFrame(frame); }
}
$('play').addEventListener('click', function () { setPlaying(!S.playing); });
$('speed').addEventListener('change', function () { S.speed = Number($('speed').value); });
$('scrub').addEventListener('input', function () { S.T = Number($('scrub').value); render(); });
var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/events');
ws.onmessage = function (m) {
  var msg = JSON.parse(m.data);
  if (msg.type === 'meta') setup(msg);
  else if (msg.type === 'events') { S.kinds = msg.kinds; ingest(msg.events); render(); }
  else if (msg.type === 'end') { S.end = msg; status(); document.body.setAttribute('data-finished', 'true'); render(); }
  else if (msg.type === 'error') { $('status').textContent = 'run failed: ' + msg.message; }
};
ws.onclose = function () { if (!S.end) $('status').textContent += ' · connection closed'; };
`;
