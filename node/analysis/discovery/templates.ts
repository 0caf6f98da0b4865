/**
 * Path templates of one host, decided from the evidence of the whole URL tree
 * (docs/api-discovery.md "Templating"). The trie keeps the path segments as seen; a segment whose
 * own shape says it is a value (numbers, UUIDs, hashes, long tokens, dates, emails; also inside a
 * segment: `123.json`) goes at once to a value child. Every other segment stays a literal child,
 * and which literal children of a position are values of a parameter is a *decision* remade as
 * evidence arrives: the value class of each segment (slugs and keys with digits, user names,
 * nanoid-like ids), whether siblings behave alike (same response shapes for the same method, the
 * same literal structure below them), methods and request counts relative to the siblings. So a
 * literal can become a parameter and back; only past `path_value_threshold` values at one position
 * are they merged for good (memory), and past `path_literal_limit` literal children a position
 * takes every segment as a value (a scanner's random paths).
 */
import { memoized } from '../../memo';
import { asciiDigits } from '../shared/digits';
import { percentDecode } from '../attacks/decode/percent';
import { PathSegments } from './path-segments';
import { alikeWithEvery, largestCluster, likenessMatrix, linkedWithoutConflict } from './clusters';
import { versionKind } from './versions';
import {
  camelName,
  classifyText,
  codeShape,
  digitsType,
  dottedName,
  eventPhrase,
  humanText,
  isDate,
  nameDigit,
  randomId,
  slugWords,
  softValue,
  titleSlug,
  tokenOnly,
  variableSegment,
  weakValue,
} from './values';

export { segments } from './path-segments';

type VarKind = 'id' | 'date' | 'email';

/** Keys of value children start with this (never in a literal: a path segment has no NUL). */
const VAR = '\u0000';
/** A format named by a whole segment (`/scores/json/…`, `/scores/XML/…`): the values of a `{format}` enum. */
const FORMAT_NAME = /^(?:json|jsonp|geojson|ndjson|xml|atom|rss|csv|tsv|ya?ml|txt|html?|protobuf|msgpack)$/i;
/** A format suffix after a name or value: `.json`, `.xml`, `.csv`... (a known format, not any dotted word: `anna.smith`). */
const SUFFIX =
  /^(.+?)(\.(?:json|jsonp|geojson|ndjson|xml|atom|rss|csv|tsv|ya?ml|txt|html?|pdf|png|jpe?g|gif|svg|webp|mp3|mp4|wav|zip|gz|tgz|ics|vcf|md|php|aspx?|jsp|do|action|pb|protobuf|msgpack))$/i;

export class PathNode<E> {
  /** Children by key: the literal segment, or VAR + kind + suffix for a value child (`\0id`, `\0id.json`). */
  children: Map<string, PathNode<E>> | null = null;
  methods: Map<string, E> | null = null;
  /** Literal nodes: the segment without its format suffix, the suffix, and whether the stem looks like a value. */
  stem = '';
  suffix = '';
  /** Value nodes: the literal part before the value inside the segment (`page-` of `page-{id}`). */
  prefix = '';
  /**
   * Literal nodes judged values with a literal end inside the segment (`-comments` of
   * `Album-comments`: `{id}-comments`), set by the parent's decision; '' otherwise.
   */
  tail = '';
  soft = false;
  /** Literal nodes: a random id (`PEizpEfxeCE`) or a person's text (`Pending%20Payment`, values.ts humanText), a value even alone wherever names may be values. */
  random = false;
  /** Literal nodes: a word with one trailing digit (`nina3`, `oauth2`), a value only next to other values. */
  weak = false;
  /** Literal nodes: the slug of a title (`how-to-bake-bread`, values.ts titleSlug): a word, value-like when the words' rules leave it. */
  title = false;
  /** A value child (VAR key) rather than a literal. */
  value = false;
  /** Literal nodes: a singular word beside its plural (`item` beside `items`): it names one of them. */
  itemOf = false;
  /** Value nodes: kind, and the types and formats of the values seen (the path parameter's facts). */
  kind: VarKind = 'id';
  valueTypes: string[] | null = null;
  valueFormats: string[] | null = null;
  /** Value nodes of a pair (`{id}:{worker_id}`): the types and formats of the first values. */
  headTypes: string[] | null = null;
  headFormats: string[] | null = null;
  /** Literal nodes: a version tag (`v2`), written `v{id}` when judged a value. */
  version = false;
  /** Value nodes: a pair of values (`x86_64:3`), written `{id}:{worker_id}`. */
  pair = false;
  /** What joins the pair's two values (`:`, `,`, `-`: `{from}-{to}`). */
  pairSep = ':';
  /**
   * Literal nodes judged the two values of a pair (`aspentiger:public` → `{id}:{worker_id}`, pairsOfWords),
   * set by the parent's decision; false otherwise.
   */
  wordPair = false;
  /** Value nodes that literal values were merged into (words may join them; strong-only value nodes take no words). */
  absorbed = false;
  /** Requests that reached this node (as the end of their path or on the way). */
  hits = 0;
  literals = 0;
  /** Value-like literal segments go straight to the value child (more than path_value_threshold values were merged). */
  folded = false;
  /** Every segment goes to the value child (literal children passed path_literal_limit). */
  closed = false;
  /** Changes below (new nodes, endpoints, shapes, count doublings); the decision is remade when they pass `redecideAt`. */
  changes = 1;
  redecideAt = 0;
  /** The values here come in FORMAT_PARAM or more format suffixes: written `{id}.{format}` (formatsOfValues). */
  formatParam = false;
  /** Literal child keys judged values of this position's parameter (null: none). */
  values: Set<string> | null = null;
  /** The node this one is a child of (null: the root). */
  parent: PathNode<E> | null = null;
  /** Literal nodes reached under other spellings too (`Users` for `users`, caseAlias): requests per spelling. */
  spellings: Map<string, number> | null = null;
  /**
   * Nodes with `spellings`: the ends below (inclusive) that requests reached through this node, with the one
   * spelling they used and how many did (spelling '' once two spellings reached one end): spellingsApart.
   */
  spellingEnds: Map<PathNode<E>, { spelling: string; requests: number }> | null = null;
  /**
   * The template of the path ending here as PathTrie.templateOf made it last, the trie's `version`
   * then and the keys it was made for (templateOf answers from it while nothing changed since).
   */
  template = '';
  templateVersion = -1;
  templateKeys: string[] | null = null;
  /** The segment text last met under this node (at most MAX_REMEMBERED_SEGMENT characters, not digits) and its parse (segmentUnder). */
  lastRaw = '';
  lastSegment: Segment | null = null;
}

/**
 * How a literal node's segment is written in templates: its most requested spelling; on a tie the
 * one with fewer capitals (paths are mostly written in lower case), then the first seen.
 */
function spelt<E>(key: string, node: PathNode<E>): string {
  if (node.spellings === null) return key;
  let best = key;
  let most = node.spellings.get(key) ?? 0;
  for (const [k, n] of node.spellings) if (n > most || (n === most && capitals(k) < capitals(best))) [best, most] = [k, n];
  return best;
}

/**
 * A word's two spellings as two literals of the API (`/subscriptions/{id}/resourceGroups/{rg}/resources` beside
 * `/subscriptions/{id}/resourcegroups/{rg}/deployments`: one case-insensitive server whose documents write each
 * route in its own spelling), not a client's other spelling of every route (`/API/Users/56` beside `/api/users/12`):
 * no end below was reached by two spellings, and every spelling reached SPELLING_ENDS endpoints or more (an end's
 * methods, each an endpoint: `GET` and `PUT /Tenant/{id}` are two), at ends requested SPELLING_ENDS times or more so
 * (docs/api-discovery.md "Path styles named and left"). A client that writes some of
 * its calls in capitals reaches the ends its calls reach in both spellings, and a few calls alone reach one end
 * or two once: those stay one literal (`spelt`).
 */
function spellingsApart<E>(n: PathNode<E>): boolean {
  if (n.spellingEnds === null || n.spellings === null) return false;
  const ends = new Map<string, number>();
  for (const [end, { spelling, requests }] of n.spellingEnds) {
    if (spelling === '') return false;
    // Each method at an end is an endpoint of its own (`GET`, `PUT`, `DELETE /Tenant/{id}`: three).
    if (requests >= SPELLING_ENDS) ends.set(spelling, (ends.get(spelling) ?? 0) + (end.methods?.size ?? 1));
  }
  if (ends.size < 2) return false;
  for (const k of n.spellings.keys()) if ((ends.get(k) ?? 0) < SPELLING_ENDS) return false;
  return true;
}

/** The spellings of a word apart (spellingsApart), each written for its own ends: the ones its ends were reached in, and `spelt`'s for ends none recorded. */
function spellingsOf<E>(key: string, n: PathNode<E>): string[] {
  const out = new Set<string>([spelt(key, n)]);
  for (const { spelling } of n.spellingEnds?.values() ?? []) out.add(spelling);
  return [...out].sort();
}

/** Endpoints per spelling and requests per end that make two spellings two literals (spellingsApart). */
const SPELLING_ENDS = 2;

/** How a literal node is written on the way to `end`: the end's own spelling where the spellings are apart, else `spelt`. */
function speltFor<E>(key: string, n: PathNode<E>, end: PathNode<E>): string {
  if (n.spellings === null || !spellingsApart(n)) return spelt(key, n);
  return n.spellingEnds?.get(end)?.spelling ?? spelt(key, n);
}

/** The ends at and below `n` (nodes with methods) when a second spelling of it is first met: all reached in `spelling`. */
function endsBelow<E>(n: PathNode<E>, spelling: string): Map<PathNode<E>, { spelling: string; requests: number }> {
  const ends = new Map<PathNode<E>, { spelling: string; requests: number }>();
  const walk = (x: PathNode<E>): void => {
    if (x.methods !== null && x.methods.size > 0) ends.set(x, { spelling, requests: x.hits });
    for (const c of x.children?.values() ?? []) walk(c);
  };
  walk(n);
  return ends;
}

/** Records `end` as reached through each node of `spelled` (a node, then the spelling used there, in turn). */
function spellingsReached<E>(spelled: Array<PathNode<E> | string>, end: PathNode<E>): void {
  for (let i = 0; i + 1 < spelled.length; i += 2) {
    const n = spelled[i] as PathNode<E>;
    const spelling = spelled[i + 1] as string;
    if (n.spellingEnds === null) continue;
    const seen = n.spellingEnds.get(end);
    if (seen === undefined) n.spellingEnds.set(end, { spelling, requests: 1 });
    else {
      if (seen.spelling !== spelling) seen.spelling = '';
      seen.requests++;
    }
  }
}

/** Two key lists alike, element by element (the keys of a path: its segments as the trie keys them). */
function sameKeys(a: readonly string[] | null, b: readonly string[]): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function capitals(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 65 && s.charCodeAt(i) <= 90) n++;
  return n;
}

export interface Resolved<E> {
  node: PathNode<E>;
  template: string;
  /** The nodes from the root to `node` (for change marks). */
  trail: Array<PathNode<E>>;
}

/** Paths deeper than this are not templated (counted as refused by the caller). */
export const MAX_SEGMENTS = 32;

/** A literal segment as it stands in a template: braces escaped so it cannot read as a variable. */
export function literalSegment(seg: string): string {
  return seg.includes('{') || seg.includes('}') ? seg.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D')) : seg;
}

/** How deep below two siblings their likeness is looked for. */
const LIKENESS_DEPTH = 4;
/** Response shapes less similar than this contradict likeness; this similar or more are evidence of it. */
const SHAPE_DIFFERENT = 0.5;
const SHAPE_ALIKE = 0.75;

/** Evidence about two siblings: response shapes that agree and that conflict (here and below), literal structure in common. */
interface Likeness {
  contradicted: boolean;
  shapes: number;
  conflicts: number;
  structure: number;
}

interface Segment {
  key: string;
  stem: string;
  suffix: string;
  /** A value's literal prefix inside the segment (`page-` of `page-12`), else ''. */
  prefix: string;
  kind: VarKind | null;
  /** A pair's first value (`x86_64` of `x86_64:3`: `{id}:{worker_id}`). */
  head?: string;
  /** What joins a pair's two values (`:`, `,`, `-`). */
  sep?: string;
}

/**
 * A value after one word and a separator (`page-12`, `series-3`, `episode-<sha1>`, `report_2024-05-01`):
 * the word is literal, the rest the value (`page-{id}`) when its shape proves it. Slugs are several
 * words (`hello-world-42`) and stay whole, and so do zero-padded codes (`sku-0042`: a fixed-width
 * code is one value).
 */
function prefixedValue(stem: string): { prefix: string; value: string; kind: VarKind } | null {
  // One word (2–24 letters), then `-` or `_`: scanned by hand, this runs on every segment of every request.
  let i = 0;
  while (i < stem.length && i <= 24) {
    const c = stem.charCodeAt(i) | 32;
    if (c < 97 || c > 122) break;
    i++;
  }
  if (i < 2 || i > 24 || i + 1 >= stem.length || (stem[i] !== '-' && stem[i] !== '_')) return null;
  // Letters in random case are no word but the head of an id (`yjCHrdWBr-4`: a base64url id of 11 with `-` inside).
  if (randomId(stem.slice(0, i))) return null;
  const rest = stem.slice(i + 1);
  let digit = false;
  let at = false;
  let all = true;
  for (let j = 0; j < rest.length; j++) {
    const c = rest.charCodeAt(j);
    if (c >= 48 && c <= 57) digit = true;
    else {
      all = false;
      if (c === 64) at = true;
    }
  }
  if (all)
    return rest.charCodeAt(0) === 48 || rest.length > 18 ? null : { prefix: stem.slice(0, i + 1), value: rest, kind: 'id' };
  // Every value shape but an email has a digit (numbers, UUIDs, hashes, tokens, dates).
  if (!digit && !at) return null;
  const kind = variableSegment(rest);
  if (kind === null) return null;
  // A whole UUID, hash, email or date is one value (`john_doe@example.org`); a long token may be a word and a value.
  if (variableSegment(stem) !== null && !tokenOnly(stem)) return null;
  // A rest of several words is a slug, one value with the first word (`what-world-tricks-2017`), not a token.
  if (kind === 'id' && severalWords(rest)) return null;
  return { prefix: stem.slice(0, i + 1), value: rest, kind };
}

/** Letters, a `-` or `_`, then a letter: words joined like a slug's (`world-summer-2017`, `max_upload_size`). */
function severalWords(s: string): boolean {
  for (let i = 1; i + 1 < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c === 45 || c === 95) && isLetter(s.charCodeAt(i - 1)) && isLetter(s.charCodeAt(i + 1))) return true;
  }
  return false;
}

function isLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/** A custom method after a colon (`:cancel`, `:batchGet`, `:setIamPolicy`): a lower-case word, camelCase. */
const CUSTOM_METHOD = /^[a-z][A-Za-z]{1,47}$/;

/** Whether the text after a colon names a custom method (Google's `name:verb`, docs/api-discovery.md "Templating" 1). */
function customMethodName(tail: string): boolean {
  // Digits close a capitalised word of a method's name (`:exchangeRecaptchaV3Token`, `:getS3Object`): values.ts camelName.
  return CUSTOM_METHOD.test(tail) || camelName(tail);
}

/** A lower-case word then capitalised words (`batchGet`, `setIamPolicy`): how custom methods are named. */
const CAMEL_VERB = /^[a-z]+(?:[A-Z][a-z]*)+$/;
/** A version tag at the end of a word (`-v1` of `reviews-v1`, `_v2` of `tables_v2`). */
const VERSION_END = /[-_.]v\d{1,3}$/i;
/**
 * A version tag (`v2`, `v12`, versions.ts `tag`, written with a lower-case `v`): a literal API version, or the value
 * of the parameter after the `v` (`/v{id}/users`, PathTrie judge). Only a tag: its value is the number after the `v`,
 * one class (an integer) across the tags; `v1.2` or `v1beta1` would make it a number and a word at once.
 */
function versionTag(stem: string): boolean {
  return stem.charCodeAt(0) === 118 /* v */ && versionKind(stem) === 'tag';
}

/**
 * A segment's key in the trie: matrix parameters (`;jsessionid=...`) dropped, values by their class.
 * A date as the first segment is a dated API version (`/2015-03-31/functions`), a literal: dates as
 * values hang under a resource name. A colon splits a segment in two (docs/api-discovery.md
 * "Templating" 1): a word after it is a custom method (`{id}:cancel`, Google's `name:verb`), a value
 * after it makes the segment a pair of values (`x86_64:3` → `{id}:{worker_id}`, a compound key). A
 * segment of matrix parameters only (`;id=5`, OpenAPI `style: matrix`) is a value, and so is an OData key in
 * parentheses after a name (`Products(5)` → `Products({id})`, keyPredicate).
 */
export function parseSegment(raw: string, first = false): Segment {
  const semi = raw.indexOf(';');
  if (semi === 0) return matrixValue(raw);
  const seg = semi > 0 ? raw.slice(0, semi) : raw;
  const text = seg.includes('%') ? percentDecode(seg) : seg;
  if (text.charCodeAt(text.length - 1) === 41 /* ) */) {
    const key = keyPredicate(text);
    if (key !== null) return key;
  }
  const colon = text.lastIndexOf(':');
  if (colon > 0 && colon < text.length - 1) {
    const tail = text.slice(colon + 1);
    if (customMethodName(tail)) {
      const head = parseSegment(text.slice(0, colon), first);
      return { ...head, key: `${head.key}:${tail}`, suffix: `${head.suffix}:${tail}` };
    }
    const pair = pairOf(text, colon);
    if (pair !== null) return pair;
  }
  if (!first) {
    const pair = commaPair(text) ?? rangePair(text) ?? dashPair(text) ?? versionPair(text) ?? dotPair(text);
    if (pair !== null) return pair;
  }
  return parseText(seg, text, first);
}

/** An OData key segment (keyPredicate): a name (an entity set, a function), then the key in parentheses. */
const KEY_SEGMENT = /^([A-Za-z][\w.]{0,63}[A-Za-z0-9])\((.{1,256})\)$/;
/** One `name=value` of a compound key (`thumbprint=0a1b…`): an identifier, `=`, a value. */
const KEY_PART = /^([A-Za-z_]\w{0,63})=(.+)$/;
/** A key's value as OData writes it: a quoted string (`'anna'`), else plain text without quotes, brackets or commas. */
const KEY_VALUE = /^(?:'[^']+'|[^'(),=]+)$/;

/**
 * An OData key in parentheses after a name (OData URL conventions, key predicates): `Products(5)`,
 * `People('anna')`, `certificates(thumbprintAlgorithm=sha1,thumbprint=0a1b…)`. The grammar makes what is inside
 * the parentheses the key's values: `Products({id})`, `certificates(thumbprintAlgorithm={id},thumbprint={certificate_id})`
 * (two named parts are a pair, written as the pairs above). A single key with no name must be an OData literal: a
 * quoted string or a value proven by its shape (`Products(5)`, a GUID); a word or a title's brackets
 * (`Mercury_(planet)`, `count(distinct)`) are not keys. Three named parts or more are left whole (one segment).
 */
function keyPredicate(text: string): Segment | null {
  const m = KEY_SEGMENT.exec(text);
  if (m === null) return null;
  const parts = m[2].split(',');
  if (parts.length > 2) return null;
  const named = parts.map((p) => KEY_PART.exec(p));
  if (parts.length === 2 && (named[0] === null || named[1] === null)) return null;
  const values = parts.map((p, i) => named[i]?.[2] ?? p);
  if (!values.every((v) => KEY_VALUE.test(v))) return null;
  const quote = (v: string): string => (v.charCodeAt(0) === 39 ? "'" : '');
  const bare = (v: string): string => (quote(v) === '' ? v : v.slice(1, -1));
  const last = values.length - 1;
  if (named[0] === null && quote(values[0]) === '' && variableSegment(values[0]) === null) return null;
  const open = `${m[1]}(${named[0] !== null ? `${named[0][1]}=` : ''}${quote(values[0])}`;
  const close = `${quote(values[last])})`;
  const stem = bare(values[last]);
  const kind = variableSegment(stem) ?? 'id';
  if (last === 0) return { key: `${VAR}${kind}~${open}${close}`, stem, suffix: close, prefix: open, kind };
  const sep = `${quote(values[0])},${named[1]![1]}=${quote(values[1])}`;
  return {
    key: `${VAR}${kind}${PAIR_KEY}${sep}~${open}${close}`,
    stem,
    suffix: close,
    prefix: open,
    kind,
    head: bare(values[0]),
    sep,
  };
}

/** The word a parameter inside a segment is named after: its prefix's word (`page` of `page-`), an OData key's name (`certificates` of `certificates(thumbprint=`). */
function prefixWord(prefix: string): string {
  const open = prefix.indexOf('(');
  return open > 0 ? prefix.slice(0, open) : prefix.slice(0, -1);
}

/**
 * parseSegment remembered by segment text, for the trie walk of every request (`resolve`): the
 * names of an API (`api`, `v1`, `users`) come again on every request, on each worker and again
 * on the capture thread's templater (docs/performance.md "One prose search, cookies per
 * connection (branch i22-shared)"). parseSegment is a pure function of the text and `first`, and
 * its results are only read, so a remembered one is the parse. Texts of up to
 * MAX_REMEMBERED_SEGMENT characters (names; long values are met once), MAX_REMEMBERED_SEGMENTS
 * per `first`, then dropped whole (node/memo.ts `memoized`).
 */
const MAX_REMEMBERED_SEGMENTS = 4096;
const MAX_REMEMBERED_SEGMENT = 64;
const rememberedFirst = memoized((raw) => parseSegment(raw, true), MAX_REMEMBERED_SEGMENTS, MAX_REMEMBERED_SEGMENT);
const rememberedOther = memoized((raw) => parseSegment(raw, false), MAX_REMEMBERED_SEGMENTS, MAX_REMEMBERED_SEGMENT);

export function rememberedSegment(raw: string, first: boolean): Segment {
  return first ? rememberedFirst(raw) : rememberedOther(raw);
}

/**
 * The parse of the segment `walk` is at, met under `node` (`first`: the root): the one `node` kept
 * when its text is the one met there last time, compared in the path's text (no string made or
 * hashed: a request's names are mostly those of the last request through the same node); else
 * rememberedSegment's, kept on `node` (docs/performance.md "The discovery stage per transaction
 * (branch i22-disc)"). Digits (ids, met once or twice) are parsed, neither kept on the node nor
 * remembered by text, where thousands of them would push the names out. `remember` false:
 * rememberedSegment's always (the tests' reference).
 */
function segmentUnder<E>(node: PathNode<E>, walk: PathSegments, first: boolean, remember: boolean): Segment {
  const last = node.lastSegment;
  if (last !== null && walk.is(node.lastRaw)) return last;
  const raw = walk.text();
  if (!remember) return rememberedSegment(raw, first);
  if (walk.digits()) return parseSegment(raw, first);
  const p = rememberedSegment(raw, first);
  if (raw.length <= MAX_REMEMBERED_SEGMENT) {
    node.lastRaw = raw;
    node.lastSegment = p;
  }
  return p;
}

/**
 * Two values in one segment joined by a comma (`12.5,44.1`, `river-garden-12,sage-tiger-3`, `daily,north`:
 * OpenAPI `/{a},{b}`): no name of an API has a comma, so two plain halves are two parameters.
 */
function commaPair(text: string): Segment | null {
  const comma = text.indexOf(',');
  if (comma <= 0 || comma === text.length - 1) return null;
  // Three values or more are one parameter, an array in OpenAPI's simple style (`/{ids}`: `4,5,6`).
  if (text.indexOf(',', comma + 1) >= 0)
    return text.split(',').every(pairHalf) ? { key: VAR + 'id', stem: text, suffix: '', prefix: '', kind: 'id' } : null;
  const head = text.slice(0, comma);
  const tail = text.slice(comma + 1);
  if (!pairHalf(head) || !pairHalf(tail)) return null;
  const kind = variableSegment(tail) ?? 'id';
  return { key: `${VAR}${kind}^,`, stem: tail, suffix: '', prefix: '', kind, head, sep: ',' };
}

/**
 * Two values joined by `..` or `...`, the two ends of a range (`2020-01-01..2020-02-01` of a rates API's
 * `/{from}..{to}`, `main...feature-x` of a compare: `/{base}...{head}`): no name of an API has two dots in a
 * row, so two plain halves are two parameters (docs/api-discovery.md "Path styles named and left").
 */
function rangePair(text: string): Segment | null {
  const dots = text.indexOf('..');
  if (dots <= 0) return null;
  const sep = text.startsWith('...', dots) ? '...' : '..';
  const head = text.slice(0, dots);
  const tail = text.slice(dots + sep.length);
  if (tail.length === 0 || tail.startsWith('.') || tail.includes('..') || !pairHalf(head) || !pairHalf(tail)) return null;
  const kind = variableSegment(tail) ?? 'id';
  return { key: `${VAR}${kind}${PAIR_KEY}${sep}`, stem: tail, suffix: '', prefix: '', kind, head, sep };
}

/**
 * A version tag or number: `v1.2`, `v2`, `1.2.3` (versionPair's halves): versions.ts `tag`, `release` and `number`
 * written with dots only (a lower-case `v`, up to four groups of up to six digits, as before), as releases are named
 * in a diff or a changelog; one number alone (`12-14`) is a range (rangePair), not two versions.
 */
function versionHalf(s: string): boolean {
  const kind = versionKind(s);
  if (kind === 'tag') return s.charCodeAt(0) === 118 /* v */ && s.length <= 7;
  if (kind !== 'release' && kind !== 'number') return false;
  const groups = (s.charCodeAt(0) === 118 ? s.slice(1) : s).split('.');
  if (kind === 'number' && groups.length < 2) return false;
  return s.charCodeAt(0) !== 86 /* V */ && groups.length <= 4 && groups.every((g) => /^\d{1,6}$/.test(g));
}

/**
 * Two versions joined by a dash (`v1.2-v1.3`, `1.4.0-1.5.2`: a diff or a changelog between two releases, `/{from}-{to}`),
 * both tags (`v…`) or both dotted numbers; one version (`v1.2`, `2.0-beta`) is one segment as before.
 */
function versionPair(text: string): Segment | null {
  const dash = text.indexOf('-');
  if (dash <= 0 || dash === text.length - 1 || text.indexOf('-', dash + 1) >= 0) return null;
  const head = text.slice(0, dash);
  const tail = text.slice(dash + 1);
  if (!versionHalf(head) || !versionHalf(tail) || (head[0] === 'v') !== (tail[0] === 'v')) return null;
  return { key: `${VAR}id${PAIR_KEY}-`, stem: tail, suffix: '', prefix: '', kind: 'id', head, sep: '-' };
}

/** A half or item of a comma-joined segment: the API's names have no comma, so any plain value (`river`, `12.5`, `anna84`). */
function pairHalf(s: string): boolean {
  return COMMA_ITEM.test(s);
}

const ENCODED_SLASH = /%2f/i;
const HEX_FIRST = /^[0-9a-f]/i;

const COMMA_ITEM = /^[\w.~@+-]{1,128}$/;

/**
 * Two values of one strong class joined by a dash (`100-200`, `2024-01-05-2024-02-01`, two UUIDs:
 * OpenAPI `/{from}-{to}`); a date or a UUID alone is one value (its own dashes).
 */
function dashPair(text: string): Segment | null {
  // Both halves start with a digit or, for a UUID, a hex letter: most segments (words, slugs) end here.
  if (!HEX_FIRST.test(text)) return null;
  if (text.length > 80 || isDate(text) || variableSegment(text) === 'date' || classifyText(text).format === 'uuid') return null;
  for (let i = text.indexOf('-'); i > 0; i = text.indexOf('-', i + 1)) {
    const head = text.slice(0, i);
    const tail = text.slice(i + 1);
    const c = strongClass(head);
    if (c === null || c !== strongClass(tail)) continue;
    const kind = c === 'date' ? 'date' : 'id';
    return { key: `${VAR}${kind}^-`, stem: tail, suffix: '', prefix: '', kind, head, sep: '-' };
  }
  return null;
}

/**
 * Two ids joined by a dot (`GIXeN0PKq.Tazo96EvXsG`, `<uuid>.x7Gk2pQ9`: OpenAPI `/{id}.{type}` with a value
 * for the type): both halves value-like, one at least proven a value by its shape or a random id. A
 * decimal (`12.5`), a version (`1.2`), a name's dots (`anna.smith`) and an extension (`12.pbf`) are not.
 */
function dotPair(text: string): Segment | null {
  const dot = text.indexOf('.');
  if (dot <= 0 || dot === text.length - 1 || text.indexOf('.', dot + 1) >= 0 || text.length > 130) return null;
  const head = text.slice(0, dot);
  const tail = text.slice(dot + 1);
  if (asciiDigits(head, 0, head.length) && asciiDigits(tail, 0, tail.length)) return null;
  const proven = (s: string): boolean => variableSegment(s) !== null || randomId(s);
  if (!(proven(head) || proven(tail)) || !(proven(head) || softValue(head)) || !(proven(tail) || softValue(tail))) return null;
  const kind = variableSegment(tail) ?? 'id';
  return { key: `${VAR}${kind}${PAIR_KEY}.`, stem: tail, suffix: '', prefix: '', kind, head, sep: '.' };
}

/** A name before a dot and a varying end (`blacklist` of `blacklist.{id}`, endsOfOneName): a word, `_` and `-` inside. */
const NAME_BEFORE_END = /^[A-Za-z][A-Za-z_-]{1,47}$/;
/** The end after it: one plain value (letters, digits, `_`, `-`). */
const END_AFTER_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** The classes a dash may join two of: numbers, dates, UUIDs. */
function strongClass(s: string): 'int' | 'date' | 'uuid' | null {
  if (asciiDigits(s, 0, s.length)) return 'int';
  if (isDate(s)) return 'date';
  return classifyText(s).format === 'uuid' ? 'uuid' : null;
}

