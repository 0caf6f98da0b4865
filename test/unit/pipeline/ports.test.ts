import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TransactionAnalyzer } from '../../../node/analysis/transaction-analyzer';
import { loadConfigText } from '../../../node/config/load';
import { NodePipeline } from '../../../node/pipeline';
import type { NodeRecord } from '../../../node/records/types';
import { allScenarios } from '../../../node/sample/scenarios';

function transactionsWith(configText: string): number {
  const loaded = loadConfigText(configText, 'test.yaml');
  assert.ok('config' in loaded, JSON.stringify(loaded));
  const records: NodeRecord[] = [];
  const analyzer = new TransactionAnalyzer({
    config: loaded.config,
    produce: new Set(['transaction']),
    sink: { write: (r) => records.push(r) },
    attacks: null,
  });
  const pipeline = new NodePipeline(loaded.config, analyzer);
  for (const p of allScenarios().find((s) => s.name === 'plain')!.packets)
    pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
  pipeline.finish();
  return records.length;
}

test('a source without ports captures every port even when another source lists some', () => {
  assert.equal(
    transactionsWith("mode: tcp-capture\ngoreplay:\n  filter: 'eth0:'\n  extra_args: ['-input-raw', 'eth1:8080']\n"),
    8,
  );
});

test('port filters drop traffic on other ports', () => {
  assert.equal(transactionsWith("mode: tcp-capture\ngoreplay:\n  filter: 'eth0:8080'\n"), 0);
  assert.equal(transactionsWith("mode: tcp-capture\ngoreplay:\n  filter: 'eth0:8080,80'\n"), 8);
});
