/**
 * Directory listings, recognised by the markup each server generates (docs/vulnerabilities.md):
 * Apache mod_autoindex, nginx autoindex, lighttpd mod_dirlisting, IIS directory browsing, Python's
 * http.server, Tomcat's and Jetty's default servlets, Node's serve-index and http-server, Go's
 * http.FileServer and Caddy's file browser. HTML bodies only.
 */

export interface Listing {
  /** The server whose listing it is (apache, nginx, lighttpd, iis, python, tomcat, jetty, node, go, caddy, generic). */
  server: string;
  excerpt: string;
}

interface ListingPattern {
  needs: string;
  re: RegExp;
  server: (text: string) => string;
}

/** The server behind an "Index of /" page, from the markup around the title. */
function indexOfServer(text: string): string {
  if (text.includes('Parent Directory') || text.includes('?C=N;O=D') || text.includes('<address>Apache')) return 'apache';
  if (text.includes('<div class="list">') || text.includes('lighttpd')) return 'lighttpd';
  if (text.includes('http-server')) return 'node';
  if (text.includes('<a href="../">../</a>')) return 'nginx';
  return 'generic';
}

const LISTING_PATTERNS: readonly ListingPattern[] = [
  {
    needs: 'Index of /',
    re: /<title>Index of \/[^<\n]{0,300}<\/title>|<h1>Index of \/[^<\n]{0,300}<\/h1>/i,
    server: indexOfServer,
  },
  { needs: '&lt;dir&gt;', re: /&lt;dir&gt; <A HREF="[^"\n]{1,300}">/i, server: () => 'iis' },
  { needs: 'To Parent Directory', re: /<A HREF="[^"\n]{1,300}">\[To Parent Directory\]<\/A>/i, server: () => 'iis' },
  { needs: 'Directory listing for /', re: /<title>Directory listing for \/[^<\n]{0,300}<\/title>/, server: () => 'python' },
  { needs: 'Directory Listing For [', re: /<title>Directory Listing For \[[^<\n]{0,300}\]<\/title>/, server: () => 'tomcat' },
  { needs: 'Directory: /', re: /<title>Directory: \/[^<\n]{0,300}<\/title>/i, server: () => 'jetty' },
  { needs: '>listing directory /', re: /<title>listing directory \/[^<\n]{0,300}<\/title>/, server: () => 'node' },
  { needs: '</b> director', re: /<span class="meta-item"><b>\d{1,9}<\/b> director(?:y|ies)<\/span>/, server: () => 'caddy' },
];

/** Go's http.FileServer: a bare <pre> of links, at the very start of the body. */
const GO_LISTING =
  /^(?:<!doctype html>\n<meta name="viewport" content="width=device-width">\n)?<pre>\n<a href="[^"\n]{1,300}">[^<\n]{1,300}<\/a>\n/;

/** nginx `autoindex_format json` and `xml`. */
const NGINX_JSON =
  /^\[\s{0,8}\{\s{0,8}"name"\s{0,4}:\s{0,4}"[^"\n]{0,300}"\s{0,4},\s{0,4}"type"\s{0,4}:\s{0,4}"(?:file|directory|other)"\s{0,4},\s{0,4}"mtime"/;
const NGINX_XML = /^<\?xml[^>\n]{0,100}\?>\s{0,8}<list>\s{0,8}<(?:directory|file)\b[^>\n]{0,200}\bmtime="/;

/** A machine-readable listing (nginx autoindex as JSON or XML). */
export function dataListing(text: string): Listing | null {
  if (text.startsWith('[') && NGINX_JSON.test(text)) return { server: 'nginx', excerpt: text.slice(0, 120) };
  if (text.startsWith('<?xml') && NGINX_XML.test(text))
    return { server: 'nginx', excerpt: text.slice(0, 120).replace(/\s+/g, ' ') };
  return null;
}

export function directoryListing(html: string): Listing | null {
  if ((html.startsWith('<pre>\n') || html.startsWith('<!doctype html>\n<meta name="viewport"')) && GO_LISTING.test(html)) {
    return { server: 'go', excerpt: html.slice(0, 120).replace(/\s+/g, ' ') };
  }
  for (const p of LISTING_PATTERNS) {
    if (!html.includes(p.needs)) continue;
    const m = p.re.exec(html);
    if (m !== null) return { server: p.server(html), excerpt: m[0].slice(0, 160) };
  }
  return null;
}
