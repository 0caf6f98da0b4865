/** Running build tools: echo the command, stream its output, fail loudly with the exit code. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';

const shellWord = (w: string): string => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

export function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): void {
  process.stdout.write(`$ ${[cmd, ...args].map(shellWord).join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`build: cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`build: ${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Runs a command and returns its stdout (trimmed); stderr goes to ours. */
export function output(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts });
  if (r.error) throw new Error(`build: cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`build: ${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return String(r.stdout).trim();
}