/** What follows VAR and the kind in the key of a pair's value child (`\0id^`, pairOf): word pairs (pairsOfWords) group with them. */
const PAIR_KEY = '^';

/** `head:value` where the value's shape proves it and the whole is no value of its own (a time `12:30:00` is one value). */
function pairOf(text: string, colon: number): Segment | null {
  const head = text.slice(0, colon);
  const tail = text.slice(colon + 1);
  if (head.includes(':') || head.includes('.') || variableSegment(text) !== null) return null;
  const kind = variableSegment(tail);
  if (kind === null) return null;
  return { key: `${VAR}${kind}${PAIR_KEY}`, stem: tail, suffix: '', prefix: '', kind, head };
}

/** `;id=5;x=y`: a value (its first parameter's), as OpenAPI's matrix style writes a path parameter. */
function matrixValue(raw: string): Segment {
  const end = raw.indexOf(';', 1);
  const first = raw.slice(1, end < 0 ? raw.length : end);
  const eq = first.indexOf('=');
  const value = eq < 0 ? first : first.slice(eq + 1);
  const kind = variableSegment(value) ?? 'id';
  // Keyed as the plain value (`/cars/;id=5` and `/cars/5` are one `{id}`): a template writes a matrix parameter as `{id}`.
  return { key: VAR + kind, stem: value.includes('%') ? percentDecode(value) : value, suffix: '', prefix: '', kind };
}

function parseText(seg: string, text: string, first: boolean): Segment {
  // The format suffix first: `ann@example.com.json` is an email with `.json`, not an email ending in `.json`.
  const m = text.includes('.') ? SUFFIX.exec(text) : null;
  const stem = m !== null ? m[1] : text;
  const suffix = m !== null ? m[2] : '';
  const pv = first ? null : prefixedValue(stem);
  // The prefix goes into the key after `~` (a path segment's key never has a NUL), so `page-{id}` and `{id}` are apart.
  if (pv !== null)
    return { key: `${VAR}${pv.kind}~${pv.prefix}${suffix}`, stem: pv.value, suffix, prefix: pv.prefix, kind: pv.kind };
  if (m !== null) {
    const inner = variableSegment(m[1]);
    if (inner !== null && !(first && inner === 'date'))
      return { key: VAR + inner + m[2], stem: m[1], suffix: m[2], prefix: '', kind: inner };
  }
  const kind = variableSegment(text);
  if (kind !== null && !(first && kind === 'date')) return { key: VAR + kind, stem: text, suffix: '', prefix: '', kind };
  if (m === null && pv === null) {
    const other = valueWithExtension(text);
    if (other !== null && !(first && other.kind === 'date'))
      return { key: VAR + other.kind + other.suffix, stem: other.stem, suffix: other.suffix, prefix: '', kind: other.kind };
  }
  // An encoded slash is a path or file name held by one parameter (`docs%2Freport.pdf`): no name of the API's has one.
  if (!first && ENCODED_SLASH.test(seg)) return { key: VAR + 'id', stem: text, suffix: '', prefix: '', kind: 'id' };
  return { key: seg, stem, suffix, prefix: '', kind: null };
}

/** A file extension that no format list has (`.pbf`, `.mvt`, `.docx`, `.heic`): a letter, then up to 7 letters or digits. */
const OTHER_EXTENSION = /^(.+)(\.[a-z][a-z0-9]{1,7})$/;

/**
 * A value proven by its shape before an extension SUFFIX does not know (`12.pbf` of `/tiles/{z}/{x}/{y}.pbf`,
 * `<uuid>.docx`): the extension is the file's type, a literal end like `.json` (docs/api-discovery.md
 * "Templating" 1). After a name (`tiles.pbf`, `anna.smith`, `report-2023.docx`) nothing is split: a
 * name's dots are its own. The caller has checked that the whole segment is no value of its own
 * (an email `ann@x.co.uk`, a decimal `12.5`).
 */
function valueWithExtension(text: string): { stem: string; suffix: string; kind: VarKind } | null {
  const o = OTHER_EXTENSION.exec(text);
  if (o === null) return null;
  const kind = variableSegment(o[1]);
  return kind === null ? null : { stem: o[1], suffix: o[2], kind };
}

/**
 * The key of a literal sibling spelt like `key` but for case (`Users` beside `users`), when both are
 * words: a case-insensitive server answers both, and a client that writes `/Users/42` means the
 * resource the others call `/users/42`; templates write the most requested spelling (`spelt`). Names that may be values
 * (`Anna84` and `anna84` are two users) are never folded.
 */
function caseAlias<E>(children: Map<string, PathNode<E>>, key: string, stem: string): string | null {
  if (softValue(stem) || weakValue(stem)) return null;
  const lower = key.toLowerCase();
  if (lower === key && !hasUpper(children)) return null;
  for (const [k, child] of children) {
    if (child.value || child.soft || child.weak || k.length !== key.length || k === key) continue;
    if (k.toLowerCase() === lower) return k;
  }
  return null;
}

/** Whether a literal child's key has an upper-case letter (only then may a lower-case key be a case alias of it). */
function hasUpper<E>(children: Map<string, PathNode<E>>): boolean {
  for (const k of children.keys()) if (k.charCodeAt(0) !== 0 && k !== k.toLowerCase()) return true;
  return false;
}

/** What follows the kind in a value child's key (without its NUL): `.json`, `~page-.atom`, ''. */
function suffixOfKey(key: string): string {
  let i = 0;
  while (i < key.length && key.charCodeAt(i) >= 97 && key.charCodeAt(i) <= 122) i++;
  return key.slice(i);
}

function addTo(list: string[] | null, v: string): string[] {
  if (list === null) return [v];
  return list.includes(v) ? list : [...list, v].sort();
}

export interface TrieSettings {
  /** Values kept apart at one position before they are merged into its value child. */
  valueThreshold: number;
  /** Literal children of one position before it takes every segment as a value. */
  literalLimit: number;
  /** Word siblings that must answer alike before they are values (0: never). */
  similarThreshold: number;
  maxNodes: number;
}

/** One template position: the raw nodes it covers (a parameter merges several), its name. */
interface Group<E> {
  nodes: Array<PathNode<E>>;
  /** Literal nodes merged in as values (their stems are the parameter's values). */
  valueNodes: Array<PathNode<E>>;
  part: string;
  isVar: boolean;
  kind: VarKind;
  /** Literal text around the parameter inside the segment: `page-` and `.atom` of `page-{id}.atom`. */
  prefix: string;
  suffix: string;
}

export interface TemplateEntry<E> {
  template: string;
  /** The raw nodes this template covers (their endpoints merge). */
  nodes: Array<PathNode<E>>;
  /** Path parameters in order: name, the types and formats of their values. */
  pathParams: Array<{ name: string; types: string[]; formats: string[] }>;
}

export class PathTrie<E> {
  readonly root = new PathNode<E>();
  nodes = 1;
  /** Positions whose values were merged for good (path_value_threshold) or closed (path_literal_limit). */
  folds = 0;
  private readonly mergesDue = new Set<PathNode<E>>();
  /**
   * Counts what can change a template: decisions (decide, decideGroup: values, format parameters,
   * prefixes and tails, merges) and new nodes. A template made at an older version is made again.
   */
  private version = 0;
  /** False: every template is made by its definition (makeTemplate), none kept (the tests' reference). */
  keepTemplates = true;
  /** False: no segment kept on its node (segmentUnder), each parsed or looked up by text (the tests' reference). */
  keepSegments = true;
  /** Reads each resolved path's segments in place. */
  private readonly walk = new PathSegments();
  /** The nodes with several spellings a resolved path went through, each followed by the spelling it used (spellingsReached). */
  private readonly spelledOnWay: Array<PathNode<E> | string> = [];

  constructor(
    private readonly s: TrieSettings,
    private readonly mergeEndpoint: (into: E, from: E) => void,
    /** How alike two endpoints' 2xx JSON responses are, 0 to 1 (null: a shape is unknown). */
    private readonly similarity: (a: E, b: E) => number | null,
    /** How many endpoints (a node and a method) the trie holds: with the root's hits, the requests an endpoint gets on average. */
    private readonly endpointsHeld: () => number = () => 0,
    /** How many body parameters an endpoint's requests sent (0: none, or unknown). */
    private readonly bodyFields: (e: E) => number = () => 0,
    /** How alike two endpoints' query parameter names are, 0.75 to 1, or null (unknown or unlike): evidence for likeness only. */
    private readonly querySimilarity: (a: E, b: E) => number | null = () => null,
    /** How many requests an endpoint got (null: not counted; hotBesideValues then counts a node's ends). */
    private readonly requestsOf: ((e: E) => number) | null = null,
    /** The share of the smaller of two endpoints' request bodies the other has, 0 to 1 (null: either sent none): one operation takes one body schema. */
    private readonly bodyOverlap: (a: E, b: E) => number | null = () => null,
  ) {}

  /**
   * A word asked for far more often than any value beside it (`/users/me`, `/accounts/verify_credentials`,
   * `/nodes/status`): the API's vocabulary, called by every client, not one more item among values each asked for
   * by a few. A leaf read or posted only (a lookup, an action, the caller's own view) is compared with what the
   * values received by the methods it answers (requestsBy), not with their subtrees: an item's sub-resources
   * (`/nodes/{id}/inheritedProperties`) and its other methods (`PUT /policy/{id}` beside `GET
   * /policy/get_by_policy_name`) add requests that are none for the word's endpoint. A leaf written as an item
   * (PUT, PATCH, DELETE: `PUT /Pool/tricks-into`) may be a popular one: it is compared with the subtrees as before.
   */
  private hotBesideValues(w: PathNode<E>, values: Array<PathNode<E>>): boolean {
    if (w.hits < HOT_REQUESTS) return false;
    if (w.children !== null || w.methods === null || itemMethods(w)) {
      let busiest = 0;
      for (const v of values) busiest = Math.max(busiest, v.hits);
      return w.hits > HOT_RATIO * busiest;
    }
    // Both sides counted alike (requestsBy), so facts another thread hands over late count for neither alone.
    let busiest = 0;
    for (const v of values) busiest = Math.max(busiest, this.requestsBy(v, w.methods));
    return this.requestsBy(w, w.methods) > HOT_RATIO * busiest;
  }

  /** The requests that ended at `n` by the methods of `methods` (all that ended there where endpoints are not counted). */
  private requestsBy(n: PathNode<E>, methods: Map<string, E>): number {
    if (this.requestsOf === null) return requestsEnding(n);
    let requests = 0;
    for (const m of methods.keys()) {
      const e = n.methods?.get(m);
      if (e !== undefined) requests += this.requestsOf(e);
    }
    return requests;
  }

  /**
   * The node of `path` and its current template. With `create`, unknown segments are added (null
   * when the node cap would be passed); without, a path the trie does not know gives node null.
   */
  resolve(
    path: string,
    create: boolean,
    wantTemplate = true,
  ): Resolved<E> | { node: null; template: string; trail: null } | null {
    const walk = this.walk;
    const count = walk.start(path);
    if (count > MAX_SEGMENTS) return null;
    let node = this.root;
    const trail: Array<PathNode<E>> = [node];
    const keys: string[] = [''];
    this.spelledOnWay.length = 0;
    node.hits++;
    for (let i = 0; i < count; i++) {
      walk.next();
      const p = segmentUnder(node, walk, i === 0, this.keepSegments);
      let key = p.key;
      if (p.kind === null && (node.closed || (node.folded && foldable(p.stem)))) key = VAR + 'id' + p.suffix;
      let next = node.children?.get(key);
      if (next === undefined && p.kind === null && node.children !== null) {
        const alias = caseAlias(node.children, key, p.stem);
        if (alias !== null) {
          key = alias;
          next = node.children.get(key)!;
          if (next.spellings === null) {
            next.spellings = new Map([[alias, next.hits]]);
            next.spellingEnds = endsBelow(next, alias);
          }
        }
      }
      if (next === undefined) {
        if (!create)
          return { node: null, template: wantTemplate ? this.literalTemplate(trail, keys, walk.rest()) : '', trail: null };
        if (this.nodes + (count - i) > this.s.maxNodes) return null;
        next = new PathNode<E>();
        this.version++;
        next.parent = node;
        next.stem = p.stem;
        next.suffix = p.suffix;
        next.prefix = p.prefix;
        if (key.startsWith(VAR)) {
          next.kind = p.kind ?? 'id';
          next.value = true;
          next.pair = p.head !== undefined;
          next.pairSep = p.sep ?? ':';
        } else {
          next.version = versionTag(p.stem);
          next.soft = softValue(p.stem);
          next.random = humanText(p.stem) || (next.soft && randomId(p.stem));
          next.weak = !next.soft && weakValue(p.stem);
          next.title = !next.soft && titleSlug(p.stem);
          node.literals++;
        }
        (node.children ??= new Map()).set(key, next);
        if (!next.value) markSingularBesidePlural(node, key, next);
        this.nodes++;
        this.changed(trail);
        if (node.literals > this.s.literalLimit) {
          this.close(node);
          key = VAR + 'id' + p.suffix;
          next = node.children.get(key)!;
        }
      }
      if (key.charCodeAt(0) === 0) {
        if (p.head !== undefined) {
          const { type, format } = classifyText(p.head);
          next.headTypes = addTo(next.headTypes, type);
          if (format !== null) next.headFormats = addTo(next.headFormats, format);
        }
        if (p.kind === 'id' && asciiDigits(p.stem, 0, p.stem.length)) {
          const t = digitsType(p.stem);
          if (next.valueTypes === null || !next.valueTypes.includes(t)) next.valueTypes = addTo(next.valueTypes, t);
        } else {
          const { type, format } = classifyText(p.stem);
          next.valueTypes = addTo(next.valueTypes, type);
          if (format !== null) next.valueFormats = addTo(next.valueFormats, format);
        }
      }
      node = next;
      node.hits++;
      if (node.spellings !== null) {
        node.spellings.set(p.key, (node.spellings.get(p.key) ?? 0) + 1);
        this.spelledOnWay.push(node, p.key);
      }
      // A count doubling is evidence too (a hot literal next to cold values).
      if ((node.hits & (node.hits - 1)) === 0) this.changed(trail);
      trail.push(node);
      keys.push(key);
    }
    if (this.spelledOnWay.length > 0) spellingsReached(this.spelledOnWay, node);
    if (wantTemplate) return { node, template: this.templateOf(trail, keys), trail };
    // Decisions are remade where enough changed, template or not (they merge values past the threshold).
    for (let i = 0; i < trail.length - 1; i++) if (trail[i].changes >= trail[i].redecideAt) this.decide(trail[i]);
    return { node, template: '', trail };
  }

  /** Marks a change below every node of `trail` (their decisions may be remade). */
  changed(trail: Array<PathNode<E>>): void {
    for (const n of trail) n.changes++;
  }

  /**
   * The template of a resolved path, with the decisions as they stand (remade where enough changed).
   * Made once per path end while no decision is due on the way and nothing changed in the trie
   * (`version`): most requests go to known endpoints (docs/performance.md "Sessions,
   * vulnerabilities, discovery (branch i22-analyses)"). Not kept where a spelling is counted
   * (`spelt` follows the counts of every request).
   */
  private templateOf(trail: Array<PathNode<E>>, keys: string[]): string {
    const end = trail[trail.length - 1];
    if (!this.keepTemplates) return this.makeTemplate(trail, keys);
    let kept = end.templateVersion === this.version && sameKeys(end.templateKeys, keys);
    for (let i = 1; kept && i < trail.length; i++)
      if (trail[i - 1].changes >= trail[i - 1].redecideAt || trail[i].spellings !== null) kept = false;
    if (kept) return end.template;
    const template = this.makeTemplate(trail, keys);
    end.template = template;
    end.templateVersion = this.version;
    end.templateKeys = keys;
    return template;
  }

  /** templateOf's definition: each position's decision remade where due, then the template written. */
  private makeTemplate(trail: Array<PathNode<E>>, keys: string[]): string {
    const parts: string[] = [];
    const used = new Set<string>();
    let prev = '';
    for (let i = 1; i < trail.length; i++) {
      const parent = trail[i - 1];
      const n = trail[i];
      if (parent.changes >= parent.redecideAt) this.decide(parent);
      const key = keys[i];
      if (key.startsWith(VAR) || parent.values?.has(key)) {
        // A parameter inside a segment is named after its literal prefix (`episode-{episode_id}`).
        const named = n.prefix.length > 1 ? prefixWord(n.prefix) : prev;
        const tail = key.startsWith(VAR) ? '' : n.tail;
        const wordPair = !key.startsWith(VAR) && n.wordPair;
        const head = n.pair || wordPair ? `{${paramName('id', named, used)}}${n.pairSep}` : '';
        const name = paramName(key.startsWith(VAR) ? n.kind : 'id', named, used);
        const suffix = wordPair ? '' : parent.formatParam && formatSuffix(n) ? `.{${formatName(used)}}` : n.suffix;
        // An OData compound key writes its name before the pair (`certificates(a={id},b={certificate_id})`); other pairs have no prefix.
        parts.push(`${n.prefix}${head}{${name}}${tail}${suffix}`);
      } else {
        parts.push(literalSegment(speltFor(key, n, trail[trail.length - 1])));
        prev = n.stem;
      }
    }
    return `/${parts.join('/')}`;
  }

  /** A path the trie does not (fully) know: its known prefix as templated, the rest (`unknown`: its segments from the first unknown) by segment shape. */
  private literalTemplate(trail: Array<PathNode<E>>, keys: string[], unknown: string[]): string {
    const known = trail.length > 1 ? this.templateOf(trail, keys) : '';
    const parts: string[] = [];
    for (const seg of unknown) {
      // Remembered by text: pages and assets that are no endpoint come again with the same names (keepSegments false: parsed).
      const first = parts.length === 0 && trail.length === 1;
      const p = this.keepSegments ? rememberedSegment(seg, first) : parseSegment(seg, first);
      const head = p.head !== undefined ? `{id}${p.sep ?? ':'}` : '';
      parts.push(p.kind !== null ? `${p.prefix}${head}{${p.kind}}${p.suffix}` : literalSegment(p.key));
    }
    return `${known}/${parts.join('/')}`;
  }

  /** Remakes every decision that has changes since it was made, children first. */
  decideAll(): void {
    const walk = (n: PathNode<E>): void => {
      for (const c of n.children?.values() ?? []) walk(c);
      if (n.changes > 0 && n.changes !== n.redecideAt - 1) this.decide(n, true, true);
    };
    walk(this.root);
    this.mergesDue.clear();
  }

  /**
   * Merges the values found past path_value_threshold by decisions made while templating a request
   * (not then: the request's endpoint is being recorded in a node the merge may move).
   */
  applyMerges(): void {
    if (this.mergesDue.size === 0) return;
    const due = [...this.mergesDue];
    this.mergesDue.clear();
    for (const n of due) this.decide(n, true, true);
  }

  /**
   * Which literal children of `n` are values of its parameter (docs/api-discovery.md, "Templating"):
   * per format suffix, next to a value child the value-like literals that do not contradict most of
   * it; without one, two value-like literals or more; words join only values they answer alike, and
   * a position of words alone needs `path_similar_threshold` of them answering alike, under a word
   * that is not the API's root (`/api`, `/v1`): words under a parameter are sub-resources.
   */
  decide(n: PathNode<E>, exact = false, merge = false): void {
    this.version++;
    n.redecideAt = exact ? n.changes + 1 : Math.max(n.changes * 2, 4);
    n.values = null;
    n.formatParam = false;
    if (n.children === null) return;
    if (n.literals > 0) {
      const { values, merges } = this.judge([...n.children], n.soft ? null : wordParent(n), null, 1, keyNameNode(n));
      for (const [sfx, joined] of merges) {
        if (merge) this.mergeValues(n, joined, sfx);
        else this.mergesDue.add(n);
      }
      for (const key of [...values]) if (!n.children.has(key)) values.delete(key);
      n.values = values.size > 0 ? values : null;
    }
    n.formatParam = formatsOfValues([n]) >= FORMAT_PARAM;
  }

  /**
   * The decision for one template position that covers several raw nodes (the children of a
   * parameter's values): judged on all their children together, so that `/users/{id}/repos/x` of
   * one user and `/users/{id}/repos/y` of another are siblings.
   */
  private decideGroup(nodes: Array<PathNode<E>>, wordValues: WordParent, recurring: Map<string, number> | null): void {
    this.version++;
    const children: Array<[string, PathNode<E>]> = [];
    for (const n of nodes) for (const kc of n.children ?? []) children.push(kc);
    if (children.length === 0) return;
    const { values } = this.judge(
      children,
      wordValues,
      recurring,
      nodes.filter((n) => n.children !== null).length,
      nodes.every(keyNameNode),
    );
    for (const n of nodes) {
      if (n.children === null) continue;
      const mine = new Set<string>();
      for (const key of values) if (n.children.has(key)) mine.add(key);
      n.values = mine.size > 0 ? mine : null;
    }
    const formatParam = formatsOfValues(nodes) >= FORMAT_PARAM;
    for (const n of nodes) n.formatParam = formatParam;
  }

  /**
   * Version tags side by side that lead to the same API (`/v1/users/{id}/orders`, `/v2/users/{id}/orders`):
   * the values of `v{version}`, taken out of `words`. Two or more distinct tags, every two with at
   * least two sub-resources in common and no answers that differ; an API's versions that differ
   * (resources of their own, other answers) stay literal, and so does one version alone. Tags among
   * other names leading to the same API (`/resourceGroups/v1/tables`, `/resourceGroups/billing/tables`)
   * are names like them, judged with them (`{resourcegroup_id}`), not versions.
   */
  private versionValues(
    g: { vars: Array<PathNode<E>>; soft: Array<[string, PathNode<E>]>; weak: Array<[string, PathNode<E>]> },
    words: Array<[string, PathNode<E>]>,
  ): string[] {
    const tags = words.filter(([, c]) => c.version && c.children !== null);
    // Distinct tags: one tag under several raw nodes of a position (`/subscriptions/{id}/resourceGroups/v2` of
    // two subscriptions) is one name seen twice, not two versions.
    if (new Set(tags.map(([k]) => k)).size < 2) return [];
    const same = (a: PathNode<E>, b: PathNode<E>, structure = 2): boolean => {
      const l = this.alike(a, b, LIKENESS_DEPTH, true);
      return !l.contradicted && l.conflicts === 0 && l.structure >= structure;
    };
    for (let i = 0; i < tags.length; i++) for (let j = i + 1; j < tags.length; j++) if (!same(tags[i][1], tags[j][1])) return [];
    // A newer version that adds resources to an older one (`/v2/averages`, `/v2/projects` beside all `/v1` has): two APIs.
    if (versionAddsResources(tags, Math.max(1, this.s.similarThreshold))) return [];
    const others = [...g.vars, ...[...g.soft, ...g.weak, ...words].filter(([, c]) => !c.version).map(([, c]) => c)];
    if (others.some((c) => c.children !== null && same(tags[0][1], c, 1))) return [];
    const keys = tags.map(([k]) => k);
    for (const [, c] of tags) c.prefix = 'v';
    const taken = new Set(keys);
    for (let i = words.length - 1; i >= 0; i--) if (taken.has(words[i][0])) words.splice(i, 1);
    return keys;
  }

