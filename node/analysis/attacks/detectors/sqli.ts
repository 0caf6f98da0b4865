import { SQLI_FINGERPRINTS } from './sqli-fingerprints';
import { FingerprintSet, SqlLexer } from './sql-tokens';

/**
 * Shapes no text but SQL has, kept besides the learned set and tested on the whole shape (not
 * only its first tokens): UNION followed by SELECT anywhere (after `for update`, `is not
 * unknown`...) unless only a lone word follows ("union select committee" is prose), a statement
 * stacked after a number or a closed string, and a closed string followed by ORDER BY / GROUP BY /
 * HAVING / LIMIT.
 */
const CORE = /UE(?:$|[^n]|n[k,o&(])|^[1s]\)*;E|^s\)*B/;
/** A closed string followed only by a comment (`admin'--`, the login bypass). */
const CLOSED_THEN_COMMENT = /^s\)*c$/;

const LEARNED = new FingerprintSet(SQLI_FINGERPRINTS);
/** This thread's lexer (detection is synchronous: one value is lexed at a time). */
const lexer = new SqlLexer();

/**
 * Plain prose: ASCII letters, ASCII whitespace and full stops only, and none of the words that
 * read as a UNION-like keyword or a literal. Its shape then has only names, keywords, statement
 * verbs, logic, operators, grouping clauses and `x`, and no learned fingerprint or CORE shape is
 * made of those alone (the property test in sql-shape.test.ts checks both against the set).
 */
const PROSE_CHARACTERS = /^[A-Za-z\t\n\v\f\r .]*$/;
// Spelled out in both cases: never slower than the same alternation with the `i` flag (up to twice as fast measured here).
const VALUE_WORDS = /[uU][nN][iI][oO][nN]|[iI][nN][tT][eE][rR][sS][eE][cC][tT]|[eE][xX][cC][eE][pP][tT]|[nN][uU][lL][lL]|[tT][rR][uU][eE]|[fF][aA][lL][sS][eE]/;

/**
 * The text up to its 48th whitespace-separated run: in prose no token spans whitespace, so the
 * lexer's first MAX_RAW_TOKENS (48) tokens of the plain reading lie within it and the rest is
 * never read. A quote anywhere makes hasInjectionShape read the value after a quote too (where
 * the text up to that quote is one string token): such a value is not prose.
 */
const LEXED_PREFIX = /^(?:\s*\S+){1,48}/;

export function isPlainProse(value: string): boolean {
  if (value.includes("'") || value.includes('"')) return false;
  const lexed = LEXED_PREFIX.exec(value)?.[0] ?? value;
  return PROSE_CHARACTERS.test(lexed) && !VALUE_WORDS.test(lexed);
}

/**
 * SQL injection: the value's token shape, read as-is or after a quote, is an injection shape.
 * (Plain prose never is: callers ask isPlainProse first, the cheaper question.)
 */
export function hasInjectionShape(value: string): boolean {
  if (isInjectionShape(lexer.shape(value))) return true;
  if (value.includes("'")) {
    const quoted = lexer.shape("'" + value);
    // `"#2 MOM"` reads as string-comment too; only a single quote closes strings everywhere.
    if (CLOSED_THEN_COMMENT.test(quoted) || isInjectionShape(quoted)) return true;
  }
  return value.includes('"') && isInjectionShape(lexer.shape('"' + value));
}

function isInjectionShape(shape: string): boolean {
  return CORE.test(shape) || LEARNED.matches(shape);
}
