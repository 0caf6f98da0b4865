/**
 * loadConfig: go-node.yaml -> a typed, defaulted NodeConfig, or every problem found, each with
 * file, line, column, message and hint. Never throws on bad input.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { DropOnOverload, Limits, LogLevel, NodeConfig, NodeMode, ProxyHeaderRule, TlsConfig } from './types';
import { buildCapturePlan } from './capture-plan';
import { buildCapturePlanV2, type RawTcpStream } from './capture-plan-v2';
import { checkModeKeys } from './modes';
import { buildInputFilters, type RawInputFilters } from './input-filters';
import { buildRouteConfig, type RawRouteConfig } from './route-config';
import { parseCidr } from './ip';
import { reportSchemaErrors } from './schema-problems';
import { validateDocument } from './schema';
import { ConfigSource, type ConfigProblem } from './source';
import { formatSize, parseDurationMs, parseSize } from './units';

export type { ConfigProblem } from './source';

export type LoadResult =
  { config: NodeConfig; warnings: ConfigProblem[] } | { errors: ConfigProblem[]; warnings: ConfigProblem[] };

/** The document after schema validation and defaulting (shapes guaranteed by the schema). */
interface ValidDoc {
  version: number;
  mode: NodeMode;
  tcp_stream: RawTcpStream;
  tcp_reassembler: { parse_responses: boolean; response_timeout: string };
  goreplay: {
    filter?: string;
    extra_args: Array<string | number>;
    parse_responses: boolean;
    response_timeout: string;
    url_normalize: boolean;
  };
  proxy_headers: Array<{ trusted_networks?: string[]; original_host: string[]; real_ip: string[] }>;
  route_config: RawRouteConfig;
  input_filters?: RawInputFilters;
  http_inspector: {
    workers: number | 'auto';
    queue_batches: number;
    warmup_ms: number;
    worker_nice: number;
    drop_on_overload: DropOnOverload;
    real_ip_header?: string;
  };
  log: {
    level: LogLevel;
    pretty: boolean;
    log_file: string;
    access_log: { enabled: boolean; verbose: boolean; log_file: string };
  };
  metrics: { enabled: boolean; listen_address: string; namespace: string; per_host_stats: boolean; legacy_status?: string };
  health_check: { enabled: boolean; listen_address: string };
  limits: {
    max_flows: number;
    stream_buffer_bytes: number | string;
    total_buffer_bytes: number | string;
    header_bytes: number | string;
    body_inspect_bytes: number | string;
    decompress_bytes: number | string;
    http2_max_streams: number;
    http2_header_table_bytes: number | string;
    http2_connection_body_bytes: number | string;
    websocket_message_bytes: number | string;
    websocket_messages_per_connection: number;
    websocket_inflate_bytes: number | string;
    idle_timeout: string;
    reorder_wait: string;
    ip_reassembly_bytes: number | string;
    ip_reassembly_timeout: string;
    attack_time_per_request: string;
  };
  tls: {
    enabled: boolean;
    keylog_files: string[];
    keylog_poll_interval: string;
    keylog_listen: { enabled: boolean; listen_address: string; token_file?: string; max_body_bytes: number | string };
    keys_max: number;
    keys_ttl: string;
    key_wait: string;
    key_wait_bytes: number | string;
    max_handshake_bytes: number | string;
    max_hosts: number;
  };
}

export async function loadConfig(path: string): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    const hint = e.code === 'EACCES' ? 'run as root or make the file readable' : 'check the path';
    return { errors: [{ file: path, line: 1, col: 1, path: '', message: `cannot read the config: ${why}`, hint }], warnings: [] };
  }
  return loadConfigText(text, path);
}

