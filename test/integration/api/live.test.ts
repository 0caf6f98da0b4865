/**
 * The live node's side of API discovery: deltas every export_interval (capture clock) merging to the
 * replay inventory, and `run` (pcap_file engine) exporting discovery, vulnerabilities and sessions
 * to the reference cloud in API-discovery-only mode, with OpenAPI documents under the state dir.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildNode } from '../../../node/node-builder';
import { loadConfigText } from '../../../node/config/load';
import { Inventory } from '../../../node/analysis/discovery/merge';
import type { NodeRecord } from '../../../node/records/types';
import { writeNodeYaml } from '../../../node/cloud/node-yaml';
import { mergeByTime } from '../../../node/sample/conversation';
import { API_HOST, apiPlans } from '../../gen/api';
import { writePcap } from '../../../node/sample/pcap-writer';
import { renderConversation } from '../../../node/sample/scenarios';
import { registeredNode, startCloud, tempDir } from '../cloud/helpers';
import { runToEnd } from '../../support/cli';

const dir = tempDir('aio-apid-live');
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const packets = mergeByTime(apiPlans().map((p) => renderConversation(p).packets));

function inventoryOf(records: NodeRecord[]): unknown[] {
  const inv = new Inventory();
  for (const r of records) if (r.type === 'api_endpoint') inv.add(r as unknown as Record<string, unknown>);
  return inv.list();
}

function runPipeline(exportDeltas: boolean, yaml = ''): NodeRecord[] {
  const r = loadConfigText(`mode: tcp-capture\n${yaml}`, 't.yaml');
  assert.ok('config' in r);
  const out: NodeRecord[] = [];
  const node = buildNode(r.config, new Set(['api_endpoint'] as const), { write: (rec) => out.push(rec) }, undefined, undefined, {
    exportDeltas,
  });
  let lastTick = 0;
  for (const p of packets) {
    node.pipeline.onFrame(p.linkType, p.frame, 0, p.frame.length, p.ts, p.frame.length);
    if (p.ts - lastTick > 1_000_000) {
      node.pipeline.tick(p.ts);
      lastTick = p.ts;
    }
  }
  node.pipeline.finish();
  return out;
}

test('live deltas (every export_interval of capture time) merge to the inventory replay reports', () => {
  const deltas = runPipeline(true, 'api_discovery:\n  export_interval: 15s\n');
  const snapshot = runPipeline(false);
  assert.ok(
    deltas.length > snapshot.length,
    `${deltas.length} deltas for ${snapshot.length} endpoints: several exports happened`,
  );
  assert.deepEqual(inventoryOf(deltas), inventoryOf(snapshot));
});

test('run (pcap_file) with WALLARM_APID_ONLY: discovery, vulnerabilities, sessions reach the cloud, attacks do not; OpenAPI in the state dir', async () => {
  const capture = path.join(dir, 'api.pcap');
  fs.writeFileSync(capture, writePcap(packets));
  const config = path.join(dir, 'go-node.yaml');
  fs.writeFileSync(
    config,
    `version: 4\nmode: tcp-capture\ngoreplay:\n  filter: '${capture}:80'\n  extra_args: ['-input-raw-engine', 'pcap_file']\nlog:\n  level: info\n  pretty: false\n  log_file: ${path.join(dir, 'go-node.log')}\nmetrics:\n  enabled: false\nhealth_check:\n  enabled: false\n`,
  );
  const cloud = await startCloud();
  try {
    const nodeYaml = path.join(dir, 'node.yaml');
    writeNodeYaml(nodeYaml, await registeredNode(cloud));
    const stateDir = path.join(dir, 'state');
    const { status, stderr } = await runToEnd({ config, nodeYaml, stateDir, env: { WALLARM_APID_ONLY: 'true' } });
    assert.equal(status, 0, stderr);
    assert.equal((await cloud.store.events({ type: 'attack' })).length, 0);
    const vulns = await cloud.store.events({ type: 'vulnerability' });
    assert.ok(
      vulns.some((v) => v.kind === 'attack_succeeded' && v.detail === 'ptrav'),
      JSON.stringify(vulns.map((v) => v.kind)),
    );
    assert.ok((await cloud.store.events({ type: 'session' })).length >= 8);
    assert.deepEqual(
      await cloud.store.endpoints(),
      inventoryOf(runPipeline(false)).map((e) => {
        const { node_uuid: _drop, ...rest } = e as Record<string, unknown>;
        return rest;
      }),
    );
    const doc = JSON.parse(fs.readFileSync(path.join(stateDir, 'api-discovery', `${API_HOST}.openapi.json`), 'utf8'));
    assert.ok(doc.paths['/api/users/{id}'].get);
  } finally {
    await cloud.close();
  }
});
