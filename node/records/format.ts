/** Small formatting rules shared by every record type. */
import type { ConnectionInfo, Endpoint } from '../reassembly/types';
import type { FlowRef } from './types';

/** RFC 3339, UTC, with microseconds: capture timestamps are microsecond-precise. */
export function formatTs(tsMicros: number): string {
  const second = Math.floor(tsMicros / 1_000_000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 19); // 2026-11-27T01:30:24
  }
  return `${lastSecondText}.${String(Math.floor(tsMicros - second * 1_000_000)).padStart(6, '0')}Z`;
}

/** Records come in time order: the date and time of day are formatted once per second. */
let lastSecond = Number.NaN;
let lastSecondText = '';

export function formatEndpoint(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

export function flowRef(conn: ConnectionInfo): FlowRef {
  const flow: FlowRef = { src: formatEndpoint(conn.client), dst: formatEndpoint(conn.server) };
  if (conn.vlan.length > 0) flow.vlan = conn.vlan;
  if (conn.vni !== null) flow.vni = conn.vni;
  return flow;
}
