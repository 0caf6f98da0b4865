/**
 * The address-scope reader (node/analysis/attacks/detectors/address-scope.ts), shared by ssrf and
 * the client-address headers: address -> scope, null when the text is no address. Malformed IPv6
 * is no address to either reader (they used to disagree on it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressScope, ipv6Scope, parseIpv4Loose } from '../../../node/analysis/attacks/detectors/address-scope';
import { isNoClientInHeader } from '../../../node/analysis/attacks/detectors/header-grammar';
import { isSsrf } from '../../../node/analysis/attacks/detectors/ssrf';

const SCOPES: Array<[string, ReturnType<typeof addressScope>]> = [
  // IPv4, dotted decimal
  ['127.0.0.1', 'loopback'],
  ['127.255.3.4', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['169.254.169.254', 'link-local'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.0.10', 'private'],
  ['100.100.100.200', 'shared'],
  ['192.0.0.192', 'protocol'],
  ['8.8.8.8', 'public'],
  // IPv6 in any compression
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['0000::0001', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['fd00:ec2::254', 'private'],
  ['fc00::1', 'private'],
  ['2001:db8::1', 'public'],
  ['2606:4700::1111', 'public'],
  ['ff02::1', 'reserved'],
  ['a::b', 'reserved'],
  ['::10', 'reserved'],
  // IPv6 carrying an IPv4 address
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:a9fe:a9fe', 'link-local'],
  ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
  ['::ffff:0:10.0.0.1', 'private'],
  ['64:ff9b::169.254.169.254', 'link-local'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['::127.0.0.1', 'loopback'],
  ['::ffff:8.8.8.8', 'public'],
  // Forms URL parsers and filters accept after ::ffff:
  ['::ffff:7f000001', 'loopback'],
  ['::ffff:0x7f.1', 'loopback'],
  // Not addresses: names, odd IPv4 notations (read by parseIpv4Loose), malformed text.
  ['localhost', null],
  ['127.1', null],
  ['127.0.0.256', null],
  ['127.999.0.1', null],
  ['fe8::1', 'reserved'],
  [':', null],
  ['0:0::0::1', null],
  ['00000:0:0:0:0:0:0:1', null],
  ['fe80::1::2', null],
  ['unknown', null],
];

for (const [address, scope] of SCOPES)
  test(`${address} -> ${scope}`, () => {
    assert.equal(addressScope(address), scope);
  });

test('ipv6Scope is null for what is no IPv6 address', () => {
  assert.equal(ipv6Scope('127.0.0.1'), null);
  assert.equal(ipv6Scope('g::1'), null);
});

test('parseIpv4Loose reads inet_aton notations', () => {
  assert.equal(parseIpv4Loose('127.1'), 0x7f000001);
  assert.equal(parseIpv4Loose('0x7f000001'), 0x7f000001);
  assert.equal(parseIpv4Loose('0177.0.0.1'), 0x7f000001);
  assert.equal(parseIpv4Loose('2130706433'), 0x7f000001);
  assert.equal(parseIpv4Loose('256.0.0.1'), null);
  assert.equal(parseIpv4Loose('1.2.3.4.5'), null);
});

test('both readers judge by the one scope: a client that is no client, a host the server must not fetch', () => {
  // [address, no client (loopback, unspecified, link-local), inside (ssrf)]
  for (const [address, noClient, inside] of [
    ['127.0.0.1', true, true],
    ['::1', true, true],
    ['fe80::1', true, true],
    ['0.0.0.0', true, true],
    ['10.0.0.1', false, true],
    ['fe8::1', false, true], // 0fe8::/16 is reserved, not link-local (fe80::/10)
    ['2001:db8::1', false, false],
    ['0:0::0::1', false, false], // malformed: no address to either
    ['fe80::1::2', false, false],
  ] as const) {
    assert.equal(isNoClientInHeader('x-forwarded-for', address), noClient, address);
    const host = address.includes(':') ? `[${address}]` : address;
    assert.equal(isSsrf(`http://${host}/`), inside, address);
  }
});
