/**
 * The capture thread's table of shed connections (node/workers/shed.ts), as examples: a connection
 * is found from both directions and only by its own endpoints (a hash collision sheds nothing
 * else), it ends with both FINs or an RST, and ended or idle entries are swept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodedPacket, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from '../../../node/decode/packet';
import { opensConnection, ConnectionTable } from '../../../node/workers/shed';
import { connectionHash } from '../../../node/workers/shard';

function packet(
  src: number[],
  srcPort: number,
  dst: number[],
  dstPort: number,
  flags: number,
  ts = 1_000_000,
  vlan: number[] = [],
): DecodedPacket {
  const p = new DecodedPacket();
  p.ipVersion = 4;
  p.src.set(src);
  p.dst.set(dst);
  p.srcPort = srcPort;
  p.dstPort = dstPort;
  p.flags = flags;
  p.ts = ts;
  p.vlanCount = vlan.length;
  p.vlan.set(vlan);
  return p;
}

const CLIENT = [192, 0, 2, 1];
const SERVER = [198, 51, 100, 5];

test('a shed connection is found from both directions, and nothing else is', () => {
  const t = new ConnectionTable();
  const syn = packet(CLIENT, 40000, SERVER, 80, TCP_SYN);
  assert.ok(opensConnection(syn));
  assert.ok(!opensConnection(packet(SERVER, 80, CLIENT, 40000, TCP_SYN | TCP_ACK)));
  t.add(syn, connectionHash(syn), 'backlog');
  const back = packet(SERVER, 80, CLIENT, 40000, TCP_SYN | TCP_ACK);
  assert.notEqual(t.find(back, connectionHash(back)), null, 'the reply direction');
  const otherPort = packet(CLIENT, 40001, SERVER, 80, TCP_ACK);
  assert.equal(t.find(otherPort, connectionHash(otherPort)), null);
  const otherVlan = packet(CLIENT, 40000, SERVER, 80, TCP_ACK, 1, [100]);
  assert.equal(t.find(otherVlan, connectionHash(syn)), null, 'the same hash, another VLAN: a collision sheds nothing');
});

test('both FINs or an RST end it; ended entries go after 2 s, idle ones after the idle timeout', () => {
  const t = new ConnectionTable();
  const a = packet(CLIENT, 40000, SERVER, 80, TCP_SYN);
  const ea = t.add(a, connectionHash(a), 'backlog');
  t.observe(ea, packet(CLIENT, 40000, SERVER, 80, TCP_FIN | TCP_ACK, 2_000_000));
  assert.equal(ea.ended, false, 'one FIN: the other side may still send');
  t.observe(ea, packet(SERVER, 80, CLIENT, 40000, TCP_FIN | TCP_ACK, 2_000_000));
  assert.equal(ea.ended, true);
  const b = packet(CLIENT, 40001, SERVER, 80, TCP_SYN);
  const eb = t.add(b, connectionHash(b), 'queue_full');
  t.observe(eb, packet(SERVER, 80, CLIENT, 40001, TCP_RST, 2_000_000));
  assert.equal(eb.ended, true);
  const c = packet(CLIENT, 40002, SERVER, 80, TCP_SYN, 2_000_000);
  t.add(c, connectionHash(c), 'backlog');
  assert.equal(t.size, 3);
  t.sweep(3_000_000, 60_000_000);
  assert.equal(t.size, 3, 'ended 1 s ago: late ACKs may still come');
  t.sweep(4_000_000, 60_000_000);
  assert.equal(t.size, 1, 'the ended ones are gone');
  assert.notEqual(t.find(c, connectionHash(c)), null);
  t.sweep(62_000_000, 60_000_000);
  assert.equal(t.size, 0, 'idle past the timeout');
  assert.equal(t.find(c, connectionHash(c)), null);
});
