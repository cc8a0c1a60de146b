import type { Context, NodeId, Process, Request } from '../../api/process.js';
import { GroupChannel, type ChannelTimer } from './channel.js';
import { forward, type Envelope } from './envelope.js';
import type { ReliableOptions } from './options.js';

/**
 * A node running reliable group communication: it routes envelopes that pass
 * through it, and keeps one GroupChannel per group it sends to or belongs to.
 * A member that forwards a data or order copy meant for another member also takes
 * it for itself (it is on the way anyway); it acks only copies addressed to it.
 * A relay forwards each envelope once and drops the copies a link duplicated.
 */
export class ReliableProcess implements Process<Envelope> {
  private readonly channels = new Map<string, GroupChannel>();
  private readonly membership = new Map<string, boolean>();
  /** Envelopes relayed, as `src:id`: a duplicated copy is dropped, not forwarded again. */
  private readonly relayed = new Set<string>();

  constructor(private readonly o: ReliableOptions) {}

  request(ctx: Context<Envelope>, req: Request): void {
    const g = req.group ?? this.o.group;
    if (g !== undefined) this.channel(ctx, g).request(ctx, req);
  }

  message(ctx: Context<Envelope>, _from: NodeId, env: Envelope): void {
    if (env.dst === ctx.id) return this.channel(ctx, env.g).message(ctx, env, true);
    const key = `${env.src}:${env.id}`;
    if (this.relayed.has(key)) return;
    this.relayed.add(key);
    forward(ctx, env);
    if (env.body.t !== 'data' && env.body.t !== 'order') return;
    if (this.channels.has(env.g) || this.isMember(ctx, env.g)) this.channel(ctx, env.g).message(ctx, env, false);
  }

  timer(ctx: Context<Envelope>, data: unknown): void {
    const t = data as ChannelTimer;
    this.channels.get(t.g)?.timer(ctx, t);
  }

  recover(ctx: Context<Envelope>): void {
    for (const ch of this.channels.values()) ch.recover(ctx);
  }

  private isMember(ctx: Context<Envelope>, g: string): boolean {
    let m = this.membership.get(g);
    if (m === undefined) this.membership.set(g, (m = ctx.network.groupMembers(g).includes(ctx.id)));
    return m;
  }

  private channel(ctx: Context<Envelope>, g: string): GroupChannel {
    let ch = this.channels.get(g);
    if (!ch) {
      // Groups are static (the plug-in's check rejects joins and leaves), so the view never changes.
      const view = [...ctx.network.groupMembers(g)].sort((a, b) => a - b);
      this.channels.set(g, (ch = new GroupChannel(g, ctx.id, this.o, view)));
    }
    return ch;
  }
}
