/**
 * The order the capture thread templates workers' evidence in is the order one thread analyses
 * in (node/analysis/discovery/evidence.ts compareEvidence; docs/api-discovery.md "Several analysis
 * threads"). Transactions analysed at one capture time with one request start (two frames sharing
 * a timestamp, on two connections, so on two workers) are templated in frame order, as one thread
 * reads the frames, not by content: the second of them may be the one that tips a path position
 * into a template, and a finding on it is keyed by that template (issue 23, jumpseller.com).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EvidenceMerge, type PathEvidence } from '../../../node/analysis/discovery/evidence';

const T = 1_767_000_200_024_500;

function ev(path: string, o: { analysisUs?: number; frameNo: number; seq: number; startUs?: number }): PathEvidence {
  return {
    analysisUs: o.analysisUs ?? T,
    frameNo: o.frameNo,
    seq: o.seq,
    startUs: o.startUs ?? T - 1000,
    host: 'shop.test',
    method: 'DELETE',
    status: 200,
    websocket: false,
    grpc: false,
    path,
    responseContentType: 'application/json',
    acceptsData: true,
    responseFields: [],
    bodyParams: [],
    queryParams: [],
    facts: null,
    ts: '',
    findings: [],
  };
}

function released(pushed: PathEvidence[], watermark: number): string[] {
  const m = new EvidenceMerge();
  for (const e of pushed) m.push(e);
  const out: string[] = [];
  m.release(watermark, (e) => out.push(e.path));
  return out;
}

test('one capture time, one request start, two workers: templated in frame order, not by path', () => {
  // Worker 1 sent its evidence first; frame 5 (worker 2's) was read before frame 6 (worker 1's).
  const pushed = [
    ev('/v1/jsapps/coraliris.json', { frameNo: 6, seq: 40 }),
    ev('/v1/jsapps/falcon-river.json', { frameNo: 5, seq: 3 }),
  ];
  assert.deepEqual(released(pushed, T + 1), ['/v1/jsapps/falcon-river.json', '/v1/jsapps/coraliris.json']);
});

test('several transactions completed by one frame (one worker): in the order that worker analysed them', () => {
  const pushed = [
    ev('/b', { frameNo: 9, seq: 12, startUs: T - 500 }),
    ev('/a', { frameNo: 9, seq: 13, startUs: T - 900 }),
    ev('/c', { frameNo: 8, seq: 20 }),
  ];
  assert.deepEqual(released(pushed, T + 1), ['/c', '/b', '/a']);
});

test('an earlier capture time comes first whatever its frame number', () => {
  const pushed = [ev('/late', { frameNo: 2, seq: 0 }), ev('/early', { analysisUs: T - 10, frameNo: 3, seq: 0 })];
  assert.deepEqual(released(pushed, T + 1), ['/early', '/late']);
});

test('end of input (every thread flushes its own connections): request start, then content', () => {
  const end = { analysisUs: Infinity, frameNo: Infinity };
  const pushed = [
    ev('/b', { ...end, seq: 1, startUs: T }),
    ev('/a', { ...end, seq: 7, startUs: T }),
    ev('/z', { ...end, seq: 9, startUs: T - 1 }),
  ];
  assert.deepEqual(released(pushed, Infinity), ['/z', '/a', '/b']);
});
