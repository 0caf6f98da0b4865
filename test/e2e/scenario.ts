/**
 * Scaffolding shared by the mirror scenarios: a work directory and a lab that are removed whatever
 * happens, the skip reason when namespaces (or tools) are missing, and the figures each scenario
 * prints (served vs seen, drops, time).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { Lab, leftoverNamespaces, missingTools, netnsSkipReason, type LabHost, type Mirror } from './lab';
import type { SensorNode } from './sensor';
import { liveCaptureSkip } from '../support/live-capture';

let netns: string | false | undefined;

/** Why the scenarios cannot run here (false = they can). Counted as skipped by node:test. */
export function skipReason(...tools: string[]): string | false {
  netns ??= netnsSkipReason();
  return netns || missingTools('tc', 'ethtool', 'ss', 'curl', ...tools) || liveCaptureSkip();
}

export const CLIENT = { role: 'client', ips: ['10.10.0.1'] } satisfies LabHost;
export const SERVER = { role: 'server', ips: ['10.10.0.2'] } satisfies LabHost;

/** Runs `body` with a fresh lab; the lab and the work directory go away even when it throws. */
export async function withLab(
  hosts: LabHost[],
  mirror: Mirror,
  body: (lab: Lab, dir: string) => Promise<void>,
  prefix = 'e2e',
): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), `aio-${prefix}-`));
  let lab: Lab | null = null;
  try {
    lab = Lab.create(hosts, mirror, dir, prefix);
    await body(lab, dir);
  } finally {
    lab?.destroy();
    if (process.env.AIO_E2E_KEEP) process.stderr.write(`kept ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(leftoverNamespaces(lab), [], 'every namespace of the lab is gone');
}

/** One line of figures per scenario, in the test output (node:test diagnostics). */
export function figures(t: TestContext, started: number, served: number, seen: number, node: SensorNode): void {
  const s = node.lastStats();
  // Whatever counters the node's last stats line carries (kernel drops among them).
  const drops = s
    ? Object.entries(s)
        .filter(([k]) => !['ts', 'level', 'msg'].includes(k))
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
        .join(' ')
    : 'no stats line';
  // The summary's reassembly line: gaps are where frames were lost before the node saw them.
  const reassembly = node.log().find((l) => l.msg.startsWith('reassembly:'))?.msg ?? '';
  t.diagnostic(`served=${served} seen=${seen} ${drops} ${reassembly} time=${((Date.now() - started) / 1000).toFixed(1)}s`);
}
