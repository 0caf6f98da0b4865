import { traverses } from './ptrav';
import { STRONG_SET, WEAK_SET } from './rce';

/**
 * Server-side template injection: a template delimiter (`{{ }}`, `${ }`, `#{ }`, `<%= %>`,
 * `*{ }`, `{% %}`, Razor `@( )`) around an expression (arithmetic, attribute walks to dunder or
 * class objects, calls, object creation, the engine's own globals such as `config`) rather than a
 * bare name, or a template directive that only exists to run code, in each engine's language:
 * Jinja2/Twig/Django (`{% if True %}`, `|filter('system')`, `_self.env`), FreeMarker (`?new()`,
 * `[#assign]`), Velocity (`#set`, `$x.getClass()`), Smarty (`{php}`, `{$smarty.version}`),
 * Handlebars (`{{#with "s" as |string|}}`, `lookup ... "constructor"`), ERB (backticks,
 * `File.open`), Thymeleaf/Spring EL (`T(java.lang.Runtime)`), Java EL (`${pageContext}`), Jelly
 * (`<g:evaluate>`), Razor (`@System.Diagnostics`).
 */
// `~{ }` is Thymeleaf's fragment expression, evaluated like `${ }` (docs/detection.md, "The smaller
// classes, third round"); `$!{ }` is Velocity's quiet reference, evaluated like `${ }` (branch
// i18-small4).
const DELIMITED = /\{\{([^{}]{1,300})\}\}|(?:\$!?|[#*@~])\{([^{}]{1,300})\}|<%=?([^%]{1,300})%>|\{%([^%]{1,300})%\}/g;
const DIRECTIVES = new RegExp(
  [
    '@\\(\\s*\\d+\\s*[-+*/]\\s*\\d+\\s*\\)',
    // FreeMarker (both syntaxes), Velocity, Smarty, Spring EL type references to any Java class.
    '[<[]#assign\\b',
    '\\?new\\s*\\(',
    '#set\\s*\\(\\s*\\$',
    '\\$class\\.inspect',
    '\\$[a-z_]\\w{0,40}(?:\\.\\w{1,40}){0,6}\\.(?:getclass|forname|getruntime)\\s*\\(',
    '\\.class\\.forname\\s*\\(',
    '\\{php\\}',
    '\\{\\/?(?:system|exec)\\b',
    '\\{\\s*smarty_internal_\\w+::',
    '\\{\\$smarty\\.(?:version|template|template_object|now|server|env|const)\\b',
    // Smarty's single-brace tag given a product of numbers (`{7*7}`), opening the value or after a
    // break-out (`'>{7*7}`); not in a sentence ("the set {2*3}"), a superscript (`x^{2*3}`) or `{{`.
    '(?:^|[\'"<>;|])\\{\\s*\\d{1,6}\\s*\\*\\s*[\'"]?\\d{1,6}[\'"]?\\s*\\}(?!\\})',
    '\\{if\\s+[a-z_]\\w*\\s*\\(',
    // Smarty's evaluator and Velocity's condition on a product (`{math equation="7*7"}`, `#if(7*7==49)`).
    '\\{math\\s+equation\\s*=',
    '#(?:if|elseif)\\s*\\(\\s*\\d{1,6}\\s*\\*\\s*\\d{1,6}\\s*[=<>!]=?',
    'freemarker\\.template\\.utility\\.',
    '\\bT\\s*\\(\\s*(?:java|javax|jdk|sun|org|com)\\.[a-z_]',
    // Handlebars: a helper block that names a string to walk to its constructor.
    '\\{\\{#with\\s[^}]{0,200}\\bas\\s*\\|',
    '\\blookup\\s+[\\w.]{1,60}\\s+["\']constructor["\']',
    // Jelly (ServiceNow and Jenkins views) evaluating script.
    '<g:evaluate\\b',
    '<j:jelly\\b',
    // Razor calling into .NET.
    '@system\\.(?:diagnostics|io|reflection|runtime)\\.',
    // Python's str.format given a template (`{0.__init__.__globals__[CONFIG]}`): a replacement field
    // walks attributes by name, to the module's globals; `{self.__class__.__name__}` of shown code
    // names a class only (branch i18-small5).
    '\\{[\\w.\\[\\]\'"]{0,80}__(?:globals|builtins|subclasses|mro)__',
  ].join('|'),
  'i',
);

export function isSsti(value: string): boolean {
  if (DIRECTIVES.test(value) || isDelimiterPolyglot(value)) return true;
  DELIMITED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DELIMITED.exec(value)) !== null) {
    if (isExpression(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '')) return true;
  }
  return false;
}

