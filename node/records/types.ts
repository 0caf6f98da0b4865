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
  /** The TLS session the request was decrypted from (docs/tls.md); absent on plaintext traffic. */
  tls?: { version: string; cipher: string; sni: string | null };
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
  /** HTTP/2 only (absent for HTTP/1.x): the protocol version and the stream (docs/http2.md). */
  http_version?: '2';
  stream_id?: number;
  /** gRPC and gRPC-Web calls only: from the path and grpc-status/grpc-message (null when not seen). */
  grpc?: { service: string; method: string; status: number | null; message: string | null };
}

export const ATTACK_CLASSES = [
  'sqli',
  'xss',
  'rce',
  'ptrav',
  'ssrf',
  'ssti',
  'ldapi',
  'nosqli',
  'xxe',
  'crlf',
  'redir',
  'mail_injection',
  'ssi',
  'xpathi',
  'xml_injection',
  'csv_injection',
  'latex_injection',
  'overflow',
  'scanner',
  'graphql_abuse',
  'anomaly',
] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];

/** Where in the request a value was found, e.g. ["query","name"], ["json","user","comment"]. */
export type RequestPoint = Array<string | number>;

export interface AttackHit {
  class: AttackClass;
  point: RequestPoint;
  /** The decoded offending value, truncated to 1 KiB. */
  value: string;
  /**
   * What the hit rests on beyond its value (docs/detection.md): the known exploit a `scanner` hit
   * matched (its CVE id, else its nuclei template id), else the class rule that found it
   * (`class:<name>`, e.g. `class:vcs-metadata`), or `backup-copy`; `script-write` on an `rce`
   * hit for a script written by PUT, MOVE or COPY; the profile rule broken on an `anomaly` hit.
   */
  rule?: string;
}

export type AttackVerdict = 'attempt' | 'blocked' | 'succeeded';

export interface AttackRecord extends RecordBase {
  type: 'attack';
  request: { method: string; target: string; headers: HeaderList };
  response: { status: number } | null;
  hits: AttackHit[];
  verdict: AttackVerdict;
  /** HTTP/2 only, as on transaction records. */
  http_version?: '2';
  stream_id?: number;
  /**
   * A WebSocket message's attack (docs/websocket.md): `request` and `response` are the opening
   * handshake's, `ts` the message's first frame; which message it was.
   */
  websocket?: WebSocketMessageRef;
}

export interface WebSocketMessageRef {
  /** Who sent the message. */
  direction: 'client' | 'server';
  /** Position among that direction's messages on the connection, from 0. */
  index: number;
  opcode: 'text' | 'binary';
}

/** One WebSocket connection's account, when it ends (`--emit websocket`, docs/websocket.md). */
export interface WebSocketRecord extends RecordBase {
  type: 'websocket';
  /** The opening handshake's request (method, target masked); null when the connection was joined mid-stream. */
  request: { method: string; target: string } | null;
  /** HTTP/2 extended CONNECT only: the stream that carried it. */
  http_version?: '2';
  stream_id?: number;
  subprotocol: string | null;
  extensions: string[];
  /** Messages, payload bytes (on the wire) and frames each way. */
  client: { messages: number; bytes: number; frames: number };
  server: { messages: number; bytes: number; frames: number };
  /** The first close frame (RFC 6455 7.4): who sent it, its status code (null: none given) and reason. */
  close: { by: 'client' | 'server'; code: number | null; reason: string } | null;
  /** Compressed messages that could not be read (context unknown after a gap or join, or corrupt). */
  compressed_skipped: number;
  /** Messages a capture gap cut. */
  incomplete: number;
  /** Capture time of the handshake's answer (or the first byte) and of the last byte. */
  first_seen: string;
  last_seen: string;
}