export function loadConfigText(text: string, sourceName: string): LoadResult {
  const src = new ConfigSource(sourceName, text);
  if (src.problems.length) return src.result();
  let data: unknown;
  try {
    data = src.toJS();
  } catch (err) {
    src.problem([], `YAML: ${(err as Error).message}`, 'simplify the anchors and aliases');
    return src.result();
  }
  // Before the schema fills in defaults: which keys the file itself names.
  const v2 = checkModeKeys(src, data) === 'tcp-capture-v2';
  if (!validateDocument(data)) {
    const errors = validateDocument.errors ?? [];
    reportSchemaErrors(src, errors);
    if (v2) {
      // The tcp_stream checks a schema cannot make, when the schema found nothing wrong there.
      if (!errors.some((e) => e.instancePath.startsWith('/tcp_stream') || e.instancePath.startsWith('/limits')))
        buildCapturePlanV2(src, (data as ValidDoc).tcp_stream, 0);
      return src.result();
    }
    // The capture section is checked too when the schema found nothing wrong in it, so one run
    // lists every problem the user has to fix.
    const captureBroken = errors.some(
      (e) =>
        e.keyword !== 'additionalProperties' &&
        e.keyword !== 'required' &&
        /^(\/goreplay(\/filter|\/extra_args(\/.*)?)?)?$/.test(e.instancePath),
    );
    if (!captureBroken) {
      buildCapturePlan(src, (data as ValidDoc).goreplay, 0);
    }
    return src.result();
  }
  const doc = data as ValidDoc;
  const limits = buildLimits(src, doc.limits);
  const capture = v2
    ? buildCapturePlanV2(src, doc.tcp_stream, limits.idleTimeoutSec)
    : buildCapturePlan(src, doc.goreplay, limits.idleTimeoutSec);
  const pairing = v2 ? doc.tcp_reassembler : doc.goreplay;
  const proxyHeaders = doc.proxy_headers.map(buildProxyRule);
  // Upstream's one-header form: the last rule, trusting every peer (as the upstream node does).
  const realIpHeader = doc.http_inspector.real_ip_header;
  if (realIpHeader !== undefined)
    proxyHeaders.push({ trustedNetworks: null, trustedRanges: null, originalHost: [], realIp: [realIpHeader] });
  const routes = buildRouteConfig(src, doc.route_config);
  const tls = buildTls(src, doc.tls);
  if (doc.route_config.wallarm_mode === 'block' || doc.route_config.wallarm_mode === 'safe_blocking') {
    src.warning(
      ['route_config', 'wallarm_mode'],
      `wallarm_mode ${doc.route_config.wallarm_mode}: this out-of-band node records attacks, it never blocks`,
      'use monitoring to say what happens',
    );
  }
  if (!capture || src.problems.length) return src.result();
  const config: NodeConfig = {
    source: sourceName,
    version: doc.version,
    mode: doc.mode,
    capture,
    parseResponses: pairing.parse_responses,
    responseTimeoutSec: seconds(pairing.response_timeout),
    urlNormalize: doc.goreplay.url_normalize,
    proxyHeaders,
    limits,
    workers: doc.http_inspector.workers === 'auto' ? os.availableParallelism() : doc.http_inspector.workers,
    workerQueueBatches: doc.http_inspector.queue_batches,
    workerWarmupMs: doc.http_inspector.warmup_ms,
    workerNice: doc.http_inspector.worker_nice,
    dropOnOverload: doc.http_inspector.drop_on_overload,
    log: {
      level: doc.log.level,
      pretty: doc.log.pretty,
      logFile: fileOrStderr(doc.log.log_file),
      accessLog: {
        enabled: doc.log.access_log.enabled,
        verbose: doc.log.access_log.verbose,
        logFile: fileOrStderr(doc.log.access_log.log_file),
      },
    },
    metrics: {
      enabled: doc.metrics.enabled,
      listenAddress: doc.metrics.listen_address,
      namespace: doc.metrics.namespace,
      perHostStats: doc.metrics.per_host_stats,
      statusAddress: doc.metrics.legacy_status ?? null,
    },
    healthCheck: { enabled: doc.health_check.enabled, listenAddress: doc.health_check.listen_address },
    inputFilters: buildInputFilters(doc.input_filters),
    routes,
    tls,
    raw: data as Record<string, unknown>,
  };
  return { config, warnings: src.result().warnings };
}

