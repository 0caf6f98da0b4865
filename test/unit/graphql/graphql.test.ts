/**
 * GraphQL requests as readable examples (docs/graphql.md): a request in each transport, and the
 * attack points, graphql_abuse hits, counters and operations it gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import { extractRequest } from '../../../node/analysis/attacks/points/extract';
import type { RequestValue } from '../../../node/analysis/attacks/points/types';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { findVulnerabilities } from '../../../node/analysis/vulnerabilities/detector';
import { JwtChecker } from '../../../node/analysis/vulnerabilities/jwt';
import { GraphqlReader } from '../../../node/graphql/document';
import { looksLikeDocument } from '../../../node/graphql/request';
import { DEFAULT_GRAPHQL_SETTINGS, type GraphqlSettings } from '../../../node/graphql/settings';
import type { HttpTransaction } from '../../../node/http/types';
import { RELAXED, tx, type TxSpec } from '../attacks/helpers';
import { getIntrospectionQuery } from 'graphql';

const JSON_HEADERS: Array<[string, string]> = [
  ['Host', 'api.example'],
  ['Content-Type', 'application/json'],
];

function post(body: unknown, extra: Partial<TxSpec> = {}): HttpTransaction {
  return tx({ method: 'POST', target: '/graphql', headers: JSON_HEADERS, body: JSON.stringify(body), ...extra });
}

function get(query: string, variables?: unknown, operationName?: string): HttpTransaction {
  let target = '/graphql?query=' + encodeURIComponent(query);
  if (variables !== undefined) target += '&variables=' + encodeURIComponent(JSON.stringify(variables));
  if (operationName !== undefined) target += '&operationName=' + encodeURIComponent(operationName);
  return tx({ target, headers: [['Host', 'api.example']] });
}

function graphqlBody(query: string): HttpTransaction {
  return tx({
    method: 'POST',
    target: '/graphql',
    headers: [
      ['Host', 'api.example'],
      ['Content-Type', 'application/graphql'],
    ],
    body: query,
  });
}

function detector(settings: Partial<GraphqlSettings> = {}): AttackDetector {
  return new AttackDetector({ ...RELAXED, graphql: { ...DEFAULT_GRAPHQL_SETTINGS, ...settings } });
}

/** `class point value` per hit. */
function hits(t: HttpTransaction, d = detector()): string[] {
  return d.detect(t)?.hits.map((h) => `${h.class} ${JSON.stringify(h.point)} ${h.value}`) ?? [];
}

/** Every value the request gives the detectors (point and value), headers left out. */
function values(t: HttpTransaction): string[] {
  const out: string[] = [];
  const sink = (v: RequestValue): boolean => {
    if (v.kind !== 'header' && v.kind !== 'path' && v.kind !== 'path_segment') out.push(`${JSON.stringify(v.point)} ${v.value}`);
    return true;
  };
  extractRequest(
    t.request,
    new Budget({ ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: Infinity }),
    sink,
    new GraphqlReader(DEFAULT_GRAPHQL_SETTINGS),
  );
  return out;
}

test('POST JSON: argument literals are points by operation type, field path, argument and object field', () => {
  assert.deepEqual(
    values(
      post({ query: 'mutation { createUser(input: {email: "a@b.c", tags: ["x", "y"]}) { id profile(lang: EN) { bio } } }' }),
    ),
    [
      '["graphql","mutation","createUser","input","email"] a@b.c',
      '["graphql","mutation","createUser","input","tags",0] x',
      '["graphql","mutation","createUser","input","tags",1] y',
      '["graphql","mutation","createUser","profile","lang"] EN',
    ],
  );
});

