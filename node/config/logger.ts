/**
 * The node's log: levels debug < info < warn < error < fatal, `pretty` text lines or JSON lines
 * (`{"ts","level","msg",...fields}`), to stderr or appended to log.log_file. Fields whose name
 * says they hold a secret are redacted. `debugEvery` bounds per-connection debug output.
 */
import fs from 'node:fs';
import type { LogLevel } from './types';

export type LogFields = Record<string, unknown>;

export interface LogSink {
  write(line: string): void;
  /** Re-open the destination (after logrotate moved it); SIGHUP handler calls this. */
  reopen(): void;
  close(): void;
}

export interface LoggerOptions {
  level: LogLevel;
  pretty: boolean;
  /** null = stderr. */
  logFile: string | null;
  /** debugEvery: lines per key per second. */
  debugLinesPerSecond?: number;
  /** Milliseconds since the epoch; tests pass a fake clock. */
  now?: () => number;
  /** Replaces the stderr/file destination; for tests. */
  sink?: LogSink;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, fatal: 50 };
const SECRET_FIELD = /token|secret|password|passwd|authorization|api[_-]?key|cookie/i;
export const REDACTED = '[REDACTED]';
/** Distinct debugEvery keys remembered; keys are reasons, not connections, so this is never hit normally. */
const MAX_RATE_KEYS = 1024;

/** A copy of `value` with every secret-named field replaced, at any depth. */
export function redact(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value instanceof Error)
    return {
      name: value.name,
      message: value.message,
      ...('code' in value ? { code: (value as NodeJS.ErrnoException).code } : {}),
    };
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, seen));
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) ? REDACTED : redact(v, seen);
  return out;
}

class StderrSink implements LogSink {
  write(line: string): void {
    process.stderr.write(line);
  }
  reopen(): void {}
  close(): void {}
}

class FileSink implements LogSink {
  /** -1 once closed: a straggler (a late network callback) then goes to stderr instead of a dead fd. */
  private fd: number;
  constructor(private readonly path: string) {
    this.fd = fs.openSync(path, 'a', 0o640);
  }
  write(line: string): void {
    // Synchronous: lines stay ordered and the last ones before a crash reach the file.
    if (this.fd < 0) process.stderr.write(line);
    else fs.writeSync(this.fd, line);
  }
  reopen(): void {
    if (this.fd < 0) return;
    const fd = fs.openSync(this.path, 'a', 0o640);
    fs.closeSync(this.fd);
    this.fd = fd;
  }
  close(): void {
    if (this.fd < 0) return;
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}

function formatValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return JSON.stringify(v);
}

export class Logger {
  private readonly threshold: number;
  private readonly now: () => number;
  private readonly perSecond: number;
  private readonly rate = new Map<string, { windowStart: number; lines: number; suppressed: number }>();

  constructor(
    private readonly options: LoggerOptions,
    private readonly sink: LogSink,
    private readonly bound: LogFields = {},
  ) {
    this.threshold = LEVELS[options.level];
    this.now = options.now ?? Date.now;
    this.perSecond = options.debugLinesPerSecond ?? 10;
  }

  enabled(level: LogLevel): boolean {
    return LEVELS[level] >= this.threshold;
  }

  debug(msg: string, fields?: LogFields): void {
    this.log('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.log('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.log('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.log('error', msg, fields);
  }
  /** Logs only; the caller decides how to exit. */
  fatal(msg: string, fields?: LogFields): void {
    this.log('fatal', msg, fields);
  }

  /** A logger that adds `fields` to every line (e.g. {component: 'capture'}); same destination. */
  child(fields: LogFields): Logger {
    return new Logger(this.options, this.sink, { ...this.bound, ...fields });
  }

  /**
   * A debug line for per-connection decisions, at most debugLinesPerSecond per `key` (use the
   * reason, e.g. 'flow-skipped-not-http', not a connection id). The first line after a
   * suppressed stretch carries `suppressed: N`.
   */
  debugEvery(key: string, msg: string, fields?: LogFields): void {
    if (!this.enabled('debug')) return;
    const t = this.now();
    let state = this.rate.get(key);
    if (!state) {
      if (this.rate.size >= MAX_RATE_KEYS) this.rate.clear();
      state = { windowStart: t, lines: 0, suppressed: 0 };
      this.rate.set(key, state);
    }
    if (t - state.windowStart >= 1000) {
      state.windowStart = t;
      state.lines = 0;
    }
    if (state.lines >= this.perSecond) {
      state.suppressed++;
      return;
    }
    state.lines++;
    const suppressed = state.suppressed;
    state.suppressed = 0;
    this.log('debug', msg, suppressed ? { ...fields, suppressed } : fields);
  }

  reopen(): void {
    this.sink.reopen();
  }

  close(): void {
    this.sink.close();
  }

  private log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (LEVELS[level] < this.threshold) return;
    const ts = new Date(this.now()).toISOString();
    const extra = redact({ ...this.bound, ...fields }) as LogFields;
    let line: string;
    if (this.options.pretty) {
      const kv = Object.entries(extra)
        .map(([k, v]) => ` ${k}=${formatValue(v)}`)
        .join('');
      line = `${ts} ${level.toUpperCase().padEnd(5)} ${msg}${kv}\n`;
    } else {
      const record: LogFields = { ts, level, msg };
      // A field named like a reserved key is kept under `_name` instead of overwriting it.
      for (const [k, v] of Object.entries(extra)) record[k in record ? `_${k}` : k] = v;
      line = `${JSON.stringify(record)}\n`;
    }
    try {
      this.sink.write(line);
    } catch {
      // A full disk or an I/O error loses this line; it must not stop the capture and analysis.
    }
  }
}

/**
 * A logger writing where `options` say. A log file that cannot be opened falls back to stderr
 * with an error line saying why, so a bad path never stops the node.
 */
export function createLogger(options: LoggerOptions): Logger {
  if (options.sink) return new Logger(options, options.sink);
  if (options.logFile === null) return new Logger(options, new StderrSink());
  try {
    return new Logger(options, new FileSink(options.logFile));
  } catch (err) {
    const logger = new Logger(options, new StderrSink());
    logger.error('cannot open log.log_file, logging to stderr', { path: options.logFile, err });
    return logger;
  }
}

/**
 * Where createLogger writes, for other line logs (the access log): stderr for null, else the file
 * appended to and re-opened by reopen(). Throws when the file cannot be opened.
 */
export function openLogSink(logFile: string | null): LogSink {
  return logFile === null ? new StderrSink() : new FileSink(logFile);
}
