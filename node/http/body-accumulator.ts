/**
 * One message body as it streams in: SHA-256 over every received byte (updated per range, never
 * concatenated), the first `inspectCap` bytes kept for analysis. One instance per parser, reset
 * per message.
 */
import { createHash, type Hash } from 'node:crypto';
import type { HttpBody } from './types';

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const EMPTY = Buffer.alloc(0);

export class BodyAccumulator {
  private hash: Hash | null = null;
  private length = 0;
  private parts: Buffer[] = [];
  private kept = 0;
  /** Once bytes are lost, later bytes are not contiguous with the kept prefix: stop keeping. */
  private keeping = true;
  private incomplete = false;

  constructor(private readonly inspectCap: number) {}

  write(buf: Buffer, off: number, len: number): void {
    if (len === 0) return;
    if (this.hash === null) this.hash = createHash('sha256');
    this.hash.update(buf.subarray(off, off + len));
    this.length += len;
    if (this.keeping && this.kept < this.inspectCap) {
      const n = Math.min(len, this.inspectCap - this.kept);
      this.parts.push(Buffer.from(buf.subarray(off, off + n)));
      this.kept += n;
    }
  }

  /** Body bytes lost in a capture gap: the digest covers only what was received. */
  markLost(): void {
    this.incomplete = true;
    this.keeping = false;
  }

  markIncomplete(): void {
    this.incomplete = true;
  }

  /** The finished body; the accumulator is ready for the next message. */
  finish(): HttpBody {
    const inspect = this.parts.length === 0 ? EMPTY
      : this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.kept);
    const body: HttpBody = {
      length: this.length,
      sha256: this.hash === null ? EMPTY_SHA256 : this.hash.digest('hex'),
      inspect,
      truncated: this.kept < this.length,
      incomplete: this.incomplete,
    };
    this.hash = null;
    this.length = 0;
    this.parts = [];
    this.kept = 0;
    this.keeping = true;
    this.incomplete = false;
    return body;
  }
}