test('POST JSON: injections in arguments are found at their points', () => {
  assert.deepEqual(
    hits(
      post({
        query: `{ user(id: "1' UNION SELECT password FROM users--") { name posts(filter: {title: "<img src=x onerror=alert(1)>"}) { id } } }`,
      }),
    ),
    [
      `sqli ["graphql","query","user","id"] 1' UNION SELECT password FROM users--`,
      'xss ["graphql","query","user","posts","filter","title"] <img src=x onerror=alert(1)>',
    ],
  );
});

test('variables are read at the point where the document uses them; unused ones under ["graphql","variables"]', () => {
  const t = post({
    query: 'mutation CreateUser($input: CreateUserInput!, $note: String) { createUser(input: $input, note: $note) { id } }',
    variables: { input: { email: "x' OR 1=1 --", name: 'Ann' }, note: 'hi', unused: '; cat /etc/passwd' },
    operationName: 'CreateUser',
  });
  assert.deepEqual(values(t), [
    '["graphql","operationName"] CreateUser',
    '["graphql","mutation","createUser","input","email"] email',
    `["graphql","mutation","createUser","input","email"] x' OR 1=1 --`,
    '["graphql","mutation","createUser","input","name"] name',
    '["graphql","mutation","createUser","input","name"] Ann',
    '["graphql","mutation","createUser","note"] hi',
    '["graphql","variables","unused"] ; cat /etc/passwd',
  ]);
  assert.deepEqual(hits(t), [
    `sqli ["graphql","mutation","createUser","input","email"] x' OR 1=1 --`,
    'rce ["graphql","variables","unused"] ; cat /etc/passwd',
  ]);
});

test('a variable object key is a value too (NoSQL operators through a JSON scalar)', () => {
  const t = post({ query: 'query ($f: JSON) { users(filter: $f) { id } }', variables: { f: { password: { $ne: null } } } });
  assert.deepEqual(hits(t), ['nosqli ["graphql","query","users","filter","password","$ne"] $ne']);
});

test('GET ?query= with variables and operationName', () => {
  const t = get('query Q($id: ID!) { user(id: $id) { name } }', { id: '../../../../etc/passwd' }, 'Q');
  assert.deepEqual(values(t), ['["graphql","operationName"] Q', '["graphql","query","user","id"] ../../../../etc/passwd']);
  assert.deepEqual(hits(t), ['ptrav ["graphql","query","user","id"] ../../../../etc/passwd']);
});

test('application/graphql: the body is the document', () => {
  assert.deepEqual(hits(graphqlBody('{ user(name: "; cat /etc/passwd") { id } }')), [
    'rce ["graphql","query","user","name"] ; cat /etc/passwd',
  ]);
});

test('a form body with the GET arguments (express-graphql), and JSON sent as text/plain', () => {
  const form = tx({
    method: 'POST',
    target: '/graphql',
    headers: [
      ['Host', 'api.example'],
      ['Content-Type', 'application/x-www-form-urlencoded'],
    ],
    body: `query=${encodeURIComponent('query ($id: ID!) { user(id: $id) { id } }')}&variables=${encodeURIComponent('{"id":"1 OR 1=1"}')}&debug=%3Cscript%3Ealert(1)%3C/script%3E`,
  });
  assert.deepEqual(values(form), [
    '["graphql","query","user","id"] 1 OR 1=1',
    '["form","debug"] debug',
    '["form","debug"] <script>alert(1)</script>',
  ]);
  const d = detector();
  assert.deepEqual(hits(form, d), [
    'sqli ["graphql","query","user","id"] 1 OR 1=1',
    'xss ["form","debug"] <script>alert(1)</script>',
  ]);
  const plain = post(
    { query: '{ user(name: "<svg onload=alert(1)>") { id } }' },
    { headers: [['Content-Type', 'text/plain;charset=UTF-8']] },
  );
  assert.deepEqual(hits(plain, d), ['xss ["graphql","query","user","name"] <svg onload=alert(1)>']);
  assert.deepEqual([d.counters.graphql.requestsForm, d.counters.graphql.requestsJson], [1, 1]);
});

