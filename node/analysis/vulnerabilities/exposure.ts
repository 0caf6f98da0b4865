/**
 * Information exposure in responses: stack traces, SQL errors, framework debug and error pages,
 * source code and internal addresses (docs/vulnerabilities.md). Each pattern has an id (the
 * record's detail) and is specific enough to need no context. Every repetition is bounded, so a
 * pattern costs linear time on the (capped) body whatever it holds.
 *
 * JSON bodies are read as the strings they hold (a trace in `"trace": "...\n\tat ..."` has escaped
 * newlines in the raw text), and their keys are looked at for structured traces (frame arrays).
 * Traces and SQL messages quoted in documentation (inside <pre>/<code> or a ``` fence of a
 * successful response) are not exposures: error pages put them there only with an error status.
 */

import { anyFound, LiteralSet } from './literals';
import { parseJsonShared } from '../json-document';

export interface ExposurePattern {
  id: string;
  /**
   * Literal text every match contains (one of them): a body with none is not searched further.
   * Free of quotes, backslashes and slashes, so that they are found in raw JSON text too, where
   * those are escaped.
   */
  needs: string[];
  re: RegExp;
  /** Text that documentation quotes (traces, database messages), as opposed to a page's own markup. */
  quotable: boolean;
}

const q = true;
const markup = false;

