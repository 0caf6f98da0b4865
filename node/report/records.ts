/** Output records (SPEC section 5), exactly as written as JSON lines and exported. */
import type { HeaderList } from '../http/types';

export interface FlowRef {
  /** `ip:port` or `[ipv6]:port`, client side. */
  src: string;
  dst: string;
  /** VIDs outermost first; present only when tagged. */
  vlan?: number[];
  /** Present only when VXLAN-encapsulated. */
  vni?: number;
}

export interface RecordBase {
  type: string;
  /** RFC 3339 with microseconds, UTC. */
  ts: string;
  flow: FlowRef;
  client_ip: string;
  host: string;
  /** The registered node's uuid, when the node is registered. */
  node_uuid?: string;
  /** route_config application id. */
  application?: number;
}

export interface BodyRef {
  length: number;
  sha256: string;
}

export interface TransactionRecord extends RecordBase {
  type: 'transaction';
  request: { method: string; target: string; version: string; headers: HeaderList; body: BodyRef };
  response: {
    status: number;
    reason: string;
    version: string;
    headers: HeaderList;
    body: BodyRef;
  } | null;
}

export const ATTACK_CLASSES = [
  'sqli', 'xss', 'rce', 'ptrav', 'ssrf', 'ssti', 'ldapi', 'nosqli', 'xxe', 'crlf', 'redir',
  'mail_injection', 'ssi', 'scanner',
] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];

/** Where in the request a value was found, e.g. ["query","name"], ["json","user","comment"]. */
export type RequestPoint = Array<string | number>;

export interface AttackHit {
  class: AttackClass;
  point: RequestPoint;
  /** The decoded offending value, truncated to 1 KiB. */
  value: string;
}

export type AttackVerdict = 'attempt' | 'blocked' | 'succeeded';

export interface AttackRecord extends RecordBase {
  type: 'attack';
  request: { method: string; target: string; headers: HeaderList };
  response: { status: number } | null;
  hits: AttackHit[];
  verdict: AttackVerdict;
}

export type NodeRecord = TransactionRecord | AttackRecord | (RecordBase & Record<string, unknown>);
