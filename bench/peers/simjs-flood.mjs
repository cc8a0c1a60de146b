// The reference flood on SIM.JS (npm `simjs`): one entity holds the graph and every
// arrival is a SIM.JS timer whose callback is the receiving node's handler.
//   node bench/peers/simjs-flood.mjs EDGES.txt
import { readGraph } from './read-edges.mjs';

// simjs 2.0.3's published file is a browserify bundle whose module.exports is empty under
// Node; it registers its classes as `window.Sim` only, so give it a `window` to fill.
globalThis.window = {};
await import('simjs');
const { Sim, Entity } = globalThis.window.Sim;
const g = readGraph(process.argv[2]);
const { offsets, targets, delay } = g;
const seen = new Uint8Array(g.nodes);
let arrivals = 0, end = 0;

class Flood extends Entity {
  start() { seen[0] = 1; this.forward(0, -1); }
  forward(node, from) {
    for (let k = offsets[node]; k < offsets[node + 1]; k++) {
      if (targets[k] !== from) this.setTimer(delay[k]).done(this.arrive, this, [targets[k], node]);
    }
  }
  arrive(node, from) {
    arrivals++; end = this.time();
    if (seen[node]) return;
    seen[node] = 1;
    this.forward(node, from);
  }
}

const sim = new Sim();
sim.addEntity(Flood);
sim.simulate(Infinity);
let reached = 0;
for (let v = 0; v < g.nodes; v++) reached += seen[v];
console.log(JSON.stringify({ tool: 'SIM.JS', nodes: g.nodes, links: g.links, arrivals, reached, endMs: Number(end.toFixed(3)) }));
