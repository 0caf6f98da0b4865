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
import { CLIENT, SERVER, figures, skipReason, withLab } from './scenario';
import { SensorNode, sleep } from './sensor';

const skip = skipReason();
const REPO = path.resolve(__dirname, '../..');
const URL_BASE = 'http://10.10.0.2/graphql';

interface Exchange {
  /** What it is, for messages. */
  name: string;
  curl: string[];
  input?: string;
}

const postJson = (name: string, body: unknown): Exchange => ({
  name,
  curl: ['-X', 'POST', '-H', 'Content-Type: application/json', '--data-binary', '@-', URL_BASE],
  input: JSON.stringify(body),
});
const getQuery = (name: string, query: string, variables?: unknown): Exchange => ({
  name,
  curl: [
    '-G',
    '--data-urlencode',
    `query=${query}`,
    ...(variables === undefined ? [] : ['--data-urlencode', `variables=${JSON.stringify(variables)}`]),
    URL_BASE,
  ],
});
const graphqlBody = (name: string, query: string): Exchange => ({
  name,
  curl: ['-X', 'POST', '-H', 'Content-Type: application/graphql', '--data-binary', '@-', URL_BASE],
  input: query,
});

const BENIGN: Exchange[] = [
  postJson('get user', {
    query: 'query GetUser($id: ID!) { user(id: $id) { id name email } }',
    variables: { id: '1' },
    operationName: 'GetUser',
  }),
  postJson('create user', {
    query: 'mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id name } }',
    variables: { input: { email: 'cara@example.com', name: 'Cara' } },
  }),
  getQuery('list users', '{ users(first: 2, filter: {name: "a"}) { id name } }'),
  graphqlBody('search', 'query { search(term: "ann") { id name } }'),
  postJson('batch', [
    { query: 'query GetUser($id: ID!) { user(id: $id) { id } }', variables: { id: '2' } },
    { query: '{ users { ...UserFields } } fragment UserFields on User { id name email }' },
  ]),
];

const ATTACKS: Array<Exchange & { hit: string }> = [
  {
    ...postJson('sqli in an argument literal', { query: `{ search(term: "x' UNION SELECT password FROM users--") { id } }` }),
    hit: 'sqli ["graphql","query","search","term"]',
  },
  {
    ...postJson('xss in a variable', {
      query: 'mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id } }',
      variables: { input: { email: 'x@example.com', name: '<script>alert(document.cookie)</script>' } },
    }),
    hit: 'xss ["graphql","mutation","createUser","input","name"]',
  },
  {
    ...getQuery('ptrav in a GET variable', 'query ($id: ID!) { user(id: $id) { id } }', { id: '../../../../etc/passwd' }),
    hit: 'ptrav ["graphql","query","user","id"]',
  },
  {
    ...postJson('depth', {
      query:
        '{ user(id: "1") { friends { friends { friends { friends { friends { friends { friends { friends { friends { friends { id } } } } } } } } } } } }',
    }),
    hit: 'graphql_abuse ["graphql","depth"]',
  },
  {
    ...postJson('aliases', { query: `{ ${Array.from({ length: 40 }, (_, i) => `u${i}: user(id: "1") { id }`).join(' ')} }` }),
    hit: 'graphql_abuse ["graphql","aliases"]',
  },
];

const PROBES: Exchange[] = [
  postJson('introspection', { query: '{ __schema { queryType { name } types { name } } }' }),
  postJson('field typo', { query: '{ usr { id } }' }),
];

function curl(lab: Lab, e: Exchange): string {
  return lab.exec('client', ['curl', '-sS', '--max-time', '10', ...e.curl], e.input);
}

test(
  'GraphQL in every transport through the mirror: attacks at their points, benign operations clean, operations in the inventory',
  { skip, timeout: 180_000 },
  async (t) => {
    const started = Date.now();
    await withLab(
      [CLIENT, SERVER],
      { kind: 'span' },
      async (lab, dir) => {
        const server = lab.spawn(
          'server',
          [process.execPath, '--import', 'tsx', path.join(REPO, 'test/e2e/graphql-server.ts'), '80'],
          {
            cwd: REPO,
          },
        );
        await new Promise<void>((resolve, reject) => {
          server.stdout!.setEncoding('utf8').on('data', (d: string) => d.includes('listening') && resolve());
          server.on('exit', (code) => reject(new Error(`the GraphQL server exited (${code})`)));
        });
        const node = new SensorNode(lab, dir, "filter: 'mon0:80'", 'api_discovery:\n  export_interval: 1s\n', {
          emit: 'transaction,attack,api_endpoint,vulnerability',
        });
        await node.ready();

        const answers = new Map<string, string>();
        for (const e of [...BENIGN, ...ATTACKS, ...PROBES]) answers.set(e.name, curl(lab, e));
        // The server really answered as GraphQL does (so the node saw real exchanges).
        assert.match(answers.get('get user')!, /"name":"Ann"/);
        assert.match(answers.get('introspection')!, /"__schema":\{"queryType":\{"name":"Query"\}/);
        assert.match(answers.get('field typo')!, /Did you mean \\"user\\"/);

        const expected = BENIGN.length + ATTACKS.length + PROBES.length;
        await node.settle(expected, 10_000);
        await sleep(1500);
        assert.equal(await node.stop(), 0);
        const txs = node.transactions();
        figures(t, started, expected, txs.length, node);
        assert.equal(txs.length, expected, 'every exchange reported');

        const attacks = node.attacks().map((a) => a.hits.map((h) => `${h.class} ${JSON.stringify(h.point)}`));
        assert.deepEqual(
          attacks.flat().sort(),
          ATTACKS.map((a) => a.hit).sort(),
          'each attack found once, at its GraphQL point; the benign operations and probes give none',
        );

        const vulns = node.recordsOf<VulnerabilityRecord>('vulnerability').map((v) => `${v.kind} ${v.detail}`);
        assert.ok(vulns.includes('graphql_introspection __schema'), vulns.join('\n'));
        assert.ok(vulns.includes('graphql_field_suggestion did_you_mean'), vulns.join('\n'));

        const endpoints = node.recordsOf<ApiEndpointRecord>('api_endpoint').filter((e) => e.template === '/graphql');
        const ops = new Set(endpoints.flatMap((e) => Object.keys(e.graphql ?? {})));
        for (const op of ['query user', 'mutation createUser', 'query users', 'query search', 'query __schema'])
          assert.ok(ops.has(op), `${op} in the inventory (${[...ops].join(', ')})`);
        const createUser = endpoints.map((e) => e.graphql?.['mutation createUser']).find((o) => o !== undefined)!;
        assert.deepEqual(createUser.arguments?.input.types, ['CreateUserInput!']);
        const users = endpoints.map((e) => e.graphql?.['query users']).find((o) => o?.fragments !== undefined);
        assert.deepEqual(users?.fragments, ['UserFields']);

        const openapiDir = path.join(dir, 'state', 'api-discovery');
        const docs = existsSync(openapiDir) ? readdirSync(openapiDir).filter((f) => f.endsWith('.openapi.json')) : [];
        const documents = docs.map((f) => readFileSync(path.join(openapiDir, f), 'utf8')).join('\n');
        assert.match(documents, /"x-graphql-operations"/, 'the OpenAPI document lists the operations');
        assert.match(documents, /"mutation createUser"/);
      },
      't25g',
    );
  },
);
