/**
 * A bounded burst through the SPAN mirror: several keep-alive connections at a fixed request
 * rate for a fixed time (AIO_E2E_LOAD_RATE requests/s, AIO_E2E_LOAD_SECONDS; defaults 300 and
 * 15). The node must report exactly as many transactions as nginx logged; its last stats line
 * (frames, kernel drops) is printed with the figures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runClient, type ClientResult } from './http-client';
import { skipReason } from './scenario';
import { mirrorScenario } from './support/fixture';

const skip = skipReason('nginx');
const RATE = Number(process.env.AIO_E2E_LOAD_RATE ?? 300);
const SECONDS = Number(process.env.AIO_E2E_LOAD_SECONDS ?? 15);
const CONNECTIONS = 8;

test(
  `load: ${RATE} requests/s for ${SECONDS} s on ${CONNECTIONS} keep-alive connections, node transactions == server access log`,
  { skip, timeout: (SECONDS + 90) * 1000 },
  (t) =>
    mirrorScenario(t, {}, async (s) => {
      const nginx = await s.nginx(`    listen 80;
    gzip on;
    gzip_types application/json;
    location /api/ { default_type application/json; return 200 '{"ok":true,"items":[1,2,3]}'; }`);
      writeFileSync(path.join(nginx.root, 'page.html'), `<html><body>${randomBytes(15_000).toString('hex')}</body></html>\n`);
      const { node } = await s.node({ goreplay: "filter: 'mon0:80'" });

      const targets = ['/index.html', '/page.html', '/api/items?id=7', '/missing', '/api/search?q=shoes', '/page.html'];
      const client = (await runClient(s.lab, 'client', {
        mode: 'load',
        host: '10.10.0.2',
        targets,
        connections: CONNECTIONS,
        ratePerSecond: RATE,
        seconds: SECONDS,
      })) as Extract<ClientResult, { mode: 'load' }>;
      t.diagnostic(
        `client: sent=${client.sent} completed=${client.completed} failed=${client.failed} ${JSON.stringify(client.byStatus)}`,
      );
      const served = nginx.access();
      await s.drain(node, served.length, 10_000);
      await nginx.stop();

      assert.equal(client.failed, 0);
      assert.equal(served.length, client.completed, 'nginx logged every request the client completed');
      const txs = node.transactions();
      s.figures(served.length, txs.length, node);
      assert.equal(txs.length, served.length, 'the node reported every transaction the server served');
      const statuses = (xs: number[]) => xs.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
      assert.deepEqual(
        statuses(txs.map((r) => r.response?.status ?? 0)),
        statuses(served.map((a) => a.status)),
        'same statuses, all paired',
      );
      assert.equal(new Set(txs.map((r) => r.flow.src)).size, CONNECTIONS, "on the client's keep-alive connections");
    }),
);
