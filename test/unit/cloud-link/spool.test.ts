import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Spool, type SpoolOptions } from '../../../node/cloud/spool';
import type { Logger } from '../../../node/cloud/logger';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'spool-'));
const open = (dir: string, over: Partial<SpoolOptions> = {}) => Spool.open({ dir, maxBytes: 1 << 20, logger: quiet, ...over });
const body = (n: number, size = 100) => Buffer.alloc(size, n % 251);
const segments = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('seg-'))
    .sort();

function pendingIds(s: Spool): string[] {
  const ids: string[] = [];
  // Drains the queue the way the exporter does: take the oldest, acknowledge it, repeat.
  for (let b = s.next(); b; b = s.next()) {
    ids.push(b.id);
    s.ack(b.id);
  }
  return ids;
}

test('a reopened spool has exactly the unacknowledged batches, oldest first, with the same bytes', () => {
  const dir = tmp();
  const s = open(dir);
  const ids = [0, 1, 2, 3].map(() => randomUUID());
  ids.forEach((id, i) => s.append(i % 2 ? 'api-discovery' : 'events', id, i + 1, body(i, 100 + i)));
  s.ack(ids[1]);
  s.close();

  const r = open(dir);
  assert.deepEqual(r.stats().pendingBatches, 3);
  assert.deepEqual(r.stats().pendingRecords, 1 + 3 + 4);
  const first = r.next()!;
  assert.equal(first.id, ids[0]);
  assert.equal(first.kind, 'events');
  assert.deepEqual(r.readBody(first), body(0, 100));
  r.ack(ids[0]);
  const third = r.next()!;
  assert.equal(third.kind, 'events');
  assert.deepEqual(r.readBody(third), body(2, 102));
  assert.equal(third.records, 3);
  r.close();
  assert.deepEqual(pendingIds(open(dir)), [ids[2], ids[3]]);
});

test('a torn tail is detected, counted and truncated; appending afterwards works', () => {
  const dir = tmp();
  const s = open(dir);
  const ids = [0, 1, 2].map(() => randomUUID());
  ids.forEach((id, i) => s.append('events', id, 1, body(i)));
  s.close();
  const [seg] = segments(dir);
  const file = path.join(dir, seg);
  const size = fs.statSync(file).size;
  fs.truncateSync(file, size - 7); // power cut in the middle of the third frame

  const r = open(dir);
  assert.equal(r.stats().corruptTails, 1);
  assert.ok(r.stats().corruptBytes > 0);
  assert.equal(fs.statSync(file).size < size - 7, true, 'the partial frame is gone from the file');
  const extra = randomUUID();
  r.append('events', extra, 1, body(9));
  r.close();
  const again = open(dir);
  assert.equal(again.stats().corruptTails, 0, 'truncation is durable');
  assert.deepEqual(pendingIds(again), [ids[0], ids[1], extra]);
});

test('a flipped byte fails the checksum: that frame and the rest of its segment are dropped', () => {
  const dir = tmp();
  const s = open(dir);
  const ids = [0, 1, 2].map(() => randomUUID());
  ids.forEach((id, i) => s.append('events', id, 1, body(i)));
  s.close();
  const file = path.join(dir, segments(dir)[0]);
  const data = fs.readFileSync(file);
  const frame = data.length / 3;
  data[frame + 60] ^= 0xff; // inside the second frame's body
  fs.writeFileSync(file, data);
  const r = open(dir);
  assert.equal(r.stats().corruptTails, 1);
  assert.deepEqual(pendingIds(r), [ids[0]]);
});

test('the size cap drops whole oldest segments and counts the batches and records', () => {
  const dir = tmp();
  const s = open(dir, { maxBytes: 8192, segmentBytes: 1024 });
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) {
    const id = randomUUID();
    ids.push(id);
    assert.ok(s.append('events', id, 2, body(i, 300)));
    assert.ok(s.stats().bytes <= 8192, `spool ${s.stats().bytes} bytes is over its cap`);
  }
  const st = s.stats();
  assert.ok(st.droppedBatches > 0);
  assert.equal(st.droppedRecords, st.droppedBatches * 2);
  assert.equal(st.pendingBatches + st.droppedBatches, 100);
  const kept = pendingIds(s);
  assert.deepEqual(kept, ids.slice(100 - kept.length), 'the newest survive, oldest dropped first');
  assert.equal(s.append('events', randomUUID(), 1, body(1, 9000)), null, 'a batch larger than the spool is refused');
  assert.equal(s.stats().droppedBatches, st.droppedBatches + 1);
});

