import type { HttpRequest, HttpResponse, HttpTransaction } from '../../http/types';
import { ATTACK_CLASSES, type AttackClass, type AttackHit, type AttackVerdict, type RequestPoint } from '../../records/types';
import type { ExploitSignature } from './detectors/exploits';
import { Budget, type CapKind, DEFAULT_ATTACK_LIMITS, type AttackLimits } from './budget';
import { BASE64_MIN_LENGTH, decodeBase64Text, mayEmbedBase64 } from './decode/base64';
import { decodeVariants, isPlain, onlyBase64Possible } from './decode/variants';
import { mayBeJsonContainer } from './decode/json-strings';
import { DETECTORS, headerContext, type Detector } from './detectors/index';
import type { RequestContext } from './detectors/request-context';
import { GateMask } from './detectors/gates';
import { isOverflowRun } from './detectors/overflow';
import { isToolAgent, scannerRule } from './detectors/scanner';
import { partialSessionPut, scriptWritten } from './detectors/script-upload';
import { SERIALIZED_STREAM } from './detectors/code-injection';
import { isRedirectName } from './detectors/redir';
import { decodeContent } from '../../http/content-decoding';
import { headerValue, isNamed } from '../../http/headers';
import { isTextMediaType, mediaTypeEssence, targetPath } from '../../http/request';
import { extractRequest } from './points/extract';
import { requestView } from '../shared/request-view';
import { extractMessage } from './points/websocket';
import type { GraphqlRead } from './points/graphql';
import { executedOperations, GraphqlReader } from '../../graphql/document';
import { newGraphqlCounters, type GraphqlCounters } from '../../graphql/counters';
import { DEFAULT_GRAPHQL_SETTINGS, type GraphqlSettings } from '../../graphql/settings';
import { POINT_KINDS, type PointKind, type RequestValue } from './points/types';
import { verdictOf } from './verdict';
import { memoized } from '../../memo';
import { committedModels, type DetectionModels } from './models';
import { noteReaderCap, takeReaderCap } from './detectors/reader-caps';
import { ProfileStore, type ProfileCounters } from './profile/profiles';
import { DEFAULT_ANOMALY_SETTINGS, type AnomalySettings } from './profile/settings';
import { backupOfKnownPath } from './profile/backup-probe';
import { memoryKey } from './memory-key';

/** Longest hit value kept in a record, in UTF-8 bytes (SPEC section 5: 1 KiB). */
const MAX_HIT_VALUE_BYTES = 1024;
const MAX_CACHED_HEADERS = 4096;
const MAX_CACHED_VALUE = 512;
/** Values (of any kind but headers) whose test is remembered, and the longest value and name remembered. */
const MAX_KNOWN_VALUES = 16384;
const MAX_KNOWN_VALUE_LENGTH = 256;
const OPAQUE_MIN_LENGTH = 256;
/** Form bodies longer than this are not read for exploit-signature parameters. */
const MAX_SIGNATURE_FORM = 64 * 1024;
const EXPLOIT_POINT: RequestPoint = ['path'];

const GATES = new GateMask(DETECTORS);
/** The detectors' bits of a GateMask.of result (without TEXT_HINTS). */
const GATE_BITS = GATES.gateBits;

/** The gate bits any text of ASCII digits alone can pass (GateMask.of is the union over its characters). */
const DIGITS_MASK = GATES.of('0123456789') & GATE_BITS;

/**
 * The detectors that read some values, with their gate bits (GateMask: `gateWhere`'s where it
 * holds), the union of those, the lengths of form each can match (Detector.minLength,
 * longestMatch), and how long a value of digits alone must be before any of them could be asked
 * about it (quietDigitsBelow).
 */
interface Applicable {
  detectors: Detector[];
  bits: number[];
  mask: number;
  minLengths: number[];
  longestMatches: number[];
  quietDigitsBelow: number;
}

function applicableTo(v: RequestValue): Applicable {
  const found: Applicable = { detectors: [], bits: [], mask: 0, minLengths: [], longestMatches: [], quietDigitsBelow: 0 };
  for (const d of DETECTORS) {
    if (!d.applies(v)) continue;
    const bit = GATES.bitOf(d.gateWhere?.at(v) === true ? d.gateWhere.gate : d.gate);
    found.detectors.push(d);
    found.bits.push(bit);
    found.mask |= bit;
    found.minLengths.push(d.minLength ?? 0);
    found.longestMatches.push(d.longestMatch ?? Number.POSITIVE_INFINITY);
  }
  found.quietDigitsBelow = quietDigitsBelow(found);
  return found;
}

