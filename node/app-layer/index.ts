/**
 * Application-protocol selection: between reassembly and the protocol parsers, each connection's
 * first bytes choose who reads it (TLS, HTTP/2 with prior knowledge, ...), on any port the capture
 * filter selects; HTTP/1.x reads everything no other protocol claims. See docs/design.md
 * ("Choosing a connection's protocol").
 *
 * Protocols are plugged in by the assembly (node/pipeline.ts), so no parser folder imports another
 * one: a protocol that carries another one inside (TLS carries HTTP/1.x or HTTP/2 as ALPN says)
 * gets the `PlaintextFactory` to hand its inner bytes to.
 */
import type { CloseReason, ConnectionInfo, Direction, StreamHandler, StreamHandlerFactory } from '../reassembly/types';
import { ownValue } from '../own-keys';

/** A probe's answer on the bytes seen so far. */
export const enum Probe {
  /** Not this protocol. */
  No = 0,
  /** This protocol. */
  Yes = 1,
  /** Cannot tell yet: ask again with more bytes (bounded by `AppProtocol.probeBytes`). */
  NeedMore = 2,
}

export interface AppProtocol {
  /** Short name, for counters and docs (`tls`, `http2`). */
  readonly name: string;
  /** Bytes the probe needs at most to decide; with this many and still NeedMore, it counts as No. */
  readonly probeBytes: number;
  /**
   * Looks at the first bytes of one direction of a connection (`data` holds all of them so far,
   * at most `probeBytes` long; `dir` 0 is the guessed client). Must not keep `data`.
   */
  probe(dir: Direction, data: Buffer, conn: ConnectionInfo): Probe;
  /** The handler for a connection this protocol claimed. */
  create(conn: ConnectionInfo): StreamHandler;
  /** Capture-time housekeeping (timeouts), called as often as the HTTP response sweep. */
  expire?(nowTs: number): void;
}

/**
 * Makes the handler for a plaintext stream that was carried inside another protocol: `alpn` is
 * the negotiated application protocol (`h2`, `http/1.1`) or null when unknown, in which case the
 * first bytes decide as for a connection seen on the wire.
 */
export type PlaintextFactory = (conn: ConnectionInfo, alpn: string | null) => StreamHandler;

/** Connections by the protocol that read them. */
export interface AppLayerCounters {
  /** Connections per protocol name; `http1` is the fallback. */
  connections: Record<string, number>;
}

export type AppLayerFactory = StreamHandlerFactory & {
  readonly counters: AppLayerCounters;
  /** Hands every protocol's expire() the capture time. */
  expire(nowTs: number): void;
  /** For protocols that carry plaintext of another protocol (TLS). */
  readonly plaintext: PlaintextFactory;
  /**
   * Whether `plaintext(conn, alpn)` has a reader for this ALPN name: HTTP/1.x, a registered
   * protocol, or no name (probed). An outer protocol counts the others instead of handing them
   * to HTTP/1.x, which would only report errors.
   */
  readsAlpn(alpn: string | null): boolean;
};

/**
 * `fallback` reads connections no protocol claims (HTTP/1.x). `byAlpn` names protocols that an
 * outer protocol may select by ALPN without probing (`h2` → the HTTP/2 protocol).
 * With no protocols, the fallback factory's handlers are returned unwrapped: no cost per byte.
 */
