/**
 * The parser's rarely used state is made on first use and dropped after it (node/http/
 * message-parser.ts: the resync times, the bytes held while a protocol switch is pending, one list
 * of malformed header lines for every parser; node/http/pairing.ts: the orphan responses), instead
 * of arrays made with every connection (docs/performance.md "The HTTP stage and sessions per
 * transaction (branch i22-http2)"). Property: a connection that resynchronises, holds bytes and
 * reports malformed lines any number of times, in any order and any split, gives each exchange as
 * if it were alone: its transaction, its start time and its own errors, never a previous one's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bytewise, run, seededSplitter, whole, type Splitter, type Step } from './harness';

type Item = {
  kind: 'ok' | 'badRequestLine' | 'badResponseLine' | 'junk' | 'junkSplit' | 'junkGap' | 'upgradeRefused';
  n: number;
};

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n';
const req = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: h\r\n${extra}\r\n`;

/** The steps of a conversation and what each exchange must give: target, start time, errors in order. */
function conversation(items: Item[]): { steps: Step[]; targets: string[]; starts: number[]; errors: string[] } {
  const steps: Step[] = [];
  const targets: string[] = [];
  const starts: number[] = [];
  const errors: string[] = [];
  let ts = 1_000_000;
  const gap = (): void => {
    ts += 1000;
    steps.push({ gap: 0, length: 5, ts });
  };
  const send = (dir: 0 | 1, data: string): number => {
    ts += 1000;
    steps.push({ dir, data, ts });
    return ts;
  };
  items.forEach((it, i) => {
    const path = `/p${i}-${it.n}`;
    if (it.kind === 'junk') {
      // A line that starts no message: reported, then the parser resynchronises on the next one.
      send(0, `junk ${it.n} line\r\n`);
      errors.push('bad_request_line');
    }
    if (it.kind === 'junkSplit' || it.kind === 'junkGap') {
      // While resynchronising, a line received at two times (two resync times), then a line
      // end or a gap: the next request's start time is its own.
      send(0, `junk ${it.n}\r\n`);
      errors.push('bad_request_line');
      send(0, `more junk ${it.n}`);
      send(0, ` and more`);
      if (it.kind === 'junkGap') gap();
      else send(0, '\r\n');
    }
    if (it.kind === 'upgradeRefused') {
      // The request after an Upgrade request is held until the answer, then parsed (refused).
      starts.push(send(0, req(`/up${i}`, 'Upgrade: h2c\r\nConnection: Upgrade\r\n')));
      targets.push(`/up${i}`);
      starts.push(send(0, req(path)));
      targets.push(path);
      send(1, OK + OK);
      return;
    }
    starts.push(send(0, req(path, it.kind === 'badRequestLine' ? `no colon ${it.n}\r\n` : '')));
    targets.push(path);
    if (it.kind === 'badRequestLine') errors.push('bad_header');
    send(1, it.kind === 'badResponseLine' ? `HTTP/1.1 200 OK\r\nContent-Length: 0\r\nbroken ${it.n}\r\n\r\n` : OK);
    if (it.kind === 'badResponseLine') errors.push('bad_header');
  });
  return { steps, targets, starts, errors };
}

const items = fc.array(
  fc.record({
    kind: fc.constantFrom<Item['kind']>(
      'ok',
      'badRequestLine',
      'badResponseLine',
      'junk',
      'junkSplit',
      'junkGap',
      'upgradeRefused',
    ),
    n: fc.nat(99),
  }),
  { maxLength: 12 },
);

function check(list: Item[], split: Splitter): void {
  const c = conversation(list);
  const r = run(c.steps, split);
  assert.deepEqual(
    r.txs.map((tx) => [tx.request.target, tx.request.startTs, tx.response?.status ?? null]),
    c.targets.map((t, i) => [t, c.starts[i], 200]),
  );
  assert.deepEqual(
    r.errors.map((e) => e.kind),
    c.errors,
  );
}

test('resyncs, held bytes and malformed lines, again and again: each exchange as if alone (any split)', () => {
  fc.assert(
    fc.property(items, fc.integer({ min: 1, max: 1e9 }), (list, seed) => {
      check(list, whole);
      check(list, seededSplitter(seed));
    }),
    { numRuns: 300 },
  );
});

test('examples: two resyncs in a row, a malformed line in each direction, two refused upgrades', () => {
  const list: Item[] = [
    { kind: 'junk', n: 1 },
    { kind: 'junk', n: 2 },
    { kind: 'badRequestLine', n: 3 },
    { kind: 'badResponseLine', n: 4 },
    { kind: 'upgradeRefused', n: 5 },
    { kind: 'upgradeRefused', n: 6 },
    { kind: 'junkSplit', n: 7 },
    { kind: 'junkGap', n: 8 },
    { kind: 'ok', n: 9 },
  ];
  for (const split of [whole, bytewise, seededSplitter(7)]) check(list, split);
  const c = conversation(list);
  const r = run(c.steps);
  // A request found while resynchronising starts at its own time, not at an earlier line's.
  assert.equal(r.txs[8].request.startTs, c.starts[8]);
  assert.equal(r.txs[9].request.startTs, c.starts[9]);
  assert.equal(r.errors.filter((e) => e.kind === 'bad_header').length, 2);
  assert.equal(r.txs.length, 11);
});
