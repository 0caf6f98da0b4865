/**
 * JSON bodies as observations per JSON path (`$.user.email`, `$.items[].id`): the first value of
 * each type at a path, with its format and sensitive kinds, bounded (values per message, depth,
 * array items). `flattenJson` walks a parsed document; `flattenJsonText` reads the text itself and
 * gives the same observations as `flattenJson(JSON.parse(text))`, without building the document
 * (docs/performance.md, "Discovery per transaction").
 */
import { sensitiveKinds, type SensitiveKind } from './sensitive';
import { jsonType, stringFormat, type ValueFormat, type ValueType } from './values';
import { memoized } from '../../memo';
import { MARK_MAX, TEXT_MARKS } from '../shared/text-marks';

export interface ObservedValue {
  /** Parameter name, or a JSON path (`$.user.email`, `$.items[].id`) for JSON bodies. */
  name: string;
  type: ValueType;
  format: ValueFormat | null;
  sensitive: SensitiveKind[];
}

/** Values taken from one message at most; the rest is not looked at. */
export const MAX_VALUES = 200;
export const MAX_JSON_DEPTH = 8;
/** Items of an array looked at (they share the path `[]`). */
const MAX_ITEMS = 20;

/** JSON path segment: `.name`, or `["na.me"]` when the key would be ambiguous. */
export function jsonKey(key: string): string {
  return /^[A-Za-z0-9_$@-]+$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/**
 * One path of the documents being flattened: the types already described there in the current
 * document, and the paths under it, found by key rather than by building and hashing each value's
 * path string. The tree is shared by every document (see PATHS below): `described` belongs to the
 * document numbered `document` and counts as empty for any other.
 */
interface PathNode {
  path: string;
  /** The document (flattenJson call) `described` belongs to. */
  document: number;
  /** Bit per ValueType already described at this path in that document. */
  described: number;
  /** The object (flattenJsonText's count) this path's key was last read in: a key met twice in one object. */
  object: number;
  /**
   * Its key in its parent object ('' for items and the root), and whether the key is spelled as it
   * is in JSON text (no `"`, `\\` or control character) and is no array index (no leading digit).
   */
  key: string;
  plainKey: boolean;
  /** The member that followed this one the last time (flattenJsonText's guess of the next key); the first member under `first`. */
  next: PathNode | null;
  first: PathNode | null;
  fields: Map<string, PathNode> | null;
  items: PathNode | null;
}

const TYPE_BIT: Record<ValueType, number> = { integer: 1, number: 2, boolean: 4, string: 8, null: 16, object: 32, array: 64 };

function pathNode(path: string, key = ''): PathNode {
  return {
    path,
    document: 0,
    described: 0,
    object: 0,
    key,
    plainKey: PLAIN_KEY.test(key),
    next: null,
    first: null,
    fields: null,
    items: null,
  };
}

/** Keys whose JSON text is the key between quotes. */
const PLAIN_KEY = /^[^"\\\u0000-\u001f0-9][^"\\\u0000-\u001f]*$/;

/**
 * The path tree of every document flattened so far: bodies of one API have the same few shapes, so
 * their path strings are built once (docs/performance.md, "The all-analyses path"). A document adds
 * at most one node per observation (MAX_VALUES, checked before a node is made), so the tree is dropped and started again before a
 * document when it holds more than MAX_PATH_NODES; documents never share `described` (per-document
 * number), so the observations are those of a fresh tree per document.
 */
const MAX_PATH_NODES = 16_384;
let paths = pathNode('$');
let pathNodes = 1;
let documents = 0;

function startDocument(): number {
  if (pathNodes > MAX_PATH_NODES) {
    paths = pathNode('$');
    pathNodes = 1;
  }
  return ++documents;
}

/**
 * Flattens a JSON document into one observation per path (arrays share `[]`), bounded. Paths are
 * kept in a tree keyed by object key (jsonKey is injective and its segments parse back
 * unambiguously, so distinct key sequences are distinct path strings).
 */
export function flattenJson(doc: unknown, out: ObservedValue[]): void {
  walkJson(doc, paths, '', 0, startDocument(), out);
}

/** Whether `type` is new at `at` in `document` (and marks it described). */
function firstOfType(at: PathNode, bit: number, document: number): boolean {
  if (at.document !== document) {
    at.document = document;
    at.described = 0;
  }
  if ((at.described & bit) !== 0) return false;
  at.described |= bit;
  return true;
}

function walkJson(v: unknown, at: PathNode, lastKey: string, depth: number, document: number, out: ObservedValue[]): void {
  if (out.length >= MAX_VALUES) return;
  const type = jsonType(v);
  // Only a path's first value of each type is described: the others (array items) are not classified.
  if (firstOfType(at, TYPE_BIT[type], document)) {
    const format = typeof v === 'string' ? stringFormat(v) : null;
    const sensitive = typeof v === 'string' || typeof v === 'number' ? sensitiveKinds(lastKey, String(v)) : [];
    out.push({ name: at.path, type, format, sensitive });
  }
  if (depth >= MAX_JSON_DEPTH) return;
  if (type === 'array') {
    const array = v as unknown[];
    const n = Math.min(array.length, MAX_ITEMS);
    if (n === 0) return;
    const items = itemsOf(at);
    for (let i = 0; i < n; i++) walkJson(array[i], items, lastKey, depth + 1, document, out);
  } else if (type === 'object') {
    // JSON.parse makes plain objects of own properties: for-in visits them in Object.entries' order.
    const object = v as Record<string, unknown>;
    for (const k in object) {
      // Past the cap a child would observe nothing: stop before it becomes a node of the shared tree.
      if (out.length >= MAX_VALUES) return;
      walkJson(object[k], fieldOf(at, k), k, depth + 1, document, out);
    }
  }
}

/** Values visited by flattenShallowFirst at most (items of one path included): its cost is bounded too. */
const MAX_SHALLOW_VISITS = 20 * MAX_VALUES;

/**
 * A document with more values than are looked at (MAX_VALUES), described shallowest first: every
 * field one level down before any two levels down, so a large object early in a body
 * (`{"HostConfig": {…250 values…}, "Image": "nginx"}`) no longer hides the top-level fields after
 * it, as flattenJson's walk in document order does. The same observations as flattenJson for a
 * document within the limit, in another order; used for request bodies past it (./extract).
 */
export function flattenShallowFirst(doc: unknown, out: ObservedValue[]): void {
  const described = new Set<string>();
  let level: Array<{ v: unknown; path: string; key: string }> = [{ v: doc, path: '$', key: '' }];
  let visits = 0;
  for (let depth = 0; level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { v, path, key } of level) {
      if (out.length >= MAX_VALUES || ++visits > MAX_SHALLOW_VISITS) return;
      const type = jsonType(v);
      if (!described.has(`${type} ${path}`)) {
        described.add(`${type} ${path}`);
        const format = typeof v === 'string' ? stringFormat(v) : null;
        const sensitive = typeof v === 'string' || typeof v === 'number' ? sensitiveKinds(key, String(v)) : [];
        out.push({ name: path, type, format, sensitive });
      }
      if (depth >= MAX_JSON_DEPTH || next.length >= MAX_SHALLOW_VISITS) continue;
      if (type === 'array') {
        const array = v as unknown[];
        for (let i = 0; i < Math.min(array.length, MAX_ITEMS); i++) next.push({ v: array[i], path: `${path}[]`, key });
      } else if (type === 'object') {
        const object = v as Record<string, unknown>;
        for (const k in object) next.push({ v: object[k], path: path + pathSegment(k), key: k });
      }
    }
    level = next;
  }
}

