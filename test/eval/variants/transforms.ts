/**
 * Semantics-preserving re-spellings of attack values, written from the grammar of each payload's
 * own language (SQL, HTML/JavaScript, POSIX shell, file paths, template expressions) and of the
 * transports every value meets (percent-encoding, IIS `%u`, JSON `\u00XX`). Each transformation
 * returns the value re-spelled, or null when the value has nothing it applies to (the runner
 * counts those). They were written before any result of test/eval/variants.ts was looked at
 * (branch i18-variants, docs/detection.md): they describe the languages, not the detectors.
 */

export interface Transform {
  /** `<class>-<what>`, or `enc-<what>` for a transport encoding every class meets. */
  name: string;
  /** The class whose language the transformation is written in; null: every class (transport). */
  cls: string | null;
  apply: (value: string) => string | null;
  /** Only at these points (a JSON escape exists only in JSON); default: query and JSON. */
  points?: readonly Point[];
  /** The JSON body carrying the value, when the transformation is a spelling of JSON itself. */
  jsonBody?: (value: string) => string;
}

export type Point = 'query' | 'json';

/** null when the re-spelling changed nothing: the transformation did not apply. */
const changed = (before: string, after: string): string | null => (after === before ? null : after);

/** Alternating case (`UnIoN`): keywords, tag and attribute names are case-insensitive in SQL and HTML. */
const mixCase = (word: string): string => [...word].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join('');

// ---------------------------------------------------------------------------------------------
// SQL

/** A piece of an SQL value: code, or a string literal (with its quotes) that must not be touched. */
interface SqlPiece {
  code: boolean;
  text: string;
  /** A literal opened and closed inside the value (not the break-out tail or the app's own quote). */
  whole?: boolean;
}

/**
 * Splits an injected SQL value into code and string literals. An injection that breaks out of a
 * quoted context starts inside the application's string: when the text before the first quote is
 * one bare word (`admin'`, `1'`, ` aa'`, a LIKE pattern `1%'`, nothing), that text is string data
 * and the first quote ends it.
 */
