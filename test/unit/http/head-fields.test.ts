/**
 * The shortcuts of head parsing against their definitions: a selective parse (what a response
 * head parses before its headers are read) is the full parse filtered by name, with the same
 * malformed lines; a parse ends after the first empty line, or says the head is incomplete; a
 * response's headers, made when first read, are the full parse of its field lines; and parsed with
 * the head when every list is read (ParserLimits.eagerResponseHeaders), the same lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FRAMING_FIELDS, parseHeaderLines } from '../../../node/http/head-parser';
import type { HeaderList, HttpTransaction } from '../../../node/http/types';
import { LIMITS, bytewise, conn, run, seededSplitter, summary, whole, type Run } from './harness';
import { createHttpStreamHandlerFactory } from '../../../node/http/connection';

const name = fc.constantFrom(
  'Content-Length',
  'content-length',
  'CONTENT-LENGTH',
  'Content-Lengt',
  'Content-Lengthx',
  'Transfer-Encoding',
  'transfer-ENCODING',
  'Transfer_Encoding',
  'Host',
  'X-A',
  'Content-Type',
  'Upgrade',
);
const value = fc.constantFrom(
  '',
  '5',
  ' 7 ',
  'chunked',
  'gzip, chunked',
  'a\tb',
  'é',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Firefox/121.0',
  ' a longer value, padded \t ',
);
const line = fc.oneof(
  fc.tuple(name, value).map(([n, v]) => `${n}:${v}`),
  fc.tuple(name, value).map(([n, v]) => `${n}: ${v}`),
  value.map((v) => ` ${v}`), // obs-fold continuation
  value.map((v) => `\t${v}`),
  fc.constantFrom('no colon', ': no name', 'Bad Name: x', 'X-B : x', '\r'),
);
const block = fc
  .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\r\n', '\n'), fc.boolean())
  .map(([lines, eol, terminated]) => Buffer.from(lines.map((l) => l + eol).join('') + (terminated ? eol : ''), 'latin1'));

/** The definition: RFC 9112 field lines read one by one from the text. */
function modelFields(text: string): { fields: HeaderList; bad: number } | null {
  const fields: HeaderList = [];
  let bad = 0;
  let sawField = false;
  let lastKept = false;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (i === lines.length - 1) return null; // no LF after it: the head is not whole
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line === '') return { fields, bad };
    const ows = (v: string) => v.replace(/^[ \t]+|[ \t]+$/g, '');
    if (line[0] === ' ' || line[0] === '\t') {
      if (!sawField) bad++;
      else if (lastKept) {
        const last = fields[fields.length - 1];
        const folded = ows(line);
        last[1] = last[1] === '' ? folded : folded === '' ? last[1] : `${last[1]} ${folded}`;
      }
      continue;
    }
    const m = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+:/.exec(line);
    if (m === null) {
      bad++;
      continue;
    }
    sawField = true;
    lastKept = true;
    fields.push([m[0].slice(0, -1), ows(line.slice(m[0].length))]);
  }
  return null;
}

test('header lines parse as the line-by-line definition says (fields, folds, malformed lines, incomplete heads)', () => {
  fc.assert(
    fc.property(block, fc.nat(3), (b, cut) => {
      const text = b.toString('latin1', 0, Math.max(0, b.length - cut));
      const fields: HeaderList = [];
      const bad: string[] = [];
      const stop = parseHeaderLines(Buffer.from('xx' + text, 'latin1'), 2, 2 + text.length, fields, bad);
      const model = modelFields(text);
      assert.equal(stop === -1, model === null);
      if (model === null) return;
      assert.deepEqual(fields, model.fields);
      assert.equal(bad.length, model.bad);
    }),
    { numRuns: 3000 },
  );
});

test('a selective header parse is the full parse filtered by name, with the same malformed lines', () => {
  fc.assert(
    fc.property(block, (b) => {
      const [full, badFull]: [HeaderList, string[]] = [[], []];
      const fullEnd = parseHeaderLines(b, 0, b.length, full, badFull);
      const [selected, badSelected]: [HeaderList, string[]] = [[], []];
      assert.equal(parseHeaderLines(b, 0, b.length, selected, badSelected, FRAMING_FIELDS), fullEnd);
      assert.deepEqual(
        selected,
        full.filter(([n]) => FRAMING_FIELDS!.includes(n.toLowerCase())),
      );
      assert.deepEqual(badSelected, badFull);
    }),
    { numRuns: 2000 },
  );
});