/**
 * Thymeleaf's inlined expressions (`[[7*7]]`, `[(7*7)]`) and FreeMarker's square-bracket
 * interpolation (`[=7*7]`), read for a constant product only (branch i18-small5): wiki links
 * (`[[Settings]]`) and Markdown write names there, never a computation. Also Template Toolkit's
 * (Perl) tags, `[% 7*7 %]` with its `-`/`=` markers (branch i18-small8): `[% INCLUDE header %]`
 * names a template.
 */
const BRACKETED =
  /\[\[([^[\]\n]{1,120})\]\]|\[\(([^()\n]{1,120})\)\]|\[=([^[\]\n]{1,120})\]|\[%[-=+~]?([^%[\]\n]{1,120}?)[-+~]?%\]/g;
export function isBracketedProduct(value: string): boolean {
  BRACKETED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BRACKETED.exec(value)) !== null) {
    const t = (m[1] ?? m[2] ?? m[3] ?? m[4]).trim();
    if (isConstantProduct(t) || computesConstants(t)) return true;
  }
  return false;
}

/** The openers of the engines' expressions and tags, each of which a polyglot probe writes once. */
const OPENERS = ['{{', '${', '<%', '#{', '{%', '[%', '*{', '@('];

/**
 * A short value of template openers and closers with no word in it (`${{<%[%'"}}%\.`): a probe
 * that makes whichever engine renders it fail or print, to learn which one does (docs/detection.md,
 * branch i18-small4). Three distinct engines' openers and no letter or digit: no text, no
 * placeholder (`{{name}}`) and no code writes that.
 */
function isDelimiterPolyglot(value: string): boolean {
  if (value.length > 64 || /[A-Za-z0-9]/.test(value)) return false;
  let openers = 0;
  for (const o of OPENERS) if (value.includes(o)) openers++;
  return openers >= 3;
}

/**
 * `{% include '/etc/passwd' %}`, `{% extends "file:///etc/passwd" %}`: a tag that reads a template
 * by name given a system file or an up-level path (ptrav's reader): the engine's loader reads it
 * into the page; or such a file's name handed to a filter (Symfony's `'/etc/passwd'|file_excerpt`). `{% include "partials/header.html" %}` is a template's own.
 */
