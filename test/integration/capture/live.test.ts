import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { patchCapBinding } from '../../../node/capture/cap-binding-patch';

const ns = `aio-capture-${process.pid}`;
const canUseNetns = process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;

const root = path.resolve(__dirname, '../../..');

interface ProbeOutput {
  patched: boolean;
  timestampsInRange: boolean;
  payload: string;
  linkTypes: number[];
  filter: string;
  stats: { total: { received: number; dropped: number | null; ifDropped: number | null } };
  liveCounters: { port_filtered: number };
  vnis: number[];
  vniFiltered: number;
  vxStats: { received: number; dropped: number | null };
}

/** Runs live-probe.ts in a fresh network namespace (loopback only), removed afterwards. */
function probe(env: NodeJS.ProcessEnv = {}): ProbeOutput {
  assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
  try {
    assert.equal(spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']).status, 0);
    const script = path.join(__dirname, 'live-probe.ts');
    const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', script], { encoding: 'utf8', timeout: 30000, env: { ...process.env, ...env } });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as ProbeOutput;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

function assertCommon(out: ProbeOutput, anyDevice = false): void {
  assert.deepEqual(out.linkTypes, [anyDevice ? 113 : 1]);
  if (anyDevice) assert.equal(out.filter, '(tcp and (port 18080)) or (udp dst port 14789)');
  else assert.match(out.filter, /^\(tcp and \(port 18080\)\) or \(udp dst port 14789\) or \(vlan and /);
  // Both directions of the port-18080 connection, nothing of the other one.
  assert.equal(out.payload, 'GET /captured HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
  assert.equal(out.liveCounters.port_filtered, 0, 'the BPF filter already dropped the other port');
  assert.ok(out.timestampsInRange);
  assert.deepEqual(out.vnis, [7, 7]);
  assert.equal(out.vniFiltered, 1);
  assert.equal(out.vxStats.received, 3);
  assert.equal(out.vxStats.dropped, 0);
}

test('live libpcap capture on loopback and VXLAN on a UDP socket, inside a private netns', { skip: canUseNetns ? false : 'needs root and iproute2 (network namespaces)' }, () => {
  const out = probe();
  assertCommon(out);
  assert.equal(out.patched, false);
  assert.ok(out.stats.total.received >= 8, `received ${out.stats.total.received}`);
  assert.equal(out.stats.total.dropped, null, 'upstream cap cannot report ring drops');
  assert.equal(out.stats.total.ifDropped, 0);
});

test('live capture on the any device (Linux cooked frames, no vlan keyword)', { skip: canUseNetns ? false : 'needs root and iproute2 (network namespaces)' }, () => {
  assertCommon(probe({ PROBE_IFACE: '' }), true);
});

const nodeGyp = path.join(spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim(), 'npm/node_modules/node-gyp/bin/node-gyp.js');
const nodeHeaders = ['/usr/include/node/node.h', path.join(path.dirname(path.dirname(process.execPath)), 'include/node/node.h')].find((f) => existsSync(f));
const canBuild = canUseNetns && existsSync(nodeGyp) && nodeHeaders !== undefined && existsSync('/usr/include/pcap/pcap.h');

test('the patched addon (cap-binding-patch.ts) compiles and reports kernel counters and timestamps', { skip: canBuild ? false : 'needs root, node-gyp, node headers and libpcap-dev' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cap-patched-'));
  try {
    const cap = path.join(root, 'node_modules/cap');
    for (const f of ['binding.gyp', 'package.json', 'lib', 'src']) cpSync(path.join(cap, f), path.join(dir, f), { recursive: true });
    writeFileSync(path.join(dir, 'src/binding.cc'), patchCapBinding(readFileSync(path.join(cap, 'src/binding.cc'), 'utf8')));
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
    const nodedir = path.dirname(path.dirname(path.dirname(nodeHeaders!)));
    const b = spawnSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`, '--silent'], { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_nodedir: nodedir } });
    assert.equal(b.status, 0, b.stderr);
    const out = probe({ CAP_MODULE: path.join(dir, 'lib/Cap.js') });
    assertCommon(out);
    assert.equal(out.patched, true);
    // libpcap's own counters: every packet the filter accepted, none dropped.
    assert.ok(out.stats.total.received >= 8, `received ${out.stats.total.received}`);
    assert.equal(out.stats.total.dropped, 0);
    assert.equal(out.stats.total.ifDropped, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
