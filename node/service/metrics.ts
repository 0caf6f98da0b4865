/**
 * The Prometheus registry of `run`: every metric is read from a ServiceSnapshot when scraped
 * (collect-on-scrape), so the capture path only ever bumps plain counters. Names are prefixed
 * with metrics.namespace; docs/operations.md lists them all with queries and alarms.
 */
import { Registry } from 'prom-client';
import { DECODE_SKIPS, DECODE_TALLIES } from '../decode/counters';
import { HTTP_ERROR_KINDS } from '../http/counters';
import { ATTACK_CLASSES } from '../records/types';
import { GRAPHQL_COUNTER_NAMES } from '../graphql/counters';
import { CAP_KINDS } from '../analysis/attacks/budget';
import type { LaneStats } from '../workers/pool';
import { SHED_REASONS } from '../workers/shed';
import { UNDECRYPTED_REASONS } from '../tls/counters';
import type { ServiceSnapshot } from './snapshot';
import { STAGES } from '../stage-clock';

type Labels = Record<string, string>;
/** A single value, or one value per label set; null = not known (the series is left out). */
type Reading = number | null | Array<[Labels, number | null]>;

interface MetricDef {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  labels?: string[];
  read(s: ServiceSnapshot): Reading;
}

const CLOSE_REASONS = ['fin', 'rst', 'idle', 'evicted', 'end', 'shed'] as const;

