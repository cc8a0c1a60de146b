/**
 * Gossip: epidemic dissemination to all nodes (Demers et al. 1987; Karp et al. 2000).
 *
 * mode       push | pull | push-pull: who sends the rumor in a contact (see gossip-node.ts).
 * fanout     distinct partners a node contacts per round.
 * interval   round length in ms. Rounds are synchronous: every node's rounds start at
 *            multiples of `interval`, and a node informed during a round starts gossiping
 *            in the next one. `phase: random` offsets each node's rounds by its own uniform
 *            draw in [0, interval).
 * peers      neighbors: partners drawn uniformly among live topology neighbours;
 *            all: among all other live nodes, reached over overlay links (the plug-in's
 *            `overlay` flag) that share the scenario's link model.
 * stop       when an informed node stops gossiping a rumor:
 *            {rounds: N}                       after its first N rounds;
 *            {counter: k, feedback: true}      after k contacts with partners that said they
 *                                              already knew (a 'feedback' message, a reply's
 *                                              `knew`, or a pull's digest);
 *            {counter: k, feedback: false}     blind: after k rounds (the same as rounds: k);
 *            {coin: k, feedback: true|false}   after each unnecessary contact (feedback) or each
 *                                              round (blind), with probability 1/k;
 *            none                              anti-entropy: for maxRounds rounds.
 * maxRounds  a rumor is over after this many rounds from its birth, whatever the stop rule;
 *            every copy carries the birth, so each node knows. In pull modes every node
 *            calls in every round from the start of the run until maxRounds rounds after
 *            the newest rumor it has heard of; with a stop rule other than none, a node
 *            that gossips nothing stops calling after ⌈log2 n⌉ + 2 rounds without news, and
 *            a digest naming a rumor it lacks wakes it again.
 * Each node knows only its own state and what messages tell it. Anti-entropy goes on for
 * maxRounds rounds, so under stop: none the plug-in asks the World to end the run once
 * every expected live recipient has every message (`endWhenDelivered`): the
 * experimenter's stop, like `until`, which no node ever learns of.
 * Partners are drawn among live nodes (the network's isAlive, a perfect failure detector);
 * a partner on the far side of a partition is still chosen, and the contact is lost.
 * A delivered copy's hops are its infection generation: 1 for the source's partners.
 */
import type { Process, ProtocolPlugin, WorldView } from '../api/process.js';
import { GossipMetrics } from './gossip-metrics.js';
import { GossipNode } from './gossip-node.js';
import { GossipRun, type GossipConfig } from './gossip-state.js';
import { gossipOptions, stopPlan, type GossipOptions } from './gossip-options.js';
import { liveOthers } from './recipients.js';

export { gossipOptions, type GossipOptions, type StopRule } from './gossip-options.js';

function config(o: GossipOptions, nodes: number): GossipConfig {
  const plan = stopPlan(o.stop);
  return Object.freeze({
    o, plan, nodes,
    push: o.mode !== 'pull',
    pull: o.mode !== 'push',
    feedback: plan.contactLimit > 0 || plan.contactCoin > 0,
    lifetime: o.maxRounds * o.interval,
    // log2 n rounds: about how long the rumor takes to reach most nodes by pull alone.
    quietLimit: o.stop === 'none' ? Infinity : Math.ceil(Math.log2(Math.max(2, nodes))) + 2,
  });
}

/** Configurations already built, per options object: frozen settings every node reads, never state. */
const configs = new WeakMap<GossipOptions, Map<number, GossipConfig>>();
function configFor(o: GossipOptions, nodes: number): GossipConfig {
  let byNodes = configs.get(o);
  if (!byNodes) configs.set(o, (byNodes = new Map()));
  let c = byNodes.get(nodes);
  if (!c) byNodes.set(nodes, (c = config(o, nodes)));
  return c;
}

/**
 * Each run's node state (gossip-state.ts), found by the run's WorldView (one object per
 * run) while its processes are created. A node created a second time on the same view
 * (a caller reusing a view for another run) starts a fresh run: no state carries over.
 */
const runs = new WeakMap<WorldView, GossipRun>();
function processFor(node: number, options: GossipOptions, view: WorldView): Process {
  const c = configFor(options, view.nodes);
  let run = runs.get(view);
  if (run === undefined || run.c !== c || !run.claim(node)) {
    runs.set(view, (run = new GossipRun(c)));
    run.claim(node);
  }
  return new GossipNode(run, node) as Process;
}

export const gossip: ProtocolPlugin<GossipOptions> = {
  type: 'gossip',
  description: 'epidemic push, pull or push-pull with fanout, rounds and rumor-mongering stop rules',
  options: gossipOptions,
  overlay: true,
  expected: liveOthers,
  endWhenDelivered: (o) => o.stop === 'none',
  createProcess: processFor,
  metrics: (options, view) => [new GossipMetrics(view.nodes, options.interval, options.phase)],
};
