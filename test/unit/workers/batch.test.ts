import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BATCH_BYTES, BatchWriter, readBatch } from '../../../node/workers/batch';
import { LINKTYPE_VXLAN_PAYLOAD } from '../../../node/capture/linktypes';

test('a batch carries every frame field through, pseudo link types above 0xffff included', () => {
  const w = new BatchWriter(new ArrayBuffer(BATCH_BYTES));
  const frames = [
    { linkType: 1, bytes: Buffer.from('ethernet frame'), ts: 1_700_000_000_123_456, orig: 1514, frameNo: 7 },
    {
      linkType: LINKTYPE_VXLAN_PAYLOAD,
      bytes: Buffer.from('vxlan payload'),
      ts: 1_700_000_000_223_456,
      orig: 13,
      frameNo: 2 ** 40,
    },
  ];
  const source = Buffer.concat([Buffer.from('xx'), ...frames.map((f) => f.bytes)]);
  let at = 2;
  for (const f of frames) {
    assert.ok(w.add(f.linkType, source, at, f.bytes.length, f.ts, f.orig, f.frameNo));
    at += f.bytes.length;
  }
  const got: Array<{ linkType: number; bytes: Buffer; ts: number; orig: number; frameNo: number }> = [];
  readBatch(w.buffer, w.used, (linkType, buf, offset, length, ts, orig, frameNo) =>
    got.push({ linkType, bytes: Buffer.from(buf.subarray(offset, offset + length)), ts, orig, frameNo }),
  );
  assert.deepEqual(got, frames);
});

test('a frame that does not fit is refused, the batch unchanged', () => {
  const w = new BatchWriter(new ArrayBuffer(64));
  assert.ok(w.add(1, Buffer.alloc(30), 0, 30, 0, 30, 1));
  assert.equal(w.add(1, Buffer.alloc(30), 0, 30, 0, 30, 2), false);
  assert.equal(w.frames, 1);
  assert.equal(w.used, 58);
});