/**
 * The length below which a value of ASCII digits alone (an id, a count, a quantity) is plain and
 * meets no detector: testValue would charge its characters to the budget and return no hits
 * without calling a test or trimming (docs/performance.md "The attack stage per transaction
 * (branch i22-attacks5)"). A detector whose gate digits cannot pass is never asked; one they can
 * pass is quiet below the shortest number it can match (Detector.shortestNumber, else its
 * minLength) and up to its maxLength (past it testForm counts a trim). Below BASE64_MIN_LENGTH, so
 * that the value is plain by its length alone (isPlain: digits are base64 characters). Zero when
 * no detector applies: testValue answers those without a charge.
 */
function quietDigitsBelow(a: Applicable): number {
  if (a.mask === 0) return 0;
  let below = BASE64_MIN_LENGTH;
  for (let k = 0; k < a.detectors.length; k++) {
    if ((a.bits[k] & DIGITS_MASK) === 0) continue;
    const d = a.detectors[k];
    const quietUpTo = Math.min(Math.max(a.minLengths[k], d.shortestNumber ?? 0), (d.maxLength ?? Number.POSITIVE_INFINITY) + 1);
    if (quietUpTo < below) below = quietUpTo;
  }
  return below;
}

/** Whether `value` is 1 to `below - 1` ASCII digits. */
function isShortNumber(value: string, below: number): boolean {
  const n = value.length;
  if (n === 0 || n >= below) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Which detectors read each kind of point (headers depend on the name: see headerDetectors). */
const DETECTORS_BY_KIND = new Map<PointKind, Applicable>(
  POINT_KINDS.map((kind) => [kind, applicableTo({ point: [], kind, name: '', value: '' })]),
);
/** The detectors that read a header depend only on its (lower-case) name, the sender's choice. */
const headerDetectors = memoized((name: string) => applicableTo({ point: [], kind: 'header', name, value: '' }), 1024);
const NONE: Applicable = { detectors: [], bits: [], mask: 0, minLengths: [], longestMatches: [], quietDigitsBelow: 0 };
/** Shared by every clean value (never written to). */
const NO_HITS: ValueHit[] = [];

interface ValueHit {
  cls: AttackClass;
  text: string;
}

/**
 * What testing one value found and what it cost the request's budget, so that the value met again
 * (at a point of the same kind and name) is answered without decoding or testing it, with the same
 * charges: decoded characters, trims, a language reader's early stop (docs/detection.md, "value
 * memory").
 */
interface KnownValue {
  hits: ValueHit[];
  /** Decoded characters the test accounted (Budget.takeDecoded). */
  charged: number;
  /** Caps the test trimmed (value_length, decode_depth), or null. */
  trims: CapKind[] | null;
  /** Whether a language reader stopped early (caps.script_chars). */
  readerCap: boolean;
}

/**
 * A remembered test that found nothing, trimmed nothing and stopped no reader (nearly all) is
 * stored as its charge alone: a number in the memory instead of an object per value
 * (docs/performance.md "The attack stage per value (branch i22-attacks)").
 */
type Known = KnownValue | number;

export interface AttackDetectorOptions {
  /** Decoded bytes examined per request (request body after content decoding included). */
  maxDecodedBytes?: number;
  /** Request values examined per request. */
  maxValues?: number;
  /** Wall time per request, in milliseconds. */
  maxMillisPerRequest?: number;
  /** Learned models (default: the committed ones); the evaluation passes models learned without the corpus it scores. */
  models?: DetectionModels;
  /** GraphQL reading and abuse limits (docs/graphql.md); default: DEFAULT_GRAPHQL_SETTINGS. */
  graphql?: GraphqlSettings;
  /** Remember each value's test across requests (default true; false is the reference the tests compare with). */
  rememberValues?: boolean;
  /**
   * Answer a short value of digits alone that no applicable detector can match without a test or
   * the value memory (quietDigitsBelow; default true; false is the reference the tests compare with).
   */
  quietNumbers?: boolean;
  /** Parameter profiles and `anomaly` hits (docs/detection.md "Parameter profiles"); default DEFAULT_ANOMALY_SETTINGS. */
  anomaly?: Partial<AnomalySettings>;
}

export interface AttackCounters {
  requests: number;
  /** Requests with at least one hit. */
  attacks: number;
  hits: Record<AttackClass, number>;
  verdicts: Record<AttackVerdict, number>;
  values: number;
  /** Requests cut short or values trimmed by each cap. */
  caps: Record<CapKind, number>;
  /** Request or response bodies whose Content-Encoding could not be (wholly) undone. */
  bodyDecodeErrors: number;
  /** Exceptions inside detection (a bug, never a crash): the request is skipped. */
  internalErrors: number;
  /** GraphQL requests read, documents that did not parse, limits met (docs/graphql.md "Counters"). */
  graphql: GraphqlCounters;
  /** Parameter profiles (null when anomaly_detection is off): docs/detection.md "Parameter profiles". */
  profiles: ProfileCounters | null;
}

/**
 * Turns one HTTP transaction into attack hits with a verdict, or null when it is clean.
 * Cost per request is bounded by the options; every cap that is hit is counted.
 */
export class AttackDetector {
  readonly limits: AttackLimits;
  private readonly models: DetectionModels;
  /** The context for header values: the models only (see headerContext). */
  private readonly headerContext: RequestContext;
  /** Results per header name, then value (no key strings built per value). */
  private readonly headerCache = new Map<string, Map<string, ValueHit[]>>();
  private headerCacheSize = 0;
  /** Tests of other values by kind, then name, then value (see KnownValue). */
  private readonly knownValues = new Map<PointKind, Map<string, Map<string | number, Known>>>();
  private knownValuesSize = 0;
  private readonly rememberValues: boolean;
  private readonly quietNumbers: boolean;
  readonly counters: AttackCounters = {
    requests: 0,
    attacks: 0,
    hits: Object.fromEntries(ATTACK_CLASSES.map((c) => [c, 0])) as Record<AttackClass, number>,
    verdicts: { attempt: 0, blocked: 0, succeeded: 0 },
    values: 0,
    caps: { decoded_bytes: 0, values: 0, time: 0, decode_depth: 0, structure_depth: 0, script_chars: 0, value_length: 0 },
    bodyDecodeErrors: 0,
    internalErrors: 0,
    graphql: newGraphqlCounters(),
    profiles: null,
  };
  /** Null when graphql.enabled is false: GraphQL requests are read as JSON or text. */
  private readonly graphql: GraphqlReader | null;
  /** This detector's GraphQL abuse thresholds (the shared reader holds only parse limits). */
  private readonly graphqlSettings: GraphqlSettings;
  /** Null when anomaly detection is off. */
  private readonly profiles: ProfileStore | null;

  constructor(opts: AttackDetectorOptions = {}) {
    this.models = opts.models ?? committedModels();
    this.headerContext = headerContext(this.models);
    const graphql = opts.graphql ?? DEFAULT_GRAPHQL_SETTINGS;
    this.graphqlSettings = graphql;
    this.graphql = graphql.enabled ? GraphqlReader.shared(graphql) : null;
    this.rememberValues = opts.rememberValues ?? true;
    this.quietNumbers = opts.quietNumbers ?? true;
    const anomaly = { ...DEFAULT_ANOMALY_SETTINGS, ...opts.anomaly };
    this.profiles = anomaly.enabled ? new ProfileStore(anomaly) : null;
    this.counters.profiles = this.profiles?.counters ?? null;
    this.limits = {
      ...DEFAULT_ATTACK_LIMITS,
      ...(opts.maxDecodedBytes !== undefined && { maxDecodedBytes: opts.maxDecodedBytes }),
      ...(opts.maxValues !== undefined && { maxValues: opts.maxValues }),
      ...(opts.maxMillisPerRequest !== undefined && { maxMillisPerRequest: opts.maxMillisPerRequest }),
    };
  }

  detect(tx: HttpTransaction): { hits: AttackHit[]; verdict: AttackVerdict } | null {
    const hits = this.withResponse(tx.request, this.inspect(tx.request), tx.response);
    return hits === null ? null : { hits, verdict: this.judge(hits, tx.response) };
  }

  /**
   * `hits` (from inspect, never changed) with what only the response proves: a 3xx that sends the
   * client to another host, to the URL a redirect parameter carried, is an open redirect.
   */
  withResponse(req: HttpRequest, hits: AttackHit[] | null, response: HttpResponse | null): AttackHit[] | null {
    if (response === null || response.status < 300 || response.status > 399 || hits?.some((h) => h.class === 'redir'))
      return hits;
    const away = redirectedAway(req, response);
    if (away === null) return hits;
    this.counters.hits.redir++;
    return hits === null ? [away] : [...hits, away];
  }

  /**
   * The attack hits in a request, or null when it is clean. Needs only the request, so it can run
   * before the response arrives (whose body is then kept only for requests with hits).
   */
  inspect(req: HttpRequest): AttackHit[] | null {
    this.counters.requests++;
    try {
      const hits = this.run(req);
      if (hits !== null) for (const h of hits) this.counters.hits[h.class]++;
      return hits;
    } catch {
      this.counters.internalErrors++;
      return null;
    }
  }

  /**
   * The attack hits in one WebSocket message's text (points ["ws", ...], docs/websocket.md), with
   * `req` (the opening handshake's request, or an empty one) as the context detectors may ask
   * about (hosts, tool agent). Null when clean. Counted as a request.
   */
  inspectMessage(req: HttpRequest, text: string): AttackHit[] | null {
    this.counters.requests++;
    try {
      const hits = this.run(req, (budget, sink) => {
        extractMessage(text, budget.limits.maxStructureDepth, sink);
        return null;
      });
      if (hits !== null) for (const h of hits) this.counters.hits[h.class]++;
      return hits;
    } catch {
      this.counters.internalErrors++;
      return null;
    }
  }

  /** What the response says about the attack in `hits` (see verdictOf). */
  judge(hits: AttackHit[], response: HttpResponse | null): AttackVerdict {
    const verdict = verdictOf(hits, response, () => this.responseText(response));
    this.counters.attacks++;
    this.counters.verdicts[verdict]++;
    return verdict;
  }

  /** `extract` hands every value to the sink and returns a body-decoding problem (null: none); the request's own by default. */
  private run(
    req: HttpRequest,
    extract: ((budget: Budget, sink: (v: RequestValue) => boolean) => string | null) | null = null,
  ): AttackHit[] | null {
    takeReaderCap();
    const budget = new Budget(this.limits);
    const ctx = new LazyRequestContext(req, this.models);
    const hits: AttackHit[] = [];
    // Made on the first hit: most requests have none.
    let seen: Set<string> | null = null;
    // Classes found in the parts of a whole (path segments, query or form pairs), by root: the
    // whole (`path`, `urlencoded`) does not report them again.
    let partClasses: Set<string> | null = null;
    const profiles = extract === null ? this.profiles : null;
    const host = profiles === null ? '' : (headerValue(req.headers, 'host') ?? '').toLowerCase();
    const endpoint = profiles === null ? null : profiles.endpoint(host, req.method, ctx.pathAsSent());
    if (endpoint !== null) profiles!.beginRequest(endpoint);
    const onValue = (v: RequestValue): boolean => {
      if (!budget.takeValue()) return false;
      this.counters.values++;
      const found =
        v.kind !== 'header'
          ? this.valueHits(v, budget, ctx)
          : this.cacheable(v)
            ? this.cachedHeaderHits(v, budget)
            : this.testValue(v, budget, this.headerContext);
      // After the attack classes: a value one of them found is not learned by its profile
      // (docs/detection.md "Attacks not learned (branch i18-profiles4)").
      const broken = endpoint === null ? null : profiles!.observe(endpoint, v, found.length > 0);
      if (found.length === 0) {
        if (broken !== null) {
          hits.push({ class: 'anomaly', point: v.point, value: truncateUtf8(v.value, MAX_HIT_VALUE_BYTES), rule: broken });
        }
        return budget.exhausted === null;
      }
      seen ??= new Set();
      partClasses ??= new Set();
      const pointKey = v.point.join('\u0001');
      const whole = v.kind === 'path' || v.kind === 'path_tail' || v.kind === 'urlencoded';
      for (const f of found) {
        if (seen.has(f.cls + pointKey)) continue;
        const rootKey = f.cls + String(v.point[0]);
        if (!whole) partClasses.add(rootKey);
        else if (partClasses.has(rootKey)) continue;
        seen.add(f.cls + pointKey);
        const hit: AttackHit = { class: f.cls, point: v.point, value: truncateUtf8(f.text, MAX_HIT_VALUE_BYTES) };
        // Which class rule found it; a known-exploit signature below puts its id there instead.
        if (f.cls === 'scanner') hit.rule = scannerRule(f.text, v, ctx);
        hits.push(hit);
      }
      return budget.exhausted === null;
    };
    let bodyError: string | null;
    if (extract === null) {
      const read = extractRequest(req, budget, onValue, this.graphql, ctx.pathAsSent());
      bodyError = read.bodyError;
      if (read.graphql !== null) this.graphqlFindings(read.graphql, hits);
    } else bodyError = extract(budget, onValue);
    if (bodyError !== null) this.counters.bodyDecodeErrors++;
    // A parameter-set rule needs every value read: a capped request or an undecoded body lacks some.
    if (endpoint !== null && bodyError === null && budget.exhausted === null) {
      const missing = profiles!.missing(endpoint);
      if (missing !== null) for (const m of missing) hits.push({ class: 'anomaly', point: m.point, value: '', rule: m.rule });
    }
    if (profiles !== null && !hits.some((h) => h.class === 'scanner' && h.point[0] === 'path')) {
      const original = backupOfKnownPath(ctx.path, (p) => profiles.knowsPath(host, p));
      if (original !== null) {
        hits.push({
          class: 'scanner',
          point: EXPLOIT_POINT,
          value: truncateUtf8(ctx.path, MAX_HIT_VALUE_BYTES),
          rule: 'backup-copy',
        });
      }
    }
    const exploit = extract === null ? this.knownExploit(req, ctx) : null;
    if (exploit !== null) {
      const probe = hits.find((h) => h.class === 'scanner' && h.point.length === 1 && h.point[0] === 'path');
      if (probe) probe.rule = exploit.id;
      else
        hits.push({
          class: 'scanner',
          point: EXPLOIT_POINT,
          value: truncateUtf8(ctx.path, MAX_HIT_VALUE_BYTES),
          rule: exploit.id,
        });
    }
    if (extract === null) this.scriptWrite(req, hits);
    if (budget.exhausted) this.counters.caps[budget.exhausted]++;
    for (const kind of budget.trimmed) this.counters.caps[kind]++;
    if (takeReaderCap()) this.counters.caps.script_chars++;
    return hits.length === 0 ? null : hits;
  }

  /**
   * Counts a GraphQL request and adds its `graphql_abuse` hits: depth (the deepest executed
   * operation), aliases and fields (summed over the calls of a batch), batch size, each over its
   * limit, with the measured figure (docs/graphql.md "Abuse").
   */
  private graphqlFindings(read: GraphqlRead, hits: AttackHit[]): void {
    const c = this.counters.graphql;
    const s = this.graphqlSettings;
    const { envelope, outcomes } = read;
    if (envelope.transport === 'json') c.requestsJson++;
    else if (envelope.transport === 'get') c.requestsGet++;
    else if (envelope.transport === 'form') c.requestsForm++;
    else c.requestsGraphqlBody++;
    c.calls += envelope.calls.length;
    let depth = 0;
    let aliases = 0;
    let fields = 0;
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i];
      if (!o.ok) {
        if (o.failure === 'syntax') c.parseErrors++;
        else if (o.failure === 'too_large') c.documentTooLarge++;
        else if (o.failure === 'too_many_tokens') c.tooManyTokens++;
        else {
          // Too deep to parse: the nesting is a lower bound of its depth, which is over any sane limit.
          c.tooDeep++;
          depth = Math.max(depth, o.nesting ?? 0);
        }
        continue;
      }
      let introspection = false;
      for (const op of executedOperations(o.document, envelope.calls[i].operationName)) {
        depth = Math.max(depth, op.depth);
        aliases += op.aliases;
        fields += op.fieldCount;
        introspection ||= op.introspection;
      }
      if (introspection) c.introspection++;
    }
    const over = (figure: number, limit: number, what: string, setting: string): boolean => {
      if (figure <= limit) return false;
      hits.push({ class: 'graphql_abuse', point: ['graphql', what], value: `${what} ${figure} > ${setting} ${limit}` });
      return true;
    };
    if (over(depth, s.maxDepth, 'depth', 'max_depth')) c.abuseDepth++;
    if (over(aliases, s.maxAliases, 'aliases', 'max_aliases')) c.abuseAliases++;
    if (over(envelope.calls.length, s.maxBatch, 'batch', 'max_batch')) c.abuseBatch++;
    if (over(fields, s.maxFields, 'fields', 'max_fields')) c.abuseFields++;
  }

  /** An `rce` hit for a server-side script written by PUT, MOVE or COPY (detectors/script-upload.ts). */
  private scriptWrite(req: HttpRequest, hits: AttackHit[]): void {
    if (req.method === 'GET' || req.method === 'POST') return;
    const path = targetPath(req.target);
    const destination = headerValue(req.headers, 'destination');
    const where = scriptWritten(req.method, path, destination);
    if (where === null) {
      const range = headerValue(req.headers, 'content-range');
      const serialized = (): boolean => SERIALIZED_STREAM.test(req.body.inspect.subarray(0, 64).toString('latin1'));
      if (partialSessionPut(req.method, path, range, serialized))
        hits.push({
          class: 'rce',
          point: EXPLOIT_POINT,
          value: truncateUtf8(`${req.method} ${path} Content-Range: ${range}`, MAX_HIT_VALUE_BYTES),
          rule: 'partial-put',
        });
      return;
    }
    if (hits.some((h) => h.class === 'rce')) return;
    const value = where === 'path' ? path : destination!;
    hits.push({
      class: 'rce',
      point: where === 'path' ? EXPLOIT_POINT : ['header', 'destination'],
      value: truncateUtf8(`${req.method} ${value}`, MAX_HIT_VALUE_BYTES),
      rule: 'script-write',
    });
  }

  /** The known-exploit signature the request matches (method, path, parameters), if any. */
  private knownExploit(req: HttpRequest, ctx: LazyRequestContext): ExploitSignature | null {
    const exploits = this.models.exploits;
    if (exploits.size === 0) return null;
    // Nearly every path has no candidate: answered before the readers below are made
    // (docs/performance.md "The attack stage per transaction (branch i22-attacks3)").
    const candidates = exploits.candidates(exploitPath(req.target, ctx));
    if (candidates === undefined) return null;
    const q = req.target.indexOf('?');
    const query = (): string => (q < 0 ? '' : req.target.slice(q + 1));
    const form = (): string | null => {
      const body = req.body.inspect;
      return body.length > 0 &&
        body.length <= MAX_SIGNATURE_FORM &&
        /x-www-form-urlencoded/i.test(headerValue(req.headers, 'content-type') ?? '')
        ? body.toString('latin1')
        : null;
    };
    return exploits.matchAmong(candidates, req.method, query, form);
  }

  /**
   * The hits of a value other than a header's. Ids, counts and quantities are most of the values
   * met once (path segments, JSON numbers, cookies): one that no detector applicable to its kind
   * can match (quietDigitsBelow) is charged and answered here, as testValue would answer it, with
   * no lookup or store in the value memory. Else the memory (short values and names) or a test.
   */
  private valueHits(v: RequestValue, budget: Budget, ctx: LazyRequestContext): ValueHit[] {
    if (this.quietNumbers && isShortNumber(v.value, (DETECTORS_BY_KIND.get(v.kind) ?? NONE).quietDigitsBelow)) {
      budget.takeDecoded(v.value.length);
      return NO_HITS;
    }
    return this.rememberValues && v.value.length <= MAX_KNOWN_VALUE_LENGTH && v.name.length <= MAX_KNOWN_VALUE_LENGTH
      ? this.knownValueHits(v, budget, ctx)
      : this.testValue(v, budget, ctx);
  }

  /** Every class whose detector matches some decoded form of the value, with that form. */
  private testValue(v: RequestValue, budget: Budget, ctx: RequestContext): ValueHit[] {
    const applicable = v.kind === 'header' ? headerDetectors(v.name) : (DETECTORS_BY_KIND.get(v.kind) ?? NONE);
    if (applicable.mask === 0) return NO_HITS;
    const rawMask = GATES.of(v.value);
    // Most values have no other form than themselves, so no variant list is built for them: plain
    // ones by the scan's hints, and text in the base64 alphabet that is not base64 text (words with
    // spaces, paths, numbers), where decodeVariants would give the value alone after the same charge.
    if (
      isPlain(v.value, rawMask) ||
      (onlyBase64Possible(rawMask) &&
        decodeBase64Text(v.value) === null &&
        !mayEmbedBase64(v.value) &&
        !mayBeJsonContainer(v.value))
    ) {
      if (!budget.takeDecoded(v.value.length) || (rawMask & applicable.mask) === 0 || isOpaqueToken(v.value)) return NO_HITS;
      return this.testForm(applicable, v.value, rawMask, v, budget, ctx);
    }
    const variants = decodeVariants(v.value, budget);
    if (variants.length === 1 && isOpaqueToken(v.value)) return NO_HITS;
    // The first variant is the value itself unless it had NULs to strip.
    // The value as sent passes its gates too (a NUL byte is evidence before decoding removes it).
    const masks: number[] = [variants[0] === v.value ? rawMask : GATES.of(variants[0]) | (rawMask & GATE_BITS)];
    let passed = masks[0];
    for (let i = 1; i < variants.length; i++) {
      const mask = GATES.of(variants[i]);
      masks.push(mask);
      passed |= mask;
    }
    return (passed & applicable.mask) === 0 ? NO_HITS : this.testForms(applicable, variants, masks, passed, v, budget, ctx);
  }

  /** testForms for a value with one form (no arrays made). */
  private testForm(
    applicable: Applicable,
    text: string,
    mask: number,
    v: RequestValue,
    budget: Budget,
    ctx: RequestContext,
  ): ValueHit[] {
    let found: ValueHit[] = NO_HITS;
    const { detectors, bits, minLengths, longestMatches } = applicable;
    const n = text.length;
    for (let k = 0; k < detectors.length; k++) {
      // The gate, then the lengths the detector can match: exact, so nothing is counted.
      if ((mask & bits[k]) === 0 || n < minLengths[k] || n > longestMatches[k]) continue;
      if (budget.outOfTime()) break;
      if (n > (detectors[k].maxLength ?? Infinity)) {
        budget.trim('value_length');
        continue;
      }
      if (!detectors[k].test(text, v, ctx, true, mask)) continue;
      if (found === NO_HITS) found = [];
      found.push({ cls: detectors[k].cls, text });
    }
    return found;
  }

  /** Each applicable detector on the forms that pass its gate, until one matches. */
  private testForms(
    applicable: Applicable,
    variants: readonly string[],
    masks: number[],
    passed: number,
    v: RequestValue,
    budget: Budget,
    ctx: RequestContext,
  ): ValueHit[] {
    let found: ValueHit[] = NO_HITS;
    const last = variants.length - 1;
    const { detectors, bits, minLengths, longestMatches } = applicable;
    for (let k = 0; k < detectors.length; k++) {
      const bit = bits[k];
      if ((passed & bit) === 0) continue;
      if (budget.outOfTime()) break;
      const d = detectors[k];
      for (let i = 0; i <= last; i++) {
        const n = variants[i].length;
        if ((masks[i] & bit) === 0 || n < minLengths[k] || n > longestMatches[k]) continue;
        if (n > (d.maxLength ?? Infinity)) {
          budget.trim('value_length');
          continue;
        }
        if (!d.test(variants[i], v, ctx, i === last, masks[i])) continue;
        if (found === NO_HITS) found = [];
        found.push({ cls: d.cls, text: variants[i] });
        break;
      }
    }
    return found;
  }

  /**
   * Header values repeat across requests (User-Agent, Accept...) and their result depends only on
   * name and value (detectors get headerContext() for them, which throws when the request is read), so short ones
   * are remembered (bounded; the cache is dropped when full).
   */
  private cacheable(v: RequestValue): boolean {
    return v.value.length <= MAX_CACHED_VALUE;
  }

  private cachedHeaderHits(v: RequestValue, budget: Budget): ValueHit[] {
    let byValue = this.headerCache.get(v.name);
    const cached = byValue?.get(v.value);
    if (cached !== undefined) return cached;
    const found = this.testValue(v, budget, this.headerContext);
    if (budget.exhausted !== null) return found; // possibly partial: not worth remembering
    if (this.headerCacheSize >= MAX_CACHED_HEADERS) {
      this.headerCache.clear();
      this.headerCacheSize = 0;
      byValue = undefined;
    }
    if (byValue === undefined) this.headerCache.set(v.name, (byValue = new Map()));
    byValue.set(v.value, found);
    this.headerCacheSize++;
    return found;
  }

  /**
   * testValue, remembered per (kind, name, value) across requests: ids, keys, cookies and query
   * values repeat. A test is remembered only when it depends on nothing else: it did not read the
   * request context (hosts, tool agent, path), the budget did not run out during it, and no cap
   * had trimmed the request before it (so the trims seen are this value's). A remembered test is
   * replayed only when its decoded characters fit in what is left of the budget; otherwise the
   * value is tested again, which stops the request exactly where the first test would have.
   */
  private knownValueHits(v: RequestValue, budget: Budget, ctx: LazyRequestContext): ValueHit[] {
    let byName = this.knownValues.get(v.kind)?.get(v.name);
    const key = memoryKey(v.value);
    const known = byName?.get(key);
    if (typeof known === 'number') {
      if (budget.fitsDecoded(known)) {
        budget.takeDecoded(known);
        return NO_HITS;
      }
    } else if (known !== undefined && budget.fitsDecoded(known.charged)) {
      budget.takeDecoded(known.charged);
      if (known.trims !== null) for (const kind of known.trims) budget.trim(kind);
      if (known.readerCap) noteReaderCap();
      return known.hits;
    }
    const trimmedBefore = budget.trimmed.size;
    const decodedBefore = budget.decodedChars;
    const readsBefore = ctx.reads;
    const capBefore = takeReaderCap();
    const hits = this.testValue(v, budget, ctx);
    const readerCap = takeReaderCap();
    if (capBefore || readerCap) noteReaderCap();
    if (known !== undefined || budget.exhausted !== null || ctx.reads !== readsBefore || trimmedBefore !== 0) return hits;
    if (this.knownValuesSize >= MAX_KNOWN_VALUES) {
      this.knownValues.clear();
      this.knownValuesSize = 0;
      byName = undefined;
    }
    if (byName === undefined) {
      let byKind = this.knownValues.get(v.kind);
      if (byKind === undefined) this.knownValues.set(v.kind, (byKind = new Map()));
      byName = byKind.get(v.name);
      if (byName === undefined) byKind.set(v.name, (byName = new Map()));
    }
    const charged = budget.decodedChars - decodedBefore;
    if (hits.length === 0 && budget.trimmed.size === 0 && !readerCap) byName.set(key, charged);
    else byName.set(key, { hits, charged, trims: budget.trimmed.size === 0 ? null : [...budget.trimmed], readerCap });
    this.knownValuesSize++;
    return hits;
  }

  /**
   * The response body as text, content-decoded within the decoded-bytes cap. Every verdict pattern
   * is ASCII, so a body that is not text (images, archives) is read as latin1: the same characters
   * for those patterns, at a twentieth of the cost of UTF-8 decoding invalid sequences.
   */
  private responseText(res: HttpResponse | null): string {
    if (res === null || res.body.inspect.length === 0) return '';
    const decoded = decodeContent(res.body, res.headers, { decompressBytes: this.limits.maxDecodedBytes });
    if (decoded.error !== undefined) this.counters.bodyDecodeErrors++;
    return decoded.data.toString(isTextMediaType(mediaTypeEssence(headerValue(res.headers, 'content-type'))) ? 'utf8' : 'latin1');
  }
}