test('batches: every call is read; more calls than max_batch is graphql_abuse', () => {
  const batch = [
    { query: '{ a(x: "<script>alert(1)</script>") { id } }' },
    { query: 'query ($v: String) { b(y: $v) { id } }', variables: { v: "1' or '1'='1" } },
  ];
  assert.deepEqual(hits(post(batch)), [
    'xss ["graphql","query","a","x"] <script>alert(1)</script>',
    `sqli ["graphql","query","b","y"] 1' or '1'='1`,
  ]);
  const many = Array.from({ length: 12 }, (_, i) => ({ query: `{ item(id: ${i}) { id } }` }));
  assert.deepEqual(hits(post(many)), ['graphql_abuse ["graphql","batch"] batch 12 > max_batch 10']);
});

test('fragments: their arguments are points of the fragment; spreads count in depth and fields', () => {
  const query =
    'query { user(id: 1) { ...UserFields } } fragment UserFields on User { name posts(search: "<svg onload=alert(1)>") { ...PostFields } } fragment PostFields on Post { id title }';
  assert.deepEqual(hits(post({ query })), ['xss ["graphql","fragment","UserFields","posts","search"] <svg onload=alert(1)>']);
  const r = new GraphqlReader(DEFAULT_GRAPHQL_SETTINGS).read(query);
  assert.ok(r.ok);
  const op = r.document.operations[0];
  assert.deepEqual([op.depth, op.fieldCount, op.fragments], [3, 5, ['PostFields', 'UserFields']]);
});

test('fragments spread twice at every level are measured as executed, in linear time', () => {
  const levels = 20;
  let query = 'query { root { ...F0 } }';
  for (let i = 0; i < levels; i++) query += ` fragment F${i} on T { a: x { ...F${i + 1} } b: x { ...F${i + 1} } }`;
  query += ` fragment F${levels} on T { id }`;
  const r = new GraphqlReader(DEFAULT_GRAPHQL_SETTINGS).read(query);
  assert.ok(r.ok);
  const op = r.document.operations[0];
  assert.equal(op.depth, levels + 2);
  assert.equal(op.aliases, 2 ** (levels + 1) - 2);
  assert.deepEqual(
    hits(post({ query })).map((h) => h.split(' ').slice(0, 3).join(' ')),
    [
      'graphql_abuse ["graphql","depth"] depth',
      'graphql_abuse ["graphql","aliases"] aliases',
      'graphql_abuse ["graphql","fields"] fields',
    ],
  );
});

test('aliases and depth over their limits give the measured figure', () => {
  const aliased = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: user(id: ${i}) { id }`).join(' ')} }`;
  assert.deepEqual(hits(post({ query: aliased })), ['graphql_abuse ["graphql","aliases"] aliases 31 > max_aliases 30']);
  const deep = `{ user { ${'friends { '.repeat(14)}id${' }'.repeat(14)} } }`;
  assert.deepEqual(hits(post({ query: deep })), ['graphql_abuse ["graphql","depth"] depth 16 > max_depth 15']);
  assert.deepEqual(hits(post({ query: deep }), detector({ maxDepth: 16 })), []);
  assert.deepEqual(hits(post({ query: '{ a b c d e f }' }), detector({ maxFields: 5 })), [
    'graphql_abuse ["graphql","fields"] fields 6 > max_fields 5',
  ]);
});

test('the introspection query graphql-js builds (GraphiQL, codegen) is within every default limit', () => {
  const query = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true });
  const r = new GraphqlReader(DEFAULT_GRAPHQL_SETTINGS).read(query);
  assert.ok(r.ok);
  const op = r.document.operations[0];
  assert.deepEqual([op.depth, op.introspection], [15, true]);
  const d = detector();
  assert.deepEqual(hits(post({ query, operationName: 'IntrospectionQuery' }), d), []);
  assert.equal(d.counters.graphql.introspection, 1);
});

