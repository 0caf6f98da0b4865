/**
 * Every attack payload of the shared corpora (../shared/corpus, see its README), as strings: for
 * tests that must hold for all of them (the console renders them without running any).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export const CORPUS_DIR = path.resolve(__dirname, '../../../shared/corpus');

function jsonl(file: string): Array<Record<string, unknown>> {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function walk(dir: string, ext: RegExp): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), ext) : ext.test(e.name) ? [path.join(dir, e.name)] : []));
}

/** Attack payloads (benign and false-positive sets left out), deduplicated, in a stable order. */
export function corpusAttackPayloads(): string[] {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v !== '') out.add(v);
  };
  for (const r of jsonl(path.join(CORPUS_DIR, 'fuzzdb-attack/fuzzdb_attack.jsonl'))) add(r.payload);
  for (const r of jsonl(path.join(CORPUS_DIR, 'crs-regression-tests/crs_regression_tests.jsonl'))) {
    if (r.label === 'benign' || r.label === 'no_fire') continue;
    add(r.uri);
    add(r.data);
    for (const v of Object.values((r.headers ?? {}) as Record<string, unknown>)) add(v);
  }
  for (const f of walk(path.join(CORPUS_DIR, 'libinjection-data/data'), /^(sqli|xss)-.*\.txt$/)) {
    for (const line of fs.readFileSync(f, 'utf8').split('\n')) if (!line.startsWith('#')) add(line.trim());
  }
  for (const f of walk(path.join(CORPUS_DIR, 'gotestwaf-testcases'), /\.ya?ml$/)) {
    if (f.includes('false-pos')) continue;
    const doc = YAML.parse(fs.readFileSync(f, 'utf8').replaceAll("\\'", "'")) as { payload?: unknown[] } | null;
    for (const p of doc?.payload ?? []) add(typeof p === 'string' ? p : JSON.stringify(p));
  }
  const csv = fs.readFileSync(path.join(CORPUS_DIR, 'http-params-dataset/payload_full.csv'), 'utf8');
  for (const m of csv.matchAll(/^"((?:[^"]|"")*)","\d+","([^"]+)"/gm)) if (m[2] !== 'norm') add(m[1].replaceAll('""', '"'));
  return [...out];
}