/** One endpoint of the API inventory (docs/api-discovery.md): the delta format the cloud merges. */
export interface ApiEndpointRecord {
  type: 'api_endpoint';
  /** last_seen. */
  ts: string;
  host: string;
  method: string;
  /** Path template, e.g. `/api/users/{id}`; a gRPC method's path as called (`/pkg.Service/Method`). */
  template: string;
  /**
   * `grpc` for gRPC and gRPC-Web methods, `websocket` for a WebSocket endpoint (absent for HTTP
   * APIs): not in the OpenAPI documents.
   */
  kind?: 'grpc' | 'websocket';
  node_uuid?: string;
  /** route_config application id, when the record comes from one routed transaction. */
  application?: number;
  count: number;
  first_seen: string;
  last_seen: string;
  /** By location (path, query, header, cookie, body), then name or JSON path (`$.user.email`). */
  params: Partial<Record<'path' | 'query' | 'header' | 'cookie' | 'body', Record<string, ApiValueFacts>>>;
  request_content_types?: string[];
  /** bearer, jwt, basic, api_key_header:NAME, api_key_query:NAME, cookie:NAME. */
  auth?: string[];
  /** By status code. */
  responses: Record<string, { count: number; content_types?: string[]; body?: Record<string, ApiValueFacts> }>;
  /** WebSocket endpoints: the messages seen each way, and their JSON fields by path (`$.type`). */
  messages?: Partial<Record<'client' | 'server', { count: number; fields?: Record<string, ApiValueFacts> }>>;
  /** A GraphQL endpoint's operations by `<type> <root field>` (docs/api-discovery.md "GraphQL operations"). */
  graphql?: Record<string, ApiGraphqlOperation>;
}

export interface ApiGraphqlOperation {
  type: string;
  /** The root field (its name, not an alias). */
  field: string;
  count: number;
  /** Operation names clients gave (`query GetUser { user ... }`), at most MAX_OPERATION_NAMES. */
  operation_names?: string[];
  /** Per argument name: times it was passed (aliased copies count) and its types (a variable's declared type, or the literal's kind). */
  arguments?: Record<string, { count: number; types: string[] }>;
  /** Fragments the operations spread (directly or through other fragments). */
  fragments?: string[];
}

export interface ApiValueFacts {
  /** Calls that carried it (a parameter is required when this equals the endpoint's count). */
  count: number;
  types: string[];
  formats?: string[];
  /** Sensitive data kinds seen in its values (email, phone, card, iban, national_id, jwt, api_key, secret, password, ip). */
  sensitive?: string[];
}

export type VulnerabilityKind =
  | 'attack_succeeded'
  | 'info_exposure'
  | 'directory_listing'
  | 'secret_exposure'
  | 'exposed_admin_endpoint'
  | 'vulnerable_component'
  | 'weak_jwt'
  | 'credentials_in_url'
  | 'unauthenticated_sensitive_data'
  | 'graphql_introspection'
  | 'graphql_field_suggestion';

export interface VulnerabilityRecord extends RecordBase {
  type: 'vulnerability';
  kind: VulnerabilityKind;
  /** What exactly: the attack class, the exposure pattern, the component and CVE, the JWT weakness... */
  detail: string;
  endpoint: { method: string; template: string };
  /** A short excerpt showing it, secrets masked. */
  evidence: string;
  /** Capture time it was seen (records are de-duplicated: one per host, endpoint template, kind and detail). */
  first_seen: string;
  /** On a report again after `rereport_after` without the finding: the capture time it was last seen before. */
  previous_seen?: string;
  cve?: string[];
}

export interface SessionRequest {
  method: string;
  template: string;
  status: number | null;
  ts: string;
}

export interface SessionRecord extends RecordBase {
  type: 'session';
  /** Digest of the grouping key and its value (the raw cookie or token is never exported). */
  session_id: string;
  /** Which grouping key matched: cookie:NAME, header:NAME, auth_subject or ip_user_agent. */
  key: string;
  first_seen: string;
  last_seen: string;
  request_count: number;
  /** In capture order, at most api_discovery.sessions.max_requests. */
  requests: SessionRequest[];
  /** Values of the configured context parameters (first seen), at most 20. */
  context: Record<string, string>;
  /** Why it was closed: idle, evicted (session cap), end (end of capture or shutdown). */
  closed: 'idle' | 'evicted' | 'end';
}

export type NodeRecord =
  | TransactionRecord
  | AttackRecord
  | ApiEndpointRecord
  | VulnerabilityRecord
  | SessionRecord
  | WebSocketRecord
  | (RecordBase & Record<string, unknown>);

/** The record types, as `--emit` and `export.records` name them. */
export const RECORD_TYPES = ['transaction', 'attack', 'vulnerability', 'api_endpoint', 'session', 'websocket'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Where a producer (analysis, a worker thread) hands its records. */
export interface RecordSink {
  write(record: NodeRecord): void;
}
