/**
 * LDAP filter injection: text that closes the application's filter and opens new components —
 * `)(`, `(|(`, `(&(`, `(!(` before an `attr=` assertion, a wildcard that closes a component
 * (`*)`), or an extensible-match rule (`attr:2.5.13.18:=`).
 */
const ATTR_ASSERTION = /^[a-z][\w;-]*\s*(?:[~<>]?=|:(?:dn:)?(?:[\d.]+:)?=)/i;

export function isLdapi(value: string): boolean {
  if (/[a-z]\w*:(?:dn:)?\d+(?:\.\d+)+:=/i.test(value)) return true;
  for (let i = value.indexOf('('); i >= 0; i = value.indexOf('(', i + 1)) {
    let j = i + 1;
    while (j < value.length && (value[j] === '|' || value[j] === '&' || value[j] === '!' || value[j] === '(' || value[j] === ' ')) j++;
    const combinator = /[|&!]/.test(value.slice(i + 1, j)) && value.slice(i + 1, j).includes('(');
    const closesFirst = i > 0 && (value[i - 1] === ')' || (value[i - 1] === '*' && i > 1));
    const assertion = ATTR_ASSERTION.test(value.slice(j, j + 64)) || value.startsWith('*', j);
    if (assertion && (combinator || closesFirst || (value[i - 1] === ')' ))) return true;
    if (combinator && /^\w[\w-]*=\*\)/.test(value.slice(j, j + 64))) return true;
  }
  return /^\*\)*\(\s*[|&]/.test(value) || /\w=\*\)\s*\(/.test(value);
}
