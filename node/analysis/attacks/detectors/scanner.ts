/**
 * Security scanners and attack tools, by their own evidence only: the User-Agent they send by
 * default, out-of-band interaction domains (Burp Collaborator, interactsh...) anywhere in the
 * request, and requests for secrets files that no browser or application ever asks for
 * (`/.git/config`, `/.env`), backup copies of server-side files (`index.jsp.bak`) and the
 * administration consoles of application servers (`/CFIDE/administrator/`, `/jmx-console/`). Common admin paths (`/wp-login.php`, `/phpmyadmin/`) count only
 * together with a tool User-Agent, since real users open them too. Also known-exploit forms no
 * client sends: an unsigned JWT (tokens.ts), a `Connection` header that strips what a proxy wrote,
 * and headers a framework writes for itself (header-grammar.ts; branch i18-nuclei3).
 */
import { memoized } from '../../../memo';
import type { RequestContext } from './request-context';
import type { PointKind, RequestValue } from '../points/types';
import { BACKUP_COPY_WORDS, JOINED_BACKUP_COPY_WORDS, RARER_BACKUP_COPY_WORDS } from '../backup-words';
import { isFrameworkInternalHeader, isHopByHopStrip } from './header-grammar';
import { isUnsignedJwt } from './tokens';
import { isDigestWithoutProof, isObfuscatedTransferEncoding, isRouteInQuery, isSmuggledRequest } from './request-shape';

/** Where a bearer token is sent: parameters, headers, cookies, a body that is the token, a path segment. */
const TOKEN_POINTS: ReadonlySet<PointKind> = new Set<PointKind>([
  'query',
  'form',
  'json',
  'xml',
  'multipart',
  'header',
  'cookie',
  'referer',
  'body',
  'path_segment',
]);

const TOOL_AGENTS = new RegExp(
  '\\.nasl\\b|\\bopenvas|\\b(?:sqlmap|nikto|nuclei|masscan|zgrab|dirbuster|gobuster|wpscan|acunetix|nessus|netsparker|' +
    'invicti|appscan|w3af|arachni|skipfish|wfuzz|ffuf|fuzz faster u fool|feroxbuster|dirb|nmap scripting engine|' +
    'nmap|zap|owasp zap|burp|havij|commix|jaeles|xsstrike|dalfox|whatweb|wapiti|vega|paros|webinspect|qualys|' +
    'hydra|medusa|joomscan|droopescan|cmsmap|j2ee scanner|morfeus|zmeu|censysinspect|httpx - open-source|' +
    'ghauri|tplmap|xsser|sqlninja|bbqsql|jorgee|grabber|gospider|katana|interactsh|l9explore|l9tcpid|' +
    'dirsearch|wafw00f|burpsuite|expanse, a palo alto networks company|netsystemsresearch|webfuzz|fimap|' +
    'sqlsus|pangolin|webshag|uniscan|golismero|nmap nse|masscan-ng|l9scan|webscarab)\\b',
  'i',
);
const OAST_DOMAINS =
  /(?:^|[^a-z0-9-])(?:burpcollaborator\.net|oastify\.com|oast\.(?:me|fun|pro|live|site|online)|interact\.sh|interactsh\.com|dnslog\.(?:cn|pw|top)|ceye\.io|eyes\.sh|requestrepo\.com|requestbin\.net|canarytokens\.com|xss\.ht|bxss\.me|dnslog\.link)\b/i;
