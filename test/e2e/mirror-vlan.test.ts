/**
 * Tagged mirrored frames on the wire: a tc eBPF program (test/e2e/vlan-bpf.ts) on the SPAN port
 * pushes an 802.1Q tag whose VID depends on the client address (10.10.0.1 -> 10, 10.10.0.3 ->
 * 20), and for QinQ an 802.1ad outer tag on top. The node keeps only the VIDs it is told to.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { VlanTagging } from './vlan-bpf';
import { SERVER, skipReason } from './scenario';
import { mirrorScenario } from './support/fixture';

const skip = skipReason('nginx', 'llc');
const CLIENT2 = { role: 'client', ips: ['10.10.0.1', '10.10.0.3'] };

function scenario(
  t: TestContext,
  tagging: VlanTagging,
  vid: number,
  expected: { client: string; vlan: number[] },
): Promise<void> {
  return mirrorScenario(t, { hosts: [CLIENT2, SERVER], mirror: { kind: 'span', vlan: tagging } }, async (s) => {
    const nginx = await s.nginx();
    const { node, capture } = await s.node({
      goreplay: `filter: 'mon0:80'\nextra_args: ['-input-raw-vlan', '-input-raw-vlan-vid', '${vid}']`,
    });
    assert.match(String(capture[0].filter), /vlan/, 'the BPF filter matches tagged frames');

    const requests = [
      ['10.10.0.1', '/index.html'],
      ['10.10.0.3', '/index.html'],
      ['10.10.0.1', '/etc/passwd'],
      ['10.10.0.3', '/etc/passwd'],
      ['10.10.0.3', '/other?q=1'],
    ];
    for (const [from, target] of requests) s.curl('--interface', from, `http://10.10.0.2${target}`);
    const wanted = requests.filter(([from]) => from === expected.client);
    await s.drain(node, wanted.length);
    await nginx.stop();

    const served = nginx.access();
    assert.equal(served.length, requests.length);
    const txs = node.transactions();
    assert.deepEqual(
      txs.map((r) => [r.client_ip, r.flow.vlan, r.request.target, r.response?.status]),
      wanted.map(([from, target]) => [from, expected.vlan, target, target === '/index.html' ? 200 : 404]),
      'the tagged exchanges of the chosen VID, each once; the other VID ignored',
    );
    assert.deepEqual(
      node.attacks().map((a) => [a.client_ip, a.flow.vlan, a.request.target]),
      [[expected.client, expected.vlan, '/etc/passwd']],
    );
    s.figures(wanted.length, txs.length, node);
  });
}

test('802.1Q: -input-raw-vlan-vid 10 reports VID 10 traffic only', { skip, timeout: 90_000 }, (t) =>
  scenario(t, { vid: 10, altIp: '10.10.0.3', altVid: 20 }, 10, { client: '10.10.0.1', vlan: [10] }),
);

test(
  'QinQ (802.1ad outer 100): -input-raw-vlan-vid 20 matches the inner tag, outermost first in flow.vlan',
  { skip, timeout: 90_000 },
  (t) => scenario(t, { vid: 10, altIp: '10.10.0.3', altVid: 20, outerVid: 100 }, 20, { client: '10.10.0.3', vlan: [100, 20] }),
);
