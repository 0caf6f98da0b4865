/**
 * One-way mirrors (only client to server mirrored): every request is analysed and reported with
 * response null, the connection is counted as one-way, and no HTTP error or stream gap is invented
 * for the direction that was never mirrored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransactionAnalyzer } from '../../../node/analysis/transaction-analyzer';
import { defaultConfig } from '../../../node/config/load';
import { NodePipeline } from '../../../node/pipeline';
import { allScenarios } from '../../../node/sample/scenarios';

test('one-way mirror: requests reported without responses, flows counted one-way, no HTTP errors or gaps', () => {
  const config = defaultConfig();
  const records: Array<{ type: string; response?: unknown; request?: { target: string } }> = [];
  const analyzer = new TransactionAnalyzer({
    config,
    produce: new Set(['transaction', 'attack']),
    sink: { write: (r) => records.push(r as never) },
    attacks: null,
  });
  const pipeline = new NodePipeline(config, analyzer);
  const scenario = allScenarios().find((s) => s.name === 'one-way')!;
  for (const p of scenario.packets) pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  pipeline.finish();
  const tx = records.filter((r) => r.type === 'transaction');
  assert.equal(tx.length, 12);
  assert.ok(tx.every((r) => r.response === null));
  assert.equal(pipeline.reassembler.counters.flowsOneWay, 3);
  assert.equal(pipeline.reassembler.counters.gaps, 0);
  const http = pipeline.http.counters;
  assert.deepEqual(
    Object.entries(http.errors).filter(([, n]) => n > 0),
    [],
  );
  assert.equal(http.transactionsWithoutResponse, 12);
  assert.equal(http.responsesLost, 0);
});

test('a two-way conversation is not counted one-way', () => {
  const config = defaultConfig();
  const analyzer = new TransactionAnalyzer({
    config,
    produce: new Set(['transaction']),
    sink: { write: () => {} },
    attacks: null,
  });
  const pipeline = new NodePipeline(config, analyzer);
  for (const p of allScenarios().find((s) => s.name === 'plain')!.packets)
    pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  pipeline.finish();
  assert.equal(pipeline.reassembler.counters.flowsOneWay, 0);
});
