/**
 * Cloud-style traffic mirroring: the mirrored frames travel inside VXLAN to the sensor, which is
 * the tunnel's endpoint and receives them with `-input-raw-engine vxlan` on a UDP socket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from './lab';
import { Nginx } from './nginx';
import { CLIENT, SERVER, figures, skipReason, withLab } from './scenario';
import { SensorNode } from './sensor';

const skip = skipReason('nginx');

async function nginxWithPage(lab: Lab, dir: string): Promise<Nginx> {
  const nginx = new Nginx(lab, 'server', path.join(dir, 'nginx'), '    listen 80;');
  writeFileSync(path.join(nginx.root, 'index.html'), '<html><body>welcome</body></html>\n');
  await nginx.ready(80);
  return nginx;
}

function curl(lab: Lab, url: string): string {
  return lab.exec('client', ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', url]);
}

test('VXLAN mirror on UDP 4789: every exchange and the probe, stamped with the VNI', { skip, timeout: 90_000 }, async (t) => {
  const started = Date.now();
  await withLab([CLIENT, SERVER], { kind: 'vxlan', vnis: [4242], port: 4789 }, async (lab, dir) => {
    const nginx = await nginxWithPage(lab, dir);
    const node = new SensorNode(lab, dir, "filter: ':80'\nextra_args: ['-input-raw-engine', 'vxlan']");
    const capture = await node.ready();
    assert.deepEqual(
      capture.map((l) => [l.engine, l.udp_port]),
      [['vxlan', 4789]],
    );
    assert.equal(curl(lab, 'http://10.10.0.2/index.html'), '200');
    assert.equal(curl(lab, 'http://10.10.0.2/etc/passwd'), '404');
    await node.settle(2);
    assert.equal(await node.stop(), 0);
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
    figures(t, started, nginx.access().length, txs.length, node);
  });
});

test(
  'VXLAN mirror on a custom port with two VNIs: the VNI filter keeps one copy, drops the other',
  { skip, timeout: 90_000 },
  async (t) => {
    const started = Date.now();
    // Every frame is mirrored twice, once into VNI 7 and once into VNI 8, to UDP port 14789.
    await withLab([CLIENT, SERVER], { kind: 'vxlan', vnis: [7, 8], port: 14789 }, async (lab, dir) => {
      const nginx = await nginxWithPage(lab, dir);
      const node = new SensorNode(
        lab,
        dir,
        "filter: ':80'\nextra_args: ['-input-raw-engine', 'vxlan', '-input-raw-vxlan-port', '14789', '-input-raw-vxlan-vni', '7']",
      );
      const capture = await node.ready();
      assert.deepEqual(
        capture.map((l) => [l.engine, l.udp_port, l.vni_include]),
        [['vxlan', 14789, [7]]],
      );
      const targets = ['/index.html', '/a?x=1', '/etc/passwd', '/index.html'];
      for (const target of targets) curl(lab, `http://10.10.0.2${target}`);
      await node.settle(targets.length);
      // Anything of VNI 8 that got through would have arrived by now too.
      assert.equal(await node.stop(), 0);
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
      figures(t, started, served.length, txs.length, node);
    });
  },
);
