/**
 * The app layer as examples: which handler reads a connection, given its first bytes.
 * A toy protocol "XP" is claimed by the magic "XP1"; everything else goes to the fallback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAppLayer, Probe, type AppProtocol } from '../../../node/app-layer';
import type { ConnectionInfo, Direction, StreamHandler } from '../../../node/reassembly/types';

const CONN: ConnectionInfo = {
  id: 1,
  client: { ip: '10.0.0.1', port: 40000 },
  server: { ip: '10.0.0.2', port: 80 },
  vlan: [],
  vni: null,
  midstream: false,
  firstTs: 0,
};

/** Records what a handler received, as readable lines. */
function recorder(name: string, log: string[]): StreamHandler {
  return {
    onData: (dir, buf, off, len) => void log.push(`${name} data ${dir} ${buf.toString('latin1', off, off + len)}`),
    onGap: (dir, len) => void log.push(`${name} gap ${dir} ${len}`),
    onClose: (reason) => void log.push(`${name} close ${reason}`),
  };
}

function setup() {
  const log: string[] = [];
  const magic = Buffer.from('XP1');
  const xp: AppProtocol = {
    name: 'xp',
    probeBytes: magic.length,
    probe: (_dir: Direction, data: Buffer) => {
      const n = Math.min(data.length, magic.length);
      if (!data.subarray(0, n).equals(magic.subarray(0, n))) return Probe.No;
      return n === magic.length ? Probe.Yes : Probe.NeedMore;
    },
    create: () => recorder('xp', log),
  };
  const layer = createAppLayer(() => recorder('http1', log), [xp], { xp });
  return { log, layer };
}

const send = (h: StreamHandler, dir: Direction, text: string) => h.onData(dir, Buffer.from(text, 'latin1'), 0, text.length, 0);

test('bytes a protocol claims go to it, the first ones replayed in order', () => {
  const { log, layer } = setup();
  const h = layer(CONN);
  send(h, 0, 'XP');
  assert.deepEqual(log, [], 'two bytes cannot decide');
  send(h, 0, '1 hello');
  send(h, 1, 'reply');
  h.onClose('fin', 0);
  assert.deepEqual(log, ['xp data 0 XP', 'xp data 0 1 hello', 'xp data 1 reply', 'xp close fin']);
  assert.deepEqual(layer.counters.connections, { http1: 0, xp: 1 });
});

test('bytes no protocol claims go to the fallback as soon as every probe refuses', () => {
  const { log, layer } = setup();
  const h = layer(CONN);
  send(h, 0, 'G');
  assert.deepEqual(log, ['http1 data 0 G'], 'one byte is enough to refuse');
  send(h, 0, 'ET / HTTP/1.1');
  assert.deepEqual(log.slice(1), ['http1 data 0 ET / HTTP/1.1']);
  assert.deepEqual(layer.counters.connections, { http1: 1, xp: 0 });
});

test('a gap before the protocol is known: the fallback reads the connection, bytes and gap in order', () => {
  const { log, layer } = setup();
  const h = layer(CONN);
  send(h, 0, 'XP');
  h.onGap(0, 100, 0);
  assert.deepEqual(log, ['http1 data 0 XP', 'http1 gap 0 100']);
});

test('a connection closed before deciding hands its bytes to the fallback; one that carried nothing makes no handler', () => {
  const { log, layer } = setup();
  const h = layer(CONN);
  send(h, 1, 'X');
  h.onClose('rst', 0);
  assert.deepEqual(log, ['http1 data 1 X', 'http1 close rst']);
  layer(CONN).onClose('idle', 0);
  assert.equal(log.length, 2);
  assert.deepEqual(layer.counters.connections, { http1: 1, xp: 0 });
});

test('plaintext inside another protocol: ALPN selects without probing, null ALPN probes', () => {
  const { log, layer } = setup();
  send(layer.plaintext(CONN, 'xp'), 0, 'anything');
  send(layer.plaintext(CONN, 'http/1.1'), 0, 'XP1 probed');
  send(layer.plaintext(CONN, null), 0, 'GET /');
  assert.deepEqual(log, ['xp data 0 anything', 'xp data 0 XP1 probed', 'http1 data 0 GET /']);
});

test('without protocols the fallback handler is returned as is (no cost per byte)', () => {
  const made: StreamHandler[] = [];
  const layer = createAppLayer(() => {
    const h = recorder('http1', []);
    made.push(h);
    return h;
  }, []);
  assert.equal(layer(CONN), made[0]);
});
