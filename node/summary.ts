/** The one-paragraph account of a run that replay prints to stderr (and run logs at exit). */
import type { AnalyzerCounters } from './analysis/transaction-analyzer';
import type { CaptureFileStats } from './capture/types';
import { DECODE_SKIPS, DECODE_TALLIES, type DecodeCounters } from './decode/counters';
import type { HttpCounters } from './http/counters';
import type { Http2Counters } from './http2/counters';
import type { WebSocketCounters } from './websocket/counters';
import type { WebSocketAnalyzerCounters } from './analysis/websocket-analyzer';
import { GRAPHQL_COUNTER_NAMES } from './graphql/counters';
import { CAP_KINDS } from './analysis/attacks/budget';
import { PROFILE_COUNTER_NAMES } from './analysis/attacks/profile/profiles';
import type { ReassemblyCounters } from './reassembly/counters';
import { UNDECRYPTED_REASONS, type TlsCounters } from './tls/counters';
import type { KeyLogCounters } from './tls/keylog';
import type { BuiltNode } from './node-builder';
import { STAGES, type StageName } from './stage-clock';

/** Every counter the summary reads: one node's, or the sum over worker threads (node/workers). */
export interface NodeCounters {
  decode: DecodeCounters;
  reassembly: ReassemblyCounters;
  http: HttpCounters;
  http2: Http2Counters;
  /** The WebSocket layer and its analysis (docs/websocket.md "Counters"). */
  websocket: WebSocketCounters & WebSocketAnalyzerCounters;
  analyzer: AnalyzerCounters;
  /** API discovery, vulnerabilities and sessions; null when none is produced. */
  api: Record<string, number> | null;
  /** TLS and its key store; null when tls.enabled is false. */
  tls: TlsCounters | null;
  keylog: KeyLogCounters | null;
  /** Estimated seconds spent per pipeline stage (node/stage-clock; summed over worker threads). */
  stages: Record<StageName, number>;
}

/** NodeCounters plus the gauges of the live service (metrics, status page): connections now tracked. */
export interface LiveCounters extends NodeCounters {
  flows: { active: number; bufferedBytes: number };
}

export function countersOf(node: BuiltNode): LiveCounters {
  const p = node.pipeline;
  return {
    decode: p.decoder.counters,
    reassembly: p.reassembler.counters,
    http: p.http.counters,
    http2: p.http2.counters,
    websocket: { ...p.websocket.counters, ...node.analyzer.websocket.counters },
    analyzer: node.analyzer.counters,
    api: node.api?.allCounters() ?? null,
    tls: p.tls?.counters ?? null,
    keylog: p.tls?.store.counters ?? null,
    stages: node.clock.seconds(),
    flows: { active: p.reassembler.activeFlows, bufferedBytes: p.reassembler.bufferedBytes },
  };
}

/** `tls: connections=3 decrypted=2 (67%) not_decrypted: no_keys=1 versions: 1.3=3`. */
export function tlsSummary(t: TlsCounters): string {
  const share = t.connections ? Math.round((100 * t.decrypted) / t.connections) : 0;
  const extra = nonZero([
    ['resumed', t.resumed],
    ['key_updates', t.keyUpdates],
    ['key_waits', t.keyWaits],
    ['key_wait_timeouts', t.keyWaitTimeouts],
    ['key_wait_overflows', t.keyWaitOverflows],
    ['early_data_skipped', t.earlyDataSkipped],
  ]);
  return `  tls: connections=${t.connections} decrypted=${t.decrypted} (${share}%) not_decrypted: ${nonZero(UNDECRYPTED_REASONS.map((r) => [r, t.undecrypted[r]]))} versions: ${nonZero(Object.entries(t.versions))}${extra === 'none' ? '' : ` ${extra}`}`;
}

function nonZero(entries: Array<[string, number]>): string {
  const parts = entries.filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`);
  return parts.length ? parts.join(' ') : 'none';
}

export function formatSummary(stats: CaptureFileStats | null, node: BuiltNode | NodeCounters): string {
  const c = 'pipeline' in node ? countersOf(node) : node;
  const d = c.decode;
  const r = c.reassembly;
  const a = c.analyzer;
  const lines = [
    `summary: ${stats ? `packets=${stats.packets} bytes=${stats.bytes}` : `frames=${d.frames}`} tcp_segments=${d.segments} flows=${r.flowsCreated} transactions=${a.transactions} without_response=${a.transactionsWithoutResponse} attacks=${a.attacks}${a.bypassed ? ` bypassed=${a.bypassed}` : ''}${a.modeOff ? ` mode_off=${a.modeOff}` : ''}`,
    `  skipped frames: ${nonZero(DECODE_SKIPS.map((k) => [k, d[k]]))}`,
    `  reassembly: gaps=${r.gaps} gap_bytes=${r.gapBytes} retransmitted=${r.retransmittedSegments} overlaps=${r.overlapSegments} conflicts=${r.overlapConflicts} evicted=${r.closedEvicted} cap_hits=${r.streamCapHits + r.totalCapHits}`,
    `  http errors: ${nonZero(Object.entries(c.http.errors))}`,
  ];
  if (c.tls !== null && c.tls.connections > 0) lines.push(tlsSummary(c.tls));
  // Tunnels walked, outer datagrams reassembled, one-way connections: only when there were any.
  const tunnels = nonZero([...DECODE_TALLIES.map((k): [string, number] => [k, d[k]]), ['flows_one_way', r.flowsOneWay]]);
  if (tunnels !== 'none') lines.push(`  tunnels: ${tunnels}`);
  if (c.http2 !== undefined && c.http2.connections > 0) lines.push(`  http2: ${nonZero(Object.entries(c.http2))}`);
  if (c.websocket !== undefined && c.websocket.connections > 0)
    lines.push(`  websocket: ${nonZero(Object.entries(c.websocket))}`);
  const g = a.graphql;
  if (g !== undefined && GRAPHQL_COUNTER_NAMES.some((k) => g[k] > 0))
    lines.push(`  graphql: ${nonZero(GRAPHQL_COUNTER_NAMES.map((k): [string, number] => [k, g[k]]))}`);
  // Attack-detection caps met and parameter profiles (docs/operations.md "Summary"): only when there were any.
  const caps = nonZero(CAP_KINDS.map((k): [string, number] => [k, a.attackCaps?.[k] ?? 0]));
  if (caps !== 'none') lines.push(`  attack caps: ${caps}`);
  const p = a.profiles;
  if (p !== undefined && PROFILE_COUNTER_NAMES.some((k) => p[k] > 0))
    lines.push(`  profiles: ${PROFILE_COUNTER_NAMES.map((k) => `${k}=${p[k]}`).join(' ')}`);
  if (c.api !== null) lines.push(`  api discovery: ${nonZero(Object.entries(c.api))}`);
  const stages = stageSummary(c.stages);
  if (stages !== null) lines.push(stages);
  if (stats && (stats.formatErrors || stats.malformedBlocks || stats.truncatedRecords)) {
    lines.push(
      `  capture file: format_errors=${stats.formatErrors} malformed_blocks=${stats.malformedBlocks} truncated_records=${stats.truncatedRecords}`,
    );
  }
  return lines.join('\n');
}

/** `time by stage (s, estimated): capture=0.012 decode=0.034 ...`, or null when nothing was timed. */
export function stageSummary(stages: Record<StageName, number> | undefined): string | null {
  if (stages === undefined || STAGES.every((k) => stages[k] === 0)) return null;
  return `  time by stage (s, estimated): ${STAGES.map((k) => `${k}=${stages[k].toFixed(3)}`).join(' ')}`;
}