function itemsOf(at: PathNode): PathNode {
  let items = at.items;
  if (items === null) {
    items = at.items = pathNode(`${at.path}[]`);
    pathNodes++;
  }
  return items;
}

function fieldOf(at: PathNode, k: string): PathNode {
  const fields = (at.fields ??= new Map());
  let child = fields.get(k);
  if (child === undefined) {
    child = pathNode(at.path + pathSegment(k), k);
    fields.set(k, child);
    pathNodes++;
  }
  return child;
}

/** jsonKey per key name: the same keys recur in every body. */
const pathSegment = memoized(jsonKey, 4096, 128);

// --- Reading the text ---------------------------------------------------------------------------
//
// flattenJsonText reads the JSON text once, left to right, and describes values as it meets them:
// no document is built. Only a path's first value of each type needs its value (format, sensitive
// kinds); the others need only their type, and values that are not walked (past the cap, the depth
// or the 20th item) are only checked to be JSON. What the text reader cannot describe in order is
// left to JSON.parse and flattenJson: an object with a key met twice (JSON.parse keeps the first
// place and the last value) or a key starting with a digit (an array index, which JSON.parse's
// objects list first).

/** The text being read and the reader's place in it. */
let text = '';
let at = 0;
/** Objects read so far (PathNode.object). */
let objects = 0;
/** Set when the text needs JSON.parse to be described in order (see above). */
let unordered = false;
/**
 * Whether the text has no backslash and no control character (compact JSON, as most APIs send):
 * then a string ends at the next quote and needs no check of what it holds.
 */