  /** Which of `children` (literal keys) are values, and the value sets past path_value_threshold (by suffix). */
  private judge(
    children: Array<[string, PathNode<E>]>,
    wordValues: WordParent,
    /** Cousins' evidence (positions elsewhere named like this one): how many of them have each child word, null when unknown. */
    recurring: Map<string, number> | null = null,
    /** How many raw nodes the position covers (their children are `children`). */
    raws = 1,
    /** The parent names a key (`/shortcode/…`, `/partitionKeyRangeId/…`, `/byName/…`): keyName. */
    keyParent = false,
  ): { values: Set<string>; merges: Array<[string, Array<[string, PathNode<E>]>]> } {
    const bySuffix = new Map<
      string,
      {
        vars: Array<PathNode<E>>;
        soft: Array<[string, PathNode<E>]>;
        weak: Array<[string, PathNode<E>]>;
        words: Array<[string, PathNode<E>]>;
      }
    >();
    // One name before a dot with several ends that are values (`/blacklist.OcDLMxJv4d`, `/blacklist.pending`): `blacklist.{id}`,
    // taken out before the other rules, as version tags are (a name's ends are not values of the position's parameter).
    // Two values joined by a dot whose halves cross (`/collection/pending.private`, `/collection/summary.private`,
    // `/collection/summary.secondary`): `{id}.{id}`, taken before a name's ends would take each head (dottedPairsOfWords).
    const dotted = wordValues !== null && this.s.similarThreshold > 0 ? this.dottedPairsOfWords(children) : [];
    const ends =
      this.s.similarThreshold > 0
        ? this.endsOfOneName(dotted.length === 0 ? children : children.filter((kw) => !dotted.includes(kw)))
        : [];
    for (const [key, c] of children) {
      c.tail = '';
      c.wordPair = false;
      // `v{version}` only while judged a version (versionValues): a tag judged a plain value (a resource group named `v2`) is `{id}` with its siblings;
      // `blacklist.{id}` only while judged one name's ends (endsOfOneName). A literal's prefix is set by these decisions only.
      if (!key.startsWith(VAR)) c.prefix = '';
      if (ends.length > 0 && ends.some(([k, e]) => k === key && e === c)) continue;
      const sfx = key.startsWith(VAR) ? suffixOfKey(key.slice(1)) : c.suffix;
      let g = bySuffix.get(sfx);
      if (g === undefined) bySuffix.set(sfx, (g = { vars: [], soft: [], weak: [], words: [] }));
      if (key.startsWith(VAR)) g.vars.push(c);
      // Dotted names right under the root, a version or an API prefix are RPC methods (`/api/users.list`), called by GET
      // or POST; one written as an item (PUT, PATCH, DELETE: `PATCH /v1/dmitri.gold`) is an item's name, value-like.
      else if (c.soft && !(wordValues === null && dottedName(c.stem) && !itemMethods(c))) g.soft.push([key, c]);
      else (c.weak ? g.weak : g.words).push([key, c]);
    }
    const values = new Set<string>();
    for (const [key, c] of ends) {
      c.prefix = c.stem.slice(0, c.stem.indexOf('.') + 1);
      values.add(key);
    }
    for (const g of bySuffix.values()) for (const key of this.versionValues(g, g.words)) values.add(key);
    const merges: Array<[string, Array<[string, PathNode<E>]>]> = [];
    // Words that answer or have words below under any of the raw nodes (a position covers several).
    const notHolders = new Set<string>();
    for (const [key, c] of children) if (!key.startsWith(VAR) && !valueHolder(c)) notHolders.add(key);
    for (const [sfx, g] of bySuffix) {
      // Names the grammar of API paths keeps literal whatever their siblings answer: grouped views (`by_state`) and the
      // collections of a collection of collections (`/dictionaries/countries`, `currencies`, `product_types`): namedResources.
      const words = this.s.similarThreshold > 0 ? withoutNamedResources(g, wordValues, this.s.similarThreshold) : g.words;
      const members: Array<PathNode<E>> = [...g.vars];
      const joined: Array<[string, PathNode<E>]> = [];
      // Words in the alphabet of the codes beside them that lead where those lead (`/floating-ips/CDVei0/release` beside
      // `KYPhuPWG/release`, `RoqVdE/release`): codes whose letters happen to read as words, value-like as the codes are.
      for (const kw of this.codesAmongCodes(g.soft, words)) {
        g.soft.push(kw);
        words.splice(words.indexOf(kw), 1);
      }
      // A value-like segment joins unless it contradicts most members (one odd answer is not enough).
      for (const [key, c] of g.soft) {
        let contradicted = 0;
        for (const m of members) if (this.alike(m, c, LIKENESS_DEPTH).contradicted) contradicted++;
        if (2 * contradicted <= members.length - (g.vars.length > 0 ? 1 : 0) || (members.length > 0 && contradicted === 0)) {
          members.push(c);
          joined.push([key, c]);
        }
      }
      // Next to numbers, UUIDs, dates... a word is a literal (`/users/me`); next to names it may be a value.
      if (g.vars.every((v) => v.absorbed)) {
        // A word with one digit (`nina3`) next to names is one more name unless most of them contradict it (`oauth2` alone is a word).
        if (members.length > 0) {
          const names = members.length;
          for (const [key, c] of g.weak) {
            let contradicted = 0;
            for (let i = 0; i < names; i++) if (this.alike(members[i], c, LIKENESS_DEPTH).contradicted) contradicted++;
            if (3 * contradicted < names) {
              members.push(c);
              joined.push([key, c]);
            }
          }
        } else if (
          wordValues !== null &&
          this.s.similarThreshold > 0 &&
          new Set(g.weak.map(([k]) => k)).size >= this.s.similarThreshold
        ) {
          // Names with one digit (`jack9`, `david_weber6`, `henry_silva6`), `path_similar_threshold` of them or more
          // and none answering otherwise than most of the others, are names (a bit width is not weak: `int32s`).
          for (const [key, c] of g.weak) {
            let contradicted = 0;
            for (const [, o] of g.weak) if (o !== c && this.alike(o, c, LIKENESS_DEPTH).contradicted) contradicted++;
            if (3 * contradicted < g.weak.length - 1) {
              members.push(c);
              joined.push([key, c]);
            }
          }
          if (new Set(joined.map(([k]) => k)).size < this.s.similarThreshold) {
            members.length = 0;
            joined.length = 0;
          }
        }
        // Weak values that joined no names are words like the others (`x86-64` among architectures).
        const wordLike = g.weak.length === 0 ? words : [...words, ...g.weak.filter(([, c]) => !members.includes(c))];
        let rest = wordLike;
        if (members.length > 0) {
          const membersHaveValues = members.some((m) => hasValueChild(templateChildren(m)));
          rest = [];
          for (const [key, w] of wordLike) {
            rest.push([key, w]);
            // A hot word (`/users/me`) or a collection of its own (`/nodes/pending/{id}`) is not one of these values.
            if (this.hotBesideValues(w, members)) continue;
            if (!membersHaveValues && hasValueChild(templateChildren(w))) continue;
            const { evidence, contradicted } = this.againstValues(w, members);
            if (
              3 * contradicted < members.length &&
              (evidence > 0 ||
                (wordValues === 'plural' && deletedLeafOf(w, members)) ||
                (wordValues === 'param' && readOnceBesideLeaves(w, members)))
            ) {
              joined.push([key, w]);
              rest.pop();
            }
          }
        }
        // Words that answer alike among themselves (a second pool of names next to value-like ones included).
        if (wordValues !== null && this.s.similarThreshold > 0 && rest.length >= this.s.similarThreshold) {
          // A word with a value child is a collection of its own (`/ios/analogInputs/{name}`); under a
          // singular word only items (answering DELETE, PUT or PATCH: `/secret/{name}`) may be values.
          // Under a parameter only names with sub-resources in common (`/build/{project}/{repo}/x86_64/_repository`);
          // leaves answering only POST are actions.
          // Cousins (`/chart/related/x`, `/dashboard/related/y`, `/query/related/z`): words that recur under
          // them are the API's vocabulary (`/leagues/{id}/matches/past`, `/series/{id}/matches/past`); when
          // none recurs, the words are each cousin's own values, read-only as they may be.
          const disjoint = recurring !== null && rest.every(([k]) => (recurring.get(k) ?? 0) === 0);
          const holders = rest.filter(([k, w]) => hasValueChild(templateChildren(w)) && !notHolders.has(k));
          const ownBelow = wordsOfTheirOwn(holders);
          // In a collection, a word written as an item under one raw node of the position is an item under all (one name, part of its methods under each).
          const items = new Set(rest.filter(([, w]) => itemMethods(w)).map(([k]) => k));
          const candidates = rest.filter(
            ([k, w]) =>
              // A word whose items are written (`PUT /GitHub.Network/private/{name}`) may be an enum before a name, actions of its
              // own beside the items (`/private/resourceReadBegin`) or not: the likeness of its items with the others' decides
              // (clusterOf), not the sub-resources seen under each, which a few requests sample unevenly (writtenItemsBelow).
              (!hasValueChild(templateChildren(w)) ||
                (!notHolders.has(k) && !ownBelow.has(k)) ||
                writtenItemsBelow(w, wordValues)) &&
              !postOnlyLeaf(w) &&
              // Items (DELETE, PUT or PATCH on the word) in a collection are values even where they recur under cousins (an
              // environment `production` under every `expiring-user-targets`); the API's vocabulary there is read-only.
              // So are words with a subtree (items of their own: a namespace under every `providers`, `/providers/{namespace}/{name}`;
              // sub-resources: `/deployments/{name}/operations` under every `deployments`): one parameter recurs under cousins,
              // and the clusters' likeness of subtrees tells its values from names with subtrees of their own
              // (docs/api-discovery.md, branch i19-enum3 of the seventeenth session).
              (recurring === null ||
                (recurring.get(k) ?? 0) === 0 ||
                (wordValues === 'plural' && (items.has(k) || w.children !== null))) &&
              (wordValues === 'plural' || (wordValues === 'singular' && (itemMethods(w) || disjoint)) || w.children !== null),
          );
          if (candidates.length >= this.s.similarThreshold) {
            const cluster = this.wordClusters(candidates, disjoint && wordValues === 'singular' ? 'plural' : wordValues);
            for (const kw of cluster) joined.push(kw);
            // In a collection, a written item the cluster left for a minority of odd answers (optional fields) is one of them.
            if (wordValues === 'plural')
              for (const kw of this.itemsOddToAFew(
                candidates.filter((kw) => !cluster.includes(kw)),
                cluster,
              ))
                joined.push(kw);
          }
          // Read-only leaves alone at their position: beside values (`/users/{id}`, `anna84`) they are the API's vocabulary (`/users/search`).
          if ((wordValues === 'plural' || wordValues === 'singular') && g.vars.length === 0 && members.length === 0) {
            joined.push(...this.readOnlyLeaves(ownWords(notJoined(rest, joined), recurring), wordValues));
            // In a collection that only creates (`POST /media-files`), its read-only leaves spread thin: the items created.
            if (wordValues === 'plural')
              joined.push(...this.readLeavesOfACreatingCollection(ownWords(notJoined(rest, joined), recurring)));
            // Leaves answering only POST, each sent one body schema (`/usermanagement/update/{username}`): values alone.
            joined.push(...this.postedValueLeaves(ownWords(notJoined(rest, joined), recurring)));
            // In a collection, leaves answering only PUT, each seen rarely (`PUT /functions/coral-river`): items written by name.
            if (wordValues === 'plural') joined.push(...this.putValueLeaves(ownWords(notJoined(rest, joined), recurring)));
          }
          if (wordValues === 'plural') {
            joined.push(...this.namesBeforeValues(notJoined(rest, joined)));
            joined.push(...notJoined(this.namesOverNames(rest), joined));
            // Names of one shape are values even where they recur under cousins (environments named by words under
            // every `environments`): the vocabulary the cousin rule keeps literal is leaves or subtrees that differ.
            joined.push(...this.namesOfOneShape(notJoined(rest, joined), ROOT_SUB_RESOURCES));
          }
          if (wordValues === 'param') joined.push(...this.namesOfOneShape(notJoined(rest, joined)));
          // Under a singular word, names of one shape with two sub-resources or more in common (`/build/{project}/_result`,
          // `/build/{project}/{repository}` of projects named by words), their items below them or not.
          if (wordValues === 'singular') joined.push(...this.namesOfOneShape(notJoined(rest, joined), ROOT_SUB_RESOURCES));
          if (wordValues === 'param' && raws >= 2 && joined.length === 0)
            for (const kw of this.namesUnderNames(rest, raws)) joined.push(kw);
          if (wordValues === 'param' && raws >= 2 && joined.length === 0 && g.vars.length === 0)
            for (const kw of this.readOnlyNamesOverItems(rest)) joined.push(kw);
          // The second of two enums in a row (headsOfCrossedLeaves): leaves under the first's values that cross them.
          if (wordValues === 'param' && raws >= 2 && joined.length === 0 && g.vars.length === 0 && this.crossedLeaves(rest))
            joined.push(...rest);
          // Enum words of a read-only parameter beside literal sub-resources answering each in a shape of their own
          // (`/company/{id}/full`, `/mini`, `/master` beside `/company/{id}/announcements`): enumLeavesBesideSubResources.
          if (wordValues === 'param' && joined.length === 0 && g.vars.length === 0 && members.length === 0)
            joined.push(...this.enumLeavesBesideSubResources(rest));
          // A run of name parameters: the names left that recur as the values do and lead where they lead are more of them.
          if (wordValues === 'param' && raws >= 2 && joined.length > 0) {
            const left = notJoined(rest, joined);
            joined.push(
              ...this.namesInRun(
                left,
                rest.filter((kw) => !left.includes(kw)).map(([, c]) => c),
              ),
            );
          }
        }
        // Under a singular word, names that only lead to items answering alike (`/sales_tax/jdubois/{id}`,
        // `/sales_tax/martin-nora/{id}`): an enum or a name before another parameter (enumBeforeValues).
        if (wordValues === 'singular' && this.s.similarThreshold > 0)
          joined.push(...this.enumBeforeValues(notJoined(rest, joined), joined, notHolders));
        // Under a singular word, names that are each an item in a format and the parent of the same sub-resources
        // (`/status/available.json`, `/status/available/count.json`): values (itemsInTwoRepresentations).
        if (wordValues === 'singular' && sfx === '' && this.s.similarThreshold > 0) {
          const two = this.itemsInTwoRepresentations(notJoined(rest, joined), children);
          for (const kw of two.parents) joined.push(kw);
          for (const key of two.items) values.add(key);
        }
        // In a collection, names whose sub-resources are all the values' (`/plugins/BenNguyen/disable` beside
        // `carla32`, `peter`; `/person/sam/token` beside `henry49`): two or more are values too.
        if ((wordValues === 'plural' || wordValues === 'singular') && this.s.similarThreshold > 0 && members.length > 0) {
          const values = [...members, ...joined.map(([, c]) => c)];
          joined.push(...this.subResourcesOfValues(notJoined(rest, joined), values, SUB_RESOURCE_NAMES));
        }
        // Under the root, a version or an API prefix words are resource names, each with a subtree of its own;
        // names of one shape, with two sub-resources or more in common, are an account's or a tenant's (`/api/v1/{account}/members`).
        // A resource name there has its items below it (`/issue/{id}`, `/issue/search`): names with a value child are left out.
        if (wordValues === null && this.s.similarThreshold > 0 && rest.length >= this.s.similarThreshold) {
          const leading = rest.filter(([, w]) => !hasValueChild(templateChildren(w)));
          for (const kw of this.namesOfOneShape(leading, ROOT_SUB_RESOURCES, false)) joined.push(kw);
          for (const kw of this.holdersOfOneSubtree(rest.filter(([, w]) => hasValueChild(templateChildren(w))))) joined.push(kw);
          // Leaves there read, patched and deleted by name, answering alike (Google's `/v1/{name}`): items, not resource names.
          joined.push(...this.itemLeavesUnderTheBase(notJoined(rest, joined)));
        }
        // Two words under a collection, items answering alike or subtrees of one shape (under a singular word: subtrees only): two values.
        if (
          (wordValues === 'plural' || wordValues === 'singular') &&
          g.vars.length === 0 &&
          !rest.some((kw) => joined.includes(kw))
        )
          joined.push(...this.twoWordsInCollection(rest, members, wordValues === 'plural'));
        // Read-only leaves beside their parent's own answer, answering alike and otherwise than it (`/locales`, `/locales/monthly`).
        if (
          (wordValues === 'plural' || wordValues === 'singular') &&
          this.s.similarThreshold > 0 &&
          g.vars.length === 0 &&
          members.length === 0
        ) {
          joined.push(
            ...this.itemsBesideTheirParent(besideWords(notJoined(rest, joined), recurring, wordValues), wordValues === 'plural'),
          );
          // The same with one leaf seen once whose answer has no shape to compare (`{}`): one more of them.
          joined.push(
            ...this.itemsBesideTheirParentOneUnread(
              besideWords(notJoined(rest, joined), recurring, wordValues),
              wordValues === 'plural',
            ),
          );
          // Words each leading only to one sub-resource in common (`/forms/active/submissions`): values, even where they recur under cousins.
          joined.push(...this.wordsBeforeOneSubResource(notJoined(rest, joined)));
          // Under a singular word that lists and creates (`GET /product`, `POST /product`), leaves read and deleted alike are its items.
          if (wordValues === 'singular') joined.push(...this.itemsOfASingularCollection(notJoined(rest, joined)));
          // The same items where some were only deleted and others only read (`DELETE /secret/monthly`, `GET /secret/daily`).
          if (wordValues === 'singular') joined.push(...this.itemsReadOrDeleted(notJoined(rest, joined)));
          // Leaves read and written by POST only, alike and each seen rarely (`/tags/{arn}`, `/paymentmethod/{n}`): items.
          joined.push(...this.itemsReadAndPosted(notJoined(rest, joined)));
          // Read-only leaves under a silent singular word answering as a sibling position's values do (`/timelines/list/weekly` beside `/timelines/tag/{id}`).
          if (wordValues === 'singular') joined.push(...this.leavesLikeASiblingsValues(notJoined(rest, joined)));
          // The same with no shape to compare, every answer empty (`/tags/{arn}` answering `{}` and 204): all read and posted, three or more.
          joined.push(...this.shapelessReadAndPosted(notJoined(rest, joined)));
          // Words leading only to leaves that cross them (`/sales_tax/active/archived`, `/sales_tax/outgoing/archived`): two enums in a row.
          joined.push(...this.headsOfCrossedLeaves(notJoined(rest, joined)));
        }
        // One custom method on two names or more in a collection (`/things/alpha:batchGet`, `/things/beta:batchGet`):
        // the method acts on items, the names are values (`/things/{name}:batchGet`); a collection's own method is
        // written on the collection's name, a level up (`/things:batchGet`). docs/api-discovery.md "Templating" 1.
        if (wordValues === 'plural' && sfx.startsWith(':')) {
          const heads = notJoined(rest, joined);
          if (heads.length >= 2) joined.push(...heads);
        }
        if (wordValues !== null && this.s.similarThreshold > 0 && rest.length >= this.s.similarThreshold) {
          for (const [key] of this.tailedWords(notJoined(rest, joined), wordValues)) values.add(key);
        }
      } else if (
        wordValues !== null &&
        this.s.similarThreshold > 0 &&
        words.length + g.weak.length >= (wordValues === 'param' ? this.s.similarThreshold : SUB_RESOURCE_NAMES)
      ) {
        // Next to numbers, UUIDs... names with several sub-resources in common are a second pool of the
        // parameter's values (`/dashboard/{id_or_slug}/charts` beside `/dashboard/{id}`); words of the API's
        // vocabulary (`/users/me`, `/users/search`) share an action at most. Weak values (`anna_smith5`)
        // are words here like the others: next to numbers, UUIDs... no name counts alone.
        const names = g.weak.length === 0 ? words : [...words, ...g.weak];
        const candidates = names.filter(
          ([, w]) => w.children !== null && !hasValueChild(templateChildren(w)) && !postOnlyLeaf(w),
        );
        // In a collection two names whose sub-resources are all the values' are enough (`/issue_trackers/julia/issues`):
        // vocabulary words with the values' sub-resources come alone (`/users/me/keys`).
        const least = wordValues === 'param' ? this.s.similarThreshold : SUB_RESOURCE_NAMES;
        if (candidates.length >= least) {
          const cluster = candidates.length >= this.s.similarThreshold ? this.wordCluster(candidates, 'param') : [];
          const more = this.subResourcesOfValues(
            candidates.filter((kw) => !cluster.includes(kw)),
            [...g.vars, ...cluster.map(([, w]) => w)],
            least,
          );
          for (const kw of [...cluster, ...more]) joined.push(kw);
        }
        if (wordValues === 'plural') for (const kw of this.itemLeavesOfValues(names, g.vars)) joined.push(kw);
        // A second pool of names each leading only to one sub-resource of their own (`/containers/alerts/status`).
        if (wordValues === 'plural') joined.push(...this.poolBeforeOneSubResource(notJoined(names, joined)));
        if (wordValues === 'plural' || wordValues === 'param') {
          // Names with items of their own that answer alike (namesBeforeValues) and like the values do: more of its values.
          const twins = this.namesBeforeValues(notJoined(names, joined));
          if (twins.every(([, w]) => g.vars.every((v) => !this.alike(v, w, LIKENESS_DEPTH, true).contradicted)))
            for (const kw of twins) joined.push(kw);
        }
        if (wordValues === 'param') joined.push(...this.namesOfOneShape(notJoined(names, joined)));
      } else if (wordValues === null && this.s.similarThreshold > 0) {
        // Under the base path beside ids leading to sub-resources (`/v1/{parent}/services`), names read, patched and
        // deleted alike are a second pool of items (`/v1/{name}`); a word alone there stays the API's (`/v1/me`).
        joined.push(...this.itemLeavesUnderTheBase([...words, ...g.weak]));
      }
      // Under a segment naming a key (`/shortcode/…`), the words there are its values (valuesAfterKeyName).
      if (keyParent && this.s.similarThreshold > 0) {
        joined.push(
          ...this.valuesAfterKeyName(notJoined([...words, ...g.weak], joined), [...g.vars, ...joined.map(([, c]) => c)]),
        );
      }
      // Read-only lists each asked for as often as the host's endpoints (`/classifications/address-types`): endpoints, not values.
      if (g.vars.length === 0) this.dropEndpointsOfTheirOwn(joined);
      // Titles the words' rules left (`/top_writer/how-to-bake-bread`): value-like names, judged as those above.
      const titles = this.titlesLeft(words, joined, g.vars, wordValues === null);
      // Slugs answering like the titles judged values (`/scheduled_statuses/south-winter` beside titles): more of them.
      if (titles > 0 && this.s.similarThreshold > 0)
        for (const kw of this.slugsLikeTitles(words, joined, g.vars)) joined.push(kw);
      // Slugs of words going where proven values go (`/Player/winter-blue-tips-great` beside `/Player/{id}`): SLUG_SIBLINGS of them or more.
      if (this.s.similarThreshold > 0 && g.vars.length > 0)
        joined.push(...this.slugsBesideValues(notJoined(words, joined), g.vars));
      // A name leading to the same value-like names as the values do (`/build/project-ocean/anna69` beside
      // `/build/{project}/anna69`, `oliver54`): one more value before the next parameter (namesBeforeTheValuesValues).
      if (this.s.similarThreshold > 0) joined.push(...this.namesBeforeTheValuesValues(notJoined(words, joined), joined, g.vars));
      // One value-like segment alone is enough only in a collection (`/users/anna84`,
      // `/settings/gold_falcon_19`); elsewhere it may be a name (`/auth/saml2v`, `/codecs/h264`).
      if (g.vars.length === 0 && new Set(joined.map(([k]) => k)).size < 2) {
        // A random id (`PEizpEfxeCE`) is one wherever a name may stand (not under the root, a version or an API prefix).
        const alone =
          g.soft.length + titles === 1 &&
          joined.length > 0 &&
          joined.every(([, c]) => c.soft || c.title) &&
          (wordValues === 'plural' || (wordValues !== null && joined.every(([, c]) => c.random)));
        if (!alone) joined.length = 0;
      }
      for (const [key] of joined) values.add(key);
      if (joined.length > this.s.valueThreshold) merges.push([sfx, joined]);
    }
    if (values.size > 0 && bySuffix.size > 1) this.sameNamesWithSuffix(children, values);
    // Two words joined by `:` whose halves both vary (`aspentiger:public`, `maple-orbit:secondary`): a pair of values.
    if (wordValues !== null && this.s.similarThreshold > 0)
      for (const [key, c] of this.pairsOfWords(children)) {
        c.wordPair = true;
        c.pairSep = ':';
        values.add(key);
      }
    for (const [key, c] of dotted) {
      c.wordPair = true;
      c.pairSep = '.';
      values.add(key);
    }
    // Under the root, a version or an API prefix, names that share custom methods and sub-resources (`/v1/amber-nova:predict`).
    if (wordValues === null && this.s.similarThreshold > 0) {
      for (const [key] of this.headsOfCustomMethods(children)) values.add(key);
      // A second pool there, names with only a few custom methods that cross them (`/v1/production:ignoreJob`, `/v1/sync:retryJob`).
      for (const [key] of this.namesOfCrossedMethods(children, values)) values.add(key);
      // Names there asked the values' own custom methods (`/v1/min-timeout:pause` beside `/v1/mode.web.email:pause`): more of them.
      for (const [key] of this.headsOfTheValuesMethods(children, values)) values.add(key);
    }
    // Under a singular word too: names with nothing but custom methods that cross them are one parameter's values, as
    // items of one kind (`/session/summary:detectIntent`, `/session/weekly:matchIntent`; docs/api-discovery.md, i19-enum5).
    if (wordValues === 'singular' && this.s.similarThreshold > 0)
      for (const [key] of this.namesOfCrossedMethods(children, values)) values.add(key);
    return { values, merges };
  }

  /**
   * Right under the root, a version or an API prefix, names asked CUSTOM_METHOD_FEATURES custom methods or more that
   * the position's values are asked, more of them than of their own (value children and names judged values:
   * `/v1/min-timeout:pause`, `:resume` beside `/v1/mode.web.email:pause`, `:resume`), answering as the values do: items
   * of Google's `/v1/{name}` the pools of headsOfCustomMethods missed (fewer than `path_similar_threshold` names alike).
   * A resource name there has methods of its own (`/v1/transfer:upload`, `:download`) or is a collection
   * (`/v1/projects:search`); one shared method (`:get`) is not enough.
   */
  private headsOfTheValuesMethods(children: Array<[string, PathNode<E>]>, values: Set<string>): Array<[string, PathNode<E>]> {
    const byVerb = new Map<string, Array<PathNode<E>>>();
    for (const [key, c] of children) {
      if (!key.startsWith(VAR) && !values.has(key)) continue;
      const verb = key.startsWith(VAR) ? suffixOfKey(key.slice(1)) : c.suffix;
      if (verb.startsWith(':')) byVerb.set(verb, [...(byVerb.get(verb) ?? []), c]);
    }
    if (byVerb.size < CUSTOM_METHOD_FEATURES) return [];
    const heads = new Map<string, Array<[string, PathNode<E>]>>();
    for (const kw of children) {
      const [key, c] = kw;
      if (key.startsWith(VAR) || values.has(key) || c.version) continue;
      heads.set(c.stem, [...(heads.get(c.stem) ?? []), kw]);
    }
    const out: Array<[string, PathNode<E>]> = [];
    for (const nodes of heads.values()) if (this.asksTheValuesMethods(nodes, byVerb)) out.push(...nodes);
    return out;
  }

  /**
   * One name's segments (`min-timeout`, `min-timeout:pause`…) asked mostly the values' custom methods (more of its
   * methods theirs than its own: a method of the operation no value was asked yet, `:accept`), answering as those do.
   */
  private asksTheValuesMethods(nodes: Array<[string, PathNode<E>]>, byVerb: Map<string, Array<PathNode<E>>>): boolean {
    let verbs = 0;
    let theirs = 0;
    for (const [, c] of nodes) {
      if (collectionWord(c)) return false;
      if (c.suffix === '') {
        if (hasValueChild(templateChildren(c))) return false;
        continue;
      }
      if (!c.suffix.startsWith(':')) return false;
      verbs++;
      const values = byVerb.get(c.suffix);
      if (values === undefined) continue;
      if (3 * values.filter((v) => this.alike(v, c, LIKENESS_DEPTH).contradicted).length >= values.length) return false;
      theirs++;
    }
    return theirs >= CUSTOM_METHOD_FEATURES && 2 * theirs > verbs;
  }

  /**
   * Names right under the root, a version or an API prefix that are items, not resource names: Google's
   * `/v1/{name}` (`/v1/amber-nova`, `/v1/amber-nova:predict`, `/v1/amber-nova/operations`), where a
   * resource's full name is one path parameter. A resource name there has a subtree of its own; items
   * share one: `path_similar_threshold` distinct names or more, each with a custom method (`name:verb`,
   * "Templating" 1), every two sharing CUSTOM_METHOD_FEATURES custom methods or literal sub-resources, and the segments with the same method answering alike more often than not. Collections
   * (a plural: `/v1/users:lookup`, `/v1/groups:lookup`; a value child below: `/v1/projects/{id}`) keep
   * their own methods, and so do names with a format suffix. Every segment of a name taken is a value
   * (`/v1/{id}`, `/v1/{id}:predict`). docs/api-discovery.md "A second tuning set, tuning-2".
   */
  private headsOfCustomMethods(children: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const heads = new Map<string, { features: Set<string>; verbs: number; nodes: Array<[string, PathNode<E>]>; out: boolean }>();
    for (const kw of children) {
      const [key, c] = kw;
      if (key.startsWith(VAR) || c.soft || c.version) continue;
      const colon = c.suffix.indexOf(':');
      if (c.suffix !== '' && (colon !== 0 || c.suffix.indexOf(':', 1) >= 0)) continue;
      let h = heads.get(c.stem);
      if (h === undefined) heads.set(c.stem, (h = { features: new Set(), verbs: 0, nodes: [], out: false }));
      h.nodes.push(kw);
      if (collectionWord(c)) h.out = true;
      if (c.suffix !== '') {
        h.verbs++;
        h.features.add(c.suffix);
      } else {
        if (hasValueChild(templateChildren(c))) h.out = true;
        for (const k of c.children?.keys() ?? []) if (!k.startsWith(VAR)) h.features.add(`/${k}`);
      }
    }
    const names = [...heads].filter(([, h]) => !h.out && h.verbs > 0);
    if (names.length < this.s.similarThreshold) return [];
    const list = names.length > 64 ? names.slice(0, 64) : names;
    type Head = (typeof list)[number][1];
    // The same methods' answers, pooled over the two names: more that differ than agree is two resources.
    const agree = (a: Head, b: Head): boolean => {
      let shapes = 0;
      let conflicts = 0;
      for (const [ka, na] of a.nodes)
        for (const [kb, nb] of b.nodes)
          if (na.suffix === nb.suffix && ka !== kb) {
            const l = this.alike(na, nb, 0);
            shapes += l.shapes;
            conflicts += l.conflicts;
          }
      return conflicts <= shapes;
    };
    const alike = (a: Head, b: Head): boolean => {
      let common = 0;
      for (const f of a.features) if (b.features.has(f)) common++;
      return common >= CUSTOM_METHOD_FEATURES && agree(a, b);
    };
    // The largest set of names alike with one another (greedy from each seed, as namesOfOneShape).
    const best = largestCluster(
      list.length,
      alikeWithEvery((i, j) => alike(list[i][1], list[j][1])),
    );
    if (best.length < this.s.similarThreshold) return [];
    // Names left out that are alike with one name of the set and answer against none: more of its items. Items of
    // several kinds share one `{name}` parameter, each kind with its own methods (`:grant`, `:repair` on one,
    // `:showNsxCredentials` on another), so a name may cross only part of the set (docs/api-discovery.md, branch
    // i19-enum3 of the seventeenth session).
    const more = list
      .map((_, j) => j)
      .filter(
        (j) =>
          !best.includes(j) &&
          best.some((i) => alike(list[i][1], list[j][1])) &&
          best.every((i) => agree(list[i][1], list[j][1])),
      );
    return [...best, ...more].flatMap((i) => list[i][1].nodes);
  }

  /**
   * Right under the root, a version or an API prefix, a second pool of Google-style names (`/v1/{rollout}:ignoreJob`,
   * `/v1/{rollout}:retryJob` beside `/v1/{name}`, headsOfCustomMethods' pool), and under a singular word the names of
   * one kind there (`/v3beta1/{session}:detectIntent`, `v3beta1` being no version tag: i19-enum5): names that have nothing but custom methods
   * (no answer of their own, no sub-resource; `production:ignoreJob`, `production:retryJob`, `sync:retryJob`,
   * `staging.mobile:ignoreJob`), `path_similar_threshold` distinct ones or more, not taken already, not collections
   * (a plural keeps its own methods: `/v1/projects:search`). The evidence is the cross product of two operations'
   * values, as for two enums in a row (crossedLeaves): one method on two names or more and one name with two methods
   * or more, every method on two names or more; the requests spread thin over the segments as one endpoint's are over
   * its values (spreadThin: one seen once, fewer requests per segment than the host's endpoints get on average); the
   * segments of one method never contradicting each other. Stay literal: resource names sharing custom methods, each
   * asked for as an endpoint is (`/v1/document:batchGet`, `/v1/sheet:batchGet`, `/v1/sheet:batchUpdate`), a method on
   * one name only, names with an answer or a sub-resource of their own.
   * docs/api-discovery.md "Enum words beside a sub-resource, a second pool of custom methods, lookups after a format enum".
   */
  private namesOfCrossedMethods(children: Array<[string, PathNode<E>]>, taken: Set<string>): Array<[string, PathNode<E>]> {
    const heads = new Map<string, Array<[string, PathNode<E>]>>();
    const out = new Set<string>();
    for (const kw of children) {
      const [key, c] = kw;
      if (key.startsWith(VAR) || c.version) continue;
      let h = heads.get(c.stem);
      if (h === undefined) heads.set(c.stem, (h = []));
      h.push(kw);
      // Only `name:verb` segments answering, nothing below: a name with an answer, a sub-resource or a format is out.
      if (taken.has(key) || collectionWord(c) || c.children !== null || !/^:[^:]+$/.test(c.suffix)) out.add(c.stem);
    }
    // Methods on two names or more; a name whose methods are all such is one of the pool (another name's own methods stay its own).
    // Distinct names and methods: one `name:verb` under several raw nodes of a position (`/v1/{parent}/apps/-/x:batchGet`
    // of two parents) is one segment seen twice, not a cross (i19-enum5).
    const namesOf = new Map<string, Set<string>>();
    for (const [stem, nodes] of heads)
      if (!out.has(stem))
        for (const [, c] of nodes) {
          let stems = namesOf.get(c.suffix);
          if (stems === undefined) namesOf.set(c.suffix, (stems = new Set()));
          stems.add(stem);
        }
    const names = [...heads].filter(
      ([stem, nodes]) => !out.has(stem) && nodes.every(([, c]) => namesOf.get(c.suffix)!.size >= 2),
    );
    if (names.length < this.s.similarThreshold || names.length > 64) return [];
    const byMethod = new Map<string, Array<[string, PathNode<E>]>>();
    let hits = 0;
    let once = false;
    let crossed = false;
    for (const [, nodes] of names) {
      if (new Set(nodes.map(([, c]) => c.suffix)).size >= 2) crossed = true;
      for (const kw of nodes) {
        const c = kw[1];
        let m = byMethod.get(c.suffix);
        if (m === undefined) byMethod.set(c.suffix, (m = []));
        m.push(kw);
        hits += c.hits;
        once ||= c.hits === 1;
      }
    }
    if (!crossed) return [];
    const segments = names.reduce((a, [, nodes]) => a + nodes.length, 0);
    if (!this.spreadThin(segments, hits, once)) return [];
    for (const nodes of byMethod.values()) if (this.alikeAmong(nodes) === null) return [];
    return names.flatMap(([, nodes]) => nodes);
  }

