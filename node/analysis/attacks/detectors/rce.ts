import { isJndiLookup } from './lookups';

/**
 * Command and code injection, read as a shell would after the usual obfuscations are undone
 * (quotes inside words, `${IFS}`, brace lists): a command separator or substitution followed by
 * a command, shellshock, Windows cmd idioms, and the code-execution calls of the common server
 * languages and expression engines.
 */

/** Commands that are not English words: any argument (or none) makes them a command. */
const STRONG = `whoami uname wget curl nc ncat netcat bash sh zsh ksh csh dash getent nslookup ifconfig ipconfig
  powershell pwsh certutil bitsadmin netstat systeminfo chmod chown mkfifo base64 python python2 python3
  perl ruby php busybox telnet xterm socat tftp lynx nohup crontab useradd passwd rev xxd od hexdump
  tasklist taskkill wmic reg regsvr32 rundll32 mshta cscript wscript msiexec nmap dig host iwr iex irm iwmi
  gdb vim lua luajit node nodejs tclsh socat openssl scp ssh sftp rsync ftp tar unzip gunzip bzip2 xargs strace
  ltrace taskset cpulimit ionice setarch docker kubectl mysql psql sqlite3 sudo chroot pkexec gawk mawk nawk
  ansible ansible-console ansible-inventory ansible-playbook cscli aria2c msfconsole msfvenom ncat.exe`.split(/\s+/);
/** Commands that are also words ("cat", "echo", "type"): only with a shell-shaped argument. */
const WEAK = `id cat ls echo printf set type dir find sleep more head tail sort kill timeout ping net ver rm cp mv
  touch env exec eval cd pwd ps ls uname tac nl grep awk sed expr cmd start call del copy whoami`.split(/\s+/);
const STRONG_SET = new Set(STRONG);
/** Word-commands that are a whole probe on their own (`;id`, `` `ls` ``), without an argument. */
const ALONE = new Set(['id', 'ls', 'pwd', 'ps', 'env', 'ver', 'dir', 'cmd', 'uname']);
/** Word-commands whose usual argument is a bare number (`; sleep 5`). */
const NUMERIC_ARGUMENT = new Set(['sleep', 'timeout', 'ping', 'kill']);
const WEAK_SET = new Set(WEAK);

