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

export class JsonLinesWriter {
  private pending = '';
  private blocked = false;

  constructor(private readonly out: Writable) {}

  write(record: NodeRecord): void {
    this.writeLines(jsonLine(record));
  }

  /** Lines already formatted by jsonLine (an analysis worker's), written as they are. */
  writeLines(lines: string): void {
    this.pending += lines;
    if (this.pending.length >= BATCH_BYTES) this.flushPending();
  }

  private flushPending(): void {
    if (this.pending === '') return;
    if (!this.out.write(this.pending)) this.blocked = true;
    this.pending = '';
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
