/**
 * What a single observed value is: its JSON-Schema type and, when the evidence is unambiguous, a
 * format. Path segments use the same evidence to decide whether they are variable.
 */

import { versionKind } from './versions';

export type ValueType = 'integer' | 'number' | 'boolean' | 'string' | 'null' | 'object' | 'array';

/**
 * No leading zero: `007`, `00042` are codes (zip codes, account numbers, zero-padded ids), strings.
 * At most 16 digits: past 2^53 (`1790712390123456789`, a 64-bit snowflake id) a JSON client cannot
 * hold the value as a number, so APIs write such ids as strings (safeDigits).
 */
const INTEGER = /^-?(?:0|[1-9]\d{0,15})$/;
const NUMBER = /^-?\d+\.\d+(?:[eE][-+]?\d+)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]{16,128}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
/** A date with the month's name, as some APIs write it in paths (`2024-JAN-05`, `05-Jan-2024`): a value, not a format. */
const MONTH_NAME_DATE =
  /^(?:\d{4}-(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)-\d{1,2}|\d{1,2}-(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)-\d{4})$/i;
/** Letters and digits only. */
const ALNUM = /^[A-Za-z0-9]+$/;
const EMAIL = /^[^\s@]{1,64}@[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const JWT = /^eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*$/;
const URL_RE = /^https?:\/\/[^\s]+$/i;
/** Opaque ids and tokens: long, mixed letters and digits, no spaces. */
const TOKEN = /^(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}$/;

/** Formats as OpenAPI/JSON Schema name them (`hex` and `token` are ours, documented). */
export type ValueFormat = 'int64' | 'uuid' | 'hex' | 'date' | 'date-time' | 'email' | 'ipv4' | 'jwt' | 'uri' | 'token';

export function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/**
 * The format of a string value, or null when it is plain text. Every pattern is anchored, so a
 * pattern whose first character (or, for an email, whose `@`) the value lacks is not tried: most
 * values are words, prose or numbers that only one or two of them could match (the same answer
 * as trying each in turn: test/unit/discovery/value-format.test.ts).
 */
export function stringFormat(s: string): ValueFormat | null {
  if (s.length < 7 || s.length > 4096) return null;
  const c = s.charCodeAt(0);
  const digit = c >= 48 && c <= 57;
  const hex = digit || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
  if (hex && UUID.test(s)) return 'uuid';
  if (digit) {
    if (isDate(s)) return 'date';
    if (DATE_TIME.test(s)) return 'date-time';
    if (IPV4.test(s)) return 'ipv4';
  }
  if (s.includes('@') && EMAIL.test(s)) return 'email';
  if (c === 101 /* e */ && JWT.test(s)) return 'jwt';
  if ((c === 104 || c === 72) /* h, H */ && URL_RE.test(s)) return 'uri';
  if (hex && HEX.test(s) && /\d/.test(s)) return 'hex';
  if (c < 128 && TOKEN_FIRST[c] === 1 && TOKEN.test(s)) return 'token';
  return null;
}

/** Characters a TOKEN may start with ([A-Za-z0-9_-]), by code (ASCII). */
const TOKEN_FIRST = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-') TOKEN_FIRST[ch.charCodeAt(0)] = 1;

const INTEGER_TEXT = { type: 'integer', format: null } as const;
const NUMBER_TEXT = { type: 'number', format: null } as const;
const BOOLEAN_TEXT = { type: 'boolean', format: null } as const;

/**
 * Type and format of a textual value (query, header, cookie, form field, path segment). Numbers
 * start with a digit or `-` (INTEGER, NUMBER): other values skip both tests. Digits with a leading
 * zero (`00042`) are a string: no integer is written so. The answers for
 * numbers and booleans are shared objects: callers only read them.
 */
export function classifyText(s: string): { readonly type: ValueType; readonly format: ValueFormat | null } {
  const c = s.charCodeAt(0);
  if ((c >= 48 && c <= 57) || c === 45) {
    if (INTEGER.test(s) && safeDigits(s)) return INTEGER_TEXT;
    if (NUMBER.test(s)) return NUMBER_TEXT;
  }
  if (s === 'true' || s === 'false') return BOOLEAN_TEXT;
  return { type: 'string', format: stringFormat(s) };
}

/** The largest integer a JSON client holds exactly (2^53 - 1), as digits. */
const MAX_SAFE_DIGITS = String(Number.MAX_SAFE_INTEGER);

/** Whether an integer's digits (an optional `-`, no leading zero) are within 2^53 - 1. */
function safeDigits(s: string): boolean {
  const digits = s.charCodeAt(0) === 45 ? s.slice(1) : s;
  return digits.length < MAX_SAFE_DIGITS.length || (digits.length === MAX_SAFE_DIGITS.length && digits <= MAX_SAFE_DIGITS);
}

/**
 * The type of a value made of digits only (a path segment): `integer`, unless it is written with a
 * leading zero (`00042`: a code) or is past 2^53 (an id no JSON client holds as a number): `string`,
 * as classifyText.
 */
export function digitsType(s: string): 'integer' | 'string' {
  return (s.length === 1 || s.charCodeAt(0) !== 48) && safeDigits(s) ? 'integer' : 'string';
}

/** Type of a parsed JSON value; only strings have a format (stringFormat). */
export function jsonType(v: unknown): ValueType {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    default:
      return Array.isArray(v) ? 'array' : 'object';
  }
}