  /**
   * One name, a dot and an end that varies (`/blacklist.OcDLMxJv4d`, `/blacklist.RVocDHjD`, `/blacklist.pending`:
   * OpenAPI `/blacklist.{content_type}`): the name is literal, the end a value, when one name has
   * `path_similar_threshold` distinct ends or more at the position (an API's own names have one each:
   * `/users.list`, `/users.info` are two methods, `/report.json` a format SUFFIX splits off), no two of them
   * contradict each other and the ends are values: one at least value-like by its shape (a random id, a
   * slug with digits), or else every end answering alike with another (shapes, or an item method in common)
   * and none answering only POST. RPC methods stay literal: a camelCase end is a method's name
   * (`/chat.postMessage`), verbs answer each in a shape of their own (`/users.list`, `/users.info`), actions
   * answer only POST (`/chat.delete`, `/chat.update`). A name's dots (`anna.smith`) are one value: its
   * ends are each another name's. docs/api-discovery.md "Held-out-5 promoted to tuning".
   */
  private endsOfOneName(children: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const byName = new Map<string, Array<[string, PathNode<E>]>>();
    for (const kw of children) {
      const [key, c] = kw;
      if (key.startsWith(VAR) || c.suffix !== '' || c.version) continue;
      const dot = c.stem.indexOf('.');
      if (dot < 2 || dot !== c.stem.lastIndexOf('.')) continue;
      const name = c.stem.slice(0, dot);
      // A value before the dot (a title's slug, `anna84`) is one value with its end (dotPair), not a name.
      if (!NAME_BEFORE_END.test(name) || softValue(name) || titleSlug(name) || !END_AFTER_NAME.test(c.stem.slice(dot + 1)))
        continue;
      let list = byName.get(name);
      if (list === undefined) byName.set(name, (list = []));
      list.push(kw);
    }
    const out: Array<[string, PathNode<E>]> = [];
    for (const [name, list] of byName) {
      const distinct = new Set(list.map(([k]) => k)).size;
      if (list.length > 64 || distinct < 2) continue;
      const ends = list.map(([, c]) => c.stem.slice(name.length + 1));
      const valueLike = (e: string): boolean => variableSegment(e) !== null || softValue(e) || randomId(e);
      // Two ends are enough when both are value-like by their shape (as two value-like names are, "Templating" 3).
      if (distinct < this.s.similarThreshold && !ends.every(valueLike)) continue;
      // Method names in camelCase (`postMessage`, `lookupByEmail`): most ends shaped so are an RPC namespace's methods.
      if (2 * ends.filter((e) => CAMEL_VERB.test(e) && !valueLike(e)).length > ends.length) continue;
      const shaped = ends.some(valueLike);
      // Actions answer only POST, each asked for as an endpoint is; one action's values are asked for as one endpoint (postedAsOneEndpoint).
      if (!shaped && list.some(([, c]) => postOnlyLeaf(c)) && !this.postedAsOneEndpoint(list)) continue;
      let ok = true;
      for (let i = 0; ok && i < list.length; i++) {
        let evidence = shaped;
        for (let j = 0; ok && j < list.length; j++) {
          if (i === j || list[i][0] === list[j][0]) continue;
          const l = this.alike(list[i][1], list[j][1], LIKENESS_DEPTH);
          if (l.contradicted) ok = false;
          else if (l.shapes > 0 || sharedItemMethod(list[i][1], list[j][1])) evidence = true;
        }
        if (!evidence) ok = false;
      }
      if (ok) out.push(...list);
    }
    return out;
  }

  /**
   * Two values joined by a dot, neither proven by its shape (`/document/ember-maple-937.q5cy12zs`,
   * `/collection/pending.private`: OpenAPI `/{collection_id}.{content_type}` with enum words or short ids for
   * both): the literal children `head.tail` (one dot, no format suffix) not answering only POST, whose heads and
   * tails cross (the cross product of two parameters' values, as pairsOfWords asks of `:`): two distinct heads or
   * more and two tails or more, one head with two tails and one tail with two heads, `path_similar_threshold`
   * distinct segments or more, one of them seen once and fewer requests per segment than the host's endpoints
   * get on average (spreadThin), no two contradicting each other. Only under a word or a parameter (the caller):
   * dotted names under the root, a version or an API prefix are RPC methods (`/api/users.list`,
   * `/api/channels.list`, `/api/users.info`). Beside values without a dot (`bob98`, `nina33`), dotted words are
   * names with a dot (`kim.willow`, `kim.north`), values of that parameter. Heads with ends of their own that cross no other head
   * (`processed.archived`, `processed.weekly`) are one name's ends (endsOfOneName). docs/api-discovery.md
   * "Suffixes after values (branch i19-suffix, fifteenth session)".
   */
  private dottedPairsOfWords(children: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const pairs: Array<{ kw: [string, PathNode<E>]; head: string; tail: string }> = [];
    for (const kw of children) {
      const [key, c] = kw;
      if (key.startsWith(VAR) || c.suffix !== '' || c.version || postOnlyLeaf(c) || key.includes(':')) continue;
      const dot = c.stem.indexOf('.');
      if (dot < 1 || dot !== c.stem.lastIndexOf('.') || dot === c.stem.length - 1) continue;
      const head = c.stem.slice(0, dot);
      const tail = c.stem.slice(dot + 1);
      if (!pairHalf(head) || !pairHalf(tail)) continue;
      pairs.push({ kw, head, tail });
    }
    if (pairs.length > 64) return [];
    // Values without a dot beside them (`bob98`, `nina33` beside `kim.willow`, `kim.north`): the dots are inside names.
    for (const [key, c] of children)
      if (key.startsWith(VAR) ? !suffixOfKey(key.slice(1)).startsWith(PAIR_KEY) : (c.soft || c.weak) && !c.stem.includes('.'))
        return [];
    // Halves joined: the pairs connected through a shared head or tail, one crossing component at a time.
    const out: Array<[string, PathNode<E>]> = [];
    const seen = new Set<number>();
    for (let s = 0; s < pairs.length; s++) {
      if (seen.has(s)) continue;
      const part = [s];
      seen.add(s);
      for (let i = 0; i < part.length; i++)
        for (let j = 0; j < pairs.length; j++)
          if (!seen.has(j) && (pairs[j].head === pairs[part[i]].head || pairs[j].tail === pairs[part[i]].tail)) {
            seen.add(j);
            part.push(j);
          }
      const members = part.map((i) => pairs[i]);
      const { tailsOf, headsOf } = halvesOf(members);
      const segments = new Set(members.map((p) => p.kw[0])).size;
      // Connected with two heads and two tails or more: some head has two tails and some tail two heads (crossed).
      if (tailsOf.size < 2 || headsOf.size < 2 || segments < this.s.similarThreshold) continue;
      let hits = 0;
      let once = false;
      for (const p of members) {
        hits += p.kw[1].hits;
        if (p.kw[1].hits === 1) once = true;
      }
      if (!this.spreadThin(members.length, hits, once)) continue;
      if (this.alikeAmong(members.map((p) => p.kw)) === null) continue;
      out.push(...members.map((p) => p.kw));
    }
    return out;
  }

  /**
   * Ends of one name (endsOfOneName) answering only POST, all of them, requested as one endpoint's values are:
   * fewer requests per end than the host's endpoints get on average (`POST /document.incoming`, `.published`,
   * `.weekly`: one create, its calls spread over the format's values). An RPC namespace's actions
   * (`POST /chat.update`, `/chat.delete`, `/chat.unfurl`) are each asked for as an endpoint is. The answers'
   * likeness is endsOfOneName's own test. docs/api-discovery.md "Enum words pooled over a parameter's values
   * (branch i19-enum3)".
   */
  private postedAsOneEndpoint(ends: Array<[string, PathNode<E>]>): boolean {
    let hits = 0;
    for (const [, c] of ends) {
      if (!postOnlyLeaf(c)) return false;
      hits += c.hits;
    }
    return this.belowAverage(hits, ends.length);
  }

  /**
   * Two names joined by a colon (`/worker/aspentiger:public`, `/worker/maple-orbit:secondary`,
   * `x86_64:sam.jensen`): a compound key, the two values of a pair (`/worker/{id}:{worker_id}`), when
   * both halves vary at the position: two distinct heads or more, two distinct tails or more,
   * `path_similar_threshold` distinct combinations, and one head at least with two tails and one tail at
   * least with two heads (the cross product of two parameters' values) unless a tail cannot be a custom
   * method (`sam.jensen`, `FelixGarcia`: not a camelCase verb). A custom method is a verb
   * after an item (`/things/alpha:cancel`, Google's `name:verb`, "Templating" 1): written with POST (so
   * no candidate may answer POST), named in camelCase (`batchGet`: none may be), one tail on many heads,
   * and different methods answer otherwise
   * (two names whose tails differ must not contradict each other). Halves proven values by their shape
   * are pairs already (parseSegment); a segment with a format suffix or a second colon is left out.
   * docs/api-discovery.md "Key names before their values, pairs of words".
   */
  private pairsOfWords(children: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const pairs: Array<{ kw: [string, PathNode<E>]; head: string; tail: string }> = [];
    for (const kw of children) {
      const [key, c] = kw;
      if (key.startsWith(VAR) || (c.suffix !== '' && c.suffix.charCodeAt(0) !== 58)) continue;
      const colon = key.indexOf(':');
      if (colon < 1 || colon === key.length - 1 || key.indexOf(':', colon + 1) >= 0) continue;
      if (c.methods?.has('POST') === true) return [];
      const tail = key.slice(colon + 1);
      // A verb phrase in camelCase (`batchGet`, `getIamPolicy`) is a method's name, never a value.
      if (CAMEL_VERB.test(tail)) return [];
      pairs.push({ kw, head: key.slice(0, colon), tail });
    }
    if (new Set(pairs.map((p) => p.kw[0])).size < this.s.similarThreshold) return [];
    const { tailsOf, headsOf } = halvesOf(pairs);
    if (tailsOf.size < 2 || headsOf.size < 2) return [];
    // Tails that cannot be a custom method (`sam.jensen`, `FelixGarcia`, `x86-64`) are values; verb-shaped tails
    // (`public`, `secondary`) need the cross product.
    const crossed = [...tailsOf.values()].some((t) => t.size >= 2) && [...headsOf.values()].some((h) => h.size >= 2);
    if (!crossed && pairs.every((p) => CUSTOM_METHOD.test(p.tail))) return [];
    const list = pairs.length > 64 ? pairs.slice(0, 64) : pairs;
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        if (list[i].tail !== list[j].tail && this.alike(list[i].kw[1], list[j].kw[1], LIKENESS_DEPTH).contradicted) return [];
    return pairs.map((p) => p.kw);
  }

  /**
   * Words under a segment that names a key (keyNameNode: `/media/shortcode/archived`,
   * `/partitionKeyRangeId/primary/metrics`, `/users/byName/anna`): the segment says that the next one
   * is the key's value, so the words there are values even under a singular word, read-only and with
   * nothing else to compare (enum words, names). Two distinct words or more, or one beside a value
   * child; none answering only POST (an action: `POST /api/key/rotate`), none a collection of its own
   * (a value child below it: `/api/key/versions/12`); every two share a method or a sub-resource
   * (`GET /api/key/status` beside `POST /api/key/rotate` shares neither) and none contradicts another
   * or the values beside it. docs/api-discovery.md "Key names before their values, pairs of words".
   */
  private valuesAfterKeyName(words: Array<[string, PathNode<E>]>, values: Array<PathNode<E>>): Array<[string, PathNode<E>]> {
    const names = words.filter(([, w]) => !postOnlyLeaf(w) && !hasValueChild(templateChildren(w)));
    // One word alone and no value beside it stays literal: judge() keeps only pairs there (`/shortcode/archived`).
    if (names.length === 0) return [];
    const all = [...names.map(([, w]) => w), ...values];
    for (const [, w] of names) {
      for (const o of all) {
        if (o === w) continue;
        if (!sharesMethodOrChild(w, o) || this.alike(w, o, LIKENESS_DEPTH).contradicted) return [];
      }
    }
    return names;
  }

  /**
   * Slugs of two words or more (`south-winter`, `light-with-open`: how sites write names, values.ts
   * SLUG_WORDS) that answer like the titles judged values (titlesLeft) and the value child: more of
   * the values (`/scheduled_statuses/south-winter` read, replaced and deleted as
   * `/scheduled_statuses/the-night-kitchen` is). Titles are judged after the words' own rules, so the
   * slugs those rules left are compared with them here: evidence (alike answers, sub-resources in
   * common), contradicting fewer than a third of the values, not hot, not a collection of its own;
   * beside a value child also written as an item as the values are (PUT, PATCH or DELETE in common).
   * The API's vocabulary beside items is a word (`/posts/latest`, `DELETE /users/me`) or a read-only
   * page (`/videos/most-viewed`).
   */
  private slugsLikeTitles(
    words: Array<[string, PathNode<E>]>,
    joined: Array<[string, PathNode<E>]>,
    vars: Array<PathNode<E>>,
  ): Array<[string, PathNode<E>]> {
    if (!joined.some(([, c]) => c.title)) return [];
    const taken = new Set(joined.map(([k]) => k));
    const members = [...vars, ...joined.map(([, c]) => c)];
    const membersHaveValues = members.some((m) => hasValueChild(templateChildren(m)));
    const out: Array<[string, PathNode<E>]> = [];
    for (const [key, w] of words) {
      if (taken.has(key) || w.title || !slugWords(w.stem)) continue;
      if (this.hotBesideValues(w, members)) continue;
      if (!membersHaveValues && hasValueChild(templateChildren(w))) continue;
      if (vars.length > 0 && !members.some((m) => sharedItemMethod(m, w))) continue;
      const { evidence, contradicted } = this.againstValues(w, members);
      if (3 * contradicted < members.length && evidence > 0) out.push([key, w]);
    }
    return out;
  }

  /**
   * Slugs of words (`winter-blue-tips-great`, `north-a-lake`: values.ts slugWords) beside a value child that go where its
   * values go: no method the values do not answer, no literal sub-resource the values lack, answers alike (evidence,
   * contradicting fewer than a third of the values), not hot. SLUG_SIBLINGS of them or more are more of the values
   * (a name or a title slug of a record, `/players/winter-blue-tips-great`); the API's vocabulary beside ids is one
   * word (`/users/me`) or a page answering otherwise than an item (`/videos/most-viewed`, a list), and comes alone.
   */
  private slugsBesideValues(words: Array<[string, PathNode<E>]>, vars: Array<PathNode<E>>): Array<[string, PathNode<E>]> {
    const methods = new Set<string>();
    const below = new Set<string>();
    for (const v of vars) {
      for (const m of v.methods?.keys() ?? []) methods.add(m);
      for (const k of templateChildren(v).keys()) if (!k.startsWith(VAR)) below.add(k);
    }
    const out = words.filter(
      ([, w]) =>
        slugWords(w.stem) &&
        [...(w.methods?.keys() ?? [])].every((m) => methods.has(m)) &&
        [...templateChildren(w).keys()].every((k) => below.has(k)) &&
        !this.hotBesideValues(w, vars) &&
        this.slugAlike(w, vars),
    );
    return new Set(out.map(([, w]) => w.stem)).size >= SLUG_SIBLINGS ? out : [];
  }

  /** A slug answering as the values do: evidence for it, and fewer than a third of them against it. */
  private slugAlike(w: PathNode<E>, vars: Array<PathNode<E>>): boolean {
    const { evidence, contradicted } = this.againstValues(w, vars);
    return evidence > 0 && 3 * contradicted < vars.length;
  }

  /**
   * Words beside a position's values (value children, names judged values) that lead to the same value-like names as
   * the values do: `/build/project-ocean/anna69/…`, `/build/project-ocean/oliver54/…` beside `/build/{project}/anna69/…`
   * and `/build/{project}/oliver54/…` (repositories of projects). The names below a value are the next parameter's
   * values, and a pool of them recurring under a word is that word being one more value of the first parameter. The
   * API's vocabulary beside items has sub-resources (`/users/me/keys`, words) or items of its own, never the values'
   * own next values. Needs SUB_RESOURCE_NAMES value-like names (softValue, weakValue, titleSlug) in common with the
   * values' children, half of the word's children or more among the values' children, two values or more, the word
   * not hot, not a collection (a plural) and contradicting fewer than a third of the values.
   * docs/api-discovery.md "Names before the values' own values".
   */
  private namesBeforeTheValuesValues(
    words: Array<[string, PathNode<E>]>,
    joined: Array<[string, PathNode<E>]>,
    vars: Array<PathNode<E>>,
  ): Array<[string, PathNode<E>]> {
    const members = [...vars, ...joined.map(([, c]) => c)];
    if (members.length < 2) return [];
    const below = new Set<string>();
    for (const m of members) for (const k of m.children?.keys() ?? []) if (!k.startsWith(VAR)) below.add(k);
    if (below.size < SUB_RESOURCE_NAMES) return [];
    const out: Array<[string, PathNode<E>]> = [];
    for (const [key, w] of words) {
      if (w.children === null || collectionWord(w) || this.hotBesideValues(w, members)) continue;
      let valueLike = 0;
      let common = 0;
      let literal = 0;
      for (const [k, c] of w.children) {
        if (k.startsWith(VAR)) continue;
        literal++;
        if (!below.has(k)) continue;
        common++;
        if (foldable(c.stem)) valueLike++;
      }
      if (valueLike < SUB_RESOURCE_NAMES || 2 * common < literal) continue;
      if (3 * this.againstValues(w, members).contradicted < members.length) out.push([key, w]);
    }
    return out;
  }

  /**
   * A word against a position's values: how many it contradicts, and the evidence (alike answers, structure) from the
   * others. Where no answer or body compares, the query names sent are evidence too (the values' operation takes one
   * query schema: `/projects-v1/PeterRossi?excludeAllowedReviewers=` beside `jack20`'s), never against the word, and
   * only against values that are names (user names, titles, keys): beside ids (a value child, random ids:
   * `/comments/Zq5xqGSbM5a?render=`) a word sharing the query is the API's vocabulary (`/comments/general?render=`),
   * as a word beside numbers is.
   */
  private againstValues(w: PathNode<E>, members: Array<PathNode<E>>): { evidence: number; contradicted: number } {
    let evidence = 0;
    let contradicted = 0;
    for (const m of members) {
      const a = this.alike(m, w, LIKENESS_DEPTH, false, !m.value && !m.random);
      if (a.contradicted) contradicted++;
      else evidence += a.shapes + a.structure;
    }
    return { evidence, contradicted };
  }

  /**
   * Words of `words` that are codes like the value-like `soft` beside them (docs/api-discovery.md "… (branch i19-ids3)"):
   * CODE_SIBLINGS codes or more there (values.ts codeShape: `KYPhuPWG`, `RoqVdE`, `5DW44JZo`), and the word in their
   * alphabet (codeShape), as long as they are give or take one character, and going where they go (followsCodes:
   * `CDVei0/release`, `DELETE /keys/BujgNi`, `GET /media/lvs4wqix` answering as they do). A generated id
   * is a code whatever its letters spell (`BujgNi`, `iDiey3`: one in seven 6-character base62 ids reads so); a name beside
   * codes is a word (`/links/stats`), camelCase (`getStats`) or capitalised words (`GitHub`), or leads elsewhere.
   */
  private codesAmongCodes(
    soft: ReadonlyArray<[string, PathNode<E>]>,
    words: ReadonlyArray<[string, PathNode<E>]>,
  ): Array<[string, PathNode<E>]> {
    if (this.s.similarThreshold === 0 || words.length === 0) return [];
    const codes = soft.filter(([, c]) => codeShape(c.stem)).map(([, c]) => c);
    if (new Set(codes.map((c) => c.stem)).size < CODE_SIBLINGS) return [];
    let shortest = Infinity;
    let longest = 0;
    const below = new Set<string>();
    for (const c of codes) {
      shortest = Math.min(shortest, c.stem.length);
      longest = Math.max(longest, c.stem.length);
      for (const k of templateChildren(c).keys()) if (!k.startsWith(VAR)) below.add(k);
    }
    return words.filter(
      ([, w]) =>
        codeShape(w.stem) && w.stem.length >= shortest - 1 && w.stem.length <= longest + 1 && this.followsCodes(w, codes, below),
    );
  }

  /**
   * Whether `w` goes where `codes` go: its sub-resources all among theirs (`below`), an item method in common, or, unless
   * its one digit sits where a name puts it (values.ts nameDigit: `OAuth2`, `s3Bucket` read beside the items), an answer
   * alike or a read answering nothing to compare as theirs do (`GET /media/lvs4wqix` beside `SXfnpgKbL`, JSON strings).
   */
  private followsCodes(w: PathNode<E>, codes: ReadonlyArray<PathNode<E>>, below: ReadonlySet<string>): boolean {
    if (leadsAmong(w, below) || codes.some((c) => sharedItemMethod(c, w))) return true;
    if (nameDigit(w.stem)) return false;
    const unread = readOnlyLeaf(w) && this.shapeless(w);
    return codes.some((c) => this.answersAlike(c, w) || (unread && c.methods?.has('GET') === true && this.shapeless(c)));
  }

  /** Whether `a` and `b` answer a method in common alike and contradict nowhere (alike, the answers only). */
  private answersAlike(a: PathNode<E>, b: PathNode<E>): boolean {
    const l = this.alike(a, b, 0);
    return l.shapes > 0 && !l.contradicted;
  }

  /**
   * Titles among `words` (values.ts titleSlug: `how-to-bake-bread`, `notes-from-a`) that the words'
   * rules did not take: value-like names, joined to `joined` as value-like names join (one that
   * contradicts most of the values judged so far stays a word; without values, the first title
   * starts them). A title among resource names is judged with them first, so the names' evidence
   * (sub-resources in common, alike answers) is not split between two pools. Returns how many
   * titles the position has (for the rule on one value-like name alone).
   */
  private titlesLeft(
    words: Array<[string, PathNode<E>]>,
    joined: Array<[string, PathNode<E>]>,
    vars: Array<PathNode<E>>,
    /** The position is right under the root, a version or an API prefix (wordParent null): phraseAtTheBase. */
    base = false,
  ): number {
    let titles = 0;
    const taken = new Set<string>();
    for (const [k] of joined) taken.add(k);
    const members: Array<PathNode<E>> = [...vars, ...joined.map(([, c]) => c)];
    for (const [key, c] of words) {
      if (!c.title) continue;
      titles++;
      if (taken.has(key)) continue;
      if (base && this.phraseAtTheBase(c)) continue;
      let contradicted = 0;
      for (const m of members) if (this.alike(m, c, LIKENESS_DEPTH).contradicted) contradicted++;
      if (2 * contradicted <= members.length - (vars.length > 0 ? 1 : 0) || (members.length > 0 && contradicted === 0)) {
        members.push(c);
        joined.push([key, c]);
      }
    }
    return titles;
  }

  /**
   * Right under the root, a version or an API prefix, a title that is not a value there: a leaf. Words there are
   * resource names, and the values are tenants or accounts (`/api/v1/{account_slug}/members`), each with a subtree; a
   * leaf named by a phrase (`POST /order-ready-for-preparation-async`, `PUT /order-is-ready-for-pickup` beside
   * `/{tenant}/orders/…`) is the name of one of the API's own operations, a webhook's event or an action. Items written
   * by name under the base (Google's `/v1/{name}`) are judged as words (itemLeavesUnderTheBase).
   * docs/api-discovery.md "Action names and short opaque ids (branch i19-actions)".
   */
  private phraseAtTheBase(title: PathNode<E>): boolean {
    return title.children === null;
  }

  /**
   * Beside a value child, words whose sub-resources are all sub-resources of the values (the value
   * child's and the names already judged values: `/dashboard/{id}/charts`, `/dashboard/{id}/datasets`;
   * `/dashboard/sales-q3/charts`, `/dashboard/ops-board/datasets`) are more of its values when
   * `path_similar_threshold` of them do so and none contradicts the values' answers. Vocabulary
   * words have sub-resources of their own (`/users/search/suggestions`) or none (`/users/me`).
   */
  private subResourcesOfValues(
    words: Array<[string, PathNode<E>]>,
    values: Array<PathNode<E>>,
    least = this.s.similarThreshold,
  ): Array<[string, PathNode<E>]> {
    const known = new Set<string>();
    for (const v of values) for (const k of templateChildren(v).keys()) if (!k.startsWith(VAR)) known.add(k);
    if (known.size === 0) return [];
    const out = words.filter(([, w]) => {
      const mine = [...templateChildren(w).keys()];
      if (mine.length === 0 || !mine.every((k) => known.has(k))) return false;
      return values.every((v) => !this.alike(v, w, LIKENESS_DEPTH).contradicted);
    });
    return new Set(out.map(([, w]) => w.stem)).size >= least ? out : [];
  }

  /**
   * In a collection, beside a value child, leaf words written as items like the values are
   * (`/filters/{id}` answering GET and DELETE; `/filters/notes-station`, `/filters/travel-old-golden`,
   * `/filters/my-with-best-guide` answering DELETE too) are more of its values when
   * `path_similar_threshold` distinct ones do so, none contradicts the values' answers and none is hot.
   * Vocabulary words in a collection are read (`/users/me`, `/servers/actions`), or one or two at most.
   */
  private itemLeavesOfValues(words: Array<[string, PathNode<E>]>, vars: Array<PathNode<E>>): Array<[string, PathNode<E>]> {
    if (vars.length === 0) return [];
    const out = words.filter(
      ([, w]) =>
        w.children === null &&
        !this.hotBesideValues(w, vars) &&
        vars.every((v) => !this.alike(v, w, LIKENESS_DEPTH).contradicted) &&
        vars.some((v) => sharedItemMethod(v, w) || this.alike(v, w, LIKENESS_DEPTH).shapes > 0),
    );
    return new Set(out.map(([, w]) => w.stem)).size >= this.s.similarThreshold ? out : [];
  }

  /**
   * Names whose subtrees have one shape, pooled over every raw node of the position (the same name
   * under several of a parameter's values: `/project/{user}/daily/envvar`, `/project/{other}/daily/{build}`):
   * each value of a parameter leads to the same sub-resources, with the same methods, while
   * resources differ in theirs. Per name, the features pooled are its methods, its children (a value
   * child or a value-like name as `{}`) and, one level down, their methods and children. Two names
   * are alike when they share `SHAPE_FEATURES` features, one of them a literal sub-resource, their
   * features overlap by half or more of the smaller set and no raw pair of them answers differently;
   * `path_similar_threshold` distinct names alike with one another are values. Plurals are
   * collections (`/users/{id}/repos/{r}`, `/users/{id}/keys/{k}` have one shape too) and leaves
   * answering only POST are actions: both left out.
   */
  private namesOfOneShape(words: Array<[string, PathNode<E>]>, subResources = 1, direct = false): Array<[string, PathNode<E>]> {
    const pooled = pooledShapes(words);
    const keys = [...pooled.keys()];
    if (keys.length < this.s.similarThreshold) return [];
    const list = keys.length > 64 ? keys.slice(0, 64) : keys;
    const alike = (x: string, y: string): boolean => {
      const a = pooled.get(x)!;
      const b = pooled.get(y)!;
      const { common, named } = featuresInCommon(a.features, b.features, direct);
      if (common < SHAPE_FEATURES || named < subResources || 2 * common < Math.min(a.features.size, b.features.size))
        return false;
      return this.answersAgree(a.nodes, b.nodes) && this.subtreesAgree(a.nodes, b.nodes);
    };
    const k = list.length;
    const like = likenessMatrix(k, (i, j) => alike(list[i], list[j]), false);
    // Every pool of names alike among themselves, the largest first (`/api/v1/{account}/members` and
    // `/api/v1/{account}/builds/status`: accounts seen with one part of the subtree or another), while the next
    // pool answers like the names taken (no raw pair answering differently).
    const taken = new Set<string>();
    const left = new Set(list.keys());
    for (;;) {
      const ids = [...left];
      const best = largestCluster(
        ids.length,
        alikeWithEvery((i, j) => like[ids[i]][ids[j]]),
      ).map((i) => ids[i]);
      if (best.length < this.s.similarThreshold) break;
      const clash = best.some((i) =>
        [...taken].some((t) =>
          pooled.get(t)!.nodes.some((a) => pooled.get(list[i])!.nodes.some((b) => this.alike(a, b, 0).contradicted)),
        ),
      );
      if (clash) break;
      for (const i of best) {
        taken.add(list[i]);
        left.delete(i);
      }
    }
    return words.filter(([key]) => taken.has(key));
  }

