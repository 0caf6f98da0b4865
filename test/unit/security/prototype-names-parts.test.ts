/**
 * Readable examples, one per place that looks a name from traffic or config up in a plain object:
 * a name like an Object.prototype member (`__proto__`, `constructor`, `toString`) is an ordinary
 * name there (docs/design.md, "Names from traffic"). The whole pipeline with such names:
 * prototype-names.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalEndpoint, mergeEndpoint, type Json } from '../../../node/analysis/discovery/merge';
import { mergeSessionPair } from '../../../node/analysis/sessions/merge';
import { main } from '../../../node/cli/entry';
import { commands } from '../../../node/cli/commands';
import { createAppLayer } from '../../../node/app-layer';
import { KeyStore } from '../../../node/tls/keylog';
import { TlsProtocol } from '../../../node/tls/protocol';
import { createHttpStreamHandlerFactory } from '../../../node/http/connection';
import { Rng } from '../../../node/sample/rng';
import type { SessionRecord } from '../../../node/records/types';
import { Tls13Session, TLS_TEST_CONN, TLS_TEST_LIMITS } from '../../gen/tls-records';

test('the command line: "native-node constructor" is an unknown command (exit 1), not a crash', async () => {
  const write = process.stderr.write;
  let said = '';
  process.stderr.write = ((s: string) => ((said += s), true)) as typeof process.stderr.write;
  try {
    assert.equal(await main(['constructor'], commands), 1);
    assert.equal(await main(['__proto__'], commands), 1);
  } finally {
    process.stderr.write = write;
  }
  assert.match(said, /unknown command "constructor"/);
});

const facts = (count: number): Json => ({ count, types: ['string'] });

test('discovery merge: parameters named __proto__ and constructor on one side only merge as parameters', () => {
  const a = JSON.parse(
    `{"type":"api_endpoint","host":"h","method":"GET","template":"/","count":1,"params":{"query":{"__proto__":${JSON.stringify(facts(1))}}}}`,
  ) as Json;
  const b = {
    type: 'api_endpoint',
    host: 'h',
    method: 'GET',
    template: '/',
    count: 2,
    params: { query: { constructor: facts(2) } },
  };
  const merged = mergeEndpoint(a, b) as { params: { query: Record<string, Json> } };
  assert.equal(
    JSON.stringify(merged.params.query),
    '{"__proto__":{"count":1,"types":["string"]},"constructor":{"count":2,"types":["string"]}}',
  );
  assert.equal(Object.getPrototypeOf(merged.params.query), Object.prototype);
  assert.equal(JSON.stringify(canonicalEndpoint(merged)), JSON.stringify(merged));
  // A top-level field of a newer node named like a member: merged as an unknown field, not by a rule.
  const c = mergeEndpoint({ ...b, constructor: 'x' } as Json, JSON.parse('{"constructor":"y","__proto__":1}') as Json);
  assert.equal((c as Record<string, Json>).constructor, 'y');
  assert.ok(Object.hasOwn(c as object, '__proto__'));
});

test('session merge: context parameters named constructor and __proto__ keep the earlier value', () => {
  const session = (first: string, context: string): SessionRecord =>
    ({
      type: 'session',
      ts: first,
      flow: { src: '10.0.0.1:1', dst: '10.0.0.2:80' },
      client_ip: '10.0.0.1',
      host: 'h',
      session_id: 's',
      key: 'ip_user_agent',
      first_seen: first,
      last_seen: first,
      request_count: 1,
      requests: [],
      context: JSON.parse(context) as Record<string, string>,
      closed: 'end',
    }) as SessionRecord;
  const a = session('2024-01-01T00:00:01Z', '{"constructor":"b","__proto__":"z"}');
  const b = session('2024-01-01T00:00:00Z', '{"constructor":"a","toString":"t"}');
  assert.equal(JSON.stringify(mergeSessionPair(a, b, 10).context), '{"__proto__":"z","constructor":"a","toString":"t"}');
});

test('TLS: SNI __proto__ and ALPN toString are a host and an ALPN of the counters; the inner protocol is unknown, not a crash', () => {
  const rng = new Rng(9);
  const s = new Tls13Session(rng, '__proto__', 'toString');
  const store = new KeyStore({ maxEntries: 10, ttlSec: 60 });
  store.addText(s.keylog());
  const proto = new TlsProtocol(store);
  const http = createHttpStreamHandlerFactory({ transaction: () => {}, error: () => {} }, TLS_TEST_LIMITS, {
    responseTimeoutSec: 5,
  });
  const app = createAppLayer(http, [proto]);
  proto.attach(app.plaintext, app.readsAlpn);
  const h = proto.create(TLS_TEST_CONN);
  const client = Buffer.concat([s.clientHello(), s.data('c2s', Buffer.from('hello'))]);
  const server = Buffer.concat([s.serverHello(rng), s.data('s2c', Buffer.from('hi'))]);
  h.onData(0, client, 0, client.length, 1);
  h.onData(1, server, 0, server.length, 2);
  h.onClose('fin', 3);
  assert.ok(Object.hasOwn(proto.counters.hosts, '__proto__'), JSON.stringify(proto.counters.hosts));
  assert.equal(proto.counters.hosts['__proto__'].connections, 1);
  assert.equal(JSON.stringify(proto.counters.alpn), '{"toString":1}');
  assert.equal(Object.getOwnPropertyNames(Object.prototype).includes('connections'), false);
});
