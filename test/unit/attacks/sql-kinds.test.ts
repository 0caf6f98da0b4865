/**
 * SQL kinds that only learned fingerprint keys found before (docs/detection.md, "SQL kinds of the
 * language (branch i18-sqlkinds)"): each is read here by a rule of the language, so a detector
 * without learned keys or learned score (what traffic never seen in the corpora meets) finds it as
 * well as the committed one. Every kind has look-alikes from text with the same words and marks that
 * stay quiet with both.
 */
import { describe } from 'node:test';
import { AttackDetector } from '../../../node/analysis/attacks';
import { exampleTable, RELAXED, sqlLanguageOnly } from './helpers';

/** No learned fingerprint key and a sqli score that never fires: only the rules of the language are left. */
const languageOnly = sqlLanguageOnly();
const committed = new AttackDetector(RELAXED);

const ATTACKS: Array<['sqli', string]> = [
  // Comparisons whose operands are signed, parenthesised or arithmetic; SQL's comparison words over numbers.
  ['sqli', '1 OR+(1)=(1)'],
  ['sqli', '~9-(2) OR 1 = ~1'],
  ['sqli', "foo' and (1+2+3+4+5+6)=7*3--"],
  ['sqli', '1 AND 1 SOUNDS LIKE 1'],
  ['sqli', '1 AND 1 NOT LIKE 0'],
  ['sqli', '1 OR (1 OR 1)--'],
  ['sqli', '1 and 1 not between 0 and 1'],
  ['sqli', "' or 2 between 1 and 3"],
  // MySQL's operators between strings, or a string and a column, after a closing quote.
  ['sqli', "A' SOUNDS LIKE 'B"],
  ['sqli', "'x' sounds like 'y"],
  ['sqli', "A 'RLIKE' B"],
  ['sqli', "A '<=>' B"],
  ['sqli', "aa'|!'aa"],
  ['sqli', "aa' like+'0"],
  ['sqli', "aa' XOR- column != -'0"],
  ['sqli', 'asd" or md5(1)^"1'],
  ['sqli', "' OR UserID IS NOT NULL"],
  ['sqli', "aa' is 0 or '1"],
  ['sqli', "aa'IS NOT NULL or+2-1-1-1 !='0"],
  ['sqli', "' or user like '%"],
  ['sqli', '1 div 0'],
  ['sqli', "admin@example.com' and email = all (select email)--"],
  ['sqli', "x' or email~all(array[email]);analyze--"],
  ['sqli', "' and email not similar to id--"],
  ['sqli', "x' or username like totpSecret escape 'x';"],
  // A closed string, logic, one operand and an operator ending the value: which operators a filter lets through.
  ['sqli', "' or xyz!"],
  ['sqli', "'  xor  abcdefg-"],
  ['sqli', "admin' or 'x' <"],
  // MySQL's IF() selected or opening a comparison; a date before UNION ALL SELECT.
  ['sqli', 'select if(x'],
  ['sqli', 'if(1234='],
  ['sqli', '2020-03-01 UNION ALL SELECT CONCAT'],
  // Error-based subqueries: compared after `=`, as a call's argument, MySQL's duplicate key.
  ['sqli', '56634 or 1=(select system_user)'],
  ['sqli', '1 or 1=(SELECT TOP 1 cast(x as nvarchar) FROM t)--'],
  ['sqli', '1 or 1=system_user'],
  ['sqli', "1 and user_name() = 'dbo'"],
  ['sqli', '1 and exp(~(select * from (select user())a))'],
  ['sqli', '1 and 1=cast((select version()) as int)'],
  ['sqli', 'x,floor(rand(0)*2)'],
  ['sqli', '(select count(*) from generate_series(1,5000000))'],
  ['sqli', "1) from users where username='admin')"],
  // Blind character probes in their spellings.
  ['sqli', '2 and ascii(substring(user(),1,1))=102'],
  ['sqli', '1 and ord(mid((select user()),1,1))>64'],
  ['sqli', 'LENGTH(version())'],
  ['sqli', '146 and substring(version(),1,1)=x'],
  // Column counts after a number or a closing quote.
  ['sqli', '2 group by 7 --'],
  ['sqli', '-1 order by 1,2,3--'],
  ['sqli', '3 group by 16/*'],
  ['sqli', "1' group by 3-- -"],
  // Stacked statements the statement verbs miss, MATCH ... AGAINST broken out of; a decimal before UNION.
  ['sqli', "x' AND email IS NULL; --"],
  ['sqli', '1;load xml infile "foo"'],
  ['sqli', '1;load data local infile "/etc/passwd"'],
  ['sqli', "'; while 1=1 shutdown--"],
  ['sqli', '1; if exists ( select 1'],
  ['sqli', "1' in boolean mode);select 1"],
  ['sqli', 'EXEC(@stored_proc @param)'],
  ['sqli', '-355.00 union select USER/**/'],
];

const LOOK_ALIKES = [
  // Search text naming SQL words, sorting words, enumerations.
  'how to use union select in mysql',
  'order by price',
  'sort by newest, group by brand',
  'group by 3 people',
  '1) Intro (2) Setup',
  '(1) first (2) second or (3) third',
  'Tom & Jerry (1940)',
  // Prose with select; a form's hint in parentheses; a subquery-like phrase in prose.
  'Please select an option from the list',
  'Colour (select one)',
  'x = (select one)',
  'options, (select any two)',
  // Math and logic in text.
  'a xor b',
  'x xor y is true when they differ',
  '3 div 4 layout',
  'either 2 or 3 (between 1 and 5)',
  'pages 10 and 12 like before',
  // CSV of numbers; a quoted word in prose; a quoted operator in a sentence.
  '1,2,3,4,5',
  '10,20,30,40',
  "use 'a' or 'b'",
  "I 'like' pizza",
  "press '+' to zoom",
  "the 'regexp' option is slow",
  // A random pick (JavaScript), a shell loop.
  'Math.floor(Math.random()*2)',
  'done; if [ -f x ]; then y; fi',
  // Quantifiers, IF and similarity in text; a date then a union in prose.
  'email = all (see the list)',
  'if (x) then y',
  '2020-03-01 union meeting notes',
  // An apostrophe then prose and a conjunction.
  "'Tis now or never!",
  "rock 'n' roll or jazz!",
  "O'Brien is not here or 'later'",
  "it's 5 or 6 o'clock",
];

/**
 * Look-alikes the rules above leave quiet but the committed learned keys flag (`(E`, `f(f(`
 * prefixes: a hint in parentheses, PHP reading a character, a quoted word and a conjunction): left to
 * the learned keys' own rounds.
 */
const LANGUAGE_LOOK_ALIKES = [
  '(select your size from the chart)',
  'ord(substr($name, 0, 1)) > 127',
  "'Cool' and looks similar to this",
];

describe('the language only (no learned key, no learned score)', () =>
  exampleTable(languageOnly, ATTACKS, [...LOOK_ALIKES, ...LANGUAGE_LOOK_ALIKES], ['q', 'form', 'json'], ['sqli']));
describe('with the committed models', () => exampleTable(committed, ATTACKS, LOOK_ALIKES, ['q', 'form', 'json'], ['sqli']));
