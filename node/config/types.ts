/**
 * The typed, validated form of go-node.yaml that every other stage consumes. Produced only by
 * node/config (loadConfig); defaults are already applied, so consumers never re-default.
 */
/** `listeners`: tcp-capture-v2 with UDP listeners only (from_interface disabled). */
export type CaptureEngine = 'libpcap' | 'raw_socket' | 'af_packet' | 'vxlan' | 'pcap_file' | 'listeners';

export type FilterDirection = 'src' | 'dst' | 'any';

/** A parsed tcp-capture-v2 listener filter (node/config/listener-filter.ts). */
export type ListenerFilter =
  | { op: 'and' | 'or'; a: ListenerFilter; b: ListenerFilter }
  | { op: 'not'; a: ListenerFilter }
  | { op: 'net'; dir: FilterDirection; net: IpNetwork }
  | { op: 'port'; dir: FilterDirection; lo: number; hi: number }
  | { op: 'vlan'; vid: number | null }
  | { op: 'ip'; version: 4 | 6 | null };

export type NodeMode = 'tcp-capture' | 'tcp-capture-v2';

/** A UDP socket receiving tunnelled mirror traffic: the vxlan engine's, tcp-capture-v2's from_vxlan and from_geneve. */
export interface TunnelListenerPlan {
  encapsulation: 'vxlan' | 'geneve';
  /** Local address to bind; null = every address (IPv6 and IPv4). */
  address: string | null;
  port: number;
  /** The config key it comes from, for messages (e.g. `tcp_stream.from_geneve`). */
  key: string;
  /** Applied by the decoder to this listener's decapsulated packets (node/config/listener-filter.ts); null = all. */
  filter: ListenerFilter | null;
}

/** tcp_stream.ignore_ips: which address of a packet must lie in one of the networks for it to be ignored. */
export type IgnoreMatch = 'src' | 'dst' | 'src_or_dst' | 'src_and_dst';

export interface CaptureSource {
  /** Interface name; '' means every interface (GoReplay ':80'). For pcap_file: the file path. */
  iface: string;
  /** TCP ports of the monitored servers; empty means every port ('eth0:'). */
  ports: number[];
}

export interface CapturePlan {
  engine: CaptureEngine;
  sources: CaptureSource[];
  /** -input-raw-vlan: frames carry 802.1Q/QinQ tags. */
  vlan: boolean;
  /** -input-raw-vlan-vid: accept only these VIDs (any depth); empty = all. */
  vlanVids: number[];
  /** -input-raw-vxlan-port (default 4789). */
  vxlanPort: number;
  /** -input-raw-vxlan-vni: positive values include, negative exclude; empty = all VNIs. */
  vniInclude: number[];
  vniExclude: number[];
  /** -input-raw-bpf-filter: replaces the computed filter when set. */
  bpfOverride: string | null;
  snaplen: number;
  bufferSizeBytes: number;
  promisc: boolean;
  /** -input-raw-expire in seconds: idle TCP stream expiry. */
  expireSec: number;
  allowIncomplete: boolean;
  ignoreInterfaces: string[];
  /** UDP tunnel listeners opened besides (or instead of) interfaces. */
  listeners: TunnelListenerPlan[];
  /** from_geneve.vni_filter: GENEVE VNIs accepted; empty = all. */
  geneveVniInclude: number[];
  /** from_geneve.inner_vni_filter: VXLAN VNIs inside GENEVE accepted; empty = all. */
  innerVniInclude: number[];
  /** tcp_stream.ignore_ips; null = none. */
  ignoreIps: { subnets: string[]; networks: IpNetwork[]; match: IgnoreMatch } | null;
}

export interface Limits {
  /** Concurrent TCP connections tracked; the oldest idle is evicted beyond this. */
  maxFlows: number;
  /** Out-of-order bytes buffered per direction of one connection. */
  streamBufferBytes: number;
  /** Out-of-order bytes buffered across all connections. */
  totalBufferBytes: number;
  /** Longest request line / status line plus headers of one message. */
  headerBytes: number;
  /** Body bytes kept per message for analysis (the digest always covers the whole body). */
  bodyInspectBytes: number;
  /** Content-decoded (gzip/deflate/br) bytes produced per body at most. */
  decompressBytes: number;
  /** HTTP/2 streams tracked at once per connection (docs/http2.md). */
  http2MaxStreams: number;
  /** HPACK dynamic table bytes kept per direction of an HTTP/2 connection. */
  http2HeaderTableBytes: number;
  /** Body bytes kept across one HTTP/2 connection's open streams. */
  http2ConnectionBodyBytes: number;
  /** Payload bytes of one WebSocket message kept for analysis (docs/websocket.md). */
  websocketMessageBytes: number;
  /** WebSocket messages analysed per connection. */
  websocketMessagesPerConnection: number;
  /** Bytes one permessage-deflate message may inflate to. */
  websocketInflateBytes: number;
  /** Connections idle for longer than this are closed, seconds. */
  idleTimeoutSec: number;
  /** How long acknowledged but unseen bytes are waited for before they are a gap, seconds. */
  reorderWaitSec: number;
  /** Outer IP fragments of tunnel packets held for reassembly, bytes across all datagrams. */
  ipReassemblyBytes: number;
  /** A fragmented tunnel datagram incomplete this long after its first fragment is given up, seconds. */
  ipReassemblyTimeoutSec: number;
  /** Live capture only: wall milliseconds attack detection spends on one request (0 = no cap; docs/detection.md). */
  attackMillisPerRequest: number;
}

