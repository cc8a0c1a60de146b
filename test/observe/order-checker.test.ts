import { describe, expect, it } from 'vitest';
import { checkTrace, type CheckEvent, type CheckOptions, type OrderLevel, type Property } from '../../src/observe/order-checker.js';

// Hand-built traces: each event as a trace line would carry it.
const req = (t: number, node: number, msg: number, expected: number[], group = 'g'): CheckEvent => ({ type: 'request', t, node, msg, expected, group });
const del = (t: number, node: number, msg: number): CheckEvent => ({ type: 'deliver', t, node, msg });
const crash = (t: number, node: number): CheckEvent => ({ type: 'crash', t, node });

const LEVELS: OrderLevel[] = ['none', 'fifo', 'causal', 'total'];

function found(events: CheckEvent[], opts: CheckOptions): Array<[Property, number[]]> {
  return checkTrace(events, opts).violations.map((v) => [v.property, v.nodes]);
}

/**
 * Nodes 0, 1, 2; node 0 sends a then b, node 1 (after delivering a) sends c. Every
 * node delivers a, b, c in that order, senders their own messages included.
 */
const correct: CheckEvent[] = [
  req(0, 0, 0, [1, 2]), del(0, 0, 0),
  req(1, 0, 1, [1, 2]), del(1, 0, 1),
  del(5, 1, 0), del(6, 2, 0), del(7, 1, 1), del(8, 2, 1),
  req(9, 1, 2, [0, 2]), del(9, 1, 2), del(12, 0, 2), del(13, 2, 2),
];

describe('order checker: a correct trace', () => {
  for (const order of LEVELS) {
    for (const uniform of [false, true]) {
      it(`reports nothing at order ${order}${uniform ? ', uniform' : ''}`, () => {
        const r = checkTrace(correct, { order, uniform });
        expect(r.violations).toEqual([]);
        expect(r.messages).toBe(3);
        expect(r.deliveries).toBe(9);
      });
    }
  }

  it('lists the properties each level checks', () => {
    expect(checkTrace([], { order: 'none' }).properties).toEqual(['validity', 'no-duplication', 'no-creation', 'agreement']);
    expect(checkTrace([], { order: 'causal', uniform: true }).properties).toEqual(['validity', 'no-duplication', 'no-creation', 'agreement', 'uniform-agreement', 'fifo', 'causal']);
    expect(checkTrace([], { order: 'total' }).properties).toContain('total');
  });

  it('does not require a sender to deliver its own message', () => {
    const noSelf = correct.filter((e) => !(e.type === 'deliver' && ((e.node === 0 && e.msg! < 2) || (e.node === 1 && e.msg === 2))));
    for (const order of LEVELS) expect(found(noSelf, { order })).toEqual([]);
  });
});

