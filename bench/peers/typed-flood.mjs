// The bar castsim is held to: the reference flood written as tightly as plain JS allows
// (typed arrays only, a binary heap on (time, sequence), no objects per event).
//   node bench/peers/typed-flood.mjs EDGES.txt
import { readGraph } from './read-edges.mjs';

const g = readGraph(process.argv[2]);
const { offsets, targets, delay } = g;
let cap = 1 << 16, size = 0, seq = 0;
let ht = new Float64Array(cap), hs = new Float64Array(cap), hn = new Int32Array(cap), hf = new Int32Array(cap);
function push(t, node, from) {
  if (size === cap) {
    cap *= 2;
    const f = (a, C) => { const b = new C(cap); b.set(a); return b; };
    ht = f(ht, Float64Array); hs = f(hs, Float64Array); hn = f(hn, Int32Array); hf = f(hf, Int32Array);
  }
  const s = seq++;
  let i = size++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (ht[p] < t || (ht[p] === t && hs[p] < s)) break;
    ht[i] = ht[p]; hs[i] = hs[p]; hn[i] = hn[p]; hf[i] = hf[p]; i = p;
  }
  ht[i] = t; hs[i] = s; hn[i] = node; hf[i] = from;
}
let popT = 0, popN = 0, popF = 0;
function pop() {
  popT = ht[0]; popN = hn[0]; popF = hf[0];
  const n = --size;
  const t = ht[n], s = hs[n], nd = hn[n], fr = hf[n];
  let i = 0;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && (ht[c + 1] < ht[c] || (ht[c + 1] === ht[c] && hs[c + 1] < hs[c]))) c++;
    if (t < ht[c] || (t === ht[c] && s < hs[c])) break;
    ht[i] = ht[c]; hs[i] = hs[c]; hn[i] = hn[c]; hf[i] = hf[c]; i = c;
  }
  ht[i] = t; hs[i] = s; hn[i] = nd; hf[i] = fr;
}
const seen = new Uint8Array(g.nodes);
function forward(node, from, now) {
  for (let k = offsets[node]; k < offsets[node + 1]; k++) if (targets[k] !== from) push(now + delay[k], targets[k], node);
}
let arrivals = 0, end = 0;
seen[0] = 1;
forward(0, -1, 0);
while (size > 0) {
  pop();
  arrivals++; end = popT;
  if (seen[popN]) continue;
  seen[popN] = 1;
  forward(popN, popF, popT);
}
let reached = 0;
for (let v = 0; v < g.nodes; v++) reached += seen[v];
console.log(JSON.stringify({ tool: 'typed-array JS', nodes: g.nodes, links: g.links, arrivals, reached, endMs: Number(end.toFixed(3)) }));
