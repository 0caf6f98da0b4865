/**
 * The schema's custom `format`s. Each returns null when the string is valid, otherwise the reason,
 * so the same check gives ajv its verdict and the user a precise message.
 */
import { parseCidr } from './ip';
import { parseDurationMs, parseSize } from './units';

export interface FormatCheck {
  check(value: string): string | null;
  hint: string;
}

/** Matches the schema's `maximum` for sizes given as numbers. */
const MAX_SIZE = 2 ** 40;
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const formats: Record<string, FormatCheck> = {
  cidr: {
    check: (v) => {
      const parsed = parseCidr(v);
      return typeof parsed === 'string' ? `bad CIDR "${v}": ${parsed}` : null;
    },
    hint: 'write an IPv4 or IPv6 network such as 10.0.0.0/8, 192.168.1.10 or 2001:db8::/32',
  },
  'go-duration': {
    check: (v) => {
      const ms = parseDurationMs(v);
      if (ms === null) return `"${v}" is not a duration`;
      return ms > 0 ? null : 'duration must be greater than zero';
    },
    hint: 'a number with a unit: 500ms, 5s, 1m, 1h30m',
  },
  /** A duration where 0s means "no limit" (limits.attack_time_per_request). */
  'go-duration-or-zero': {
    check: (v) => (parseDurationMs(v) === null ? `"${v}" is not a duration` : null),
    hint: 'a number with a unit: 50ms, 1s; 0s turns the limit off',
  },
  'byte-size': {
    check: (v) => {
      const bytes = parseSize(v);
      if (bytes === null) return `"${v}" is not a size`;
      if (bytes > MAX_SIZE) return `"${v}" is larger than 1TiB`;
      return bytes > 0 ? null : 'size must be greater than zero';
    },
    hint: 'bytes as a number, or a number with a binary unit: 64KiB, 4MiB, 1GiB (KB/MB/GB mean the same)',
  },
  auto: {
    check: (v) => (v === 'auto' ? null : `"${v}" is neither a number nor auto`),
    hint: 'write auto (one worker per CPU core) or a positive integer',
  },
  'listen-address': {
    check: (v) => {
      const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]*):([0-9]{1,5})$/.exec(v);
      if (!m) return `"${v}" is not a [HOST]:PORT listen address`;
      const port = Number(m[2]);
      return port >= 1 && port <= 65535 ? null : `port ${port} is outside 1..65535`;
    },
    hint: 'write :PORT (every address) or HOST:PORT, e.g. ":9000" or "127.0.0.1:9000"',
  },
  'metric-prefix': {
    check: (v) => (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(v) ? null : `"${v}" is not a valid Prometheus metric prefix`),
    hint: 'letters, digits and underscores, not starting with a digit',
  },
  'header-name': {
    check: (v) => (HEADER_TOKEN.test(v) ? null : `"${v}" is not an HTTP header name`),
    hint: 'a header name without the colon, e.g. X-Forwarded-For',
  },
  regex: {
    check: (v) => {
      try {
        new RegExp(v);
        return null;
      } catch (err) {
        return `bad regular expression: ${(err as Error).message}`;
      }
    },
    hint: 'a regular expression; escape literal dots and slashes as \\. ',
  },
};
