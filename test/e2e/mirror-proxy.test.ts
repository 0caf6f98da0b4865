/**
 * proxy_headers with a real reverse proxy: client (10.10.0.1) -> nginx proxy (10.10.0.4:8080,
 * adds X-Forwarded-For / X-Forwarded-Host) -> server (10.10.0.2:80). The mirror sees both legs;
 * the node captures port 80 only, so it sees the proxy's requests. Two nodes watch the same
 * mirror: one trusts the proxy, one does not. client_ip (and host) are the original client's only
 * for the node whose trusted_networks hold the proxy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { CLIENT, SERVER, skipReason } from './scenario';
import { mirrorScenario } from './support/fixture';

const skip = skipReason('nginx');
const PROXY = { role: 'proxy', ips: ['10.10.0.4'] };

const proxyHeaders = (trusted: string) => `proxy_headers:
  - trusted_networks: [${trusted}]
    original_host: [X-Forwarded-Host]
    real_ip: [X-Forwarded-For]
`;

test(
  "proxy_headers: client_ip and host are the original client's only when the proxy is trusted",
  { skip, timeout: 90_000 },
  (t) =>
    mirrorScenario(t, { hosts: [CLIENT, PROXY, SERVER] }, async (s) => {
      const server = await s.nginx('    listen 80;', { name: 'server' });
      const proxy = await s.nginx(
        `    listen 8080;
    location / {
      proxy_pass http://10.10.0.2:80;
      proxy_set_header Host backend.internal;
      proxy_set_header X-Forwarded-Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }`,
        { role: 'proxy', port: 8080, name: 'proxy' },
      );
      // Each node in a work directory of its own.
      const watch = async (name: string, trusted: string) =>
        (await s.node({ dir: path.join(s.dir, name), goreplay: "filter: 'mon0:80'", extra: proxyHeaders(trusted) })).node;
      const nodes = [await watch('trusting', '10.10.0.4/32'), await watch('untrusting', '192.168.0.0/16')];

      const curl = (...args: string[]) => s.curl('-H', 'Host: shop.example', ...args);
      assert.equal(curl('http://10.10.0.4:8080/index.html'), '200');
      assert.equal(curl('http://10.10.0.4:8080/etc/passwd'), '404');
      // A forged X-Forwarded-For from the client: the proxy appends the real peer, and the walk
      // from the right stops at the first untrusted address, the real client.
      assert.equal(curl('-H', 'X-Forwarded-For: 203.0.113.9', 'http://10.10.0.4:8080/index.html?forged=1'), '200');
      for (const n of nodes) await s.drain(n, 3);
      await proxy.stop();
      await server.stop();

      const served = server.access();
      assert.deepEqual(
        served.map((a) => [a.remote_addr, a.xff]),
        [
          ['10.10.0.4', '10.10.0.1'],
          ['10.10.0.4', '10.10.0.1'],
          ['10.10.0.4', '203.0.113.9, 10.10.0.1'],
        ],
      );
      const [trusted, untrusted] = nodes.map((n) => n.transactions());
      assert.deepEqual(
        trusted.map((r) => [r.flow.src.split(':')[0], r.client_ip, r.host, r.request.target]),
        [
          ['10.10.0.4', '10.10.0.1', 'shop.example', '/index.html'],
          ['10.10.0.4', '10.10.0.1', 'shop.example', '/etc/passwd'],
          ['10.10.0.4', '10.10.0.1', 'shop.example', '/index.html?forged=1'],
        ],
      );
      assert.deepEqual(
        untrusted.map((r) => [r.flow.src.split(':')[0], r.client_ip, r.host, r.request.target]),
        [
          ['10.10.0.4', '10.10.0.4', 'backend.internal', '/index.html'],
          ['10.10.0.4', '10.10.0.4', 'backend.internal', '/etc/passwd'],
          ['10.10.0.4', '10.10.0.4', 'backend.internal', '/index.html?forged=1'],
        ],
      );
      assert.deepEqual(
        nodes.map((n) => n.attacks().map((a) => [a.client_ip, a.request.target])),
        [[['10.10.0.1', '/etc/passwd']], [['10.10.0.4', '/etc/passwd']]],
      );
      s.figures(served.length, trusted.length, nodes[0]);
    }),
);
