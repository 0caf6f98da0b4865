/** Per-request cost limits of attack detection; each cap that is hit is counted, never thrown. */
export interface AttackLimits {
  /** Bytes of decoded text (all variants of all values) examined per request. */
  maxDecodedBytes: number;
  /** Request values (points) examined per request. */
  maxValues: number;
  /** Wall time spent on one request; the rest of the request is skipped when exceeded. */
  maxMillisPerRequest: number;
  /** Nested decoding steps per value (percent inside base64 inside JSON escapes...). */
  maxDecodeDepth: number;
  /** Nesting depth followed into JSON, XML and bracketed parameter names. */
  maxStructureDepth: number;
}

export const DEFAULT_ATTACK_LIMITS: AttackLimits = {
  maxDecodedBytes: 1 << 20,
  maxValues: 2000,
  maxMillisPerRequest: 100,
  maxDecodeDepth: 6,
  maxStructureDepth: 32,
};

/**
 * `script_chars`: a language reader (shell, JavaScript) read only the first part of a long value
 * (detectors/reader-caps.ts). `value_length`: a detector with a `maxLength` skipped a longer form.
 */
export const CAP_KINDS = [
  'decoded_bytes',
  'values',
  'time',
  'decode_depth',
  'structure_depth',
  'script_chars',
  'value_length',
] as const;
export type CapKind = (typeof CAP_KINDS)[number];

/**
 * The clock is read on every CLOCK_STRIDE-th check only: performance.now() per value and per
 * detector was a tenth of detection time, and one stride of checks is far below a millisecond.
 */
const CLOCK_STRIDE = 16;

/** Shared by every request that trims nothing (most): never written to. */
const NO_CAPS: ReadonlySet<CapKind> = new Set();

export class Budget {
  private decoded = 0;
  private values = 0;
  private checks = 0;
  private readonly deadline: number;
  /** The first cap hit on this request, after which everything else is skipped. */
  exhausted: CapKind | null = null;
  /** Caps that only trimmed one value (depth), counted but not stopping the request (made on the first). */
  trimmed: ReadonlySet<CapKind> = NO_CAPS;

  /** Without a time cap (replay) the clock is never read. */
  constructor(
    readonly limits: AttackLimits,
    now?: number,
  ) {
    const timed = Number.isFinite(limits.maxMillisPerRequest);
    this.deadline = timed ? (now ?? performance.now()) + limits.maxMillisPerRequest : Number.POSITIVE_INFINITY;
  }

  /** Accounts one more value; false when the request has used its share. */
  takeValue(): boolean {
    if (this.exhausted) return false;
    if (++this.values > this.limits.maxValues) return this.stop('values');
    if (this.pastDeadline()) return this.stop('time');
    return true;
  }

  /** True (and the request stopped) once the time cap has passed; checked between detectors. */
  outOfTime(): boolean {
    if (this.exhausted) return true;
    return this.pastDeadline() && !this.stop('time');
  }

  /** Accounts `n` decoded characters; false when over the cap. */
  takeDecoded(n: number): boolean {
    if (this.exhausted) return false;
    this.decoded += n;
    if (this.decoded > this.limits.maxDecodedBytes) return this.stop('decoded_bytes');
    return true;
  }

  /** Decoded characters accounted on this request so far. */
  get decodedChars(): number {
    return this.decoded;
  }

  /** Whether `n` more decoded characters stay within the cap (takeDecoded(n) would not stop the request). */
  fitsDecoded(n: number): boolean {
    return this.exhausted === null && this.decoded + n <= this.limits.maxDecodedBytes;
  }

  trim(kind: CapKind): void {
    if (this.trimmed === NO_CAPS) this.trimmed = new Set();
    (this.trimmed as Set<CapKind>).add(kind);
  }

  private pastDeadline(): boolean {
    return this.deadline !== Number.POSITIVE_INFINITY && ++this.checks % CLOCK_STRIDE === 0 && performance.now() > this.deadline;
  }

  private stop(kind: CapKind): false {
    this.exhausted = kind;
    return false;
  }
}
