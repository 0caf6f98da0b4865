import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cliArgs } from '../../support/cli';
import { registerNode, RegistrationError, type RegisterOptions } from '../../../node/cloud/register';
import { readNodeYaml } from '../../../node/cloud/node-yaml';
import { filesUnder, startCloud, tempDir, TOKEN } from './helpers';

const root = path.resolve(__dirname, '../../..');
const servers: Array<{ close(): Promise<void> }> = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function cloud(opts: Parameters<typeof startCloud>[0] = {}) {
  const s = await startCloud(opts);
  servers.push(s);
  return s;
}

function base(port: number, over: Partial<RegisterOptions> = {}): RegisterOptions {
  return {
    token: TOKEN,
    host: '127.0.0.1',
    port,
    useSsl: false,
    caVerify: true,
    labels: { group: 'g1' },
    hostname: 'sensor-1',
    version: '0.1.0',
    arch: 'x86_64',
    ...over,
  };
}

async function failure(o: RegisterOptions): Promise<RegistrationError> {
  try {
    await registerNode(o);
  } catch (err) {
    assert.ok(err instanceof RegistrationError, String(err));
    assert.doesNotMatch(err.message, /\n/, 'one line');
    assert.ok(!err.message.includes(o.token), 'the token is not in the message');
    return err;
  }
  throw new Error('registration unexpectedly succeeded');
}

