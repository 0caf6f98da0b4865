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
 * request's raw path resolves to its endpoint through a bounded cache (a new one through a trie of
 * template segments), a parameter with a plain name through maps by kind and name, a short value met
 * lately reuses its hash, classes and type (ValueTraits), and a value the parameter already knows
 * (KNOWN_VALUES) reuses the character classes and type worked out when it was first met instead of
 * scanning and classifying it again. test/unit/attacks/profile-equivalence.test.ts pins this to the straightforward reference
 * (test/unit/attacks/profile-reference.ts): same breaks, same counters.
 */
import { classifyText } from '../../discovery/values';
import type { PointKind, RequestValue } from '../points/types';
import type { RequestPoint } from '../../../records/types';
import type { AnomalySettings } from './settings';
import {
  BUCKETS,
  base64Letters,
  CLASSES,
  CLASS_NAMES,
  CONTROL,
  DIGIT,
  KNOWN_VALUES,
  LOWER,
  UPPER,
  PROFILED,
  PROSE_LENGTH_FACTOR,
  SPACE,
  SHARED_MIN_AGREEING,
  NAME_AGREEING_ENDPOINTS,
  YOUNG_AGREEING_VALUES,
  YOUNG_RESOURCE_PARAMETERS,
  bucketBottom,
  bucketOf,
  bucketTop,
  isNumberType,
  lengthless,
  fixedWidth,
  mostlyFormatted,
  isProse,
  narrowMajority,
  parameterKey,
  pathTemplate,
  punctuated,
  resourceOf,
  youngTypeBreak,
  youngSymbolBreak,
  writesSentences,
  sameTypeCount,
  stringFormat,
  VARIABLE_HINT,
  variablePathSegment,
} from './vocabulary';
import { CUT_LENGTH, youngCutBreak, youngTextSymbolBreak } from './young-plain';
import { SCANNED, scanValue } from './scan';
import { mergeResource, resourceJudges } from './resource';
import { memoryKey } from '../memory-key';

/*
 * Local bindings of what the hot path reads per character or per value: under CommonJS (tsx, the
 * tests and benches) an imported binding is a getter call at every read (docs/detection.md
 * "Profile cost").
 */
const scanned: Int32Array = SCANNED;
const profiled: ReadonlySet<PointKind> = PROFILED;
const knownValues: number = KNOWN_VALUES;
const controlBit = 1 << (CONTROL - 32);
const digitBit = 1 << (DIGIT - 32);
/** The classes 32 and up as bits of the high word (what a value lacks is the complement within them). */
const highClasses = (1 << (CLASSES - 32)) - 1;

/**
 * A parameter name's presence at an endpoint: what the parameter-set rules (5, 5b: ProfileStore.presence)
 * count. A ParameterProfile is one; a name past the endpoint's parameter cap is a CappedName.
 */
interface Presence {
  present: number;
  lastRequest: number;
  firstRequest: number;
  grown: boolean;
  invented: boolean;
}

/**
 * A name met at an endpoint past its maxParametersPerEndpoint profiled parameters: its values are not
 * profiled, but its presence is counted as a profiled parameter's, so that a name invented past the
 * cap (`debug=1` added to a body of 40 fields) is new as it would be below it (docs/detection.md
 * "Names past the parameter cap (branch i18-profiles8)").
 */
class CappedName implements Presence {
  present = 0;
  lastRequest = -1;
  firstRequest = 0;
  grown = false;
  invented = false;
}

/**
 * Names past an endpoint's parameter cap whose presence is followed, as a multiple of the cap
 * (max_parameters_per_endpoint): a CappedName is about 100 bytes with its key, a twelfth of a
 * profile, so 4 x 32 of them add about a third to an endpoint's worst case. The tuning APIs' widest
 * bodies have up to about 160 names (docs/detection.md "Names past the parameter cap").
 */
const CAPPED_NAMES_FACTOR = 4;

/** An endpoint parameter's values against its name's host-wide profile (sharedVerdict). */
type Verdict = 0 | 1 | 2;
const UNDECIDED: Verdict = 0;
const AGREED: Verdict = 1;
const DISAGREED: Verdict = 2;

/**
 * Whether an endpoint parameter's values judged by its host-wide profile (`fit` kept it, `misfit`
 * broke it) agree with it: SHARED_MIN_AGREEING kept it and they are `agreeShare` of those judged;
 * they disagree once SHARED_MIN_AGREEING broke it without that agreement; before either, undecided
 * (its first values).
 */
function sharedVerdict(fit: number, misfit: number, agreeShare: number): Verdict {
  if (fit >= SHARED_MIN_AGREEING && fit >= agreeShare * (fit + misfit)) return AGREED;
  return misfit >= SHARED_MIN_AGREEING ? DISAGREED : UNDECIDED;
}

/** What one parameter's values were like. */
class ParameterProfile implements Presence {
  /** Values met. */
  n = 0;
  /** Values learned as normal (every value until the profile is established, then those that broke nothing). */
  clean = 0;
  /** Of the clean values: how many had each class, each length bucket, each type. */
  readonly classes = new Uint32Array(CLASSES);
  readonly lengths = new Uint32Array(BUCKETS);
  /**
   * The highest length bucket a clean value was counted in: no bucket above it was ever non-empty,
   * so usualLongest walks down from here instead of from the last of the BUCKETS (docs/performance.md
   * "The attack stage per transaction (branch i22-attacks, second session)").
   */
  lengthTop = 0;
  readonly types = new Map<string, number>();
  /** Of the values that broke the profile: how many had each class and type (see driftShare). */
  readonly suspectClasses = new Uint32Array(CLASSES);
  readonly suspectTypes = new Map<string, number>();
  /** Every class any clean value had, as bits (lo: classes 0-31, hi: 32 and up; never cleared: a filter for lackingClass). */
  seenLo = 0;
  seenHi = 0;
  /** Of the values that broke the profile: how many lacked each class (see driftShare and lackingClass). */
  readonly suspectLacking = new Uint32Array(CLASSES);
  /**
   * Hashes of the first KNOWN_VALUES distinct values that broke nothing when met: a value met again
   * is part of the parameter's vocabulary (`pending_review` among `ready`, `error`), however rare
   * its characters.
   */
  readonly known = new Uint32Array(KNOWN_VALUES);
  knownCount = 0;
  /** Bit (hash & 31) of every known hash: most values not known are told so without a scan (knownSlot). */
  knownBits = 0;
  /** Of each known value: its classes (bit k of lo: class k < 32; bit k of hi: class 32 + k) and type. */
  readonly knownLo = new Int32Array(KNOWN_VALUES);
  readonly knownHi = new Uint8Array(KNOWN_VALUES);
  readonly knownTypes: string[] = [];
  /** Of each known value: its shape bits (1: two spaces or more, see sentences; 2: letters and digits alternate, see tokens). */
  readonly knownShape = new Uint8Array(KNOWN_VALUES);
  /** Of each known value: how many clean values were it (see closedVocabulary). */
  readonly knownSeen = new Uint32Array(KNOWN_VALUES);
  /** Values that broke only a closed vocabulary (a new word): once driftShare of all values did, the vocabulary is open. */
  suspectWords = 0;
  /** The clean value (its number, from 1) that was the latest known value met first: the vocabulary is settled once it lies in the first half. */
  lastWord = 0;
  /** Of the clean values: how many have two spaces or more (three words: free text has them, a two-word name has not). */
  sentences = 0;
  /** Of the clean values: how many alternate letters and digits (scan.ts SCANNED: random tokens do, codes and names do not). */
  tokens = 0;
  /** Judged from now on: set once `minValues` values were learned and the warm-up re-judged (ProfileStore.establish). */
  established = false;
  /** The values learned before the profile was established, to re-judge them then (null after). */
  warm: WarmValues | null = null;
  /** Requests of the endpoint that had this parameter, and the last one (the endpoint's request count then). */
  present = 0;
  lastRequest = -1;
  /** The endpoint's request that had it first. */
  firstRequest = 0;
  /** Requests of the endpoint it was reported missing from (not held against it while fewer than minShare of them). */
  absent = 0;
  /**
   * Whether it is one of the endpoint's parameters (it came back, in minShare of the endpoint's
   * requests from its first to one that had it): only such a parameter makes the endpoint's parameter set grow
   * (lastGrowth). A tampered request's invented name that other tampered requests repeat stays
   * below. (A host-wide profile's name grows the host's set when it comes back at all: a name of a
   * rarely called endpoint is rare among the host's requests.)
   */
  grown = false;
  /**
   * Whether it was reported new (rules 5 and 6, observe): until it comes back as a parameter of the
   * API does (grown), every request that has it again is reported too (docs/detection.md "Invented
   * names that recur (branch i18-anomaly2)").
   */
  invented = false;
  /** Whether the parameter has no array index in its point (whose presence depends on an array's length). */
  readonly plain: boolean;
  /** The host-wide profile of its name (plain names only, when sharedProfiles is on and its cap not reached), else null. */
  shared: ParameterProfile | null = null;
  /** Of its values the host-wide profile judged while this one was not established: those that kept it and those that broke it. */
  sharedFit = 0;
  sharedMisfit = 0;
  /** Of an endpoint's parameter: whether its values agree with its host-wide profile now (sharedVerdict), as counted there. */
  verdict: Verdict = UNDECIDED;
  /** Of a host-wide profile: its name's endpoint parameters whose values agree with it now, and those whose values disagree. */
  agreeing = 0;
  disagreeing = 0;
  /**
   * Of an endpoint's parameter with a plain name: the profiles of its name at the endpoints of its
   * resource (resourceOf), this one among them (null when sharedProfiles is off), read by youngType.
   */
  resource: ParameterProfile[] | null = null;
  /** Values that broke its young type evidence (youngType): not learned, and counted here only. */
  youngBroken = 0;
  /** Values that broke its young plain-string evidence (youngSymbol): not learned, and counted here only. */
  youngSymbols = 0;
  /** Values that broke its young cut rule (youngCutBreak): not learned, and counted here only. */
  youngCuts = 0;
  /** Values that broke its resource's values of its name (resourceBreak): not learned, and counted here only. */
  resourceBroken = 0;

