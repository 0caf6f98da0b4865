/**
 * Passive vulnerability detection on one transaction (after attack detection and discovery):
 * successful attacks, information exposure, vulnerable components, weak JWTs, credentials in URLs,
 * and sensitive data returned to unauthenticated callers. Findings are deduplicated by kind, detail
 * and endpoint (a bounded set, oldest forgotten first); each distinct one yields one record.
 */
import type { HttpTransaction } from '../../http/types';
import type { AttackHit, AttackVerdict, VulnerabilityKind, VulnerabilityRecord } from '../../records/types';
import { headerValue } from '../../http/headers';
import type { TxFacts } from '../discovery/extract';
import { vulnerableComponents } from './components';
import { bodyExposures, internalAddress } from './exposure';
import { JwtChecker } from './jwt';
import { lowerName, memoized } from '../../memo';

export interface VulnerabilityContext {
  tx: HttpTransaction;
  facts: TxFacts;
  method: string;
  template: string;
  /** False when the path is not an inventory endpoint (noise, unknown): findings are then per host. */
  knownEndpoint: boolean;
  attack: { hits: AttackHit[]; verdict: AttackVerdict } | null;
}

export interface VulnerabilityFinding {
  kind: VulnerabilityKind;
  detail: string;
  evidence: string;
  cve?: string[];
}

export interface VulnerabilityCounters {
  vulnerabilities: number;
  duplicates: number;
  /** Distinct findings forgotten because max_vulnerabilities was reached (may be reported again). */
  dedupeEvicted: number;
}

/** Query parameter names that carry credentials. */
const URL_SECRETS = /^(?:pass(?:word|wd)?|pwd|secret|client_secret|token|access_token|refresh_token|id_token|auth|api_?key|apikey|private_key|session_?id|jsessionid|phpsessid)$/i;
/** Response headers whose values are not addresses worth reporting. */
const HEADER_IP_SKIP = new Set(['date', 'set-cookie', 'etag', 'last-modified', 'expires', 'content-length', 'content-type']);
/** Personal data an anonymous caller should not get (tokens are left out: login endpoints return them). */
const UNAUTH_KINDS = new Set(['email', 'phone', 'card', 'iban', 'national_id', 'password']);

/** Per response header value (servers repeat theirs on every response). */
const headerInternalAddress = memoized(internalAddress, 4096, 256);

function mask(value: string): string {
  return value.length <= 4 ? '***' : `${value.slice(0, 3)}***`;
}

export function findVulnerabilities(ctx: VulnerabilityContext, jwt: JwtChecker): VulnerabilityFinding[] {
  const { tx, facts, attack } = ctx;
  const out: VulnerabilityFinding[] = [];
  const res = tx.response;
  if (attack !== null && attack.verdict === 'succeeded') {
    for (const cls of new Set(attack.hits.map((h) => h.class))) {
      const hit = attack.hits.find((h) => h.class === cls)!;
      out.push({ kind: 'attack_succeeded', detail: cls, evidence: `${JSON.stringify(hit.point)}: ${hit.value.slice(0, 160)} -> HTTP ${res?.status ?? '-'}` });
    }
  }
  if (res !== null) {
    for (const e of bodyExposures(facts.responseText)) out.push({ kind: 'info_exposure', detail: e.id, evidence: e.excerpt });
    for (const [n, v] of res.headers) {
      const name = lowerName(n);
      if (name === 'server' || name === 'x-powered-by' || name === 'x-aspnet-version') {
        const banner = name === 'x-aspnet-version' ? `ASP.NET/${v}` : v;
        for (const c of vulnerableComponents(banner)) {
          out.push({ kind: 'vulnerable_component', detail: `${c.product}/${c.version}`, evidence: `${n}: ${v.slice(0, 160)} (${c.summary})`, cve: c.cve });
        }
      }
      if (!HEADER_IP_SKIP.has(name)) {
        const ip = headerInternalAddress(v);
        if (ip !== null) out.push({ kind: 'info_exposure', detail: `internal_ip:header:${name}`, evidence: `${n}: ${ip.excerpt}` });
      }
    }
    if (res.status >= 500) {
      const ip = internalAddress(facts.responseText);
      if (ip !== null) out.push({ kind: 'info_exposure', detail: 'internal_ip:body', evidence: ip.excerpt });
    }
  }
  for (const token of jwtCandidates(tx, facts)) {
    const weak = jwt.check(token.value);
    if (weak !== null) {
      out.push({ kind: 'weak_jwt', detail: weak.detail, evidence: `${token.where}: alg ${weak.alg}${weak.key ? `, key ${weak.key}` : ''}` });
    }
  }
  for (const p of facts.params) {
    if (p.loc !== 'query' || p.value === '') continue;
    if (URL_SECRETS.test(p.name) || p.sensitive.some((k) => k === 'password' || k === 'jwt' || k === 'api_key')) {
      out.push({ kind: 'credentials_in_url', detail: `query:${p.name}`, evidence: `${p.name}=${mask(p.value)}` });
    }
  }
  // Bounded and ':'-free before the colon: the target is the client's, and an unbounded
  // [^/@]*:[^/@]*@ backtracks cubically on a run of colons.
  if (/^[a-z][a-z0-9+.-]{0,20}:\/\/[^/@:]{0,256}:[^/@]{0,256}@/i.test(tx.request.target)) {
    out.push({ kind: 'credentials_in_url', detail: 'userinfo', evidence: 'user:password@ in the request target' });
  }
  // A request with a password parameter is a login: it authenticates itself.
  const login = facts.params.some((p) => p.sensitive.includes('password'));
  if (res !== null && res.status < 300 && facts.auth.length === 0 && !login && headerValue(tx.request.headers, 'cookie') === null) {
    const kinds = new Set<string>();
    const fields: string[] = [];
    for (const f of facts.responseFields) {
      for (const k of f.sensitive) {
        if (!UNAUTH_KINDS.has(k)) continue;
        if (!kinds.has(k)) fields.push(`${f.name} (${k})`);
        kinds.add(k);
      }
    }
    if (kinds.size > 0) out.push({ kind: 'unauthenticated_sensitive_data', detail: [...kinds].sort().join(','), evidence: `response fields ${fields.slice(0, 5).join(', ')} without credentials in the request` });
  }
  return out;
}

