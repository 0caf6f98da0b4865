/**
 * Key-log secrets (the NSS key log format: `LABEL CLIENT_RANDOM SECRET`, hex) and the bounded,
 * expiring in-memory store they are kept in, keyed by the client random (docs/tls.md). Secrets
 * are never written anywhere: not to records, logs, spool or metrics; errors name the line
 * number, never its content.
 */

export interface SessionKeys {
  /** TLS 1.2 master secret (CLIENT_RANDOM). */
  master?: Buffer;
  clientHandshake?: Buffer;
  serverHandshake?: Buffer;
  clientTraffic?: Buffer;
  serverTraffic?: Buffer;
  /** Wall-clock milliseconds of the first line for this client random. */
  addedAt: number;
}

type SecretField = 'master' | 'clientHandshake' | 'serverHandshake' | 'clientTraffic' | 'serverTraffic';

const LABELS: Record<string, SecretField | null> = {
  CLIENT_RANDOM: 'master',
  CLIENT_HANDSHAKE_TRAFFIC_SECRET: 'clientHandshake',
  SERVER_HANDSHAKE_TRAFFIC_SECRET: 'serverHandshake',
  CLIENT_TRAFFIC_SECRET_0: 'clientTraffic',
  SERVER_TRAFFIC_SECRET_0: 'serverTraffic',
  // Valid lines the node does not need: accepted and ignored.
  CLIENT_EARLY_TRAFFIC_SECRET: null,
  EARLY_EXPORTER_SECRET: null,
  EXPORTER_SECRET: null,
  // `RSA <first 8 bytes of the encrypted pre-master secret> <pre-master secret>`: the same
  // connections are decrypted from their CLIENT_RANDOM lines, which the writers log too.
  RSA: null,
  // Secrets after a KeyUpdate, which some writers log (OpenSSL 3 as `_N`): the node derives them itself.
  CLIENT_TRAFFIC_SECRET_N: null,
  SERVER_TRAFFIC_SECRET_N: null,
};

export interface KeyStoreLimits {
  /** tls.keys_max: client randoms kept; the oldest is dropped beyond it. */
  maxEntries: number;
  /** tls.keys_ttl: seconds a client random's secrets are kept after its first line. */
  ttlSec: number;
}

export interface KeyLogCounters {
  /** Key-log lines read (comments and blank lines excepted). */
  lines: number;
  /** Lines that are not `LABEL <64 hex> <hex>` or have an unknown label. */
  badLines: number;
  /** Secrets stored (one per accepted line the node uses). */
  secrets: number;
  /** Client randoms dropped because tls.keys_ttl passed. */
  expired: number;
  /** Client randoms dropped because tls.keys_max was reached. */
  evicted: number;
}

export function createKeyLogCounters(): KeyLogCounters {
  return { lines: 0, badLines: 0, secrets: 0, expired: 0, evicted: 0 };
}

const LINE_RE = /^([A-Z_0-9]+) ([0-9a-fA-F]{64}|[0-9a-fA-F]{16}) ([0-9a-fA-F]{2,256})$/;

export class KeyStore {
  private readonly entries = new Map<string, SessionKeys>();
  private readonly waiters = new Map<string, Set<() => void>>();
  readonly counters = createKeyLogCounters();

  constructor(
    readonly limits: KeyStoreLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Adds every line of a key-log text; returns the 1-based numbers of the bad lines (at most 10). */
  addText(text: string): number[] {
    const bad: number[] = [];
    let n = 0;
    for (const line of text.split('\n')) {
      n++;
      if (!this.addLine(line) && bad.length < 10) bad.push(n);
    }
    return bad;
  }

  /** One key-log line: true when it is a key-log line (used or not), a comment or blank. */
  addLine(raw: string): boolean {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return true;
    this.counters.lines++;
    const m = LINE_RE.exec(line);
    const field = m === null ? undefined : LABELS[m[1]];
    if (m === null || field === undefined) {
      this.counters.badLines++;
      return false;
    }
    if (field === null) return true;
    if (m[2].length !== 64) {
      this.counters.badLines++;
      return false;
    }
    const random = m[2].toLowerCase();
    let entry = this.entries.get(random);
    if (entry === undefined) {
      this.expire();
      if (this.entries.size >= this.limits.maxEntries) {
        const oldest = this.entries.keys().next().value as string;
        this.entries.delete(oldest);
        this.counters.evicted++;
      }
      entry = { addedAt: this.now() };
      this.entries.set(random, entry);
    }
    entry[field] = Buffer.from(m[3], 'hex');
    this.counters.secrets++;
    const waiting = this.waiters.get(random);
    if (waiting !== undefined) for (const w of [...waiting]) w();
    return true;
  }

  get(clientRandom: Buffer): SessionKeys | undefined {
    return this.entries.get(clientRandom.toString('hex'));
  }

  /** Calls `wake` whenever a secret for this client random arrives, until the returned function is called. */
  watch(clientRandom: Buffer, wake: () => void): () => void {
    const key = clientRandom.toString('hex');
    let set = this.waiters.get(key);
    if (set === undefined) this.waiters.set(key, (set = new Set()));
    set.add(wake);
    return () => {
      set!.delete(wake);
      if (set!.size === 0) this.waiters.delete(key);
    };
  }

  /** Drops client randoms older than tls.keys_ttl (insertion order is age order). */
  expire(): void {
    const limit = this.now() - this.limits.ttlSec * 1000;
    for (const [k, e] of this.entries) {
      if (e.addedAt > limit) break;
      this.entries.delete(k);
      this.counters.expired++;
    }
  }
}

/** 1-based numbers of the lines of `text` that are not key-log lines (at most 10), for error messages. */
export function badKeyLogLines(text: string): number[] {
  const bad: number[] = [];
  let n = 0;
  for (const raw of text.split('\n')) {
    n++;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE_RE.exec(line);
    if (m === null || LABELS[m[1]] === undefined || (m[2].length !== 64 && m[1] !== 'RSA')) {
      bad.push(n);
      if (bad.length === 10) break;
    }
  }
  return bad;
}
