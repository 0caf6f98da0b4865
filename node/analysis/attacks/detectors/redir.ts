/**
 * Open redirect: a parameter that says "where to go next" holding evidence of abuse. An absolute
 * URL to another host is not one (login flows send `redirect_uri`, `service`, `next` to partner
 * sites all day); the tricks are: scheme-relative and backslash forms (`//evil`, `/\evil`),
 * `https:evil`, encoded CR/LF/tab inside the URL, `@`-confusion (`https://shop.example@evil.net`)
 * and the site's own name as the prefix of another host (`shop.example.evil.net`). Generic names
 * (`url`, `link`, `u`...) count only on an endpoint whose path says it redirects (`/redirect`,
 * `/login`, `/out`, `/sso`...). A 3xx response that does send the client to another host is
 * judged with the response (detector.ts, redirectedAway).
 */
const REDIRECT_NAMES =
  /^(?:redirect|redirect_?ur[il]|redir|redirect_?to|return|return_?to|return_?ur[il]|returnpath|next|next_?url|goto|go|dest|destination|continue|forward|forward_?url|rurl|out|target|to|checkout_?url|success_?url|cancel_?url|failure_?url|login_?url|logout_?url|callback_?url|jump|jump_?url|back|back_?url|origin_?url|service|relay_?state)$/;
const GENERIC_NAMES = /^(?:u|url|uri|link|href|view|page|path|callback|ref|r|q|image_?url)$/;
const REDIRECT_ENDPOINT =
  /redirect|redir|login|logout|log_?in|log_?out|sign_?in|sign_?out|sso|oauth|auth|callback|return|goto|\/go\b|jump|\/out\b|exit|away|click|track|link/i;

export function isRedirectName(key: string): boolean {
  return REDIRECT_NAMES.test(key);
}

/**
 * A parameter named for where the browser goes next (`redirect_uri`, `next`, `RelayState`...). Generic
 * names (`url`, `link`) are not enough here: fetchers take those too (`/markdown/link:metadata?link=`).
 */
export function isReturnTarget(name: string): boolean {
  return REDIRECT_NAMES.test(name.toLowerCase().replace(/-/g, '_'));
}

/**
 * Names built from the words of a redirect (`login_redirect`, `redirect_after_login`,
 * `continueUrl`, `return_path`, `successPage`, `destinationUrl`, `landing_page`, `goto_url`: the
 * words of a target, branch i18-small8; not `target_url`, a fetcher's): where the browser goes after a step. Read for the
 * tricks only (isOpenRedirect); isReturnTarget keeps the plain list, since a fetcher's
 * `target_url` or `from_uri` is no return target.
 */
const COMPOUND_REDIRECT_NAMES =
  /redir|^(?:continue|success|failure|fail|error|cancel|return|login|logout|signin|signout|next|back|after_?login|post_?login|post_?logout|dest|destination|landing|exit|forward|goto|go_?to)_?(?:url|uri|path|page|to)$/;

export function isOpenRedirect(value: string, name: string, ownHosts: string[], requestPath: string): boolean {
  const key = name.replace(/-/g, '_');
  const named = REDIRECT_NAMES.test(key) || COMPOUND_REDIRECT_NAMES.test(key);
  if (!named && !GENERIC_NAMES.test(key)) return false;
  if (!named && !REDIRECT_ENDPOINT.test(requestPath)) return false;
  return hasRedirectTrick(value, ownHosts) || nestedTrick(value, ownHosts);
}

