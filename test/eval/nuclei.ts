/**
 * nuclei templates (../shared/corpus/nuclei-templates-requests) as concrete HTTP requests: the
 * template syntax is expanded the way nuclei would, deterministically ({{Hostname}} is
 * target.example, random helpers give fixed strings, payload lists their first value, DSL
 * helpers such as base64(...) are evaluated; out-of-band domains become attacker.example.net, so
 * that detection cannot lean on the interactsh domain).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { HeaderList } from '../../node/http/types';
import type { AttackClass } from '../../node/records/types';
import { CORPUS_DIR } from './corpus-dir';
import { splitOf, type LabeledRequests } from './corpus';

export interface NucleiTemplate {
  id: string;
  label: string;
  labels: string[];
  cve?: string;
  tags: string[];
  variables?: Record<string, unknown>;
  payloads?: Record<string, unknown>;
  requests: Array<{
    block: number;
    raw?: string;
    method?: string;
    path?: string | string[];
    headers?: Record<string, string>;
    body?: string;
  }>;
}

export interface NucleiRequest {
  method: string;
  target: string;
  headers: HeaderList;
  body: string;
}

export function loadNucleiTemplates(): NucleiTemplate[] {
  const file = path.join(CORPUS_DIR, 'nuclei-templates-requests/nuclei_requests.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as NucleiTemplate);
}

/** Every request of the template, expanded (a raw request that does not parse is left out). */
export function templateRequests(t: NucleiTemplate): NucleiRequest[] {
  const vars = new Map<string, string>();
  for (const [k, v] of Object.entries(t.payloads ?? {})) {
    if (k.startsWith('_')) continue;
    const first = Array.isArray(v) ? v[0] : v;
    if (first !== undefined) vars.set(k.toLowerCase(), String(first));
  }
  for (const [k, v] of Object.entries(t.variables ?? {})) vars.set(k.toLowerCase(), String(v));
  const out: NucleiRequest[] = [];
  for (const r of t.requests) {
    if (r.raw !== undefined) {
      const req = parseRaw(expand(r.raw, vars));
      if (req) out.push(req);
      continue;
    }
    const paths = Array.isArray(r.path) ? r.path : [r.path ?? '{{BaseURL}}/'];
    const headers: HeaderList = [
      ['Host', 'target.example'],
      ['User-Agent', BROWSER],
    ];
    for (const [n, v] of Object.entries(r.headers ?? {})) headers.push([n, expand(String(v), vars)]);
    const p = paths[0];
    out.push({
      method: (r.method ?? 'GET').toUpperCase(),
      target: asTarget(expand(p, vars)),
      headers,
      body: expand(r.body ?? '', vars),
    });
  }
  return out;
}

const BROWSER = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

function asTarget(p: string): string {
  const t = p.replace(/^https?:\/\/[^/]*/i, '');
  return t.startsWith('/') ? t : '/' + t;
}

/** Expands `{{...}}` (nested helpers, variables) from the inside out, at most a few rounds. */
export function expand(text: string, vars: Map<string, string>): string {
  let s = text;
  for (let round = 0; round < 4 && s.includes('{{'); round++)
    s = s.replace(/\{\{([^{}]*)\}\}/g, (_m, expr: string) => evaluate(expr.trim(), vars, 0));
  return s;
}

