/** Replays a capture in a child node (the real CLI) and reports its records, summary and peak RSS. */
import { spawn } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

export interface ReplayResult {
  code: number | null;
  stderr: string;
  /** Records whose request target starts with one of the kept prefixes. */
  records: Array<Record<string, any>>;
  /** Every record, counted by type. */
  counts: Record<string, number>;
  peakRss: number;
  seconds: number;
}

/** Reads JSON lines one at a time: a million records must not become one string. */
async function readRecords(
  file: string,
  keep: string[],
): Promise<{ records: Array<Record<string, any>>; counts: Record<string, number> }> {
  const records: Array<Record<string, any>> = [];
  const counts: Record<string, number> = {};
  if (!existsSync(file)) return { records, counts };
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    const r = JSON.parse(line) as Record<string, any>;
    counts[r.type] = (counts[r.type] ?? 0) + 1;
    const target = String(r.request?.target ?? '');
    if (keep.some((k) => target.startsWith(k))) records.push(r);
  }
  return { records, counts };
}

export async function replayWithPeakRss(
  dir: string,
  capture: string,
  configYaml: string,
  emit = 'transaction',
  keep = ['/ordinary/', '/bomb'],
): Promise<ReplayResult> {
  const config = join(dir, 'go-node.yaml');
  const output = join(dir, 'records.jsonl');
  const rssFile = join(dir, 'peak-rss');
  writeFileSync(config, configYaml);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--require',
      join(__dirname, 'peak-rss.cjs'),
      '--import',
      'tsx',
      join(ROOT, 'node/cli/main.ts'),
      'replay',
      capture,
      '--config',
      config,
      '--emit',
      emit,
      '--output',
      output,
    ],
    { cwd: ROOT, env: { ...process.env, PEAK_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const { records, counts } = await readRecords(output, keep);
  return {
    code,
    stderr,
    records,
    counts,
    peakRss: existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN,
    seconds: (performance.now() - started) / 1000,
  };
}