  /**
   * Names right under the root, a version or an API prefix that each hold items and share a whole subtree
   * of collections (`/api/v2.0/active/strains`, `/api/v2.0/public/strains`, `…/weekly/strains`, each with
   * `schemes`, `traces`, `assemblies` and items `/{id}`): the databases or tenants of one API, a parameter. A
   * resource name there has its items below it and a subtree of its own; resources of one framework share
   * their actions and pages (`/chart/_info`, `/chart/related`, `/chart/export` beside `/dashboard/_info`...),
   * not collections, and plurals are collections themselves (namesOfOneShape leaves them out). So names with
   * a value child are values only with HOLDER_COLLECTIONS distinct collections (plural words) of their own in
   * common, of one shape and answering alike (namesOfOneShape). docs/api-discovery.md "A second
   * tuning set, tuning-2".
   */
  /**
   * Under the root, a version or an API prefix, leaves written as items (DELETE, PUT or PATCH on the word, read or
   * not) and never posted to, `path_similar_threshold` distinct words or more answering alike (wordClusters, as in a
   * collection): one item position, Google's `/v1/{name}` (`/admin/directory/v1/theme`, `/v1/jackkowalski`), where a
   * resource's full name is one path parameter. A resource name there lists and creates (`POST /v1/users`) or has a
   * subtree of its own; a singleton (`PATCH /v1/account`, `PUT /v1/settings`) answers a shape of its own, which the
   * cluster's likeness test separates. docs/api-discovery.md "… (branch i19-ids2)".
   */
  private itemLeavesUnderTheBase(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const items = words.filter(([, w]) => w.children === null && itemMethods(w) && !w.methods!.has('POST') && !this.eventLeaf(w));
    if (new Set(items.map(([k]) => k)).size < this.s.similarThreshold) return [];
    return this.wordClusters(items, 'plural');
  }

  /**
   * A leaf only written by PUT whose name is a sentence (values.ts eventPhrase: `PUT /driver-at-restaurant`,
   * `PUT /driver-assigned-to-delivery`): an event a webhook API is told of, the operation's own name, not an item written
   * by name under the base (itemLeavesUnderTheBase), which is a noun and is read or deleted too.
   * docs/api-discovery.md "Action names and short opaque ids (branch i19-actions)".
   */
  private eventLeaf(w: PathNode<E>): boolean {
    return w.methods !== null && w.methods.size === 1 && w.methods.has('PUT') && eventPhrase(w.stem);
  }

  private holdersOfOneSubtree(holders: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const collections = new Map<PathNode<E>, Set<string>>();
    for (const [, w] of holders) {
      const own = new Set<string>();
      for (const [k, c] of w.children ?? []) if (!k.startsWith(VAR) && c.suffix === '' && collectionWord(c)) own.add(k);
      collections.set(w, own);
    }
    const shared = (a: Set<string>, b: Set<string>): number => {
      let n = 0;
      for (const k of a) if (b.has(k)) n++;
      return n;
    };
    const kept = holders.filter(
      ([, w]) =>
        holders.filter(([, o]) => o !== w && shared(collections.get(w)!, collections.get(o)!) >= HOLDER_COLLECTIONS).length >=
        this.s.similarThreshold - 1,
    );
    return this.namesOfOneShape(kept);
  }

  /**
   * Whether the answers of two names themselves and of their items (value children) agree more often
   * than they differ, over every raw pair (sub-resources such as `/log` may answer alike across resources).
   */
  private answersAgree(as: Array<PathNode<E>>, bs: Array<PathNode<E>>): boolean {
    let shapes = 0;
    let conflicts = 0;
    for (const na of as)
      for (const nb of bs) {
        const own = this.alike(na, nb, 0);
        const va = valueChildOf(na);
        const vb = valueChildOf(nb);
        const items = va !== null && vb !== null ? this.alike(va, vb, 0) : own;
        shapes += own.shapes + (items === own ? 0 : items.shapes);
        conflicts += own.conflicts + (items === own ? 0 : items.conflicts);
      }
    return conflicts <= shapes;
  }

  /**
   * Whether two names' answers at the same places below them (`/listing/car/{id}` and `/dealer/car/{id}`) differ no more
   * often than they agree, over every raw pair: a parameter's values lead to one subtree, each place in it one
   * operation answering one shape; resources that share a vocabulary of sub-resources (`car`, `uk`) each answer their own.
   */
  private subtreesAgree(as: Array<PathNode<E>>, bs: Array<PathNode<E>>): boolean {
    let shapes = 0;
    let conflicts = 0;
    for (const na of as)
      for (const nb of bs) {
        const below = this.alike(na, nb, LIKENESS_DEPTH);
        shapes += below.shapes;
        conflicts += below.conflicts;
      }
    return conflicts <= shapes;
  }

  /**
   * Two distinct words in a collection with no value child (`/nodes/active`, `/nodes/weekly`), pooled
   * over every raw node of the position (`/families/{id}/variants/x` under several families): values
   * of one parameter when both are items answering alike (a DELETE, PUT or PATCH in common, alike JSON,
   * leaves), or when their subtrees have one shape (the same methods and sub-resources: two literal
   * sub-resources in common, or one and an item method in common; half or more of the larger set of
   * features, answers that do not differ). Value-like names beside them (`/attributes/pine_river_65/options`)
   * are more evidence when no word contradicts them. Vocabulary words in a collection are read-only
   * leaves (`/users/me`, `/users/search`) or have subtrees of their own.
   */
  private twoWordsInCollection(
    rest: Array<[string, PathNode<E>]>,
    members: Array<PathNode<E>>,
    collection: boolean,
  ): Array<[string, PathNode<E>]> {
    if (rest.length < 2 || new Set(rest.map(([k]) => k)).size !== 2) return [];
    const pooled = pooledShapes(rest);
    if (pooled.size !== 2) return [];
    const [a, b] = [...pooled.values()];
    for (const w of [...a.nodes, ...b.nodes])
      for (const m of members) if (this.alike(m, w, LIKENESS_DEPTH).contradicted) return [];
    let shapes = 0;
    let conflicts = 0;
    let items = false;
    for (const na of a.nodes)
      for (const nb of b.nodes) {
        const l = this.alike(na, nb, LIKENESS_DEPTH, true);
        shapes += l.shapes;
        conflicts += l.conflicts;
        items ||= sharedItemMethod(na, nb);
      }
    if (conflicts > shapes) return [];
    const leaves = [...a.nodes, ...b.nodes].every((n) => n.children === null);
    if (leaves) return collection && items && shapes > 0 ? rest : [];
    const { common, named } = featuresInCommon(a.features, b.features, false);
    const oneShape =
      common >= SHAPE_FEATURES &&
      (named >= 2 || (named >= 1 && items)) &&
      2 * common >= Math.max(a.features.size, b.features.size) &&
      this.answersAgree(a.nodes, b.nodes);
    return oneShape ? rest : [];
  }

  /**
   * Two parameters in a row under a collection (`/tables/floats/{tableName}/{index}`): names that
   * each answer and have a value child of their own look like collections of their own
   * (`/ios/analogInputs/{name}`, `/ios/digitalInputs/{name}`), but collections are of different
   * resources and answer differently, at their list or at their items. Names that answer alike both
   * themselves and at their value children (a method in common with alike JSON at each level, no
   * answer that differs) are values of one parameter when `path_similar_threshold` distinct ones do.
   */
  private namesBeforeValues(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    // Collections are named by plurals (`floats`, `int32s`, `analogInputs`), whose lists may answer alike.
    const candidates = words.filter(
      ([, w]) => w.methods !== null && w.methods.size > 0 && valueChildOf(w) !== null && !collectionWord(w),
    );
    // A name with views of its own (`/schedule_a/by_state`, `/schedule_a/by_zip` that no sibling has) is a resource of its own.
    const own = namesWithOwnViews(candidates);
    const list = own.size === 0 ? candidates : candidates.filter(([key]) => !own.has(key));
    // Pooled by name: a position covering several raw nodes sees each name under a few of them, with a few methods each.
    const byName = new Map<string, Array<PathNode<E>>>();
    for (const [key, w] of list) {
      const nodes = byName.get(key);
      if (nodes === undefined) byName.set(key, [w]);
      else nodes.push(w);
    }
    const names = [...byName.keys()];
    if (names.length < this.s.similarThreshold) return [];
    const twins = (as: Array<PathNode<E>>, bs: Array<PathNode<E>>): number => {
      let own = 0;
      let items = 0;
      let conflicts = 0;
      let itemConflicts = 0;
      for (const a of as)
        for (const b of bs) {
          if (this.alike(a, b, LIKENESS_DEPTH, true).contradicted) return -1;
          const o = this.alike(a, b, 0);
          own += o.shapes;
          conflicts += o.conflicts;
          // Every item of one against every item of the other: each item is called with a few methods only.
          for (const x of valueChildrenOf(a))
            for (const y of valueChildrenOf(b)) {
              const l = this.alike(x, y, LIKENESS_DEPTH);
              items += l.shapes;
              itemConflicts += l.conflicts;
            }
        }
      return own > 0 && items > 0 && conflicts <= own && itemConflicts <= items ? 1 : 0;
    };
    const k = names.length > 64 ? 64 : names.length;
    const like = likenessMatrix(k, (i, j) => twins(byName.get(names[i])!, byName.get(names[j])!), 0);
    const best = largestCluster(k, linkedWithoutConflict(like));
    if (best.length < this.s.similarThreshold) return [];
    const taken = new Set(best.map((i) => names[i]));
    return list.filter(([key]) => taken.has(key));
  }

  /**
   * Under a singular word, names that only lead to a value (no answer of their own, no word below them:
   * `/sales_tax/jdubois/{id}`, `/sales_tax/sam.smith/{id}`) whose items answer alike
   * are one parameter's values before the next (`/sales_tax/{country}/{jurisdiction}`), the way
   * `/entry-types/Artist/{id}` is under a collection word. Singular resource names under a singular word
   * (`/admin/user/{id}`, `/admin/group/{id}`) lead to items of their own that answer otherwise; plurals
   * are collections; names whose items have a sub-resource no other has are resources of their own
   * (wordsOfTheirOwn). Needs a value-like name among them judged a value already (`joined`: `sam.smith`;
   * words alone there may be resource names in the singular, `/search/user/{q}`, `/search/group/{q}`,
   * whose results answer alike) and `path_similar_threshold` distinct names in all, linked by items
   * answering alike (JSON to a method both answer) or written alike (DELETE, PUT, PATCH on both), at
   * least one pair by JSON, answers that differ no more often than they agree.
   */
  private enumBeforeValues(
    words: Array<[string, PathNode<E>]>,
    joined: Array<[string, PathNode<E>]>,
    notHolders: Set<string>,
  ): Array<[string, PathNode<E>]> {
    const holder = ([k, w]: [string, PathNode<E>]): boolean =>
      !notHolders.has(k) && valueChildOf(w) !== null && !collectionWord(w);
    const candidates = words.filter(holder);
    if (candidates.length === 0) return [];
    // A name shaped like a value among them (`sam.smith`, judged a value already) says the position holds values:
    // words alone there may be singular resource names (`/search/user/{q}`, `/search/group/{q}`) answering alike.
    const shaped = joined.filter(holder);
    if (shaped.length === 0) return [];
    const pool = [...shaped, ...candidates];
    const own = wordsOfTheirOwn(pool);
    // Pooled by name: a position covering several raw nodes sees a name under a few of them.
    const byName = new Map<string, Array<PathNode<E>>>();
    for (const [k, w] of pool) {
      if (own.has(k)) continue;
      const nodes = byName.get(k);
      if (nodes === undefined) byName.set(k, [w]);
      else nodes.push(w);
    }
    const names = [...byName.keys()].slice(0, 64);
    if (names.length < this.s.similarThreshold) return [];
    // -1: items answering otherwise; 2: items answering alike JSON; 1: items written alike only; 0: nothing to compare.
    // Every item of one against every item of the other (items are called with a few methods each, optional
    // fields make two answers of one schema differ now and then): answers that differ more often than they agree.
    const items = (as: Array<PathNode<E>>, bs: Array<PathNode<E>>): number => {
      let shapes = 0;
      let conflicts = 0;
      let written = 0;
      for (const a of as)
        for (const x of valueChildrenOf(a))
          for (const b of bs)
            for (const y of valueChildrenOf(b)) {
              const l = this.alike(x, y, LIKENESS_DEPTH);
              shapes += l.shapes;
              conflicts += l.conflicts;
              if (sharedItemMethod(x, y)) written++;
            }
      return conflicts > shapes ? -1 : shapes > 0 ? 2 : written > 0 ? 1 : 0;
    };
    const k = names.length;
    const like = likenessMatrix(k, (i, j) => items(byName.get(names[i])!, byName.get(names[j])!), 0);
    // Grown until nothing joins: a name linked to the cluster through a name that joined after it is one of them.
    const best = largestCluster(k, linkedWithoutConflict(like), true);
    if (best.length < this.s.similarThreshold || !best.some((i) => best.some((j) => like[i][j] === 2))) return [];
    const taken = new Set(best.map((i) => names[i]));
    return candidates.filter(([key]) => taken.has(key));
  }