/** An IPv4 or IPv6 network in numeric form; IPv4 is held IPv4-mapped (::ffff:a.b.c.d, prefix 96+n). */
export interface IpNetwork {
  words: readonly [number, number, number, number];
  prefixLength: number;
}

export interface ProxyHeaderRule {
  /** Parsed CIDRs; null means every peer is trusted. */
  trustedNetworks: string[] | null;
  /** The same networks in numeric form, parsed once at load (node/config/ip.ts); null = all. */
  trustedRanges: IpNetwork[] | null;
  originalHost: string[];
  realIp: string[];
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** One input_filters rule; its conditions are ANDed, a missing condition matches everything. */
export interface FilterRule {
  /** Against the request path (normalized when url_normalize is on). */
  path: RegExp | null;
  /** Against the request target as sent: path and query. */
  url: RegExp | null;
  /** Each named header (lower-cased name) must be present with a value matching one of its patterns. */
  headers: Array<{ name: string; patterns: RegExp[] }>;
  /** The client address (after proxy_headers) must be in one of these; null = any address. */
  networks: IpNetwork[] | null;
}

/** input_filters: no inspect rules = inspect everything; a matching bypass rule always wins. */
export interface InputFilters {
  inspect: FilterRule[];
  bypass: FilterRule[];
}

export type WallarmMode = 'off' | 'monitoring' | 'safe_blocking' | 'block';

/** An nginx location: `= /x` exact, `^~ /x` prefix that stops regex search, `~`/`~*` regex, `/x` prefix. */
export type RouteMatch = { kind: 'exact' | 'prefix' | 'priority_prefix'; path: string } | { kind: 'regex'; regex: RegExp };

export interface RouteRule {
  /** Compiled host wildcards (any one matches); null = any host. */
  hosts: RegExp[] | null;
  /** null = every path (a host-only rule). */
  match: RouteMatch | null;
  /** null = inherited from the enclosing rule (or route_config itself). */
  application: number | null;
  mode: WallarmMode | null;
  routes: RouteRule[];
}

/** route_config: the application id and mode of a request, chosen per host and path. */
export interface RouteConfig {
  application: number;
  mode: WallarmMode;
  routes: RouteRule[];
}

/** tls (docs/tls.md): detection, key sources and the bounds of decryption. */
export interface TlsConfig {
  enabled: boolean;
  keylogFiles: string[];
  keylogPollMs: number;
  /** null = off. */
  keylogListen: { listenAddress: string; tokenFile: string; maxBodyBytes: number } | null;
  keysMax: number;
  keysTtlSec: number;
  keyWaitSec: number;
  keyWaitBytes: number;
  maxHandshakeBytes: number;
  maxHosts: number;
}

/**
 * Live capture with workers: `connections` sheds new connections whole at a worker's high-water
 * mark; `analyses` first skips the API analyses, then sheds connections (node/workers/shed.ts).
 */
export type DropOnOverload = 'connections' | 'analyses';

export interface NodeConfig {
  /** Path the config was read from ('' for the embedded default). */
  source: string;
  version: number;
  mode: NodeMode;
  capture: CapturePlan;
  parseResponses: boolean;
  responseTimeoutSec: number;
  urlNormalize: boolean;
  proxyHeaders: ProxyHeaderRule[];
  limits: Limits;
  workers: number;
  /** http_inspector.queue_batches: live capture's bound of frame batches queued per worker. */
  workerQueueBatches: number;
  /** http_inspector.warmup_ms: how long a live worker analyses sample traffic before it is ready (0 = none). */
  workerWarmupMs: number;
  /** http_inspector.worker_nice: nice levels the live workers run below the capture thread (Linux). */
  workerNice: number;
  /** http_inspector.drop_on_overload: what a worker whose backlog grows sheds (docs/configuration.md). */
  dropOnOverload: DropOnOverload;
  log: {
    level: LogLevel;
    pretty: boolean;
    /** null = stderr. */
    logFile: string | null;
    accessLog: { enabled: boolean; verbose: boolean; logFile: string | null };
  };
  metrics: {
    enabled: boolean;
    listenAddress: string;
    namespace: string;
    /** tcp-capture-v2 metrics.per_host_stats: transactions and attacks counted per HTTP host. */
    perHostStats: boolean;
    /** tcp-capture-v2 metrics.legacy_status: the JSON status page address; null = run's default. */
    statusAddress: string | null;
  };
  healthCheck: { enabled: boolean; listenAddress: string };
  inputFilters: InputFilters;
  routes: RouteConfig;
  tls: TlsConfig;
  /** The raw validated document, for sections other stages own (route_config, input_filters). */
  raw: Record<string, unknown>;
}
