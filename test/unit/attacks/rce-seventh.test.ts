/**
 * The seventh rce round (docs/detection.md, "Command and code injection, seventh round (branch
 * i18-rce7)"): forms read from the grammar of the language that runs them, each class beside the
 * look-alikes that must stay quiet (prose, Java names in text, arrays of other languages, file
 * names with a bar, XML declarations, paths with a slash).
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import { exampleTable, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

// Rhino's and Nashorn's `Packages.` reaches any Java package from a script (ServiceNow's Jelly
// `<g:evaluate>`, CVE-2024-5217): `Packages.java.io.File` is `java.io.File`. A word "packages"
// in prose, npm's packages and a Java package named without a class stay quiet.
exampleTable(
  detector,
  [
    ['rce', 'z=new Packages.java.io.File("").getAbsolutePath();'],
    ['rce', 'new Packages.java.io.File("/etc/passwd")'],
    ['rce', 'Packages.java.lang.Runtime.getRuntime()'],
  ],
  ['Install packages.java.io for docs', 'npm packages', 'Packages: java, kotlin, scala', 'see Packages.md'],
  ['q', 'json', 'form'],
  ['rce'],
);

// Groovy's `List.execute()` runs a list of strings as a program and its arguments, as
// `String.execute()` runs a line. An array element's method of another language and a list
// mapped in JavaScript stay quiet.
exampleTable(
  detector,
  [
    ['rce', "['id'].execute().text"],
    ['rce', "['sh','-c','id'].execute()"],
    ['rce', '["cat", "/etc/passwd"].execute()'],
  ],
  ['items[0].execute()', "['a','b'].map(x)", 'tasks.execute()', 'job["run"].execute()'],
  ['q', 'json', 'form'],
  ['rce'],
);

// Perl's and Ruby's `open` given a pipe runs a command (`"|id"`, `"id|"`, Perl's `-|` mode); a
// bar inside a file name, alone, or in JavaScript's window.open stays quiet.
exampleTable(
  detector,
  [
    ['rce', 'open("|id")'],
    ['rce', 'open(F, "id|")'],
    ['rce', "open(my $fh, '-|', 'id')"],
    ['rce', 'open("| cat /etc/passwd")'],
  ],
  ['window.open("|")', 'open("a|b")', 'open("report.txt")', 'Press open(|) to start', 'open(file, "r")'],
  ['q', 'json', 'form'],
  ['rce'],
);

// cmd.exe's variables whose value a default install fixes, cut with `:~start,length`: a blank
// or nothing spelled so a filter sees no command. Prose with a percent sign stays quiet.
exampleTable(
  detector,
  [
    ['rce', 'ping%CommonProgramFiles:~10,-18%127.0.0.1'],
    ['rce', 'who%CommonProgramFiles:~0,0%ami'],
    ['rce', 'who%ALLUSERSPROFILE:~0,0%ami'],
  ],
  ['Save 10% on %OS% upgrades', '100% of %CommonProgramFiles%', 'discount 5%'],
  ['q', 'json', 'form'],
  ['rce'],
);

// cmd.exe ends a command's name at `/`: a switch glued to a Windows program after a separator
// (`&whoami/all`, CRS 932380's `&bcdboot/r file.txt`). For other names `a/b` stays a path, as a
// Unix shell reads it, and a program's name with a slash in prose is no command.
exampleTable(
  detector,
  [
    ['rce', 'a&whoami/all'],
    ['rce', '&ipconfig/all'],
    ['rce', 'view=image.jpg&bcdboot/r file.txt'],
    ['rce', 'x|tasklist/v'],
  ],
  ['a|node/express', 'see whoami/all docs', 'whoami/all', 'x|docs/readme', 'ipconfig/all.md'],
  ['q', 'json', 'form'],
  ['rce'],
);

// PowerShell's cmdlets that wait, start a program or fetch and run a script, by their full names
// as their aliases (`iex`, `iwr`) are read: after a separator, in a substitution, and
// `Start-Sleep` with a count as the whole value. Prose naming them stays quiet.
exampleTable(
  detector,
  [
    ['rce', ';Start-Sleep -s 5'],
    ['rce', '|Start-Sleep 5'],
    ['rce', '$(Start-Sleep 5)'],
    ['rce', '| Start-Process calc'],
    ['rce', 'Start-Sleep 5'],
    ['rce', 'Start-Sleep -Seconds 10'],
  ],
  ['Use Start-Sleep to wait', 'start-sleep 5 minutes later', 'Start-Sleep', 'Get-ChildItem | Start-Process'],
  ['q', 'json', 'form'],
  ['rce'],
);

// A processing instruction of another target than PHP is no code in any language: PHP opens code
// only at `<?php`, `<?=` or `<?` and a blank (CRS 933100's negative test `<?xphp system('id'); ?>`).
// What is outside the instruction is read as before, and PHP's own tags stay attacks.
exampleTable(
  detector,
  [
    ['rce', "<?php system('id'); ?>"],
    ['rce', "<?PHP system('id'); ?>"],
    ['rce', "<? system('id'); ?>"],
    ['rce', "<?=system('id')?>"],
    ['rce', '<?xml version="1.0"?><a>;cat /etc/passwd</a>'],
    ['rce', '<?xml version="1.0"?><x>$(id)</x>'],
  ],
  ["<?xphp system('id'); ?>", '<?xml-stylesheet href="system(\'x\')"?>', '<?xml version="1.0" encoding="UTF-8"?>'],
  ['q', 'json', 'form'],
  ['rce'],
);

// The shell's timing probe alone on the value's last line after a line break (`%0asleep 5`): the
// break ends the application's command. A guide's `sleep 5` between other lines, `sleep 5
// seconds` and a loop shown whole stay quiet.
exampleTable(
  detector,
  [
    ['rce', '\nsleep 5'],
    ['rce', 'a\nsleep 5'],
    ['rce', 'a\r\nsleep 10\r\n'],
  ],
  ['Then wait:\nsleep 5 seconds\n', 'while true; do\ncurl x\nsleep 5\ndone', 'Step 1\nsleep 10\nStep 2', 'I sleep 8 hours'],
  ['q', 'json', 'form'],
  ['rce'],
);

// A program only Windows ships by its path under the system directory, as the whole value or
// after a separator, as `/usr/bin/whoami` is read on Unix. A program both systems name (CRS's
// negative test `C:\Windows\System32\ls`), a file under System32, a service's binary and a path
// inside a sentence stay quiet.
exampleTable(
  detector,
  [
    ['rce', 'C:\\Windows\\System32\\whoami.exe'],
    ['rce', '&c:\\windows\\system32\\ipconfig /all'],
    ['rce', 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'],
  ],
  [
    'C:\\Windows\\System32\\ls',
    'C:\\Windows\\System32\\svchost.exe',
    'Open C:\\Windows\\System32\\cmd.exe to start',
    'C:\\Windows\\System32\\en-US\\whoami.exe.mui',
  ],
  ['q', 'json', 'form'],
  ['rce'],
);

// PowerShell starting a process through its .NET type, `System.` left out as its type literals
// allow; the type named in prose stays quiet.
exampleTable(
  detector,
  [
    ['rce', '[Diagnostics.Process]::Start("cmd","/c whoami")'],
    ['rce', "[diagnostics.process]::start('calc')"],
  ],
  ['The [Diagnostics.Process] class docs', 'see Diagnostics.Process.Start in the manual'],
  ['q', 'json', 'form'],
  ['rce'],
);

// Lua's `os.execute` given a string (as `io.popen` is read), PHP reaching a risky function through
// reflection, and a Node function built from text that returns `process`. Prose naming them, an
// application's own function reflected, and `Function('return this')` (the global object every
// polyfill reaches) stay quiet as rce.
exampleTable(
  detector,
  [
    ['rce', "os.execute('id')"],
    ['rce', 'os.execute([[id]])'],
    ['rce', "new ReflectionFunction('system')"],
    ['rce', "(new ReflectionFunction('system'))->invoke('id')"],
    ['rce', 'Function("return process")().mainModule'],
  ],
  ['the os.execute function', 'os.execute(cmd)', "new ReflectionFunction('myHelper')", "Function('return this')()"],
  ['q', 'json', 'form'],
  ['rce'],
);
