/**
 * The discovery stage alone, in process (docs/performance.md "The discovery stage per transaction
 * (branch i22-disc)"): a capture's transactions are collected once, then each pass runs, with a
 * fresh inventory, `discovery`: extractFacts + DiscoveryInventory.observe per transaction (as
 * ApiAnalyzer does with every record type on: templates wanted, the response text marked for the
 * vulnerability checks), or `resolve`: PathTrie.resolve of each request's path alone. Prints CPU
 * µs per transaction of each pass. To compare two trees, bundle this file from each and run the
 * bundles in turn on the shipped runtime:
 *
 *   npx esbuild test/bench/discovery-stage.ts --bundle --platform=node --target=node22 \
 *     --external:cap --outfile=.tmp/discovery-stage.cjs
 *   NODE22 .tmp/discovery-stage.cjs FILE.pcap [--mode discovery|resolve] [--passes 6]
 */
import { parseArgs } from 'node:util';
import { captureTransactions } from './transactions';
import { defaultConfig } from '../../node/config/load';
import { headerValue } from '../../node/http/headers';
import type { RecordType } from '../../node/records/types';
import { extractFacts } from '../../node/analysis/discovery/extract';
import { DiscoveryInventory } from '../../node/analysis/discovery/inventory';
import { discoverySettings } from '../../node/analysis/discovery/settings';
import { PathTrie } from '../../node/analysis/discovery/templates';
import { requestView } from '../../node/analysis/shared/request-view';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { mode: { type: 'string', default: 'discovery' }, passes: { type: 'string', default: '6' } },
});
if (values.mode !== 'discovery' && values.mode !== 'resolve') throw new Error('--mode: discovery or resolve');
const file = positionals[0];
if (file === undefined) throw new Error('usage: discovery-stage FILE.pcap [--mode discovery|resolve] [--passes N]');
const txs = captureTransactions(file, new Set<RecordType>(['transaction', 'api_endpoint']));
const config = defaultConfig();
const limits = { decompressBytes: config.limits.decompressBytes };
const settings = discoverySettings(config);
const hosts = txs.map((tx) => headerValue(tx.request.headers, 'host') ?? '');
const paths = txs.map((tx) => requestView(tx.request).path);

function discoveryPass(): number {
  const inventory = new DiscoveryInventory(settings);
  let n = 0;
  for (let i = 0; i < txs.length; i++) {
    const facts = extractFacts(txs[i], limits, null, true);
    n += inventory.observe(txs[i], hosts[i], facts, '2026-12-07T00:00:00.000000Z', true, true).template.length;
  }
  return n;
}

function resolvePass(): number {
  const trie = new PathTrie<number>(
    {
      valueThreshold: settings.pathValueThreshold,
      literalLimit: settings.pathLiteralLimit,
      similarThreshold: settings.pathSimilarThreshold,
      maxNodes: settings.maxEndpointsPerHost * 4,
    },
    () => {},
    () => null,
  );
  let n = 0;
  for (const p of paths) {
    // A fresh string per request, as the HTTP parser makes them (a path met before is hashed again).
    n += trie.resolve(` ${p}`.slice(1), true)?.template.length ?? 0;
    trie.applyMerges();
  }
  return n;
}

const pass = values.mode === 'discovery' ? discoveryPass : resolvePass;
const out: string[] = [];
for (let r = 0; r < Number(values.passes); r++) {
  const t0 = process.cpuUsage();
  if (pass() === 0) throw new Error('no template made');
  const t = process.cpuUsage(t0);
  out.push(((t.user + t.system) / txs.length).toFixed(2));
}
process.stdout.write(`${values.mode} ${txs.length} transactions, CPU µs per transaction per pass: ${out.join(' ')}\n`);