export const EXPOSURE_PATTERNS: readonly ExposurePattern[] = [
  // Stack traces. Java also without "at " (Tomcat's exception report), Kotlin, Scala, Groovy.
  {
    id: 'stack_trace:java',
    quotable: q,
    needs: ['.java:', '.kt:', '.scala:', '.groovy:', 'Native Method', 'Unknown Source'],
    re: /\n[ \t]{0,20}(?:at )?[\w$][\w$.\/<>-]{0,300}\((?:[\w$]{1,100}\.(?:java|kt|scala|groovy):\d{1,6}|Native Method|Unknown Source)\)/,
  },
  {
    id: 'stack_trace:python',
    quotable: q,
    needs: ['Traceback (most recent call last)', 'File '],
    re: /Traceback \(most recent call last\):\s{1,40}File "|File "[^"\n]{1,300}\.py", line \d{1,6}, in [\w<]/,
  },
  {
    id: 'stack_trace:php',
    quotable: markup,
    needs: ['Fatal error', 'Warning', 'Parse error', 'Notice', 'Deprecated', 'Strict Standards'],
    re: /(?:Fatal error|Warning|Parse error|Notice|Deprecated|Strict Standards)(?:<\/b>)?:[ \t]{1,4}[^\n]{1,400}? in (?:<b>)?(?:\/|[A-Za-z]:\\)[^<\n]{1,300}?(?:<\/b>)? on line (?:<b>)?\d{1,7}/,
  },
  { id: 'stack_trace:php', quotable: q, needs: ['.php('], re: /\n#\d{1,4} (?:\/|[A-Za-z]:\\)[^\n(]{1,300}\.php\(\d{1,6}\): / },
  {
    id: 'stack_trace:dotnet',
    quotable: markup,
    needs: ["Server Error in '", 'Microsoft .NET Framework Version:'],
    re: /Server Error in '\/[^'\n]{0,200}' Application|Microsoft \.NET Framework Version:\d/,
  },
  {
    id: 'stack_trace:dotnet',
    quotable: q,
    needs: [':line ', 'System.', 'Microsoft.'],
    re: /\n[ \t]{1,20}at [\w.`<>|\[\], ]{1,300}\([^)\n]{0,300}\) in [^\n]{1,300}?:line \d{1,6}|\n[ \t]{1,20}at (?:System|Microsoft)\.[\w.`<>|\[\],]{1,300}\(/,
  },
  {
    id: 'stack_trace:node',
    quotable: q,
    needs: ['.js:', '.mjs:', '.cjs:', '.ts:', '.tsx:', '.jsx:', '(node:'],
    re: /(?:\n|<br ?\/?>)(?:[ \t]|&nbsp;){1,40}at (?:[^\s()]{1,200} (?:\[as [^\]\n]{1,100}\] )?)?(?:\(?(?:\/|[A-Za-z]:\\|file:\/\/\/|webpack-internal:\/\/\/)[^\s()<>]{0,300}\.(?:[cm]?js|tsx?|jsx)|\(node:[^\s()<>]{1,300}):\d{1,6}:\d{1,6}\)?/,
  },
  { id: 'stack_trace:ruby', quotable: q, needs: ['.rb:'], re: /\.rb:\d{1,6}:in [`'‘][^'\n]{1,200}'/ },
  {
    id: 'stack_trace:go',
    quotable: q,
    needs: ['[running]:', '+0x'],
    re: /goroutine \d{1,9} \[running\]:\s{1,10}\S|\n\t[^\s]{1,300}\.go:\d{1,6} \+0x[0-9a-f]{1,10}/,
  },
  // Database errors.
  {
    id: 'sql_error:mysql',
    quotable: q,
    needs: [
      'SQL syntax',
      'MySQL',
      'MySql',
      'ER_PARSE_ERROR',
      'Unknown column',
      'Warning',
      '_fetch_',
      '.mysql.',
      'Duplicate entry',
      'Table ',
    ],
    re: /You have an error in your SQL syntax|mysql_fetch_(?:array|assoc|row|object)\(\)|(?:Warning(?:<\/b>)?:\s{1,4})mysqli?_\w{1,40}\(|MySQLSyntaxErrorException|com\.mysql\.(?:cj\.)?jdbc|ER_PARSE_ERROR|Unknown column '[^'\n]{1,100}' in '|MySql\.Data\.MySqlClient|MySqlException|not a valid MySQL result|Duplicate entry '[^'\n]{0,100}' for key|Table '[\w.$-]{1,100}' doesn't exist/,
  },
  {
    id: 'sql_error:postgresql',
    quotable: q,
    needs: [
      'PG::',
      'PSQLException',
      'ERROR:',
      'Query failed',
      'PostgreSQL query failed',
      '.errors.',
      'OperationalError',
      'ProgrammingError',
      'DataError',
      'IntegrityError',
      'Npgsql',
    ],
    re: /PG::[A-Z]\w{1,60}|PSQLException|ERROR:\s{1,4}(?:syntax error at or near|unterminated quoted string at or near|column "?[\w.]{1,100}"? does not exist|relation "[^"\n]{1,100}" does not exist|invalid input syntax for|operator does not exist|duplicate key value violates unique constraint|null value in column)|pg_query\(\): Query failed|PostgreSQL query failed|psycopg2?\.(?:errors\.[A-Z]\w{1,60}|OperationalError|ProgrammingError|DataError|IntegrityError)|Npgsql\.PostgresException/,
  },
  {
    id: 'sql_error:mssql',
    quotable: q,
    needs: [
      'Unclosed quotation mark',
      'Incorrect syntax near',
      'OLE DB Provider',
      'SQL Server',
      'SqlException',
      'SqlClient',
      'Conversion failed when converting',
      'Invalid column name',
      'Invalid object name',
    ],
    re: /Unclosed quotation mark after the character string|Incorrect syntax near|Microsoft OLE DB Provider for (?:SQL Server|ODBC Drivers)|\[Microsoft\]\[ODBC SQL Server Driver\]|\[SQL Server\]|SqlException \(0x|(?:System|Microsoft)\.Data\.SqlClient\.|Conversion failed when converting (?:the )?\w{1,20} value|Invalid (?:column|object) name '/,
  },
  {
    id: 'sql_error:oracle',
    quotable: q,
    needs: ['ORA-', 'PLS-', '.jdbc.', 'SQL command not properly ended'],
    re: /\b(?:ORA|PLS)-\d{5}: |oracle\.jdbc\.|SQL command not properly ended/,
  },
  {
    id: 'sql_error:sqlite',
    quotable: q,
    needs: ['OperationalError', 'SQLITE_', 'SQLite', 'Sqlite', ': syntax error'],
    re: /sqlite3\.OperationalError|SQLITE_[A-Z]{4,20}|SQLite3::SQLException|SQLiteException|Microsoft\.Data\.Sqlite|near "[^"\n]{1,60}": syntax error/,
  },
  {
    id: 'sql_error:generic',
    quotable: q,
    needs: [
      'SQLSTATE[',
      '.hibernate.',
      'SQLGrammarException',
      '.sql.SQL',
      'StatementInvalid',
      'Sequelize',
      'QueryFailedError',
      '.db.utils.',
      '.exc.',
      'JdbcSQL',
      'SQLCODE=',
      'DB2 SQL',
    ],
    re: /SQLSTATE\[\w{1,10}\]|org\.hibernate\.exception\.\w{1,60}|SQLGrammarException|java\.sql\.SQL\w{0,40}Exception|ActiveRecord::StatementInvalid|Sequelize\w{0,30}Error|QueryFailedError|django\.db\.utils\.\w{1,40}Error|sqlalchemy\.exc\.\w{1,40}|JdbcSQL\w{0,40}Exception|SQLCODE=-?\d{1,5}, SQLSTATE=|DB2 SQL [Ee]rror/,
  },
  // Framework debug and error pages, recognised by their own markup.
  {
    id: 'debug_page:django',
    quotable: markup,
    needs: ['DEBUG = True', 'Using the URLconf defined in', 'Django Version:'],
    re: /You(?:'|’|&#x27;|&#39;)re seeing this error because you have <code>DEBUG = True<\/code>|Using the URLconf defined in <code>|Django Version:(?:<\/th>\s{0,20}<td>)? ?\d/,
  },
  {
    id: 'debug_page:werkzeug',
    quotable: markup,
    needs: ['Werkzeug Debugger', 'The debugger caught an exception'],
    re: /Werkzeug Debugger|The debugger caught an exception in your WSGI application/,
  },
  {
    id: 'debug_page:laravel',
    quotable: markup,
    needs: ['Whoops! There was an error.', 'Ignition', 'Illuminate'],
    re: /Whoops! There was an error\.|Ignition|laravel\\?\/framework\\?\/src\\?\/Illuminate/,
  },
  {
    id: 'debug_page:rails',
    quotable: markup,
    needs: ['Action Controller: Exception caught', 'Routing Error', 'Rails.root:'],
    re: /Action Controller: Exception caught|<h1>Routing Error<\/h1>|Rails\.root: /,
  },
  {
    id: 'debug_page:symfony',
    quotable: markup,
    needs: ['Symfony'],
    re: /Symfony\\{1,2}Component\\{1,2}(?:Debug|ErrorHandler|HttpKernel)\\/,
  },
  {
    id: 'debug_page:spring',
    quotable: markup,
    needs: ['Whitelabel Error Page'],
    re: /Whitelabel Error Page[\s\S]{0,500}(?:There was an unexpected error|This application has no explicit mapping)/,
  },
  {
    id: 'debug_page:aspnetcore',
    quotable: markup,
    needs: ['An unhandled exception occurred while processing the request'],
    re: /An unhandled exception occurred while processing the request\./,
  },
  {
    id: 'debug_page:tomcat',
    quotable: markup,
    needs: ['Root Cause', 'Exception Report', 'Exception</b>'],
    re: /<b>(?:Exception|Root Cause)<\/b><\/p><pre>|<b>Type<\/b> Exception Report/,
  },
  {
    id: 'debug_page:codeigniter',
    quotable: markup,
    needs: ['A PHP Error was encountered'],
    re: /A PHP Error was encountered[\s\S]{0,400}?Filename:/,
  },
  { id: 'debug_page:struts', quotable: markup, needs: ['Struts Problem Report'], re: /Struts Problem Report/ },
  {
    id: 'debug_page:jsp',
    quotable: markup,
    needs: ['An error occurred at line'],
    re: /An error occurred at line: \[?\d{1,6}\]? in the jsp file/,
  },
  { id: 'source_code:php', quotable: markup, needs: ['?php'], re: /<\?php\s/ },
  { id: 'source_code:asp', quotable: markup, needs: ['%@'], re: /<%@\s*(?:Page|Language)\b/ },
];

/**
 * The patterns' literals, each searched for once: ordinary pages have none, and then the patterns
 * are skipped. Plain substring searches of each literal measured faster than one regular
 * expression of them all (docs/performance.md).
 */
export const EXPOSURE_LITERALS: readonly string[] = [...new Set(EXPOSURE_PATTERNS.flatMap((p) => p.needs))];
const NEEDED = new LiteralSet(EXPOSURE_LITERALS);
/** JSON keys under which error bodies carry traces (compared lower-cased, without '_' and '-'). */
const TRACE_KEYS = new Set([
  'trace',
  'stack',
  'stacktrace',
  'traceback',
  'backtrace',
  'exceptiondetails',
  'frames',
  'stackframes',
  'traces',
]);
/** Raw-text literals of those keys: a JSON body without one has no structured trace. */
const TRACE_KEY_NEEDS = new LiteralSet([
  '"trace',
  '"stack',
  '"Stack',
  '"traceback',
  '"backtrace',
  '"exception',
  '"frames',
  '"Trace',
]);

const INTERNAL_IP =
  /(?<![\d.])(?:10\.(?:\d{1,3}\.){2}\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3})(?![\d.])/;

export interface Exposure {
  id: string;
  /** The matching text with some context, at most 200 characters. */
  excerpt: string;
}

export function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 40);
  return text
    .slice(start, Math.min(text.length, index + Math.min(length, 120) + 40))
    .replace(/\s+/g, ' ')
    .slice(0, 200);
}

/** Whether `index` lies inside a <pre>, <code> or <blockquote> element or a ``` fence: quoted, not produced. */
export function quoted(text: string, index: number): boolean {
  const open = Math.max(
    text.lastIndexOf('<pre', index),
    text.lastIndexOf('<code', index),
    text.lastIndexOf('<blockquote', index),
  );
  if (
    open >= 0 &&
    Math.max(text.lastIndexOf('</pre>', index), text.lastIndexOf('</code>', index), text.lastIndexOf('</blockquote>', index)) <
      open
  )
    return true;
  let fences = 0;
  for (let at = text.indexOf('```'); at >= 0 && at < index; at = text.indexOf('```', at + 3)) fences++;
  return fences % 2 === 1;
}

/** The strings of a JSON document joined by newlines (bounded), or null when it is not JSON. */
function jsonStrings(text: string): { strings: string; doc: unknown } | null {
  // The response's document, parsed once for discovery and every check (read-only).
  const doc = parseJsonShared(text);
  if (doc === undefined) return null;
  const parts: string[] = [];
  let budget = 2000;
  const walk = (v: unknown, depth: number): void => {
    if (budget <= 0 || depth > 12) return;
    if (typeof v === 'string') {
      budget--;
      parts.push(v);
    } else if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
    } else if (typeof v === 'object' && v !== null) {
      for (const k in v) walk((v as Record<string, unknown>)[k], depth + 1);
    }
  };
  walk(doc, 0);
  return { strings: parts.join('\n'), doc };
}

/** File name endings of stack frames, and the language they name. */
const FRAME_FILE: Array<[RegExp, string]> = [
  [/\.php$/i, 'php'],
  [/\.py$/i, 'python'],
  [/\.(?:java|kt|scala)$/i, 'java'],
  [/\.(?:js|ts|mjs|cjs)$/i, 'node'],
  [/\.rb$/i, 'ruby'],
  [/\.go$/i, 'go'],
  [/\.cs$/i, 'dotnet'],
];

function frameLanguage(file: string): string {
  for (const [re, lang] of FRAME_FILE) if (re.test(file)) return lang;
  return 'structured';
}

/**
 * A stack trace as JSON structure: a trace key holding frame objects (`file`/`fileName` with a line
 * number, or `className` with `methodName`), the shape Laravel, Symfony, Jackson and others use.
 */
function structuredTrace(doc: unknown): string | null {
  let found: string | null = null;
  let budget = 500;
  const isFrame = (f: unknown): string | null => {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return null;
    const o = f as Record<string, unknown>;
    const file = o.file ?? o.fileName ?? o.filename ?? o.File;
    const line = o.line ?? o.lineNumber ?? o.line_number ?? o.lineno ?? o.Line;
    if (typeof file === 'string' && typeof line === 'number') return frameLanguage(file);
    if (typeof o.className === 'string' && typeof o.methodName === 'string') return 'java';
    return null;
  };
  const walk = (v: unknown, depth: number): void => {
    if (found !== null || budget-- <= 0 || depth > 10 || typeof v !== 'object' || v === null) return;
    if (Array.isArray(v)) {
      for (const item of v.slice(0, 50)) walk(item, depth + 1);
      return;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (TRACE_KEYS.has(k.toLowerCase().replace(/[_-]/g, '')) && Array.isArray(child) && child.length > 0) {
        const lang = isFrame(child[0]);
        if (lang !== null) {
          found = lang;
          return;
        }
      }
      walk(child, depth + 1);
    }
  };
  walk(doc, 0);
  return found;
}

/** The patterns whose literals were found in the body (its raw text: the literals survive JSON escaping). */
function matchPatterns(
  scanned: string,
  found: ReadonlySet<string>,
  documentStatus: boolean,
  ids: Set<string>,
  out: Exposure[],
): void {
  for (const p of EXPOSURE_PATTERNS) {
    if (ids.has(p.id) || !anyFound(found, p.needs)) continue;
    const m = p.re.exec(scanned);
    if (m === null || (p.quotable && documentStatus && quoted(scanned, m.index))) continue;
    ids.add(p.id);
    out.push({ id: p.id, excerpt: excerpt(scanned, m.index, m[0].length) });
  }
}

const JSON_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '/': '/', '\\': '\\' };

/** `\n`, `\t`, `\"`, `\/` and `\\` as the characters they stand for. */
function unescapeJsonText(text: string): string {
  return text.replace(/\\([ntr"\/\\])/g, (_, c: string) => JSON_ESCAPES[c]);
}

/**
 * Exposures in a response body (decoded text). `json`: the body is JSON (read as its strings and
 * structure); `documentStatus`: the response is successful, so quoted traces are documentation;
 * `found`: which of EXPOSURE_LITERALS the body holds, when the caller has looked already.
 */
export function bodyExposures(
  text: string,
  json = false,
  documentStatus = false,
  found: ReadonlySet<string> | null = NEEDED.find(text),
): Exposure[] {
  const out: Exposure[] = [];
  // Frame arrays are error bodies' (Laravel, Symfony, Jackson): looked for in error responses only.
  const traceKey = json && !documentStatus && TRACE_KEY_NEEDS.find(text) !== null;
  if (found === null && !traceKey) return out;
  let scanned = text;
  let doc: unknown;
  if (json) {
    const parsed = jsonStrings(text);
    if (parsed !== null) {
      scanned = parsed.strings;
      doc = parsed.doc;
    }
  }
  const ids = new Set<string>();
  if (found !== null) {
    matchPatterns(scanned, found, documentStatus, ids, out);
    // JSON or a script's strings inside an HTML or text body (a framework's error data in a <script>,
    // JSON served as text/html): read once more with the escapes undone.
    if (!json && text.includes('\\n')) matchPatterns(unescapeJsonText(text), found, documentStatus, ids, out);
  }
  if (traceKey && doc !== undefined) {
    const lang = structuredTrace(doc);
    if (lang !== null && !ids.has(`stack_trace:${lang}`))
      out.push({ id: `stack_trace:${lang}`, excerpt: 'frames (file and line) in a JSON trace field' });
  }
  return out;
}

/** Internal (RFC 1918) addresses in response headers or a response body the client should not see. */
export function internalAddress(text: string): Exposure | null {
  const m = INTERNAL_IP.exec(text);
  return m === null ? null : { id: 'internal_ip', excerpt: excerpt(text, m.index, m[0].length) };
}
