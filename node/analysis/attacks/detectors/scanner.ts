/**
 * Security scanners and attack tools, by their own evidence only: the User-Agent they send by
 * default, out-of-band interaction domains (Burp Collaborator, interactsh...) anywhere in the
 * request, and requests for secrets files that no browser or application ever asks for
 * (`/.git/config`, `/.env`), backup copies of server-side files (`index.jsp.bak`) and the
 * administration consoles of application servers (`/CFIDE/administrator/`, `/jmx-console/`). Common admin paths (`/wp-login.php`, `/phpmyadmin/`) count only
 * together with a tool User-Agent, since real users open them too.
 */
import { memoized } from '../../../memo';
import type { RequestContext } from './request-context';

const TOOL_AGENTS = new RegExp(
  '\\.nasl\\b|\\bopenvas|\\b(?:sqlmap|nikto|nuclei|masscan|zgrab|dirbuster|gobuster|wpscan|acunetix|nessus|netsparker|' +
    'invicti|appscan|w3af|arachni|skipfish|wfuzz|ffuf|fuzz faster u fool|feroxbuster|dirb|nmap scripting engine|' +
    'nmap|zap|owasp zap|burp|havij|commix|jaeles|xsstrike|dalfox|whatweb|wapiti|vega|paros|webinspect|qualys|' +
    'hydra|medusa|joomscan|droopescan|cmsmap|j2ee scanner|morfeus|zmeu|censysinspect|httpx - open-source|' +
    'ghauri|tplmap|xsser|sqlninja|bbqsql|jorgee|grabber|gospider|katana|interactsh|l9explore|l9tcpid|' +
    'dirsearch|wafw00f|burpsuite|expanse, a palo alto networks company|netsystemsresearch|webfuzz|fimap|' +
    'sqlsus|pangolin|webshag|uniscan|golismero|nmap nse|masscan-ng)\\b',
  'i',
);
const OAST_DOMAINS =
  /(?:^|[^a-z0-9-])(?:burpcollaborator\.net|oastify\.com|oast\.(?:me|fun|pro|live|site|online)|interact\.sh|interactsh\.com|dnslog\.cn|ceye\.io|requestbin\.net|canarytokens\.com|xss\.ht|bxss\.me|dnslog\.link)\b/i;
