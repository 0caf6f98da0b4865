/**
 * `native-node run` with TLS keys from tls.keylog_files: the service (pcap_file engine, one
 * thread and two analysis workers) decrypts the committed TLS fixture with a followed key-log
 * file, and neither its records nor its log hold a secret.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runToEnd } from '../support/cli';

const root = path.resolve(__dirname, '../..');
const fixture = path.join(root, 'test/fixtures/tls');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 't20-tls-run-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const expected = JSON.parse(fs.readFileSync(path.join(fixture, 'expected.json'), 'utf8')) as {
  nodeServer: unknown[];
  sServer: Array<{ targets: string[] }>;
};
const requests = expected.nodeServer.length + expected.sServer.reduce((n, s) => n + s.targets.length, 0);

async function runNode(workers: number): Promise<{ status: number | null; stderr: string; out: string; log: string }> {
  const keylog = path.join(dir, `keys-${workers}.log`);
  fs.copyFileSync(path.join(fixture, 'server.keylog'), keylog, fs.constants.COPYFILE_FICLONE);
  fs.chmodSync(keylog, 0o600);
  const config = path.join(dir, `go-node-${workers}.yaml`);
  const out = path.join(dir, `records-${workers}.jsonl`);
  const log = path.join(dir, `go-node-${workers}.log`);
  fs.writeFileSync(
    config,
    `version: 4
mode: tcp-capture
goreplay:
  filter: '${path.join(fixture, 'tls.pcap')}:'
  extra_args: ['-input-raw-engine', 'pcap_file']
http_inspector:
  workers: ${workers}
log:
  level: debug
  log_file: ${log}
metrics:
  enabled: false
health_check:
  enabled: false
tls:
  keylog_files: [${keylog}]
`,
  );
  const { status, stderr } = await runToEnd({
    config,
    nodeYaml: path.join(dir, 'absent.yaml'),
    stateDir: path.join(dir, `state-${workers}`),
    output: out,
    emit: 'transaction,attack',
  });
  return { status, stderr, out: fs.readFileSync(out, 'utf8'), log: fs.readFileSync(log, 'utf8') };
}

const secrets = fs
  .readFileSync(path.join(fixture, 'server.keylog'), 'latin1')
  .split('\n')
  .map((l) => l.split(' ')[2])
  .filter((s) => s !== undefined && s.length >= 32);

for (const workers of [1, 2]) {
  test(`run (${workers} analysis thread${workers > 1 ? 's' : ''}) decrypts with a followed key-log file; no secret in records or log`, async () => {
    const r = await runNode(workers);
    assert.equal(r.status, 0, r.stderr);
    const records = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; tls?: unknown });
    assert.equal(records.filter((x) => x.type === 'transaction').length, requests);
    assert.ok(records.every((x) => x.tls !== undefined));
    assert.match(r.log, /following TLS key-log files/);
    assert.match(r.log, /tls: connections=25 decrypted=20/);
    for (const s of secrets) {
      assert.ok(!r.out.includes(s) && !r.log.includes(s) && !r.stderr.includes(s), 'a secret was written');
    }
  });
}
