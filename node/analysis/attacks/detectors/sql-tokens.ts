/**
 * A small SQL lexer that reduces a value to its token-shape fingerprint, the libinjection idea
 * written afresh: an injected fragment has a shape (string, logic operator, number, comparison...)
 * that ordinary text rarely has. Letters: s string, 1 number/literal, n name, k keyword,
 * U union-like, E statement verb, B grouping clause, f function call, & logic, o operator,
 * c comment, v variable, ; ( ) , as themselves, x any other punctuation.
 */
const MAX_RAW_TOKENS = 48;
const FINGERPRINT_LENGTH = 5;

const WORDS = new Map<string, string>();
const add = (type: string, words: string): void => {
  for (const w of words.split(/\s+/)) if (w) WORDS.set(w, type);
};
add('U', 'UNION INTERSECT EXCEPT');
add(
  'E',
  `SELECT INSERT UPDATE DELETE DROP CREATE ALTER TRUNCATE EXEC EXECUTE DECLARE WAITFOR SHUTDOWN
  GRANT REVOKE MERGE RENAME HANDLER`,
);
add('&', 'AND OR XOR');
add('o', 'NOT LIKE RLIKE REGEXP IS BETWEEN DIV MOD SOUNDS COLLATE GLOB ILIKE');
add('B', 'HAVING LIMIT OFFSET PROCEDURE');
add('1', 'NULL TRUE FALSE');
add(
  'k',
  `FROM WHERE INTO VALUES TABLE CASE WHEN THEN ELSE END AS ALL DISTINCT JOIN ON IN ASC DESC
  TOP WITH SET OUTFILE DUMPFILE INNER OUTER CROSS NATURAL DUAL BEGIN COMMIT ROLLBACK DELAY TIME
  BY ANY SOME ESCAPE NOWAIT READ USING`,
);
const MULTI: Record<string, Record<string, string>> = {
  GROUP: { BY: 'B' },
  ORDER: { BY: 'B' },
  UNION: { ALL: 'U', DISTINCT: 'U' },
};
/** Function names only databases call (a word followed by `(` is a call `f` when it is one of these). */
export const SQL_FUNCTIONS: ReadonlySet<string> = new Set(
  `SLEEP BENCHMARK CHAR CHR NCHAR CONCAT CONCAT_WS GROUP_CONCAT SUBSTRING SUBSTR MID
  ASCII ORD HEX UNHEX COUNT LENGTH LEN VERSION USER DATABASE SCHEMA CAST CONVERT IF IIF IFNULL ISNULL
  NULLIF COALESCE EXTRACTVALUE UPDATEXML LOAD_FILE MD5 SHA1 SHA2 RAND FLOOR ROUND PG_SLEEP
  JSON_EXTRACT JSON_DEPTH JSON_KEYS EXISTS ELT MAKE_SET BIN CURRENT_USER SYSTEM_USER SESSION_USER
  LEFT RIGHT LOWER UPPER TRIM REVERSE REPLACE CHAR_LENGTH DECODE NAME_CONST POW POWER EXP
  GTID_SUBSET XP_CMDSHELL DBMS_PIPE UTL_INADDR UTL_HTTP SYSDATE NOW UUID ABS INSTR LOCATE
  POSITION STRCMP SOUNDEX CURRENT_DATABASE PG_READ_FILE RANDOMBLOB SQLITE_VERSION WAITFOR DB_NAME
  HOST_NAME OBJECT_ID QUOTENAME CHARINDEX FN_VARBINTOHEXSTR ROW COLUMN_NAME TABLE_NAME`.split(/\s+/),
);

/**
 * Function names that programs and text have besides SQL (`if (`, `left(`, `count(`, `replace(`):
 * called only when `(` follows at once. Followed by a space and `(` they are words before a
 * parenthesis, as in prose ("Left (WA, RR), following..."; MySQL itself reads most built-in names
 * as calls only without the space). sqli.ts also scores them as signals, not evidence.
 */
