/**
 * The straightforward parameter profiles (docs/detection.md "Parameter profiles"), as first
 * written: string keys per endpoint and parameter, the type classifier and the class scan on every
 * value. node/analysis/attacks/profile/profiles.ts is the optimised one; profile-equivalence.test.ts
 * pins it to this reference (same breaks, same counters). Do not optimise this file.
 */
import { classifyText } from '../../../node/analysis/discovery/values';
import type { RequestValue } from '../../../node/analysis/attacks/points/types';
import type { RequestPoint } from '../../../node/records/types';
import type { AnomalySettings } from '../../../node/analysis/attacks/profile/settings';
import { mergeResource, resourceJudges } from '../../../node/analysis/attacks/profile/resource';
import {
  BUCKETS,
  base64Letters,
  CLASSES,
  LOWER,
  UPPER,
  mostlyFormatted,
  CLASS_NAMES,
  CLASS_OF,
  CONTROL,
  DIGIT,
  KNOWN_VALUES,
  PROFILED,
  PROSE_LENGTH_FACTOR,
  SHARED_MIN_AGREEING,
  NAME_AGREEING_ENDPOINTS,
  YOUNG_AGREEING_VALUES,
  YOUNG_RESOURCE_PARAMETERS,
  SPACE,
  bucketBottom,
  bucketOf,
  bucketTop,
  hashOf,
  isNumberType,
  lengthless,
  fixedWidth,
  isProse,
  narrowMajority,
  parameterKey,
  pathTemplate,
  plainName,
  punctuated,
  resourceOf,
  youngTypeBreak,
  youngSymbolBreak,
  sameTypeCount,
  stringFormat,
  VARIABLE_HINT,
  variablePathSegment,
} from '../../../node/analysis/attacks/profile/vocabulary';
import { CUT_LENGTH, youngCutBreak, youngTextSymbolBreak } from '../../../node/analysis/attacks/profile/young-plain';
import { NAMED_SIBLINGS, RESOLVED_PATHS } from '../../../node/analysis/attacks/profile/profiles';

/**
 * Path templates as pathTemplate reads them, and a segment of no value shape read as a value when
 * NAMED_SIBLINGS literal segments under the same prefix were each followed by the segment that
 * follows it (`resourceGroups/{name}/providers`); everything met is forgotten once RESOLVED_PATHS
 * prefixes were met. Prefixes are keyed by their depth and template.
 */
class ReferenceTemplates {
  /** Every prefix met (literal and variable), and the literal ones. */
  private readonly prefixes = new Set<string>();
  private readonly literals = new Set<string>();
  /** Prefix -> segment -> literal children of the prefix followed by that segment. */
  private readonly followed = new Map<string, Map<string, number>>();

  template(path: string): string {
    if (!VARIABLE_HINT.test(path)) return path;
    if (this.prefixes.size >= RESOLVED_PATHS) {
      this.prefixes.clear();
      this.literals.clear();
      this.followed.clear();
    }
    const segs = path.split('/');
    let template = '';
    // The prefix whose literal child the current prefix is (null when it is a variable segment or the root).
    let parent: string | null = null;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const here = `${i} ${template}`;
      const literal = i === 0 ? seg : `${template}/${seg}`;
      let next = literal;
      let isLiteral = true;
      if (!this.literals.has(`${i + 1} ${literal}`)) {
        const follower = segs[i + 1];
        const agreed =
          follower !== undefined &&
          follower !== '' &&
          !seg.includes('.') &&
          (this.followed.get(here)?.get(follower) ?? 0) >= NAMED_SIBLINGS;
        if (seg !== '' && (variablePathSegment(seg) || agreed)) {
          next = i === 0 ? '{}' : `${template}/{}`;
          isLiteral = false;
        } else {
          this.literals.add(`${i + 1} ${literal}`);
          if (parent !== null) {
            const counts = this.followed.get(parent) ?? new Map<string, number>();
            counts.set(seg, (counts.get(seg) ?? 0) + 1);
            this.followed.set(parent, counts);
          }
        }
        this.prefixes.add(`${i + 1} ${next}`);
      }
      parent = isLiteral ? here : null;
      template = next;
    }
    return template;
  }

  /**
   * The template `template` would give, without adding to what was met (null: a segment never met);
   * `agreedFirst`: a name its siblings agree on is read as a value even when it was met as a literal.
   */
  lookup(path: string, agreedFirst: boolean): string | null {
    if (!VARIABLE_HINT.test(path)) return path;
    const segs = path.split('/');
    let template = '';
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const literal = i === 0 ? seg : `${template}/${seg}`;
      const variable = i === 0 ? '{}' : `${template}/{}`;
      const isLiteral = this.literals.has(`${i + 1} ${literal}`);
      const follower = segs[i + 1];
      const agreed =
        seg !== '' &&
        follower !== undefined &&
        follower !== '' &&
        !seg.includes('.') &&
        (this.followed.get(`${i} ${template}`)?.get(follower) ?? 0) >= NAMED_SIBLINGS;
      const asValue = (agreedFirst || !isLiteral) && (agreed || (!isLiteral && seg !== '' && variablePathSegment(seg)));
      if (asValue && this.prefixes.has(`${i + 1} ${variable}`)) template = variable;
      else if (isLiteral) template = literal;
      else return null;
    }
    return template;
  }
}