export function sqlPieces(value: string): SqlPiece[] {
  const first = value.search(/['"]/);
  const pieces: SqlPiece[] = [];
  let start = 0;
  if (first >= 0 && /^\s*[\w.@%-]*$/.test(value.slice(0, first))) {
    pieces.push({ code: false, text: value.slice(0, first + 1) }); // the application's string, closed by the first quote
    start = first + 1;
  }
  let quote: string | null = null;
  for (let i = start; i < value.length; i++) {
    const c = value[i];
    if (quote === null) {
      if (c !== "'" && c !== '"') continue;
      if (i > start) pieces.push({ code: true, text: value.slice(start, i) });
      quote = c;
      start = i;
    } else if (c === quote) {
      if (value[i + 1] === quote) {
        i++; // a doubled quote is the quote character inside the literal
        continue;
      }
      pieces.push({ code: false, text: value.slice(start, i + 1), whole: true });
      quote = null;
      start = i + 1;
    }
  }
  // The rest: code, or a literal the application's own quote closes.
  if (start < value.length) pieces.push({ code: quote === null, text: value.slice(start) });
  return pieces;
}

/** Applies `f` to the code pieces of an SQL value only (literals keep their spelling). */
function sqlCode(value: string, f: (code: string) => string): string | null {
  return changed(
    value,
    sqlPieces(value)
      .map((p) => (p.code ? f(p.text) : p.text))
      .join(''),
  );
}

const SQL_KEYWORDS =
  /\b(select|union|all|distinct|from|where|and|or|not|order|group|by|having|limit|offset|insert|into|values|update|set|delete|drop|table|exec|execute|declare|waitfor|delay|case|when|then|else|end|like|between|in|is|null|as|join|sleep|benchmark|concat|char|substring|ascii|count|version|database|user|information_schema|load_file|outfile)\b/gi;

/**
 * A number standing as a value: not a column position (`ORDER BY 2`) nor a LIMIT count, which take
 * no expression, nor the digits of a percent escape the value carries (`%20`).
 */
function sqlNumbers(code: string, f: (n: string) => string): string {
  return code.replace(/(?<![\w.$@%])\d+(?![\w.])/g, (n, at: number) =>
    /\b(limit|offset|by|top)\s+[\d,\s]*$/i.test(code.slice(Math.max(0, at - 24), at)) ? n : f(n),
  );
}

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex');

const SQL: Transform[] = [
  // SQL keywords are case-insensitive in every dialect.
  { name: 'sqli-case', cls: 'sqli', apply: (v) => sqlCode(v, (c) => c.replace(SQL_KEYWORDS, (w) => mixCase(w.toLowerCase()))) },
  // A comment is a token separator: `/**/` stands wherever whitespace does (MySQL, PostgreSQL, MSSQL, SQLite).
  { name: 'sqli-comment-space', cls: 'sqli', apply: (v) => sqlCode(v, (c) => c.replace(/[ \t]+/g, '/**/')) },
  // Newline and tab are whitespace to every SQL lexer (sent as %0a / %09).
  { name: 'sqli-newline-space', cls: 'sqli', apply: (v) => sqlCode(v, (c) => c.replace(/ +/g, '\n')) },
  { name: 'sqli-tab-space', cls: 'sqli', apply: (v) => sqlCode(v, (c) => c.replace(/ +/g, '\t')) },
  // MySQL runs the text of a versioned comment `/*!50000 ... */` as code.
  {
    name: 'sqli-version-comment',
    cls: 'sqli',
    apply: (v) => sqlCode(v, (c) => c.replace(/\b(union|select)\b/gi, (w) => `/*!50000${w}*/`)),
  },
  // MySQL's `||` and `&&` are OR and AND (without PIPES_AS_CONCAT, the default).
  {
    name: 'sqli-logic-symbols',
    cls: 'sqli',
    apply: (v) =>
      sqlCode(v, (c) =>
        c.replace(
          /(\s*)\b(or|and)\b(\s*)/gi,
          (_m, a: string, w: string, b: string) => `${a}${w.toLowerCase() === 'or' ? '||' : '&&'}${b}`,
        ),
      ),
  },
  // MySQL reads a hex literal as the string of its bytes where a string is expected.
  {
    name: 'sqli-hex-string',
    cls: 'sqli',
    apply: (v) =>
      changed(
        v,
        sqlPieces(v)
          .map((p) => (p.whole && p.text.length > 2 && !/\\/.test(p.text) ? `0x${hex(p.text.slice(1, -1))}` : p.text))
          .join(''),
      ),
  },
  // CHAR(97,98) is the string 'ab' (MySQL, and SQL Server's CHAR()+ concatenation for one character).
  {
    name: 'sqli-char-string',
    cls: 'sqli',
    apply: (v) =>
      changed(
        v,
        sqlPieces(v)
          .map((p) =>
            p.whole && p.text.length > 2 && !/[\\\u0080-\uffff]/.test(p.text)
              ? `char(${[...p.text.slice(1, -1)].map((ch) => ch.charCodeAt(0)).join(',')})`
              : p.text,
          )
          .join(''),
      ),
  },
  // A parenthesised number is the same value (not where a bare count or column position is required).
  { name: 'sqli-paren-number', cls: 'sqli', apply: (v) => sqlCode(v, (c) => sqlNumbers(c, (n) => `(${n})`)) },
  // 1e0 is the number 1 (MySQL, PostgreSQL, SQLite, MSSQL floats); compared with `=` it equals 1.
  { name: 'sqli-sci-number', cls: 'sqli', apply: (v) => sqlCode(v, (c) => sqlNumbers(c, (n) => `${n}e0`)) },
  // `a LIKE b` is `a = b` for a pattern without % or _ (same collation).
  {
    name: 'sqli-like',
    cls: 'sqli',
    apply: (v) => sqlCode(v, (c) => c.replace(/(?<![<>!:=])\s*=\s*(?![=>])/g, ' like ')),
  },
  // `x BETWEEN n AND n` and `x IN (n)` are `x = n` for a number n.
  {
    name: 'sqli-between',
    cls: 'sqli',
    apply: (v) => sqlCode(v, (c) => c.replace(/(?<![<>!:=])\s*=\s*(\d+)(?![\w.])/g, ' between $1 and $1')),
  },
  { name: 'sqli-in', cls: 'sqli', apply: (v) => sqlCode(v, (c) => c.replace(/(?<![<>!:=])\s*=\s*(\d+)(?![\w.])/g, ' in($1)')) },
];

// ---------------------------------------------------------------------------------------------
// HTML and JavaScript

/** A start tag: `<name` then its attributes up to `>` (or the end of the value). */
const START_TAG = /<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)(>?)/g;
/** An attribute with its value: name, `=`, and a double-quoted, single-quoted or unquoted value. */
const ATTRIBUTE = /([\s/])([a-zA-Z_:][\w:.-]*)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>`=<]+)/g;

/** Applies `f` to every start tag's name and attribute text. */
function inTags(value: string, f: (name: string, attrs: string) => [string, string]): string | null {
  return changed(
    value,
    value.replace(START_TAG, (_m, name: string, attrs: string, end: string) => {
      const [n, a] = f(name, attrs);
      return `<${n}${a}${end}`;
    }),
  );
}

/** Attributes whose value the browser decodes (character references) and runs or navigates to. */
const ACTIVE_ATTRIBUTE = /^(on\w+|href|src|action|formaction|data|xlink:href|srcdoc)$/i;

/** Applies `f` to the unquoted text of every active attribute value, keeping its quoting. */
function inActiveValues(value: string, f: (text: string, name: string) => string): string | null {
  return inTags(value, (name, attrs) => [
    name,
    attrs.replace(ATTRIBUTE, (m, lead: string, attr: string, eq: string, raw: string) => {
      if (!ACTIVE_ATTRIBUTE.test(attr)) return m;
      const q = raw[0] === '"' || raw[0] === "'" ? raw[0] : '';
      const text = q ? raw.slice(1, -1) : raw;
      return `${lead}${attr}${eq}${q}${f(text, attr)}${q}`;
    }),
  ]);
}

/** Every character as a numeric character reference; the text of an attribute value is decoded before use. */
const refs = (text: string, ref: (code: number) => string): string => [...text].map((c) => ref(c.codePointAt(0)!)).join('');

/** A bare URL value (`javascript:...`) is placed by the application in an attribute: the same references apply. */
const BARE_JS_URL = /^\s*javascript:/i;

function entityForm(ref: (code: number) => string): (v: string) => string | null {
  return (v) => (BARE_JS_URL.test(v) ? refs(v, ref) : inActiveValues(v, (t) => refs(t, ref)));
}

/** Event handlers that fire on the same element under the same condition (DOM UI Events / Pointer Events). */
const SAME_EVENT: Record<string, string> = {
  onmouseover: 'onpointerover',
  onmouseout: 'onpointerout',
  onmousedown: 'onpointerdown',
  onmouseup: 'onpointerup',
  onmousemove: 'onpointermove',
  onmouseenter: 'onpointerenter',
  onmouseleave: 'onpointerleave',
  onfocus: 'onfocusin',
  onblur: 'onfocusout',
};

/** `alert(1)` as a tagged template: alert, prompt, confirm and print show their argument the same. */
const backtickCall = (js: string): string =>
  js.replace(
    /\b(alert|prompt|confirm|print)\(\s*(\d+|'[^'`\\$]*'|"[^"`\\$]*")\s*\)/g,
    (_m, f: string, arg: string) => `${f}\`${/^['"]/.test(arg) ? arg.slice(1, -1) : arg}\``,
  );