  /**
   * Under a singular word, names that are each an item in a format (`/products/status/available.json`)
   * and the parent of the same sub-resources (`/products/status/available/count.json`,
   * `/products/status/disabled/count.json`): an item and its sub-resource, the values of one parameter
   * (`/status/{status}.json`, `/status/{status}/count.json`). A read-only word under a singular word is
   * not enough alone (`/user/login.json`); here the subtree has one shape, two names or more answer in a
   * format too, `path_similar_threshold` distinct names in all, and nothing answers otherwise (the
   * items, the sub-resources). Plurals are collections (`/shop/orders.json`, `/shop/orders/count.json`).
   * Returns the names (this position's words) and the keys of their items in the format.
   */
  private itemsInTwoRepresentations(
    words: Array<[string, PathNode<E>]>,
    children: Array<[string, PathNode<E>]>,
  ): { parents: Array<[string, PathNode<E>]>; items: string[] } {
    const none = { parents: [], items: [] };
    const parents = words.filter(
      ([, w]) =>
        w.children !== null &&
        (w.methods === null || w.methods.size === 0) &&
        !collectionWord(w) &&
        !hasValueChild(templateChildren(w)),
    );
    if (parents.length === 0) return none;
    const subResources = (w: PathNode<E>): string => [...templateChildren(w).keys()].sort().join('/');
    const shape = subResources(parents[0][1]);
    if (!parents.every(([, w]) => subResources(w) === shape)) return none;
    for (let i = 0; i < parents.length; i++)
      for (let j = i + 1; j < parents.length; j++)
        if (this.alike(parents[i][1], parents[j][1], LIKENESS_DEPTH).contradicted) return none;
    // The items in a format of those names (`available.json`), and items in that format answering alike that
    // were only seen so (`not-available.json`, its count not asked for): one parameter's values too.
    const stems = new Set(parents.map(([, w]) => w.stem));
    const formats = children.filter(([key, c]) => !key.startsWith(VAR) && c.suffix !== '' && c.methods?.has('GET') === true);
    const own = formats.filter(([, c]) => stems.has(c.stem));
    if (new Set(own.map(([, c]) => c.stem)).size < 2) return none;
    const items = [...own];
    for (const [key, c] of formats) {
      if (stems.has(c.stem) || c.suffix !== own[0][1].suffix) continue;
      let shapes = 0;
      for (const [, o] of own) {
        const l = this.alike(o, c, LIKENESS_DEPTH);
        if (l.contradicted) shapes = -Infinity;
        shapes += l.shapes;
      }
      if (shapes > 0) items.push([key, c]);
    }
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++)
        if (this.alike(items[i][1], items[j][1], LIKENESS_DEPTH).contradicted) return none;
    if (new Set([...stems, ...items.map(([, c]) => c.stem)]).size < this.s.similarThreshold) return none;
    return { parents, items: items.map(([k]) => k) };
  }

  /**
   * Under a collection, names whose children's names overlap (`/flags/annakowalski/oliver`,
   * `/flags/bdubois/oliver`, `/flags/bdubois/rosatanaka`, `/flags/tomgarcia/rosatanaka`) are values of
   * one parameter: items of a collection do not have sub-resources of their own names, and the same
   * names recurring under several of them are the next parameter's values (namesUnderNames). Needs
   * `path_similar_threshold` distinct names in the overlap, two distinct names recurring below, and
   * no two of the names answering differently themselves. Plurals below are left out (collections).
   */
  private namesOverNames(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const below = new Map<string, number>();
    const keysOf = (w: PathNode<E>): string[] =>
      // Raw names: a name's own decision may have made them values beside a value child (`/flags/bdubois/{id}`).
      [...(w.children ?? [])].filter(([k, c]) => !k.startsWith(VAR) && !collectionWord(c) && !postOnlyLeaf(c)).map(([k]) => k);
    const list = words.filter(([, w]) => w.children !== null && !collectionWord(w));
    for (const [, w] of list) for (const k of keysOf(w)) below.set(k, (below.get(k) ?? 0) + 1);
    const shared = new Set<string>();
    for (const [k, n] of below) if (n >= 2) shared.add(k);
    if (shared.size < 2) return [];
    const out = list.filter(([, w]) => keysOf(w).some((k) => shared.has(k)));
    if (new Set(out.map(([k]) => k)).size < this.s.similarThreshold) return [];
    // A name answering differently from a third of the others or more is not one of them (one odd answer is not enough).
    const kept = out.filter(([, a]) => {
      let contradicted = 0;
      for (const [, b] of out) if (a !== b && this.alike(a, b, 0).contradicted) contradicted++;
      return 3 * contradicted < out.length - 1;
    });
    return new Set(kept.map(([k]) => k)).size >= this.s.similarThreshold ? kept : [];
  }

  /**
   * Two name parameters in a row with names only below (`/flags/{projectKey}/{featureFlagKey}`): under
   * a parameter's values, the same names recurring under several of them (`oliver` under two
   * projects) are values of a second parameter, not sub-resources, when at least four distinct names
   * answer alike (wordCluster as under a collection) and two of them recur; names seen under one
   * value only join through the cluster. Sub-resources under a parameter are few and answer
   * differently (`/users/{id}/repos`, `/users/{id}/keys`).
   */
  private namesUnderNames(words: Array<[string, PathNode<E>]>, raws: number): Array<[string, PathNode<E>]> {
    // Plurals are collections of their own (`databaseAccounts/{a}/sqlDatabases`, `/mongodbDatabases`), recurring as vocabulary does.
    const names = words.filter(([, w]) => !postOnlyLeaf(w) && !collectionWord(w));
    const seen = new Map<string, number>();
    for (const [k] of names) seen.set(k, (seen.get(k) ?? 0) + 1);
    if (seen.size < Math.max(NAMES_UNDER_NAMES, this.s.similarThreshold)) return [];
    if (viewsOfItems(names, seen, raws)) return [];
    let recur = 0;
    for (const n of seen.values()) if (n >= 2) recur++;
    if (recur < 2) return [];
    const cluster = this.wordClusters(names, 'plural');
    const keys = new Set(cluster.map(([k]) => k));
    let clusterRecur = 0;
    for (const k of keys) if ((seen.get(k) ?? 0) >= 2) clusterRecur++;
    return keys.size >= NAMES_UNDER_NAMES && clusterRecur >= 2 ? cluster : [];
  }

  /**
   * GET-only names under a parameter (`/published/{project}/{repository}/{arch}/{binary}`, architectures
   * named by words): names that are not plurals, each seen under two raw nodes of the position or
   * more, read only (GET on the name and on its items), with nothing below them but items (value
   * children, value-like names, leaves) are values when `path_similar_threshold` distinct ones do so
   * and none contradicts another. A resource's vocabulary under a parameter is collections (plurals:
   * `/repos/{o}/{r}/branches/{b}`), written to, or has sub-resources of its own: one such word at the
   * position keeps every word there literal. docs/api-discovery.md
   * "Runs of name parameters".
   */
  private readOnlyNamesOverItems(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const readOnly = (n: PathNode<E>): boolean => n.methods === null || [...n.methods.keys()].every((m) => m === 'GET');
    const byName = new Map<string, Array<PathNode<E>>>();
    for (const [k, w] of words) {
      const only =
        !collectionWord(w) &&
        readOnly(w) &&
        [...(w.children ?? [])].every(([ck, c]) => (ck.startsWith(VAR) || c.soft) && c.children === null && readOnly(c));
      if (!only) return [];
      const nodes = byName.get(k);
      if (nodes === undefined) byName.set(k, [w]);
      else nodes.push(w);
    }
    const names = [...byName].filter(([, nodes]) => nodes.length >= 2);
    if (names.length < this.s.similarThreshold) return [];
    // Items below one name at least (an architecture's binaries), answers of their own for the others.
    if (!names.some(([, nodes]) => nodes.some((w) => w.children !== null))) return [];
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++)
        if (names[i][1].some((a) => names[j][1].some((b) => this.alike(a, b, LIKENESS_DEPTH).contradicted))) return [];
    const keys = new Set(names.map(([k]) => k));
    return words.filter(([k]) => keys.has(k));
  }

  /**
   * A run of name parameters (`/build/{project}/{repository}/{arch}/{package}`, every level named by
   * words): once names recurring under several of the parent's values are judged values
   * (namesUnderNames), a name left out of their pools is one more of them when it recurs too (under
   * two raw nodes or more), leads only where they lead (each of its literal sub-resources is one of
   * theirs, one at least, and a value child only where they have one) and answers like them (no
   * contradiction). Leaves (`_buildconfig`) and collections with sub-resources of their own
   * (`/jobs/{id}`) stay literal. docs/api-discovery.md "Templating" 3 and "Runs of name parameters".
   */
  private namesInRun(words: Array<[string, PathNode<E>]>, values: Array<PathNode<E>>): Array<[string, PathNode<E>]> {
    // Items are value children and value-like names not judged yet (`ultra_blue_62`: packages), as in pooledShapes.
    const item = (k: string, c: PathNode<E>): boolean => k.startsWith(VAR) || c.soft;
    const known = new Set<string>();
    let items = false;
    for (const v of values)
      for (const [k, c] of templateChildren(v))
        if (!item(k, c)) known.add(k);
        else items = true;
    const byName = new Map<string, Array<PathNode<E>>>();
    for (const [k, w] of words) {
      if (w.children === null || postOnlyLeaf(w)) continue;
      const nodes = byName.get(k);
      if (nodes === undefined) byName.set(k, [w]);
      else nodes.push(w);
    }
    const taken = new Set<string>();
    for (const [k, nodes] of byName) {
      if (nodes.length < 2) continue;
      let named = 0;
      const leads = nodes.every((w) =>
        [...templateChildren(w)].every(([c, n]) => {
          if (item(c, n)) return items;
          if (!known.has(c)) return false;
          named++;
          return true;
        }),
      );
      if (!leads || named === 0) continue;
      if (nodes.some((w) => values.some((v) => this.alike(v, w, LIKENESS_DEPTH).contradicted))) continue;
      taken.add(k);
    }
    return words.filter(([k]) => taken.has(k));
  }

  /**
   * Words that differ only before a common literal end (`Album-comments`, `Tag-comments`,
   * `Venue-comments`): `path_similar_threshold` distinct heads alike as words alone are under this
   * parent (answers, items, sub-resources) are a parameter
   * inside the segment, `{id}-comments` (their `tail` is set). Heads are one word (`ReleaseEventSeries`),
   * the end a separator and a word of 3+ letters; resources named alike (`user-settings`,
   * `org-settings`) answer differently and stay literal.
   */
  private tailedWords(words: Array<[string, PathNode<E>]>, parent: WordParent): Array<[string, PathNode<E>]> {
    const byTail = new Map<string, Array<[string, PathNode<E>]>>();
    for (const kw of words) {
      const tail = wordTail(kw[1].stem);
      if (tail === '') continue;
      let list = byTail.get(tail);
      if (list === undefined) byTail.set(tail, (list = []));
      list.push(kw);
    }
    const out: Array<[string, PathNode<E>]> = [];
    for (const [tail, list] of byTail) {
      if (new Set(list.map(([, w]) => w.stem)).size < this.s.similarThreshold) continue;
      // Alike as words alone must be under this parent (docs/api-discovery.md "Templating" 3).
      const cluster = this.wordCluster(list, parent);
      if (cluster.length === 0) continue;
      // The common end is evidence of its own: the others join unless they contradict most members.
      for (const kw of list) {
        let contradicted = 0;
        if (!cluster.includes(kw))
          for (const [, m] of cluster) if (this.alike(m, kw[1], LIKENESS_DEPTH, true).contradicted) contradicted++;
        if (2 * contradicted > cluster.length) continue;
        kw[1].tail = tail;
        out.push(kw);
      }
    }
    return out;
  }

  /**
   * A name judged a value under one format suffix is that value under another too: `/channel/e4.atom`
   * beside `/channel/e4/title.atom` (values `e4`, `f4`, `m4`) is `/channel/{channel}.atom`, the same
   * parameter in another representation. Two such names are needed (one may be a word that is also a value).
   */
  private sameNamesWithSuffix(children: Array<[string, PathNode<E>]>, values: Set<string>): void {
    const stems = new Map<string, string>();
    for (const [key, c] of children) if (values.has(key)) stems.set(c.stem, c.suffix);
    const more: string[] = [];
    for (const [key, c] of children) {
      if (key.startsWith(VAR) || values.has(key)) continue;
      const sfx = stems.get(c.stem);
      if (sfx !== undefined && sfx !== c.suffix) more.push(key);
    }
    if (more.length >= 2) for (const key of more) values.add(key);
  }

  /**
   * Every set of words that answer alike (wordCluster), the largest first, while the next one has
   * `path_similar_threshold` names and contradicts none taken: values of one parameter are seen in
   * pools that have no evidence between them (`/asset-families/x` answering GET and PATCH, `/asset-families/y/attributes/z`
   * with sub-resources only), and each pool on its own is as good evidence as the largest.
   */
  private wordClusters(words: Array<[string, PathNode<E>]>, parent: WordParent): Array<[string, PathNode<E>]> {
    const out = this.wordCluster(words, parent);
    let left = words.filter((kw) => !out.includes(kw));
    while (out.length > 0 && left.length >= this.s.similarThreshold) {
      const next = this.wordCluster(left, parent);
      if (next.length === 0) break;
      const clash = next.some(([, a]) => out.some(([, b]) => this.alike(a, b, LIKENESS_DEPTH, true).contradicted));
      if (clash) break;
      out.push(...next);
      left = left.filter((kw) => !next.includes(kw));
    }
    return out;
  }

  /**
   * In a collection, words a word cluster left out that are written items (DELETE, PUT or PATCH on the word) and answer alike with more members than they contradict, contradicting fewer
   * than half (`/jsapps/north-iris.json` answering `{"element","url"}` beside `{"element","template"}`: optional
   * fields left out, one item's odd answers): one parameter's values, as a value-like segment joins unless it
   * contradicts most members. A word answering only GET (`/users/me.json`) or contradicting half the members
   * or more (another resource) stays literal. docs/api-discovery.md "Values before a format suffix".
   */
  private itemsOddToAFew(
    words: Array<[string, PathNode<E>]>,
    cluster: Array<[string, PathNode<E>]>,
  ): Array<[string, PathNode<E>]> {
    if (cluster.length < this.s.similarThreshold) return [];
    const out: Array<[string, PathNode<E>]> = [];
    for (const [key, w] of words) {
      if (!itemMethods(w)) continue;
      let contradicted = 0;
      let alike = 0;
      for (const [, c] of cluster) {
        const l = this.alike(w, c, LIKENESS_DEPTH, true);
        if (l.contradicted) contradicted++;
        else if (l.shapes + l.structure > 0) alike++;
      }
      // More alike than contradicted over the cluster: fewer than half contradict.
      if (alike > contradicted) out.push([key, w]);
    }
    return out;
  }

  /**
   * The largest set of words (at least `path_similar_threshold`) that answer alike: each has a
   * response shape in common with another member (here or below) and contradicts none. Resources
   * differ (other response shapes), values of one parameter do not; literal children in common are
   * not enough (resources share verbs: `create`, `list`, `count`). A word seen under several raw nodes
   * of the position is one name, judged on all of them together (wordsLikeness): under each it is seen
   * with part of its methods (`/environments/{env}/scheduled-changes/daily` read under one environment,
   * deleted under another).
   */
  private wordCluster(words: Array<[string, PathNode<E>]>, parent: WordParent): Array<[string, PathNode<E>]> {
    const list = words.length > 64 ? words.slice(0, 64) : words;
    const byNode = this.clusterOf(
      list.map((kw) => [kw]),
      parent,
    );
    // In a collection, the same names pooled over the raw nodes each is seen under, when no cluster of single nodes is
    // found: items seen with part of their methods under each. Under a parameter or a singular word, names of one shape
    // pool their subtrees with stricter conditions (namesOfOneShape); likeness over any pair of nodes is not enough there.
    if (byNode.length > 0 || parent !== 'plural') return byNode;
    const byKey = new Map<string, Array<[string, PathNode<E>]>>();
    for (const kw of list) {
      const nodes = byKey.get(kw[0]);
      if (nodes === undefined) byKey.set(kw[0], [kw]);
      else nodes.push(kw);
    }
    return byKey.size === list.length ? [] : this.clusterOf([...byKey.values()], parent);
  }

  /**
   * wordCluster over `members`, each a word's nodes (one node, or a word's nodes under several raw nodes of the
   * position pooled): the largest set alike by wordsLikeness, every node of the members taken, or none when
   * fewer than `path_similar_threshold` distinct words.
   */
  private clusterOf(members: Array<Array<[string, PathNode<E>]>>, parent: WordParent): Array<[string, PathNode<E>]> {
    const k = members.length;
    const like = likenessMatrix(
      k,
      (i, j) => {
        const as = members[i].map(([, w]) => w);
        const bs = members[j].map(([, w]) => w);
        const a = this.wordsLikeness(as, bs);
        // Under a parameter, one sub-resource in common is not enough (actions recur: `associate`, `describe`);
        // nor under a singular word for names that do not both answer as items (`/dashboard/{slug}/charts`, `/datasets`).
        const structureOnly = parent === 'param' || (parent === 'singular' && !(as.some(itemMethods) && bs.some(itemMethods)));
        return a.contradicted ? -1 : structureOnly ? (a.structure >= 2 ? a.structure : 0) : a.shapes + a.structure;
      },
      0,
    );
    const best = largestCluster(k, linkedWithoutConflict(like));
    const taken = best.flatMap((i) => members[i]);
    // Distinct names: a position covering several raw nodes sees `associate` once under each.
    return new Set(taken.map(([key]) => key)).size >= this.s.similarThreshold ? taken : [];
  }

  /**
   * How alike two words are over the raw nodes each is seen under (one node each at a position of one raw node):
   * the shapes that agree and differ summed over every pair of their nodes, contradicted when the differences
   * outnumber the agreements (as alike judges one pair: one odd answer does not separate them), and the most
   * literal sub-resources one pair has in common (a verb recurring under several raw nodes is still one verb).
   * The request bodies sent to the words themselves weigh apart: a parameter's values are one operation on the item
   * itself, taking one body schema, so words whose own bodies differ more often than they agree (`POST
   * /footprint/roadDistance` and `POST /footprint/urbanDelivery`, each posted its own fields) are two resources, however
   * alike the actions they share below answer (`/confirmPayment` under each). Answers are not read so: an item's answer
   * may lack its optional parts (an error envelope alone).
   */
  private wordsLikeness(as: Array<PathNode<E>>, bs: Array<PathNode<E>>): Likeness {
    const out: Likeness = { contradicted: false, shapes: 0, conflicts: 0, structure: 0 };
    const bodies = { alike: 0, differ: 0 };
    for (const a of as)
      for (const b of bs) {
        const l = this.alike(a, b, LIKENESS_DEPTH, true);
        out.shapes += l.shapes;
        out.conflicts += l.conflicts;
        out.structure = Math.max(out.structure, l.structure);
        this.compareOwnBodies(a, b, bodies);
      }
    out.contradicted = out.conflicts > out.shapes || bodies.differ > bodies.alike;
    return out;
  }

  /**
   * Counts the methods both nodes answer whose request bodies are alike (SHAPE_ALIKE or more of the smaller body's names in
   * the other) and those that differ (below SHAPE_DIFFERENT): by the smaller body, as optional fields make one schema's
   * bodies differ in their other names.
   */
  private compareOwnBodies(a: PathNode<E>, b: PathNode<E>, out: { alike: number; differ: number }): void {
    if (a.methods === null || b.methods === null) return;
    for (const [m, ea] of a.methods) {
      const eb = b.methods.get(m);
      const sim = eb === undefined ? null : this.bodyOverlap(ea, eb);
      if (sim === null) continue;
      if (sim < SHAPE_DIFFERENT) out.differ++;
      else if (sim >= SHAPE_ALIKE) out.alike++;
    }
  }

  /**
   * Leaves answering GET only, `path_similar_threshold` distinct words or more that are all their
   * parent has (no value child, no value-like sibling, no answer of the parent's own): the values of
   * a read-only parameter (`/timelines/tag/notify`, `/timelines/tag/admin-sync`; `/architectures/x86-64`
   * in XML), not a resource's verbs, which are written (`POST /user/login`), come in twos
   * (`/user/login`, `/user/logout`) or sit beside the resource's own answer. All or none: no two
   * contradict each other, under a singular word each answers alike JSON with another or none answers
   * JSON with a shape (in a collection, where names are items, answers with no shape are enough
   * beside JSON ones), and their requests are spread thin, as one endpoint's requests are over its
   * values: a long tail (one of them seen once) and fewer requests per leaf than the host's endpoints
   * get on average (literal endpoints each get their own). With no shapes at all (`/private/drug/public`,
   * `/sources/readme/daily` answering nothing or XML) the requests are the evidence under a singular word
   * as in a collection; JSON answers that are not alike two by two are a resource's views.
   * docs/api-discovery.md "Templating" 3.
   */
  private readOnlyLeaves(words: Array<[string, PathNode<E>]>, parent: WordParent): Array<[string, PathNode<E>]> {
    if (words.length === 0 || words.length > 64 || new Set(words.map(([k]) => k)).size < this.s.similarThreshold) return [];
    if (!this.allLeavesOfSilentParents(words)) return [];
    let hits = 0;
    let once = false;
    for (const [, w] of words) {
      if (!readOnlyLeaf(w)) return [];
      hits += w.hits;
      once ||= w.hits === 1;
    }
    const evidenced = this.thinAndAlike(words, hits, once);
    if (evidenced === null) return [];
    return parent === 'plural' || evidenced.size === words.length || words.every(([, w]) => this.shapeless(w)) ? words : [];
  }

  /**
   * readOnlyLeaves under a collection whose only answer is to POST (`POST /reference-entities-media-files`, an upload,
   * and `GET /reference-entities-media-files/{code}`): the collection is never listed, so its items are read by name
   * alone. Leaves that are all its children, read-only, `path_similar_threshold` distinct ones or more, none
   * contradicting another, requested as one endpoint's values are (spreadThin: one seen once, fewer requests per leaf
   * than the host's endpoints get on average). Stay literal: the same leaves each asked for as an endpoint is (a
   * login's `/sessions/current`, `/sessions/history`), a parent that is read too (readOnlyLeaves and
   * itemsBesideTheirParent judge those), a leaf written, answers of shapes of their own. docs/api-discovery.md
   * "Items read or deleted, leaves of a collection that only creates, one unread answer beside items". A collection
   * read with no shape (an empty or XML list) beside leaves with none is as silent: the requests are the evidence
   * (listSaysNothing; docs/api-discovery.md "… (branch i19-sparse3)").
   */
  private readLeavesOfACreatingCollection(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    if (words.length === 0 || words.length > 64 || new Set(words.map(([k]) => k)).size < this.s.similarThreshold) return [];
    const above = words[0][1].parent;
    if (above === null || !this.listSaysNothing(above, words)) return [];
    if (above.children === null || above.children.size !== words.length) return [];
    let hits = 0;
    let once = false;
    for (const [, w] of words) {
      if (w.parent !== above || !readOnlyLeaf(w)) return [];
      hits += w.hits;
      once ||= w.hits === 1;
    }
    return this.thinAndAlike(words, hits, once) === null ? [] : words;
  }

  /**
   * Whether the collection `above` answers nothing its read-only leaves `words` could be told apart from: it only creates
   * (POST), or it is only read and neither it nor any leaf answers a shape (an empty or XML list beside empty or XML
   * leaves, `/architectures` and `/architectures/x86-64`; with JSON, itemsBesideTheirParent compares them).
   */
  private listSaysNothing(above: PathNode<E>, words: Array<[string, PathNode<E>]>): boolean {
    if (above.methods === null || above.methods.size !== 1) return false;
    if (above.methods.has('POST')) return true;
    return above.methods.has('GET') && this.shapeless(above) && words.every(([, w]) => this.shapeless(w));
  }

  /**
   * Whether `words` are all the children of their parents and those parents have no answer of their own (readOnlyLeaves):
   * one parent, or several where the position covers several raw nodes: lookups under each value of a `{format}` enum
   * before them (`/scores/json/ScoresBasic/daily`, `/scores/xml/ScoresBasic/weekly`), pooled as itemsBesideTheirParent
   * pools them.
   * docs/api-discovery.md "Enum words beside a sub-resource, a second pool of custom methods, lookups after a format enum".
   */
  private allLeavesOfSilentParents(words: Array<[string, PathNode<E>]>): boolean {
    const nodes = new Set(words.map(([, w]) => w));
    const parents = new Set<PathNode<E>>();
    for (const [, w] of words) {
      if (w.parent === null) return false;
      parents.add(w.parent);
    }
    for (const above of parents) {
      if (above.methods !== null && above.methods.size > 0) return false;
      for (const c of above.children!.values()) if (!nodes.has(c)) return false;
    }
    if (parents.size === 1) return true;
    // Over several parents, only under the values of a format enum (`/scores/{format}/ScoresBasic/…`): each parent a
    // representation of one resource. Elsewhere several parents' words are each parent's own (held-out's totals went
    // down when any parameter's values pooled them, as in i19-enum3's trial: the section named above).
    for (const above of parents) if (above.parent === null || !FORMAT_NAME.test(above.parent.stem)) return false;
    return true;
  }

  /**
   * Takes out of `joined` the leaves named by words (not value-like by their shape) that answer GET only, twice
   * `path_similar_threshold` or more, asked for one and a half times as often each as the host's
   * endpoints are on average or more (`/classifications/address-types`, `/classifications/genders`,
   * `/classifications/name-prefixes`, a code list each): each is an endpoint of its own, however alike their answers
   * (lists of codes all look alike). A parameter's values share one endpoint's requests: six values or more get a
   * sixth of its calls each or fewer, far less than the host's endpoints on average (an average counted while values
   * are still endpoints of their own, so lower than the calls per operation); with fewer leaves (an enum of three
   * words, `/auditlog/summary`, `/auditlog/weekly`) the counts do not tell them apart. Items (DELETE, PUT, PATCH) and
   * ids or titles among them are left to the other rules. The
   * relative request counts of the issue's evidence; docs/api-discovery.md "A third tuning set, tuning-3".
   */
  private dropEndpointsOfTheirOwn(joined: Array<[string, PathNode<E>]>): void {
    if (joined.length === 0 || joined.length > 64) return;
    const own = joined.filter(([, w]) => readOnlyLeaf(w) && !(w.soft || w.random || w.weak || w.title));
    if (new Set(own.map(([k]) => k)).size < 2 * this.s.similarThreshold) return;
    let hits = 0;
    for (const [, w] of own) hits += w.hits;
    const endpoints = this.endpointsHeld();
    if (endpoints === 0 || 2 * hits * endpoints < 3 * this.root.hits * own.length) return;
    for (const kw of own) joined.splice(joined.indexOf(kw), 1);
  }

  /**
   * Leaves answering GET only beside their parent's own answer (`/locales` and `/locales/monthly`,
   * `/locales/outgoing`; `/auditlog` and `/auditlog/weekly`, `/summary`, `/outgoing`): the items of the
   * parent, values of one read-only parameter, when every one answers JSON alike with another, no two
   * contradict each other, and every one answers otherwise than the parent's GET (an item, not the list
   * or the summary the parent reads; a parent answering only POST takes uploads of them). Two such words
   * in a collection, `path_similar_threshold` under a singular word (whose leaves are sub-resources more
   * often); nothing beside them but sub-resources with subtrees of their own (`/auditlog/details/{id}`).
   * Unlike readOnlyLeaves, the requests need not be spread thin: the parent's answer is the evidence. Under
   * a parameter whose values are kept apart (`/run/{id}/task/weekly` of one run, `/task/summary` of another) the
   * leaves of every raw node are pooled, each judged against its own parent's answer, one parent answering at
   * least (docs/api-discovery.md "Enum words pooled over a parameter's values (branch i19-enum3)").
   * Stay literal: a resource's verbs answering each in a shape of their own (`/users/count`,
   * `/users/search`), leaves answering as the parent does (`/feeds/latest`), leaves answering POST too or
   * beside a leaf of another kind (`/locales/export.csv`), a parent whose answer has no shape to compare.
   * docs/api-discovery.md "Templating" 3.
   */
  private itemsBesideTheirParent(
    words: Array<[string, PathNode<E>]>,
    collection: boolean,
    /** One more leaf of the parents judged apart (itemsBesideTheirParentOneUnread). */
    besides: PathNode<E> | null = null,
  ): Array<[string, PathNode<E>]> {
    // Sub-resources with subtrees of their own (`/info/details/{name}`) may stand beside them; other leaves may not.
    const leaves = words.filter(([, w]) => w.children === null);
    const least = collection ? 2 : this.s.similarThreshold;
    if (leaves.length === 0 || leaves.length > 64 || new Set(leaves.map(([k]) => k)).size < least) return [];
    // A position covering several raw nodes (`/run/{id}/task/weekly` of one run, `/run/{id}/task/summary` of another)
    // pools the leaves of every one; one of those parents at least answers (each run's tasks are not all listed).
    const nodes = new Set(leaves.map(([, w]) => w));
    const parents = new Set<PathNode<E>>();
    for (const [, w] of leaves) {
      if (w.parent === null) return [];
      parents.add(w.parent);
    }
    let answered = false;
    for (const above of parents) {
      answered ||= above.methods !== null && above.methods.size > 0;
      for (const c of above.children!.values()) if (c.children === null && !nodes.has(c) && c !== besides) return [];
    }
    if (!answered) return [];
    for (const [, w] of leaves) {
      if (w.methods === null || w.methods.size !== 1) return [];
      const item = w.methods.get('GET');
      if (item === undefined) return [];
      const list = w.parent!.methods?.get('GET');
      const sim = list === undefined ? 0 : this.similarity(list, item);
      if (sim === null || sim >= SHAPE_DIFFERENT) return [];
    }
    const evidenced = this.alikeAmong(leaves);
    return evidenced !== null && evidenced.size === leaves.length ? leaves : [];
  }

  /**
   * itemsBesideTheirParent where one leaf, seen once, answered with no shape to compare (an item whose optional fields
   * were all left out: `{}`), so its likeness to the parent's answer is unknown (`/phone-number-orders/daily`,
   * `/incoming` answering items unlike the list, `/public` answering `{}` once): the others are judged without it, and
   * when they are items it is one more (one unread answer is not evidence against). Stay literal: the same leaf asked
   * for twice or more (an endpoint of its own that answers nothing: a verb), two such leaves, and every case
   * itemsBesideTheirParent refuses among the others. docs/api-discovery.md "Items read or deleted, leaves of a
   * collection that only creates, one unread answer beside items".
   */
  private itemsBesideTheirParentOneUnread(
    words: Array<[string, PathNode<E>]>,
    collection: boolean,
  ): Array<[string, PathNode<E>]> {
    const unread = words.filter(([, w]) => {
      const item = w.children === null && w.methods !== null && w.methods.size === 1 ? w.methods.get('GET') : undefined;
      return item !== undefined && this.similarity(item, item) === null;
    });
    if (unread.length !== 1 || unread[0][1].hits !== 1) return [];
    const taken = this.itemsBesideTheirParent(
      words.filter((kw) => kw !== unread[0]),
      collection,
      unread[0][1],
    );
    return taken.length > 0 ? [...taken, unread[0]] : [];
  }

  /**
   * Words with no answer of their own that each lead to one and the same sub-resource and nothing else
   * (`/forms/active/submissions`, `/forms/daily/submissions`, `/forms/private/submissions`),
   * `path_similar_threshold` distinct ones or more, the sub-resources answering JSON alike with another
   * and none contradicting another: the values of a parameter before it, also where they recur under
   * cousins (`DELETE /sites/{id}/forms/active`: the same enum's values there). Resources sharing a verb
   * answer it each in a shape of their own (`/admin/cache/stats`, `/admin/jobs/stats`), have answers or
   * other sub-resources of their own (`/admin/cache`, `/admin/cache/flush`, `/shop/orders.json` beside
   * `/shop/orders/count.json`), and two words are not enough. docs/api-discovery.md "Templating" 3.
   */
  /**
   * Beside a collection's values (ids), names with no answer of their own that each lead only to one and the same
   * sub-resource (`/containers/alerts/status`, `/containers/api-main/status`, `/containers/search-dark-timeout/status`
   * beside `/containers/4711/json`): a second pool of the collection's values, judged as wordsBeforeOneSubResource
   * judges words alone (`path_similar_threshold` of them, the sub-resources answering alike). The collection's
   * vocabulary beside them (`/containers/quota`, `/containers/floating-ips/request`) answers or leads elsewhere.
   * docs/api-discovery.md "A third tuning set, tuning-3".
   */
  private poolBeforeOneSubResource(names: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const bySub = new Map<string, Array<[string, PathNode<E>]>>();
    for (const kw of names) {
      const w = kw[1];
      if ((w.methods !== null && w.methods.size > 0) || w.children === null || w.children.size !== 1) continue;
      const sub = w.children.keys().next().value!;
      let g = bySub.get(sub);
      if (g === undefined) bySub.set(sub, (g = []));
      g.push(kw);
    }
    const pool: Array<[string, PathNode<E>]> = [];
    for (const g of bySub.values()) pool.push(...this.wordsBeforeOneSubResource(g));
    return pool;
  }

  private wordsBeforeOneSubResource(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    if (words.length > 64 || new Set(words.map(([k]) => k)).size < this.s.similarThreshold) return [];
    let sub: string | null = null;
    const below: Array<[string, PathNode<E>]> = [];
    for (const [, w] of words) {
      if ((w.methods !== null && w.methods.size > 0) || w.children === null || w.children.size !== 1) return [];
      // An answer in a format is an answer of its own (`/shop/orders.json` beside `/shop/orders/count.json`).
      for (const c of w.parent?.children?.values() ?? []) if (c !== w && c.stem === w.stem) return [];
      const [key, c] = w.children.entries().next().value!;
      if (key.startsWith(VAR) || (sub !== null && key !== sub)) return [];
      sub = key;
      below.push([key, c]);
    }
    const evidenced = this.alikeAmong(below);
    return evidenced !== null && evidenced.size === below.length ? words : [];
  }

  /**
   * Leaves under a singular word that answers GET and POST itself (a list and a create: a collection named in
   * the singular, `GET /product`, `POST /product`, `/product/{productNumber}`), every one read (GET), two or more
   * deleted (DELETE), none answering a method the deleted ones do not, and all answering JSON alike two by two
   * with none contradicting another: the items of the collection, values of one parameter (`/product/archived`,
   * `/product/secondary`, enum words). A singular resource's sub-resources are neither deleted nor alike
   * (`/account/settings`, `/account/profile` with PUT), its verbs are not read and deleted (`POST /user/login`,
   * `GET /user/logout`), and a parent that does not create (no POST) or leaves with children of their own
   * (`/product/archived/versions`) keep them literal. docs/api-discovery.md "Enum words under a singular
   * collection (branch i19-wide2)".
   */
  private itemsOfASingularCollection(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    if (words.length < 2 || words.length > 64) return [];
    const above = words[0][1].parent;
    if (above === null || above.methods === null || !above.methods.has('GET') || !above.methods.has('POST')) return [];
    const deleted = new Set<string>();
    let deletes = 0;
    for (const [, w] of words) {
      if (w.parent !== above || w.children !== null || w.methods === null || !w.methods.has('GET')) return [];
      if (!w.methods.has('DELETE')) continue;
      deletes++;
      for (const m of w.methods.keys()) deleted.add(m);
    }
    if (deletes < 2 || new Set(words.map(([k]) => k)).size < 2) return [];
    for (const [, w] of words) for (const m of w.methods!.keys()) if (!deleted.has(m)) return [];
    const evidenced = this.alikeAmong(words);
    return evidenced !== null && evidenced.size === words.length ? words : [];
  }

  /**
   * itemsOfASingularCollection's items where the traffic did not read every one: under a singular word that lists and
   * creates (`GET /secret`, `POST /secret`), leaves that are all the parent's children, each answering GET, DELETE or
   * both and nothing else, two or more deleted, one of them at least both read and deleted (the
   * evidence that one endpoint answers both), and all answering JSON alike two by two with none contradicting another:
   * the items of the collection (`GET /secret/daily`, `GET|DELETE /secret/archived`, `DELETE /secret/monthly`: enum
   * words as names). A few calls per item spread over two methods leave some items seen with one method only.
   * Stay literal: leaves only deleted or only read (no leaf answering both: a session's `DELETE /session/current`,
   * `/session/others`; a report's views), a leaf answering another method (`POST /job/run`), a sibling with a
   * subtree, answers of shapes of their own, a parent that does not create. docs/api-discovery.md "Items read or
   * deleted, leaves of a collection that only creates, one unread answer beside items".
   */
  private itemsReadOrDeleted(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    if (words.length < 3 || words.length > 64) return [];
    const above = words[0][1].parent;
    if (above === null || above.methods === null || !above.methods.has('GET') || !above.methods.has('POST')) return [];
    if (above.children === null || above.children.size !== words.length) return [];
    let deleted = 0;
    let both = 0;
    for (const [, w] of words) {
      if (w.parent !== above || w.children !== null || w.methods === null || w.methods.size === 0) return [];
      for (const m of w.methods.keys()) if (m !== 'GET' && m !== 'DELETE') return [];
      const r = w.methods.has('GET');
      const d = w.methods.has('DELETE');
      if (d) deleted++;
      if (r && d) both++;
    }
    if (deleted < 2 || both < 1 || new Set(words.map(([k]) => k)).size < 3) return [];
    const evidenced = this.alikeAmong(words);
    return evidenced !== null && evidenced.size === words.length ? words : [];
  }

  /**
   * Leaves that are all their parent's leaves, answering GET and POST and nothing else (two or more answer
   * both; one may answer one of them), JSON alike two by two with none contradicting another, and requested
   * as one endpoint's values are: fewer requests per endpoint than the host's endpoints get on average
   * (`GET|POST /tags/daily`, `/tags/outgoing`, `POST /tags/active`; `/paymentmethod/active`, `/incoming`):
   * the items of a parameter read and updated by POST, where no DELETE or PUT says so (itemsOfASingularCollection).
   * Stay literal: collections beside each other, listed and created (`/admin/users`, `/admin/groups`), that
   * answer each in a shape of their own; resources answering alike but each asked for as often as the host's
   * endpoints are (`/search/users`, `/search/posts`); leaves beside a leaf answering another method
   * (`DELETE /tags/cache`) or one with a sub-resource of its own. docs/api-discovery.md "Enum leaves read and
   * posted (branch i19-heldout8)".
   */
  private itemsReadAndPosted(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    // One parent for all: the same word under two raw nodes is not two of them.
    if (words.length < 2 || words.length > 64) return [];
    const above = words[0][1].parent;
    if (above === null) return [];
    if (!allLeavesAmong(above, words)) return [];
    let both = 0;
    let hits = 0;
    let endpoints = 0;
    for (const [, w] of words) {
      if (w.parent !== above || w.children !== null || w.methods === null || w.methods.size === 0) return [];
      for (const m of w.methods.keys()) if (m !== 'GET' && m !== 'POST') return [];
      if (w.methods.size === 2) both++;
      hits += w.hits;
      endpoints += w.methods.size;
    }
    if (both < 2 || !this.belowAverage(hits, endpoints)) return [];
    const evidenced = this.alikeAmong(words);
    return evidenced !== null && evidenced.size === words.length ? words : [];
  }

  /**
   * Read-only leaves requested as evenly as the host's endpoints (so not spread thin: readOnlyLeaves), under a
   * singular word with no answer of its own, answering as the values of a sibling position do: Mastodon's
   * `/timelines/list/{list_id}` with words for the lists (`/timelines/list/weekly`, `/timelines/list/outgoing`)
   * beside `/timelines/tag/{hashtag}` with slugs. The sibling (a word under the same parent, no answer of its
   * own, nothing below it but its values: value children, value-like names, or words its own decision took as
   * values, hashtags named by words) says what the position holds; `path_similar_threshold` distinct
   * leaves or more, all their parent's children, GET only, every one answering alike JSON with another and
   * with the sibling's values, none contradicting. Stay literal: the same leaves with no such sibling, with a
   * sibling answering otherwise, a leaf written too, a parent answering. docs/api-discovery.md "Path styles
   * named and left".
   */
  private leavesLikeASiblingsValues(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    if (this.s.similarThreshold === 0 || words.length < this.s.similarThreshold || words.length > 64) return [];
    if (new Set(words.map(([k]) => k)).size < this.s.similarThreshold) return [];
    const above = words[0][1].parent;
    if (above === null || above.parent === null || (above.methods !== null && above.methods.size > 0)) return [];
    if (above.children!.size !== words.length) return [];
    for (const [, w] of words) {
      if (w.parent !== above || w.children !== null || w.methods === null || w.methods.size !== 1 || !w.methods.has('GET'))
        return [];
    }
    const evidenced = this.alikeAmong(words);
    if (evidenced === null || evidenced.size !== words.length) return [];
    for (const [key, sib] of above.parent.children ?? []) {
      if (sib === above || key.startsWith(VAR) || sib.children === null || (sib.methods !== null && sib.methods.size > 0))
        continue;
      // Nothing below the sibling but values: value children, value-like names (slugs with digits, random ids), or
      // names the sibling's own decision took as values (hashtags named by words: `/timelines/tag/notify`).
      if ([...sib.children].some(([k, c]) => !k.startsWith(VAR) && !c.soft && sib.values?.has(k) !== true)) continue;
      const values = [...sib.children.values()].filter((v) => v.methods !== null && v.methods.has('GET'));
      if (values.length === 0) continue;
      const like = words.every(([, w]) =>
        values.some((v) => {
          const l = this.alike(v, w, LIKENESS_DEPTH);
          return !l.contradicted && l.shapes > 0;
        }),
      );
      const contradicted = words.some(([, w]) => values.some((v) => this.alike(v, w, LIKENESS_DEPTH).contradicted));
      if (like && !contradicted) return words;
    }
    return [];
  }

  /**
   * Leaves read and written by POST as itemsReadAndPosted's, where the answers give no shape to compare: tag maps
   * and settings with no entries (`GET /tags/daily` answering `{}`, `POST /tags/daily` answering 204; AWS's
   * `/tags/{resourceArn}`). Without likeness the other evidence must be whole: `path_similar_threshold` distinct
   * leaves or more, all the parent's leaves, answering GET and POST and nothing else, `path_similar_threshold` of
   * them both and every other one requested once (one request shows one method: `GET /tags/daily` once beside
   * three tag maps read and posted; i19-enum5), none with a JSON field in an answer or a body parameter sent, and
   * requested as one endpoint's values are (fewer requests per endpoint than the host's endpoints get on average).
   * Collections side by side listed and created (`/admin/users`, `/admin/groups`, each asked for as often as the
   * host's endpoints), one leaf only read twice or more, and leaves with answers of their own (judged by
   * itemsReadAndPosted) stay literal. docs/api-discovery.md "Path styles named and left".
   */
  private shapelessReadAndPosted(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    if (this.s.similarThreshold === 0 || words.length < this.s.similarThreshold || words.length > 64) return [];
    if (new Set(words.map(([k]) => k)).size < this.s.similarThreshold) return [];
    const above = words[0][1].parent;
    if (above === null) return [];
    if (!allLeavesAmong(above, words)) return [];
    let hits = 0;
    let endpoints = 0;
    let both = 0;
    for (const [, w] of words) {
      if (w.parent !== above || w.children !== null || w.methods === null || w.methods.size === 0) return [];
      for (const m of w.methods.keys()) if (m !== 'GET' && m !== 'POST') return [];
      // A leaf requested once can show one method only: that says nothing against the others' two (i19-enum5).
      if (w.methods.size === 2) both++;
      else if (w.hits > 1) return [];
      if (!this.shapeless(w)) return [];
      hits += w.hits;
      endpoints += w.methods.size;
    }
    return both >= this.s.similarThreshold && this.belowAverage(hits, endpoints) ? words : [];
  }

  /**
   * Words with no answer of their own, two or more, whose children are all leaves that cross them
   * (crossedLeaves): the first of two enum positions in a row (`/sales_tax/{country}/{jurisdiction}` with
   * words for both, `/sales_tax/active/archived`, `/sales_tax/outgoing/archived`, `/sales_tax/active/monthly`).
   */
  private headsOfCrossedLeaves(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    if (words.length < 2 || words.length > 64) return [];
    const tails: Array<[string, PathNode<E>]> = [];
    for (const [, w] of words) {
      // An answer of its own is judged below (crossedLeaves: the leaves' parents).
      if (w.children === null) return [];
      for (const kc of w.children) tails.push(kc);
    }
    return this.crossedLeaves(tails) ? words : [];
  }

  /**
   * Leaves under two parents or more that have no answer of their own, seen as the cross
   * product of two parameters' values is: one leaf under two parents, one parent with two leaves,
   * `path_similar_threshold` distinct leaves or more, two or more written as items (DELETE, PUT, PATCH) or, when
   * only read, requested as one endpoint's values are (spreadThin: one seen once, fewer requests per leaf than the
   * host's endpoints get; sportsdata-like `/boxscore/{date}/{minutes}`, docs/api-discovery.md "Enum words pooled
   * over a parameter's values (branch i19-enum3)"), none
   * answering POST (an action), answering JSON alike with none contradicting another. Stay literal: a
   * resource's actions under providers (`/oauth/google/login`, `/oauth/github/callback`: read or posted, never
   * written), sub-resources answering each in a shape of their own (`/reports/daily/summary`, `/details`).
   * docs/api-discovery.md "Two enum positions in a row (branch i19-heldout8)".
   */
  private crossedLeaves(tails: Array<[string, PathNode<E>]>): boolean {
    if (tails.length < 2 || tails.length > 64) return false;
    const byHead = new Map<PathNode<E>, Set<string>>();
    const byTail = new Map<string, Set<PathNode<E>>>();
    const written = new Set<string>();
    let hits = 0;
    let once = false;
    for (const [k, t] of tails) {
      const h = t.parent;
      if (h === null || k.startsWith(VAR) || t.children !== null || t.methods === null || t.methods.size === 0) return false;
      if (t.methods.has('POST') || (h.methods !== null && h.methods.size > 0)) return false;
      let ks = byHead.get(h);
      if (ks === undefined) byHead.set(h, (ks = new Set()));
      ks.add(k);
      let hs = byTail.get(k);
      if (hs === undefined) byTail.set(k, (hs = new Set()));
      hs.add(h);
      if (itemMethods(t)) written.add(k);
      hits += t.hits;
      once ||= t.hits === 1;
    }
    // Written as items, or only read but requested as one endpoint's values are (readOnlyLeaves' spreadThin).
    if (byTail.size < this.s.similarThreshold || (written.size < 2 && !this.spreadThin(tails.length, hits, once))) return false;
    if (![...byTail.values()].some((hs) => hs.size >= 2) || ![...byHead.values()].some((ks) => ks.size >= 2)) return false;
    const evidenced = this.alikeAmong(tails);
    return evidenced !== null && evidenced.size > 0;
  }

  /**
   * Under a parameter (`/company/{id}/…`), read-only leaves that are the words of an enum (`full`, `master`, `mini`,
   * `refresh`: one operation `GET /company/{id}/{dataset}`) beside literal sub-resources of the same items
   * (`/company/{id}/announcements`, read-only too). The words share one endpoint's requests (spreadThin: one seen
   * once, fewer requests per word than the host's endpoints get on average) and no two contradict each other; where
   * they answer JSON, every one answers alike with another. A sub-resource beside them is told apart by its answer
   * (otherwise than every other leaf) or by its requests: one endpoint's calls of its own, as many as the host's
   * endpoints get on average or more and as many as all the words together or more (the relative request counts of
   * the issue's evidence). Siblings with subtrees of their own (`/company/{id}/super/{country}`) may stand beside
   * them; other leaves may not. `path_similar_threshold` words or more, one sub-resource or more. Stay literal: the
   * same leaves each asked for as an endpoint is (no word seen once: `/users/{id}/followers`, `/following`), a
   * sub-resource asked for as thinly as the words (nothing tells it apart), a leaf also written, words answering
   * otherwise than one another.
   * docs/api-discovery.md "Enum words beside a sub-resource, a second pool of custom methods, lookups after a format enum".
   */
  private enumLeavesBesideSubResources(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    if (words.length === 0 || words.length > 64) return [];
    const leaves = words.filter(([, w]) => w.children === null);
    for (const [, w] of leaves) if (!readOnlyLeaf(w)) return [];
    // Every leaf under the words' parents is one of them (a position covering several raw nodes pools them).
    const nodes = new Set(leaves.map(([, w]) => w));
    for (const [, w] of leaves) {
      if (w.parent === null) return [];
      for (const c of w.parent.children!.values()) if (c.children === null && !nodes.has(c)) return [];
    }
    const endpoints = this.endpointsHeld();
    if (endpoints === 0) return [];
    // Sub-resources by their answers: otherwise than every other leaf.
    const shaped: Array<[string, PathNode<E>]> = [];
    const rest: Array<[string, PathNode<E>]> = [];
    for (const kw of leaves) {
      let contradicted = 0;
      for (const o of leaves) if (o !== kw && this.alike(kw[1], o[1], LIKENESS_DEPTH).contradicted) contradicted++;
      (contradicted > 0 && contradicted === leaves.length - 1 ? shaped : rest).push(kw);
    }
    // Sub-resources by their requests: as many as the host's endpoints get on average; the words get fewer each.
    const busy = rest.filter(([, w]) => w.hits * endpoints >= this.root.hits);
    const enumWords = rest.filter((kw) => !busy.includes(kw));
    if (shaped.length + busy.length === 0 || new Set(enumWords.map(([k]) => k)).size < this.s.similarThreshold) return [];
    let hits = 0;
    let once = false;
    for (const [, w] of enumWords) {
      hits += w.hits;
      once ||= w.hits === 1;
    }
    for (const [, w] of busy) if (w.hits < hits) return [];
    const evidenced = this.thinAndAlike(enumWords, hits, once);
    // Without JSON answers (no shapes to compare) the requests are the evidence; with them every word answers alike with another.
    return evidenced !== null && (evidenced.size === enumWords.length || evidenced.size === 0) ? enumWords : [];
  }

  /**
   * For leaves taken as the values of one parameter (readOnlyLeaves, postedValueLeaves): null unless their
   * `hits` are spread thin, as one endpoint's requests are over its values (one of them seen `once`, fewer
   * requests per leaf than the host's endpoints get on average), and no two contradict each other; else the
   * indexes of the leaves answering alike JSON (or bodies) with another.
   */
  private thinAndAlike(words: Array<[string, PathNode<E>]>, hits: number, once: boolean): Set<number> | null {
    return this.spreadThin(words.length, hits, once) ? this.alikeAmong(words) : null;
  }

  /**
   * Whether `leaves` leaves with `hits` requests in all, one of them seen `once`, are spread as one endpoint's
   * requests are over its values: fewer requests per leaf than the host's endpoints get on average.
   */
  private spreadThin(leaves: number, hits: number, once: boolean): boolean {
    return once && this.belowAverage(hits, leaves);
  }

  /** Whether `hits` requests over `endpoints` endpoints are fewer per endpoint than the host's endpoints get on average. */
  private belowAverage(hits: number, endpoints: number): boolean {
    const held = this.endpointsHeld();
    return held > 0 && hits * held < this.root.hits * endpoints;
  }

  /** Whether no answer of `w` has a JSON shape to compare (empty, `{}`, XML, text): likeness can say nothing about it. */
  private shapeless(w: PathNode<E>): boolean {
    for (const e of w.methods?.values() ?? []) if (this.similarity(e, e) !== null) return false;
    return true;
  }

  /** Null when two of `words` contradict each other; else the indexes of those answering alike JSON (or bodies) with another. */
  private alikeAmong(words: Array<[string, PathNode<E>]>): Set<number> | null {
    const evidenced = new Set<number>();
    for (let i = 0; i < words.length; i++)
      for (let j = i + 1; j < words.length; j++) {
        const a = this.alike(words[i][1], words[j][1], LIKENESS_DEPTH);
        if (a.contradicted) return null;
        if (a.shapes > 0) evidenced.add(i).add(j);
      }
    return evidenced;
  }

  /**
   * In a collection (a plural word), leaves answering only PUT, all their parent has (no answer of its own, no
   * other child), three or more (`path_similar_threshold`), one of them seen once and
   * fewer requests per leaf than the host's endpoints get on average (`PUT /deploys/{id}/functions/coral-river`,
   * `/riveraspen`, `/zephyr-blue`, one upload each): PUT writes the resource its URL names, so each leaf names an
   * item of the collection, the values of one parameter. Actions are POSTs; settings written as endpoints are
   * (`PUT /account/password`, `/account/email`, each called as often as the host's endpoints) stay literal, and so
   * do leaves beside the collection's own answer or a leaf read too. docs/api-discovery.md "Values before a
   * format suffix".
   */
  private putValueLeaves(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    // The caller passes every word left at the position, `path_similar_threshold` or more: one not PUT-only is another child.
    if (words.length === 0 || words.length > 64) return [];
    let hits = 0;
    let once = false;
    for (const [, w] of words) {
      if (!leafAnsweringOnly(w, 'PUT')) return [];
      const above = w.parent;
      if (above === null || (above.methods !== null && above.methods.size > 0)) return [];
      hits += w.hits;
      once ||= w.hits === 1;
    }
    // Answers are not compared: an item written by name answers with the fields it was sent (optional ones differ).
    return this.spreadThin(words.length, hits, once) ? words : [];
  }

  /**
   * Leaves answering only POST, all their parent has (no answer of its own, no other child), three or more
   * (`path_similar_threshold`), each sent a JSON body of two fields or more, the bodies one schema and the
   * answers alike two by two (`POST /usermanagement/update/AnnaCosta`, `/HenryTanaka`, `/costa-anna`, each with
   * a user's fields; `POST /tree/draft`, `/tree/pending` with one build's parameters), one of them seen once and
   * fewer requests per leaf than the host's endpoints get on average: the values of one parameter, the
   * object of the parent's action. Actions beside each other take bodies of their own or none
   * (`/user/login` with credentials, `/user/logout`, `/user/createWithList` with a list) and are each
   * requested as an endpoint is (docs/api-discovery.md "POST-only value leaves"). Leaves of which none was ever
   * sent a body (`POST /game/{key}/region/amberriver`, `/harbor-quartz`) are values on the same evidence, their
   * answers alike two by two or none with a shape (docs/api-discovery.md "… (branch i19-sparse3)").
   */
  private postedValueLeaves(words: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
    const keys = new Set(words.map(([k]) => k));
    if (words.length === 0 || words.length > 64 || keys.size < this.s.similarThreshold) return [];
    let hits = 0;
    let once = false;
    // Over several raw nodes (`/project/{user}/{project}/tree/draft` of each project) a name may be seen once without a body (optional).
    const bodied = new Set<string>();
    for (const [k, w] of words) {
      if (!postOnlyLeaf(w)) return [];
      const above = w.parent;
      if (above === null || (above.methods !== null && above.methods.size > 0)) return [];
      for (const c of above.children!.keys()) if (!words.some(([o, n]) => o === c && n.parent === above)) return [];
      if (this.bodyFields(w.methods!.get('POST')!) >= 2) bodied.add(k);
      hits += w.hits;
      once ||= w.hits === 1;
    }
    // Either every name sent one schema's body, or none sent any (bodiless: the path names the object, as in
    // `POST /game/{key}/region/{code}`); some with a body and some without are actions (`/user/login`, `/user/logout`).
    const bodiless = words.every(([, w]) => this.bodyFields(w.methods!.get('POST')!) === 0) && !underAnItem(words);
    if (bodied.size !== keys.size && !bodiless) return [];
    const evidenced = this.thinAndAlike(words, hits, once);
    if (evidenced === null) return [];
    // Without bodies the answers are the only shapes: each alike with another or with no shape (a bare string, `{}`).
    const answered = (i: number): boolean => evidenced.has(i) || (bodiless && this.shapeless(words[i][1]));
    return words.every((_, i) => answered(i)) ? words : [];
  }

  /**
   * How alike two siblings are: contradicted when a method both answer has different JSON shapes
   * (here or in a child both have), else the evidence for likeness: shapes that agree, literal
   * children both have.
   */
  private alike(a: PathNode<E>, b: PathNode<E>, depth: number, childEvidence = false, queries = false): Likeness {
    const out: Likeness = { contradicted: false, shapes: 0, conflicts: 0, structure: 0 };
    this.compare(a, b, depth, out, childEvidence, queries);
    // One odd answer among many alike ones does not make two siblings different.
    out.contradicted = out.conflicts > out.shapes;
    return out;
  }

  /** `queries`: where answers and bodies give no shape, query names in common are evidence (querySimilarity). */
  private compare(a: PathNode<E>, b: PathNode<E>, depth: number, out: Likeness, childEvidence: boolean, queries: boolean): void {
    // Among words: both answering as items (DELETE, PUT or PATCH) is evidence (no JSON to compare: `/functions/{name}`).
    if (childEvidence && depth === LIKENESS_DEPTH && sharedItemMethod(a, b)) out.structure++;
    if (a.methods !== null && b.methods !== null) {
      for (const [m, ea] of a.methods) {
        const eb = b.methods.get(m);
        if (eb === undefined) continue;
        const sim = this.similarity(ea, eb) ?? (queries ? this.querySimilarity(ea, eb) : null);
        if (sim === null) continue;
        if (sim < SHAPE_DIFFERENT) out.conflicts++;
        else if (sim >= SHAPE_ALIKE) out.shapes++;
      }
    }
    if (depth === 0 || a.children === null || b.children === null) return;
    const ka = templateChildren(a);
    const kb = templateChildren(b);
    // Literal grandchildren in common (`{group}/providers/Microsoft.X`) are structure values share;
    // children in common only when neither sibling has a value child: resources share verbs
    // (`customers/{id}`, `customers/count`; `orders/{id}`, `orders/count`), values of a parameter
    // share sub-resources (`reference-entities/x/records`, `reference-entities/y/records`).
    const childrenCount = depth < LIKENESS_DEPTH || (childEvidence && !hasValueChild(ka) && !hasValueChild(kb));
    for (const [key, ca] of ka) {
      const cb = kb.get(key);
      if (cb === undefined) continue;
      // A page of both (`page-{id}.atom`) is a sub-resource in common, like a literal one.
      if (childEvidence && itemOfTwoCollections(a, b, ca, cb)) {
        // Two collections' items named alike are no part of each (itemOfTwoCollections): no structure; their answers are compared below.
      } else if ((!key.startsWith(VAR) || key.charCodeAt(1) === 126) && childrenCount) {
        out.structure++;
        // A sub-resource both write as an item (PUT, PATCH, DELETE: `/{name}/_meta`) is a part of each, not a shared action;
        // so is a sub-collection whose items both write (`/skus/{sku}/warehouses/{id}` PUT): an action has no items below it.
        if (childEvidence && !key.startsWith(VAR) && (sharedItemMethod(ca, cb) || this.writtenItemsOfBoth(a, b, ca, cb)))
          out.structure++;
      } else if (childEvidence && depth === LIKENESS_DEPTH && key === VAR) {
        out.structure += writtenItemsInCommon(a, b);
      }
      this.compare(ca, cb, depth - 1, out, childEvidence, queries);
    }
  }

  /**
   * Whether `ca` and `cb`, a literal sub-resource of the words `a` and `b`, are sub-collections whose items both write
   * (DELETE, PUT or PATCH on their value children: `PUT /skus/archived/warehouses/{id}`, `/skus/monthly/warehouses/{id}`).
   * Words that are plurals are collections themselves, each with collections of its own below (`/org/teams/members/{id}`,
   * `/org/projects/members/{id}`): their sub-collections in common are not evidence that they are items.
   */
  private writtenItemsOfBoth(a: PathNode<E>, b: PathNode<E>, ca: PathNode<E>, cb: PathNode<E>): boolean {
    if (collectionWord(a) || collectionWord(b)) return false;
    const ia = valueChildOf(ca);
    const ib = valueChildOf(cb);
    return ia !== null && ib !== null && sharedItemMethod(ia, ib);
  }

  /** Merges literal values of `n` into its value child for `sfx` for good (memory bound). */
  private mergeValues(n: PathNode<E>, values: Array<[string, PathNode<E>]>, sfx: string): void {
    const v = this.valueChild(n, sfx);
    for (const [key, c] of values) {
      if (n.children!.get(key) !== c) continue;
      n.children!.delete(key);
      n.literals--;
      this.absorb(v, c);
    }
    n.folded = true;
    this.folds++;
    this.nodes = countNodes(this.root);
  }

  /** Every literal child of `n` becomes a value (a scanner's random segments). */
  private close(n: PathNode<E>): void {
    for (const [key, c] of [...n.children!]) {
      if (key.startsWith(VAR)) continue;
      n.children!.delete(key);
      this.absorb(this.valueChild(n, c.suffix), c);
    }
    n.literals = 0;
    n.closed = true;
    n.values = null;
    this.folds++;
    this.nodes = countNodes(this.root);
  }

  private valueChild(n: PathNode<E>, sfx: string): PathNode<E> {
    const key = VAR + 'id' + sfx;
    let v = n.children!.get(key);
    if (v === undefined) {
      v = new PathNode<E>();
      v.parent = n;
      v.value = true;
      v.suffix = sfx;
      n.children!.set(key, v);
    }
    return v;
  }

  /** A literal child merged into a value child: its segment is one more value (typed), its subtree merges. */
  private absorb(dst: PathNode<E>, src: PathNode<E>): void {
    dst.absorbed = true;
    const { type, format } = classifyText(src.stem);
    dst.valueTypes = addTo(dst.valueTypes, type);
    if (format !== null) dst.valueFormats = addTo(dst.valueFormats, format);
    this.mergeInto(dst, src);
  }

  private mergeInto(dst: PathNode<E>, src: PathNode<E>): void {
    dst.hits += src.hits;
    dst.changes += src.changes;
    dst.absorbed ||= src.absorbed;
    for (const t of src.valueTypes ?? []) dst.valueTypes = addTo(dst.valueTypes, t);
    for (const f of src.valueFormats ?? []) dst.valueFormats = addTo(dst.valueFormats, f);
    for (const [key, child] of src.children ?? []) {
      const target = dst.closed && !key.startsWith(VAR) ? VAR + 'id' + child.suffix : key;
      const d = dst.children?.get(target);
      if (d !== undefined) {
        if (target !== key) this.absorb(d, child);
        else this.mergeInto(d, child);
      } else {
        (dst.children ??= new Map()).set(target, child);
        child.parent = dst;
        if (!target.startsWith(VAR)) dst.literals++;
      }
    }
    for (const [m, e] of src.methods ?? []) {
      const d = dst.methods?.get(m);
      if (d !== undefined) this.mergeEndpoint(d, e);
      else (dst.methods ??= new Map()).set(m, e);
    }
  }

  /**
   * The node another trie of the same host has at `keys` (its raw keys from the root: `rawNodes`),
   * in this trie: a literal that this trie sends to its value child (a folded or closed position)
   * goes there, as `resolve` would send it; null when this trie has no such node.
   */
  nodeAt(keys: readonly string[]): PathNode<E> | null {
    let node = this.root;
    for (const key of keys) {
      let next = node.children?.get(key);
      if (next === undefined && !key.startsWith(VAR)) {
        const p = parseSegment(key);
        if (node.closed || (node.folded && foldable(p.stem))) next = node.children?.get(VAR + 'id' + p.suffix);
      }
      if (next === undefined) return null;
      node = next;
    }
    return node;
  }

  /** Every node with endpoints, with its raw keys from the root (for `nodeAt` of another trie). */
  rawNodes(each: (keys: readonly string[], node: PathNode<E>) => void): void {
    const keys: string[] = [];
    const walk = (n: PathNode<E>): void => {
      if (n.methods !== null && n.methods.size > 0) each(keys, n);
      for (const [key, c] of n.children ?? []) {
        keys.push(key);
        walk(c);
        keys.pop();
      }
    };
    walk(this.root);
  }

  /**
   * Every template with endpoints, in a stable order: the raw nodes it covers and its path
   * parameters with the types of their values (decisions remade first where evidence changed).
   */
  entries(): Array<TemplateEntry<E>> {
    this.decideAll();
    const cousins = cousinsOf(this.root);
    const out: Array<TemplateEntry<E>> = [];
    const walk = (
      nodes: Array<PathNode<E>>,
      parts: string[],
      used: Set<string>,
      prev: string,
      params: TemplateEntry<E>['pathParams'],
      isParam: boolean,
      /** Words written in one of their spellings apart (spellingsApart): only the ends reached in it are this template's. */
      spelled: Array<[PathNode<E>, string, string]> = [],
    ): void => {
      // Words right under a parameter are sub-resources or actions (`/accounts/{id}/follow`), not values.
      this.decideGroup(nodes, isParam ? 'param' : groupWordParent(nodes), isParam ? null : recurringWords(cousins, nodes));
      const ends = spelled.length === 0 ? nodes : nodes.filter((x) => spelled.every(([w, key, k]) => speltFor(key, w, x) === k));
      if (ends.some((x) => x.methods !== null && x.methods.size > 0))
        out.push({ template: `/${parts.join('/')}`, nodes: ends, pathParams: params });
      for (const g of childGroups(nodes)) {
        const u = new Set(used);
        if (g.isVar) {
          const named = g.prefix.length > 1 ? prefixWord(g.prefix) : prev;
          // A pair's first value (`{id}:{worker_id}`) is a parameter of its own, first.
          const pairNode = g.nodes.find((x) => x.pair || (!x.value && x.wordPair));
          const pair = pairNode !== undefined;
          const headName = pair ? paramName('id', named, u) : '';
          const name = paramName(g.kind, named, u);
          let types: string[] = [];
          let formats: string[] = [];
          let headTypes: string[] = [];
          let headFormats: string[] = [];
          for (const x of g.nodes) {
            if (x.valueTypes !== null) for (const t of x.valueTypes) types = addTo(types, t);
            if (x.valueFormats !== null) for (const f of x.valueFormats) formats = addTo(formats, f);
            if (x.headTypes !== null) for (const t of x.headTypes) headTypes = addTo(headTypes, t);
            if (x.headFormats !== null) for (const f of x.headFormats) headFormats = addTo(headFormats, f);
          }
          for (const x of g.valueNodes) {
            if (x.wordPair) {
              // A pair of words (`aspentiger:public`): the head's type and the tail's.
              const text = x.stem + x.suffix;
              const colon = text.indexOf(x.pairSep);
              const h = classifyText(text.slice(0, colon));
              headTypes = addTo(headTypes, h.type);
              if (h.format !== null) headFormats = addTo(headFormats, h.format);
              const t = classifyText(text.slice(colon + 1));
              types = addTo(types, t.type);
              if (t.format !== null) formats = addTo(formats, t.format);
              continue;
            }
            // A version tag's value is what follows its `v` (`v2`: 2).
            const c = classifyText(x.stem.slice(x.prefix.length));
            types = addTo(types, c.type);
            if (c.format !== null) formats = addTo(formats, c.format);
          }
          const found = [{ name, types, formats }];
          if (pair) found.unshift({ name: headName, types: headTypes, formats: headFormats });
          // A format as a parameter (`{id}.{format}`): its values are words.
          let suffix = g.suffix;
          if (suffix === '.{format}') {
            const format = formatName(u);
            suffix = `.{${format}}`;
            found.push({ name: format, types: ['string'], formats: [] });
          }
          walk(
            g.nodes,
            [...parts, `${g.prefix}${pair ? `{${headName}}${pairNode.pairSep}` : ''}{${name}}${suffix}`],
            u,
            prev,
            [...params, ...found],
            true,
            spelled,
          );
        } else {
          const w = g.nodes[0];
          const apart = g.nodes.length === 1 && spellingsApart(w) ? spellingsOf(g.part, w) : [];
          if (apart.length === 0) walk(g.nodes, [...parts, literalSegment(spelt(g.part, w))], u, w.stem, params, false, spelled);
          // Two spellings of a word apart: each its own literal, over the ends reached in it.
          for (const k of apart)
            walk(g.nodes, [...parts, literalSegment(k)], new Set(used), w.stem, params, false, [...spelled, [w, g.part, k]]);
        }
      }
    };
    walk([this.root], [], new Set(), '', [], false);
    return out;
  }
}

