import { z } from 'zod';
import { timeOption } from '../time-option.js';

/** The `protocol:` block of a reliable scenario (minus `type`), with its defaults. */
export const reliableOptions = z.strictObject({
  /** The group to send to (or give a group on each workload item). */
  group: z.string().min(1).optional(),
  order: z.enum(['none', 'fifo', 'causal', 'total']).default('none'),
  ack: z.enum(['ack', 'nak']).default('ack'),
  /** Deliver only once a majority of the group is known to hold the message. */
  uniform: z.boolean().default(false),
  /** Eager reliable broadcast: every member relays its first copy to the group. */
  relay: z.boolean().default(false),
  routing: z.enum(['hops', 'latency']).default('hops'),
  /** First retransmission (or nak, or digest) delay in ms. */
  timeout: timeOption('positive').default(200),
  /** Each further wait is `backoff` times the previous one… */
  backoff: z.number().min(1).default(2),
  /** …but never longer than this (ms). */
  maxTimeout: timeOption('positive').default(1000),
  /** Retransmissions of one message (and naks per gap, digests per quiet origin) before giving up. */
  maxRetries: z.number().int().min(0).default(60),
  /** Failure detection delay (ms): a member is suspected once it has been down this long. */
  detect: timeOption('positive').default(1000),
});

export type ReliableOptions = z.infer<typeof reliableOptions>;
export type OrderLevel = ReliableOptions['order'];