/** What one parameter's values were like. */
class ParameterProfile {
  /** Values met. */
  n = 0;
  /** Values learned as normal (every value until the profile is established, then those that broke nothing). */
  clean = 0;
  /** Of the clean values: how many had each class, each length bucket, each type. */
  readonly classes = new Uint32Array(CLASSES);
  readonly lengths = new Uint32Array(BUCKETS);
  readonly types = new Map<string, number>();
  /** Of the values that broke the profile: how many had each class and type (see driftShare). */
  readonly suspectClasses = new Uint32Array(CLASSES);
  readonly suspectTypes = new Map<string, number>();
  /** Of the values that broke the profile: how many lacked each class. */
  readonly suspectLacking = new Uint32Array(CLASSES);
  /**
   * Hashes of the first KNOWN_VALUES distinct values that broke nothing when met: a value met again
   * is part of the parameter's vocabulary (`pending_review` among `ready`, `error`), however rare
   * its characters.
   */
  known: number[] = [];
  /** Of each known value (by hash): its type, and how many clean values were it. */
  readonly knownType = new Map<number, string>();
  readonly seen = new Map<number, number>();
  /** Values that broke only a closed vocabulary (a new word). */
  suspectWords = 0;
  /** The number (from 1) of the clean value that was the latest known value met first. */
  lastWord = 0;
  /** Of the clean values: how many have two spaces or more. */
  sentences = 0;
  /** Of the clean values: how many alternate letters and digits (four runs or more). */
  tokens = 0;
  established = false;
  /** The values learned before the profile was established (re-judged then). */
  warm: Array<{ value: string; type: string; hash: number }> = [];
  /** Numbers of the endpoint's requests that had the parameter. */
  readonly requests = new Set<number>();
  /** Requests of the endpoint it was reported missing from. */
  absent = 0;
  /** Whether it was reported new (then reported whenever it comes back rarer than minShare of the requests since its first). */
  invented = false;
  /** The host-wide profile of its name, and how many of its values it judged kept it and broke it. */
  shared: ParameterProfile | null = null;
  sharedFit = 0;
  sharedMisfit = 0;
  /** Values that broke its young type evidence (youngType). */
  youngBroken = 0;
  youngSymbols = 0;
  /** Values that broke its young cut rule (youngCutBreak; branch i18-profiles13). */
  youngCuts = 0;
  /** Values that broke its resource's values of its name (resourceBreak). */
  resourceBroken = 0;
  constructor(readonly point: RequestPoint) {}
}

interface Endpoint {
  host: string;
  /** Host and resource (resourceOf of the template): a young parameter's name at the endpoints of its resource (youngType). */
  resource: string;
  /** A PATCH endpoint: its bodies are partial, no parameter is missing from one. */
  partial: boolean;
  params: Map<string, ParameterProfile>;
  requests: number;
  /** Names past the parameter cap (at most CAPPED_NAMES_FACTOR x the cap): the requests that had each, and whether it was reported new. */
  capped: Map<string, Presence>;
  /** The latest request that had a name past those too (0: none): the parameter set is taken as growing then. */
  cappedPast: number;
}

/** A name's presence at an endpoint: the numbers of its requests that had it, and whether it was reported new. */
interface Presence {
  readonly requests: Set<number>;
  invented: boolean;
}

/** Names past an endpoint's parameter cap whose presence is followed, as a multiple of the cap. */
const CAPPED_NAMES_FACTOR = 4;

/**
 * The first of `requests` (the request numbers that had a parameter, before `now`) when the
 * parameter is one of the API's: some request that had it, not its first, is the i-th to have it
 * with i at least minShare of the requests from its first to that one (it came back, commonly
 * enough); else 0.
 */
function grownFrom(requests: Set<number>, now: number, minShare: number): number {
  const seen = [...requests].filter((r) => r < now);
  for (let i = 2; i <= seen.length; i++) if (i >= minShare * (seen[i - 1] - seen[0] + 1)) return seen[0];
  return 0;
}

/** The latest request that had a parameter of the API first (grownFrom). */
function lastGrowth(e: Endpoint, minShare: number): number {
  let last = 0;
  for (const p of [...e.params.values(), ...e.capped.values()])
    last = Math.max(last, grownFrom(p.requests, e.requests, minShare));
  if (e.cappedPast < e.requests) last = Math.max(last, e.cappedPast);
  return last;
}

