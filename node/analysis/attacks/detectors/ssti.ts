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
// classes, third round").
const DELIMITED = /\{\{([^{}]{1,300})\}\}|[$#*@~]\{([^{}]{1,300})\}|<%=?([^%]{1,300})%>|\{%([^%]{1,300})%\}/g;
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
  ].join('|'),
  'i',
);

export function isSsti(value: string): boolean {
  if (DIRECTIVES.test(value)) return true;
  DELIMITED.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DELIMITED.exec(value)) !== null) {
    if (isExpression(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '')) return true;
  }
  return false;
}

function isExpression(e: string): boolean {
  // An output marker opening the tag is the engine's, not the expression's: doT's `{{= 7*7 }}`,
  // EJS's `<%- 7*7 %>`, Eta's `<%~ 7*7 %>`, Blade's `{{-- --}}` is a comment and stays text.
  const t = e
    .trim()
    .replace(/^(?:[=~](?!=)|-(?![-\d]))/, '')
    .trim();
  return (
    /^-?['"]?\d+['"]?\s*[-+*/%]\s*['"]?-?\d+['"]?$/.test(t) || // {{7*7}}, {{7*'7'}}
    /^(?:config|self|request|settings|session|app|g|_self|this)(?:\.[a-z_]\w{0,40}){0,8}(?:\(\s*\))?$/i.test(t) || // {{config}}
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
    /\b(?:File|IO|Dir|Kernel|Process|Open3|Object)\s*\.\s*(?:open|read|popen|system|spawn|exec|readlines|const_get|new)\b/.test(
      t,
    ) ||
    /\.\s*(?:getclass|forname|getruntime|exec|constructor|getmethod|invoke|newinstance)\s*\(/i.test(t) ||
    /\b(?:new\s+[a-z_.]+\s*\(|import\s+os|os\.(?:system|popen))/i.test(t) ||
    /\|\s*(?:attr|safe_eval|e\b)\s*\(/.test(t) ||
    /^\s*[a-z_]\w*\s*\(\s*["'][^"']*["']\s*\)\s*$/i.test(t) || // ${ ex("id") }
    /['"]\s*\.\s*__/.test(t)
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
