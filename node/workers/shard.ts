/**
 * The worker a TCP segment belongs to: a hash of its connection that is the same for both
 * directions (endpoints ordered before hashing), VLAN tags and VXLAN VNI included, so both halves
 * of a connection and nothing else of another tenant meet in one worker. Reads the decoder's
 * reused DecodedPacket in place; no allocation.
 */
import type { DecodedPacket } from '../decode/packet';

/** FNV-1a step over one byte. */
function mix(h: number, byte: number): number {
  return Math.imul(h ^ byte, 0x01000193);
}

function endpointHash(addr: Uint8Array, len: number, port: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < len; i++) h = mix(h, addr[i]);
  h = mix(h, port & 0xff);
  return mix(h, port >>> 8) >>> 0;
}

/** The hash shardOf reduces to a worker: the same for both directions of a connection (u32). */
export function connectionHash(p: DecodedPacket): number {
  const len = p.ipVersion === 4 ? 4 : 16;
  const a = endpointHash(p.src, len, p.srcPort);
  const b = endpointHash(p.dst, len, p.dstPort);
  // Addition is symmetric; the xor-multiply of the pair keeps (a, b) and (b, a) equal too.
  let h = (a + b) >>> 0;
  h = mix(h, Math.imul(a ^ b, 0x9e3779b1) & 0xff);
  for (let i = 0; i < p.vlanCount; i++) h = mix(mix(h, p.vlan[i] & 0xff), p.vlan[i] >>> 8);
  if (p.vni >= 0) h = mix(mix(mix(h, p.vni & 0xff), (p.vni >>> 8) & 0xff), p.vni >>> 16);
  h ^= h >>> 16;
  return h >>> 0;
}

export function shardOf(p: DecodedPacket, workers: number): number {
  return connectionHash(p) % workers;
}
