import type { Budget } from '../../../node/analysis/attacks/budget';
import { urlLayer } from '../../../node/analysis/attacks/decode/variants';

/**
 * The decoding loop of decode/variants.ts as first written, charging the budget as it goes: the
 * simple reference that gates.test.ts pins the remembered layers to (same forms, same charges and
 * trims) and decode-layers.test.ts pins the shared URL layer to (with an unbounded budget). One
 * reference for both (docs/design.md "The fifteenth session reviewed (branch review15)").
 */
export function referenceVariants(
  raw: string,
  budget: Budget,
  decodeOnce: (s: string, withNul: string[] | null) => string | null,
): string[] {
  const first = raw.replace(/\0/g, '');
  const variants = [first];
  if (!budget.takeDecoded(first.length)) return variants;
  let current = first;
  // The layers that had NULs before decodeOnce removed them (the first is the value as sent).
  const nul: string[] = raw.includes('\0') ? [raw] : [];
  let trimmed = false;
  for (let depth = 0; ; depth++) {
    const next = decodeOnce(current, nul);
    if (next === null) break;
    if (depth >= budget.limits.maxDecodeDepth) {
      trimmed = true;
      break;
    }
    if (variants.includes(next)) break;
    if (!budget.takeDecoded(next.length)) break;
    variants.push(next);
    current = next;
  }
  // The URL layer alone (raw UTF-8 and percent), when the loop went past it in one layer.
  const url = urlLayer(first).replace(/\0/g, '');
  if (!variants.includes(url)) {
    if (!budget.takeDecoded(url.length)) return variants;
    variants.push(url);
  }
  // Each NUL layer as a C string reads it (up to the first NUL) and with NULs as blanks.
  for (const t of nul) {
    for (const form of [t.split('\0')[0].trim(), t.split(/\0+/).join(' ')]) {
      if (form === '' || variants.includes(form)) continue;
      if (!budget.takeDecoded(form.length)) return variants;
      variants.push(form);
    }
  }
  // The depth trim is counted once every form read so far was charged.
  if (trimmed) budget.trim('decode_depth');
  if (/[^\x00-\x7f]/.test(current)) {
    const folded = current.normalize('NFKC');
    if (folded !== current && !variants.includes(folded) && budget.takeDecoded(folded.length)) variants.push(folded);
  }
  return variants;
}
