import type { Limits } from '../config/types';
import { formatIp } from '../address';
import { type DecodedPacket, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../decode/packet';
import { newReassemblyCounters, type ReassemblyCounters } from './counters';
import { directionOf, Flow, type HalfStream, hashPacket } from './flow';
import { FlowList } from './flow-list';
import type { CloseReason, ConnectionInfo, StreamHandler, StreamHandlerFactory } from './types';

export type ReassemblyLimits = Pick<Limits, 'maxFlows' | 'streamBufferBytes' | 'totalBufferBytes' | 'idleTimeoutSec'> &
  Partial<Pick<Limits, 'reorderWaitSec'>>;

/**
 * Bytes charged per buffered out-of-order piece on top of its payload, so that a flood of 1-byte
 * segments cannot hold far more memory (node objects) than the caps say.
 */
export const SEGMENT_OVERHEAD_BYTES = 64;

/** An ACK further than this beyond the last byte seen is implausible: it proves no loss and orders nothing. */
const MAX_ACK_GAP = 1 << 30;

// Module-local copies: an imported binding is a getter call per use when run unbundled (tsx, tests).
const ACK = TCP_ACK;
const FIN = TCP_FIN;
const RST = TCP_RST;
const SYN = TCP_SYN;

/** limits.reorder_wait's default (docs/configuration.md), for limits built without the config. */
const DEFAULT_REORDER_WAIT_SEC = 1;

/** How often, in capture time, process() looks for idle flows. */
const EXPIRE_INTERVAL_US = 1_000_000;

/** The VLAN list of every untagged connection (ConnectionInfo is only read): shared, so frozen. */
const UNTAGGED: number[] = Object.freeze([]) as unknown as number[];

/** Tombstones keep no application state: this handler replaces the real one after onClose. */
const DETACHED: StreamHandler = {
  onData() {},
  onGap() {},
  onClose() {},
};

/**
 * TCP stream reassembly for both directions of every connection; see docs/reassembly.md for the
 * policies (first copy of a byte wins, when gaps are declared, what each limit does).
 * Single-threaded and synchronous: handlers are called from inside process()/expire()/flush() and
 * must not call back into the reassembler.
 */
export class StreamReassembler {
  readonly counters: ReassemblyCounters = newReassemblyCounters();
  private readonly table = new Map<number, Flow>();
  private readonly live = new FlowList();
  private readonly tombstones = new FlowList();
  /** Directions holding out-of-order data, in the order they started buffering. */
  private bufHead: HalfStream | null = null;
  private bufTail: HalfStream | null = null;
  private totalBuffered = 0;
  private nextId = 1;
  private lastExpireTs = -Infinity;
  private readonly idleUs: number;
  /**
   * How long, in capture time, bytes the receiver has acknowledged may stay unseen before they are
   * declared lost: mirrors reorder by far less, and no retransmission follows an ACK.
   */
  private readonly reorderWaitUs: number;

  constructor(
    private readonly limits: ReassemblyLimits,
    private readonly factory: StreamHandlerFactory,
    /** Ports that identify the server of a connection seen without its handshake. */
    private readonly serverPorts: ReadonlySet<number> = new Set(),
  ) {
    this.idleUs = limits.idleTimeoutSec * 1_000_000;
    this.reorderWaitUs = (limits.reorderWaitSec ?? DEFAULT_REORDER_WAIT_SEC) * 1_000_000;
  }

  /** Connections currently tracked (tombstones excluded). */
  get activeFlows(): number {
    return this.live.size;
  }

  /** Out-of-order bytes currently buffered across all connections, as charged against the caps. */
  get bufferedBytes(): number {
    return this.totalBuffered;
  }

  /**
   * Feeds one decoded TCP segment. Nothing of `p` is kept after the call except copied OOO bytes.
   * `ts` is p.ts: a caller holding it as a value passes it on (docs/performance.md, "Engine notes":
   * timestamps are not small integers).
   */
  process(p: DecodedPacket, ts: number = p.ts): void {
    const c = this.counters;
    c.packets++;
    c.payloadBytes += p.payloadLength;
    if (ts - this.lastExpireTs >= EXPIRE_INTERVAL_US) {
      this.lastExpireTs = ts;
      this.expire(ts);
    }
    const hash = hashPacket(p);
    let flow = this.table.get(hash) ?? null;
    let dir = -1;
    while (flow !== null) {
      dir = directionOf(flow, p);
      if (dir >= 0) break;
      flow = flow.hashNext;
    }
    const isSyn = (p.flags & (SYN | ACK | RST)) === SYN;
    if (flow !== null && flow.closed) {
      if (!isSyn) {
        c.segmentsAfterClose++;
        flow.lastTs = ts;
        this.tombstones.touch(flow);
        return;
      }
      this.dropTombstone(flow);
      flow = null;
    } else if (flow !== null && isSyn && this.isPortReuse(flow.half[dir], p.seq)) {
      c.portReuse++;
      this.closeFlow(flow, 'end', ts);
      flow = null;
    }
    if (flow === null) {
      if ((p.flags & RST) !== 0 || ((p.flags & SYN) === 0 && p.payloadLength === 0)) {
        c.segmentsWithoutFlow++;
        return;
      }
      flow = this.createFlow(p, hash, ts);
      dir = directionOf(flow, p);
    } else {
      flow.lastTs = ts;
      this.live.touch(flow);
    }
    flow.half[dir].seen = true;
    this.segment(flow, flow.half[dir], p, ts);
  }

  /**
   * Drops the flow of `p` without delivering anything more to its handler (onAbort instead of
   * onClose): the capture thread cut the connection (drop_on_overload, node/workers/pool.ts) and
   * no more of it will come, so what is unfinished would be reported half. Kept as a tombstone.
   */
  forget(p: DecodedPacket, ts: number): void {
    let flow = this.table.get(hashPacket(p)) ?? null;
    while (flow !== null && directionOf(flow, p) < 0) flow = flow.hashNext;
    if (flow === null || flow.closed) return;
    const handler = flow.handler;
    // What the flow still buffers is delivered to nobody (and its buffer accounting released).
    flow.handler = DETACHED;
    this.closeFlow(flow, 'shed', ts);
    handler.onAbort?.();
  }

  /** Closes every flow idle since before `nowTs - idleTimeoutSec` (capture time, microseconds). */
  expire(nowTs: number): void {
    this.giveUpAcked(nowTs);
    const limit = nowTs - this.idleUs;
    for (let f = this.live.head; f !== null && f.lastTs <= limit; f = this.live.head) {
      this.closeFlow(f, f.half[0].done && f.half[1].done ? 'fin' : 'idle', nowTs);
    }
    for (let f = this.tombstones.head; f !== null && f.lastTs <= limit; f = this.tombstones.head) {
      this.dropTombstone(f);
    }
  }

  /** End of capture: delivers what every flow still holds (with gaps) and closes it with 'end'. */
  flush(ts: number): void {
    for (let f = this.live.head; f !== null; f = this.live.head) this.closeFlow(f, 'end', ts);
    for (let f = this.tombstones.head; f !== null; f = this.tombstones.head) this.dropTombstone(f);
  }

  private isPortReuse(sender: HalfStream, seq: number): boolean {
    return sender.init && ((seq + 1 - sender.baseSeq) | 0) !== 0;
  }

  private createFlow(p: DecodedPacket, hash: number, ts: number): Flow {
    const c = this.counters;
    if (this.live.size >= this.limits.maxFlows && this.live.head !== null) {
      this.closeFlow(this.live.head, 'evicted', ts);
    }
    if (this.tombstones.size >= this.limits.maxFlows && this.tombstones.head !== null) {
      this.dropTombstone(this.tombstones.head);
    }
    const handshake = (p.flags & SYN) !== 0;
    const srcIsClient = handshake ? (p.flags & ACK) === 0 : !this.looksLikeServer(p.srcPort, p.dstPort);
    const clientAddr = srcIsClient ? p.src : p.dst;
    const serverAddr = srcIsClient ? p.dst : p.src;
    const clientPort = srcIsClient ? p.srcPort : p.dstPort;
    const serverPort = srcIsClient ? p.dstPort : p.srcPort;
    const info: ConnectionInfo = {
      id: this.nextId++,
      client: { ip: formatIp(clientAddr, p.ipVersion), port: clientPort },
      server: { ip: formatIp(serverAddr, p.ipVersion), port: serverPort },
      vlan: p.vlanCount === 0 ? UNTAGGED : Array.from(p.vlan.subarray(0, p.vlanCount)),
      vni: p.vni < 0 ? null : p.vni,
      midstream: !handshake,
      firstTs: ts,
    };
    const handler = this.factory(info);
    const flow = new Flow(hash, info, p.ipVersion, clientAddr, clientPort, serverAddr, serverPort, p.vlanCount, p.vni, handler);
    flow.hashNext = this.table.get(hash) ?? null;
    this.table.set(hash, flow);
    this.live.push(flow);
    c.flowsCreated++;
    if (!handshake) c.flowsMidstream++;
    return flow;
  }

  /** Mid-stream guess: a configured server port, else a well-known port, else the lower port. */
  private looksLikeServer(port: number, otherPort: number): boolean {
    const mine = this.serverPorts.has(port);
    if (mine !== this.serverPorts.has(otherPort)) return mine;
    const wellKnown = port < 1024;
    if (wellKnown !== otherPort < 1024) return wellKnown;
    return port < otherPort;
  }

  private segment(flow: Flow, h: HalfStream, p: DecodedPacket, ts: number): void {
    if ((p.flags & RST) !== 0) {
      this.closeFlow(flow, 'rst', ts);
      return;
    }
    // The SYN takes one sequence number; the data starts after it.
    const synLength = (p.flags & SYN) !== 0 ? 1 : 0;
    if (synLength === 1 && !h.init) h.start((p.seq + 1) >>> 0);
    if (p.payloadLength > 0 || (p.flags & FIN) !== 0) {
      if (!h.init) h.start(p.seq);
      this.data(h, p, synLength, ts);
    }
    if ((p.flags & ACK) !== 0) this.ack(h.peer, p, ts);
    this.closeIfDone(flow, ts);
  }

  private closeIfDone(flow: Flow, ts: number): void {
    if (!flow.closed && flow.half[0].done && flow.half[1].done) this.closeFlow(flow, 'fin', ts);
  }

  /**
   * The peer offset this segment's ACK acknowledges, i.e. what the sender had received before
   * sending it; 0 (no constraint) without an ACK, before the peer's sequence space is known, or
   * for an implausible ACK.
   */
  private needOf(h: HalfStream, p: DecodedPacket): number {
    const peer = h.peer;
    if ((p.flags & ACK) === 0 || !peer.init) return 0;
    const ahead = (p.ack - peer.nextSeq) | 0;
    return ahead > 0 && ahead <= MAX_ACK_GAP ? peer.nextAbs + ahead : 0;
  }

  /** The payload (and FIN) of `p`, whose data begins synLength after its sequence number. */
  private data(h: HalfStream, p: DecodedPacket, synLength: number, ts: number): void {
    const c = this.counters;
    // Sequence numbers are passed as p.seq, not as a computed u32 (docs/performance.md, "Engine notes"): mod 2^32 it is the same.
    const start = h.nextAbs + ((p.seq + synLength - h.nextSeq) | 0);
    let end = start + p.payloadLength;
    if ((p.flags & FIN) !== 0 && !h.finSeen) {
      h.finSeen = true;
      h.finAbs = end;
      if (h.nextAbs >= end) h.done = true;
    }
    if (h.finSeen && end > h.finAbs) {
      const cut = Math.min(end - h.finAbs, p.payloadLength);
      c.bytesAfterFin += cut;
      end -= cut;
    }
    const len = end - start;
    if (len > 0) {
      const need = this.needOf(h, p);
      let seen: number;
      if (end <= h.nextAbs) {
        seen = len;
      } else if (start <= h.nextAbs) {
        const skip = h.nextAbs - start;
        seen = skip + this.deliverInOrder(h, p.data, p.payloadOffset + skip, end - h.nextAbs, need, ts);
      } else {
        seen = this.insertRange(h, p.data, p.payloadOffset, start, end, need, ts);
      }
      if (seen > 0) {
        c.retransmittedBytes += seen;
        if (seen === len) c.retransmittedSegments++;
        else c.overlapSegments++;
      }
    }
    this.drain(h, ts);
    this.enforceCaps(h, ts);
  }

  /**
   * Bytes starting exactly at nextAbs: delivered straight from the capture buffer up to the first
   * buffered piece, unless the peer has not yet delivered what this segment acknowledges. What is
   * not delivered goes through insertRange (copied; the first copy of a byte wins). Returns the
   * number of already-seen bytes.
   */
  private deliverInOrder(h: HalfStream, buf: Buffer, off: number, len: number, need: number, ts: number): number {
    const first = h.inBufList ? h.ooo.min() : null;
    let direct = 0;
    if (need <= h.peer.reach) direct = first === null ? len : Math.min(len, first.start - h.nextAbs);
    else this.counters.heldForAck++;
    if (direct > 0) this.emit(h, buf, off, direct, ts);
    if (direct === len) return 0;
    return this.insertRange(h, buf, off + direct, h.nextAbs, h.nextAbs + len - direct, need, ts);
  }

  /**
   * Buffers copies of the parts of [start, end) that no buffered piece covers yet (first copy
   * wins), compares the covered parts, and returns how many bytes were already buffered.
   */
  private insertRange(h: HalfStream, buf: Buffer, off: number, start: number, end: number, need: number, ts: number): number {
    let seen = 0;
    let cursor = start;
    const before = h.ooo.floor(start);
    if (before !== null && before.end > start) {
      seen += this.compareOverlap(before.data, before.start, buf, off, start, end);
      cursor = before.end;
    }
    while (cursor < end) {
      const n = h.ooo.ceiling(cursor);
      const stop = n === null || n.start >= end ? end : n.start;
      if (stop > cursor) this.store(h, buf, off + (cursor - start), cursor, stop - cursor, need, ts);
      if (n === null || stop === end) break;
      seen += this.compareOverlap(n.data, n.start, buf, off, start, end);
      cursor = n.end;
    }
    return seen;
  }

  /** Compares the overlap of a buffered piece with a new range; counts a conflict; returns its length. */
  private compareOverlap(kept: Buffer, keptStart: number, buf: Buffer, off: number, start: number, end: number): number {
    const from = Math.max(keptStart, start);
    const to = Math.min(keptStart + kept.length, end);
    if (to <= from) return 0;
    if (buf.compare(kept, from - keptStart, to - keptStart, off + (from - start), off + (to - start)) !== 0) {
      this.counters.overlapConflicts++;
    }
    return to - from;
  }

  private store(h: HalfStream, buf: Buffer, off: number, start: number, len: number, need: number, ts: number): void {
    // A private ArrayBuffer, not the shared pool slab: a kept 1-byte piece must not pin 8 KiB.
    const copy = Buffer.allocUnsafeSlow(len);
    buf.copy(copy, 0, off, off + len);
    h.ooo.insert(start, copy, need);
    const charge = len + SEGMENT_OVERHEAD_BYTES;
    h.buffered += charge;
    this.totalBuffered += charge;
    this.counters.oooSegments++;
    this.counters.oooBytes += len;
    if (!h.inBufList) {
      h.inBufList = true;
      h.waitSince = ts;
      h.bufPrev = this.bufTail;
      h.bufNext = null;
      if (this.bufTail === null) this.bufHead = h;
      else this.bufTail.bufNext = h;
      this.bufTail = h;
    }
  }

  /**
   * Delivers what became deliverable in this direction, then alternately in the peer and here for
   * as long as one side's progress unblocks the other (an ACK-ordered piece waits for the peer).
   */
  private drain(h: HalfStream, ts: number): void {
    this.drainHalf(h, ts);
    for (let side = h.peer; this.drainHalf(side, ts); side = side.peer);
  }

  /** Delivers buffered pieces contiguous with nextAbs whose ACK the peer has caught up with. */
  private drainHalf(h: HalfStream, ts: number): boolean {
    // inBufList is true exactly while `ooo` holds pieces; checking it spares touching the tree.
    if (!h.inBufList) return false;
    let progressed = false;
    const peer = h.peer;
    for (let n = h.ooo.min(); n !== null && n.start <= h.nextAbs && n.need <= peer.reach; n = h.ooo.min()) {
      h.ooo.removeMin();
      const charge = n.data.length + SEGMENT_OVERHEAD_BYTES;
      h.buffered -= charge;
      this.totalBuffered -= charge;
      const skip = h.nextAbs - n.start;
      if (skip < n.data.length) this.emit(h, n.data, skip, n.data.length - skip, ts);
      progressed = true;
    }
    if (h.ooo.isEmpty) {
      h.inBufList = false;
      if (h.bufPrev === null) this.bufHead = h.bufNext;
      else h.bufPrev.bufNext = h.bufNext;
      if (h.bufNext === null) this.bufTail = h.bufPrev;
      else h.bufNext.bufPrev = h.bufPrev;
      h.bufPrev = h.bufNext = null;
    } else if (progressed) {
      h.waitSince = ts;
    }
    return progressed;
  }

  private advance(h: HalfStream, len: number): void {
    h.nextAbs += len;
    h.nextSeq = (h.nextSeq + len) >>> 0;
    if (h.finSeen && h.nextAbs >= h.finAbs) h.done = true;
  }

  private emit(h: HalfStream, buf: Buffer, off: number, len: number, ts: number): void {
    this.advance(h, len);
    h.flow.handler.onData(h.dir, buf, off, len, ts);
  }

  private gap(h: HalfStream, len: number, ts: number): void {
    this.counters.gaps++;
    this.counters.gapBytes += len;
    this.advance(h, len);
    h.flow.handler.onGap(h.dir, len, ts);
  }

  /**
   * Forces progress on a direction with buffered data: the hole before its first piece is declared
   * lost; or, when that piece is contiguous but waits for peer bytes its ACK covers, those peer
   * bytes are (the ACK proves they were sent, the capture did not show them); if the peer is in
   * turn waiting for this direction, the piece is released.
   */
  private skipHole(h: HalfStream, ts: number): void {
    const first = h.ooo.min();
    if (first === null) return;
    if (first.start > h.nextAbs) {
      this.gap(h, first.start - h.nextAbs, ts);
    } else {
      const peer = h.peer;
      const peerFirst = peer.ooo.min();
      let target = first.need;
      if (peer.finSeen) target = Math.min(target, peer.finAbs);
      if (peerFirst !== null) target = Math.min(target, peerFirst.start);
      if (target > peer.nextAbs) this.gap(peer, target - peer.nextAbs, ts);
      else first.need = 0;
    }
    this.drain(h, ts);
  }

  /** Over a cap, the oldest holes are given up first: this direction's, then the longest-buffering. */
  private enforceCaps(h: HalfStream, ts: number): void {
    if (h.buffered > this.limits.streamBufferBytes) {
      this.counters.streamCapHits++;
      while (h.buffered > this.limits.streamBufferBytes) this.skipHole(h, ts);
    }
    if (this.totalBuffered > this.limits.totalBufferBytes) {
      this.counters.totalCapHits++;
      while (this.totalBuffered > this.limits.totalBufferBytes && this.bufHead !== null) this.skipHole(this.bufHead, ts);
    }
  }

  /**
   * Gives up waiting where the receiving endpoint has acknowledged bytes the capture has not shown
   * for reorderWaitUs (limits.reorder_wait): no retransmission will come, so they are a capture loss. Covers holes the
   * peer's ACK has passed and pieces waiting for peer bytes they acknowledge.
   */
  private giveUpAcked(nowTs: number): void {
    const stale: HalfStream[] = [];
    for (let h = this.bufHead; h !== null; h = h.bufNext) if (nowTs - h.waitSince >= this.reorderWaitUs) stale.push(h);
    for (const h of stale) {
      for (let first = h.ooo.min(); first !== null; first = h.ooo.min()) {
        if (first.start <= h.nextAbs) {
          this.skipHole(h, nowTs);
          continue;
        }
        const acked = h.ackSeen ? h.nextAbs + ((h.ackSeq - h.nextSeq) | 0) : h.nextAbs;
        if (acked <= h.nextAbs) break;
        this.gap(h, Math.min(acked, first.start) - h.nextAbs, nowTs);
        this.drain(h, nowTs);
      }
      this.closeIfDone(h.flow, nowTs);
    }
  }

  /**
   * An ACK from the peer covering this direction's FIN proves the receiver got every byte, so a
   * hole still open cannot be filled by a retransmission: deliver with gaps now.
   */
  private ack(h: HalfStream, p: DecodedPacket, ts: number): void {
    const ack = p.ack;
    if (!h.ackSeen || ((ack - h.ackSeq) | 0) > 0) {
      h.ackSeen = true;
      h.ackSeq = ack;
    }
    if (h.finSeen && !h.done && h.nextAbs + ((ack - h.nextSeq) | 0) > h.finAbs) this.finishHalf(h, ts);
  }

  /**
   * Delivers everything buffered, declaring each hole as a gap, then the bytes known to exist after
   * the last one seen: up to the FIN, or else up to the peer's highest ACK.
   */
  private finishHalf(h: HalfStream, ts: number): void {
    while (!h.ooo.isEmpty) this.skipHole(h, ts);
    if (!h.init) return;
    let missing = 0;
    if (h.finSeen) missing = h.finAbs - h.nextAbs;
    else if (h.ackSeen) missing = (h.ackSeq - h.nextSeq) | 0;
    if (missing > 0 && missing <= MAX_ACK_GAP) this.gap(h, missing, ts);
    if (h.finSeen) h.done = true;
  }

  /**
   * Delivers what is left and calls onClose. A FIN/RST-closed flow stays hashed as a tombstone (in
   * its own list, bounded by maxFlows and idleTimeoutSec) so that late retransmissions do not open a
   * bogus mid-stream flow; any other close forgets the flow at once.
   */
  private closeFlow(flow: Flow, reason: CloseReason, ts: number): void {
    this.finishHalf(flow.half[0], ts);
    this.finishHalf(flow.half[1], ts);
    const c = this.counters;
    if (reason === 'fin') c.closedFin++;
    else if (reason === 'rst') c.closedRst++;
    else if (reason === 'idle') c.closedIdle++;
    else if (reason === 'evicted') c.closedEvicted++;
    else if (reason === 'shed') c.closedShed++;
    else c.closedEnd++;
    if (flow.half[0].seen !== flow.half[1].seen) c.flowsOneWay++;
    const handler = flow.handler;
    flow.handler = DETACHED;
    flow.closed = true;
    this.live.remove(flow);
    if (reason === 'fin' || reason === 'rst' || reason === 'shed') {
      flow.lastTs = ts;
      this.tombstones.push(flow);
    } else {
      this.unhash(flow);
    }
    handler.onClose(reason, ts);
  }

  private dropTombstone(flow: Flow): void {
    this.tombstones.remove(flow);
    this.unhash(flow);
  }

  private unhash(flow: Flow): void {
    const head = this.table.get(flow.hash);
    if (head === flow) {
      if (flow.hashNext === null) this.table.delete(flow.hash);
      else this.table.set(flow.hash, flow.hashNext);
    } else {
      let f = head ?? null;
      while (f !== null && f.hashNext !== flow) f = f.hashNext;
      if (f !== null) f.hashNext = flow.hashNext;
    }
    flow.hashNext = null;
  }
}
