/**
 * A throwaway PostgreSQL server for tests: Debian's `postgresql` package (installed by .ci/run),
 * a cluster in a temporary directory owned by the postgres user, listening on 127.0.0.1 at a free
 * port with trust authentication, removed by stop(). `null` (with the reason) where it cannot run.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin/postgres'))).sort((a, b) => Number(b) - Number(a));
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

export async function startPostgres(): Promise<TestPostgres> {
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
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], { stdio: 'ignore', uid, gid, env, cwd: dir });
  const port = await freePort();
  const proc: ChildProcess = spawn(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off'], {
    stdio: 'ignore', uid, gid, env, cwd: dir,
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
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
  return {
    url,
    stop: async () => {
      const exited = new Promise<void>((resolve) => (proc.exitCode !== null ? resolve() : proc.once('exit', () => resolve())));
      proc.kill('SIGINT');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
