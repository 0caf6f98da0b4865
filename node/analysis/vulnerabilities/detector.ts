/**
 * Passive vulnerability detection on one transaction (after attack detection and discovery):
 * successful attacks, information exposure (traces, database errors, debug pages), directory
 * listings, secrets, exposed admin and debug endpoints, vulnerable components, weak JWTs,
 * credentials in URLs and sensitive data returned to unauthenticated callers
 * (docs/vulnerabilities.md). Findings are de-duplicated per host, endpoint template, kind and
 * detail (./dedupe), and reported again when a finding quiet for `rereport_after` comes back.
 */
import type { Limits } from '../../config/types';
import type { HttpResponse, HttpTransaction } from '../../http/types';
import type { AttackHit, AttackVerdict, VulnerabilityKind, VulnerabilityRecord } from '../../records/types';
import { formatTs } from '../../records/format';
import { headerValue } from '../../http/headers';
import { bodyText, isJson, type ObservedValue, type TxFacts } from '../discovery/extract';
import type { SensitiveKind } from '../discovery/sensitive';
import { vulnerableComponents } from './components';
import { ADMIN_LITERALS, adminExposures, heapDump } from './admin';
import { FindingKeyTexts, FindingMemory, isPerHostFinding } from './dedupe';
import { bodyExposures, EXPOSURE_LITERALS, internalAddress } from './exposure';
import { LiteralSet } from './literals';
import { JwtChecker, jwtsInText, looksLikeJwt } from './jwt';
import { dataListing, directoryListing } from './listings';
import { graphqlFindings } from './graphql';
import { bodySecrets, jsonFieldSecrets, maskSecret, SECRET_LITERALS, secretShape } from './secrets';
import { lowerName, memoized } from '../../memo';

export interface VulnerabilityContext {
  tx: HttpTransaction;
  facts: TxFacts;
  method: string;
  template: string;
  /** False when the path is not an inventory endpoint (noise, error-only, unknown). */
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
  /** Findings reported again after `rereport_after` without being seen. */
  vulnerabilitiesRereported: number;
  /** Distinct findings forgotten because max_vulnerabilities was reached (may be reported again). */
  dedupeEvicted: number;
  /** Findings on paths outside the inventory past max_unlisted_paths_per_finding (not reported). */
  unlistedPathsCapped: number;
  /** Response bodies whose body checks were not run: the same content was checked before (BodyCheckMemo). */
  bodyChecksReused: number;
}

export interface VulnerabilitySettings {
  maxRemembered: number;
  /** 0: never reported again. */
  rereportAfterUs: number;
  maxUnlistedPathsPerFinding: number;
  limits: Pick<Limits, 'decompressBytes'>;
}

/** Query parameter names that carry credentials, compared lower-cased without '-', '_' and '.'. */
const URL_SECRET_NAMES = new Set([
  'pass',
  'passwd',
  'password',
  'pwd',
  'secret',
  'clientsecret',
  'apisecret',
  'appsecret',
  'token',
  'accesstoken',
  'authtoken',
  'refreshtoken',
  'idtoken',
  'apitoken',
  'sessiontoken',
  'privatetoken',
  'bearertoken',
  'jwt',
  'auth',
  'apikey',
  'xapikey',
  'accesskey',
  'secretkey',
  'privatekey',
  'awssecretaccesskey',
  'sessionid',
  'jsessionid',
  'phpsessid',
  'aspnetsessionid',
  'credentials',
  'oauthtoken',
  'authorization',
  'bearer',
  'session',
  'apiauth',
  'authkey',
  'appkey',
  'clientkey',
]);
/** Name endings that make a credential ('…token' unless a pagination, CSRF or state token). */
const URL_SECRET_SUFFIXES = [
  'password',
  'passwd',
  'secret',
  'apikey',
  'accesstoken',
  'authtoken',
  'privatekey',
  'secretkey',
  'clientsecret',
  'token',
];
const NOT_CREDENTIAL_TOKENS =
  /^(?:page|next|prev|previous|continuation|pagination|cursor|csrf|xsrf|sync|state|nonce|verification|verify|request|form|device|push|registration|captcha|recaptcha|turnstile|resume|start|end|after|before)/;
