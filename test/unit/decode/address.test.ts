import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEndpoint, formatIp } from '../../../node/address';
import { parseIp } from '../../../node/sample/frames';

const v6 = (s: string): string => formatIp(parseIp(s).bytes, 6);

test('IPv4 prints as a dotted quad', () => {
  assert.equal(formatIp(Uint8Array.from([192, 0, 2, 255]), 4), '192.0.2.255');
  assert.equal(formatEndpoint(Uint8Array.from([10, 0, 0, 1]), 4, 8080), '10.0.0.1:8080');
});

test('IPv6 follows RFC 5952', () => {
  // Leading zeros dropped, lower case.
  assert.equal(v6('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
  // Longest zero run compressed; the first of equal runs.
  assert.equal(v6('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  assert.equal(v6('2001:0:0:1:0:0:0:1'), '2001:0:0:1::1');
  // A single zero group is not compressed.
  assert.equal(v6('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
  assert.equal(v6('::'), '::');
  assert.equal(v6('::1'), '::1');
  assert.equal(v6('fe80::'), 'fe80::');
  assert.equal(v6('::ffff:192.0.2.1'), '::ffff:192.0.2.1');
  assert.equal(formatEndpoint(parseIp('2001:db8::2').bytes, 6, 443), '[2001:db8::2]:443');
});
