/**
 * Cloud-style traffic mirroring: the mirrored frames travel inside VXLAN to the sensor, which is
 * the tunnel's endpoint and receives them with `-input-raw-engine vxlan` on a UDP socket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason } from './scenario';
import { mirrorScenario } from './support/fixture';

const skip = skipReason('nginx');

test('VXLAN mirror on UDP 4789: every exchange and the probe, stamped with the VNI', { skip, timeout: 90_000 }, (t) =>
  mirrorScenario(t, { mirror: { kind: 'vxlan', vnis: [4242], port: 4789 } }, async (s) => {
    const nginx = await s.nginx();
    const { node, capture } = await s.node({ goreplay: "filter: ':80'\nextra_args: ['-input-raw-engine', 'vxlan']" });
    assert.deepEqual(
      capture.map((l) => [l.engine, l.udp_port]),
      [['vxlan', 4789]],
    );
    assert.equal(s.curl('http://10.10.0.2/index.html'), '200');
    assert.equal(s.curl('http://10.10.0.2/etc/passwd'), '404');
    await s.drain(node, 2);
    await nginx.stop();

    const txs = node.transactions();
    assert.deepEqual(
      txs.map((r) => [r.flow.vni, r.flow.src.split(':')[0], r.flow.dst, r.request.target, r.response?.status]),
      [
        [4242, '10.10.0.1', '10.10.0.2:80', '/index.html', 200],
        [4242, '10.10.0.1', '10.10.0.2:80', '/etc/passwd', 404],
      ],
    );
    const attacks = node.attacks();
    assert.deepEqual(
      attacks.map((a) => [a.request.target, a.flow.vni]),
      [['/etc/passwd', 4242]],
    );
    assert.ok(attacks[0].hits.some((h) => h.class === 'ptrav'));
    s.figures(nginx.access().length, txs.length, node);
  }),
);

test(
  'VXLAN mirror on a custom port with two VNIs: the VNI filter keeps one copy, drops the other',
  { skip, timeout: 90_000 },
  (t) =>
    // Every frame is mirrored twice, once into VNI 7 and once into VNI 8, to UDP port 14789.
    mirrorScenario(t, { mirror: { kind: 'vxlan', vnis: [7, 8], port: 14789 } }, async (s) => {
      const nginx = await s.nginx();
      const { node, capture } = await s.node({
        goreplay:
          "filter: ':80'\nextra_args: ['-input-raw-engine', 'vxlan', '-input-raw-vxlan-port', '14789', '-input-raw-vxlan-vni', '7']",
      });
      assert.deepEqual(
        capture.map((l) => [l.engine, l.udp_port, l.vni_include]),
        [['vxlan', 14789, [7]]],
      );
      const targets = ['/index.html', '/a?x=1', '/etc/passwd', '/index.html'];
      for (const target of targets) s.curl(`http://10.10.0.2${target}`);
      // Anything of VNI 8 that got through would have arrived by then too.
      await s.drain(node, targets.length);
      await nginx.stop();

      const served = nginx.access();
      const txs = node.transactions();
      assert.equal(served.length, targets.length);
      assert.deepEqual(
        txs.map((r) => [r.flow.vni, r.request.target]),
        targets.map((target) => [7, target]),
        'each exchange once, only from VNI 7',
      );
      assert.deepEqual(
        node.attacks().map((a) => [a.flow.vni, a.request.target]),
        [[7, '/etc/passwd']],
      );
      s.figures(served.length, txs.length, node);
    }),
);