export const METRICS: readonly MetricDef[] = [
  {
    name: 'build_info',
    type: 'gauge',
    labels: ['version'],
    help: 'Always 1; the version label says what runs.',
    read: (s) => [[{ version: s.version }, 1]],
  },
  {
    name: 'ready',
    type: 'gauge',
    help: '1 when /ready answers 200 (capture open, config loaded, spool below its cap).',
    read: (s) => (s.readiness.ready ? 1 : 0),
  },
  {
    name: 'capture_packets_total',
    type: 'counter',
    help: 'Frames the capture handed to the node.',
    read: (s) => s.capture.packets,
  },
  { name: 'capture_bytes_total', type: 'counter', help: 'Bytes of those frames as on the wire.', read: (s) => s.capture.bytes },
  {
    name: 'capture_kernel_dropped_total',
    type: 'counter',
    help: 'Frames the kernel dropped because the node did not read fast enough (pcap ps_drop, UDP receive queue drops).',
    read: (s) => s.capture.kernelDropped,
  },
  {
    name: 'capture_interface_dropped_total',
    type: 'counter',
    help: 'Frames the interface or driver dropped before capture.',
    read: (s) => s.capture.interfaceDropped,
  },
  {
    name: 'decode_tcp_segments_total',
    type: 'counter',
    help: 'TCP segments decoded from captured frames.',
    read: (s) => s.decode.segments,
  },
  {
    name: 'decode_skipped_total',
    type: 'counter',
    labels: ['reason'],
    help: 'Frames that yielded no TCP segment, by reason.',
    read: (s) => DECODE_SKIPS.map((k) => [{ reason: k }, s.decode[k]]),
  },
  {
    name: 'decode_skipped_bytes_total',
    type: 'counter',
    labels: ['reason'],
    help: 'Bytes of the frames that yielded no TCP segment, by reason.',
    read: (s) => DECODE_SKIPS.map((k) => [{ reason: k }, s.decode[`bytes_${k}`]]),
  },
  {
    name: 'decode_tunnels_total',
    type: 'counter',
    labels: ['encapsulation'],
    help: 'Tunnel headers walked (vxlan, geneve, gre, erspan).',
    read: (s) =>
      DECODE_TALLIES.filter((k) => k.startsWith('tunnel_')).map((k) => [
        { encapsulation: k.slice('tunnel_'.length) },
        s.decode[k],
      ]),
  },
  {
    name: 'ip_reassembly_datagrams_total',
    type: 'counter',
    labels: ['outcome'],
    help: 'Outer tunnel datagrams sent as IP fragments: reassembled, expired (limits.ip_reassembly_timeout), evicted (limits.ip_reassembly_bytes).',
    read: (s) => [
      [{ outcome: 'reassembled' }, s.decode.datagrams_reassembled],
      [{ outcome: 'expired' }, s.decode.datagrams_expired],
      [{ outcome: 'evicted' }, s.decode.datagrams_evicted],
    ],
  },
  { name: 'flows_active', type: 'gauge', help: 'TCP connections tracked now.', read: (s) => s.reassembly.activeFlows },
  {
    name: 'flows_created_total',
    type: 'counter',
    help: 'TCP connections tracked since start.',
    read: (s) => s.reassembly.flowsCreated,
  },
  {
    name: 'flows_midstream_total',
    type: 'counter',
    help: 'Connections first seen without their handshake.',
    read: (s) => s.reassembly.flowsMidstream,
  },
  {
    name: 'flows_one_way_total',
    type: 'counter',
    help: 'Closed connections of which only one direction was mirrored (one-way mirror).',
    read: (s) => s.reassembly.flowsOneWay,
  },
  {
    name: 'flows_closed_total',
    type: 'counter',
    labels: ['reason'],
    help: 'TCP connections closed, by reason (evicted = limits.max_flows reached; shed = cut by drop_on_overload, dropped unreported).',
    read: (s) => {
      const r = s.reassembly;
      const by = {
        fin: r.closedFin,
        rst: r.closedRst,
        idle: r.closedIdle,
        evicted: r.closedEvicted,
        end: r.closedEnd,
        shed: r.closedShed,
      };
      return CLOSE_REASONS.map((k) => [{ reason: k }, by[k]]);
    },
  },
  {
    name: 'reassembly_buffered_bytes',
    type: 'gauge',
    help: 'Out-of-order bytes buffered across connections (cap: limits.total_buffer_bytes).',
    read: (s) => s.reassembly.bufferedBytes,
  },
  {
    name: 'reassembly_gaps_total',
    type: 'counter',
    help: 'Stream holes declared lost (capture loss, buffer caps).',
    read: (s) => s.reassembly.gaps,
  },
  { name: 'reassembly_gap_bytes_total', type: 'counter', help: 'Bytes those holes covered.', read: (s) => s.reassembly.gapBytes },
  {
    name: 'reassembly_cap_hits_total',
    type: 'counter',
    labels: ['cap'],
    help: 'Times a buffer cap forced bytes out (stream = limits.stream_buffer_bytes, total = limits.total_buffer_bytes).',
    read: (s) => [
      [{ cap: 'stream' }, s.reassembly.streamCapHits],
      [{ cap: 'total' }, s.reassembly.totalCapHits],
    ],
  },
  {
    name: 'reassembly_retransmitted_segments_total',
    type: 'counter',
    help: 'Segments whose bytes had been seen before.',
    read: (s) => s.reassembly.retransmittedSegments,
  },
  {
    name: 'reassembly_overlap_conflicts_total',
    type: 'counter',
    help: 'Overlapping segments whose bytes differed from the first copy (kept).',
    read: (s) => s.reassembly.overlapConflicts,
  },
  {
    name: 'analysis_threads',
    type: 'gauge',
    help: 'Threads analysing traffic (http_inspector.workers); 1 = the capture thread itself, which then has no queue.',
    read: (s) => s.analysisThreads,
  },
  {
    name: 'stage_cpu_seconds_total',
    type: 'counter',
    labels: ['stage'],
    help: 'CPU seconds the analysis threads spent per pipeline stage (capture, decode, reassembly, http, attacks, discovery, vulnerabilities, sessions, output), estimated from sampled frames; summed over workers.',
    read: (s) => STAGES.map((k) => [{ stage: k }, s.stageSeconds[k]]),
  },
  {
    name: 'analysis_queue_dropped_frames_total',
    type: 'counter',
    labels: ['worker'],
    help: 'Frames lost because the worker owning their connection had its queue full (analysis slower than the traffic even after new connections were shed): the frame that cut its connection (drop_on_overload, reason=queue_full) and every later frame of it; also in analysis_shed_frames_total. Only with workers.',
    read: (s) => perWorker(s, (w) => w.queueDrops),
  },
  {
    name: 'analysis_shed_connections_total',
    type: 'counter',
    labels: ['worker', 'reason'],
    help: 'Connections shed whole by http_inspector.drop_on_overload: every frame dropped until they end. reason=backlog: new connections while the worker backlog was past three quarters of queue_batches; queue_full: cut at the queue bound (dropped unreported). Only with workers.',
    read: (s) =>
      s.workers === null
        ? null
        : s.workers.perWorker.flatMap((w, i) =>
            SHED_REASONS.map((reason): [Labels, number] => [{ worker: String(i), reason }, w.shed.connections[reason]]),
          ),
  },
  {
    name: 'analysis_shed_frames_total',
    type: 'counter',
    labels: ['worker'],
    help: 'Frames of shed connections dropped on the capture thread. Only with workers.',
    read: (s) => perWorker(s, (w) => w.shed.frames),
  },
  {
    name: 'analysis_api_skipped_batches_total',
    type: 'counter',
    labels: ['worker'],
    help: 'Frame batches analysed without the API analyses (drop_on_overload: analyses, backlog at half of queue_batches or more). Only with workers.',
    read: (s) => perWorker(s, (w) => w.shed.apiSkippedBatches),
  },
  {
    name: 'analysis_api_skipped_transactions_total',
    type: 'counter',
    help: 'Transactions whose API analyses (discovery, vulnerability checks, sessions) were skipped by drop_on_overload: analyses; their transaction and attack records are complete.',
    read: (s) => s.analysis.apiSkipped,
  },
  {
    name: 'analysis_backlog_batches',
    type: 'gauge',
    labels: ['worker'],
    help: 'Frame batches queued to a worker and not yet analysed (bound: http_inspector.queue_batches, default 128); only with workers.',
    read: (s) => perWorker(s, (w) => w.backlogBatches),
  },
  {
    name: 'analysis_backlog_bytes',
    type: 'gauge',
    labels: ['worker'],
    help: 'Frame bytes in those batches; only with workers.',
    read: (s) => perWorker(s, (w) => w.backlogBytes),
  },
  {
    name: 'capture_thread_cpu_seconds_total',
    type: 'counter',
    help: 'CPU seconds of the capture thread, which decodes every frame and hands it to its worker (its share per stage is in stage_cpu_seconds_total); near 1 per second it is the limit. Only with workers.',
    read: (s) =>
      s.workers === null || !Number.isFinite(s.workers.captureThread.cpuSeconds) ? null : s.workers.captureThread.cpuSeconds,
  },
  { name: 'http_requests_total', type: 'counter', help: 'Request heads parsed.', read: (s) => s.http.requests },
  { name: 'http_responses_total', type: 'counter', help: 'Final response heads parsed.', read: (s) => s.http.responses },
  {
    name: 'http_transactions_total',
    type: 'counter',
    help: 'Requests paired with their response (or with none) by the HTTP stage, before input_filters.',
    read: (s) => s.http.transactions,
  },
  {
    name: 'http_unpaired_messages_total',
    type: 'counter',
    labels: ['kind'],
    help: 'Messages reported or dropped without their pair: request_without_response (timeout, close, one-way mirror), response_without_request (late), response_lost (in a server-side gap), pending_evicted.',
    read: (s) => [
      [{ kind: 'request_without_response' }, s.http.transactionsWithoutResponse],
      [{ kind: 'response_without_request' }, s.http.lateResponses],
      [{ kind: 'response_lost' }, s.http.responsesLost],
      [{ kind: 'pending_evicted' }, s.http.pendingEvicted],
    ],
  },
  {
    name: 'http_response_timeouts_total',
    type: 'counter',
    help: 'Requests emitted without response after goreplay.response_timeout.',
    read: (s) => s.http.responseTimeouts,
  },
  {
    name: 'http_parse_errors_total',
    type: 'counter',
    labels: ['kind'],
    help: 'HTTP protocol errors, by kind (parsing resumes at the next message).',
    read: (s) => HTTP_ERROR_KINDS.map((k) => [{ kind: k }, s.http.errors[k]]),
  },
  {
    name: 'http_bodies_truncated_total',
    type: 'counter',
    help: 'Bodies longer than limits.body_inspect_bytes (inspected up to the cap; digest complete).',
    read: (s) => s.http.bodiesTruncated,
  },
  {
    name: 'http_bodies_incomplete_total',
    type: 'counter',
    help: 'Bodies that ended before their framing said (gap, close).',
    read: (s) => s.http.bodiesIncomplete,
  },
  {
    name: 'http2_connections_total',
    type: 'counter',
    help: 'Connections read as HTTP/2 (prior knowledge, h2c upgrade, mid-stream).',
    read: (s) => s.http2.connections,
  },
  {
    name: 'http2_streams_total',
    type: 'counter',
    help: 'HTTP/2 streams opened (request HEADERS or PUSH_PROMISE).',
    read: (s) => s.http2.streams,
  },
  {
    name: 'http2_transactions_total',
    type: 'counter',
    help: 'HTTP/2 streams emitted as transactions, before input_filters.',
    read: (s) => s.http2.transactions,
  },
  {
    name: 'http2_hpack_unknown_refs_total',
    type: 'counter',
    help: 'HTTP/2 header fields left out: they referred to HPACK table entries not known (mid-stream join, gap).',
    read: (s) => s.http2.hpackUnknownRefs,
  },
  {
    name: 'http2_streams_evicted_total',
    type: 'counter',
    help: 'HTTP/2 streams emitted early: limits.http2_max_streams open on one connection.',
    read: (s) => s.http2.streamsEvicted,
  },
  {
    name: 'websocket_connections_total',
    type: 'counter',
    help: 'Connections read as WebSocket (after a 101, HTTP/2 extended CONNECT, mid-stream).',
    read: (s) => s.websocket.connections,
  },
  {
    name: 'websocket_messages_total',
    type: 'counter',
    help: 'WebSocket messages seen, both directions.',
    read: (s) => s.websocket.messages,
  },
  {
    name: 'websocket_messages_not_inspected_total',
    type: 'counter',
    help: 'WebSocket messages not analysed: limits.websocket_messages_per_connection reached.',
    read: (s) => s.websocket.messagesNotInspected,
  },
  {
    name: 'websocket_compressed_skipped_total',
    type: 'counter',
    help: 'Compressed WebSocket messages not read: context unknown after a gap or mid-stream join, or corrupt.',
    read: (s) => s.websocket.compressedSkipped,
  },
  {
    name: 'transactions_analyzed_total',
    type: 'counter',
    help: 'Transactions that passed input_filters and were recorded.',
    read: (s) => s.analysis.transactions,
  },
  {
    name: 'host_transactions_total',
    type: 'counter',
    labels: ['host'],
    help: 'metrics.per_host_stats: recorded transactions per HTTP host (hosts beyond 1000 per analysis thread under host="other").',
    read: (s) => Object.entries(s.analysis.byHost).map(([host, n]) => [{ host }, n.transactions]),
  },
  {
    name: 'host_attacks_total',
    type: 'counter',
    labels: ['host'],
    help: 'metrics.per_host_stats: attack records per HTTP host.',
    read: (s) => Object.entries(s.analysis.byHost).map(([host, n]) => [{ host }, n.attacks]),
  },
  {
    name: 'transactions_without_response_total',
    type: 'counter',
    help: 'Analysed transactions with no response seen.',
    read: (s) => s.analysis.transactionsWithoutResponse,
  },
  {
    name: 'requests_bypassed_total',
    type: 'counter',
    help: 'Requests input_filters excluded (not analysed, not recorded).',
    read: (s) => s.analysis.bypassed,
  },
  {
    name: 'requests_mode_off_total',
    type: 'counter',
    help: 'Requests on a route with wallarm_mode off (recorded, not searched for attacks).',
    read: (s) => s.analysis.modeOff,
  },
  {
    name: 'proxy_header_errors_total',
    type: 'counter',
    help: 'Malformed proxy_headers values ignored.',
    read: (s) => s.analysis.proxyHeaderErrors,
  },
  {
    name: 'attacks_total',
    type: 'counter',
    labels: ['class'],
    help: 'Attack records by class (a record with two classes counts in both).',
    read: (s) => ATTACK_CLASSES.map((k) => [{ class: k }, s.analysis.attacksByClass[k]]),
  },
  {
    name: 'graphql_events_total',
    type: 'counter',
    labels: ['event'],
    help: 'GraphQL requests read by transport, calls, documents not parsed and why, introspection, abuse limits met (docs/graphql.md).',
    read: (s) => GRAPHQL_COUNTER_NAMES.map((k) => [{ event: k }, s.analysis.graphql?.[k] ?? 0]),
  },
  {
    name: 'attack_caps_total',
    type: 'counter',
    labels: ['cap'],
    help: 'Requests cut short or values trimmed by each attack-detection cap (docs/detection.md).',
    read: (s) => CAP_KINDS.map((k) => [{ cap: k }, s.analysis.attackCaps?.[k] ?? 0]),
  },
  {
    name: 'anomaly_profiles',
    type: 'gauge',
    labels: ['kind'],
    help: 'Endpoints, parameters and host-wide parameter names with a parameter profile now (docs/detection.md "Parameter profiles").',
    read: (s) => [
      [{ kind: 'endpoints' }, s.analysis.profiles?.endpoints ?? 0],
      [{ kind: 'parameters' }, s.analysis.profiles?.parameters ?? 0],
      [{ kind: 'shared_parameters' }, s.analysis.profiles?.sharedParameters ?? 0],
    ],
  },
  {
    name: 'anomaly_profile_values_total',
    type: 'counter',
    help: 'Values judged against and learned by parameter profiles.',
    read: (s) => s.analysis.profiles?.values ?? 0,
  },
  {
    name: 'anomaly_profiles_capped_total',
    type: 'counter',
    labels: ['kind'],
    help: 'New endpoints (anomaly_detection.max_endpoints), parameters (max_parameters_per_endpoint) and host-wide parameter names (max_shared_parameters) not profiled because the cap was reached.',
    read: (s) => [
      [{ kind: 'endpoints' }, s.analysis.profiles?.endpointsCapped ?? 0],
      [{ kind: 'parameters' }, s.analysis.profiles?.parametersCapped ?? 0],
      [{ kind: 'shared' }, s.analysis.profiles?.sharedCapped ?? 0],
    ],
  },
  {
    name: 'anomaly_profile_events_total',
    type: 'counter',
    labels: ['event'],
    help: 'Warm-up values taken back when a profile was established, parameters new at a settled endpoint, required parameters missing, new words in a closed vocabulary (docs/detection.md "Parameter profiles").',
    read: (s) => [
      [{ event: 'rejudged' }, s.analysis.profiles?.rejudged ?? 0],
      [{ event: 'unusual_parameter' }, s.analysis.profiles?.unusualParameters ?? 0],
      [{ event: 'missing_parameter' }, s.analysis.profiles?.missingParameters ?? 0],
      [{ event: 'new_word' }, s.analysis.profiles?.newWords ?? 0],
    ],
  },
  {
    name: 'attack_records_total',
    type: 'counter',
    labels: ['verdict'],
    help: 'Attack records by verdict.',
    read: (s) => (['attempt', 'blocked', 'succeeded'] as const).map((k) => [{ verdict: k }, s.analysis.attacksByVerdict[k]]),
  },
  {
    name: 'export_records_total',
    type: 'counter',
    labels: ['outcome'],
    help: 'Records through the cloud export: spooled (durable), exported (acknowledged), dropped (spool cap, write failure), parked (refused by the cloud).',
    read: (s) => {
      const e = s.export;
      return [
        ['spooled', e?.spooledRecords],
        ['exported', e?.exportedRecords],
        ['dropped', e?.droppedRecords],
        ['parked', e?.parkedRecords],
      ].map(([k, v]) => [{ outcome: k as string }, (v as number | undefined) ?? null]);
    },
  },
  {
    name: 'export_spool_bytes',
    type: 'gauge',
    help: 'Bytes in the on-disk spool (unsent and not yet compacted).',
    read: (s) => s.export?.spoolBytes ?? null,
  },
  {
    name: 'export_spool_pending_batches',
    type: 'gauge',
    help: 'Batches waiting to be sent.',
    read: (s) => s.export?.pendingBatches ?? null,
  },
  {
    name: 'export_retries_total',
    type: 'counter',
    help: 'Failed send attempts retried with backoff.',
    read: (s) => s.export?.retries ?? null,
  },
  {
    name: 'export_heartbeat_failures_total',
    type: 'counter',
    help: 'Heartbeats the cloud did not acknowledge.',
    read: (s) => s.export?.heartbeatFailures ?? null,
  },
  {
    name: 'access_log_lines_total',
    type: 'counter',
    help: 'Access log lines written (log.access_log).',
    read: (s) => s.accessLog?.lines ?? null,
  },
  {
    name: 'access_log_write_errors_total',
    type: 'counter',
    help: 'Access log lines lost because the file could not be written (disk full).',
    read: (s) => s.accessLog?.writeErrors ?? null,
  },
  {
    name: 'tls_connections_total',
    type: 'counter',
    help: 'Connections read as TLS (docs/tls.md).',
    read: (s) => s.tls?.connections ?? null,
  },
  {
    name: 'tls_decrypted_connections_total',
    type: 'counter',
    help: 'TLS connections whose application data was decrypted with key-log secrets.',
    read: (s) => s.tls?.decrypted ?? null,
  },
  {
    name: 'tls_decrypted_share',
    type: 'gauge',
    help: 'Decrypted TLS connections / TLS connections since start (0..1).',
    read: (s) => s.tls?.decryptedShare ?? null,
  },
  {
    name: 'tls_undecrypted_connections_total',
    type: 'counter',
    labels: ['reason'],
    help: 'TLS connections not decrypted, by reason (no_keys, rsa_key_exchange, unsupported_cipher, unsupported_version, decrypt_failure, no_handshake, gap, unsupported_alpn, handshake_only, bad_record).',
    read: (s) => (s.tls === null ? null : UNDECRYPTED_REASONS.map((r) => [{ reason: r }, s.tls!.undecrypted[r]])),
  },
  { name: 'tls_records_total', type: 'counter', help: 'TLS records read.', read: (s) => s.tls?.records ?? null },
  {
    name: 'tls_record_bytes_total',
    type: 'counter',
    help: 'Bytes of those records (headers included).',
    read: (s) => s.tls?.recordBytes ?? null,
  },
  {
    name: 'tls_plaintext_bytes_total',
    type: 'counter',
    help: 'Decrypted application-data bytes handed to HTTP.',
    read: (s) => s.tls?.plaintextBytes ?? null,
  },
  {
    name: 'tls_key_waits_total',
    type: 'counter',
    labels: ['outcome'],
    help: 'Connections that waited for their keys after the handshake: waited (all), timeout (tls.key_wait passed), overflow (tls.key_wait_bytes buffered).',
    read: (s) =>
      s.tls === null
        ? null
        : [
            [{ outcome: 'waited' }, s.tls.keyWaits],
            [{ outcome: 'timeout' }, s.tls.keyWaitTimeouts],
            [{ outcome: 'overflow' }, s.tls.keyWaitOverflows],
          ],
  },
  {
    name: 'tls_resumed_total',
    type: 'counter',
    help: 'TLS 1.2 connections resumed (session id or ticket).',
    read: (s) => s.tls?.resumed ?? null,
  },
  {
    name: 'tls_key_updates_total',
    type: 'counter',
    help: 'TLS 1.3 KeyUpdate messages followed.',
    read: (s) => s.tls?.keyUpdates ?? null,
  },
  {
    name: 'tls_early_data_skipped_total',
    type: 'counter',
    help: 'TLS 1.3 0-RTT records skipped (not decrypted).',
    read: (s) => s.tls?.earlyDataSkipped ?? null,
  },
  {
    name: 'tls_handshake_too_large_total',
    type: 'counter',
    help: 'Handshake messages over tls.max_handshake_bytes (skipped).',
    read: (s) => s.tls?.handshakeTooLarge ?? null,
  },
  {
    name: 'tls_keylog_lines_total',
    type: 'counter',
    labels: ['result'],
    help: 'Key-log lines taken by the key store(s) (summed over analysis threads), ok or bad (not a key-log line; never logged).',
    read: (s) =>
      s.tls === null
        ? null
        : [
            [{ result: 'ok' }, s.tls.keylog.lines - s.tls.keylog.badLines],
            [{ result: 'bad' }, s.tls.keylog.badLines],
          ],
  },
  {
    name: 'tls_keys_dropped_total',
    type: 'counter',
    labels: ['reason'],
    help: 'Client randoms dropped from the key store: expired (tls.keys_ttl), evicted (tls.keys_max).',
    read: (s) =>
      s.tls === null
        ? null
        : [
            [{ reason: 'expired' }, s.tls.keylog.expired],
            [{ reason: 'evicted' }, s.tls.keylog.evicted],
          ],
  },
  {
    name: 'tls_keylog_file_events_total',
    type: 'counter',
    labels: ['event'],
    help: 'tls.keylog_files: rotations (a file replaced or truncated, read again) and read errors (missing, unreadable).',
    read: (s) => {
      const f = s.tls?.sources.files;
      return f
        ? [
            [{ event: 'rotation' }, f.rotations],
            [{ event: 'read_error' }, f.readErrors],
          ]
        : null;
    },
  },
  {
    name: 'tls_keylog_endpoint_requests_total',
    type: 'counter',
    labels: ['outcome'],
    help: 'tls.keylog_listen POSTs: accepted, unauthorized (token), too_large, bad_request.',
    read: (s) => {
      const e = s.tls?.sources.endpoint;
      return e
        ? [
            [{ outcome: 'accepted' }, e.accepted],
            [{ outcome: 'unauthorized' }, e.unauthorized],
            [{ outcome: 'too_large' }, e.tooLarge],
            [{ outcome: 'bad_request' }, e.badRequests],
          ]
        : null;
    },
  },
  { name: 'process_resident_memory_bytes', type: 'gauge', help: 'Resident set size.', read: (s) => s.process.rssBytes },
  { name: 'process_heap_used_bytes', type: 'gauge', help: 'V8 heap in use.', read: (s) => s.process.heapUsedBytes },
  {
    name: 'event_loop_delay_seconds',
    type: 'gauge',
    labels: ['quantile'],
    help: 'Event-loop delay since the previous scrape (quantile 1 = maximum).',
    read: (s) => {
      const d = s.process.eventLoopDelayMs;
      return [
        [{ quantile: '0.5' }, d.p50 / 1000],
        [{ quantile: '0.99' }, d.p99 / 1000],
        [{ quantile: '1' }, d.max / 1000],
      ];
    },
  },
  { name: 'uptime_seconds', type: 'gauge', help: 'Seconds since the service started.', read: (s) => s.uptime_seconds },
];