  constructor(readonly point: RequestPoint) {
    this.plain = !point.some((x) => typeof x === 'number');
  }
}

/** What a profile keeps of each value it learned before it was established (ProfileStore.establish). */
class WarmValues {
  readonly lo: Int32Array;
  readonly hi: Uint8Array;
  /** Shape bits, as knownShape. */
  readonly shape: Uint8Array;
  readonly length: Int32Array;
  readonly hash: Uint32Array;
  /** The first CUT_HEAD characters (headOf), and where a word goes on after them (wordGoesOn): what cutOfAnother reads. */
  readonly head: Int32Array;
  readonly goesOn: Uint8Array;
  readonly types: string[] = [];
  constructor(size: number) {
    this.lo = new Int32Array(size);
    this.hi = new Uint8Array(size);
    this.shape = new Uint8Array(size);
    this.length = new Int32Array(size);
    this.hash = new Uint32Array(size);
    this.head = new Int32Array(size);
    this.goesOn = new Uint8Array(size);
  }
}

/** The longest value a warm-up keeps whole enough to tell it begins another (its first UTF-16 code units, headOf). */
const CUT_HEAD = 2;

/** A value's first two UTF-16 code units, the first in the high half (0 where the value is shorter). */
function headOf(value: string): number {
  return value.length === 0 ? 0 : (value.charCodeAt(0) << 16) | (value.length > 1 ? value.charCodeAt(1) : 0);
}

