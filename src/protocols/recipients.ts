/**
 * Expected recipients (docs/results.md, "expected") as the built-in one-to-all and group
 * types define them: the intended recipients at send time, excluding the source.
 */
import type { NodeId, Request, WorldView } from '../api/process.js';

/** Every other node that is up: broadcast and gossip. */
export function liveOthers(req: Request, view: WorldView): NodeId[] {
  const all: NodeId[] = [];
  for (let v = 0; v < view.nodes; v++) if (v !== req.source && view.network.isAlive(v)) all.push(v);
  return all;
}

/** The request's group members other than the source that are up: multicast and reliable. */
export function liveMembers(req: Request, view: WorldView): NodeId[] {
  return (req.members ?? []).filter((m) => m !== req.source && view.network.isAlive(m));
}