/**
 * The kind of a path segment when it is variable by its own evidence (ids, hashes, dates, emails,
 * tokens), else null: such a segment stays literal unless its position has many distinct values.
 */
export function variableSegment(seg: string): 'id' | 'date' | 'email' | null {
  if (/^\d+$/.test(seg)) return 'id';
  if (UUID.test(seg) || (HEX.test(seg) && /\d/.test(seg)) || tokenId(seg) || prefixedId(seg)) return 'id';
  if (isDate(seg) || DATE_TIME.test(seg) || MONTH_NAME_DATE.test(seg)) return 'date';
  if (EMAIL.test(seg)) return 'email';
  return null;
}

/** A value only by the long-token rule (not a number, UUID, hash, typed id, date or email): `episode-65e2…` may be a word and a value. */
export function tokenOnly(s: string): boolean {
  return tokenId(s) && !UUID.test(s) && !HEX.test(s) && !/^\d+$/.test(s) && !prefixedId(s);
}

/**
 * A long token (TOKEN) in a path: an id, unless its letters are words with a number inside (numberedName:
 * `associatedRoute53HealthChecks`, 29 characters, is a sub-resource's name).
 */
function tokenId(s: string): boolean {
  return TOKEN.test(s) && !numberedName(s);
}

/**
 * A typed random id: a short lower-case type prefix, `_`, and 10+ random characters mixing digits
 * and letters of both cases (`cus_NffrFeUfNV2Hib`, `subt_4kMTLxtCVdWNpW`), or long random letters
 * without a digit (`obj_cJodbAmoCuCnyl`, `pi_AaNyQtvatupWPB`: randomLetters). Its own shape proves it is a
 * value; keys made of words (`gold_falcon_19`, `user_settings`, `get_ByName`, `api_GetUserProfile`) are not random.
 */