/** An ASCII letter or digit: a word goes on through them. */
function wordCharacter(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Bit k - 1 (k = 1 .. CUT_HEAD): the value's word goes on after its first k characters (characters k - 1 and k are word characters). */
function wordGoesOn(value: string): number {
  let bits = 0;
  for (let k = 1; k <= CUT_HEAD && k < value.length; k++)
    if (wordCharacter(value.charCodeAt(k - 1)) && wordCharacter(value.charCodeAt(k))) bits |= 1 << (k - 1);
  return bits;
}

/**
 * Whether warm-up value i, of one or two characters, is a longer value of the warm-up cut inside a
 * word: what a value cut short is (`t` of `true`, `sn` of `snapshot`), not a word of its own that
 * begins another (`id` of `id:asc`). Cuts of a few words repeat (`t` twice among thirty booleans),
 * so repetition is no evidence of vocabulary for them, as for the empty value (docs/detection.md
 * "Names, host-wide and cut values in the warm-up, the host's length ceiling (branch i18-profiles7)").
 */
function cutOfAnother(w: WarmValues, i: number, count: number): boolean {
  return cutOfWarm(w, w.head[i], w.length[i], count);
}

/**
 * Whether a value of one or two characters (its headOf `head`, its `length`) is the start of one of
 * the first `count` warm-up values cut inside a word (`t` of `true`, `su` of `summit orbit`; not
 * `id` of `id:asc`, where the word stops).
 */
function cutOfWarm(w: WarmValues, head: number, length: number, count: number): boolean {
  if (length === 0 || length > CUT_HEAD) return false;
  const shift = length === 1 ? 16 : 0;
  const start = head >>> shift;
  const bit = 1 << (length - 1);
  for (let j = 0; j < count; j++) if ((w.goesOn[j] & bit) !== 0 && w.head[j] >>> shift === start) return true;
  return false;
}

/** The shortest of the first `count` warm-up values' lengths. */
function warmShortest(w: WarmValues, count: number): number {
  let shortest = Number.MAX_SAFE_INTEGER;
  for (let i = 0; i < count; i++) if (w.length[i] < shortest) shortest = w.length[i];
  return shortest;
}

/** The slot of a known value's hash, or -1. */
function knownSlot(p: ParameterProfile, h: number): number {
  if ((p.knownBits & (1 << (h & 31))) === 0) return -1;
  for (let i = 0; i < p.knownCount; i++) if (p.known[i] === h) return i;
  return -1;
}

/**
 * A young parameter's evidence (youngType, youngSymbol): its own profile once it has
 * YOUNG_AGREEING_VALUES clean values (its own say, whatever the resource's), else the profiles of
 * its name at the endpoints of its resource (its own among them), else null.
 */
function youngEvidence(p: ParameterProfile): ParameterProfile[] | null {
  return p.clean >= YOUNG_AGREEING_VALUES ? [p] : p.resource;
}

/** Profiles of the evidence that must have sent values: its own, or YOUNG_RESOURCE_PARAMETERS of its resource's. */
function youngParameters(profiles: ParameterProfile[], p: ParameterProfile): number {
  return profiles === p.resource ? YOUNG_RESOURCE_PARAMETERS : 1;
}

interface Endpoint {
  /** Parameters by their full key (parameterKey): what the cap counts. */
  params: Map<string, ParameterProfile>;
  /** Requests profiled (ProfileStore.beginRequest): the current one's number. */
  requests: number;
  /**
   * The latest request that had a parameter first that came back in a later request (a parameter of
   * the API, not of one tampered request): the parameter set is settled once this lies in the first
   * half of the endpoint's requests.
   */
  lastGrowth: number;
  /** lastGrowth with the current request's parameters (taken at the next request: the order of parameters does not matter). */
  growth: number;
  /** The most requests any parameter without an array index was in: none is required while it is below requiredShare (see missing). */
  mostPresent: number;
  /** The most requests any parameter was reported missing from (see missing). */
  mostAbsent: number;
  /** A PATCH endpoint: its bodies are partial updates (RFC 5789), no parameter is missing from one. */
  readonly partial: boolean;
  /** The same profiles of parameters with a plain name (point [kind, name]), by kind then name: no key built. */
  named: Map<PointKind, Map<string, ParameterProfile>>;
  /** The host's host-wide profiles and name set (null when sharedProfiles is off). */
  host: HostProfile | null;
  /**
   * Names past the parameter cap, by their full key (parameterKey), at most CAPPED_NAMES_FACTOR x
   * maxParametersPerEndpoint of them (null until one is met): see CappedName.
   */
  capped: Map<string, CappedName> | null;
  /** The profiles of each plain name at the endpoints of its resource (resourceOf), shared by them (null when sharedProfiles is off). */
  resource: Map<string, ParameterProfile[]> | null;
}

/**
 * A host's parameter names (the host-wide profiles, by name) and its requests (of every endpoint
 * profiled), as an endpoint's parameter set: a host-wide profile's presence counts (present,
 * firstRequest, lastRequest) are in the host's request numbers, and its name set is settled once no
 * name that came back in a later request was first met in the second half of the host's requests.
 */
interface HostProfile {
  shared: Map<string, ParameterProfile>;
  requests: number;
  lastGrowth: number;
  growth: number;
}

/**
 * A value's hash, classes, two-spaces flag and type: what observe works out of it, whatever its
 * parameter (values recur across parameters and requests: ids, enums, booleans).
 */
interface ValueTraits {
  readonly hash: number;
  readonly lo: number;
  readonly hi: number;
  readonly shape: number;
  readonly type: string;
}

/** Values whose traits are remembered, and the longest remembered (as the attack detectors' value memory: docs/detection.md "Profile cost"). */
const MAX_TRAITS = 16384;
const MAX_TRAITS_LENGTH = 256;

/**
 * A path prefix in the template trie: its template, the next segments by their text, the next
 * variable segment, and how many of its literal next segments are followed by each literal segment
 * (`resourceGroups/goldorbit/providers`, `resourceGroups/orbit-sage/providers`: see namedSibling).
 */
interface SegmentNode {
  readonly template: string;
  readonly literal: Map<string, SegmentNode>;
  variable: SegmentNode | null;
  /** Literal segment after a literal child -> children followed by it (null until one is). */
  followed: Map<string, number> | null;
}

function newSegmentNode(template: string): SegmentNode {
  return { template, literal: new Map(), variable: null, followed: null };
}

/**
 * Literal siblings that must already be followed by the same literal segment before a new literal
 * segment followed by it is read as a value (namedSibling).
 */
export const NAMED_SIBLINGS = 8;

/**
 * Whether a segment with no value shape (`goldorbit`, `orbit-sage`: a name of words) is a value by
 * its siblings' agreement: NAMED_SIBLINGS literal segments under the same prefix were each followed
 * by the segment that follows this one (`resourceGroups/{name}/providers`). An API's own literal
 * children (collections, actions) are few and lead to different things; name-keyed resources are
 * many with one structure under each. Not a dotted name (a site's pages). docs/detection.md
 * "Names agreed by siblings (branch i18-profiles6)".
 */
function namedSibling(node: SegmentNode, seg: string, path: string, end: number): boolean {
  if (end < 0 || node.followed === null || seg.includes('.')) return false;
  const after = path.indexOf('/', end + 1);
  const follower = after < 0 ? path.slice(end + 1) : path.slice(end + 1, after);
  return follower !== '' && (node.followed.get(follower) ?? 0) >= NAMED_SIBLINGS;
}

/** Raw paths remembered (host, method, path -> endpoint) before the cache starts anew. */
export const RESOLVED_PATHS = 16384;

export interface ProfileCounters {
  /** Endpoints and parameters profiled now. */
  endpoints: number;
  parameters: number;
  /** Host-wide profiles (host, parameter name) now, and new ones not made because maxSharedParameters was reached. */
  sharedParameters: number;
  sharedCapped: number;
  /** Values learned. */
  values: number;
  /** New endpoints and parameters not profiled because a cap was reached. */
  endpointsCapped: number;
  parametersCapped: number;
  /** Values learned before a profile was established and taken back from it then (ProfileStore.establish). */
  rejudged: number;
  /** Parameters an established endpoint rarely or never has, and parameters it nearly always has, missing from a request. */
  unusualParameters: number;
  missingParameters: number;
  /** Values of an endpoint's parameter that broke its closed vocabulary (a word it never had). */
  newWords: number;
}

/** The counters in the order the summary and the metrics give them (docs/operations.md). */
export const PROFILE_COUNTER_NAMES = [
  'endpoints',
  'parameters',
  'values',
  'endpointsCapped',
  'parametersCapped',
  'rejudged',
  'unusualParameters',
  'missingParameters',
  'sharedParameters',
  'sharedCapped',
  'newWords',
] as const;

export function newProfileCounters(): ProfileCounters {
  return {
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
}

/** A parameter an established endpoint nearly always has, missing from the current request. */
export interface MissingParameter {
  point: RequestPoint;
  rule: string;
}

/** What broke a profile: the rule, for the hit. */
export type ProfileBreak = string;

/** `string:uuid` and the like, made once per format. */
const FORMAT_KEYS = new Map<string, string>();

function typeKey(value: string): string {
  const t = classifyText(value);
  if (t.format === null) return t.type;
  let key = FORMAT_KEYS.get(t.format);
  if (key === undefined) FORMAT_KEYS.set(t.format, (key = `${t.type}:${t.format}`));
  return key;
}

/** Adds `by` to counts[k] for every class k in (lo, hi). */
function countClasses(counts: Uint32Array, lo: number, hi: number, by = 1): void {
  for (let m = lo; m !== 0; m &= m - 1) counts[31 - Math.clz32(m & -m)] += by;
  for (let m = hi; m !== 0; m &= m - 1) counts[63 - Math.clz32(m & -m)] += by;
}

/** The first class of (lo, hi), in ascending order, that fewer than `rare` of the parameter's clean values had (and, with `drift`, not drifted into), or -1. */
function rareClass(p: ParameterProfile, lo: number, hi: number, rare: number, drift: number): number {
  for (let m = lo; m !== 0; m &= m - 1) {
    const k = 31 - Math.clz32(m & -m);
    if (p.classes[k] < rare && p.suspectClasses[k] < drift) return k;
  }
  for (let m = hi; m !== 0; m &= m - 1) {
    const k = 63 - Math.clz32(m & -m);
    if (p.classes[k] < rare && p.suspectClasses[k] < drift) return k;
  }
  return -1;
}

/**
 * The first class, in ascending order, that the value lacks while fewer than `rare` of the
 * parameter's clean values lacked it (and, with `drift`, fewer than `drift` suspect values lacked
 * it), or -1 (docs/detection.md "Value shapes (branch i18-profiles)"). Letters are not asked of a
 * value with non-ASCII characters: they have no class, and a name in another alphabet or with an
 * accented capital (`Óscar`) is not an error; nor a space of `sentences` (a one-word reply); nor
 * letters or digits of a random token (`_wpnonce` of 10 hex digits: one in a hundred has no letter).
 */
function lackingClass(
  p: ParameterProfile,
  lo: number,
  hi: number,
  rare: number,
  drift: number,
  value: string,
  sentences: boolean,
): number {
  const least = p.clean - rare;
  let letters = -1;
  // Only classes some learned value had and this one lacks (seenLo/seenHi: most values have every
  // class of their parameter, and no class is walked), in ascending order.
  for (let m = p.seenLo & ~lo, h = p.seenHi & ~hi; m !== 0 || h !== 0;) {
    let k: number;
    if (m !== 0) {
      k = 31 - Math.clz32(m & -m);
      m &= m - 1;
    } else {
      k = 63 - Math.clz32(h & -h);
      h &= h - 1;
    }
    if ((k === SPACE && sentences) || p.classes[k] <= least || p.suspectLacking[k] >= drift) continue;
    // A random token (minShare of the values alternate letters and digits) lacks either by chance.
    if ((k === UPPER || k === LOWER || k === DIGIT) && p.tokens >= rare) continue;
    if (k === UPPER || k === LOWER) {
      if (letters < 0) letters = /[^\x00-\x7f]/.test(value) ? 0 : 1;
      if (letters === 0) continue;
    }
    return k;
  }
  return -1;
}

/** The start of the length rules' breaks (ProfileStore.judge; see longerThanHost). */
const LENGTH_RULE = 'length ';
/** The start of a young cut break's rule (youngCutBreak): counted apart from the symbol rules' breaks. */
const YOUNG_CUT = 'young cut';

/** The start of rule 4d's break (ProfileStore.otherField). */
const OTHER_FIELD = 'value of another field';

/** The start of a closed vocabulary's rule (learn counts those breaks apart: suspectWords). */
const NEW_WORD = 'value not in the closed vocabulary';

function newWordRule(p: ParameterProfile): ProfileBreak {
  return `${NEW_WORD}: ${p.knownCount} values in ${p.clean}`;
}

/**
 * Whether a parameter's values are a closed vocabulary (docs/detection.md "Closed vocabularies"):
 * words (every known value a plain string: not numbers, whose new values are new records, nor
 * formats), all of them known (fewer than KNOWN_VALUES distinct), and few met only once: by the
 * Good-Turing estimate, the chance that the next value is a new one is the share of values met
 * once, which must be under `minShare` (as a class fewer than minShare of the values had). Names,
 * search text and ids keep bringing new values and are open.
 */
function closedVocabulary(p: ParameterProfile, minShare: number, factor: number): boolean {
  const count = p.knownCount;
  // Few words over many values: `factor` x the square of the words (at 2, a select box of 5 after
  // 50 values; 12 names each met 3 times in 40 values are not a vocabulary), and settled: no word
  // met first in the second half of the values (an enum whose rarer words still come). Tested
  // first: most parameters fail them without a walk over their known values.
  if (count === 0 || count >= knownValues || factor <= 0) return false;
  if (factor * count * count > p.clean || p.lastWord * 2 > p.clean) return false;
  let once = 0;
  let seen = 0;
  for (let i = 0; i < count; i++) {
    if (p.knownTypes[i] !== 'string') return false;
    if (p.knownSeen[i] === 1) once++;
    seen += p.knownSeen[i];
  }
  // Every learned value is a known one (none was learned while the known values were full).
  return seen === p.clean && once < minShare * p.clean;
}

export class ProfileStore {
  /** Endpoints by host, method and path template (no key string built). */
  private readonly endpoints = new Map<string, Map<string, Map<string, Endpoint>>>();
  /** Host and path template of every endpoint profiled (for backup-copy probes). */
  private readonly paths = new Set<string>();
  /** Endpoints by host, method and raw path with a variable-looking segment (at most RESOLVED_PATHS; see endpoint). */
  private readonly resolved = new Map<string, Map<string, Map<string, Endpoint>>>();
  private resolvedSize = 0;
  /** Templates of paths with a variable-looking segment, by segment (at most RESOLVED_PATHS nodes; see templateOf). */
  private segments = newSegmentNode('');
  private segmentNodes = 0;
  /** Host-wide profiles and name sets by host (see sharedProfiles). */
  private readonly shared = new Map<string, HostProfile>();
  /** By host and resource (resourceOf): its endpoints' parameters by plain name (see Endpoint.resource); at most one per endpoint. */
  private readonly resources = new Map<string, Map<string, ParameterProfile[]>>();
  /** What each short value met lately is made of (at most MAX_TRAITS values): a value met again is not hashed, scanned nor classified again. */
  private readonly traits = new Map<string | number, ValueTraits>();
  readonly counters: ProfileCounters = newProfileCounters();
  /** The counts of a name's profiles at a resource, summed (resourceBreak; reused per value). */
  private readonly merged = new ParameterProfile(['query', '']);

  /** Requests of a host before a name new to it is judged (hostMinRequests, never below minValues). */
  private readonly hostMinRequests: number;

  constructor(readonly settings: AnomalySettings) {
    this.hostMinRequests = Math.max(settings.minValues, settings.hostMinRequests);
  }

  /** The endpoint a request's values are profiled under, or null when the endpoint cap is reached. */
  endpoint(host: string, method: string, path: string): Endpoint | null {
    // A path without digits or `@` is its own template (pathTemplate).
    if (!VARIABLE_HINT.test(path)) return this.endpointOf(host, method, path);
    let byMethod = this.resolved.get(host);
    let byPath = byMethod?.get(method);
    const cached = byPath?.get(path);
    if (cached !== undefined) return cached;
    const template = this.templateOf(path);
    const e = this.endpointOf(host, method, template);
    // Only a path that is its own template (a digit in a name: `/api/v1/orders`) is remembered: a
    // path with an id is nearly always new (the API bench capture: 269 of 49 916 met again), and
    // storing it cost more than the trie walk it saves (docs/performance.md "The attack stage per
    // transaction (branch i22-attacks4)"). The cache only spares work: the template is the same.
    if (e === null || template !== path) return e;
    // The cache starts anew rather than grow.
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

  /**
   * pathTemplate(path), resolved segment by segment through a trie of the templates met: a segment
   * met before under the same prefix is not classified again, only a new one (an id) is, and the
   * template string is the node's own (no split, join or new key string).
   */
  private templateOf(path: string): string {
    if (this.segmentNodes >= RESOLVED_PATHS) {
      this.segments = newSegmentNode('');
      this.segmentNodes = 0;
    }
    let node = this.segments;
    // The node whose literal child `node` is (null when `node` is a variable segment or the root).
    let parent: SegmentNode | null = null;
    let start = 0;
    for (;;) {
      const end = path.indexOf('/', start);
      const seg = end < 0 ? path.slice(start) : path.slice(start, end);
      let next = node.literal.get(seg);
      let literal = next !== undefined;
      if (next === undefined) {
        if (seg !== '' && (variablePathSegment(seg) || namedSibling(node, seg, path, end))) {
          next = node.variable ?? (node.variable = this.newNode(start === 0 ? '{}' : node.template + '/{}'));
        } else {
          next = this.newNode(start === 0 ? seg : node.template + '/' + seg);
          node.literal.set(seg, next);
          literal = true;
          // One more literal sibling of `node` followed by this segment.
          if (parent !== null) {
            const followed = (parent.followed ??= new Map());
            followed.set(seg, (followed.get(seg) ?? 0) + 1);
          }
        }
      }
      parent = literal ? node : null;
      node = next;
      if (end < 0) return node.template;
      start = end + 1;
    }
  }

  private newNode(template: string): SegmentNode {
    this.segmentNodes++;
    return newSegmentNode(template);
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
    let hostProfile: HostProfile | null = null;
    let resource: Map<string, ParameterProfile[]> | null = null;
    if (this.settings.sharedProfiles) {
      const key = `${host} ${resourceOf(template)}`;
      resource = this.resources.get(key) ?? null;
      if (resource === null) this.resources.set(key, (resource = new Map()));
      hostProfile = this.shared.get(host) ?? null;
      if (hostProfile === null)
        this.shared.set(host, (hostProfile = { shared: new Map(), requests: 0, lastGrowth: 0, growth: 0 }));
    }
    e = {
      params: new Map(),
      named: new Map(),
      requests: 0,
      lastGrowth: 0,
      growth: 0,
      mostPresent: 0,
      mostAbsent: 0,
      partial: method === 'PATCH',
      host: hostProfile,
      capped: null,
      resource,
    };
    if (byMethod === undefined) this.endpoints.set(host, (byMethod = new Map()));
    if (byTemplate === undefined) byMethod.set(method, (byTemplate = new Map()));
    byTemplate.set(template, e);
    this.paths.add(`${host} ${template}`);
    this.counters.endpoints++;
    return e;
  }

  /**
   * Whether an endpoint with this host and path (any method) is profiled: by the path's template,
   * or by the trie's reading of it without learning it, a name agreed by its siblings
   * (namedSibling) read as a value first (the probe itself made its name a literal node, followed by
   * the suffixed segment), then as a literal (one of the names met before the agreement).
   */
  knowsPath(host: string, path: string): boolean {
    if (this.paths.has(`${host} ${pathTemplate(path)}`)) return true;
    if (!VARIABLE_HINT.test(path)) return false;
    for (const agreedFirst of [true, false]) {
      const template = this.knownTemplate(path, agreedFirst);
      if (template !== null && this.paths.has(`${host} ${template}`)) return true;
    }
    return false;
  }

  /**
   * The template the trie reads a path as, without adding to it (null: a segment it never met);
   * `agreedFirst`: a name its siblings agree is a value goes to the variable node even when it is a
   * literal one too.
   */
  private knownTemplate(path: string, agreedFirst: boolean): string | null {
    let node = this.segments;
    let start = 0;
    for (;;) {
      const end = path.indexOf('/', start);
      const seg = end < 0 ? path.slice(start) : path.slice(start, end);
      const literal = node.literal.get(seg) ?? null;
      let next = literal;
      if (seg !== '' && (agreedFirst || literal === null)) {
        const agreed = namedSibling(node, seg, path, end);
        if (agreed || (literal === null && variablePathSegment(seg))) next = node.variable ?? literal;
      }
      if (next === null) return null;
      node = next;
      if (end < 0) return node.template;
      start = end + 1;
    }
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
      p = new ParameterProfile(v.point);
      e.params.set(key, p);
      this.counters.parameters++;
      if (plain && e.host !== null) p.shared = this.sharedProfile(e.host.shared, name);
      if (plain && e.resource !== null) {
        let siblings = e.resource.get(name);
        if (siblings === undefined) e.resource.set(name, (siblings = []));
        siblings.push(p);
        p.resource = siblings;
      }
    }
    if (plain) {
      let byName = e.named.get(v.kind);
      if (byName === undefined) e.named.set(v.kind, (byName = new Map()));
      byName.set(name, p);
    }
    return p;
  }

  /** The host-wide profile of a parameter name, made unless maxSharedParameters is reached (counted), else null. */
  private sharedProfile(byName: Map<string, ParameterProfile>, name: string): ParameterProfile | null {
    let s = byName.get(name);
    if (s !== undefined) return s;
    if (this.counters.sharedParameters >= this.settings.maxSharedParameters) {
      this.counters.sharedCapped++;
      return null;
    }
    s = new ParameterProfile(['query', name]);
    byName.set(name, s);
    this.counters.sharedParameters++;
    return s;
  }

  /** Counts a request of the endpoint (before its values are observed): the parameter-set rules need it. */
  beginRequest(e: Endpoint): void {
    e.requests++;
    e.lastGrowth = e.growth;
    const h = e.host;
    if (h !== null) {
      h.requests++;
      h.lastGrowth = h.growth;
    }
  }

  /**
   * Judges the value against its parameter's profile (what broke it, or null), then learns it. A
   * parameter met for the first time also breaks it when the endpoint is established (minValues
   * requests before) and its parameter set settled (see lastGrowth): an added `debug=1`, a tampered
   * request's extra field. An API's optional parameters come back, and while new ones do, the set is
   * not settled. At an endpoint too young for that (or not settled), a name no endpoint of the host
   * ever had breaks it when the host's name set is settled (newToHost). A value an attack class
   * found (`attacked`) counts for the parameter's presence only.
   */
  observe(e: Endpoint, v: RequestValue, attacked = false): ProfileBreak | null {
    if (!profiled.has(v.kind)) return null;
    const p = this.parameter(e, v);
    if (p === null) return this.cappedName(e, v);
    let unusual: ProfileBreak | null = null;
    if (p.lastRequest !== e.requests) {
      const first = p.present === 0;
      unusual = this.presence(e, p);
      if (p.plain && p.present > e.mostPresent) e.mostPresent = p.present;
      const s = p.shared;
      if (s !== null) {
        const h = e.host!;
        if (s.lastRequest !== h.requests && this.newToHost(h, s) && unusual === null && first && e.requests > 1) {
          unusual = `parameter new to the host after ${h.requests - 1} requests`;
          this.counters.unusualParameters++;
          p.invented = true;
        }
      }
    }
    const value = v.value;
    // Keyed as the attack stage's value memory keys it (memory-key.ts): a short value is looked up
    // by a number, without hashing a new string.
    const key = value.length <= MAX_TRAITS_LENGTH ? memoryKey(value) : null;
    const traits = key === null ? undefined : this.traits.get(key);
    // A value not met lately is read once for its hash and its classes (scan.ts).
    const h = traits === undefined ? scanValue(value) : traits.hash;
    const slot = knownSlot(p, h);
    let lo: number;
    let hi: number;
    let type: string;
    let shape: number;
    if (slot >= 0) {
      // Known: never judged, and its classes and type are those worked out when it was first met.
      lo = p.knownLo[slot];
      hi = p.knownHi[slot];
      type = p.knownTypes[slot];
      shape = p.knownShape[slot];
    } else if (traits !== undefined) {
      ({ lo, hi, shape, type } = traits);
    } else {
      lo = scanned[0];
      hi = scanned[1];
      // Bit 0: two spaces or more (a sentence); bit 1: letters and digits alternate (a random token).
      shape = scanned[2] | (scanned[3] << 1);
      type = typeKey(value);
      if (isNumberType(type)) {
        lo = 0;
        hi = digitBit;
      }
      if (key !== null) this.rememberTraits(key, { hash: h, lo, hi, shape, type });
    }
    this.counters.values++;
    const s = p.shared;
    if (attacked) {
      // An attack class found the value: it is an attack, not the parameter's normal, and the
      // endpoint's profile neither learns it nor counts it as suspect (its classes would drift the
      // profile open); its anomaly would not be reported (the attack class says more). The host-wide
      // profile, a mixture of endpoints that judges by less, learns it as before.
      // docs/detection.md "Attacks not learned (branch i18-profiles4)".
      if (s !== null) this.learn(s, knownSlot(s, h), value, h, lo, hi, type, shape, true);
      return null;
    }
    const wasEstablished = p.established;
    const young = wasEstablished || slot >= 0 ? null : this.youngType(p, type);
    // A young symbol break yields to the host-wide profile's when that reports too (more evidence).
    const youngSymbol = wasEstablished || slot >= 0 || young !== null ? null : this.youngSymbol(p, lo, value);
    // Then its resource's values of its name (a resource means one thing by it; the host may not).
    const resource =
      wasEstablished || slot >= 0 || young !== null || youngSymbol !== null
        ? null
        : this.resourceBreak(p, h, value.length, type, lo, hi, value);
    // Both yield to the host-wide profile's break when that reports too (more evidence).
    const symbol = youngSymbol ?? resource;
    let broken: ProfileBreak | null = young;
    if (young === null && symbol === null) broken = this.learn(p, slot, value, h, lo, hi, type, shape, false, e);
    else {
      // Not learned, nor counted among the suspect classes and types that open an established
      // profile (driftShare): at half-tampered young endpoints they would be a fifth of its values.
      p.n++;
      if (young !== null) p.youngBroken++;
      else if (youngSymbol !== null && youngSymbol.startsWith(YOUNG_CUT)) p.youngCuts++;
      else if (youngSymbol !== null) p.youngSymbols++;
      else p.resourceBroken++;
    }
    if (s === null) return unusual ?? broken ?? symbol;
    // The host-wide profile judges only values of a parameter not yet established, once its values agreed with it.
    const judged = !wasEstablished && s.established;
    const shared = this.learn(s, knownSlot(s, h), value, h, lo, hi, type, shape, true);
    if (!judged) return unusual ?? broken ?? symbol;
    // The parameter's values met before the host-wide profile was established agree or not too.
    if (p.sharedFit + p.sharedMisfit === 0 && p.warm !== null) this.agreeWarm(p, s);
    const verdict = this.countVerdict(p, s);
    // A name that means one thing on the host judges the first values of a new endpoint's parameter too.
    // Not sentences: their punctuation is language, and varies from one endpoint's texts to another's.
    const oneMeaning =
      verdict === UNDECIDED &&
      s.agreeing >= NAME_AGREEING_ENDPOINTS &&
      s.disagreeing === 0 &&
      !writesSentences(s, this.settings.proseShare);
    if (shared === null) p.sharedFit++;
    else p.sharedMisfit++;
    this.countVerdict(p, s);
    if (shared === null) return unusual ?? broken ?? symbol;
    // Reported once the endpoint's values agreed; while they are undecided (its first values), when
    // the name means one thing on the host (NAME_AGREEING_ENDPOINTS endpoints agree, none disagrees:
    // docs/detection.md "One meaning per name (branch i18-profiles9)"); else only a value of the
    // host's alphabet for the name that is longer than the host's bound, where none of the endpoint's own was.
    const reported =
      verdict === AGREED || oneMeaning || (shared.startsWith(LENGTH_RULE) && this.longerThanHost(p, s, value.length));
    return unusual ?? broken ?? (reported ? `host-wide ${shared}` : symbol);
  }

  /**
   * What breaks a young parameter's type evidence (youngTypeBreak), or null: its endpoint's own
   * values once it has YOUNG_AGREEING_VALUES of them (its own say, whatever the resource's), else its
   * name's values at the endpoints of its resource, YOUNG_RESOURCE_PARAMETERS of them sending values
   * (a resource's GET, POST and PUT carry its `id`, `created_at`, `enabled` alike). Before either,
   * an integer id where a handful were, or a boolean, uuid, date, email or address, took letters,
   * symbols or a hundred digits unjudged (docs/detection.md "Young endpoints by their types (branch
   * i18-profiles10)"). Not across resources: a name may mean one thing at `/users` and another at `/files`.
   */
  private youngType(p: ParameterProfile, type: string): ProfileBreak | null {
    const profiles = youngEvidence(p);
    if (profiles === null) return null;
    const evidence = youngTypeBreak(profiles, p, type, youngParameters(profiles, p), this.settings);
    return evidence === null ? null : `young type ${type}: ${evidence}`;
  }

  /**
   * What breaks a young parameter's plain-string evidence, or null: a code or markup symbol
   * (youngSymbolBreak) or a text symbol of queries and patterns (youngTextSymbolBreak) where its
   * first values, or its name's at its resource's endpoints, were plain strings that never had one;
   * or a value cut short where its own first values were longer (youngCutBreak). docs/detection.md
   * "Code and markup symbols at young names (branch i18-profiles11)" and "Text symbols and cut values
   * at young names (branch i18-profiles13)".
   */
  private youngSymbol(p: ParameterProfile, lo: number, value: string): ProfileBreak | null {
    const profiles = youngEvidence(p);
    if (profiles === null) return null;
    const parameters = youngParameters(profiles, p);
    const evidence =
      youngSymbolBreak(profiles, lo, value, parameters, this.settings) ??
      youngTextSymbolBreak(profiles, lo, value, parameters, this.settings);
    if (evidence !== null) return `young ${evidence}`;
    // A cut is judged by the parameter's own values only (its warm-up's lengths and first characters).
    if (value.length > CUT_LENGTH || p.warm === null) return null;
    const w = p.warm;
    const cut = youngCutBreak(
      p,
      value.length,
      warmShortest(w, p.clean),
      cutOfWarm(w, headOf(value), value.length, p.clean),
      this.settings,
    );
    return cut === null ? null : `young ${cut}`;
  }

  /**
   * What breaks a young parameter's resource evidence, or null: the profiles of its name at the
   * endpoints of its resource (its own among them), once resourceJudges, summed and judged as a
   * host-wide profile judges (the narrower rules), unless the value is known at one of them. A
   * host-wide profile is a mixture where the name means several things on the host; a resource means
   * one (docs/detection.md "Names that mean several things on one host (branch i18-profiles12)").
   */
  private resourceBreak(
    p: ParameterProfile,
    h: number,
    length: number,
    type: string,
    lo: number,
    hi: number,
    value: string,
  ): ProfileBreak | null {
    const profiles = p.resource;
    if (profiles === null || !resourceJudges(profiles, this.settings)) return null;
    for (const q of profiles) if (knownSlot(q, h) >= 0) return null;
    const m = this.merged;
    mergeResource(m, profiles);
    m.lengthTop = 0;
    for (const q of profiles) if (q.lengthTop > m.lengthTop) m.lengthTop = q.lengthTop;
    const broken = this.judge(m, length, type, lo, hi, true, value);
    return broken === null ? null : `resource ${broken}`;
  }

  /**
   * The endpoint parameter's verdict on its host-wide profile now (sharedVerdict), counted in the
   * host-wide profile's `agreeing` and `disagreeing` in place of the verdict counted before.
   */
  private countVerdict(p: ParameterProfile, s: ParameterProfile): Verdict {
    const v = sharedVerdict(p.sharedFit, p.sharedMisfit, this.settings.sharedAgreeShare);
    if (v === p.verdict) return v;
    if (p.verdict === AGREED) s.agreeing--;
    else if (p.verdict === DISAGREED) s.disagreeing--;
    if (v === AGREED) s.agreeing++;
    else if (v === DISAGREED) s.disagreeing++;
    p.verdict = v;
    return v;
  }

  /**
   * Counts the endpoint's request for a parameter name (`p`, not yet counted in this request) and
   * judges its presence: met for the first time at an endpoint established and settled (rule 5), or
   * met again while rarer than minShare of the requests since its first, when it was reported new or
   * first met past the endpoint's first request at a settled endpoint (5b). Returns the break or null.
   */
  private presence(e: Endpoint, p: Presence): ProfileBreak | null {
    const before = e.requests - 1;
    const settled = before >= this.settings.minValues && e.lastGrowth * 2 <= before;
    let unusual: ProfileBreak | null = null;
    if (p.present === 0) {
      p.firstRequest = e.requests;
      if (settled) {
        unusual = `parameter new after ${before} requests`;
        this.counters.unusualParameters++;
        p.invented = true;
      }
    } else if (!p.grown && p.present + 1 >= this.settings.minShare * (e.requests - p.firstRequest + 1)) {
      p.grown = true;
      if (p.firstRequest > e.growth) e.growth = p.firstRequest;
    } else if (
      p.present + 1 < this.settings.minShare * (e.requests - p.firstRequest + 1) &&
      (p.invented || (p.firstRequest > 1 && settled))
    ) {
      // Tampered requests repeat their inventions (`debug=1` again fifty requests later): a name
      // reported new stays unusual while it stays rarer than the API's own parameters.
      unusual = `parameter new, again: in ${p.present + 1} of ${e.requests - p.firstRequest + 1} requests since its first`;
      this.counters.unusualParameters++;
    }
    p.lastRequest = e.requests;
    p.present++;
    return unusual;
  }

  /**
   * A value of a parameter past the endpoint's cap (not profiled, counted parametersCapped by
   * parameter): its name's presence is judged as a profiled parameter's (presence), among at most
   * CAPPED_NAMES_FACTOR x maxParametersPerEndpoint such names. A name past those too cannot be told new or not; it is
   * taken as the parameter set growing (an endpoint of that many names is not settled while they
   * keep coming), so no name of it is reported new on a set we could not follow.
   */
  private cappedName(e: Endpoint, v: RequestValue): ProfileBreak | null {
    const key = parameterKey(v);
    let c = e.capped?.get(key);
    if (c === undefined) {
      if ((e.capped?.size ?? 0) >= CAPPED_NAMES_FACTOR * this.settings.maxParametersPerEndpoint) {
        e.growth = e.requests;
        return null;
      }
      c = new CappedName();
      (e.capped ??= new Map()).set(key, c);
    }
    return c.lastRequest === e.requests ? null : this.presence(e, c);
  }

  /**
   * Whether a value of a parameter not yet established (`p`) is longer than its host-wide profile
   * (`s`) allows while none of the endpoint's own values before it was (its warm-up: the parameter
   * established with this value has none left, and is not judged so). A host-wide profile judges
   * such a parameter only once its values agreed with it (a name may mean another thing at another
   * endpoint), so a value at an endpoint's first requests was never judged; but a value longer than
   * every value of the name anywhere on the host, of the host's alphabet (the caller asks that the
   * host-wide profile's break be its length), at an endpoint whose values never were, is over-long
   * whatever the endpoint means by the name. Not an open alphabet (punctuated: paths and URLs are as
   * long as they are deep). docs/detection.md "Names, host-wide and cut values in the warm-up, the
   * host's length ceiling (branch i18-profiles7)".
   */
  private longerThanHost(p: ParameterProfile, s: ParameterProfile, length: number): boolean {
    const w = p.warm;
    if (w === null || punctuated(s)) return false;
    const limit = this.lengthLimit(s, this.settings.minShare, false);
    if (length <= limit) return false;
    // The last warm value is this one.
    for (let i = 0; i < p.clean - 1; i++) if (w.length[i] > limit) return false;
    return true;
  }

  /**
   * Counts the host's request for a parameter name (its host-wide profile `s`, not yet counted in
   * this request); true when the name is new to the host and the host's name set is settled
   * (HostProfile): hostMinRequests requests before, and no name that came back first met in their
   * second half. observe reports it only at an endpoint past its first request (a new endpoint's
   * names are its own).
   */
  private newToHost(h: HostProfile, s: ParameterProfile): boolean {
    const before = h.requests - 1;
    const first = s.present === 0;
    if (first) s.firstRequest = h.requests;
    else if (s.present === 1 && s.firstRequest > h.growth) h.growth = s.firstRequest;
    s.lastRequest = h.requests;
    s.present++;
    return first && before >= this.hostMinRequests && h.lastGrowth * 2 <= before;
  }

  /**
   * Counts how many of the values a parameter learned before its host-wide profile judged any (its
   * warm-up but the value being judged: all of them, since it is not established) keep that profile and how many break it: an
   * endpoint called only before the host-wide profile was established agrees with it or not by
   * those values, as by the values met after.
   */
  private agreeWarm(p: ParameterProfile, s: ParameterProfile): void {
    const w = p.warm!;
    // The last value learned is the one being judged: it is counted by observe.
    for (let i = 0; i < p.clean - 1; i++) {
      if (knownSlot(s, w.hash[i]) >= 0 || this.judge(s, w.length[i], w.types[i], w.lo[i], w.hi[i], true, null) === null)
        p.sharedFit++;
      else p.sharedMisfit++;
    }
  }

  /**
   * Judges a value (its hash, known slot, classes, type) against a profile when it is established
   * and the value not known, then learns it: as normal when it broke nothing, else as suspect.
   * Returns what broke it, or null; with `wide` (a host-wide profile) only what breaks its
   * narrower rules (see judge), though the value is learned as suspect whenever it broke any.
   */
  private learn(
    p: ParameterProfile,
    slot: number,
    value: string,
    h: number,
    lo: number,
    hi: number,
    type: string,
    shape: number,
    wide: boolean,
    e: Endpoint | null = null,
  ): ProfileBreak | null {
    let broken = p.established && slot < 0 ? this.judge(p, value.length, type, lo, hi, false, value) : null;
    if (broken === null && e !== null && p.established && slot < 0 && type === 'string') {
      const o = this.otherField(e, p, h);
      if (o !== null) broken = `${OTHER_FIELD}: one of ${o.knownCount} words of ${String(o.point[o.point.length - 1])}`;
    }
    const reported = broken !== null && wide ? this.judge(p, value.length, type, lo, hi, true, value) : broken;
    let at = slot;
    if (broken === null && slot < 0 && p.knownCount < knownValues) {
      const i = p.knownCount++;
      p.known[i] = h;
      p.knownBits |= 1 << (h & 31);
      p.knownLo[i] = lo;
      p.knownHi[i] = hi;
      p.knownTypes[i] = type;
      p.knownShape[i] = shape;
      p.lastWord = p.clean + 1;
      at = i;
    }
    p.n++;
    if (broken !== null) {
      // Not learned as normal, so that attacks among the traffic do not widen the profile.
      if (broken.startsWith(NEW_WORD)) {
        p.suspectWords++;
        if (!wide) this.counters.newWords++;
      }
      countClasses(p.suspectClasses, lo, hi);
      countClasses(p.suspectLacking, ~lo, ~hi & highClasses);
      p.suspectTypes.set(type, (p.suspectTypes.get(type) ?? 0) + 1);
      return reported;
    }
    if (!p.established) {
      p.warm ??= new WarmValues(Math.max(1, this.settings.minValues));
      const w = p.warm;
      const i = p.clean;
      w.lo[i] = lo;
      w.hi[i] = hi;
      w.shape[i] = shape;
      w.length[i] = value.length;
      w.hash[i] = h;
      w.head[i] = headOf(value);
      w.goesOn[i] = wordGoesOn(value);
      w.types[i] = type;
    }
    if (at >= 0) p.knownSeen[at]++;
    p.clean++;
    p.seenLo |= lo;
    p.seenHi |= hi;
    p.sentences += shape & 1;
    p.tokens += shape >> 1;
    countClasses(p.classes, lo, hi);
    const bucket = bucketOf(value.length);
    p.lengths[bucket]++;
    if (bucket > p.lengthTop) p.lengthTop = bucket;
    p.types.set(type, (p.types.get(type) ?? 0) + 1);
    if (!p.established && p.clean >= this.settings.minValues) this.establish(p, e);
    return null;
  }

  /**
   * A word of another field's closed vocabulary in this one (rule 4d, docs/detection.md "Values of
   * another field (branch i18-profiles3)"): `name=Madrid` where Madrid is one of the cities of the
   * same endpoint's `city` (met there at least twice) and none of the name's known values is one of
   * the cities. The value keeps the field's shape (letters, length), so no other rule sees it; the
   * fields' vocabularies having nothing in common is what says they hold different things (a
   * billing and a shipping city, two currencies, share their words and are not judged).
   */
  private otherField(e: Endpoint, p: ParameterProfile, h: number): ParameterProfile | null {
    if (e.params.size < 2 || p.knownCount === 0) return null;
    for (const o of e.params.values()) {
      if (o === p || o.suspectWords >= this.settings.driftShare * o.n) continue;
      const slot = knownSlot(o, h);
      if (slot < 0 || o.knownSeen[slot] < 2) continue;
      if (!closedVocabulary(o, this.settings.minShare, this.settings.vocabularyFactor)) continue;
      // p's known values but h itself (a warm-up value being re-judged is one of them), against o's
      // words met twice (a value of p swapped into o once, in o's warm-up, is not o's word).
      let shared = false;
      for (let i = 0; i < p.knownCount && !shared; i++) {
        const k = p.known[i] === h ? -1 : knownSlot(o, p.known[i]);
        shared = k >= 0 && o.knownSeen[k] >= 2;
      }
      if (shared) continue;
      return o;
    }
    return null;
  }

  /** Remembers a value's traits (the memory starts anew when full, as the raw-path cache). */
  private rememberTraits(key: string | number, t: ValueTraits): void {
    if (this.traits.size >= MAX_TRAITS) this.traits.clear();
    this.traits.set(key, t);
  }

  /**
   * Parameters the endpoint nearly always has (`requiredShare` of its requests, once it has had
   * minValues) that the current request lacked, or null. Call after the request's values were
   * observed, only when all were (no cap cut the request short, its body decoded). Parameters under
   * an array index are not asked for (an empty array has none).
   */
  missing(e: Endpoint): MissingParameter[] | null {
    const before = e.requests - 1;
    if (before < this.settings.minValues || e.partial) return null;
    const share = this.settings.requiredShare;
    // A request reported without a parameter is not held against it (as a value that broke a
    // profile is not learned): tampered requests dropping it do not make it optional, until
    // minShare of the requests lacked it so (the application changed). One request without it is
    // forgiven: before the endpoint had minValues requests nothing is reported, and a field that a
    // tampered request dropped then would otherwise stay optional for a hundred requests
    // (docs/detection.md "Invented names that recur, a field dropped in the warm-up (branch
    // i18-anomaly2)"). An endpoint with no parameter that common (most of them: optional
    // parameters) is not walked.
    if (e.mostPresent + 1 < share * (before - e.mostAbsent)) return null;
    const changed = this.settings.minShare * before;
    let out: MissingParameter[] | null = null;
    for (const p of e.params.values()) {
      if (p.lastRequest === e.requests || !p.plain || p.present + 1 < share * (before - p.absent) || p.absent >= changed)
        continue;
      (out ??= []).push({ point: p.point, rule: `parameter missing: in ${p.present} of ${before} requests` });
      this.counters.missingParameters++;
      if (++p.absent > e.mostAbsent) e.mostAbsent = p.absent;
    }
    return out;
  }

  /**
   * Establishes a profile that has learned minValues values: each of them is judged against all of
   * them, with `rejudgeShare` in place of minShare, and those met once that break it are taken back (counted
   * as suspect, their hashes forgotten); too short ones too (of a host-wide profile as well since branch i18-profiles7). Traffic where tampered requests are common (a tenth of a
   * parameter's first values) would otherwise teach the profile that tampering is normal.
   */
  private establish(p: ParameterProfile, e: Endpoint | null): void {
    p.established = true;
    const w = p.warm!;
    p.warm = null;
    const count = p.clean;
    const share = this.settings.rejudgeShare * count;
    const prose = isProse(p, this.settings.proseShare);
    // Sentences (proseShare of the values with a space, half as many with two) may turn out free
    // text as more values come, and a parameter whose first values already use PROSE_SYMBOLS symbols
    // (punctuated: URLs, paths, free-form strings) has an open alphabet: neither is fixed from its
    // first values by class (control characters, type and length are re-judged). Names and labels
    // of one or two words are (their alphabet is closed; judge's own reading of free text): a space
    // alone spared digits that a tenth of the first values had from tampering (docs/detection.md
    // "Names, host-wide and cut values in the warm-up, the host's length ceiling (branch i18-profiles7)").
    const sentences = writesSentences(p, this.settings.proseShare);
    const text = (sentences && p.classes[SPACE] >= this.settings.proseShare * count) || punctuated(p);
    const narrow = narrowMajority(p);
    const limit = this.lengthLimit(p, this.settings.rejudgeShare, prose);
    // Too short, as judge's lower bound with rejudgeShare set aside (not sentences, nor numbers of
    // varied lengths): tampered requests that cut a value (`name=e` among `eve summit`) put a few
    // short values among a parameter's first ones, and the usual shortest fell to them. A host-wide
    // profile too, though it is a mixture of endpoints (ids of words at one, of uuids at another):
    // its judge has the same lower bound, and cuts it learned in its warm-up (a tenth of the host's
    // first values of a name) lowered that bound for good (docs/detection.md "Names, host-wide and
    // cut values in the warm-up, the host's length ceiling (branch i18-profiles7)").
    const shortest = sentences ? 0 : this.usualShortest(p, this.settings.rejudgeShare);
    const code = fixedWidth(shortest, this.usualLongest(p, this.settings.rejudgeShare));
    // The empty value is what every cut or cleared value becomes: met twice, it is no evidence of
    // vocabulary (tampered requests that clear a field repeat it), so it is re-judged as a value met
    // once unless rejudgeShare of the first values were empty (an optional field a form leaves
    // empty). docs/detection.md "Empty values in the warm-up (branch i18-profiles4)".
    let empty = 0;
    for (let i = 0; i < count; i++) if (w.length[i] === 0) empty++;
    const emptyRare = empty < share;
    const outliers: number[] = [];
    for (let i = 0; i < count; i++) {
      // A value met twice is the parameter's vocabulary (see known), not a tampering; but for the
      // empty value (above) and a cut of another value (cutOfAnother).
      if (
        (w.hash.indexOf(w.hash[i]) !== i || w.hash.lastIndexOf(w.hash[i], count - 1) !== i) &&
        !(w.length[i] === 0 && emptyRare) &&
        !cutOfAnother(w, i, count)
      )
        continue;
      const lo = text ? 0 : w.lo[i];
      const hi = text ? w.hi[i] & controlBit : w.hi[i];
      if (
        rareClass(p, lo, hi, share, Number.POSITIVE_INFINITY) >= 0 ||
        (narrow !== null && sameTypeCount(p, w.types[i]) < share) ||
        w.length[i] > limit ||
        (w.length[i] * this.settings.lengthFactor < shortest && (!lengthless(w.types[i]) || code)) ||
        // A word of another field's closed vocabulary (rule 4d), swapped into this one in the warm-up.
        (e !== null && w.types[i] === 'string' && this.otherField(e, p, w.hash[i]) !== null)
      )
        outliers.push(i);
    }
    for (const i of outliers) {
      countClasses(p.classes, w.lo[i], w.hi[i], -1);
      countClasses(p.suspectClasses, w.lo[i], w.hi[i]);
      countClasses(p.suspectLacking, ~w.lo[i], ~w.hi[i] & highClasses);
      p.lengths[bucketOf(w.length[i])]--;
      const t = w.types[i];
      p.types.set(t, p.types.get(t)! - 1);
      p.suspectTypes.set(t, (p.suspectTypes.get(t) ?? 0) + 1);
      p.sentences -= w.shape[i] & 1;
      p.tokens -= w.shape[i] >> 1;
      p.clean--;
      this.forget(p, w.hash[i]);
    }
    this.counters.rejudged += outliers.length;
  }

  /** Removes a hash from the parameter's known values (keeping the order of the others). */
  private forget(p: ParameterProfile, h: number): void {
    const slot = knownSlot(p, h);
    if (slot < 0) return;
    for (let i = slot + 1; i < p.knownCount; i++) {
      p.known[i - 1] = p.known[i];
      p.knownLo[i - 1] = p.knownLo[i];
      p.knownHi[i - 1] = p.knownHi[i];
      p.knownTypes[i - 1] = p.knownTypes[i];
      p.knownShape[i - 1] = p.knownShape[i];
      p.knownSeen[i - 1] = p.knownSeen[i];
    }
    p.knownSeen[p.knownCount - 1] = 0;
    p.knownCount--;
    p.knownTypes.length = p.knownCount;
    p.knownBits = 0;
    for (let i = 0; i < p.knownCount; i++) p.knownBits |= 1 << (p.known[i] & 31);
  }

  /**
   * What in the value breaks the profile, or null. `wide`: the profile is host-wide, a mixture of
   * endpoints, and judges by less: not by symbols when its values are punctuated (an open alphabet:
   * URLs, paths, encoded blobs, as the warm-up's re-judgement, establish), and not by a string's
   * format (a `uri` majority against a plain string).
   */
  private judge(
    p: ParameterProfile,
    length: number,
    type: string,
    lo: number,
    hi: number,
    wide: boolean,
    value: string | null,
  ): ProfileBreak | null {
    const rare = this.settings.minShare * p.clean;
    // A class or type that broke the profile in driftShare of all values is the parameter's new normal.
    const drift = this.settings.driftShare * p.n;
    // Free text (most values several words: searches, comments, titles) has no fixed alphabet: its
    // punctuation and layout are language, rare symbols included; only control characters break it,
    // and the attack detectors read its syntax.
    const prose = isProse(p, this.settings.proseShare);
    const open = prose || (wide && punctuated(p));
    let k = rareClass(p, open ? 0 : lo, open ? hi & controlBit : hi, rare, drift);
    // A base64 alphabet's symbols are letters (worked out only when one of them is rare: the hot path is a value that breaks nothing).
    if (k >= 0 && k < 32 && (base64Letters(p) & (1 << k)) !== 0) k = rareClass(p, lo & ~base64Letters(p), hi, rare, drift);
    if (k >= 0) return `${CLASS_NAMES[k]}: in ${p.classes[k]} of ${p.clean} values`;
    const sameType = sameTypeCount(p, type);
    if (sameType < rare && (p.suspectTypes.get(type) ?? 0) < drift) {
      const narrow = narrowMajority(p);
      if (narrow !== null && !(wide && stringFormat(narrow[0])))
        return `type ${type}: in ${sameType} of ${p.clean} values (${narrow[0]} in ${narrow[1]})`;
    }
    const longest = this.usualLongest(p, this.settings.minShare);
    const limit = longest * this.settings.lengthFactor * (prose ? PROSE_LENGTH_FACTOR : 1) + 16;
    if (length > limit) return `${LENGTH_RULE}${length} > ${limit} (most values ${longest} or shorter)`;
    // No bound above a code's one length (fixedWidth): names and references drawn from a counter grow
    // a digit (`user999` -> `user1000`) as numbers do; docs/detection.md "Parameter profiles".
    // Too short: not sentences (three words or more in half proseShare of the values: a one-word
    // reply is a short text), nor a number (its length is its magnitude) unless the parameter's
    // values have one length (a code: fixedWidth). Names and labels of one or two words are judged.
    const sentences = writesSentences(p, this.settings.proseShare);
    if (!sentences) {
      const shortest = this.usualShortest(p, this.settings.minShare);
      // The usual longest (a walk down the buckets) only for a number that would be too short.
      if (
        length * this.settings.lengthFactor < shortest &&
        (!lengthless(type) || fixedWidth(shortest, this.usualLongest(p, this.settings.minShare)))
      )
        return `${LENGTH_RULE}${length} < ${+(shortest / this.settings.lengthFactor).toFixed(2)} (most values ${shortest} or longer)`;
    }
    // A class nearly every value had, lacking: another field's value in this one (a city in an
    // address of street and number, a card number in an expiry date). An endpoint's own profile
    // only, of a closed alphabet: not free text nor punctuated, not a format (a relative link among
    // URLs); sentences may be one word (a short reply), so their space is not asked for.
    if (!open && !wide && value !== null) {
      k = lackingClass(p, lo, hi, rare, drift, value, sentences);
      if (k >= 0 && !punctuated(p) && !mostlyFormatted(p))
        return `without ${CLASS_NAMES[k]}: in ${p.classes[k]} of ${p.clean} values`;
    }
    // A closed vocabulary (a button's caption, a select box, a code list) takes no new word; the
    // host-wide profile (a mixture of endpoints) does not judge by it.
    return !wide && p.suspectWords < drift && closedVocabulary(p, this.settings.minShare, this.settings.vocabularyFactor)
      ? newWordRule(p)
      : null;
  }

  /** The shortest length (bottom of its bucket) once the shortest `share` of the values are set aside. */
  private usualShortest(p: ParameterProfile, share: number): number {
    const allowed = share * p.clean;
    let below = 0;
    for (let b = 0; b < BUCKETS; b++) {
      below += p.lengths[b];
      if (below > allowed) return bucketBottom(b);
    }
    return 0;
  }

  /**
   * The longest a value may be: lengthFactor x the usual longest (once the longest `share` of the
   * values are set aside) + 16; free text has a long tail of lengths (a pasted paragraph), its bound
   * is PROSE_LENGTH_FACTOR times wider.
   */
  private lengthLimit(p: ParameterProfile, share: number, prose: boolean): number {
    return this.usualLongest(p, share) * this.settings.lengthFactor * (prose ? PROSE_LENGTH_FACTOR : 1) + 16;
  }

  /** The longest length (top of its bucket) once the longest `share` of the values are set aside. */
  private usualLongest(p: ParameterProfile, share: number): number {
    const allowed = share * p.clean;
    let above = 0;
    for (let b = p.lengthTop; b > 0; b--) {
      above += p.lengths[b];
      if (above > allowed) return bucketTop(b);
    }
    return 0;
  }
}
