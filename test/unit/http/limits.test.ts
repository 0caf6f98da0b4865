import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpMessageParser, type ParserSink } from '../../../node/http/message-parser';
import { ResponseContext } from '../../../node/http/framing';
import type { HttpErrorKind } from '../../../node/http/types';

test('a 256 MiB header line hits the header cap, is dropped without buffering, and parsing resumes', () => {
  const errors: HttpErrorKind[] = [];
  const targets: string[] = [];
  const sink: ParserSink = {
    head: () => ResponseContext.Normal,
    message: (_side, m) => targets.push('target' in m ? m.target : ''),
    error: (k) => errors.push(k),
    syncLost: () => {},
    tunnel: () => {},
  };
  const p = new HttpMessageParser('request', sink, { headerBytes: 64 * 1024, bodyInspectBytes: 1024 });
  const start = Buffer.from('GET / HTTP/1.1\r\nX-Huge: ');
  p.execute(start, 0, start.length, 1);
  const block = Buffer.alloc(1 << 20, 0x61);
  global.gc?.();
  const before = process.memoryUsage();
  for (let i = 0; i < 256; i++) p.execute(block, 0, block.length, 2);
  const after = process.memoryUsage();
  const tail = Buffer.from('\r\n\r\nGET /after HTTP/1.1\r\n\r\n');
  p.execute(tail, 0, tail.length, 3);
  assert.deepEqual(errors, ['header_too_large']);
  assert.deepEqual(targets, ['/after']);
  const grown = after.rss + after.external - before.rss - before.external;
  assert.ok(grown < 32 * 1024 * 1024, `memory grew by ${grown} bytes`);
  assert.ok(p.skippedBytes >= 256 * (1 << 20));
});
