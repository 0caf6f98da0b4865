/**
 * GraphQL from real implementations as a capture: the graphql-js server of
 * test/gen/graphql-exchange.ts and Node's fetch (undici) as the client, relayed on loopback
 * (TcpRecorder), the bytes written as a pcap and replayed through the whole node (docs/graphql.md).
 * The same scenario as the live test (test/e2e/mirror-graphql.test.ts), with the known answers:
 * the attacks at their points, nothing on the benign operations, the findings, the inventory and
 * the summary's graphql line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpRecorder } from '../../gen/tcp-recorder';
import { ATTACKS, BENIGN, OPERATIONS, PROBES, startGraphqlServer, type GraphqlExchange } from '../../gen/graphql-exchange';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import { PcapStreamReader } from '../../../node/capture/pcap-reader';
import { writePcap } from '../../../node/sample/pcap-writer';
import { formatSummary } from '../../../node/summary';
import { openApiDocuments } from '../../../node/analysis/discovery/openapi';
import type { ApiEndpointRecord, AttackRecord, NodeRecord, VulnerabilityRecord } from '../../../node/records/types';

async function send(port: number, e: GraphqlExchange): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}${e.target}`, {
    method: e.method,
    headers: e.contentType === undefined ? {} : { 'Content-Type': e.contentType },
    body: e.body,
  });
  return res.text();
}

test('graphql-js server and fetch client, replayed from a pcap: attacks at their points, findings, operations', async () => {
  const server = await startGraphqlServer();
  const rec = new TcpRecorder();
  await rec.start(server.port);
  const answers = new Map<string, string>();
  try {
    for (const e of [...BENIGN, ...ATTACKS, ...PROBES]) answers.set(e.name, await send(rec.port, e));
  } finally {
    await rec.stop();
    await server.stop();
  }
  assert.match(answers.get('introspection')!, /"__schema":\{"queryType":\{"name":"Query"\}/);
  assert.match(answers.get('field typo')!, /Did you mean \\"user\\"/);

  const pcap = writePcap(rec.packets({ serverPort: 80 }));
  const records: NodeRecord[] = [];
  const node = buildNode(defaultConfig(), new Set(['transaction', 'attack', 'api_endpoint', 'vulnerability'] as const), {
    write: (r) => records.push(r),
  });
  const reader = new PcapStreamReader(node.pipeline.onFrame);
  reader.push(pcap);
  reader.end();
  node.pipeline.finish();

  const transactions = records.filter((r) => r.type === 'transaction');
  assert.equal(transactions.length, BENIGN.length + ATTACKS.length + PROBES.length);
  const hits = records
    .filter((r): r is AttackRecord => r.type === 'attack')
    .flatMap((a) => a.hits.map((h) => `${h.class} ${JSON.stringify(h.point)}`));
  assert.deepEqual(hits.sort(), ATTACKS.map((a) => a.hit!).sort());

  const vulnerabilities = records
    .filter((r): r is VulnerabilityRecord => r.type === 'vulnerability')
    .map((v) => `${v.kind} ${v.detail} ${v.endpoint.method} ${v.endpoint.template}`);
  assert.deepEqual(vulnerabilities.sort(), [
    'graphql_field_suggestion did_you_mean POST /graphql',
    'graphql_introspection __schema POST /graphql',
    // The scenario's server returns users' emails to anyone: a finding of its own, rightly.
    'unauthenticated_sensitive_data email POST /graphql',
  ]);

  const endpoints = records.filter((r): r is ApiEndpointRecord => r.type === 'api_endpoint');
  const ops = endpoints.flatMap((e) => Object.keys(e.graphql ?? {}));
  for (const op of OPERATIONS) assert.ok(ops.includes(op), `${op} in ${ops.join(', ')}`);
  const post = endpoints.find((e) => e.method === 'POST' && e.template === '/graphql')!;
  assert.deepEqual(post.graphql!['mutation createUser'], {
    type: 'mutation',
    field: 'createUser',
    count: 2,
    operation_names: ['CreateUser'],
    arguments: { input: { count: 2, types: ['CreateUserInput!'] } },
  });
  assert.deepEqual(post.graphql!['query users'].fragments, ['UserFields']);
  const get = endpoints.find((e) => e.method === 'GET' && e.template === '/graphql')!;
  assert.deepEqual(get.graphql!['query users'].arguments, {
    first: { count: 1, types: ['Int'] },
    filter: { count: 1, types: ['Object'] },
  });
  const doc = JSON.stringify([...openApiDocuments(endpoints).values()]);
  assert.match(doc, /"x-graphql-operations":\{/);
  assert.match(doc, /"mutation createUser":\{"arguments":\{[^}]*\}\},"count":2,"field":"createUser",[^}]*"type":"mutation"\}/);

  assert.match(
    formatSummary(null, node),
    /graphql: requestsJson=9 requestsGet=2 requestsGraphqlBody=1 calls=13 introspection=1 abuseDepth=1 abuseAliases=1/,
  );
});