/** One series per analysis worker (label worker="0".."N-1"); none on one thread. */
function perWorker(s: ServiceSnapshot, pick: (w: LaneStats) => number): Reading {
  return s.workers === null ? null : s.workers.perWorker.map((w, i) => [{ worker: String(i) }, pick(w)]);
}

/**
 * A registry whose metrics read `current()` at scrape time; the caller refreshes the snapshot
 * once per scrape before calling registry.metrics(). Each metric is a small collector object
 * (prom-client's registerMetric protocol: name, help, type, get()) rather than a Counter/Gauge,
 * so a value that is not known (no exporter, no kernel counters) yields no series instead of a
 * made-up 0.
 */
export function createMetricsRegistry(namespace: string, current: () => ServiceSnapshot): Registry {
  const registry = new Registry();
  for (const def of METRICS) {
    const name = `${namespace}_${def.name}`;
    const collector = {
      name,
      help: def.help,
      type: def.type,
      aggregator: 'sum',
      get: async () => ({ name, help: def.help, type: def.type, aggregator: 'sum', values: samples(def.read(current())) }),
      reset: () => {},
    };
    registry.registerMetric(collector as unknown as Parameters<Registry['registerMetric']>[0]);
  }
  return registry;
}

function samples(reading: Reading): Array<{ labels: Labels; value: number }> {
  if (reading === null) return [];
  if (typeof reading === 'number') return [{ labels: {}, value: reading }];
  const out: Array<{ labels: Labels; value: number }> = [];
  for (const [labels, value] of reading) if (value !== null) out.push({ labels, value });
  return out;
}
