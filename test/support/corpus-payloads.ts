/**
 * Every attack payload of the shared corpora (../shared/corpus, see its README), as strings: for
 * tests that must hold for all of them (the console renders them without running any).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** As test/eval/corpus.ts: CORPUS_DIR, else ../shared/corpus beside the checkout (absent on some machines). */
export const CORPUS_DIR = process.env.CORPUS_DIR ?? path.resolve(__dirname, '../../../shared/corpus');

export function corpusAvailable(): boolean {
  return fs.existsSync(path.join(CORPUS_DIR, 'fuzzdb-attack/fuzzdb_attack.jsonl'));
}

/**
 * Markup that runs script when a page takes it as HTML, one per way in (tags, attributes, URLs,
 * SVG, breaking out of attributes and text containers, entities, template delimiters): used
 * where the shared corpora are absent, so the rendering tests still test something.
 */
export const BUILT_IN_PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><script>alert(2)</script>',
  "'><img src=x onerror=alert(3)>",
  '<img src=x onerror=alert(4)>',
  '<svg onload=alert(5)>',
  '<svg><script>alert(6)</script></svg>',
  '<iframe src="javascript:alert(7)"></iframe>',
  '<a href="javascript:alert(8)">x</a>',
  '<body onload=alert(9)>',
  '<details open ontoggle=alert(10)>',
  '<input autofocus onfocus=alert(11)>',
  '" onmouseover="alert(12)',
  "' onfocus='alert(13)' autofocus='",
  '</title><script>alert(14)</script>',
  '</textarea><script>alert(15)</script>',
  '</style><script>alert(16)</script>',
  '<math><mtext><script>alert(17)</script>',
  '<object data="javascript:alert(18)">',
  '<embed src="data:text/html,<script>alert(19)</script>">',
  '<base href="//evil.example/">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(20)">',
  '<link rel=stylesheet href=//evil.example/x.css>',
  '<img src=//evil.example/beacon.gif>',
  '&lt;script&gt;alert(21)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(22)&#62;',
  '`-alert(23)-`',
  '${alert(24)}',
  '{{constructor.constructor("alert(25)")()}}',
  '<form action=javascript:alert(26)><button>x</button></form>',
  '<video><source onerror=alert(27)></video>',
  '<style>@import "//evil.example/x.css";</style>',
  'javascript:alert(28)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgyOSk8L3NjcmlwdD4=',
  '<scr<script>ipt>alert(30)</script>',
  '%3Cscript%3Ealert(31)%3C%2Fscript%3E',
  '\u003cscript\u003ealert(32)\u003c/script\u003e',
];

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
