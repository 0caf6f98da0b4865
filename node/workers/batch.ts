/**
 * TCP segments in transit from the capture thread to a worker: one ArrayBuffer per batch,
 * transferred (not copied) with postMessage and handed back empty for reuse, so a batch costs one
 * message and no allocation.
 *
 * The capture thread decodes every frame to find its connection; what it decoded travels with the
 * segment, so the worker does not decode the frame again (docs/performance.md "Multi-core"): per
 * segment a fixed header with the fields of DecodedPacket that reassembly reads, then the TCP
 * payload alone (link, VLAN, tunnel, IP and TCP headers stay behind). Header layout (bytes):
 * 0 f64 timestamp (µs), 8 f64 frame number (the frame's place in the capture thread's input: the
 * order one thread analyses in, which timestamps alone do not give when frames share one),
 * 16 u32 seq, 20 u32 ack, 24 i32 VXLAN VNI, 28 i32 GENEVE VNI, 32 u16 source port, 34 u16
 * destination port, 36 u16 window, 38 u8 TCP flags, 39 u8 IP version, 40 u8 VLAN count,
 * 42 u16 x MAX_VLAN_DEPTH VLAN ids, 58 16 bytes source address, 74 16 bytes destination address,
 * 90 u32 payload length; the payload from 96.
 */
import { MAX_VLAN_DEPTH } from '../capture/linktypes';
import type { DecodedPacket } from '../decode/packet';

export const BATCH_BYTES = 1 << 20;
/** Bytes before a segment's payload. */
export const SEGMENT_HEADER = 96;
const VLAN_AT = 42;
const SRC_AT = VLAN_AT + 2 * MAX_VLAN_DEPTH;
const DST_AT = SRC_AT + 16;
const LENGTH_AT = DST_AT + 16;

export class BatchWriter {
  private view: DataView;
  private bytes: Buffer;
  /** Bytes used. */
  used = 0;
  frames = 0;

  constructor(readonly buffer: ArrayBuffer) {
    this.view = new DataView(buffer);
    this.bytes = Buffer.from(buffer);
  }

  /** The decoder's segment (`p`, valid until the next decode) and its frame number; false when it does not fit: send this batch and start another. */
  add(p: DecodedPacket, frameNo: number): boolean {
    const length = p.payloadLength;
    if (this.used + SEGMENT_HEADER + length > this.buffer.byteLength) return false;
    const at = this.used;
    const v = this.view;
    v.setFloat64(at, p.ts);
    v.setFloat64(at + 8, frameNo);
    v.setUint32(at + 16, p.seq);
    v.setUint32(at + 20, p.ack);
    v.setInt32(at + 24, p.vni);
    v.setInt32(at + 28, p.geneveVni);
    v.setUint16(at + 32, p.srcPort);
    v.setUint16(at + 34, p.dstPort);
    v.setUint16(at + 36, p.window);
    v.setUint8(at + 38, p.flags);
    v.setUint8(at + 39, p.ipVersion);
    v.setUint8(at + 40, p.vlanCount);
    const b = this.bytes;
    for (let i = 0; i < p.vlanCount; i++) v.setUint16(at + VLAN_AT + 2 * i, p.vlan[i]);
    const addrLen = p.ipVersion === 4 ? 4 : 16;
    for (let i = 0; i < addrLen; i++) {
      b[at + SRC_AT + i] = p.src[i];
      b[at + DST_AT + i] = p.dst[i];
    }
    v.setUint32(at + LENGTH_AT, length);
    // Buffer#copy: no subarray view allocated per segment.
    if (length > 0) p.data.copy(b, at + SEGMENT_HEADER, p.payloadOffset, p.payloadOffset + length);
    this.used = at + SEGMENT_HEADER + length;
    this.frames++;
    return true;
  }
}

/**
 * Calls `each` for every segment of a received batch with one reused DecodedPacket (its `data` a
 * Buffer over the batch, the payload in place: no copies) and the frame's number.
 */
export function readBatch(
  buffer: ArrayBuffer,
  used: number,
  p: DecodedPacket,
  each: (p: DecodedPacket, frameNo: number) => void,
): void {
  const v = new DataView(buffer);
  const b = Buffer.from(buffer);
  p.data = b;
  for (let at = 0; at < used;) {
    p.ts = v.getFloat64(at);
    const frameNo = v.getFloat64(at + 8);
    p.seq = v.getUint32(at + 16);
    p.ack = v.getUint32(at + 20);
    p.vni = v.getInt32(at + 24);
    p.geneveVni = v.getInt32(at + 28);
    p.srcPort = v.getUint16(at + 32);
    p.dstPort = v.getUint16(at + 34);
    p.window = v.getUint16(at + 36);
    p.flags = v.getUint8(at + 38);
    p.ipVersion = v.getUint8(at + 39) === 6 ? 6 : 4;
    const vlans = v.getUint8(at + 40);
    p.vlanCount = vlans;
    for (let i = 0; i < vlans; i++) p.vlan[i] = v.getUint16(at + VLAN_AT + 2 * i);
    const addrLen = p.ipVersion === 4 ? 4 : 16;
    for (let i = 0; i < addrLen; i++) {
      p.src[i] = b[at + SRC_AT + i];
      p.dst[i] = b[at + DST_AT + i];
    }
    const length = v.getUint32(at + LENGTH_AT);
    p.payloadOffset = at + SEGMENT_HEADER;
    p.payloadLength = length;
    each(p, frameNo);
    at += SEGMENT_HEADER + length;
  }
}
