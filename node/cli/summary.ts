/** The one-paragraph account of a run that replay prints to stderr (and run logs at exit). */
import type { CaptureFileStats } from '../capture/types';
import { DECODE_SKIPS } from '../decode/counters';
import type { BuiltNode } from './node-builder';

function nonZero(entries: Array<[string, number]>): string {
  const parts = entries.filter(([, n]) => n > 0).map(([k, n]) => `${k}=${n}`);
  return parts.length ? parts.join(' ') : 'none';
}

export function formatSummary(stats: CaptureFileStats | null, node: BuiltNode): string {
  const d = node.pipeline.decoder.counters;
  const r = node.pipeline.reassembler.counters;
  const a = node.analyzer.counters;
  const lines = [
    `summary: ${stats ? `packets=${stats.packets} bytes=${stats.bytes}` : `frames=${d.frames}`} tcp_segments=${d.segments} flows=${r.flowsCreated} transactions=${a.transactions} without_response=${a.transactionsWithoutResponse} attacks=${a.attacks}${a.bypassed ? ` bypassed=${a.bypassed}` : ''}${a.modeOff ? ` mode_off=${a.modeOff}` : ''}`,
    `  skipped frames: ${nonZero(DECODE_SKIPS.map((k) => [k, d[k]]))}`,
    `  reassembly: gaps=${r.gaps} gap_bytes=${r.gapBytes} retransmitted=${r.retransmittedSegments} overlaps=${r.overlapSegments} conflicts=${r.overlapConflicts} evicted=${r.closedEvicted} cap_hits=${r.streamCapHits + r.totalCapHits}`,
    `  http errors: ${nonZero(Object.entries(node.pipeline.http.counters.errors))}`,
  ];
  if (node.api !== null) lines.push(`  api discovery: ${nonZero(Object.entries(node.api.allCounters()))}`);
  if (stats && (stats.formatErrors || stats.malformedBlocks || stats.truncatedRecords)) {
    lines.push(`  capture file: format_errors=${stats.formatErrors} malformed_blocks=${stats.malformedBlocks} truncated_records=${stats.truncatedRecords}`);
  }
  return lines.join('\n');
}
