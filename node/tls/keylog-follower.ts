/**
 * tls.keylog_files: key-log files followed as they grow (docs/tls.md). Every poll reads what was
 * appended since the last one, whole lines only; a file replaced (new inode) or truncated
 * (rotation, a restarted server) is read again from its start; a file that is missing is waited
 * for. The lines go to `sink` (the key store, or every worker's); they are never logged.
 */
import { open, stat } from 'node:fs/promises';

export interface KeyLogFollowerCounters {
  /** Bytes of key-log text read. */
  bytesRead: number;
  /** Times a file was found replaced or truncated and read again from its start. */
  rotations: number;
  /** Polls that found a file missing or unreadable. */
  readErrors: number;
}

interface Followed {
  path: string;
  ino: number;
  offset: number;
  /** The end of the file after its last newline (a line being written). */
  partial: string;
  /** The last error reported, so that a missing file is said once, not every poll. */
  lastError: string | null;
}

/** Longest partial line kept (a key-log line is under 300 bytes); beyond it the bytes are dropped. */
const MAX_PARTIAL = 4096;
/** Bytes read per file per poll at most (a huge file is read over several polls). */
const MAX_READ = 4 << 20;

export class KeyLogFollower {
  readonly counters: KeyLogFollowerCounters = { bytesRead: 0, rotations: 0, readErrors: 0 };
  private readonly files: Followed[];
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;

  constructor(
    paths: readonly string[],
    private readonly sink: (text: string) => void,
    private readonly onProblem: (path: string, message: string) => void = () => {},
  ) {
    this.files = paths.map((path) => ({ path, ino: -1, offset: 0, partial: '', lastError: null }));
  }

  /** Reads every file once now, then every `intervalMs`. */
  async start(intervalMs: number): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
  }

  /** One pass over every file (tests call it directly). */
  poll(): Promise<void> {
    this.polling ??= (async () => {
      for (const f of this.files) await this.read(f);
    })().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async read(f: Followed): Promise<void> {
    try {
      const st = await stat(f.path);
      if (st.ino !== f.ino || st.size < f.offset) {
        if (f.ino !== -1) this.counters.rotations++;
        f.ino = st.ino;
        f.offset = 0;
        f.partial = '';
      }
      if (st.size === f.offset) return;
      const fh = await open(f.path, 'r');
      try {
        const want = Math.min(st.size - f.offset, MAX_READ);
        const buf = Buffer.allocUnsafe(want);
        const { bytesRead } = await fh.read(buf, 0, want, f.offset);
        f.offset += bytesRead;
        this.counters.bytesRead += bytesRead;
        this.take(f, buf.toString('latin1', 0, bytesRead));
      } finally {
        await fh.close();
      }
      f.lastError = null;
    } catch (err) {
      this.counters.readErrors++;
      const e = err as NodeJS.ErrnoException;
      const message =
        e.code === 'ENOENT' ? 'no such file (waiting for it)' : e.code === 'EACCES' ? 'permission denied' : e.message;
      if (message !== f.lastError) this.onProblem(f.path, message);
      f.lastError = message;
    }
  }

  private take(f: Followed, text: string): void {
    const all = f.partial + text;
    const end = all.lastIndexOf('\n');
    if (end === -1) {
      f.partial = all.length > MAX_PARTIAL ? '' : all;
      return;
    }
    f.partial = all.length - end - 1 > MAX_PARTIAL ? '' : all.slice(end + 1);
    this.sink(all.slice(0, end + 1));
  }
}
