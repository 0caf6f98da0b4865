import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveClient } from '../../../node/analysis/proxy-headers';
import type { ProxyHeaderRule } from '../../../node/config/types';
import { fixture, valid } from '../config/helpers';

/** The seed's two rules: internal proxies (XFF, X-Forwarded-Host) and an edge CDN (X-Real-IP). */
const seedRules = valid(fixture('seed-proxy-headers.yaml')).config.proxyHeaders;

function rules(yaml: string): ProxyHeaderRule[] {
  return valid(`version: 4\nmode: tcp-capture\nproxy_headers:\n${yaml}`).config.proxyHeaders;
}

const h = (...pairs: Array<[string, string]>) => pairs;

test('no rule matches the peer: the peer address and the Host header', () => {
  const r = resolveClient(
    seedRules,
    '198.51.100.7',
    h(['Host', 'shop.example'], ['X-Forwarded-For', '1.1.1.1'], ['X-Forwarded-Host', 'evil.example']),
  );
  assert.deepEqual(r, { clientIp: '198.51.100.7', host: 'shop.example' });
});

test('a trusted proxy: X-Forwarded-For walked right to left, X-Forwarded-Host gives the host', () => {
  const r = resolveClient(
    seedRules,
    '10.0.0.5',
    h(['Host', 'backend:8080'], ['X-Forwarded-For', '203.0.113.9, 192.168.1.1'], ['X-Forwarded-Host', 'shop.example']),
  );
  assert.deepEqual(r, { clientIp: '203.0.113.9', host: 'shop.example' });
});

test('a spoofed chain: addresses the client prepends cannot get past the first untrusted hop', () => {
  // The client (6.6.6.6) sends "X-Forwarded-For: 10.1.1.1, 1.2.3.4"; our proxy appends 6.6.6.6.
  const r = resolveClient(seedRules, '10.0.0.5', h(['X-Forwarded-For', '10.1.1.1, 1.2.3.4, 6.6.6.6']));
  assert.equal(r.clientIp, '6.6.6.6');
  // Even a trusted-looking forged entry right of the real client does not help: the walk stops at 6.6.6.6.
  assert.equal(resolveClient(seedRules, '10.0.0.5', h(['X-Forwarded-For', '1.2.3.4, 6.6.6.6, 10.9.9.9'])).clientIp, '6.6.6.6');
  // Headers sent by an untrusted peer directly are ignored altogether.
  assert.equal(
    resolveClient(seedRules, '6.6.6.6', h(['X-Forwarded-For', '10.0.0.1'], ['X-Real-IP', '1.1.1.1'])).clientIp,
    '6.6.6.6',
  );
});

test('every hop trusted: the leftmost address, as nginx real_ip_recursive', () => {
  assert.equal(resolveClient(seedRules, '10.0.0.5', h(['X-Forwarded-For', '192.168.0.9, 10.2.2.2'])).clientIp, '192.168.0.9');
});

test('repeated X-Forwarded-For lines are one list, in order', () => {
  assert.equal(
    resolveClient(seedRules, '10.0.0.5', h(['x-forwarded-for', '7.7.7.7'], ['X-FORWARDED-FOR', '10.3.3.3'])).clientIp,
    '7.7.7.7',
  );
});

test('rules apply in order: the second (CDN) rule takes X-Real-IP and X-Real-Host', () => {
  const r = resolveClient(
    seedRules,
    '203.0.113.20',
    h(['Host', 'origin'], ['X-Real-IP', '2001:db8::42'], ['X-Real-Host', 'www.example.org'], ['X-Forwarded-For', '9.9.9.9']),
  );
  assert.deepEqual(r, { clientIp: '2001:db8::42', host: 'www.example.org' });
  const first = rules(
    '  - trusted_networks: [10.0.0.0/8]\n    real_ip: [X-Real-IP]\n  - trusted_networks: [10.1.0.0/16]\n    real_ip: [X-Forwarded-For]\n',
  );
  assert.equal(resolveClient(first, '10.1.0.1', h(['X-Real-IP', '5.5.5.5'], ['X-Forwarded-For', '4.4.4.4'])).clientIp, '5.5.5.5');
});

test('IPv6 proxies and clients, IPv4-mapped peers, bracketed and ported forms', () => {
  const v6 = rules('  - trusted_networks: [2001:db8:1::/48, 10.0.0.0/8]\n    real_ip: [X-Forwarded-For]\n');
  assert.equal(
    resolveClient(v6, '2001:db8:1::10', h(['X-Forwarded-For', '2001:db8:ffff::1, 2001:db8:1::20'])).clientIp,
    '2001:db8:ffff::1',
  );
  assert.equal(resolveClient(v6, '::ffff:10.0.0.1', h(['X-Forwarded-For', '[2001:db8:9::1]:5555'])).clientIp, '2001:db8:9::1');
  assert.equal(resolveClient(v6, '10.0.0.1', h(['X-Forwarded-For', '198.51.100.1:40000'])).clientIp, '198.51.100.1');
  assert.equal(resolveClient(v6, '2001:db8:2::1', h(['X-Forwarded-For', '1.1.1.1'])).clientIp, '2001:db8:2::1');
  assert.equal(resolveClient([], '::ffff:192.0.2.1', h()).clientIp, '192.0.2.1');
});

test('omitted trusted_networks: every peer is trusted', () => {
  const all = rules('  - real_ip: [X-Real-IP]\n    original_host: [X-Forwarded-Host]\n');
  assert.equal(all[0].trustedRanges, null);
  assert.deepEqual(
    resolveClient(all, '198.51.100.7', h(['X-Real-IP', '192.0.2.5'], ['X-Forwarded-Host', 'a.example, b.example'])),
    { clientIp: '192.0.2.5', host: 'a.example' },
  );
});

test('malformed values leave the peer address and return an error', () => {
  const bad = resolveClient(seedRules, '10.0.0.5', h(['Host', 'h'], ['X-Forwarded-For', '1.2.3.4, unknown']));
  assert.deepEqual(bad, { clientIp: '10.0.0.5', host: 'h', error: 'malformed X-Forwarded-For: "unknown" is not an IP address' });
  assert.equal(
    resolveClient(seedRules, '10.0.0.5', h(['X-Forwarded-For', ''])).error,
    'malformed X-Forwarded-For: "" is not an IP address',
  );
  assert.match(
    resolveClient(seedRules, '10.0.0.5', h(['X-Forwarded-For', 'x'.repeat(500)])).error!,
    /"x{64}\.\.\." is not an IP address/,
  );
  const host = resolveClient(seedRules, '10.0.0.5', h(['Host', 'real'], ['X-Forwarded-Host', 'evil host/<script>']));
  assert.equal(host.host, 'real');
  assert.match(host.error!, /malformed X-Forwarded-Host/);
  assert.match(resolveClient(seedRules, 'not-an-ip', h(['Host', 'h'])).error!, /malformed peer address/);
  // An unparsable entry left of the first untrusted address is never reached, as in nginx.
  assert.deepEqual(resolveClient(seedRules, '10.0.0.5', h(['X-Forwarded-For', 'garbage, 8.8.8.8'])), {
    clientIp: '8.8.8.8',
    host: '',
  });
});
