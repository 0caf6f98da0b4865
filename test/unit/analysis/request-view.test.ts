/**
 * The request view (node/analysis/shared/request-view.ts) against what it replaces: each part is
 * the toolkit's definition of it, attack extraction with the view gives the values (in order) the
 * extraction before it gave, and API discovery's facts are those of its own reading of the
 * request, whether attack extraction read the view first or not (docs/performance.md "One view
 * of the request").
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { forgetRequestViews, RequestView, requestView } from '../../../node/analysis/shared/request-view';
import { Budget, DEFAULT_ATTACK_LIMITS } from '../../../node/analysis/attacks/budget';
import { extractRequest } from '../../../node/analysis/attacks/points/extract';
import { extractBody } from '../../../node/analysis/attacks/points/body';
import { extractHeaders } from '../../../node/analysis/attacks/points/headers';
import { extractTarget } from '../../../node/analysis/attacks/points/target';
import type { RequestValue } from '../../../node/analysis/attacks/points/types';
import { bodyText, extractFacts, flattenJson, type ObservedValue } from '../../../node/analysis/discovery/extract';
import { decodeContent } from '../../../node/http/content-decoding';
import { headerValue } from '../../../node/http/headers';
import { mediaTypeEssence, requestCookies, targetPath, targetQuery } from '../../../node/http/request';
import type { HttpRequest, HttpTransaction } from '../../../node/http/types';

const LIMITS = { decompressBytes: 1 << 20 };

/** Random requests with what the parts depend on: targets, several Cookie headers among others, codings, body types. */
const targetArb = fc.oneof(
  fc.constantFrom('/', '/a/b?x=1&y=%27or', 'http://h/p?q#f', 'http://h', '/p#f?x', '/p?a[b]=1&a[]=2&&c', '*'),
  fc
    .tuple(
      fc.array(fc.constantFrom('a', 'b%2f', '..', 'x y', ''), { maxLength: 4 }),
      fc.array(fc.tuple(fc.constantFrom('q', 'key', 'a[x]', ''), fc.string({ maxLength: 8 })), { maxLength: 4 }),
    )
    .map(
      ([segs, pairs]) =>
        `/${segs.join('/')}${pairs.length ? '?' + pairs.map(([n, v]) => `${n}=${encodeURIComponent(v)}`).join('&') : ''}`,
    ),
);
const cookieArb = fc.constantFrom(
  'sid=abc; theme=dark',
  'a=1;b',
  ' =x; ;c=',
  'jwt=eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
  '',
  'x="q;r"',
);
const bodyArb = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom(
    '{"user":{"name":"a","$ne":1},"list":[1,"two",null]}',
    '[1,2',
    'a=1&b=%27x',
    '<?xml version="1.0"?><a>1</a>',
    '',
  ),
  fc.string({ maxLength: 40 }),
);
const typeArb = fc.constantFrom(
  null,
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/VND.API+JSON',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=zz',
);
const codingArb = fc.constantFrom(null, 'gzip', 'deflate', 'br', 'identity', 'gzip, gzip');

const requestArb = fc
  .record({
    target: targetArb,
    cookies: fc.array(cookieArb, { maxLength: 3 }),
    others: fc.array(fc.tuple(fc.constantFrom('X-A', 'Accept', 'X-Api-Key', 'Authorization'), fc.string({ maxLength: 10 })), {
      maxLength: 3,
    }),
    body: bodyArb,
    type: typeArb,
    coding: codingArb,
  })
  .map(({ target, cookies, others, body, type, coding }): HttpRequest => {
    let data = Buffer.from(body);
    // 'br' is declared but the bytes are gzip: a body that lies about its coding (decoded with an error).
    if (coding === 'gzip' || coding === 'br') data = gzipSync(data);
    else if (coding === 'deflate') data = deflateSync(data);
    else if (coding === 'gzip, gzip') data = gzipSync(gzipSync(data));
    const headers: Array<[string, string]> = [['Host', 'api.test']];
    // Cookie headers between the others: each one's pairs at its place.
    for (let i = 0; i < Math.max(cookies.length, others.length); i++) {
      if (i < others.length) headers.push(others[i]);
      if (i < cookies.length) headers.push([i % 2 === 0 ? 'Cookie' : 'cookie', cookies[i]]);
    }
    if (type !== null) headers.push(['Content-Type', type]);
    if (coding !== null) headers.push(['Content-Encoding', coding]);
    return {
      method: 'POST',
      target,
      version: 'HTTP/1.1',
      headers,
      body: { length: data.length, sha256: '', inspect: data, truncated: false, incomplete: false },
      startTs: 1,
      endTs: 2,
    };
  });