function prefixedId(s: string): boolean {
  const u = s.indexOf('_');
  if (u < 2 || u > 8 || s.length - u - 1 < 10 || s.length > 64) return false;
  for (let i = 0; i < u; i++) {
    const c = s.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  const tail = s.slice(u + 1);
  return (
    /^[A-Za-z0-9]+$/.test(tail) &&
    /[a-z]/.test(tail) &&
    /[A-Z]/.test(tail) &&
    (/\d/.test(tail) || randomCase(tail) || randomLetters(tail))
  );
}

/**
 * Letters of a typed id's tail that a base62 generator drew without a digit (one in twelve 14-character ids):
 * RANDOM_LETTERS or more, whose lower-case runs are shorter than a word on average (fewer than
 * WORD_LETTERS letters per run: `cJodbAmoCuCnyl` has c, odb, mo, u, nyl). A camelCase or PascalCase name puts
 * a word of three letters or more after each capital (`GetUserProfileSettings`, `createWithList`), an acronym
 * none (`getHTTPResponse`): its runs are words. Only after a type prefix (prefixedId), where a code name is rare.
 */
function randomLetters(tail: string): boolean {
  if (tail.length < RANDOM_LETTERS) return false;
  const runs = tail.match(/[a-z]+/g) ?? [];
  let letters = 0;
  for (const r of runs) letters += r.length;
  return runs.length > 0 && letters < WORD_LETTERS * runs.length;
}
/** Letters a typed id's tail needs before its runs are judged (randomLetters): Stripe's ids have 14 after the prefix. */
const RANDOM_LETTERS = 12;
/** Letters of a word in a camelCase name, at the least on average (randomLetters). */
const WORD_LETTERS = 3;

/**
 * A random id of 8+ letters and digits in random case (`PEizpEfxeCE`, `QD5PypiP`): not camelCase
 * (`createWithList`) nor an acronym. Value-like (softValue), and proof enough on its own wherever a
 * name may stand (./templates), unlike slugs and user names that may be names.
 */
export function randomId(s: string): boolean {
  return (
    s.length >= 8 &&
    s.length <= 64 &&
    /^[A-Za-z0-9]+$/.test(s) &&
    /[a-z]/.test(s) &&
    /[A-Z]/.test(s) &&
    randomCase(s.replace(/\d/g, ''))
  );
}

/**
 * A technical word with a bit width (`int32s`, `uint8s`, `sha256`, `x86_64`): a name of a type or an
 * encoding, not a user name with digits; like a word with one digit, a value only next to other values
 * (weakValue). Words ending in 8, 16, 32 or 64 (`int64`, `base64`) are left value-like: user names end
 * so too (`paula16`).
 */
const BIT_WORD = /^[a-z]+(?:(?:8|16|32|64|128|256|512)[a-z]+|86[-_]64|128|256|512)$/;

/**
 * A `v` version ending in its number, as APIs write them (`v1`, `v1.2`, `v2_1`, `v1beta1`, `v3p1beta1`: versions.ts
 * `tag`, `release`, `stage`, pre-releases included): no value however many digits it has. A pre-release with its number is a name like the inventory reads it
 * (templates.ts apiVersion: a name under which words are judged as under a singular word), not a value-like word.
 */
function numberedVersion(s: string): boolean {
  const kind = versionKind(s);
  return kind === 'tag' || kind === 'release' || kind === 'stage';
}

/**
 * Whether a path segment (without its format suffix) looks like a value although its shape alone
 * does not prove it: slugs and keys with a digit group (`hello-world-42`, `gold_falcon_19`), user
 * names with digits (`anna84`), short random ids (`eCcbMUlakA`, `x7Gk2pQ9`, `XXbOxv`). Version tags (`v1`,
 * `v1.2`) and words with one digit (`oauth2`, `ipv4`, `s3`) are not; dotted names (`anna.smith`) are.
 * Such a segment becomes a parameter only with its siblings' agreement (./templates).
 */
export function softValue(s: string): boolean {
  // A space or a letter outside ASCII (`Pending Payment`, sent as `%20`) is a person's text (humanText):
  // no name of an API's paths has one (docs/api-discovery.md "Templating" 1).
  if (s.length <= 256 && humanText(s)) return true;
  if (s.length < 5 || s.length > 256 || !/^[\w.~@+:=-]+$/.test(s)) return false;
  // `first.last`, `dev.region.size`: lower-case words joined by dots are a user, key or object name (a known format suffix was split off before).
  if (DOTTED_NAME.test(s)) return true;
  if (numberedVersion(s) || BIT_WORD.test(s)) return false;
  const digits = countDigits(s);
  const letters = /[A-Za-z]/.test(s);
  if (digits >= 2 && letters && !numberedName(s)) return true;
  if (s.length >= 8 && /^[\w-]+$/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && randomCase(s.replace(/\d/g, ''))) return true;
  // Short ids of 6-7 letters and digits (`XXbOxv`, `EBC4Xd`: base62 short links, invite codes) by the same random case.
  if (s.length >= 6 && /^[A-Za-z0-9]+$/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && randomCase(s.replace(/\d/g, '')))
    return true;
  // Long mixed case with a digit (`LVNTAYP8Xea`) is an id, unless it is a name with a number inside (numberedName:
  // `recaptchaV3Config`, `Ipv6Addresses`; a handle ends in its digits, `johnSmith8`); one digit after a separator a slug (`post-7`).
  if (digits === 1 && s.length >= 10 && /[a-z]/.test(s) && /[A-Z]/.test(s) && /^[\w-]+$/.test(s) && !numberedName(s)) return true;
  // Eight letters or more of both cases with one digit inside (`k0yZPVFM`, `tsXecI0e`, `oi7RMUPS`): an id; a digit before a
  // capitalised word (`s3Bucket`, `ipv4Address`, `utf8String`) or at the end (`OAuth2`) is a name with a number in it.
  if (digits === 1 && s.length >= 8 && ALNUM.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s) && !/\d(?:[A-Z][a-z]|$)/.test(s))
    return true;
  if (shortCode(s)) return true;
  // A handle with the case changing across a separator (`hugo_River`): code names keep one case per word style (`user_settings`, `createWithList`).
  if (MIXED_CASE_HANDLE.test(s)) return true;
  return digits === 1 && letters && s.length >= 6 && /[-_.~]\d/.test(s);
}

