import { isIPv4 } from 'node:net';
import { DecodedPacket } from '../../../node/decode/packet';
import type { ReassemblyLimits } from '../../../node/reassembly/stream-reassembler';
import type { CloseReason, ConnectionInfo, Direction, StreamHandler } from '../../../node/reassembly/types';

export const BIG_LIMITS: ReassemblyLimits = {
  maxFlows: 1_000_000,
  streamBufferBytes: 1 << 30,
  totalBufferBytes: 1 << 30,
  idleTimeoutSec: 60,
};

/** Address text to bytes (IPv4 dotted quad or IPv6 with optional '::'). */
export function ipBytes(ip: string): { bytes: Uint8Array; version: 4 | 6 } {
  const bytes = new Uint8Array(16);
  if (isIPv4(ip)) {
    ip.split('.').forEach((o, i) => (bytes[i] = Number(o)));
    return { bytes, version: 4 };
  }
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, null];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    bytes[2 * i] = v >> 8;
    bytes[2 * i + 1] = v & 0xff;
  });
  return { bytes, version: 6 };
}

export interface TupleSpec {
  client: string;
  clientPort: number;
  server: string;
  serverPort: number;
  vlan?: number[];
  vni?: number;
}

/**
 * Fills one reused DecodedPacket the way the decoder does; the payload sits behind a fake 54-byte
 * header in a fresh frame so that offsets are exercised and later frames do not alias it.
 */
export class Wire {
  readonly pkt = new DecodedPacket();
  constructor(private readonly t: TupleSpec) {}

  seg(dir: Direction, seq: number, flags: number, payload: Buffer | string = '', ts = 0, ack = 0): DecodedPacket {
    const p = this.pkt;
    const body = typeof payload === 'string' ? Buffer.from(payload, 'latin1') : payload;
    const frame = Buffer.alloc(54 + body.length + 4, 0xee);
    body.copy(frame, 54);
    const c = ipBytes(this.t.client);
    const s = ipBytes(this.t.server);
    const [src, dst] = dir === 0 ? [c, s] : [s, c];
    p.src.fill(0).set(src.bytes);
    p.dst.fill(0).set(dst.bytes);
    p.ipVersion = c.version;
    p.srcPort = dir === 0 ? this.t.clientPort : this.t.serverPort;
    p.dstPort = dir === 0 ? this.t.serverPort : this.t.clientPort;
    const vlan = this.t.vlan ?? [];
    p.vlan.fill(0);
    vlan.forEach((v, i) => (p.vlan[i] = v));
    p.vlanCount = vlan.length;
    p.vni = this.t.vni ?? -1;
    p.seq = seq >>> 0;
    p.ack = ack >>> 0;
    p.flags = flags;
    p.data = frame;
    p.payloadOffset = 54;
    p.payloadLength = body.length;
    p.ts = ts;
    return p;
  }
}

export type Event =
  | { kind: 'data'; dir: Direction; bytes: Buffer; ts: number }
  | { kind: 'gap'; dir: Direction; length: number; ts: number }
  | { kind: 'close'; reason: CloseReason; ts: number };

export class ConnRecord {
  readonly events: Event[] = [];
  readonly errors: string[] = [];
  closed: CloseReason | null = null;
  constructor(readonly info: ConnectionInfo) {}

  /** Bytes of one direction with each gap shown as `<gap N>`. */
  text(dir: Direction): string {
    let out = '';
    for (const e of this.events) {
      if (e.kind === 'data' && e.dir === dir) out += e.bytes.toString('latin1');
      else if (e.kind === 'gap' && e.dir === dir) out += `<gap ${e.length}>`;
    }
    return out;
  }

  bytes(dir: Direction): Buffer {
    return Buffer.concat(this.events.flatMap((e) => (e.kind === 'data' && e.dir === dir ? [e.bytes] : [])));
  }

  gaps(dir?: Direction): number[] {
    return this.events.flatMap((e) => (e.kind === 'gap' && (dir === undefined || e.dir === dir) ? [e.length] : []));
  }
}

/** A StreamHandlerFactory that records every call and flags calls that break the contract. */
export class Recorder {
  readonly conns: ConnRecord[] = [];
  readonly factory = (info: ConnectionInfo): StreamHandler => {
    const r = new ConnRecord(info);
    this.conns.push(r);
    const check = (what: string): void => {
      if (r.closed !== null) r.errors.push(`${what} after close`);
    };
    return {
      onData(dir, buf, offset, length, ts) {
        check('onData');
        if (length <= 0) r.errors.push(`onData with length ${length}`);
        r.events.push({ kind: 'data', dir, bytes: Buffer.from(buf.subarray(offset, offset + length)), ts });
      },
      onGap(dir, length, ts) {
        check('onGap');
        if (length <= 0) r.errors.push(`onGap with length ${length}`);
        r.events.push({ kind: 'gap', dir, length, ts });
      },
      onClose(reason, ts) {
        check('onClose');
        r.closed = reason;
        r.events.push({ kind: 'close', reason, ts });
      },
    };
  };

  errors(): string[] {
    return this.conns.flatMap((c) => c.errors.map((e) => `conn ${c.info.id}: ${e}`));
  }
}
