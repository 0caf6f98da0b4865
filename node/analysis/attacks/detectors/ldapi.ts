/**
 * LDAP filter injection: text that closes the application's filter and opens new components —
 * a combinator before an assertion (`(|(uid=`, `(&(pw=`), a closed component followed by a new
 * one (`)(uid=*`), a wildcard that closes a component (`*)(`), or an extensible-match rule
 * (`userPassword:2.5.13.18:=`). Every quantifier is bounded, so the scan stays linear.
 */
/**
 * An attribute (a name, or a numeric OID as RFC 4512 allows: `2.5.4.3` is `cn`; three arcs or more, as every
 * attribute's OID has, so that a decimal `(3.4=x)` is none; branch i18-small5)
 * and a comparison or an extensible match.
 */
const ASSERTION = '(?:[a-z][\\w;.-]{0,40}|\\d{1,9}(?:\\.\\d{1,9}){2,20})\\s{0,8}(?:[~<>]?=|:(?:dn:)?(?:[\\d.]{1,40}:)?=)';
const COMBINATOR = new RegExp(`\\(\\s{0,8}[|&!]\\s{0,8}\\(\\s{0,8}${ASSERTION}`, 'i');
/**
 * `)(uid=`; with space between the parentheses only before a combinator (`) (|(uid=`): prose and
 * documentation write `_(string) (default=false)_`.
 */
const REOPEN = new RegExp(
  `\\)\\(\\s{0,8}(?:[|&!]\\s{0,8}\\(\\s{0,8})?${ASSERTION}|\\)\\s{1,8}\\(\\s{0,8}[|&!]\\s{0,8}\\(\\s{0,8}${ASSERTION}`,
  'i',
);
const EXTENSIBLE = /(?<![\w])[a-z][\w-]{0,40}:(?:dn:)?\d+(?:\.\d+){1,20}:=/i;

/** `)(&)`, `)(|(`, `)(!(`, `)(|` at the end: a closed component followed by a new combinator. */
const REOPEN_COMBINATOR = /\)\s{0,8}\(\s{0,8}[|&!]\s{0,8}(?:[()]|$)/;
/** `)!(sn=*`, `)&(cn=admin`, `)|(uid=*`: a closed component, a combinator, then a new assertion. */
const CLOSE_COMBINE = new RegExp(`\\)\\s{0,8}[|&!]\\s{0,8}\\(\\s{0,8}${ASSERTION}`, 'i');

/**
 * A whole filter as a client writes it (`(&(objectCategory=computer)(userAccountControl:1.2.840...:=8192))`,
 * balanced and never closing more than it opened): a directory tool's search, not text that
 * breaks out of the application's filter.
 */
function isWholeFilter(value: string): boolean {
  const v = value.trim();
  if (v.charCodeAt(0) !== 0x28 || v.charCodeAt(v.length - 1) !== 0x29 || v.length > 4096) return false;
  let depth = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth < 0) return false;
  }
  return depth === 0;
}

export function isLdapi(value: string): boolean {
  // A whole filter is an attack only by what no directory search needs: a numeric attribute
  // (`(1=0)`, a constant truth value) or the absolute filters `(&)` and `(|)`.
  if (isWholeFilter(value)) return /\(\s{0,8}\d{1,8}\s{0,8}=\s{0,8}\d{0,8}\s{0,8}\)|\(\s{0,8}[|&]\s{0,8}\)/.test(value);
  return (
    CLOSE_COMBINE.test(value) ||
    COMBINATOR.test(value) ||
    REOPEN.test(value) ||
    REOPEN_COMBINATOR.test(value) ||
    EXTENSIBLE.test(value) ||
    /\*\s{0,8}\)\s{0,8}\(|\*\){2,}\s*$/.test(value) ||
    closesWithWildcard(value) ||
    METACHARACTER_PROBE.test(value) ||
    OPENS_WITH_COMBINATOR.test(value)
  );
}

/**
 * A wildcard next to a `)` that closes more than the value opened (`admin*)`, `*)*`, `(*)*)`):
 * the value ends the application's assertion with a match-anything and leaves its filter.
 */
function closesWithWildcard(value: string): boolean {
  if (value.length > 4096 || !value.includes('*)')) return false;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x28) depth++;
    else if (
      c === 0x29 &&
      --depth < 0 &&
      (value.charCodeAt(i - 1) === 0x2a || value.charCodeAt(i + 1) === 0x2a) &&
      !isFootnote(value, i)
    )
      return true;
  }
  return false;
}

/**
 * `Preis*) inkl. MwSt.`, `*) Angebot gilt solange der Vorrat reicht`: `*)` is a footnote mark in
 * German typography, followed by a space and a word (branch i18-small4); a break-out is followed
 * by the filter's rest (`(`, `)`, `*`), a NUL or nothing.
 */
function isFootnote(value: string, close: number): boolean {
  return /^[ \t]+\p{L}/u.test(value.slice(close + 1, close + 3));
}

/** Only filter metacharacters, with a wildcard, a parenthesis and a combinator (`*()|&'`): a probe for filter errors. */
const METACHARACTER_PROBE = /^(?=[^*]{0,16}\*)(?=[^()]{0,16}[()])(?=[^|&!]{0,16}[|&!])[*()|&!='"\s]{4,24}$/;

/**
 * `|(objectClass=*)`, `&(uid=admin)(...)`: the value opens with a combinator given a new assertion,
 * written where the application's filter expects the operand of its own `(`; `!` is left out, as
 * search languages write a negation `!(state=closed)` (docs/detection.md, branch i18-small4).
 */
const OPENS_WITH_COMBINATOR = new RegExp(`^\\s{0,8}[|&]\\s{0,8}\\(\\s{0,8}${ASSERTION}`, 'i');

/** A `)` then a NUL in any spelling ptrav's NUL reader knows (`%00`, `\x00`, `\u0000`). */
const CLOSE_THEN_NUL = /\)(?:%(?:25){0,3}00|\\u0000|\\x00|%u0000|\0)/i;

/**
 * `admin)%00`, `*))%00`: a `)` that closes more than the value opened, then a NUL: the filter is
 * closed early and the rest of the application's filter cut off where a C library ends the string.
 * Read on the value as sent, since decoding removes NULs (decode/variants.ts).
 */
export function isNulTerminatedFilter(raw: string): boolean {
  if (raw.length > 4096) return false;
  const m = CLOSE_THEN_NUL.exec(raw);
  if (m === null) return false;
  let depth = 0;
  for (let i = 0; i <= m.index; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth < 0) return true;
  }
  return false;
}
