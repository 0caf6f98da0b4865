/**
 * Loads the public corpora (CORPUS_DIR; docs/detection.md) into labelled cases with a fixed train/test split:
 * http-params-dataset keeps its own train/test files; libinjection data and gotestwaf payloads are
 * split by a hash of the value (70 % train), so fingerprints learned from `train` are evaluated on
 * values they never saw.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { AttackClass } from '../../node/records/types';

import { CORPUS_DIR } from './corpus-dir';

export { CORPUS_DIR };

export type Split = 'train' | 'test';

/** A bare value with its label (null = benign), to be placed into request points. */
export interface LabeledValue {
  expect: AttackClass[] | null;
  value: string;
  source: string;
  split: Split;
}

/** A gotestwaf case: the payload, how to encode it and where to put it. */
export interface GotestwafCase {
  expect: AttackClass[] | null;
  payload: string;
  encoders: string[];
  placeholders: Array<string | Record<string, unknown>>;
  source: string;
  split: Split;
}

export function splitOf(key: string): Split {
  return caseHash(key) % 10 < 7 ? 'train' : 'test';
}

/** FNV-1a of a case's key: the split and the evaluation's folds are functions of it. */
export function caseHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function loadLibinjection(): LabeledValue[] {
  const dir = path.join(CORPUS_DIR, 'libinjection-data/data');
  const out: LabeledValue[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    let expect: AttackClass[] | null;
    if (file.startsWith('sqli-')) expect = ['sqli'];
    else if (file.startsWith('xss-')) expect = ['xss'];
    else if (file === 'false_positives.txt') expect = null;
    else continue;
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (line.trim() === '' || line.startsWith('#')) continue;
      let value: string;
      try {
        value = decodeURIComponent(line.replace(/\+/g, ' '));
      } catch {
        value = line;
      }
      out.push({ expect, value, source: `libinjection/${file}`, split: splitOf(file + line) });
    }
  }
  return out;
}

const HTTP_PARAMS_CLASS: Record<string, AttackClass> = {
  sqli: 'sqli',
  xss: 'xss',
  'path-traversal': 'ptrav',
  cmdi: 'rce',
};

export function loadHttpParams(): LabeledValue[] {
  const out: LabeledValue[] = [];
  for (const split of ['train', 'test'] as const) {
    const rows = parseCsv(fs.readFileSync(path.join(CORPUS_DIR, `http-params-dataset/payload_${split}.csv`), 'utf8'));
    for (const row of rows.slice(1)) {
      if (row.length < 4) continue;
      const cls = HTTP_PARAMS_CLASS[row[2]];
      // Its FuzzDB traversal templates leave the target as "{file}": fill in the usual one.
      const value = row[0].replace(/\{file\}/g, 'etc/passwd');
      out.push({ expect: row[3] === 'norm' ? null : cls ? [cls] : null, value, source: `http-params/${row[2]}`, split });
    }
  }
  return out;
}

const GOTESTWAF_CLASS: Record<string, AttackClass[] | null> = {
  'SQL Injection': ['sqli'],
  '8KB SQL Injection': ['sqli'],
  '16KB SQL Injection': ['sqli'],
  '32KB SQL Injection': ['sqli'],
  '64KB SQL Injection': ['sqli'],
  '128KB SQL Injection': ['sqli'],
  XSS: ['xss'],
  '8KB XSS': ['xss'],
  '16KB XSS': ['xss'],
  '32KB XSS': ['xss'],
  '64KB XSS': ['xss'],
  '128KB XSS': ['xss'],
  RCE: ['rce'],
  Shell: ['rce'],
  'RawRequest test': ['rce'],
  '8KB RCE': ['rce'],
  '16KB RCE': ['rce'],
  '32KB RCE': ['rce'],
  '64KB RCE': ['rce'],
  '128KB RCE': ['rce'],
  'Path Traversal': ['ptrav'],
  LFI: ['ptrav'],
  'community-lfi-multipart': ['ptrav'],
  'SST Injection': ['ssti'],
  'SS Injection': ['ssi'],
  'NoSQL Injection': ['nosqli'],
  XXE: ['xxe'],
  'CRLF Injection': ['crlf'],
  'Mail Injection': ['mail_injection'],
  'LDAP Injection': ['ldapi'],
  UserAgent: ['scanner', 'rce'],
  REST: ['sqli', 'xss'],
  SOAP: ['sqli', 'xss'],
  'REST non-CRUD': ['sqli', 'xss'],
};

