// Apart from gates.ts so that detectors/index.ts can read a form's hints without a cycle.
/**
 * Bits above the detectors' in GateMask.of: what decoding the text may need, found by the same
 * scan. A text with none of ESCAPE, NUL and NON_ASCII, and with NOT_BASE64 (or shorter than any
 * base64 worth decoding), has no other form than itself (decodeVariants skips all decoding).
 */
export const TEXT_HINTS = {
  /** `%`, `&` or `\\`: a percent escape, an HTML entity or a JS escape may start here. */
  ESCAPE: 1 << 27,
  NUL: 1 << 28,
  NON_ASCII: 1 << 29,
  /** A character neither in the base64 alphabets nor space, `=` or ASCII whitespace. */
  NOT_BASE64: 1 << 30,
} as const;
