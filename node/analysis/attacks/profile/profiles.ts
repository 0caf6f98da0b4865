/**
 * Parameter profiles learned from the traffic itself (docs/detection.md "Parameter profiles"): per
 * endpoint (host, method, path template) and parameter, which character classes its values have,
 * how long they are and of which type (the discovery classifier, ../../discovery/values). Once a
 * profile has learned `minValues` values, a value that breaks it is an `anomaly`: a character class
 * (a symbol, letters, digits, spaces, control characters) that fewer than `minShare` of the values
 * learned had, a value type that fewer than `minShare` had while one type has most of them, or a
 * length far beyond the usual longest. Each value is judged against what was learned before it,
 * then learned, so a profile learns from contaminated traffic too: an attack is normal only when
 * `minShare` of a parameter's values carry it. Memory is bounded by the endpoint and parameter caps
 * (counted).
 *
 * The hot path (docs/detection.md "Profile cost") keys nothing by strings built per value: a
 * request's raw path resolves to its endpoint through a bounded cache, a parameter with a plain name
 * through maps by kind and name, and a value the parameter already knows (KNOWN_VALUES) reuses the
 * character classes and type worked out when it was first met instead of scanning and classifying it
 * again. test/unit/attacks/profile-equivalence.test.ts pins this to the straightforward reference
 * (test/unit/attacks/profile-reference.ts): same breaks, same counters.
 */
import { classifyText, variableSegment } from '../../discovery/values';
import type { PointKind, RequestValue } from '../points/types';
import type { AnomalySettings } from './settings';
import {
  BUCKETS,
  CLASSES,
  CLASS_NAMES,
  CLASS_OF,
  CONTROL,
  KNOWN_VALUES,
  PROFILED,
  PROSE_LENGTH_FACTOR,
  PROSE_SYMBOLS,
  SPACE,
  SYMBOLS,
  bucketOf,
  bucketTop,
  hashOf,
} from './vocabulary';

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
  /**
   * Hashes of the first KNOWN_VALUES distinct values that broke nothing when met: a value met again
   * is part of the parameter's vocabulary (`pending_review` among `ready`, `error`), however rare
   * its characters.
   */
  readonly known = new Uint32Array(KNOWN_VALUES);
  knownCount = 0;
  /** Of each known value: its classes (bit k of lo: class k < 32; bit k of hi: class 32 + k) and type. */
  readonly knownLo = new Int32Array(KNOWN_VALUES);
  readonly knownHi = new Uint8Array(KNOWN_VALUES);
  readonly knownTypes: string[] = [];
}

/** The slot of a known value's hash, or -1. */
function knownSlot(p: ParameterProfile, h: number): number {
  for (let i = 0; i < p.knownCount; i++) if (p.known[i] === h) return i;
  return -1;
}

interface Endpoint {
  /** Parameters by their full key (parameterKey): what the cap counts. */
  params: Map<string, ParameterProfile>;
  /** The same profiles of parameters with a plain name (point [kind, name]), by kind then name: no key built. */
  named: Map<PointKind, Map<string, ParameterProfile>>;
}

/** Raw paths remembered (host, method, path -> endpoint) before the cache starts anew. */
const RESOLVED_PATHS = 16384;

export interface ProfileCounters {
  /** Endpoints and parameters profiled now. */
  endpoints: number;
  parameters: number;
  /** Values learned. */
  values: number;
  /** New endpoints and parameters not profiled because a cap was reached. */
  endpointsCapped: number;
  parametersCapped: number;
}

/** The counters in the order the summary and the metrics give them (docs/operations.md). */
export const PROFILE_COUNTER_NAMES = ['endpoints', 'parameters', 'values', 'endpointsCapped', 'parametersCapped'] as const;

export function newProfileCounters(): ProfileCounters {
  return { endpoints: 0, parameters: 0, values: 0, endpointsCapped: 0, parametersCapped: 0 };
}

/** What broke a profile: the rule, for the hit. */
export type ProfileBreak = string;

/** Classes of the value scanned last (see scanClasses; profiles are used by one thread). */
let scanLo = 0;
let scanHi = 0;

/** Sets scanLo and scanHi to the classes the value has. */
function scanClasses(value: string): void {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) {
      const k = CLASS_OF[c];
      if (k >= 32) hi |= 1 << (k - 32);
      else if (k >= 0) lo |= 1 << k;
    }
  }
  scanLo = lo;
  scanHi = hi;
}

/** `string:uuid` and the like, made once per format. */
const FORMAT_KEYS = new Map<string, string>();

function typeKey(value: string): string {
  const t = classifyText(value);
  if (t.format === null) return t.type;
  let key = FORMAT_KEYS.get(t.format);
  if (key === undefined) FORMAT_KEYS.set(t.format, (key = `${t.type}:${t.format}`));
  return key;
}

