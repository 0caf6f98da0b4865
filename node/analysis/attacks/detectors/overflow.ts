/**
 * Memory-corruption probes (docs/detection.md, overflow): what is only sent to find a buffer
 * overflow or a format-string bug in a C back end, by two bounded rules.
 *
 * Buffer overflow: a value of at least OVERFLOW_MIN_RUN (256) characters of which nine in ten are
 * one character repeated in one run (`AAAA...A` of thousands, `%%%%...`): no form, name or id is
 * a single repeated character that long. Whitespace runs (indentation) are not counted.
 *
 * Format strings: printf conversions (`%[flags][width][.prec][length]conv`, `%n$` positional) that
 * make up at least half of the value, three or more in a row (`%x%x%x`, `%s%s%s`,
 * `AAAA.%08x.%08x.%08x`, `%s%p%x%d`), or any that writes memory (`%n`, `%2$hn`) or asks for a
 * width of 10 000 or more (`%99999999999s`); also a padding run then one conversion (`AAAAA%n`,
 * `ppppp%x`). A template with words (`Hello %s, you have %d messages`), strftime dates
 * (`%Y-%m-%d`) and a C snippet (`printf("%02x%02x%02x", r, g, b)`) are not. A percent escape
 * of text (`%2e`, `%0a`, `%20` of `hello%20sir`, whatever follows it) is not a conversion, even
 * when it reads as one (`%20s`: width 20); `%08x` is, since no text escapes a backspace. A whole
 * value that is one conversion counts when only a probe writes it (`%*s`, `%3$n`, `%08x`).
 */

export const OVERFLOW_MIN_RUN = 256;

/** The longest run of one non-blank character covers nine tenths of a value of OVERFLOW_MIN_RUN or more. */
export function isOverflowRun(value: string): boolean {
  const n = value.length;
  if (n < OVERFLOW_MIN_RUN) return false;
  const need = Math.max(OVERFLOW_MIN_RUN, Math.ceil(n * 0.9));
  // The run must cover the middle character: look outwards from it.
  const mid = n >> 1;
  const c = value.charCodeAt(mid);
  if (c <= 0x20) return false;
  let from = mid;
  while (from > 0 && value.charCodeAt(from - 1) === c) from--;
  let to = mid + 1;
  while (to < n && value.charCodeAt(to) === c) to++;
  return to - from >= need;
}

/** One printf conversion specification. */
const CONVERSION =
  /%(\d{1,10}\$)?[-+ #0']{0,8}(\*(?:\d{1,10}\$)?|\d{1,20})?(?:\.(\*(?:\d{1,10}\$)?|\d{1,20}))?(?:hh|h|ll|l|L|q|j|z|t|I64|I32|I)?([diouxXeEfFgGaAcsSpnC@])/g;
const HEX = /^%[0-9a-fA-F]{2}$/;
/** `%20`-`%7F`, `%09`, `%0A`, `%0D`: a percent escape of text, not a width (`%08x` stays a conversion). */
const PRINTABLE_ESCAPE = /^%(?:[2-7][0-9a-fA-F]|0[9aAdD])/;

interface Conversion {
  start: number;
  end: number;
  writes: boolean;
  wide: boolean;
}

function conversions(value: string): Conversion[] {
  const out: Conversion[] = [];
  CONVERSION.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CONVERSION.exec(value)) !== null && out.length < 256) {
    // `%2e` is an escape; so is the start of `%20committed` (URL-encoded prose), which reads as a
    // conversion of width 20: escapes of printable characters and line breaks never start one.
    if (HEX.test(m[0]) || PRINTABLE_ESCAPE.test(m[0])) continue;
    const width = m[2] !== undefined && /^\d+$/.test(m[2]) ? m[2] : '';
    const prec = m[3] !== undefined && /^\d+$/.test(m[3]) ? m[3] : '';
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      writes: m[4] === 'n',
      wide: width.length > 4 || prec.length > 4,
    });
  }
  return out;
}

/** `AAAAA%n`, `ppppp%x`, `XXXXX.%p`, `AAAAA%e`: a run of one letter or digit, at most one separator, one conversion. */
const PADDED_CONVERSION =
  /^([A-Za-z0-9])\1{3,64}[._\-:|]?%[-+ #0]{0,8}\d{0,20}(?:\.\d{1,20})?(?:hh|h|ll|l)?[diouxXcspneEfFgGaAI]$/;

/**
 * A whole value that is one conversion only a probe writes: its width or precision taken from the
 * argument list (`%*s`, `%.*x`), a positional argument (`%3$s`), or a zero-padded hex or pointer
 * (`%08x`). A bare `%s` or `%d` is a placeholder people type into settings; `%20s` is an escape.
 */
const LONE_PROBE_CONVERSION =
  /^%(?:\d{1,10}\$[-+ #0]{0,8}\d{0,10}|[-+ #0]{0,8}(?:\*(?:\d{1,10}\$)?|0\d{1,10}(?=[xXp]))|[-+ #0]{0,8}\d{0,10}\.\*)(?:hh|h|ll|l)?[diouxXcspnSeEfFgG]$/;

export function isFormatString(value: string): boolean {
  if (value.length < 2 || !value.includes('%')) return false;
  if (PADDED_CONVERSION.test(value) || LONE_PROBE_CONVERSION.test(value.trim())) return true;
  const convs = conversions(value);
  if (convs.length === 0) return false;
  let covered = 0;
  let run = 1;
  let longestRun = 1;
  let special = false;
  for (let i = 0; i < convs.length; i++) {
    covered += convs[i].end - convs[i].start;
    if (convs[i].writes || convs[i].wide) special = true;
    // In a row: at most two separators (`.`, `|`, `_`, space...) and no letter or digit between.
    if (i > 0) {
      const gap = value.slice(convs[i - 1].end, convs[i].start);
      run = gap.length <= 2 && !/[A-Za-z0-9%]/.test(gap) ? run + 1 : 1;
      if (run > longestRun) longestRun = run;
    }
  }
  const nonBlank = value.replace(/\s+/g, '').length;
  if (covered * 2 < nonBlank) return false;
  return longestRun >= 3 || special;
}

export function isOverflow(value: string): boolean {
  return isOverflowRun(value) || isFormatString(value);
}
