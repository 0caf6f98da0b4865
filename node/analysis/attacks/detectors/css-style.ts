import { noteReaderCap } from './reader-caps';

/**
 * An inline `style` attribute read as CSS reads a declaration list (`name: value; name: value`),
 * to find declarations written so that two readers disagree about them: a sanitizer that allows
 * `font-family` and a browser whose error recovery then applies what follows it (html5sec's CSS
 * parser tests, `style="font-family:foo}color=red"`), or a filter that looks for `expression(`
 * and a browser that decodes `\65 xpression(` first. An editor's or a mail client's inline style
 * (`font-family:"Segoe UI",sans-serif;color:#333`, `background:url('/a.png')`) has none of these.
 */

/** Longest style value read (characters); a longer one is read up to here and counted in `caps.script_chars`. */
export const MAX_STYLE_CHARS = 4096;

/**
 * CSS escapes as the style parser reads them: `\28` (up to six hex digits, one blank after them
 * consumed) is "(", and a backslash before any other character but a line break is that character
 * (`\m` is "m").
 */
export function decodeCssEscapes(v: string): string {
  return v.replace(CSS_ESCAPE, (_m, hex: string | undefined, other: string | undefined) =>
    hex !== undefined ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)) : (other ?? ''),
  );
}
const CSS_ESCAPE = /\\(?:([0-9a-f]{1,6})\s?|([^\n\r\f0-9a-f]))/gi;

/**
 * Whether a style value (its character references already decoded) holds a declaration smuggled
 * past one of its readers: a letter or delimiter written as an escape (hasPlainEscape), a
 * declaration inside a string (hasDeclarationInString), a property name that is no CSS
 * identifier (`[a]color[b]:red`, `\63olor:red`), or a brace that closes no block (`foo}color=red`:
 * a declaration list has no blocks). A value that opens with `{` is a template's or JSX's
 * expression (`{{color:'red'}}`, `{ color: active }`), not CSS.
 */
export function isSmuggledDeclaration(style: string): boolean {
  let css = style;
  if (css.length > MAX_STYLE_CHARS) {
    noteReaderCap();
    css = css.slice(0, MAX_STYLE_CHARS);
  }
  if (/^\s*\{/.test(css)) return false;
  // A link's own text is the URL's (`url(C:\Users\a.png)` pasted from a desktop): script URLs in it are xss.ts STYLE_CODE's.
  const read = css.replace(URL_TOKEN, 'url()');
  if (read.includes('\\') && hasPlainEscape(read)) return true;
  return hasDeclarationInString(read) || hasUnbalancedBrace(read) || declarationNames(read).some((n) => !PROPERTY_NAME.test(n));
}

/** `url(...)` with what it holds: a data URL's `;`, quotes and a path's backslashes are the URL's, not declarations. */
const URL_TOKEN = /url\(\s*(?:"[^"\n]*"|'[^'\n]*'|[^)"'\n]*)\s*\)/gi;

/**
 * A property name as CSS writes it: an identifier (`color`, `-webkit-box-shadow`, a custom
 * property `--gap`), also behind the `*` or `_` of old Internet Explorer hacks (`*zoom:1`).
 */
const PROPERTY_NAME = /^\s*[*_]?-{0,2}[a-z_][\w-]*\s*$/i;

/**
 * An escape that spells a printable ASCII character (`\63` "c", `\3c` "<", `\61lert`) or a letter
 * or hyphen (`\m`, `\-`): CSS needs escapes only for what cannot stand where it is (a character
 * outside the file's encoding, a quote inside a string: `\201C`, `\5FAE\8F6F` a Chinese font's
 * name, `\"`); a plain letter or `<` written as one hides a word or markup from a filter.
 */
function hasPlainEscape(css: string): boolean {
  for (const m of css.matchAll(/\\(?:([0-9a-f]{1,6})|([g-z_-]))/gi)) {
    if (m[2] !== undefined) return true;
    const code = parseInt(m[1] as string, 16);
    if (code >= 0x20 && code < 0x7f) return true;
  }
  return false;
}

/**
 * A quoted string that holds `;` and then a declaration (`font-family:'foo;color:red'`,
 * `'foo&#10;;color:red;'`): a reader that ends the string early (CSS ends one at a line break)
 * applies the declaration, one that does not lets it through as a font's name.
 */
function hasDeclarationInString(css: string): boolean {
  for (const m of css.matchAll(/(["'])((?:\\[^]|(?!\1)[^\\]){0,400})\1/g)) {
    if (/;\s*-{0,2}[a-z][\w-]*\s*:/i.test(m[2])) return true;
  }
  return false;
}

/** A `}` before its `{`, or a `{` never closed, outside strings. */
function hasUnbalancedBrace(css: string): boolean {
  let depth = 0;
  for (const c of outsideStrings(css)) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return true;
  }
  return depth !== 0;
}

/** The names of the declarations that have a `:` (text before it), split at `;` outside strings and brackets. */
function declarationNames(css: string): string[] {
  const names: string[] = [];
  for (const declaration of outsideStrings(css).split(';')) {
    const colon = declaration.indexOf(':');
    if (colon >= 0) names.push(declaration.slice(0, colon));
  }
  return names;
}

/** The text with each quoted string's content blanked (`'a;b'` -> `'   '`), so its `;`, `:` and braces split nothing. */
function outsideStrings(css: string): string {
  return css.replace(
    /(["'])((?:\\[^]|(?!\1)[^\\\n]){0,400})\1?/g,
    (_m, q: string, body: string) => q + ' '.repeat(body.length) + q,
  );
}
