/**
 * The eighth rce round (docs/detection.md, "Command injection re-spelled, eighth round (branch
 * i18-rce8)"): spellings a shell or cmd.exe itself accepts, each confirmed on the interpreter
 * (bash 5.2 for the shell forms; cmd.exe's own help and its documented parsing for the Windows
 * ones), beside the look-alikes that must stay quiet (prose, Go paths, Markdown code, JSX, TSV).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import { readShell } from '../../../node/analysis/attacks/detectors/shell-tokens';
import { exampleTable, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

/** The simple commands of a value as the shell reader gives them: how each began, then its words. */
function commands(v: string): string[] {
  return readShell(v).commands.map((c) => `${c.began}: ${c.words.join(' ')}${c.obfuscated ? ' (obfuscated)' : ''}`);
}

// Process substitution is a word part, not a word: bash 5.2 glues `/dev/fd/63` to the text around
// it, and an empty one (`<()`, `>()`, `<( )`) expands to nothing, so `pi<()ng` is `ping` (CRS
// 932240) and `<()whoami` is `whoami`.
test('shell reader: an empty process substitution inside a word vanishes', () => {
  assert.deepEqual(commands('pi<()ng 127.0.0.1'), ['start: ping 127.0.0.1 (obfuscated)']);
  assert.deepEqual(commands(';<()whoami'), ['separator: whoami (obfuscated)']);
  // What runs inside is read first, as the shell runs it before the command that reads it.
  assert.deepEqual(commands('cat x<(id)y'), ['substitution: id', 'start: cat x/dev/fd/63y']);
  assert.deepEqual(commands('diff <(ls a) b'), ['substitution: ls a', 'start: diff /dev/fd/63 b']);
});
exampleTable(
  detector,
  [
    ['rce', 'pi<()ng 127.0.0.1'],
    ['rce', 'pi>()ng 127.0.0.1'],
    ['rce', ';wh<( )oami'],
    ['rce', '<()whoami'],
    ['rce', 'x;un<()ame -a'],
  ],
  ['score<()>5', 'pi<(3.15) holds', 'an emoji <() face', 'x<()y', 'f(a)<()'],
  ['q', 'json', 'form'],
  ['rce'],
);

// bash's indirect expansion: `${!b}` is the value of the variable whose name `b` holds.
test('shell reader: ${!name} expands the variable named by name', () => {
  assert.deepEqual(commands('a=uname;b=a;${!b} -a'), ['separator: uname -a (obfuscated)']);
});
exampleTable(
  detector,
  [
    ['rce', 'a=uname;b=a;${!b} -a'],
    ['rce', ';c=whoami;p=c;${!p}'],
  ],
  ['${!isOpen}', 'Hello ${!name} there', '`${!done ? "a" : "b"}`'],
  ['q', 'json', 'form'],
  ['rce'],
);

// bash's arrays: `a=(wh oami)` assigns the elements, `${a[1]}` is one, `${a[@]}` all of them
// (fields), `$a` the first.
test('shell reader: an array assignment and its elements', () => {
  assert.deepEqual(commands('a=(wh oami);${a[0]}${a[1]}'), ['separator: whoami (obfuscated)']);
  assert.deepEqual(commands('x=(uname -a);${x[@]}'), ['separator: uname -a (obfuscated)']);
  assert.deepEqual(commands('x=(id);$x'), ['separator: id (obfuscated)']);
});
exampleTable(
  detector,
  [
    ['rce', 'a=(wh oami);${a[0]}${a[1]}'],
    ['rce', ';a=(wh oami);${a[0]}${a[1]}'],
    ['rce', 'x=(id);$x'],
  ],
  ['items=(apple banana)', 'x=(y+z)*2', 'const f=(x) => x', 'a=(1 2 3) and ${a[0]} is 1'],
  ['q', 'json', 'form'],
  ['rce'],
);