/** The classes a value has: a number's (vocabulary.ts isNumberType) are digits only. */
/** The start of a young symbol break's rule (youngType). */
const YOUNG_SYMBOL = 'young symbol';
/** The start of a young cut break's rule (youngCutBreak). */
const YOUNG_CUT = 'young cut';
/** The start of a resource break's rule (resourceBreak). */
const RESOURCE = 'resource ';

/** The symbol classes (0 .. 31) of classesOf's answer as bits, as the profiles' low class word. */
function lowWord(seen: Uint8Array): number {
  let lo = 0;
  for (let k = 0; k < 32; k++) if (seen[k] !== 0) lo |= 1 << k;
  return lo;
}

function classesOf(value: string, type: string): Uint8Array {
  const out = new Uint8Array(CLASSES);
  if (isNumberType(type)) {
    out[DIGIT] = 1;
    return out;
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) {
      const k = CLASS_OF[c];
      if (k >= 0) out[k] = 1;
    }
  }
  return out;
}

function tokenOf(value: string): number {
  return value
    .replace(/[^A-Za-z0-9]/g, '')
    .replace(/[A-Za-z]+/g, 'a')
    .replace(/[0-9]+/g, '0').length >= 4
    ? 1
    : 0;
}

function sentenceOf(value: string): number {
  return value.split(' ').length >= 3 ? 1 : 0;
}

export interface ProfileCounters {
  /** Endpoints and parameters profiled now. */
  endpoints: number;
  parameters: number;
  /** Values learned. */
  values: number;
  /** New endpoints and parameters not profiled because a cap was reached. */
  endpointsCapped: number;
  parametersCapped: number;
  rejudged: number;
  unusualParameters: number;
  missingParameters: number;
  sharedParameters: number;
  sharedCapped: number;
  newWords: number;
}

/** What broke a profile: the rule, for the hit. */
export type ProfileBreak = string;

function typeKey(value: string): string {
  const t = classifyText(value);
  return t.format === null ? t.type : `${t.type}:${t.format}`;
}

export class ReferenceProfileStore {
  private readonly endpoints = new Map<string, Endpoint>();
  /** Host-wide profiles by `host NUL name`; their `requests` are the host's request numbers. */
  private readonly shared = new Map<string, ParameterProfile>();
  /** Requests of each host (of its profiled endpoints). */
  private readonly hostRequests = new Map<string, number>();
  /** Host and path template of every endpoint profiled (for backup-copy probes). */
  private readonly paths = new Set<string>();
  private readonly templates = new ReferenceTemplates();
  readonly counters: ProfileCounters = {
    endpoints: 0,
    parameters: 0,
    values: 0,
    endpointsCapped: 0,
    parametersCapped: 0,
    rejudged: 0,
    unusualParameters: 0,
    missingParameters: 0,
    sharedParameters: 0,
    sharedCapped: 0,
    newWords: 0,
  };

  constructor(readonly settings: AnomalySettings) {}

  /** The endpoint a request's values are profiled under, or null when the endpoint cap is reached. */
  endpoint(host: string, method: string, path: string): Endpoint | null {
    const template = this.templates.template(path);
    const key = `${host} ${method} ${template}`;
    let e = this.endpoints.get(key);
    if (e !== undefined) return e;
    if (this.endpoints.size >= this.settings.maxEndpoints) {
      this.counters.endpointsCapped++;
      return null;
    }
    e = {
      host,
      resource: `${host} ${resourceOf(template)}`,
      partial: method === 'PATCH',
      params: new Map(),
      requests: 0,
      capped: new Map(),
      cappedPast: 0,
    };
    this.endpoints.set(key, e);
    this.paths.add(`${host} ${template}`);
    this.counters.endpoints++;
    return e;
  }

  /** Whether an endpoint with this host and path (any method) is profiled. */
  knowsPath(host: string, path: string): boolean {
    if (this.paths.has(`${host} ${pathTemplate(path)}`)) return true;
    for (const agreedFirst of [true, false]) {
      const template = this.templates.lookup(path, agreedFirst);
      if (template !== null && this.paths.has(`${host} ${template}`)) return true;
    }
    return false;
  }

  beginRequest(e: Endpoint): void {
    e.requests++;
    this.hostRequests.set(e.host, (this.hostRequests.get(e.host) ?? 0) + 1);
  }

  /** The latest host request that had a name first that a later one had too. */
  private hostGrowth(host: string): number {
    const now = this.hostRequests.get(host)!;
    let last = 0;
    for (const [key, s] of this.shared) {
      if (!key.startsWith(`${host}\u0000`)) continue;
      const seen = [...s.requests].filter((r) => r < now);
      if (seen.length >= 2) last = Math.max(last, Math.min(...seen));
    }
    return last;
  }

