/**
 * Keep-alive and pipelined connections with multi-MB bodies through the SPAN mirror: chunked
 * request bodies, gzip request bodies, gzip (chunked) responses from nginx, a 4 MB plain
 * download, and an attack in the middle. Every request and response must be reported, paired in
 * order on its connection, with the exact body bytes the client sent and received.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { runClient, type ClientResult, type Exchange } from './http-client';
import { skipReason } from './scenario';
import type { TransactionRecord } from '../../node/records/types';
import { mirrorScenario } from './support/fixture';

const skip = skipReason('nginx');
const MB = 1024 * 1024;

const SERVER_BLOCK = `    listen 80;
    gzip on;
    gzip_comp_level 1;
    gzip_min_length 1000;
    gzip_types text/plain application/json;
    location = /upload { client_max_body_size 64m; return 201 "stored\\n"; }`;

const KEEPALIVE: Exchange[] = [
  { method: 'GET', target: '/big.txt' },
  { method: 'POST', target: '/upload', bodyBytes: 3 * MB },
  { method: 'GET', target: '/blob.bin' },
  { method: 'POST', target: '/upload', bodyBytes: 2 * MB, gzip: true },
  { method: 'GET', target: '/small.json' },
  { method: 'GET', target: '/etc/passwd' },
  { method: 'GET', target: '/big.txt' },
];

const PIPELINED: Exchange[] = [
  { method: 'GET', target: '/big.txt' },
  { method: 'GET', target: '/small.json' },
  { method: 'POST', target: '/upload', bodyBytes: 2 * MB },
  { method: 'GET', target: '/blob.bin' },
  { method: 'POST', target: '/upload', bodyBytes: MB, gzip: true },
  { method: 'GET', target: '/small.json?last=1' },
];

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const port = (r: TransactionRecord) => Number(r.flow.src.split(':').pop());

test(
  'keep-alive and pipelined connections with multi-MB chunked and gzip bodies: every exchange paired, bodies exact',
  { skip, timeout: 180_000 },
  (t) =>
    mirrorScenario(t, {}, async (s) => {
      const nginx = await s.nginx(SERVER_BLOCK);
      const blob = randomBytes(4 * MB);
      writeFileSync(path.join(nginx.root, 'big.txt'), randomBytes(4.5 * MB).toString('base64'));
      writeFileSync(path.join(nginx.root, 'blob.bin'), blob);
      writeFileSync(
        path.join(nginx.root, 'small.json'),
        JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item ${i}` })) }),
      );
      const { node } = await s.node({ goreplay: "filter: 'mon0:80'" });

      const ka = (await runClient(s.lab, 'client', { mode: 'keepalive', host: '10.10.0.2', exchanges: KEEPALIVE })) as Extract<
        ClientResult,
        { mode: 'keepalive' }
      >;
      const pl = (await runClient(s.lab, 'client', { mode: 'pipelined', host: '10.10.0.2', exchanges: PIPELINED })) as Extract<
        ClientResult,
        { mode: 'pipelined' }
      >;
      const expected = KEEPALIVE.length + PIPELINED.length;
      await s.drain(node, expected, 10_000);
      await nginx.stop();

      const served = nginx.access();
      assert.equal(served.length, expected, 'nginx served every request');
      assert.equal(ka.localPorts.length, 1, 'the keep-alive client used one connection');
      const txs = node.transactions();
      s.t.diagnostic(`keep-alive: ${ka.results.map((r) => `${r.target} ${r.status} ${r.response.length}B`).join(', ')}`);

      // Keep-alive: the node's record of each exchange is what the client saw, in order.
      const kaTx = txs.filter((r) => port(r) === ka.localPorts[0]);
      assert.deepEqual(
        kaTx.map((r) => [
          r.request.method,
          r.request.target,
          r.response?.status,
          r.request.body?.length ?? 0,
          r.request.body?.length ? r.request.body.sha256 : null,
          r.response?.body?.length,
          r.response?.body?.sha256,
        ]),
        ka.results.map((c, i) => [
          KEEPALIVE[i].method,
          c.target,
          c.status,
          c.request?.length ?? 0,
          c.request?.sha256 ?? null,
          c.response.length,
          c.response.sha256,
        ]),
      );
      const gzipped = kaTx.filter((r) =>
        r.response?.headers.some(([k, v]) => k.toLowerCase() === 'content-encoding' && v === 'gzip'),
      );
      assert.ok(
        gzipped.some((r) => r.request.target === '/big.txt' && r.response!.body!.length > 2 * MB),
        'a multi-MB gzip response',
      );
      assert.ok(
        kaTx.some(
          (r) =>
            r.response?.headers.some(([k, v]) => k.toLowerCase() === 'transfer-encoding' && v === 'chunked') &&
            r.response.body!.length > MB,
        ),
        'a multi-MB chunked response',
      );

      // Pipelined: every request and response, in order; bodies match what was sent and served.
      const plTx = txs.filter((r) => port(r) === pl.localPort);
      const byTarget = new Map(ka.results.map((r) => [r.target, r.response]));
      assert.deepEqual(
        plTx.map((r) => [r.request.method, r.request.target, r.response?.status]),
        PIPELINED.map((e) => [e.method, e.target, e.method === 'POST' ? 201 : 200]),
      );
      plTx.forEach((r, i) => {
        assert.deepEqual(
          r.request.body?.length ? { length: r.request.body.length, sha256: r.request.body.sha256 } : null,
          pl.requests[i],
          `request body of ${r.request.target}`,
        );
        const known = byTarget.get(r.request.target);
        if (known !== undefined)
          assert.deepEqual(r.response!.body, known, `response body of ${r.request.target} as the keep-alive client got it`);
      });
      assert.equal(plTx.find((r) => r.request.target === '/blob.bin')!.response!.body!.sha256, sha(blob));
      const served200 = served.filter((a) => a.request.startsWith('GET /small.json?last=1'));
      assert.equal(served200.length, 1);

      assert.equal(txs.length, served.length, 'nothing else reported');
      assert.deepEqual(
        node.attacks().map((a) => [a.request.target, a.response?.status]),
        [['/etc/passwd', 404]],
      );
      s.figures(served.length, txs.length, node);
    }),
);
