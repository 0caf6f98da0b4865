/**
 * GraphQL through the SPAN mirror with real implementations: a server on graphql's reference
 * implementation (graphql-server.ts) and curl as the client, every transport (POST JSON, a batch,
 * GET ?query=, application/graphql). The node must find the injections in GraphQL arguments and
 * variables at their GraphQL points, nothing in the benign operations, the abuse (depth, aliases)
 * as graphql_abuse hits, the introspection answer and the field suggestion as vulnerabilities,
 * and the operations in the inventory (api_endpoint records and the OpenAPI document).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApiEndpointRecord, VulnerabilityRecord } from '../../node/records/types';
import type { Lab } from './lab';
import { skipReason } from './scenario';
import { sleep } from './sensor';
import { REPO, mirrorScenario } from './support/fixture';
import { ATTACKS, BENIGN, OPERATIONS, PROBES, type GraphqlExchange } from '../gen/graphql-exchange';

const skip = skipReason();

/** The exchange as curl sends it (the input is curl's stdin, for bodies). */
function curl(lab: Lab, e: GraphqlExchange): string {
  const args = ['curl', '-sS', '--max-time', '10', '-X', e.method];
  if (e.contentType !== undefined) args.push('-H', `Content-Type: ${e.contentType}`, '--data-binary', '@-');
  return lab.exec('client', [...args, `http://10.10.0.2${e.target}`], e.body);
}

test(
  'GraphQL in every transport through the mirror: attacks at their points, benign operations clean, operations in the inventory',
  { skip, timeout: 180_000 },
  (t) =>
    mirrorScenario(t, { prefix: 't25g' }, async (s) => {
      await s.spawnReady(
        'server',
        [process.execPath, '--import', 'tsx', path.join(REPO, 'test/e2e/graphql-server.ts'), '80'],
        'listening',
      );
      const { node } = await s.node({
        goreplay: "filter: 'mon0:80'",
        extra: 'api_discovery:\n  export_interval: 1s\n',
        emit: 'transaction,attack,api_endpoint,vulnerability',
      });

      const answers = new Map<string, string>();
      for (const e of [...BENIGN, ...ATTACKS, ...PROBES]) answers.set(e.name, curl(s.lab, e));
      // The server really answered as GraphQL does (so the node saw real exchanges).
      assert.match(answers.get('get user')!, /"name":"Ann"/);
      assert.match(answers.get('introspection')!, /"__schema":\{"queryType":\{"name":"Query"\}/);
      assert.match(answers.get('field typo')!, /Did you mean \\"user\\"/);

      const expected = BENIGN.length + ATTACKS.length + PROBES.length;
      await node.settle(expected, 10_000);
      // The inventory is exported every second: one more export before the node stops.
      await sleep(1500);
      assert.equal(await node.stop(), 0);
      const txs = node.transactions();
      s.figures(expected, txs.length, node);
      assert.equal(txs.length, expected, 'every exchange reported');

      const attacks = node.attacks().map((a) => a.hits.map((h) => `${h.class} ${JSON.stringify(h.point)}`));
      assert.deepEqual(
        attacks.flat().sort(),
        ATTACKS.map((a) => a.hit!).sort(),
        'each attack found once, at its GraphQL point; the benign operations and probes give none',
      );

      const vulns = node.recordsOf<VulnerabilityRecord>('vulnerability').map((v) => `${v.kind} ${v.detail}`);
      assert.ok(vulns.includes('graphql_introspection __schema'), vulns.join('\n'));
      assert.ok(vulns.includes('graphql_field_suggestion did_you_mean'), vulns.join('\n'));

      const endpoints = node.recordsOf<ApiEndpointRecord>('api_endpoint').filter((e) => e.template === '/graphql');
      const ops = new Set(endpoints.flatMap((e) => Object.keys(e.graphql ?? {})));
      for (const op of OPERATIONS) assert.ok(ops.has(op), `${op} in the inventory (${[...ops].join(', ')})`);
      const createUser = endpoints.map((e) => e.graphql?.['mutation createUser']).find((o) => o !== undefined)!;
      assert.deepEqual(createUser.arguments?.input.types, ['CreateUserInput!']);
      const users = endpoints.map((e) => e.graphql?.['query users']).find((o) => o?.fragments !== undefined);
      assert.deepEqual(users?.fragments, ['UserFields']);

      const openapiDir = path.join(s.dir, 'state', 'api-discovery');
      const docs = existsSync(openapiDir) ? readdirSync(openapiDir).filter((f) => f.endsWith('.openapi.json')) : [];
      const documents = docs.map((f) => readFileSync(path.join(openapiDir, f), 'utf8')).join('\n');
      assert.match(documents, /"x-graphql-operations"/, 'the OpenAPI document lists the operations');
      assert.match(documents, /"mutation createUser"/);
    }),
);