const CODE_EXEC = new RegExp(
  [
    '\\(\\)\\s*\\{\\s*:?\\s*;?\\s*\\}\\s*;', // shellshock
    '\\b(?:invoke-(?:webrequest|expression|restmethod|wmimethod|command)\\b|iex\\s*\\(|new-object\\s+(?:system\\.)?net\\.webclient)', // PowerShell download-and-run
    '\\b(?:system|passthru|shell_exec|exec|popen|proc_open|pcntl_exec|assert|create_function|call_user_func)\\s*\\(\\s*[\'"$`]',
    '\\$\\{@?(?:print|system|eval|phpinfo|exec|passthru)\\s*\\(',
    '<\\?(?:php|=)\\s',
    '\\bphpinfo\\s*\\(\\s*\\)',
    '__import__\\s*\\(\\s*[\'"](?:os|subprocess|socket)',
    '\\bos\\s*\\.\\s*(?:system|popen|exec[lv]p?e?)\\s*\\(',
    '\\bsubprocess\\s*\\.\\s*(?:call|run|popen|check_output)\\s*\\(',
    '!!python/(?:object|name|module)',
    'runtime\\s*\\.\\s*getruntime\\s*\\(\\s*\\)\\s*\\.\\s*exec',
    'processbuilder\\s*\\(',
    'require\\s*\\(\\s*[\'"]child_process[\'"]\\s*\\)',
    '#_memberaccess|@java\\.lang\\.runtime|%\\{\\s*\\(#',
    '\\bex\\s*"?\\s*&?\\s*"?e\\s*"?\\s*&?\\s*"?cute\\s*\\(\\s*"', // VBScript Execute("...")
    '\\bev\\s*al\\s*\\(\\s*"',
    'cmd(?:\\.exe)?\\s+/[ck]\\s',
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
const CMD_FOR = /\bfor\s+(?:\/[dflr]\s+(?:"[^"]{0,100}"\s+)?)*%%?\w\s+in\s*\([^)]{0,200}\)\s*do\b/i;
const CMD_IF =
  /(?:^|[\s&|;(])if\s+(?:\/i\s+)?(?:not\s+)?(?:exist\s+\S+|defined\s+\w+|errorlevel\s+\d+)\s+(?:echo|cmd|del|call|goto|set|start|copy)\b/i;
const GLOB_PATH = /(?:^|[\s;|&`(])\/(?:\w{0,4}[?*][\w?*]{0,8}\/)+\w{0,4}[?*][\w?*]{0,8}(?=$|[\s;|&`)])/;
const EXPRESSION_IN_STRING =
  /['"]\s*\+\s*\{[^{}]{1,200}\}\s*\+\s*['"]|%\{[^{}]{0,200}(?:#[a-z_]|@[a-z_]+\.[a-z_]|\d+\s*[*+]\s*\d+)/i;

function guardedCodeExec(v: string): boolean {
  return (
    (v.includes('()') && SHELLSHOCK_VALUE.test(v)) ||
    v.includes('--open-files-in-pager=') ||
    (v.includes('%') && CMD_FOR.test(v)) ||
    (v.includes(' ') && /[iI][fF]\s/.test(v) && CMD_IF.test(v)) ||
    ((v.includes('?') || v.includes('*')) && GLOB_PATH.test(v)) ||
    (v.includes('{') && EXPRESSION_IN_STRING.test(v))
  );
}

/** `$IFS` as a word separator, and `$((n op n))` (before `+` is read as a space below). */
const SHELL_ONLY = /\$\{IFS\}|\$IFS\b|\$\(\(\s*-?\d+\s*[-+*\/%^&|]\s*-?\d+\s*\)\)/;

export function isRce(value: string): boolean {
  const dollar = value.includes('$');
  if (
    CODE_EXEC.test(value) ||
    guardedCodeExec(value) ||
    (dollar && (SHELL_ONLY.test(value) || (value.includes('${') && isJndiLookup(value))))
  )
    return true;
  const v = deobfuscate(value);
  return substitution(v) || separatedCommand(v);
}

/**
 * What the shell executes: quotes and backslashes inside words removed, IFS as space, `{a,b}` as
 * "a b", and `+` as space in a value without spaces (form encoding that one layer left undone).
 */
function deobfuscate(value: string): string {
  // Empty expansions glued inside a word (`c$@at`, `w$()hoami`, `wh${x}oami`) disappear.
  const v = value.includes('$') ? value.replace(/(?<=[a-z])\$(?:@|\*|\(\)|\{\w{0,20}\}|\d)(?=[a-z])/gi, '') : value;
  return (v.includes(' ') ? v : v.replace(/\+/g, ' '))
    .replace(/&[a-z][a-z0-9]{1,10};/gi, ' ') // an HTML entity (`&copy;`) is not `&` then a command
    .replace(/\$\{IFS\}|\$IFS(?:\$\d)?/g, ' ')

    .replace(/(?<=[\w/.$-])(?:''|""|\\(?=[a-z]))(?=[\w/.-])/gi, '')
    .replace(/(?<=[\w/.])['"](?=[\w/.]+['"]?)/g, '')
    .replace(/\{([\w./-]+),([^{}\s]+)\}/g, '$1 $2');
}

/** `$(cmd ...)`, `` `cmd ...` ``, `$((1*2))` with a command or arithmetic inside. */
function substitution(v: string): boolean {
  if (/\$\(\(\s*\d+\s*[-+*/%]\s*\d+\s*\)\)/.test(v)) return true;
  // Markdown code fences (```sh) and multi-line spans are documentation, not substitutions.
  const re =
    /\$\(\s*(?:\/[\w.-]+){0,8}\/?([a-z][\w.-]*)([^)]{0,64})|(?<!`)`(?!`)[ \t]*(?:\/[\w.-]+){0,8}\/?([a-z][\w.-]*)([^`\n]{0,64})`/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) {
    const word = m[1] ?? m[3];
    const arg = (m[2] ?? m[4] ?? '').trim();
    // A lone `command` in a longer text is Markdown inline code ("ignores errors in `chown`").
    if (arg === '' && m[3] !== undefined && !embedded(v, m.index, m.index + m[0].length)) continue;
    if (STRONG_SET.has(baseName(word)) && (arg !== '' || word === word.toLowerCase())) return true;
    if (isWeakCommand(word) && commandArgument(baseName(word), arg)) return true;
    // `$(cmd ...)` is shell syntax only: any command inside is one, whatever its argument.
    if (m[1] !== undefined && isWeakCommand(word)) return true;
  }
  return false;
}

/** The span is the value, or sits against shell syntax (`;`, `|`, `=`, quotes...), or the value is short. */
function embedded(v: string, start: number, end: number): boolean {
  if (v.length <= 64) return true;
  let b = start - 1;
  while (b >= 0 && /\s/.test(v[b])) b--;
  let a = end;
  while (a < v.length && /\s/.test(v[a])) a++;
  return b < 0 || a >= v.length || ';|&$\'"=('.includes(v[b]) || ';|&\'")'.includes(v[a]);
}

/** `;cmd`, `|cmd`, `&&cmd`, `||cmd`, `&cmd`, newline then cmd, with an argument that fits. */
function separatedCommand(v: string): boolean {
  const re =
    /(?:^|[;|&\n\r]|\$\()[ \t+]*(?:[a-z]:)?((?:\/[\w.-]+){0,8}\/)?([a-z][\w.-]*)(?:\.exe)?(?=$|[\s;|&<>)`'"]|\$\{?IFS)([^;|&\n\r]{0,64})/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) {
    const sep = v[m.index] ?? '';
    const atStart = m.index === 0 && !/[;|&\n\r]/.test(sep);
    const cmd = m[2].toLowerCase();
    const arg = m[3].trim();
    const explicitPath = m[1] !== undefined && m[1] !== '';
    if (atStart && !explicitPath) {
      // A value that merely starts with a word needs more: a path argument to a known command.
      if (
        (STRONG_SET.has(cmd) || WEAK_SET.has(cmd)) &&
        cmd !== 'set' &&
        cmd !== 'type' &&
        /^(?:-\w{1,20}(?:\s{1,4}\d{1,6})?\s{1,4}){0,8}(?:\/(?:etc|bin|tmp|var|proc|usr|dev|home|root)\b|[a-z]:\\|\d{1,3}(?:\.\d{1,3}){3}\b)/i.test(
          arg,
        )
      )
        return true;
      continue;
    }
    // "PowerShell uses..." in prose: a capitalised command needs an argument that looks like one.
    if (STRONG_SET.has(cmd) && (m[2] === cmd || shellArgument(arg))) return true;
    if (explicitPath && /^\/(?:usr\/)?s?bin\/$/.test(m[1])) return true;
    if (isWeakCommand(m[2]) && commandArgument(cmd, arg)) return true;
  }
  return false;
}

/**
 * Word-commands count only as written in a shell (lower case; "Type" in a table is a word).
 * Windows cmd ignores case, but its payloads are written in lower case too.
 */
function isWeakCommand(word: string): boolean {
  return WEAK_SET.has(word.replace(/\.exe$/, ''));
}

/** What may follow a word-command: nothing for a probe (`;id`), a number for `sleep 5`, or a shell argument. */
function commandArgument(cmd: string, arg: string): boolean {
  if (arg === '') return ALONE.has(cmd);
  return shellArgument(arg) || (NUMERIC_ARGUMENT.has(cmd) && /^\d+$/.test(arg));
}

/** An argument a command line has and prose does not: a flag, a path, a redirection, `$`. */
function shellArgument(arg: string): boolean {
  return /^(?:-{1,2}[a-z]|\/[a-z]|[a-z]:[\\/]|~|\.{1,2}\/|\$|>|<|\d+(?:\.\d+){3}|\S*\/\S*|[\w.-]+\.[a-z]{2,4}(?:\s|$)|%[a-z]+%)/i.test(
    arg,
  );
}

function baseName(cmd: string): string {
  return cmd.toLowerCase().replace(/\.exe$/, '');
}
