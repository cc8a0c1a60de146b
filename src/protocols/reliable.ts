/**
 * Reliable group communication: every live member of a group gets every message,
 * despite lossy, reordering links, in the order asked for.
 *
 * Members need not be neighbours: all traffic travels in envelopes routed hop by
 * hop along static shortest paths (reliable/envelope.ts). Each hop is a
 * transmission and may be lost, so a message from s reaches member q over d(s,q)
 * links with probability (1 − loss)^d(s,q); recovery is end to end.
 *
 * ack: ack   each member acks every copy addressed to it; the sender resends to the
 *            members that have not acked after `timeout`, backing off (× backoff, at
 *            most maxTimeout) up to maxRetries times.
 * ack: nak   per-origin sequence numbers; a member asks the origin for the numbers it
 *            sees missing; digests of the origin's next number reveal lost tails.
 * order      none | fifo (per-origin sequence numbers) | causal (vector clocks) |
 *            total (a sequencer, the lowest live member, with a takeover on its crash).
 * uniform    deliver only once a majority of the group is known to hold the message
 *            (needs ack: ack). relay: members relay their first copy to the group.
 *
 * A message's recipients are the group's live members at send time except the
 * sender; a sender that is a member also delivers its own message (immediately,
 * or when its order allows). Senders should be members: an outsider can send, but
 * never delivers and takes no part in a sequencer takeover. Groups are static here
 * (no joins or leaves): the sequencer succession and the majority need one view.
 *
 * With no loss, ack: ack and order none/fifo/causal send exactly Σ_q d(s,q) data
 * transmissions and as many acks per message (q over the recipients); total order
 * sends d(s,S) for the submission plus Σ_{q≠S} d(S,q) order copies and as many acks,
 * S being the sequencer.
 */
import type { ProtocolPlugin } from '../api/process.js';
import { checkGroupOption } from './group-option.js';
import { liveMembers } from './recipients.js';
import { ReliableMetrics } from './reliable/metrics.js';
import { reliableOptions, type ReliableOptions } from './reliable/options.js';
import { ReliableProcess } from './reliable/process.js';

export { reliableOptions, type ReliableOptions } from './reliable/options.js';

export const reliable: ProtocolPlugin<ReliableOptions> = {
  type: 'reliable',
  description: 'reliable group communication: acks or naks, FIFO / causal / total order, uniform agreement',
  options: reliableOptions,
  check(o, ctx) {
    const problems = checkGroupOption(o.group, ctx, 'reliable');
    const named = new Set([...(o.group !== undefined ? [o.group] : []), ...ctx.workload.flatMap((w) => (w.group !== undefined ? [w.group] : []))]);
    for (const g of named) {
      const spec = (Object.hasOwn(ctx.groups, g) ? ctx.groups[g] : undefined) as { joins?: unknown[]; leaves?: unknown[] } | undefined;
      if ((spec?.joins?.length ?? 0) + (spec?.leaves?.length ?? 0) > 0) {
        problems.push(['group', `group '${g}' has joins or leaves — reliable needs a static group (the sequencer succession and the majority are taken from one fixed view)`]);
      }
    }
    if (o.uniform && o.ack === 'nak') {
      problems.push(['uniform', "needs ack: ack — a member may deliver only once a majority is known to hold the message, and only positive acks tell"]);
    }
    if (o.maxTimeout < o.timeout) problems.push(['maxTimeout', `must be ≥ timeout (${o.timeout}), got ${o.maxTimeout}`]);
    return problems;
  },
  group: (o) => o.group,
  expected: liveMembers,
  createProcess: (_node, options) => new ReliableProcess(options),
  metrics: (options) => [new ReliableMetrics(options)],
};