let simple = false;
const ESCAPE_OR_CONTROL = /[\\\u0000-\u001f]/;
/** Open containers while skipping (1 object, 2 array), reused. */
const open: number[] = [];
/**
 * How many of `open` are open now: reset to 0, where `open.length = 0` would drop the array's
 * storage and every push make it again (docs/performance.md "Allocation per transaction (branch
 * i22-alloc)").
 */
let depth = 0;

/**
 * The observations of `flattenJson(JSON.parse(json), out)`, read from the text; false (nothing
 * added) when JSON.parse would throw. `marked`: the text's characters are marked in the thread's
 * shared marks (../shared/text-marks.ts) because the vulnerability checks' literal search will
 * read them too; otherwise one regular expression is cheaper than the marking pass.
 */
export function flattenJsonText(json: string, out: ObservedValue[], marked = false): boolean {
  const start = out.length;
  text = json;
  at = 0;
  unordered = false;
  // A short text is told from the shared character marks when the vulnerability checks' literal
  // search reads the same pass over the same response text (../shared/text-marks.ts).
  simple = !(marked && json.length <= MARK_MAX ? TEXT_MARKS.escapeOrControl(json) : ESCAPE_OR_CONTROL.test(json));
  let ok = false;
  try {
    skipSpace();
    ok = readValue(paths, '', 0, startDocument(), out) && (skipSpace(), at === text.length);
  } finally {
    text = '';
  }
  if (ok) return true;
  out.length = start;
  if (!unordered) return false;
  let doc: unknown;
  try {
    doc = JSON.parse(json) as unknown;
  } catch {
    return false;
  }
  flattenJson(doc, out);
  return true;
}

/**
 * Past JSON whitespace. Reads stay inside the text: a read past its end (NaN) makes V8 replace the
 * function's fast character loads with generic ones (docs/performance.md, "Engine notes").
 */
function skipSpace(): void {
  const n = text.length;
  while (at < n) {
    const c = text.charCodeAt(at);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
    at++;
  }
}

/**
 * The character at `at` after any JSON whitespace there (skipped). Compact JSON, as most APIs
 * send, has none between tokens: one load and one comparison answer, where skipSpace then a load
 * took two loads and four comparisons at every member and item (docs/performance.md "The discovery
 * stage per transaction (branch i22-disc5)"). Every JSON whitespace character is below 33.
 */
function tokenAt(): number {
  const c = text.charCodeAt(at);
  if (c > 32) return c;
  skipSpace();
  return text.charCodeAt(at);
}