/**
 * camelCase words of three letters or more, a capital closed by digits, or a word closed by digits (`recaptchaV3Config`,
 * `exchangeRecaptchaV3Token`, `getS3Object`, `encodeBase64`).
 */
const CAMEL_WITH_DIGITS = /^[a-z]{3,}(?:[A-Z][a-z]{2,}\d*|[A-Z]\d+)+$/;

/**
 * Words closed by their numbers, then a capitalised word: a first word of three letters or more, in lower case or
 * capitalised (`associated`, `Route`, `ipv`), capitalised words of three letters or more or a capital and digits
 * (`Route53`, `V3`), the last a word (`associatedRoute53HealthChecks`, `Ipv6Addresses`, `recaptchaV3Config`). A first
 * word of one or two letters (`x509Certificates`) is left out: base62 ids have that shape (`b63Urz`, `y89Jox`).
 */
const NUMBERED_NAME = /^(?:[a-z]{3,}|[A-Z][a-z]{2,})\d*(?:[A-Z][a-z]{2,}\d*|[A-Z]\d+)*[A-Z][a-z]{2,}$/;

/**
 * A camelCase or PascalCase name with its numbers inside (`associatedRoute53HealthChecks`, `Ipv6Addresses`,
 * `win32Apps`, `getS3Object`): every digit closes a word and a capitalised word follows (NUMBERED_NAME), the letters in the
 * case of words (randomCase false). The words are read without a dictionary, from the case alone: a lower-case run, then
 * a capital and lower-case letters, again and again. A generated id breaks it (`aB3dE9`: one-letter runs, a lower-case
 * letter after a number; `x7Gk2pQ9`), and a handle ends in its digits (`johnSmith84`, a value).
 */
export function numberedName(s: string): boolean {
  return s.length <= 64 && /\d/.test(s) && NUMBERED_NAME.test(s) && !randomCase(s.replace(/\d/g, ''));
}