export const COMMON_CALLS: ReadonlySet<string> = new Set(
  `IF LEFT RIGHT LOWER UPPER TRIM REPLACE ROUND COUNT LENGTH LEN NOW ABS ROW EXISTS USER POWER POW EXP
  FLOOR REVERSE DECODE CONVERT CAST POSITION LOCATE UUID BIN MD5 SHA1 SHA2 MID ORD HEX RAND VERSION
  SCHEMA DATABASE COALESCE`.split(/\s+/),
);

/** What a word is to SQL, by its upper-case spelling. */
interface WordInfo {
  type: string;
  /** The word in upper case: fold reads the text of operators (`DIV`, `MOD`) and keywords (`IN`). */
  upper: string;
  /** GROUP / ORDER / UNION: the type of the two-word keyword each following word makes. */
  multi: Record<string, string> | undefined;
  function: boolean;
  /** A call also with spaces before its `(` (not one of COMMON_CALLS). */
  spacedCall: boolean;
}
const WORD_INFO = new Map<string, WordInfo>();
for (const upper of new Set([...WORDS.keys(), ...SQL_FUNCTIONS, ...Object.keys(MULTI)])) {
  const fn = SQL_FUNCTIONS.has(upper);
  const info: WordInfo = {
    type: WORDS.get(upper) ?? 'n',
    upper,
    multi: MULTI[upper],
    function: fn,
    spacedCall: fn && !COMMON_CALLS.has(upper),
  };
  WORD_INFO.set(upper, info);
}
/**
 * The words by a hash of their length and first and last letters (case-folded), so that a word
 * is looked up without making a string of it: most words of a value are no keyword and miss here.
 */
const OUTLINE_BITS = 12;
const BY_OUTLINE: (WordInfo[] | undefined)[] = new Array(1 << OUTLINE_BITS).fill(undefined);
const LONGEST_WORD = Math.max(...[...WORD_INFO.keys()].map((w) => w.length));
for (const [upper, info] of WORD_INFO) {
  const h = outline(upper, 0, upper.length);
  BY_OUTLINE[h] = [...(BY_OUTLINE[h] ?? []), info];
}

function outline(s: string, from: number, end: number): number {
  return ((end - from) * 961 + (s.charCodeAt(from) | 0x20) * 31 + (s.charCodeAt(end - 1) | 0x20)) & ((1 << OUTLINE_BITS) - 1);
}

const OPERATOR_START = new Uint8Array(128);
for (const c of '=<>!+-*/%^|&~') OPERATOR_START[c.charCodeAt(0)] = 1;
const TWO_CHAR_OPERATORS = new Set(['<>', '!=', '>=', '<=', '||', '&&', '==', '<<', '>>']);

function operatorLength(s: string, i: number): number {
  if (s.startsWith('<=>', i)) return 3;
  return TWO_CHAR_OPERATORS.has(s.slice(i, i + 2)) ? 2 : 1;
}

function stringEnd(s: string, from: number, quote: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) {
      i += 2;
    } else if (c === quote) {
      if (s.charCodeAt(i + 1) === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return s.length;
}

/** The end of the number at `from`, negated when it reads as a name instead ("1st", "10px"). */
function numberEnd(s: string, from: number): number {
  let i = from;
  if (s[i] === '0' && /[xb]/i.test(s[i + 1] ?? '')) {
    i += 2;
    while (i < s.length && /[0-9a-f]/i.test(s[i])) i++;
  } else {
    while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    if (s[i] === '.') {
      i++;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    }
    if ((s[i] === 'e' || s[i] === 'E') && /[0-9+-]/.test(s[i + 1] ?? '')) {
      i += 2;
      while (i < s.length && isDigit(s.charCodeAt(i))) i++;
    }
  }
  // "1st", "10px" are words; "1union" is a number then a keyword, as MySQL reads it.
  if (i < s.length && isWordStart(s.charCodeAt(i))) {
    let j = i;
    while (j < s.length && isWordPart(s.charCodeAt(j))) j++;
    if (WORDS.has(s.slice(i, j).toUpperCase())) return i;
    return isFloatSuffixThenStatement(s, i, j) ? i + 1 : -j;
  }
  return i;
}

/**
 * Oracle's float and double literals (`1f`, `1d`) glued to UNION or a statement verb (`1fUNION
 * SELECT`): the number ends after its suffix, as Oracle reads it. Only these keywords, which open
 * a new query: `2for` stays a word.
 */
function isFloatSuffixThenStatement(s: string, suffix: number, end: number): boolean {
  if (!/[fd]/i.test(s[suffix])) return false;
  const type = WORDS.get(s.slice(suffix + 1, end).toUpperCase());
  return type === 'U' || type === 'E';
}

/** WORD_INFO of the ASCII word s[from, end) (letters, digits, `_`, `$`), in any letter case. */
function asciiWordInfo(s: string, from: number, end: number): WordInfo | null {
  const length = end - from;
  if (length > LONGEST_WORD) return null;
  const candidates = BY_OUTLINE[outline(s, from, end)];
  if (candidates === undefined) return null;
  for (const info of candidates) {
    if (info.upper.length !== length) continue;
    let k = 0;
    // `| 0x20` folds letter case and maps no other word character onto a letter.
    while (k < length && (s.charCodeAt(from + k) | 0x20) === (info.upper.charCodeAt(k) | 0x20)) k++;
    if (k === length) return info;
  }
  return null;
}

/** Whether `\s` may match the character (all the characters it matches are among these). */
function isRegExpSpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || c === 0x20 || c >= 0xa0;
}