  /**
   * A parameter new at an established endpoint whose parameter set is settled; or back again, in
   * fewer than minShare of the requests since its first (this one included), and reported new
   * before or first met past the endpoint's first request at a settled endpoint. Counts the request.
   */
  private presence(e: Endpoint, p: Presence): ProfileBreak | null {
    const before = e.requests - 1;
    const settled = before >= this.settings.minValues && lastGrowth(e, this.settings.minShare) * 2 <= before;
    let unusual: ProfileBreak | null = null;
    if (p.requests.size === 0 && settled) {
      unusual = `parameter new after ${before} requests`;
      this.counters.unusualParameters++;
      p.invented = true;
    } else if (p.requests.size > 0) {
      const first = Math.min(...p.requests);
      const since = e.requests - first + 1;
      if (p.requests.size + 1 < this.settings.minShare * since && (p.invented || (first > 1 && settled))) {
        unusual = `parameter new, again: in ${p.requests.size + 1} of ${since} requests since its first`;
        this.counters.unusualParameters++;
      }
    }
    p.requests.add(e.requests);
    return unusual;
  }

  /** A name past the endpoint's parameter cap: judged by its presence only; past CAPPED_NAMES_FACTOR x the cap, the set is taken as growing. */
  private cappedName(e: Endpoint, key: string): ProfileBreak | null {
    let c = e.capped.get(key);
    if (c === undefined) {
      if (e.capped.size >= CAPPED_NAMES_FACTOR * this.settings.maxParametersPerEndpoint) {
        e.cappedPast = e.requests;
        return null;
      }
      c = { requests: new Set(), invented: false };
      e.capped.set(key, c);
    }
    return c.requests.has(e.requests) ? null : this.presence(e, c);
  }

  /** Judges the value against its parameter's profile (what broke it, or null), then learns it. */
  observe(e: Endpoint, v: RequestValue, attacked = false): ProfileBreak | null {
    if (!PROFILED.has(v.kind)) return null;
    const key = parameterKey(v);
    let p = e.params.get(key);
    if (p === undefined) {
      if (e.params.size >= this.settings.maxParametersPerEndpoint) {
        this.counters.parametersCapped++;
        return this.cappedName(e, key);
      }
      p = new ParameterProfile(v.point);
      e.params.set(key, p);
      this.counters.parameters++;
      const name = plainName(v);
      if (name !== null && this.settings.sharedProfiles) {
        const sharedKey = `${e.host}\u0000${name}`;
        p.shared = this.shared.get(sharedKey) ?? null;
        if (p.shared === null && this.shared.size >= this.settings.maxSharedParameters) this.counters.sharedCapped++;
        else if (p.shared === null) {
          p.shared = new ParameterProfile(['query', name]);
          this.shared.set(sharedKey, p.shared);
          this.counters.sharedParameters++;
        }
      }
    }
    let unusual: ProfileBreak | null = null;
    if (!p.requests.has(e.requests)) {
      unusual = this.presence(e, p);
      // A name new to the whole host, at an endpoint past its first request, the host's name set settled.
      const now = this.hostRequests.get(e.host)!;
      if (p.shared !== null && !p.shared.requests.has(now)) {
        const hostBefore = now - 1;
        if (
          p.shared.requests.size === 0 &&
          unusual === null &&
          p.requests.size === 1 &&
          e.requests > 1 &&
          hostBefore >= Math.max(this.settings.minValues, this.settings.hostMinRequests) &&
          this.hostGrowth(e.host) * 2 <= hostBefore
        ) {
          unusual = `parameter new to the host after ${hostBefore} requests`;
          this.counters.unusualParameters++;
          p.invented = true;
        }
        p.shared.requests.add(now);
      }
    }
    this.counters.values++;
    // A value an attack class found: learned by the host-wide profile only, never reported.
    if (attacked) {
      if (p.shared !== null) this.judgeAndLearn(p.shared, v.value, true);
      return null;
    }
    const own = p.established;
    const judgedAlone = this.judgeAndLearn(p, v.value, false, e);
    // A young symbol, cut or resource break yields to the host-wide profile's when that reports too (branches
    // i18-profiles11, 12, 13).
    const symbol =
      judgedAlone !== null &&
      (judgedAlone.startsWith(YOUNG_SYMBOL) || judgedAlone.startsWith(YOUNG_CUT) || judgedAlone.startsWith(RESOURCE))
        ? judgedAlone
        : null;
    const broken = symbol === null ? judgedAlone : null;
    if (p.shared === null) return unusual ?? broken ?? symbol;
    // The host-wide profile judges a parameter not yet established, once its values agreed with it.
    const judged = !own && p.shared.established;
    const shared = this.judgeAndLearn(p.shared, v.value, true);
    if (!judged) return unusual ?? broken ?? symbol;
    // Before its first judged value, the values learned before the host-wide profile was established agree or not
    // (the last one learned is this one, counted below).
    if (p.sharedFit + p.sharedMisfit === 0) {
      for (const w of p.warm.slice(0, -1)) {
        const fits =
          p.shared.known.includes(w.hash) || this.judge(p.shared, w.value, w.type, classesOf(w.value, w.type), true) === null;
        if (fits) p.sharedFit++;
        else p.sharedMisfit++;
      }
    }
    const verdict = this.verdictOf(p);
    // Undecided (its first values): judged when the name means one thing on the host, not sentences (branch i18-profiles9).
    const [agreeing, disagreeing] = this.verdicts(p.shared);
    const oneMeaning =
      verdict === 'undecided' &&
      agreeing >= NAME_AGREEING_ENDPOINTS &&
      disagreeing === 0 &&
      p.shared.sentences * 2 < this.settings.proseShare * p.shared.clean;
    if (shared === null) p.sharedFit++;
    else p.sharedMisfit++;
    if (shared === null) return unusual ?? broken ?? symbol;
    // Not agreed: only over-long for the host (its break is the length), where none of the endpoint's own values was.
    const reported =
      verdict === 'agreed' || oneMeaning || (shared.startsWith('length ') && this.longerThanHost(p, p.shared, v.value.length));
    return unusual ?? broken ?? (reported ? `host-wide ${shared}` : symbol);
  }

