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
add('E', `SELECT INSERT UPDATE DELETE DROP CREATE ALTER TRUNCATE EXEC EXECUTE DECLARE WAITFOR SHUTDOWN
  GRANT REVOKE MERGE RENAME HANDLER`);
add('&', 'AND OR XOR');
add('o', 'NOT LIKE RLIKE REGEXP IS BETWEEN DIV MOD SOUNDS COLLATE GLOB ILIKE');
add('B', 'HAVING LIMIT OFFSET PROCEDURE');
add('1', 'NULL TRUE FALSE');
add('k', `FROM WHERE INTO VALUES TABLE CASE WHEN THEN ELSE END AS ALL DISTINCT JOIN ON IN ASC DESC
  TOP WITH SET OUTFILE DUMPFILE INNER OUTER CROSS NATURAL DUAL BEGIN COMMIT ROLLBACK DELAY TIME
  BY ANY SOME ESCAPE NOWAIT READ USING`);
const MULTI: Record<string, Record<string, string>> = {
  GROUP: { BY: 'B' },
  ORDER: { BY: 'B' },
  UNION: { ALL: 'U', DISTINCT: 'U' },
};
const FUNCTIONS = new Set(`SLEEP BENCHMARK CHAR CHR NCHAR CONCAT CONCAT_WS GROUP_CONCAT SUBSTRING SUBSTR MID
  ASCII ORD HEX UNHEX COUNT LENGTH LEN VERSION USER DATABASE SCHEMA CAST CONVERT IF IIF IFNULL ISNULL
  NULLIF COALESCE EXTRACTVALUE UPDATEXML LOAD_FILE MD5 SHA1 SHA2 RAND FLOOR ROUND PG_SLEEP
  JSON_EXTRACT JSON_DEPTH JSON_KEYS EXISTS ELT MAKE_SET BIN CURRENT_USER SYSTEM_USER SESSION_USER
  LEFT RIGHT LOWER UPPER TRIM REVERSE REPLACE CHAR_LENGTH DECODE NAME_CONST POW POWER EXP
  GTID_SUBSET XP_CMDSHELL DBMS_PIPE UTL_INADDR UTL_HTTP SYSDATE NOW UUID ABS INSTR LOCATE
  POSITION STRCMP SOUNDEX CURRENT_DATABASE PG_READ_FILE RANDOMBLOB SQLITE_VERSION WAITFOR DB_NAME
  HOST_NAME OBJECT_ID QUOTENAME CHARINDEX FN_VARBINTOHEXSTR ROW COLUMN_NAME TABLE_NAME`.split(/\s+/));

interface Token { type: string; text: string }

/** Raw tokens, without whitespace; inline comments are kept as `c` for folding to decide. */
export function tokenize(s: string): Token[] {
  const out: Token[] = [];
  const n = s.length;
  let i = 0;
  let inExecComment = false;
  while (i < n && out.length < MAX_RAW_TOKENS) {
    const c = s[i];
    const code = s.charCodeAt(i);
    if (code <= 0x20 || code === 0xa0 || code === 0x7f) {
      i++;
    } else if (c === "'" || c === '"') {
      const end = stringEnd(s, i + 1, c);
      out.push({ type: 's', text: s.slice(i, end) });
      i = end;
    } else if (c === '`' || c === '[') {
      // Backtick (MySQL) and bracket (SQL Server) quoted identifiers are names.
      const close = s.indexOf(c === '[' ? ']' : '`', i + 1);
      const end = close < 0 ? n : close + 1;
      out.push({ type: 'n', text: s.slice(i, end) });
      i = end;
    } else if (isDigit(code) || (c === '.' && isDigit(s.charCodeAt(i + 1)))) {
      i = number(s, i, out);
    } else if (isWordStart(code)) {
      i = word(s, i, out);
    } else if (c === '-' && s[i + 1] === '-') {
      out.push({ type: 'c', text: '--' });
      i = lineEnd(s, i);
    } else if (c === '#') {
      out.push({ type: 'c', text: '#' });
      i = lineEnd(s, i);
    } else if (c === '/' && s[i + 1] === '*') {
      if (s[i + 2] === '!') {
        inExecComment = true;
        i += 3;
        while (i < n && isDigit(s.charCodeAt(i))) i++;
      } else {
        const close = s.indexOf('*/', i + 2);
        out.push({ type: 'c', text: '/*' });
        i = close < 0 ? n : close + 2;
      }
    } else if (c === '*' && s[i + 1] === '/' && inExecComment) {
      inExecComment = false;
      i += 2;
    } else if (c === ';' || c === '(' || c === ')' || c === ',') {
      out.push({ type: c, text: c });
      i++;
    } else if (c === '@') {
      let j = i + 1;
      if (s[j] === '@') j++;
      while (j < n && isWordPart(s.charCodeAt(j))) j++;
      out.push({ type: 'v', text: s.slice(i, j) });
      i = j;
    } else if (c === ':' && s[i + 1] === '=') {
      out.push({ type: 'o', text: ':=' });
      i += 2;
    } else if ('=<>!+-*/%^|&~'.includes(c)) {
      const two = s.slice(i, i + 2);
      const three = s.slice(i, i + 3);
      const len = three === '<=>' ? 3 : ['<>', '!=', '>=', '<=', '||', '&&', '==', '<<', '>>'].includes(two) ? 2 : 1;
      const op = s.slice(i, i + len);
      out.push({ type: op === '||' || op === '&&' ? '&' : 'o', text: op });
      i += len;
    } else if (c === '\\') {
      i++;
    } else {
      out.push({ type: 'x', text: c });
      i++;
    }
  }
  return out;
}

