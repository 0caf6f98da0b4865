/**
 * GraphQL request detection cost, in process (docs/performance.md "GraphQL"): the same requests
 * through AttackDetector.detect with GraphQL reading on (documents repeated, as clients send them:
 * parsed once, then remembered), on with every document distinct (a parse per request), and off
 * (the request read as JSON, as before GraphQL support). Rounds are interleaved (A B C A B C...)
 * so that load on a shared machine hits every mode alike; prints CPU µs per request, best round.
 *
 *   npx tsx test/bench/graphql.ts [--requests 2000] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import { DEFAULT_GRAPHQL_SETTINGS } from '../../node/graphql/settings';
import type { HttpTransaction } from '../../node/http/types';
import { tx } from '../unit/attacks/helpers';

const { values } = parseArgs({
  options: { requests: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '5' } },
});
const n = Number(values.requests);

const OPERATIONS = [
  (i: number) => ({
    query:
      'query GetUser($id: ID!) { user(id: $id) { id name email avatar(size: 64) posts(first: 10) { edges { node { id title } } } } }',
    variables: { id: String(i) },
    operationName: 'GetUser',
  }),
  (i: number) => ({
    query: 'mutation CreateOrder($input: OrderInput!) { createOrder(input: $input) { id total status } }',
    variables: { input: { items: [{ sku: `SKU-${i}`, quantity: 2 }], note: 'leave at the door', coupon: null } },
  }),
  (i: number) => ({
    query:
      'query Feed($after: String) { feed(first: 20, after: $after, filter: {kind: POST, tags: ["news", "sport"]}) { ...Item pageInfo { endCursor hasNextPage } } } fragment Item on FeedConnection { edges { node { id text author { id name } } } }',
    variables: { after: `cursor-${i}` },
  }),
  (i: number) => ({ query: `{ search(term: "red shoes size ${i % 45}", limit: 10) { id name price } }` }),
];

/** `distinct`: a different document per request (a comment makes the text unique). */
function requests(distinct: boolean): HttpTransaction[] {
  return Array.from({ length: n }, (_, i) => {
    const body = OPERATIONS[i % OPERATIONS.length](i);
    if (distinct) body.query += ` # ${i}`;
    return tx({
      method: 'POST',
      target: '/graphql',
      headers: [
        ['Host', 'api.example'],
        ['Content-Type', 'application/json'],
      ],
      body: JSON.stringify(body),
    });
  });
}

const modes = [
  { label: 'graphql on, documents repeated', txs: requests(false), graphql: true },
  { label: 'graphql on, every document new', txs: requests(true), graphql: true },
  { label: 'graphql off (read as JSON)', txs: requests(false), graphql: false },
];
const best = modes.map(() => Number.POSITIVE_INFINITY);
for (let round = 0; round < Number(values.rounds); round++) {
  modes.forEach((m, k) => {
    // A new detector per round: the documents are parsed again in its first pass.
    const d = new AttackDetector({
      maxMillisPerRequest: Number.POSITIVE_INFINITY,
      graphql: { ...DEFAULT_GRAPHQL_SETTINGS, enabled: m.graphql },
    });
    const start = process.cpuUsage();
    for (const t of m.txs) d.detect(t);
    const used = process.cpuUsage(start);
    best[k] = Math.min(best[k], used.user + used.system);
  });
}
for (let k = 0; k < modes.length; k++)
  console.log(`detect ${modes[k].label}: ${(best[k] / n).toFixed(1)} µs/request (${n} requests, best of ${values.rounds})`);