/** Reads the value at `at` at path `node` (walked as walkJson would); false when the text is no JSON here or is unordered. */
function readValue(node: PathNode, lastKey: string, depth: number, document: number, out: ObservedValue[]): boolean {
  if (out.length >= MAX_VALUES) return skipValue();
  const c = tokenAt();
  if (c === 123 /* { */) {
    if (firstOfType(node, 32, document)) out.push({ name: node.path, type: 'object', format: null, sensitive: [] });
    return depth >= MAX_JSON_DEPTH ? skipValue() : readObject(node, depth, document, out);
  }
  if (c === 91 /* [ */) {
    if (firstOfType(node, 64, document)) out.push({ name: node.path, type: 'array', format: null, sensitive: [] });
    return depth >= MAX_JSON_DEPTH ? skipValue() : readArray(node, lastKey, depth, document, out);
  }
  if (c === 34 /* " */) {
    const from = at;
    const escaped = skipString();
    if (escaped < 0) return false;
    if (firstOfType(node, 8, document)) {
      const v = stringAt(from, escaped === 1);
      out.push({ name: node.path, type: 'string', format: stringFormat(v), sensitive: sensitiveKinds(lastKey, v) });
    }
    return true;
  }
  if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
    const from = at;
    const kind = skipNumber();
    if (kind < 0) return false;
    if (kind === PLAIN_INTEGER || kind === PLAIN_FRACTION) {
      // Its text is how String writes its value: described from the text, no conversion either way.
      const integer = kind === PLAIN_INTEGER;
      if (firstOfType(node, integer ? 1 : 2, document))
        describeNumberText(node, integer ? 'integer' : 'number', lastKey, text.slice(from, at), out);
    } else if (kind !== UNKNOWN) {
      if (firstOfType(node, kind === INTEGER ? 1 : 2, document)) describeNumber(node, lastKey, Number(text.slice(from, at)), out);
    } else {
      const v = Number(text.slice(from, at));
      if (firstOfType(node, Number.isInteger(v) ? 1 : 2, document)) describeNumber(node, lastKey, v, out);
    }
    return true;
  }
  if (c === 116 /* t */ || c === 102 /* f */) {
    if (!skipLiteral(c === 116 ? 'true' : 'false')) return false;
    if (firstOfType(node, 4, document)) out.push({ name: node.path, type: 'boolean', format: null, sensitive: [] });
    return true;
  }
  if (c === 110 /* n */) {
    if (!skipLiteral('null')) return false;
    if (firstOfType(node, 16, document)) out.push({ name: node.path, type: 'null', format: null, sensitive: [] });
    return true;
  }
  return false;
}

function describeNumber(node: PathNode, lastKey: string, v: number, out: ObservedValue[]): void {
  describeNumberText(node, Number.isInteger(v) ? 'integer' : 'number', lastKey, String(v), out);
}

/** A number's observation from `written`, its value as String writes it (sensitive kinds are judged on that text). */
function describeNumberText(node: PathNode, type: ValueType, lastKey: string, written: string, out: ObservedValue[]): void {
  out.push({ name: node.path, type, format: null, sensitive: sensitiveKinds(lastKey, written) });
}

/** At `[`: the first MAX_ITEMS items walked under `node[]`, the rest checked. */
function readArray(node: PathNode, lastKey: string, depth: number, document: number, out: ObservedValue[]): boolean {
  at++;
  if (tokenAt() === 93 /* ] */) {
    at++;
    return true;
  }
  const items = itemsOf(node);
  for (let i = 0; ; i++) {
    if (!(i < MAX_ITEMS ? readValue(items, lastKey, depth + 1, document, out) : skipValue())) return false;
    const c = tokenAt();
    at++;
    if (c === 93 /* ] */) return true;
    if (c !== 44 /* , */) return false;
  }
}

