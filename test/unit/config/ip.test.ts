import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIp, networkContains, parseCidr, parseIp } from '../../../node/config/ip';
import type { IpNetwork } from '../../../node/config/types';

function net(text: string): IpNetwork {
  const n = parseCidr(text);
  assert.notEqual(typeof n, 'string', String(n));
  return n as IpNetwork;
}

function contains(cidr: string, ip: string): boolean {
  const addr = parseIp(ip);
  assert.ok(addr, ip);
  return networkContains(net(cidr), addr);
}

test('IPv4 and IPv6 parse; malformed text is refused', () => {
  assert.deepEqual(parseIp('10.1.2.3'), [0, 0, 0xffff, 0x0a010203]);
  assert.deepEqual(parseIp('::ffff:10.1.2.3'), [0, 0, 0xffff, 0x0a010203]);
  assert.deepEqual(parseIp('2001:db8::1'), [0x20010db8, 0, 0, 1]);
  assert.deepEqual(parseIp('::'), [0, 0, 0, 0]);
  assert.deepEqual(parseIp('1:2:3:4:5:6:7:8'), [0x10002, 0x30004, 0x50006, 0x70008]);
  for (const bad of [
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.-1',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'fe80::1%eth0',
    'g::1',
    ' 1.2.3.4',
    '1:2:3:4:5:6:7::8',
  ]) {
    assert.equal(parseIp(bad), null, bad);
  }
});

test('formatIp gives canonical text and round-trips', () => {
  assert.equal(formatIp(parseIp('::ffff:192.168.0.1')!), '192.168.0.1');
  assert.equal(formatIp(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')!), '2001:db8::1');
  assert.equal(formatIp(parseIp('2001:db8:0:1:0:0:0:1')!), '2001:db8:0:1::1');
  assert.equal(formatIp(parseIp('::')!), '::');
  fc.assert(
    fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
      const words = parseIp(ip);
      assert.ok(words, ip);
      assert.deepEqual(parseIp(formatIp(words)), words);
    }),
  );
});

test('CIDR matching for v4 and v6; v4 networks match IPv4-mapped peers; host bits are cleared', () => {
  assert.ok(contains('10.0.0.0/8', '10.255.1.2'));
  assert.ok(!contains('10.0.0.0/8', '11.0.0.1'));
  assert.ok(contains('10.0.0.0/8', '::ffff:10.9.9.9'));
  assert.ok(contains('192.168.1.77/24', '192.168.1.1'));
  assert.ok(contains('203.0.113.5', '203.0.113.5'));
  assert.ok(!contains('203.0.113.5', '203.0.113.6'));
  assert.ok(contains('0.0.0.0/0', '1.2.3.4'));
  assert.ok(!contains('0.0.0.0/0', '2001:db8::1'), 'an IPv4 network never holds a real IPv6 address');
  assert.ok(contains('2001:db8::/32', '2001:db8:ffff::1'));
  assert.ok(!contains('2001:db8::/32', '2001:db9::1'));
  assert.ok(contains('::/0', '8.8.8.8'));
  assert.ok(contains('fd00::/7', 'fdff::1'));
  assert.ok(contains('2001:db8::1:0/113', '2001:db8::1:7fff'));
  assert.ok(!contains('2001:db8::1:0/113', '2001:db8::1:8000'));
});

test('v4 CIDR matching agrees with a bit-by-bit reference', () => {
  fc.assert(
    fc.property(fc.ipV4(), fc.ipV4(), fc.integer({ min: 0, max: 32 }), (a, b, len) => {
      const toBits = (ip: string) =>
        ip
          .split('.')
          .map((o) => Number(o).toString(2).padStart(8, '0'))
          .join('');
      assert.equal(contains(`${a}/${len}`, b), toBits(a).slice(0, len) === toBits(b).slice(0, len));
    }),
  );
});
