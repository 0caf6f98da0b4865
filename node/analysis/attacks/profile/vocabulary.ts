/**
 * What a parameter profile counts (docs/detection.md "Parameter profiles"): the character classes,
 * length buckets, profiled point kinds, the free-text and vocabulary constants and rules, the value hash, the path template and parameter key.
 * Shared by the profiles (./profiles.ts) and the straightforward reference the property test pins
 * them to (test/unit/attacks/profile-reference.ts), which differ in how they key and cache, not in
 * what they count.
 */
import { dottedName, softValue } from '../../discovery/values';
import { rememberedSegment } from '../../discovery/templates';
import type { PointKind, RequestValue } from '../points/types';
import type { AnomalySettings } from './settings';

/** Character classes: 32 ASCII symbols (one each), then letters, digits, space, controls. */
export const SYMBOLS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
export const UPPER = 32;
export const LOWER = 33;
export const DIGIT = 34;
export const SPACE = 35;
/** Tab, line feed, carriage return: text layout (a textarea's lines), apart from other control characters. */
const LAYOUT = 36;
export const CONTROL = 37;
export const CLASSES = 38;
/** Class of each ASCII code; non-ASCII characters have none (scripts vary by user: docs/detection.md). */
export const CLASS_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < SYMBOLS.length; i++) CLASS_OF[SYMBOLS.charCodeAt(i)] = i;
for (let c = 65; c <= 90; c++) CLASS_OF[c] = UPPER;
for (let c = 97; c <= 122; c++) CLASS_OF[c] = LOWER;
for (let c = 48; c <= 57; c++) CLASS_OF[c] = DIGIT;
CLASS_OF[32] = SPACE;
for (let c = 0; c < 32; c++) CLASS_OF[c] = CONTROL;
CLASS_OF[9] = LAYOUT;
CLASS_OF[10] = LAYOUT;
CLASS_OF[13] = LAYOUT;
CLASS_OF[127] = CONTROL;

export const CLASS_NAMES = [...SYMBOLS]
  .map((s) => `symbol ${s}`)
  .concat(['upper-case letters', 'lower-case letters', 'digits', 'space', 'tabs or line breaks', 'control characters']);

/**
 * Whether a value's type is a number (`-4`, `40.5`, `4e-7`): its sign, point and exponent are the
 * number's grammar, not symbols or letters, so its only character class is digits. A negative
 * coordinate or amount in a parameter of positive ones is a number like the others (the type rule
 * judges it); `5-1` or `1e` are no numbers and keep their classes.
 */
export function isNumberType(type: string): boolean {
  return type === 'integer' || type === 'number';
}

/** Length buckets: exact to 32, then four per doubling. */
const EXACT = 32;
export const BUCKETS = EXACT + 4 * 20;
export function bucketOf(len: number): number {
  if (len <= EXACT) return len;
  return Math.min(BUCKETS - 1, EXACT + Math.ceil(Math.log2(len / EXACT) * 4));
}
export function bucketTop(b: number): number {
  return b <= EXACT ? b : Math.floor(EXACT * 2 ** ((b - EXACT) / 4));
}
/** The shortest length of bucket b. */
export function bucketBottom(b: number): number {
  return b <= EXACT ? b : bucketTop(b - 1) + 1;
}

/** The point's name when it is a plain one (`[kind, name]`): what a host-wide profile is keyed by, else null. */
export function plainName(v: RequestValue): string | null {
  return v.point.length === 2 && typeof v.point[1] === 'string' ? v.point[1] : null;
}

/** Values of an endpoint's parameter a host-wide profile must have judged and found normal before it judges the parameter's values. */
export const SHARED_MIN_AGREEING = 2;

/**
 * Endpoints whose parameter of a name must agree with the name's host-wide profile, none disagreeing,
 * before that profile judges the first values of the name at another endpoint (the name means one
 * thing on the host: docs/detection.md "One meaning per name (branch i18-profiles9)").
 */
export const NAME_AGREEING_ENDPOINTS = 3;

/**
 * Values a young parameter's evidence must have, all but `min_share` of them of one narrow type
 * family (typeFamily), before a value of another family breaks it: its endpoint's own first values,
 * or its name's values at the endpoints of its resource (resourceOf) once YOUNG_RESOURCE_PARAMETERS
 * of them sent some (docs/detection.md "Young endpoints by their types (branch i18-profiles10)").
 */
