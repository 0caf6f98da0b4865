/**
 * HTML character references as browsers read them: decimal and hex with any number of leading
 * zeros and an optional `;`, plus the named references attackers use to hide syntax.
 */
const NAMED: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  colon: ':',
  lpar: '(',
  rpar: ')',
  tab: '\t',
  newline: '\n',
  equals: '=',
  sol: '/',
  bsol: '\\',
  semi: ';',
  comma: ',',
  period: '.',
  excl: '!',
  num: '#',
  nbsp: ' ',
  lsqb: '[',
  rsqb: ']',
  lbrack: '[',
  rbrack: ']',
  lcub: '{',
  rcub: '}',
  lbrace: '{',
  rbrace: '}',
  grave: '`',
  quest: '?',
  plus: '+',
  percnt: '%',
  dollar: '$',
  ast: '*',
  vert: '|',
  verbar: '|',
  hyphen: '-',
  dash: '-',
  lowbar: '_',
};

export function hasEntity(s: string): boolean {
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
    const c = s.charCodeAt(i + 1);
    if (c === 0x23 || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return true;
  }
  return false;
}

/**
 * `zero` is what a reference to code point 0 (`&#0;`, `&#x0;`) becomes: browsers put U+FFFD in its
 * place (the default, for the xss readers); a decoding layer gives the NUL it names, as lenient XML
 * and entity decoders of applications do, so NULs are then read as NULs are (docs/detection.md
 * "Decoding": `1&#0;UNION&#0;SELECT&#0;2--` in an XML body is the query's `1%00UNION%00SELECT%002--`).
 */
export function decodeEntities(s: string, zero = '\ufffd'): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const amp = s.indexOf('&', i);
    if (amp < 0) break;
    out += s.slice(i, amp);
    const ref = readReference(s, amp + 1, zero);
    if (ref === null) {
      out += '&';
      i = amp + 1;
    } else {
      out += ref.text;
      i = ref.end;
    }
  }
  return out + s.slice(i);
}

function readReference(s: string, at: number, zero: string): { text: string; end: number } | null {
  if (s.charCodeAt(at) === 0x23) {
    const hex = (s.charCodeAt(at + 1) | 0x20) === 0x78;
    let j = hex ? at + 2 : at + 1;
    const first = j;
    // Leading zeros, however many (`&#000…0123;` hides `{` from readers that stop at a few digits).
    while (j < s.length && s.charCodeAt(j) === 0x30) j++;
    const start = j;
    while (j < s.length && j - start < 16 && (hex ? /[0-9a-f]/i : /[0-9]/).test(s[j])) j++;
    if (j === first) return null;
    const cp = j === start ? 0 : parseInt(s.slice(start, j), hex ? 16 : 10);
    if (s[j] === ';') j++;
    return { text: cp === 0 ? zero : cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd', end: j };
  }
  let j = at;
  while (j < s.length && j - at < 10 && /[a-z]/i.test(s[j])) j++;
  const name = s.slice(at, j).toLowerCase();
  const text = NAMED[name];
  if (text === undefined) return null;
  if (s[j] === ';') j++;
  return { text, end: j };
}
