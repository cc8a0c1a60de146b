// Edge-list reading shared by the two JS peers (SIM.JS and the typed-array flood): one pass
// over the file's bytes into a CSR adjacency with per-half-edge latency in ms.
import { readFileSync } from 'node:fs';

export function readGraph(path) {
  const buf = readFileSync(path);
  let us = new Int32Array(1 << 16), vs = new Int32Array(1 << 16), lat = new Float64Array(1 << 16);
  let m = 0, maxId = -1;
  const len = buf.length;
  let i = 0;
  while (i < len) {
    if (buf[i] === 35) { while (i < len && buf[i] !== 10) i++; i++; continue; } // '#' comment line
    if (buf[i] === 10) { i++; continue; }
    let u = 0, v = 0;
    while (buf[i] >= 48) u = u * 10 + buf[i++] - 48;
    while (buf[i] === 32 || buf[i] === 9) i++;
    while (buf[i] >= 48) v = v * 10 + buf[i++] - 48;
    while (buf[i] === 32 || buf[i] === 9) i++;
    let whole = 0, frac = 0, scale = 1;
    while (buf[i] >= 48) whole = whole * 10 + buf[i++] - 48;
    if (buf[i] === 46) { i++; while (buf[i] >= 48) { frac = frac * 10 + buf[i++] - 48; scale *= 10; } }
    while (i < len && buf[i] !== 10) i++;
    i++;
    if (m === us.length) {
      const g = (a, C) => { const b = new C(a.length * 2); b.set(a); return b; };
      us = g(us, Int32Array); vs = g(vs, Int32Array); lat = g(lat, Float64Array);
    }
    us[m] = u; vs[m] = v; lat[m] = whole + frac / scale; m++;
    if (u > maxId) maxId = u;
    if (v > maxId) maxId = v;
  }
  const n = maxId + 1;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) { offsets[us[e] + 1]++; offsets[vs[e] + 1]++; }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const targets = new Int32Array(2 * m), delay = new Float64Array(2 * m), fill = offsets.slice(0, n);
  for (let e = 0; e < m; e++) {
    const u = us[e], v = vs[e];
    targets[fill[u]] = v; delay[fill[u]++] = lat[e];
    targets[fill[v]] = u; delay[fill[v]++] = lat[e];
  }
  return { nodes: n, links: m, offsets, targets, delay };
}
