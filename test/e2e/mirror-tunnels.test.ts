/**
 * Tunnels the kernel here cannot make (no GENEVE, GRE or ERSPAN devices), live: a SPAN mirror of
 * curl <-> nginx reaches the encapsulator (test/e2e/encapsulator.ts) in the sensor namespace, which
 * sends every frame on to the node in a namespace of its own (`node`, behind a 1500-byte link):
 *   - GENEVE over UDP to the node's from_geneve listener, 9000-byte mirrored frames (the kernel
 *     fragments and reassembles the datagrams);
 *   - the gateway-load-balancer form (GENEVE carrying the mirror's VXLAN) of a one-way mirror
 *     (client to server only): requests reported with response null, no HTTP errors invented;
 *   - ERSPAN type III (with the platform sub-header) over GRE written onto the link, 9000-byte frames
 *     fragmented for the 1500-byte path, captured with libpcap and reassembled by the node.
 * Every namespace is named t21-<random>-<role>; the lab removes them all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Lab } from './lab';
import type { Nginx } from './nginx';
import { skipReason } from './scenario';
import type { SensorNode } from './sensor';
import type { TransactionRecord } from '../../node/records/types';
import { REPO, mirrorScenario, type MirrorScenario } from './support/fixture';

const skip = skipReason('nginx');
const NODE_IP = '10.98.0.2';
const BODY = 'b'.repeat(20000);

/** The node's namespace behind the encapsulator: sensor:t21u0 10.98.0.1 <-> node:t21u1 10.98.0.2, MTU 1500. */
function nodeBehindTunnel(lab: Lab): string {
  lab.addNamespace('node');
  lab.link('sensor', 't21u0', 'node', 't21u1', 1500);
  lab.exec('sensor', ['ip', 'addr', 'add', '10.98.0.1/24', 'dev', 't21u0']);
  lab.exec('node', ['ip', 'addr', 'add', `${NODE_IP}/24`, 'dev', 't21u1']);
  return lab.exec('node', ['cat', '/sys/class/net/t21u1/address']).trim();
}

/** The encapsulator in the sensor namespace, reading the mirror (mon0) and sending it on to the node. */
function encapsulator(s: MirrorScenario, args: string[]): Promise<ChildProcess> {
  return s.spawnReady(
    'sensor',
    [process.execPath, '--import', 'tsx', path.join(REPO, 'test/e2e/encapsulator.ts'), ...args],
    'ready',
  );
}

function nginx(s: MirrorScenario): Promise<Nginx> {
  return s.nginx('    listen 80;\n    location /upload { return 201; }', {
    index: `<html><body>${'welcome '.repeat(2000)}</body></html>\n`,
  });
}

function traffic(s: MirrorScenario): void {
  const body = path.join(s.dir, 'body.txt');
  writeFileSync(body, BODY);
  assert.equal(s.curl('http://10.10.0.2/index.html'), '200');
  assert.equal(s.curl('-H', 'Content-Type: text/plain', '--data-binary', `@${body}`, 'http://10.10.0.2/upload/jumbo'), '201');
  assert.equal(s.curl('http://10.10.0.2/etc/passwd'), '404');
}

/**
 * The encapsulator started with `args`, the traffic sent, and once the node has the three
 * exchanges (or went quiet) everything stopped: the node must exit 0. Its transactions.
 */
async function throughTunnel(s: MirrorScenario, node: SensorNode, server: Nginx, args: string[]): Promise<TransactionRecord[]> {
  const encap = await encapsulator(s, args);
  traffic(s);
  await node.settle(3);
  encap.kill('SIGTERM');
  assert.equal(await node.stop(), 0);
  await server.stop();
  return node.transactions();
}

function summaryLine(node: SensorNode, prefix: string): string {
  return node.log().find((l) => l.msg.startsWith(prefix))?.msg ?? '';
}

