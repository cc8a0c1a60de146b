/**
 * Resume tokens. A client that said `hello` gets a session: its id, its groups and,
 * per reliable group, the highest offset it has acknowledged in order. When its
 * connection drops the session waits `ttlMs` for a `hello` with the token; past
 * that it is forgotten (and the token answers "unknown or expired").
 */
import { randomBytes } from 'node:crypto';

export interface Session {
  readonly token: string;
  id: number;
  groups: Set<string>;
  /** group → highest offset acknowledged with every earlier one. */
  acked: Map<string, number>;
  /** Set while no connection holds the session. */
  expiry: NodeJS.Timeout | null;
}

export class Sessions {
  private readonly byToken = new Map<string, Session>();
  private readonly byId = new Map<number, Session>();

  constructor(private readonly ttlMs: number, private readonly expired: (s: Session) => void) {}

  open(id: number): Session {
    const s: Session = { token: randomBytes(16).toString('hex'), id, groups: new Set(), acked: new Map(), expiry: null };
    this.byToken.set(s.token, s);
    this.byId.set(id, s);
    return s;
  }

  ofClient(id: number): Session | undefined { return this.byId.get(id); }

  /** A waiting session for this token, now held again; undefined if unknown, expired or held. */
  resume(token: string): Session | undefined {
    const s = this.byToken.get(token);
    if (!s || s.expiry === null) return undefined;
    clearTimeout(s.expiry);
    s.expiry = null;
    return s;
  }

  /** The client's connection closed: keep its session for a while. */
  detach(s: Session): void {
    s.expiry = setTimeout(() => {
      this.byToken.delete(s.token);
      this.byId.delete(s.id);
      this.expired(s);
    }, this.ttlMs);
    s.expiry.unref();
  }

  /** Detached sessions that are members of `group` (they recover what they miss). */
  *detachedIn(group: string): Iterable<Session> {
    for (const s of this.byId.values()) if (s.expiry !== null && s.groups.has(group)) yield s;
  }

  stop(): void {
    for (const s of this.byId.values()) if (s.expiry) clearTimeout(s.expiry);
  }
}