/**
 * The path a known-exploit signature is looked up by: the target up to `?`, without an
 * absolute-form's scheme and authority (exploitPathSimply). An origin-form target without `#` has
 * the path the request's values were read with (the same text): that string, already hashed where
 * the profiles and the value memory looked it up, is taken (docs/performance.md "The attack stage
 * per value (branch i22-attacks)"; pinned by test/unit/attacks/target-path.test.ts).
 */
export function exploitPath(target: string, ctx: { pathAsSent(): string }): string {
  return target.charCodeAt(0) === 0x2f && target.indexOf('#') < 0 ? ctx.pathAsSent() : exploitPathSimply(target);
}

/** exploitPath made from the target alone. */
export function exploitPathSimply(target: string): string {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  return path.charCodeAt(0) === 0x2f ? path : path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
}

/**
 * A long value of token characters only (base64 or hex that did not decode to text: file
 * contents, signatures, encrypted state) has no syntax any detector looks for; skipping it keeps
 * large uploads cheap.
 */
/**
 * How a serialized object stream starts, as sent in base64 or hex (Java `rO0AB`/`aced0005`, an
 * ASP.NET state field holding a BinaryFormatter object `/wEy`, BinaryFormatter `AAEAAAD/////`,
 * pickle protocol 2-5 `gAJ`..`gAV`): such a token is read, however long (docs/detection.md,
 * "Serialized objects").
 */
