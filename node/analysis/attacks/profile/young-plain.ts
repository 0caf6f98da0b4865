/**
 * Two rules for a young parameter (its endpoint profile not established) whose values are plain
 * strings: the text symbols of queries and patterns, and a value cut short (docs/detection.md "Text
 * symbols and cut values at young names (branch i18-profiles13)"). Pure functions over the counts
 * both the profiles (./profiles.ts) and their reference (test/unit/attacks/profile-reference.ts)
 * keep, as vocabulary.ts's youngSymbolBreak.
 */
import type { AnomalySettings } from './settings';
import { plainStringsWithout, SYMBOLS, type YoungCounts, writesSentences, youngClean } from './vocabulary';

/**
 * The symbols of queries, fragments and patterns (`?` `#` `=` of a URL's query and fragment, `[` of
 * an index, `^` `~` of patterns and paths): a name or a label of words does not take one up from one
 * value to the next, where its text punctuation (`'` `,` `&` `-` `.`) it does.
 */
const TEXT_SYMBOLS = '?^[#~=';

/** The bits (of the low class word) of TEXT_SYMBOLS, and of `/`: evidence with a `/` is a path or a link, whose query and fragment these symbols write. */
const TEXT_BITS = [...TEXT_SYMBOLS].reduce((bits, c) => bits | (1 << SYMBOLS.indexOf(c)), 0);
const SLASH_BIT = 1 << SYMBOLS.indexOf('/');

/** Whether `=` at i is base64 padding: one or two at the end of a value of base64 letters whose length is a multiple of 4. */
function base64Padding(value: string, i: number): boolean {
  return value.length % 4 === 0 && /^[A-Za-z0-9+/_-]+={1,2}$/.test(value) && i >= value.length - 2;
}

/**
 * Whether the text symbol at i is where text writes it: `#` or `~` opening a word (a page anchor,
 * a hashtag, a number sign, a home folder: `#intro`, `~anna`), `?` closing one (a question:
 * `ready?`), `=` as base64 padding.
 */
function writtenAsText(value: string, i: number): boolean {
  const c = value[i];
  const opensWord = (i === 0 || value[i - 1] === ' ') && i + 1 < value.length && value[i + 1] !== ' ';
  if (c === '#' || c === '~') return opensWord;
  if (c === '?') return i > 0 && value[i - 1] !== ' ' && (i + 1 === value.length || value[i + 1] === ' ');
  return c === '=' && base64Padding(value, i);
}

/** The first text symbol of the value not where text writes it (writtenAsText), or ''. */
function misplacedTextSymbol(lo: number, value: string): string {
  if ((lo & TEXT_BITS) === 0) return '';
  for (let i = 0; i < value.length; i++) {
    if (TEXT_SYMBOLS.includes(value[i]) && !writtenAsText(value, i)) return value[i];
  }
  return '';
}

/** Of a young profile: its clean values that alternate letters and digits (four runs or more: a password, a key, a code). */
export interface YoungTextCounts extends YoungCounts {
  readonly tokens: number;
}

/**
 * What breaks a young parameter's plain-string evidence by a text symbol, or null: the value (`lo`,
 * its classes' low word) has one of TEXT_SYMBOLS not where text writes it (misplacedTextSymbol)
 * while YOUNG_PLAIN_VALUES clean values or more, from `parameters` of the profiles or more (as
 * youngSymbolBreak's evidence), were all plain strings, none with a text symbol or a `/`, none
 * alternating letters and digits (`Tr0ub4dor`: a password's or a key's symbols are chance), and not
 * sentences; fewer than `driftShare` of their values (of `minValues` at least) broke the symbol rules.
 */
export function youngTextSymbolBreak(
  profiles: readonly YoungTextCounts[],
  lo: number,
  value: string,
  parameters: number,
  settings: Pick<AnomalySettings, 'driftShare' | 'minValues' | 'proseShare'>,
): string | null {
  const symbol = misplacedTextSymbol(lo, value);
  if (symbol === '') return null;
  for (const q of profiles) if (q.tokens > 0) return null;
  const clean = plainStringsWithout(profiles, TEXT_BITS | SLASH_BIT, parameters, settings);
  if (clean === 0) return null;
  return `symbol ${symbol}: none in ${clean} plain values`;
}

/**
 * The longest value read as cut (youngCutBreak): one or two characters. Longer cuts of names of
 * one or two words are names themselves (`kim` among `anna`, `carla river`); the established
 * profile's length rule judges them against lengthFactor once it has its values.
 */
export const CUT_LENGTH = 2;

/** Clean values a young parameter's own profile must have (none shorter than twice CUT_LENGTH) before a cut breaks it. */
export const YOUNG_CUT_VALUES = 3;

/** Of a young profile: its values that broke youngCutBreak (not learned), a drift of their own. */
export interface YoungCutCounts extends YoungCounts {
  readonly youngCuts: number;
}

/**
 * What breaks a young parameter's own values by a value cut short, or null: the value has one or
 * two characters (CUT_LENGTH) and is the start of one of them cut inside a word (`cutOfOne`: `su`
 * of `summit orbit`, `n` of `name_asc`; not `id` among `id:asc`, a word of its own, nor `bo` among
 * `anna`, `carla`), while the YOUNG_CUT_VALUES or more clean values are all plain strings of twice
 * CUT_LENGTH or more (the `shortest`: a list of codes of three letters, `xen`, takes one of two, `vm`
 * before `vmware`; one with `eu` takes `u`), not sentences, and fewer than `driftShare` of the values (of `minValues` at least) broke it so. What
 * lengthFactor lets through at an established profile (`su` among `sage`), and any cut before that.
 * Not the empty value: an optional field is sent empty.
 */
export function youngCutBreak(
  p: YoungCutCounts,
  length: number,
  shortest: number,
  cutOfOne: boolean,
  settings: Pick<AnomalySettings, 'driftShare' | 'minValues' | 'proseShare'>,
): string | null {
  if (length === 0 || length > CUT_LENGTH || shortest < 2 * CUT_LENGTH || !cutOfOne) return null;
  if ((p.types.get('string') ?? 0) !== p.clean || writesSentences(p, settings.proseShare)) return null;
  const clean = youngClean([p], YOUNG_CUT_VALUES, 1, (q) => q.youngCuts, settings);
  return clean === 0 ? null : `cut: length ${length}, none of ${clean} values shorter than ${shortest}`;
}
