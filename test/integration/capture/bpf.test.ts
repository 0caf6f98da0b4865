import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBpfFilter } from '../../../node/capture/bpf';
import { writePcap } from '../../../node/sample/pcap-writer';
import { TcpConversation, type GenPacket } from '../../../node/sample/conversation';
import type { Encapsulation } from '../../../node/sample/frames';
import { capturePlan } from '../../support/capture-plan';

test('plain filters: listed ports, all ports, VXLAN always admitted', () => {
  assert.equal(
    buildBpfFilter(capturePlan(), { iface: 'eth0', ports: [8080, 80, 80] }),
    '(tcp and (port 80 or port 8080)) or (udp dst port 4789) or (udp dst port 6081 or ip proto 47 or ip6 proto 47 or (ip[6:2] & 0x1fff != 0) or ip6[6] = 44)',
  );
  assert.equal(
    buildBpfFilter(capturePlan({ vxlanPort: 8472 }), { iface: '', ports: [] }),
    '(tcp) or (udp dst port 8472) or (udp dst port 6081 or ip proto 47 or ip6 proto 47 or (ip[6:2] & 0x1fff != 0) or ip6[6] = 44)',
  );
});

test('the vxlan engine and the override', () => {
  assert.equal(
    buildBpfFilter(capturePlan({ engine: 'vxlan', vxlanPort: 4790 }), { iface: '', ports: [80] }),
    'udp dst port 4790',
  );
  assert.equal(
    buildBpfFilter(capturePlan({ bpfOverride: 'host 10.0.0.1', vlan: true }), { iface: 'eth0', ports: [80] }),
    'host 10.0.0.1',
  );
});

test('VLAN: nested up to 8 tags on named interfaces, none on the any device', () => {
  const f = buildBpfFilter(capturePlan({ vlan: true }), { iface: 'eth0', ports: [80] });
  assert.equal(f.split('vlan and').length - 1, 8);
  assert.ok(
    f.startsWith(
      '(tcp and (port 80)) or (udp dst port 4789) or (udp dst port 6081 or ip proto 47 or ip6 proto 47 or (ip[6:2] & 0x1fff != 0) or ip6[6] = 44) or (vlan and ((tcp and (port 80)) or',
    ),
  );
  assert.equal(buildBpfFilter(capturePlan({ vlanVids: [5] }), { iface: 'eth1', ports: [] }).split('vlan and').length - 1, 8);
  assert.equal(
    buildBpfFilter(capturePlan({ vlan: true }), { iface: '', ports: [80] }),
    '(tcp and (port 80)) or (udp dst port 4789) or (udp dst port 6081 or ip proto 47 or ip6 proto 47 or (ip[6:2] & 0x1fff != 0) or ip6[6] = 44)',
  );
});

const tcpdump = spawnSync('tcpdump', ['--version']).status === 0;

test(
  'the filters compile and match the right frames (tcpdump over a generated capture)',
  { skip: tcpdump ? false : 'tcpdump not installed' },
  () => {
    const conv = (serverPort: number, encap: Encapsulation): GenPacket[] =>
      new TcpConversation({ client: '10.0.0.1', server: '10.0.0.2', serverPort, encap, acks: false, handshake: false })
        .send('c2s', 'GET / HTTP/1.1\r\n\r\n')
        .packets();
    const packets = [
      ...conv(80, { kind: 'ethernet' }),
      ...conv(80, { kind: 'ethernet', vlan: [{ vid: 10 }] }),
      ...conv(80, { kind: 'ethernet', vlan: [{ vid: 10, tpid: 0x88a8 }, { vid: 20 }] }),
      ...conv(80, { kind: 'ethernet', vlan: [{ vid: 1 }, { vid: 2 }, { vid: 3 }, { vid: 4 }, { vid: 5 }] }),
      ...conv(443, { kind: 'ethernet' }),
      ...conv(443, { kind: 'ethernet', vlan: [{ vid: 10 }] }),
      ...conv(443, { kind: 'vxlan', vni: 1 }),
      ...conv(443, { kind: 'vxlan', vni: 1, port: 9999 }),
    ];
    const dir = mkdtempSync(path.join(tmpdir(), 'bpf-'));
    try {
      const file = path.join(dir, 'x.pcap');
      writeFileSync(file, writePcap(packets));
      const count = (filter: string): number => {
        const r = spawnSync('tcpdump', ['-nn', '-q', '-r', file, filter], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        return r.stdout
          .trim()
          .split('\n')
          .filter((l) => l !== '').length;
      };
      // 802.1ad outer tags: libpcap's vlan keyword accepts 0x8100, 0x88a8 and 0x9100.
      assert.equal(count(buildBpfFilter(capturePlan({ vlan: true }), { iface: 'eth0', ports: [80] })), 4 + 1);
      assert.equal(count(buildBpfFilter(capturePlan(), { iface: 'eth0', ports: [80] })), 1 + 1);
      assert.equal(count(buildBpfFilter(capturePlan({ vlan: true }), { iface: 'eth0', ports: [] })), 7);
      assert.equal(count(buildBpfFilter(capturePlan({ engine: 'vxlan', vxlanPort: 9999 }), { iface: '', ports: [] })), 1);
      // The any device captures Linux cooked frames: the filter must compile there too.
      const sll = path.join(dir, 'sll.pcap');
      writeFileSync(sll, writePcap(conv(80, { kind: 'sll' })));
      const r = spawnSync(
        'tcpdump',
        ['-nn', '-q', '-r', sll, buildBpfFilter(capturePlan({ vlan: true }), { iface: '', ports: [80] })],
        { encoding: 'utf8' },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim().split('\n').length, 1);
    } finally {
      rmSync(dir, { recursive: true });
    }
  },
);