test('the batch-count cap bounds the index the same way: oldest segments dropped, counted', () => {
  const s = open(tmp(), { maxBatches: 10, segmentBytes: 400 });
  const ids = Array.from({ length: 50 }, () => randomUUID());
  for (const id of ids) {
    s.append('events', id, 1, body(1, 100));
    assert.ok(s.stats().pendingBatches <= 10);
  }
  const st = s.stats();
  assert.equal(st.pendingBatches + st.droppedBatches, 50);
  const kept = pendingIds(s);
  assert.deepEqual(kept, ids.slice(50 - kept.length));
});

test('one writer per spool: refused while another holder lives, taken over from a dead one', () => {
  const dir = tmp();
  const s = open(dir);
  assert.throws(() => open(dir), /already open in this process/);
  s.close();
  open(dir).close();
  fs.writeFileSync(path.join(dir, 'lock'), `${process.ppid}\n`); // another live process
  assert.throws(() => open(dir), new RegExp(`in use by process ${process.ppid}; stop it first`));
  fs.writeFileSync(path.join(dir, 'lock'), '999999999\n'); // a dead owner (kill -9)
  open(dir).close();
  fs.writeFileSync(path.join(dir, 'lock'), `${process.ppid}\n`);
  fs.utimesSync(path.join(dir, 'lock'), new Date(0), new Date(0)); // written before the last boot
  open(dir).close();
});

test('parking moves the body aside and resolves the batch for good', () => {
  const dir = tmp();
  const s = open(dir);
  const id = randomUUID();
  s.append('api-discovery', id, 5, body(7, 333));
  const file = s.park(id);
  assert.equal(file, path.join(dir, 'parked', `api-discovery-${id}.json.gz`));
  assert.deepEqual(fs.readFileSync(file), body(7, 333));
  assert.equal(s.stats().parkedBatches, 1);
  s.close();
  assert.equal(open(dir).next(), undefined);
});

test('resolved segments are deleted oldest first; only the active segment remains', () => {
  const dir = tmp();
  const s = open(dir, { segmentBytes: 512 });
  const ids = Array.from({ length: 20 }, () => randomUUID());
  for (const id of ids) s.append('events', id, 1, body(1, 200));
  assert.ok(segments(dir).length > 5);
  for (const id of ids) s.ack(id);
  assert.equal(segments(dir).length, 1);
  assert.ok(s.stats().bytes < 512);
});

test('model check: any interleaving of append, ack, park and restart keeps exactly the unresolved batches', () => {
  type Op = { op: 'append'; size: number } | { op: 'ack' | 'park'; pick: number } | { op: 'restart' };
  const ops = fc.array(
    fc.oneof(
      fc.record({ op: fc.constant('append' as const), size: fc.integer({ min: 0, max: 600 }) }),
      fc.record({ op: fc.constantFrom('ack' as const, 'park' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('restart' as const) }),
    ),
    { maxLength: 40 },
  );
  fc.assert(
    fc.property(ops, (list: Op[]) => {
      const dir = tmp();
      let s = open(dir, { segmentBytes: 1500 });
      const model: Array<{ id: string; bytes: Buffer }> = [];
      for (const o of list) {
        if (o.op === 'append') {
          const id = randomUUID();
          const bytes = Buffer.from(id.repeat(Math.ceil(o.size / 36) + 1).slice(0, o.size));
          s.append('events', id, 1, bytes);
          model.push({ id, bytes });
        } else if ((o.op === 'ack' || o.op === 'park') && model.length > 0) {
          const [victim] = model.splice(o.pick % model.length, 1);
          if (o.op === 'ack') s.ack(victim.id);
          else s.park(victim.id);
        } else if (o.op === 'restart') {
          s.close();
          s = open(dir, { segmentBytes: 1500 });
        }
      }
      s.close();
      s = open(dir, { segmentBytes: 1500 });
      const got: Array<{ id: string; bytes: Buffer }> = [];
      for (let b = s.next(); b; b = s.next()) {
        got.push({ id: b.id, bytes: s.readBody(b) });
        s.ack(b.id);
      }
      s.close();
      fs.rmSync(dir, { recursive: true });
      assert.deepEqual(got, model);
    }),
    { numRuns: 30 },
  );
});
