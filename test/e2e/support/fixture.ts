/**
 * The fixture of the mirror scenarios (docs/testing.md, "The e2e fixture"): one call builds the
 * lab (namespaces named `<prefix>-<random>-<role>`, so concurrent runs never collide), hands the
 * scenario the pieces every test starts the same way (nginx with a page, the node waited for until
 * it captures, curl from the client, helper servers waited for until they listen), and tears it
 * all down whatever happens (`withLab`: processes killed, namespaces deleted and checked gone).
 * What a scenario checks stays in the scenario.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { Lab, LabHost, Mirror } from '../lab';
import { Nginx } from '../nginx';
import { CLIENT, SERVER, figures, withLab } from '../scenario';
import { SensorNode, sleep, type LogLine } from '../sensor';

export const REPO = path.resolve(__dirname, '../../..');
/** The page most scenarios serve as /index.html. */
export const WELCOME_PAGE = '<html><body>welcome</body></html>\n';

export interface ScenarioOptions {
  /** Default: the client 10.10.0.1 and the server 10.10.0.2. */
  hosts?: LabHost[];
  /** Default: a plain SPAN mirror. */
  mirror?: Mirror;
  /** First part of every namespace name: unique to the scenario's branch (e.g. `t21`). Default `e2e`. */
  prefix?: string;
}

export interface NodeOptions {
  /** The YAML body of the goreplay section (e.g. `filter: 'mon0:80'`). */
  goreplay?: string;
  /** Appended to the config. */
  extra?: string;
  /** The namespace the node runs in (default sensor). */
  role?: string;
  /** The whole capture part of the config instead of a goreplay section. */
  capture?: string;
  /** `--emit` (default transaction,attack). */
  emit?: string;
  /** Its own work directory (default the scenario's), for a second node on the same lab. */
  dir?: string;
}

export class MirrorScenario {
  constructor(
    readonly t: TestContext,
    readonly lab: Lab,
    readonly dir: string,
    private readonly started: number,
  ) {}

  /**
   * nginx in `role` (default server) with `serverBlock` as its one server block, /index.html the
   * welcome page (or `index`), waited for until it listens on `port` (default 80).
   */
  async nginx(
    serverBlock = '    listen 80;',
    opts: { role?: string; port?: number; name?: string; index?: string } = {},
  ): Promise<Nginx> {
    const nginx = new Nginx(this.lab, opts.role ?? 'server', path.join(this.dir, opts.name ?? 'nginx'), serverBlock);
    writeFileSync(path.join(nginx.root, 'index.html'), opts.index ?? WELCOME_PAGE);
    await nginx.ready(opts.port ?? 80);
    return nginx;
  }

  /** The node, started and waited for until it logs "capture started" (those lines are `capture`). */
  async node(opts: NodeOptions = {}): Promise<{ node: SensorNode; capture: LogLine[] }> {
    if (opts.dir !== undefined) mkdirSync(opts.dir, { recursive: true });
    const node = new SensorNode(this.lab, opts.dir ?? this.dir, opts.goreplay ?? '', opts.extra ?? '', {
      ...(opts.role !== undefined && { role: opts.role }),
      ...(opts.capture !== undefined && { capture: opts.capture }),
      ...(opts.emit !== undefined && { emit: opts.emit }),
    });
    return { node, capture: await node.ready() };
  }

  /** curl in the client namespace; returns the HTTP status code it got (`%{http_code}`). */
  curl(...args: string[]): string {
    return this.lab.exec('client', ['curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', ...args]);
  }

  /**
   * A helper process (a test server, the encapsulator) in `role`'s namespace, resolved once its
   * stdout says `readyText`; rejected with its stderr if it exits or stays silent for `timeoutMs`.
   * The lab kills it at the end if the scenario did not.
   */
  async spawnReady(role: string, argv: string[], readyText: string, timeoutMs = 60_000): Promise<ChildProcess> {
    const child = this.lab.spawn(role, argv, { cwd: REPO });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    const deadline = Date.now() + timeoutMs;
    while (!out.includes(readyText)) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${argv.join(' ')} exited (${child.exitCode ?? child.signalCode}) before saying "${readyText}": ${err}`);
      if (Date.now() > deadline) throw new Error(`${argv.join(' ')} did not say "${readyText}" within ${timeoutMs} ms: ${err}`);
      await sleep(50);
    }
    return child;
  }

  /**
   * Waits for the node to write `expected` transactions (or go quiet for `quietMs`), then stops
   * it: SIGTERM must drain and exit 0.
   */
  async drain(node: SensorNode, expected: number, quietMs?: number): Promise<void> {
    await node.settle(expected, quietMs);
    assert.equal(await node.stop(), 0, 'SIGTERM drains and exits 0');
  }

  /** The scenario's line of figures (served vs seen, the node's counters, time) in the test output. */
  figures(served: number, seen: number, node: SensorNode): void {
    figures(this.t, this.started, served, seen, node);
  }
}

/** Polls `done` every 200 ms until it is true or `timeoutMs` passed (then the caller's assertions report). */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await sleep(200);
}

/** Runs one mirror scenario in a fresh lab, removed (and checked gone) however `body` ends. */
export async function mirrorScenario(
  t: TestContext,
  opts: ScenarioOptions,
  body: (s: MirrorScenario) => Promise<void>,
): Promise<void> {
  const started = Date.now();
  await withLab(
    opts.hosts ?? [CLIENT, SERVER],
    opts.mirror ?? { kind: 'span' },
    (lab, dir) => body(new MirrorScenario(t, lab, dir, started)),
    opts.prefix,
  );
}
