/**
 * One message body as it streams in: SHA-256 over every received byte, the first `inspectCap`
 * bytes kept for analysis. While every byte so far is kept (nearly every body), the digest waits
 * for the end and is taken once over the kept bytes (crypto.hash: no Hash object, no update per
 * range); once bytes go unkept it catches up on the kept prefix and is updated per range (never
 * concatenated). A body that nothing keeps (BodyPolicy) and that arrives whole in its last write
 * (a Content-Length body in one segment: most bodies when no record reads them) is digested in
 * that write by one crypto.hash call too, without a Hash object.
 * One instance per parser, reset per message. Without `digest` (no record the
 * pipeline produces carries a digest) the SHA-256 is skipped and `sha256` is '': hashing is the
 * largest per-byte cost of large bodies.
 */
import { createHash, hash as digestOnce, type Hash } from 'node:crypto';
import type { HttpBody } from './types';

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const EMPTY = Buffer.alloc(0);
/**
 * Every complete empty body is the same (most requests, 204/304 and HEAD answers; an HTTP/2 head
 * before its DATA; a message's placeholder until its body is read): shared, so frozen.
 */
export const EMPTY_BODY: Readonly<HttpBody> = Object.freeze({
  length: 0,
  sha256: '',
  inspect: EMPTY,
  truncated: false,
  incomplete: false,
});
const EMPTY_BODY_DIGESTED: Readonly<HttpBody> = Object.freeze({ ...EMPTY_BODY, sha256: EMPTY_SHA256 });

export class BodyAccumulator {
  private hash: Hash | null = null;
  /** The digest of the whole body, taken in its last write (see write's `last`); null otherwise. */
  private whole: string | null = null;
  private length = 0;
  /** The kept prefix, allocated once when the length is known, else grown by doubling. */
  private kept: Buffer = EMPTY;
  private keptLen = 0;
  private expected = 0;
  /** Once bytes are lost, later bytes are not contiguous with the kept prefix: stop keeping. */
  private keeping = true;
  private incomplete = false;

  constructor(
    private readonly inspectCap: number,
    private readonly digest = true,
  ) {}

  /** The body's announced length (Content-Length), so the kept prefix is allocated once. */
  expect(length: number): void {
    this.expected = length;
  }

  /**
   * `last`: the caller will call finish() next, no write follows (the parser passes it for the
   * write that completes a Content-Length body); it lets a body received whole in this one write
   * be digested at once.
   */
  write(buf: Buffer, off: number, len: number, last = false): void {
    if (len === 0) return;
    if (this.whole !== null) throw new Error('BodyAccumulator: a write after the last one (finish() was due)');
    // Every earlier byte kept: the digest is still deferred (hash === null).
    const allKept = this.keptLen === this.length;
    let n = 0;
    if (this.keeping && this.keptLen < this.inspectCap) {
      n = Math.min(len, this.inspectCap - this.keptLen);
      const need = this.keptLen + n;
      if (need > this.kept.length) this.grow(need);
      buf.copy(this.kept, this.keptLen, off, off + n);
      this.keptLen = need;
    }
    this.length += len;
    if (this.digest && n < len) {
      // The whole body is these bytes, none kept: one digest call, no Hash object.
      if (last && n === 0 && this.length === len) {
        this.whole = digestOnce('sha256', buf.subarray(off, off + len), 'hex');
        return;
      }
      if (allKept) {
        this.hash = createHash('sha256');
        if (this.keptLen > 0) this.hash.update(this.kept.subarray(0, this.keptLen));
      }
      this.hash!.update(buf.subarray(off + n, off + len));
    }
  }

  /** Nothing reads this message's body bytes: they are counted (and digested), not kept. */
  skipKeeping(): void {
    this.keeping = false;
  }

  /** Body bytes lost in a capture gap: the digest covers only what was received. */
  markLost(): void {
    this.incomplete = true;
    this.keeping = false;
  }

  markIncomplete(): void {
    this.incomplete = true;
  }

  private grow(need: number): void {
    // The announced length exactly (then the prefix is the whole buffer), else doubling.
    let size = this.expected >= need ? this.expected : Math.max(this.kept.length * 2, 256);
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(Math.min(size, this.inspectCap));
    this.kept.copy(next, 0, 0, this.keptLen);
    this.kept = next;
  }

  /** The finished body; the accumulator is ready for the next message. */
  finish(): HttpBody {
    const kept = this.kept;
    const body: HttpBody =
      this.length === 0 && !this.incomplete
        ? this.digest
          ? EMPTY_BODY_DIGESTED
          : EMPTY_BODY
        : {
            length: this.length,
            sha256: !this.digest
              ? ''
              : this.whole !== null
                ? this.whole
                : this.hash !== null
                  ? this.hash.digest('hex')
                  : this.keptLen === 0
                    ? EMPTY_SHA256
                    : digestOnce('sha256', kept.subarray(0, this.keptLen), 'hex'),
            // Allocated for the announced length, the kept prefix is usually all of its buffer.
            inspect: this.keptLen === 0 ? EMPTY : this.keptLen === kept.length ? kept : kept.subarray(0, this.keptLen),
            truncated: this.keptLen < this.length,
            incomplete: this.incomplete,
          };
    this.hash = null;
    this.whole = null;
    this.length = 0;
    this.kept = EMPTY;
    this.keptLen = 0;
    this.expected = 0;
    this.keeping = true;
    this.incomplete = false;
    return body;
  }
}