test("a parse given the previous head's fields (their strings reused for fields sent again) is the parse without them", () => {
  // The same head again, with one byte changed, or another head: reused where equal, parsed where not.
  const heads = fc.oneof(
    fc.tuple(block, block),
    block.map((b) => [b, b] as const),
    fc.tuple(block, fc.nat(), fc.integer({ min: 32, max: 126 })).map(([b, at, byte]) => {
      const changed = Buffer.from(b);
      if (changed.length > 0) changed[at % changed.length] = byte;
      return [b, changed] as const;
    }),
  );
  fc.assert(
    fc.property(fc.array(heads, { minLength: 1, maxLength: 4 }), (pairs) => {
      for (const [first, second] of pairs) {
        const previous: HeaderList = [];
        parseHeaderLines(first, 0, first.length, previous, []);
        const before = JSON.stringify(previous);
        const [plain, badPlain]: [HeaderList, string[]] = [[], []];
        const plainEnd = parseHeaderLines(second, 0, second.length, plain, badPlain);
        const [reused, badReused]: [HeaderList, string[]] = [[], []];
        assert.equal(parseHeaderLines(second, 0, second.length, reused, badReused, null, previous), plainEnd);
        assert.deepEqual(reused, plain);
        assert.deepEqual(badReused, badPlain);
        // The previous list is not changed (a fold after a reused field extends the new pair only).
        assert.equal(JSON.stringify(previous), before);
      }
    }),
    { numRuns: 3000 },
  );
});

test('a field whose name was sent at the same place with another value reuses the name and makes the value (branch i22-http)', () => {
  // Heads of the same names in the same order (cases, lengths and OWS varied) and values drawn
  // from a small set, so that the name matches where the value does not, and the other way round.
  const sameLength = fc.constantFrom('X-Request-Id', 'x-request-id', 'X-REQUEST-ID', 'X-Request-Ix', 'Y-Request-Id');
  const names = fc.oneof(name, sameLength);
  const values = fc.constantFrom('', '1', '2', '12', ' 1 ', 'a b', 'a\tb', 'é', 'ab=1; cd=2', 'ab=1; cd=3');
  const fieldLine = fc.tuple(names, values, fc.constantFrom(':', ': ', ':\t')).map(([n, v, sep]) => `${n}${sep}${v}`);
  const head = fc.array(fieldLine, { maxLength: 6 });
  const blockOf = (lines: string[]) => Buffer.from(lines.map((l) => `${l}\r\n`).join('') + '\r\n', 'latin1');
  fc.assert(
    fc.property(head, fc.array(fc.tuple(fc.nat(5), values, fc.option(names)), { maxLength: 6 }), (first, edits) => {
      // The second head: the first with some values (and maybe names) replaced at their places.
      const second = [...first];
      for (const [at, v, n] of edits) {
        if (second.length === 0) break;
        const i = at % second.length;
        const colon = second[i].indexOf(':');
        second[i] = `${n ?? second[i].slice(0, colon)}: ${v}`;
      }
      const previous: HeaderList = [];
      const a = blockOf(first);
      parseHeaderLines(a, 0, a.length, previous, []);
      const b = blockOf(second);
      const [plain, reused]: [HeaderList, HeaderList] = [[], []];
      const end = parseHeaderLines(b, 0, b.length, plain, []);
      assert.equal(parseHeaderLines(b, 0, b.length, reused, [], null, previous), end);
      assert.deepEqual(reused, plain);
    }),
    { numRuns: 3000 },
  );
});

test('examples: a name sent again keeps its case and bytes; another value, or a name differing in case or one byte, is its own parse', () => {
  const parse = (text: string, previous: HeaderList | null): HeaderList => {
    const out: HeaderList = [];
    const b = Buffer.from(`${text}\r\n`, 'latin1');
    parseHeaderLines(b, 0, b.length, out, [], null, previous);
    return out;
  };
  const previous = parse('X-Request-Id: 17\r\nCookie: a=1\r\nContent-Length: 5\r\n', null);
  assert.deepEqual(parse('X-Request-Id: 18\r\nCookie:  a=1 \r\nContent-Length: 12\r\n', previous), [
    ['X-Request-Id', '18'],
    ['Cookie', 'a=1'],
    ['Content-Length', '12'],
  ]);
  // Look-alikes at the same places: another case, one byte off, the same length.
  assert.deepEqual(parse('x-request-id: 17\r\nCookiE: a=1\r\nContent-Lengtx: 5\r\n', previous), [
    ['x-request-id', '17'],
    ['CookiE', 'a=1'],
    ['Content-Lengtx', '5'],
  ]);
  // A value of the same length but other bytes.
  assert.deepEqual(parse('X-Request-Id: 71\r\n', previous), [['X-Request-Id', '71']]);
});

