import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readAhead } from '../../../node/capture/pcap-reader';

const dir = mkdtempSync(path.join(tmpdir(), 'read-ahead-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function bytes(n: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));
}

async function readAll(file: string, size: number, depth: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  // Copied: a chunk is valid only until the next one is asked for.
  for await (const chunk of readAhead(file, size, depth)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

test('read ahead: every byte once, in order, for any file length, chunk size and depth', async () => {
  const file = path.join(dir, 'f');
  for (const length of [0, 1, 15, 16, 17, 64, 100, 1000]) {
    const data = bytes(length, length);
    writeFileSync(file, data);
    for (const [size, depth] of [
      [16, 1],
      [16, 2],
      [16, 4],
      [7, 3],
      [1024, 4],
    ]) {
      assert.deepEqual(await readAll(file, size, depth), data, `length ${length}, chunk ${size}, depth ${depth}`);
    }
  }
});

test('read ahead: a file that grows after a short read is read on from where that read ended', async () => {
  const file = path.join(dir, 'growing');
  const first = bytes(40, 1);
  const more = bytes(50, 2);
  writeFileSync(file, first);
  const parts: Buffer[] = [];
  for await (const chunk of readAhead(file, 16, 3)) {
    parts.push(Buffer.from(chunk));
    // The short chunk (the end of the file as it was): reads issued behind it are redone from here.
    if (chunk.length < 16 && parts.length === 3) appendFileSync(file, more);
  }
  assert.deepEqual(Buffer.concat(parts), Buffer.concat([first, more]));
});
