/**
 * Which characters and pairs of adjacent characters a short text holds, found in one pass and
 * kept for the last text marked: a response body is read by discovery's JSON reader (does it hold
 * a backslash or a control character?) and then by the vulnerability checks' literal search
 * (which pairs occur?), and both answers come from the same pass instead of two
 * (docs/performance.md "Response bodies read once (branch i22-json)").
 */

/** Up to this length a text's characters are marked in one pass; longer ones are searched instead. */
export const MARK_MAX = 4096;

export class TextMarks {
  /** Per character code below 128, the pass (`stamp`) that last saw it: no clearing between texts. */
  readonly seen = new Uint32Array(128);
  /** Per pair of characters below 128 (first * 128 + second), the pass that last saw it. */
  readonly pairs = new Uint32Array(128 * 128);
  /** The pass of the text marked last. */
  stamp = 0;
  /** The text marked last (null before any): a text equal to it has the same marks. */
  private marked: string | null = null;

  /**
   * Marks `text` (at most MARK_MAX characters) unless it equals the text marked last; returns the
   * pass whose stamp its characters and pairs hold in `seen` and `pairs`.
   */
  mark(text: string): number {
    if (text === this.marked) return this.stamp;
    const stamp = this.nextPass(text);
    const seen = this.seen;
    const pairs = this.pairs;
    // `prev` is the previous character's code times 128, or -1 after a character above 127.
    let prev = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        seen[c] = stamp;
        if (prev >= 0) pairs[prev + c] = stamp;
        prev = c * 128;
      } else prev = -1;
    }
    return stamp;
  }

  /**
   * Marks `text` (at most MARK_MAX characters) from `utf8`, the bytes it was decoded from
   * (`text === Buffer.from(utf8).toString('utf8')`), unless it equals the text marked last; the
   * same marks as `mark(text)`. UTF-8 writes every character below 128 as that one byte and every
   * other character (and U+FFFD for each invalid sequence) with bytes of 128 and above only, so the
   * bytes below 128 and their adjacent pairs are the text's; a byte array is read faster than a
   * string's characters (1.2 against 1.8 ns per character: docs/performance.md "Response JSON and
   * the sessions' path split (branch i22-json2)").
   */
  markUtf8(utf8: Uint8Array, text: string): number {
    if (text === this.marked) return this.stamp;
    const stamp = this.nextPass(text);
    const seen = this.seen;
    const pairs = this.pairs;
    let prev = -1;
    for (let i = 0; i < utf8.length; i++) {
      const c = utf8[i];
      if (c < 128) {
        seen[c] = stamp;
        if (prev >= 0) pairs[prev + c] = stamp;
        prev = c * 128;
      } else prev = -1;
    }
    return stamp;
  }

  /** Starts the pass that marks `text`: its stamp. */
  private nextPass(text: string): number {
    let stamp = (this.stamp + 1) >>> 0;
    if (stamp === 0) {
      // After 2^32 passes a stamp would come back: the marks start again from nothing.
      this.seen.fill(0);
      this.pairs.fill(0);
      stamp = 1;
    }
    this.stamp = stamp;
    this.marked = text;
    return stamp;
  }

  /** Whether `text` (at most MARK_MAX characters) holds a backslash or a character below U+0020: `/[\\\u0000-\u001f]/.test(text)`. */
  escapeOrControl(text: string): boolean {
    const stamp = this.mark(text);
    const seen = this.seen;
    if (seen[92] === stamp) return true;
    for (let c = 0; c < 32; c++) if (seen[c] === stamp) return true;
    return false;
  }
}

/** The marks every analysis of this thread shares (one text at a time: a body is read by each analysis in turn). */
export const TEXT_MARKS = new TextMarks();