/**
 * A name written in camelCase, numbers closing its capitalised words or not (`recaptchaV3Config`,
 * `exchangeRecaptchaV3Token`, `getS3Object`, `listV2`): a lower-case word, then capitalised words, each of three
 * letters or more unless a capital and digits (`V3`, `S3`), in the case of words (randomCase false once the digits
 * are left out). A random id does not keep to it (`tsXecI0e`: a lower-case letter after the digit; `LVNTAYP8Xea`: a
 * capital first; `x7Gk2pQ9`: one letter first; `syUcS6Vmecs`: words of two letters).
 */
export function camelName(s: string): boolean {
  return s.length <= 48 && CAMEL_WITH_DIGITS.test(s) && !randomCase(s.replace(/\d/g, ''));
}

/**
 * A short code of 6-8 letters and digits with one digit inside (`DQE1PH`, `OSMM5SJD`, `VyhA3pX`, `up4lYB`): base62 short
 * ids, invite and booking codes. A name puts its one digit at the end (`OAuth2`, `HTTP2`, `listV2`), after a `v`
 * (`IPv4`, `getV2`) or before a capitalised word, an acronym's letters or one lower-case letter before it (`s3Bucket`,
 * `E2ETest`, `k8sPods`); all lower case (`md5sum`, `mp3info`) is left to the words. Value-like, so it needs its
 * siblings as the other short ids do (docs/api-discovery.md "Short codes with one digit inside").
 */
export function shortCode(s: string): boolean {
  if (s.length < 6 || s.length > 8 || !ALNUM.test(s) || !/[A-Z]/.test(s)) return false;
  const d = s.search(/\d/);
  return d > 0 && !/\d/.test(s.slice(d + 1)) && !nameDigit(s);
}

/**
 * Whether the one digit of `s` sits where a name puts its number: at the end (`OAuth2`, `HTTP2`, `listV2`), after a `v`
 * (`IPv4`, `getV2`), or before a capitalised word, an acronym's letters or one lower-case letter before it (`s3Bucket`,
 * `E2ETest`, `k8sPods`). A generated code puts it anywhere, at the end too (`CDVei0`), so this is no proof either way.
 */
export function nameDigit(s: string): boolean {
  const d = s.search(/\d/);
  if (d < 0 || /\d/.test(s.slice(d + 1))) return false;
  return d === s.length - 1 || /[vV]$/.test(s.slice(0, d)) || /^[a-z]?[A-Z]*[A-Z][a-z]{2}/.test(s.slice(d + 1));
}

/**
 * The alphabet of a generated id (`CDVei0`, `BujgNi`, `iDiey3`, `KYPhuPWG`, `8qndzbfm`): CODE_LENGTH letters and digits
 * mixing two of lower case, capitals and digits. Not the shape of a name: camelCase (`getStats`, camelName), words with
 * a number inside (`Route53Checks`, numberedName), capitalised words (`GitHub`, `AllTeams`), a word or an acronym closed by its number (`oauth2`, `HTTP2`, `Route53`). Proof of nothing
 * alone (an acronym and a word, `macOS`, have it too): ./templates reads it beside siblings that are codes of one length.
 */
export function codeShape(s: string): boolean {
  if (s.length < CODE_LENGTH[0] || s.length > CODE_LENGTH[1] || !ALNUM.test(s)) return false;
  const classes = Number(/[a-z]/.test(s)) + Number(/[A-Z]/.test(s)) + Number(/\d/.test(s));
  return classes >= 2 && !camelName(s) && !numberedName(s) && !CAPITALISED_WORDS.test(s) && !NAME_AND_NUMBER.test(s);
}
/** Lengths of the ids codeShape reads: base62 short links (6) to nanoids and KSUIDs' cousins (24). */
const CODE_LENGTH = [6, 24] as const;
/** Capitalised words of three letters or more, a number after them or not (`GitHub`, `AllTeams`, `BoxScore2`). */
const CAPITALISED_WORDS = /^(?:[A-Z][a-z]{2,})+\d{0,2}$/;
/** One word or acronym closed by its number (`oauth2`, `HTTP2`, `Route53`, `base64`). */
const NAME_AND_NUMBER = /^(?:[a-z]+|[A-Z]+|[A-Z][a-z]+)\d{1,3}$/;

