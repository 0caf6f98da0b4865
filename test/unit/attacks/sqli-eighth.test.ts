/**
 * SQL the sqli rules did not read before branch i18-sqli8 (docs/detection.md, "SQL injection
 * recall, eighth session (branch i18-sqli8)"): a value cut by a comment after an operand or a
 * condition, UNION and SELECT reordered before a select list, MySQL's division and shift operators
 * between the quotes of a break-out, a table-valued function read FROM, NOT after logic glued to a
 * closed string, and the database's identity then LIMIT. Look-alikes with the same marks in text stay quiet.
 */
import { describe } from 'node:test';
import { AttackDetector } from '../../../node/analysis/attacks';
import { exampleTable, RELAXED, sqlLanguageOnly } from './helpers';

const CUT_BY_COMMENT: Array<['sqli', string]> = [
  // A variable alone, then a comment: the operand the query wanted, the rest dropped.
  ['sqli', '@version--'],
  ['sqli', '@version /*'],
  ['sqli', '@@datadir --'],
  // A number, logic and a number, then a comment.
  ['sqli', '348 and 1/*'],
  ['sqli', '7 or @a = 1 --'],
  // A number, then a WHERE condition over a qualified column, then a comment.
  ['sqli', '3 where prod.id=3/*'],
  ['sqli', '12 and users.role <> 0 --'],
];

const CUT_LOOK_ALIKES = [
  // Words before the dashes: a sentence trailing off, a signature.
  'see 3 --',
  'version 2 --',
  'page 3/*',
  '3 --- ok',
  // Text after the dashes, prose with parentheses.
  '(1) -- ok',
  '1 and 2 -- see the table',
  // A WHERE in a sentence: words compared with nothing.
  '3 where the id is 3 --',
  // An empty JSON field, a mail address then dashes.
  '{"offset":""}',
  'bob@example.com --',
];

const REORDERED_UNION: Array<['sqli', string]> = [
  ['sqli', '-747 select union 1,2,3,4,5,6/*'],
  ['sqli', "1' select union 1,2,3,4,5,6/*"],
  ['sqli', '5 select union all 1, 0x41 --'],
];

const REORDERED_LOOK_ALIKES = [
  // Search text naming the words, prose with numbers.
  'select union 1',
  'Select "union" from the list, 1, 2 or 3',
  '2 select union members',
];

const QUOTED_OPERATORS: Array<['sqli', string]> = [
  // MySQL's division and shifts between the quotes of the break-out: `'A' / 'B'`, `'' << ''`.
  ['sqli', "A' / 'B"],
  ['sqli', "' / '"],
  ['sqli', "A' << 'B"],
  ['sqli', "'<<'"],
  ['sqli', "' >> '"],
  // Operands chained, the last the string the application closes; a signed tail.
  ['sqli', " aa' / '1' < '3"],
  ['sqli', "-1'=-'+1"],
];

const QUOTED_LOOK_ALIKES = [
  // The root path quoted, a quoted path, quoted operators in prose (a space on one side).
  "'/'",
  "'/usr/bin'",
  "A '/' B",
  "press '<<' to go back",
  "use '>>' to append",
  // Product names and heights with quotes.
  "Levi's 501 / Wrangler",
  "5' / 6'",
];

const TABLE_FUNCTIONS: Array<['sqli', string]> = [
  // Grafana's DuckDB expression (CVE-2024-9264 in a JSON field); PostgreSQL's series.
  ['sqli', "SELECT content FROM read_blob('/etc/passwd')"],
  ['sqli', "select * from read_csv('/etc/passwd')"],
  ['sqli', 'select * from generate_series(1,5) --'],
];

const TABLE_FUNCTION_LOOK_ALIKES = [
  // A word in parentheses after "from": prose.
  'select one from list(a, b)',
  'select any from menu (see below)',
  'choose from the menu (1-5)',
];

const NEGATED_LOGIC: Array<['sqli', string]> = [
  // Logic glued to a closed string, then NOT and a literal: `'' or not false`, the rest commented out.
  ['sqli', "'or not false #aa"],
  ['sqli', "'and not 1"],
  ['sqli', "a'or not null"],
];

const NEGATED_LOOK_ALIKES = [
  // A word glued to a quote then "or not" and words: prose.
  "rock'or not",
  "they're or not true",
  "to be'or not to be",
];

const IDENTITY_LIMITED: Array<['sqli', string]> = [
  // The database's identity selected, then LIMIT offset,count: one row of a UNION's select list.
  ['sqli', '19 version() LIMIT 1,1'],
  ['sqli', 'user() limit 0,1 --'],
];

const IDENTITY_LOOK_ALIKES = [
  // "version" without its call, a call with words after the limit.
  'version limit 1,1',
  'the version() limit 1, 2 of us',
  'speed limit 1,000 miles',
];

const TABLES: Array<[string, Array<['sqli', string]>, string[]]> = [
  ['a value cut by a comment', CUT_BY_COMMENT, CUT_LOOK_ALIKES],
  ['UNION and SELECT reordered', REORDERED_UNION, REORDERED_LOOK_ALIKES],
  ['division and shifts between quotes', QUOTED_OPERATORS, QUOTED_LOOK_ALIKES],
  ['a table-valued function read FROM', TABLE_FUNCTIONS, TABLE_FUNCTION_LOOK_ALIKES],
  ['NOT after logic glued to a closed string', NEGATED_LOGIC, NEGATED_LOOK_ALIKES],
  ['the identity then LIMIT', IDENTITY_LIMITED, IDENTITY_LOOK_ALIKES],
];

for (const [topic, attacks, lookAlikes] of TABLES) {
  describe(`${topic}, the language only`, () =>
    exampleTable(sqlLanguageOnly(), attacks, lookAlikes, ['q', 'form', 'json'], ['sqli']));
  describe(`${topic}, the committed models`, () =>
    exampleTable(new AttackDetector(RELAXED), attacks, lookAlikes, ['q', 'form', 'json'], ['sqli']));
}
