import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { liveCaptureSkip } from '../../support/live-capture';

const ns = `aio-capture-${process.pid}`;
const canUseNetns = process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;
const skip = canUseNetns ? liveCaptureSkip() : 'needs root and iproute2 (network namespaces)';

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
    const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 30000,
      env: { ...process.env, ...env },
    });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as ProbeOutput;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

function assertCommon(out: ProbeOutput, anyDevice = false): void {
  assert.deepEqual(out.linkTypes, [anyDevice ? 113 : 1]);
  if (anyDevice)
    assert.equal(
      out.filter,
      '(tcp and (port 18080)) or (udp dst port 14789) or (udp dst port 6081 or ip proto 47 or ip6 proto 47 or (ip[6:2] & 0x1fff != 0) or ip6[6] = 44)',
    );
  else
    assert.match(out.filter, /^\(tcp and \(port 18080\)\) or \(udp dst port 14789\) or \(udp dst port 6081 .*\) or \(vlan and /);
  // Both directions of the port-18080 connection, nothing of the other one.
  assert.equal(out.payload, 'GET /captured HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
  assert.equal(out.liveCounters.port_filtered, 0, 'the BPF filter already dropped the other port');
  assert.ok(out.timestampsInRange);
  assert.deepEqual(out.vnis, [7, 7]);
  assert.equal(out.vniFiltered, 1);
  assert.equal(out.vxStats.received, 3);
  assert.equal(out.vxStats.dropped, 0);
}

test('live libpcap capture on loopback and VXLAN on a UDP socket, with the patched addon npm ci builds', { skip }, () => {
  const out = probe();
  assertCommon(out);
  assert.equal(out.patched, true, 'build/dev-addon.ts (postinstall) builds the patched addon and cap-loader prefers it');
  // libpcap's own counters: every packet the filter accepted, none dropped.
  assert.ok(out.stats.total.received >= 8, `received ${out.stats.total.received}`);
  assert.equal(out.stats.total.dropped, 0);
  assert.equal(out.stats.total.ifDropped, 0);
});

test('live capture on the any device (Linux cooked frames, no vlan keyword)', { skip }, () => {
  assertCommon(probe({ PROBE_IFACE: '' }), true);
});

test('falls back to the upstream addon, which cannot report ring drops', { skip }, () => {
  const out = probe({ CAP_MODULE: path.join(root, 'node_modules/cap/lib/Cap.js') });
  assertCommon(out);
  assert.equal(out.patched, false);
  assert.ok(out.stats.total.received >= 8, `received ${out.stats.total.received}`);
  assert.equal(out.stats.total.dropped, null, 'upstream cap cannot report ring drops');
  assert.equal(out.stats.total.ifDropped, 0);
});
