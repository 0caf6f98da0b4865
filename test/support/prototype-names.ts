/**
 * Names from traffic that are also Object.prototype members (`__proto__`, `constructor`,
 * `toString`, `hasOwnProperty`, `valueOf`): a plain-object lookup keyed by such a name finds the
 * inherited member instead of nothing, and crashes or reports the wrong thing (docs/design.md,
 * "Names from traffic"). This capture uses them everywhere a name comes from the wire: header
 * names, the Host, path segments, query, form, cookie and JSON keys, Set-Cookie, GraphQL
 * operation, field, argument and variable names, WebSocket message keys. Replayed through the
 * whole node with every record type by test/unit/security/prototype-names.test.ts (one thread)
 * and test/integration/workers/prototype-names.test.ts (worker threads, merged records).
 */
import assert from 'node:assert/strict';
import { writePcap } from '../../node/sample/pcap-writer';
import { interleave, TcpConversation } from '../../node/sample/conversation';
import { renderConversation, type ConversationPlan } from '../../node/sample/scenarios';
import type { HttpExchangeSpec } from '../../node/sample/http-exchange';
import { openApiDocuments } from '../../node/analysis/discovery/openapi';
import { RECORD_TYPES, type ApiEndpointRecord, type NodeRecord, type TransactionRecord } from '../../node/records/types';
import { clientText, handshake, serverText } from '../gen/websocket';

/** Own property names of Object.prototype and of each of its members: what a lookup that found a member could write into. */
function builtinShapes(): string {
  const proto = Object.prototype as unknown as Record<string, unknown>;
  const names = Object.getOwnPropertyNames(proto).sort();
  return JSON.stringify(
    names.map((n) => {
      const d = Object.getOwnPropertyDescriptor(proto, n)!;
      return [n, typeof d.value === 'function' ? Object.getOwnPropertyNames(d.value).sort() : typeof d.value];
    }),
  );
}
const BUILTINS = builtinShapes();

export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'] as const;

const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

function pairs(sep: string, join: string): string {
  return PROTOTYPE_NAMES.map((n, i) => `${n}${sep}v${i}`).join(join);
}

function jsonObject(): Record<string, unknown> {
  const o: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  PROTOTYPE_NAMES.forEach((n, i) => (o[n] = i === 0 ? { constructor: { prototype: 1 } } : `v${i}`));
  return o;
}

/** JSON.stringify of a null-prototype object keeps `__proto__` as a key of its own. */
const JSON_BODY = JSON.stringify(jsonObject());

function exchanges(host: string, n: number): HttpExchangeSpec[] {
  const headers: Array<[string, string]> = [
    ...PROTOTYPE_NAMES.map((name, i): [string, string] => [name, `h${i}`]),
    ['Cookie', pairs('=', '; ')],
    ['Authorization', 'Bearer abc.def.ghi'],
  ];
  const graphql = {
    query:
      'query toString($constructor: ID, $__proto__: Int) { constructor(hasOwnProperty: $constructor) { __proto__ valueOf } }',
    operationName: 'toString',
    variables: { constructor: `c${n}`, __proto__: n, toString: 'x' },
  };
  return [
    {
      target: `/__proto__/constructor/${n}/toString?${pairs('=', '&')}`,
      host,
      requestHeaders: headers,
      responseHeaders: [JSON_TYPE, ['Set-Cookie', '__proto__=s1; Path=/'], ['constructor', 'r']],
      responseBody: JSON_BODY,
    },
    {
      method: 'POST',
      target: `/hasOwnProperty/${n}`,
      host,
      requestHeaders: [...headers, ['Content-Type', 'application/x-www-form-urlencoded']],
      requestBody: pairs('=', '&'),
      responseHeaders: [JSON_TYPE],
      responseBody: JSON_BODY,
    },
    {
      method: 'POST',
      target: '/api/valueOf',
      host,
      requestHeaders: [...headers, JSON_TYPE],
      requestBody: JSON_BODY,
      responseHeaders: [JSON_TYPE],
      responseBody: JSON_BODY,
    },
    {
      method: 'POST',
      target: '/graphql',
      host,
      requestHeaders: [...headers, JSON_TYPE],
      // The variables object is written by hand: JSON.stringify of a literal drops `__proto__`.
      requestBody: JSON.stringify(graphql).replace('"variables":{', '"variables":{"__proto__":{"a":1},'),
      responseHeaders: [JSON_TYPE],
      responseBody: '{"data":{"constructor":{"__proto__":"x","valueOf":1}}}',
    },
    {
      target: `/search?q=${n}'%20OR%20'1'='1&__proto__[constructor]=1&constructor[prototype]=2`,
      host,
      requestHeaders: headers,
      status: 500,
      reason: 'Internal Server Error',
      responseHeaders: [JSON_TYPE],
      responseBody: '{"__proto__":"You have an error in your SQL syntax; check the manual","constructor":1}',
    },
  ];
}

function webSocketPackets(): ReturnType<TcpConversation['packets']> {
  const hs = handshake({ path: '/ws/__proto__', host: 'constructor', headers: 'toString: 1\r\n__proto__: 2\r\n' });
  const c = new TcpConversation({ client: '192.0.2.50', server: '198.51.100.9', clientPort: 41000, serverPort: 80 });
  c.send('c2s', hs.request).send('s2c', hs.response);
  c.send('c2s', clientText(JSON_BODY));
  c.send('s2c', serverText(JSON_BODY));
  c.send('c2s', clientText(JSON.stringify({ type: 'constructor', payload: { toString: "1' OR '1'='1" } })));
  c.close('fin');
  return c.packets();
}

