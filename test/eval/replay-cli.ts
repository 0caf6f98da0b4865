/**
 * The real pipeline for the evaluations: a capture written from conversation plans (test/gen's
 * scenarios) and `native-node replay` run on it as a user runs it, its records read back.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildScenario, type ConversationPlan } from '../../node/sample/scenarios';
import { writePcap } from '../../node/sample/pcap-writer';

/** `native-node replay PCAP ARGS` (`--emit`, `--config`, `--workers`...): its standard output, the records as JSON lines. */
export function replayCli(pcap: string, args: readonly string[]): string {
  return execFileSync(
    process.execPath,
    ['--import', 'tsx', path.resolve(__dirname, '../../node/cli/main.ts'), 'replay', pcap, ...args],
    { maxBuffer: 1 << 30, encoding: 'utf8' },
  );
}

/**
 * The conversations one after the other (not interleaved: a replay sees them in the plans' order,
 * as a capture of separate requests in sequence), replayed with `args`: the standard output.
 */
export function replayInOrder(plans: readonly ConversationPlan[], args: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-replay-'));
  try {
    const pcap = path.join(dir, 'eval.pcap');
    fs.writeFileSync(pcap, writePcap(plans.flatMap((p) => buildScenario('one', [p]).packets)));
    return replayCli(pcap, args);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
