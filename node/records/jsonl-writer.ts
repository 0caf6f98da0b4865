/**
 * Records as JSON lines on a stream. The pipeline runs synchronously inside a capture chunk, so
 * lines are collected and written in batches; `drain()` between chunks applies the stream's
 * backpressure to the capture reader.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { NodeRecord } from './types';

const BATCH_BYTES = 256 * 1024;

/** A record's line as the output carries it; analysis workers format their records with it too. */
export function jsonLine(record: NodeRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * Lines are encoded as UTF-8 straight into the batch buffer as they come (one copy), instead of
 * joined into one string that the stream then flattens and encodes (two more copies of every
 * byte): docs/performance.md "The all-analyses path". A batch buffer is handed to the stream when
 * full and never written again; a new one is taken for the next batch.
 */
export class JsonLinesWriter {
  private batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
  private used = 0;
  private blocked = false;

  constructor(private readonly out: Writable) {}

  /**
   * jsonLine(record), with the JSON text and its newline put in the batch apart: the line
   * `${json}\n` is a second string, which Buffer#write flattens into a third, two copies of every
   * record's text (docs/performance.md "Allocation per transaction (branch i22-alloc)").
   */
  write(record: NodeRecord): void {
    this.put(JSON.stringify(record), true);
  }

  /** Lines already formatted by jsonLine (an analysis worker's), written as they are. */
  writeLines(lines: string): void {
    this.put(lines, false);
  }

  /** `text`, then a newline when `newline`. */
  private put(text: string, newline: boolean): void {
    const tail = newline ? 1 : 0;
    // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, two units, 4 bytes).
    if (this.used + text.length * 3 + tail > BATCH_BYTES) {
      if (this.used + Buffer.byteLength(text) + tail > BATCH_BYTES) {
        this.flushPending();
        if (text.length * 3 + tail > BATCH_BYTES) {
          // Larger than a batch: written on its own, as the text it is.
          if (!this.out.write(newline ? `${text}\n` : text)) this.blocked = true;
          return;
        }
      }
    }
    this.used += this.batch.write(text, this.used, 'utf8');
    if (newline) this.batch[this.used++] = 0x0a;
    if (this.used >= BATCH_BYTES) this.flushPending();
  }

  private flushPending(): void {
    if (this.used === 0) return;
    if (!this.out.write(this.batch.subarray(0, this.used))) this.blocked = true;
    this.batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
    this.used = 0;
  }

  /**
   * Writes what is pending and waits while the stream asks us to. `partial: false` leaves a
   * partial batch pending (an offline replay: a few large writes instead of one per file chunk;
   * write() sends each full batch, close() the rest).
   */
  async drain(partial = true): Promise<void> {
    if (partial) this.flushPending();
    if (this.blocked) {
      this.blocked = false;
      if (this.out.writableNeedDrain) await once(this.out, 'drain');
    }
  }

  async close(): Promise<void> {
    await this.drain();
    if (this.out === process.stdout || this.out === process.stderr) return;
    this.out.end();
    await once(this.out, 'finish');
  }
}