export function prototypeNamesCapture(): Buffer {
  const plans: ConversationPlan[] = [];
  for (const [h, host] of ['__proto__', 'constructor', 'api.test'].entries()) {
    for (let k = 0; k < 3; k++) {
      plans.push({
        opts: {
          client: `192.0.2.${10 + h}`,
          server: '198.51.100.7',
          clientPort: 40000 + h * 10 + k,
          serverPort: 80,
          seed: h * 10 + k,
        },
        exchanges: exchanges(host, k),
      });
    }
  }
  return writePcap(interleave([...plans.map((p) => renderConversation(p).packets), webSocketPackets()], 3));
}

interface OpenApiOperation {
  parameters: Array<{ name: string; in: string }>;
  requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
}

export function checkPrototypeNameRecords(records: NodeRecord[], summary: string): void {
  const count = (type: string) => records.filter((r) => r.type === type).length;
  // 3 hosts x 3 connections x 5 exchanges, and the WebSocket handshake.
  assert.equal(count('transaction'), 46, summary);
  assert.match(summary, /http errors: none/);
  assert.equal(builtinShapes(), BUILTINS, 'Object.prototype or one of its members was written');
  for (const type of RECORD_TYPES) assert.ok(count(type) > 0, `a ${type} record (${summary})`);

  const transactions = records.filter((r): r is TransactionRecord => r.type === 'transaction');
  const first = transactions.find((r) => r.request.target.startsWith('/__proto__/'))!;
  for (const name of PROTOTYPE_NAMES) assert.ok(JSON.stringify(first.request.headers).includes(`"${name}"`), name);

  const endpoints = records.filter((r): r is ApiEndpointRecord => r.type === 'api_endpoint');
  const form = endpoints.find((e) => e.method === 'POST' && e.template.startsWith('/hasOwnProperty/'));
  assert.ok(form, endpoints.map((e) => `${e.method} ${e.template}`).join(', '));
  for (const name of PROTOTYPE_NAMES) {
    assert.ok(Object.hasOwn(form.params.body ?? {}, name), `form key ${name}: ${JSON.stringify(form.params.body)}`);
    assert.ok(
      Object.hasOwn(form.params.header ?? {}, name.toLowerCase()) || Object.hasOwn(form.params.header ?? {}, name),
      `header ${name}: ${JSON.stringify(Object.keys(form.params.header ?? {}))}`,
    );
  }
  const query = endpoints.find((e) => e.method === 'GET' && e.template.startsWith('/__proto__/'));
  assert.ok(query, endpoints.map((e) => `${e.method} ${e.template}`).join(', '));
  for (const name of PROTOTYPE_NAMES) assert.ok(Object.hasOwn(query.params.query ?? {}, name), `query key ${name}`);
  const json = endpoints.find((e) => e.method === 'POST' && e.template === '/api/valueOf');
  assert.ok(json);
  for (const name of PROTOTYPE_NAMES)
    assert.ok(Object.hasOwn(json.params.body ?? {}, `$.${name}`), `JSON key ${name}: ${JSON.stringify(json.params.body)}`);
  for (const name of PROTOTYPE_NAMES) assert.ok(Object.hasOwn(form.params.cookie ?? {}, name), `cookie ${name}`);
  const gql = endpoints.find((e) => e.template === '/graphql')?.graphql?.['query constructor'];
  assert.ok(gql && Object.hasOwn(gql.arguments ?? {}, 'hasOwnProperty'), JSON.stringify(gql));
  assert.deepEqual(gql.operation_names, ['toString']);
  const ws = endpoints.find((e) => e.kind === 'websocket' && e.template === '/ws/__proto__');
  for (const name of PROTOTYPE_NAMES) {
    assert.ok(Object.hasOwn(ws?.messages?.client?.fields ?? {}, `$.${name}`), `WebSocket field ${name}: ${JSON.stringify(ws)}`);
  }
  // The OpenAPI documents are built from the same records.
  const doc = openApiDocuments(endpoints).get('api.test') as { paths: Record<string, Record<string, OpenApiOperation>> };
  const formOp = Object.entries(doc.paths).find(([p]) => p.startsWith('/hasOwnProperty/'))![1].post;
  const jsonOp = doc.paths['/api/valueOf'].post;
  const queryOp = Object.entries(doc.paths).find(([p]) => p.startsWith('/__proto__/'))![1].get;
  for (const name of PROTOTYPE_NAMES) {
    const form = formOp.requestBody.content['application/x-www-form-urlencoded'].schema.properties;
    assert.ok(Object.hasOwn(form, name), `OpenAPI form property ${name}: ${JSON.stringify(form)}`);
    const json = jsonOp.requestBody.content['application/json'].schema.properties;
    assert.ok(Object.hasOwn(json, name), `OpenAPI JSON property ${name}: ${JSON.stringify(json)}`);
    assert.ok(
      queryOp.parameters.some((p) => p.in === 'query' && p.name === name),
      `OpenAPI query parameter ${name}`,
    );
  }
  // Every record is JSON that reads back as it was written (no inherited member leaked in).
  for (const r of records) assert.deepEqual(JSON.parse(JSON.stringify(r)), JSON.parse(JSON.stringify(r)));
}