const XSS: Transform[] = [
  // Tag and attribute names are case-insensitive in HTML (values are not: JavaScript is case-sensitive).
  {
    name: 'xss-tag-case',
    cls: 'xss',
    apply: (v) =>
      inTags(v, (name, attrs) => [
        mixCase(name),
        attrs.replace(/(^|[\s/])([a-zA-Z][\w-]*)(?=\s*=)/g, (_m, l: string, a: string) => l + mixCase(a)),
      ]),
  },
  // After a tag name, `/` then an attribute is read as a space (the tokenizer's self-closing state reconsumes).
  {
    name: 'xss-slash-space',
    cls: 'xss',
    apply: (v) => changed(v, v.replace(/<([a-zA-Z][\w:-]*)\s+(?=[a-zA-Z])/g, '<$1/')),
  },
  // An unquoted attribute value means the same double-quoted.
  {
    name: 'xss-quote-attr',
    cls: 'xss',
    apply: (v) =>
      inTags(v, (name, attrs) => [
        name,
        attrs.replace(ATTRIBUTE, (m, lead: string, a: string, eq: string, raw: string) =>
          raw[0] === '"' || raw[0] === "'" || raw.includes('"') ? m : `${lead}${a}${eq}"${raw}"`,
        ),
      ]),
  },
  // A double-quoted value means the same single-quoted (when it holds no single quote).
  {
    name: 'xss-single-quote-attr',
    cls: 'xss',
    apply: (v) =>
      inTags(v, (name, attrs) => [
        name,
        attrs.replace(ATTRIBUTE, (m, lead: string, a: string, eq: string, raw: string) =>
          raw[0] === '"' && !raw.includes("'") ? `${lead}${a}${eq}'${raw.slice(1, -1)}'` : m,
        ),
      ]),
  },
  // Character references in attribute values are decoded before the handler runs or the URL is followed.
  { name: 'xss-entity-dec', cls: 'xss', apply: entityForm((c) => `&#${c};`) },
  { name: 'xss-entity-hex', cls: 'xss', apply: entityForm((c) => `&#x${c.toString(16)};`) },
  // Without `;` and zero-padded: still decoded in attribute values (the next `&` ends the digits).
  { name: 'xss-entity-padded', cls: 'xss', apply: entityForm((c) => `&#${String(c).padStart(7, '0')}`) },
  // The URL parser removes tabs and newlines anywhere in a URL: `java\tscript:` is `javascript:`.
  {
    name: 'xss-js-tab',
    cls: 'xss',
    apply: (v) => changed(v, v.replace(/(j)(ava)(script\s*:)/gi, '$1\t$2\n$3')),
  },
  // ... and a reference to the tab (`&#x09;`) is the tab once the attribute is decoded.
  {
    name: 'xss-js-entity-tab',
    cls: 'xss',
    apply: (v) => changed(v, v.replace(/(java)(script\s*:)/gi, '$1&#x09;$2')),
  },
  // Another handler of the same event condition on the same element.
  {
    name: 'xss-other-handler',
    cls: 'xss',
    apply: (v) =>
      changed(
        v,
        v.replace(/\b(on[a-z]+)(?=\s*=)/gi, (h) => SAME_EVENT[h.toLowerCase()] ?? h),
      ),
  },
  // alert`1` calls alert as alert(1) shows it.
  { name: 'xss-backticks', cls: 'xss', apply: (v) => changed(v, backtickCall(v)) },
];

