/**
 * The straightforward parameter profiles (docs/detection.md "Parameter profiles"), as first
 * written: string keys per endpoint and parameter, the type classifier and the class scan on every
 * value. node/analysis/attacks/profile/profiles.ts is the optimised one; profile-equivalence.test.ts
 * pins it to this reference (same breaks, same counters). Do not optimise this file.
 */
import { classifyText, variableSegment } from '../../../node/analysis/discovery/values';
import type { RequestValue } from '../../../node/analysis/attacks/points/types';
import type { AnomalySettings } from '../../../node/analysis/attacks/profile/settings';
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
} from '../../../node/analysis/attacks/profile/vocabulary';

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
}

function knows(p: ParameterProfile, h: number): boolean {
  for (let i = 0; i < p.knownCount; i++) if (p.known[i] === h) return true;
  return false;
}

interface Endpoint {
  params: Map<string, ParameterProfile>;
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
}

/** What broke a profile: the rule, for the hit. */
export type ProfileBreak = string;

/** Scratch of the classes of the value being read (reused; profiles are used by one thread). */
const seen = new Uint8Array(CLASSES);

function typeKey(value: string): string {
  const t = classifyText(value);
  return t.format === null ? t.type : `${t.type}:${t.format}`;
}

/** The path with variable segments (ids, hashes, dates, emails: the discovery classifier) as `{}`. */
function pathTemplate(path: string): string {
  if (!/[\d@]/.test(path)) return path;
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

export class ReferenceProfileStore {
  private readonly endpoints = new Map<string, Endpoint>();
  /** Host and path template of every endpoint profiled (for backup-copy probes). */
  private readonly paths = new Set<string>();
  readonly counters: ProfileCounters = { endpoints: 0, parameters: 0, values: 0, endpointsCapped: 0, parametersCapped: 0 };

  constructor(readonly settings: AnomalySettings) {}

  /** The endpoint a request's values are profiled under, or null when the endpoint cap is reached. */
  endpoint(host: string, method: string, path: string): Endpoint | null {
    const template = pathTemplate(path);
    const key = `${host} ${method} ${template}`;
    let e = this.endpoints.get(key);
    if (e !== undefined) return e;
    if (this.endpoints.size >= this.settings.maxEndpoints) {
      this.counters.endpointsCapped++;
      return null;
    }
    e = { params: new Map() };
    this.endpoints.set(key, e);
    this.paths.add(`${host} ${template}`);
    this.counters.endpoints++;
    return e;
  }

  /** Whether an endpoint with this host and path (any method) is profiled. */
  knowsPath(host: string, path: string): boolean {
    return this.paths.has(`${host} ${pathTemplate(path)}`);
  }

  /** Judges the value against its parameter's profile (what broke it, or null), then learns it. */
  observe(e: Endpoint, v: RequestValue): ProfileBreak | null {
    if (!PROFILED.has(v.kind)) return null;
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
    const value = v.value;
    seen.fill(0);
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 128) {
        const k = CLASS_OF[c];
        if (k >= 0) seen[k] = 1;
      }
    }
    const type = typeKey(value);
    const h = hashOf(value);
    const known = knows(p, h);
    const broken = p.clean >= this.settings.minValues && !known ? this.judge(p, value, type) : null;
    if (broken === null && !known && p.knownCount < KNOWN_VALUES) p.known[p.knownCount++] = h;
    p.n++;
    this.counters.values++;
    if (broken !== null) {
      // Not learned as normal, so that attacks among the traffic do not widen the profile.
      for (let k = 0; k < CLASSES; k++) p.suspectClasses[k] += seen[k];
      p.suspectTypes.set(type, (p.suspectTypes.get(type) ?? 0) + 1);
      return broken;
    }
    p.clean++;
    for (let k = 0; k < CLASSES; k++) p.classes[k] += seen[k];
    p.lengths[bucketOf(value.length)]++;
    p.types.set(type, (p.types.get(type) ?? 0) + 1);
    return null;
  }

  private judge(p: ParameterProfile, value: string, type: string): ProfileBreak | null {
    const rare = this.settings.minShare * p.clean;
    // A class or type that broke the profile in driftShare of all values is the parameter's new normal.
    const drift = this.settings.driftShare * p.n;
    // Free text (most values several words: searches, comments, titles) has no fixed alphabet: its
    // punctuation and layout are language, rare symbols included; only control characters break it,
    // and the attack detectors read its syntax.
    const prose = p.classes[SPACE] >= this.settings.proseShare * p.clean && punctuated(p);
    for (let k = prose ? CONTROL : 0; k < CLASSES; k++) {
      if (seen[k] === 1 && p.classes[k] < rare && p.suspectClasses[k] < drift)
        return `${CLASS_NAMES[k]}: in ${p.classes[k]} of ${p.clean} values`;
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
