import { createHash } from 'node:crypto';
import type { ProtocolPlugin, WorldView } from '../api/process.js';
import type { MetricsObserver, Observer } from '../api/trace.js';
import type { Topology } from '../network/topology.js';
import { DeliveryMetricsObserver, type DeliveryMetrics } from '../observe/delivery-metrics.js';
import { Fingerprint } from '../observe/fingerprint.js';
import type { TraceBus } from '../observe/trace-bus.js';
import type { Scenario } from '../scenario/types.js';
import type { StopReason } from './world.js';


/** The JSON result contract of one run (docs/results.md), plus a few fields of our own after it. */
export interface RunResult {
  scenario: string;
  seed: number;
  protocol: string;
  nodes: number;
  links: number;
  metrics: DeliveryMetrics & Record<string, unknown>;
  events: number;
  fingerprint: string;
  /** sha256 of the generated graph and its per-link latencies: equal across runs that share a network. */
  topologyFingerprint: string;
  /** Virtual time (ms) at which the run ended. */
  time: number;
  /** Why it ended: no events left, `until` reached, or the event cap hit. */
  stop: StopReason;
}

/**
 * The observers every run has (delivery metrics, the fingerprint, the plug-in's own
 * metrics, the caller's extras) and the result they make. One definition for the
 * simulator and the socket transport, so both report the same contract the same way.
 */
export class RunObservers {
  private readonly delivery: DeliveryMetricsObserver;
  private readonly fingerprint = new Fingerprint();
  private readonly extra: readonly MetricsObserver[];

  constructor(bus: TraceBus, view: WorldView, plugin: ProtocolPlugin<any>, options: unknown, more: readonly Observer[] = []) {
    this.delivery = new DeliveryMetricsObserver(view.nodes);
    bus.subscribe(this.delivery);
    bus.subscribe(this.fingerprint);
    this.extra = plugin.metrics?.(options, view) ?? [];
    for (const o of this.extra) bus.subscribe(o);
    for (const o of more) bus.subscribe(o);
  }

  /** The run's result, once it has ended. */
  result(scenario: Scenario, protocol: string, topology: Topology, end: { events: number; time: number; stop: StopReason }): RunResult {
    const metrics: RunResult['metrics'] = { ...this.delivery.result() };
    for (const o of this.extra) metrics[o.name] = o.result();
    return {
      scenario: scenario.name,
      seed: scenario.seed,
      protocol,
      nodes: topology.nodes,
      links: topology.links,
      metrics,
      events: end.events,
      fingerprint: this.fingerprint.value(),
      topologyFingerprint: topologyFingerprint(topology),
      time: end.time,
      stop: end.stop,
    };
  }
}

export function topologyFingerprint(t: Topology): string {
  const h = createHash('sha256');
  h.update(`${t.nodes} ${t.links}\n`);
  h.update(new Uint8Array(t.linkU.buffer, t.linkU.byteOffset, t.linkU.byteLength));
  h.update(new Uint8Array(t.linkV.buffer, t.linkV.byteOffset, t.linkV.byteLength));
  if (t.linkLatency) h.update(new Uint8Array(t.linkLatency.buffer, t.linkLatency.byteOffset, t.linkLatency.byteLength));
  return h.digest('hex');
}