/**
 * Whether words under `n` may be values (user names, setting keys) with no value-like sibling: `n`
 * is a literal that names a collection, a plural (`users`, `settings`, `resourceGroups`, `people`).
 * Under the root, a version, an API prefix (`/api`, `/v1`, `/crm`) or a parameter, words alone are
 * resource names, sub-resources or actions.
 */
/** The letters at the end of `s` (`resourceGroups` → `resourceGroups`, `tables_v2` → ``), without a regex scan from every start. */
function trailingLetters(s: string): string {
  let i = s.length;
  while (i > 0) {
    const c = s.charCodeAt(i - 1) | 32;
    if (c < 97 || c > 122) break;
    i--;
  }
  return s.slice(i);
}

/**
 * What words right under `n` may be: values of a parameter in a collection (`plural`), values only
 * when they answer as items (`singular`: `/secret/{name}`), under a parameter values only with
 * sub-resources in common (`param`), or never (null: under the root, a version or an API prefix
 * they are resource names).
 */
type WordParent = 'plural' | 'singular' | 'param' | null;

const API_PREFIX = /^(?:api|apis|rest|latest|current|stable|public|private|internal|services?)$/i;

/**
 * A segment that is the API's version (versions.ts), under which words are resource names: every kind but a
 * pre-release with its number (`v1beta1`, `v3beta1`), which stays a name like its siblings here. Reading it as a
 * version too (branch i19-enum5's try) turned firebasehosting's two enum words under `/v1beta1` literal
 * (tuning-2 `enum-words` precision 95.2 -> 94.0): a rule for Google-style names right under a version comes first.
 */
function apiVersion(stem: string): boolean {
  const kind = versionKind(stem);
  return kind !== null && kind !== 'stage';
}

function wordParent<E>(n: PathNode<E>): WordParent {
  if (n.value) return 'param';
  if (n.stem === '') return null;
  if (collectionWord(n) || n.itemOf) return 'plural';
  if (apiVersion(n.stem)) return null;
  return API_PREFIX.test(n.stem) && basePath(n.parent) ? null : 'singular';
}

/**
 * Whether `n` is the root or a segment of the API's base path: an API prefix or version, or the only
 * child of its parent with no answers of its own (`/rudder/api/latest`, `/sell/account/v1`), all the
 * way up. An API prefix word below a resource (`/build/internal`, `/build/public` beside
 * `/build/incoming`) is a name like its siblings, not the API's prefix.
 */
function basePath<E>(n: PathNode<E> | null): boolean {
  for (let p = n; p !== null; p = p.parent) {
    if (p.parent === null) return true;
    if (p.value) return false;
    const prefix = API_PREFIX.test(p.stem) || apiVersion(p.stem);
    if (!prefix && (p.parent.children!.size !== 1 || (p.methods !== null && p.methods.size > 0))) return false;
  }
  return true;
}

function groupWordParent<E>(nodes: Array<PathNode<E>>): WordParent {
  let out: WordParent = wordParent(nodes[0]);
  for (const n of nodes) {
    const w = wordParent(n);
    if (w === null || w === 'param') return w;
    if (w === 'singular') out = w;
  }
  return out;
}

/**
 * A singular word beside its plural (`/edge-config/{id}/item/{key}` beside `/edge-config/{id}/items`,
 * `/token/{token}` beside `/tokens`) names one item of that collection: words under it are judged as
 * under a collection word. Checked when either is added (a map lookup or two).
 */
function markSingularBesidePlural<E>(parent: PathNode<E>, key: string, added: PathNode<E>): void {
  if (added.suffix !== '' || key.length < 3) return;
  const siblings = parent.children!;
  for (const plural of pluralsOf(key)) if (siblings.has(plural)) added.itemOf = true;
  for (const single of singularsOf(key)) {
    const s = siblings.get(single);
    if (s !== undefined && !s.value) s.itemOf = true;
  }
}

function pluralsOf(w: string): string[] {
  return w.endsWith('y') ? [`${w}s`, `${w.slice(0, -1)}ies`] : [`${w}s`, `${w}es`];
}

function singularsOf(w: string): string[] {
  if (w.endsWith('ies')) return [`${w.slice(0, -3)}y`, w.slice(0, -1)];
  if (w.endsWith('es')) return [w.slice(0, -2), w.slice(0, -1)];
  return w.endsWith('s') ? [w.slice(0, -1)] : [];
}

/**
 * A word that only leads to values (`/entry-types/Artist/{id}/tag`: no answer of its own, no literal
 * below): an enum value before another parameter, not a collection; a collection answers its list
 * (`GET /analogInputs` beside `/analogInputs/{name}/eu`) or has words of its own below.
 */
function valueHolder<E>(n: PathNode<E>): boolean {
  if (n.methods !== null && n.methods.size > 0) return false;
  for (const k of templateChildren(n).keys()) if (!k.startsWith(VAR)) return false;
  return true;
}

/**
 * Of words that only lead to values, those whose values have a sub-resource no other one has
 * (`cassandraKeyspaces/{k}/tables` beside `sqlDatabases/{d}/containers`): collections of their own
 * resources, not values of one parameter (`entry-types/Artist/{id}/tag`, `entry-types/Song/{id}/tag`).
 */
function wordsOfTheirOwn<E>(holders: Array<[string, PathNode<E>]>): Set<string> {
  const below = new Map<string, Set<string>>();
  for (const [k, w] of holders) {
    let set = below.get(k);
    if (set === undefined) below.set(k, (set = new Set()));
    for (const [vk, v] of templateChildren(w))
      if (vk.startsWith(VAR)) for (const sub of templateChildren(v).keys()) if (!sub.startsWith(VAR)) set.add(sub);
  }
  return namesWithOwnWords(below, 1);
}

/** The names of `below` (a name -> the words under it) with `least` words or more that no other name has. */
function namesWithOwnWords(below: ReadonlyMap<string, ReadonlySet<string>>, least: number): Set<string> {
  const seen = new Map<string, number>();
  for (const set of below.values()) for (const sub of set) seen.set(sub, (seen.get(sub) ?? 0) + 1);
  const out = new Set<string>();
  for (const [k, set] of below) {
    let own = 0;
    for (const sub of set) if (seen.get(sub) === 1) own++;
    if (own >= least) out.add(k);
  }
  return out;
}

/**
 * Names with OWN_VIEWS literal children or more that no other of `names` has (`/schedules/schedule_a/by_state`,
 * `/schedule_a/by_zip` beside `/schedule_b/by_purpose`): views and sub-collections of a resource of its own. A
 * parameter's values lead to the API's one vocabulary below them, seen unevenly but each word under a few values
 * (docs/api-discovery.md "i19-variants7"). Pooled by name over the raw nodes a position covers.
 */
function namesWithOwnViews<E>(names: Array<[string, PathNode<E>]>): Set<string> {
  const below = new Map<string, Set<string>>();
  for (const [k, w] of names) {
    let set = below.get(k);
    if (set === undefined) below.set(k, (set = new Set()));
    for (const sub of templateChildren(w).keys()) if (!sub.startsWith(VAR)) set.add(sub);
  }
  return namesWithOwnWords(below, OWN_VIEWS);
}
/** Literal children of its own that make a name a resource of its own (namesWithOwnViews): one may be a value's sub-resource seen once. */
const OWN_VIEWS = 2;

/**
 * Key names: the nouns an API writes before a key's value (`/media/shortcode/{shortcode}`,
 * `/partitionKeyRangeId/{id}`, `/users/byName/{name}`, `/groups/by_slug/{slug}`). Alone, after
 * `by`, or at the end of a longer name after `_`, `-` or a camelCase capital; not the same letters
 * ending a word (`android`, `valid`, `monkey`, `rename`). Verbs that are also nouns (`login`,
 * `handle`) and plurals (collections) are left out.
 */
const KEY_NAME =
  /^(?:(?:[A-Za-z0-9]+[_-])?(?:by[_-]?)?(?:id|key|name|code|slug|shortcode|username|uuid|guid|sku)|[a-z][A-Za-z0-9]*(?:Id|ID|Key|Name|Code|Slug|Shortcode|Username|Uuid|UUID|Guid|Sku|SKU))$/;

