// Apart from gates.ts so that detectors/index.ts can read a form's hints without a cycle.
/**
 * Bits above the detectors' in GateMask.of: what decoding the text may need, found by the same
 * scan, and whether it is words and spaces alone. A text with none of ESCAPE, NUL and NON_ASCII, and with NOT_BASE64 (or shorter than any
 * base64 worth decoding), has no other form than itself (decodeVariants skips all decoding).
 */
export const TEXT_HINTS = {
  /** `%`, `&` or `\\`: a percent escape, an HTML entity or a JS escape may start here. */
  ESCAPE: 1 << 27,
  NUL: 1 << 28,
  NON_ASCII: 1 << 29,
  /** A character neither in the base64 alphabets nor space, `=` or ASCII whitespace. */
  NOT_BASE64: 1 << 30,
  /**
   * A character other than an ASCII letter, digit, `_` or space. Absent, the text is words and
   * spaces (prose, search text): code injection reads such text by this hint instead of searching
   * it again (docs/performance.md "One prose search, cookies per connection (branch i22-shared)").
   */
  NOT_WORD_OR_SPACE: 1 << 31,
} as const;