  /**
   * A young parameter's type evidence broken (youngTypeBreak): its own values once it has
   * YOUNG_AGREEING_VALUES, else its name's parameters at the endpoints of its resource (plain names,
   * host-wide profiles on).
   */
  private youngType(e: Endpoint, p: ParameterProfile, type: string, lo: number, value: string): ProfileBreak | null {
    const name = p.point.length === 2 && typeof p.point[1] === 'string' ? p.point[1] : null;
    let profiles: ParameterProfile[];
    let parameters = 1;
    if (p.clean >= YOUNG_AGREEING_VALUES) profiles = [p];
    else if (name !== null && this.settings.sharedProfiles) {
      profiles = [...this.endpoints.values()]
        .filter((x) => x.resource === e.resource)
        .flatMap((x) => [...x.params.values()].filter((q) => q.point.length === 2 && q.point[1] === name));
      parameters = YOUNG_RESOURCE_PARAMETERS;
    } else return null;
    const evidence = youngTypeBreak(profiles, p, type, parameters, this.settings);
    if (evidence !== null) return `young type ${type}: ${evidence}`;
    const symbol =
      youngSymbolBreak(profiles, lo, value, parameters, this.settings) ??
      youngTextSymbolBreak(profiles, lo, value, parameters, this.settings);
    if (symbol !== null) return `young ${symbol}`;
    // A value cut short, judged by the parameter's own values only (branch i18-profiles13).
    if (value.length > CUT_LENGTH) return null;
    const shortest = Math.min(...p.warm.map((w) => w.value.length));
    const word = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);
    const cutOfOne =
      value.length > 0 &&
      p.warm.some((w) => w.value.startsWith(value) && word(w.value[value.length - 1]) && word(w.value[value.length]));
    const cut = youngCutBreak(p, value.length, shortest, cutOfOne, this.settings);
    return cut === null ? null : `young ${cut}`;
  }

  /**
   * The profiles of p's name at the endpoints of its resource, summed (mergeResource) and judged as a
   * host-wide profile once resourceJudges, unless the value is known at one of them (branch i18-profiles12).
   */
  private resourceBreak(
    e: Endpoint,
    p: ParameterProfile,
    value: string,
    type: string,
    seen: Uint8Array,
    h: number,
  ): ProfileBreak | null {
    const name = p.point.length === 2 && typeof p.point[1] === 'string' ? p.point[1] : null;
    if (name === null || !this.settings.sharedProfiles) return null;
    const profiles = [...this.endpoints.values()]
      .filter((x) => x.resource === e.resource)
      .flatMap((x) => [...x.params.values()].filter((q) => q.point.length === 2 && q.point[1] === name));
    if (!resourceJudges(profiles, this.settings) || profiles.some((q) => q.known.includes(h))) return null;
    const merged = new ParameterProfile(['query', '']);
    mergeResource(merged, profiles);
    const broken = this.judge(merged, value, type, seen, true);
    return broken === null ? null : `${RESOURCE}${broken}`;
  }

  /** Whether the values of p its host-wide profile judged agree with it (2 kept it, half of them), disagree (2 broke it), or neither yet. */
  private verdictOf(p: ParameterProfile): 'agreed' | 'disagreed' | 'undecided' {
    const judged = p.sharedFit + p.sharedMisfit;
    if (p.sharedFit >= SHARED_MIN_AGREEING && p.sharedFit >= this.settings.sharedAgreeShare * judged) return 'agreed';
    return p.sharedMisfit >= SHARED_MIN_AGREEING ? 'disagreed' : 'undecided';
  }

  /** The endpoint parameters of the host-wide profile s (any endpoint) whose values agree with it, and those whose values disagree. */
  private verdicts(s: ParameterProfile): [number, number] {
    let agreeing = 0;
    let disagreeing = 0;
    for (const e of this.endpoints.values()) {
      for (const q of e.params.values()) {
        if (q.shared !== s) continue;
        const v = this.verdictOf(q);
        if (v === 'agreed') agreeing++;
        if (v === 'disagreed') disagreeing++;
      }
    }
    return [agreeing, disagreeing];
  }

  /** Over the host-wide profile's upper length bound, no value of p's warm-up before it was (not an open alphabet; branch i18-profiles7). */
  private longerThanHost(p: ParameterProfile, s: ParameterProfile, length: number): boolean {
    if (p.established || punctuated(s)) return false;
    const limit = this.usualLongest(s, this.settings.minShare) * this.settings.lengthFactor + 16;
    return length > limit && p.warm.slice(0, -1).every((w) => w.value.length <= limit);
  }

  /**
   * Judges the value against the profile (when established and the value not known), then learns it
   * (as suspect when it broke it). `wide` (host-wide): returns only what breaks the narrower rules.
   */
  private judgeAndLearn(p: ParameterProfile, value: string, wide: boolean, e: Endpoint | null = null): ProfileBreak | null {
    const type = typeKey(value);
    const seen = classesOf(value, type);
    const h = hashOf(value);
    const known = p.known.includes(h);
    // A young endpoint profile: its type evidence (youngType; branch i18-profiles10), then its
    // plain-string evidence (branch i18-profiles11), a break not learned nor counted as suspect.
    const young = !p.established && !known && !wide && e !== null ? this.youngType(e, p, type, lowWord(seen), value) : null;
    if (young !== null) {
      p.n++;
      if (young.startsWith(YOUNG_SYMBOL)) p.youngSymbols++;
      else if (young.startsWith(YOUNG_CUT)) p.youngCuts++;
      else p.youngBroken++;
      return young;
    }
    // Then its resource's values of its name (branch i18-profiles12), a break not learned either.
    const resource = !p.established && !known && !wide && e !== null ? this.resourceBreak(e, p, value, type, seen, h) : null;
    if (resource !== null) {
      p.n++;
      p.resourceBroken++;
      return resource;
    }
    let broken = p.established && !known ? this.judge(p, value, type, seen, false) : null;
    // A word of another field's closed vocabulary (met there twice), the two fields' known values disjoint.
    if (broken === null && e !== null && p.established && !known && type === 'string') {
      const o = this.otherField(e, p, h);
      if (o !== null) broken = `value of another field: one of ${o.known.length} words of ${String(o.point[o.point.length - 1])}`;
    }
    const reported = broken !== null && wide ? this.judge(p, value, type, seen, true) : broken;
    const word = broken === null && !known && p.known.length < KNOWN_VALUES;
    if (word) {
      p.known.push(h);
      p.knownType.set(h, type);
    }
    p.n++;
    if (broken !== null) {
      // Not learned as normal, so that attacks among the traffic do not widen the profile.
      if (broken.startsWith('value not in the closed vocabulary')) {
        p.suspectWords++;
        if (!wide) this.counters.newWords++;
      }
      for (let k = 0; k < CLASSES; k++) p.suspectClasses[k] += seen[k];
      for (let k = 0; k < CLASSES; k++) p.suspectLacking[k] += 1 - seen[k];
      p.suspectTypes.set(type, (p.suspectTypes.get(type) ?? 0) + 1);
      return reported;
    }
    this.learn(p, value, type, 1);
    if (p.known.includes(h)) p.seen.set(h, (p.seen.get(h) ?? 0) + 1);
    if (word) p.lastWord = p.clean;
    if (!p.established) {
      p.warm.push({ value, type, hash: h });
      if (p.clean >= this.settings.minValues) this.establish(p, e);
    }
    return null;
  }

  /**
   * The first other parameter of the endpoint whose closed vocabulary (not drifted open) has the
   * word met twice, and whose words met twice are none of p's known values but the word itself.
   */
  private otherField(e: Endpoint, p: ParameterProfile, h: number): ParameterProfile | null {
    if (p.known.length === 0) return null;
    for (const o of e.params.values()) {
      if (o === p || o.suspectWords >= this.settings.driftShare * o.n) continue;
      if (!o.known.includes(h) || (o.seen.get(h) ?? 0) < 2 || !this.closedVocabulary(o)) continue;
      if (p.known.some((k) => k !== h && o.known.includes(k) && (o.seen.get(k) ?? 0) >= 2)) continue;
      return o;
    }
    return null;
  }

  /** Adds (by 1) or takes back (by -1) a value's counts. */
  private learn(p: ParameterProfile, value: string, type: string, by: number): void {
    const seen = classesOf(value, type);
    p.clean += by;
    p.sentences += by * sentenceOf(value);
    p.tokens += by * tokenOf(value);
    for (let k = 0; k < CLASSES; k++) p.classes[k] += by * seen[k];
    p.lengths[bucketOf(value.length)] += by;
    p.types.set(type, (p.types.get(type) ?? 0) + by);
  }

  /** Parameters (without an array index) that rarely lacked from the endpoint's requests, lacking from this one. */
  missing(e: Endpoint): Array<{ point: RequestPoint; rule: string }> | null {
    const before = e.requests - 1;
    if (before < this.settings.minValues || e.partial) return null;
    const out: Array<{ point: RequestPoint; rule: string }> = [];
    for (const p of e.params.values()) {
      if (p.requests.has(e.requests) || p.point.some((x) => typeof x === 'number')) continue;
      // Requests reported without it are not held against it while fewer than minShare of them,
      // and one request without it is forgiven (a field dropped in the warm-up, when nothing is reported).
      if (p.requests.size + 1 < this.settings.requiredShare * (before - p.absent)) continue;
      if (p.absent >= this.settings.minShare * before) continue;
      out.push({ point: p.point, rule: `parameter missing: in ${p.requests.size} of ${before} requests` });
      this.counters.missingParameters++;
      p.absent++;
    }
    return out.length === 0 ? null : out;
  }

  /**
   * Re-judges the values learned so far against all of them with rejudgeShare; takes back those met
   * once that break it (too short too, of a host-wide profile as well).
   */
  private establish(p: ParameterProfile, e: Endpoint | null): void {
    p.established = true;
    const share = this.settings.rejudgeShare * p.clean;
    const prose = isProse(p, this.settings.proseShare);
    // Sentences (a space in proseShare of the values, two in half as many) or punctuated: only
    // control characters re-judged by class; names of one or two words are (branch i18-profiles7).
    const sentences = p.sentences * 2 >= this.settings.proseShare * p.clean;
    const text = (sentences && p.classes[SPACE] >= this.settings.proseShare * p.clean) || punctuated(p);
    const narrow = narrowMajority(p);
    const limit =
      this.usualLongest(p, this.settings.rejudgeShare) * this.settings.lengthFactor * (prose ? PROSE_LENGTH_FACTOR : 1) + 16;
    const empty = p.warm.filter((w) => w.value === '').length;
    const outliers = p.warm.filter(({ value, type, hash }) => {
      // A value met twice is vocabulary; the empty value too only when rejudgeShare of the values
      // were empty; a value of one or two characters never when it is another value cut inside a
      // word (`t` of `true`, not `id` of `id:asc`; branch i18-profiles7).
      const word = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);
      const cut =
        value.length > 0 &&
        value.length <= 2 &&
        p.warm.some((w) => w.value.startsWith(value) && word(w.value[value.length - 1]) && word(w.value[value.length]));
      if (p.warm.filter((w) => w.hash === hash).length > 1 && !(value === '' && empty < share) && !cut) return false;
      const seen = classesOf(value, type);
      for (let k = text ? CONTROL : 0; k < CLASSES; k++) if (seen[k] === 1 && p.classes[k] < share) return true;
      if (narrow !== null && sameTypeCount(p, type) < share) return true;
      if (value.length > limit) return true;
      // A word of another field's closed vocabulary, swapped into this one.
      if (e !== null && type === 'string' && this.otherField(e, p, hash) !== null) return true;
      // Too short, as judge's bound with rejudgeShare set aside; not sentences, nor numbers of varied
      // lengths; host-wide profiles too (branch i18-profiles7).
      if (p.sentences * 2 >= this.settings.proseShare * p.clean) return false;
      const shortest = this.usualShortest(p, this.settings.rejudgeShare);
      const code = fixedWidth(shortest, this.usualLongest(p, this.settings.rejudgeShare));
      return value.length < shortest / this.settings.lengthFactor && (!lengthless(type) || code);
    });
    for (const { value, type, hash } of outliers) {
      this.learn(p, value, type, -1);
      const seen = classesOf(value, type);
      for (let k = 0; k < CLASSES; k++) p.suspectClasses[k] += seen[k];
      for (let k = 0; k < CLASSES; k++) p.suspectLacking[k] += 1 - seen[k];
      p.suspectTypes.set(type, (p.suspectTypes.get(type) ?? 0) + 1);
      const i = p.known.indexOf(hash);
      if (i >= 0) p.known.splice(i, 1);
      p.seen.delete(hash);
    }
    this.counters.rejudged += outliers.length;
    p.warm = [];
  }

  /** What breaks the profile; `wide` (host-wide): not symbols of a punctuated profile, not a string's format. */
  private judge(p: ParameterProfile, value: string, type: string, seen: Uint8Array, wide: boolean): ProfileBreak | null {
    const rare = this.settings.minShare * p.clean;
    // A class or type that broke the profile in driftShare of all values is the parameter's new normal.
    const drift = this.settings.driftShare * p.n;
    // Free text: only control characters break it by class.
    const prose = isProse(p, this.settings.proseShare);
    const letters = base64Letters(p);
    for (let k = prose || (wide && punctuated(p)) ? CONTROL : 0; k < CLASSES; k++) {
      // A base64 alphabet's symbols are letters.
      if (k < 32 && (letters & (1 << k)) !== 0) continue;
      if (seen[k] === 1 && p.classes[k] < rare && p.suspectClasses[k] < drift)
        return `${CLASS_NAMES[k]}: in ${p.classes[k]} of ${p.clean} values`;
    }
    const sameType = sameTypeCount(p, type);
    if (sameType < rare && (p.suspectTypes.get(type) ?? 0) < drift) {
      const narrow = narrowMajority(p);
      if (narrow !== null && !(wide && stringFormat(narrow[0])))
        return `type ${type}: in ${sameType} of ${p.clean} values (${narrow[0]} in ${narrow[1]})`;
    }
    const usual = this.usualLongest(p, this.settings.minShare);
    // Free text has a long tail of lengths (a pasted paragraph): its bound is PROSE_LENGTH_FACTOR times wider.
    const limit = usual * this.settings.lengthFactor * (prose ? PROSE_LENGTH_FACTOR : 1) + 16;
    if (value.length > limit) return `length ${value.length} > ${limit} (most values ${usual} or shorter)`;
    // Too short, unless sentences (three words or more in half proseShare of the values) or a number
    // of a parameter whose values have varied lengths (a magnitude, not a code).
    const shortest = this.usualShortest(p, this.settings.minShare);
    if (
      p.sentences * 2 < this.settings.proseShare * p.clean &&
      !(lengthless(type) && !fixedWidth(shortest, usual)) &&
      value.length < shortest / this.settings.lengthFactor
    )
      return `length ${value.length} < ${+(shortest / this.settings.lengthFactor).toFixed(2)} (most values ${shortest} or longer)`;
    // A class fewer than minShare of the values lacked, lacking (an endpoint's profile of a closed
    // alphabet: not free text, not punctuated, not mostly a format); letters are not asked of a value
    // with non-ASCII characters, a space not of sentences.
    if (!prose && !wide && !punctuated(p) && !mostlyFormatted(p)) {
      const other = /[^\x00-\x7f]/.test(value);
      const sentences = p.sentences * 2 >= this.settings.proseShare * p.clean;
      // A random token: minShare of the values alternate letters and digits (four runs or more).
      const tokens = p.tokens >= rare;
      for (let k = 0; k < CLASSES; k++) {
        if ((other && (k === UPPER || k === LOWER)) || (sentences && k === SPACE)) continue;
        if (tokens && (k === UPPER || k === LOWER || k === DIGIT)) continue;
        if (seen[k] === 0 && p.clean - p.classes[k] < rare && p.suspectLacking[k] < drift)
          return `without ${CLASS_NAMES[k]}: in ${p.classes[k]} of ${p.clean} values`;
      }
    }
    // A closed vocabulary: words only, all known, few met once (under minShare of the values), at
    // least vocabularyFactor x the square of the words as values, settled; not host-wide.
    if (wide || p.suspectWords >= drift || !this.closedVocabulary(p)) return null;
    return `value not in the closed vocabulary: ${p.known.length} values in ${p.clean}`;
  }

  /** Whether the parameter's values are a closed vocabulary (rule 4c, drift aside). */
  private closedVocabulary(p: ParameterProfile): boolean {
    const factor = this.settings.vocabularyFactor;
    if (factor <= 0 || p.known.length === 0 || p.known.length >= KNOWN_VALUES) return false;
    if (p.known.some((h) => p.knownType.get(h) !== 'string')) return false;
    const counts = p.known.map((h) => p.seen.get(h) ?? 0);
    const once = counts.filter((c) => c === 1).length;
    if (counts.reduce((a, b) => a + b, 0) !== p.clean || once >= this.settings.minShare * p.clean) return false;
    return factor * p.known.length * p.known.length <= p.clean && p.lastWord * 2 <= p.clean;
  }

  /** The shortest length (bottom of its bucket) once the shortest `share` of the values are set aside. */
  private usualShortest(p: ParameterProfile, share: number): number {
    let below = 0;
    for (let b = 0; b < BUCKETS; b++) {
      below += p.lengths[b];
      if (below > share * p.clean) return bucketBottom(b);
    }
    return 0;
  }

  /** The longest length (top of its bucket) once the longest `share` of the values are set aside. */
  private usualLongest(p: ParameterProfile, share: number): number {
    const allowed = share * p.clean;
    let above = 0;
    for (let b = BUCKETS - 1; b > 0; b--) {
      above += p.lengths[b];
      if (above > allowed) return bucketTop(b);
    }
    return 0;
  }
}