/** At `{`: every member walked under its key's path while under the cap; past it, keys still checked for order. */
function readObject(node: PathNode, depth: number, document: number, out: ObservedValue[]): boolean {
  at++;
  if (tokenAt() === 125 /* } */) {
    at++;
    return true;
  }
  const object = ++objects;
  let previous: PathNode | null = null;
  for (;;) {
    if (tokenAt() !== 34) return false;
    // Bodies of one shape list their keys in one order: the member that followed last time is
    // compared in place, without making the key's string or hashing it.
    const guess: PathNode | null = previous === null ? node.first : previous.next;
    let child: PathNode | null | undefined;
    if (
      guess !== null &&
      guess.plainKey &&
      text.startsWith(guess.key, at + 1) &&
      text.charCodeAt(at + 1 + guess.key.length) === 34
    ) {
      child = guess;
      at += guess.key.length + 2;
    } else {
      const from = at;
      const escaped = skipString();
      if (escaped < 0) return false;
      const key = stringAt(from, escaped === 1);
      // An array index is listed first by JSON.parse (only keys starting with a digit can be one).
      const k0 = key.charCodeAt(0);
      if (k0 >= 48 && k0 <= 57) return ((unordered = true), false);
      // Past the cap a child would observe nothing: no node is made for it.
      child = out.length < MAX_VALUES ? fieldOf(node, key) : node.fields?.get(key);
    }
    if (tokenAt() !== 58 /* : */) return false;
    at++;
    if (child !== undefined) {
      // A key met twice: JSON.parse keeps its first place and its last value.
      if (child.object === object) return ((unordered = true), false);
      child.object = object;
      if (previous === null) node.first = child;
      else previous.next = child;
      previous = child;
    }
    if (child !== undefined && out.length < MAX_VALUES) {
      if (!readValue(child, child.key, depth + 1, document, out)) return false;
    } else if (!skipValue()) return false;
    const c = tokenAt();
    at++;
    if (c === 125 /* } */) return true;
    if (c !== 44 /* , */) return false;
  }
}

/** The string whose quote is at `from` (ending before `at`). */
function stringAt(from: number, escaped: boolean): string {
  return escaped ? (JSON.parse(text.slice(from, at)) as string) : text.slice(from + 1, at - 1);
}

/** At `"`: past the string; 0 without escapes, 1 with, -1 when it is no JSON string. */
function skipString(): number {
  if (simple) {
    const end = text.indexOf('"', at + 1);
    if (end < 0) return -1;
    at = end + 1;
    return 0;
  }
  let i = at + 1;
  let escaped = 0;
  for (;;) {
    const c = text.charCodeAt(i++);
    if (c === 34) break;
    if (c === 92 /* \ */) {
      escaped = 1;
      const e = text.charCodeAt(i++);
      if (e === 117 /* u */) {
        for (let h = 0; h < 4; h++) {
          const x = text.charCodeAt(i++);
          if (!((x >= 48 && x <= 57) || (x >= 97 && x <= 102) || (x >= 65 && x <= 70))) return -1;
        }
      } else if (
        e !== 34 &&
        e !== 92 &&
        e !== 47 &&
        e !== 98 &&
        e !== 102 &&
        e !== 110 &&
        e !== 114 &&
        e !== 116 // " \ / b f n r t
      )
        return -1;
    } else if (!(c >= 32)) return -1; // a control character, or the end of the text (NaN)
  }
  at = i;
  return escaped;
}

/** What skipNumber tells of a number's value without computing it. */
const INTEGER = 1;
const FRACTION = 2;
const UNKNOWN = 0;
/** An integer written as String writes its value: digits only (at most 15, so exact), an optional `-`, not `-0`. */
const PLAIN_INTEGER = 3;
/**
 * A FRACTION written as String writes its value: at most 15 digits (so the double's shortest
 * spelling is these digits), no trailing zero, no exponent, not below 1e-6.
 */
const PLAIN_FRACTION = 4;

