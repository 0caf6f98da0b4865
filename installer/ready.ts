/**
 * Waiting for the started node: ready when its health endpoint (health_check.listen_address,
 * default :8080, GET /ready) answers 200. When the config disables the endpoint, the node counts as
 * ready once systemd has reported the service active for a settle period (a crashing service is
 * restarted by systemd and so does not stay active). When the endpoint is enabled but nothing ever
 * answers on it (a node without it, or the address is not reachable from here), the same systemd
 * criterion decides at the deadline, and the result says so.
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { SERVICE } from './layout';
import type { System } from './system';

export interface ReadySettings {
  timeoutMs: number;
  settleMs: number;
  pollMs: number;
}

export function readySettings(env: NodeJS.ProcessEnv = process.env): ReadySettings {
  const raw = env.WALLARM_INSTALLER_READY_TIMEOUT;
  const seconds = raw === undefined || raw === '' ? 60 : Number(raw);
  const timeoutMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
  return { timeoutMs, settleMs: Math.min(5000, timeoutMs / 3), pollMs: 250 };
}

/** The /ready URL from a go-node.yaml, or null when the health endpoint is disabled. */
export function readyUrl(configFile: string): string | null {
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(configFile, 'utf8'));
  } catch {
    doc = null;
  }
  const health = (doc as { health_check?: { enabled?: unknown; listen_address?: unknown } } | null)?.health_check;
  if (health?.enabled === false) return null;
  const listen = typeof health?.listen_address === 'string' ? health.listen_address : ':8080';
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen);
  if (!m) return null;
  let host = m[1] ?? m[2] ?? '';
  if (host === '' || host === '0.0.0.0') host = '127.0.0.1';
  else if (host === '::') host = '::1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${m[3]}/ready`;
}

type Probe = 'ready' | 'not-ready' | 'absent';

async function probe(url: string): Promise<Probe> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    if (res.status === 200) return 'ready';
    return res.status === 404 ? 'absent' : 'not-ready';
  } catch {
    return 'absent';
  }
}

export interface ReadyResult {
  ready: boolean;
  /** How readiness was decided, or why it was not reached. */
  how: string;
}

export async function waitReady(system: System, url: string | null, s: ReadySettings): Promise<ReadyResult> {
  const deadline = Date.now() + s.timeoutMs;
  let activeSince: number | null = null;
  let endpointAnswered = false;
  for (;;) {
    const active = await system.isActive(SERVICE);
    const now = Date.now();
    activeSince = active ? (activeSince ?? now) : null;
    if (url !== null && active) {
      const p = await probe(url);
      if (p === 'ready') return { ready: true, how: `${url} answered 200` };
      if (p === 'not-ready') endpointAnswered = true;
    }
    const settled = activeSince !== null && now - activeSince >= s.settleMs;
    if (settled && url === null) {
      return {
        ready: true,
        how: `${SERVICE} stayed active for ${(s.settleMs / 1000).toFixed(1)} s (health_check is disabled in the config)`,
      };
    }
    if (now >= deadline && settled && !endpointAnswered) {
      return {
        ready: true,
        how: `${SERVICE} is active, but nothing answered on ${url} within ${Math.round(s.timeoutMs / 1000)} s`,
      };
    }
    if (now >= deadline) {
      const state = active ? `active but ${url} never answered 200` : 'not active (it failed or keeps restarting)';
      return { ready: false, how: `${SERVICE} is ${state} after ${Math.round(s.timeoutMs / 1000)} s` };
    }
    await new Promise((r) => setTimeout(r, s.pollMs));
  }
}