/**
 * Text rather than a name: a segment (percent-decoded) with a space or a letter outside ASCII
 * (`Pending Payment` sent as `Pending%20Payment`, `archive ID`, `café-menu`). An API names its
 * resources and actions with ASCII identifiers; a space or an accented letter is a person's words (a
 * status label, a title, a file name): a value wherever a name may stand, like a random id (./templates).
 */
export function humanText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c > 127) return true;
  }
  return false;
}

/**
 * English function words a title starts or ends with but a name does not (`the-best-coffee`,
 * `how-to-bake-bread`, `notes-from-a`): articles, possessives, conjunctions and question words.
 * Names are noun compounds and verb phrases a programmer picks (`media-files`, `add-to-cart`,
 * `sign-in`, `member-of`, `group-by`), which may end in a particle or a preposition but never in
 * one of these, nor start with one.
 */
const TITLE_EDGE = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'nor',
  'your',
  'my',
  'our',
  'their',
  'its',
  'his',
  'her',
  'how',
  'why',
  'what',
  'which',
  'whose',
]);
/** Prepositions a title may start with (`of-mice-and-men`, `into-the-wild`) and a name does not (names put them after a verb: `copy-from`, `add-to`). */
const TITLE_START = new Set(['of', 'into', 'with', 'without', 'between', 'about', 'under', 'after', 'before']);
/** A slug's words: lower-case letters and digits joined by `-` (how sites write titles), 2 words or more. */
const SLUG_WORDS = /^[a-z0-9]+(?:-[a-z0-9]+)+$/;
/** Whether `s` is a slug of two words or more (`south-winter`, `light-with-open`; SLUG_WORDS). */
export function slugWords(s: string): boolean {
  return SLUG_WORDS.test(s);
}
/** Words in a title slug that make it a phrase rather than a name: five or more are a sentence, not a resource name (`reference-entities-media-files` is four). */
const TITLE_WORDS = 5;

/**
 * The slug of a title (`how-to-bake-bread`, `the-best-coffee-in-town`, `week-from`,
 * `learning-dark-team-report-cooking`): lower-case words joined by `-` that read as a phrase, not a
 * resource or action name: five words or more, a function word at either end (TITLE_EDGE; a
 * preposition of TITLE_START first), or one word twice (`report-report`; names do not repeat a
 * word). Names of two to four words (`media-files`, `response-streaming-invocations`, `add-to-cart`,
 * `sign-in`) are not. Judged with the words at its position first (a title among names is one of
 * them), then value-like as softValue's names are (./templates).
 */
export function titleSlug(s: string): boolean {
  if (!SLUG_WORDS.test(s)) return false;
  const words = s.split('-');
  if (words.length >= TITLE_WORDS) return true;
  const first = words[0];
  const last = words[words.length - 1];
  if (TITLE_EDGE.has(first) || TITLE_EDGE.has(last) || TITLE_START.has(first)) return true;
  return new Set(words).size < words.length;
}

/**
 * Words inside a clause that make a slug a sentence about something (an event or a state) rather than a thing's name:
 * auxiliaries (`order-is-ready-for-pickup`, `driver-has-delivered-order`) and prepositions of place, direction and
 * purpose (`driver-at-restaurant`, `driver-assigned-to-delivery`, `ready-for-preparation`).
 */
const CLAUSE_WORDS = new Set([
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'been',
  'at',
  'on',
  'to',
  'for',
  'from',
  'by',
  'in',
]);
/** Words of a phrase at the least (eventPhrase): two are a noun compound or a verb and its object (`driver-location`, `add-item`). */
const PHRASE_WORDS = 3;

/**
 * A slug that reads as a sentence (`driver-assigned-to-delivery`, `driver-at-restaurant`, `order-is-ready-for-pickup`):
 * PHRASE_WORDS lower-case words or more joined by `-` or `_`, one after the first a clause word (CLAUSE_WORDS) or a
 * past participle (`assigned`, `delivered`: a word of five letters or more ending in `ed`). Webhooks and event APIs name
 * their operations so; an item's name is a noun (`jackkowalski`, `theme`) or a title, which titleSlug reads. Without a
 * dictionary: the clause words are the grammar's closed classes, and a participle is read from its ending.
 */
