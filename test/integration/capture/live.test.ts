import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ns = `aio-capture-${process.pid}`;
const canUseNetns = process.getuid?.() === 0 && spawnSync('ip', ['netns', 'list']).status === 0;

test('live libpcap capture on loopback and VXLAN on a UDP socket, inside a private netns', { skip: canUseNetns ? false : 'needs root and iproute2 (network namespaces)' }, () => {
  assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
  try {
    assert.equal(spawnSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']).status, 0);
    const probe = path.join(__dirname, 'live-probe.ts');
    const r = spawnSync('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', probe], { encoding: 'utf8', timeout: 30000 });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      payload: string;
      linkTypes: number[];
      filter: string;
      stats: { total: { received: number; dropped: number | null; ifDropped: number | null } };
      liveCounters: { port_filtered: number };
      vnis: number[];
      vniFiltered: number;
      vxStats: { received: number; dropped: number | null };
    };
    assert.deepEqual(out.linkTypes, [1]);
    assert.match(out.filter, /^\(tcp and \(port 18080\)\) or \(udp dst port 14789\) or \(vlan and /);
    // Both directions of the port-18080 connection, nothing of the other one.
    assert.equal(out.payload, 'GET /captured HTTP/1.1\r\nHost: a\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n');
    assert.equal(out.liveCounters.port_filtered, 0, 'the BPF filter already dropped the other port');
    assert.ok(out.stats.total.received >= 8, `received ${out.stats.total.received}`);
    assert.equal(out.stats.total.ifDropped, 0);
    assert.deepEqual(out.vnis, [7, 7]);
    assert.equal(out.vniFiltered, 1);
    assert.equal(out.vxStats.received, 3);
    assert.equal(out.vxStats.dropped, 0);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
});
