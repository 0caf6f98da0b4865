/**
 * One grammar of API version segments, as APIs write them (docs/api-discovery.md "i19-versions"):
 *
 * - `tag`: `v` and a number (`v1`, `v12`), the value of `v{version}` when tags lead to one API;
 * - `release`: `v` and numbers joined by `.` or `_` (`v1.2`, `v2_1`, `v1.2.3`);
 * - `label`: a tag or release and a stage word with no number (`v2beta`, `v1alpha`, `v1.2b`);
 * - `stage`: a pre-release with its number (`v1beta1`, `v1alpha2`, `v3p1beta1`: Google's point release `p1`);
 * - `number`: numbers alone, dotted (`1.0`, `2.1.3`, `3`);
 * - `date`: a dated version (`2020-01-01`, `/2015-03-31/functions`).
 *
 * Words starting with `v` (`video`, `vault`) are no version: a version's `v` is followed by a digit.
 * Whether a version-shaped segment is the API's version or a value (a release `4.19.5` of a package) is
 * each caller's policy on top, from where the segment stands.
 */
export type VersionKind = 'tag' | 'release' | 'label' | 'stage' | 'number' | 'date';

const TAG = /^v\d{1,9}$/i;
const RELEASE = /^v\d{1,9}(?:[._]\d{1,9})+$/i;
const LABEL = /^v\d{1,9}(?:[._]\d{1,9})*[a-z]+$/i;
const STAGE = /^v\d{1,9}(?:[._]\d{1,9})*(?:p\d{1,9})?(?:alpha|beta|preview|rc|dev)\d{1,9}$/i;
const NUMBER = /^\d{1,9}(?:\.\d{1,9})*$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The kind of version `segment` is written as, or null when it is none. */
export function versionKind(segment: string): VersionKind | null {
  if (segment.length === 0 || segment.length > 40) return null;
  if (segment.charCodeAt(0) === 118 /* v */ || segment.charCodeAt(0) === 86 /* V */) return tagKind(segment);
  if (NUMBER.test(segment)) return 'number';
  return DATE.test(segment) ? 'date' : null;
}

function tagKind(segment: string): VersionKind | null {
  if (TAG.test(segment)) return 'tag';
  if (RELEASE.test(segment)) return 'release';
  if (STAGE.test(segment)) return 'stage';
  return LABEL.test(segment) ? 'label' : null;
}
