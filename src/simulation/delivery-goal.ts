/**
 * For plug-ins whose processes never go quiet by themselves (`endWhenDelivered`):
 * whether every request issued so far has reached every expected recipient that is
 * up. The World ends the run then, once nothing more is scheduled. Recipients that
 * are down do not hold the run open (as the metrics do not count them), but they do
 * again when they recover.
 */
export class DeliveryGoal {
  /** Per request still incomplete: which expected recipients have not delivered it. */
  private readonly waiting = new Map<number, { pending: Uint8Array; left: number }>();
  /** Per node: requests it has yet to deliver. */
  private readonly pendingAt: Int32Array;
  /** Σ pendingAt over the nodes that are up. */
  private waitingUp = 0;

  constructor(nodes: number, private readonly isUp: (v: number) => boolean) {
    this.pendingAt = new Int32Array(nodes);
  }

  get met(): boolean { return this.waitingUp === 0; }

  request(msgId: number, expected: readonly number[]): void {
    if (expected.length === 0) return;
    const pending = new Uint8Array(this.pendingAt.length);
    let left = 0;
    for (const v of expected) {
      if (pending[v]) continue;
      pending[v] = 1; left++;
      this.pendingAt[v]!++;
      if (this.isUp(v)) this.waitingUp++;
    }
    this.waiting.set(msgId, { pending, left });
  }

  delivered(node: number, msgId: number): void {
    const w = this.waiting.get(msgId);
    if (!w || !w.pending[node]) return;
    w.pending[node] = 0;
    this.pendingAt[node]!--;
    this.waitingUp--; // a node delivers only while up
    if (--w.left === 0) this.waiting.delete(msgId);
  }

  crashed(node: number): void { this.waitingUp -= this.pendingAt[node]!; }
  recovered(node: number): void { this.waitingUp += this.pendingAt[node]!; }
}