const NOT_A_SECRET = new Set(['true', 'false', 'null', 'undefined', '0', '1']);
/** The longest of NOT_A_SECRET. */
const NOT_A_SECRET_LONGEST = Math.max(...[...NOT_A_SECRET].map((w) => w.length));

/**
 * `NOT_A_SECRET.has(value.toLowerCase())`, lower-casing (a new string, for every query value)
 * only values short enough to be one of them: lower-casing never shortens a string (docs/
 * performance.md "Allocation and GC per transaction (branch i22-gc)").
 */
export function notASecret(value: string): boolean {
  return value.length <= NOT_A_SECRET_LONGEST && NOT_A_SECRET.has(value.toLowerCase());
}
/** Response headers whose values are not addresses worth reporting. */
const HEADER_IP_SKIP = new Set(['date', 'set-cookie', 'etag', 'last-modified', 'expires', 'content-length', 'content-type']);
/** Personal data an anonymous caller should not get (tokens are left out: login endpoints return them). */
const UNAUTH_KINDS = new Set(['email', 'phone', 'card', 'iban', 'national_id', 'password']);

/** Every body check's literals: one look per body answers them all (literals.ts). */
const BODY_LITERALS = new LiteralSet([...EXPOSURE_LITERALS, ...SECRET_LITERALS, ...ADMIN_LITERALS]);

/** Per response header value (servers repeat theirs on every response). */
const headerInternalAddress = memoized(internalAddress, 4096, 256);

function urlSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[-_.]/g, '');
  return URL_SECRET_NAMES.has(n) || (URL_SECRET_SUFFIXES.some((s) => n.endsWith(s)) && !NOT_CREDENTIAL_TOKENS.test(n));
}
const urlSecretNameOf = memoized(urlSecretName, 4096, 128);

function mask(value: string): string {
  return value.length <= 4 ? '***' : `${value.slice(0, 3)}***`;
}

/** Media types whose bodies may be served files (keys, .env, configs) although not declared as text. */
function sniffable(type: string | null): boolean {
  return (
    type === null ||
    type === 'application/octet-stream' ||
    type === 'binary/octet-stream' ||
    type.startsWith('application/x-') ||
    type.endsWith('yaml') ||
    type.endsWith('toml') ||
    type === 'application/pkcs8'
  );
}

/** Whether decoded text is text: no NUL and (almost) no replacement characters in its first KiB. */
function textLike(text: string): boolean {
  const head = text.length > 1024 ? text.slice(0, 1024) : text;
  if (head.includes('\u0000')) return false;
  let bad = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0xfffd) bad++;
  return bad * 50 < head.length;
}

interface ResponseBody {
  text: string;
  json: boolean;
  html: boolean;
  /** Neither HTML nor JSON: a served file (line-based assignments are read). */
  plain: boolean;
}

function responseBody(res: HttpResponse, facts: TxFacts, limits: Pick<Limits, 'decompressBytes'>): ResponseBody {
  const type = facts.responseContentType;
  let text = facts.responseText;
  if (text === '' && res.body.length > 0 && sniffable(type)) {
    const t = bodyText(res.body, res.headers, limits) ?? '';
    text = textLike(t) ? t : '';
  }
  const json = text !== '' && isJson(type);
  // Markup by its declared type, or (served without one, or as bytes) by its first character.
  const html =
    text !== '' &&
    !json &&
    (type !== null && (type.includes('html') || type.includes('xml')) ? true : sniffable(type) && /^\s{0,200}</.test(text));
  const script = type !== null && type.includes('javascript');
  return { text, json, html, plain: text !== '' && !json && !html && !script };
}

/** Body findings remembered (the number of bodies): enough for the responses an API repeats; forgotten at once when full. */
export const BODY_MEMO_ENTRIES = 4096;
const NO_FINDINGS: readonly VulnerabilityFinding[] = Object.freeze([]);
/**
 * Shorter texts are checked, not looked up: their checks (the literal look marks a short text in
 * one pass) cost about what remembering them does (performance.md "One view of the request,
 * bodies checked once": on the API capture, whose bodies are 1-2 KB, a memory of every body was no faster).
 */
