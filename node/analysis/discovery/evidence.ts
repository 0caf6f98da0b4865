/**
 * Templating evidence from several analysis threads, decided once (docs/api-discovery.md#several-analysis-threads).
 *
 * A thread's templates depend on the evidence it saw (values beside a position, words that answer
 * alike, hot words, shapes), so each worker templating its part of a host decides otherwise than
 * one thread seeing all of it. Workers therefore send what the templater reads, not what they
 * decided: one `PathEvidence` per transaction (path, method, status, media type, and the field
 * names of a response or request body that may be a shape sample) and per WebSocket message. The
 * capture thread orders them as one thread analyses them (analysis time, frame, then the sending
 * thread's order; at the end of input, request start and content),
 * holds them until no worker can send an earlier one (`release(watermark)`), and feeds them in that
 * order to one DiscoveryInventory used as the templater: the same function of the same evidence in
 * the same order as on one thread. The facts (parameters, responses...) stay in the workers, by raw
 * trie node (DiscoveryInventory.rawFacts); at the end (replay) or every export (live) they are
 * re-keyed through the templater's trie (addRawFacts) and reported under its templates.
 * A transaction a worker did not record (no endpoint there yet: an error answer on a path another
 * worker made an endpoint of) travels with its facts, recorded by the templater when its endpoint
 * exists at that point of the merged order, as one thread would.
 */
import { MinHeap } from '../min-heap';
import { findingKey, findingKeyParts } from '../vulnerabilities/dedupe';
import { RecordText, type FindingSighting } from '../vulnerabilities/merge';
import type { DiscoveryInventory, Observed, RecordedFacts, TxShape } from './inventory';

export interface PathEvidence {
  /** Capture time the transaction was analysed at (µs; +Infinity at the end of input), and its request start. */
  analysisUs: number;
  /**
   * The number of the frame it was analysed on (NodePipeline.frameNo: the capture thread's count,
   * so one frame is one worker's; +Infinity at the end of input), and its place in what the sending
   * thread sent: together the order one thread analyses transactions of one capture time in.
   */
  frameNo: number;
  seq: number;
  startUs: number;
  host: string;
  /** Upper case; a WebSocket handshake's is GET. Empty for a WebSocket message. */
  method: string;
  status: number | null;
  websocket: boolean;
  grpc: boolean;
  path: string;
  responseContentType: string | null;
  /** The request asked for data, not a page (TxFacts.acceptsData). */
  acceptsData: boolean;
  /** Field names of the response and of the request body when they may be a shape sample (else empty). */
  responseFields: string[];
  bodyParams: string[];
  /** Query parameter names when they may be a shape sample (else empty). */
  queryParams: string[];
  /** The transaction's facts when the sending thread did not record them (no endpoint of its own); else null. */
  facts: RecordedFacts | null;
  /** Request start as the records write it (formatTs). */
  ts: string;
  /**
   * The transaction's finding sightings, keyed by the sending thread's template: the capture thread
   * keys them again by the templater's (`rekeySighting`) before its VulnerabilityMerge decides.
   */
  findings: FindingSighting[];
}

/**
 * A sighting keyed by the endpoint template the templater gave its transaction (findings about
 * the host keep their empty endpoint); the record names that template too.
 */
export function rekeySighting(s: FindingSighting, template: string): FindingSighting {
  const parts = findingKeyParts(s[0]);
  const key =
    parts.endpoint === ''
      ? s[0]
      : findingKey({ ...parts, endpoint: `${parts.endpoint.slice(0, parts.endpoint.indexOf(' '))} ${template}` });
  const r = s[3];
  // A record sent as text is not parsed here: most sightings are duplicates nobody reads (merge.ts RecordText).
  if (typeof r === 'string') return [key, s[1], s[2], new RecordText(r, template)];
  if (r instanceof RecordText) return [key, s[1], s[2], new RecordText(r.text, template)];
  const record = r === null || r.endpoint === undefined ? r : { ...r, endpoint: { method: r.endpoint.method, template } };
  return [key, s[1], s[2], record];
}

/**
 * The order one thread analyses in: analysis time, then frame (frames sharing a timestamp are
 * analysed in input order), then within one frame (one worker's) the order it was sent in; at the
 * end of input (every thread flushes its own connections) request start, then content.
 */
export function compareEvidence(a: PathEvidence, b: PathEvidence): number {
  if (a.analysisUs !== b.analysisUs) return a.analysisUs < b.analysisUs ? -1 : 1;
  if (a.frameNo !== b.frameNo) return a.frameNo < b.frameNo ? -1 : 1;
  if (a.frameNo !== Infinity && a.seq !== b.seq) return a.seq - b.seq;
  if (a.startUs !== b.startUs) return a.startUs < b.startUs ? -1 : 1;
  for (const k of ['host', 'path', 'method'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return (a.status ?? -1) - (b.status ?? -1);
}

const named = (names: string[]): Array<{ name: string }> => names.map((name) => ({ name }));

/** Feeds one thread's-worth of evidence to the templater; what it answered (template, inventory endpoint). */
export function applyEvidence(templater: DiscoveryInventory, ev: PathEvidence, wantTemplate: boolean): Observed {
  if (ev.method === '') {
    templater.observeMessage(ev.host, ev.path, 'client', [], ev.ts, false);
    return { template: '', api: true, sample: false };
  }
  const shape: TxShape = {
    path: ev.path,
    responseContentType: ev.responseContentType,
    acceptsData: ev.acceptsData,
    responseFields: named(ev.responseFields),
    params: [...ev.bodyParams.map((name) => ({ loc: 'body', name })), ...ev.queryParams.map((name) => ({ loc: 'query', name }))],
  };
  return templater.observeShape(ev.host, ev.method, ev.status, ev.websocket, ev.grpc, shape, ev.facts, ev.ts, wantTemplate);
}

/** Evidence held until every thread has sent what it analysed before the watermark. */
export class EvidenceMerge {
  private readonly heap = new MinHeap<PathEvidence>(compareEvidence);
  /** The most held at once. */
  heldPeak = 0;

  get held(): number {
    return this.heap.size;
  }

  push(e: PathEvidence): void {
    this.heap.push(e);
    if (this.heap.size > this.heldPeak) this.heldPeak = this.heap.size;
  }

  /** Hands on, in order, the evidence analysed strictly before `watermark` (every one: Infinity). */
  release(watermark: number, each: (e: PathEvidence) => void): void {
    const h = this.heap;
    while (h.size > 0 && (h.peek()!.analysisUs < watermark || watermark === Infinity)) each(h.pop());
  }
}
