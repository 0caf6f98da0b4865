/**
 * Every scenario of SPEC section 7 through the real replay command: each transaction must be
 * reported exactly once, with the right bodies (recall = precision = 1 over the answer tuples).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run as replay } from '../../node/cli/commands/replay';
import type { TransactionRecord } from '../../node/records/types';
import { writePcap, writePcapng } from '../../node/sample/pcap-writer';
import { allScenarios, mixScenario, type ExpectedFlowTransaction, type Scenario } from '../../node/sample/scenarios';

const dir = mkdtempSync(path.join(tmpdir(), 'aio-scenarios-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function answerKey(t: ExpectedFlowTransaction): string {
  return [t.src, t.method, t.target, t.requestSha256, t.status ?? '-', t.responseSha256 ?? '-'].join(' ');
}

function recordKey(r: TransactionRecord): string {
  return [r.flow.src, r.request.method, r.request.target, r.request.body.sha256, r.response?.status ?? '-', r.response?.body.sha256 ?? '-'].join(' ');
}

/** Classic pcap when the scenario has one link type (pcap cannot hold more), else pcapng. */
function formatFor(s: Scenario): 'pcap' | 'pcapng' {
  return new Set(s.packets.map((p) => p.linkType)).size === 1 ? 'pcap' : 'pcapng';
}

export async function replayScenario(s: Scenario, format = formatFor(s), workers = 1): Promise<TransactionRecord[]> {
  const capture = path.join(dir, `${s.name}.${format}`);
  const out = path.join(dir, `${s.name}.${format}.${workers}.jsonl`);
  writeFileSync(capture, format === 'pcap' ? writePcap(s.packets) : writePcapng(s.packets));
  const args = [capture, '--emit', 'transaction', '--output', out, '--workers', String(workers)];
  if (s.config !== undefined) {
    const cfg = path.join(dir, `${s.name}.yaml`);
    writeFileSync(cfg, s.config);
    args.push('--config', cfg);
  }
  const code = await replay(args);
  assert.equal(code, 0, `replay of ${s.name} exited ${code}`);
  return readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TransactionRecord);
}

function assertExact(s: Scenario, records: TransactionRecord[]): void {
  const got = records.map(recordKey).sort();
  const want = s.expected.map(answerKey).sort();
  const missing = want.filter((k) => !got.includes(k));
  const extra = got.filter((k) => !want.includes(k));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, `${s.name}: transactions differ`);
  assert.equal(got.length, want.length, `${s.name}: a transaction was reported more than once`);
}

for (const s of [...allScenarios(), mixScenario()]) {
  test(`scenario ${s.name}: every transaction exactly once with the right bodies`, async () => {
    assertExact(s, await replayScenario(s));
  });
  // Two worker threads (connections sharded by their symmetric hash): the same answers.
  test(`scenario ${s.name} on 2 workers: every transaction exactly once with the right bodies`, async () => {
    assertExact(s, await replayScenario(s, formatFor(s), 2));
  });
}

test('pcapng input gives the same records as pcap', async () => {
  const s = allScenarios().find((x) => x.name === 'plain')!;
  assertExact(s, await replayScenario(s, 'pcapng'));
});

test('records carry VLAN and VNI of their flow', async () => {
  const byName = new Map(allScenarios().map((s) => [s.name, s]));
  const qinq = await replayScenario(byName.get('qinq')!);
  assert.deepEqual(qinq[0].flow.vlan, [300, 100]);
  const vx = await replayScenario(byName.get('vxlan-custom-port')!);
  assert.equal(vx[0].flow.vni, 7);
  assert.equal(vx[0].flow.vlan, undefined);
});
