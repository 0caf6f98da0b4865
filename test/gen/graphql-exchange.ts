/**
 * A GraphQL server on the reference implementation (graphql's buildSchema and graphql() behind
 * node:http), for the GraphQL tests (test/unit/graphql/capture.test.ts in process,
 * test/e2e/mirror-graphql.test.ts in a lab through test/e2e/graphql-server.ts): POST JSON (one
 * call or a batch array), GET ?query= with variables and operationName, and application/graphql
 * bodies. Introspection is on (graphql-js answers it), and its validation errors suggest field
 * names.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql, type ExecutionResult } from 'graphql';

const schema = buildSchema(`
  type User { id: ID! name: String email: String friends: [User] }
  input UserFilter { name: String }
  input CreateUserInput { email: String! name: String }
  type Query { user(id: ID!): User users(first: Int, filter: UserFilter): [User] search(term: String!): [User] }
  type Mutation { createUser(input: CreateUserInput!): User }
`);

const users = [
  { id: '1', name: 'Ann', email: 'ann@example.com' },
  { id: '2', name: 'Bob', email: 'bob@example.com' },
];
// One friend each: a deep query's answer grows with its depth, not exponentially.
const withFriends = (u: (typeof users)[number]): unknown => ({ ...u, friends: () => [withFriends(users[0])] });
const root = {
  user: ({ id }: { id: string }) => {
    const u = users.find((x) => x.id === id);
    return u ? withFriends(u) : null;
  },
  users: ({ first }: { first?: number }) => users.slice(0, first ?? users.length).map(withFriends),
  search: ({ term }: { term: string }) =>
    users.filter((u) => u.name?.toLowerCase().includes(term.toLowerCase())).map(withFriends),
  createUser: ({ input }: { input: { email: string; name?: string } }) => ({
    id: String(users.length + 1),
    ...input,
    friends: [],
  }),
};

interface Call {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

async function execute(c: Call): Promise<ExecutionResult> {
  if (typeof c.query !== 'string') return { errors: [{ message: 'query is required' }] } as unknown as ExecutionResult;
  return graphql({
    schema,
    source: c.query,
    rootValue: root,
    variableValues: (c.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: typeof c.operationName === 'string' ? c.operationName : undefined,
  });
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface GraphqlServer {
  port: number;
  stop(): Promise<void>;
}

/** Starts the server on `port` (0: any) of `host`. */
export async function startGraphqlServer(port = 0, host = '127.0.0.1'): Promise<GraphqlServer> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      let payload: Call | Call[];
      if (req.method === 'GET') {
        const vars = url.searchParams.get('variables');
        payload = {
          query: url.searchParams.get('query') ?? undefined,
          variables: vars ? (JSON.parse(vars) as unknown) : undefined,
          operationName: url.searchParams.get('operationName') ?? undefined,
        };
      } else {
        const text = await body(req);
        payload = (req.headers['content-type'] ?? '').startsWith('application/graphql')
          ? { query: text }
          : (JSON.parse(text) as Call);
      }
      const result = Array.isArray(payload) ? await Promise.all(payload.map(execute)) : await execute(payload);
      const failed = !Array.isArray(result) && result.data === undefined;
      res.writeHead(failed ? 400 : 200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(result));
    })().catch((e: unknown) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: String(e) }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One GraphQL request of the scenario, as a client sends it. */
export interface GraphqlExchange {
  name: string;
  method: 'GET' | 'POST';
  /** Path and query string. */
  target: string;
  contentType?: string;
  body?: string;
  /** The attack hit expected (`class point`), for the attacks. */
  hit?: string;
}

const postJson = (name: string, body: unknown, hit?: string): GraphqlExchange => ({
  name,
  method: 'POST',
  target: '/graphql',
  contentType: 'application/json',
  body: JSON.stringify(body),
  hit,
});
const getQuery = (name: string, query: string, variables?: unknown, hit?: string): GraphqlExchange => {
  const params = new URLSearchParams({ query });
  if (variables !== undefined) params.set('variables', JSON.stringify(variables));
  return { name, method: 'GET', target: `/graphql?${params.toString()}`, hit };
};
const graphqlBody = (name: string, query: string): GraphqlExchange => ({
  name,
  method: 'POST',
  target: '/graphql',
  contentType: 'application/graphql',
  body: query,
});

/** Benign operations in every transport: no attack hit expected. */
export const BENIGN: GraphqlExchange[] = [
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

/** Injections in arguments and variables, and abuse: one hit each, at the point given. */
export const ATTACKS: GraphqlExchange[] = [
  postJson(
    'sqli in an argument literal',
    { query: `{ search(term: "x' UNION SELECT password FROM users--") { id } }` },
    'sqli ["graphql","query","search","term"]',
  ),
  postJson(
    'xss in a variable',
    {
      query: 'mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { id } }',
      variables: { input: { email: 'x@example.com', name: '<script>alert(document.cookie)</script>' } },
    },
    'xss ["graphql","mutation","createUser","input","name"]',
  ),
  getQuery(
    'ptrav in a GET variable',
    'query ($id: ID!) { user(id: $id) { id } }',
    { id: '../../../../etc/passwd' },
    'ptrav ["graphql","query","user","id"]',
  ),
  postJson(
    'depth',
    { query: `{ user(id: "1") { ${'friends { '.repeat(16)}id${' }'.repeat(16)} } }` },
    'graphql_abuse ["graphql","depth"]',
  ),
  postJson(
    'aliases',
    { query: `{ ${Array.from({ length: 40 }, (_, i) => `u${i}: user(id: "1") { id }`).join(' ')} }` },
    'graphql_abuse ["graphql","aliases"]',
  ),
];

/** Requests whose answers are vulnerabilities: introspection answered, a field name suggested. */
export const PROBES: GraphqlExchange[] = [
  postJson('introspection', { query: '{ __schema { queryType { name } types { name } } }' }),
  postJson('field typo', { query: '{ usr { id } }' }),
];

/** The operations the scenario must leave in the inventory of POST /graphql and GET /graphql. */
export const OPERATIONS = ['query user', 'mutation createUser', 'query users', 'query search', 'query __schema'];
