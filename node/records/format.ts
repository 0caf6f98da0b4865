/** Small formatting rules shared by every record type. */
import type { ConnectionInfo, Endpoint } from '../reassembly/types';
import type { FlowRef } from './types';

/** RFC 3339, UTC, with microseconds: capture timestamps are microsecond-precise. */
export function formatTs(tsMicros: number): string {
  // A transaction's records (transaction, attack, discovery's observation) format its instant in a row.
  if (tsMicros === lastTs) return lastTsText;
  const second = Math.floor(tsMicros / 1_000_000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastSecondText = new Date(second * 1000).toISOString().slice(0, 19); // 2026-11-27T01:30:24
  }
  lastTs = tsMicros;
  return (lastTsText = `${lastSecondText}.${String(Math.floor(tsMicros - second * 1_000_000)).padStart(6, '0')}Z`);
}

/** The instant formatted last and its text. */
let lastTs = Number.NaN;
let lastTsText = '';

/** Records come in time order: the date and time of day are formatted once per second. */
let lastSecond = Number.NaN;
let lastSecondText = '';

/**
 * The connection flowRef described last and its answer (endpoints, VLAN list and VNI objects are
 * never changed once a connection has them): the records of a transaction (transaction, attack,
 * session observation, vulnerability) come in a row and share one FlowRef, which no one changes.
 */
let lastClient: Endpoint | null = null;
let lastServer: Endpoint | null = null;
let lastVlan: readonly number[] | null = null;
let lastVni: number | null = null;
let lastFlow: FlowRef | null = null;

export function formatEndpoint(e: Endpoint): string {
  return e.ip.includes(':') ? `[${e.ip}]:${e.port}` : `${e.ip}:${e.port}`;
}

export function flowRef(conn: ConnectionInfo): FlowRef {
  // docs/performance.md "The all-analyses path": one FlowRef for a connection's records in a row.
  if (
    lastFlow !== null &&
    conn.client === lastClient &&
    conn.server === lastServer &&
    conn.vlan === lastVlan &&
    conn.vni === lastVni
  )
    return lastFlow;
  lastClient = conn.client;
  lastServer = conn.server;
  lastVlan = conn.vlan;
  lastVni = conn.vni;
  const flow: FlowRef = { src: formatEndpoint(conn.client), dst: formatEndpoint(conn.server) };
  if (conn.vlan.length > 0) flow.vlan = conn.vlan;
  if (conn.vni !== null) flow.vni = conn.vni;
  return (lastFlow = flow);
}
