import { SQLI_FINGERPRINTS } from './sqli-fingerprints';
import { fingerprintKeys, fold, sqlFingerprints, tokenize } from './sql-tokens';

/**
 * Shapes no text but SQL has, kept besides the learned set: UNION followed by SELECT (and by
 * more than a lone word: "union select committee" is prose), a
 * statement stacked after a number or a closed string, a closed string followed by ORDER BY /
 * GROUP BY / HAVING / LIMIT, and a closed string followed only by a
 * comment (`admin'--`, the login bypass).
 */
const CORE = /UE(?:$|[^n]|n[k,o&(])|^[1s]\)*;E|^s\)*B/;
const CLOSED_THEN_COMMENT = /^s\)*c$/;

/** SQL injection: the value's token shape, read as-is or after a quote, is a learned injection shape. */
export function isSqli(value: string): boolean {
  // `"#2 MOM"` reads as string-comment too; only a single quote closes strings everywhere.
  if (value.includes("'") && CLOSED_THEN_COMMENT.test(fold(tokenize("'" + value)))) return true;
  for (const fp of sqlFingerprints(value)) {
    if (CORE.test(fp)) return true;
    for (const key of fingerprintKeys(fp)) if (SQLI_FINGERPRINTS.has(key)) return true;
  }
  return false;
}
