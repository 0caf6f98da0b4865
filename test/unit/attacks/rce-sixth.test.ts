/**
 * The sixth rce round (docs/detection.md, "The rce language round, sixth session (branch
 * i18-rce6)"): shell and cmd.exe forms read from their grammar, each class beside the look-alikes
 * that must stay quiet (file-name globs, JSONPath, code in other languages, prose about aliases,
 * a project's own scripts).
 */
import { AttackDetector } from '../../../node/analysis/attacks';
import { exampleTable, RELAXED } from './helpers';

const detector = new AttackDetector(RELAXED);

// A `/` padded into a bracket expression of an absolute path: pathname expansion never matches a
// slash with a bracket expression, so the padding only breaks up the word a filter looks for.
// File-name globs and placeholders in paths (words, or a slash named once) stay quiet.
exampleTable(
  detector,
  [
    ['rce', 'cat /[e/////////]tc/[p//]asswd'],
    ['rce', 'ls /a[b///]c'],
    ['rce', 'ls /a[a//]c'],
    ['rce', '/[e///]tc'],
  ],
  ['/api/[version/name]', '/docs/[a/b]', 'app/[slug]/page.tsx', '/files/report[12].pdf', 'ls *.txt', "find . -name '[ab]*.log'"],
  ['q', 'json', 'form'],
  ['rce'],
);

// Arithmetic expansion: a command substitution inside `$((...))` runs before the sum; bash's old
// `$[...]` left empty is 0. JSONPath's `$[...]` has a subscript; a price in `$((5))` has no command.
exampleTable(
  detector,
  [
    ['rce', '$(( $() 42 ))'],
    ['rce', '$(($(id)+1))'],
    ['rce', '$[]'],
  ],
  ['$[0].name', "$['store']", '$.store.book[*]', 'price $((5))'],
  ['q', 'json', 'form'],
  ['rce'],
);

// cmd.exe's IF with `==` glued to bare words then a command, and a batch parameter's test
// (`%1`): Lua's `then`, Python's `:`, C's parentheses, blanks around `==` in prose and `a==b` in
// a query's filter stay quiet.
exampleTable(
  detector,
  [
    ['rce', 'if a==b foo'],
    ['rce', 'if /i %x%==y calc'],
    ['rce', 'if not {%1} == {}'],
    ['rce', 'if %1==debug'],
  ],
  ['if a == b and c', 'if a==b then c end', 'if a==b: foo', 'x==y', 'sort=price==asc', 'status==open'],
  ['q', 'json', 'form'],
  ['rce'],
);

// A program that is no word named by its bin path without the leading `/`; a project's scripts
// (`bin/rails`) and a program that is a word (`bin/chef`) stay quiet.
exampleTable(
  detector,
  [
    ['rce', 'bin/visudo'],
    ['rce', 'bin/ansible'],
    ['rce', 'usr/sbin/cscli'],
  ],
  ['bin/rails', 'bin/setup', 'bin/chef', 'bin/console', 'node_modules/.bin/tsc'],
  ['q', 'json', 'form'],
  ['rce'],
);

// bash's tilde prefixes for the working directories (`~+` is $PWD, `~-` $OLDPWD, `~+2` the
// directory stack) as the whole value; a tilde with a bare number ("about 5"), a home path and
// tildes in text stay quiet.
exampleTable(
  detector,
  [
    ['rce', '~+'],
    ['rce', '~-'],
    ['rce', '~-1'],
    ['rce', '~+5'],
  ],
  ['~0', '~1', '~5 min', '~/docs', '~-~', 'a~-b', '~~', '~'],
  ['q', 'json', 'form'],
  ['rce'],
);

// `+` for space in a value without spaces (form encoding one layer left undone), for a command
// line without any shell character: `+dir+c:/` is `dir c:/`. Words and sums joined by `+` stay quiet.
exampleTable(
  detector,
  [
    ['rce', '+dir+c:/'],
    ['rce', 'dir+c:\\'],
  ],
  ['cat+dog', 'c++', 'ls+-la', '1+1', 'a+b+c', 'more+info'],
  ['q', 'json', 'form'],
  ['rce'],
);