export function createAppLayer(
  fallback: StreamHandlerFactory,
  protocols: readonly AppProtocol[],
  byAlpn: Readonly<Record<string, AppProtocol>> = {},
): AppLayerFactory {
  const counters: AppLayerCounters = { connections: { http1: 0 } };
  for (const p of protocols) counters.connections[p.name] = 0;
  const maxProbe = protocols.reduce((m, p) => Math.max(m, p.probeBytes), 0);
  const choose = (conn: ConnectionInfo): StreamHandler => {
    if (protocols.length === 0) {
      counters.connections.http1++;
      return fallback(conn);
    }
    return new ProtocolChooser(conn, protocols, fallback, counters, maxProbe);
  };
  const plaintext: PlaintextFactory = (conn, alpn) => {
    const p = alpn === null ? undefined : ownValue(byAlpn, alpn);
    if (p !== undefined) {
      counters.connections[p.name] = (counters.connections[p.name] ?? 0) + 1;
      return p.create(conn);
    }
    return choose(conn);
  };
  const factory = (conn: ConnectionInfo): StreamHandler => choose(conn);
  return Object.defineProperties(factory, {
    counters: { value: counters },
    expire: {
      value: (nowTs: number): void => {
        for (const p of protocols) p.expire?.(nowTs);
      },
    },
    plaintext: { value: plaintext },
    readsAlpn: {
      value: (alpn: string | null): boolean => alpn === null || alpn.startsWith('http/1') || Object.hasOwn(byAlpn, alpn),
    },
  }) as AppLayerFactory;
}

/**
 * Holds a connection's first bytes (both directions, in arrival order) until a protocol claims
 * it, every protocol refuses it, or it ends; then replays them to the chosen handler and gets out
 * of the way (one forwarding call per delivery afterwards).
 */
class ProtocolChooser implements StreamHandler {
  private target: StreamHandler | null = null;
  private held: Array<{ dir: Direction; data: Buffer; ts: number }> = [];
  private heldBytes: [number, number] = [0, 0];
  /** Per protocol: still possible (NeedMore so far). */
  private open: boolean[];

  constructor(
    private readonly conn: ConnectionInfo,
    private readonly protocols: readonly AppProtocol[],
    private readonly fallback: StreamHandlerFactory,
    private readonly counters: AppLayerCounters,
    private readonly maxProbe: number,
  ) {
    this.open = protocols.map(() => true);
  }

  onData(dir: Direction, buf: Buffer, offset: number, length: number, ts: number): void {
    if (this.target !== null) {
      this.target.onData(dir, buf, offset, length, ts);
      return;
    }
    if (length === 0) return;
    this.held.push({ dir, data: Buffer.from(buf.subarray(offset, offset + length)), ts });
    this.heldBytes[dir] += length;
    this.decide(dir);
  }

  onGap(dir: Direction, length: number, ts: number): void {
    if (this.target === null) this.settle(null);
    this.target!.onGap(dir, length, ts);
  }

  onClose(reason: CloseReason, ts: number): void {
    if (this.target === null) {
      if (this.held.length === 0) return;
      this.settle(null);
    }
    this.target!.onClose(reason, ts);
  }

  onAbort(): void {
    this.held = [];
    this.target?.onAbort?.();
  }

  private decide(dir: Direction): void {
    const first = this.firstBytes(dir);
    let undecided = false;
    for (let i = 0; i < this.protocols.length; i++) {
      if (!this.open[i]) continue;
      const p = this.protocols[i];
      const r = p.probe(dir, first.length > p.probeBytes ? first.subarray(0, p.probeBytes) : first, this.conn);
      if (r === Probe.Yes) return this.settle(p);
      if (r === Probe.No || first.length >= p.probeBytes) this.open[i] = false;
      else undecided = true;
    }
    if (!undecided || this.heldBytes[dir] >= this.maxProbe) this.settle(null);
  }

  /** The first bytes of one direction, joined (at most maxProbe of them are ever looked at). */
  private firstBytes(dir: Direction): Buffer {
    const parts: Buffer[] = [];
    let n = 0;
    for (const h of this.held) {
      if (h.dir !== dir) continue;
      parts.push(h.data);
      n += h.data.length;
      if (n >= this.maxProbe) break;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  private settle(p: AppProtocol | null): void {
    const name = p === null ? 'http1' : p.name;
    this.counters.connections[name]++;
    const target = p === null ? this.fallback(this.conn) : p.create(this.conn);
    this.target = target;
    const held = this.held;
    this.held = [];
    for (const h of held) target.onData(h.dir, h.data, 0, h.data.length, h.ts);
  }
}
