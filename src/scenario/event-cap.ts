/**
 * The default event cap (`maxEvents` when a scenario does not set one). It guards
 * against a protocol that never goes quiet, so it must not stop a large run that
 * ends by itself: a loss-free flood of a 10M-node, degree-8 graph alone is 80M
 * arrivals. The cap therefore grows with the network: 50 events per node and per
 * link end, and never less than 50,000,000 (so a network whose nodes and link ends
 * add up to less than a million keeps the fixed cap it always had).
 */
import { statSync } from 'node:fs';
import { estimateLinks } from '../network/link-count.js';
import { topologyNodeCount } from '../network/topology-rules.js';
import type { TopologySpec } from '../network/topology-spec.js';

/** The cap of a small network. */
export const EVENT_CAP_FLOOR = 50_000_000;
/** Events allowed per node and per link end (twice per link). */
export const EVENTS_PER_ELEMENT = 50;

/** max(EVENT_CAP_FLOOR, EVENTS_PER_ELEMENT × (nodes + 2 × links)). */
export function eventCap(nodes: number, links: number): number {
  const scaled = EVENTS_PER_ELEMENT * (nodes + 2 * links);
  return Number.isFinite(scaled) && scaled > EVENT_CAP_FLOOR ? Math.ceil(scaled) : EVENT_CAP_FLOOR;
}

/**
 * The default cap for a topology, from its parameters (nothing is built). An edge list
 * is not read: each of its lines takes at least 4 bytes ("0 1\n"), so it has at most
 * size/4 links and 2 × size/4 nodes, and the cap is taken at that bound.
 */
export function defaultEventCap(spec: TopologySpec): number {
  if (spec.kind === 'edgelist') {
    let size = 0;
    try { if (spec.file !== undefined) size = statSync(spec.file).size; } catch { /* reported by the loader's checks */ }
    const links = size / 4;
    return eventCap(2 * links, links);
  }
  const nodes = topologyNodeCount(spec);
  if (nodes === null || !Number.isFinite(nodes) || nodes < 0) return EVENT_CAP_FLOOR; // a bad size: the loader reports it
  return eventCap(nodes, estimateLinks(spec, nodes));
}
