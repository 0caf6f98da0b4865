import { memoized } from '../../../memo';
import { withoutCodeBlocks } from './rce';
import { isPhpIniText } from './php-ini';

/**
 * Code injection in the languages web servers run, read by the shapes only that language has
 * (docs/detection.md, "rce"): the shell is shell-tokens.ts's. Each reader looks for what an
 * injected snippet cannot do without and ordinary text never contains:
 *
 * - PHP: open tags (`<?php`, `<?=`), superglobals (`$_SERVER[...]`), variable variables and
 *   variable calls (`${'a'}`, `$f['x'](1)`, `${@a}(1)`), dangerous functions called through an
 *   indirection or comments (`(system)(ls)`, `['sys'.'tem'][0](id)`, `exec /*x*\/ (id)`), a value
 *   that is one call of a function that runs code, reads or writes files or decodes a payload
 *   (`base64_decode(...)`), serialized objects (`O:8:"stdClass":0:{}`), stream wrappers only PHP
 *   has (`php://`, `phar://`, `expect://`, `zip://`, `data://`); PHP's configuration as a value
 *   (`allow_url_include=1`, `php_value auto_prepend_file x`) is php-ini.ts's.
 * - Java and the JVM languages: classes of the JDK by their full name (`java.lang.Runtime`,
 *   `javax.naming.InitialContext`, `com.sun.rowset.JdbcRowSetImpl`), a class called by its full
 *   name (`com.x.FileSystemXmlApplicationContext('http://...')`), SpEL type references
 *   (`T(java.lang.Runtime)`), reflection (`Class.forName(`), the gadget vocabulary of Apache
 *   Commons Collections (`InvokerTransformer`, `ChainedTransformer`, `ForClosure`...), and
 *   serialized streams by their magic (`\xac\xed\x00\x05`, hex `aced0005`, base64 `rO0AB`; .NET
 *   BinaryFormatter `AAEAAAD/////`; Python pickles).
 * - Node.js: `require('child_process')`, `process.mainModule`, `process.binding(`,
 *   `constructor._load(`, `require.main`, `process.env`, serialized functions (`_$$ND_FUNC$$_`),
 *   prototype pollution (`__proto__`, `constructor.prototype`), a value that is an endless loop.
 * - Perl and Ruby: `@{[ ... ]}` interpolation, `qx{...}`, `CORE::system`, `Process.spawn(`,
 *   `Kernel.exec(`, `IO.popen(`, `%x{...}`.
 *
 * Cost: a few regular expressions per value, each behind a character or word it cannot do
 * without; nothing is decoded or allocated but the four base64 alignments of a short value made
 * only of base64 characters (Java gadget names sent base64-encoded).
 */

/** PHP functions that run code or commands, read or write files, or unpack a payload, whose names are no English word. */
const PHP_CODE_FUNCTIONS =
  'passthru|shell_exec|popen|proc_open|pcntl_exec|create_function|call_user_func(?:_array)?|preg_replace|array_map|' +
  'array_filter|uasort|register_shutdown_function|include_once|require_once|file_get_contents|file_put_contents|fopen|' +
  'fwrite|readfile|fpassthru|highlight_file|show_source|unlink|base64_decode|gzinflate|gzuncompress|gzdecode|zlib_decode|' +
  'str_rot13|convert_uudecode|hex2bin|unserialize|phpinfo|posix_\\w+|getenv|putenv|ini_set|ini_get|set_include_path|' +
  'get_defined_\\w+|get_cfg_var|getcwd|scandir|var_dump|print_r|parse_str|strrev|' +
  // Sockets, fetches and compressed streams a payload calls back or unpacks through.
  'fsockopen|pfsockopen|stream_socket_client|stream_socket_server|socket_create|socket_connect|curl_init|curl_exec|' +
  'curl_multi_exec|bzdecompress|bzopen|gzopen|gzfile|zip_open|' +
  // Name lookups a blind probe calls back through (`gethostbyname('x.oast.example')`), owners
  // of links changed and temporary files made under the server (branch i18-code7).
  'gethostbyname|gethostbynamel|gethostbyaddr|checkdnsrr|getmxrr|lchown|lchgrp|tempnam';
/** The ones that are words too (`system`, `file`): a call of them needs a code-shaped argument or indirection. */
const PHP_WORD_FUNCTIONS =
  'system|exec|assert|eval|include|require|file|mail|glob|extract|chr|ord|md5|usort|dl|' +
  // Unix terms prose glosses in parentheses (`symlink (soft link)`), functions that change the file system.
  'symlink|readlink|chroot';
const PHP_RISKY = PHP_CODE_FUNCTIONS + '|' + PHP_WORD_FUNCTIONS;
/**
 * `<?php` before anything, `<?=` before code, `<? ` (short tag) before a statement, `[php]`/`{/php}`
 * of template engines; and `<?xml` that is no XML declaration (which goes on with blanks and
 * `version=`) but PHP's short tag before a label or a call (`<?xml:echo 1;`, `<?xml :fputCSV(...)`,
 * `<?xml ();echo 1;`: `xml:` is a goto label, `xml()` a call; branch i18-rce5). Word's pasted
 * `<?xml:namespace prefix = o ns="..." />` names no statement.
 */
