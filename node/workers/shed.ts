/**
 * The capture thread's tables of connections, until each ends (node/workers/pool.ts):
 * - the connections shed by http_inspector.drop_on_overload (docs/configuration.md): every frame of
 *   a connection in this table is dropped on the capture thread until the connection ends, so a
 *   shed connection never reaches a worker at all (or, cut at the queue bound, never again), and
 *   the connections a worker analyses keep every frame;
 * - live, the connections placed on the worker with the shortest backlog when their SYN was seen
 *   (WorkerPool.laneFor), so that all their frames go to that worker.
 * Keyed by the connection hash of both directions (shard.ts) and compared in full (addresses,
 * ports, VLAN tags, VNIs), so a hash collision never sheds or moves frames of another connection.
 * Read only while it holds something: an empty table costs one size check per frame.
 */
import type { DecodedPacket } from '../decode/packet';
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../decode/packet';
import { MAX_VLAN_DEPTH } from '../capture/linktypes';

/** Why a connection was shed (the `reason` label of the shed counters). */
export type ShedReason = 'backlog' | 'queue_full';
export const SHED_REASONS: readonly ShedReason[] = ['backlog', 'queue_full'];

/** How long an ended connection stays in the table for its last ACKs and retransmissions (µs of capture time). */
const LINGER_US = 2_000_000;

export class TrackedConnection {
  readonly a = new Uint8Array(16);
  readonly b = new Uint8Array(16);
  readonly vlan = new Uint16Array(MAX_VLAN_DEPTH);
  ipVersion: 4 | 6;
  aPort: number;
  bPort: number;
  vlanCount: number;
  vni: number;
  geneveVni: number;
  /** FIN seen from a (1) and from b (2); 3 or an RST: ended. */
  fins = 0;
  ended = false;
  lastTs: number;
  /** The next entry with the same hash key. */
  next: TrackedConnection | null = null;

  constructor(
    p: DecodedPacket,
    readonly key: number,
    /** Why it was shed (the shed table), null for a placed connection. */
    readonly reason: ShedReason | null,
    /** The worker it was placed on (the placement table), -1 for a shed one. */
    readonly lane: number,
  ) {
    this.a.set(p.src);
    this.b.set(p.dst);
    this.vlan.set(p.vlan);
    this.ipVersion = p.ipVersion;
    this.aPort = p.srcPort;
    this.bPort = p.dstPort;
    this.vlanCount = p.vlanCount;
    this.vni = p.vni;
    this.geneveVni = p.geneveVni;
    this.lastTs = p.ts;
  }

  /** 1: `p` goes from a to b; 2: from b to a; 0: another connection. */
  directionOf(p: DecodedPacket): number {
    if (p.ipVersion !== this.ipVersion || p.vlanCount !== this.vlanCount || p.vni !== this.vni || p.geneveVni !== this.geneveVni)
      return 0;
    for (let i = 0; i < p.vlanCount; i++) if (p.vlan[i] !== this.vlan[i]) return 0;
    const len = p.ipVersion === 4 ? 4 : 16;
    if (p.srcPort === this.aPort && p.dstPort === this.bPort && same(p.src, this.a, len) && same(p.dst, this.b, len)) return 1;
    if (p.srcPort === this.bPort && p.dstPort === this.aPort && same(p.src, this.b, len) && same(p.dst, this.a, len)) return 2;
    return 0;
  }
}

function same(x: Uint8Array, y: Uint8Array, len: number): boolean {
  for (let i = 0; i < len; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** A SYN without ACK: a client opening a connection (the point where one can be shed whole). */
export function opensConnection(p: DecodedPacket): boolean {
  return (p.flags & (TCP_SYN | TCP_ACK | TCP_RST)) === TCP_SYN;
}

export class ConnectionTable {
  /** Key: the connection hash folded to 30 bits (a small integer: no boxing, see docs/performance.md "Engine notes"). */
  private readonly byKey = new Map<number, TrackedConnection>();
  size = 0;

  /** The connection of the table `p` belongs to, or null; `hash` is connectionHash(p). */
  find(p: DecodedPacket, hash: number): TrackedConnection | null {
    for (let e = this.byKey.get(hash & 0x3fffffff) ?? null; e !== null; e = e.next) if (e.directionOf(p) !== 0) return e;
    return null;
  }

  add(p: DecodedPacket, hash: number, reason: ShedReason | null, lane = -1): TrackedConnection {
    const key = hash & 0x3fffffff;
    const e = new TrackedConnection(p, key, reason, lane);
    e.next = this.byKey.get(key) ?? null;
    this.byKey.set(key, e);
    this.size++;
    this.observe(e, p);
    return e;
  }

  /** A frame of `e`: its FINs and RST end it. */
  observe(e: TrackedConnection, p: DecodedPacket): void {
    e.lastTs = p.ts;
    if ((p.flags & TCP_RST) !== 0) e.ended = true;
    else if ((p.flags & TCP_FIN) !== 0) {
      e.fins |= e.directionOf(p);
      if (e.fins === 3) e.ended = true;
    }
  }

  remove(e: TrackedConnection): void {
    let prev: TrackedConnection | null = null;
    for (let x = this.byKey.get(e.key) ?? null; x !== null; prev = x, x = x.next) {
      if (x !== e) continue;
      if (prev !== null) prev.next = x.next;
      else if (x.next === null) this.byKey.delete(e.key);
      else this.byKey.set(e.key, x.next);
      this.size--;
      return;
    }
  }

  /**
   * Forgets connections ended more than LINGER_US ago, and those idle for `idleUs` (their end was
   * not seen: the reassembler's idle timeout, after which a worker would have forgotten them too).
   */
  sweep(nowTs: number, idleUs: number): void {
    if (this.size === 0) return;
    for (const head of [...this.byKey.values()]) {
      for (let e: TrackedConnection | null = head; e !== null; e = e.next) {
        const quiet = nowTs - e.lastTs;
        if ((e.ended && quiet >= LINGER_US) || quiet >= idleUs) this.remove(e);
      }
    }
  }
}
