/**
 * The installer against the node's real commands (this repository's CLI as the payload binary):
 * check-config's file:line:col errors reach the user, guided configs pass the real validator, and
 * registration goes to the reference cloud (cloud/) over plain HTTP on loopback.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import YAML from 'yaml';
import { CloudServer } from '../../../cloud/server';
import { guidedConfig, type GuidedAnswers } from '../../../installer/guided-config';
import { CLI, makePayload, realNode, runInstaller, tempDir, writeConfig } from './helpers';

const work = tempDir('real');
const payload = makePayload(path.join(work, 'payload'), { node: realNode() });
const config = writeConfig(path.join(work, 'go-node.yaml'));
let cloud: CloudServer;

before(async () => {
  cloud = await CloudServer.start({
    host: '127.0.0.1',
    port: 0,
    dataDir: tempDir('cloud'),
    region: 'us',
    admin: false,
    tokens: new Map([
      ['tok-us-1', 'us'],
      ['tok-eu-1', 'eu'],
    ]),
  });
});
after(() => cloud.close());

function install(root: string, token: string, env: NodeJS.ProcessEnv = {}) {
  return runInstaller(
    [
      '--payload-dir',
      payload,
      '--root',
      root,
      '--batch',
      `--token=${token}`,
      '--mode=tcp-capture',
      `--go-node-config=${config}`,
      `--host=127.0.0.1:${cloud.port}`,
    ],
    { WALLARM_LABELS: 'group=lab', WALLARM_API_USE_SSL: 'false', ...env },
  );
}

test('registers with the reference cloud and stores the credentials 0600', async () => {
  const root = tempDir('real-root');
  const r = await install(root, 'tok-us-1');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const nodeYaml = path.join(root, 'opt/wallarm/etc/wallarm/node.yaml');
  assert.equal(fs.statSync(nodeYaml).mode & 0o777, 0o600);
  const doc = YAML.parse(fs.readFileSync(nodeYaml, 'utf8')) as {
    api: { uuid: string; secret: string; host: string; port: number };
  };
  assert.match(doc.api.uuid, /^[0-9a-f-]{36}$/);
  assert.equal(doc.api.port, cloud.port);
  assert.ok(!fs.readFileSync(nodeYaml, 'utf8').includes('tok-us-1'));
});

test('a token the cloud refuses exits 3 with its answer and what to do', async () => {
  for (const [token, answer, hint] of [
    ['tok-nope', /registration failed: .*401/, /What to do: check the token/],
    ['tok-eu-1', /registration failed: access denied \(403/, /What to do: the token belongs to the other cloud/],
  ] as const) {
    const root = tempDir('real-root');
    const r = await install(root, token);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /installer: error: registration failed: /);
    assert.match(r.stderr, answer);
    assert.match(r.stderr, hint);
    assert.ok(!r.stderr.includes(token), 'the token was echoed');
    assert.deepEqual(fs.readdirSync(root), []);
  }
});

test("the node's validator errors are shown with file, line and column (exit 2)", async () => {
  const bad = path.join(work, 'bad.yaml');
  fs.writeFileSync(bad, 'version: 4\nmode: tcp-capture\ngoreplay:\n  filtre: "lo:80"\n');
  const root = tempDir('real-root');
  const r = await runInstaller(
    [
      '--payload-dir',
      payload,
      '--root',
      root,
      '--batch',
      '--token=t',
      '--mode=tcp-capture',
      `--go-node-config=${bad}`,
      '--host=127.0.0.1:1',
    ],
    { WALLARM_LABELS: 'group=lab' },
  );
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`${bad.replace(/[.]/g, '\\.')}:4:3: unknown key "filtre"`));
});

test('every guided config shape passes the real check-config', () => {
  const shapes: GuidedAnswers[] = [
    { iface: 'lo', ports: [80], encapsulation: { kind: 'none' } },
    { iface: '', ports: [], encapsulation: { kind: 'none' } },
    { iface: 'lo', ports: [80, 8080], encapsulation: { kind: 'vlan', vids: [10, 20] } },
    { iface: 'lo', ports: [80], encapsulation: { kind: 'vlan', vids: [] } },
    { iface: 'lo', ports: [80], encapsulation: { kind: 'vxlan', port: 4789, vnis: [1, -2] } },
  ];
  shapes.forEach((shape, i) => {
    const file = path.join(work, `guided-${i}.yaml`);
    fs.writeFileSync(file, guidedConfig(shape));
    const r = spawnSync(process.execPath, [...CLI, 'check-config', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${JSON.stringify(shape)}: ${r.stderr}`);
  });
});

test('tcp-capture-v2: --mode=tcp-capture-v2 installs a v2 config (real check-config), registers the mode; --reinstall and upgrades keep it without --mode; a config of the other mode is refused', async () => {
  const root = tempDir('real-root-v2');
  const v2 = path.join(work, 'go-node-v2.yaml');
  fs.writeFileSync(
    v2,
    'version: 4\nmode: tcp-capture-v2\ntcp_stream:\n  from_interface:\n    enabled: true\n    interface: lo\n    filter: "port 80"\n  from_geneve:\n    enabled: true\nhealth_check:\n  enabled: false\n',
  );
  const env = { WALLARM_LABELS: 'group=lab', WALLARM_API_USE_SSL: 'false' };
  let r = await runInstaller(
    [
      '--payload-dir',
      payload,
      '--root',
      root,
      '--batch',
      '--token=tok-us-1',
      '--mode=tcp-capture-v2',
      `--go-node-config=${v2}`,
      `--host=127.0.0.1:${cloud.port}`,
    ],
    env,
  );
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /mode tcp-capture-v2; engine libpcap; interface lo/);
  const nodeYaml = YAML.parse(fs.readFileSync(path.join(root, 'opt/wallarm/etc/wallarm/node.yaml'), 'utf8')) as { mode: string };
  assert.equal(nodeYaml.mode, 'tcp-capture-v2');
  r = await runInstaller(['--payload-dir', payload, '--root', root, '--batch', '--reinstall'], env);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /mode tcp-capture-v2: the installed node's/);
  // A config written for the other mode is refused before anything changes (exit 2).
  r = await runInstaller(
    [
      '--payload-dir',
      payload,
      '--root',
      root,
      '--batch',
      '--preserve=false',
      '--token=tok-us-1',
      `--go-node-config=${config}`,
      `--host=127.0.0.1:${cloud.port}`,
    ],
    env,
  );
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /has mode: tcp-capture, but this install is --mode tcp-capture-v2/);
});