test('GENEVE to the from_geneve listener, 9000-byte mirrored frames over a 1500-byte path', { skip, timeout: 120_000 }, (t) =>
  mirrorScenario(t, { mirror: { kind: 'span', mtu: 9000 }, prefix: 't21' }, async (s) => {
    nodeBehindTunnel(s.lab);
    const server = await nginx(s);
    const { node, capture } = await s.node({
      role: 'node',
      capture: 'mode: tcp-capture-v2\ntcp_stream:\n  from_geneve:\n    enabled: true\n    vni_filter: [21]',
    });
    assert.deepEqual(
      capture.map((l) => [l.listener, l.udp_port]),
      [['geneve', 6081]],
    );
    const txs = await throughTunnel(s, node, server, ['geneve', '--in', 'mon0', '--to', NODE_IP, '--vni', '21']);
    assert.deepEqual(
      txs.map((r) => [r.request.method, r.request.target, r.request.body.length, r.response?.status]),
      [
        ['GET', '/index.html', 0, 200],
        ['POST', '/upload/jumbo', BODY.length, 201],
        ['GET', '/etc/passwd', 0, 404],
      ],
    );
    assert.deepEqual(
      node.attacks().map((a) => a.request.target),
      ['/etc/passwd'],
    );
    assert.match(summaryLine(node, 'tunnels:'), /tunnel_geneve=\d+/);
    assert.equal(summaryLine(node, 'http errors:'), 'http errors: none');
    s.figures(server.access().length, txs.length, node);
  }),
);

test(
  'one-way mirror in the gateway-load-balancer form (GENEVE carrying VXLAN): requests without responses, no HTTP errors',
  { skip, timeout: 120_000 },
  (t) =>
    mirrorScenario(t, { prefix: 't21' }, async (s) => {
      nodeBehindTunnel(s.lab);
      const server = await nginx(s);
      const capture =
        'mode: tcp-capture-v2\ntcp_stream:\n  from_geneve:\n    enabled: true\n    inner_vni_filter: [21]\ntcp_reassembler:\n  response_timeout: 1s';
      const { node } = await s.node({ role: 'node', capture });
      // Only what the client sends is mirrored.
      const txs = await throughTunnel(s, node, server, [
        'geneve-gwlb',
        '--in',
        'mon0',
        '--to',
        NODE_IP,
        '--vni',
        '21',
        '--filter',
        'src host 10.10.0.1',
      ]);
      assert.deepEqual(
        txs.map((r) => [r.request.target, r.flow.vni, r.response]),
        [
          ['/index.html', 21, null],
          ['/upload/jumbo', 21, null],
          ['/etc/passwd', 21, null],
        ],
      );
      assert.deepEqual(
        node.attacks().map((a) => a.request.target),
        ['/etc/passwd'],
      );
      assert.equal(summaryLine(node, 'http errors:'), 'http errors: none');
      assert.match(summaryLine(node, 'tunnels:'), /tunnel_vxlan=\d+.*flows_one_way=3/);
      s.figures(server.access().length, txs.length, node);
    }),
);

test(
  'ERSPAN type III over GRE captured on the interface, 9000-byte frames fragmented for a 1500-byte path and reassembled',
  { skip, timeout: 120_000 },
  (t) =>
    mirrorScenario(t, { mirror: { kind: 'span', mtu: 9000 }, prefix: 't21' }, async (s) => {
      const nodeMac = nodeBehindTunnel(s.lab);
      const server = await nginx(s);
      const capture = 'mode: tcp-capture-v2\ntcp_stream:\n  from_interface:\n    enabled: true\n    interface: t21u1';
      const { node, capture: started } = await s.node({ role: 'node', capture });
      assert.deepEqual(
        started.map((l) => l.interface),
        ['t21u1'],
      );
      const txs = await throughTunnel(s, node, server, [
        'erspan3',
        '--in',
        'mon0',
        '--to',
        NODE_IP,
        '--via',
        't21u0',
        '--src',
        '10.98.0.1',
        '--dst-mac',
        nodeMac,
        '--mtu',
        '1500',
      ]);
      assert.deepEqual(
        txs.map((r) => [r.request.target, r.request.body.length, r.response?.status]),
        [
          ['/index.html', 0, 200],
          ['/upload/jumbo', BODY.length, 201],
          ['/etc/passwd', 0, 404],
        ],
      );
      assert.deepEqual(
        node.attacks().map((a) => a.request.target),
        ['/etc/passwd'],
      );
      assert.match(summaryLine(node, 'tunnels:'), /tunnel_gre=\d+ tunnel_erspan=\d+ datagrams_reassembled=[1-9]/);
      assert.match(summaryLine(node, 'skipped frames:'), /fragment_buffered=\d+/);
      assert.equal(summaryLine(node, 'http errors:'), 'http errors: none');
      s.figures(server.access().length, txs.length, node);
    }),
);
