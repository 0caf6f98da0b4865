/**
 * Information exposure in responses: stack traces, SQL errors, framework debug pages, source code
 * and internal addresses. Each pattern has an id (the record's detail) and is specific enough to
 * need no context: these strings do not appear in ordinary pages. Every repetition is bounded, so
 * a pattern costs linear time on the (capped) body whatever it holds.
 */

interface ExposurePattern {
  id: string;
  re: RegExp;
}

const PATTERNS: ExposurePattern[] = [
  { id: 'stack_trace:java', re: /\n[ \t]{1,20}at [\w$.]{1,200}\([\w$]{1,100}\.java:\d{1,6}\)/ },
  { id: 'stack_trace:python', re: /Traceback \(most recent call last\):\s+File "/ },
  { id: 'stack_trace:php', re: /(?:Fatal error|Warning|Parse error|Notice)<\/b>?:? .{1,300}? in <b>?\/[^<\n]{1,200}(?:<\/b>)? on line <b>?\d+/ },
  { id: 'stack_trace:php', re: /PHP (?:Fatal error|Warning|Parse error):\s.{1,300}? in \/\S+ on line \d+/ },
  { id: 'stack_trace:dotnet', re: /Server Error in '\/[^'\n]{0,200}' Application|\n[ \t]{1,20}at [\w.`<>]{1,200}\([^)\n]{0,200}\) in [^\n]{1,300}?:line \d{1,6}/ },
  { id: 'stack_trace:node', re: /\n[ \t]{1,20}at (?:[\w.<>]{1,200} )?\(?\/[^\s()]{1,300}\.(?:js|ts|mjs|cjs):\d{1,6}:\d{1,6}\)?/ },
  { id: 'stack_trace:ruby', re: /\/gems\/[\w.-]+\/lib\/\S+\.rb:\d+:in `/ },
  { id: 'stack_trace:go', re: /goroutine \d+ \[running\]:\s+\S/ },
  { id: 'sql_error:mysql', re: /You have an error in your SQL syntax|mysql_fetch_(?:array|assoc)\(\)|Warning: mysqli?_/ },
  { id: 'sql_error:postgresql', re: /(?:PG::SyntaxError|PSQLException|ERROR:\s+syntax error at or near|pg_query\(\): Query failed)/ },
  { id: 'sql_error:mssql', re: /(?:Unclosed quotation mark after the character string|Microsoft OLE DB Provider for SQL Server|SqlException \(0x)/ },
  { id: 'sql_error:oracle', re: /\bORA-\d{5}: / },
  { id: 'sql_error:sqlite', re: /(?:sqlite3\.OperationalError|SQLITE_ERROR|SQLite3::SQLException)/ },
  { id: 'sql_error:generic', re: /SQLSTATE\[\w+\]/ },
  { id: 'debug_page:django', re: /You're seeing this error because you have <code>DEBUG = True<\/code>/ },
  { id: 'debug_page:werkzeug', re: /Werkzeug Debugger|The debugger caught an exception in your WSGI application/ },
  { id: 'debug_page:laravel', re: /(?:Whoops! There was an error\.|Ignition|laravel\/framework\/src\/Illuminate)/ },
  { id: 'debug_page:rails', re: /Action Controller: Exception caught|<h1>Routing Error<\/h1>/ },
  { id: 'debug_page:symfony', re: /Symfony\\Component\\(?:Debug|ErrorHandler)\\/ },
  { id: 'debug_page:spring', re: /Whitelabel Error Page[\s\S]{0,500}There was an unexpected error/ },
  { id: 'debug_page:phpinfo', re: /<title>phpinfo\(\)<\/title>|PHP Version \d+\.\d+\.\d+<\/h1>/ },
  { id: 'source_code:php', re: /<\?php\s/ },
  { id: 'source_code:asp', re: /<%@\s*(?:Page|Language)\b/ },
  { id: 'private_key', re: /-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----/ },
];

const INTERNAL_IP = /(?<![\d.])(?:10\.(?:\d{1,3}\.){2}\d{1,3}|192\.168\.\d{1,3}\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])\.\d{1,3}\.\d{1,3})(?![\d.])/;

export interface Exposure {
  id: string;
  /** The matching text with some context, at most 200 characters. */
  excerpt: string;
}

function excerpt(text: string, index: number, length: number): string {
  const start = Math.max(0, index - 40);
  return text.slice(start, Math.min(text.length, index + Math.min(length, 120) + 40)).replace(/\s+/g, ' ').slice(0, 200);
}

/** Exposures in a response body (decoded text). */
export function bodyExposures(text: string): Exposure[] {
  const out: Exposure[] = [];
  const ids = new Set<string>();
  for (const p of PATTERNS) {
    if (ids.has(p.id)) continue;
    const m = p.re.exec(text);
    if (m !== null) {
      ids.add(p.id);
      out.push({ id: p.id, excerpt: excerpt(text, m.index, m[0].length) });
    }
  }
  return out;
}

/** Internal (RFC 1918) addresses in response headers or a response body the client should not see. */
export function internalAddress(text: string): Exposure | null {
  const m = INTERNAL_IP.exec(text);
  return m === null ? null : { id: 'internal_ip', excerpt: excerpt(text, m.index, m[0].length) };
}
