/**
 * End to end under a real systemd (not run by `npm test`; needs root, debootstrap and
 * systemd-nspawn): a Debian bookworm rootfs (cached in AIO_E2E_ROOTFS, default
 * /var/cache/aio-native/rootfs-bookworm, built with debootstrap on first use) booted with
 * systemd-nspawn on a fresh overlay, private network. Inside it: the reference cloud, then the
 * installer (this repository's CLI; or the built archive given as AIO_E2E_ARCHIVE) installs,
 * re-runs, takes a config change with `systemctl restart wallarm`, upgrades, survives a broken
 * release by rolling back, uninstalls and purges. The payload's `run` is a stand-in node that
 * serves /ready, unless AIO_E2E_ARCHIVE (a built archive) or AIO_E2E_PAYLOAD (an unpacked payload
 * directory) brings the real binary for the first install.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readNodeYaml } from '../../node/cloud/node-yaml';
import { Container, containerSkip as skip, NODE, REPO, TSX } from './container';

/**
 * The API token of this run, made up here: the test's own text (which may sit anywhere the
 * secrets search looks, e.g. a checkout under /tmp) never holds it.
 */
const TOKEN = `e2e-${randomBytes(12).toString('hex')}`;

const ARCHIVE = process.env.AIO_E2E_ARCHIVE ?? '';
/** An unpacked payload (bin/native-node, lib/, VERSION, ARCH), e.g. from build/work, for step one. */
const PAYLOAD = process.env.AIO_E2E_PAYLOAD ?? '';

let box: Container | null = null;
let merged = '';
const inside = (cmd: string, env: Record<string, string> = {}, timeout = 120_000) => box!.inside(cmd, env, timeout);
const payload = (name: string, version: string, flavour?: 'stand-in' | 'broken' | 'repository') =>
  box!.payload(name, version, flavour);

before(async () => {
  if (skip) return;
  box = await Container.boot('aio-e2e');
  merged = box.merged;
  // The reference cloud, inside the container's own network.
  box.background(
    `cd /root && exec ${NODE} --import ${TSX} ${REPO}/cloud/main.ts --listen 127.0.0.1:8443 --data /root/cloud --token ${TOKEN} > /root/cloud.log 2>&1`,
  );
  await box.waitFor('root/cloud.log', 'listening on').catch(() => undefined);
});

after(async () => {
  await box?.stop();
});

/** Where the installer and the service may write: the layout, logs, temp files, unit, overrides. */
const WRITTEN_DIRS = [
  '/opt/wallarm',
  '/var/log',
  '/var/tmp',
  '/tmp',
  '/run',
  '/etc/systemd/system',
  '/etc/wallarm-override',
  '/etc/logrotate.d',
];

const ENV = { WALLARM_LABELS: 'group=e2e', WALLARM_API_USE_SSL: 'false', WALLARM_INSTALLER_READY_TIMEOUT: '8' };
const ARGS = `--batch --token ${TOKEN} --mode=tcp-capture --go-node-config=/root/conf.yaml --host 127.0.0.1:8443`;
const mainPid = () => inside('systemctl show -p MainPID --value wallarm').out.trim();
const log = () => {
  const file = path.join(merged, 'opt/wallarm/var/log/wallarm/go-node.log');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(no node log)';
};

/** systemctl returns once the process is forked; its first log line follows a moment later. */
function waitForLog(what: string, ok: (text: string) => boolean): void {
  for (const until = Date.now() + 10_000; !ok(log());) {
    if (Date.now() > until) assert.fail(`the node log never showed ${what}:\n${log()}`);
    spawnSync('sleep', ['0.2']);
  }
}

