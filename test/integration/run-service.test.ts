/**
 * `native-node run` as systemd would start it, fed by GoReplay's pcap_file engine: the whole
 * service (capture, pipeline, local output, cloud export) on a generated capture, then exit 0.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { writeNodeYaml } from '../../node/cloud/node-yaml';
import { demoScenario } from '../../node/sample/demo';
import { writePcap } from '../../node/sample/pcap-writer';
import { registeredNode, startCloud, tempDir } from './cloud/helpers';
import { runToEnd } from '../support/cli';

const dir = tempDir('aio-run');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const scenario = demoScenario();
const capture = path.join(dir, 'demo.pcap');
fs.writeFileSync(capture, writePcap(scenario.packets));
const config = path.join(dir, 'go-node.yaml');
const logFile = path.join(dir, 'go-node.log');
fs.writeFileSync(
  config,
  `version: 4
mode: tcp-capture
goreplay:
  filter: '${capture}:80'
  extra_args: ['-input-raw-engine', 'pcap_file']
log:
  level: info
  pretty: false
  log_file: ${logFile}
metrics:
  enabled: false
health_check:
  enabled: false
`,
);

test('run with the pcap_file engine reports every transaction, logs the capture, and exits 0', async () => {
  const out = path.join(dir, 'records.jsonl');
  const r = await runToEnd({
    config,
    nodeYaml: path.join(dir, 'absent.yaml'),
    stateDir: path.join(dir, 'state'),
    output: out,
    emit: 'transaction,attack',
  });
  assert.equal(r.status, 0, r.stderr);
  const records = fs
    .readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(records.filter((x) => x.type === 'transaction').length, scenario.expected.length);
  const attacks = records.filter((x) => x.type === 'attack');
  assert.ok(
    attacks.some((a) => a.request.target === '/etc/passwd' && a.hits.some((h: { class: string }) => h.class === 'ptrav')),
  );
  const log = fs.readFileSync(logFile, 'utf8');
  assert.match(log, /"msg":"capture started","engine":"pcap_file"/);
  assert.match(log, /"msg":"attack detected","classes":"ptrav"/);
  assert.match(log, /not registered/);
});

test('a registered node exports its attacks to the cloud, stamped with its uuid, before exiting', async () => {
  const cloud = await startCloud();
  try {
    const creds = await registeredNode(cloud);
    const nodeYaml = path.join(dir, 'node.yaml');
    writeNodeYaml(nodeYaml, creds);
    const r = await runToEnd({ config, nodeYaml, stateDir: path.join(dir, 'state2') });
    assert.equal(r.status, 0, r.stderr);
    const events = await cloud.store.events({ type: 'attack' });
    assert.ok(events.length >= 4, `cloud got ${events.length} attack records`);
    assert.ok(events.every((e) => e.node_uuid === creds.uuid));
    assert.ok(events.some((e) => (e.request as { target: string }).target === '/etc/passwd'));
  } finally {
    await cloud.close();
  }
});