export const YOUNG_AGREEING_VALUES = 3;

/** Parameters of a name at the endpoints of one resource that must have sent values before they judge a young one's. */
export const YOUNG_RESOURCE_PARAMETERS = 2;

/**
 * The narrow type families a young parameter is judged by (typeFamily), from 1; 0 is every other
 * value (plain text and the open string formats: a token, hex, a link, a JWT), never judged so.
 */
export const TYPE_FAMILIES = ['', 'number', 'boolean', 'uuid', 'date', 'email', 'ipv4'] as const;

/**
 * A value type's family (an index of TYPE_FAMILIES): an integer is a number (`4.75` among ids is a
 * price, not a tampering), a date and a date-time one date; a uuid, an email, an IPv4 address each
 * its own; 0 for plain strings and open formats, which a client's values move between (`ffaacc` is
 * hex or a word by chance).
 */
export function typeFamily(type: string): number {
  switch (type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return 2;
    case 'string:uuid':
      return 3;
    case 'string:date':
    case 'string:date-time':
      return 4;
    case 'string:email':
      return 5;
    case 'string:ipv4':
      return 6;
    default:
      return 0;
  }
}

/**
 * The collection an endpoint's template belongs to, its resource: the template without a last
 * variable segment (`/v1/servers` for `/v1/servers/{}` and `/v1/servers`, `/users/{}/orders` for
 * `/users/{}/orders/{}`). Any method: a resource's GET, POST and PUT carry its fields by one name.
 */
export function resourceOf(template: string): string {
  return template.endsWith('/{}') ? template.slice(0, -3) : template;
}

/** Whether a type is a string's format (`string:uri`): what a host-wide profile does not judge by (see wide in ProfileStore.judge). */
export function stringFormat(type: string): boolean {
  return type.startsWith('string:');
}

/** Value types a length is not judged short in: a number's digits are its magnitude, not a format. */
export function lengthless(type: string): boolean {
  return type === 'integer' || type === 'number';
}

/** The fewest digits of a fixed-width code (see fixedWidth). */
export const FIXED_WIDTH_MIN = 5;

/**
 * Whether a parameter's values have one length, its usual shortest and usual longest (`minShare`
 * set aside at each end) being the same, of at least FIXED_WIDTH_MIN characters: a code written
 * with all its digits (a postcode, a phone or card number, a national id, a zero-padded number),
 * not a magnitude. A number is judged too short only in such a parameter (`28` among `28001`); in
 * one of varied lengths its length is its magnitude (`id=7` among `id=120`, `id=35`).
 */
export function fixedWidth(shortest: number, longest: number): boolean {
  return shortest === longest && shortest >= FIXED_WIDTH_MIN;
}

/** The kinds of points profiled: parameters a client fills in (not headers, cookies, paths or bodies as text). */
export const PROFILED = new Set<PointKind>(['query', 'form', 'json', 'multipart']);

/** Symbols a free-text parameter's values use (see punctuated). */
export const PROSE_SYMBOLS = 4;

/** How much wider the length bound of free text is (see ProfileStore.judge). */
export const PROSE_LENGTH_FACTOR = 4;

/** Distinct values remembered per parameter (as 32-bit hashes): an enum's words, a few ids. */
export const KNOWN_VALUES = 16;

/** FNV-1a of a string's UTF-16 code units. */
export function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** What the free-text and type rules read of a parameter's clean values (both profiles have it). */
export interface LearnedCounts {
  readonly clean: number;
  readonly sentences: number;
  readonly classes: ArrayLike<number>;
  readonly types: ReadonlyMap<string, number>;
}

/** What the young type rule reads of a parameter's values (both profiles have it): all met, and those that broke its young type evidence. */
export interface YoungCounts extends LearnedCounts {
  readonly n: number;
  readonly youngBroken: number;
  /** Values that broke its young plain-string evidence (youngSymbolBreak): a drift of their own, apart from the type rule's. */
  readonly youngSymbols: number;
}

/** What a rule's drift stop reads of a profile: its clean values and all its values (youngClean). */
export interface DriftCounts {
  readonly clean: number;
  readonly n: number;
}