test("on a keep-alive connection every head's headers are its own parse, fields sent again (their strings reused) included", () => {
  // Field lines (no continuations: a head must not start with one) from a small set, so that heads repeat fields.
  const field = fc.tuple(name, value).map(([n, v]) => `${n}: ${v}`);
  const fields = fc.array(
    fc.oneof(
      field,
      field,
      field,
      value.map((v) => ` ${v}`),
    ),
    { maxLength: 6 },
  );
  const headBlock = (lines: string[]) => lines.filter((l, i) => i > 0 || !l.startsWith(' ')).join('\r\n');
  fc.assert(
    fc.property(fc.array(fc.tuple(fields, fields, fc.boolean()), { minLength: 1, maxLength: 6 }), fc.nat(), (exchanges, seed) => {
      const seen: Array<[HeaderList, HeaderList | null]> = [];
      const factory = createHttpStreamHandlerFactory(
        // Read as the analyses do, when the transaction completes (the next head then finds them read) or not at all.
        {
          transaction: (tx) => seen.push([tx.request.headers, exchanges[seen.length]?.[2] ? tx.response!.headers : null]),
          error: () => {},
        },
        LIMITS,
        {},
      );
      const h = factory(conn());
      const split = seededSplitter(seed);
      const expected: Array<[HeaderList, HeaderList]> = [];
      let ts = 1_000_000;
      const send = (dir: 0 | 1, text: string) => {
        const b = Buffer.from(text, 'latin1');
        let off = 0;
        for (const n of split(b.length)) {
          const piece = Buffer.from(b.subarray(off, off + n));
          h.onData(dir, piece, 0, n, (ts += 10));
          piece.fill(0x21);
          off += n;
        }
      };
      const own = (block: string): HeaderList => {
        const list: HeaderList = [];
        const b = Buffer.from(`${block}\r\n\r\n`, 'latin1');
        parseHeaderLines(b, 0, b.length, list, []);
        return list;
      };
      for (const [req, res] of exchanges) {
        // Framing fields would change the exchange: only the others are sent.
        const plain = (lines: string[]) =>
          headBlock(lines.filter((l) => !/^(content-length|transfer-encoding|upgrade)/i.test(l)));
        const reqBlock = plain(req);
        const resBlock = plain(res);
        send(0, `GET / HTTP/1.1\r\n${reqBlock}${reqBlock === '' ? '' : '\r\n'}\r\n`);
        send(1, `HTTP/1.1 200 OK\r\n${resBlock}${resBlock === '' ? '' : '\r\n'}Content-Length: 0\r\n\r\n`);
        expected.push([own(reqBlock), own(`${resBlock}${resBlock === '' ? '' : '\r\n'}Content-Length: 0`)]);
      }
      h.onClose('fin', ts + 1000);
      assert.equal(seen.length, exchanges.length);
      seen.forEach(([reqHeaders, resHeaders], i) => {
        assert.deepEqual(reqHeaders, expected[i][0]);
        if (resHeaders !== null) assert.deepEqual(resHeaders, expected[i][1]);
      });
    }),
    { numRuns: 400 },
  );
});

test('a parse ends after the first empty line (LF or CR LF); -1 when none ends before the limit', () => {
  const piece = fc.constantFrom('a', 'GET / HTTP/1.1', ':', ' ', '\r', '\n', '\r\n', '\n\r');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 16 }), fc.nat(4), fc.nat(80), (parts, start, cut) => {
      const b = Buffer.from('xxxx' + parts.join(''), 'latin1');
      const limit = Math.min(b.length, start + cut);
      let expected = -1;
      let lineStart = start;
      for (let i = start; i < limit && expected === -1; i++) {
        if (b[i] !== 10) continue;
        const text = b.toString('latin1', lineStart, i);
        if (text === '' || text === '\r') expected = i + 1;
        lineStart = i + 1;
      }
      assert.equal(parseHeaderLines(b, start, limit, [], []), expected);
    }),
  );
});