describe('order checker: each property', () => {
  it('validity: a correct source whose message a correct recipient never delivers', () => {
    const events = [req(0, 0, 0, [1, 2, 3]), del(3, 1, 0), del(4, 3, 0)];
    expect(found(events, { order: 'none' })).toEqual([['validity', [2]]]);
  });

  it('validity does not blame a recipient that crashed', () => {
    const events = [req(0, 0, 0, [1, 2]), del(3, 1, 0), crash(10, 2)];
    expect(found(events, { order: 'none' })).toEqual([]);
  });

  it('no-duplication', () => {
    const events = [req(0, 0, 0, [1]), del(3, 1, 0), del(7, 1, 0)];
    const r = checkTrace(events, { order: 'none' });
    expect(r.violations.map((v) => [v.property, v.nodes])).toEqual([['no-duplication', [1]]]);
    expect(r.violations[0]!.message).toContain('t=3 and t=7');
  });

  it('no-creation: a message nobody sent, one delivered before it was sent, one whose source was down', () => {
    const events: CheckEvent[] = [
      del(1, 1, 9),
      del(2, 2, 0), req(3, 0, 0, [2]),
      { type: 'request', t: 4, node: 5, msg: 1, expected: [], label: 'source-down', group: 'g' }, del(6, 2, 1),
    ];
    // Message 0's early delivery does not count, so its recipient also never delivered it.
    expect(found(events, { order: 'none' })).toEqual([['no-creation', [1]], ['no-creation', [2]], ['no-creation', [2]], ['validity', [2]]]);
  });

  it('agreement: a crashed source, one correct node delivers, another never does', () => {
    const events = [req(0, 0, 0, [1, 2, 3]), crash(1, 0), del(5, 1, 0), del(6, 3, 0)];
    expect(found(events, { order: 'none' })).toEqual([['agreement', [1, 2]]]);
  });

  it('agreement holds when no correct node delivers; uniform agreement does not if a crashed one did', () => {
    const events = [req(0, 0, 0, [1, 2, 3]), crash(1, 0), del(5, 1, 0), crash(6, 1)];
    expect(found(events, { order: 'none' })).toEqual([]);
    expect(found(events, { order: 'none', uniform: true })).toEqual([['uniform-agreement', [1, 2, 3]]]);
    // Nobody delivered at all: both hold.
    expect(found([req(0, 0, 0, [1, 2]), crash(1, 0)], { order: 'none', uniform: true })).toEqual([]);
  });

  it('fifo: a source\'s second message delivered before its first', () => {
    const events = [req(0, 0, 0, [1]), req(1, 0, 1, [1]), del(5, 1, 1), del(6, 1, 0)];
    expect(found(events, { order: 'fifo' })).toEqual([['fifo', [1, 0]]]);
    expect(found(events, { order: 'causal' })).toEqual([['fifo', [1, 0]]]);
    expect(found(events, { order: 'none' })).toEqual([]);
    expect(found(events, { order: 'total' })).toEqual([]);
  });

  it('fifo: a later message delivered while an earlier one never is', () => {
    const events = [req(0, 0, 0, [1]), req(1, 0, 1, [1]), crash(2, 0), del(5, 1, 1)];
    expect(found(events, { order: 'fifo' })).toEqual([['fifo', [1, 0]]]);
  });

  it('fifo is per group', () => {
    const events = [req(0, 0, 0, [1], 'g'), req(1, 0, 1, [1], 'h'), del(5, 1, 1), del(6, 1, 0)];
    expect(found(events, { order: 'fifo' })).toEqual([]);
  });

  it('causal: an answer delivered before what it answers (FIFO holds)', () => {
    // 0 sends a; 1 delivers a and sends b; 2 delivers b, then a.
    const events = [req(0, 0, 0, [1, 2]), del(2, 1, 0), req(3, 1, 1, [0, 2]), del(5, 2, 1), del(9, 2, 0), del(6, 0, 1)];
    expect(found(events, { order: 'fifo' })).toEqual([]);
    expect(found(events, { order: 'causal' })).toEqual([['causal', [2, 1, 0]]]);
  });

  it('causal: through a chain of senders', () => {
    // 0 sends a; 1 delivers a, sends b; 3 delivers b, sends c; 2 delivers c before a.
    const events = [
      req(0, 0, 0, [1, 2, 3]), del(1, 1, 0), req(2, 1, 1, [0, 2, 3]), del(3, 3, 1), req(4, 3, 2, [0, 1, 2]),
      del(5, 2, 2), del(6, 2, 1), del(7, 2, 0),
      del(1, 3, 0), del(3, 0, 1), del(6, 0, 2), del(6, 1, 2),
    ].sort((x, y) => x.t - y.t);
    const v = checkTrace(events, { order: 'causal' }).violations;
    // Node 2 delivered c before b (sent by 1) and before a (sent by 0): the first gap is reported.
    expect(v.map((x) => x.property)).toEqual(['causal', 'causal']);
    expect(v.every((x) => x.nodes[0] === 2)).toBe(true);
  });

  it('causal: a sender knows its own messages without delivering them', () => {
    // 0 sends a (no self-delivery); 1 delivers a, sends b; 0 delivers b.
    const events = [req(0, 0, 0, [1]), del(2, 1, 0), req(3, 1, 1, [0]), del(5, 0, 1)];
    expect(found(events, { order: 'causal' })).toEqual([]);
  });

  it('total: two correct nodes deliver two messages in opposite orders', () => {
    const events = [req(0, 0, 0, [1, 2, 3]), req(0, 3, 1, [0, 1, 2]), del(2, 1, 0), del(3, 1, 1), del(2, 2, 1), del(3, 2, 0), del(4, 0, 1), del(5, 3, 0)];
    expect(found(events, { order: 'total' })).toEqual([['total', [1, 2]]]);
    expect(found(events, { order: 'causal' })).toEqual([]);
  });

  it('total: a crashed node counts only for uniform total order', () => {
    const events = [req(0, 0, 0, [1, 2]), req(0, 3, 1, [1, 2]), del(2, 1, 0), del(3, 1, 1), del(2, 2, 1), del(3, 2, 0), crash(9, 2)];
    expect(found(events, { order: 'total' })).toEqual([]);
    expect(found(events, { order: 'total', uniform: true }).map(([p]) => p)).toEqual(['total']);
  });

  it('total order is per group', () => {
    const events = [req(0, 0, 0, [1, 2], 'g'), req(0, 3, 1, [1, 2], 'h'), del(2, 1, 0), del(3, 1, 1), del(2, 2, 1), del(3, 2, 0)];
    expect(found(events, { order: 'total' })).toEqual([]);
  });

  it('names the nodes and messages in its messages', () => {
    const events = [req(0, 0, 0, [1]), req(1, 0, 1, [1]), del(5, 1, 1), del(6, 1, 0)];
    expect(checkTrace(events, { order: 'fifo' }).violations[0]!.message)
      .toBe('node 1 delivered message 1 (#2 from node 0) before message 0 (#1 from node 0)');
  });
});

