/**
 * Every scenario of SPEC section 7 through the real replay command: each transaction must be
 * reported exactly once, with the right bodies (recall = precision = 1 over the answer tuples).
 * On 2 workers the session, vulnerability and api_endpoint records are those of one thread too
 * (issue 23: merged on the capture thread).
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
  return [
    r.flow.src,
    r.request.method,
    r.request.target,
    r.request.body.sha256,
    r.response?.status ?? '-',
    r.response?.body.sha256 ?? '-',
  ].join(' ');
}

/** Classic pcap when the scenario has one link type (pcap cannot hold more), else pcapng. */
function formatFor(s: Scenario): 'pcap' | 'pcapng' {
  return new Set(s.packets.map((p) => p.linkType)).size === 1 ? 'pcap' : 'pcapng';
}

/** The API records of a replay, comparable across thread counts (findings by what they are, not by which flow showed them first). */
const apiRecords = new Map<string, string[]>();

function apiForm(r: Record<string, unknown>): string {
  const sorted = (v: unknown): string =>
    JSON.stringify(v, (_k, x: unknown) =>
      x !== null && typeof x === 'object' && !Array.isArray(x)
        ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : x,
    );
  return r.type === 'vulnerability' ? sorted([r.type, r.kind, r.detail, r.host, r.endpoint]) : sorted(r);
}

export async function replayScenario(s: Scenario, format = formatFor(s), workers = 1, api = false): Promise<TransactionRecord[]> {
  const capture = path.join(dir, `${s.name}.${format}`);
  const out = path.join(dir, `${s.name}.${format}.${workers}.jsonl`);
  writeFileSync(capture, format === 'pcap' ? writePcap(s.packets) : writePcapng(s.packets));
  const emit = api ? 'transaction,session,vulnerability,api_endpoint' : 'transaction';
  const args = [capture, '--emit', emit, '--output', out, '--workers', String(workers)];
  if (s.config !== undefined) {
    const cfg = path.join(dir, `${s.name}.yaml`);
    writeFileSync(cfg, s.config);
    args.push('--config', cfg);
  }
  const code = await replay(args);
  assert.equal(code, 0, `replay of ${s.name} exited ${code}`);
  const all = readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  if (api)
    apiRecords.set(
      `${s.name} ${workers}`,
      all
        .filter((r) => r.type !== 'transaction')
        .map(apiForm)
        .sort(),
    );
  return all.filter((r) => r.type === 'transaction') as unknown as TransactionRecord[];
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
    assertExact(s, await replayScenario(s, formatFor(s), 1, true));
  });
  // Two worker threads (connections sharded by their symmetric hash): the same answers.
  test(`scenario ${s.name} on 2 workers: every transaction exactly once with the right bodies, the API records of one thread`, async () => {
    assertExact(s, await replayScenario(s, formatFor(s), 2, true));
    const one = apiRecords.get(`${s.name} 1`) ?? (await replayScenario(s, formatFor(s), 1, true), apiRecords.get(`${s.name} 1`)!);
    assert.deepEqual(
      apiRecords.get(`${s.name} 2`),
      one,
      `${s.name}: session, vulnerability or api_endpoint records differ on 2 workers`,
    );
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