function evaluate(expr: string, vars: Map<string, string>, depth: number): string {
  if (depth > 6) return 'k3x9qz7w';
  const name = expr.toLowerCase();
  if (name === 'baseurl' || name === 'rooturl') return '';
  if (name === 'hostname' || name === 'host' || name === 'fqdn' || name === 'rdn') return 'target.example';
  if (name === 'port') return '80';
  if (name === 'scheme') return 'http';
  if (name.startsWith('interactsh-url') || name === 'interactsh') return 'cb7f3k.attacker.example.net';
  if (vars.has(name)) return expand(vars.get(name)!, new Map([...vars].filter(([k]) => k !== name)));
  if (/^rand(?:str|string|_base|_text|_char)?(?:_\d+)?$|^randstr_\w+$|^rand\d*$|^(?:string|str\d*)$/.test(name))
    return 'k3x9qz7w';
  if (/^(?:num\d*|rand_int|number)$/.test(name)) return '4271';
  const call = /^([a-z_0-9]+)\((.*)\)$/is.exec(expr);
  if (call) {
    const fn = call[1].toLowerCase();
    const arg = argument(call[2], vars, depth);
    switch (fn) {
      case 'base64':
        return Buffer.from(arg).toString('base64');
      case 'base64_decode':
        return Buffer.from(arg, 'base64').toString('latin1');
      case 'url_encode':
        return encodeURIComponent(arg);
      case 'url_decode':
        try {
          return decodeURIComponent(arg);
        } catch {
          return arg;
        }
      case 'hex_encode':
        return Buffer.from(arg).toString('hex');
      case 'to_lower':
        return arg.toLowerCase();
      case 'to_upper':
        return arg.toUpperCase();
      case 'concat':
        return arg;
      case 'rand_int':
        return '4271';
      case 'rand_base':
      case 'rand_text_alpha':
      case 'rand_text_alphanumeric':
      case 'rand_char':
        return 'k3x9qz7w';
      case 'md5':
        return '5d41402abc4b2a76b9719d911017c592';
      default:
        return arg || 'k3x9qz7w';
    }
  }
  return 'k3x9qz7w';
}

/** The first argument of a helper: a quoted literal, a variable or a nested call. */
function argument(args: string, vars: Map<string, string>, depth: number): string {
  const a = args.trim();
  const quoted = /^(["'])([\s\S]*?)\1/.exec(a);
  if (quoted) {
    // concat("a", "b") and the like: every quoted literal, in order.
    const all = [...a.matchAll(/(["'])([\s\S]*?)\1/g)].map((m) => m[2]);
    return all.length > 1 && /^["'][\s\S]*["']\s*,\s*["']/.test(a) ? all.join('') : quoted[2];
  }
  const first = a.split(',')[0].trim();
  return evaluate(first, vars, depth + 1);
}

/** A raw request as nuclei writes it (`\n` line ends, `@` directives before the request line). */
export function parseRaw(raw: string): NucleiRequest | null {
  const lines = raw.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && (lines[0].trim() === '' || lines[0].startsWith('@'))) lines.shift();
  const m = /^([A-Za-z]+)\s+(\S+)(?:\s+HTTP\/[\d.]+)?\s*$/.exec(lines.shift() ?? '');
  if (!m) return null;
  const headers: HeaderList = [];
  while (lines.length > 0 && lines[0].trim() !== '') {
    const line = lines.shift()!;
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  lines.shift();
  const body = lines.join('\n').replace(/\n+$/, '');
  if (!headers.some(([n]) => n.toLowerCase() === 'user-agent')) headers.push(['User-Agent', BROWSER]);
  return { method: m[1].toUpperCase(), target: asTarget(m[2]), headers, body };
}

/** A template's tag class as ours; every template is a known exploit or probe, so `scanner` (its signature) counts too. */
const NUCLEI_CLASS: Record<string, AttackClass> = {
  log4shell: 'rce',
  shellshock: 'rce',
  nosqli: 'nosqli',
  sqli: 'sqli',
  ssti: 'ssti',
  xxe: 'xxe',
  xss: 'xss',
  ssrf: 'ssrf',
  crlf: 'crlf',
  redirect: 'redir',
  ssi: 'ssi',
  ptrav: 'ptrav',
  rce: 'rce',
  scanner: 'scanner',
};

export function loadNuclei(): LabeledRequests[] {
  const out: LabeledRequests[] = [];
  for (const t of loadNucleiTemplates()) {
    const reqs = templateRequests(t);
    if (reqs.length === 0) continue;
    const cls = NUCLEI_CLASS[t.label] ?? 'scanner';
    const last = reqs[reqs.length - 1];
    out.push({
      expect: cls === 'scanner' ? ['scanner'] : [cls, 'scanner'],
      reqs,
      payload: `${t.id} ${last.method} ${last.target}`.slice(0, 300),
      source: `nuclei/${t.label}`,
      split: splitOf('nuclei' + t.id),
      key: t.id,
    });
  }
  return out;
}