export function loadGotestwaf(): GotestwafCase[] {
  const root = path.join(CORPUS_DIR, 'gotestwaf-testcases');
  const out: GotestwafCase[] = [];
  for (const dir of ['owasp', 'owasp-api', 'community', 'false-pos']) {
    for (const file of fs.readdirSync(path.join(root, dir)).sort()) {
      if (!file.endsWith('.yml')) continue;
      const text = fs.readFileSync(path.join(root, dir, file), 'utf8').replace(/\\'/g, "'");
      const doc = YAML.parse(text) as {
        payload: unknown[];
        encoder: string[];
        placeholder: Array<string | Record<string, unknown>>;
        type?: string;
      };
      const benign = dir === 'false-pos';
      const expect = benign ? null : GOTESTWAF_CLASS[doc.type ?? ''];
      if (!benign && expect === undefined) continue; // GraphQL introspection, gRPC: not attack classes here
      const placeholders = doc.placeholder.filter((p) => p !== 'gRPC');
      for (const payload of doc.payload) {
        const p = String(payload);
        out.push({
          expect: expect ?? null,
          payload: p,
          encoders: doc.encoder,
          placeholders,
          source: `gotestwaf/${dir}/${file}`,
          split: splitOf(file + p),
        });
      }
    }
  }
  return out;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A whole request (or a template's requests) with its label: the CRS regression tests and nuclei templates. */
export interface LabeledRequests {
  expect: AttackClass[] | null;
  reqs: Array<{ method: string; target: string; headers: Array<[string, string]>; body: string | Buffer }>;
  /** What identifies the case in listings (the payload-bearing part). */
  payload: string;
  source: string;
  split: Split;
  /** The nuclei template id (cross-validation within the corpus holds a template out with its signatures). */
  key?: string;
}

/**
 * CRS rule families as our classes (docs/detection.md, Evaluation). Protocol, session fixation,
 * blocking-evaluation and response tests, and tests that only say a rule stays quiet (`no_fire`),
 * are not labelled cases.
 */
const CRS_CLASS: Record<string, AttackClass[]> = {
  sqli: ['sqli'],
  xss: ['xss'],
  rce: ['rce'],
  php: ['rce'],
  java: ['rce'],
  ptrav: ['ptrav'],
  rfi: ['ptrav', 'ssrf'],
  generic: ['rce', 'ssti', 'ssrf'],
  scanner: ['scanner'],
};
/**
 * CRS files SMTP, IMAP and POP3 command injection (rules 932300-932321) under remote command
 * execution (family 932); this project reports the same attack as `mail_injection` (a mail
 * command injected after a line break into what a mail client sends), so either class is the
 * expected one (docs/detection.md, "The rce language round, third session": the labelling).
 * The first stays `rce`, so the per-class table counts these cases where CRS files them.
 */
const CRS_MAIL_RULE = /^93230\d$|^93231\d$|^93232\d$/;
const CRS_SUBCLASS: Record<string, AttackClass[]> = {
  log4shell: ['rce'],
  ssrf: ['ssrf'],
  ssti: ['ssti'],
  crlf: ['crlf'],
  ldapi: ['ldapi'],
  nodejs: ['rce'],
  perl: ['rce'],
  ruby: ['rce'],
  php_data_scheme: ['rce', 'ptrav'],
};

/**
 * CRS tests the corpus labels benign (they assert only that one rule stays quiet) whose request is
 * an attack by the test's own description, of another rule family or at another paranoia level:
 * such a test says nothing about the request being harmless, so it is not a benign case (as
 * `no_fire` tests are not). Listed by `rule_id-test_id`, with what the request is
 * (docs/detection.md, Evaluation: "CRS tests relabelled"). Not listed, since their description
 * says the request does not work: 941310-8/9 ("Negative for missing end tag": the UTF-8 bytes turn
 * the US-ASCII trick's tags into `<scriptP>`), benign cases again since branch i18-sqlxss.
 */
export const CRS_ATTACKS_LABELLED_BENIGN: ReadonlyMap<string, string> = new Map([
  ['920640-4', 'protocol test ("should trigger the rule"), body `select(sleep(10));`: a time-delay SQL call'],
  ['920640-5', 'protocol test ("should trigger the rule"), body `select(sleep(10));`: a time-delay SQL call'],
  ['922130-3', 'multipart header test; the file part uploads `1.php` reading /etc/passwd'],
  ['922130-5', 'multipart header test; the file part uploads `1.php` reading /etc/passwd'],
  ['922130-6', 'multipart header test; the file part uploads `1.php` reading /etc/passwd'],
  ['932230-23', 'shellshock `() { :;}; /bin/bash -c ...` ("concatenation with RCE")'],
  ['932236-9', '`;vi -c:\\!pwd`, a command ("should not be detected at PL 2": it is at higher levels)'],
  ['934110-6', 'the cloud metadata service `169.254.169.254/latest/user-data` (SSRF target)'],
  ['934110-7', 'the cloud metadata service `http://169.254.169.254/latest` (SSRF target)'],
  ['934110-8', 'the cloud metadata service `http://metadata.google.internal` (SSRF target)'],
  ['941180-4', '`-->` alone, "a deny list keyword present in stricter sibling 941181" (whose tests send it as an attack)'],
  ['942101-11', '`24 union all select 1,2,3 from aa` in the path ("complete SQL command")'],
  ['942522-5', "`'or'1`, a tautology (\"doesn't block normal SQLi\": other rules do)"],
  ['942360-30', "`'||(select(pg_sleep(15))where(true))||'`: a time-delay subquery concatenated to a string"],
  // Read again in branch i18-fpr's second session (docs/detection.md): requests that work as attacks.
  ['932207-3', 'Referer `?param=;/bin/ca?+/et*/passwd`, "obvious payload": a separator, then cat of /etc/passwd by globs'],
  ['942520-17', "`x'~email--`: a break-out, PostgreSQL's regex match against a column, a comment (valid SQL)"],
  ['934120-52', '`http:0xA9.0xFE.0xA9`: a three-part address, 169.254.0.169 to inet_aton and URL parsers (link-local)'],
]);

/**
 * CRS rules of the 930 (LFI) family that match a request for a file the site itself keeps and never
 * serves, named in the path with no traversal: 930130 "Restricted File Access Attempt" (`/.env`,
 * `/.aiignore`, `/wp-content/debug.log`) and 930140 (AI tools' settings, `/.claude/settings.json`).
 * Such a request is a probe for what was left behind, the `scanner` class (docs/detection.md,
 * "Hidden files and copies set aside (branch i18-anomaly)"); `ptrav` is accepted too, since some of
 * these tests name an operating system file (`/@fs/etc/passwd`, `/get/proc/interrupts`).
 */
const CRS_RESTRICTED_FILE_RULES: ReadonlySet<number> = new Set([930130, 930140]);

/** One CRS regression test as the corpus writes it (crs-regression-tests/crs_regression_tests.jsonl). */
export interface CrsTest {
  label: string;
  subclass?: string;
  method: string;
  uri: string;
  headers: Record<string, string>;
  data: string;
  rule_id: number;
  test_id: number;
  stage?: number;
}

/** Every CRS regression test with its request (multipart bodies given CRLF line ends): the one reader of that file. */
export function readCrsTests(): Array<{ test: CrsTest; req: LabeledRequests['reqs'][number] }> {
  const file = path.join(CORPUS_DIR, 'crs-regression-tests/crs_regression_tests.jsonl');
  const out: Array<{ test: CrsTest; req: LabeledRequests['reqs'][number] }> = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as CrsTest;
    const headers = Object.entries(d.headers ?? {}).map(([n, v]) => [n, String(v)] as [string, string]);
    const type = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
    let body = d.data ?? '';
    if (/multipart/i.test(type)) body = body.replace(/\r?\n/g, '\r\n');
    out.push({ test: d, req: { method: d.method || 'GET', target: d.uri || '/', headers, body } });
  }
  return out;
}

export function loadCrs(): LabeledRequests[] {
  const out: LabeledRequests[] = [];
  for (const { test: d, req } of readCrsTests()) {
    let expect: AttackClass[] | null;
    if (d.label === 'benign' && CRS_ATTACKS_LABELLED_BENIGN.has(`${d.rule_id}-${d.test_id}`)) continue;
    if (d.label === 'benign') expect = null;
    else if (d.subclass && CRS_SUBCLASS[d.subclass] && d.label !== 'benign' && d.label !== 'no_fire')
      expect = CRS_SUBCLASS[d.subclass];
    else if (d.label === 'rce' && CRS_MAIL_RULE.test(String(d.rule_id))) expect = ['rce', 'mail_injection'];
    else if (d.label === 'ptrav' && CRS_RESTRICTED_FILE_RULES.has(d.rule_id)) expect = ['scanner', 'ptrav'];
    else if (CRS_CLASS[d.label]) expect = CRS_CLASS[d.label];
    else continue;
    const key = `${d.rule_id}-${d.test_id}-${d.stage ?? 0}`;
    out.push({
      expect,
      reqs: [req],
      payload: `${d.method} ${d.uri} ${String(req.body).slice(0, 120)}`,
      source: `crs/${d.label}`,
      split: splitOf('crs' + key),
    });
  }
  return out;
}

/** fuzzdb lists by label; XML fuzz lines and parameter pollution are not attack classes here (mostly lone tokens). */
const FUZZDB_CLASS: Record<string, AttackClass[]> = {
  sqli: ['sqli'],
  xss: ['xss'],
  rce: ['rce'],
  ptrav: ['ptrav'],
  rfi: ['ptrav', 'ssrf'],
  xxe: ['xxe'],
  ldapi: ['ldapi'],
  xpathi: ['xpathi', 'sqli', 'ldapi'],
  format_string: ['overflow'],
  ssi: ['ssi'],
  redirect: ['redir'],
  nosqli: ['nosqli'],
  crlf: ['crlf'],
  ssrf: ['ssrf'],
};

export function loadFuzzdb(): LabeledValue[] {
  const file = path.join(CORPUS_DIR, 'fuzzdb-attack/fuzzdb_attack.jsonl');
  const out: LabeledValue[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as { label: string; payload: string; payload_b64?: string; source: string };
    const expect = FUZZDB_CLASS[d.label];
    if (!expect) continue;
    const value = d.payload_b64 ? Buffer.from(d.payload_b64, 'base64').toString('latin1') : d.payload;
    if (value.trim() === '') continue;
    out.push({ expect, value, source: `fuzzdb/${d.label}`, split: splitOf('fuzzdb' + d.source + value) });
  }
  return out;
}