export function eventPhrase(s: string): boolean {
  if (!/^[a-z]+(?:[-_][a-z]+)+$/.test(s)) return false;
  const words = s.split(/[-_]/);
  if (words.length < PHRASE_WORDS) return false;
  return words.slice(1).some((w) => CLAUSE_WORDS.has(w) || (w.length >= 5 && w.endsWith('ed')));
}

/**
 * A lower-case word, `_` or `-`, then a capitalised word (`hugo_River`, `anna-Lee`). The other way round
 * is a capitalised name before a resource word (`Album-comments`: ./templates tailedWords).
 */
const MIXED_CASE_HANDLE = /^[a-z]{2,}[-_][A-Z][a-z]+$/;

/** Two to four lower-case words joined by dots (`anna.smith`, `dev.region.size`, `com.example.app`): a user, key, host or package name. */
const DOTTED_NAME = /^[a-z]{2,}(?:\.[a-z]{2,}){1,3}\d{0,4}$/;

/**
 * `anna.smith`, `jonas.iris7`, `main.notify.timeout`: a user, setting-key or object name (values.ts
 * softValue), or an RPC method at an API's root (`users.list`, `admin.users.list`).
 */
export function dottedName(s: string): boolean {
  return DOTTED_NAME.test(s);
}

/**
 * Whether a segment is a word with one trailing digit (`nina3`, `paula1`, and also `oauth2`, `http2`):
 * a value only next to other values (./templates), never on its own evidence.
 */