export const PHP_TAG =
  /<\?(?:php\b\s*\S|=\s*[\w$'"(]|\s+(?:php|echo|print|system|eval|exec|passthru|include|require|\$)|xml\s*(?::\s*(?:(?:echo|print)\b|[a-z_]\w{0,40}\s*\()|\(\s*\)\s*;))|[[{][/\\]?php[\]}](?!\()/i;
export const PHP_SUPERGLOBAL = /\$_(?:GET|POST|COOKIE|REQUEST|SERVER|FILES|ENV|SESSION)\b|\$GLOBALS\b/;
/** `${'a'}`, `${$a}`, `${@a}`, `$ {'_VAR'.'IABLE'}`: PHP variable variables (no shell or template writes them). */
export const PHP_VARIABLE_VARIABLE = /\$\s*\{\s*(?:['"][^'"]{0,60}['"]|[$@]\w)/;
/** A call through a variable: `$f['x'](1)`, `$GLOBALS['a'](1)`, `${'a'}(1)`, `$a[0]{1}(2)`. */
export const PHP_VARIABLE_CALL =
  /(?:^|[^\w.$>:\\])\$[A-Za-z_\x80-\xff]\w{0,40}\s*(?:(?:\[[^\]]{0,60}\]|\{[^}]{0,60}\}|\/\*[^]{0,100}?\*\/)\s*)*\(\s*(?:[\d'"$@]|\w+\s*[),])|\$\w{1,40}\s*(?:\[[^\]]{1,60}\]\s*|\{[^}]{1,60}\}\s*)+\(/;
/**
 * Calls whose function PHP looks up at run time, in the forms no other language writes: a variable
 * variable (`$$b(2)`, `$$$z(29)`), a `${...}` expression that is not a plain name (`${@$b}(12)`,
 * `${_.__}(30)`), a variable's element indexed by another element (`$__[$_[1]](7)`), a variable
 * whose call is reached across comments or indexes, empty argument list allowed
 * (`$a/*c*\/()`, `$a //x\n()`, `$_x[@5]/*w*\/[@d] ()`), and a member or static member named by a
 * variable (`$o->$f()`, `Foo::$f()`).
 */
/**
 * A function's name cut from its `(` by a comment (`checkdate/*x*\/()`, `symlink//c\n()`,
 * `serialize#c\n()`): PHP skips the comment and calls the function, a filter of `name(` misses it.
 * A `#` or `//` comment must be glued to the name (`Great #deal\n(see below)` is a hashtag).
 */
export const CALL_ACROSS_COMMENT =
  /(?:^|[^\w$.\/])[A-Za-z_]\w{1,40}(?:\s*\/\*[^]{0,100}?\*\/|(?:\/\/|#(?!\d))[^\n]{0,100}\n)(?:\s*\/\*[^]{0,100}?\*\/|\s*(?:\/\/|#)[^\n]{0,100}\n)*\s*\(/;
export const PHP_DYNAMIC_CALL =
  /\$\$+[A-Za-z_]\w{0,40}\s*\(|\$\{\s*[@$_'"][^{}]{0,60}\}\s*\(|\$\w{1,40}\s*\[[^\[\]]{0,30}\$\w{1,40}\s*\[[^\[\]]{0,30}\]\s*\]\s*\(|\$[A-Za-z_]\w{0,40}\s*(?:\[[^\]]{0,60}\]\s*)*(?:(?:\/\*[^]{0,100}?\*\/|\/\/[^\n]{0,100}\n|#[^\n]{0,100}\n)\s*(?:\[[^\]]{0,60}\]\s*)*)+\(|(?:->|::)\s*\$[A-Za-z_]\w{0,40}\s*\(/;
/** A dangerous function called through parentheses, brackets, string concatenation or comments. */
export const PHP_INDIRECT = new RegExp(
  `[([]\\s*(?:/\\*[^]{0,100}?\\*/\\s*)?['"]?\\s*(?:${PHP_RISKY})\\s*['"]?(?:\\s*[)\\]]){1,3}\\s*(?:\\[\\s*\\d+\\s*\\]\\s*)*\\((?!\\s*(?:[\\w+.-]*:|\\.{0,2}\\/|#))|` +
    `\\b(?:${PHP_RISKY})\\s*(?:/\\*[^]*?\\*/|#[^\\n]*\\n|//[^\\n]*\\n)\\s*(?:/\\*[^]*?\\*/\\s*|#[^\\n]*\\n\\s*)*\\(`,
  'i',
);
/**
 * Other shapes only PHP code has: a risky call whose argument is another (`eval(base64_decode(`),
 * `echo`/`print`/`die` of a call (`echo md5("x");`), a string called as a function (`"system"(ls)`,
 * `"\x73ystem"(id)`).
 */
export const PHP_STATEMENT = new RegExp(
  `\\b(?:${PHP_RISKY})\\s*\\(\\s*@?(?:${PHP_RISKY})\\s*\\(|` +
    `(?:^|[;{}>]|\\?>)\\s*(?:echo|print|die|exit)\\s*\\(?\\s*(?:${PHP_RISKY}|\\w+_\\w+)\\s*\\([^]{0,200}\\)\\s*\\)?\\s*;|` +
    `(['"])(?:${PHP_RISKY})\\1\\s*\\(|` +
    // A risky function reached through reflection (`new ReflectionFunction('system')`, branch i18-rce7).
    `\\bnew\\s+ReflectionFunction\\s*\\(\\s*['"]\\\\?(?:${PHP_RISKY})['"]|"(?:\\\\x[0-9a-f]{2}|\\w){2,40}"\\s*\\((?<=\\\\x[0-9a-f]{2}[^]{0,40})`,
  'i',
);
/** `'sys'.'tem'`: a name split into concatenated strings (what filters of function names miss). */
export const PHP_CONCAT = /['"]\s*\.\s*['"]/;
/** A value that is one call of a risky function (`base64_decode()`, `system('id');`, `phpinfo()`). */
export const PHP_CALL_VALUE = new RegExp(
  `^\\s*['";)]*\\s*@?\\\\?(?:(?:${PHP_CODE_FUNCTIONS})\\s*\\([^]{0,400}|(?:${PHP_WORD_FUNCTIONS})\\s*\\(\\s*(?:['"$\x60][^]{0,400})?)\\)\\s*;?\\s*$`,
  'i',
);
/** A call of a risky function after a PHP statement or string break (`";system('id');//`, `.system(id).`). */
export const PHP_CALL_AFTER_BREAK = new RegExp(
  `(?:[;}]|['"]\\s*\\.)\\s*@?(?:${PHP_CODE_FUNCTIONS}|system|exec|assert|eval|passthru)\\s*\\(`,
  'i',
);
/**
 * A value that is one call with literal arguments where data belongs, in the shapes of a probe
 * (docs/detection.md, "i18-code"): a snake_case function, which only code names
 * (`strip_tags()`, `is_array()`, `get_defined_vars()[0]`, `file_ExistS (\n)`), called with nothing,
 * a number, a quoted string or a variable; a function that runs code or decodes a payload glued
 * behind other letters or left open (`FOOgzdecode()`, `base64_decode(`); `chr(115).chr(121)`, the
 * way PHP spells a name a filter would see; a command runner given a bare command
 * (`exec (blah)`, `system(ls)`). A word then its parenthesis in prose (`Size (XL)`, `useState()`
 * in a sentence) is not a whole value of this shape.
 */
export const LITERAL_CALL_VALUE = new RegExp(
  `^\\s*@?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z][A-Za-z0-9]*)+\\s*\\(\\s*(?:-?\\d{1,10}|'[^'\\n]{0,200}'|"[^"\\n]{0,200}"|\\$\\w{1,40})?\\s*\\)(?:\\s*\\[\\s*\\d{1,3}\\s*\\])?\\s*;?\\s*$|` +
    `^\\s*@?[A-Za-z]{0,20}?(?:${PHP_CODE_FUNCTIONS})\\s*\\(\\s*(?:(?:-?\\d{1,12}(?:\\s*[-+*/]\\s*-?\\d{1,12}){0,4})?\\s*\\))?\\s*;?\\s*$|` +
    // A snake_case function opened and left so (`array_diff (`): a probe of what a filter lets through.
    `^\\s*@?[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z][A-Za-z0-9]*)+\\s*\\(\\s*$|` +
    `^\\s*chr\\s*\\(\\s*\\d{1,3}\\s*\\)(?:\\s*\\.\\s*chr\\s*\\(\\s*\\d{1,3}\\s*\\))*\\s*;?\\s*$|` +
    `^\\s*(?:exec|system|eval|assert|passthru)\\s*\\(\\s*[A-Za-z_]\\w{1,40}\\s*\\)\\s*;?\\s*$`,
  'i',
);
/** `O:8:"stdClass":0:{}`, `C:11:"ArrayObject":...` (objects: arrays and scalars are data). */
export const PHP_SERIALIZED = /\b[OC]:\+?\d{1,4}:"[\w\\]{1,200}":\d{1,6}:\{/;
export const PHP_WRAPPER =
  /(?:^|[\s'"=(,;|])(?:php|phar|expect|zip|zlib|glob|ogg|rar|compress\.(?:zlib|bzip2)|ssh2\.(?:shell|exec|tunnel|sftp|scp))\s*:\/\/|(?:^|[\s'"=(,;|])data:(?:\/\/|text\/plain\b)/i;

/**
 * A name called through a parenthesised variable or constant (`($y)('uname')`, `(x)/*c*\/('id')`)
 * in a value that also builds a string by concatenation or has a variable: the name was put
 * together elsewhere in the value (`$y = 'sys'.'tem'`, `define('x', 'sys'.'tem')`).
 */
const PHP_PAREN_CALL =
  /\(\s*\$?[A-Za-z_]\w{0,40}\s*\)\s*(?:(?:\/\*[^]{0,100}?\*\/|\[\s*\d{1,3}\s*\]|\{\s*\d{1,3}\s*\})\s*)*\(\s*['"@$]/;

/**
 * A risky function's name in an array literal, indexed, then called (`[system][0](ls)`,
 * `(  [  system  ][  0  ])  {/*c*\/0}  (  ls  )`, `{[system][0]} ('uname')`): PHP takes the bare
 * name for a string, and the element is what it calls (docs/detection.md, branch i18-rce4).
 */
const PHP_INDEXED_CALL = new RegExp(
  `\\[\\s*['"]?\\s*(?:${PHP_RISKY})\\s*['"]?\\s*\\]\\s*(?:\\[\\s*\\d{1,3}\\s*\\]|\\{\\s*\\d{1,3}\\s*\\})` +
    `(?:\\s*(?:[)\\]}]|\\[\\s*\\d{1,3}\\s*\\]|\\{\\s*(?:/\\*[^]{0,100}?\\*/\\s*)?\\d{1,3}\\s*\\}|/\\*[^]{0,100}?\\*/)){0,8}\\s*\\(`,
  'i',
);

function phpCall(v: string): boolean {
  return (
    PHP_INDIRECT.test(v) ||
    PHP_INDEXED_CALL.test(v) ||
    PHP_CALL_VALUE.test(v) ||
    PHP_CALL_AFTER_BREAK.test(v) ||
    PHP_STATEMENT.test(v) ||
    ((PHP_CONCAT.test(v) || v.includes('$')) && PHP_PAREN_CALL.test(v)) ||
    (/[.)]/.test(v) && phpCallFolded(foldPhpName(v)))
  );
}

/**
 * The value with a function name put back together as PHP reads it: strings concatenated
 * (`'sys'.'tem'`, `"sys"."t"."em"`), bare words concatenated, one in parentheses
 * (`(sy.(st).em)`, constants PHP takes for their own name), and type casts dropped
 * (`(string)"system"`). Null when nothing was folded.
 */
function foldPhpName(v: string): string | null {
  if (v.length > 2048) return null;
  const f = v
    .replace(/['"]\s*\.\s*['"]/g, '')
    .replace(/\.\s*\(\s*(\w{1,40})\s*\)/g, '.$1')
    .replace(/\(\s*(\w{1,40})\s*\)\s*\./g, '$1.')
    .replace(/\(\s*(\w{1,40}(?:\s*\.\s*\w{1,40}){1,8})\s*\)/g, (_, name: string) => '(' + name.replace(/[\s.]+/g, '') + ')')
    .replace(/\(\s*(?:string|array|object|binary)\s*\)\s*/gi, '');
  return f === v ? null : f;
}

function phpCallFolded(f: string | null): boolean {
  return f !== null && (PHP_INDIRECT.test(f) || PHP_STATEMENT.test(f) || PHP_CALL_VALUE.test(f));
}

/**
 * A front-end template's placeholder that translates a message key (Vue i18n's `{{ $t('hello') }}`,
 * `{{ $tc('cart.items', 2) }}`, `{{ $d(date, 'short') }}`): the framework's helpers are named with
 * `$`, which PHP reads as a variable called. Only a whole `{{ ... }}` holding one such helper called
 * with a quoted key or a name, and at most two plain arguments after it, is set aside (docs/detection.md,
 * branch i18-fp15); `{{ $f('system') }}` of another name is still read.
 */
const I18N_PLACEHOLDER =
  /\{\{\s*\$(?:t|tc|te|tm|rt|d|n)\s*\(\s*(?:'[\w.:-]{1,100}'|"[\w.:-]{1,100}"|[A-Za-z_]\w{0,40})(?:\s*,\s*(?:'[\w.:-]{0,40}'|"[\w.:-]{0,40}"|[\w.]{1,40})){0,2}\s*\)\s*\}\}/g;

/** PHP's `$` forms: superglobals, variable variables, calls through a variable or a run-time name. */
function phpVariableCode(v: string): boolean {
  const php = v.includes('{{') ? v.replace(I18N_PLACEHOLDER, '') : v;
  if (PHP_SUPERGLOBAL.test(php) || PHP_VARIABLE_VARIABLE.test(php) || PHP_VARIABLE_CALL.test(php)) return true;
  return php.includes('(') && PHP_DYNAMIC_CALL.test(php);
}

export function isPhpCode(v: string): boolean {
  if (v.includes('<') || v.includes('[') || v.includes('{')) {
    if (PHP_TAG.test(v)) return true;
  }
  if (v.includes('$') && phpVariableCode(v)) return true;
  if ((v.includes('/*') || v.includes('//') || v.includes('#')) && v.includes('(') && CALL_ACROSS_COMMENT.test(v)) {
    return true;
  }
  if (v.includes('(') && phpCall(v)) return true;
  if (v.includes(':')) {
    if ((v.includes('"') && PHP_SERIALIZED.test(v)) || (v.includes('//') || v.includes('data:') ? PHP_WRAPPER.test(v) : false))
      return true;
  }
  return false;
}

/**
 * A class of the JDK (or its internal packages) by its full name: a package path under `java.`,
 * `javax.`, `jdk.`, `sun.`, `com.sun.` or `org.omg.` (the JDK's CORBA, reached by IIOP gadgets) that ends in a class (`java.lang.Runtime`) or names one
 * of the packages that reach the system (`java.lang.reflect`, `java.io`); `java.Runtime` too.
 * Not an exception or error class (`java.lang.NullPointerException`, `java.sql.SQLException`): the
 * first line of every Java stack trace in error reports, telemetry and searches; no gadget is
 * built from one but BadAttributeValueExpException, which JAVA_GADGET names (branch i18-fpr3).
 * Also behind `Packages.`, the top-level object through which Rhino and Nashorn scripts reach any
 * Java package (`new Packages.java.io.File("")` in a ServiceNow Jelly `<g:evaluate>`,
 * CVE-2024-5217): `Packages.java.io.File` is `java.io.File` (branch i18-rce7).
 */
export const JDK_CLASS =
  /(?:^|[^\w.$]|(?:^|[^\w.$])Packages\.)(?:java|javax|jdk|sun|com\.sun|org\.omg|org\.apache\.commons\.(?:collections\d*|beanutils)|com\.opensymphony\.xwork2|org\.codehaus\.groovy|freemarker\.template\.utility|bsh)\.(?:[a-z_$][\w$]*\.)*(?!(?:[a-z_$][\w$]*\.)*(?=[A-Z])[\w$]*(?:Exception|Error)(?![\w$]))(?:[A-Z][\w$]*|(?:lang|io|nio|net|rmi|naming|script|beans|reflect|invoke|management|misc|internal|org|functors|runtime|util)\b)(?![\w$]*\/)|(?:^|[^\w.$])(?:org\.apache\.commons|com\.opensymphony\.xwork2)\b/;
/** A class instantiated or called by its full name (`com.x.y.Class('...')`, `org.h2.Driver(`). */
export const QUALIFIED_CALL = /(?:^|[^\w.$])[a-z][\w$]*(?:\.[a-z_$][\w$]*){2,12}\.[A-Z][\w$]*\s*\(/;
/** SpEL / OGNL type references and reflection. */
export const JVM_REFLECTION =
  /\bT\s*\(\s*[a-z][\w$]*(?:\.[\w$]+)+\s*\)|\bClass\s*\.\s*forName\s*\(|\.\s*getDeclared(?:Method|Field|Constructor)s?\s*\(|\.\s*getRuntime\s*\(\s*\)|\bnew\s+ProcessBuilder\b|\bgetClassLoader\s*\(|\bdefineClass\s*\(/;
/**
 * Apache Commons Collections and Beanutils functors that deserialization gadget chains are built
 * from (no ordinary text names them), and `Runtime`/`ProcessBuilder` glued into a dotted chain.
 */
export const JAVA_GADGET =
  /(?:invoker|chained|constant|instantiate|clone|map|predicate|factory|switch|closure|string|null)transformer|(?:for|while|if|switch|chained|transformer|invoker|nop|exception)closure|(?:prototype(?:clone|serialization)|instantiate|constant|exception)factory|\bjava\.[\w.]{0,60}\b(?:runtime|processbuilder)\b|templatesimpl|annotationinvocationhandler|badattributevalueexpexception|beancomparator|jdbcrowsetimpl|groovy\.util\.expando|methodclosure|xmldecoder/i;
/**
 * The .NET deserialization gadget vocabulary (XAML, DataContract and BinaryFormatter chains):
 * `ObjectDataProvider` calling `System.Diagnostics.Process`, the serialization holders that
 * rebuild a delegate or a method, `XamlReader`, the formatters that run what they read.
 */
export const DOTNET_GADGET =
  /objectdataprovider|(?:delegate|memberinfo)serializationholder|system\.diagnostics\.process\b|system\.windows\.markup\.xamlreader|system\.management\.automation\.|(?:los|objectstate)formatter|activitysurrogateselector|typeconfusedelegate/i;
/** A fastjson/Jackson type hint naming a Java class (`"@type":"org.apache.shiro.jndi.JndiObjectFactory"`): JSON-LD's `@type` is a plain word or a URL. */
const JAVA_CLASS_NAME = /^[a-z][\w$]*(?:\.[a-z_$][\w$]*)+\.[A-Z][\w$]*$/;

export function isJavaTypeHint(value: string, name: string): boolean {
  return name === '@type' && value.length < 200 && JAVA_CLASS_NAME.test(value);
}
/**
 * A JSON.NET `$type` (TypeNameHandling) naming a type of the framework itself, assembly-qualified
 * (`System.Windows.Data.ObjectDataProvider, PresentationFramework`): a client's data names its own
 * model types, and the framework's collections; any other framework type is an object the
 * deserializer builds for its side effects (a gadget). docs/detection.md, "Serialized objects".
 */
export function isDotNetTypeHint(value: string, name: string): boolean {
  return (
    (name === '$type' || name === '__type') &&
    value.length < 400 &&
    /^\s*(?:System|Microsoft)\.[\w.`+]+(?:\[[^\]]*\])?\s*,\s*[\w.]+/.test(value) &&
    !/^\s*System\.(?:Collections\.|(?:String|Int\d\d|U?Int\d\d|Boolean|Double|Decimal|DateTime|Guid|Object)\s*,)/.test(value)
  );
}

/**
 * An ASP.NET ObjectStateFormatter stream (`__VIEWSTATE`, base64 of 0xFF 0x01 then a token) whose
 * first token is 0x32, a BinaryFormatter-serialized object (base64 `/wEy`): a page's state is pairs,
 * triplets, strings and arrays (`/wEP`, `/wEW`, ...), never a whole BinaryFormatter graph.
 */
export function isStateFormatterObject(value: string): boolean {
  const t = value.trimStart();
  return t.startsWith('/wEy') && /^\/wEy[A-Za-z0-9+/]{16}/.test(t);
}

/** Serialized object streams: Java (raw, hex, base64), .NET BinaryFormatter (base64), Python pickle with a global. */
export const SERIALIZED_STREAM =
  /\xac\xed\x00\x05|(?:^|[^a-z0-9])aced0005|(?:^|[^A-Za-z0-9+/])rO0AB|KztAAU|Cs7QAF|AAEAAAD\/\/\/\/\/|(?:^|[^A-Za-z0-9+/])gASV|c(?:os|posix|subprocess|builtins|__builtin__)\n(?:system|popen|check_output|eval|exec)\n/i;

/**
 * A frame line of a Java stack trace (`\tat java.base/java.lang.Thread.run(Thread.java:833)`,
 * `at sun.reflect.NativeMethodAccessorImpl.invoke0(Native Method)`): where the JDK's classes were
 * when a program failed, in error reports and telemetry (docs/detection.md, branch i18-fpr3), not
 * code that names them.
 */
const STACK_FRAME_LINE =
  /(^|\n)[ \t]*at [\w$./<>@-]{1,300}\((?:[\w$.-]{1,100}\.(?:java|kt|scala|groovy|clj):\d{1,7}|Native Method|Unknown Source)\)/g;

export function isJavaCode(value: string): boolean {
  const v = value.includes('at ') && value.includes('\n') ? value.replace(STACK_FRAME_LINE, '$1') : value;
  if (v.includes('.')) {
    if (JDK_CLASS.test(v) || QUALIFIED_CALL.test(v) || JVM_REFLECTION.test(v) || JAVA_GADGET.test(v) || DOTNET_GADGET.test(v))
      return true;
  } else if (JAVA_GADGET.test(v)) return true;
  return SERIALIZED_STREAM.test(v) || gadgetInBase64(v);
}

/**
 * Java and .NET gadget names sent base64-encoded, cut out of a longer encoding at any alignment: each name
 * is encoded behind 0, 1 and 2 bytes and the characters that depend only on the name are kept, so
 * one search of the value finds them without decoding anything.
 */
const GADGET_WORDS = [
  'InvokerTransformer',
  'ChainedTransformer',
  'InstantiateTransformer',
  'CloneTransformer',
  'ForClosure',
  'WhileClosure',
  'PrototypeCloneFactory',
  'PrototypeSerializationFactory',
  'InstantiateFactory',
  // .NET's BinaryFormatter chains of ysoserial.net, named in the stream as DOTNET_GADGET names them
  // in text: a token or header that is such a stream base64-encoded (Sitecore's
  // ThumbnailsAccessToken, CVE-2025-27218) names its types in plain ASCII inside it (branch i18-code7).
  'ObjectDataProvider',
  'TextFormattingRunProperties',
  'TypeConfuseDelegate',
  'ActivitySurrogateSelector',
  'DelegateSerializationHolder',
  'Principal.WindowsIdentity',
];
/** Words that are a gadget only alone: inside a longer encoding (a JWT's claims) they are text. */
const GADGET_WORDS_ALONE = ['ProcessBuilder', 'Runtime'];
const cores = (words: string[]): string =>
  words
    .flatMap((w) => [w, w.toLowerCase()])
    .flatMap((w) => [0, 1, 2].map((k) => base64Core(w, k)))
    .join('|');
export const GADGET_BASE64 = new RegExp(cores(GADGET_WORDS));
const GADGET_BASE64_ALONE = new RegExp(`^[A-Za-z0-9+/_-]{0,3}(?:${cores(GADGET_WORDS_ALONE)})[A-Za-z0-9+/_-]{0,3}=*$`);
/**
 * The same words as a whole field of a structure sent as one text (`test=cnVudGltZQ` in a
 * text/plain body, `{"a":"cnVudGltZQ"}` carried as a string): the encoded word alone between the
 * structure's delimiters, as it is alone in a field of its own (branch i18-code7).
 */
const GADGET_BASE64_FIELD = new RegExp(
  `(?:^|[=&;:,"'\\s])[A-Za-z0-9+/_-]{0,3}(?:${cores(GADGET_WORDS_ALONE)})[A-Za-z0-9+/_-]{0,3}=*(?=$|[&;,"'\\s])`,
);

/** The characters of `word`'s base64 encoding behind `k` bytes that depend on the word alone. */
function base64Core(word: string, k: number): string {
  const enc = Buffer.concat([Buffer.alloc(k), Buffer.from(word, 'latin1')]).toString('base64');
  const start = k === 0 ? 0 : k === 1 ? 2 : 3;
  return enc.slice(start, Math.floor(((k + word.length) * 8) / 6)).replace(/[+/]/g, '\\$&');
}

function gadgetInBase64(v: string): boolean {
  return v.length >= 8 && (GADGET_BASE64.test(v) || (v.length <= 28 && GADGET_BASE64_ALONE.test(v)));
}

/**
 * Node.js reaching the system. `require[...]` is the loader's own properties (`require['main']`);
 * not a Sieve mail filter's capability list, `require ["fileinto", "imap4flags"];` (RFC 5228), a
 * statement of quoted names that Node would index and drop (branch i18-fpr3).
 */
export const NODE =
  /\brequire\s*\(\s*['"`]?\s*(?:child_process|vm)\b|\brequire\s*(?:\.\s*main|\[(?!\s*"[\w:.-]{1,40}"\s*(?:,\s*"[\w:.-]{1,40}"\s*){0,30}\]\s*;))|\bprocess\s*(?:\.\s*(?:mainModule|binding|dlopen)\b|\[)|constructor\s*\.\s*_load\s*\(|\bchild_process\s*(?:['"`)\]]|\.\s*(?:exec|spawn|fork)\w*\s*\()|_\$\$ND_FUNC\$\$_|__js_function|\bmodule\s*\.\s*constructor\b|\.\s*constructor\s*\.\s*constructor\s*\(|\bconstructor:constructor\b|\bconstructor\s*\(\s*['"`]\s*return\b|\bFunction\s*\(\s*['"`]\s*return\s+(?:process|global|require)\b/;
/**
 * A value that is one statement of server-side JavaScript on its globals, after nothing but a
 * string or statement break (docs/detection.md, "i18-code"): a console method called with a
 * number or a sum, the echo a probe looks for (`console.info(1)`, `console["info"](1)`,
 * `console.info.call(this,1)`; code shared as text logs a variable or a message,
 * `console.log(fullUrl);`, `console.log("Hello")`), the environment read
 * (`process.env`, `process.env.SECRET`), a function built from text (`new Function (`), the module
 * replaced (`module.exports=`). Prose that names them (`log the code to console.`, `set
 * process.env.PORT in the shell`) has words around them, so it is not a whole value of this shape.
 */
export const JS_STATEMENT_VALUE =
  /^[\s'"`;)]*(?:console\s*(?:\.\s*[A-Za-z]\w{0,20}|\[\s*['"`]\w{1,20}['"`]\s*\])(?:\s*\.\s*(?:call|apply|bind))?\s*\(\s*(?:this\s*,\s*)?[\d\s+*\/%().-]{0,40}\)|process\s*\.\s*env(?:\s*(?:\.\s*\w{1,60}|\[\s*['"`]?\w{1,60}['"`]?\s*\]))?|new\s+Function\s*\([^]{0,200}|module\s*\.\s*exports\s*=[^]{0,200})\s*;?\s*(?:\/\/[^\n]*)?$/;
export const PROTOTYPE_POLLUTION = /__proto__|\bconstructor\s*['"]?\s*\]?\s*(?:\.|\[)\s*['"]?\s*prototype\b/;
/** A value that is a loop without end (`while(true);`, `while(1)`, `for(;;);`): a denial of service for eval. */
export const ENDLESS_LOOP =
  /^\s*(?:while\s*\((?!\s*(?:!\s*(?:true|1)|false|0|null|undefined)\s*\))[^()]{0,40}(?:\(\))?\)|while\s*\(\s*\(+\s*(?:true|1)\s*\)+|for\s*\(\s*;\s*;\s*\))\s*(?:;|\{\s*\})?\s*$/;
export const PERL_RUBY =
  /@\{\s*\[|\bqx\s*[{(\[/|'"]|\bCORE::(?:GLOBAL::)?\w+|\b(?:Process\s*\.\s*spawn|Kernel\s*\.\s*(?:exec|system|spawn|open)|IO\s*\.\s*popen|Open3\s*\.\s*\w+|PTY\s*\.\s*spawn)\s*\(|%x\{|(?:^|[\s=;(,])%x[([<|]/;

export function isNodeCode(v: string): boolean {
  return NODE.test(v) || JS_STATEMENT_VALUE.test(v) || PROTOTYPE_POLLUTION.test(v) || (v.includes('(') && ENDLESS_LOOP.test(v));
}

/**
 * Perl's and Ruby's `open` given a pipe: a file name that opens (`"|id"`) or ends (`"id|"`) with
 * `|` is a command whose input or output the handle is, and Perl's three-argument mode `-|`/`|-`
 * runs the next argument (`open(my $fh, '-|', 'id')`). A `|` inside a name or alone is a file's.
 */
const PIPE_OPEN =
  /\bopen\s*\(\s*(?:(?:my\s+)?[\w$]{1,30}\s*,\s*)?(?:(['"])\s*\|\s*[\w/.$]|(['"])[^'"\n|]{1,200}\|\s*\2\s*[,)]|(['"])(?:-\||\|-)\3\s*,)/;

export function isPerlRubyCode(v: string): boolean {
  return PERL_RUBY.test(v) || (v.includes('|') && PIPE_OPEN.test(v));
}

/**
 * What a value needs for the readers above but PHP's `$` and call forms, JVM calls, serialized
 * streams and base64 gadget names (tested first, each behind a character it needs): one search
 * decides whether the readers run at all; most values have none of it, and a value with none of
 * the punctuation of code is not searched.
 */
export const HINT =
  /<\?|php|:"|:\/\/|data:|java|jdk\.|sun\.|org\.apache|org\.omg|opensymphony|codehaus|bsh\.|transformer|closure|factory|templatesimpl|invocationhandler|expexception|comparator|rowsetimpl|expando|xmldecoder|runtime|processbuilder|proto|require|process|constructor|nd_func|__js|module|console|function\s*\(|@\{|qx|core::|%x[{(\[<|]|kernel|\bio\s*\.|\bopen\s*\(|open3|pty|freemarker|objectdataprovider|serializationholder|diagnostics\.process|xamlreader|management\.automation|stateformatter|losformatter|surrogateselector|confusedelegate/i;
/** A PHP function call written to dodge filters, or a risky one: what PHP's call readers need. */
export const PHP_CALL_HINT = new RegExp(
  `\\b(?:${PHP_RISKY})\\s*[(/#'")\\]]|['"]\\s*\\(|\\*\\/\\s*\\(|['"]\\s*\\.\\s*['"]|\\)\\s*\\(`,
  'i',
);

/** Serialized streams by their magic (`rO0AB`, `aced0005`, BinaryFormatter, pickle), found with plain searches first. */
function hasStreamMagic(v: string): boolean {
  return streamMagicWord(v) || ((v.includes('\xac') || v.includes('\n')) && SERIALIZED_STREAM.test(v));
}
/** The magic of a serialized stream in an encoding (base64, hex), by plain searches. */
function streamMagicWord(v: string): boolean {
  return (
    (v.includes('rO0AB') ||
      v.includes('KztAAU') ||
      v.includes('Cs7QAF') ||
      v.includes('AAEAAAD') ||
      v.includes('gASV') ||
      v.includes('ced0005') ||
      v.includes('CED0005')) &&
    SERIALIZED_STREAM.test(v)
  );
}

/** PHP functions whose name alone, as a value, is a callback an exploit hands over (`vars[0]=phpinfo`). */
const PHP_FUNCTION_NAMES = new Set(
  'phpinfo phpcredits call_user_func call_user_func_array shell_exec passthru proc_open pcntl_exec create_function base64_decode str_rot13 gzinflate preg_replace assert popen'.split(
    ' ',
  ),
);
/**
 * One pair of a query carried as a value (`_path=_controller=phpcredits` of Symfony's fragment
 * renderer, CVE-2015-4050, where the framework parses `_path` as a query of its own): its value
 * a callback of the names above (branch i18-code7).
 */
const PAIR_OF_CALLBACK = /^\s*[\w.[\]-]{1,60}\s*=\s*([A-Za-z_\d]{4,30})\s*$/;
function isCallbackPair(v: string): boolean {
  const callback = PAIR_OF_CALLBACK.exec(v)?.[1];
  return callback !== undefined && PHP_FUNCTION_NAMES.has(callback.toLowerCase());
}

/**
 * Code in any of the server languages above. `punctuated`: the caller's scan of `v` (GateMask's
 * NOT_BASE64 hint) found a character outside letters, digits, `+/-_=` and whitespace, which this
 * pass would count as punctuation that ends the base64 reading: the pass is skipped.
 * `wordsAndSpaces`, when the caller's scan knows it (GateMask's NOT_WORD_OR_SPACE hint absent):
 * `v` has only ASCII letters, digits, `_` and spaces; null: not known, searched here.
 */
export function isCodeInjection(v: string, punctuated = false, wordsAndSpaces: boolean | null = null): boolean {
  const n = v.length;
  if (n < 5) return false;
  if (punctuated) return codeWithPunctuation(v);
  // Words with a space (prose, search text): the pass below would find a space and no punctuation,
  // so neither base64 nor a gadget name; one linear search settles that, or the gate scan's
  // (docs/performance.md "Attack stage: exact pre-checks" and branch i22-shared; pinned by
  // test/unit/attacks/code-injection-words.test.ts).
  if (v.includes(' ') && (wordsAndSpaces ?? !NOT_WORD_OR_SPACE.test(v))) return wordsAlone(v, n, true);
  return isCodeInjectionScanned(v, n);
}

/** Any character but ASCII letters, digits, `_` and the space. */
const NOT_WORD_OR_SPACE = /[^A-Za-z0-9_ ]/;

/** isCodeInjection's reading after its pass over the characters (the reference of its shortcut). */
export function isCodeInjectionScanned(v: string, n = v.length): boolean {
  if (n < 5) return false;
  // One pass over the characters: most values are words, numbers and tokens, which need no search.
  let punctuation = false;
  let space = false;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let letters = 0;
  let longestLetters = 0;
  let base64 = true;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) {
      lower++;
      if (++letters > longestLetters) longestLetters = letters;
      continue;
    }
    if (c >= 0x41 && c <= 0x5a) {
      upper++;
      if (++letters > longestLetters) longestLetters = letters;
      continue;
    }
    letters = 0;
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      continue;
    }
    if (c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f) continue; // + / - _ of base64
    if (c === 0x3d && i >= n - 2) continue; // = padding
    base64 = false;
    if (c === 0x20) space = true;
    else punctuation = true;
  }
  // Base64 of binary or text mixes cases: a Java stream or a gadget name cut out of an encoding.
  // Tokens recur (session cookies): their reading is remembered.
  if (base64 && (upper >= 2 || (digits >= 4 && lower >= 1)) && encodedCode(v)) return true;
  // Values with punctuation recur (cookies, parameters, JSON fields): their reading is remembered.
  return punctuation ? codeWithPunctuation(v) : wordsAlone(v, n, space, longestLetters);
}

/** Words alone: a PHP function's name, or one gadget name (`invokertransformer`, which has no space). */
function wordsAlone(v: string, n: number, space: boolean, longestLetters = 0): boolean {
  if (n <= 30 && 'pcsbgaPCSBGA '.includes(v[0]) && PHP_FUNCTION_NAMES.has(v.trim().toLowerCase())) return true;
  // PHP's settings can be words and spaces (`php_flag engine off` of an `.htaccess`) or end in a
  // `=` and a character, which the pass above takes for base64 padding (`allow_url_include=1`).
  if ((v.includes('=') || v.includes('php_')) && isPhpIniText(v)) return true;
  if (v.includes('__') && isNodeCode(v)) return true; // `__proto__`, `__js_function`
  return !space && longestLetters >= 10 && JAVA_GADGET.test(v);
}

/**
 * Python's walk through its object graph to reach the interpreter (docs/detection.md, "The smaller
 * classes, third round"): from any object to its class, base and subclasses (`().__class__.__base__
 * .__subclasses__()`), a method's globals (`x.__init__.__globals__`) or the builtins, or `__getattribute__` to name them by
 * string (js2py, CVE-2024-28397). Two of these attributes, one of them only a sandbox escape needs
 * (`__subclasses__`, `__globals__`, `__builtins__`, `__getattribute__`); a program's `__name__`,
 * `__init__` or `__class__.__name__`, a tutorial's `A.__mro__, A.__bases__` are no walk. Also `__import__` of a module then a
 * call on it (`__import__('requests').get(...)`): no data names a module by that hook.
 */
const PYTHON_DUNDER = /__(class|init|mro|bases?|subclasses|globals|builtins|getattribute)__/g;
const PYTHON_ESCAPE_DUNDER = new Set(['subclasses', 'globals', 'builtins', 'getattribute']);
const PYTHON_IMPORT_CALL = /__import__\s*\(\s*['"][a-z_][\w.]{0,40}['"]\s*\)\s*\.\s*[a-z_]\w{0,40}\s*\(/i;
function pythonObjectWalk(v: string): boolean {
  if (v.includes('__import__') && PYTHON_IMPORT_CALL.test(v)) return true;
  let escape = false;
  let first: string | null = null;
  let two = false;
  for (const m of v.matchAll(PYTHON_DUNDER)) {
    const name = m[1] === 'bases' ? 'base' : m[1];
    if (PYTHON_ESCAPE_DUNDER.has(name)) escape = true;
    if (first === null) first = name;
    else if (name !== first) two = true;
    if (escape && two) return true;
  }
  return false;
}

const encodedCode = memoized((v: string): boolean => streamMagicWord(v) || gadgetInBase64(v));

const codeWithPunctuation = memoized((v: string): boolean => {
  // A Markdown post's closed code blocks show code, they do not run it (rce's reading; branch i18-fpr3).
  if (v.includes('```')) {
    const shown = withoutCodeBlocks(v);
    if (shown !== v) return codeWithPunctuation(shown);
  }
  if (hasStreamMagic(v)) return true;
  if (v.includes('__') && pythonObjectWalk(v)) return true;
  // A base64 run inside a structure (`name=<base64>`, a JSON or XML field).
  if (!v.includes(' ') && GADGET_BASE64.test(v)) return true;
  if (GADGET_BASE64_FIELD.test(v)) return true;
  if (v.includes('$') && phpVariableCode(v)) return true;
  if ((v.includes('/*') || v.includes('//') || v.includes('#')) && v.includes('(') && CALL_ACROSS_COMMENT.test(v)) return true;
  if (v.includes('=') && (isPhpIniText(v) || isCallbackPair(v))) return true;
  if (v.includes('(')) {
    if (PHP_CALL_HINT.test(v) && phpCall(v)) return true;
    if (LITERAL_CALL_VALUE.test(v)) return true;
    if ((v.includes('.') && QUALIFIED_CALL.test(v)) || JVM_REFLECTION.test(v) || ENDLESS_LOOP.test(v)) return true;
  }
  // A letter of a name written as a JavaScript escape (`c\u006fnsole`): no text escapes an ASCII
  // letter, a filter of the name does not see it; the name is read back.
  if (v.includes('\\u00') && LETTER_ESCAPE.test(v)) return codeWithPunctuation(v.replace(LETTER_ESCAPES, unescapeLetter));
  if (!HINT.test(v)) return false;
  return isPhpCode(v) || isJavaCode(v) || isNodeCode(v) || isPerlRubyCode(v);
});

/** `\u0041`-`\u005a`, `\u0061`-`\u007a` inside a name (a letter or digit before it). */
const LETTER_ESCAPE = /[A-Za-z0-9_$]\\u00(?:4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])/i;
const LETTER_ESCAPES = /\\u00(4[1-9a-f]|5[0-9a]|6[1-9a-f]|7[0-9a])/gi;
const unescapeLetter = (_: string, hex: string): string => String.fromCharCode(parseInt(hex, 16));

/**
 * A file name a server would run (PHP, JSP, ASP.NET, CGI scripts), also when the extension is
 * hidden behind a space, dots or a second extension (`x.php.jpg`, `x. php`, `x.php....`), and PHP
 * session files (`sess_<id>`): an upload that plants code.
 */
const SCRIPT_FILE =
  /\.\s*(?:php\d?|phtml|phar|pht|phps|phpt|pgif|shtml|jspx?|jsw|jsv|aspx?|ashx|asmx|asa)(?:$|[.\s/\\:;?]|\.\w{1,5}$)|(?:^|[/\\])sess_[\w,-]{8,}$/i;

export function isScriptFileName(name: string): boolean {
  return SCRIPT_FILE.test(name);
}
