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
import { Nginx } from './nginx';
import { CLIENT, SERVER, figures, skipReason, withLab } from './scenario';
import { SensorNode, sleep } from './sensor';

const skip = skipReason('nginx');
const REPO = path.resolve(__dirname, '../..');
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

async function encapsulator(lab: Lab, args: string[]): Promise<ChildProcess> {
  const child = lab.spawn('sensor', [process.execPath, '--import', 'tsx', path.join(REPO, 'test/e2e/encapsulator.ts'), ...args], {
    cwd: REPO,
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  for (let i = 0; i < 200 && !out.includes('ready'); i++) {
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  assert.ok(out.includes('ready'), `encapsulator did not start: ${err}`);
  return child;
}

async function nginx(lab: Lab, dir: string): Promise<Nginx> {
  const n = new Nginx(lab, 'server', path.join(dir, 'nginx'), '    listen 80;\n    location /upload { return 201; }');
  writeFileSync(path.join(n.root, 'index.html'), `<html><body>${'welcome '.repeat(2000)}</body></html>\n`);
  await n.ready(80);
  return n;
}

function traffic(lab: Lab, dir: string): void {
  const body = path.join(dir, 'body.txt');
  writeFileSync(body, BODY);
  const curl = (...args: string[]) => lab.exec('client', ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', ...args]);
  assert.equal(curl('http://10.10.0.2/index.html'), '200');
  assert.equal(curl('-H', 'Content-Type: text/plain', '--data-binary', `@${body}`, 'http://10.10.0.2/upload/jumbo'), '201');
  assert.equal(curl('http://10.10.0.2/etc/passwd'), '404');
}

function summaryLine(node: SensorNode, prefix: string): string {
  return node.log().find((l) => l.msg.startsWith(prefix))?.msg ?? '';
}

test(
  'GENEVE to the from_geneve listener, 9000-byte mirrored frames over a 1500-byte path',
  { skip, timeout: 120_000 },
  async (t) => {
    const started = Date.now();
    await withLab(
      [CLIENT, SERVER],
      { kind: 'span', mtu: 9000 },
      async (lab, dir) => {
        nodeBehindTunnel(lab);
        const server = await nginx(lab, dir);
        const node = new SensorNode(lab, dir, '', '', {
          role: 'node',
          capture: 'mode: tcp-capture-v2\ntcp_stream:\n  from_geneve:\n    enabled: true\n    vni_filter: [21]',
        });
        const capture = await node.ready();
        assert.deepEqual(
          capture.map((l) => [l.listener, l.udp_port]),
          [['geneve', 6081]],
        );
        const encap = await encapsulator(lab, ['geneve', '--in', 'mon0', '--to', NODE_IP, '--vni', '21']);
        traffic(lab, dir);
        await node.settle(3);
        encap.kill('SIGTERM');
        assert.equal(await node.stop(), 0);
        await server.stop();
        const txs = node.transactions();
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
        figures(t, started, server.access().length, txs.length, node);
      },
      't21',
    );
  },
);

test(
  'one-way mirror in the gateway-load-balancer form (GENEVE carrying VXLAN): requests without responses, no HTTP errors',
  { skip, timeout: 120_000 },
  async (t) => {
    const started = Date.now();
    await withLab(
      [CLIENT, SERVER],
      { kind: 'span' },
      async (lab, dir) => {
        nodeBehindTunnel(lab);
        const server = await nginx(lab, dir);
        const capture =
          'mode: tcp-capture-v2\ntcp_stream:\n  from_geneve:\n    enabled: true\n    inner_vni_filter: [21]\ntcp_reassembler:\n  response_timeout: 1s';
        const node = new SensorNode(lab, dir, '', '', { role: 'node', capture });
        await node.ready();
        // Only what the client sends is mirrored.
        const encap = await encapsulator(lab, [
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
        traffic(lab, dir);
        await node.settle(3);
        encap.kill('SIGTERM');
        assert.equal(await node.stop(), 0);
        await server.stop();
        const txs = node.transactions();
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
        figures(t, started, server.access().length, txs.length, node);
      },
      't21',
    );
  },
);

test(
  'ERSPAN type III over GRE captured on the interface, 9000-byte frames fragmented for a 1500-byte path and reassembled',
  { skip, timeout: 120_000 },
  async (t) => {
    const started = Date.now();
    await withLab(
      [CLIENT, SERVER],
      { kind: 'span', mtu: 9000 },
      async (lab, dir) => {
        const nodeMac = nodeBehindTunnel(lab);
        const server = await nginx(lab, dir);
        const capture = 'mode: tcp-capture-v2\ntcp_stream:\n  from_interface:\n    enabled: true\n    interface: t21u1';
        const node = new SensorNode(lab, dir, '', '', { role: 'node', capture });
        const started2 = await node.ready();
        assert.deepEqual(
          started2.map((l) => l.interface),
          ['t21u1'],
        );
        const encap = await encapsulator(lab, [
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
        traffic(lab, dir);
        await node.settle(3);
        encap.kill('SIGTERM');
        assert.equal(await node.stop(), 0);
        await server.stop();
        const txs = node.transactions();
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
        figures(t, started, server.access().length, txs.length, node);
      },
      't21',
    );
  },
);
