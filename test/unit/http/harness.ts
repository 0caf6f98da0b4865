/** Drives an HttpConnection from a script of stream events, with a chosen way of splitting data. */
import { createHash } from 'node:crypto';
import { createHttpStreamHandlerFactory, type HttpOptions } from '../../../node/http/connection';
import type { HttpCounters } from '../../../node/http/counters';
import type { HttpErrorKind, HttpTransaction } from '../../../node/http/types';
import type { ConnectionInfo, Direction } from '../../../node/reassembly/types';

export type Step =
  | { dir: Direction; data: string | Buffer; ts?: number }
  | { gap: Direction; length: number; ts?: number }
  | { close: true; ts?: number };

/** Returns the lengths to cut `n` bytes into (must sum to n). */
export type Splitter = (n: number) => number[];

export const whole: Splitter = (n) => [n];
export const bytewise: Splitter = (n) => new Array<number>(n).fill(1);
export function seededSplitter(seed: number): Splitter {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
  return (n) => {
    const out: number[] = [];
    let left = n;
    while (left > 0) {
      const k = Math.min(left, 1 + Math.floor(rnd() * 12));
      out.push(k);
      left -= k;
    }
    return out;
  };
}

export const LIMITS = { headerBytes: 8192, bodyInspectBytes: 1024 };

export function conn(midstream = false): ConnectionInfo {
  return {
    id: 1,
    client: { ip: '10.0.0.1', port: 40000 },
    server: { ip: '10.0.0.2', port: 80 },
    vlan: [],
    vni: null,
    midstream,
    firstTs: 0,
  };
}

export interface Run {
  txs: HttpTransaction[];
  errors: Array<{ kind: HttpErrorKind; detail: string }>;
  counters: HttpCounters;
}

export function run(
  steps: Step[],
  split: Splitter = whole,
  opts: {
    midstream?: boolean;
    limits?: typeof LIMITS;
    options?: Partial<HttpOptions>;
    /** Called as each transaction is emitted (before the next head is parsed). */
    onTx?: (tx: HttpTransaction) => void;
  } = {},
): Run {
  const txs: HttpTransaction[] = [];
  const errors: Run['errors'] = [];
  const factory = createHttpStreamHandlerFactory(
    {
      transaction: (tx) => (opts.onTx?.(tx), txs.push(tx)),
      error: (kind, _c, detail) => errors.push({ kind, detail }),
    },
    opts.limits ?? LIMITS,
    opts.options ?? {},
  );
  const h = factory(conn(opts.midstream ?? false));
  let ts = 1_000_000;
  let closed = false;
  for (const s of steps) {
    ts = s.ts ?? ts + 1000;
    if ('close' in s) {
      h.onClose('fin', ts);
      closed = true;
    } else if ('gap' in s) {
      h.onGap(s.gap, s.length, ts);
    } else {
      const b = typeof s.data === 'string' ? Buffer.from(s.data, 'latin1') : s.data;
      let off = 0;
      for (const n of split(b.length)) {
        // A fresh copy per call, scribbled over afterwards: the parser must not keep `buf`.
        const piece = Buffer.from(b.subarray(off, off + n));
        h.onData(s.dir, piece, 0, n, ts);
        piece.fill(0x21);
        off += n;
      }
    }
  }
  if (!closed) h.onClose('end', ts + 1000);
  return { txs, errors, counters: factory.counters };
}

export const sha = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/** The comparable content of a transaction (everything but timestamps and conn). */
export function summary(tx: HttpTransaction): unknown {
  const r = tx.request;
  const p = tx.response;
  const body = (b: HttpTransaction['request']['body']) => ({
    length: b.length,
    sha256: b.sha256,
    inspect: b.inspect.toString('latin1'),
    truncated: b.truncated,
    incomplete: b.incomplete,
  });
  return {
    index: tx.index,
    request: {
      method: r.method,
      target: r.target,
      version: r.version,
      headers: r.headers,
      body: body(r.body),
      trailers: r.trailers,
    },
    response:
      p === null
        ? null
        : {
            status: p.status,
            reason: p.reason,
            version: p.version,
            headers: p.headers,
            body: body(p.body),
            trailers: p.trailers,
          },
    interim: tx.interim,
  };
}
