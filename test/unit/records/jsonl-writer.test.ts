import assert from 'node:assert/strict';
import test from 'node:test';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { JsonLinesWriter, jsonLine } from '../../../node/records/jsonl-writer';
import type { NodeRecord } from '../../../node/records/types';

/** A stream that keeps every byte written to it, with a small buffer so that backpressure happens. */
function collector(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      chunks.push(Buffer.from(chunk));
      setImmediate(done);
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

// Texts of every UTF-8 length (1-4 bytes per character, lone surrogates), short and past a batch (256 KiB).
const text = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('é', '€', '😀', '\ud800'),
  fc.tuple(fc.constantFrom('a', 'é', '€', '😀'), fc.integer({ min: 20_000, max: 140_000 })).map(([c, n]) => c.repeat(n)),
);
const record = text.map((t) => ({ type: 'transaction', ts: t }) as unknown as NodeRecord);
const step = fc.oneof(
  record.map((r) => ({ record: r })),
  fc.array(record, { maxLength: 4 }).map((rs) => ({ lines: rs.map(jsonLine).join('') })),
  fc.constant({ drain: true }),
);

test('JsonLinesWriter writes exactly the lines, in order, whatever their sizes and the drains between them', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
      const { stream, bytes } = collector();
      const writer = new JsonLinesWriter(stream);
      let expected = '';
      for (const s of steps) {
        if ('record' in s) {
          writer.write(s.record);
          expected += jsonLine(s.record);
        } else if ('lines' in s) {
          writer.writeLines(s.lines);
          expected += s.lines;
        } else await writer.drain(false);
      }
      await writer.close();
      assert.ok(bytes().equals(Buffer.from(expected, 'utf8')));
    }),
    { numRuns: 150 },
  );
});
