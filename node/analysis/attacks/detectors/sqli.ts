import { SQLI_FINGERPRINTS } from './sqli-fingerprints';
import { fingerprintKeys, sqlFingerprints } from './sql-tokens';

/** SQL injection: the value's token shape, read as-is or after a quote, is a learned injection shape. */
export function isSqli(value: string): boolean {
  for (const fp of sqlFingerprints(value)) {
    for (const key of fingerprintKeys(fp)) if (SQLI_FINGERPRINTS.has(key)) return true;
  }
  return false;
}