function includesSystemFile(t: string): boolean {
  const m = /^(?:(include|extends|import|from|source|embed|render)\s*\(?\s*)?(['"])([^'"]{1,250})\2\s*(\|)?/.exec(t);
  if (m === null) return false;
  // A tag's name given the file, or the file's name given to a filter (`'/etc/passwd'|file_excerpt(1,30)`).
  return (m[1] !== undefined || m[4] !== undefined) && traverses(m[3], 'query');
}

/**
 * A function given one string that is a command line or a system file (`${ ex("id") }` after
 * FreeMarker's `<#assign ex=...?new()>`, `{{ run('cat /etc/passwd') }}`). Helpers given a name
 * (`{{ asset('css/app.css') }}`, `<%= t('.title') %>`, `{{ path('home') }}`) are a template's own
 * (branch i18-small4): the argument is read by rce's program lists and ptrav's reader.
 */
function callsWithCommand(t: string): boolean {
  const m = /^\s*[a-z_$]\w*\s*\(\s*(["'])([^"']{1,250})\1\s*\)\s*$/i.exec(t);
  if (m === null) return false;
  const arg = m[2].trim();
  const [word, rest] = [arg.split(/\s/, 1)[0].toLowerCase(), arg.slice(arg.split(/\s/, 1)[0].length).trim()];
  if (STRONG_SET.has(word)) return true;
  if (WEAK_SET.has(word) && (/^[-/]/.test(rest) || (rest === '' && ALONE_PROBES.has(word)))) return true;
  return traverses(arg, 'query');
}
/** Word-commands that are a whole probe given alone (`ex("id")`). */
const ALONE_PROBES: ReadonlySet<string> = new Set(['id', 'ls', 'pwd', 'whoami', 'uname', 'env', 'dir', 'ifconfig', 'ipconfig']);

const SCALAR = `(?:'[^'\\n]{0,40}'|"[^"\\n]{0,40}"|\\d{1,10})`;
/** A string, a number, an empty list or tuple, or a list of scalars (`"".join(["a","b"])`; branch i18-small5). */
const LITERAL = `(?:${SCALAR}|\\[\\]|\\(\\)|\\[\\s*${SCALAR}(?:\\s*,\\s*${SCALAR}){0,8}\\s*\\])`;
/** A literal, then member accesses and calls whose arguments are literals, at least one call. */
const CONSTANT_CALLS = new RegExp(
  `^(?:'[^'\\n]{0,40}'|"[^"\\n]{0,40}"|\\[\\]|\\(\\))(?:\\s*\\.\\s*[a-z_]\\w{0,40}|\\s*\\[\\s*\\d{1,4}\\s*\\])*\\s*\\.\\s*[a-z_]\\w{0,40}\\s*\\(\\s*(?:${LITERAL}(?:\\s*,\\s*${LITERAL}){0,4})?\\s*\\)`,
  'i',
);

/** An operand: a number, a quoted number or short string, a one-number list (`[7]`). */
const OPERAND = `(?:\\d{1,10}|'[^'\\n]{0,12}'|"[^"\\n]{0,12}"|\\[\\s*\\d{1,6}\\s*\\])`;
/**
 * Arithmetic on constants with a product in it, in parentheses or not, maybe through an output
 * filter (`{{ (7*7) }}`, `{{7*7*7}}`, `${7*7+1}`, `{{ 7**2 }}`, `{{ "a"*5 }}`, `{{ [7]*7 }}`,
 * `{{ 7*7|safe }}`, Jinja's `{% print 7*7 %}`): the value asks the engine to compute, as `{{7*7}}`
 * does (branch i18-small4). A date (`{{2024-01-01}}`) has no `*`; a template multiplies data
 * (`{% set total = price * qty %}`).
 */
const CONSTANT_PRODUCT = new RegExp(
  `^\\(?\\s*-?${OPERAND}(?:\\s*\\)?\\s*(?:\\*\\*|[-+*/%])\\s*\\(?\\s*-?${OPERAND}){1,6}\\s*\\)?\\s*(?:\\|\\s*[a-z_]{1,20}\\s*)?$`,
  'i',
);
function isConstantProduct(t: string): boolean {
  return t.includes('*') && t.length <= 120 && CONSTANT_PRODUCT.test(t);
}

/** Two numbers multiplied (`7*7`, `7 ** 2`), not a name's digits (`x1*2`) or a decimal's (`1.5*2`). */
const NUMBER_PRODUCT = /(?<![\w.])\d{1,10}\s*\*{1,2}\s*\d{1,10}(?![\w.])/;
/** A name that stands alone, not a filter (`|format`), a method or member (`.join`), or a logic word. */
const DATA_NAME = /(?<![|.]\s{0,8})\b(?!(?:and|or|not|is|in|true|false|none|null)\b)[a-z_]\w*/i;

/**
 * A product of numbers inside an expression that reads no data: every name in it is a filter or a
 * method (`{{ "%s"|format(7*7) }}`, `{{ 49 == 7*7 }}`, `${7*7==49}`): the engine is asked to
 * compute, as with `{{7*7}}` (branch i18-small5). A template multiplies its data
 * (`{{ seconds * 60 * 60 }}`, `{{ range(7*7) }}`: `seconds` and `range` stand alone).
 */
function computesConstants(t: string): boolean {
  if (t.length > 120 || !NUMBER_PRODUCT.test(t)) return false;
  return !DATA_NAME.test(t.replace(/'[^'\n]{0,40}'|"[^"\n]{0,40}"/g, '""'));
}

/**
 * An engine's global, its members, maybe one call given literals (`{{config}}`, `{{self}}`,
 * `{{request.environ}}`, `#{session.setAttribute("a","b")}`): a template names its data.
 */
const ENGINE_GLOBAL_CALL = new RegExp(
  `^(?:config|self|request|settings|session|app|g|_self)(?:\\.[a-z_]\\w{0,40}){0,8}(?:\\(\\s*(?:${LITERAL}(?:\\s*,\\s*${LITERAL}){0,4})?\\s*\\))?$`,
  'i',
);

function isExpression(e: string): boolean {
  // An output marker opening the tag is the engine's, not the expression's: doT's `{{= 7*7 }}`,
  // EJS's `<%- 7*7 %>`, Eta's `<%~ 7*7 %>`, Blade's `{{-- --}}` is a comment and stays text.
  // Jinja's and Twig's whitespace control closes the tag too (`{%- print 7*7 -%}`, `{{~ config ~}}`; branch i18-small8).
  const t = e
    .trim()
    .replace(/^(?:[=~](?!=)|-(?![-\d]))/, '')
    .replace(/\s[-~]$/, '')
    .trim();
  return (
    /^-?['"]?\d+['"]?\s*[-+*/%]\s*['"]?-?\d+['"]?$/.test(t) || // {{7*7}}, {{7*'7'}}
    isConstantProduct(t.replace(/^print\b\s*/, '')) ||
    computesConstants(t) ||
    // FreeMarker's special variables (`${.version}`, `${.data_model}`) and built-ins on a literal
    // (`${"test"?upper_case}`): only FreeMarker writes `.name` or `?name` so; a placeholder names data.
    /^\.[a-z_]\w{0,40}$/i.test(t) ||
    /^(?:"[^"\n]{0,40}"|'[^'\n]{0,40}'|\d{1,10})\s*\?\s*[a-z_]\w{0,40}(?:\s*\(|$)/i.test(t) ||
    // `this` is no engine global: Handlebars writes `{{this.title}}` in every loop (branch i18-small4).
    // Called with literal arguments too (`#{session.setAttribute("a","b")}`: JSF's EL writing the
    // server's session; branch i18-small6).
    ENGINE_GLOBAL_CALL.test(t) || // {{config}}
    /__(?:class|mro|subclasses|globals|builtins|init|import|base|dict)__/.test(t) ||
    /\b_?(?:config|self|request|lipsum|cycler|joiner|namespace|settings)\s*[.[|]|\b_context\b/.test(t) ||
    // Java EL implicit objects (`${pageContext.request}`, `#{facesContext}`) and prototype walks (Handlebars, Angular).
    /^(?:pagecontext|applicationscope|sessionscope|requestscope|facescontext|initparam)\b/i.test(t) ||
    /\b(?:constructor|__proto__)\b/.test(t) ||
    // Twig filters given a PHP function to call (`['id']|filter('system')`).
    /\|\s*(?:filter|map|reduce|sort)\s*\(\s*['"]?(?:system|exec|passthru|shell_exec|popen|proc_open|assert|call_user_func)/i.test(
      t,
    ) ||
    /registerundefinedfiltercallback|getfilter\s*\(/i.test(t) ||
    // Block tags on a constant condition (`{% if True %}49{% endif %}`), imports (Tornado, Mako), Django's context dump.
    /^-?\s*(?:if|elif|while)\s+(?:true|1|\d+\s*[=<>!]=?\s*\d+)\s*-?$/i.test(t) ||
    /^\s*(?:import|from)\s+[a-z_][\w.]*(?:\s+import\b|\s*$)/.test(t) ||
    /^\s*debug\s*$/.test(t) ||
    // Twig's and Jinja's debug dump of the context or the application (`{{dump(app)}}`).
    /^\s*dump\s*\(/.test(t) ||
    // Ruby in ERB: backticks and the classes that run or read (`<%= File.open('/etc/passwd').read %>`).
    /`[^`]+`/.test(t) ||
    // Ruby's classes that run, read, write or list (`Dir.entries('/')`, `File.write`; the listing ones: branch i18-small5).
    /\b(?:File|IO|Dir|Kernel|Process|Open3|Object)\s*\.\s*(?:open|read|popen|system|spawn|exec|readlines|const_get|new|entries|glob|children|foreach|binread|write|delete)\b/.test(
      t,
    ) ||
    // Java reflection, up to the class loader and the declared members (`${class.getClassLoader()}`; branch i18-small5).
    /\.\s*(?:getclass|forname|getruntime|exec|constructor|getmethod|invoke|newinstance|getclassloader|getprotectiondomain|getdeclared(?:method|field|constructor)s?|setaccessible)\s*\(/i.test(
      t,
    ) ||
    // The Java Class object reached by name and asked for its members or files (`${class.getResource("").getPath()}`,
    // `$obj.class.getMethods()`): Velocity and FreeMarker expose `.class` on any value; a
    // template reads data, never a value's class (branch i18-small8).
    /(?:^|\.)\s*class\s*\.\s*get[a-z]\w{0,40}\s*\(/i.test(t) ||
    // FreeMarker's `?api`, which exists only to reach the Java object behind a value (`${object?api.class}`).
    /\?\s*api\s*\./.test(t) ||
    /\b(?:new\s+[a-z_.]+\s*\(|import\s+os|os\.(?:system|popen))/i.test(t) ||
    /\|\s*(?:attr|safe_eval|e\b)\s*\(/.test(t) ||
    callsWithCommand(t) || // ${ ex("id") }
    /['"]\s*\.\s*__/.test(t) ||
    // Methods called on literals only (`{{'a'.toUpperCase()}}`, `${"ab".concat("cd")}`): a constant
    // computed, as `{{7*7}}` is; a template calls them on its data (`{{ ', '.join(tags) }}`).
    CONSTANT_CALLS.test(t) ||
    // Python's class graph walked by name (`[].class.base.subclasses()`, `x.mro()`).
    /\.\s*(?:subclasses|mro)\s*\(\s*\)/.test(t) ||
    // Node's process reached from EJS, Pug or Nunjucks (`<%= global.process.mainModule.require(...) %>`).
    /\b(?:global\.process|process\.(?:mainModule|binding)|require\s*\(\s*['"]child_process)/.test(t) ||
    // The whole environment printed (`<%= process.env %>`): a template prints a variable of it
    // (`${process.env.NODE_ENV}` of shown code), never the object (branch i18-small6).
    // Ruby's `ENV` printed whole in ERB (`<%= ENV %>`, `<%= ENV.to_h %>`), as Node's; `<%= ENV['HOME'] %>`
    // prints one variable (branch i18-small8).
    /^(?:process\s*\.\s*env|ENV(?:\s*\.\s*(?:to_h|to_hash|inspect|keys))?)$/.test(t) ||
    // Django's widthratio on three numbers (`{% widthratio 7 1 7 %}`): a product computed from
    // constants; a template gives it its data (`{% widthratio value max 100 %}`; branch i18-small6).
    /^widthratio\s+\d{1,10}\s+\d{1,10}\s+\d{1,10}$/.test(t) ||
    // Assignment and filter arithmetic (`{% set x = 7*7 %}`, Django's `{{ 7|add:7 }}`).
    // Razor's code block declaring one (`@{ var x = 7*7; }`, `@{ int x = 7*7; }`; branch i18-small6).
    /^(?:set|var|int|long|let|const)\s+[a-z_]\w{0,40}\s*=\s*-?\d+\s*[-+*/%]\s*-?\d+\s*[-;]?$/i.test(t) ||
    // A number through a filter given a number (`{{ 7|add:7 }}`, `{{ 7|multiply:7 }}`): no template filters a literal with a literal.
    /^-?\d+\s*\|\s*[a-z_]\w{0,30}\s*:\s*['"]?-?\d+['"]?$/i.test(t) ||
    includesSystemFile(t)
  );
}

/**
 * A parameter name that sets a template engine's render options (`settings[view options][outputFunctionName]`,
 * `settings[view options][closeDelimiter]`): Express hands `req.query` to `res.render()` as its
 * locals, and EJS reads `settings['view options']` from them, so the request writes the code
 * the template is compiled with (CVE-2022-29078, CVE-2023-29827). No form names a field so.
 */
export function isRenderOptionsName(name: string): boolean {
  return /^settings\s*\[\s*['"]?view options['"]?\s*\]/i.test(name);
}
