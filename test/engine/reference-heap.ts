/** The reference order for the event-queue tests: a textbook binary heap on (time, id) pairs, independent of EventQueue's layout. */
export class ReferenceHeap {
  private a: Array<[number, number]> = [];
  get length(): number { return this.a.length; }
  private less(i: number, j: number): boolean { const x = this.a[i]!, y = this.a[j]!; return x[0] < y[0] || (x[0] === y[0] && x[1] < y[1]); }
  private swap(i: number, j: number): void { const t = this.a[i]!; this.a[i] = this.a[j]!; this.a[j] = t; }
  push(e: [number, number]): void {
    this.a.push(e);
    for (let i = this.a.length - 1; i > 0 && this.less(i, (i - 1) >> 1); i = (i - 1) >> 1) this.swap(i, (i - 1) >> 1);
  }
  pop(): [number, number] {
    const top = this.a[0]!, last = this.a.pop()!;
    if (this.a.length > 0) {
      this.a[0] = last;
      for (let i = 0; ;) {
        let m = i;
        for (const c of [2 * i + 1, 2 * i + 2]) if (c < this.a.length && this.less(c, m)) m = c;
        if (m === i) break;
        this.swap(i, m); i = m;
      }
    }
    return top;
  }
}