/** Adds one to counts[k] for every class k in (lo, hi). */
function countClasses(counts: Uint32Array, lo: number, hi: number): void {
  for (let m = lo; m !== 0; m &= m - 1) counts[31 - Math.clz32(m & -m)]++;
  for (let m = hi; m !== 0; m &= m - 1) counts[63 - Math.clz32(m & -m)]++;
}

/** Characters without which no path segment is variable (variableSegment). */
const VARIABLE_HINT = /[\d@]/;

/** The path with variable segments (ids, hashes, dates, emails: the discovery classifier) as `{}`. */
export function pathTemplate(path: string): string {
  if (!VARIABLE_HINT.test(path)) return path;
  return path
    .split('/')
    .map((s) => (s !== '' && variableSegment(s) !== null ? '{}' : s))
    .join('/');
}

/** The parameter a value belongs to: its kind and point, array indices as `*`. */
function parameterKey(v: RequestValue): string {
  let key: string = v.kind;
  for (let i = 1; i < v.point.length; i++) key += '\u0001' + (typeof v.point[i] === 'number' ? '*' : String(v.point[i]));
  return key;
}

/**
 * Whether a parameter's clean values use punctuation as writing does: PROSE_SYMBOLS or more symbols,
 * each in at least 1 % of them (and twice). Words with spaces alone (`carla river`, `gold maple`)
 * are names and labels, whose alphabet is fixed.
 */
function punctuated(p: ParameterProfile): boolean {
  const min = Math.max(2, p.clean / 100);
  let symbols = 0;
  for (let k = 0; k < SYMBOLS.length; k++) if (p.classes[k] >= min) symbols++;
  return symbols >= PROSE_SYMBOLS;
}

export class ProfileStore {
  /** Endpoints by host, method and path template (no key string built). */
  private readonly endpoints = new Map<string, Map<string, Map<string, Endpoint>>>();
  /** Host and path template of every endpoint profiled (for backup-copy probes). */
  private readonly paths = new Set<string>();
  /** Endpoints by host, method and raw path with a variable-looking segment (at most RESOLVED_PATHS; see endpoint). */
  private readonly resolved = new Map<string, Map<string, Map<string, Endpoint>>>();
  private resolvedSize = 0;
  readonly counters: ProfileCounters = newProfileCounters();

  constructor(readonly settings: AnomalySettings) {}

  /** The endpoint a request's values are profiled under, or null when the endpoint cap is reached. */
  endpoint(host: string, method: string, path: string): Endpoint | null {
    // A path without digits or `@` is its own template (pathTemplate).
    if (!VARIABLE_HINT.test(path)) return this.endpointOf(host, method, path);
    let byMethod = this.resolved.get(host);
    let byPath = byMethod?.get(method);
    const cached = byPath?.get(path);
    if (cached !== undefined) return cached;
    const e = this.endpointOf(host, method, pathTemplate(path));
    if (e === null) return null;
    // A site with ids in its paths has endless raw paths: the cache starts anew rather than grow.
    if (this.resolvedSize >= RESOLVED_PATHS) {
      this.resolved.clear();
      this.resolvedSize = 0;
      byMethod = byPath = undefined;
    }
    if (byMethod === undefined) this.resolved.set(host, (byMethod = new Map()));
    if (byPath === undefined) byMethod.set(method, (byPath = new Map()));
    byPath.set(path, e);
    this.resolvedSize++;
    return e;
  }

  /** The endpoint by its template (created unless the cap is reached, counted). */
  private endpointOf(host: string, method: string, template: string): Endpoint | null {
    let byMethod = this.endpoints.get(host);
    let byTemplate = byMethod?.get(method);
    let e = byTemplate?.get(template);
    if (e !== undefined) return e;
    if (this.counters.endpoints >= this.settings.maxEndpoints) {
      this.counters.endpointsCapped++;
      return null;
    }
    e = { params: new Map(), named: new Map() };
    if (byMethod === undefined) this.endpoints.set(host, (byMethod = new Map()));
    if (byTemplate === undefined) byMethod.set(method, (byTemplate = new Map()));
    byTemplate.set(template, e);
    this.paths.add(`${host} ${template}`);
    this.counters.endpoints++;
    return e;
  }

  /** Whether an endpoint with this host and path (any method) is profiled. */
  knowsPath(host: string, path: string): boolean {
    return this.paths.has(`${host} ${pathTemplate(path)}`);
  }

  /** The profile of the value's parameter, or null when the endpoint's parameter cap is reached (counted). */
  private parameter(e: Endpoint, v: RequestValue): ParameterProfile | null {
    const name = v.point.length === 2 ? v.point[1] : undefined;
    const plain = typeof name === 'string';
    if (plain) {
      const p = e.named.get(v.kind)?.get(name);
      if (p !== undefined) return p;
    }
    const key = parameterKey(v);
    let p = e.params.get(key);
    if (p === undefined) {
      if (e.params.size >= this.settings.maxParametersPerEndpoint) {
        this.counters.parametersCapped++;
        return null;
      }
      p = new ParameterProfile();
      e.params.set(key, p);
      this.counters.parameters++;
    }
    if (plain) {
      let byName = e.named.get(v.kind);
      if (byName === undefined) e.named.set(v.kind, (byName = new Map()));
      byName.set(name, p);
    }
    return p;
  }