/**
 * The clean values of a young parameter's evidence (`profiles`), or 0 while it cannot judge: fewer than `minClean`
 * of them, fewer than `parameters` profiles that sent any, or its breaks (`breaks`: of the type rule, the symbol
 * rules, the cut rule or the resource rule, each its own drift) reaching `driftShare` of all its values. Drift as an
 * established profile's, counted against the minValues values it would have: a young profile's first breaks are no
 * fifth of anything yet (two of nine values stopped it at the shop's half-tampered product ids).
 */
export function youngClean<T extends DriftCounts>(
  profiles: readonly T[],
  minClean: number,
  parameters: number,
  breaks: (q: T) => number,
  settings: Pick<AnomalySettings, 'driftShare' | 'minValues'>,
): number {
  let clean = 0;
  let n = 0;
  let broken = 0;
  let sending = 0;
  for (const q of profiles) {
    if (q.clean > 0) sending++;
    clean += q.clean;
    n += q.n;
    broken += breaks(q);
  }
  const drifted = broken >= settings.driftShare * Math.max(n, settings.minValues);
  return clean < minClean || sending < parameters || drifted ? 0 : clean;
}

const typeBreaks = (q: YoungCounts): number => q.youngBroken;
const symbolBreaks = (q: YoungCounts): number => q.youngSymbols;

/** Clean values by family (TYPE_FAMILIES), reused per call (youngTypeBreak). */
const familyCounts = new Uint32Array(TYPE_FAMILIES.length);

/**
 * What breaks a young parameter's type evidence (`profiles`: its own profile, or the profiles of
 * its name at the endpoints of its resource, its own among them), or null: YOUNG_AGREEING_VALUES
 * clean values or more, from `parameters` of the profiles or more, all but `minShare` of them of
 * one narrow family, and the value's type of another one, while fewer than `driftShare` of all
 * their values (of `minValues` at least) broke it so (an application that sends both). `own` (a profile of `profiles`, or null): its clean values must be of the
 * family too, none of another (its endpoint says the name takes more).
 */
export function youngTypeBreak(
  profiles: readonly YoungCounts[],
  own: YoungCounts | null,
  type: string,
  parameters: number,
  settings: Pick<AnomalySettings, 'minShare' | 'driftShare' | 'minValues'>,
): string | null {
  const clean = youngClean(profiles, YOUNG_AGREEING_VALUES, parameters, typeBreaks, settings);
  if (clean === 0) return null;
  const family = typeFamily(type);
  familyCounts.fill(0);
  for (const q of profiles) for (const [t, k] of q.types) familyCounts[typeFamily(t)] += k;
  const { minShare } = settings;
  let top = 0;
  for (let f = 1; f < TYPE_FAMILIES.length; f++) if (familyCounts[f] > familyCounts[top]) top = f;
  if (top === 0 || top === family || familyCounts[top] < (1 - minShare) * clean) return null;
  if (own !== null) for (const [t, k] of own.types) if (k > 0 && typeFamily(t) !== top) return null;
  return `${TYPE_FAMILIES[top]} in ${familyCounts[top]} of ${clean} values`;
}

/**
 * The symbols of code and markup, not of text (`;` `"` `<` `>` `{` `}` `|` `\\` `$` and the
 * backtick: statement ends, strings, tags, blocks, pipes, escapes, variables), as bits of the low
 * class word. Text punctuation (`'` `,` `&` `-` `.` `(`) is not among them: names and labels take it.
 */
export const CODE_SYMBOLS = [...';"<>{}|\\$`'].reduce((bits, c) => bits | (1 << SYMBOLS.indexOf(c)), 0);
const QUOTE_BIT = 1 << SYMBOLS.indexOf('"');

/**
 * Clean values a young parameter's evidence must have, none with a code or markup symbol
 * (CODE_SYMBOLS), all plain strings and not sentences, before a value with one breaks it
 * (youngSymbolBreak; docs/detection.md "Code and markup symbols at young names (branch i18-profiles11)").
 */
export const YOUNG_PLAIN_VALUES = 5;

/** The code and markup symbols of a value's classes (`lo`): a `"` only when unpaired (a pair quotes words, as text does). */
function codeSymbolsOf(lo: number, value: string): number {
  const code = lo & CODE_SYMBOLS;
  if ((code & QUOTE_BIT) === 0) return code;
  let quotes = 0;
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) === 34) quotes++;
  return quotes % 2 === 0 ? code & ~QUOTE_BIT : code;
}