test('the document text is never a value: benign operations give no hit, however SQL- or shell-like their words', () => {
  const benign = [
    'query { select: user(id: 1) { id } union: post(id: 2) { id } } # drop table users; --',
    'query Search($q: String) { search(term: $q, kind: USER) { ... on User { id name } } }',
    'subscription OnMessage($room: ID!) { messageAdded(roomId: $room) { id text from { id name } } }',
    'query { orders(filter: {and: [{status: {eq: "paid"}}, {total: {gt: 100}}]}, orderBy: {field: CREATED_AT, direction: DESC}) { id } }',
    'mutation { exec(cmd: "ls") { exitCode } system { sleep(seconds: 1) } }',
  ];
  for (const query of benign) {
    for (const t of [post({ query, variables: { q: 'hello world', room: '42' } }), get(query), graphqlBody(query)]) {
      assert.deepEqual(hits(t), [], query);
      assert.ok(!values(t).some((v) => v.endsWith(query)), `the text of ${query} is not a value`);
    }
  }
});

test('a document that does not parse is counted and read as plain JSON (its text scanned as today)', () => {
  const d = detector();
  const t = post({ query: "query { user(id: 1) } ' OR 1=1 --" });
  assert.deepEqual(hits(t, d), [`sqli ["json","query"] query { user(id: 1) } ' OR 1=1 --`]);
  assert.equal(d.counters.graphql.parseErrors, 1);
  assert.equal(d.counters.graphql.requestsJson, 1);
});

test('documents over max_tokens or max_document_bytes are not parsed (counted)', () => {
  const d = detector({ maxTokens: 50, maxDocumentBytes: 1000 });
  const fields = Array.from({ length: 60 }, (_, i) => `f${i}`).join(' ');
  assert.deepEqual(hits(post({ query: `{ ${fields} }` }), d), []);
  // Words, not one repeated character: a run of a thousand `y` is an overflow probe (docs/detection.md).
  assert.deepEqual(hits(post({ query: `{ a(x: "${'lorem ipsum '.repeat(90)}") }` }), d), []);
  assert.equal(d.counters.graphql.tooManyTokens, 1);
  assert.equal(d.counters.graphql.documentTooLarge, 1);
});

test('a document nested deeper than max_nesting is not parsed: depth abuse with the nesting measured, read as JSON', () => {
  const d = detector();
  const deep = `{ ${'a { '.repeat(3000)}b${' }'.repeat(3000)} }`;
  assert.deepEqual(hits(post({ query: deep }), d), ['graphql_abuse ["graphql","depth"] depth 3001 > max_depth 15']);
  assert.equal(d.counters.graphql.tooDeep, 1);
  const list = `{ a(x: ${'['.repeat(100)}"<script>alert(1)</script>"${']'.repeat(100)}) }`;
  // `{`, `(` and 100 `[`: nesting 102. The text is read as JSON, so the payload inside is still found.
  assert.deepEqual(
    hits(post({ query: list }), d).map((h) => (h.startsWith('xss') ? h.slice(0, 20) : h)),
    ['xss ["json","query"]', 'graphql_abuse ["graphql","depth"] depth 102 > max_depth 15'],
  );
});

test('not GraphQL: a search API`s {"query": "..."} and a query parameter named query stay plain values', () => {
  assert.equal(looksLikeDocument('shoes'), false);
  assert.equal(looksLikeDocument(' # c\n  query Q { a }'), true);
  assert.equal(looksLikeDocument('queryX'), false);
  const d = detector();
  assert.deepEqual(hits(post({ query: "1' UNION SELECT 1--" }), d), [`sqli ["json","query"] 1' UNION SELECT 1--`]);
  assert.deepEqual(hits(tx({ target: "/search?query=1'%20UNION%20SELECT%201--" }), d), [
    `sqli ["query","query"] 1' UNION SELECT 1--`,
  ]);
  assert.equal(d.counters.graphql.requestsJson + d.counters.graphql.requestsGet, 0);
});

