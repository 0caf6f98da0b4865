import type { Budget } from '../budget';
import { TEXT_HINTS } from '../detectors/gates';
import { BASE64_MIN_LENGTH, decodeBase64Text } from './base64';
import { decodeEntities, hasEntity } from './entities';
import { decodeJsEscapes, hasJsEscape } from './escapes';
import { hasPercentEscape, percentDecode } from './percent';

/**
 * The forms one value takes as it is decoded layer by layer: the value as received, then after
 * each round of percent / HTML entity / JS escape decoding, base64 when the whole value is text,
 * and Unicode compatibility folding (fullwidth `＜` is `<` to some servers). Detectors look at
 * every form, so an attack is found whichever layer the application decodes to. NULs are
 * removed from every form (they split keywords for filters but are dropped by many parsers).
 * `hints`: GateMask.of(raw), whose TEXT_HINTS say when there is nothing to decode.
 */
export function decodeVariants(raw: string, budget: Budget, hints?: number): string[] {
  const first = stripNul(raw);
  const variants = [first];
  if (!budget.takeDecoded(first.length)) return variants;
  if (hints !== undefined && isPlain(raw, hints)) return variants;
  let current = first;
  for (let depth = 0; ; depth++) {
    const next = decodeOnce(current);
    if (next === null) break;
    if (depth >= budget.limits.maxDecodeDepth) {
      budget.trim('decode_depth');
      break;
    }
    if (variants.includes(next)) break;
    if (!budget.takeDecoded(next.length)) break;
    variants.push(next);
    current = next;
  }
  if (/[^\x00-\x7f]/.test(current)) {
    const folded = current.normalize('NFKC');
    if (folded !== current && !variants.includes(folded) && budget.takeDecoded(folded.length)) {
      variants.push(folded);
    }
  }
  return variants;
}

/** From GateMask's hints (the scan of `raw`): no escape, NUL or non-ASCII, and not base64. */
export function isPlain(raw: string, hints: number): boolean {
  if ((hints & (TEXT_HINTS.ESCAPE | TEXT_HINTS.NUL | TEXT_HINTS.NON_ASCII)) !== 0) return false;
  return (hints & TEXT_HINTS.NOT_BASE64) !== 0 || raw.length < BASE64_MIN_LENGTH;
}

function decodeOnce(s: string): string | null {
  let t = s;
  // Form-encoded text carried where `+` is not decoded (JSON, path, multipart) still means space.
  if (hasPercentEscape(t)) t = percentDecode(t, t.includes('+') && !t.includes(' '));
  if (hasEntity(t)) t = decodeEntities(t);
  if (hasJsEscape(t)) t = decodeJsEscapes(t);
  if (t === s) {
    const b = decodeBase64Text(s);
    if (b !== null) t = b;
  }
  t = stripNul(t);
  return t === s ? null : t;
}

function stripNul(s: string): string {
  return s.includes('\0') ? s.replace(/\0/g, '') : s;
}