/**
 * The clean values of a young parameter's plain-string evidence (`profiles`, as youngSymbolBreak's), or 0 while
 * it cannot judge: any profile's clean values not all plain strings, or with a symbol of `symbols` (bits of the low
 * class word); fewer than YOUNG_PLAIN_VALUES of them from `parameters` profiles, or drifted (youngClean, by the
 * symbol rules' breaks); sentences (whose punctuation is language). Shared by the code-symbol rule and the text-symbol
 * rule (young-plain.ts).
 */
export function plainStringsWithout(
  profiles: readonly YoungCounts[],
  symbols: number,
  parameters: number,
  settings: Pick<AnomalySettings, 'driftShare' | 'minValues' | 'proseShare'>,
): number {
  let sentences = 0;
  for (const q of profiles) {
    sentences += q.sentences;
    if ((q.types.get('string') ?? 0) !== q.clean) return 0;
    for (let k = 0; k < SYMBOLS.length; k++) if ((symbols & (1 << k)) !== 0 && q.classes[k] > 0) return 0;
  }
  const clean = youngClean(profiles, YOUNG_PLAIN_VALUES, parameters, symbolBreaks, settings);
  if (clean === 0) return 0;
  return writesSentences({ clean, sentences, classes: [], types: new Map() }, settings.proseShare) ? 0 : clean;
}

/**
 * What breaks a young parameter's plain-string evidence (`profiles`: its own profile, or the
 * profiles of its name at the endpoints of its resource, its own among them), or null: the value
 * (`lo`, its classes' low word) carries a code or markup symbol (codeSymbolsOf) while YOUNG_PLAIN_VALUES
 * clean values or more, from `parameters` of the profiles or more, were all plain strings, none with
 * any such symbol nor sentences (whose punctuation is language), and fewer than `driftShare` of all
 * their values (of `minValues` at least) broke it so (an application that sends them).
 */
export function youngSymbolBreak(
  profiles: readonly YoungCounts[],
  lo: number,
  value: string,
  parameters: number,
  settings: Pick<AnomalySettings, 'driftShare' | 'minValues' | 'proseShare'>,
): string | null {
  const code = codeSymbolsOf(lo, value);
  if (code === 0) return null;
  const clean = plainStringsWithout(profiles, CODE_SYMBOLS, parameters, settings);
  if (clean === 0) return null;
  const k = 31 - Math.clz32(code & -code);
  return `symbol ${SYMBOLS[k]}: none in ${clean} plain values`;
}

const BASE64_STANDARD = ['+', '/', '='].map((c) => SYMBOLS.indexOf(c));
const BASE64_URL = ['-', '_', '='].map((c) => SYMBOLS.indexOf(c));

/**
 * The symbol classes (bits of the low class word) that are letters of the base64 alphabet a
 * parameter's values are written in, or 0: when at least half of its clean values have upper-case
 * letters, lower-case letters and digits each, and the only symbols any of them has are of one
 * base64 alphabet (`+` `/` `=`, or `-` `_` `=`; `=` alone is the standard one), that alphabet's
 * symbols are letters, present or not by chance (a SAMLRequest with a `/` where 73 had none), and
 * not judged by class. A parameter with no symbol at all is not base64 by its evidence.
 */
export function base64Letters(p: LearnedCounts): number {
  const half = p.clean / 2;
  if (p.classes[UPPER] < half || p.classes[LOWER] < half || p.classes[DIGIT] < half) return 0;
  let standard = true;
  let url = true;
  let any = false;
  for (let k = 0; k < SYMBOLS.length; k++) {
    if (p.classes[k] === 0) continue;
    any = true;
    if (!BASE64_STANDARD.includes(k)) standard = false;
    if (!BASE64_URL.includes(k)) url = false;
  }
  if (!any || !(standard || url)) return 0;
  let bits = 0;
  for (const k of standard ? BASE64_STANDARD : BASE64_URL) bits |= 1 << k;
  return bits;
}

/** Characters without which no path segment is variable (variableSegment). */
export const VARIABLE_HINT = /[\d@]/;

/** The path with variable segments (variablePathSegment) as `{}`. */
export function pathTemplate(path: string): string {
  if (!VARIABLE_HINT.test(path)) return path;
  return path
    .split('/')
    .map((s) => (s !== '' && variablePathSegment(s) ? '{}' : s))
    .join('/');
}

