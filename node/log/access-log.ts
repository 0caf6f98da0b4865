/**
 * log.access_log: one JSON line per analysed HTTP transaction (bypassed requests have none), for
 * people and log shippers. Token- and password-like query values are masked; `verbose` adds the
 * request and response headers, credentials masked.
 */
import type { AnalysisOutcome } from '../analysis/transaction-analyzer';
import { maskHeaders, maskTarget } from '../records/mask';
import type { LogSink } from '../config/logger';
import type { HttpTransaction } from '../http/types';
import { formatEndpoint, formatTs } from '../records/format';

export class AccessLog {
  /** Lines written, and lines lost because the destination refused them (disk full, EIO). */
  readonly counters = { lines: 0, writeErrors: 0 };

  constructor(
    private readonly sink: LogSink,
    private readonly verbose: boolean,
  ) {}

  line(tx: HttpTransaction, o: AnalysisOutcome): string {
    const { request: req, response: res } = tx;
    const end = res?.endTs ?? req.endTs;
    const entry: Record<string, unknown> = {
      ts: formatTs(req.startTs),
      client_ip: o.who.clientIp,
      host: o.who.host,
      method: req.method,
      target: maskTarget(req.target),
      status: res?.status ?? null,
      request_body_bytes: req.body.length,
      response_body_bytes: res?.body.length ?? null,
      duration_ms: Math.round((end - req.startTs) / 10) / 100,
      attacks: o.attackClasses,
      src: formatEndpoint(tx.conn.client),
      dst: formatEndpoint(tx.conn.server),
    };
    if (o.application !== -1) entry.application = o.application;
    if (req.body.incomplete || res?.body.incomplete) entry.incomplete = true;
    if (this.verbose) {
      entry.request_headers = maskHeaders(req.headers);
      entry.response_headers = res ? maskHeaders(res.headers) : null;
    }
    return `${JSON.stringify(entry)}\n`;
  }

  /** Never throws: a full disk must not stop the analysis; lost lines are counted instead. */
  write(tx: HttpTransaction, o: AnalysisOutcome): void {
    this.writeLine(this.line(tx, o));
  }

  /** A line already formatted by line() (in a pipeline worker, which has no file of its own). */
  writeLine(line: string): void {
    try {
      this.sink.write(line);
      this.counters.lines++;
    } catch {
      this.counters.writeErrors++;
    }
  }

  reopen(): void {
    this.sink.reopen();
  }

  close(): void {
    this.sink.close();
  }
}
