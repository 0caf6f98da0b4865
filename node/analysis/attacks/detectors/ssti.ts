/**
 * Server-side template injection: a template delimiter (`{{ }}`, `${ }`, `#{ }`, `<%= %>`,
 * `*{ }`, `{% %}`, Razor `@( )`) around an expression (arithmetic, attribute walks to dunder or
 * class objects, calls, object creation, the engine's own globals such as `config`) rather than a
 * bare name, or a template directive that only exists to
 * run code (FreeMarker `?new()`, Velocity `#set`, Smarty `{php}`).
 */
const DELIMITED = /\{\{([^{}]{1,300})\}\}|[$#*@]\{([^{}]{1,300})\}|<%=?([^%]{1,300})%>|\{%([^%]{1,300})%\}/g;
const DIRECTIVES =
  /@\(\s*\d+\s*[-+*/]\s*\d+\s*\)|<#assign\b|\?new\s*\(|#set\s*\(\s*\$|\$class\.inspect|\{php\}|\{\/?(?:system|exec)\b|freemarker\.template\.utility\.execute|\bT\s*\(\s*java\.lang\./i;

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
  const t = e.trim();
  return (
    /^-?['"]?\d+['"]?\s*[-+*/%]\s*['"]?-?\d+['"]?$/.test(t) || // {{7*7}}, {{7*'7'}}
    /^(?:config|self|request|settings|session|app|g|_self|this)(?:\.[a-z_]\w{0,40}){0,8}(?:\(\s*\))?$/i.test(t) || // {{config}}
    /__(?:class|mro|subclasses|globals|builtins|init|import|base|dict)__/.test(t) ||
    /\b(?:config|self|request|lipsum|cycler|joiner|namespace|settings)\s*[.[|]/.test(t) ||
    /\.\s*(?:getclass|forname|getruntime|exec|constructor|getmethod|invoke|newinstance)\s*\(/i.test(t) ||
    /\b(?:new\s+[a-z_.]+\s*\(|import\s+os|os\.(?:system|popen))/i.test(t) ||
    /\|\s*(?:attr|safe_eval|e\b)\s*\(/.test(t) ||
    /^\s*[a-z_]\w*\s*\(\s*["'][^"']*["']\s*\)\s*$/i.test(t) || // ${ ex("id") }
    /['"]\s*\.\s*__/.test(t)
  );
}
