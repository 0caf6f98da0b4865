/**
 * A reader for Log4j-style lookups (`${prefix:name}`), as Log4j resolves them before the JNDI
 * lookup runs: nested lookups are resolved from the inside out, `${lower:x}` / `${upper:x}` give
 * their argument, any lookup with a default (`${env:NaN:-j}`, `${::-j}`) gives the default, and
 * the others (`${env:USER}`, `${date:'j'}`) give what they name, quotes removed. The attack is a
 * lookup that resolves to `jndi:` followed by a naming scheme, however it was spelled.
 */
const MAX_ROUNDS = 64;
/** A lookup with none inside it (a `$` not followed by `{` is text: `${::-x$}{jndi:...}` resolves to `x${jndi:...}`). */
const INNERMOST = /\$\{((?:[^${}]|\$(?!\{)){0,200})\}/;
const JNDI = /^\s*jndi\s*:\s*\S/i;

export function isJndiLookup(value: string): boolean {
  const at = value.indexOf('${');
  if (at < 0) return false;
  let s = value.slice(at, at + 4096);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const m = INNERMOST.exec(s);
    if (m === null) return false;
    const body = m[1];
    if (JNDI.test(body)) return true;
    s = s.slice(0, m.index) + resolve(body) + s.slice(m.index + m[0].length);
  }
  return false;
}

/** What Log4j puts in place of one lookup with no lookups inside it. */
function resolve(body: string): string {
  const dflt = body.indexOf(':-');
  if (dflt >= 0) return body.slice(dflt + 2);
  const colon = body.indexOf(':');
  if (colon < 0) return body;
  const prefix = body.slice(0, colon).trim().toLowerCase();
  const arg = body.slice(colon + 1);
  if (prefix === 'lower') return arg.toLowerCase();
  if (prefix === 'upper') return arg.toUpperCase();
  // `${date:'j'}` formats a quoted literal as itself.
  return arg.replace(/'/g, '');
}
