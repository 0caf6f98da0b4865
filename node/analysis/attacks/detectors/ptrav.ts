import type { PointKind } from '../points/types';
import { STRONG_SET, WEAK_SET } from './rce';

/**
 * Path traversal and local file inclusion: `..` path components (any in a request path, since
 * clients normalise them away; two or more, or one that reaches a sensitive file, elsewhere),
 * absolute paths of files worth stealing, `file:` URLs, PHP stream wrappers and UNC admin shares. Backslashes count as
 * slashes (Windows servers read them so) and `/./` and `//` are folded first.
 */
const SENSITIVE = new RegExp(
  '(?:^|[/=:.])(?:etc/(?:passwd|shadow|group|hosts|issue|motd|sudoers|crontab)|proc/(?:self|\\d+)/(?:environ|cmdline|maps|fd|status|root)' +
    // The kernel's own files under /proc, by names no application route has (`/proc/interrupts`).
    '|proc/(?:cpuinfo|meminfo|interrupts|kallsyms|sched_debug|partitions|filesystems|loadavg|swaps|vmstat|mounts|net/(?:tcp6?|udp6?|arp|route|fib_trie))' +
    '|windows/(?:win\\.ini|system\\.ini|system32/)|winnt/(?:win\\.ini|system32/)|win\\.ini|boot\\.ini|system32/(?:drivers/etc|config/sam)' +
    // A Java application's private folder, which the servlet container never serves: its deployment
    // descriptor and settings files, and its compiled classes and libraries by any name.
    '|web-inf/(?:web\\.xml|[\\w.-]+\\.(?:xml|properties)|classes|lib)|\\.ssh/(?:id_[a-z0-9]+|authorized_keys)|\\.htpasswd|users/[^/]+/ntuser\\.dat|ntuser\\.dat|var/log/(?:apache2?|nginx|httpd)/' +
    '|(?:apache2?|httpd|nginx)/logs?/(?:access|error)[._]log)' +
    '(?=$|[/?#;&\\s\'"])',
);

/**
 * What every traversal below contains (case-insensitively): a `.`, `:` or `$`, a hex-written
 * character, or a directory of a sensitive path without a dot in it (the other SENSITIVE and
 * SYSTEM_PATH names have one, or a drive letter's `:`). Normalisation only lower-cases, turns `0x..` and `\\` into `.` and `/` and folds
 * `//` and `/./`, which makes none of these appear.
 */
const MAY_TRAVERSE =
  /[.:$]|0x|etc|proc|system32|var|windows|winnt|inetpub|xampp|wamp|program files|(?:sys|root|boot|usr|opt|tmp|run)\//i;

/** False only when traverses() is false for every kind of point: ask it first, it costs one search. */
export function mayTraverse(value: string): boolean {
  return MAY_TRAVERSE.test(value);
}