test('response headers, made when read, are every field line in order (folds, duplicates, bad lines skipped)', () => {
  const res = Buffer.from(
    [
      'HTTP/1.1 200 OK',
      'Server: a',
      'Set-Cookie: x=1',
      'X-Long: one',
      '  two',
      'bad line',
      'set-cookie: y=2',
      'Content-Length: 2',
      '',
      'ok',
    ].join('\r\n'),
    'latin1',
  );
  const r = run(
    [
      { dir: 0, data: Buffer.from('GET / HTTP/1.1\r\nHost: h\r\n\r\n') },
      { dir: 1, data: res },
    ],
    whole,
  );
  assert.equal(r.txs.length, 1);
  assert.deepEqual(r.txs[0].response!.headers, [
    ['Server', 'a'],
    ['Set-Cookie', 'x=1'],
    ['X-Long', 'one two'],
    ['set-cookie', 'y=2'],
    ['Content-Length', '2'],
  ]);
  assert.equal(r.errors.filter((e) => e.kind === 'bad_header').length, 1, 'the bad line is reported once, at parse time');
});

test('a head parsed where it arrives meets limits.header_bytes exactly as one collected line by line', () => {
  const limits = { ...LIMITS, headerBytes: 200 };
  for (let len = 190; len <= 210; len++) {
    for (const dir of [0, 1] as const) {
      const [start, tail] =
        dir === 0 ? ['GET / HTTP/1.1\r\nX: ', '\r\n\r\n'] : ['HTTP/1.1 200 OK\r\nX: ', '\r\nContent-Length: 0\r\n\r\n'];
      const head = start + 'a'.repeat(len - start.length - tail.length) + tail;
      const requests = dir === 0 ? head : 'GET / HTTP/1.1\r\n\r\n';
      const responses = dir === 1 ? head : 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';
      const steps = [
        { dir: 0 as const, data: `${requests}GET /next HTTP/1.1\r\n\r\n` },
        { dir: 1 as const, data: `${responses}HTTP/1.1 204 No Content\r\n\r\n` },
      ];
      const inPlace = run(steps, whole, { limits });
      const collected = run(steps, bytewise, { limits });
      assert.deepEqual(
        inPlace.txs.map(summary),
        collected.txs.map(summary),
        `${head.length}-byte ${dir === 0 ? 'request' : 'response'} head`,
      );
      assert.deepEqual(inPlace.errors, collected.errors);
      assert.deepEqual(inPlace.counters, collected.counters);
      assert.equal(inPlace.counters.errors.header_too_large, len > 200 ? 1 : 0);
    }
  }
});

test('response headers parsed with the head (every list read) are the lists parsed when read: same exchanges, errors and counters', () => {
  // Responses of any field lines (framing fields, folds, bad lines, repeats on one connection), in
  // pieces of any size; the lazy run reads each response's headers when its transaction completes
  // (as the analyses do), or never (attacks only), so strings reused from the previous response differ.
  const responseLine = fc.oneof(line, fc.constantFrom('Content-Length: 3', 'Transfer-Encoding: chunked', 'Content-Length: x'));
  const exchange = fc.tuple(fc.array(line, { maxLength: 4 }), fc.array(responseLine, { maxLength: 6 }), fc.boolean());
  const text = (lines: string[]) => lines.filter((l, i) => i > 0 || !/^[ \t]/.test(l)).join('\r\n');
  fc.assert(
    fc.property(fc.array(exchange, { minLength: 1, maxLength: 5 }), fc.nat(), (exchanges, seed) => {
      const steps = exchanges.flatMap(([req, res]) => {
        const reqBlock = text(req.filter((l) => !/^(content-length|transfer-encoding|upgrade)/i.test(l)));
        const resBlock = text(res);
        return [
          { dir: 0 as const, data: `GET / HTTP/1.1\r\n${reqBlock}${reqBlock === '' ? '' : '\r\n'}\r\n` },
          { dir: 1 as const, data: `HTTP/1.1 200 OK\r\n${resBlock}${resBlock === '' ? '' : '\r\n'}\r\nabc0\r\n\r\n` },
        ];
      });
      const readAt = (tx: HttpTransaction) => exchanges[tx.index]?.[2] === true;
      const runWith = (eager: boolean): Run & { lists: unknown[] } => {
        const lists: unknown[] = [];
        const bodies = { request: () => true, response: () => true, readsResponseHeaders: () => eager };
        const r = run(steps, seededSplitter(seed), {
          options: { bodies },
          onTx: (tx) => {
            if (eager || readAt(tx)) lists.push(tx.response?.headers ?? null);
          },
        });
        return { ...r, lists };
      };
      const lazy = runWith(false);
      const eager = runWith(true);
      assert.deepEqual(eager.txs.map(summary), lazy.txs.map(summary));
      assert.deepEqual(eager.errors, lazy.errors);
      assert.deepEqual(eager.counters, lazy.counters);
      assert.deepEqual(
        eager.lists.filter((_, i) => readAt(eager.txs[i])),
        lazy.lists,
      );
    }),
    { numRuns: 1500 },
  );
});