const SECRET_PROBES =
  /^\/(?:[^?#]*\/)?(?:\.git(?:\/(?:config|head|index|logs\/)|\/?$)|(?:backup|dump|db|database|site|www)\.(?:sql|sql\.gz|tar\.gz|tgz|zip)$|\.env(?:\.\w+)?$|\.svn\/(?:entries|wc\.db)|\.hg\/|\.aws\/credentials|\.ssh\/|\.htpasswd$|\.bash_history$|\.npmrc$|\.docker\/config\.json|wp-config\.php(?:\.bak|~|\.old|\.save)$|\.vscode\/sftp\.json)/i;
/**
 * Any file name with an extension, then a backup or editor suffix (`app.css.tmp`, `notes.txt.Bak`,
 * `settings.json.dist`): whatever was copied aside is no longer what the server means to serve, and
 * no page links to the copy. The suffixes are the ones tools and people write (`~` of Emacs and
 * Vim, `.swp` of Vim, `.orig` of patch and merge tools, `.dist` of shipped defaults).
 */
const ANY_BACKUP_COPY = new RegExp(`\\/[^/?#]*[^/?#.]\\.[a-z0-9]{1,6}(?:\\.(?:${BACKUP_COPY_WORDS})|~)$`, 'i');
/**
 * Backup and editor copies of server-side files (`index.jsp.bak`, `config.php~`, `web.config.old`,
 * `.index.php.swp`): the source or secrets of the page, which no link points to. After a script's or
 * a configuration's extension the name is evidence enough for the shared words' rarer spellings and
 * for `.previous`, `.1`, `.2`, `.~` and a date (`.20240131`). After a name without an extension,
 * only `BARE_BACKUP_WORDS`: six of the shared words, kept as first written (`/login.bak` is read
 * there, `/notes.tmp` and `/page.copy` are not).
 */
const BARE_BACKUP_WORDS = 'bak|bkp|old|orig|swp|save';
const BACKUP_PROBES = new RegExp(
  '\\.(?:php\\d?|phtml|jsp|jspx|asp|aspx|ascx|cfm|cgi|pl|py|rb|do|action|config|conf|cnf|ini|inc|xml|ya?ml|json|sql|sqlite|db|properties|env|htaccess|htpasswd|sh|war|js|ts|java|cs|go|log)' +
    `(?:\\.(?:${BACKUP_COPY_WORDS}|${RARER_BACKUP_COPY_WORDS}|previous|1|2|~)|~|\\.\\d{6,8}|[_-](?:${JOINED_BACKUP_COPY_WORDS}))$` +
    `|\\/\\.[^/]+\\.sw[op]$|\\/#[^/]+#$|\\.(?:${BARE_BACKUP_WORDS})$`,
  'i',
);
/** Administration consoles of application servers: never linked for the public, each a known foothold. */
const CONSOLE_PROBES =
  /^\/(?:[^?#]*[/.])?(?:cfide\/(?:administrator|adminapi|componentutils|wizards|scripts\/ajax)|jmx-console|web-console|admin-console|(?:lucee|railo-context)\/admin\/[^/?#]+\.cfm|invoker\/(?:jmxinvokerservlet|ejbinvokerservlet|readonly)|host-manager\/html|manager\/(?:html|text|status|jmxproxy)|axis2(?:-admin|\/axis2-admin)|solr\/admin\/|actuator\/(?:env|heapdump|jolokia|gateway|mappings|configprops|threaddump|logfile|trace|httptrace|shutdown|restart|refresh|loggers|beans|caches|sessions|auditevents|conditions|scheduledtasks|integrationgraph|flyway|liquibase)|jolokia\/|_ignition\/(?:execute-solution|health-check|scripts\/|styles\/|share-report)|vendor\/phpunit\/|wls-wsat\/|_async\/asyncresponseservice|console\/css\/|nifi-api\/|hnap1\/?$|_profiler\/phpinfo|server-status$|server-info$|elmah\.axd|trace\.axd|phpinfo\.php)/i;
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
/**
 * A server script directly inside a folder of images (`/images/x.php`, `/assets/data/usrimg/x.php`,
 * `/img/a.jsp`): the folder's name says pictures, the file's says code — what an upload that
 * checked only the content type left where images go, being run (branch i18-scanner5). The last
 * folder only, named `image(s)`, `img(s)` or ending in `img`; galleries' routes (`/photos/view.php`)
 * are other names.
 */
const SCRIPT_IN_IMAGE_FOLDER = /\/(?:[a-z]*img|imgs|images?)\/[^/?#]+\.(?:php\d?|phtml|phar|jspx?|aspx?|ashx)$/i;
const INSTALLERS =
  /\/(?:installer\/|(?:[\w-]+\.)?installer\.php$|install\.php$|setup-config\.php$|setup\.php$|install(?:wizard)?\.aspx?$|(?:install|setup)wizard\.aspx(?:\/|$)|wp-admin\/maint\/repair\.php$)/i;
/**
 * A PHP script anywhere inside an installation folder (`/install/index.php`, `/v12/setup/temp/admin.php`,
 * `/installation/sql.php`): what an installer unpacked and was never removed, which sets up the
 * database or the first administrator again (branch i18-scanner4). A folder test and an extension
 * test of the last segment, each linear; `/account/setup` or `/setup/step/2` (no script) are routes.
 */
const INSTALL_FOLDER = /\/(?:install|installation|setup)\//i;
const PHP_SCRIPT_LAST = /\/[^/?#]+\.php\d?$/i;
const isScriptInInstallFolder = (path: string): boolean => PHP_SCRIPT_LAST.test(path) && INSTALL_FOLDER.test(path);
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
  /\.[a-z0-9]{1,5}(?:\?|%3f)(?:[^/?#=&%]+(?:\/|$)|\/)|(?:\?|%3f)[^/?#=&%]*\.(?:css|js|gif|png|jpe?g|ico|svg|map|php\d?|phtml|jspx?|aspx?)$/i;
/**
 * A control character right after a script's extension (`/x.php%0A`, `/status.htm%00.jsp`): a
 * handler chosen by a pattern that ends at a newline (Apache's `<FilesMatch "\.php$">`,
 * CVE-2017-15715) or a file name cut at a NUL runs or serves what the filter took for something
 * else (branch i18-scanner2). No page has a control character in its path.
 */
const SCRIPT_THEN_CONTROL = /\.(?:php\d?|phtml|jspx?|aspx?|cgi|pl|html?)(?:%0[0ad9]|[\0\n\r\t])/i;
/**
 * A server script's extension written in mixed case, an upper-case letter after a lower-case one
 * (`/attachment/x.phP`, `shell.pHp`, `x.jSp`): an upload filter that refuses `.php` by a
 * case-sensitive comparison lets it through, and a server that maps extensions without regard to
 * case runs it (branch i18-scanner4). No tool or person writes an extension so; `.PHP` and `.Php`
 * (old Windows sites) are left alone.
 */
const SCRIPT_EXTENSION_ANY_CASE = /\.(php\d?|phtml|phar|jspx?|aspx?|ashx|asmx|cfml?|cgi)$/i;
function isMixedCaseScript(path: string): boolean {
  const ext = SCRIPT_EXTENSION_ANY_CASE.exec(path);
  return ext !== null && /[a-z][A-Z]/.test(ext[1]);
}
const authBypassShape = (path: string): boolean =>
  isMixedCaseScript(path) ||
  (path.includes(';') && UNNAMED_PATH_PARAMETER.test(path)) ||
  SCRIPT_THEN_CONTROL.test(path) ||
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

function leftExposedKind(path: string): string {
  if (CMS_TREE_LISTING.test(path) || CMS_TREE_DATA.test(path)) return 'cms-tree';
  if (SCRIPT_IN_UPLOADS.test(path)) return 'uploaded-script';
  if (INSTALLERS.test(path) || isScriptInInstallFolder(path)) return 'installer';
  if (CONFIG_FILES.test(path)) return 'config-file';
  if (JAVA_PRIVATE.test(path)) return 'java-private';
  if (authBypassShape(path)) return 'auth-bypass-path';
  // After the bypass shapes: a mixed-case `/img/a.aSpx` is named for its evasion (scanner-fourth.test.ts).
  if (SCRIPT_IN_IMAGE_FOLDER.test(path)) return 'uploaded-script';
  if (includedCode(path)) return 'included-code';
  if (KEYS_AND_DATA.test(path)) return 'keys-or-data';
  if (DEVICE_CONFIG.test(path)) return 'device-config';
  return '';
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
const REPOSITORY_ROUTE =
  '\\/(?:(?:-\\/)?(?:blob|raw|tree|blame|edit)\\/(?:(?:branch|tag|commit)\\/)?[^/?#]+|src\\/(?:branch|tag|commit)\\/[^/?#]+|repository\\/files|contents)\\/';
const REPOSITORY_FILE = new RegExp(REPOSITORY_ROUTE + '(?:[^/?#]+\\/){0,8}\\.[^/?#]', 'i');
/** Any file of a repository as code hosts route it (`/acme/app/blob/main/composer.json`): BUILD_METADATA's names are a project's own files there. */
const REPOSITORY_PATH = new RegExp(REPOSITORY_ROUTE, 'i');

/**
 * Classes of probing by what is asked for, whatever the product (docs/detection.md, branch
 * i18-scanner2), each read on the path's last segment where the name alone decides:
 * - version-control metadata: anything inside `.git/`, `.svn/`, `.hg/`, `.bzr/`, `_darcs/`, CVS's
 *   bookkeeping files and Subversion's pristine copies (`.svn-base`): a checkout deployed as the
 *   site gives its whole source and history away, file by file (`/.git/refs/heads/master`);
 * - build and dependency metadata (`composer.json`, `composer.lock`, `yarn.lock`, `Gemfile`,
 *   `Dockerfile`, `pom.xml`, `phpunit.xml`, `vendor/composer/installed.json`), at any depth: the
 *   versions of every library installed, which no page links to; `package.json` too unless the
 *   path names a package version (`/npm/react@18.2.0/package.json` of a package CDN), and never
 *   inside a code host's repository routes;
 * - server and framework configuration by its name (`web.config`, `global.asa`,
 *   `appsettings.Production.json`, `config.inc.php`, `LocalSettings.php`, Drupal's
 *   `sites/default/settings.php`, `local_settings.py`, `tomcat-users.xml`, `.dockercfg`, PHP's
 *   `error_log`, public keys beside private ones);
 * - database dumps and backups as data (`/data.sql`, `users.sql.gz`, `backupsettings.dat`,
 *   `Backup.bin`, `site-backup.zip`, `www_2023.tar.gz`; not `backup-tool-1.2.zip`, a release);
 * - web shells by the names their kits give them (`c99.php`, `r57.php`, `wso.php`, `cmd.jsp`,
 *   `shell.aspx`), and a server-side script hidden behind a leading dot (`/.antproxy.php`);
 * - debug front ends and console pages of common stacks: Symfony's profiler (`/_profiler/`) and
 *   development front controller (`app_dev.php`), phpinfo pages by their usual names
 *   (`php_info.php`, `phpversion.php`); Jenkins's script console (`/scriptText`,
 *   `/jenkins/script`), phpMyAdmin's setup (`/phpmyadmin/setup/`) and the consoles of Java
 *   application servers and their kin (GlassFish's `/admingui/` and `/__asadmin`, WebSphere's
 *   `/ibm/console`, Apache Felix's `/system/console/`, AEM's `/crx/de`, WebLogic's
 *   `/bea_wls_internal/` and `/uddiexplorer/`, `/hawtio/`) as consoles; FrontPage's
 *   private files as secrets; include fragments (`/includes/db.inc`) as included code.
 */
const VCS_METADATA = /\/\.(?:git|svn|hg|bzr)(?:\/|$)|\/_darcs\/|\/cvs\/(?:entries|root|repository|tag|template)$|\.svn-base$/i;
const BUILD_METADATA =
  /^\/(?:composer\.(?:json|lock)|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|gemfile(?:\.lock)?|pipfile(?:\.lock)?|dockerfile|vagrantfile|jenkinsfile|makefile|gruntfile\.js|gulpfile\.js|pom\.xml|build\.gradle|build\.xml|phpunit\.xml(?:\.dist)?)$/i;
const PACKAGE_MANIFEST = /^[^@?#]*\/(?:package\.json|vendor\/composer\/installed\.json)$/i;
/**
 * A JavaScript build tool's own configuration, by the convention `<tool>.config.<js|ts>`
 * (`/documentation/playwright.config.js`, `/vite.config.ts`, `/webpack.config.js`) and the
 * TypeScript compiler's `tsconfig.json`: read by the tool at build time, never by a page (branch
 * i18-scanner4). Named for the tool, since a page's own runtime settings are served by that
 * convention too (`/app.config.js`, `/env.config.js`); a package CDN's versioned path
 * (`/npm/x@1.0/vite.config.js`) is a package's file, as for PACKAGE_MANIFEST.
 */
const BUILD_TOOL_CONFIG =
  /^[^@?#]*\/(?:(?:webpack|vite|vitest|rollup|babel|jest|playwright|cypress|karma|tailwind|postcss|next|nuxt|svelte|astro|gatsby|remix|tsup|esbuild|metro|craco|eslint|prettier|stylelint|commitlint)\.config\.[cm]?[jt]s|[jt]sconfig(?:\.[\w-]+)?\.json)$/i;
const SERVER_CONFIG_NAME =
  /^\/(?:web\.config|global\.asax?|appsettings(?:\.[\w-]+)?\.json|config\.inc\.php|localsettings\.php|(?:local_)?settings\.py|tomcat-users\.xml|credentials\.yml\.enc|\.dockercfg|error_log|id_(?:rsa|dsa|ecdsa|ed25519)\.pub)$/i;
const DRUPAL_SETTINGS = /\/sites\/[^/?#]+\/settings(?:\.local)?\.php$/i;
/** A CMS media library's dated folders (`/wp-content/uploads/2023/05/`): what is there was uploaded to be downloaded. */
const MEDIA_LIBRARY = /\/uploads\/(?:sites\/\d+\/)?\d{4}\/\d{2}\//;
const SQL_DUMP = /\.sql(?:\.(?:gz|bz2|xz|zip|7z|tar|tgz))?$/i;
const DATA_EXTENSION = /\.(?:dat|bin|cfg|conf|db|bak|dump)$/i;
const BACKUP_WORD = /backup|dump/i;
const SITE_ARCHIVE =
  /[/._-](?:backups?|dump|db|database|site|www|wwwroot|htdocs|public_html)(?:[._-]\d{2,8})*\.(?:zip|rar|7z|tar|tgz|tar\.gz|tar\.bz2|gz)$/i;
/**
 * A folder a site publishes files from for download (`/downloads/sakila-schema.sql`,
 * `/static/examples/northwind.sql.zip`): a script or sample database put there is offered, not left
 * behind, unless its name says it is a backup or dump of something (`/downloads/backup.sql`).
 */
const DOWNLOAD_FOLDER = /\/(?:downloads?|files|static|assets|public|media|examples?|samples?|docs?|dist|releases?)\//i;
// Three linear tests rather than `backup[^/]*\.dat$`, which rescans the name from every `backup`.
const isDataDump = (path: string, last: string): boolean =>
  (SQL_DUMP.test(last) && (BACKUP_WORD.test(last) || !DOWNLOAD_FOLDER.test(path))) ||
  (DATA_EXTENSION.test(last) && BACKUP_WORD.test(last)) ||
  SITE_ARCHIVE.test(last);
const WEBSHELL_NAME =
  /^\/(?:c99|c100|r57|wso\d*|b374k|indoxploit|web-?shell|backdoor|cmdasp|cmd|shell|phpspy|antsword)\.(?:php\d?|phtml|jspx?|aspx?|ashx|cfm)$|^\/\.[\w-]+\.(?:php\d?|phtml|jspx?|aspx?)$/i;
/** An include fragment asked by itself (`/includes/db.inc`, `/config.inc`): servers that do not map `.inc` send its source. */
const INCLUDE_FRAGMENT = /^\/[^/?#]+\.inc$/i;
const DEBUG_FRONTS = /\/_profiler\/|\/app_dev\.php(?:[/?#]|$)|\/(?:php[-_]info\d*|info[-_]php|phpversion|infophp)\.php$/i;
const CONSOLE_PAGES =
  /\/(?:(?:jenkins|hudson)\/script|scripttext|computer\/\((?:master|built-in)\)\/script)(?:[/?#]|$)|\/(?:phpmyadmin|pma)[\w.-]*\/setup\/|\/(?:admingui|ibm\/console|system\/console|crx\/(?:de|explorer|packmgr)|bea_wls_(?:deployment_)?internal|uddiexplorer|__asadmin|hawtio)(?:[/?#]|$)/i;
/** FrontPage Server Extensions' private files (`/_vti_pvt/service.pwd`, `/_vti_inf.html`); SharePoint's `/_vti_bin/` services are not read. */
const FRONTPAGE_PRIVATE = /\/_vti_inf\.html$|\/_vti_pvt\/[^/?#]+\.(?:pwd|cnf)$/i;

/** The class a path belongs to (its rule name), '' when it is no probe. */
function probeKindOf(path: string): string {
  const last = path.slice(path.lastIndexOf('/'));
  if (VCS_METADATA.test(path)) return 'vcs-metadata';
  if ((BUILD_METADATA.test(last) || PACKAGE_MANIFEST.test(path) || BUILD_TOOL_CONFIG.test(path)) && !REPOSITORY_PATH.test(path))
    return 'build-metadata';
  if (SERVER_CONFIG_NAME.test(last) || DRUPAL_SETTINGS.test(path)) return 'config-file';
  if (last.includes('.') && isDataDump(path, last) && !REPOSITORY_PATH.test(path) && !MEDIA_LIBRARY.test(path))
    return 'data-dump';
  if (WEBSHELL_NAME.test(last)) return 'webshell';
  if (INCLUDE_FRAGMENT.test(last)) return 'included-code';
  if (SECRET_PROBES.test(path) || FRONTPAGE_PRIVATE.test(path)) return 'secrets';
  if (CONSOLE_PROBES.test(path) || CONSOLE_PAGES.test(path)) return 'admin-console';
  if (DEBUG_ENDPOINTS.test(path) || DEBUG_FRONTS.test(path)) return 'debug-endpoint';
  if (
    path.includes('/.') &&
    (HIDDEN_SEGMENT.test(path) || TOOL_DOTFILE.test(path) || HIDDEN_FOLDER_CONFIG.test(path)) &&
    !REPOSITORY_FILE.test(path)
  )
    return 'hidden-file';
  const exposed = leftExposedKind(path);
  if (exposed !== '') return exposed;
  if (/[.~#]/.test(path) && (BACKUP_PROBES.test(last) || ANY_BACKUP_COPY.test(path))) return 'backup-file';
  if (/[.~#]/.test(path) && LEFT_BEHIND.test(path)) return 'left-behind';
  if (COPY_OF_SCRIPT.test(path)) return 'backup-file';
  return '';
}

const probeKind = memoized(probeKindOf);

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
/** A static folder as the whole query (`/GponForm/diag_Form?images/`): filters that let `images/` through anywhere in the URL are fooled with it. */
const STATIC_FOLDER = /^(?:images|img|css|js|static|assets|styles?|scripts|fonts)\/$/i;
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
/**
 * A query name that asks a page to print the PHP runtime's configuration (`?phpinfo=1`,
 * `?phpinfo1`): the switch of a debug or backdoor hook calling `phpinfo()`, which lists paths,
 * modules and environment secrets (branch i18-scanner4). Only the name, alone or with digits; a
 * value `phpinfo` (a search for the function) is text.
 */
const PHPINFO_SWITCH = /^phpinfo\d{0,3}$/i;
export function isPhpinfoSwitch(name: string): boolean {
  return name.length >= 7 && name.length <= 10 && PHPINFO_SWITCH.test(name);
}
export function isStrutsDebugMode(name: string, value: string, ctx: Pick<RequestContext, 'path'>): boolean {
  return name === 'debug' && /^(?:command|console|browser)$/i.test(value) && /\.(?:action|do)(?:;|$)/i.test(ctx.path);
}

/** `pair` is a query pair without `=` (a name alone), `path` the request path. */
export function isStaticDisguise(pair: string, path: string): boolean {
  if (pair.length > 44) return false;
  if (pair.endsWith('/')) return STATIC_FOLDER.test(pair) && !STATIC_PATH.test(path);
  return pair.includes('.') && STATIC_NAME.test(pair) && !STATIC_PATH.test(path);
}

/**
 * A query that is a command-line option of the interpreter that runs the page (`/index.php?-s`,
 * `?-d+allow_url_include%3don+-d+auto_prepend_file%3dphp://input`, the soft hyphen `%AD` that
 * Windows turns into `-`): PHP as CGI takes a query without `=` as its arguments (CVE-2012-1823,
 * CVE-2024-4577), so the source is shown or code is run. A single letter after the dash, alone or
 * followed by a space (`-s`, `-d name=value`); a name such as `-date` or `-1` is not one.
 */
const CGI_OPTION = /^(?:-|\u00ad|%ad)[a-z](?: |$)/i;
export function isCgiOption(pair: string): boolean {
  return pair.length >= 2 && CGI_OPTION.test(pair);
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
  /cfide|invoker|manager|solr|actuator|jolokia|console|phpunit|hnap1|debug|telescope|heapdump|phpinfo|installer|examples|phpmyadmin|pma|administrator|cvs|gemfile|pipfile|dockerfile|vagrantfile|makefile|jenkins|hudson|scripttext|admingui|crx|uddiexplorer|hawtio/i;

/** isProbePath without the pre-check (the reference the pre-check is tested against). */
export function probePathSearched(path: string, ctx: Pick<RequestContext, 'toolAgent'>): boolean {
  // The anchored path test is cheaper than the User-Agent lookup (a hash of it per request).
  return probeKind(path) !== '' || (ADMIN_PROBES.test(path) && ctx.toolAgent);
}

export function isProbePath(path: string, ctx: Pick<RequestContext, 'toolAgent'>): boolean {
  if (LETTERS_DIGITS_SLASHES.test(path) && !PLAIN_PROBE_WORDS.test(path)) return false;
  return probePathSearched(path, ctx);
}

/**
 * The class rule a value breaks for the scanner entry of detectors/index.ts, '' for none: the
 * probe class of a path (`vcs-metadata`, `backup-file`...), `admin-path-tool-agent`, `tool-agent`,
 * `hop-by-hop-strip`, `internal-header`, `debugger-trigger`, `unsigned-token`, `oast-host`,
 * `static-disguise`, `cgi-option`, `debug-switch`, `struts-debug`, `smuggling`,
 * `credential-without-proof`. The entry's
 * test (any name) and the hit's `rule` (scannerRule) read this one function, so what is flagged
 * and the name it is given cannot drift apart (docs/design.md "branch review15"). Where two rules
 * hold, the first named here wins.
 */
export function scannerClass(
  t: string,
  v: Pick<RequestValue, 'kind' | 'name' | 'point' | 'value'>,
  ctx: Pick<RequestContext, 'toolAgent' | 'path'>,
): string {
  if (v.kind === 'path') {
    // isProbePath's pre-check first: a plain path is no probe without a search (probe-precheck.test.ts).
    if (!isProbePath(t, ctx)) return '';
    const probe = probeKind(t);
    return probe !== '' ? probe : 'admin-path-tool-agent';
  }
  if (v.kind === 'header') {
    if (v.name === 'user-agent' && isToolAgent(t)) return 'tool-agent';
    // Headers only a proxy or the framework itself writes, or a request that makes a proxy drop them (header-grammar.ts).
    if (v.name === 'connection' && isHopByHopStrip(t)) return 'hop-by-hop-strip';
    if (isFrameworkInternalHeader(v.name)) return 'internal-header';
    // HTTP's own grammar broken as only exploit tools break it (request-shape.ts, branch i18-scanner5).
    if (v.name === 'transfer-encoding' && isObfuscatedTransferEncoding(t)) return 'smuggling';
    if (v.name === 'authorization' && isDigestWithoutProof(t)) return 'credential-without-proof';
  }
  if (v.kind === 'body' && isSmuggledRequest(t)) return 'smuggling';
  if (v.kind === 'key' && isDebuggerTrigger(t)) return 'debugger-trigger';
  // A credential without its proof: an unsigned JWT anywhere a value is (tokens.ts).
  if (TOKEN_POINTS.has(v.kind) && isUnsignedJwt(t)) return 'unsigned-token';
  if (t.includes('.') && hasOastDomain(t)) return 'oast-host';
  // A name without `=` is its own point (points/params.ts): the whole pair.
  const barePair = v.kind === 'query' && v.point.length === 2 && v.point[1] === v.value;
  if (barePair && (isStaticDisguise(t, ctx.path) || isRouteInQuery(t, ctx.path))) return 'static-disguise';
  // The query as the interpreter's command line (`?-s`, `?-d+allow_url_include%3don`): the bare pair, or a name before `=`.
  const queryName = barePair || (v.kind === 'key' && v.point[0] === 'query');
  if (queryName && isCgiOption(t)) return 'cgi-option';
  if (queryName && isPhpinfoSwitch(t)) return 'debug-switch';
  if (v.kind === 'query' && isStrutsDebugMode(v.name, t, ctx)) return 'struts-debug';
  return '';
}

/**
 * Points where scannerClass reads values without a dot, so its `.` gate (an OAST domain's, a
 * JWT's) does not apply: the path, names (debugger triggers), the query (Struts' `debug=command`,
 * `?-s`), the User-Agent (tool names), `Connection`, `Transfer-Encoding` and `Authorization`
 * (request-shape.ts) and the framework-internal headers (header-grammar.ts).
 */
export function scannerReadsWords(v: Pick<RequestValue, 'kind' | 'name'>): boolean {
  switch (v.kind) {
    case 'path':
    case 'key':
    case 'query':
      return true;
    case 'header':
      return (
        v.name === 'user-agent' ||
        v.name === 'connection' ||
        v.name === 'transfer-encoding' ||
        v.name === 'authorization' ||
        isFrameworkInternalHeader(v.name)
      );
    default:
      return false;
  }
}

/**
 * The rule of a `scanner` hit of the detectors (the hit's `rule`, `class:<name>`): scannerClass,
 * else `class:client-address` for the client-address headers' entry (header-grammar.ts). A
 * known-exploit signature puts its CVE or template id there instead (detector.ts), so the hit says
 * which of the two it rests on. Only called for hits (rare).
 */
export function scannerRule(
  t: string,
  v: Pick<RequestValue, 'kind' | 'name' | 'point' | 'value'>,
  ctx: Pick<RequestContext, 'toolAgent' | 'path'>,
): string {
  const name = scannerClass(t, v, ctx);
  return 'class:' + (name !== '' ? name : v.kind === 'header' ? 'client-address' : 'probe');
}
