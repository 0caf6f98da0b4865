import { GRPC_REFUSED, grpcStatusOf } from '../../grpc/messages';
import { mediaTypeEssence } from '../../http/request';
import { headerValue } from '../../http/headers';
import type { HttpResponse } from '../../http/types';
import type { AttackClass, AttackHit, AttackVerdict } from '../../records/types';

/**
 * What the response says about the attack: `succeeded` when it carries the attack's result
 * (file contents, command output, errors of the database / LDAP / MongoDB / template engine the
 * payload was aimed at, the payload reflected unescaped, cloud metadata, an evaluated template
 * expression, an injected header or redirect), `blocked` when the
 * server or a filter in front of it refused (403/406/429, or an error page that says so),
 * otherwise `attempt`. `bodyText` gives the decoded response body text (may be ''); it is called only
 * when a decision needs the body, so most verdicts never decode it.
 */
const BLOCK_STATUS = new Set([403, 406, 429]);
const BLOCK_PAGE =
  /request (?:was )?(?:blocked|rejected|denied)|access denied|web application firewall|\bwaf\b|mod_?security|not acceptable|the requested url was rejected|cloudflare ray id|attention required|incapsula incident|support id(?: is)?:|blocked by|security polic(?:y|ies)/i;

const PASSWD = /\broot:[^:\n]*:0:0:/;
const WIN_INI = /\[fonts\][\s\S]{0,200}\[extensions\]|; for 16-bit app support|\[boot loader\]/i;
const SQL_ERRORS = new RegExp(
  [
    'you have an error in your sql syntax',
    'warning: mysql',
    'mysql_fetch_',
    'mysqli?_(?:query|num_rows)\\(',
    '\\bORA-\\d{5}\\b',
    'postgresql query failed',
    'pg_query\\(\\)',
    'unterminated quoted string',
    'syntax error at or near',
    'SQLSTATE\\[',
    'microsoft ole db provider for (?:sql server|odbc)',
    'unclosed quotation mark after the character string',
    'SQLite3?::',
    'sqlite_error',
    'SQLITE_ERROR',
    'quoted string not properly terminated',
    '\\[Microsoft\\]\\[ODBC',
    'Incorrect syntax near',
    'com\\.mysql\\.jdbc',
    'org\\.postgresql\\.util\\.PSQLException',
    'java\\.sql\\.SQLException',
    'Syntax error in string in query expression',
    'DB2 SQL error',
    'Dynamic SQL Error',
    'valid MySQL result',
  ].join('|'),
  'i',
);
/** Errors of the back end the payload was aimed at: it reached the query language. */
const LDAP_ERRORS =
  /javax\.naming\.(?:directory\.)?InvalidSearchFilterException|Bad search filter|LDAPException|ldap_search\(\)|Protocol error occurred|com\.sun\.jndi\.ldap/i;
const NOSQL_ERRORS =
  /MongoError|MongoServerError|\$where[^\n]{0,80}(?:SyntaxError|ReferenceError)|unknown operator: \$|BSONTypeError|CastError: Cast to/;
const TEMPLATE_ERRORS =
  /jinja2\.exceptions|freemarker\.core\.|org\.apache\.velocity|Twig\\Error|Liquid::SyntaxError|mako\.exceptions|TemplateSyntaxError/;
const COMMAND_OUTPUT = /\buid=\d+\([\w.-]+\)\s+gid=\d+|Windows IP Configuration|Volume Serial Number is|Directory of [A-Z]:\\/;
const CLOUD_METADATA =
  /\bami-id\b|\binstance-id\b|iam\/security-credentials|"AccessKeyId"\s*:|"SecretAccessKey"|computeMetadata\/v1|"compute"\s*:\s*\{[^}]{0,2000}"azEnvironment"|\bmetadata-flavor\b/i;

/** Classes whose success the response body alone shows (the hit's value plays no part). */
const BODY_ONLY = new Set<AttackClass>([
  'ptrav',
  'xxe',
  'rce',
  'ssi',
  'sqli',
  'ssrf',
  'ldapi',
  'nosqli',
  'xml_injection',
  'latex_injection',
]);

