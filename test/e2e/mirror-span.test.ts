/**
 * Plain SPAN mirror (tc mirred egress mirror of both directions to the sensor's mon0), libpcap
 * capture with filter 'mon0:80', nginx as the server and curl as the client: the seed's step 5.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason } from './scenario';
import { mirrorScenario } from './support/fixture';

const skip = skipReason('nginx');

test("SPAN mirror: the seed's /etc/passwd probe is a ptrav attack, a normal page is not", { skip, timeout: 90_000 }, (t) =>
  mirrorScenario(t, {}, async (s) => {
    const nginx = await s.nginx();
    const { node, capture } = await s.node({ goreplay: "filter: 'mon0:80'" });
    assert.deepEqual(
      capture.map((l) => [l.engine, l.interface]),
      [['libpcap', 'mon0']],
      'capture started on the SPAN interface',
    );

    assert.equal(s.curl('http://10.10.0.2/index.html'), '200');
    assert.equal(s.curl('http://10.10.0.2/etc/passwd'), '404');
    await s.drain(node, 2);
    await nginx.stop();

    const served = nginx.access();
    const txs = node.transactions();
    assert.deepEqual(
      txs.map((r) => [r.flow.dst, r.client_ip, r.request.target, r.response?.status]),
      [
        ['10.10.0.2:80', '10.10.0.1', '/index.html', 200],
        ['10.10.0.2:80', '10.10.0.1', '/etc/passwd', 404],
      ],
    );
    assert.deepEqual(
      served.map((a) => [a.request, a.status]),
      [
        ['GET /index.html HTTP/1.1', 200],
        ['GET /etc/passwd HTTP/1.1', 404],
      ],
    );
    const attacks = node.attacks();
    assert.equal(attacks.length, 1, 'only the probe is an attack');
    assert.equal(attacks[0].request.target, '/etc/passwd');
    assert.ok(
      attacks[0].hits.some((h) => h.class === 'ptrav'),
      JSON.stringify(attacks[0].hits),
    );
    const logged = node.log().filter((l) => l.msg === 'attack detected');
    assert.deepEqual(
      logged.map((l) => [l.classes, l.target, l.client_ip]),
      [['ptrav', '/etc/passwd', '10.10.0.1']],
    );
    s.figures(served.length, txs.length, node);
  }),
);
