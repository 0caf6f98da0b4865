import { fragmentMark, pathStart } from '../../../http/request';
import { hexByte } from '../decode/percent';
import { parseUrlEncoded } from './params';
import type { RequestPoint } from '../../../records/types';
import type { ValueSink } from './types';

/**
 * The request target: each path segment as ["path", i] counting from 0 over the segments after
 * the leading "/" (so in `/etc/passwd`, "etc" is ["path",0]), the whole path as ["path"]
 * (traversal, probes and markup span segments), then the query string as ["query", name...].
 * A path whose text goes on across slashes after a segment that is no plain name is also read
 * from that segment to its end, as one value of kind `path_tail` at ["path"] (pathTailStart).
 * The parts are the toolkit's (node/http/request, docs/http.md "Request targets"): absolute-form
 * targets (`http://host/p`) give their path as an origin-form target does, and the target itself
 * up to its query as ["target"] (kind `target`): the host a proxy is asked to fetch, which the path
 * alone does not hold (`GET http://127.0.0.1:6379/`). The fragment is no part of any.
 * `path`, when given, is targetPath(target) (the caller's, made once per request).
 */
/** Points are only read once made (see named-point.ts): the path's are made once. */
const PATH_POINT: RequestPoint = ['path'];
const TARGET_POINT: RequestPoint = ['target'];
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
  // An absolute-form target names the host to fetch (a forward proxy's request, RFC 9112 3.2.2):
  // sent to a server, one with an inside host asks it to reach its own network (docs/detection.md
  // "Request points", branch i18-points2). Origin-form targets (nearly all) start at 0: no string made.
  if (start > 0 && !sink({ point: TARGET_POINT, kind: 'target', name: '', value: target.slice(0, end) })) return false;
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
  const tail = pathTailStart(rawPath);
  if (tail >= 0 && !sink({ point: PATH_POINT, kind: 'path_tail', name: '', value: rawPath.slice(tail) })) return false;
  if (!sink({ point: PATH_POINT, kind: 'path', name: '', value: rawPath })) return false;
  return q < 0 || parseUrlEncoded(target.slice(q + 1, fragment), 'query', 'query', maxDepth, sink, skipQuery);
}

// Unreserved characters (RFC 3986) and bytes of UTF-8 text, raw or percent-encoded: what the
// segments of a route and its names are made of (`/files/2024/caf%C3%A9.pdf`).
const isNameByte = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) ||
  ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
  c === 0x2d ||
  c === 0x2e ||
  c === 0x5f ||
  c === 0x7e ||
  c >= 0x80;

/** The byte a `%XX` escape at `i` writes, or -1 (no string made: this runs on every request's path). */
function escapedByte(path: string, i: number): number {
  return path.charCodeAt(i) === 0x25 ? hexByte(path, i + 1) : -1;
}

function isPlainName(path: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = path.charCodeAt(i);
    if (c === 0x25) {
      const b = escapedByte(path, i);
      if (b < 0x80) return false;
      i += 2;
    } else if (!isNameByte(c)) return false;
  }
  return true;
}

// Whether the text runs across the slash at `slash`: a character no name has stands beside it,
// as sent or percent-encoded (`x|/usr/bin/id`, `1%20/**/union`). Between two names (`1960/view`,
// `existing/view`) the slash separates a value from a route's next name.
function runsAcrossSlash(path: string, slash: number): boolean {
  const before = slash >= 3 ? escapedByte(path, slash - 3) : -1;
  if (before >= 0 ? !isNameByte(before) : slash > 0 && !isNameByte(path.charCodeAt(slash - 1))) return true;
  if (slash + 1 >= path.length) return false;
  const after = escapedByte(path, slash + 1);
  return after >= 0 ? !isNameByte(after) : !isNameByte(path.charCodeAt(slash + 1));
}

// Where the path's tail starts (branch i18-pathraw, docs/detection.md "Request points"), or -1.
// Tools write a payload into the path unencoded (`/index.php/1 /**/union/**/select ...`,
// `/cgi-bin/x|/usr/bin/id`), and a server hands the rest of the path after a script name, or
// after a route that captures it (`/news/{rest:.*}`), to the application as one text
// (PATH_INFO), slashes and all: the segments alone cut it. The tail starts at the first segment
// that is no plain name (isPlainName: a route's names, ids and file names), or before it when
// that segment opens with `*`: the slash and the star are then a comment's opening (`1/**/union`),
// which goes with the segment before it (or the slash alone after an empty one). Only a tail whose
// text runs across one of its slashes (runsAcrossSlash) is read: otherwise its segments, read
// one by one already, are all there is (`/wiki/Rock_'n'_roll/edit`, `/items/1950 or 1960/view`).
export function pathTailStart(path: string): number {
  let prev = -1;
  let tail = -1;
  for (let start = path.charCodeAt(0) === 0x2f ? 1 : 0; start < path.length;) {
    const slash = path.indexOf('/', start);
    if (slash < 0) return -1;
    if (tail < 0 && !isPlainName(path, start, slash))
      tail = path.charCodeAt(start) !== 0x2a || start === 0 ? start : prev >= 0 && prev < start - 1 ? prev : start - 1;
    if (tail >= 0 && runsAcrossSlash(path, slash)) return tail;
    prev = start;
    start = slash + 1;
  }
  return -1;
}
