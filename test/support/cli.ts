/**
 * `native-node` from the sources as a child process, for integration tests: its argv, and `run`
 * to its end (a capture file, or until the test stops it) with the options every such test gives.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const MAIN = path.join(__dirname, '../../node/cli/main.ts');

/** The argv after `node` that runs `native-node <args>` from the sources. */
export function cliArgs(...args: string[]): string[] {
  return ['--import', 'tsx', MAIN, ...args];
}

export interface RunToEnd {
  config: string;
  /** The cloud credentials; a path that does not exist: not registered, nothing exported. */
  nodeYaml: string;
  stateDir: string;
  /** --output and --emit, when the test reads the records from a file. */
  output?: string;
  emit?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Default 60 s. */
  timeoutMs?: number;
}

/**
 * `native-node run --config … --status-listen off …` until it exits: its exit status and stderr
 * (stdout is not read). Asynchronous on purpose: a reference cloud in this process must keep answering.
 */
export function runToEnd(o: RunToEnd): Promise<{ status: number | null; stderr: string }> {
  const args = ['run', '--config', o.config, '--status-listen', 'off', '--node-yaml', o.nodeYaml, '--state-dir', o.stateDir];
  if (o.output !== undefined) args.push('--output', o.output);
  if (o.emit !== undefined) args.push('--emit', o.emit);
  const child = spawn(process.execPath, cliArgs(...args), {
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: o.timeoutMs ?? 60_000,
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stderr })));
}
