/**
 * SQL the sqli readers did not read before branch i18-sqli6 (docs/detection.md, "SQL injection
 * recall, sixth session (branch i18-sqli6)"): each example is read by a rule of the language, so a
 * detector without learned keys or learned score finds it as well as the committed one. Every rule
 * has look-alikes from text and code with the same words and marks that stay quiet with both.
 */
import { describe } from 'node:test';
import { AttackDetector } from '../../../node/analysis/attacks';
import { exampleTable, RELAXED, sqlLanguageOnly } from './helpers';

/** No learned fingerprint key and a sqli score that never fires: only the rules of the language are left. */
const languageOnly = sqlLanguageOnly();
const committed = new AttackDetector(RELAXED);

const ATTACKS: Array<['sqli', string]> = [
  // A closed string continued by a comma and literals to the end: the rest of a select list, a
  // VALUES tuple or an IN list the application's query goes on with.
  ['sqli', "hash = 'abc', 0x1a"],
  ['sqli', "product = 'item', (5)"],
  ['sqli', "', 2, 1"],
  ['sqli', "' ', 10"],
  ['sqli', "'', '', '', '', 13"],
  // SQLite's likelihood(X, P): its second argument a probability constant.
  ['sqli', "admin@juice-sh.op\\' and( likelihood (id,.0));'"],
  ['sqli', "' or likelihood(1, 0.5)--"],
  // A delay whose length is a condition; a tautology closing a bracket (`' or 1]`, then a NUL).
  ['sqli', 'ays-question-4) or sleep(if(1>0,6,0)'],
  ['sqli', "' or 1]"],
  // PRINT stacked after a closed string, its string glued to it.
  ['sqli', "';print'"],
  // A CASE over literals (strings or numbers), as a boolean or error probe.
  ['sqli', "case '1' when 2 then 2 end"],
  ['sqli', "case 1 when 's' then 2 end"],
  // The database's identity compared after logic with any operand.
  ['sqli', '1\nand current_user=1'],
  ['sqli', '1 and current_user=@version'],
  ['sqli', '1 and current_user=notthere()'],
  // A number, logic, then a column tested for NULL to the end.
  ['sqli', '1 || user_id is not null'],
  ['sqli', '5 or email is null--'],
  // A number, logic, then a column tested against a `%` pattern.
  ['sqli', "1 or name like '%'"],
  // SQL's niladic functions, bare, after an operator glued to a closed string or a logic word.
  ['sqli', "aa' / current_date regexp '0"],
  ['sqli', "aa'|LOCALTIME*0!='1 "],
  ['sqli', '.1or-UTC_DATE--'],
  // A closed string, arithmetic with a column, then the string the application closes opened.
  ['sqli', "1' * id - '0"],
  ['sqli', "1'*column-0-'0"],
  // ... also with logic, comparisons and NULL (MySQL's `\\N`) over the column.
  ['sqli', "asd'|column&&'1"],
  ['sqli', "1'/column is not null - ' "],
  ['sqli', "'is\\N-!'"],
  // A number or numeric expression, then a comment ending the value.
  ['sqli', '1 --'],
  ['sqli', '1 * 1/*'],
  // The database's identity read through a nested string function.
  ['sqli', 'uncompress(compress(version()))'],
  ['sqli', 'LENGTH(compress(version()))'],
  // Select list items in parentheses; logic over numbers nested from the value's first parenthesis.
  ['sqli', 'select (1),(2),3 from bar where'],
  ['sqli', "select ('1'),(2),3 from bar where"],
  ['sqli', '((1) OR (1 OR 1))--'],
  // MySQL's line comments end at a line break: what follows is read again.
  ['sqli', '-1#\r\n\r\nunion'],
  ['sqli', '-1#union ##\r\n--\r\n--\r\n\r\nunion\r\n#rfae\r\n##union'],
  ['sqli', '-1 -- x\nunion select 1'],
  // A comment naming sp_password: SQL Server leaves such a statement out of its trace.
  ['sqli', '1-- foo sp_password'],
  ['sqli', '--sp_password'],
  // A number written with an empty exponent glued to a dotted name (MySQL reads `1.e` as a number).
  ['sqli', '1.e.tables'],
  ['sqli', 'SELECT information_schema 1337.e.tables 13.37e.table_name'],
  // The catalogue spelled with bracket or backquote identifiers.
  ['sqli', 'SELECT"table_name"FROM[information_schema].[tables]'],
  ['sqli', 'select * from `information_schema`.`columns`'],
  // Oracle's float and double literals (`1f`, `1d`) glued to UNION.
  ['sqli', '1FUNION SELECT 2'],
  ['sqli', '-1dUNION SELECT column_name FROM table_name'],
];

const LOOK_ALIKES = [
  // Lists and quotes of text and code.
  "'hello', 5 times",
  "('a', 1)",
  "O'Brien, 5",
  "foo('abc', 10)",
  "he said 'yes', 2 days ago",
  '"Widget", 10',
  // likelihood, print, case, current_user and null in prose and code.
  'the likelihood (about 0.5) is low',
  'likelihood(model, data)',
  'Save; print later',
  "I'll sleep(if I can) later",

  "print('done')",
  "in case 'a' fails, retry",
  'current_user is the logged-in user',
  '1 or 2 items is null and void',
  "Rock 'n' roll",
  "rock'n'roll - 'n' + x",
  'between start and current_date',
  "the 'current_date' column",
  'ratio 3 * width - 2',
  // A number, a definition verb and words naming no kind of object: a product name.
  '18 CREATE GOLD',
  '2 DROP EARRINGS SILVER',
  "I'm here & 'there",
  "5' x 7' - 'door",
  'Pages 1-- 12',
  'compress(data)',
  'Select (one) from the list',
  // Markdown headings and shell comments before a line.
  '# Heading\nunion members meet on Monday',
  '#1 choice\nunion station',
  'see 1.e.g. the manual',
  'version 2.1.0',
  'sp_password docs',
  '[tables].[information]',
  '1F UNION street',
  '1d',
  '2for1 deal',
];

describe('the language only (no learned key, no learned score)', () =>
  exampleTable(languageOnly, ATTACKS, LOOK_ALIKES, ['q', 'form', 'json'], ['sqli']));
describe('with the committed models', () => exampleTable(committed, ATTACKS, LOOK_ALIKES, ['q', 'form', 'json'], ['sqli']));
