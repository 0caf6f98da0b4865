/**
 * A young parameter judged by its resource's values of its name (docs/detection.md "Parameter
 * profiles", branch i18-profiles12): a host-wide profile of a name is a mixture when the name means
 * several things on one host (`type` of images at `/images`, of addresses at `/primary_ips`:
 * `ipv4` gives the host's `type` digits, so `type=snapsh222` is normal for it), while the endpoints
 * of one resource (resourceOf: `GET /images/{}`, `PUT /images/{}`, `GET /images`) mean one thing
 * by it. Once RESOURCE_ENDPOINTS of them sent the name and RESOURCE_MIN_VALUES clean values
 * together, their counts summed are judged as a host-wide profile is (the narrower rules: a class,
 * a type, a length), before the young endpoint has its own minValues values.
 */
import type { AnomalySettings } from './settings';
import { type LearnedCounts, youngClean } from './vocabulary';

/**
 * Endpoints of a resource that must have sent the name (clean values) before their values judge
 * another's: one endpoint's values are its own young profile (judging those by class flagged new
 * enum words and second words: i18-profiles9), two are a resource agreeing with itself.
 */
export const RESOURCE_ENDPOINTS = 2;

/**
 * Clean values of the name at the resource's endpoints together before they judge: measured on the
 * tuning set (docs/detection.md, branch i18-profiles12) 10 caught the most with no normal request
 * flagged; 15 and 20 caught fewer, none flagged either.
 */
export const RESOURCE_MIN_VALUES = 10;

/** What the resource rule reads of each profile of the name at a resource (both profile stores have it). */
export interface ResourceCounts extends LearnedCounts {
  readonly n: number;
  readonly tokens: number;
  readonly lengths: ArrayLike<number>;
  readonly suspectClasses: ArrayLike<number>;
  readonly suspectTypes: ReadonlyMap<string, number>;
  /** Values that broke the resource's evidence (resourceJudges): not learned, counted here only. */
  readonly resourceBroken: number;
}

/** The counts a resource's profiles are summed into (a scratch profile judged as a host-wide one). */
export interface MergedCounts {
  n: number;
  clean: number;
  sentences: number;
  tokens: number;
  readonly classes: Uint32Array;
  readonly lengths: Uint32Array;
  readonly types: Map<string, number>;
  readonly suspectClasses: Uint32Array;
  readonly suspectTypes: Map<string, number>;
}

/**
 * Whether the profiles of a name at a resource's endpoints judge a young one's value:
 * RESOURCE_ENDPOINTS of them sent values, RESOURCE_MIN_VALUES clean ones together, and fewer than
 * `driftShare` of all their values (of `minValues` at least) broke this rule (youngClean: an application that
 * sends such values: drift, as an established profile's).
 */
export function resourceJudges(
  profiles: readonly ResourceCounts[],
  settings: Pick<AnomalySettings, 'driftShare' | 'minValues'>,
): boolean {
  return youngClean(profiles, RESOURCE_MIN_VALUES, RESOURCE_ENDPOINTS, (q) => q.resourceBroken, settings) > 0;
}

/** Sums the counts of the name's profiles at a resource into `into` (its previous counts cleared). */
export function mergeResource(into: MergedCounts, profiles: readonly ResourceCounts[]): void {
  into.n = into.clean = into.sentences = into.tokens = 0;
  into.classes.fill(0);
  into.lengths.fill(0);
  into.suspectClasses.fill(0);
  into.types.clear();
  into.suspectTypes.clear();
  for (const q of profiles) {
    into.n += q.n;
    into.clean += q.clean;
    into.sentences += q.sentences;
    into.tokens += q.tokens;
    for (let k = 0; k < into.classes.length; k++) into.classes[k] += q.classes[k];
    for (let k = 0; k < into.suspectClasses.length; k++) into.suspectClasses[k] += q.suspectClasses[k];
    for (let b = 0; b < into.lengths.length; b++) into.lengths[b] += q.lengths[b];
    for (const [t, k] of q.types) into.types.set(t, (into.types.get(t) ?? 0) + k);
    for (const [t, k] of q.suspectTypes) into.suspectTypes.set(t, (into.suspectTypes.get(t) ?? 0) + k);
  }
}
