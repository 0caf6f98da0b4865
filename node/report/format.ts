/** Small formatting rules shared by every record type. */
import type { ConnectionInfo, Endpoint } from '../reassembly/types';
import type { FlowRef } from './records';

/** RFC 3339, UTC, with microseconds: capture timestamps are microsecond-precise. */
export function formatTs(tsMicros: number): string {
  const ms = Math.floor(tsMicros / 1000);
  const micros = Math.floor(tsMicros - ms * 1000);
  const iso = new Date(ms).toISOString(); // 2026-11-27T01:30:24.123Z
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

export function formatEndpoint(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

export function flowRef(conn: ConnectionInfo): FlowRef {
  const flow: FlowRef = { src: formatEndpoint(conn.client), dst: formatEndpoint(conn.server) };
  if (conn.vlan.length > 0) flow.vlan = conn.vlan;
  if (conn.vni !== null) flow.vni = conn.vni;
  return flow;
}
