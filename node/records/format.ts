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

/** The endpoints flowRef formatted last (the objects are never changed once a connection has them). */
let lastClient: Endpoint | null = null;
let lastServer: Endpoint | null = null;
let lastSrc = '';
let lastDst = '';

export function formatEndpoint(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

export function flowRef(conn: ConnectionInfo): FlowRef {
  // A transaction's records (transaction, attack, session, vulnerability) name one connection in a
  // row: its endpoints are formatted once (docs/performance.md).
  if (conn.client !== lastClient || conn.server !== lastServer) {
    lastClient = conn.client;
    lastServer = conn.server;
    lastSrc = formatEndpoint(conn.client);
    lastDst = formatEndpoint(conn.server);
  }
  const flow: FlowRef = { src: lastSrc, dst: lastDst };
  if (conn.vlan.length > 0) flow.vlan = conn.vlan;
  if (conn.vni !== null) flow.vni = conn.vni;
  return flow;
}