function stringEnd(s: string, from: number, quote: string): number {
  let i = from;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') {
      i += 2;
    } else if (c === quote) {
      if (s[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return s.length;
}

function number(s: string, from: number, out: Token[]): number {
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
    const tail = s.slice(i, j).toUpperCase();
    if (!WORDS.has(tail)) {
      out.push({ type: 'n', text: s.slice(from, j) });
      return j;
    }
  }
  out.push({ type: '1', text: s.slice(from, i) });
  return i;
}

function word(s: string, from: number, out: Token[]): number {
  let i = from;
  while (i < s.length && (isWordPart(s.charCodeAt(i)) || (s[i] === '.' && isWordStart(s.charCodeAt(i + 1))))) i++;
  const text = s.slice(from, i);
  const upper = text.toUpperCase();
  const multi = upper === 'GROUP' || upper === 'ORDER' || upper === 'UNION' ? MULTI[upper] : undefined;
  if (multi) {
    const m = /^\s+([A-Za-z]+)/.exec(s.slice(i, i + 32));
    const type = m ? multi[m[1].toUpperCase()] : undefined;
    if (m && type) {
      out.push({ type, text: upper + ' ' + m[1].toUpperCase() });
      return i + m[0].length;
    }
  }
  let j = i;
  while (j < s.length && (s[j] === ' ' || s[j] === '\t')) j++;
  const call = s[j] === '(';
  let type = WORDS.get(upper) ?? 'n';
  if (call && FUNCTIONS.has(upper.split('.')[0])) type = 'f';
  out.push({ type, text });
  return i;
}

function lineEnd(s: string, from: number): number {
  const nl = s.indexOf('\n', from);
  return nl < 0 ? s.length : nl + 1;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWordStart(c: number): boolean {
  return (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a || c === 0x5f || c === 0x24 || c > 0x7f && c !== 0xa0;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c);
}

const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^', '|', '&', '<<', '>>', 'DIV', 'MOD']);
const VALUE = new Set(['1', 'n', 'v', 's']);

/**
 * Folds the raw tokens to the shape that matters: inline comments vanish (`UNION/**\/SELECT`),
 * adjacent strings concatenate, operator runs are one operator, unary signs join their operand, arithmetic between values is one
 * value (`1+1` is `1`), and a trailing comment stays as `c` (it cuts off the rest of a query).
 * Returns the whole shape; its first FINGERPRINT_LENGTH letters are the fingerprint.
 */
export function fold(tokens: Token[]): string {
  const out: Token[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (t.type === 'c' && k < tokens.length - 1) continue;
    const prev = out[out.length - 1];
    if (t.type === 's' && prev?.type === 's') continue;
    // A run of operators (`//`, `+++`, `=-`) reads as one: only its place in the shape matters.
    if (t.type === 'o' && prev?.type === 'o') continue;
    if (t.type === 'o' && (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '!')) {
      const next = tokens[k + 1];
      const unary = !prev || 'o&(,kEUB;'.includes(prev.type);
      if (unary && next && '1nvsf('.includes(next.type)) continue;
    }
    if (VALUE.has(t.type) && prev && prev.type === 'o' && ARITHMETIC.has(prev.text.toUpperCase())) {
      const before = out[out.length - 2];
      if (before && (before.type === '1' || before.type === 'v') && (t.type === '1' || t.type === 'v')) {
        out.pop();
        continue;
      }
    }
    out.push(t);
  }
  let shape = '';
  for (const t of out) shape += t.type;
  return shape;
}

/** Shapes of the value read as-is, and inside '...' and "..." when it holds that quote. */
export function sqlFingerprints(value: string): string[] {
  const fps = [fold(tokenize(value))];
  if (value.includes("'")) fps.push(fold(tokenize("'" + value)));
  if (value.includes('"')) fps.push(fold(tokenize('"' + value)));
  return fps;
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
  for (let k = Math.min(shortest, shape.length); k <= Math.min(shape.length, FINGERPRINT_LENGTH); k++) keys.push(shape.slice(0, k));
  return keys;
}
