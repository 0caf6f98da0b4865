/**
 * The running service from outside: /live, /ready, /metrics and the status page answer over
 * HTTP, their counters agree with the records written, input_filters and route_config apply,
 * SIGTERM exits 0 with everything flushed.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import { tempDir } from '../cloud/helpers';
import { readRecords, sendAll, startNode, stopNode, until, vxlanDatagrams } from './harness';

const dirs: string[] = [];
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function dir(): string {
  const d = tempDir('aio-svc');
  dirs.push(d);
  return d;
}

const SCOPE = `input_filters:
  bypass:
    - path: '^/health'
route_config:
  wallarm_application: 1
  routes:
    - route: /internal/
      wallarm_mode: 'off'
    - host: 'api.*'
      wallarm_application: 7
`;

test('endpoints answer; metrics, status page and records agree; filters and routes applied; SIGTERM exits 0', async () => {
  const node = await startNode(dir(), { yaml: SCOPE });
  try {
    assert.deepEqual(await node.get(node.ports.health, '/live'), { status: 200, body: 'ok\n' });
    assert.equal((await node.get(node.ports.health, '/ready')).status, 200);
    assert.equal((await node.get(node.ports.metrics, '/nope')).status, 404);
    assert.equal((await node.metrics()).get('aio_ready'), 1);

    const datagrams = vxlanDatagrams([
      {
        opts: { client: '192.0.2.10', server: '198.51.100.5', clientPort: 41000 },
        exchanges: [
          { target: '/health' },
          { target: '/api/items?page=2', host: 'api.example.com', responseBody: '[]' },
          {
            target: '/download?file=../../../../etc/passwd',
            host: 'api.example.com',
            responseBody: 'root:x:0:0:root:/root:/bin/bash\n',
          },
          { target: '/internal/x?q=<script>alert(1)</script>', host: 'intra.example.com' },
        ],
      },
    ]);
    await sendAll(node.ports.udp, datagrams);
    await until(
      async () => (await node.metrics()).get('aio_flows_closed_total{reason="fin"}') === 1,
      10_000,
      () => 'the connection never closed',
    );
    const m = await node.metrics();
    assert.equal(m.get('aio_capture_packets_total'), datagrams.length);
    assert.equal(
      m.get('aio_capture_bytes_total'),
      datagrams.reduce((n, d) => n + d.length, 0),
    );
    assert.equal(m.get('aio_http_transactions_total'), 4);
    assert.equal(m.get('aio_transactions_analyzed_total'), 3);
    assert.equal(m.get('aio_requests_bypassed_total'), 1);
    assert.equal(m.get('aio_requests_mode_off_total'), 1);
    assert.equal(m.get('aio_attacks_total{class="ptrav"}'), 1);
    assert.equal(m.get('aio_attacks_total{class="xss"}'), 0, 'mode off: not searched');
    assert.equal(m.get('aio_decode_skipped_total{reason="vni_filtered"}'), 0);
    assert.equal(m.get('aio_flows_active'), 0);
    assert.ok((m.get('aio_process_resident_memory_bytes') ?? 0) > 10e6);
    assert.ok(m.has('aio_event_loop_delay_seconds{quantile="0.99"}'));
    assert.ok(!m.has('aio_export_spool_bytes'), 'not registered: no export series');

    const status = JSON.parse((await node.get(node.ports.status, '/wallarm-status')).body);
    assert.equal(status.analysis.transactions, 3);
    assert.equal(status.analysis.bypassed, 1);
    assert.equal(status.capture.packets, datagrams.length);
    assert.equal(status.readiness.ready, true);
    assert.equal(status.export, null);

    const { code, ms } = await stopNode(node);
    assert.equal(code, 0, node.stderr());
    assert.ok(ms < 10_000);
    const records = readRecords(node.output);
    const tx = records.filter((r) => r.type === 'transaction');
    assert.deepEqual(
      tx.map((r) => [r.request.target.split('?')[0], r.application]),
      [
        ['/api/items', 7],
        ['/download', 7],
        ['/internal/x', 1],
      ],
    );
    const attacks = records.filter((r) => r.type === 'attack');
    assert.deepEqual(
      attacks.map((r) => [r.hits[0].class, r.application, r.verdict]),
      [['ptrav', 7, 'succeeded']],
    );
    assert.match(node.log(), /"msg":"capture stopped, draining"/);
  } finally {
    node.child.kill('SIGKILL');
  }
});

test('a port in use is one clear error line; the node keeps capturing and stays ready', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as net.AddressInfo).port;
  const node = await startNode(dir(), { metricsPort: taken });
  try {
    const errors = node
      .log()
      .split('\n')
      .filter((l) => l.includes('"level":"error"'));
    assert.equal(errors.length, 1, node.log());
    assert.match(
      errors[0],
      new RegExp(
        `cannot serve metrics on 127\\.0\\.0\\.1:${taken}: EADDRINUSE; another process uses this port: stop it or change the listen_address in go-node.yaml; the node keeps capturing without it`,
      ),
    );
    assert.equal((await node.get(node.ports.health, '/ready')).status, 200);
    assert.equal((await stopNode(node)).code, 0);
  } finally {
    node.child.kill('SIGKILL');
    blocker.close();
  }
});
