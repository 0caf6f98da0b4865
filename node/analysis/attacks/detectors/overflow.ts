/**
 * Memory-corruption probes (docs/detection.md, overflow): what is only sent to find a buffer
 * overflow or a format-string bug in a C back end, by two bounded rules.
 *
 * Buffer overflow: a value of at least OVERFLOW_MIN_RUN (256) characters of which nine in ten are
 * one character repeated in one run (`AAAA...A` of thousands, `%%%%...`): no form, name or id is
 * a single repeated character that long, or one byte written as an escape (`%41`, `\x90`) repeated.
 * Whitespace runs (indentation) are not counted, nor runs of the characters plain text draws its
 * rules and underlines with (`-----`, `=====`, `_____`: a form's layout; branch i18-small6).
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
  if (to - from >= need && !isRuleCharacter(c)) return true;
  for (let p = 2; p <= MAX_RUN_UNIT; p++)
    if (periodicSpan(value, mid, p) >= need && isProbeUnit(value.slice(mid, mid + p))) return true;
  return false;
}

/**
 * The characters plain text draws a horizontal rule or an underline with (Markdown's `---`, `***`,
 * `___`, setext's `===`, reStructuredText's `~~~`, `###`, `...`): a value of 300 `-` is a form's
 * separator line, not a probe; a probe repeats a letter, a digit or a byte (`AAAA`, `%%%%`, `\x90`).
 */
export const RULE_CHARACTERS = '-=_~*#.';
function isRuleCharacter(code: number): boolean {
  return RULE_CHARACTERS.includes(String.fromCharCode(code));
}

/**
 * The longest unit repeated in a run (docs/detection.md, branch i18-small4): one byte written as an
 * escape (`\x41` x 300, `%41` x 300, `&#65;` x 60, a NOP sled `\x90\x90...`, IIS's
 * `%u9090%u6858...`) is the same probe as `A` x 5 000, spelt for a back end that unescapes. Only
 * escapes: base64 of a repetitive file repeats four characters (`BwcHBwcH...`), hex two (`0707...`).
 */
export const MAX_RUN_UNIT = 6;

/** How many characters around `mid` repeat with period `p` (value[i] === value[i + p]), the unit included. */
function periodicSpan(value: string, mid: number, p: number): number {
  const n = value.length;
  let from = mid;
  while (from > 0 && value.charCodeAt(from - 1) === value.charCodeAt(from - 1 + p)) from--;
  let to = mid;
  while (to + p < n && value.charCodeAt(to) === value.charCodeAt(to + p)) to++;
  return to + p - from;
}