const SERIALIZED_HEAD = /^(?:rO0AB|aced0005|ACED0005|\/wEy|AAEAAAD\/\/\/\/\/|gA[JKNOSTUV])/;

function isOpaqueToken(value: string): boolean {
  // A run of one character (`AAAA...`) is an overflow probe, not an encoding.
  return (
    value.length > OPAQUE_MIN_LENGTH && /^[A-Za-z0-9+/=_-]+$/.test(value) && !isOverflowRun(value) && !SERIALIZED_HEAD.test(value)
  );
}

/** What detectors may ask about the request, worked out only if one asks (few do, for few values). */
class LazyRequestContext implements RequestContext {
  private ownHosts: string[] | null = null;
  private tool: boolean | null = null;
  private ownPath: string | null = null;
  /** How many times a detector asked about the request (a test that asked is not remembered). */
  reads = 0;

  constructor(
    private readonly req: HttpRequest,
    readonly models: DetectionModels,
  ) {}

  get hosts(): string[] {
    this.reads++;
    return (this.ownHosts ??= ownHosts(this.req.headers));
  }

  get toolAgent(): boolean {
    this.reads++;
    return (this.tool ??= isToolAgent(headerValue(this.req.headers, 'user-agent') ?? ''));
  }

  get path(): string {
    this.reads++;
    return this.pathAsSent();
  }