/** WORD_INFO of a word that may need Unicode upper-casing. */
function upperInfo(text: string): WordInfo | null {
  return WORD_INFO.get(text.toUpperCase()) ?? null;
}

const FUNCTION_CALL: WordInfo = { type: 'f', upper: '', multi: undefined, function: true, spacedCall: true };

function lineEnd(s: string, from: number): number {
  const nl = s.indexOf('\n', from);
  return nl < 0 ? s.length : nl + 1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordStart(c: number): boolean {
  return ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c === 0x5f || c === 0x24 || (c > 0x7f && c !== 0xa0);
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^', '|', '&', '<<', '>>', 'DIV', 'MOD']);
const VALUE = new Set(['1', 'n', 'v', 's']);
const LITERAL = new Set(['1', 's']);

/**
 * The lexer with its scratch arrays, so no state is shared between instances: not re-entrant, one per
 * thread (the sqli detector owns one). Reusing the arrays for every value, reading one allocates only its shape.
 */
export class SqlLexer {
  /**
   * The raw tokens of the last tokenize(): their types, and for operators (`o`) their upper-case text,
   * the only text fold reads. Reused: a value's tokens are folded before the next value is read.
   */
  private readonly types: string[] = [];
  private readonly texts: string[] = [];
  /** fold's output, reused likewise. */
  private readonly keptTypes: string[] = [];
  private readonly keptTexts: string[] = [];
  /** Where the last word() ended (a second return value, without an object per word). */
  private wordEnd = 0;

  /** The folded token shape of `s` (see fold). */
  shape(s: string): string {
    return this.fold(this.tokenize(s));
  }

  /** Raw tokens of `s` into `types`/`texts`, without whitespace; inline comments are kept as `c` for folding to decide. Returns their count. */
  private tokenize(s: string): number {
    const { types, texts } = this;
    const n = s.length;
    let count = 0;
    let i = 0;
    let inExecComment = false;
    while (i < n && count < MAX_RAW_TOKENS) {
      const code = s.charCodeAt(i);
      let type: string;
      let text = '';
      if (code <= 0x20 || code === 0xa0 || code === 0x7f) {
        i++;
        continue;
      } else if (code === 0x27 || code === 0x22) {
        // ' or "
        type = 's';
        i = stringEnd(s, i + 1, code);
      } else if (code === 0x60 || code === 0x5b) {
        // Backtick (MySQL) and bracket (SQL Server) quoted identifiers are names.
        const close = s.indexOf(code === 0x5b ? ']' : '`', i + 1);
        type = 'n';
        i = close < 0 ? n : close + 1;
      } else if (isDigit(code) || (code === 0x2e && isDigit(s.charCodeAt(i + 1)))) {
        const end = numberEnd(s, i);
        type = end < 0 ? 'n' : '1';
        i = end < 0 ? -end : end;
      } else if (isWordStart(code)) {
        const info = this.word(s, i);
        i = this.wordEnd;
        type = info === null ? 'n' : info.type;
        if (type === 'o' || type === 'k') text = info!.upper;
      } else if (code === 0x2d && s.charCodeAt(i + 1) === 0x2d) {
        // --
        type = 'c';
        i = lineEnd(s, i);
      } else if (code === 0x23) {
        // #
        type = 'c';
        i = lineEnd(s, i);
      } else if (code === 0x2f && s.charCodeAt(i + 1) === 0x2a) {
        // /* ... */, or MySQL's executable comment /*!...
        if (s.charCodeAt(i + 2) === 0x21) {
          inExecComment = true;
          i += 3;
          while (i < n && isDigit(s.charCodeAt(i))) i++;
          continue;
        }
        const close = s.indexOf('*/', i + 2);
        type = 'c';
        i = close < 0 ? n : close + 2;
      } else if (code === 0x2a && s.charCodeAt(i + 1) === 0x2f && inExecComment) {
        inExecComment = false;
        i += 2;
        continue;
      } else if (code === 0x3b || code === 0x28 || code === 0x29 || code === 0x2c) {
        // ; ( ) ,
        type = s[i];
        i++;
      } else if (code === 0x40) {
        // @var, @@system_var
        let j = i + 1;
        if (s.charCodeAt(j) === 0x40) j++;
        while (j < n && isWordPart(s.charCodeAt(j))) j++;
        type = 'v';
        i = j;
      } else if (code === 0x3a && s.charCodeAt(i + 1) === 0x3d) {
        type = 'o';
        text = ':=';
        i += 2;
      } else if (code < 128 && OPERATOR_START[code] === 1) {
        const len = operatorLength(s, i);
        text = s.slice(i, i + len);
        type = text === '||' || text === '&&' ? '&' : 'o';
        i += len;
      } else if (code === 0x5c) {
        i++;
        continue;
      } else {
        type = 'x';
        i++;
      }
      types[count] = type;
      texts[count] = text;
      count++;
    }
    return count;
  }

  /**
   * The word at `from` (letters, digits, `_`, `$`, dotted parts): what SQL makes of it, or null for
   * a plain name. Sets wordEnd. ASCII words are compared with the keywords in place; others are
   * upper-cased as SQL reads them.
   */
  private word(s: string, from: number): WordInfo | null {
    const n = s.length;
    let i = from;
    let dot = -1;
    let ascii = true;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      const folded = c | 0x20;
      if ((folded >= 0x61 && folded <= 0x7a) || isDigit(c) || c === 0x5f || c === 0x24) continue;
      if (c > 0x7f && c !== 0xa0) ascii = false;
      else if (c === 0x2e && isWordStart(s.charCodeAt(i + 1))) {
        if (dot < 0) dot = i;
      } else break;
    }
    let info: WordInfo | null = null;
    if (dot < 0 || !ascii) {
      // Non-ASCII letters may upper-case to a keyword (`ſelect`): such words are upper-cased whole.
      info = ascii ? asciiWordInfo(s, from, i) : upperInfo(s.slice(from, i));
      if (info?.multi && isRegExpSpace(s.charCodeAt(i))) {
        const m = /^\s+([A-Za-z]+)/.exec(s.slice(i, i + 32));
        const type = m ? info.multi[m[1].toUpperCase()] : undefined;
        if (m && type) {
          this.wordEnd = i + m[0].length;
          return { type, upper: '', multi: undefined, function: false, spacedCall: false };
        }
      }
    }
    this.wordEnd = i;
    // A function name (or a dotted name whose first part is one) followed by `(` is a call.
    if (dot < 0 && info?.function !== true) return info;
    let j = i;
    while (j < n && (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x09)) j++;
    if (s.charCodeAt(j) === 0x28) {
      const first =
        dot < 0 ? info : ascii ? asciiWordInfo(s, from, dot) : upperInfo(s.slice(from, i).toUpperCase().split('.')[0]);
      if (first?.function && (j === i || first.spacedCall)) return FUNCTION_CALL;
    }
    return dot < 0 ? info : null;
  }

  /**
   * Folds the raw tokens to the shape that matters: inline comments vanish (`UNION/**\/SELECT`),
   * adjacent strings concatenate, operator runs are one operator, unary signs join their operand, arithmetic between values is one
   * value (`1+1` is `1`), a BETWEEN predicate is the comparison it tests (comparison), a
   * value alone in parentheses as an operand is that value (`(1)=(1)` is `1=1`; a call keeps its `f(1)`), and a
   * trailing comment stays as `c` (it cuts off the rest of a query).
   * Returns the whole shape; its first FINGERPRINT_LENGTH letters are the fingerprint.
   */
  private fold(count: number): string {
    const { types, texts, keptTypes } = this;
    let m = 0;
    for (let k = 0; k < count; k++) {
      const type = types[k];
      if (type === 'c' && k < count - 1) continue;
      const prev = m > 0 ? keptTypes[m - 1] : '';
      if (type === 's' && prev === 's') continue;
      // A run of operators (`//`, `+++`, `=-`) reads as one: only its place in the shape matters.
      if (type === 'o' && prev === 'o') continue;
      const text = texts[k];
      if (type === 'o' && (text === '-' || text === '+' || text === '~' || text === '!')) {
        const unary = prev === '' || 'o&(,kEUB;'.includes(prev);
        if (unary && k + 1 < count && '1nvsf('.includes(types[k + 1])) continue;
      }
      if (VALUE.has(prev) || prev === ')') {
        const predicate = this.comparison(k, count);
        if (predicate !== null) {
          m = this.keep(this.keep(m, 'o', text), types[predicate.value], texts[predicate.value]);
          k = predicate.end - 1;
          continue;
        }
      }
      if (type === ')' && this.isParenthesisedOperand(m, k + 1 < count ? types[k + 1] : '')) {
        const [value, valueText] = [keptTypes[m - 1], this.keptTexts[m - 1]];
        m = this.keep(m - 2, value, valueText);
        continue;
      }
      m = this.keep(m, type, text);
    }
    let shape = '';
    for (let k = 0; k < m; k++) shape += keptTypes[k];
    return shape;
  }

  /** Keeps a token after the first `m` kept ones, arithmetic between values folded to one value; returns the new count. */
  private keep(m: number, type: string, text: string): number {
    const { keptTypes, keptTexts } = this;
    if (VALUE.has(type) && m > 0 && keptTypes[m - 1] === 'o' && ARITHMETIC.has(keptTexts[m - 1])) {
      const before = m > 1 ? keptTypes[m - 2] : '';
      if ((before === '1' || before === 'v') && (type === '1' || type === 'v')) return m - 1;
    }
    keptTypes[m] = type;
    keptTexts[m] = text;
    return m + 1;
  }

  /**
   * After a value: a BETWEEN predicate starting at raw token `k`, as the raw index just past it and
   * the index of the value it compares with, or null. `BETWEEN a AND b` of values tests the value
   * as `= a` does (SQL-92's between predicate). IN lists keep their shape: folded, they gave the
   * prose-like key `no1&1` the support it lacked (`SHELL IS 65 AND 35 ...` flagged); the score's
   * comparison evidence reads them (sqli.ts COMPARED_WITH).
   */
  private comparison(k: number, count: number): { end: number; value: number } | null {
    const { types, texts } = this;
    if (types[k] !== 'o' || texts[k] !== 'BETWEEN') return null;
    const ok = k + 3 < count && VALUE.has(types[k + 1]) && types[k + 2] === '&' && VALUE.has(types[k + 3]);
    return ok ? { end: k + 4, value: k + 1 } : null;
  }

  /**
   * Whether the kept tokens end with `( literal` (a number or a string: a name in parentheses,
   * `(HOPE)*1 AND 8=3`, folded gave the prose-like key `no1&1` its support) that is an operand of an operator: after one, or
   * before one (`next`, the raw token after the `)`), not a call's, an IN or a VALUES list. Only
   * operands: parentheses elsewhere (`select ((1))`, `or !(true)`) keep the shapes the learned keys
   * were drawn from.
   */
  private isParenthesisedOperand(m: number, next: string): boolean {
    const { keptTypes, keptTexts } = this;
    if (m < 2 || keptTypes[m - 2] !== '(' || !LITERAL.has(keptTypes[m - 1])) return false;
    const before = m > 2 ? keptTypes[m - 3] : '';
    if (before === 'o') return true;
    if (next !== 'o') return false;
    if (before === 'k') return keptTexts[m - 3] !== 'IN' && keptTexts[m - 3] !== 'VALUES';
    return before === '' || '&(,;EUB'.includes(before);
  }
}

/** Shapes of the value read as-is, and inside '...' and "..." when it holds that quote. */
export function sqlFingerprints(value: string, lexer = new SqlLexer()): string[] {
  const fps = [lexer.shape(value)];
  if (value.includes("'")) fps.push(lexer.shape("'" + value));
  if (value.includes('"')) fps.push(lexer.shape('"' + value));
  return fps;
}

/** The letters of shapes (see the top of this file) and the end mark `$` of fingerprint keys, numbered from 1. */
const SYMBOLS = 'sn1kUEBf&ocv;(),x$';
const SYMBOL = new Uint8Array(128);
for (let i = 0; i < SYMBOLS.length; i++) SYMBOL[SYMBOLS.charCodeAt(i)] = i + 1;
const END_MARK = SYMBOL[0x24];
/** Powers of 32: a key of up to six symbols is a number below 2^30. */
const PLACE = [1, 32, 1024, 32768, 1048576, 33554432];

/** A fingerprint key as a number (five bits per symbol), or -1 when it has a letter no shape has. */
function keyNumber(key: string): number {
  if (key.length > PLACE.length) return -1;
  let n = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const symbol = c < 128 ? SYMBOL[c] : 0;
    if (symbol === 0) return -1;
    n += symbol * PLACE[i];
  }
  return n;
}