export const BODY_MEMO_MIN_TEXT = 4096;

/**
 * The body checks' findings by the body's content (docs/vulnerabilities.md "Bodies checked once").
 * Every body check (exposures, listings, secrets, admin endpoints, JWTs in the text) is a function
 * of the body's text and of what its key holds besides: the text is the received bytes (SHA-256
 * and length) decoded by their Content-Encoding, read by the media type; the checks also read the
 * status class (< 400) and whether discovery found a password or API-key field. So a body whose
 * key was met before gives the same findings, and they are reused instead of checking it again.
 * A body of a known endpoint and shape with other values is checked: the checks read values.
 * Without a digest (no transaction record produced, HttpBody.sha256 '') or with bytes lost in a
 * gap, bodies are always checked.
 */
export class BodyCheckMemo {
  /** By the body's SHA-256; the rest of the key is compared on a hit (no key string is made per body). */
  private readonly bySha256 = new Map<string, BodyEntry>();
  /** Bodies whose checks were not run (found in the memory). */
  reused = 0;

  constructor(
    private readonly maxEntries = BODY_MEMO_ENTRIES,
    private readonly minText = BODY_MEMO_MIN_TEXT,
  ) {}

  /** The body checks' findings for `body` of `res` (read-only), from memory when its key was met. */
  findings(
    res: HttpResponse,
    type: string | null,
    body: ResponseBody,
    sensitiveFields: boolean,
    jwt: JwtChecker,
  ): readonly VulnerabilityFinding[] {
    const b = res.body;
    if (this.maxEntries === 0 || b.sha256 === '' || b.incomplete || body.text.length < this.minText)
      return bodyFindings(body, res.status, sensitiveFields, jwt);
    const flags = (res.status < 400 ? 1 : 0) | (sensitiveFields ? 2 : 0);
    const coding = headerValue(res.headers, 'content-encoding');
    const known = this.bySha256.get(b.sha256);
    if (
      known !== undefined &&
      known.length === b.length &&
      known.flags === flags &&
      known.type === type &&
      known.coding === coding
    ) {
      this.reused++;
      return known.findings;
    }
    const found = bodyFindings(body, res.status, sensitiveFields, jwt);
    if (known === undefined && this.bySha256.size >= this.maxEntries) this.bySha256.clear();
    this.bySha256.set(b.sha256, { length: b.length, flags, type, coding, findings: found.length === 0 ? NO_FINDINGS : found });
    return found;
  }
}

/** What a remembered body's key holds besides its SHA-256, and its findings. */
interface BodyEntry {
  length: number;
  /** 1: status below 400; 2: a password or API-key field. */
  flags: number;
  type: string | null;
  coding: string | null;
  findings: readonly VulnerabilityFinding[];
}

