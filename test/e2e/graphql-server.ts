/**
 * A GraphQL server on the reference implementation (graphql's buildSchema and graphql() behind
 * node:http) for the live GraphQL scenario (mirror-graphql.test.ts): POST JSON (one call or a
 * batch array), GET ?query= with variables and operationName, and application/graphql bodies.
 * Introspection is on (graphql-js answers it), and its validation errors suggest field names.
 * Usage: node --import tsx test/e2e/graphql-server.ts PORT
 */
import { createServer, type IncomingMessage } from 'node:http';
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
const withFriends = (u: (typeof users)[number]): unknown => ({ ...u, friends: () => users.map(withFriends) });
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

server.listen(Number(process.argv[2] ?? 80), () => process.stdout.write('listening\n'));
