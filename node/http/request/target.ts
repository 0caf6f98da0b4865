/**
 * The request target (RFC 9112 section 3.2) split into its parts: the one splitter that routing,
 * attack detection, API discovery and masking all read targets through, so they agree on what
 * the path and the query are (docs/http.md, "Request targets"). The functions scan with
 * indexOf and make no string unless one is asked for; splitTarget makes all parts at once for
 * the cold paths and the tests.
 *
 * - origin-form `/p?q#f`: the path runs to the first `?` or `#`; the query from that `?` to the
 *   first `#` after it; a `?` inside the fragment starts no query (`/a#b?c`: fragment `b?c`).
 * - absolute-form `scheme://authority/p?q#f` (scheme: a letter, then letters, digits, `+ - .`;
 *   the authority runs to the first `/`, `?` or `#`): the same after the authority; an empty path
 *   is `/` (`http://h`, `http://h?q`).
 * - asterisk-form `*` and everything else (authority-form `host:443`, malformed targets): the
 *   same rules from the first character, so the path is the text as sent up to `?` or `#`.
 */
export type TargetForm = 'origin' | 'absolute' | 'asterisk' | 'authority';

export interface TargetParts {
  form: TargetForm;
  /** `host[:port]` of an absolute-form target (as sent), else null. */
  authority: string | null;
  path: string;
  /** The text after `?` (possibly empty), or null when there is no `?` outside the fragment. */
  query: string | null;
  /** The text after `#`, or null. */
  fragment: string | null;
}

const SLASH = 0x2f;
const QUESTION = 0x3f;
const HASH = 0x23;

/** The index of `://` ending the target's scheme, or -1 when it does not start with one. */
function schemeEnd(target: string): number {
  const first = target.charCodeAt(0) | 0x20;
  if (first < 0x61 || first > 0x7a) return -1;
  for (let i = 1; i < target.length; i++) {
    const c = target.charCodeAt(i);
    const folded = c | 0x20;
    if ((folded >= 0x61 && folded <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e) continue;
    return c === 0x3a && target.charCodeAt(i + 1) === SLASH && target.charCodeAt(i + 2) === SLASH ? i : -1;
  }
  return -1;
}

/** Where the path starts: after `scheme://authority` in absolute-form, else 0. */
export function pathStart(target: string): number {
  if (target.charCodeAt(0) === SLASH) return 0;
  const scheme = schemeEnd(target);
  if (scheme < 0) return 0;
  let i = scheme + 3;
  while (i < target.length) {
    const c = target.charCodeAt(i);
    if (c === SLASH || c === QUESTION || c === HASH) break;
    i++;
  }
  return i;
}

/**
 * Where the fragment's `#` is, or the target's length when there is none. A `#` right after an `&`
 * that opens a numeric character reference (`?q=<img src=&#106;&#97;...>`, `?id=&#39; or 1=1--`) is
 * no fragment mark: browsers never send a fragment, a tool sending a payload unencoded does, and
 * such a `#` belongs to the value (docs/detection.md, Request points). The next `#` that is no such
 * reference is the mark.
 */
export function fragmentMark(target: string, from = 0): number {
  let hash = target.indexOf('#', from);
  while (hash > 0 && target.charCodeAt(hash - 1) === 0x26 && isReferenceStart(target.charCodeAt(hash + 1))) {
    hash = target.indexOf('#', hash + 1);
  }
  return hash < 0 ? target.length : hash;
}

/** A digit, or the `x`/`X` of a hexadecimal reference. */
function isReferenceStart(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x78 || c === 0x58;
}

/** Where the query's `?` is (before the fragment), or -1. */
export function queryMark(target: string, from = pathStart(target)): number {
  const q = target.indexOf('?', from);
  return q < 0 || q > fragmentMark(target, from) ? -1 : q;
}

/** The path as sent (undecoded); `/` for an absolute-form target without one. */
export function targetPath(target: string): string {
  // Routing asks this of every request: the origin-form case is kept to two indexOf.
  const start = target.charCodeAt(0) === SLASH ? 0 : pathStart(target);
  let end = target.indexOf('?', start);
  let hash = target.indexOf('#', start);
  hash = hash < 0 ? target.length : fragmentMark(target, hash);
  if (end < 0 || hash < end) end = hash;
  if (end === start && start > 0) return '/';
  return target.slice(start, end);
}

/** The query as sent (undecoded), '' when there is none. */
export function targetQuery(target: string): string {
  const start = pathStart(target);
  const fragment = fragmentMark(target, start);
  const q = target.indexOf('?', start);
  return q < 0 || q > fragment ? '' : target.slice(q + 1, fragment);
}

export function targetForm(target: string): TargetForm {
  const c = target.charCodeAt(0);
  if (c === SLASH) return 'origin';
  if (c === 0x2a && (target.length === 1 || target.charCodeAt(1) === QUESTION || target.charCodeAt(1) === HASH))
    return 'asterisk';
  return schemeEnd(target) >= 0 ? 'absolute' : 'authority';
}

/** Every part at once (strings made for each): for cold paths and tests. */
export function splitTarget(target: string): TargetParts {
  const form = targetForm(target);
  const start = pathStart(target);
  const fragment = fragmentMark(target, start);
  const q = queryMark(target, start);
  return {
    form,
    authority: form === 'absolute' ? target.slice(schemeEnd(target) + 3, start) : null,
    path: targetPath(target),
    query: q < 0 ? null : target.slice(q + 1, fragment),
    fragment: fragment < target.length ? target.slice(fragment + 1) : null,
  };
}