describe('order checker: blind spots found by QA (issue 12)', () => {
  it('fifo: a sender delivering its own messages out of order is a violation', () => {
    const events = [req(0, 0, 0, [1]), req(1, 0, 1, [1]), del(2, 0, 1), del(3, 0, 0), del(5, 1, 0), del(6, 1, 1)];
    expect(found(events, { order: 'fifo' })).toEqual([['fifo', [0]]]);
    expect(checkTrace(events, { order: 'fifo' }).violations[0]!.message).toBe('node 0 delivered its own message 0 (#1) after its own later message 1 (#2)');
    expect(found(events, { order: 'causal' })).toEqual([['fifo', [0]]]);
    // Order none does not look at order.
    expect(found(events, { order: 'none' })).toEqual([]);
  });

  it('fifo: a sender may still skip its own messages, or deliver only some, in order', () => {
    const skips = [req(0, 0, 0, [1]), req(1, 0, 1, [1]), req(2, 0, 2, [1]), del(3, 0, 0), del(4, 0, 2), del(5, 1, 0), del(6, 1, 1), del(7, 1, 2)];
    expect(found(skips, { order: 'fifo' })).toEqual([]);
  });

  it('no-creation: a delivery written after its request but with an earlier time', () => {
    const events = [req(10, 0, 0, [1]), del(4, 1, 0)];
    expect(found(events, { order: 'none' })).toEqual([['no-creation', [1]], ['validity', [1]]]);
    expect(checkTrace(events, { order: 'none' }).violations[0]!.message).toBe('node 1 delivered message 0 at t=4, before it was sent (t=10)');
    // At the very instant it was sent is fine (a source delivering to itself).
    expect(found([req(10, 0, 0, [1]), del(10, 0, 0), del(12, 1, 0)], { order: 'fifo' })).toEqual([]);
  });
});