/**
 * A name that ends in `By` and a capitalised noun (`GamesByDate`, `PlayersByTeam`, `StatsBySeason`, `findByStatus`):
 * a lookup by that key, so the next segment is the key's value, as after KEY_NAME (`/PlayersByTeam/BOS`).
 */
const BY_KEY = /^[A-Za-z][A-Za-z0-9]*[a-z0-9]By[A-Z][a-z]+$/;

/** A literal node whose segment names a key (KEY_NAME, BY_KEY), so that the words below it are its values. */
function keyNameNode<E>(n: PathNode<E>): boolean {
  return !n.value && !n.soft && n.suffix === '' && (KEY_NAME.test(n.stem) || BY_KEY.test(n.stem));
}

/**
 * Whether one version tag's literal sub-resources are all another's and `least` more
 * (`path_similar_threshold`): `/v2/averages`, `/v2/models`, `/v2/projects` beside every resource of `/v1`.
 * An API's new version keeps the old resources and adds its own: two APIs, each version literal. The values
 * of `v{version}` lead to one set of routes, each seen with a part of it, none with all another has and
 * several more (docs/api-discovery.md "Templating" 9). Tags are pooled by key over the raw nodes.
 */
function versionAddsResources<E>(tags: Array<[string, PathNode<E>]>, least: number): boolean {
  const below = new Map<string, Set<string>>();
  for (const [k, c] of tags) {
    let names = below.get(k);
    if (names === undefined) below.set(k, (names = new Set()));
    for (const key of c.children?.keys() ?? []) if (!key.startsWith(VAR)) names.add(key);
  }
  const sets = [...below.values()];
  for (const a of sets)
    for (const b of sets) {
      if (a === b || b.size < a.size + least) continue;
      let all = true;
      for (const name of a) if (!b.has(name)) all = false;
      if (all) return true;
    }
  return false;
}

/** Requests a hot word has at least (hotBesideValues): a handful of calls says nothing about how often a name is asked for. */
const HOT_REQUESTS = 6;
/** How many times the busiest value's requests a hot word has more than (hotBesideValues). */
const HOT_RATIO = 2;

/** The requests whose path ended at `n` (its hits less those that went on to its children). */
function requestsEnding<E>(n: PathNode<E>): number {
  let below = 0;
  for (const c of n.children?.values() ?? []) below += c.hits;
  return n.hits - below;
}

/** Two nodes answer a method in common or have a literal sub-resource in common. */
function sharesMethodOrChild<E>(a: PathNode<E>, b: PathNode<E>): boolean {
  if (a.methods !== null && b.methods !== null) for (const m of a.methods.keys()) if (b.methods.has(m)) return true;
  if (a.children !== null && b.children !== null)
    for (const k of a.children.keys()) if (!k.startsWith(VAR) && b.children.has(k)) return true;
  return false;
}

/**
 * Whether the parent of `words` is an item of a collection named by its word (`/plans/checkout/…`, a literal child
 * of a plural): bodiless POSTs there are the item's actions (`/plans/checkout/deleteAllEnvironments`, `…/readDelegates`),
 * as under a value (`/jobs/{id}/start`); under a word naming a sub-resource (`/game/{key}/region/…`,
 * `/unarchive/coupon/…`) they name objects (postedValueLeaves).
 */
function underAnItem<E>(words: Array<[string, PathNode<E>]>): boolean {
  return words.some(([, w]) => w.parent?.parent != null && collectionWord(w.parent.parent));
}

/** A leaf (no children) answering one method and no other: POST (postOnlyLeaf), GET (readOnlyLeaf), PUT (putValueLeaves). */
function leafAnsweringOnly<E>(n: PathNode<E>, method: string): boolean {
  return n.children === null && n.methods !== null && n.methods.size === 1 && n.methods.has(method);
}

/** A leaf answering only POST is an action (`/actions/assign`, `/actions/unassign`), not a name. */
function postOnlyLeaf<E>(n: PathNode<E>): boolean {
  return leafAnsweringOnly(n, 'POST');
}

/**
 * The words of `words` whose keys no rule has joined yet: judge() runs its rules one after another, each on
 * what the ones before left at the position.
 */
function notJoined<E>(words: Array<[string, PathNode<E>]>, joined: Array<[string, PathNode<E>]>): Array<[string, PathNode<E>]> {
  if (joined.length === 0) return words;
  const taken = new Set(joined.map(([k]) => k));
  return words.filter(([k]) => !taken.has(k));
}

/** The words of `words` that recur under no cousin (recurringWords; null: no cousins known): the position's own. */
function ownWords<E>(words: Array<[string, PathNode<E>]>, recurring: Map<string, number> | null): Array<[string, PathNode<E>]> {
  return recurring === null ? words : words.filter(([k]) => (recurring.get(k) ?? 0) === 0);
}

/**
 * The words itemsBesideTheirParent judges: in a collection all of them, elsewhere the position's own (ownWords). Items of
 * one kind of collection under several parents share names (a location `north` of an app and of a project), so a word
 * recurring under cousins is no sign of the API's vocabulary there; the rule's own test of answers (each read as an item,
 * unlike the parent's list; the vocabulary's views answer as the list does) tells them apart. docs/api-discovery.md,
 * branch i19-enum3 of the seventeenth session.
 */
function besideWords<E>(
  words: Array<[string, PathNode<E>]>,
  recurring: Map<string, number> | null,
  parent: WordParent,
): Array<[string, PathNode<E>]> {
  return parent === 'plural' ? words : ownWords(words, recurring);
}

/** Whether `w` has sub-resources and every literal one is in `below` (the keys under its siblings). */
function leadsAmong<E>(w: PathNode<E>, below: ReadonlySet<string>): boolean {
  if (w.children === null) return false;
  let literal = 0;
  for (const k of templateChildren(w).keys()) {
    if (k.startsWith(VAR)) continue;
    if (!below.has(k)) return false;
    literal++;
  }
  return literal > 0;
}

/**
 * Structure two words share through their items (valueChildrenOf, a few of each), 0 to 2: items both write (DELETE, PUT or
 * PATCH: `PUT /GitHub.Network/private/{name}`, `/active/{name}`), as a written sub-collection is shared (writtenItemsOfBoth),
 * and then a sub-resource of those items in common (`/private/{name}/resourcePatchCompleted`, `/active/{name}/…`): the
 * words lead to one kind of item, enum values before a name. Each item is seen with part of its actions, so they are pooled
 * over the items. Plurals are collections, each with items of its own kind (`/org/teams/{id}`, `/org/projects/{id}`): 0.
 */
function writtenItemsInCommon<E>(a: PathNode<E>, b: PathNode<E>): number {
  if (collectionWord(a) || collectionWord(b)) return 0;
  const ia = itemsPooled(a);
  const ib = itemsPooled(b);
  if (!ITEM_METHODS.some((m) => ia.methods.has(m) && ib.methods.has(m))) return 0;
  return [...ia.subResources].some((k) => ib.subResources.has(k)) ? 2 : 1;
}

/** The methods that write an item by its name (itemMethods, sharedItemMethod). */
const ITEM_METHODS = ['DELETE', 'PUT', 'PATCH'];

/** The methods and the literal sub-resources of a word's items (valueChildrenOf), pooled. */
function itemsPooled<E>(w: PathNode<E>): { methods: Set<string>; subResources: Set<string> } {
  const methods = new Set<string>();
  const subResources = new Set<string>();
  for (const item of valueChildrenOf(w)) {
    for (const m of item.methods?.keys() ?? []) methods.add(m);
    for (const k of templateChildren(item).keys()) if (!k.startsWith(VAR)) subResources.add(k);
  }
  return { methods, subResources };
}

/**
 * Under a singular word or a parameter, a word that is no plural and whose value child is written as an item (DELETE, PUT or
 * PATCH: `PUT /providers/GitHub.Network/private/{name}`): an enum value before a name, its own actions beside the items or not
 * (`POST /GitHub.Network/private/resourceReadBegin`). A plural with written items is a collection of its own
 * (`/org/teams/{id}`, `/org/projects/{id}`); in a collection the word is an item and its value child a sub-collection's.
 */
function writtenItemsBelow<E>(w: PathNode<E>, parent: WordParent): boolean {
  if (parent === 'plural' || parent === null || collectionWord(w)) return false;
  return valueChildrenOf(w).some(itemMethods);
}

/**
 * Whether `ca` and `cb`, a literal child of the words `a` and `b`, are an item of each of two collections: both words
 * plurals (collectionWord: `/models`, `/services`) and the child written as an item under both (DELETE, PUT or PATCH:
 * `PATCH /models/weekly`, `PATCH /services/weekly`). A collection's written children are its items, named by the
 * collection's own values (an enum's words: `weekly`, `public`), and two collections may hold items named alike; they
 * are no sub-resource of each as `/{name}/_meta` is of every name. So they are no evidence that the two words are one
 * parameter's values (docs/api-discovery.md "i19-variants7").
 */
function itemOfTwoCollections<E>(a: PathNode<E>, b: PathNode<E>, ca: PathNode<E>, cb: PathNode<E>): boolean {
  return !ca.value && !cb.value && collectionWord(a) && collectionWord(b) && sharedItemMethod(ca, cb);
}

function sharedItemMethod<E>(a: PathNode<E>, b: PathNode<E>): boolean {
  if (a.methods === null || b.methods === null) return false;
  for (const m of ITEM_METHODS) if (a.methods.has(m) && b.methods.has(m)) return true;
  return false;
}

/**
 * In a collection, a leaf deleted (and read) as the values are (`DELETE /volumes/kevin` beside `carla32`,
 * `henry49`): one more item, where empty answers give no shape to compare. A PUT or PATCH takes a body that
 * the shapes compare (`PUT /distributions/bulk_replace` stays literal); actions answer POST.
 */
function deletedLeafOf<E>(w: PathNode<E>, values: Array<PathNode<E>>): boolean {
  if (w.children !== null || w.methods === null || !w.methods.has('DELETE')) return false;
  for (const m of w.methods.keys())
    if ((m !== 'DELETE' && m !== 'GET') || !values.some((v) => v.methods?.has(m) === true)) return false;
  return true;
}

/**
 * Under a parameter, a leaf read once (GET only) beside values that are all read-only leaves too
 * (`/users-v1/{repository}/gweber` beside `jack9`, `henry_silva6`): one more of the long tail of values,
 * where answers with no body give nothing to compare. The API's vocabulary under an item
 * (`/users/{id}/followers`) is asked for again, or has children or other methods.
 */
function readOnceBesideLeaves<E>(w: PathNode<E>, values: Array<PathNode<E>>): boolean {
  if (!readOnlyLeaf(w) || w.hits !== 1) return false;
  for (const v of values) if (!readOnlyLeaf(v)) return false;
  return true;
}

/** Whether every leaf child of `above` is one of `words` (the same key and the same node). */
function allLeavesAmong<E>(above: PathNode<E>, words: Array<[string, PathNode<E>]>): boolean {
  for (const [k, c] of above.children!) if (c.children === null && !words.some(([o, w]) => o === k && w === c)) return false;
  return true;
}

function readOnlyLeaf<E>(n: PathNode<E>): boolean {
  return leafAnsweringOnly(n, 'GET');
}

/** Whether a node answered as an item does: DELETE, PUT or PATCH on the node itself. */
function itemMethods<E>(n: PathNode<E>): boolean {
  return n.methods !== null && (n.methods.has('DELETE') || n.methods.has('PUT') || n.methods.has('PATCH'));
}

/**
 * A grouped view of a resource (`/totals/by_entity`, `/contributions/by-state`, `/sales/byRegion`): `by`, then `_`, `-`
 * or a capital and a word. It names the dimension a report is grouped by, the API's vocabulary: no value of a parameter
 * (an enum, a name, an id) reads as a preposition before a word.
 */
const GROUPED_VIEW = /^by(?:[_-][a-z]|[A-Z][a-z])[A-Za-z]*$/;

/**
 * `path_similar_threshold` distinct words or more under a word, all of them plurals and nothing beside them (no value,
 * no value-like name), none written as an item (DELETE, PUT, PATCH on the word): collections of a collection of
 * collections (`/names/candidates`, `/names/committees`, `/names/audit_committees`; `/dictionaries/countries`,
 * `/dictionaries/product_types`; `/resources/languages.json`, `/resources/userMediaLists/{id}.json`). An API names a
 * collection by a plural; the values of one parameter (enum words, names, ids) are one item each, not several.
 */
function collectionsOfCollections<E>(words: Array<[string, PathNode<E>]>, least: number): boolean {
  if (new Set(words.map(([k]) => k)).size < least) return false;
  if (!words.every(([, w]) => collectionWord(w) && !itemMethods(w))) return false;
  // Plurals that differ only before one end (`Album-comments`, `Venue-comments`, `Song-comments`) are one collection
  // qualified by a value, `{id}-comments` (tailedWords): the end is the plural, the heads vary.
  const heads = new Map<string, number>();
  for (const [, w] of words) heads.set(wordTail(w.stem), (heads.get(wordTail(w.stem)) ?? 0) + 1);
  return ![...heads].some(([tail, n]) => tail !== '' && n >= least);
}

/**
 * The words of a position with the names the grammar of paths keeps literal left out (docs/api-discovery.md, branch
 * i19-leaves): grouped views (GROUPED_VIEW) anywhere under a word or a parameter, and under a word, with no value or
 * value-like name beside them, collections of collections (collectionsOfCollections).
 */
function withoutNamedResources<E>(
  g: {
    vars: Array<PathNode<E>>;
    soft: Array<[string, PathNode<E>]>;
    weak: Array<[string, PathNode<E>]>;
    words: Array<[string, PathNode<E>]>;
  },
  parent: WordParent,
  least: number,
): Array<[string, PathNode<E>]> {
  if (parent === null) return g.words;
  const words = g.words.filter(([, w]) => !GROUPED_VIEW.test(w.stem));
  const alone = g.vars.length === 0 && g.soft.length === 0 && g.weak.length === 0;
  if (parent !== 'param' && alone && collectionsOfCollections(words, least)) return [];
  return words;
}

/** A literal that goes straight to the value child of a folded position: value-like by its shape (softValue, weakValue, titleSlug). */
function foldable(stem: string): boolean {
  return softValue(stem) || weakValue(stem) || titleSlug(stem);
}

function collectionWord<E>(n: PathNode<E>): boolean {
  if (n.value || n.stem === '') return false;
  // A collection of a versioned API keeps its version after the word (`reviews-v1`, `tables_v2`).
  const stem = n.stem.replace(VERSION_END, '');
  const w = trailingLetters(stem).toLowerCase();
  // A type with a bit width in the plural (`int32s`, `uint8s`) is a collection like `floats`.
  if (w === 's' && /^[a-z]{2,}\d{1,3}s$/i.test(stem)) return true;
  if (w.length < 3) return false;
  if (w.endsWith('s')) return !/(?:ss|us|is)$/.test(w) && !/^(?:news|series)$/.test(w);
  return /^(?:people|children|data|media|metadata|feed)$/.test(w);
}

/** The literal end of `Album-comments` (`-comments`): a separator and a word after one word; '' if none. */
function wordTail(stem: string): string {
  const i = Math.max(stem.lastIndexOf('-'), stem.lastIndexOf('_'));
  if (i < 1 || stem.length - i - 1 < 3) return '';
  return /^[A-Za-z][A-Za-z0-9]*$/.test(stem.slice(0, i)) && /^[a-z]+$/i.test(stem.slice(i + 1)) ? stem.slice(i) : '';
}

/** The tails seen after each head and the heads seen before each tail of pairs of words (pairsOfWords, dottedPairsOfWords). */
function halvesOf(pairs: ReadonlyArray<{ head: string; tail: string }>): {
  tailsOf: Map<string, Set<string>>;
  headsOf: Map<string, Set<string>>;
} {
  const tailsOf = new Map<string, Set<string>>();
  const headsOf = new Map<string, Set<string>>();
  for (const p of pairs) {
    let t = tailsOf.get(p.head);
    if (t === undefined) tailsOf.set(p.head, (t = new Set()));
    t.add(p.tail);
    let h = headsOf.get(p.tail);
    if (h === undefined) headsOf.set(p.tail, (h = new Set()));
    h.add(p.head);
  }
  return { tailsOf, headsOf };
}

/**
 * The key a pair of words groups under, that of the parsed pairs with its separator (`^` of `x86_64:3`,
 * `^.` of `GIXeN0PKq.Tazo96EvXsG`: pairOf, dotPair), so the words join the pair's values.
 */
function wordPairKey<E>(c: PathNode<E>): string {
  return c.pairSep === ':' ? PAIR_KEY : PAIR_KEY + c.pairSep;
}

/** A node's children in template space: value children and literals judged values under `{}`+suffix. */
function templateChildren<E>(n: PathNode<E>): Map<string, PathNode<E>> {
  const out = new Map<string, PathNode<E>>();
  for (const [key, c] of n.children ?? []) {
    const t = key.startsWith(VAR)
      ? VAR + suffixOfKey(key.slice(1))
      : n.values?.has(key)
        ? VAR + (c.wordPair ? wordPairKey(c) : c.tail + c.suffix)
        : key;
    if (!out.has(t)) out.set(t, c);
  }
  return out;
}

/** A node's value child without a suffix (`{id}` of `/floats/julia/{id}`), or null. */
function valueChildOf<E>(n: PathNode<E>): PathNode<E> | null {
  return templateChildren(n).get(VAR) ?? null;
}

/**
 * A node's items without a suffix: its value children and the literals judged values (`/floats/julia/{id}`),
 * at most VALUE_CHILDREN of them (the first, in the order they were seen).
 */
function valueChildrenOf<E>(n: PathNode<E>): Array<PathNode<E>> {
  const out: Array<PathNode<E>> = [];
  for (const [key, c] of n.children ?? []) {
    if (out.length === VALUE_CHILDREN) break;
    const item = key.startsWith(VAR)
      ? suffixOfKey(key.slice(1)) === ''
      : n.values?.has(key) === true && c.tail === '' && c.suffix === '';
    if (item) out.push(c);
  }
  return out;
}

/** Items of a name compared with another name's (valueChildrenOf): enough to find a method in common, bounded. */
const VALUE_CHILDREN = 8;

/**
 * Whether a position (its template children) holds items: a value child of its own (`{id}`,
 * `{id}.json`). A value after a literal prefix is a page or a part of the resource (`page-{id}.atom`),
 * not an item, so `/channel/e4/page-{id}.atom` does not make `e4` a collection.
 */
function hasValueChild<E>(children: Map<string, PathNode<E>>): boolean {
  for (const k of children.keys()) if (k.startsWith(VAR) && k.charCodeAt(1) !== 126) return true;
  return false;
}

/**
 * Per name, pooled over every raw node of a position: its methods, its children (a value child or a
 * value-like name as `{}`) and, one level down, their methods and children (namesOfOneShape).
 * Plurals (collections) and leaves answering only POST (actions) are left out.
 */
function pooledShapes<E>(words: Array<[string, PathNode<E>]>): Map<string, { features: Set<string>; nodes: Array<PathNode<E>> }> {
  const pooled = new Map<string, { features: Set<string>; nodes: Array<PathNode<E>> }>();
  const childKey = (k: string, c: PathNode<E>): string =>
    k.startsWith(VAR) ? VAR + suffixOfKey(k.slice(1)) : c.soft ? VAR + c.suffix : k;
  for (const [k, w] of words) {
    if (collectionWord(w) || postOnlyLeaf(w)) continue;
    let p = pooled.get(k);
    if (p === undefined) pooled.set(k, (p = { features: new Set(), nodes: [] }));
    p.nodes.push(w);
    for (const m of w.methods?.keys() ?? []) p.features.add(m);
    for (const [ck, c] of templateChildren(w)) {
      const a = childKey(ck, c);
      p.features.add(`/${a}`);
      for (const m of c.methods?.keys() ?? []) p.features.add(`/${a} ${m}`);
      for (const [gk, gc] of templateChildren(c)) {
        const b = childKey(gk, gc);
        p.features.add(`/${a}/${b}`);
        for (const m of gc.methods?.keys() ?? []) p.features.add(`/${a}/${b} ${m}`);
      }
    }
  }
  return pooled;
}

/**
 * Features two names have in common, and how many distinct literal sub-resources are among them:
 * anywhere in the two levels, or (`direct`) the names' own children only.
 */
function featuresInCommon(a: Set<string>, b: Set<string>, direct: boolean): { common: number; named: number } {
  let common = 0;
  const named = new Set<string>();
  for (const f of a) {
    if (!b.has(f)) continue;
    common++;
    if (f.startsWith('/'))
      for (const seg of f
        .split(' ')[0]
        .split('/')
        .slice(1, direct ? 2 : 3))
        if (!seg.startsWith(VAR)) named.add(seg);
  }
  return { common, named: named.size };
}

/** The children of the raw nodes one template position covers, grouped by template segment, in a stable order. */
/** Distinct format suffixes a position's values come in before the format is a parameter (`{id}.{format}`). */
const FORMAT_PARAM = 3;

/** Names beside value-like ones, in a collection, whose sub-resources are all the values' before they are values too (subResourcesOfValues). */
const SUB_RESOURCE_NAMES = 2;
/** Codes beside a word in their alphabet before it may be one of them (codesAmongCodes): one is a name's chance, two a pool. */
const CODE_SIBLINGS = 2;
/** Slugs of words going where a value child's values go that make them values too (slugsBesideValues; one alone is vocabulary). */
const SLUG_SIBLINGS = 2;

/** Distinct names under a parameter's values before they are a second parameter (namesUnderNames). */
const NAMES_UNDER_NAMES = 4;

/** Distinct read-only leaves under a parameter's values that may still be views of every item (viewsOfItems): an API's few operations on an item. */
const VIEW_NAMES = 8;

/**
 * Views of every item (`/cities/{id}/dateTime`, `/distance`, `/locatedIn`, `/time`, whichever city is asked): leaves
 * read only (GET, nothing below them), each under half of the parameter's `raws` values or more, VIEW_NAMES or fewer.
 * An operation on an item is asked of whichever item the caller holds, so each view turns up under most items and
 * their number is the API's, not the data's. A second parameter's values (`/flags/{project}/{flag}`) spread over the
 * parents as the data does, and are written, deleted or lead further (namesUnderNames takes those).
 */
function viewsOfItems<E>(names: Array<[string, PathNode<E>]>, seen: Map<string, number>, raws: number): boolean {
  if (seen.size > VIEW_NAMES || raws < 2) return false;
  for (const n of seen.values()) if (2 * n < raws) return false;
  return names.every(([, w]) => w.children === null && w.methods !== null && [...w.methods.keys()].every((m) => m === 'GET'));
}

/** Features (methods, sub-resources, their methods) two names pooled over a position share before they have one shape (namesOfOneShape). */
const SHAPE_FEATURES = 3;

/** Custom methods and literal sub-resources two names under a version share before they are items (headsOfCustomMethods). */
const CUSTOM_METHOD_FEATURES = 2;

/** Distinct collections (plural words) of their own two names holding items under a version share before they are values (holdersOfOneSubtree). */
const HOLDER_COLLECTIONS = 3;

/** Distinct sub-resources in common before names of one shape in a collection or right under the root, a version or an API prefix are values. */
const ROOT_SUB_RESOURCES = 2;

/**
 * How many distinct format suffixes (`.json`, `.xml`, `.csv`) the values under `nodes` come in, value
 * children and literals judged values (no literal prefix, no pair): one item in three or more
 * representations is `{id}.{format}`; in one or two, each is its own endpoint (`{id}.json`, `{id}.xml`).
 */
function formatsOfValues<E>(nodes: Array<PathNode<E>>): number {
  const seen = new Set<string>();
  for (const n of nodes)
    for (const [key, c] of n.children ?? [])
      if ((c.value || n.values?.has(key) === true) && formatSuffix(c)) seen.add(c.suffix.toLowerCase());
  return seen.size;
}

/** A value node's suffix is a format (`.json`), written `.{format}` when its parent's formatParam. */
function formatSuffix<E>(c: PathNode<E>): boolean {
  return c.suffix.charCodeAt(0) === 46 && c.prefix === '' && !c.pair && c.tail === '' && !c.suffix.includes(':');
}

function childGroups<E>(nodes: Array<PathNode<E>>): Array<Group<E>> {
  const groups = new Map<string, Group<E>>();
  for (const n of nodes) {
    for (const [key, c] of n.children ?? []) {
      const isVar = key.startsWith(VAR) || n.values?.has(key) === true;
      const format = isVar && n.formatParam && formatSuffix(c);
      // Literals judged values group by their text around the value (`v{id}` of version tags apart from `{id}`).
      const t = !isVar
        ? key
        : format
          ? `${VAR}.{format}`
          : VAR +
            (key.startsWith(VAR)
              ? suffixOfKey(key.slice(1))
              : c.wordPair
                ? wordPairKey(c)
                : `${c.prefix === '' ? '' : `${c.prefix}|`}${c.tail}${c.suffix}`);
      let g = groups.get(t);
      if (g === undefined)
        groups.set(
          t,
          (g = {
            nodes: [],
            valueNodes: [],
            part: key,
            isVar,
            kind: 'id',
            prefix: isVar ? c.prefix : '',
            suffix: format ? '.{format}' : !isVar || c.wordPair ? '' : key.startsWith(VAR) ? c.suffix : c.tail + c.suffix,
          }),
        );
      g.nodes.push(c);
      if (isVar && key.startsWith(VAR) && c.kind !== 'id') g.kind = c.kind;
      if (isVar && !key.startsWith(VAR)) g.valueNodes.push(c);
    }
  }
  // Literals first (sorted), then parameters by suffix.
  const rank = (k: string): string => (k.startsWith(VAR) ? `\uffff${k}` : k);
  return [...groups.entries()].sort(([a], [b]) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0)).map(([, g]) => g);
}

/** Positions named alike across the API (./templates recurringWords): per segment, how many sit under each name above, and their child words. */
interface Cousins<E> {
  /** The nearest literal segment above each literal position with literal children. */
  above: Map<PathNode<E>, string>;
  bySegment: Map<string, { under: Map<string, number>; words: Map<string, Map<string, number>> }>;
}

/** One walk over the tree: the cousins of every position, counted (linear in the nodes). */
function cousinsOf<E>(root: PathNode<E>): Cousins<E> {
  const out: Cousins<E> = { above: new Map(), bySegment: new Map() };
  // `isValue`: a value child or a literal judged a value of its parent (`/baskets/{name}`): not a name above.
  const walk = (n: PathNode<E>, above: string, isValue: boolean): void => {
    if (n.children === null) return;
    if (n !== root && !isValue && n.literals > 0) {
      out.above.set(n, above);
      let seg = out.bySegment.get(n.stem);
      if (seg === undefined) out.bySegment.set(n.stem, (seg = { under: new Map(), words: new Map() }));
      seg.under.set(above, (seg.under.get(above) ?? 0) + 1);
      for (const k of n.children.keys()) {
        if (k.startsWith(VAR)) continue;
        let w = seg.words.get(k);
        if (w === undefined) seg.words.set(k, (w = new Map()));
        w.set(above, (w.get(above) ?? 0) + 1);
      }
    }
    const next = n === root || isValue ? above : n.stem;
    for (const [k, c] of n.children) walk(c, next, c.value || n.values?.has(k) === true);
  };
  walk(root, '', false);
  return out;
}

/**
 * For a literal position, how many of its cousins under other names (at least two: three positions
 * named alike under different resources) have each of its literal child words; null when there are
 * too few to tell. The same API mounted twice (`/api/baskets/…`, `/baskets/…`) is one resource, not
 * a cousin.
 */
function recurringWords<E>(cousins: Cousins<E>, nodes: Array<PathNode<E>>): Map<string, number> | null {
  const mine = cousins.above.get(nodes[0]);
  const seg = cousins.bySegment.get(nodes[0].stem);
  if (mine === undefined || seg === undefined) return null;
  // The position's own raw nodes are not its cousins, whatever is above them.
  const own = nodes.filter((n) => {
    const a = cousins.above.get(n);
    return a !== undefined && a !== mine;
  });
  let others = -own.length;
  for (const [above, n] of seg.under) if (above !== mine) others += n;
  if (others < 2) return null;
  const out = new Map<string, number>();
  for (const n of nodes) {
    for (const k of n.children?.keys() ?? []) {
      if (k.startsWith(VAR) || out.has(k)) continue;
      let elsewhere = 0;
      for (const [above, c] of seg.words.get(k) ?? []) if (above !== mine) elsewhere += c;
      for (const o of own) if (o.children!.has(k)) elsewhere--;
      out.set(k, elsewhere);
    }
  }
  return out;
}

function countNodes<E>(n: PathNode<E>): number {
  let c = 1;
  for (const child of n.children?.values() ?? []) c += countNodes(child);
  return c;
}

/** `format`, then `format2`... (the format parameter of `{id}.{format}`). */
function formatName(used: Set<string>): string {
  let name = 'format';
  for (let i = 2; used.has(name); i++) name = `format${i}`;
  used.add(name);
  return name;
}

/** `id`, then `<previous literal, singular>_id` when `id` is taken, then a number suffix. */
export function paramName(kind: VarKind, prevLiteral: string, used: Set<string>): string {
  let name: string = kind;
  if (used.has(name) && prevLiteral !== '') name = `${singular(prevLiteral).replace(/[^A-Za-z0-9_]/g, '_')}_${kind}`;
  for (let i = 2; used.has(name); i++) name = `${kind}${i}`;
  used.add(name);
  return name;
}

function singular(word: string): string {
  const w = word.toLowerCase();
  // Words that are their own singular, as for collection words (`series-{series_id}`, not `sery_id`).
  if (w === 'series' || w === 'news' || w === 'species') return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ses')) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