/** A unit that is a byte escape (`%41`, `\x90`, `%u9090`, `&#65;`) of no whitespace (`%20`, `\t`, `&nbsp;`: a padded field). */
export function isProbeUnit(unit: string): boolean {
  // The run may be cut anywhere: turn the unit to start at its escape (`41%` is `%41`).
  const k = unit.search(/[%\\&]/);
  if (k < 0) return false;
  const u = unit.slice(k) + unit.slice(0, k);
  return ESCAPED_BYTE.test(u) && !/^(?:%(?:20|09|0a|0d)|\\[tnr]|\\x20|\\u0020|&#(?:32|9|10|13);)$/i.test(u);
}
const ESCAPED_BYTE = /^(?:%[0-9a-f]{2}|%u[0-9a-f]{4}|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}|\\[0-7]{3}|&#x?[0-9a-f]{1,4};)$/i;

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
  /** `%x`, `%X`, `%p`: prints a stack word in hex. */
  reads: boolean;
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
      reads: m[4] === 'x' || m[4] === 'X' || m[4] === 'p',
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
 * argument list (`%*s`, `%.*x`), a positional argument (`%3$s`), a zero-padded hex or pointer
 * (`%08x`), or a precision of three digits or more (`%.1024d`: a thousand characters written into
 * the buffer; a price is `%.2f`). A bare `%s` or `%d` is a placeholder people type into settings;
 * `%20s` is an escape. Several such conversions glued into the whole value (`%1$s%2$s`, `%*s%*s`)
 * are the same probe (branch i18-small6); with text or a separator between (`%1$s of %2$s`,
 * `%1$s %2$s`) they are a translated sentence's placeholders.
 */
const LONE_PROBE_CONVERSIONS =
  /^(?:%(?:\d{1,10}\$[-+ #0]{0,8}\d{0,10}|[-+ #0]{0,8}(?:\*(?:\d{1,10}\$)?|0\d{1,10}(?=[xXp]))|[-+ #0]{0,8}\d{0,10}\.(?:\*|\d{3,10}))(?:hh|h|ll|l)?[diouxXcspnSeEfFgG])+$/;

export function isFormatString(value: string): boolean {
  if (value.length < 2 || !value.includes('%')) return false;
  if (PADDED_CONVERSION.test(value) || LONE_PROBE_CONVERSIONS.test(value.trim())) return true;
  const convs = conversions(value);
  if (convs.length === 0) return false;
  let covered = 0;
  let run = 1;
  let longestRun = 1;
  let special = false;
  let allRead = true;
  // Log4j's and Logback's layouts write `%n` for a line break (`%-5p [%t] %c - %m%n`): not a write there.
  const layout = LOG_LAYOUT.test(value);
  for (let i = 0; i < convs.length; i++) {
    covered += convs[i].end - convs[i].start;
    if ((convs[i].writes && !layout) || convs[i].wide) special = true;
    if (!convs[i].reads) allRead = false;
    // In a row: at most two separators (`.`, `|`, `_`, space, a line break written as `\n`...) and
    // no letter or digit between.
    if (i > 0) {
      const gap = value.slice(convs[i - 1].end, convs[i].start).replace(TEXT_BREAK, ' ');
      run = gap.length <= 2 && !/[A-Za-z0-9%]/.test(gap) ? run + 1 : 1;
      if (run > longestRun) longestRun = run;
    }
  }
  if (endsInWrite(value, convs, layout)) return true;
  // Bytes written as escapes (`\x10\x01\x48\x08_%08x.%08x...`) are the address the probe puts on
  // the stack for its reads and write to reach, not text around a template (branch i18-small6).
  const nonBlank = value.replace(BLANK_OR_BYTE_ESCAPE, '').length;
  if (covered * 2 < nonBlank) return false;
  // Two stack reads and nothing else (`%x%x`, `%p.%p`): no setting is two hex dumps (`%s%s` may be).
  return longestRun >= 3 || special || (allRead && convs.length === 2 && longestRun === 2 && nonBlank - covered <= 2);
}

const BLANK_OR_BYTE_ESCAPE = /\s+|\\x[0-9a-fA-F]{2}/g;

/**
 * Text then a lone write (`Hello %n`, `name: %2$hn`): every conversion of the value writes memory
 * and the last, as a word of its own, ends it; a greeting sent to see whether the back end passes
 * it to printf (branch i18-small6). Java's `%n` line separator ends a line glued to its text
 * (`Hello%n`) or after another conversion (`%s%n`), and a log layout's `%n` beside `%m` is not
 * counted (`LOG_LAYOUT`).
 */
function endsInWrite(value: string, convs: Conversion[], layout: boolean): boolean {
  if (layout || !convs.every((c) => c.writes)) return false;
  const last = convs[convs.length - 1];
  return last.end === value.trimEnd().length && (last.start === 0 || /\s/.test(value[last.start - 1]));
}

/** A line break or tab written as a string escape (`%s\n%s\n%s`), a separator like a space (branch i18-small4). */
const TEXT_BREAK = /\\[nrt]/g;
/** A conversion only Log4j's and Logback's pattern layouts have: the message, a date or logger with options. */
const LOG_LAYOUT = /%-?\d{0,3}(?:m|msg|message)(?![A-Za-z])|%d\{|%(?:logger|level|thread|throwable)\b/;

export function isOverflow(value: string): boolean {
  return isOverflowRun(value) || isFormatString(value);
}