export function traverses(value: string, kind: PointKind): boolean {
  const scheme = value.trimStart().slice(0, 24).toLowerCase();
  // `file:` then a path (`file:///etc/passwd`, `file:c:/`), not a name such as `file:38b50ca6`;
  // also behind `url:`, which Java's URL class drops (`url:file:///etc/passwd`).
  if (/^(?:url:)?(?:file|netdoc|jar:file):(?:[/\\]|[a-z]:)/.test(scheme)) return true;
  // PHP stream wrappers read local files (LFI) whatever the path.
  if (/^(?:php:\/\/(?:filter|input|fd)|zip:\/\/|phar:\/\/|compress\.zlib:\/\/|expect:\/\/)/.test(scheme)) return true;
  const v = normalizePath(value);
  if (/^\/\/[^/]+\/[a-z]\$(?:\/|$)/.test(v)) return true;
  if (isScriptOnShare(value)) return true;
  const ups = maxConsecutiveUps(v);
  // A file name is a base name: one `..` in it climbs out of the upload directory.
  if (ups >= 2 || (ups === 1 && (kind === 'filename' || (kind === 'path' && !isOneUpToPageAsset(v) && !isOnlyDotRun(v)))))
    return true;
  // One `..` then a hidden file (`../.htpasswd`, `../.history`): no relative link aims at one; nor
  // at a server's script or configuration, or a Java application's private folder
  // (`../wp-config.php`, `UploadFile/../Web.Config`, `../WEB-INF`); and a value that is only the
  // parent directory (`filePath=../`, `lang=..`, a query that is only `/..`) asks for a listing of it.
  if (ups === 1 && (/(?:^|\/)\.\.\/\.[a-z_]/.test(v) || UP_TO_SERVER_FILE.test(v) || /^\/?\.\.\/?$/.test(v))) return true;
  // One `..` spelt as no link spells it: hex-written dots or slashes (`0x2e0x2e/`, `0x5c..`),
  // Tomcat's path parameter (`..;/`), or a value that starts by climbing with a backslash
  // (`..\\config`): relative links are written with `../`.
  if (ups === 1 && SPELT_UP.test(value)) return true;
  // A program's own file named by its absolute path is no file to read (isWindowsModule).
  const module = ups === 0 && isWindowsModule(v);
  if (kind === 'path' && !module && isSystemPathAfterRoute(value)) return true;
  if (!module && SENSITIVE.test(v) && (ups > 0 || startsAsPath(v) || kind === 'path')) return true;
  if (!module && isSystemPath(v)) return true;
  // A file-reading command line around a system path (`cat /root/.ssh/id_rsa` in a header): the
  // path is what the request is after, whatever runs it (rce reads the command).
  const operand = COMMAND_THEN_PATH.exec(v);
  if (
    operand !== null &&
    (STRONG_SET.has(operand[1]) || WEAK_SET.has(operand[1])) &&
    (isSystemPath(operand[2]) || (SENSITIVE.test(operand[2]) && startsAsPath(operand[2])))
  )
    return true;
  if (v.includes('file:') && isSystemFileInMarkup(v)) return true;
  // Parameters only: a repository browser's request path shows `.docker/` and `.npmrc` files.
  if (kind === 'query' && (isCredentialStore(v) || isWriteToSystemDirectory(v))) return true;
  // `%SystemRoot%\win.ini`: the folder named by the variable Windows expands.
  if (v.charCodeAt(0) === 0x25) {
    const expanded = expandWindowsFolder(v);
    if (expanded !== v && traverses(expanded, kind)) return true;
  }
  // Separators stripped or mangled by a filter ("....etcpasswd", "c:windowswin.ini") still aim at a file.
  return /^(?:\.{2,}|[a-z]:)[^\s]{0,80}?(?:etc\/?passwd|etc\/?shadow|win\.ini|boot\.ini|system\.ini|web\.xml|global\.asa|httpd\.conf|php\.ini|\.htaccess)$/.test(
    v,
  );
}

/**
 * A `file:` URL of a system file as a markup attribute's value (`<image xlink:href="file:///etc/passwd">`,
 * `<iframe src="file:///c:/windows/win.ini">`): a server that renders the markup (an SVG rasterizer,
 * an HTML-to-PDF converter) reads the file from its own disk into the picture or document it
 * returns. Only system paths (isSystemPath): HTML pasted from Word points at the user's own
 * `file:///C:/Users/.../clip_image001.png`. On the normalised value (`\` as `/`, lower case).
 */
