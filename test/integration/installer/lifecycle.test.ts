/**
 * A whole life cycle into a temporary root (--root, fake systemd): install, re-run (nothing
 * changes), upgrade (backup, config and credentials preserved), --preserve=false, --reinstall,
 * failed upgrade (rolled back, exit 4), --uninstall, --uninstall --purge; plus registration
 * failure (exit 3) and a failed first install (exit 4, nothing left).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  failFakeCalls,
  fakeCalls,
  fakeState,
  makePayload,
  payloadCalls,
  runInstaller,
  snapshot,
  tempDir,
  writeConfig,
} from './helpers';

const W = '/opt/wallarm';
const labels = { WALLARM_LABELS: 'group=edge,env=test' };

function batch(payload: string, root: string, config: string, ...more: string[]): string[] {
  return [
    '--payload-dir',
    payload,
    '--root',
    root,
    '--batch',
    '--token',
    'TOKEN-1',
    '--mode',
    'tcp-capture',
    '--go-node-config',
    config,
    '--host',
    'us1.api.wallarm.com',
    ...more,
  ];
}

const read = (root: string, p: string) => fs.readFileSync(path.join(root, p), 'utf8');
const exists = (root: string, p: string) => fs.existsSync(path.join(root, p));

test('install, re-run, upgrade, replace, reinstall, failed upgrade, uninstall, purge', async () => {
  const work = tempDir('life');
  const root = path.join(work, 'root');
  fs.mkdirSync(root);
  const v1 = makePayload(path.join(work, 'v1'), { version: '1.0.0' });
  const config = writeConfig(path.join(work, 'conf.yaml'));

  // Fresh install, --opt value forms.
  let r = await runInstaller(batch(v1, root, config), labels);
  assert.equal(r.code, 0, r.stderr);
  for (const step of [
    'Registering the node',
    'Installing aio-native 1.0.0',
    'Configuring the systemd service',
    'Starting wallarm.service',
  ])
    assert.match(r.stdout, new RegExp(step));
  assert.match(r.stdout, /node log +\/opt\/wallarm\/var\/log\/wallarm\/go-node\.log/);
  assert.match(r.stdout, /curl http:\/\/<MIRROR_SOURCE_ADDRESS>\/etc\/passwd/);
  assert.equal(read(root, `${W}/etc/wallarm/go-node.yaml`), read(work, 'conf.yaml'));
  assert.equal(read(root, `${W}/VERSION`), '1.0.0\n');
  assert.equal(fs.statSync(path.join(root, `${W}/etc/wallarm/node.yaml`)).mode & 0o777, 0o600);
  assert.equal(fs.statSync(path.join(root, `${W}/usr/bin/native-node`)).mode & 0o777, 0o755);
  assert.equal(read(root, `${W}/usr/lib/cap.node`), 'addon for 1.0.0\n');
  for (const d of ['var/log/wallarm', 'var/lib/wallarm']) assert.ok(fs.statSync(path.join(root, W, d)).isDirectory());
  const unit = read(root, '/etc/systemd/system/wallarm.service');
  assert.match(
    unit,
    /^ExecStart=\/opt\/wallarm\/usr\/bin\/native-node run --config \/opt\/wallarm\/etc\/wallarm\/go-node\.yaml/m,
  );
  assert.match(unit, /^EnvironmentFile=-\/etc\/wallarm-override\/env\.list$/m);
  assert.ok(exists(root, '/etc/logrotate.d/wallarm'));
  assert.deepEqual(fakeCalls(root), [
    'useradd --system wallarm',
    'systemctl daemon-reload',
    'systemctl enable wallarm.service',
    'systemctl start wallarm.service',
  ]);
  assert.deepEqual(fakeState(root).units['wallarm.service'], { enabled: true, active: true });
  // The token went to register through the environment only.
  const calls = payloadCalls(v1);
  const reg = calls.find((l) => l.startsWith('argv: register'));
  assert.ok(reg && !reg.includes('TOKEN-1'), reg);
  assert.match(reg, /--host us1\.api\.wallarm\.com --labels group=edge,env=test/);
  assert.ok(calls.includes('env-token: TOKEN-1'));
  for (const f of [`${W}/etc/wallarm/node.yaml`, `${W}/etc/wallarm/go-node.yaml`, '/etc/systemd/system/wallarm.service']) {
    assert.ok(!read(root, f).includes('TOKEN-1'), `token written to ${f}`);
  }

  // Same installer again: nothing is touched, no system call made, no registration.
  const before = snapshot(root);
  r = await runInstaller(batch(v1, root, config), labels);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /already registered, reusing/);
  assert.match(r.stdout, /nothing changed/);
  assert.deepEqual(snapshot(root), before);
  assert.equal(payloadCalls(v1).filter((l) => l.startsWith('argv: register')).length, 1);

  // Upgrade, --opt=value forms; the user's edited config and the credentials are preserved.
  const v2 = makePayload(path.join(work, 'v2'), { version: '2.0.0' });
  const edited = read(root, `${W}/etc/wallarm/go-node.yaml`) + 'log:\n  level: debug\n';
  fs.writeFileSync(path.join(root, `${W}/etc/wallarm/go-node.yaml`), edited);
  fs.mkdirSync(path.join(root, '/etc/wallarm-override'));
  fs.writeFileSync(path.join(root, '/etc/wallarm-override/env.list'), 'WALLARM_APID_ONLY=true\n');
  const credentials = read(root, `${W}/etc/wallarm/node.yaml`);
  const callsBefore = fakeCalls(root).length;
  r = await runInstaller(
    ['--payload-dir', v2, `--root=${root}`, '--batch', '--mode=tcp-capture', `--go-node-config=${config}`],
    labels,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Upgrading 1\.0\.0 -> 2\.0\.0/);
  assert.match(r.stdout, /keeping the installed config/);
  assert.equal(read(root, `${W}/VERSION`), '2.0.0\n');
  assert.equal(read(root, `${W}/usr/lib/cap.node`), 'addon for 2.0.0\n');
  assert.equal(read(root, `${W}/etc/wallarm/go-node.yaml`), edited);
  assert.equal(read(root, `${W}/etc/wallarm/node.yaml`), credentials);
  const backups = fs.readdirSync(path.join(root, `${W}/aio-backups`));
  assert.equal(backups.length, 1);
  assert.match(backups[0], /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
  const backup = path.join(root, `${W}/aio-backups`, backups[0]);
  assert.deepEqual(fs.readdirSync(backup).sort(), ['env.list', 'go-node.yaml', 'node.yaml']);
  assert.equal(fs.readFileSync(path.join(backup, 'go-node.yaml'), 'utf8'), edited);
  assert.deepEqual(fakeCalls(root).slice(callsBefore), ['systemctl daemon-reload', 'systemctl restart wallarm.service']);

  // --preserve=false: the given config replaces the installed one and the node registers again.
  r = await runInstaller(batch(v2, root, config, '--preserve=false'), labels);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(read(root, `${W}/etc/wallarm/go-node.yaml`), read(work, 'conf.yaml'));
  assert.equal(payloadCalls(v2).filter((l) => l.startsWith('argv: register')).length, 1);
  assert.equal(fs.readdirSync(path.join(root, `${W}/aio-backups`)).length, 2);

  // A failed upgrade (the new service never becomes active) rolls back to 2.0.0, running.
  const v3 = makePayload(path.join(work, 'v3'), { version: '3.0.0' });
  const beforeFailure = snapshot(path.join(root, 'opt'));
  failFakeCalls(root, ['crash wallarm.service 3.0.0']);
  r = await runInstaller(['--payload-dir', v3, '--root', root, '--batch', '--mode', 'tcp-capture'], {
    ...labels,
    WALLARM_INSTALLER_READY_TIMEOUT: '1',
  });
  assert.equal(r.code, 4, r.stdout + r.stderr);
  assert.match(r.stderr, /install failed: wallarm\.service is not active/);
  assert.match(r.stdout, /rolling back to the previous state/);
  fs.rmSync(path.join(root, '.fake-system/fail'));
  const afterFailure = snapshot(path.join(root, 'opt'));
  assert.deepEqual(Object.keys(afterFailure), Object.keys(beforeFailure));
  for (const [file, v] of Object.entries(beforeFailure))
    assert.equal(afterFailure[file].split(' ').pop(), v.split(' ').pop(), file);
  assert.equal(read(root, `${W}/VERSION`), '2.0.0\n');
  assert.match(read(root, '/etc/systemd/system/wallarm.service'), /installer 2\.0\.0/);
  // New files, restart (dies), then the old files back, reload, restart: the old version runs.
  assert.deepEqual(fakeCalls(root).slice(-4), [
    'systemctl daemon-reload',
    'systemctl restart wallarm.service',
    'systemctl daemon-reload',
    'systemctl restart wallarm.service',
  ]);
  assert.deepEqual(fakeState(root).units['wallarm.service'], { enabled: true, active: true });

  // A --reinstall whose new service dies puts the removed binaries and unit back (exit 4).
  const beforeReinstall = snapshot(path.join(root, 'opt/wallarm/usr'));
  failFakeCalls(root, ['crash wallarm.service 3.0.0']);
  r = await runInstaller(['--payload-dir', v3, '--root', root, '--batch', '--mode', 'tcp-capture', '--reinstall'], {
    WALLARM_INSTALLER_READY_TIMEOUT: '1',
  });
  assert.equal(r.code, 4, r.stderr);
  fs.rmSync(path.join(root, '.fake-system/fail'));
  const contentOf = (snap: Record<string, string>) =>
    Object.fromEntries(Object.entries(snap).map(([f, v]) => [f, v.split(' ').pop()]));
  assert.deepEqual(contentOf(snapshot(path.join(root, 'opt/wallarm/usr'))), contentOf(beforeReinstall));
  assert.match(read(root, '/etc/systemd/system/wallarm.service'), /installer 2\.0\.0/);
  assert.deepEqual(fakeState(root).units['wallarm.service'], { enabled: true, active: true });

  // --reinstall: service and binaries removed and written again, credentials kept.
  fs.writeFileSync(path.join(root, `${W}/usr/bin/stale-file`), 'x');
  r = await runInstaller(['--payload-dir', v2, '--root', root, '--batch', '--mode', 'tcp-capture', '--reinstall'], labels);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Removing the installed service and binaries \(--reinstall\)/);
  assert.ok(!exists(root, `${W}/usr/bin/stale-file`));
  assert.ok(exists(root, `${W}/usr/bin/native-node`));
  assert.ok(read(root, `${W}/etc/wallarm/node.yaml`).includes('fake-uuid'));
  assert.deepEqual(fakeCalls(root).slice(-3), [
    'systemctl stop wallarm.service',
    'systemctl daemon-reload',
    'systemctl start wallarm.service',
  ]);

  // --uninstall keeps config, credentials and logs.
  fs.appendFileSync(path.join(root, `${W}/var/log/wallarm/go-node.log`), 'a log line\n');
  r = await runInstaller(['--payload-dir', v2, '--root', root, '--batch', '--uninstall'], labels);
  assert.equal(r.code, 0, r.stderr);
  for (const gone of ['/etc/systemd/system/wallarm.service', '/etc/logrotate.d/wallarm', `${W}/usr`, `${W}/VERSION`])
    assert.ok(!exists(root, gone), gone);
  for (const kept of [
    `${W}/etc/wallarm/go-node.yaml`,
    `${W}/etc/wallarm/node.yaml`,
    `${W}/var/log/wallarm/go-node.log`,
    `${W}/aio-backups`,
  ])
    assert.ok(exists(root, kept), kept);
  assert.deepEqual(fakeState(root).units['wallarm.service'], { enabled: false, active: false });

  // Installing again after uninstall reuses the credentials (no registration needed).
  r = await runInstaller(['--payload-dir', v2, '--root', root, '--batch', '--mode', 'tcp-capture'], {});
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /already registered, reusing/);

  // --uninstall --purge removes /opt/wallarm and the user, keeps the user's env.list.
  r = await runInstaller(['--payload-dir', v2, '--root', root, '--batch', '--uninstall', '--purge'], labels);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!exists(root, W));
  assert.ok(exists(root, '/etc/wallarm-override/env.list'));
  assert.equal(fakeCalls(root).at(-1), 'userdel wallarm');
  r = await runInstaller(['--payload-dir', v2, '--root', root, '--batch', '--uninstall'], labels);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /Nothing to uninstall/);
});

test('registration failure exits 3 with the cloud message and what to do, changing nothing', async () => {
  const work = tempDir('reg');
  const root = path.join(work, 'root');
  fs.mkdirSync(root);
  const payload = makePayload(path.join(work, 'p'));
  const config = writeConfig(path.join(work, 'c.yaml'));
  const r = await runInstaller(
    [
      '--payload-dir',
      payload,
      '--root',
      root,
      '--batch',
      '--token=bad',
      '--mode=tcp-capture',
      `--go-node-config=${config}`,
      '--host=api.wallarm.com',
    ],
    labels,
  );
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /installer: error: registration failed: 401 Unauthorized/);
  assert.match(r.stderr, /What to do: check the token/);
  assert.match(r.stderr, /Nothing was changed on this machine/);
  assert.deepEqual(fs.readdirSync(root), []);
});

test('a first install whose service fails to start is rolled back completely (exit 4)', async () => {
  const work = tempDir('fail');
  const root = path.join(work, 'root');
  fs.mkdirSync(root);
  failFakeCalls(root, ['systemctl start wallarm.service']);
  const payload = makePayload(path.join(work, 'p'));
  const config = writeConfig(path.join(work, 'c.yaml'));
  const r = await runInstaller(batch(payload, root, config), labels);
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /install failed: systemctl start wallarm\.service failed/);
  assert.match(r.stderr, /rolled back: nothing is left installed by this run/);
  assert.deepEqual(fs.readdirSync(root).sort(), ['.fake-system']);
  assert.deepEqual(fakeState(root).units['wallarm.service'], { enabled: false, active: false });
  assert.deepEqual(fakeCalls(root).slice(-2), ['systemctl disable wallarm.service', 'systemctl daemon-reload']);
});

test('readiness comes from the health endpoint: 200 installs, a node that stays not-ready is rolled back', async () => {
  let status = 200;
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/ready' ? status : 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const work = tempDir('ready');
    const root = path.join(work, 'root');
    fs.mkdirSync(root);
    const config = path.join(work, 'c.yaml');
    fs.writeFileSync(
      config,
      `version: 4\nmode: tcp-capture\nhealth_check:\n  enabled: true\n  listen_address: 127.0.0.1:${port}\n`,
    );
    let r = await runInstaller(batch(makePayload(path.join(work, 'v1'), { version: '1.0.0' }), root, config), labels);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`ready: http://127\\.0\\.0\\.1:${port}/ready answered 200`));

    status = 503;
    r = await runInstaller(
      [
        '--payload-dir',
        makePayload(path.join(work, 'v2'), { version: '2.0.0' }),
        '--root',
        root,
        '--batch',
        '--mode=tcp-capture',
      ],
      { WALLARM_INSTALLER_READY_TIMEOUT: '1' },
    );
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, new RegExp(`wallarm\\.service is active but http://127\\.0\\.0\\.1:${port}/ready never answered 200`));
    assert.equal(read(root, `${W}/VERSION`), '1.0.0\n');
  } finally {
    server.close();
  }
});
