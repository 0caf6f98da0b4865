/**
 * Scale-out of sessions and vulnerabilities (issue 23, SPEC section 7): a capture of a known API
 * (test/gen/api.ts) split by connection (5-tuple hash: each connection wholly on one node, so one
 * client's session spans both nodes), each half replayed as its own node, both nodes' records fed to
 * the reference cloud's repository: its merged sessions and vulnerabilities equal those the cloud
 * builds from one node on the whole capture.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run as replay } from '../../../node/cli/commands/replay';
import { mergeByTime } from '../../../node/sample/conversation';
import { writePcap } from '../../../node/sample/pcap-writer';
import { renderConversation, type ConversationPlan } from '../../../node/sample/scenarios';
import { openDatabase } from '../../../cloud/db/open';
import { Repository } from '../../../cloud/repository';
import { apiPlans } from '../../gen/api';
import { SPECS } from '../../eval/discovery/score';
import { synthesize } from '../../eval/discovery/synth';

const dir = mkdtempSync(path.join(tmpdir(), 'aio-nodes-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

type Rec = Record<string, unknown>;

async function replayPlans(name: string, plans: ConversationPlan[]): Promise<Rec[]> {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return await replayQuiet(name, plans);
  } finally {
    process.stderr.write = write;
  }
}

async function replayQuiet(name: string, plans: ConversationPlan[]): Promise<Rec[]> {
  const capture = path.join(dir, `${name}.pcap`);
  const out = path.join(dir, `${name}.jsonl`);
  writeFileSync(capture, writePcap(mergeByTime(plans.map((p) => renderConversation(p).packets))));
  assert.equal(await replay([capture, '--emit', 'session,vulnerability,api_endpoint', '--output', out]), 0);
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec);
}

/** The node a flow-hashing mirror target sends a connection to (2 nodes). */
function half(p: ConversationPlan): number {
  const o = p.opts;
  return createHash('sha256').update(`${o.client}:${o.clientPort} ${o.server}:${o.serverPort}`).digest()[0] % 2;
}

/** The cloud's view after the given nodes' records: sessions (in a fixed order) and vulnerabilities. */
interface Cloud {
  sessions: Rec[];
  vulnerabilities: Rec[];
}

async function cloudOf(nodes: Rec[][]): Promise<Cloud> {
  const repo = await Repository.open(await openDatabase(undefined, mkdtempSync(path.join(dir, 'db-'))));
  try {
    for (const [i, recs] of nodes.entries()) {
      const creds = await repo.registerNode({ hostname: `n${i}`, labels: {}, mode: 'tcp-capture', version: '0', arch: 'x86_64' });
      const node = (await repo.authenticateNode(creds.uuid, creds.secret))!;
      const tagged: Rec[] = recs.map((r) => ({ ...r, node_uuid: node.uuid }));
      const events = tagged.filter((r) => r.type !== 'api_endpoint');
      const deltas = tagged.filter((r) => r.type === 'api_endpoint');
      assert.equal(await repo.acceptBatch(node, 'events', 'e', Buffer.from(JSON.stringify(events)), events), 'stored');
      assert.equal(await repo.acceptBatch(node, 'api-discovery', 'a', Buffer.from(JSON.stringify(deltas)), deltas), 'stored');
    }
    const sessions = (await repo.sessions({}, 0, 10_000)).map((s) => s.record as Rec);
    sessions.sort((a, b) => `${a.session_id} ${a.first_seen}`.localeCompare(`${b.session_id} ${b.first_seen}`));
    // One row per vulnerability (de-duplicated across nodes, templates mapped through the merged
    // inventory). `last_ms` (the latest report's time), `reports` (one per node and template it was
    // reported under) and `rows` (stored rows grouped) are not compared (docs/api-discovery.md).
    const vulnerabilities = (await repo.vulnerabilities(true, 0, 10_000)).map((v) => {
      const { kind, detail, host, method, template, first_ms, last_ms, reports, rows } = v;
      return { kind, detail, host, method, template, first_ms, last_ms, reports, rows } as Rec;
    });
    vulnerabilities.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    return { sessions, vulnerabilities };
  } finally {
    await repo.close();
  }
}

/** One node on the whole capture and two nodes on its halves, each fed to a fresh cloud. */
async function nodesAndCloud(name: string, plans: ConversationPlan[]): Promise<{ one: Cloud; two: Cloud }> {
  const halves = [0, 1].map((h) => plans.filter((p) => half(p) === h));
  assert.ok(halves.every((h) => h.length > 0));
  const parts = [await replayPlans(`${name}-0`, halves[0]), await replayPlans(`${name}-1`, halves[1])];
  // Some client's session spans both nodes (else the merge is not exercised).
  const [s0, s1] = parts.map((recs) => new Set(recs.filter((r) => r.type === 'session').map((r) => r.session_id)));
  assert.ok(
    [...s0].some((id) => s1.has(id)),
    'a session spans both nodes',
  );
  return { one: await cloudOf([await replayPlans(name, plans)]), two: await cloudOf(parts) };
}

function assertSessions({ one, two }: { one: Cloud; two: Cloud }): void {
  assert.ok(one.sessions.length > 0);
  const view = (s: Rec) => ({
    session_id: s.session_id,
    request_count: s.request_count,
    first_seen: s.first_seen,
    last_seen: s.last_seen,
    requests: s.requests,
  });
  assert.deepEqual(two.sessions.map(view), one.sessions.map(view));
}

function assertVulnerabilities({ one, two }: { one: Cloud; two: Cloud }): void {
  const identity = ({ last_ms: _l, reports: _r, rows: _n, ...v }: Rec) => v;
  assert.deepEqual(two.vulnerabilities.map(identity), one.vulnerabilities.map(identity));
  for (const [i, v] of two.vulnerabilities.entries()) {
    const w = one.vulnerabilities[i];
    // A node reports a finding once per row: a node that reported it on a concrete path before it
    // templated the path reported it again under the template (one more row, grouped in the cloud).
    assert.ok(
      (v.reports as number) <= 2 * (w.reports as number) + (v.rows as number) - 1,
      'at most one report per node per report of one node, and one per extra template a node reported it under',
    );
    assert.ok((v.last_ms as number) >= (w.last_ms as number));
  }
}

test("scale-out: two nodes on halves of the API capture (by connection) merge in the cloud to one node's sessions and vulnerabilities", async () => {
  const clouds = await nodesAndCloud('api', apiPlans());
  assertSessions(clouds);
  assertVulnerabilities(clouds);
});

for (const api of ['hetzner.cloud', 'launchdarkly.com', 'rbaskets.in', 'mastodon.local']) {
  const clouds = async () => {
    const spec = JSON.parse(readFileSync(path.join(SPECS, `${api}.json`), 'utf8'));
    const traffic = synthesize(api, spec, 1000 + [...api].reduce((a, c) => a + c.charCodeAt(0), 0));
    return nodesAndCloud(api, traffic.plans);
  };
  let memo: ReturnType<typeof clouds> | undefined;
  test(`scale-out on the traffic synthesized from ${api}: two nodes merge to one node's sessions`, async () => {
    assertSessions(await (memo ??= clouds()));
  });
  test(`scale-out on the traffic synthesized from ${api}: two nodes merge to one node's vulnerabilities`, async () => {
    assertVulnerabilities(await (memo ??= clouds()));
  });
}
