import type { RequestPoint } from '../../../records/types';
import { lowerName } from '../../../memo';
import { namedPoint } from './named-point';
import { parseJsonShared } from '../../json-document';
import type { ValueSink } from './types';
import type { RequestView } from '../../shared/request-view';

/**
 * A JSON body: every string, number and boolean leaf as ["json", key..., index...] and every key
 * as a `key` value on its own point (`{"user":{"$ne":1}}` injects through the key).
 * Returns null when the text is not JSON, so the caller can treat it as plain text; with
 * `lenient` (the body says it is JSON), text that does not parse — cut at the inspection cap,
 * or with junk after it — is read as far as it goes instead.
 */
export function extractJson(
  text: string,
  maxDepth: number,
  sink: ValueSink,
  lenient = false,
  root: RequestPoint = JSON_ROOT,
  view: RequestView | null = null,
): boolean | null {
  // Shared with API discovery, which reads the same body (read-only): the request view's document
  // when the text is its body's, else the shared parse.
  const doc = view !== null ? view.json(text) : parseJsonShared(text);
  if (doc === undefined) return lenient ? readLenient(text, maxDepth, sink, root) : null;
  return walk(doc, root, maxDepth, sink);
}

const JSON_ROOT: RequestPoint = ['json'];
/** A parsed JSON value's leaves and keys under `point` (the walk of extractJson, for JSON found inside other formats). */
export function walkJson(node: unknown, point: RequestPoint, depthLeft: number, sink: ValueSink): boolean {
  return walk(node, point, depthLeft, sink);
}

function walk(node: unknown, point: RequestPoint, depthLeft: number, sink: ValueSink): boolean {
  if (node === null) return true;
  if (typeof node !== 'object')
    return sink({ point, kind: 'json', name: lowerName(String(point[point.length - 1])), value: String(node) });
  if (depthLeft <= 0) return true;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (!walk(node[i], [...point, i], depthLeft - 1, sink)) return false;
    return true;
  }
  // JSON.parse makes plain objects of own properties only: for-in visits them in Object.entries'
  // order without making the pairs.
  const object = node as Record<string, unknown>;
  for (const key in object) {
    // Top-level keys are the same few in every request: their points are shared.
    const child = point.length === 1 ? namedPoint('json', key) : [...point, key];
    if (!sink({ point: child, kind: 'key', name: lowerName(key), value: keyValue(key, point) })) return false;
    if (!walk(object[key], child, depthLeft - 1, sink)) return false;
  }
  return true;
}

/**
 * A key as a value to examine. `prototype` nested in `constructor` is given as the chain a merge
 * walks, `constructor.prototype` (prototype pollution by nesting, `{"constructor":{"prototype":
 * {...}}}`): the detectors read a value by itself, and remember it by kind, name and value.
 */
function keyValue(key: string, parent: RequestPoint): string {
  return key === 'prototype' && parent[parent.length - 1] === 'constructor' ? 'constructor.prototype' : key;
}

interface Frame {
  array: boolean;
  key: string | number;
  expectKey: boolean;
}

/** A forgiving single pass over JSON-like text: strings and scalars with their paths, to the end. */
function readLenient(text: string, maxDepth: number, sink: ValueSink, root: RequestPoint): boolean {
  const stack: Frame[] = [];
  const path = (): RequestPoint => [...root, ...stack.map((f) => f.key)];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const top = stack[stack.length - 1];
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) return true;
      stack.push({ array: c === '[', key: c === '[' ? 0 : '', expectKey: c === '{' });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      if (top?.array) top.key = (top.key as number) + 1;
      else if (top) top.expectKey = true;
      i++;
    } else if (c === ':') {
      if (top) top.expectKey = false;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else {
      const [value, end, quoted] = scalarAt(text, i, placeOf(top));
      i = end;
      // A key where the object expects one, quoted or bare (JSON5's unquoted key: `{name: 'x'}`).
      if (top && !top.array && top.expectKey) {
        top.key = value;
        if (!sink({ point: path(), kind: 'key', name: value.toLowerCase(), value })) return false;
      } else if ((quoted || value !== 'null') && !emit(path(), value, sink)) return false;
    }
  }
  return true;
}

/**
 * The string or bare scalar at `i`: its text, the index after it, and whether it was quoted. JSON5
 * and the lenient readers of many servers (Python's literal_eval, Jackson's ALLOW_SINGLE_QUOTES)
 * take a single-quoted string to its closing quote, blanks and all: `{"cmd": 'curl host'}` is one
 * string, not `'curl` and `host'` (branch i18-code7).
 */
