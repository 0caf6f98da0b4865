import { fragmentMark, pathStart } from '../../../http/request';
import { parseUrlEncoded } from './params';
import type { RequestPoint } from '../../../records/types';
import type { ValueSink } from './types';

/**
 * The request target: each path segment as ["path", i] counting from 0 over the segments after
 * the leading "/" (so in `/etc/passwd`, "etc" is ["path",0]), the whole path as ["path"]
 * (traversal, probes and markup span segments), then the query string as ["query", name...].
 * The parts are the toolkit's (node/http/request, docs/http.md "Request targets"): absolute-form
 * targets (`http://host/p`) are reduced to their path, the fragment is no part of either.
 * `path`, when given, is targetPath(target) (the caller's, made once per request).
 */
/** Points are only read once made (see named-point.ts): the path's are made once. */
const PATH_POINT: RequestPoint = ['path'];
const SEGMENT_POINTS: RequestPoint[] = Array.from({ length: 32 }, (_, i) => ['path', i]);

function segmentPoint(i: number): RequestPoint {
  return i < SEGMENT_POINTS.length ? SEGMENT_POINTS[i] : ['path', i];
}

export function extractTarget(
  target: string,
  maxDepth: number,
  sink: ValueSink,
  skipQuery: ReadonlySet<string> | null = null,
  path: string | null = null,
): boolean {
  const start = pathStart(target);
  const fragment = fragmentMark(target, start);
  let q = target.indexOf('?', start);
  if (q > fragment) q = -1;
  const end = q < 0 ? fragment : q;
  // targetPath's rule: an absolute-form target without a path has the path '/'. A caller that made
  // the path already passes it (`path`, the same text), so that one string is hashed where the
  // value memory and the profiles look it up (pinned by test/unit/attacks/target-path.test.ts).
  const rawPath =
    path ?? (end === start && start > 0 ? '/' : start === 0 && end === target.length ? target : target.slice(start, end));
  // Path values are handed over as sent: decoding (with `+` as space when the text is
  // form-encoded) is the detector's job, so every layer is seen. Segments come first so that a
  // class found in a segment is not reported again for the whole path.
  // Segment i is the i-th text between slashes after a leading one (empty segments keep their index).
  for (let i = 0, start = rawPath.charCodeAt(0) === 0x2f ? 1 : 0; ; i++) {
    const slash = rawPath.indexOf('/', start);
    const end = slash < 0 ? rawPath.length : slash;
    if (end > start && !sink({ point: segmentPoint(i), kind: 'path_segment', name: '', value: rawPath.slice(start, end) }))
      return false;
    if (slash < 0) break;
    start = slash + 1;
  }
  if (!sink({ point: PATH_POINT, kind: 'path', name: '', value: rawPath })) return false;
  return q < 0 || parseUrlEncoded(target.slice(q + 1, fragment), 'query', 'query', maxDepth, sink, skipQuery);
}