function parseByDefinition(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

test('each part of the view is its definition, asked for in any order and again', () => {
  fc.assert(
    fc.property(requestArb, fc.array(fc.nat(6), { minLength: 1, maxLength: 10 }), (req, asks) => {
      const view = new RequestView(req);
      const decoded = decodeContent(req.body, req.headers, LIMITS);
      const text = decoded.data.toString('utf8');
      for (const ask of asks) {
        if (ask === 0) assert.equal(view.path, targetPath(req.target));
        else if (ask === 1) assert.equal(view.query, targetQuery(req.target));
        else if (ask === 2) assert.deepEqual(view.cookies, requestCookies(req.headers));
        else if (ask === 3) {
          assert.equal(view.contentType, headerValue(req.headers, 'content-type'));
          assert.equal(view.mediaType, mediaTypeEssence(headerValue(req.headers, 'content-type')));
        } else if (ask === 4) assert.deepEqual(view.decoded(LIMITS.decompressBytes), decoded);
        else if (ask === 5) assert.equal(view.decodedText(LIMITS.decompressBytes), text);
        else assert.deepEqual(view.json(view.decodedText(LIMITS.decompressBytes)), parseByDefinition(text));
      }
      // Another cap is decoded anew, and its text and document follow it.
      assert.deepEqual(view.decoded(3), decodeContent(req.body, req.headers, { decompressBytes: 3 }));
      assert.equal(view.decodedText(3), decodeContent(req.body, req.headers, { decompressBytes: 3 }).data.toString('utf8'));
      // Text that is not the body's is parsed as itself.
      assert.deepEqual(view.json('[7]'), [7]);
    }),
    { numRuns: 400 },
  );
});

test('requestView gives one view per request while it is among the latest, a new one after', () => {
  forgetRequestViews();
  const reqs = Array.from(
    { length: 12 },
    (_, i) => ({ target: `/${i}`, headers: [], body: { inspect: Buffer.alloc(0) } }) as unknown as HttpRequest,
  );
  const first = reqs.map((r) => requestView(r));
  assert.equal(requestView(reqs[11]), first[11]);
  assert.notEqual(requestView(reqs[0]), first[0]);
  assert.equal(requestView(reqs[0]).path, '/0');
});

/** Attack extraction as it was before the view (node/analysis/attacks/points/extract.ts without GraphQL or gRPC): the reference. */
function extractBefore(req: HttpRequest, budget: Budget, sink: (v: RequestValue) => boolean): string | null {
  if (!extractTarget(req.target, budget.limits.maxStructureDepth, sink)) return null;
  if (!extractHeaders(req.headers, sink)) return null;
  if (req.body.inspect.length === 0) return null;
  const contentType = headerValue(req.headers, 'content-type');
  const decoded = decodeContent(req.body, req.headers, { decompressBytes: budget.limits.maxDecodedBytes });
  const data = decoded.error !== undefined && decoded.data.length === 0 ? req.body.inspect : decoded.data;
  if (!budget.takeDecoded(data.length)) return decoded.error ?? null;
  extractBody(data.toString('utf8'), contentType ?? '', budget, sink);
  return decoded.error ?? null;
}

const show = (v: RequestValue): string => JSON.stringify([v.point, v.kind, v.name, v.value]);

test('attack extraction with the view gives the values, in order, and the body error of the extraction before it', () => {
  fc.assert(
    fc.property(requestArb, fc.integer({ min: 1, max: 40 }), (req, maxValues) => {
      const limits = { ...DEFAULT_ATTACK_LIMITS, maxValues, maxMillisPerRequest: Infinity };
      const before: string[] = [];
      const b1 = new Budget(limits);
      const error = extractBefore(req, b1, (v) => (before.push(show(v)), b1.takeValue()));
      forgetRequestViews();
      const after: string[] = [];
      const b2 = new Budget(limits);
      const out = extractRequest(req, b2, (v) => (after.push(show(v)), b2.takeValue()));
      assert.deepEqual(after, before);
      if (after.length === before.length && b2.exhausted === null) assert.equal(out.bodyError, error);
    }),
    { numRuns: 400 },
  );
});

function transaction(req: HttpRequest): HttpTransaction {
  return {
    conn: {
      id: 1,
      client: { ip: '10.0.0.1', port: 1 },
      server: { ip: '10.0.0.2', port: 80 },
      vlan: [],
      vni: null,
      midstream: false,
      firstTs: 1,
    },
    index: 0,
    request: req,
    response: null,
    interim: [],
  } as unknown as HttpTransaction;
}

test("discovery's facts from the view: the same whether attack extraction read it first or not, and the definitions' parts", () => {
  fc.assert(
    fc.property(requestArb, (req) => {
      forgetRequestViews();
      const fresh = extractFacts(transaction(req), LIMITS);
      forgetRequestViews();
      const b = new Budget({ ...DEFAULT_ATTACK_LIMITS, maxMillisPerRequest: Infinity });
      extractRequest(req, b, () => b.takeValue());
      const shared = extractFacts(transaction(req), LIMITS);
      assert.deepEqual(shared, fresh);
      assert.equal(shared.path, targetPath(req.target));
      assert.deepEqual(shared.cookies, requestCookies(req.headers));
      // A JSON body's parameters are those of its text by the definition (bodyText, JSON.parse).
      const type = mediaTypeEssence(headerValue(req.headers, 'content-type'));
      if (type === 'application/json' || type.endsWith('+json')) {
        const t = bodyText(req.body, req.headers, LIMITS);
        const doc = t === null ? undefined : parseByDefinition(t);
        const fields: ObservedValue[] = [];
        if (doc !== undefined) flattenJson(doc, fields);
        const bodyNames = shared.params.filter((p) => p.loc === 'body').map((p) => p.name);
        assert.deepEqual(
          bodyNames,
          fields.map((f) => f.name),
        );
      }
    }),
    { numRuns: 400 },
  );
});
