/**
 * Choosing a node's gossip partners for one round: `fanout` distinct live nodes,
 * uniformly at random among its candidates (its topology neighbours, or every
 * other node). Draws are rejection-sampled, which is uniform over the distinct
 * live candidates and cheap when candidates are many; when rejections pile up
 * (few live candidates left) the rest is drawn from an explicit list instead.
 * Each step picks uniformly among the live candidates not yet chosen, so the
 * switch does not bias the result.
 */

/** The i-th candidate: `list[i]`, or with no list the i-th node other than `self`. */
function candidate(list: ArrayLike<number> | null, self: number, i: number): number {
  return list ? list[i]! : i < self ? i : i + 1;
}

/**
 * Write up to `fanout` distinct live partners of `self` into `out` (in draw order) and
 * return how many: fewer only when fewer live candidates exist. Candidates are `list`
 * (its neighbours), or every other of `nodes` nodes when `list` is null.
 */
export function choosePartners(list: ArrayLike<number> | null, nodes: number, self: number, fanout: number,
  network: { isAlive(v: number): boolean }, rng: { random(): number }, out: Int32Array): number {
  const m = list ? list.length : nodes - 1;
  let count = 0;
  if (m <= fanout) {
    for (let i = 0; i < m; i++) { const v = candidate(list, self, i); if (network.isAlive(v)) out[count++] = v; }
    return count;
  }
  let budget = 4 * fanout + 16;
  while (count < fanout && budget-- > 0) {
    const v = candidate(list, self, Math.floor(rng.random() * m));
    if (!network.isAlive(v) || taken(out, count, v)) continue;
    out[count++] = v;
  }
  if (count === fanout) return count;
  const rest: number[] = [];
  for (let i = 0; i < m; i++) { const v = candidate(list, self, i); if (network.isAlive(v) && !taken(out, count, v)) rest.push(v); }
  for (let j = 0; count < fanout && j < rest.length; j++) {
    const pick = j + Math.floor(rng.random() * (rest.length - j));
    const v = rest[pick]!;
    rest[pick] = rest[j]!;
    out[count++] = v;
  }
  return count;
}

function taken(out: Int32Array, count: number, v: number): boolean {
  for (let i = 0; i < count; i++) if (out[i] === v) return true;
  return false;
}