export function findVulnerabilities(
  ctx: VulnerabilityContext,
  jwt: JwtChecker,
  limits: Pick<Limits, 'decompressBytes'> = { decompressBytes: 1 << 20 },
  bodies: BodyCheckMemo | null = null,
  authorization: AuthorizationJwts | null = null,
): VulnerabilityFinding[] {
  const { tx, facts, attack } = ctx;
  const out: VulnerabilityFinding[] = [];
  const res = tx.response;
  if (attack !== null && attack.verdict === 'succeeded') {
    for (const cls of new Set(attack.hits.map((h) => h.class))) {
      const hit = attack.hits.find((h) => h.class === cls)!;
      out.push({
        kind: 'attack_succeeded',
        detail: cls,
        evidence: `${JSON.stringify(hit.point)}: ${hit.value.slice(0, 160)} -> HTTP ${res?.status ?? '-'}`,
      });
    }
  }
  if (res !== null) responseFindings(res, facts, limits, jwt, out, bodies);
  if (res !== null && facts.graphql !== null) out.push(...graphqlFindings(facts, res.status, facts.responseText));
  requestJwts(tx, facts, jwt, out, authorization);
  for (const p of facts.params) {
    if (p.loc !== 'query' || p.value === '' || notASecret(p.value)) continue;
    if (
      urlSecretNameOf(p.name) ||
      p.sensitive.some((k) => k === 'password' || k === 'jwt' || k === 'api_key') ||
      secretShape(p.value)
    ) {
      out.push({ kind: 'credentials_in_url', detail: `query:${p.name}`, evidence: `${p.name}=${mask(p.value)}` });
    }
  }
  // Bounded and ':'-free before the colon: the target is the client's, and an unbounded
  // [^/@]*:[^/@]*@ backtracks cubically on a run of colons.
  if (/^[a-z][a-z0-9+.-]{0,20}:\/\/[^/@:]{0,256}:[^/@]{0,256}@/i.test(tx.request.target)) {
    out.push({ kind: 'credentials_in_url', detail: 'userinfo', evidence: 'user:password@ in the request target' });
  }
  // A request with a password parameter is a login: it authenticates itself. Asked last (a pure
  // test of every parameter, the costliest of the conditions: docs/performance.md "HTTP,
  // discovery, vulnerabilities, output per transaction (branch i22-stages)").
  if (
    res !== null &&
    res.status < 300 &&
    facts.auth.length === 0 &&
    headerValue(tx.request.headers, 'cookie') === null &&
    !anySensitive(facts.params, 'password', 'password')
  ) {
    const kinds = new Set<string>();
    const fields: string[] = [];
    for (const f of facts.responseFields) {
      for (const k of f.sensitive) {
        if (!UNAUTH_KINDS.has(k)) continue;
        if (!kinds.has(k)) fields.push(`${f.name} (${k})`);
        kinds.add(k);
      }
    }
    if (kinds.size > 0)
      out.push({
        kind: 'unauthenticated_sensitive_data',
        detail: [...kinds].sort().join(','),
        evidence: `response fields ${fields.slice(0, 5).join(', ')} without credentials in the request`,
      });
  }
  return out;
}

/**
 * Whether a value of `values` has the sensitive kind `a` or `b`: `values.some((v) =>
 * v.sensitive.includes(a) || v.sensitive.includes(b))` without a closure and two searches per
 * value; it runs on every parameter and response field of every transaction (docs/performance.md
 * "HTTP, discovery, vulnerabilities, output per transaction (branch i22-stages)").
 */
export function anySensitive(values: readonly ObservedValue[], a: SensitiveKind, b: SensitiveKind): boolean {
  for (let i = 0; i < values.length; i++) {
    const kinds = values[i].sensitive;
    for (let j = 0; j < kinds.length; j++) if (kinds[j] === a || kinds[j] === b) return true;
  }
  return false;
}

/** The body checks: a function of the body's text and kind, the status class and `sensitiveFields` (BodyCheckMemo). */
function bodyFindings(body: ResponseBody, status: number, sensitiveFields: boolean, jwt: JwtChecker): VulnerabilityFinding[] {
  const out: VulnerabilityFinding[] = [];
  const found = BODY_LITERALS.find(body.text);
  for (const e of bodyExposures(body.text, body.json, status < 400, found))
    out.push({ kind: 'info_exposure', detail: e.id, evidence: e.excerpt });
  const listing = body.html ? directoryListing(body.text) : dataListing(body.text);
  if (listing !== null) out.push({ kind: 'directory_listing', detail: listing.server, evidence: listing.excerpt });
  const secrets = bodySecrets(body.text, body.plain, found);
  if (sensitiveFields && secrets.length === 0) secrets.push(...jsonFieldSecrets(body.text));
  for (const s of secrets) out.push({ kind: 'secret_exposure', detail: s.id, evidence: s.evidence });
  for (const a of adminExposures(body.text, body.json, found))
    out.push({ kind: 'exposed_admin_endpoint', detail: a.id, evidence: a.excerpt });
  for (const token of jwtsInText(body.text)) jwtFindings(jwt, token, 'response body', out);
  return out;
}

