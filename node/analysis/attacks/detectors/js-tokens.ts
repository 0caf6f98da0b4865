/**
 * JavaScript run without a tag, as a script context reads it: calls through a computed property
 * of a global object (`frames['al'+'ert'](1)`, `this[/al/.source+/ert/.source](1)`,
 * `window[atob('...')]()`), constructor chains (`[].constructor.constructor('code')()`), and
 * JSFuck (code written only with `[]()!+`). Each form is one a page's own code never needs for
 * calling a function by a name computed from strings.
 */
const GLOBAL_OBJECT = '(?:window|self|top|parent|frames|this|globalThis|opener|content|document|navigator|location)';
/** `global[ <string, template, regex source, atob/fromCharCode, or a concatenation> ]` then a call. */
const COMPUTED_CALL = new RegExp(
  `(?:^|[^\\w$.])${GLOBAL_OBJECT}\\s*\\[\\s*(?:['"\`/]|atob\\s*\\(|String\\s*\\.\\s*fromCharCode|unescape\\s*\\(|decodeURI|[\\w$]+\\s*\\+|\\(|!|\\[)[^\\]\\n]{0,300}\\]\\s*(?:\\(|\`|\\.\\s*(?:call|apply|bind)\\s*\\()`,
);
/** A string-built name: pieces of a sink's name concatenated or taken from regex sources. */
const BUILT_NAME = /\/\w{1,12}\/\s*\.\s*source\b|(['"`])[a-z]{1,6}\1\s*\+\s*(['"`])[a-z]{1,6}\2/i;
const CONSTRUCTOR_CHAIN =
  /\.\s*constructor\s*(?:\.\s*constructor\s*|\[\s*['"`]constructor['"`]\s*\]\s*)\(|\[\s*['"`]constructor['"`]\s*\]\s*\[\s*['"`]constructor['"`]\s*\]|\bconstructor\s*\.\s*constructor\s*\(\s*['"`]/;
const JSFUCK_CHARS = /[[\]()!+]/g;

/** A sink function given another name (`a=eval;b=alert;a(b(1))`, `_=eval,__=unescape`): code about to call it indirectly. */
const SINK_ALIAS = /=\s*(?:eval|alert|prompt|confirm|execScript|unescape|Function|setTimeout|setInterval)\s*(?:[;,\n]|$)/;
/** What stands left of SINK_ALIAS's `=`: a bare variable name (not `a.b=eval`, not `==`). */
const ALIAS_NAME = /(?:^|[;,{(\s'"])[\w$]{1,20}\s*$/;
/** A sink called with a comment between name and parenthesis (`eval/**\/(...)`). */
const COMMENTED_CALL = /(?:^|[^\w$.])(?:eval|alert|prompt|confirm|Function|setTimeout|setInterval)\s*\/\*[^*]{0,40}\*\/\s*\(/;

export function isTaglessScript(s: string): boolean {
  // Each form needs a character most values lack: one cheap look before each pattern.
  const bracket = s.includes('[');
  if (bracket && (COMPUTED_CALL.test(s) || isJsFuck(s) || (BUILT_NAME.test(s) && /\]\s*\(|\)\s*\(/.test(s)))) return true;
  if (s.includes('constructor') && CONSTRUCTOR_CHAIN.test(s)) return true;
  return (s.includes('=') && sinkAlias(s)) || (s.includes('/*') && COMMENTED_CALL.test(s));
}

function sinkAlias(s: string): boolean {
  const m = SINK_ALIAS.exec(s);
  return m !== null && ALIAS_NAME.test(s.slice(Math.max(0, m.index - 24), m.index));
}

/** At least 24 characters of which nine in ten are `[]()!+`, with the `![]`/`+[]` coercions JSFuck is made of. */
function isJsFuck(s: string): boolean {
  if (s.length < 24 || !/!\[\]|\+\[\]/.test(s)) return false;
  const n = s.match(JSFUCK_CHARS)?.length ?? 0;
  return n * 10 >= s.replace(/\s/g, '').length * 9;
}
