/** Replays a capture in a child node (the real CLI) and reports its records, summary and peak RSS. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

export interface ReplayResult {
  code: number | null;
  stderr: string;
  records: Array<Record<string, any>>;
  peakRss: number;
  seconds: number;
}

export async function replayWithPeakRss(dir: string, capture: string, configYaml: string, emit = 'transaction'): Promise<ReplayResult> {
  const config = join(dir, 'go-node.yaml');
  const output = join(dir, 'records.jsonl');
  const rssFile = join(dir, 'peak-rss');
  writeFileSync(config, configYaml);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--require', join(__dirname, 'peak-rss.cjs'), '--import', 'tsx', join(ROOT, 'node/cli/main.ts'), 'replay', capture, '--config', config, '--emit', emit, '--output', output],
    { cwd: ROOT, env: { ...process.env, PEAK_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const records = existsSync(output)
    ? readFileSync(output, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, any>)
    : [];
  return { code, stderr, records, peakRss: existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN, seconds: (performance.now() - started) / 1000 };
}
