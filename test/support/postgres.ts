/**
 * A throwaway PostgreSQL server for tests: Debian's `postgresql` package (installed by .ci/run),
 * a cluster in a temporary directory owned by the postgres user, listening on 127.0.0.1 at a free
 * port with trust authentication, removed by stop(). `null` (with the reason) where it cannot run.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestPostgres {
  url: string;
  stop(): Promise<void>;
}

function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin/postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export function postgresUnavailable(): string | null {
  if (postgresBin() === null) return 'PostgreSQL server binaries not installed (Debian package postgresql)';
  if (process.getuid?.() !== 0) return 'starting a PostgreSQL cluster as the postgres user needs root';
  return null;
}

/**
 * `netns`: a process whose network namespace the server listens in (a container's init, entered
 * with nsenter), on `port` (default 5432): its 127.0.0.1 is the container's, not this host's.
 */
export async function startPostgres(opts: { netns?: number; port?: number } = {}): Promise<TestPostgres> {
  const bin = postgresBin()!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aio-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  fs.mkdirSync(data, { mode: 0o700 });
  fs.chownSync(data, uid, gid);
  fs.chownSync(dir, uid, gid);
  // As the postgres user (the server refuses root), started directly so that stop() signals it.
  const env = { ...process.env, HOME: dir };
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], {
    stdio: 'ignore',
    uid,
    gid,
    env,
    cwd: dir,
  });
  const port = opts.port ?? (opts.netns ? 5432 : await freePort());
  const args = ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off'];
  // nsenter execs the server as the postgres user (no fork), so stop() still signals the server.
  const proc: ChildProcess = opts.netns
    ? spawn(
        'nsenter',
        ['-t', String(opts.netns), '-n', '-S', String(uid), '-G', String(gid), path.join(bin, 'postgres'), ...args],
        { stdio: 'ignore', env, cwd: dir },
      )
    : spawn(path.join(bin, 'postgres'), args, { stdio: 'ignore', uid, gid, env, cwd: dir });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  const stop = async () => {
    const exited = new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', () => resolve())));
    proc.kill('SIGINT');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
  if (opts.netns) {
    // Not reachable from here: ask pg_isready inside the namespace (0: accepting connections).
    while (
      spawnSync('nsenter', [
        '-t',
        String(opts.netns),
        '-n',
        path.join(bin, 'pg_isready'),
        '-q',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
      ]).status !== 0
    ) {
      if (Date.now() > deadline || proc.exitCode !== null) throw new Error('test PostgreSQL did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    return { url, stop };
  }
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.on('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error('test PostgreSQL did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  // Accepting TCP is not yet accepting logins: wait until a query works.
  const { Client } = await import('pg');
  for (;;) {
    const c = new Client({ connectionString: url });
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      break;
    } catch {
      await c.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error('test PostgreSQL did not accept logins');
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, stop };
}