  get target(): string {
    this.reads++;
    return this.req.target;
  }

  /**
   * The request's path as sent (targetPath), the request view's: the profiles' endpoint lookup,
   * the target's values, the known-exploit lookup, the detectors that ask and API discovery
   * (which reads the same view) share one string, so it is hashed once where it is first looked
   * up (docs/performance.md "The attack stage per value (branch i22-attacks)"). Not a read of the
   * context: what the request's own values are made of.
   */
  pathAsSent(): string {
    return (this.ownPath ??= requestView(this.req).path);
  }
}

/**
 * An open redirect proven by the response: a 3xx whose Location sends the client to another host
 * than the request's (and its subdomains), to the URL a redirect-named query parameter carried.
 */
function redirectedAway(req: HttpRequest, res: HttpResponse | null): AttackHit | null {
  if (res === null || res.status < 300 || res.status > 399) return null;
  const location = headerValue(res.headers, 'location');
  const m = location === null ? null : /^\s*(?:https?:)?\/\/(?:[^@/?#\s]*@)?([^/:?#\s]+)/i.exec(location);
  const q = req.target.indexOf('?');
  if (m === null || q < 0) return null;
  const host = m[1].toLowerCase();
  const own = ownHosts(req.headers);
  if (own.length === 0 || own.some((o) => host === o || host.endsWith('.' + o))) return null;
  for (const [name, value] of new URLSearchParams(req.target.slice(q + 1))) {
    if (
      isRedirectName(name.toLowerCase().replace(/-/g, '_')) &&
      value.trim() !== '' &&
      location!.trim().startsWith(value.trim())
    ) {
      return { class: 'redir', point: ['query', name], value: truncateUtf8(value, MAX_HIT_VALUE_BYTES) };
    }
  }
  return null;
}

/** Host and X-Forwarded-Host (each of a list), as names without port. */
function ownHosts(headers: Array<[string, string]>): string[] {
  let hosts: string[] | null = null;
  for (const [n, v] of headers) {
    if (!isNamed(n, 'host') && !isNamed(n, 'x-forwarded-host')) continue;
    hosts = hosts === null ? hostNames(v) : [...hosts, ...hostNames(v)];
  }
  return hosts ?? [];
}

/** Most requests of a site carry the same Host: its names are worked out once. */
const hostNames = memoized((value: string): string[] => {
  const names: string[] = [];
  for (const h of value.split(',')) {
    const host = h
      .trim()
      .toLowerCase()
      .replace(/:\d+$/, '')
      .replace(/^\[|\]$/g, '');
    if (host !== '') names.push(host);
  }
  return names;
}, 1024);

/** Cuts at a character boundary so the result is at most `max` UTF-8 bytes. */
function truncateUtf8(s: string, max: number): string {
  if (s.length * 3 <= max || Buffer.byteLength(s) <= max) return s;
  let bytes = 0;
  let i = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > max) break;
    bytes += n;
    i += ch.length;
  }
  return s.slice(0, i);
}