function responseFindings(
  res: HttpResponse,
  facts: TxFacts,
  limits: Pick<Limits, 'decompressBytes'>,
  jwt: JwtChecker,
  out: VulnerabilityFinding[],
  bodies: BodyCheckMemo | null,
): void {
  const body = responseBody(res, facts, limits);
  if (body.text !== '') {
    // Fields discovery found sensitive by name (password, secret, private key...) are read for their values.
    const sensitiveFields = body.json && anySensitive(facts.responseFields, 'password', 'api_key');
    const found =
      bodies === null
        ? bodyFindings(body, res.status, sensitiveFields, jwt)
        : bodies.findings(res, facts.responseContentType, body, sensitiveFields, jwt);
    for (let i = 0; i < found.length; i++) out.push(found[i]);
  } else if (res.status < 300 && res.body.length > 0 && sniffable(facts.responseContentType)) {
    const dump = heapDump(res.body.inspect.subarray(0, 32), headerValue(res.headers, 'content-disposition'));
    if (dump !== null) out.push({ kind: 'exposed_admin_endpoint', detail: dump.id, evidence: dump.excerpt });
  }
  for (let i = 0; i < res.headers.length; i++) {
    const n = res.headers[i][0];
    const v = res.headers[i][1];
    const name = lowerName(n);
    if (name === 'server' || name === 'x-powered-by' || name === 'x-aspnet-version') {
      const banner = name === 'x-aspnet-version' ? `ASP.NET/${v}` : v;
      for (const c of vulnerableComponents(banner)) {
        out.push({
          kind: 'vulnerable_component',
          detail: `${c.product}/${c.version}`,
          evidence: `${n}: ${v.slice(0, 160)} (${c.summary})`,
          cve: c.cve,
        });
      }
    } else if (name === 'set-cookie') {
      const eq = v.indexOf('=');
      const end = v.indexOf(';');
      const value = v.slice(eq + 1, end < 0 ? v.length : end).trim();
      if (eq > 0 && looksLikeJwt(value)) jwtFindings(jwt, value, `Set-Cookie ${v.slice(0, eq).trim()}`, out);
    } else if (name === 'location') {
      locationCredentials(v, jwt, out);
    }
    if (!HEADER_IP_SKIP.has(name)) {
      const ip = headerInternalAddress(v);
      if (ip !== null) out.push({ kind: 'info_exposure', detail: `internal_ip:header:${name}`, evidence: `${n}: ${ip.excerpt}` });
    }
  }
  if (res.status >= 500) {
    const ip = internalAddress(body.text);
    if (ip !== null) out.push({ kind: 'info_exposure', detail: 'internal_ip:body', evidence: ip.excerpt });
  }
}

