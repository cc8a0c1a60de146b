/**
 * Gossip: epidemic dissemination to all nodes (Demers et al. 1987; Karp et al. 2000).
 *
 * mode       push | pull | push-pull: who sends the rumor in a contact (see gossip-epidemic.ts).
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
 *            {counter: k, feedback: true}      after k contacts with partners that already knew;
 *            {counter: k, feedback: false}     blind: after k rounds (the same as rounds: k);
 *            {coin: k, feedback: true|false}   after each unnecessary contact (feedback) or each
 *                                              round (blind), with probability 1/k;
 *            none                              anti-entropy: until every live node knows it.
 * maxRounds  a rumor is over after this many rounds whatever the stop rule (a safety bound).
 * Partners are drawn among live nodes (the network's isAlive, a perfect failure detector);
 * a partner on the far side of a partition is still chosen, and the contact is lost.
 * A delivered copy's hops are its infection generation: 1 for the source's partners.
 */
import { GossipMetrics } from './gossip-metrics.js';
import type { Context, Process, ProtocolPlugin, Request, WorldView } from '../api/process.js';
import { Epidemic, type GossipMessage } from './gossip-epidemic.js';
import { gossipOptions, type GossipOptions } from './gossip-options.js';
import { liveOthers } from './recipients.js';

export { gossipOptions, type GossipOptions, type StopRule } from './gossip-options.js';

/** One node: a thin handle on the run's shared epidemic state, so a million processes stay small. */
class GossipProcess implements Process<GossipMessage> {
  constructor(private readonly epidemic: Epidemic) {}
  start(ctx: Context<GossipMessage>): void { this.epidemic.start(ctx); }
  request(ctx: Context<GossipMessage>, req: Request): void { this.epidemic.request(ctx, req); }
  message(ctx: Context<GossipMessage>, from: number, msg: GossipMessage): void { this.epidemic.message(ctx, from, msg); }
  timer(ctx: Context<GossipMessage>): void { this.epidemic.timer(ctx); }
  recover(ctx: Context<GossipMessage>): void { this.epidemic.recover(ctx); }
}

/** One epidemic per run, found through the run's WorldView. */
const epidemics = new WeakMap<WorldView, Epidemic>();

export const gossip: ProtocolPlugin<GossipOptions> = {
  type: 'gossip',
  description: 'epidemic push, pull or push-pull with fanout, rounds and rumor-mongering stop rules',
  options: gossipOptions,
  overlay: true,
  expected: liveOthers,
  createProcess: (_node, options, view) => {
    let epidemic = epidemics.get(view);
    if (!epidemic) {
      epidemic = new Epidemic(options, view.nodes, view.network);
      epidemics.set(view, epidemic);
    }
    return new GossipProcess(epidemic) as Process;
  },
  metrics: (options, view) => [new GossipMetrics(view.nodes, options.interval, options.phase)],
};