const SECRET_PROBES =
  /^\/(?:[^?#]*\/)?(?:\.git(?:\/(?:config|head|index|logs\/)|\/?$)|(?:backup|dump|db|database|site|www)\.(?:sql|sql\.gz|tar\.gz|tgz|zip)$|\.env(?:\.\w+)?$|\.svn\/(?:entries|wc\.db)|\.hg\/|\.aws\/credentials|\.ssh\/|\.htpasswd$|\.bash_history$|\.npmrc$|\.docker\/config\.json|wp-config\.php(?:\.bak|~|\.old|\.save)$|\.vscode\/sftp\.json)/i;
/**
 * Backup and editor copies of server-side files (`index.jsp.bak`, `config.php~`, `web.config.old`,
 * `.index.php.swp`): the source or secrets of the page, which no link points to.
 */
/**
 * Any file name with an extension, then a backup or editor suffix (`app.css.tmp`, `notes.txt.Bak`,
 * `settings.json.dist`): whatever was copied aside is no longer what the server means to serve, and
 * no page links to the copy. The suffixes are the ones tools and people write (`~` of Emacs and
 * Vim, `.swp` of Vim, `.orig` of patch and merge tools, `.dist` of shipped defaults).
 */
const ANY_BACKUP_COPY = /\/[^/?#]*[^/?#.]\.[a-z0-9]{1,6}(?:\.(?:bak|bk|bkp|old|orig|save|swp|swo|tmp|temp|copy|dist|backup)|~)$/i;
const BACKUP_PROBES =
  /\.(?:php\d?|phtml|jsp|jspx|asp|aspx|ascx|cfm|cgi|pl|py|rb|do|action|config|conf|cnf|ini|inc|xml|ya?ml|json|sql|sqlite|db|properties|env|htaccess|htpasswd|sh|war|js|ts|java|cs|go|log)(?:\.(?:bak|bk|bkp|old|orig|original|save|sav|saved|swp|swo|tmp|temp|backup|copy|dist|prev|previous|1|2|~)|~|\.\d{6,8}|_(?:bak|old|backup))$|\/\.[^/]+\.sw[op]$|\/#[^/]+#$|\.(?:bak|bkp|old|orig|swp|save)$/i;
/** Administration consoles of application servers: never linked for the public, each a known foothold. */
const CONSOLE_PROBES =
  /^\/(?:[^?#]*[/.])?(?:cfide\/(?:administrator|adminapi|componentutils|wizards|scripts\/ajax)|jmx-console|web-console|admin-console|invoker\/(?:jmxinvokerservlet|ejbinvokerservlet|readonly)|host-manager\/html|manager\/(?:html|text|status|jmxproxy)|axis2(?:-admin|\/axis2-admin)|solr\/admin\/|actuator\/(?:env|heapdump|jolokia|gateway|mappings|configprops|threaddump|logfile|trace|httptrace|shutdown|restart|refresh|loggers|beans|caches|sessions|auditevents|conditions|scheduledtasks|integrationgraph|flyway|liquibase)|jolokia\/|_ignition\/(?:execute-solution|health-check|scripts\/|styles\/|share-report)|vendor\/phpunit\/|wls-wsat\/|_async\/asyncresponseservice|console\/css\/|nifi-api\/|hnap1\/?$|_profiler\/phpinfo|server-status$|server-info$|elmah\.axd|trace\.axd|phpinfo\.php)/i;
const ADMIN_PROBES =
  /^\/(?:wp-login\.php|wp-admin\/|xmlrpc\.php|phpmyadmin\/|pma\/|admin\.php|administrator\/|manager\/html|cgi-bin\/|server-status|actuator\/|solr\/admin|jmx-console|console\/|phpinfo\.php|\.well-known\/security\.txt)/i;

/**
 * Files in hidden directories (a path segment starting with `.`, then a file name with an
 * extension): web servers refuse to serve them and no page links into them, so asking is looking
 * for what was left behind — a VCS checkout (`/.svn/wc.db`), an editor's or a coding assistant's
 * settings (`/.idea/workspace.xml`, `/.vscode/sftp.json`, `/.claude/settings.json`), and
 * `/.DS_Store`. A lone `/.name` or `/x/.name/view` may be a route or a slug and is not read. The
 * few served on purpose are not probes: `/.well-known/` (RFC 8615), the platform routes
 * `/.netlify/` and `/.auth/`, and `/.` or `/..` themselves (traversal is ptrav's).
 */
const HIDDEN_SEGMENT =
  /\/\.(?!well-known\/|netlify\/|auth\/|within\.website\/|\.?\/)[a-z0-9_][^/]*\/(?:[^/?#]+\/){0,8}[^/?#]+\.[a-z0-9]{1,8}(?:[?#]|$)|\/\.ds_store(?:[?#]|$)/i;
/**
 * Copies a person or a tool makes of a server-side file that the shapes above do not write: a
 * numbered backup (`cart.jsp.bak2`, `login.php.old1`), an archive of the one script
 * (`index.jsp.zip`, `config.php.tar.gz`: whoever packed a page to carry it away left it where it is
 * served), a copy named as a file manager names it (`Copy of x.jsp`, `copy_of_x.jsp`,
 * `x - Copy.jsp`, `x (2).jsp`). Only for scripts and server configuration (an archive of
 * `tool.tar.gz` or a `report (2).pdf` is a download, not a copy set aside). A path without an
 * extension plus `~` is a copy only of a known endpoint (profile/backup-probe.ts).
 */
const SERVER_SCRIPT =
  'php\\d?|phtml|jspx?|aspx?|ascx|asmx|ashx|cfml?|cgi|pl|py|rb|do|action|config|conf|inc|xml|properties|ini|sql';
const COPY_OF_SCRIPT = new RegExp(
  `\\.(?:${SERVER_SCRIPT})\\.(?:(?:bak|bkp|old|orig|save|swp|tmp|copy|backup)\\d{1,3}|zip|rar|7z|gz|tgz|tar(?:\\.gz|\\.bz2|\\.xz)?|bz2)$` +
    `|\\/(?:copy(?: |%20|_|-)(?:\\(\\d+\\) ?|%28\\d+%29)?of(?: |%20|_|-))[^/?#]+\\.(?:${SERVER_SCRIPT})$` +
    `|(?: |%20)(?:-|%2d)(?: |%20)copy(?:(?: |%20)(?:\\(\\d+\\)|%28\\d+%29))?\\.(?:${SERVER_SCRIPT})$` +
    `|(?:\\(|%28)(?:\\d+|copy)(?:\\)|%29)\\.(?:${SERVER_SCRIPT})$`,
  'i',
);
/**
 * Tools' dotfiles (`/.gitignore`, `/.aiignore`, `/.npmrc`, `/.bash_history`, `/.htaccess`,
 * `/.gitlab-ci.yml`, `/.eslintrc.json`): the configuration, ignore lists and histories of
 * programs, named by the Unix convention of a leading dot and the tool's suffix (`ignore`, `rc`,
 * `_history`, `attributes`, `config`) or a configuration format. Web servers refuse to serve them;
 * no page links to them. A dot segment of another shape (`/.well-known` is a folder, `/.NET-tips` a
 * slug) is not read.
 */
const TOOL_DOTFILE =
  /\/\.[a-z0-9_-]*(?:ignore|rc|_history|history|attributes|modules|config|profile|htaccess|htpasswd|mailmap|keep)(?:\.(?:json|ya?ml|js|cjs|toml|ini|local|dist|bak|old))?$|\/\.[a-z0-9_-]+\.(?:ya?ml|toml|ini|cfg|conf|dist)$/i;
/**
 * A configuration file without an extension inside a hidden folder (`/.n8n/config`,
 * `/.aws/credentials`, `/.docker/settings`): HIDDEN_SEGMENT reads files with an extension; these
 * few names are what such folders keep.
 */
const HIDDEN_FOLDER_CONFIG =
  /\/\.(?!well-known\/|netlify\/|auth\/)[a-z0-9_][^/]*\/(?:[^/?#]+\/){0,4}(?:config|credentials|settings|secrets?|tokens?|auth|known_hosts|authorized_keys|history)$/i;
/** Files a site leaves behind: archives and dumps of itself, and its log files (`/backup.sql.zip`, `/wp-content/debug.log`). */
const LEFT_BEHIND =
  /\/(?:backup|backups|dump|db|database|site|www|wwwroot|htdocs|web)(?:\.(?:sql|tar|gz|tgz|zip|rar|7z|bz2|bak|dump)){1,3}$|\/[\w-]*(?:debug|error|errors|access|install|laravel|php_errors|npm-debug|yarn-error)\.log$/i;
/** Debugging and monitoring endpoints of runtimes and frameworks that expose memory, configuration or a shell. */
const DEBUG_ENDPOINTS =
  /^\/(?:[^?#]*\/)?(?:debug\/(?:pprof|vars)(?:\/|$)|druid\/(?:index|login|websession|sql)\.html|_debugbar\/|__debug__\/|telescope\/requests|heapdump$|phpinfo$|info\.php$)/i;

/**
 * What a site's own pages never link to, by the shape of the path rather than a product's name:
 * - a directory of a CMS's code and media tree (`/wp-content/plugins/elementor/`, `/wp-includes/`):
 *   pages load files from it, only a scanner lists it to learn what is installed;
 * - data, logs, dumps and readmes inside that tree (`sac-export.csv`, `readme.txt` giving a
 *   plugin's version, `db_backup_log.txt`), outside the media library's dated folders;
 * - a server-side script inside an upload folder (`/uploads/x.php`, `x.php.png`): a web shell
 *   someone uploaded, being run;
 * - installers and setup scripts left on a live site (`/installer/`, `setup-config.php`);
 * - private keys and keystores (`/self.key`, `server.pem`, `id_rsa`), databases and logs as files
 *   (`/data/site.db`, `*.sqlite`, `*.log`);
 * - configuration exports of devices (`/cgi-bin/config.exp`, `/cgi-bin/exportCfgwithpasswd`).
 */
const CMS_TREE_LISTING = /^\/(?:[^?#]*\/)?wp-(?:content|includes)(?:\/[^/?#.]+)*\/?$/i;
const CMS_TREE_DATA =
  /^\/(?:[^?#]*\/)?wp-content\/(?!uploads\/(?:sites\/\d+\/)?\d{4}\/\d{2}\/)(?:[^?#]*\/)?[^/?#]+\.(?:csv|txt|log|sql|zip|tar|gz|tgz|bak|md|ini|conf|7z|rar|db|sqlite)$/i;
const SCRIPT_IN_UPLOADS =
  /\/(?:uploads|userfiles|user_files|upload_files|file_uploads)\/(?:[^?#]*\/)?[^/?#]+\.(?:php\d?|phtml|phar|jsp|jspx|aspx?|ashx|cer|cgi|pl)$|\.(?:php\d?|phtml|jsp|aspx?)\.(?:png|jpe?g|gif|txt|pdf)$/i;
const INSTALLERS =
  /\/(?:installer\/|(?:[\w-]+\.)?installer\.php$|install\.php$|setup-config\.php$|setup\.php$|install(?:wizard)?\.aspx?$|installwizard\.aspx$)/i;
/**
 * Configuration of servers and applications as files (`/conf/nginx.conf`, `ThinVnc.ini`,
 * `database.yml`, `app.properties`), credentials by their name (`passwords.txt`, `password.jsn`),
 * and debug or system logs kept as text (`ldap.debug.txt`, `_syslog.txt`, `chat.log.json.txt`):
 * read by the program, never linked by a page. YAML and JSON count only under the names of
 * configurations (an API's `openapi.yaml` or an app's `config.json` is served on purpose).
 */
const CONFIG_FILES =
  /\.(?:conf|cnf|ini|cfg|properties|toml)$|\/(?:docker-compose|phinx|database|secrets?|credentials?|parameters|application(?:-[a-z]+)?)\.ya?ml$|\/(?:passwords?|passwd|credentials?|secrets?)\.(?:txt|jsn|json|xml|ya?ml|csv|bak|dat|db)$|(?:[._-](?:log|debug|trace)|\/_?(?:syslog|debug|trace|error_log))\.(?:txt|json|csv)$/i;
/**
 * Tricks that make a server take a protected script for something else: a path parameter with no
 * name after a name (`/users;.`, `/jkstatus;`, `/getEngine;.js`, `/option;%2fv1%2fping`, `/..;/`; a
 * session's `;jsessionid=...` has a name, and text ending in `;` has spaces), and a script followed by path info that looks like a static file
 * (`/ztp_gate.php/.js.map`, `/GetPhpInfo.php/x.css`), which a filter lets through by its suffix.
 * `index.php/...` is left alone: frameworks route every page through it.
 */
const UNNAMED_PATH_PARAMETER = /\/[\w.!-]+;(?:\.[a-z0-9]{0,5})?(?:[/?#]|$)|\/[\w.!-]+;%2f/i;
const SCRIPT_WITH_PATH_INFO = /\/(?!index\.php\/)[^/?#]+\.(?:php\d?|jsp|jspx|aspx?|cgi|do|action|cfm)\//i;
const STATIC_LAST_SEGMENT = /\/[^/?#]*\.(?:js|css|map|png|gif|jpe?g|ico|svg|woff2?|ttf)$/i;
// Two linear searches rather than one pattern: `script/(anything)/x.css` as one regex rescans the
// rest of the path from every script segment.
/**
 * A `?` sent encoded inside the path (`/tmp/temp.db%3f.1.css`, `/client/index.php%3F.php/x`): a
 * server that decodes before it rewrites or proxies cuts the path there, after a filter judged it
 * by its whole (Apache mod_rewrite and mod_proxy confusion, CVE-2024-38475). After a file's
 * extension with more to come, or before a static file's suffix, and no `=`, `&` or further escape
 * after it (a URL with its query written into a path segment, `badge.svg%3Fbranch%3Dmain`, is text); a slug ending in `%3F` is text too.
 */
const ENCODED_QUERY_IN_PATH =
  /\.[a-z0-9]{1,5}(?:\?|%3f)(?:[^/?#=&%]+(?:\/|$)|\/)|(?:\?|%3f)[^/?#=&%]*\.(?:css|js|gif|png|jpe?g|ico|svg|map)$/i;
const authBypassShape = (path: string): boolean =>
  (path.includes(';') && UNNAMED_PATH_PARAMETER.test(path)) ||
  ((path.includes('?') || path.includes('%')) && ENCODED_QUERY_IN_PATH.test(path)) ||
  (STATIC_LAST_SEGMENT.test(path) && SCRIPT_WITH_PATH_INFO.test(path));
/**
 * Code that is included, never opened: a PHP file inside a dependency tree (`/vendor/...`,
 * `node_modules/`, a plugin's `vendor/`, `tests/`, `views/` or `scripts/`), WordPress's
 * `wp-includes/*.php`, and configuration or database scripts (`wp-config.php`, Joomla's
 * `configuration.php`, `includes/config.php`, `db_dump.php`); and Tomcat's example applications.
 */
const INCLUDED_CODE_FOLDER =
  /\/(?:vendor|node_modules)\/|\/wp-includes\/|\/wp-content\/plugins\/[^/?#]+\/(?:[^/?#]+\/)?(?:vendor|tests?|views|scripts)\//i;
const INCLUDED_SCRIPT =
  /\/(?:wp-config|configuration)\.php$|\/(?:includes?|inc|libs?|config|conf)\/[\w.-]*(?:config|conn|connect|database|settings)[\w.-]*\.(?:php|inc)$|\/(?:db_?(?:dump|backup)|dbconnect|db_connect)\.php$|\/examples\/(?:jsp|servlets|websocket)\//i;
// A folder test and an extension test, each linear, rather than `folder/[^?#]*\.php$` from every folder.
const includedCode = (path: string): boolean =>
  INCLUDED_SCRIPT.test(path) || (/\.(?:php\d?|phtml|inc)$/i.test(path) && INCLUDED_CODE_FOLDER.test(path));
/** Inside a Java web application's private folders (`/%2e/WEB-INF/web.xml`, `/.%00/META-INF/`), and compiled classes: a container never serves them. */
const JAVA_PRIVATE = /(?:^|[/.;\\])(?:web-inf|meta-inf)(?:[/;\\]|$)|\.class\/?$/i;
const KEYS_AND_DATA = /\.(?:key|pem|p12|pfx|jks|keystore|ppk|sqlite3?|mdb|accdb|db|log)$|\/id_(?:rsa|dsa|ecdsa|ed25519)$/i;
const DEVICE_CONFIG =
  /\/cgi-bin\/(?:[^?#]*\/)?[^/?#]*(?:config|cfg|export|passw|backup|dump)[^/?#]*(?<!\.cgi|\.fcgi|\.pl)$|\/cgi-bin\/[^?#]*\.(?:exp|conf|cfg|ini|txt|sh|bak)$/i;

function leftExposed(path: string): boolean {
  return (
    CMS_TREE_LISTING.test(path) ||
    CMS_TREE_DATA.test(path) ||
    SCRIPT_IN_UPLOADS.test(path) ||
    INSTALLERS.test(path) ||
    CONFIG_FILES.test(path) ||
    JAVA_PRIVATE.test(path) ||
    authBypassShape(path) ||
    includedCode(path) ||
    KEYS_AND_DATA.test(path) ||
    DEVICE_CONFIG.test(path)
  );
}

/** Sites are asked for the same paths again and again: each is searched once (bounded memory). */
/**
 * A project's own file as code hosts route it, from a ref or a repository's file API: GitHub's
 * `/acme/app/blob/main/.eslintrc.json` and `/repos/acme/app/contents/.github/workflows/ci.yml`,
 * GitLab's `/-/raw/main/.gitignore` and `/api/v4/projects/12/repository/files/.gitlab-ci.yml`,
 * Gitea's `/src/branch/main/.editorconfig`: the dotfiles of the repository shown or edited, not the
 * site's, which a probe asks at the site's root or an application's (docs/detection.md, branch
 * i18-fpr3).
 */
const REPOSITORY_FILE =
  /\/(?:(?:-\/)?(?:blob|raw|tree|blame|edit)\/(?:(?:branch|tag|commit)\/)?[^/?#]+|src\/(?:branch|tag|commit)\/[^/?#]+|repository\/files|contents)\/(?:[^/?#]+\/){0,8}\.[^/?#]/i;

const probePath = memoized(
  (path) =>
    SECRET_PROBES.test(path) ||
    CONSOLE_PROBES.test(path) ||
    DEBUG_ENDPOINTS.test(path) ||
    (path.includes('/.') &&
      (HIDDEN_SEGMENT.test(path) || TOOL_DOTFILE.test(path) || HIDDEN_FOLDER_CONFIG.test(path)) &&
      !REPOSITORY_FILE.test(path)) ||
    leftExposed(path) ||
    (/[.~#]/.test(path) &&
      (BACKUP_PROBES.test(path.slice(path.lastIndexOf('/'))) || ANY_BACKUP_COPY.test(path) || LEFT_BEHIND.test(path))) ||
    COPY_OF_SCRIPT.test(path),
);

/** Clients send the same User-Agent on every request: each is searched once (bounded memory). */
export const isToolAgent = memoized((userAgent) => TOOL_AGENTS.test(userAgent), 1024, 512);

export function hasOastDomain(value: string): boolean {
  return OAST_DOMAINS.test(value);
}

/**
 * A query that is only a static file's name on a page or an API route (`/WAN_wan.htm?.gif`,
 * `/system/console?.css`, `/api/roles?require-cfg.js`): what authentication filters that let
 * static files through by the end of the URL are fooled with. Pages never link to their own URL
 * with a bare file name as the query; a static file with a cache-busting query (`/a.js?b.js`) is left alone.
 */
const STATIC_NAME = /^[\w.-]{0,40}\.(?:js|css|gif|png|jpe?g|ico|svg|map|woff2?)$/i;
const STATIC_PATH = /\.(?:js|css|gif|png|jpe?g|ico|svg|map|woff2?|ttf|webp)$/i;

/**
 * Switches that open a runtime's debugger or console on a live site: Xdebug's session, profiler
 * and trace triggers as a parameter or cookie name (`?XDEBUG_SESSION_START=x`, which makes PHP
 * connect out to a debugger), and Struts 2 development mode's `debug=command|console|browser` on
 * an action (`/x.action?debug=command&expression=...`, which evaluates OGNL). Production sites
 * never take them; a scanner asks to learn whether they are on.
 */
const XDEBUG_TRIGGER = /^xdebug_(?:session(?:_start)?|profile|trace)$/i;
export function isDebuggerTrigger(name: string): boolean {
  return name.length >= 12 && name.length <= 20 && (name.charCodeAt(0) | 0x20) === 0x78 && XDEBUG_TRIGGER.test(name);
}
export function isStrutsDebugMode(name: string, value: string, ctx: Pick<RequestContext, 'path'>): boolean {
  return name === 'debug' && /^(?:command|console|browser)$/i.test(value) && /\.(?:action|do)(?:;|$)/i.test(ctx.path);
}

/** `pair` is a query pair without `=` (a name alone), `path` the request path. */
export function isStaticDisguise(pair: string, path: string): boolean {
  return pair.length <= 44 && pair.includes('.') && STATIC_NAME.test(pair) && !STATIC_PATH.test(path);
}

/**
 * A path of ASCII letters, digits and `/` only (an API's `/api/v1/users/123`) can match the probe
 * patterns above (probePath's and ADMIN_PROBES) only through their alternatives written without
 * `.`, `-`, `_`, `~`, `#`, `;`, `?` and `%`, and each of those holds one of these words: such a
 * path with none of them is no probe, settled by two linear searches instead of some twenty
 * anchored patterns and a memory that misses on every path with an id (docs/performance.md
 * "Attack stage: exact pre-checks"). Pinned to the patterns by test/unit/attacks/probe-precheck.test.ts;
 * a pattern added above with a new letters-only alternative needs its word here.
 */
const LETTERS_DIGITS_SLASHES = /^[A-Za-z0-9/]*$/;
export const PLAIN_PROBE_WORDS =
  /cfide|invoker|manager|solr|actuator|jolokia|console|phpunit|hnap1|debug|telescope|heapdump|phpinfo|installer|examples|phpmyadmin|pma|administrator/i;

/** isProbePath without the pre-check (the reference the pre-check is tested against). */
export function probePathSearched(path: string, ctx: Pick<RequestContext, 'toolAgent'>): boolean {
  // The anchored path test is cheaper than the User-Agent lookup (a hash of it per request).
  return probePath(path) || (ADMIN_PROBES.test(path) && ctx.toolAgent);
}

export function isProbePath(path: string, ctx: Pick<RequestContext, 'toolAgent'>): boolean {
  if (LETTERS_DIGITS_SLASHES.test(path) && !PLAIN_PROBE_WORDS.test(path)) return false;
  return probePathSearched(path, ctx);
}