/** Credentials in a redirect's URL (query or fragment: the implicit flow's `#id_token=`). */
function locationCredentials(location: string, jwt: JwtChecker, out: VulnerabilityFinding[]): void {
  const start = location.search(/[?#]/);
  if (start < 0) return;
  for (const pair of location
    .slice(start + 1)
    .split(/[&#]/)
    .slice(0, 50)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    if (value === '' || notASecret(value)) continue;
    const isJwt = looksLikeJwt(value);
    if (urlSecretNameOf(name) || isJwt || secretShape(value))
      out.push({
        kind: 'credentials_in_url',
        detail: `location:${name.slice(0, 64)}`,
        evidence: `Location ${name.slice(0, 64)}=${mask(value)}`,
      });
    if (isJwt) jwtFindings(jwt, value, `Location ${name.slice(0, 64)}`, out);
  }
}

function jwtFindings(jwt: JwtChecker, token: string, where: string, out: VulnerabilityFinding[]): void {
  for (const w of jwt.check(token)) {
    const what = w.detail === 'no_expiry' ? ', no exp claim' : w.key ? `, key ${w.key}` : '';
    out.push({ kind: 'weak_jwt', detail: w.detail, evidence: `${where}: alg ${w.alg}${what} (token ${maskSecret(token)})` });
  }
}

/** The weak-JWT findings of an Authorization value (`Bearer <jwt>`, a JWT under any scheme or none). */
function authorizationJwt(v: string, jwt: JwtChecker, out: VulnerabilityFinding[]): void {
  const sp = v.indexOf(' ');
  const cred = sp < 0 ? v : v.slice(sp + 1).trim();
  if (looksLikeJwt(cred)) jwtFindings(jwt, cred, sp < 0 ? 'Authorization' : `Authorization ${v.slice(0, sp)}`, out);
}

/** Authorization values whose findings are remembered, and the longest value remembered (longer ones are checked each time). */
export const AUTHORIZATION_MEMO_ENTRIES = 1024;
const AUTHORIZATION_MEMO_MAX_LENGTH = 4096;

/**
 * authorizationJwt's findings per Authorization value (read-only), remembered: a client sends the
 * same credential on every request, and the findings are a function of the value alone (the
 * verdict per token is JwtChecker's, pure). Saves the JWT shape test, the credential's slice and
 * the finding's evidence text per request (docs/performance.md "Sessions, vulnerabilities,
 * discovery (branch i22-analyses)"). Bounded: forgotten at once when full.
 */
export class AuthorizationJwts {
  private readonly byValue = new Map<string, readonly VulnerabilityFinding[]>();

  constructor(private readonly maxEntries = AUTHORIZATION_MEMO_ENTRIES) {}

  findings(v: string, jwt: JwtChecker): readonly VulnerabilityFinding[] {
    let found = this.byValue.get(v);
    if (found === undefined) {
      const out: VulnerabilityFinding[] = [];
      authorizationJwt(v, jwt, out);
      found = out.length === 0 ? NO_FINDINGS : out;
      if (v.length > AUTHORIZATION_MEMO_MAX_LENGTH || this.maxEntries === 0) return found;
      if (this.byValue.size >= this.maxEntries) this.byValue.clear();
      this.byValue.set(v, found);
    }
    return found;
  }
}

/** JWTs the client sent: Authorization under any scheme, other headers, cookies, query and body parameters. */
function requestJwts(
  tx: HttpTransaction,
  facts: TxFacts,
  jwt: JwtChecker,
  out: VulnerabilityFinding[],
  authorization: AuthorizationJwts | null,
): void {
  const headers = tx.request.headers;
  for (let i = 0; i < headers.length; i++) {
    const n = headers[i][0];
    const v = headers[i][1];
    if (v.length < 12) continue;
    const name = lowerName(n);
    if (name === 'authorization') {
      if (authorization === null) authorizationJwt(v, jwt, out);
      else {
        const found = authorization.findings(v, jwt);
        for (let i = 0; i < found.length; i++) out.push(found[i]);
      }
    } else if (name !== 'cookie' && looksLikeJwt(v)) {
      jwtFindings(jwt, v, `header ${n}`, out);
    }
  }
  const cookies = facts.cookies;
  for (let i = 0; i < cookies.length; i++) {
    const v = cookies[i][1];
    if (looksLikeJwt(v)) jwtFindings(jwt, v, cookies[i][0] === '' ? 'cookie (no name)' : `cookie ${cookies[i][0]}`, out);
  }
  for (const p of facts.params)
    if ((p.loc === 'query' || p.loc === 'body') && looksLikeJwt(p.value)) jwtFindings(jwt, p.value, `${p.loc} ${p.name}`, out);
}

/** A finding to report, as a record without the base fields, with its de-duplication key. */
export type InspectedFinding = Pick<
  VulnerabilityRecord,
  'kind' | 'detail' | 'endpoint' | 'evidence' | 'first_seen' | 'previous_seen' | 'cve'
> & { key: string };

/** What VulnerabilityDetector.inspect tells a VulnerabilityMerge besides the findings to report. */
export interface SightingOutput {
  /** Capture time (µs) the transaction is analysed at (./merge orders sightings by it). */
  analysisUs: number;
  /** A sighting of `key` not reported by this detector. */
  sighting(key: string): void;
  /**
   * Every sighting with its record (a worker thread: the capture thread keys findings again by its
   * own templates, which may join or part what this detector's keys do, so this detector's memory
   * cannot tell which record the merged one will want: docs/api-discovery.md#several-analysis-threads).
   */
  everyRecord?: boolean;
}

export class VulnerabilityDetector {
  readonly counters: VulnerabilityCounters = {
    vulnerabilities: 0,
    duplicates: 0,
    vulnerabilitiesRereported: 0,
    dedupeEvicted: 0,
    unlistedPathsCapped: 0,
    bodyChecksReused: 0,
  };
  /** What was reported (mergeable across worker threads: ./dedupe). */
  readonly memory: FindingMemory;
  /** Distinct unlisted paths reported per host, kind and detail (bounded like the memory). */
  private readonly unlisted = new Map<string, number>();
  private readonly jwt = new JwtChecker();
  private readonly bodies = new BodyCheckMemo();
  private readonly keyTexts = new FindingKeyTexts();
  private readonly authorization = new AuthorizationJwts();
  private readonly s: VulnerabilitySettings;

  constructor(settings: VulnerabilitySettings | number) {
    this.s =
      typeof settings === 'number'
        ? { maxRemembered: settings, rereportAfterUs: 0, maxUnlistedPathsPerFinding: 100, limits: { decompressBytes: 1 << 20 } }
        : settings;
    this.memory = new FindingMemory(this.s.maxRemembered, this.s.rereportAfterUs);
  }

  /**
   * The vulnerabilities of one transaction to report now, as records without the base fields.
   * With `merge` (node/analysis/vulnerabilities/merge.ts decides what is reported, from every
   * thread's sightings): also a finding seen again at the instant of its last report (`tie`: the
   * merge orders one instant's sightings by content), and `merge.sighting` gets each other sighting
   * that moves the finding's last seen on (the re-report decision needs it; the others change
   * nothing there).
   */
  inspect(ctx: VulnerabilityContext, host: string, firstSeen: string, merge?: SightingOutput): InspectedFinding[] {
    const out: InspectedFinding[] = [];
    const ts = ctx.tx.request.startTs;
    const findings = findVulnerabilities(ctx, this.jwt, this.s.limits, this.bodies, this.authorization);
    this.counters.bodyChecksReused = this.bodies.reused;
    if (findings.length === 0) return out;
    for (const f of findings) {
      const perHost = isPerHostFinding(f);
      // The key's text, the same string as when this finding was seen before (./dedupe FindingKeyTexts).
      const keyText = this.keyTexts.text(host, perHost, ctx.method, ctx.template, f.kind, f.detail);
      // Paths outside the inventory (error-only, noise) are reported per path too, but at most
      // max_unlisted_paths_per_finding of them per host, kind and detail: a scanner's million
      // error pages do not make a million records.
      if (!ctx.knownEndpoint && !perHost && !this.memory.has(keyText)) {
        const capKey = `${host}\u0000${f.kind}\u0000${f.detail}`;
        const n = this.unlisted.get(capKey) ?? 0;
        if (n >= this.s.maxUnlistedPathsPerFinding) {
          this.counters.unlistedPathsCapped++;
          continue;
        }
        if (this.unlisted.size >= this.s.maxRemembered) this.unlisted.clear();
        this.unlisted.set(capKey, n + 1);
      }
      const evictedBefore = this.memory.evicted;
      // The parts as they are (a new entry keeps them; its text alone would not tell them apart when a part holds the separator).
      const key = { host, endpoint: perHost ? '' : `${ctx.method} ${ctx.template}`, kind: f.kind, detail: f.detail };
      const seen = this.memory.observe(key, ts, merge?.analysisUs, keyText);
      this.counters.dedupeEvicted += this.memory.evicted - evictedBefore;
      if (!seen.report) {
        this.counters.duplicates++;
        if (merge === undefined) continue;
        if (!seen.tie && merge.everyRecord !== true) {
          if (seen.raised && this.s.rereportAfterUs > 0) merge.sighting(keyText);
          continue;
        }
      } else this.counters.vulnerabilities++;
      // `key`: the de-duplication key, for the merge to report a finding once across threads (./merge).
      const rec: InspectedFinding = {
        kind: f.kind,
        detail: f.detail,
        endpoint: { method: ctx.method, template: ctx.template },
        evidence: f.evidence,
        first_seen: firstSeen,
        key: keyText,
      };
      if (seen.report && seen.previousSeenUs !== null) {
        this.counters.vulnerabilitiesRereported++;
        rec.previous_seen = formatTs(seen.previousSeenUs);
      }
      if (f.cve !== undefined) rec.cve = f.cve;
      out.push(rec);
    }
    return out;
  }
}
