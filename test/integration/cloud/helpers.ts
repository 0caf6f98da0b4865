/** Shared set-up for tests against the reference cloud: temp dirs, a recording logger, a server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CloudServer, type Region } from '../../../cloud/server';
import { selfSignedCert } from '../../../cloud/tls';
import type { Logger } from '../../../node/cloud/logger';
import { registerNode } from '../../../node/cloud/register';
import type { ApiTarget } from '../../../node/cloud/cloud-target';
import type { NodeCredentials } from '../../../node/cloud/node-yaml';

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields?: Record<string, unknown>;
}

export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (msg: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, msg, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export const TOKEN = 'tok-US-5f2c9e1b7d';
export const ADMIN_PASSWORD = 'admin-pw-for-tests';

/**
 * Logs in to the console as a browser would (GET the form for its cookie and CSRF field, POST it)
 * and returns the session cookie to send with later requests.
 */
export async function consoleLogin(baseUrl: string, user = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const form = await fetch(`${baseUrl}/login`);
  const nonceCookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: nonceCookie },
    body: new URLSearchParams({ csrf, user, password, next: '/' }).toString(),
  });
  if (res.status !== 303) throw new Error(`console login answered ${res.status}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('aio_session='));
  if (session === undefined) throw new Error('console login set no session cookie');
  return session.split(';')[0];
}

export async function startCloud(
  opts: { tls?: boolean; region?: Region; dataDir?: string; port?: number } = {},
): Promise<CloudServer> {
  const dataDir = opts.dataDir ?? tempDir('cloud-data');
  let tls;
  if (opts.tls) {
    const { certFile, keyFile } = selfSignedCert(path.join(tempDir('cloud-tls'), 'tls'));
    tls = { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
  }
  return CloudServer.start({
    host: '127.0.0.1',
    port: opts.port ?? 0,
    dataDir,
    tls,
    region: opts.region ?? 'us',
    admin: true,
    adminPassword: ADMIN_PASSWORD,
    tokens: new Map([
      [TOKEN, 'us'],
      ['tok-any-region', null],
      ['tok-EU-77aa', 'eu'],
    ]),
  });
}

export function targetOf(server: CloudServer, tls = false): ApiTarget {
  return { host: '127.0.0.1', port: server.port, useSsl: tls, caVerify: !tls };
}

/** A registered node's credentials on `server`. */
export async function registeredNode(server: CloudServer, tls = false): Promise<NodeCredentials> {
  const target = targetOf(server, tls);
  const creds = await registerNode({
    token: TOKEN,
    ...target,
    labels: { group: 'test' },
    hostname: 'sensor-1',
    version: '0.1.0',
    arch: 'x86_64',
  });
  return { ...target, ...creds };
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
}