function hasRedirectTrick(value: string, ownHosts: string[]): boolean {
  // Encoded CR/LF or tabs inside a URL: browsers drop them, filters do not (`/%09/evil`, `java%0ascript:`).
  if (/^[^\r\n\t]{0,40}[\r\n\t]/.test(value) && /[/\\:]/.test(value)) return true;
  const v = value.trim();
  // A script scheme: the redirect runs it in the site's origin (`javascript:alert(1)`, `data:text/html,...`);
  // browsers drop blanks and control characters in it first (`java\tscript:`).
  if (SCRIPT_SCHEME.test(v.slice(0, 64).replace(/[\x00-\x20]/g, ''))) return true;
  // Scheme-relative and backslash forms a browser resolves to another host: `//evil`, `/\evil`, `\\evil`,
  // `///evil`, and any run of slashes and backslashes (`//\/evil`), which browsers read as `//`.
  if (/^[/\\]{2,}[^/\\]/.test(v)) return true;
  // `https:evil.com` (no slashes), `https:/evil.com` (one: special schemes take it as two) and `https:/\evil`.
  if (/^https?:(?![/\\]{2})[^\s]/i.test(v) || /^https?:[/\\]{1,2}\\/i.test(v)) return true;
  // An absolute URL after one slash (`/https://evil`): path normalisers that squash or strip the
  // leading slash make it the target itself; no link of the site's own starts so.
  if (/^\/(?:https?:)?[/\\]{2}[^/\\]/i.test(v) || /^\/https?:\/?[^/\s]/i.test(v)) return true;
  // `@`-confusion: a host-looking user part (`https://shop.example@evil.net`), or one of our names as a prefix of another host.
  const m = /^(?:https?|ftp):\/\/([^/?#\s]*@)?([^/:?#\s\\]+)/i.exec(v);
  if (!m) return false;
  // Brackets or a backslash in the user part (`http://[::1]@evil`, `http://a\\b@evil`) are as much a host for a naive check.
  if (m[1] !== undefined && /[.%[\]\\]/.test(m[1])) return true;
  if (isDisguisedHost(m[2])) return true;
  const host = m[2].toLowerCase().replace(/\.$/, '');
  // Our name right after what ends the host (`https://evil.example?.shop.example`, `#.shop.example`,
  // `\.shop.example`, `%23shop.example`): a check that the target ends with our name passes, the
  // browser goes to the host before it.
  const after = v.slice(m[0].length).toLowerCase();
  if (/^(?:[?#\\]|%(?:23|3f|5c))/.test(after)) {
    const rest = after.replace(/^(?:[?#\\]|%(?:23|3f|5c))\.?/, '');
    if (
      ownHosts.some((own) => own.includes('.') && host !== own && rest.startsWith(own) && !/^[\w-]/.test(rest.slice(own.length)))
    )
      return true;
  }
  return ownHosts.some((own) => own.includes('.') && host !== own && host.startsWith(own + '.') && !host.endsWith('.' + own));
}

/**
 * A host written so that a check of its text sees another name than the browser goes to (branch
 * i18-small5): an ASCII character as a percent escape (`https://%65vil.example`, browsers decode
 * it), or characters IDNA maps to others (UTS #46): the ideographic and fullwidth full stops
 * (`https://evil。example`), compatibility forms that NFKC folds (`ｅｖｉｌ.example`). An
 * internationalised name (`bücher.example`) is written in characters NFKC keeps.
 */
function isDisguisedHost(host: string): boolean {
  if (/%[2-7][0-9a-f]/i.test(host)) return true;
  return /[^\x00-\x7f]/.test(host) && (/[\u3002\uff0e\uff61]/.test(host) || host.normalize('NFKC') !== host);
}

/**
 * A redirect target that is itself a link to a redirector (`/login?to=//evil`, `?next=/\evil`,
 * `/out?//evil`): the site's own pages relay the trick one hop later. An absolute URL nested
 * there is not one (`next=/oauth/authorize?redirect_uri=https://partner/cb` is a login flow).
 */
function nestedTrick(value: string, ownHosts: string[]): boolean {
  const q = value.indexOf('?');
  if (q < 0 || (value.charCodeAt(0) !== 0x2f && q !== 0) || value.startsWith('//')) return false;
  for (const pair of value.slice(q + 1, q + 2049).split('&')) {
    const eq = pair.indexOf('=');
    const inner = decodeLenient(eq < 0 ? pair : pair.slice(eq + 1));
    if (inner && hasRedirectTrick(inner, ownHosts)) return true;
  }
  return false;
}

/** Schemes whose URL runs script when a browser navigates to it (`data:` only with a markup type). */
const SCRIPT_SCHEME = /^(?:javascript|vbscript|livescript):|^data:(?:text\/html|application\/xhtml|image\/svg)/i;

/**
 * A header that tells an application the path prefix a proxy removed (`X-Forwarded-Prefix`, ASP.NET's
 * `X-Forwarded-PathBase`), holding a URL or a scheme-relative host instead of a path
 * (`X-Forwarded-Prefix: https://evil.example`, `//evil.example`): the application writes it in
 * front of its own redirects, which then leave the site (Traefik CVE-2020-15129). A path (`/app`) is what it carries.
 */
export const PREFIX_HEADERS: ReadonlySet<string> = new Set(['x-forwarded-prefix', 'x-forwarded-pathbase', 'x-forwarded-path']);
export function isPrefixElsewhere(value: string): boolean {
  return /^\s*(?:[a-z][a-z0-9+.-]{0,20}:[/\\]*[^/\\\s]|[/\\]{2,}[^/\\]|\/\\)/i.test(value.slice(0, 256));
}

/**
 * A run of slashes and backslashes at the start of a text, with the tabs and line breaks browsers
 * drop, then a host name of two labels or more and what ends it: read by isPathRedirect in the path
 * and by isMixedSlashRedirect in a value.
 */
const SLASH_RUN_THEN_HOST = /^([/\\\t\r\n]{2,65})([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+)\.?(?:[/\\?#:]|$)/i;
/** A backslash, a tab or a line break in a run of slashes: browsers read it as `/` or drop it. */
const ODD_IN_RUN = /[\\\t\r\n]/;

/**
 * A request path that a redirect echoing it would send to another host: a run of slashes and
 * backslashes (with tabs or line breaks, which browsers drop) at its start, then a host
 * (`//evil.example/%2e%2e`, `/\\evil.example`, `/%5cevil.example`, `/%2f%2fevil.example`,
 * `/%09/evil.example`). Servers that add a trailing slash or normalise a path answer with
 * `Location: //evil.example/...`, which the browser reads as scheme-relative. A run of slashes
 * alone is also what a sloppy join of a base URL and a path sends (`//api/v1/users`,
 * `//robots.txt`): then only a name ending in a top-level label that is no file extension counts.
 */
const FILE_EXTENSION =
  /\.(?:txt|html?|php\d?|aspx?|jsp|js|mjs|css|json|xml|map|ico|png|jpe?g|gif|svg|webp|woff2?|ttf|pdf|zip|gz|env|bak|old|cgi|pl|py|rb|do|action|md|yml|yaml|ini|conf|log|sql|git)$/i;
export function isPathRedirect(path: string): boolean {
  const m = SLASH_RUN_THEN_HOST.exec(path.slice(0, 400));
  if (m === null) return false;
  if (ODD_IN_RUN.test(m[1])) return true;
  return /\.[a-z]{2,63}$/i.test(m[2]) && !FILE_EXTENSION.test(m[2]);
}

/** The longest value read as one URL by isMixedSlashRedirect (a longer one is a document). */
export const MAX_REDIRECT_VALUE = 2048;

/**
 * A value that opens with a run of slashes mixed with a backslash, a tab or a line break, or of
 * three slashes or more, then a host (`/\\evil.example`, `/\\/evil.example`, `/%09/evil.example`
 * decoded, `\t//evil.example`, `///evil.example`, `/%2f%2fevil.example` decoded): browsers drop the
 * tabs and breaks and read every such run as `//`, so the value is a link to another host whose
 * odd spelling only serves to pass a check for `//`. Read in any parameter, whatever its name
 * (isOpenRedirect reads more forms in fields named for a redirect): no field holds one for another
 * reason. A path opens with one slash, a scheme-relative link with two slashes alone
 * (`//cdn.example/lib.js`), a Windows share with backslashes alone (`\\\\fs.example\\share`), a
 * JSON encoder writes `\\/` pairs (`\\/\\/cdn.example`), a regular expression has no host right
 * after its escape (`/\\d+/`), a triple-slash directive a blank. The whole value is one URL (no
 * blank after the host): a line of text that opens with `//` is a comment.
 */
export function isMixedSlashRedirect(value: string): boolean {
  const v = value.trimEnd();
  const m = SLASH_RUN_THEN_HOST.exec(v);
  if (m === null || v.length > MAX_REDIRECT_VALUE || /\s/.test(v.slice(m[0].length))) return false;
  const run = m[1];
  if (!run.includes('/') || /^(?:\\\/)+$/.test(run)) return false;
  return ODD_IN_RUN.test(run) || run.length >= 3;
}

function decodeLenient(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
