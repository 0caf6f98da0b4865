/**
 * A server-side script written onto the server by HTTP itself: a `PUT` of a page the server would
 * run (`PUT /shell.jsp/`, Tomcat CVE-2017-12617; `PUT /x.php`), or a WebDAV `MOVE`/`COPY` whose
 * `Destination` is one (`MOVE /fileserver/a.txt` with `Destination: file:///opt/app/webapps/api/s.jsp`,
 * ActiveMQ CVE-2016-3088; IIS's `a.txt` -> `a.asp;.jpg`). Once written, a `GET` of that URL runs
 * whatever the body was: a web shell. The name is read the way servers read it: percent-decoded,
 * then with the endings Windows and Java strip or ignore (a trailing `/`, `.`, space, `::$DATA`,
 * `%00` and what follows it) and IIS's `;` cut (`a.asp;.jpg` runs as `a.asp`).
 * Uploads to file stores (`PUT /files/report.pdf`, WebDAV clients saving `notes.txt`) are not
 * scripts and stay quiet. A `PUT` of a script's source to a code store (`/api/snippets/x.php`) is
 * reported too: the path alone cannot tell it apart, and the extension is what a server's handler
 * mapping runs by.
 */

/** Extensions that web servers hand to an interpreter rather than serve (PHP, JSP, ASP/.NET, CGI, SSI, ColdFusion). */
const SCRIPT_EXTENSION =
  /\.(?:php\d?|pht|phtml|phar|jspx?|jspf|jsw|jsv|asp|aspx|asa|cer|cdx|ashx|asmx|axd|cshtml|vbhtml|shtml?|stm|cfml?|cgi|pl)$/i;

const WRITE_METHODS = new Set(['PUT', 'MOVE', 'COPY']);
/** What Windows and Tomcat's default servlet drop from the end of a file name. */
const TRAILING_DROPPED = '/\\. \t';

/** The file name a server would run for this raw path, or null when it has none (a folder). */
function servedName(rawPath: string): string {
  let p = rawPath;
  const q = p.search(/[?#]/);
  if (q >= 0) p = p.slice(0, q);
  if (p.includes('%')) {
    // Two layers at most (`%252e`): a proxy decodes one, the server the other.
    for (let i = 0; i < 2 && /%[0-9a-f]{2}/i.test(p); i++)
      p = p.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  // `%00` and what follows (C string ends), IIS's `;` path parameter, NTFS's `::$DATA` stream,
  // then the trailing slashes, dots and blanks that Windows and Tomcat's default servlet drop.
  const nul = p.indexOf('\0');
  if (nul >= 0) p = p.slice(0, nul);
  if (/::\$data$/i.test(p)) p = p.slice(0, -7);
  // A loop rather than `/[/\\. \t]+$/`, which rescans a long run of those characters from each start.
  let end = p.length;
  while (end > 0 && TRAILING_DROPPED.includes(p[end - 1])) end--;
  p = p.slice(0, end);
  const segments = p.split(/[/\\]/);
  const last = segments[segments.length - 1] ?? '';
  const semi = last.indexOf(';');
  return semi > 0 ? last.slice(0, semi) : last;
}

/** The path of a `Destination` header (absolute URL, `file:` URL or a bare path). */
function destinationPath(destination: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(destination.trim());
  return m ? (m[1] ?? '/') : destination.trim();
}

/**
 * `method` as sent, `rawPath` the request path undecoded, `destination` the WebDAV `Destination`
 * header (null when absent). Returns where the script is named: 'path', 'destination' or null.
 */
export function scriptWritten(method: string, rawPath: string, destination: string | null): 'path' | 'destination' | null {
  const m = method.toUpperCase();
  if (!WRITE_METHODS.has(m)) return null;
  if (m === 'PUT' && SCRIPT_EXTENSION.test(servedName(rawPath))) return 'path';
  if (m !== 'PUT' && destination !== null) {
    if (/^\s*file:/i.test(destination)) return 'destination';
    if (SCRIPT_EXTENSION.test(servedName(destinationPath(destination)))) return 'destination';
  }
  return null;
}

/**
 * A partial `PUT` (`Content-Range` on a request, which RFC 9110 section 14.5 leaves to the server)
 * of a session file: Tomcat's default servlet writes a partial `PUT` to a temporary file named
 * after the path, in the folder its file-based session store reads, so `PUT /x.session` with
 * `Content-Range` then `Cookie: JSESSIONID=.x` deserializes the body (CVE-2025-24813). Reported
 * when the served name ends in `.session`, or when the body of any partial `PUT` is a serialized
 * object (`serializedBody`, the caller's test of the body's head).
 */
export function partialSessionPut(
  method: string,
  rawPath: string,
  contentRange: string | null,
  serializedBody: () => boolean,
): boolean {
  if (method.toUpperCase() !== 'PUT' || contentRange === null) return false;
  return /\.session$/i.test(servedName(rawPath)) || serializedBody();
}