// `$(<file)` is bash's `$(cat file)` (bash manual, "Command Substitution"): the file's contents
// handed to the application's command. Not in backticks, which Markdown writes code with, and
// not when the substitution holds more than the one redirection (JSX, tags).
test('shell reader: $(<file) reads the file', () => {
  assert.deepEqual(commands('$(<index.php)'), ['substitution: cat index.php']);
  assert.deepEqual(commands('$(<App/>)'), []);
});
exampleTable(
  detector,
  [
    ['rce', '$(<index.php)'],
    ['rce', ';$(< config.yml)'],
    ['rce', 'x$(<.env)'],
  ],
  ['Pass the file with `<input.txt`', '$(<App/>)', '$(<br>)', 'a $(<) b', 'price $(<5)'],
  ['q', 'json', 'form'],
  ['rce'],
);

// `$BASH` holds bash's own path, as `$SHELL` a shell's: `$BASH -c id` runs a command line.
exampleTable(
  detector,
  [
    ['rce', '$BASH -c uname'],
    ['rce', '${BASH} -c id'],
  ],
  ['Learn $BASH scripting', '$BASH_VERSION is 5.2', 'costs $BASH'],
  ['q', 'json', 'form'],
  ['rce'],
);

// A tab is a blank to the shell as a space is (`%09` in place of `%20`): a one-line value whose
// words are parted by tabs is read as with spaces. A TSV row of words stays quiet.
exampleTable(
  detector,
  [
    ['rce', 'uname\t-a'],
    ['rce', 'ping\t-c\t3\t127.0.0.1'],
    ['rce', 'cat\t/etc/passwd'],
  ],
  ['name\tid\tls', 'ping\tpong', 'cat\tdog\tbird', 'id\t42', 'uname\tstring\t32'],
  ['q', 'json', 'form'],
  ['rce'],
);

// cmd.exe takes the rest of its line after `/C` (or `/R`, the same per `cmd /?`) as the command,
// with or without a blank after the switch, and ends its own name at `/` (`cmd.exe/cwhoami`, the
// form Sigma's "Cmd.EXE Missing Space Characters Execution Anomaly" rule names). Bare `cmd/c`
// glued is a Go repository's `cmd/` directory far more often: only `cmd.exe` or `cmd` and a
// blank at the start of a command are read so.
exampleTable(
  detector,
  [
    ['rce', 'cmd /cver'],
    ['rce', '&cmd /cwhoami'],
    ['rce', 'cmd.exe/c ver'],
    ['rce', 'cmd.exe/cwhoami'],
    ['rce', 'cmd /r ver'],
    ['rce', 'cmd /q /kipconfig'],
  ],
  ['cmd/client/main.go', 'go build ./cmd/cli', 'src/cmd/cache.go', 'Press Cmd/Ctrl+C to copy', 'the cmd /? help page'],
  ['q', 'json', 'form'],
  ['rce'],
);

// PowerShell's program given code to run, named as Windows users write it (`PowerShell`,
// `PWSH`): Windows reads program names in any case, and PowerShell's command line takes any
// prefix of a parameter's name (`-e`, `-en`, `-enc`, `-encodedcommand`; `-c`, `-command`) and `-ec`.
// A sentence about PowerShell stays quiet.
exampleTable(
  detector,
  [
    ['rce', 'PowerShell -EncodedCommand ZABpAHIA='],
    ['rce', 'PowerShell -NoP -W Hidden -Enc ZABpAHIA='],
    ['rce', 'Powershell.exe -ec ZABpAHIA='],
    ['rce', 'PWSH -Command Get-Process'],
    ['rce', 'powershell -enco ZABpAHIA'],
  ],
  ['PowerShell 7.4 release notes', 'PowerShell Core is cross-platform', 'Pwsh -version 7', 'PowerShell -ExecutionPolicy docs'],
  ['q', 'json', 'form'],
  ['rce'],
);

// A line break as the value's first character (`%0a`) ends the application's command as `;` does:
// the command after it is read as after a leading separator. Text whose break follows a word, and
// a value that opens with a break then prose, stay quiet.
exampleTable(
  detector,
  [
    ['rce', '\necho vulnerable'],
    ['rce', '\r\nprintf RKSDAJ'],
    ['rce', '\ncat .env'],
  ],
  ['\nDear team, see below', '\nthanks for the update', 'Hi\necho chamber', '\nfind the best deals', '\ntest results: 3 passed'],
  ['q', 'json', 'form'],
  ['rce'],
);
