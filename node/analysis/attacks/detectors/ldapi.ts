/**
 * LDAP filter injection: text that closes the application's filter and opens new components —
 * a combinator before an assertion (`(|(uid=`, `(&(pw=`), a closed component followed by a new
 * one (`)(uid=*`), a wildcard that closes a component (`*)(`), or an extensible-match rule
 * (`userPassword:2.5.13.18:=`). Every quantifier is bounded, so the scan stays linear.
 */
const ASSERTION = '[a-z][\\w;.-]{0,40}\\s{0,8}(?:[~<>]?=|:(?:dn:)?(?:[\\d.]{1,40}:)?=)';
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

/** `)(&)`, `)(|(`, `)(!(`: a closed component followed by a new combinator. */
const REOPEN_COMBINATOR = /\)\s{0,8}\(\s{0,8}[|&!]\s{0,8}[()]/;

export function isLdapi(value: string): boolean {
  return (
    COMBINATOR.test(value) ||
    REOPEN.test(value) ||
    REOPEN_COMBINATOR.test(value) ||
    EXTENSIBLE.test(value) ||
    /\*\s{0,8}\)\s{0,8}\(|\*\){2,}\s*$/.test(value)
  );
}