test('graphql.enabled false: the request is read as JSON, as without GraphQL support', () => {
  const t = post({ query: '{ user(id: "<script>alert(1)</script>") { id } }' });
  assert.deepEqual(hits(t, detector({ enabled: false })), [
    'xss ["json","query"] { user(id: "<script>alert(1)</script>") { id } }',
  ]);
});

/** The operations discovery reads from a transaction. */
function operations(t: HttpTransaction): unknown {
  return extractFacts(t, { decompressBytes: 1 << 20 }, new GraphqlReader(DEFAULT_GRAPHQL_SETTINGS)).graphql;
}

test('discovery: operations with root fields, argument types and fragments', () => {
  const t = post({
    query:
      'query GetUser($id: ID!) { user(id: $id) { ...U } viewer { id } } mutation Rename { rename(id: 1, name: "x") { id } } fragment U on User { name }',
    variables: { id: '1' },
    operationName: 'GetUser',
  });
  assert.deepEqual(operations(t), [
    {
      key: 'query user',
      type: 'query',
      field: 'user',
      operationName: 'GetUser',
      arguments: [{ name: 'id', type: 'ID!' }],
      fragments: ['U'],
      introspection: false,
    },
    {
      key: 'query viewer',
      type: 'query',
      field: 'viewer',
      operationName: 'GetUser',
      arguments: [],
      fragments: ['U'],
      introspection: false,
    },
  ]);
  assert.deepEqual(operations(get('{ search(term: "x", first: 10, where: {a: 1}) { id } }')), [
    {
      key: 'query search',
      type: 'query',
      field: 'search',
      operationName: null,
      arguments: [
        { name: 'term', type: 'String' },
        { name: 'first', type: 'Int' },
        { name: 'where', type: 'Object' },
      ],
      fragments: [],
      introspection: false,
    },
  ]);
  assert.equal(operations(post({ query: 'not graphql' })), null);
});

function vulnerabilities(t: HttpTransaction): string[] {
  const facts = extractFacts(t, { decompressBytes: 1 << 20 }, new GraphqlReader(DEFAULT_GRAPHQL_SETTINGS));
  return findVulnerabilities(
    { tx: t, facts, method: 'POST', template: '/graphql', knownEndpoint: true, attack: null },
    new JwtChecker(),
  ).map((f) => `${f.kind} ${f.detail}: ${f.evidence}`);
}

const JSON_RESPONSE: Array<[string, string]> = [['Content-Type', 'application/json']];

test('an introspection query the server answers is a vulnerability; one it refuses is not', () => {
  const query = { query: '{ __schema { queryType { name } types { name } } }' };
  const answered = post(query, {
    response: { status: 200, headers: JSON_RESPONSE, body: '{"data":{"__schema":{"queryType":{"name":"Query"},"types":[]}}}' },
  });
  assert.deepEqual(vulnerabilities(answered), [
    'graphql_introspection __schema: introspection query answered: data.__schema in the response',
  ]);
  const refused = post(query, {
    response: {
      status: 200,
      headers: JSON_RESPONSE,
      body: '{"errors":[{"message":"GraphQL introspection is not allowed"}]}',
    },
  });
  assert.deepEqual(vulnerabilities(refused), []);
});

test('field suggestions in error messages are a vulnerability', () => {
  const t = post(
    { query: '{ usr { id } }' },
    {
      response: {
        status: 400,
        headers: JSON_RESPONSE,
        body: JSON.stringify({
          errors: [{ message: 'Cannot query field "usr" on type "Query". Did you mean "user" or "users"?' }],
        }),
      },
    },
  );
  assert.deepEqual(vulnerabilities(t), [
    'graphql_field_suggestion did_you_mean: Cannot query field "usr" on type "Query". Did you mean "user" or "users"?',
  ]);
});