function jwtCandidates(tx: HttpTransaction, facts: TxFacts): Array<{ where: string; value: string }> {
  const out: Array<{ where: string; value: string }> = [];
  const authz = headerValue(tx.request.headers, 'authorization');
  if (authz !== null && /^bearer\s+/i.test(authz)) out.push({ where: 'Authorization', value: authz.replace(/^bearer\s+/i, '').trim() });
  for (const [n, v] of facts.cookies) if (v.startsWith('eyJ')) out.push({ where: n === '' ? 'cookie (no name)' : `cookie ${n}`, value: v });
  for (const p of facts.params) if (p.loc === 'query' && p.value.startsWith('eyJ')) out.push({ where: `query ${p.name}`, value: p.value });
  return out;
}

export class VulnerabilityDetector {
  readonly counters: VulnerabilityCounters = { vulnerabilities: 0, duplicates: 0, dedupeEvicted: 0 };
  private readonly seen = new Set<string>();
  private readonly jwt = new JwtChecker();

  constructor(private readonly maxRemembered: number) {}

  /** The new (not yet reported) vulnerabilities of one transaction, as records without the base fields. */
  inspect(ctx: VulnerabilityContext, host: string, firstSeen: string): Array<Pick<VulnerabilityRecord, 'kind' | 'detail' | 'endpoint' | 'evidence' | 'first_seen' | 'cve'>> {
    const out = [];
    for (const f of findVulnerabilities(ctx, this.jwt)) {
      // Findings about the server itself (banners, internal addresses in headers) are per host, not
      // per endpoint; so are findings on paths outside the inventory (a scanner's million error
      // pages make one record per kind and detail, not one per path).
      const perHost = f.kind === 'vulnerable_component' || f.detail.startsWith('internal_ip:header') || !ctx.knownEndpoint;
      const key = `${f.kind}\u0000${f.detail}\u0000${host}\u0000${perHost ? '' : `${ctx.method} ${ctx.template}`}`;
      if (this.seen.has(key)) {
        this.counters.duplicates++;
        continue;
      }
      if (this.seen.size >= this.maxRemembered) {
        this.seen.delete(this.seen.values().next().value as string);
        this.counters.dedupeEvicted++;
      }
      this.seen.add(key);
      this.counters.vulnerabilities++;
      const rec = { kind: f.kind, detail: f.detail, endpoint: { method: ctx.method, template: ctx.template }, evidence: f.evidence, first_seen: firstSeen } as Pick<VulnerabilityRecord, 'kind' | 'detail' | 'endpoint' | 'evidence' | 'first_seen' | 'cve'>;
      if (f.cve !== undefined) rec.cve = f.cve;
      out.push(rec);
    }
    return out;
  }
}