/**
 * At `-` or a digit: past the number. PLAIN_INTEGER for digits alone as String would write them;
 * INTEGER for another integer literal short enough to stay finite, or of at most 15 digits whose
 * fraction is all zeros; FRACTION for at most 15 digits with a
 * non-zero fraction digit and no exponent (15 significant digits are closer to their double than
 * to any integer); UNKNOWN for the others (the value decides); -1 when it is no JSON number.
 */
function skipNumber(): number {
  let i = at;
  if (text.charCodeAt(i) === 45) i++;
  const first = i;
  let c = text.charCodeAt(i);
  if (c === 48) c = text.charCodeAt(++i);
  else if (c >= 49 && c <= 57)
    do c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57);
  else return -1;
  let digits = i - first;
  let kind = digits <= 15 && !(first > at && text.charCodeAt(first) === 48) ? PLAIN_INTEGER : digits < 300 ? INTEGER : UNKNOWN;
  if (c === 46 /* . */) {
    const point = i;
    /** Zeros after the point before its first other digit (all of them when there is none). */
    let zeros = 0;
    c = text.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) return -1;
    do {
      if (c === 48 && zeros === i - point - 1) zeros++;
      c = text.charCodeAt(++i);
    } while (c >= 48 && c <= 57);
    const fraction = i - point - 1;
    digits += fraction;
    kind = digits > 15 ? UNKNOWN : zeros < fraction ? FRACTION : INTEGER;
    // As String writes it: no trailing zero, and not below 1e-6 (written with an exponent).
    if (
      kind === FRACTION &&
      text.charCodeAt(i - 1) !== 48 &&
      !(point - first === 1 && text.charCodeAt(first) === 48 && zeros >= 6)
    )
      kind = PLAIN_FRACTION;
  }
  if (c === 101 || c === 69 /* e E */) {
    kind = UNKNOWN;
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    if (!(c >= 48 && c <= 57)) return -1;
    do c = text.charCodeAt(++i);
    while (c >= 48 && c <= 57);
  }
  at = i;
  return kind;
}

function skipLiteral(word: string): boolean {
  if (!text.startsWith(word, at)) return false;
  at += word.length;
  return true;
}

/** Past one value at `at` (any depth, without recursion), checking it is JSON. */
function skipValue(): boolean {
  depth = 0;
  for (;;) {
    // A value is expected at `at`, after any whitespace.
    const c = tokenAt();
    let done = true;
    if (c === 123 /* { */ || c === 91 /* [ */) {
      at++;
      skipSpace();
      if (text.charCodeAt(at) === (c === 123 ? 125 : 93)) at++;
      else {
        open[depth++] = c === 123 ? 1 : 2;
        if (c === 123 && !skipKey()) return false;
        done = false;
      }
    } else if (c === 34) {
      if (skipString() < 0) return false;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      if (skipNumber() < 0) return false;
    } else if (c === 116) {
      if (!skipLiteral('true')) return false;
    } else if (c === 102) {
      if (!skipLiteral('false')) return false;
    } else if (c === 110) {
      if (!skipLiteral('null')) return false;
    } else return false;
    if (!done) continue;
    // After a value: close the containers it ends, or go on to the next member or item.
    for (;;) {
      if (depth === 0) return true;
      skipSpace();
      const inObject = open[depth - 1] === 1;
      const d = text.charCodeAt(at++);
      if (d === 44 /* , */) {
        skipSpace();
        if (inObject && !skipKey()) return false;
        break;
      }
      if (d !== (inObject ? 125 : 93)) return false;
      depth--;
    }
  }
}

/** At a member of an object being skipped: past its key and colon, at its value. */
function skipKey(): boolean {
  if (text.charCodeAt(at) !== 34 || skipString() < 0) return false;
  skipSpace();
  if (text.charCodeAt(at) !== 58) return false;
  at++;
  skipSpace();
  return true;
}
