// A Chord-style finger lookup (Stoica et al., SIGCOMM 2001) as a castsim plug-in.
// Every position of an n-node identifier ring is taken, node v at position v, so the
// node that owns key k is node k. Node v's fingers are v + 2^i (mod n) for the first
// `fingers` values of i; a lookup forwards greedily to the farthest finger that does
// not pass the key. With all ⌈log2 n⌉ fingers that takes popcount(distance) ≤ ⌈log2 n⌉
// hops; with one finger (the successor) it walks the ring.
import { z } from 'castsim';

export default {
  type: 'chord',
  description: 'Chord finger-table lookup of the node that owns a key (the request\'s `to`)',
  overlay: true, // fingers are overlay links, not topology neighbours
  options: z.strictObject({
    fingers: z.int().min(1).max(31).optional(), // default: all ⌈log2 n⌉ of them
  }),
  expected: (req) => (req.to === undefined || req.to === req.source ? [] : [req.to]),
  check: (options, { workload }) =>
    workload.some((w) => w.to === undefined) ? [['/workload', 'every chord lookup needs a key: give each item a `to` (the node that owns the key)']] : [],
  createProcess(node, options, view) {
    const n = view.nodes;
    const steps = [];
    for (let step = 1; step < n && steps.length < (options.fingers ?? 31); step *= 2) steps.push(step);
    const route = (ctx, msg) => {
      if (msg.key === node) { ctx.deliver(msg.msgId, msg.hops); return; }
      const distance = (msg.key - node + n) % n;
      const step = steps.findLast((s) => s <= distance); // steps[0] = 1 ≤ distance always
      ctx.send((node + step) % n, { kind: 'lookup', msgId: msg.msgId, key: msg.key, hops: msg.hops + 1 });
    };
    return {
      request: (ctx, req) => route(ctx, { msgId: req.id, key: req.to, hops: 0 }),
      message: (ctx, from, msg) => route(ctx, msg),
    };
  },
};
