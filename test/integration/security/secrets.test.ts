/**
 * The API token and the node secret never leave node.yaml: `native-node register` (token in its
 * environment, as the installer passes it) then `native-node run` (debug log, access log, records,
 * cloud export, spool) with traffic, and every file both wrote, their stderr and the running
 * node's command line and environment are searched for either secret.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cliArgs } from '../../support/cli';
import YAML from 'yaml';
import { TOKEN, startCloud, tempDir } from '../cloud/helpers';
import { readRecords, sendPaced, startNode, stopNode, until, vxlanDatagrams } from '../service/harness';

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

function register(nodeYaml: string, port: number): Promise<{ code: number | null; out: string }> {
  const child = spawn(
    process.execPath,
    cliArgs('register', '--host', `127.0.0.1:${port}`, '--labels', 'group=sec', '--node-yaml', nodeYaml),
    {
      env: { ...process.env, WALLARM_API_TOKEN: TOKEN, WALLARM_API_USE_SSL: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

test('token and node secret appear in no log, record, spool file, argv or environment of the node', async () => {
  const cloud = await startCloud();
  const dir = tempDir('secrets');
  try {
    const nodeYaml = path.join(dir, 'node.yaml');
    const reg = await register(nodeYaml, cloud.port);
    assert.equal(reg.code, 0, reg.out);
    assert.equal(fs.statSync(nodeYaml).mode & 0o777, 0o600, 'node.yaml is 0600');
    const secret = (YAML.parse(fs.readFileSync(nodeYaml, 'utf8')) as { api: { secret: string } }).api.secret;
    assert.ok(secret.length >= 16, 'a secret was issued');

    const log = path.join(dir, 'go-node.log');
    const node = await startNode(dir, {
      nodeYaml,
      emit: 'transaction,attack',
      yaml: `log:\n  level: debug\n  log_file: ${log}\n  access_log:\n    enabled: true\n    verbose: true\n    log_file: ${path.join(dir, 'access.log')}\n`,
    });
    const pid = node.child.pid!;
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
    const plans = [0, 1, 2].map((i) => ({
      opts: { client: `10.0.0.${20 + i}`, server: '10.0.0.1', clientPort: 41000 + i, serverPort: 80 },
      exchanges: [
        {
          target: `/search?q=%27%20OR%201%3D1--&n=${i}`,
          requestHeaders: [['Authorization', 'Bearer not-the-token'] as [string, string]],
        },
      ],
    }));
    await sendPaced(node, vxlanDatagrams(plans));
    await until(
      () => readRecords(node.output).filter((r) => r.type === 'transaction').length >= 3,
      15_000,
      () => `records missing\n${node.stderr()}`,
    );
    const stopped = await stopNode(node);
    assert.equal(stopped.code, 0, node.stderr());
    assert.ok(
      (await cloud.store.events({ type: 'attack' })).length >= 1,
      'the node exported to the cloud (so it used its secret)',
    );

    const written = filesUnder(dir).filter((f) => f !== nodeYaml);
    assert.ok(written.some((f) => f.endsWith('go-node.log')) && written.some((f) => f.endsWith('records.jsonl')));
    const places: Array<[string, string]> = [
      ...written.map((f) => [f, fs.readFileSync(f, 'latin1')] as [string, string]),
      ['node stderr', node.stderr()],
      ['register output', reg.out],
      [`/proc/${pid}/cmdline`, cmdline],
      [`/proc/${pid}/environ`, environ],
    ];
    for (const [where, text] of places) {
      assert.ok(!text.includes(TOKEN), `the API token is in ${where}`);
      assert.ok(!text.includes(secret), `the node secret is in ${where}`);
    }
  } finally {
    await cloud.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