/** Runs the CLI; resolves with exit code and output. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, cliArgs('register', ...args), {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: root,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('registration succeeds: the cloud stores the node with its labels, mode, version and arch', async () => {
  const s = await cloud();
  const creds = await registerNode(base(s.port));
  assert.match(creds.uuid, /^[0-9a-f-]{36}$/);
  assert.ok(creds.secret.length >= 32);
  const [node] = await s.store.nodes();
  assert.deepEqual(
    { uuid: node.uuid, hostname: node.hostname, labels: node.labels, mode: node.mode, version: node.version, arch: node.arch },
    { uuid: creds.uuid, hostname: 'sensor-1', labels: { group: 'g1' }, mode: 'tcp-capture', version: '0.1.0', arch: 'x86_64' },
  );
  assert.ok(await s.store.authenticateNode(creds.uuid, creds.secret));
});

test('each registration failure is one line that says what to do', async () => {
  const s = await cloud({ region: 'eu' });
  const badToken = await failure(base(s.port, { token: 'not-a-token' }));
  assert.equal(badToken.failure, 'bad_token');
  assert.match(badToken.message, /rejected the API token \(401/);

  const region = await failure(base(s.port)); // TOKEN is bound to the US cloud
  assert.equal(region.failure, 'wrong_region');
  assert.match(region.message, /access denied \(403/);
  assert.match(region.message, /us1\.api\.wallarm\.com/);
  assert.match(region.message, /api\.wallarm\.com/);

  const noGroup = await failure(base(s.port, { token: 'tok-EU-77aa', labels: { env: 'prod' } }));
  assert.equal(noGroup.failure, 'missing_group');
  assert.match(noGroup.message, /label "group" is required for this registration type \(422/);
  assert.match(noGroup.message, /WALLARM_LABELS='group=<GROUP>'/);
});

test('an unreachable cloud names the URL tried and the cause', async () => {
  const closed = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
  const e = await failure(base(closed));
  assert.equal(e.failure, 'unreachable');
  assert.ok(e.message.includes(`http://127.0.0.1:${closed}/v1/node/register`), e.message);
  assert.match(e.message, /ECONNREFUSED/);
});

test('TLS: a self-signed cloud certificate fails verification with the reason; ca_verify=false gets through', async () => {
  const s = await cloud({ tls: true });
  const e = await failure(base(s.port, { useSsl: true, caVerify: true }));
  assert.equal(e.failure, 'tls');
  assert.match(e.message, /self-signed certificate/);
  assert.match(e.message, /WALLARM_API_CA_VERIFY=false/);
  const http = await cloud();
  const wrongProtocol = await failure(base(http.port, { useSsl: true }));
  assert.equal(wrongProtocol.failure, 'tls', 'HTTPS to a plain-HTTP port is a TLS failure');
  assert.match(wrongProtocol.message, /WALLARM_API_USE_SSL=false/);
  const ok = await registerNode(base(s.port, { useSsl: true, caVerify: false }));
  assert.ok(ok.uuid);
  // Plain HTTP against the TLS port: the server hangs up, and the message says why that may be.
  const plain = await failure(base(s.port, { useSsl: false }));
  assert.equal(plain.failure, 'unreachable');
  assert.match(plain.message, /if it serves HTTPS, unset WALLARM_API_USE_SSL=false/);
});

test('CLI: writes node.yaml 0600, reuses it, exit codes 0/1/3, and the token reaches neither disk nor output', async () => {
  const s = await cloud({ tls: true });
  const dir = tempDir('node-etc');
  const nodeYaml = path.join(dir, 'etc/wallarm/node.yaml');
  const env = { WALLARM_LABELS: 'group=edge,env=lab', WALLARM_API_CA_VERIFY: 'false' };
  const outputs: string[] = [];

  const first = await cli(['--token', TOKEN, '--host', `127.0.0.1:${s.port}`, '--node-yaml', nodeYaml], env);
  outputs.push(first.stdout, first.stderr);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /registered node [0-9a-f-]{36}/);
  assert.equal(fs.statSync(nodeYaml).mode & 0o777, 0o600);
  const creds = readNodeYaml(nodeYaml)!;
  assert.deepEqual(
    { host: creds.host, port: creds.port, useSsl: creds.useSsl, caVerify: creds.caVerify },
    { host: '127.0.0.1', port: s.port, useSsl: true, caVerify: false },
  );
  assert.deepEqual((await s.store.nodes()).find((n) => n.uuid === creds.uuid)?.labels, { group: 'edge', env: 'lab' });
  assert.match(fs.readFileSync(nodeYaml, 'utf8'), /^api:\n {2}uuid: /);

  const again = await cli(['--token', TOKEN, '--host', `127.0.0.1:${s.port}`, '--node-yaml', nodeYaml], env);
  outputs.push(again.stdout, again.stderr);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /already registered/);
  assert.equal((await s.store.nodes()).length, 1, 'no second registration');

  const labelsFlag = await cli(
    ['--token', TOKEN, '--host', `127.0.0.1:${s.port}`, '--labels', 'env=x', '--node-yaml', path.join(dir, 'b.yaml')],
    env,
  );
  outputs.push(labelsFlag.stdout, labelsFlag.stderr);
  assert.equal(labelsFlag.code, 3, '--labels overrides WALLARM_LABELS, so group is missing');
  assert.match(labelsFlag.stderr, /label "group" is required/);

  const badToken = await cli(
    ['--token', `${TOKEN}x`, '--host', `127.0.0.1:${s.port}`, '--node-yaml', path.join(dir, 'c.yaml')],
    env,
  );
  outputs.push(badToken.stdout, badToken.stderr);
  assert.equal(badToken.code, 3);
  assert.equal(badToken.stderr.trim().split('\n').length, 1);

  const usage = await cli(['--token', TOKEN, '--host', 'a:b:c:d/x', '--node-yaml', path.join(dir, 'd.yaml')], env);
  outputs.push(usage.stdout, usage.stderr);
  assert.equal(usage.code, 1);
  const unknown = await cli(['--token', TOKEN, '--bogus'], env);
  assert.equal(unknown.code, 1);

  assert.ok(!fs.existsSync(path.join(dir, 'b.yaml')) && !fs.existsSync(path.join(dir, 'c.yaml')));
  for (const f of [...filesUnder(dir), ...filesUnder(s.dataDir)]) {
    assert.ok(!fs.readFileSync(f).includes(TOKEN), `token found in ${f}`);
  }
  for (const o of outputs) assert.ok(!o.includes(TOKEN), `token in output: ${o}`);
});
