/**
 * Durations and byte sizes as written in go-node.yaml and GoReplay flags.
 * Durations follow Go's time.ParseDuration (`5s`, `500ms`, `1m30s`); a bare number is refused
 * because its unit would be a guess. Sizes are a byte count or a number with a binary unit,
 * case-insensitive: `k`/`kb`/`kib` = 1024, `m`/`mb`/`mib` = 1024², `g`/`gb`/`gib` = 1024³
 * (GoReplay's size flags and nginx read `MB` the same way).
 */

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const DURATION_RE = /^(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$/;
const DURATION_PART_RE = /([0-9]+(?:\.[0-9]+)?)(ns|us|µs|ms|s|m|h)/g;

/** Milliseconds, or null when the text is not a Go duration. */
export function parseDurationMs(text: string): number | null {
  if (!DURATION_RE.test(text)) return null;
  let total = 0;
  for (const [, num, unit] of text.matchAll(DURATION_PART_RE)) total += Number(num) * DURATION_UNITS_MS[unit];
  return total;
}

const SIZE_RE = /^([0-9]+(?:\.[0-9]+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$/i;
const SIZE_SHIFT: Record<string, number> = { '': 0, b: 0, k: 10, m: 20, g: 30, t: 40 };

/** Bytes (an integer), or null when the value is neither a non-negative integer nor a size string. */
export function parseSize(value: number | string): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  const m = SIZE_RE.exec(value.trim());
  if (!m) return null;
  const unit = (m[2] ?? '').toLowerCase().charAt(0);
  const bytes = Math.floor(Number(m[1]) * 2 ** SIZE_SHIFT[unit]);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** `4194304` -> `4MiB`, for summaries and docs. */
export function formatSize(bytes: number): string {
  for (const [unit, shift] of [
    ['GiB', 30],
    ['MiB', 20],
    ['KiB', 10],
  ] as const) {
    if (bytes >= 2 ** shift && bytes % 2 ** shift === 0) return `${bytes / 2 ** shift}${unit}`;
  }
  return `${bytes}B`;
}