  /** Judges the value against its parameter's profile (what broke it, or null), then learns it. */
  observe(e: Endpoint, v: RequestValue): ProfileBreak | null {
    if (!PROFILED.has(v.kind)) return null;
    const p = this.parameter(e, v);
    if (p === null) return null;
    const value = v.value;
    const h = hashOf(value);
    const slot = knownSlot(p, h);
    let lo: number;
    let hi: number;
    let type: string;
    if (slot >= 0) {
      // Known: never judged, and its classes and type are those worked out when it was first met.
      lo = p.knownLo[slot];
      hi = p.knownHi[slot];
      type = p.knownTypes[slot];
    } else {
      scanClasses(value);
      lo = scanLo;
      hi = scanHi;
      type = typeKey(value);
    }
    const broken = p.clean >= this.settings.minValues && slot < 0 ? this.judge(p, value, type, lo, hi) : null;
    if (broken === null && slot < 0 && p.knownCount < KNOWN_VALUES) {
      const i = p.knownCount++;
      p.known[i] = h;
      p.knownLo[i] = lo;
      p.knownHi[i] = hi;
      p.knownTypes[i] = type;
    }
    p.n++;
    this.counters.values++;
    if (broken !== null) {
      // Not learned as normal, so that attacks among the traffic do not widen the profile.
      countClasses(p.suspectClasses, lo, hi);
      p.suspectTypes.set(type, (p.suspectTypes.get(type) ?? 0) + 1);
      return broken;
    }
    p.clean++;
    countClasses(p.classes, lo, hi);
    p.lengths[bucketOf(value.length)]++;
    p.types.set(type, (p.types.get(type) ?? 0) + 1);
    return null;
  }

  private judge(p: ParameterProfile, value: string, type: string, lo: number, hi: number): ProfileBreak | null {
    const rare = this.settings.minShare * p.clean;
    // A class or type that broke the profile in driftShare of all values is the parameter's new normal.
    const drift = this.settings.driftShare * p.n;
    // Free text (most values several words: searches, comments, titles) has no fixed alphabet: its
    // punctuation and layout are language, rare symbols included; only control characters break it,
    // and the attack detectors read its syntax.
    const prose = p.classes[SPACE] >= this.settings.proseShare * p.clean && punctuated(p);
    // The value's classes in ascending order, as the reference reads them.
    for (let m = prose ? 0 : lo; m !== 0; m &= m - 1) {
      const k = 31 - Math.clz32(m & -m);
      if (p.classes[k] < rare && p.suspectClasses[k] < drift) return `${CLASS_NAMES[k]}: in ${p.classes[k]} of ${p.clean} values`;
    }
    for (let m = prose ? hi & (1 << (CONTROL - 32)) : hi; m !== 0; m &= m - 1) {
      const k = 63 - Math.clz32(m & -m);
      if (p.classes[k] < rare && p.suspectClasses[k] < drift) return `${CLASS_NAMES[k]}: in ${p.classes[k]} of ${p.clean} values`;
    }
    // An integer is a number too (`5` among `4.75`, `12.5`).
    const sameType = (p.types.get(type) ?? 0) + (type === 'integer' ? (p.types.get('number') ?? 0) : 0);
    if (sameType < rare && (p.suspectTypes.get(type) ?? 0) < drift) {
      let top = 0;
      let topType = '';
      for (const [t, n] of p.types) if (n > top) [top, topType] = [n, t];
      // Plain text takes any string (a URL, an email, a token in a comment); numbers, booleans and
      // formatted strings (uuid, date, email...) are narrower, and a value outside them breaks them.
      if (top * 2 > p.clean && topType !== 'string')
        return `type ${type}: in ${sameType} of ${p.clean} values (${topType} in ${top})`;
    }
    const usual = this.usualLongest(p);
    // Free text has a long tail of lengths (a pasted paragraph): its bound is PROSE_LENGTH_FACTOR times wider.
    const limit = usual * this.settings.lengthFactor * (prose ? PROSE_LENGTH_FACTOR : 1) + 16;
    if (value.length > limit) return `length ${value.length} > ${limit} (most values ${usual} or shorter)`;
    return null;
  }

  /** The longest length (top of its bucket) once the longest `minShare` of the values are set aside. */
  private usualLongest(p: ParameterProfile): number {
    const allowed = this.settings.minShare * p.clean;
    let above = 0;
    for (let b = BUCKETS - 1; b > 0; b--) {
      above += p.lengths[b];
      if (above > allowed) return bucketTop(b);
    }
    return 0;
  }
}