export function verdictOf(hits: AttackHit[], response: HttpResponse | null, bodyText: () => string): AttackVerdict {
  if (response === null) return 'attempt';
  let text: string | null = null;
  const body = (): string => (text ??= bodyText());
  const tested = new Set<AttackClass>();
  for (const h of hits) {
    // Several hits of a class judged by the body alone would search it again for the same patterns.
    if (BODY_ONLY.has(h.class)) {
      if (tested.has(h.class)) continue;
      tested.add(h.class);
    }
    if (succeeded(h, response, body)) return 'succeeded';
  }
  if (BLOCK_STATUS.has(response.status)) return 'blocked';
  // gRPC answers 200 and says refused in grpc-status (a gateway or interceptor in front).
  const grpcStatus = grpcStatusOf(response);
  if (grpcStatus !== null && GRPC_REFUSED.has(grpcStatus)) return 'blocked';
  if (response.status >= 400 && BLOCK_PAGE.test(body().slice(0, 64 * 1024))) return 'blocked';
  return 'attempt';
}

function succeeded(hit: AttackHit, response: HttpResponse, body: () => string): boolean {
  switch (hit.class) {
    case 'ptrav':
    case 'xxe':
      return PASSWD.test(body()) || WIN_INI.test(body());
    case 'rce':
    case 'ssi':
      return COMMAND_OUTPUT.test(body()) || PASSWD.test(body());
    // A stylesheet's document() or TeX's \input reads files; \write18 runs commands.
    case 'xml_injection':
    case 'latex_injection':
      return PASSWD.test(body()) || WIN_INI.test(body()) || COMMAND_OUTPUT.test(body());
    case 'sqli':
      return SQL_ERRORS.test(body());
    case 'xss':
      return isHtml(response) && hit.value.length >= 6 && /[<"'`]/.test(hit.value) && body().includes(hit.value);
    case 'ssrf':
      return CLOUD_METADATA.test(body());
    case 'ssti':
      return evaluatedTemplate(hit.value, body) || TEMPLATE_ERRORS.test(body());
    case 'ldapi':
      return LDAP_ERRORS.test(body());
    case 'nosqli':
      return NOSQL_ERRORS.test(body());
    case 'crlf':
      return injectedHeader(hit.value, response);
    case 'redir':
      return response.status >= 300 && response.status < 400 && redirectsTo(hit.value, response);
    default:
      return false;
  }
}

function isHtml(response: HttpResponse): boolean {
  return mediaTypeEssence(headerValue(response.headers, 'content-type')).includes('html');
}

/** `{{7*7}}` succeeded when the page shows 49 and not the expression itself. */
function evaluatedTemplate(payload: string, bodyText: () => string): boolean {
  const m = /(?:\{\{|[$#*]\{|<%=?)\s*(\d{1,6})\s*([-+*])\s*(\d{1,6})\s*(?:\}\}|\}|%>)/.exec(payload);
  if (!m) return false;
  const body = bodyText();
  const a = Number(m[1]);
  const b = Number(m[3]);
  const result = String(m[2] === '*' ? a * b : m[2] === '+' ? a + b : a - b);
  return new RegExp(`(?:^|\\D)${result}(?:\\D|$)`).test(body) && !body.includes(m[0]);
}

/** The header line the payload injected is in the response headers. */
function injectedHeader(payload: string, response: HttpResponse): boolean {
  const m = /(?:\r\n?|\n|\u560d|\u560a)[ \t]*([A-Za-z][A-Za-z0-9-]*)[ \t]*:[ \t]*([^\r\n\u560d\u560a]{1,200})/.exec(payload);
  if (!m) return false;
  const name = m[1].toLowerCase();
  const value = m[2].trim();
  return response.headers.some(([n, v]) => n.toLowerCase() === name && v.includes(value));
}

function redirectsTo(payload: string, response: HttpResponse): boolean {
  const location = headerValue(response.headers, 'location');
  return location !== null && location.trim() === payload.trim();
}