const FILE_URL_ATTRIBUTE = /=\s*["'`]?\s*file:(?:\/\/[^/\s"'`>]{0,253})?((?:[a-z]:)?\/[^\s"'`>]{1,250})/g;
function isSystemFileInMarkup(v: string): boolean {
  FILE_URL_ATTRIBUTE.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let n = 0; (m = FILE_URL_ATTRIBUTE.exec(v)) !== null && n < 8; n++) if (isSystemPath(m[1])) return true;
  return false;
}

/**
 * A server-side script on a Windows share, as the whole value (`\\evil.example\share\shell.php`,
 * `\\10.0.0.9\x\inc.inc`): PHP on Windows includes a UNC path like a local file, so an include
 * parameter loads the attacker's code even with `allow_url_include` off, and any file API that
 * opens it sends the server's NTLM credentials to that host. Written with backslashes only: a
 * protocol-relative link (`//cdn.example/a.php`) is a URL. A share holds documents
 * (`\\fileserver\docs\q3.xlsx`), which stay quiet.
 */
const SCRIPT_ON_SHARE =
  /^\s*\\\\[^\\/\s]{1,253}\\[^\\/\s]{1,80}\\(?:[^\\/\s]{1,128}\\){0,8}[^\\/\s]{1,128}\.(?:php\d?|phtml|aspx?|jsp|cgi|pl|inc)\s*$/i;
function isScriptOnShare(value: string): boolean {
  return value.length <= 1024 && SCRIPT_ON_SHARE.test(value);
}

/**
 * A credential store in a home directory, by its absolute path (branch i18-crs, CRS 930120's
 * OS-file names): the folders where command-line tools keep keys and tokens (`~/.aws/credentials`,
 * `/home/app/.docker/config.json`, `/root/.kube/config`, `.gnupg`, `.azure`, `.config/gcloud`),
 * their single-file stores (`.npmrc`, `.pypirc`, `.s3cfg`, `.boto`, `.vault-token`, `.dockercfg`),
 * and Docker's and Kubernetes' secrets mounted at `/run/secrets/`. Absolute only (`/`, `~` or a
 * drive): a project's own `.docker/php/Dockerfile` is named relative to its repository. On the
 * normalised value (lower case, `\` as `/`), one path without blanks.
 */
const CREDENTIAL_STORE =
  /^(?:(?:~[\w.-]{0,32}|[a-z]:)?\/(?:[^\s/]{1,64}\/){0,10}(?:\.(?:aws|docker|kube|azure|gnupg|config\/gcloud)(?:\/[^\s]{0,250})?|\.(?:npmrc|pypirc|s3cfg|boto|vault-token|dockercfg))|\/run\/secrets\/[^\s]{0,250})$/;
function isCredentialStore(v: string): boolean {
  // Every store is a hidden name after a slash or under /run/: one search refuses the rest.
  return v.length <= 512 && (v.includes('/.') || v.startsWith('/run/')) && CREDENTIAL_STORE.test(v);
}

/**
 * A value that is only a shell redirection into a system or world-writable directory
 * (`>/tmp/curl`, `>> /etc/cron.d/x`, `2>/var/www/html/s.php`): appended to a command the
 * application runs, it writes a file where the attacker can run or serve it (CRS 930120).
 * One path and nothing after it; `> /tmp is full` goes on with words. Normalised value.
 */
const WRITE_TO_SYSTEM_DIRECTORY =
  /^\s*[0-9&]?>{1,2}\s*\/(?:tmp|var\/tmp|dev\/shm|etc|root|bin|sbin|usr\/(?:local\/)?s?bin|var\/www|home\/[^\s/]{1,64})(?:\/[^\s]{0,250})?$/;
function isWriteToSystemDirectory(v: string): boolean {
  return v.length <= 512 && WRITE_TO_SYSTEM_DIRECTORY.test(v);
}

/**
 * The folders Windows names by environment variables (`%SystemRoot%\win.ini`,
 * `%windir%\system32\drivers\etc\hosts`, `%SystemDrive%\boot.ini`), written out as the paths
 * they stand for, so the system-path readers above read them. Normalised value, variable first.
 */
const WINDOWS_FOLDER_VARIABLE = /^%(systemroot|windir|systemdrive|homedrive|programfiles|userprofile)%/;
const WINDOWS_FOLDERS: Record<string, string> = {
  systemroot: 'c:/windows',
  windir: 'c:/windows',
  systemdrive: 'c:',
  homedrive: 'c:',
  programfiles: 'c:/program files',
  userprofile: 'c:/users/user',
};
function expandWindowsFolder(v: string): string {
  const m = WINDOWS_FOLDER_VARIABLE.exec(v);
  return m === null ? v : WINDOWS_FOLDERS[m[1]] + v.slice(m[0].length);
}

/**
 * An up-level written with hex escapes, Tomcat's `;` or a backslash on either side of the dots
 * (`..\config`, `/\..%2f`, `a/..\b`): relative links are written with `/`, and a backslash is the
 * separator of a Windows path, whose one `..` leaves the folder it was given. Not `..%2f`: a value is
 * read as sent too, where that is the ordinary escape of `../` (cookies, `../images/a.png`). A
 * regular expression's escaped dot (`\..*`) has no separator after its dots.
 */
const SPELT_UP = /0x2e|\.0x(?:2f|5c)|\.\.;|(?:^\s*|[\\/])\.\.\\|\\\.\.(?:\/|%(?:25)?(?:2f|5c))/i;

/**
 * A command name, blanks, then one path and nothing else (`cat /proc/net/tcp`), on the normalised
 * value; since branch i18-rce5 also with options before the path (`head -n 5 /etc/passwd`) and a
 * path written from the root's directories without the leading `/` (`cat etc/passwd`: what a
 * command run from `/`, or after an application's own prefix, reads).
 */
const COMMAND_THEN_PATH =
  /^([a-z][a-z0-9_.+-]{1,20})[ \t]+(?:-{1,2}[a-z0-9][\w-]{0,20}[ \t]+(?:\d{1,6}[ \t]+)?){0,4}((?:[a-z]:)?\/?[^\s/-][^\s]{0,250})$/;

/** One `..` and then, below it, a server-side script, a configuration file or a Java private folder. */
const UP_TO_SERVER_FILE =
  /(?:^|\/)\.\.\/(?:[^/\s]+\/){0,4}(?:[^/\s]*\.(?:php\d?|phtml|jspx?|aspx?|ascx|config|conf|cnf|ini|properties|inc|env)|web-inf|meta-inf)(?:\/|$)/;

/**
 * Remote file inclusion: a parameter holding the URL of a file with its query cut short by a
 * trailing `?` (`http://evil.example/shell.txt?`): the application appends `.php` or a path to
 * what it includes, and the `?` turns that suffix into a query the remote server ignores. A URL
 * that ends in `?` after a file name, or has `??`, is that trick; an ordinary link has neither. The
 * URL may follow a name and `=` or a quote inside the value (`base==http://...`, `'http://...?'`),
 * which an application that splits or unquotes it once more reads as the URL.
 */
/** Where the URL starts: after a name and `=` or a quote, or glued to a name (`absoluteurlhttp://`). */
const INCLUDE_URL_START = /^\s*(?:[\w.[\]-]{0,60}=+)?['"]?(?:https?|ftps?):\/\/|^[\w.[\]-]{1,60}(?:https?|ftps?):\/\//i;
/** Before the first `?`: a file name with an extension at the end of a path, without blanks or `#`. */
const FILE_BEFORE_QUERY = /^[^\s#]*\/[^\s/#]*\.[a-z0-9]{1,5}$/i;

/**
 * Remote file inclusion by what the URL is (branch i18-markup): a script or text file on a host
 * written as a literal address (`http://66.240.183.75/crash.php`, `https://[2001:db8::1]/gecko.php`,
 * `http://1.2.3.4/shell.txt`), where include payloads are served from; sites link to pages by
 * name. A return target of a login flow is skipped by the caller.
 */
const SCRIPT_ON_ADDRESS =
  /^\s*(?:https?|ftps?):\/\/(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:.]{2,45}\])(?::\d{1,5})?\/(?:[^\s?#/]{1,200}\/){0,12}[^\s?#/]{1,200}\.(?:php\d?|phtml|aspx?|jsp|cgi|pl|txt|inc)(?:[?#]\S{0,500})?\s*$/i;
/**
 * A remote URL in a parameter named for the directory an application includes its code from
 * (`mosConfig_absolute_path=https://foo.bar`, `phpbb_root_path=http://...`, `include_dir=`): the
 * application prefixes its own file names with the value, so they load from the attacker's host.
 * An image's or a page's address is named for what it is (`image_path`, `url`), not for a root.
 */
const INCLUDE_ROOT_NAME =
  /(?:^|[_.-])(?:root|abs|absolute|include|inc|lib|class|install|server|doc_?root)_?(?:path|dir|directory|folder)$|^(?:basedir|rootdir|rootpath|includedir|includepath|docroot)$/;
const REMOTE_URL = /^\s*(?:https?|ftps?):\/\/[^\s/?#]{1,253}/i;

/**
 * A parameter written as an entry of an array (`path[docroot]`, `config[root_dir]`,
 * `_CONF[path]`): PHP builds the array from the name, and an application that merges it into its
 * settings (register_globals, `extract()`) takes the entry as its own (CRS 931110). The point
 * carries the names (`_CONF[path]` is [root, "_CONF", "path"]; `name` is the last, lower-cased).
 * The entry counts by INCLUDE_ROOT_NAME, or as a bare path word inside an array whose name no form
 * gives a field: a private configuration array or a superglobal (`_CONF`, `_CONFIG`, `_SERVER`,
 * `GLOBALS`), while `settings[path]` of an admin form may hold its site's address.
 */
const PRIVATE_ARRAY = /^(?:_(?:conf|config|cfg|server|env|request|settings)|globals)$/i;
const PATH_WORD = /^(?:path|root|dir|base_?dir|base_?path|root_?dir|document_?root|include_?path)$/;
function isIncludeRootName(name: string, point: readonly unknown[]): boolean {
  if (INCLUDE_ROOT_NAME.test(name)) return true;
  if (!PATH_WORD.test(name)) return false;
  for (let i = 1; i < point.length - 1; i++) {
    const outer = point[i];
    if (typeof outer === 'string' && PRIVATE_ARRAY.test(outer)) return true;
  }
  return false;
}

/** A remote include by the URL's own shape, or by the parameter's name (both above). */
export function isRemoteCode(value: string, name: string, point: readonly unknown[] = []): boolean {
  if (value.length > 2048) return false;
  return SCRIPT_ON_ADDRESS.test(value) || (isIncludeRootName(name, point) && REMOTE_URL.test(value));
}

/**
 * A parameter whose whole value names an application's own configuration or database-connection
 * script (`config.php`, `/core/config.php`, `../includes/database.inc`, `wp-config.php`,
 * `db.ini`): where credentials live, asked of an include or download parameter (local file
 * inclusion, arbitrary file read). Pages link to documents and pages, never to these; client-side
 * configuration (`config.js`, `config.json`) is served on purpose and left alone, and so are
 * pages a login flow returns to (`next=/settings.php`: the caller skips return parameters).
 */
const APP_SECRETS_FILE =
  /^(?:\/|(?:\.{1,2}\/)+)?(?:[\w.-]{1,40}\/){0,6}(?:wp-config|config|configuration|database|db|dbconfig|db_config|db_connect|dbconnect|conn|connect|connection|conf|secrets?|credentials?)\.(?:php\d?|inc|asp|aspx|jsp|ini|cnf|cfg|config)$/i;

/**
 * A database dump by its file name, as the whole value (branch i18-crs, CRS 930120): an SQL file
 * compressed for download (`backup.sql.zip`, `site.sql.gz`), or an SQL or dump file named a dump
 * or a backup (`dump.sql`, `db_backup_2024.sql`, `mysql.dump`): every row of the application's
 * database, asked of a download parameter. A repository's `db/schema.sql` or `structure.sql` is
 * source, and names neither.
 */
const DATABASE_DUMP =
  /^(?:\/|(?:\.{1,2}\/)+)?(?:[\w.-]{1,40}\/){0,6}(?:[\w.-]{1,80}\.sql\.(?:gz|zip|bz2|xz|7z|tar|tgz|rar)|(?:[\w.-]{0,40}[._-])?(?:dump|backup|bak|db|database|mysql|mysqldump)(?:[._-][\w.-]{0,40})?\.(?:sql|dump))$/i;

/** What every DATABASE_DUMP name has, found in one scan before the anchored pattern is tried. */
const DUMP_EXTENSION = /\.(?:sql|dump)/i;

/** A whole value naming where an application's credentials or data live (APP_SECRETS_FILE, DATABASE_DUMP). */
export function isAppSecretsFile(value: string): boolean {
  if (value.length > 256) return false;
  const v = value.replace(/\\/g, '/');
  return APP_SECRETS_FILE.test(v) || (DUMP_EXTENSION.test(v) && DATABASE_DUMP.test(v));
}

/** Linear: the URL's start, its first `?`, the file name before it and what follows it are each looked at once. */
export function isRemoteInclude(value: string): boolean {
  if (value.length > 2048) return false;
  const start = INCLUDE_URL_START.exec(value);
  if (start === null) return false;
  const q = value.indexOf('?', start[0].length);
  if (q < 0) return false;
  if (value.charCodeAt(q + 1) === 0x3f) return true;
  if (!FILE_BEFORE_QUERY.test(value.slice(start[0].length, q))) return false;
  let end = q + 1;
  while (value.charCodeAt(end) === 0x3f) end++;
  return end === value.length || /^(?:[&?'"]|=['";])/.test(value.slice(end, end + 2));
}

/**
 * Remote file inclusion written into the path as a parameter (`/sid=http://evil.example/shell.txt?`,
 * `/phpbb_root_path=http://evil.example/shell.txt??`, `/sid=1&shopid=http://...?`): PATH_INFO
 * routers and path-parameter frameworks read `name=value` pairs out of the path, and the target
 * ends where isRemoteInclude's URL does, at a query of nothing but `?` (the cut-short suffix). Read
 * on the target as sent (the path alone has lost the `?`); a URL in a path without that trailing
 * query (`/share/url=https://example.com/a.pdf`, a web archive's `/web/2020/https://...`) stays a link.
 */
const PATH_PARAMETER_URL = /[/&;][\w.[\]-]{0,60}=((?:https?|ftps?):\/\/.*)$/i;
export function isRemoteIncludeInPath(target: string): boolean {
  const q = target.indexOf('?');
  if (q < 0 || target.length > 2048 || !/^\?+$/.test(target.slice(q))) return false;
  const param = PATH_PARAMETER_URL.exec(target.slice(0, q));
  return param !== null && isRemoteInclude(param[1] + target.slice(q));
}

/**
 * The only `..` of a path, followed by a relative link to what a page loads (`../images/logo.png`,
 * `../css/site.css`: an image, stylesheet or font, ended by the path's end, a blank, a query or the route's next segment):
 * the markup of a page carried in a path segment, not a climb out of the web root, since what it
 * reaches is served to anyone. On the normalised value. A second `..` anywhere, a hidden file or a
 * server's script still counts.
 */
const UP_TO_PAGE_ASSET =
  /(?:^|\/)\.\.\/(?:[\w-]{1,64}\/){0,4}[\w-][\w.-]{0,128}\.(?:png|jpe?g|gif|svg|webp|ico|css|woff2?|ttf)(?=$|[\s?#/])/;
function isOneUpToPageAsset(v: string): boolean {
  return v.indexOf('..') === v.lastIndexOf('..') && UP_TO_PAGE_ASSET.test(v);
}

/**
 * The path's one climb is a segment of three or more dots, not `..` (`/items/.../view`, an
 * ellipsis typed into a route): a client normalises `..` away, so one that arrives was sent on
 * purpose, but `...` reaches the server as written, where a POSIX file system reads it as a name
 * like any other. Two runs (`/.../.../`), a sensitive file after it, or a `..` elsewhere still count.
 */
function isOnlyDotRun(v: string): boolean {
  return !/(?:^|\/)\.\.(?:;[^/]*)?(?:\/|$)/.test(v);
}

/**
 * Lower-case, `\` as `/`, hex-written dots and slashes (`0x2e`, `0x2f`, `0x5c`) as themselves,
 * `//` and `/./` folded (keeping a leading `//` for UNC and URLs).
 */
function normalizePath(value: string): string {
  // Most values have nothing to fold: one search instead of five rewrites.
  if (!/\\|0x|\/\/|\/\.|\.\.(?:%?25)?(?:2f|5c)|\.\.(?:%|[^\x00-\x7f])|[\u2215\u2044\uff0f\u29f8\u2216\ufe68\uff3c]/i.test(value))
    return value.toLowerCase();
  let v = value
    .toLowerCase()
    .replace(/0x2e/g, '.')
    .replace(/0x(?:2f|5c)/g, '/')
    .replace(/[\\\u2215\u2044\uff0f\u29f8\u2216\ufe68\uff3c]/g, '/');
  // `..2f` and `..%252f` where a filter ate the `%` of `%2f`: then every `2f` after it is a slash.
  const eaten = /\.\.(?:%?25)?(?:2f|5c)/.exec(v);
  if (eaten) v = v.slice(0, eaten.index) + v.slice(eaten.index).replace(/(?:%?25)?(?:2f|5c)/g, '/');
  // Junk between the dots and the next name, which a lenient decoder drops or reads as a
  // separator: a character outside ASCII (`..%uEFC8`, an overlong sequence decoded to garbage)
  // or an escape no decoder took (`..%c0%9v`). Not the escape of a printable ASCII character
  // (`...%20Exec summary`): every decoder takes it, and a blank or a letter separates nothing.
  v = v.replace(/(?<=\.\.)(?:[^\x00-\x7f]|%(?![2-7][0-9a-f])[0-9a-z]{0,2}){1,6}/g, '/');
  const lead = v.startsWith('//') ? '//' : '';
  v = lead + v.slice(lead.length).replace(/\/{2,}/g, '/');
  let prev = '';
  while (prev !== v) {
    prev = v;
    v = v.replace(/\/\.(?=\/|$)/g, '');
  }
  return v;
}

/**
 * Longest run of `..` components (`../../..`), read as Tomcat-style servers read a segment: without
 * its path parameter (`..;/`, `..;x/`, `.;/` is `.`).
 */
function maxConsecutiveUps(v: string): number {
  if (!v.includes('..')) return 0;
  let best = 0;
  let run = 0;
  for (const segment of v.split('/')) {
    const part = segment.includes(';') ? segment.slice(0, segment.indexOf(';')) : segment;
    if (part === '..' || /^\.{2,}$/.test(part)) {
      run++;
      if (run > best) best = run;
    } else if (part !== '' && part !== '.') run = 0;
  }
  return best;
}

/**
 * The value is a path on its own (`/etc/passwd`, `c:/windows/win.ini`), or a field-qualified one as
 * search and filter syntaxes write it (`path:/etc/passwd`), not a word in a sentence.
 */
function startsAsPath(v: string): boolean {
  return (
    /^(?:[a-z]:|[a-z_]{2,20}:(?=\/(?:etc|proc|root|home|var|sys)\/))?\/|^(?:\.\/)?(?:etc|proc|windows|winnt|web-inf|\.ssh|~)\//.test(
      v,
    ) || /^(?:win|boot)\.ini$/.test(v)
  );
}

/**
 * A NUL byte in a parameter (`id=%00`, `a.php%00.jpg`, `\u0000` in JSON): null-byte injection,
 * which cuts a file name short in C-backed file APIs so a checked suffix is ignored. Read on the
 * value as sent, since decoding removes NULs (see decode/variants.ts).
 */
const NUL_BYTE = /%(?:25){0,3}00|\\u0000|\\x00|%u0000|\0/i;

export function hasNulByte(raw: string): boolean {
  return NUL_BYTE.test(raw);
}

/**
 * A value that is itself an absolute path into the system's own files (`/etc/hostname`,
 * `/proc/partitions`, `/var/log/syslog`, `c:\\windows\\win.ini`, `\\xampp\\apache\\bin\\php.ini`):
 * forms and APIs carry paths of the user's documents, not of the operating system or web server.
 */
const SYSTEM_PATH =
  /^(?:file:\/\/)?(?:\/(?:etc|proc|var\/(?:log|adm|run|spool|mail|www|lib\/(?:mysql|php|pgsql))|usr\/local\/(?:apache2?|etc|lib\/php|nginx|www))\/[^\s]*|[a-z]:\/(?:windows|winnt|boot\.ini|inetpub|xampp|wamp|apache\d?|apache group|php\d?|mysql|program files(?: \(x86\))?\/(?:apache|php|mysql|microsoft sql)[^/]*)(?:\/[^\n]*)?|\/(?:windows|winnt|inetpub|xampp|wamp|program files(?: \(x86\))?)\/[^\n]+|(?:[^\s/]*\/)*\.(?:htaccess|htpasswd|rhosts|bash_history|bashrc|netrc|pgpass|my\.cnf|git-credentials))$/;

/**
 * More of the same, kept apart to stay readable: the system's own directories (`/root/`,
 * `/boot/`, `/sys/class`, `/var/adm`, the logs of a web server under `/opt` or `/usr`), a user's
 * shell and X11 start-up files (`/.profile`, `/home/x/.cshrc`), a drive letter with or without
 * its slash (`c:windows/system32`, `/c:/inetpub/`, `d:/appserv/mysql`), and any absolute path
 * ending in a web server or PHP configuration file (`/php5/php.ini`, `/home/apache/conf/httpd.conf`).
 */
const SYSTEM_PATH_MORE =
  /^(?:\/(?:(?:root|boot)(?=\/[^\s])|sys\/(?:class|kernel|devices|block|module|firmware|fs|bus)|var\/(?:adm|apache|cron|lp|saf|lock|lib\/mlocate|spool)|usr\/(?:spool|lib\/cron|adm)|(?:opt|usr)\/[^\s]*\/(?:logs?|conf)|master\.passwd)(?:\/[^\s]*)?|(?:\/home\/[^/\s]+)?\/\.(?:profile|cshrc|tcshrc|kshrc|zshrc|login|logout|forward|shosts|xauthority|[a-z]*sh_history|bash_profile|bash_logout|bash_logut|viminfo|mysql_history|psql_history)|\/?[a-z]:\/?(?:windows|winnt|system32|inetpub|appserv|program files|xampp|wamp)(?:\/[^\n]*)?|(?:[a-z]:)?\/[^\s]*\/(?:php\.ini|httpd\.conf|apache2\.conf|nginx\.conf|my\.cnf|metabase\.xml|applicationhost\.config))$/;

/**
 * A program or library by its absolute Windows path (`C:\\Windows\\System32\\ntdll.dll`,
 * `C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe`), as crash reports, error
 * telemetry and support forms name them (docs/detection.md, "i18-fpr, second session"): a traversal
 * reads a data or configuration file (`win.ini`, `hosts`, `config\\sam`, `metabase.xml`), and an
 * executable or DLL read as a file tells nothing. The shells and script hosts an attacker runs
 * (`cmd.exe`, `powershell.exe`) stay system paths, and so does a web application's own DLL under
 * its web root (`c:\\inetpub\\wwwroot\\bin\\app.dll`, taken to decompile it). Normalised value.
 */
const WINDOWS_MODULE =
  /^\/?[a-z]:\/(?!(?:[^\n/]*\/)*(?:inetpub|wwwroot|htdocs|xampp|wamp|appserv)\/)(?:[^\n/]+\/){0,12}(?!(?:cmd|command|powershell|pwsh|wscript|cscript|mshta|rundll32|regsvr32|certutil|bitsadmin|ftp|tftp|net1?)\.(?:exe|com)$)[^\n/]+\.(?:exe|dll|sys|mui|ocx|drv|cpl)$/;
/**
 * A command by its path under System32, without the extension Windows adds from PATHEXT
 * (`C:\\Windows\\System32\\ls`, `c:/windows/system32/whoami`; branch i18-crs, a CRS false-positive
 * test of a Windows path): one plain word, no file to read. The folders under System32 that hold
 * what a traversal reads (`config`, `drivers`, `LogFiles`, `inetsrv`...) are no command.
 */
const WINDOWS_COMMAND =
  /^\/?[a-z]:\/windows\/(?:system32|syswow64)\/(?!(?:config|drivers|logfiles|inetsrv|tasks|spool|wbem|winevt|repair|grouppolicy|dhcp|dns|sru|catroot2?|certsrv|microsoft)$)[a-z0-9_-]{1,32}$/;
function isWindowsModule(v: string): boolean {
  return v.length <= 256 && (WINDOWS_MODULE.test(v) || WINDOWS_COMMAND.test(v));
}

function isSystemPath(v: string): boolean {
  return v.length <= 256 && (SYSTEM_PATH.test(v) || SYSTEM_PATH_MORE.test(v));
}

/**
 * Where an absolute path glued into the request path after a route starts (branch i18-pathraw):
 * after an empty segment (`/download//etc/fstab`: a route that captures the rest of the path,
 * `/download/{file:.*}`, hands `/etc/fstab` to the application) or at a drive letter as a segment
 * (`/view/C:/inetpub/wwwroot/global.asa`). Read on the path as sent, lower-cased and with `\` as
 * `/`, before normalizePath folds the `//` that is the evidence.
 */
const PATH_AFTER_ROUTE = /\/(?=\/[^/])|\/(?=[a-z]:\/)/g;

/**
 * A system path (isSystemPath) glued into the request path after a route, ending at any later
 * segment boundary (a route may have a fixed suffix: `/items/{path}/view`), unless it goes on to a
 * Windows module (isWindowsModule): at most 4 starts and 16 ends are read. Slashes of the route itself never start one: `/etc/passwd` as a route is
 * SENSITIVE's (read on the whole path above), `/var/log/...` as a route is an application's page.
 */
function isSystemPathAfterRoute(value: string): boolean {
  if (!value.includes('//') && !value.includes(':') && !value.includes('\\')) return false;
  const v = value.toLowerCase().replace(/\\/g, '/');
  PATH_AFTER_ROUTE.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let starts = 0; starts < 4 && (m = PATH_AFTER_ROUTE.exec(v)) !== null; starts++) {
    const from = m.index + 1;
    let found = false;
    for (let end = v.indexOf('/', from + 1), cuts = 0; cuts < 16; end = v.indexOf('/', end + 1), cuts++) {
      const candidate = v.slice(from, end < 0 ? v.length : end);
      // A program's own file further on (`//c:/windows/system32/ntdll.dll/...`) is no file to read.
      if (isWindowsModule(candidate)) {
        found = false;
        break;
      }
      found ||= isSystemPath(candidate);
      if (end < 0) break;
    }
    if (found) return true;
  }
  return false;
}