/**
 * A set of fingerprint keys, asked by shape: whether one of fingerprintKeys(shape) is in it,
 * without making the keys (every value's shapes are asked).
 */
export class FingerprintSet {
  private readonly numbers = new Set<number>();

  constructor(keys: Iterable<string>) {
    for (const key of keys) {
      const n = keyNumber(key);
      if (n >= 0) this.numbers.add(n);
    }
  }

  matches(shape: string): boolean {
    const length = shape.length;
    if (length < 3) {
      const n = keyNumber(shape);
      return n >= 0 && this.numbers.has(n + END_MARK * PLACE[length]);
    }
    const shortest = Math.min(shape.charCodeAt(0) === 0x6e ? 4 : 3, length);
    const longest = Math.min(length, FINGERPRINT_LENGTH);
    let n = 0;
    for (let k = 0; k < longest; k++) {
      const c = shape.charCodeAt(k);
      const symbol = c < 128 ? SYMBOL[c] : 0;
      if (symbol === 0) return false;
      n += symbol * PLACE[k];
      if (k + 1 >= shortest && this.numbers.has(n)) return true;
    }
    return false;
  }
}

/**
 * Shapes that can be an injection at all: two tokens or more, with at least one token that only
 * SQL gives meaning to (a lone word, number or string is never one).
 */
export function isSignificant(key: string): boolean {
  return key.replace('$', '').length >= 2 && /[UE&oc;fvBk]/.test(key);
}

/**
 * The keys a fingerprint is looked up by: each prefix of 3 tokens or more (4 when it starts with a
 * bare word) up to FINGERPRINT_LENGTH (an injection's start decides its shape; the tail varies
 * with the attacker's query), and the whole fingerprint marked
 * with "$" when it is shorter (`1U$` matches exactly "1U", not every "1U...").
 */
export function fingerprintKeys(shape: string): string[] {
  if (shape.length < 3) return [shape + '$'];
  const keys: string[] = [];
  // A shape that opens with a bare word is usually prose ("A "quoted" is..."): one token more.
  const shortest = shape[0] === 'n' ? 4 : 3;
  for (let k = Math.min(shortest, shape.length); k <= Math.min(shape.length, FINGERPRINT_LENGTH); k++)
    keys.push(shape.slice(0, k));
  return keys;
}