function scalarAt(text: string, i: number, place: Place): [value: string, end: number, quoted: boolean] {
  const c = text[i];
  if (c === '"' || c === "'") {
    const end = stringEnd(text, i + 1, c, place);
    return [c === '"' ? unquote(text.slice(i, end)) : unquoteSingle(text.slice(i, end)), end, true];
  }
  let j = i;
  while (j < text.length && !/[\s,}\]:]/.test(text[j])) j++;
  const end = j === i ? i + 1 : j;
  return [text.slice(i, end), end, false];
}

function emit(point: RequestPoint, value: string, sink: ValueSink): boolean {
  return sink({ point, kind: 'json', name: String(point[point.length - 1]).toLowerCase(), value });
}

/**
 * Where a string stands, which says what JSON lets follow it: `key` (`:`), `member` an object's
 * value (`}`, or `,` and the next key with its `:`), `item` an array's (`,` `]`), `top` anywhere.
 */
type Place = 'key' | 'member' | 'item' | 'top';

function placeOf(top: Frame | undefined): Place {
  if (top === undefined) return 'top';
  if (top.array) return 'item';
  return top.expectKey ? 'key' : 'member';
}

/**
 * The index after the string's closing `quote` (`"` or `'`), backslash escapes skipped; the end of
 * the text when it is cut. JSON ends a string only where its place lets it (`Place`, blanks aside)
 * or at the end of the document, so a quote followed by anything else is the string's own text: a
 * value pasted into a JSON template without escaping, as a test harness or a hand-written client
 * sends it (`{"q":"1" union select password from users--"}`, `{"q":"f("a", "b")"}`), is read
 * whole, as the same value in a query argument is, instead of in pieces cut at its quotes.
 */
function stringEnd(s: string, from: number, quote: string, place: Place = 'top'): number {
  let i = from;
  while (i < s.length) {
    if (s[i] === '\\') i += 2;
    else if (s[i] === quote && endsAString(s, i + 1, place)) return i + 1;
    else i++;
  }
  return s.length;
}

/** Whether a JSON string at `place` may end before `i` (the blanks after it skipped). */
function endsAString(s: string, i: number, place: Place): boolean {
  const j = afterBlanks(s, i);
  if (j === s.length) return true;
  switch (place) {
    case 'key':
      return s[j] === ':';
    case 'member':
      return s[j] === '}' || (s[j] === ',' && isKeyAt(s, j + 1));
    case 'item':
      return s[j] === ',' || s[j] === ']';
    case 'top':
      return s[j] === ',' || s[j] === ':' || s[j] === '}' || s[j] === ']';
  }
}

/** Whether the next member's key starts at `i` (blanks first): a quoted or bare name, then `:`; or the object's `}` after a trailing comma. */
function isKeyAt(s: string, i: number): boolean {
  const j = afterBlanks(s, i);
  if (j === s.length || s[j] === '}') return true;
  const quoted = s[j] === '"' || s[j] === "'";
  let k = quoted ? s.indexOf(s[j], j + 1) : j;
  if (k < 0) return false;
  if (!quoted) while (k < s.length && /[\w$]/.test(s[k])) k++;
  else k++;
  return k > j + (quoted ? 1 : 0) && s[afterBlanks(s, k)] === ':';
}

function afterBlanks(s: string, i: number): number {
  let j = i;
  while (j < s.length && (s[j] === ' ' || s[j] === '\t' || s[j] === '\r' || s[j] === '\n')) j++;
  return j;
}

/** A single-quoted string's text: read as the same string double-quoted (`\'` is `'`, a bare `"` is itself). */
function unquoteSingle(token: string): string {
  const closed = token.length >= 2 && token.endsWith("'") && stringEnd(token, 1, "'") === token.length;
  let doubled = '"';
  for (let i = 1; i < (closed ? token.length - 1 : token.length); i++) {
    const c = token[i];
    if (c === '\\' && i + 1 < token.length) {
      const next = token[++i];
      doubled += next === "'" ? "'" : c + next;
    } else doubled += c === '"' ? '\\"' : c;
  }
  return unquote(doubled + '"');
}

function unquote(token: string): string {
  const closed = token.length >= 2 && token.endsWith('"') && !token.endsWith('\\"') ? token : token + '"';
  try {
    return JSON.parse(closed) as string;
  } catch {
    // Bare quotes and line breaks in a pasted value (stringEnd): its escapes are still undone.
    try {
      return JSON.parse(`"${escapeBare(closed.slice(1, -1))}"`) as string;
    } catch {
      return token.slice(1, closed === token ? -1 : undefined);
    }
  }
}

/** A string's text with the quotes and control characters JSON wants escaped escaped (those after an odd run of backslashes are). */
function escapeBare(text: string): string {
  return text.replace(/(\\*)(["\u0000-\u001f])/g, (all, slashes: string, c: string) =>
    slashes.length % 2 === 1 ? all : slashes + (c === '"' ? '\\"' : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')),
  );
}