// ---------------------------------------------------------------------------------------------
// POSIX shell (reported for the rce detectors' owners)

/** A command word: at the start, after a separator, inside `$(` or a backtick. */
const COMMAND_WORD = /(^|[;&|\n`]|\$\()(\s*)([a-z][a-z0-9]{1,11})(?=[\s<>;&|`)$]|$)/g;
const COMMANDS = new Set([
  'cat',
  'ls',
  'id',
  'whoami',
  'uname',
  'wget',
  'curl',
  'nc',
  'bash',
  'sh',
  'ping',
  'sleep',
  'echo',
  'pwd',
  'netstat',
  'ifconfig',
  'ps',
  'head',
  'tail',
  'more',
  'less',
  'nslookup',
  'perl',
  'python',
  'ruby',
  'php',
  'telnet',
  'rm',
  'touch',
  'chmod',
  'env',
  'dir',
  'type',
  'more',
]);

function inCommands(v: string, f: (word: string) => string): string | null {
  return changed(
    v,
    v.replace(COMMAND_WORD, (m, sep: string, sp: string, w: string) => (COMMANDS.has(w) ? `${sep}${sp}${f(w)}` : m)),
  );
}

/** The space between a command word and its first argument. */
const COMMAND_SPACE = /(^|[;&|\n`]|\$\()(\s*)([a-z][a-z0-9]{1,11}) +(?=\S)/g;

function commandSpace(v: string, space: string): string | null {
  return changed(
    v,
    v.replace(COMMAND_SPACE, (m, sep: string, sp: string, w: string) => (COMMANDS.has(w) ? `${sep}${sp}${w}${space}` : m)),
  );
}

const SHELL: Transform[] = [
  // $IFS expands to the field separators: word splitting makes it a space (`$9`, empty, ends the name).
  { name: 'rce-ifs', cls: 'rce', apply: (v) => commandSpace(v, '${IFS}') },
  { name: 'rce-ifs-bare', cls: 'rce', apply: (v) => commandSpace(v, '$IFS$9') },
  // Quotes and backslashes inside a word are removed by the shell: c''at, c"a"t and c\at are cat.
  { name: 'rce-quotes', cls: 'rce', apply: (v) => inCommands(v, (w) => `${w[0]}''${w.slice(1)}`) },
  { name: 'rce-dquotes', cls: 'rce', apply: (v) => inCommands(v, (w) => `${w[0]}"${w[1]}"${w.slice(2)}`) },
  { name: 'rce-backslash', cls: 'rce', apply: (v) => inCommands(v, (w) => `${w[0]}\\${w.slice(1)}`) },
  // A command found on PATH is the same program named by its path.
  { name: 'rce-abs-path', cls: 'rce', apply: (v) => inCommands(v, (w) => `/bin/${w}`) },
  // A glob matching one file is that file: /???/c?t is /bin/cat.
  { name: 'rce-glob', cls: 'rce', apply: (v) => inCommands(v, (w) => `/???/${w[0]}${'?'.repeat(w.length - 1)}`) },
  // `$(cmd)` and `cmd` are the same command substitution.
  {
    name: 'rce-subst',
    cls: 'rce',
    apply: (v) => changed(v, v.includes('$(') ? v.replace(/\$\(([^()`]*)\)/g, '`$1`') : v.replace(/`([^`]*)`/g, '$$($1)')),
  },
  // A newline ends a command as `;` does; `&&` and `|` also run the next command when the first exits 0.
  { name: 'rce-newline-sep', cls: 'rce', apply: (v) => changed(v, v.replace(/;/g, '\n')) },
  { name: 'rce-pipe-sep', cls: 'rce', apply: (v) => changed(v, v.replace(/;/g, '|')) },
  { name: 'rce-and-sep', cls: 'rce', apply: (v) => changed(v, v.replace(/;/g, '&&')) },
];

// ---------------------------------------------------------------------------------------------
// Paths

/** A parent step with its separator: `../` or `..\`. */
const PARENT_STEP = /\.\.([/\\])/g;

const PTRAV: Transform[] = [
  // A server or application that decodes the value once more reads %2f as `/` (and %5c as `\`).
  {
    name: 'ptrav-pct-sep',
    cls: 'ptrav',
    apply: (v) =>
      changed(
        v,
        v.replace(PARENT_STEP, (_m, s: string) => `..${s === '/' ? '%2f' : '%5c'}`),
      ),
  },
  // ... %252f after two decodings.
  {
    name: 'ptrav-pct2-sep',
    cls: 'ptrav',
    apply: (v) =>
      changed(
        v,
        v.replace(PARENT_STEP, (_m, s: string) => `..${s === '/' ? '%252f' : '%255c'}`),
      ),
  },
  // %2e is `.` once decoded.
  { name: 'ptrav-pct-dots', cls: 'ptrav', apply: (v) => changed(v, v.replace(PARENT_STEP, '%2e%2e$1')) },
  // Windows and IIS read `\` as the path separator (and `/` as `\`).
  {
    name: 'ptrav-other-sep',
    cls: 'ptrav',
    apply: (v) => changed(v, v.includes('../') ? v.replace(/\.\.\//g, '..\\') : v.replace(/\.\.\\/g, '../')),
  },
  // A filter that removes `../` once leaves `../` from `....//`.
  { name: 'ptrav-nested', cls: 'ptrav', apply: (v) => changed(v, v.replace(PARENT_STEP, '....$1$1')) },
  // Overlong UTF-8 of `.` and `/` (%c0%ae, %c0%af) decoded by lenient decoders (IIS, old Tomcat).
  { name: 'ptrav-overlong', cls: 'ptrav', apply: (v) => changed(v, v.replace(/\.\.\//g, '%c0%ae%c0%ae%c0%af')) },
  // `/./` is the same directory: padding between steps changes nothing.
  { name: 'ptrav-dot-pad', cls: 'ptrav', apply: (v) => changed(v, v.replace(/\.\.\//g, '.././')) },
];

// ---------------------------------------------------------------------------------------------
// Templates and expression languages

const SSTI: Transform[] = [
  // Whitespace inside `{{ }}`, `${ }`, `#{ }` and `<%= %>` is insignificant to Jinja, Twig, EL, Freemarker, ERB.
  {
    name: 'ssti-delim-space',
    cls: 'ssti',
    apply: (v) =>
      changed(
        v,
        v.replace(/(\{\{|[$#]\{|<%=?)\s*([^{}%]*?)\s*(\}\}|\}|%>)/g, (_m, o: string, e: string, c: string) => `${o} ${e} ${c}`),
      ),
  },
  // Java EL evaluates `#{...}` (deferred) like `${...}` (immediate).
  { name: 'ssti-el-hash', cls: 'ssti', apply: (v) => changed(v, v.replace(/\$\{(?!\{)/g, '#{')) },
];

// ---------------------------------------------------------------------------------------------
// Transport encodings every value meets

const pctAll = (s: string): string =>
  [...Buffer.from(s, 'utf8')]
    .map((b) => (/[A-Za-z0-9]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`))
    .join('');

const TRANSPORT: Transform[] = [
  // The application (or a proxy) decodes the value once more: every non-alphanumeric byte percent-encoded.
  { name: 'enc-url1', cls: null, apply: (v) => changed(v, pctAll(v)) },
  // ... twice more.
  { name: 'enc-url2', cls: null, apply: (v) => changed(v, pctAll(pctAll(v))) },
  // IIS decodes `%uXXXX` as the UTF-16 unit.
  {
    name: 'enc-u',
    cls: null,
    apply: (v) =>
      changed(
        v,
        v
          .split('')
          .map((c) => (/[A-Za-z0-9]/.test(c) ? c : `%u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
          .join(''),
      ),
  },
  // JSON strings may escape any character as \u00XX: the parser hands over the same value (JSON only).
  {
    name: 'enc-json-u',
    cls: null,
    apply: (v) => (/[^A-Za-z0-9]/.test(v) ? v : null),
    points: ['json'],
    jsonBody: jsonAllEscaped,
  },
];

export const TRANSFORMS: readonly Transform[] = [...SQL, ...XSS, ...SHELL, ...PTRAV, ...SSTI, ...TRANSPORT];

/** A JSON text whose string characters but letters and digits are all written as \u00XX. */
export function jsonAllEscaped(value: string): string {
  const body = value
    .split('')
    .map((c) => (/[A-Za-z0-9]/.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    .join('');
  return `{"user":{"id":7,"comment":"${body}"}}`;
}
