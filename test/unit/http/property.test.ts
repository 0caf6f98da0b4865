/**
 * Property: for any conversation of well-formed exchanges (every framing, pipelined or not) and
 * any way of cutting the byte streams into calls, the transactions are exactly the model's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { run, sha, summary, whole, type Splitter, type Step } from './harness';

type ReqBody =
  { kind: 'none' } | { kind: 'length'; data: Buffer } | { kind: 'chunked'; chunks: Buffer[]; ext: boolean; trailer: boolean };
type ResBody = { kind: 'length' | 'chunked' | 'close'; chunks: Buffer[] };

interface Exchange {
  method: string;
  target: string;
  extraHeaders: Array<[string, string]>;
  reqBody: ReqBody;
  status: number;
  continue100: boolean;
  resBody: ResBody;
}

const bytes = fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a));
const textish = fc
  .array(fc.constantFrom('a', 'Z', '0', '\r', '\n', ' ', 'HTTP/1.1 200 OK\r\n', 'GET / HTTP/1.1\r\n', '0\r\n\r\n'), {
    maxLength: 8,
  })
  .map((p) => Buffer.from(p.join(''), 'latin1'));
const chunk = fc.oneof(bytes, textish).filter((b) => b.length > 0);
const token = fc.array(fc.constantFrom(...'abcXYZ019-_'.split('')), { minLength: 1, maxLength: 10 }).map((a) => a.join(''));

const exchange: fc.Arbitrary<Exchange> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'HEAD', 'DELETE', 'PATCH'),
  target: fc.array(fc.constantFrom(...'/abc?=&%20x'.split('')), { maxLength: 20 }).map((a) => '/' + a.join('')),
  extraHeaders: fc.array(
    fc.tuple(
      token.map((t) => `X-${t}`),
      fc.constantFrom('v', 'a b', '', '"q"', 'é'),
    ),
    { maxLength: 3 },
  ),
  reqBody: fc.oneof(
    fc.constant<ReqBody>({ kind: 'none' }),
    fc.oneof(bytes, textish).map<ReqBody>((data) => ({ kind: 'length', data })),
    fc
      .record({ chunks: fc.array(chunk, { maxLength: 4 }), ext: fc.boolean(), trailer: fc.boolean() })
      .map<ReqBody>((c) => ({ kind: 'chunked', ...c })),
  ),
  status: fc.constantFrom(200, 201, 204, 304, 404, 500),
  continue100: fc.boolean(),
  resBody: fc.record({ kind: fc.constantFrom<ResBody['kind']>('length', 'chunked'), chunks: fc.array(chunk, { maxLength: 3 }) }),
});

function requestBytes(x: Exchange): Buffer {
  const head = [`${x.method} ${x.target} HTTP/1.1`, 'Host: example.com', ...x.extraHeaders.map(([n, v]) => `${n}: ${v}`)];
  const b = x.reqBody;
  const parts: Buffer[] = [];
  if (b.kind === 'length') head.push(`Content-Length: ${b.data.length}`);
  if (b.kind === 'chunked') head.push('Transfer-Encoding: chunked');
  parts.push(Buffer.from(head.join('\r\n') + '\r\n\r\n', 'latin1'));
  if (b.kind === 'length') parts.push(b.data);
  if (b.kind === 'chunked') {
    for (const c of b.chunks)
      parts.push(Buffer.from(`${c.length.toString(16)}${b.ext ? ';e=1' : ''}\r\n`), c, Buffer.from('\r\n'));
    parts.push(Buffer.from(`0\r\n${b.trailer ? 'X-T: 1\r\n' : ''}\r\n`));
  }
  return Buffer.concat(parts);
}

function responseHasBody(x: Exchange): boolean {
  return x.method !== 'HEAD' && x.status !== 204 && x.status !== 304;
}

function responseBytes(x: Exchange, closeDelimited = false): Buffer {
  const body = Buffer.concat(x.resBody.chunks);
  const parts: Buffer[] = [];
  if (x.continue100) parts.push(Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'));
  const head = [`HTTP/1.1 ${x.status} Reason`];
  if (!closeDelimited && x.resBody.kind === 'length') head.push(`Content-Length: ${body.length}`);
  if (!closeDelimited && x.resBody.kind === 'chunked') head.push('Transfer-Encoding: chunked');
  parts.push(Buffer.from(head.join('\r\n') + '\r\n\r\n'));
  if (!responseHasBody(x)) return Buffer.concat(parts);
  if (!closeDelimited && x.resBody.kind === 'chunked') {
    for (const c of x.resBody.chunks) parts.push(Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n'));
    parts.push(Buffer.from('0\r\n\r\n'));
  } else {
    parts.push(body);
  }
  return Buffer.concat(parts);
}

function model(xs: Exchange[]): unknown[] {
  return xs.map((x, index) => {
    const b = x.reqBody;
    const reqBody = b.kind === 'length' ? b.data : b.kind === 'chunked' ? Buffer.concat(b.chunks) : Buffer.alloc(0);
    const resBody = responseHasBody(x) ? Buffer.concat(x.resBody.chunks) : Buffer.alloc(0);
    return {
      index,
      method: x.method,
      target: x.target,
      req: sha(reqBody),
      status: x.status,
      res: sha(resBody),
      interim: x.continue100 ? [100] : [],
    };
  });
}

function script(xs: Exchange[], pipelined: boolean, lastClose: boolean): Step[] {
  const steps: Step[] = [];
  // lastClose: the last response is delimited by the connection close instead.
  const resps = xs.map((x, i) => responseBytes(x, lastClose && i === xs.length - 1));
  if (pipelined) {
    steps.push({ dir: 0, data: Buffer.concat(xs.map(requestBytes)) });
    steps.push({ dir: 1, data: Buffer.concat(resps) });
  } else {
    xs.forEach((x, i) => {
      steps.push({ dir: 0, data: requestBytes(x) });
      steps.push({ dir: 1, data: resps[i] });
    });
  }
  steps.push({ close: true });
  return steps;
}

function splitterFrom(sizes: number[]): Splitter {
  let i = 0;
  return (n) => {
    const out: number[] = [];
    let left = n;
    while (left > 0) {
      const k = Math.min(left, sizes[i++ % sizes.length]);
      out.push(k);
      left -= k;
    }
    return out;
  };
}

test('any conversation, any split: exactly the model transactions, no errors', () => {
  fc.assert(
    fc.property(
      fc.array(exchange, { minLength: 1, maxLength: 5 }),
      fc.boolean(),
      fc.boolean(),
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
      (xs, pipelined, lastClose, sizes) => {
        const steps = script(xs, pipelined, lastClose);
        const r = run(steps, splitterFrom(sizes));
        assert.deepEqual(r.errors, []);
        assert.deepEqual(
          r.txs.map((t) => ({
            index: t.index,
            method: t.request.method,
            target: t.request.target,
            req: t.request.body.sha256,
            status: t.response?.status,
            res: t.response?.body.sha256,
            interim: t.interim.map((i) => i.status),
          })),
          model(xs),
        );
        assert.deepEqual(r.txs.map(summary), run(steps, whole).txs.map(summary));
      },
    ),
    { numRuns: 300 },
  );
});

test('arbitrary bytes, gaps and splits never throw, and every error is a known kind', () => {
  const kinds = new Set([
    'bad_request_line',
    'bad_status_line',
    'bad_header',
    'header_too_large',
    'bad_content_length',
    'bad_transfer_encoding',
    'bad_chunk',
    'response_without_request',
    'gap_in_message',
    'truncated_message',
  ]);
  const piece = fc.oneof(
    fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a)),
    fc
      .constantFrom(
        'GET / HTTP/1.1\r\n',
        'HTTP/1.1 200 OK\r\n',
        'Content-Length: 3\r\n',
        'Transfer-Encoding: chunked\r\n',
        '\r\n',
        'ffffffffffffffffff\r\n',
        'CONNECT a:1 HTTP/1.1\r\n',
        'HTTP/1.1 101 S\r\n',
        'Upgrade: x\r\n',
        'HEAD / HTTP/1.0\r\n',
      )
      .map((s) => Buffer.from(s, 'latin1')),
  );
  const step: fc.Arbitrary<Step> = fc.oneof(
    fc.record({ dir: fc.constantFrom<0 | 1>(0, 1), data: fc.array(piece, { maxLength: 6 }).map((p) => Buffer.concat(p)) }),
    fc.record({ gap: fc.constantFrom<0 | 1>(0, 1), length: fc.integer({ min: 1, max: 100 }) }),
  );
  fc.assert(
    fc.property(
      fc.array(step, { maxLength: 12 }),
      fc.boolean(),
      fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 8 }),
      (steps, midstream, sizes) => {
        const r = run(steps, splitterFrom(sizes), { midstream, limits: { headerBytes: 200, bodyInspectBytes: 16 } });
        for (const e of r.errors) assert.ok(kinds.has(e.kind), e.kind);
        for (const t of r.txs) {
          assert.ok(t.request.body.inspect.length <= 16);
          assert.equal(t.request.body.truncated, t.request.body.inspect.length < t.request.body.length);
        }
        assert.equal(r.counters.transactions, r.txs.length);
      },
    ),
    { numRuns: 400 },
  );
});
