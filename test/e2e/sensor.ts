/**
 * The real node (`native-node run`, from this repository) inside a lab's sensor namespace, with
 * a config of the test's choosing, its JSON log and its records in the test's work directory.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AttackRecord, TransactionRecord } from '../../node/records/types';
import type { Lab } from './lab';

const REPO = path.resolve(__dirname, '../..');
/**
 * The node under test: this repository's CLI, or the built binary given as AIO_E2E_NODE (e.g. the
 * payload's bin/native-node, with lib/cap.node beside it as the installer lays it out).
 */
const NODE_COMMAND = process.env.AIO_E2E_NODE
  ? [path.resolve(process.env.AIO_E2E_NODE)]
  : [process.execPath, '--import', 'tsx', path.join(REPO, 'node/cli/main.ts')];

export interface LogLine {
  msg: string;
  [key: string]: unknown;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  // A line still being written is incomplete: only whole lines count.
  lines.pop();
  return lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
}

export class SensorNode {
  readonly logFile: string;
  readonly outputFile: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;
  private stderr = '';

  /**
   * `goreplay` is the YAML body of the goreplay section; `extra` is appended to the config.
   * `opts.role`: the namespace the node runs in (default sensor); `opts.capture`: the whole capture
   * part of the config instead of a goreplay section (a tcp-capture-v2 `mode` + `tcp_stream`).
   */
  constructor(
    lab: Lab,
    dir: string,
    goreplay: string,
    extra = '',
    opts: { role?: string; capture?: string; emit?: string } = {},
  ) {
    this.logFile = path.join(dir, 'go-node.log');
    this.outputFile = path.join(dir, 'records.jsonl');
    const config = path.join(dir, 'go-node.yaml');
    writeFileSync(
      config,
      `version: 4
${opts.capture ?? `mode: tcp-capture\ngoreplay:\n${goreplay.replace(/^/gm, '  ')}`}
log:
  level: info
  pretty: false
  log_file: ${this.logFile}
metrics:
  enabled: false
health_check:
  enabled: false
${extra}`,
    );
    this.child = lab.spawn(
      opts.role ?? 'sensor',
      [
        ...NODE_COMMAND,
        'run',
        '--config',
        config,
        '--node-yaml',
        path.join(dir, 'absent-node.yaml'),
        '--state-dir',
        path.join(dir, 'state'),
        '--output',
        this.outputFile,
        '--emit',
        opts.emit ?? 'transaction,attack',
      ],
      { cwd: REPO },
    );
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.child.stdout!.resume();
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  log(): LogLine[] {
    return readLines<LogLine>(this.logFile);
  }

  /**
   * In request order (`ts`, the request's first byte): with analysis workers (http_inspector.workers,
   * `auto` on a multi-core machine) the output keeps the order within a connection only.
   */
  transactions(): TransactionRecord[] {
    return this.records().filter((r): r is TransactionRecord => r.type === 'transaction');
  }

  attacks(): AttackRecord[] {
    return this.records().filter((r): r is AttackRecord => r.type === 'attack');
  }

  /** Every record of one type (api_endpoint, vulnerability... when `opts.emit` asked for them), as written. */
  recordsOf<T extends { type: string }>(type: T['type']): T[] {
    return readLines<T>(this.outputFile).filter((r) => r.type === type);
  }

  /** Every record written, by `ts` (with opts.emit, of other types too). */
  records(): Array<TransactionRecord | AttackRecord> {
    return readLines<TransactionRecord | AttackRecord>(this.outputFile).sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  }

  /** Resolves once the node logged "capture started" (the capture is open); rejects if it died. */
  async ready(timeoutMs = 20_000): Promise<LogLine[]> {
    const deadline = Date.now() + timeoutMs;
    let code: number | null | undefined;
    void this.exited.then((c) => (code = c ?? -1));
    while (Date.now() < deadline) {
      const started = this.log().filter((l) => l.msg === 'capture started');
      if (started.length > 0) return started;
      if (code !== undefined)
        throw new Error(
          `the node exited (${code}) before capturing: ${this.stderr}\n${existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : ''}`,
        );
      await sleep(100);
    }
    throw new Error(`the node did not log "capture started" within ${timeoutMs} ms: ${this.stderr}`);
  }

  /**
   * Waits until `n` transaction records were written or nothing new arrived for `quietMs`
   * (whatever is missing by then is a finding, reported by the caller's assertions).
   */
  async settle(n: number, quietMs = 8000): Promise<void> {
    let last = -1;
    let since = Date.now();
    for (;;) {
      const count = this.transactions().length;
      if (count >= n) return;
      if (count !== last) {
        last = count;
        since = Date.now();
      } else if (Date.now() - since > quietMs) return;
      await sleep(100);
    }
  }

  /** SIGTERM: the node drains and must exit 0. */
  async stop(): Promise<number | null> {
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }

  /** The last "stats" log line (run logs one at shutdown): received and kernel drop counters. */
  lastStats(): LogLine | undefined {
    return this.log()
      .filter((l) => l.msg === 'stats')
      .pop();
  }
}