/**
 * Whether a path segment is a value, for an endpoint's template: by the discovery templater's own
 * segment reading (an id, hash, token, date or email, also before a format suffix or after a word:
 * `35910.json`, `page-12`, `x86_64:3`), or value-like by its shape (`anna84`, `pine-ember-114`,
 * `gold_falcon_19`: the classifier's softValue, dotted names apart). Discovery makes a soft value a
 * parameter only with its siblings' agreement; a profile takes it on its shape alone: a name-keyed
 * resource left literal makes each user, site or cluster an endpoint of its own that is called a
 * few times, never established (and fills max_endpoints), while two literal siblings merged by
 * mistake only share one profile (docs/detection.md "Name-keyed paths (branch i18-profiles5)").
 */
export function variablePathSegment(seg: string): boolean {
  // Not a dotted name (`anna.smith`, which softValue takes): a page's file name reads the same
  // (`add.jsp`, `cart.php` under `/shop2/`), and a site's pages are its endpoints.
  return rememberedSegment(seg, false).kind !== null || (softValue(seg) && !dottedName(seg));
}

/** The parameter a value belongs to: its kind and point, array indices as `*`. */
export function parameterKey(v: RequestValue): string {
  let key: string = v.kind;
  for (let i = 1; i < v.point.length; i++) key += '\u0001' + (typeof v.point[i] === 'number' ? '*' : String(v.point[i]));
  return key;
}

/**
 * Whether a parameter's clean values use punctuation as writing does: PROSE_SYMBOLS or more symbols,
 * each in at least 1 % of them (and twice). Words with spaces alone (`carla river`, `gold maple`)
 * are names and labels, whose alphabet is fixed.
 */
export function punctuated(p: LearnedCounts): boolean {
  const min = Math.max(2, p.clean / 100);
  let symbols = 0;
  for (let k = 0; k < SYMBOLS.length; k++) if (p.classes[k] >= min) symbols++;
  return symbols >= PROSE_SYMBOLS;
}

/**
 * Whether a parameter's values are sentences: half `proseShare` of its clean values have two spaces
 * or more (three words: a first and last name has not). Their punctuation is language, not an
 * alphabet: too short is not judged, nor their classes fixed from their first values.
 */
export function writesSentences(p: LearnedCounts, proseShare: number): boolean {
  return p.sentences * 2 >= proseShare * p.clean;
}

/**
 * Whether a parameter is free text (searches, comments, titles): `proseShare` of its clean values
 * have a space, half as many have two (three words or more: a first and last name is not free
 * text), and it is punctuated.
 */
export function isProse(p: LearnedCounts, proseShare: number): boolean {
  return p.classes[SPACE] >= proseShare * p.clean && writesSentences(p, proseShare) && punctuated(p);
}

/**
 * The type most clean values have when it is narrower than plain text (numbers, booleans, formatted
 * strings: uuid, date, email...), else null: plain text takes any string (a URL, an email, a token
 * in a comment). A link is not narrower: a parameter of absolute URLs (`website`, `callback_url`)
 * also takes what people and programs write for one, a relative reference (`/img/a.png`), a host
 * without its scheme (`www.example.org`), a `mailto:` or an empty value, all plain strings.
 */
export function narrowMajority(p: LearnedCounts): [string, number] | null {
  let top = 0;
  let topType = '';
  for (const [t, n] of p.types) if (n > top) [top, topType] = [n, t];
  return top * 2 > p.clean && topType !== 'string' && topType !== URI_TYPE ? [topType, top] : null;
}
const URI_TYPE = 'string:uri';

/**
 * Whether most clean values are of one string format (uri, email, date...): their grammar is the
 * format's, and a link also takes what people and programs write for one (narrowMajority), so what
 * such a value lacks is not judged (docs/detection.md "Value shapes (branch i18-profiles)").
 */
export function mostlyFormatted(p: LearnedCounts): boolean {
  for (const [t, n] of p.types) if (n * 2 > p.clean && stringFormat(t)) return true;
  return false;
}

/** The clean values of the value's type (an integer is a number too: `5` among `4.75`, `12.5`). */
export function sameTypeCount(p: LearnedCounts, type: string): number {
  return (p.types.get(type) ?? 0) + (type === 'integer' ? (p.types.get('number') ?? 0) : 0);
}