test('installer under a real systemd: install, restart on config change, upgrade, rollback, uninstall', { skip }, async (t) => {
  fs.writeFileSync(path.join(merged, 'root/conf.yaml'), 'version: 4\nmode: tcp-capture\ngoreplay:\n  filter: "lo:80"\n');
  const v1 = payload('v1', '1.0.0');
  let install: string;
  if (ARCHIVE) {
    fs.copyFileSync(ARCHIVE, path.join(merged, 'root/aio-native.sh'));
    install = `sh /root/aio-native.sh --noprogress -- ${ARGS}`;
  } else if (PAYLOAD) {
    fs.cpSync(PAYLOAD, path.join(merged, 'root/built'), { recursive: true });
    install = `/root/built/bin/native-node installer --payload-dir /root/built ${ARGS}`;
  } else {
    install = `${v1}/bin/native-node installer --payload-dir ${v1} ${ARGS}`;
  }

  let installOutput = '';
  await t.test('install: active, enabled, unprivileged with CAP_NET_RAW and CAP_NET_ADMIN only', () => {
    const r = inside(install, ENV);
    installOutput = r.out;
    t.diagnostic(r.out);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /ready: /);
    assert.equal(inside('systemctl is-active wallarm').out.trim(), 'active');
    assert.equal(inside('systemctl is-enabled wallarm').out.trim(), 'enabled');
    const status = inside(`grep -E '^(Uid|CapEff|CapAmb|CapBnd)' /proc/${mainPid()}/status`).out;
    t.diagnostic(status);
    const uid = inside('id -u wallarm').out.trim();
    assert.match(status, new RegExp(`^Uid:\\s+${uid}\\s`, 'm'));
    assert.match(status, /^CapEff:\s+0000000000003000$/m);
    assert.match(status, /^CapBnd:\s+0000000000003000$/m);
    assert.match(inside('stat -c "%a %U" /opt/wallarm/etc/wallarm/node.yaml').out, /^600 wallarm/);
  });

  await t.test("the service's priority is in effect: CPUWeight=1000, nice -5 (docs/operations.md, Service priority)", () => {
    assert.equal(inside('systemctl show -p CPUWeight --value wallarm').out.trim(), '1000');
    assert.equal(inside('systemctl show -p Nice --value wallarm').out.trim(), '-5');
    // Field 19 of /proc/PID/stat (after the parenthesised command name) is the main thread's nice.
    const stat = inside(`cat /proc/${mainPid()}/stat`).out;
    assert.equal(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16], '-5', stat);
  });

  await t.test('the token and the node secret are nowhere the installer and the running service wrote', () => {
    const secret = readNodeYaml(path.join(merged, 'opt/wallarm/etc/wallarm/node.yaml'))?.secret ?? '';
    assert.ok(secret.length >= 16, 'the installer registered the node');
    const token = TOKEN;
    // Every process of the container but the reference cloud (given the token to check it).
    const processes = inside(
      `for p in /proc/[0-9]*; do c=$(tr '\\0' ' ' < $p/cmdline 2>/dev/null); case "$c" in *cloud/main.ts*|'') ;; *) echo "== $p: $c"; tr '\\0' '\\n' < $p/environ 2>/dev/null ;; esac; done`,
    ).out;
    assert.match(processes, new RegExp(`== /proc/${mainPid()}: `), 'the service is among the processes read');
    const journal = inside('journalctl --no-pager -o verbose').out;
    assert.match(journal, /_SYSTEMD_UNIT=wallarm\.service|UNIT=wallarm\.service/, "the journal has the service's entries");
    const places: Array<[string, string]> = [
      ['the installer output', installOutput],
      ["the journal (with each entry's command line)", journal],
      ['process arguments and environments', processes],
    ];
    // Searched inside the container, so its own /run and the service's PrivateTmp are seen; FIFOs and
    // sockets skipped. The one hit must be the credentials file itself (which proves the search works).
    const hits = inside(`grep -rlsF -D skip -e '${token}' -e '${secret}' ${WRITTEN_DIRS.join(' ')}`).out;
    assert.equal(hits, '/opt/wallarm/etc/wallarm/node.yaml\n', `files holding the token or the secret:\n${hits}`);
    for (const [where, text] of places) {
      assert.ok(!text.includes(token), `the API token is in ${where}`);
      assert.ok(!text.includes(secret), `the node secret is in ${where}`);
    }
  });

  await t.test('re-running the same installer changes nothing (the service keeps running)', () => {
    const pid = mainPid();
    const r = inside(install, ENV);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /nothing changed/);
    assert.equal(mainPid(), pid);
  });

  await t.test('a config change applied with systemctl restart wallarm', () => {
    const pid = mainPid();
    const before = log();
    inside("printf 'log:\\n  level: debug\\n' >> /opt/wallarm/etc/wallarm/go-node.yaml");
    assert.equal(inside('/opt/wallarm/usr/bin/native-node check-config /opt/wallarm/etc/wallarm/go-node.yaml').code, 0);
    assert.equal(inside('systemctl restart wallarm').code, 0);
    assert.equal(inside('systemctl is-active wallarm').out.trim(), 'active');
    assert.notEqual(mainPid(), pid);
    // The restarted node appends to the same log (StandardOutput=append).
    waitForLog('output of the restarted node after the first', (l) => l.startsWith(before) && l.length > before.length);
  });

  await t.test('upgrade in place: backup first, config and credentials kept', () => {
    const v2 = payload('v2', '2.0.0');
    const r = inside(`${v2}/bin/native-node installer --payload-dir ${v2} ${ARGS}`, ENV);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Upgrading .* -> 2\.0\.0/);
    const backups = inside('ls /opt/wallarm/aio-backups/*/').out;
    assert.match(backups, /go-node\.yaml/);
    assert.match(backups, /node\.yaml/);
    assert.match(
      inside('stat -c "%a %U" /opt/wallarm/aio-backups/*/node.yaml /opt/wallarm/aio-backups /opt/wallarm/aio-backups/*/').out,
      /^600 root\n700 root\n700 root\n$/,
    );
    assert.match(inside('cat /opt/wallarm/etc/wallarm/go-node.yaml').out, /level: debug/);
    assert.match(log(), /fake node 2\.0\.0 starting/);
    assert.equal(inside('systemctl is-active wallarm').out.trim(), 'active');
  });

  await t.test('a broken release is rolled back and the previous version runs again (exit 4)', () => {
    const v3 = payload('v3', '3.0.0', 'broken');
    const r = inside(`${v3}/bin/native-node installer --payload-dir ${v3} ${ARGS}`, ENV);
    t.diagnostic(r.out);
    assert.equal(r.code, 4, r.out);
    assert.match(r.out, /rolled back: the previous installation is running again/);
    assert.equal(inside('cat /opt/wallarm/VERSION').out.trim(), '2.0.0');
    assert.equal(inside('systemctl is-active wallarm').out.trim(), 'active');
    waitForLog(
      '2.0.0 starting again after 3.0.0',
      (l) => l.lastIndexOf('fake node 2.0.0 starting') > l.lastIndexOf('fake node 3.0.0 starting'),
    );
  });

  await t.test('uninstall: the service is gone, config, credentials and logs stay', () => {
    const v2 = '/root/v2';
    const r = inside(`${v2}/bin/native-node installer --payload-dir ${v2} --batch --uninstall`, ENV);
    assert.equal(r.code, 0, r.out);
    assert.notEqual(inside('systemctl is-active wallarm').out.trim(), 'active');
    assert.notEqual(inside('systemctl cat wallarm').code, 0);
    assert.equal(inside('test -x /opt/wallarm/usr/bin/native-node').code, 1);
    assert.equal(
      inside('test -s /opt/wallarm/etc/wallarm/node.yaml && test -s /opt/wallarm/var/log/wallarm/go-node.log').code,
      0,
    );
  });

  await t.test('purge: /opt/wallarm and the wallarm user are gone', () => {
    const r = inside('/root/v2/bin/native-node installer --payload-dir /root/v2 --batch --uninstall --purge', ENV);
    assert.equal(r.code, 0, r.out);
    assert.equal(inside('test -e /opt/wallarm').code, 1);
    assert.notEqual(inside('getent passwd wallarm').code, 0);
  });

  // The repository's own `run` (live libpcap capture on lo) under the hardened unit, as wallarm.
  // With a built archive or payload, the first step already ran the real binary's `run` under the
  // unit. A checkout under /tmp is invisible to the service (the unit has PrivateTmp=yes).
  const repoRunSkip =
    ARCHIVE || PAYLOAD
      ? 'the built binary already ran under the unit in the first step'
      : REPO.startsWith('/tmp/')
        ? `the unit's PrivateTmp hides this checkout (${REPO}) from the service`
        : spawnSync(NODE, ['--import', TSX, path.join(REPO, 'node/cli/main.ts'), 'run', '--help']).status !== 0
          ? 'no run command in this tree yet'
          : false;
  await t.test("the node's own run command stays up under the unit", { skip: repoRunSkip }, () => {
    const v4 = payload('v4', '4.0.0', 'repository');
    const r = inside(`${v4}/bin/native-node installer --payload-dir ${v4} ${ARGS}`, ENV);
    assert.equal(r.code, 0, r.out);
    t.diagnostic(r.out.split('\n').find((l) => l.includes('ready:')) ?? '');
    assert.match(r.out, /ready: /);
    spawnSync('sleep', ['3']);
    assert.equal(inside('systemctl is-active wallarm').out.trim(), 'active', log());
    assert.equal(inside('/root/v4/bin/native-node installer --payload-dir /root/v4 --batch --uninstall --purge', ENV).code, 0);
  });
});