export function weakValue(s: string): boolean {
  if (s.length < 4 || s.length > 64) return false;
  if (BIT_WORD.test(s) || WORDS_AND_DIGIT.test(s)) return true;
  const last = s.charCodeAt(s.length - 1);
  if (last < 48 || last > 57) return false;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

/**
 * Lower-case words joined by `_` or `-`, the last of two letters or more ending in one digit: a user
 * name (`anna_smith5`, `silva-sam3`), weak as `nina3` is; not a version after a word (`tables_v2`).
 */
const WORDS_AND_DIGIT = /^[a-z]+(?:[-_][a-z]+)*[-_][a-z]{2,}\d$/;

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * A capitalised acronym of two or three letters written as a word inside a camelCase name
 * (`managementDnsZoneBindings`, `enableSshKeys`, `parseXmlBody`): between two runs, and every other run a
 * word of four letters or more with a vowel. A random id's vowel-less run sits among short or odd runs
 * (`TvorwqDp` ends with it, `PEizpEfxeCE` has one-letter runs). docs/api-discovery.md "A third tuning set, tuning-3".
 */
function camelAcronym(runs: readonly string[], at: number): boolean {
  if (runs[at].length > 3 || at === 0 || at === runs.length - 1 || runs.length < 3) return false;
  for (let i = 0; i < runs.length; i++) if (i !== at && (runs[i].length < 4 || !/[aeiouy]/i.test(runs[i]))) return false;
  return true;
}

/**
 * Letter pairs no English word has, inside a name's letters (randomCase): `j` after a letter and before a consonant,
 * `z` before a consonant but `z` or `y` (`Beujzz` of `QTBeujzzIay`, `Kjtirij` of `obj_KjtirijbuxsfgO`: random letters
 * draw them). An abbreviation's `js` (`nodejs`) and a `j` or `z` first (`jwtToken`, `zkHosts`) are left: names write so.
 */
const NO_WORD_PAIR = /[A-Za-z](?:j[b-df-hj-np-rtv-xz]|z[b-df-hj-np-rtv-x])/;
/** A capital and three lower-case consonants (randomCase): no English word starts so. */
const CONSONANT_START = /[B-DF-HJ-NP-TV-XZ][b-df-hj-np-tv-xz]{2}(?:[b-df-hj-np-rtv-xz]|s(?=[a-z0-9]))/g;
/** A name's runs of letters (randomCase): a capital and lower-case letters, or capitals. */
const RUNS = /[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g;
/** An acronym of four letters or more written as a capitalised word (`Http`, `Https`, `Smtp`): no vowel, no `y`. */
const ACRONYM_WORD = /^[A-Z][b-df-hj-np-tv-xz]{3,}$/;
/** A word of a name (acronymAsWord): three letters or more with a vowel. */
const WORD_RUN = /^[A-Z]?[a-z]{2,}$/;

/**
 * An acronym written as a capitalised word inside a camelCase or PascalCase name (`enableCustomHttps`,
 * `getHttpHeaders`, `SmtpSettings`): the run `run` (ACRONYM_WORD) and every other run of the name a word with a
 * vowel (WORD_RUN). A random id's consonant start sits in a run with vowels (`Kgzcox` of `PiAplKgzcox`) or among
 * one-letter and odd runs, and its vowel-less runs are short (`Dp` of `TvorwqDp`). docs/api-discovery.md "Action
 * names and short opaque ids (branch i19-actions)".
 */
function acronymAsWord(s: string, run: string): boolean {
  if (!ACRONYM_WORD.test(run)) return false;
  const others = s.replace(run, ' ').match(RUNS) ?? [];
  return others.length > 0 && others.every((r) => WORD_RUN.test(r) && /[aeiouy]/i.test(r));
}

/** The run of letters starting at `at`: a capital and the lower-case letters after it. */
function runAt(s: string, at: number): string {
  let end = at + 1;
  while (end < s.length && s.charCodeAt(end) >= 97 && s.charCodeAt(end) <= 122) end++;
  return s.slice(at, end);
}

/**
 * Mixed case that is not camelCase: camelCase is words, each a capital and lower-case letters with a
 * vowel (`createWithList`), or acronyms (`getHTTPResponse`, `sqlDatabases`); random ids have capitalised
 * runs without a vowel (`TvorwqDp`: Dp) or several one-letter and capital runs (`eCcbMUlakA`, `pRDJtbeUTK`),
 * or two of them among short runs (`PEizpEfxeCE`, `VPvveyZI`, `dgTojXMY`).
 */
function randomCase(s: string): boolean {
  if (NO_WORD_PAIR.test(s)) return true;
  // A capital and three lower-case consonants (`PiAplKgzcox`, `QdtfoPbfjel`, `WgiygkErfg`'s `Erfg`): no English word
  // starts so (three at most: `Strings`, `Christmas`; `y` is a vowel); a plural abbreviation ends so (`Msgs`, `Txns`).
  // An acronym written as a word (`Http`, `Https`, `Smtp`: no vowel at all) among words is not such a start (acronymAsWord).
  for (const m of s.matchAll(CONSONANT_START)) if (!acronymAsWord(s, runAt(s, m.index))) return true;
  const runs = s.match(RUNS) ?? [];
  let single = 0;
  let caps = 0;
  let longest = 0;
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    if (r.length === 1) single++;
    else if (!/[a-z]/.test(r)) caps++;
    else if (!/[aeiou]/i.test(r) && !/.y/.test(r)) {
      // A capitalised run without a vowel is random (`Dp`) unless it is an acronym inside a camelCase name (camelAcronym);
      // a lower-case one may be an acronym (`sqlDatabases`), odd like a capital run.
      if (r.charCodeAt(0) < 97 && !camelAcronym(runs, i) && !acronymAsWord(s, r)) return true;
      caps++;
    }
    longest = Math.max(longest, r.length);
  }
  // Words are runs of 5+ letters now and then (`createWithList`, `getHTTPSServer`); an odd run among short ones is random (`PEizpEfxeCE`).
  return single >= 2 || single + caps >= 3 || (single + caps >= 2 && longest <= 5);
}
