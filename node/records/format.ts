/** Small formatting rules shared by every record type. */
import type { ConnectionInfo, Endpoint } from '../reassembly/types';
import type { FlowRef } from './types';

/** RFC 3339, UTC, with microseconds: capture timestamps are microsecond-precise. */
export function formatTs(tsMicros: number): string {
  // A transaction's records (transaction, attack, discovery's observation) format its instant in a row.
  if (tsMicros === lastTs) return lastTsText;
  const second = Math.floor(tsMicros / 1_000_000);
  // The date and time of day once per second, kept in the second's slot: a few recent seconds come
  // back in any order (a session's requests at its close, records of connections in between):
  // docs/performance.md "Sessions, vulnerabilities, discovery (branch i22-analyses)".
  const slot = second & (SECOND_SLOTS - 1);
  let secondText: string;
  if (slotSecond[slot] === second) secondText = slotText[slot];
  else {
    secondText = new Date(second * 1000).toISOString().slice(0, 19); // 2026-11-27T01:30:24
    slotSecond[slot] = second;
    slotText[slot] = secondText;
  }
  lastTs = tsMicros;
  return (lastTsText = `${secondText}.${String(Math.floor(tsMicros - second * 1_000_000)).padStart(6, '0')}Z`);
}

/** The instant formatted last and its text. */
let lastTs = Number.NaN;
let lastTsText = '';

/** Seconds formatted, by the second's low bits (a power of two): the second and its date and time of day. */
const SECOND_SLOTS = 64;
const slotSecond = new Float64Array(SECOND_SLOTS).fill(Number.NaN);
const slotText: string[] = new Array<string>(SECOND_SLOTS).fill('');

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