/** The built-in defaults, as a config file of just `mode: tcp-capture` gives them. */
export function defaultConfig(): NodeConfig {
  const result = loadConfigText('mode: tcp-capture\n', '');
  if (!('config' in result)) throw new Error('the built-in default config does not validate');
  return result.config;
}

function seconds(duration: string): number {
  return (parseDurationMs(duration) as number) / 1000;
}

function fileOrStderr(value: string): string | null {
  return value === 'stderr' ? null : value;
}

function buildLimits(src: ConfigSource, l: ValidDoc['limits']): Limits {
  const bytes = (v: number | string) => parseSize(v) as number;
  const limits: Limits = {
    maxFlows: l.max_flows,
    streamBufferBytes: bytes(l.stream_buffer_bytes),
    totalBufferBytes: bytes(l.total_buffer_bytes),
    headerBytes: bytes(l.header_bytes),
    bodyInspectBytes: bytes(l.body_inspect_bytes),
    decompressBytes: bytes(l.decompress_bytes),
    http2MaxStreams: l.http2_max_streams,
    http2HeaderTableBytes: bytes(l.http2_header_table_bytes),
    http2ConnectionBodyBytes: bytes(l.http2_connection_body_bytes),
    websocketMessageBytes: bytes(l.websocket_message_bytes),
    websocketMessagesPerConnection: l.websocket_messages_per_connection,
    websocketInflateBytes: bytes(l.websocket_inflate_bytes),
    idleTimeoutSec: seconds(l.idle_timeout),
    reorderWaitSec: seconds(l.reorder_wait),
    ipReassemblyBytes: bytes(l.ip_reassembly_bytes),
    ipReassemblyTimeoutSec: seconds(l.ip_reassembly_timeout),
    attackMillisPerRequest: parseDurationMs(l.attack_time_per_request) as number,
  };
  if (limits.streamBufferBytes > limits.totalBufferBytes) {
    src.problem(
      ['limits', 'stream_buffer_bytes'],
      `limits.stream_buffer_bytes (${formatSize(limits.streamBufferBytes)}) exceeds limits.total_buffer_bytes (${formatSize(limits.totalBufferBytes)})`,
      'one connection cannot buffer more than all of them together; lower it or raise total_buffer_bytes',
    );
  }
  return limits;
}

function buildTls(src: ConfigSource, t: ValidDoc['tls']): TlsConfig {
  const listen = t.keylog_listen;
  if (listen.enabled && listen.token_file === undefined) {
    src.problem(
      ['tls', 'keylog_listen'],
      'tls.keylog_listen is enabled without token_file',
      'write the bearer token into a file only the node can read (chmod 600) and name it in token_file',
    );
  }
  return {
    enabled: t.enabled,
    keylogFiles: t.keylog_files,
    keylogPollMs: parseDurationMs(t.keylog_poll_interval) as number,
    keylogListen:
      listen.enabled && listen.token_file !== undefined
        ? {
            listenAddress: listen.listen_address,
            tokenFile: listen.token_file,
            maxBodyBytes: parseSize(listen.max_body_bytes) as number,
          }
        : null,
    keysMax: t.keys_max,
    keysTtlSec: seconds(t.keys_ttl),
    keyWaitSec: seconds(t.key_wait),
    keyWaitBytes: parseSize(t.key_wait_bytes) as number,
    maxHandshakeBytes: parseSize(t.max_handshake_bytes) as number,
    maxHosts: t.max_hosts,
  };
}

function buildProxyRule(rule: ValidDoc['proxy_headers'][number]): ProxyHeaderRule {
  const networks = rule.trusted_networks ?? null;
  return {
    trustedNetworks: networks,
    // The schema's cidr format already accepted every entry, so parsing cannot fail here.
    trustedRanges: networks ? networks.map((n) => parseCidr(n) as Exclude<ReturnType<typeof parseCidr>, string>) : null,
    originalHost: rule.original_host,
    realIp: rule.real_ip,
  };
}
