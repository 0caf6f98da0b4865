import { SQLI_FINGERPRINTS } from './sqli-fingerprints';
import { hasEvidence, type SignalScore } from './scoring';
import { COMMON_CALLS, FingerprintSet, SQL_FUNCTIONS, SqlLexer } from './sql-tokens';

/**
 * Shapes no text but SQL has, kept besides the learned set and tested on the whole shape (not
 * only its first tokens): UNION followed by SELECT anywhere (after `for update`, `is not
 * unknown`...) unless only a lone word follows ("union select committee" is prose), a statement
 * stacked after a number or a closed string, and a closed string followed by ORDER BY / GROUP BY /
 * HAVING / LIMIT. A stacked statement whose keyword is followed by one word and another statement
 * keyword (`1; exec will create the case 7`) is a sentence: no SQL statement puts two verbs around
 * one name (docs/detection.md, "The rce language round, third session").
 */
const CORE = /UE(?:$|[^n]|n[k,o&(])|^[1s]\)*;E(?!nE)|^s\)*B/;
/** That sentence after `1;` (two statement verbs around one name), for the learned shapes too. */
const STACKED_SENTENCE = /^[1s]\)*;EnE/;
/**
 * A closed string followed only by a comment (`admin'--`, the login bypass), or by an operator or
 * logic word and up to three operands before the comment that cuts the rest of the query
 * (`user'collate nocase--`, `z'or email notnull--`).
 */
const CLOSED_THEN_COMMENT = /^s\)*(?:[o&][n1s]{1,3})?c$/;
/**
 * Words, then the first quote after a space (`BAMBOO CHARCOAL SOAP 1 '#`): a stray mark in text. The
 * quote that closes the application's string follows the value it closes (`admin'#`, `1' --`) or
 * opens the value (`'#`).
 */
const WORDS_THEN_SPACED_QUOTE = /^\s*[^\s'"]+\s+[^'"]*?\s'/;

/** The committed learned set (the detector may be given another one: DetectionModels). */
export const LEARNED_SQLI = new FingerprintSet(SQLI_FINGERPRINTS);
/** This thread's lexer (detection is synchronous: one value is lexed at a time). */
const lexer = new SqlLexer();

/**
 * Plain prose: ASCII letters, ASCII whitespace and full stops only, and none of the words that
 * read as a UNION-like keyword or a literal. Its shape then has only names, keywords, statement
 * verbs, logic, operators, grouping clauses and `x`, and no learned fingerprint or CORE shape is
 * made of those alone (the property test in sql-shape.test.ts checks both against the set).
 */
const PROSE_CHARACTERS = /^[A-Za-z\t\n\v\f\r .]*$/;
// Spelled out in both cases: never slower than the same alternation with the `i` flag (up to twice as fast measured here).
const VALUE_WORDS =
  /[uU][nN][iI][oO][nN]|[iI][nN][tT][eE][rR][sS][eE][cC][tT]|[eE][xX][cC][eE][pP][tT]|[nN][uU][lL][lL]|[tT][rR][uU][eE]|[fF][aA][lL][sS][eE]/;

/**
 * The text up to its 48th whitespace-separated run: in prose no token spans whitespace, so the
 * lexer's first MAX_RAW_TOKENS (48) tokens of the plain reading lie within it and the rest is
 * never read. A quote anywhere makes hasInjectionShape read the value after a quote too (where
 * the text up to that quote is one string token): such a value is not prose.
 */
const LEXED_PREFIX = /^(?:\s*\S+){1,48}/;

export function isPlainProse(value: string): boolean {
  if (value.includes("'") || value.includes('"')) return false;
  const lexed = LEXED_PREFIX.exec(value)?.[0] ?? value;
  return PROSE_CHARACTERS.test(lexed) && !VALUE_WORDS.test(lexed);
}

const SQL_WORD =
  /^(?:select|union|insert|update|delete|drop|from|where|and|or|not|null|true|false|exec|execute|waitfor|sleep|order|group|by|having|limit|into|values|like|intersect|except|case|when|then|else|end|table|all|set)$/i;

/**
 * Search text that names SQL words ("how to use union select in mysql"): letters, spaces and
 * sentence punctuation only, opening with two words that are not SQL. An injection starts with
 * what closes the application's context (a quote, a number, a parenthesis), not with prose.
 */
export function isProseNamingSql(value: string): boolean {
  if (!/^[A-Za-z ,.?!]{1,300}$/.test(value)) return false;
  const words = value.trim().split(/[ ,.?!]+/);
  return words.length >= 3 && !SQL_WORD.test(words[0]) && !SQL_WORD.test(words[1]);
}

/**
 * SQL injection: the value's token shape, read as-is or after a quote, is an injection shape.
 * (Plain prose never is: callers ask isPlainProse first, the cheaper question.) Text whose quotes
 * or words are not SQL is read as what it is (docs/detection.md "sqli"): English contractions,
 * French/Italian elisions (`D'or`) and HTML character references are folded first; a value whose
 * quotes are all units or possessives (`MATS 5" BY 7"`, `WOMEN'S`) has no string to break out of;
 * a search of "quoted phrases" (`"WHITE" + "PLATE"`) is a search, whichever way it is read; an
 * identifier or token without spaces
 * (`OR-9-9WYT`, `/uploads/449e0828.jpg`, base64) and numbers joined by a preposition (`3 BY 5
 * RECIPE CARDS`) are not learned-shape evidence as written. CORE shapes count in every case.
 */
export function hasInjectionShape(value0: string, learned: FingerprintSet = LEARNED_SQLI): boolean {
  const value = foldTextMarks(value0);
  const units = hasUnitQuotes(value);
  const strayApostrophe = !units && isPhraseAfterApostrophe(value);
  const phrases = !units && value.includes('"') && (strayApostrophe || isPhraseSearch(value));
  // Shapes are asked up to the first `;` when no `;` of the value starts a statement (`HAT 18';`, `WOMEN';S`).
  const cut = value.includes(';') && !startsStatement(value);
  // A comment followed by text is no comment that ends the attacker's part (isTextAfterComment).
  const textComment = isTextAfterComment(value);
  const shapeOf = (s: string): string => readUpToText(lexer.shape(s), cut, textComment);
  const plain = shapeOf(value);
  if (
    CORE.test(plain) ||
    (!units && !phrases && !isTokenOrMeasure(value, plain) && !STACKED_SENTENCE.test(plain) && learned.matches(plain))
  )
    return true;
  if (value.includes("'")) {
    const quoted = shapeOf("'" + value);
    const closes = endsOutsideOtherQuote("'" + value, 0x22) && !strayApostrophe && !hasUnknownCollation(value);
    // `"#2 MOM"` reads as string-comment too; only a single quote closes strings everywhere.
    // Words then a stray spaced quote and a comment (`BAMBOO CHARCOAL SOAP 1 '#`) are text for the
    // learned shapes too, which may hold the same string-then-comment shape.
    const strayThenComment = CLOSED_THEN_COMMENT.test(quoted) && WORDS_THEN_SPACED_QUOTE.test(value);
    const closedThenComment = CLOSED_THEN_COMMENT.test(quoted) && !strayThenComment;
    if (CORE.test(quoted) || (!units && closes && !strayThenComment && (closedThenComment || learned.matches(quoted))))
      return true;
  }
  if (!value.includes('"')) return false;
  const quoted = shapeOf('"' + value);
  return CORE.test(quoted) || (!units && !phrases && endsOutsideOtherQuote('"' + value, 0x27) && learned.matches(quoted));
}

/**
 * A stray apostrophe before a search of "quoted phrases" (`'-"8 TRACK" PLAYER`): read as a break-out,
 * all that follows the quote is a phrase and words, with none of the syntax a break-out goes on
 * with (BREAK_OUT_SYNTAX: a comparison, a separator, a comment, a call). The double quotes pair
 * around words as a search box's do (isPhraseSearch), so the value is a search, not SQL.
 */
function isPhraseAfterApostrophe(value: string): boolean {
  return value.includes('"') && !BREAK_OUT_SYNTAX.test(value) && isPhraseSearch(value.replace(/'/g, ' '));
}

/**
 * COLLATE takes a collation's name: one a database has built in (`binary`, `nocase`, `rtrim`, `C`,
 * `POSIX`, `default`, `unicode`), a charset-qualified one (`utf8mb4_general_ci`,
 * `SQL_Latin1_General_CP1_CI_AS`: always with `_`), or a quoted one (`"de-x-icu"`, `` `nocase` ``).
 * A bare word that is none of these (`user'collate foo--`) makes every database refuse the query.
 */
const COLLATE_NAME = /\bcollate\s+([A-Za-z]\w*)/gi;
const COLLATION_NAMES = 'binary|nocase|rtrim|c|posix|default|unicode|[A-Za-z0-9]+_\\w+';
const COLLATION = new RegExp(`^(?:${COLLATION_NAMES})$`, 'i');
function hasUnknownCollation(value: string): boolean {
  if (!/collate/i.test(value)) return false;
  for (const m of value.matchAll(COLLATE_NAME)) if (!COLLATION.test(m[1])) return true;
  return false;
}

/**
 * Whether a reading (the value after the quote of the application's string it breaks out of) ends outside a
 * string of the other quote `other`: when it ends inside one (`'-"8`: `''-"8'`), the application's
 * closing quote is swallowed by it and the query cannot be complete, whatever its shape. A comment
 * outside strings ends the reading (what follows it is cut).
 */
function endsOutsideOtherQuote(value: string, other: number): boolean {
  if (value.indexOf(String.fromCharCode(other)) < 0) return true;
  let open = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (open !== 0) {
      if (c === 0x5c) i++;
      else if (c === open) open = 0;
      continue;
    }
    if (c === 0x22 || c === 0x27) open = c;
    else if (c === 0x23 || (c === 0x2d && value.charCodeAt(i + 1) === 0x2d) || (c === 0x2f && value.charCodeAt(i + 1) === 0x2a))
      return true;
  }
  return open !== other;
}

/**
 * What SQL can run after a `;`: a statement (its verb, a label `x:`, or a call: `; pg_sleep(5)`) or a comment that
 * cuts the rest of the query (`admin';--`). A `;` followed by nothing, another word or punctuation
 * (`HAT 18';`, `60;S MOD`, `BOOKMAR';[K]]`) separates text: a stacked query needs its statement.
 */
const STATEMENT_AFTER_SEMICOLON = new RegExp(
  ';\\s*(?:--|#|\\/\\*|\\(|[a-z_][\\w$.]*\\s*\\(|[a-z_]\\w*:(?!\\/\\/)|(?:' +
    `select|insert|update|delete|drop|create|alter|truncate|exec|execute|declare|waitfor|shutdown|grant|revoke|merge|rename
    |handler|begin|set|with|commit|rollback|if|while|print|call|use|kill|load|show|desc|describe|explain|backup|restore
    |reconfigure|do|lock|unlock|analyze|pragma|attach|copy|values|table|replace|start|prepare|deallocate|return|goto
    |raiserror|throw|vacuum|dbcc|bulk|open|fetch|close|sleep|benchmark|union`.replace(/\s+/g, '') +
    ')\\b)',
  'i',
);
function startsStatement(value: string): boolean {
  return STATEMENT_AFTER_SEMICOLON.test(value);
}

/**
 * The shape up to its first `;` when the value's semicolons separate text (see
 * STATEMENT_AFTER_SEMICOLON), and without its closing comment when text follows the comment mark.
 */
function readUpToText(shape: string, cut: boolean, textComment: boolean): string {
  let s = shape;
  if (cut) {
    const at = s.indexOf(';');
    if (at >= 0) s = s.slice(0, at);
  }
  return textComment && s.endsWith('c') ? s.slice(0, -1) : s;
}

/**
 * A comment that cuts the application's query is the end of what the attacker writes (`admin'--`,
 * `admin'#`, sqlmap's `-- -`): text that runs on after `#` and a space (`FOO BAR'# BLAH`), or a
 * `--` glued to a word (`' --INFANT -CHILD`, a search's excluded words; MySQL needs a space after
 * `--`), is text.
 */
const TEXT_AFTER_COMMENT = /['"][\s)]*(?:#[ \t]+[A-Za-z]{2,}|--[A-Za-z]{2,})/;
function isTextAfterComment(value: string): boolean {
  return TEXT_AFTER_COMMENT.test(value);
}

/** `it's`, `don't`, `we'll` (an apostrophe inside a word) and `&#039;` / `&hellip;` are text, not quotes and comments (`&amp;` is `&`). */
const CONTRACTION = /(?<=[A-Za-z])'(?=(?:s|t|d|m|ll|re|ve)(?![A-Za-z'"]))/gi;
const CHARACTER_REFERENCE = /&#(?:\d{1,5}|x[0-9a-f]{1,4});?|&[a-z]{2,8};/gi;
const ELISION = /(?<![\p{L}\p{N}'"])([cdjlmnst])'(?=\p{L}{2})/giu;
function foldTextMarks(value: string): string {
  let v = value;
  if (v.includes("'")) {
    v = v.replace(CONTRACTION, '');
    // French and Italian elision (`D'or`, `l'été`): a one-letter word glued to the next, in text
    // with nothing a break-out continues with (`a'or 1=1--` keeps its quote).
    if (v.includes("'") && !BREAK_OUT_SYNTAX.test(v)) v = v.replace(ELISION, '');
  }
  if (v.includes('&')) v = v.replace(CHARACTER_REFERENCE, (ref) => (ref.toLowerCase() === '&amp;' ? '&' : '_'));
  if (v.includes('-')) v = v.replace(HYPHENATED_CODE, '_');
  if (v.includes('](')) v = v.replace(MARKDOWN_LINK, '_');
  if (v.includes('**')) v = v.replace(MARKDOWN_STRONG, '$1');
  return v;
}

/**
 * A Markdown link or image (`[npm](https://npmjs.org)`, `[docs](./docs/a.md)`, `![](#top)`): text
 * markup, not a bracket-quoted name called with arguments (SQL Server's `[dbo].[f](1)` has no URL
 * or path inside).
 */
const MARKDOWN_LINK = /!?\[[^\]\n]{0,200}\]\((?:[a-z][a-z0-9+.-]{1,20}:|\.{0,2}\/|#)[^()\s]{0,2000}\)/gi;

/**
 * Markdown's strong emphasis (`- **SHA-256** - Secure Hash Algorithm`, `**Note:** run it twice`):
 * text markup, read as the text it wraps. No SQL dialect has a `**` operator, so the pair is folded
 * to its content, which is still read (`**1' or '1'='1**` stays an injection). As CommonMark reads
 * it, the content opens with a letter or digit and closes on no blank; no `*` inside and no `/`
 * beside the pair, so an inline comment (`/**\/or/**\/1=1`) is never taken for emphasis.
 */
const MARKDOWN_STRONG = /(?<![\w/*])\*\*([\p{L}\p{N}][^*\n]{0,200}?(?<=[^\s*/]))\*\*(?![\w/*])/gu;

/**
 * A catalogue or part code (`1297-MR`, `3-RING`): digits, a hyphen and letters glued into one word,
 * read as a name, not as a number minus a column; never before a call (`1-sleep(5)`) or glued to
 * another operand (`-1-x`, `a.1-b`).
 */
const HYPHENATED_CODE = /(?<![\w.$@-])\d+-[A-Za-z][A-Za-z0-9]*(?![\w$.(-]|\s*\()/g;

/** What a string break-out needs besides the quote: a comparison, a separator, a comment, a call. */
const BREAK_OUT_SYNTAX = /[=<>;|!]|--|\/\*|#(?!\d)|\w\(/;
/**
 * Every quote is a unit after a number (`5"`, `18'`, `7/"`) or a possessive (`WOMEN'S`), and nothing
 * else in the value could continue SQL after a broken-out string.
 */
function hasUnitQuotes(value: string): boolean {
  if (!(value.includes('"') || value.includes("'")) || BREAK_OUT_SYNTAX.test(value)) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== '"' && c !== "'") continue;
    // After a number, or a fraction's slash cut short (`7/" ALUMINUM`).
    const slash = value[i - 1] === '/' ? 1 : 0;
    const before = value.charCodeAt(i - 1 - slash);
    if (before >= 0x30 && before <= 0x39) continue;
    if (c === "'" && /[A-Za-z]/.test(value[i - 1] ?? '') && /^[sS](?![A-Za-z])/.test(value.slice(i + 1, i + 3))) continue;
    return false;
  }
  return true;
}

/** `"LIKE" STAMP`, `"WHITE" + "PLATE"`: double quotes that pair around words, nothing else quoted. */
const PHRASE = /"([^"\s=<>();|\\](?:[^"=<>();|\\]{0,78}[^"\s=<>();|\\])?)"/g;
const LOGIC_AT_EDGE = /^(?:or|and|xor)\b|\b(?:or|and|xor)$/i;
/** Between the phrases of a search: words, numbers and the operators search boxes take (`+`, `-`, `,`, `&`, `/`). */
const PHRASE_SEARCH_REST = /^[\p{L}\p{N}\s+,.&/"-]*$/u;
const LONE_QUOTE_AT_EDGE = /(?:^|\s)"\w|\w"(?:\s|$)|^\s*"|"\s*$/;
function isPhraseSearch(value: string): boolean {
  let phrases = true;
  const rest = value.replace(PHRASE, (_m, inner: string) => {
    if (LOGIC_AT_EDGE.test(inner)) phrases = false;
    return ' ';
  });
  if (!phrases || rest === value || !PHRASE_SEARCH_REST.test(rest)) return false;
  // One quote left over, at either end of a phrase cut short (`RECLAIMED WOOD" + "SIGN"`, `"MOD" "`).
  const left = rest.indexOf('"');
  return left < 0 || (rest.indexOf('"', left + 1) < 0 && LONE_QUOTE_AT_EDGE.test(rest));
}

/** An identifier, path (also of parenthesised segments) or token without spaces, or numbers joined by a preposition (`20 SET 3/4`). */
const TOKEN = /^[A-Za-z0-9_./-]+$/;
const BASE64_TOKEN = /^[A-Za-z0-9_./+=-]{16,}$/;
/** A path whose segments may be words in parentheses (`(foo)/(bar)`, `/a/(b)/c`): no spaces, `/` between segments. */
const PATH_SEGMENT = '[\\w.-]*(?:\\([\\w.-]{1,64}\\)[\\w.-]*)*';
// Each segment is read one way (`(` starts no word), so the pattern runs in linear time.
const PATH_OF_SEGMENTS = new RegExp(`^\\/?${PATH_SEGMENT}(?:\\/${PATH_SEGMENT})+\\/?$`);
/**
 * Tokens of real traffic with one more mark (docs/detection.md, "i18-fpr, second session"): an
 * address with one `@` (`user@host`, Adobe's cookie name `AMCV_<org id>@AdobeOrg`; SQL's system
 * variables have two, `@@version`), and a path to an anchor (Drupal's `destination=node/1#comment-form`):
 * `#` glued to a name is a fragment, and the path before it has nothing for a comment to cut off.
 */
const ADDRESS_TOKEN = /^[\w.-]+@[\w.-]+$/;
const PATH_WITH_ANCHOR = /^(?=[^#]*\/)[\w./~-]+#[A-Za-z][\w.-]*$/;
function isTokenOrMeasure(value: string, shape: string): boolean {
  if (TOKEN.test(value) || (value.includes('/') && PATH_OF_SEGMENTS.test(value))) return true;
  if (ADDRESS_TOKEN.test(value) || PATH_WITH_ANCHOR.test(value)) return true;
  if (BASE64_TOKEN.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value)) return true;
  return /^1k1(?:[n1]|$)/.test(shape) || NUMBER_THEN_VERB_WORDS.test(value);
}
/**
 * A number, then CREATE, ALTER, DROP, TRUNCATE or RENAME and words that name no kind of object
 * (`18 CREATE GOLD`, a product name): SQL's definition verbs are always followed by what they
 * define (TABLE, USER, PROCEDURE...), so words after the verb are no statement. EXEC is not among
 * them: it runs the procedure it names (`1 exec sp_who`).
 */
const SCHEMA_OBJECT_KINDS =
  'table|database|schema|view|index|user|login|role|procedure|proc|function|trigger|sequence|temporary|temp|unique|or|if|column|constraint|event|server|type|synonym|tablespace|materialized|global|local|clustered|nonclustered|definer|algorithm|sql|session|system|partition|primary|foreign|key|default|assembly|certificate|extension|domain|rule|policy|aggregate|operator|collation|conversion|language|publication|subscription|statistics|transform';
const NUMBER_THEN_VERB_WORDS = new RegExp(
  `^\\s*\\d+\\s+(?:create|alter|drop|truncate|rename)\\s+(?!(?:${SCHEMA_OBJECT_KINDS})(?![a-z]))[a-z]+(?:\\s+[a-z]+){0,6}\\s*$`,
  'i',
);

/**
 * SQL that no injection shape is needed for: calls that only exist to delay, read files or run
 * commands from a database (`pg_sleep(10)`, `waitfor delay '0:0:5'` in any quoting,
 * `copy (...) to program`, `xp_cmdshell`), the catalogue tables an attacker enumerates, and a
 * bare statement (`SELECT * FROM all_tables`, `SELECT CASE WHEN ...`) whose grammar prose does
 * not have: a select list of names, `*` or calls separated by commas, then FROM a table, then the
 * end of the value or an SQL clause.
 */
const DATABASE_ONLY = new RegExp(
  [
    '(?<![\\w.$])(?:pg_sleep|sleep)\\s*\\(\\s*\\d+(?:\\.\\d+)?\\s*\\)',
    // A delay whose length is a condition or a subquery: the blind test (`sleep(if(1>0,6,0))`, `sleep((select`).
    '(?<![\\w.$])(?:pg_sleep|sleep)\\s*\\(\\s*(?:if\\s*\\(|case\\s+when\\b|\\(\\s*select\\b)',
    '(?<![\\w.$])benchmark\\s*\\(\\s*\\d+\\s*,',
    '\\bwaitfor\\s+(?:delay|time)\\s+[\'"]?\\d',
    '\\bdbms_(?:pipe\\.receive_message|lock\\.sleep)\\s*\\(',
    '\\bxp_(?:cmdshell|dirtree|fileexist|regread)\\b',
    '\\butl_(?:http\\.request|inaddr\\.get_host)',
    '(?<![\\w.$])load_file\\s*\\(',
    '\\binto\\s+(?:out|dump)file\\s',
    '\\bcopy\\s*\\([\\s\\S]{0,400}\\)\\s*to\\s+program\\b',
    '\\bcopy\\s+\\w+\\s+(?:from|to)\\s+program\\b',
    '(?<![\\w.$])(?:extractvalue|updatexml)\\s*\\(',
    // The catalogue also spelled with T-SQL's brackets or MySQL's backquotes (`[information_schema].[tables]`).
    '(?<![\\w$])[\\[`"]?information_schema[\\]`"]?\\s*\\.\\s*[\\[`"]?(?:tables|columns|schemata)\\b',
    '\\bselect\\s*\\(?\\s*case\\s+when\\b',
    // A CASE over literals (`case 5118 when 5118 then 1`, `case '1' when 2 then`), a subquery
    // concatenated to a string (`'qqpjq'||(select ...)||'qzvzq'`), dynamic SQL run from a variable (`exec(@s)`).
    "\\bcase\\s+(?:-?\\d+|'[^'\\n]{0,40}')\\s+when\\s+(?:-?\\d+|'[^'\\n]{0,40}')\\s+then\\b",
    '[\'")]\\s*\\|\\|\\s*\\(\\s*select\\s',
    '\\bexec(?:ute)?\\s*\\(\\s*@\\w+\\s*[)@]',
    // Reading the system catalogues of Firebird, SQLite, SQL Server, Access, PostgreSQL, MySQL, DB2, Oracle.
    '\\b(?:from|join)\\s+(?:rdb\\$(?:database|relations|fields)|sqlite_(?:master|schema)|sysobjects|syscolumns|msysobjects|pg_shadow|pg_user|mysql\\.user|sysibm\\.sys\\w+|all_users|user_tab_columns|v\\$version)\\b',
    '\\bexec(?:ute)?\\s+(?:master\\.|xp_|sp_)',
    '\\bdeclare\\s+@\\w+\\s+(?:n?varchar|int|table)',
    // Routines only databases have, named anywhere: dynamic SQL, OLE and remote rowsets, MySQL's
    // procedure analyse, SQLite's compile options, Oracle's execute immediate.
    '\\b(?:sp_executesql|sp_oacreate|sp_makewebtask|xp_regwrite|openrowset|opendatasource|sqlite_compileoption_get)\\b',
    '\\bprocedure\\s+analyse\\s*\\(',
    // SQLite's likelihood(X, P), whose second argument is a probability constant (`likelihood (id,.0)`).
    '(?<![\\w.$])likelihood\\s*\\(\\s*[^,()\\n]{1,60},\\s*(?:0?\\.\\d+|[01](?:\\.\\d*)?)\\s*\\)',
    // A comment naming sp_password: SQL Server leaves a statement with that word out of its trace.
    '--[^\\n]{0,100}(?<![\\w$])sp_password\\b',
    '\\bexecute\\s+immediate\\b',
    '(?:^|;)\\s*declare\\s+@\\w+',
    ';\\s*set\\s+@@?\\w+',
    // PostgreSQL/MySQL JSON operators after a logic word (`OR '{"b":2}'::jsonb <@ '{...}'`), and a
    // cast of a call's result that exists to raise an error carrying data (`overlay(...)::int`).
    "\\b(?:or|and)\\s+'[^']{0,200}'\\s*(?:::\\s*jsonb?\\b|->>?|#>>?|@>|<@|\\?[|&]?\\s*(?:array\\b|'))",
    '\\b(?:or|and)\\s+json_(?:extract|value|query|contains)\\s*\\(',
    '\\)\\s*::\\s*(?:int[248]?|integer|bigint|smallint|numeric|regclass)\\b',
    // A column alias closing the application's expression: `) AS Role FROM`.
    '^\\s*[)\'"`]\\s*as\\s+["`\\w]+\\s+from\\b',
    // A database written to a file share or read from a server file (SQL Server's BACKUP DATABASE
    // ... TO DISK, PostgreSQL's COPY table FROM '/file'), and a system variable printed or selected.
    '\\bbackup\\s+(?:database|log)\\s+[\\w.\\[\\]]{1,64}\\s+to\\s+(?:disk|url|tape)\\b',
    "\\bcopy\\s+[\\w.]{1,64}\\s+(?:from|to)\\s+'[^'\\n]{0,200}'\\s*(?:;|$)",
    '\\b(?:print|select)\\s+@@[a-z_]\\w*',
  ].join('|'),
  'i',
);
/** Arguments of a call, with calls or groups nested two deep inside (`sin((1))`, `conv(hex(x),16,10)`). */
const CALL_ARGUMENTS = '\\((?:[^()]|\\((?:[^()]|\\([^()]{0,40}\\)){0,40}\\)){0,100}\\)';
/** A select list item: a name, a signed name or call, a string literal or either in parentheses (`(1)`, `('1')`), with its alias. */
const SELECT_LIST_ITEM = `(?:-?(?:[\\w.@$]+(?:\\s*${CALL_ARGUMENTS})?|'[^'\\n]{0,40}'|"[^"\\n]{0,40}"|\\(\\s*(?:[\\w.@$]{1,40}|'[^'\\n]{0,40}')\\s*\\))(?:\\s+as\\s+\\w+)?)`;
/**
 * The arguments of a table-valued function read FROM (`read_blob('/etc/passwd')`, `generate_series(1,5)`,
 * `openrowset('SQLOLEDB', ...)`): SQL's literals open them; a word in parentheses after "from" is prose's.
 */
const TABLE_FUNCTION_ARGUMENTS = `\\(\\s*['"\\d][^()\\n]{0,200}\\)`;
const BARE_STATEMENT = new RegExp(
  '^[\\s\'"();/]*(?:' +
    `select\\s+(?:\\*|distinct\\s+${SELECT_LIST_ITEM}|top\\s+\\d+\\s+\\S+|(?:${SELECT_LIST_ITEM}\\s*,\\s*){0,20}${SELECT_LIST_ITEM})\\s+from\\s+[\\w.$\\[\\]"\`]+(?:\\s*${TABLE_FUNCTION_ARGUMENTS})?(?:\\s*$|\\s*[;)#]|\\s*--|\\s+(?:where|order|group|limit|union|join|inner|left|offset|into|as)\\b)` +
    '|insert\\s+into\\s+[\\w.$\\[\\]"`]+\\s*(?:\\(|values\\b|select\\b)' +
    '|delete\\s+from\\s+[\\w.$\\[\\]"`]+\\s*(?:$|;|where\\b)' +
    '|update\\s+[\\w.$\\[\\]"`]+\\s+set\\s+[\\w.$"`]+\\s*=' +
    '|drop\\s+(?:table|database|schema|view|user)\\s+(?:if\\s+exists\\s+)?[\\w.$\\[\\]"`]+\\s*(?:$|;|--|#)' +
    '|drop\\s+[\\w.$\\[\\]"`]+\\s*;\\s*(?:--|#|$)' +
    '|alter\\s+table\\s+[\\w.$\\[\\]"`]+\\s+(?:add|drop|change|modify|rename|alter)\\s' +
    '|truncate\\s+table\\s+[\\w.$\\[\\]"`]+\\s*(?:$|;|--|#)' +
    '|create\\s+(?:temporary\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?[\\w.$\\[\\]"`]+\\s*(?:$|;|\\()' +
    ')',
  'i',
);

/**
 * Fragments of an injection that no text or program has, whatever comes after them (the value may
 * be the start of a payload cut by the application or by a filter), each written from where the
 * fragment stands in the query it continues (docs/detection.md "sqli", the CRS round):
 * - a string closed and a logic operator glued to it, then a new operand (`a'or'a`, `\'or'1`,
 *   `'||true`, `'and(1)`; negated: `'or not false`), or with spaces and a literal operand (`' or 1`, `' or true;`): quoted
 *   alternatives in text (`'cat' or 'dog'`) have spaces and a quoted word;
 * - a value that opens with a logic operator and a comparison (`AND 7829=(`, `or class!="`,
 *   `|| langCode == '`, `&&(e===`, `OR (7319=8742)`), possibly as one `name=` carried in the value
 *   (an encoded form body): text does not start with a conjunction and a comparison;
 * - a logic operator comparing two numbers or numeric calls (`HOPE AND (8)=3`, `AND COS(3)=SIN(4)`,
 *   `1 && 2>1`): prose names numbers, it does not compare them after "and";
 * - a statement keyword right after a closed string or a `;` that opens the value (`'UNION A`,
 *   `' alter/`, `'; exec`, `;drop`, `; select`), the words no quoted title starts with;
 * - a negative or bare number then UNION (`-11364 union `, `-1 union/*`, `5) union(`);
 * - a function only databases have, opened (`database(`, `pg_sleep(`, `name_const(`), named by the
 *   lexer's function list minus the calls programs and prose share (COMMON_CALLS, English words);
 *   after a space only with an argument SQL would give it (`pg_sleep (5)`, `benchmark (1000,`), since
 *   prose has parenthetical words ("run benchmark (requires Node.js)"); `sleep` is a word too
 *   ("I'll sleep(8 hours)"): only `sleep(5)` counts (DATABASE_ONLY).
 */
const SQL_FRAGMENT = new RegExp(
  [
    '[\'"`]\\)?(?:(?:or|and|xor)(?=\\s+(?:not\\s+)?(?:\\d+(?!\\w)|true\\b|false\\b|null\\b)|[\'"`(])|\\s*(?:\\|\\||&&))\\s*(?:not\\s+)?(?:[\'"`][\\w(\'"`]|\\(|\\d|true\\b|false\\b|null\\b)',
    '[\'"`](?:\\s*\\))?\\s+(?:or|and|xor|\\|\\||&&)\\s+\\(?\\s*(?:-?\\d+(?:\\s*(?:[=<>!;#)\\]]|--|$))|true\\b|false\\b|null\\b|[\'"`]?(\\w{1,20})[\'"`]?\\s*=\\s*[\'"`]?\\1\\b)',
    '^\\s*(?:[\\w.\\[\\]-]{1,40}=\\s*)?(?:[)\'"`]\\s*)?(?:(?:and|or|xor)(?![a-z_])|&&|\\|\\|)\\s*(?:\\(\\s*)?[\\w.`"\'@]{1,30}\\s*(?:\\)\\s*)?(?:=|!=|<>|<=>|==|[<>]=?)',
    '(?:(?<![a-z_])(?:and|or|xor)(?![a-z_])|&&|\\|\\|)[\\s(]*(?:-?\\d+|[a-z_]\\w{0,30}\\s*\\((?:[^()]|\\([^()]{0,20}\\)){0,20}\\))[\\s)]*(?:=|!=|<>|<=>|<=?|>=?)[\\s(]*(?:-?\\d+|[a-z_]\\w{0,30}\\s*\\((?:[^()]|\\([^()]{0,20}\\)){0,20}\\))',
    '^\\s*(?:[\\w.\\[\\]-]{1,40}=\\s*)?(?:\\\\?[\'"`](?:\\s*\\))?\\s*(?:union|alter|exec|execute|declare|truncate|shutdown)|(?:\\\\?[\'"`](?:\\s*\\))?\\s*)?;\\s*(?:union|alter|exec|execute|declare|truncate|shutdown|drop|select|insert|update|delete|create|print|desc|describe|backup|grant|revoke))(?:[\\s/(\\[]|$)',
    // PRINT stacked after a closed string, its string argument glued to it (`';print'`).
    '^\\s*(?:[\\w.\\[\\]-]{1,40}=\\s*)?\\\\?[\'"`](?:\\s*\\))?\\s*;\\s*print\\s*[\'"]',
    '^\\s*(?:-\\d+(?:\\.\\d+)?|\\d+\\s*\\))\\s*union\\b|^\\s*-?\\d+(?:-\\d+){0,2}\\s+union\\s*(?:all\\b|select\\b|distinct\\b|\\(|\\/\\*|[\\d,]|$)',
    '(?<![\\w.$])(?:database|db_name|schema_name|current_user|current_database|session_user|system_user|pg_sleep|benchmark|name_const|make_set|unhex|concat_ws|group_concat|ifnull|sysdate|xmltype|lo_import|lo_get|load_file|extractvalue|updatexml|find_in_set|char_length|strcmp|sqlite_version|randomblob|pg_read_file|host_name|object_id|quotename|charindex)(?:\\(|\\s+\\((?=\\s*(?:[\\d\'"@()`-]|select\\b)))',
  ].join('|'),
  'i',
);

/**
 * Probes of a query's syntax that stand without the rest of an injection (SQL_PROBE_START, SQL_PROBE_INSIDE,
 * CAST_AT_END, CLOSED_AFTER_ADDRESS; docs/detection.md "The
 * probes round"; examples in test/unit/attacks/sql-script-probes.test.ts), each written from where
 * it stands in the query it continues:
 * - the whole value compares two literals (`1=1`, `11!=1`, `'1' not regexp '2'`,
 *   `'3085'='30`, possibly after an `x,` it was carried with; not after a `name=`: `GALLERY=1=5`): the tail of a boolean
 *   test; text names numbers, it does not compare two of them with SQL's operators (`1 is not 1`
 *   is English too, a CRS false-positive test);
 * - a logic word opens the value, then a number and the end, a comment or an operator (`or 88`,
 *   `xor 5-`, `OR 1#`), or a number, a logic word and a boolean literal (`9999 or true`);
 * - HAVING over an aggregate or a number compared (`HAVING COUNT(Id) > 5`, `HAVING 1=`);
 * - IN over a list of numbers opening the value (`in (0,1)`, ` IN (815914, 815913)`);
 * - a closed string, an operator word, up to four operands, then a comment or `;` ending the value
 *   (`' notnull --`, `a'or?--`, `'glob 1;`): the attacker's part ends where the comment cuts the query;
 * - a string closed then COLLATE (`user'collate ...`);
 * - a CASE branch over a number (`) when 234 then`) or a CASE opening the value;
 * - a VALUES tuple of two or more literals opening the value or after EXCEPT/UNION;
 * - a PostgreSQL cast ending a short expression (`password::int`, `function(foo)::text`);
 * - a FROM clause opening the value: a backquoted table, or a table then WHERE with a comparison,
 *   GROUP/ORDER BY or LIMIT;
 * - a session variable set (`SET @OLD_SQL_NOTES`, `set @x =`).
 */
const LITERAL = `(?:-?\\d+(?:\\.\\d+)?|'[^'\\n]{0,40}'|"[^"\\n]{0,40}")`;
/** The last literal may run on unclosed: the application's own quote closes it (`'3085'='30`). */
const LAST_LITERAL = `(?:-?\\d+(?:\\.\\d+)?|'[^'\\n]{0,40}'?|"[^"\\n]{0,40}"?)`;
const LITERAL_COMPARISON = '(?:=|==|!=|<>|<=>|(?:not\\s+)?(?:like|regexp|rlike|glob|sounds\\s+like)\\b|(?:div|xor)\\b)';
// Anchored at the value's start (one attempt per value): the alternatives that open the value.
const SQL_PROBE_START = new RegExp(
  '^\\s*(?:' +
    [
      `(?:[\\w.-]{1,40}\\s*,\\s*)?${LITERAL}\\s*${LITERAL_COMPARISON}\\s*${LAST_LITERAL}\\s*$`,
      '(?:or|xor|and|\\|\\||&&)\\s+-?\\d+\\s*(?:$|--|#|[-+*/%=<>!])',
      '-?\\d+\\s+(?:or|xor|and|\\|\\||&&)\\s+(?:true|false|null)\\s*(?:$|--|#|;)',
      '(?:order|group)\\s+by\\s+\\d+(?:\\s*,\\s*\\d+){0,40}\\s*(?:--|#|\\/\\*|;|$)',
      'limit\\s+\\d+\\s*,\\s*\\d+',
      '(?:not\\s+)?in\\s*\\(\\s*-?\\d+(?:\\s*,\\s*-?\\d+)+\\s*\\)',
      'case\\s+when\\s+\\S+\\s+then\\b',
      `values\\s*\\(\\s*${LITERAL}(?:\\s*,\\s*${LITERAL})+\\s*\\)`,
      'from\\s+(?:`[^`\\n]{1,64}`|[\\w$.]{1,64}\\s+(?:where\\s+[\\w`."]{1,64}\\s*(?:=|!=|<>|[<>]=?|like\\b|in\\b)|(?:group|order)\\s+by\\b|limit\\b))',
      // An operator only SQL has, as the whole value or after what closes an operand (`<>`, `<=>`,
      // `IS NULL`, `LIKE NULL`, `RLIKE`, the JSON paths `->`, `->>`, `#>`; `` ` REGEXP``, `) like (`),
      // or a name then a comparison word opening a string (`something LIKE '`). The operators
      // programs share (`==`, `!=`, `&&`, `||`, `>=`, `<<`) and a bare `like` (a button's action) are not.
      '(?:[)\'"`]\\s*)?(?:(?:not\\s+)?(?:regexp|rlike)|xor|is\\s+(?:not\\s+)?null|(?:not\\s+)?like\\s+null|<>|<=>|->>?|#>>?)\\s*$',
      '[)\'"`]\\s*(?:not\\s+)?(?:like|regexp|rlike|glob|sounds\\s+like)\\s*[(\'"`]?\\s*$',
      '[\\w.]{1,40}\\s+(?:not\\s+)?(?:like|regexp|rlike)\\s*[\'"`]\\s*$',
      // EXECUTE opened alone (`Execute(`); `execute system` is read by isSqlWordAlone.
      'execute\\s*\\(\\s*$',
      // The rest of a select list, FROM a table and a comment glued to it cutting the query (`* from
      // wp_users-- -`, `id, pass from users#`): `*` or a list of names; prose spaces a dash or `#`.
      '(?:\\*|[\\w.`]{1,40}(?:\\s*,\\s*[\\w.`]{1,40})+)\\s+from\\s+[\\w$.`]{1,64}(?:--[\\s-]*|#)\\s*$',
    ].join('|') +
    ')',
  'i',
);
/** A PostgreSQL cast ending a short expression (`password::int`): asked of values with `::`. */
const CAST_AT_END =
  /^\s*[\w@+().,' -]{1,60}::\s*(?:int[248]?|integer|bigint|smallint|numeric|decimal|real|text|varchar|char|bool|boolean|jsonb?|regclass|double\s+precision)\s*$/i;
/**
 * An address or identifier glued to a closed string and `;` that ends the value (`admin@juice-sh.op';`,
 * `root@example.com'/* x *\/;`): text has a space before what it quotes (`HAT 18';`). Asked of values with `;`.
 */
const CLOSED_AFTER_ADDRESS = /^\s*[\w.@+-]{0,64}['"`]\s*(?:\/\*[^*]{0,60}\*\/\s*)?;\s*(?:#|--\s*)?$/;
// Anywhere in the value: asked only when the value has what one of them needs (isProbeInside).
const SQL_PROBE_INSIDE = new RegExp(
  [
    '\\bhaving\\s+(?:-?\\d+|(?:count|sum|avg|min|max)\\s*\\([^()]{0,40}\\))\\s*(?:=|!=|<>|[<>]=?)|\\bhaving\\s*\\(\\s*(?:-?\\d+|true|false)\\s+(?:or|and|xor)\\b',
    // UNION then a parenthesised SELECT ... FROM; a subquery reading a table then a clause
    // (`(select login/2 from users limit 1,1)`); ORDER BY over column numbers after a number,
    // string or `)` (`17,23 order by 16`).
    '\\bunion\\s*(?:all\\s*|distinct\\s*)?\\(\\s*select\\s[^()]{0,200}?\\bfrom\\b',
    // MySQL's DISTINCTROW between UNION and SELECT, a word the lexer reads as a name.
    '\\bunion\\s+distinctrow\\s+select\\b',
    '\\(\\s*select\\s[^()]{1,100}?\\bfrom\\s+[\\w.$`]{1,64}\\s+(?:where\\s+[\\w.`]{1,64}\\s*[=<>]|limit\\s+\\d|(?:order|group)\\s+by\\s)',
    '[\\d\'")]\\s*(?:order|group)\\s+by\\s+\\d+(?:\\s*,\\s*\\d+){0,40}\\s*(?:--|#|\\/\\*|;|$)',
    '[\'"`]\\s*(?:or|and|xor|not|is|notnull|isnull|like|glob|regexp|rlike|between)(?![\\w$])(?:\\s*[\\w[\\].?@]{1,30}(?![\\w[\\].?@])){0,4}\\s*(?:--[\\s-]*|#\\s*|;\\s*)$',
    // COLLATE then a collation a database has, a quoted or Unicode-escaped name (`U&"..."`): a bare
    // word that is no collation makes every database refuse the query (hasUnknownCollation).
    `\\w['"\`]\\s*collate\\s+(?:[^\\sA-Za-z]|u&["']|(?:${COLLATION_NAMES})(?!\\w))`,
    '\\)\\s*when\\s+-?\\d+\\s+then\\b',
    `\\b(?:except|union|intersect)\\s+values\\s*\\(\\s*${LITERAL}(?:\\s*,\\s*${LITERAL})+\\s*\\)`,
    '(?:^|[\\s>;])set\\s+@@?[a-z_]\\w*\\s*(?::?=|$)',
    // A closed string, a logic word, then a call ending the statement (`\\' or json_valid (id);`).
    '[\'"`]\\s*(?:or|and|xor)\\s*\\(?\\s*[a-z_]\\w{0,30}\\s*\\([\\w\\s,.]{0,40}\\)\\s*\\)?\\s*(?:;|--|#)\\s*$',
    // A number or `)` then a quoted alias, then FROM (`1234 AS "foobar" FROM`, `) AS 'x' FROM`).
    '(?:^|[\\s(])(?:-?\\d+|\\))\\s*as\\s+(?:"[^"\\n]{1,40}"|\'[^\'\\n]{1,40}\'|`[^`\\n]{1,40}`)\\s+from\\b',
    // A select of a call, a hexadecimal literal or a delay routine (`select(user(`, `select 0x616263`, `select pg_sleep`).
    '\\bselect\\s*\\(\\s*[a-z_]\\w{0,30}\\s*\\(|\\bselect\\s+(?:0x[0-9a-f]{4,}|pg_sleep\\b|benchmark\\b|load_file\\b)',
    // A column list then VALUES (`(id, name) VALUES (1, 'test')`).
    `\\)\\s*values\\s*\\(\\s*${LITERAL}(?:\\s*,\\s*${LITERAL})+\\s*\\)`,
    // A string literal cast to a PostgreSQL type (`'{"a":1}'::jsonb @@ '$.a'`).
    "'[^'\\n]{0,200}'\\s*::\\s*(?:jsonb?|text|int[248]?|integer|varchar|regclass)\\b",
    // WAITFOR DELAY opening its time string, cut short (`" WAITFOR DELAY '`).
    '\\bwaitfor\\s+(?:delay|time)\\s+[\'"]\\s*$',
    // A subquery assigned to a variable (`@.= ( SELECT`) or compared with a select list (`id=(select
    // name from`): a value opening a query of its own.
    '@[\\w.]*\\s*:?=\\s*\\(\\s*select\\b|[=<>]\\s*\\(\\s*select\\s+(?:\\*|[\\w.@]{1,40}\\s*(?:,|\\(|from\\b))',
  ].join('|'),
  'i',
);
/**
 * What every SQL_PROBE_INSIDE alternative needs: a comment or `;` ending the value, `@`, `::`, or one
 * of its keywords. Most values (identifiers, URLs, dates, JSON, prose) have none, and the long
 * pattern, which tries each of its alternatives at each character, is not run.
 */
const PROBE_WORDS = /having|union|order|group|select|waitfor|values|collate/i;
/** `) when 1 then` needs a `)`, `1 as "x" from` a quote: prose has both words without these. */
const PROBE_WORDS_AFTER_MARK = /when|from/i;
function isProbeInside(text: string): boolean {
  // trimEnd drops what `\s` matches, as the patterns' `\s*$` do.
  const trimmed = text.trimEnd();
  const last = trimmed.charCodeAt(trimmed.length - 1);
  const hint =
    last === 0x2d ||
    last === 0x23 ||
    last === 0x3b ||
    text.includes('@') ||
    text.includes('::') ||
    PROBE_WORDS.test(text) ||
    (/[)'"`]/.test(text) && PROBE_WORDS_AFTER_MARK.test(text));
  return hint && SQL_PROBE_INSIDE.test(text);
}

/**
 * A keyword glued to an inline comment that stands for the space a filter refuses
 * (`DROP/*x*\/sampletable`, `SELECT/**\/password/**\/FROM`): no prose and no program writes
 * `select/*` or `*\/from`.
 */
const KEYWORD_THEN_COMMENT_CLOSE = /\b(?:select|union|from|where|insert|having)\*\/\s*[\w@(`'"*]/i;
const KEYWORD_COMMENT =
  /\b(?:select|union|drop|from|where|insert|declare|exec|execute|having|and|or)\/\*[^]{0,80}?\*\/\s*[\w@(`'"]|\*\/(?:select|union|from|where|drop|having)\b/i;

/**
 * A value that is only a database function opened (`COS(`, `concat (`, `substr(`, `pg_sleep (`): the
 * start of a call typed into a parameter, what a probe for the query's syntax sends. Named by the
 * function vocabulary of SQL dialects (SQL_FUNCTIONS, COMMON_CALLS and the standard numeric, date
 * and string functions below); a word with nothing after its parenthesis is no text.
 */
const SQL_ONLY_FUNCTIONS = `COS SIN TAN ACOS ASIN ATAN ATAN2 COT LN LOG LOG2 LOG10 PI SQRT SIGN CEIL CEILING DEGREES RADIANS
  TRUNCATE MAX MIN SUM AVG STDDEV VARIANCE CURDATE CURTIME DATE TIME YEAR MONTH DAY DAYNAME HOUR MINUTE SECOND
  QUARTER WEEK WEEKDAY FORMAT COMPRESS UNCOMPRESS ENCODE ENCRYPT DES_ENCRYPT AES_ENCRYPT AES_DECRYPT PASSWORD
  RTRIM LTRIM LPAD RPAD INSERT VALUES DEFAULT LOCALTIME LOCALTIMESTAMP SUBSTRING_INDEX NVL NVL2 TO_CHAR TO_NUMBER
  TO_DATE EXTRACT LCASE UCASE SPACE REPEAT STUFF PATINDEX DATALENGTH UNICODE ISNUMERIC XMLTYPE`.split(/\s+/);
/**
 * Junk between the name and its `(` (`length||(`, `version=(`, `if !(`, `day.+(`, `ln) (`): a
 * probe of which characters a filter lets stand between a function and its call; a few marks and
 * no letter or digit, with nothing after the parenthesis (text does not end on an open one).
 */
const LONE_CALL = new RegExp(
  `^\\s*(?:${[...SQL_FUNCTIONS, ...SQL_ONLY_FUNCTIONS].join('|')})(?:\\s*[^\\w\\s(:,]{1,6})?\\s*\\(\\s*\\)?\\s*$`,
  'i',
);

/**
 * A parenthesised expression closed by a line comment to the end of the value (`( BINARY ( 1) )  --`,
 * `( COS ( BINARY ( @a)) )  --`, `( ( 1 ) )  --`, `( 1 * @a )  --`): the operand an injection puts
 * where the query wants one, and `--` drops the rest of the query. Its words are all SQL's (the
 * function vocabulary, MySQL's BINARY cast, NOT, SELECT), its operands numbers and `@` variables, and
 * it has a parenthesis inside the outer one or a variable: text in parentheses before a dash has
 * words of its own (`(see above) --`, `(note 1) --`) and nests no bare number. At most
 * EXPRESSION_TOKENS_MAX tokens (the fuzzers' longest has 11).
 */
const EXPRESSION_TOKENS_MAX = 24;
const EXPRESSION_WORDS = [...SQL_FUNCTIONS, ...SQL_ONLY_FUNCTIONS, 'BINARY', 'NOT', 'SELECT'].join('|');
const EXPRESSION_TOKEN = `(?:\\d+(?:\\.\\d+)?|@\\w{1,30}|(?:${EXPRESSION_WORDS})(?![\\w$])|[-+*/%()])`;
const COMMENTED_EXPRESSION = new RegExp(
  `^\\s*\\(((?:\\s*${EXPRESSION_TOKEN}){1,${EXPRESSION_TOKENS_MAX}})\\s*\\)\\s*--\\s*$`,
  'i',
);
function isCommentedExpression(value: string): boolean {
  const inner = COMMENTED_EXPRESSION.exec(value)?.[1];
  if (inner === undefined || !(inner.includes('(') || inner.includes('@'))) return false;
  let depth = 0;
  for (const c of inner) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/**
 * Names only a database has, as a whole value or a dotted name: the system catalogues and schemas an
 * attacker enumerates (`pg_catalog`, `information_schema.tables`, `mysql.db`, `tempdb`,
 * `MSysAccessObjects`) and the procedures that run commands, read the registry or run dynamic SQL
 * (`xp_cmdshell`, `sp_executesql`, `UTL_HTTP`, `OPENROWSET`). Asked of word-only values too
 * (isDatabaseName, ungated in index.ts): these names are words.
 */
const DATABASE_NAME = new RegExp(
  '^\\s*[\'"`\\[]?(?:' +
    `information_schema|performance_schema|pg_catalog|pg_shadow|pg_user|pg_roles|pg_tables|pg_database|mysql\\.(?:user|db)
    |sys\\.(?:objects|tables|columns|databases|sysobjects)|sysobjects|syscolumns|sysdatabases|sysusers|master\\.\\.\\w+|master\\.dbo
    |msdb|tempdb|msysaccessobjects|msysobjects|msysqueries|msysrelationships|sqlite_master|sqlite_schema|sqlite_temp_master
    |all_tables|all_users|all_tab_columns|user_tables|user_tab_columns|dba_users|dba_tables|rdb\\$database|rdb\\$relations
    |sysibm\\.\\w+|syscat\\.\\w+|schema_name
    |xp_cmdshell|xp_dirtree|xp_fileexist|xp_regread|xp_regwrite|xp_servicecontrol|sp_executesql|sp_oacreate|sp_oamethod
    |sp_makewebtask|sp_password|sp_addlogin|sp_configure|utl_http|utl_inaddr|utl_file|dbms_pipe|dbms_lock|openrowset
    |opendatasource|openquery|msdasql|sqloledb`.replace(/\s+/g, '') +
    ')(?:\\.[\\w$]+)?[\'"`\\]]?\\s*$',
  'i',
);

export function isDatabaseName(value: string): boolean {
  return value.length <= 64 && DATABASE_NAME.test(value);
}

/**
 * SQL's pattern and logic operator words alone (`regexp`, `RLIKE`, `XOR`), and EXECUTE of one
 * procedure name (`execute system`, `exec sp`): word-only values or prose to the SQL readers, read
 * only here (with isDatabaseName). `like` alone is no probe (a button's action), nor `is`, `not`, `glob`.
 */
const SQL_OPERATOR_WORD = /^\s*(?:regexp|rlike|xor|execute\s+[a-z_][\w.$]{0,40}|exec\s+(?:sp|xp)(?:_\w{0,40})?)\s*$/i;
/**
 * A server's system variable read alone (`@@version`, `@@datadir`, `@@global.secure_file_priv`): what
 * an injection selects first to learn the database; `@@` opens a name only in SQL (MySQL, SQL Server).
 */
const SYSTEM_VARIABLE =
  /^\s*@@(?:version(?:_comment|_compile_os)?|datadir|basedir|hostname|servername|servicename|tmpdir|spid|language|identity|rowcount|microsoftversion|secure_file_priv|(?:global|session)\.[a-z_]\w{0,40})\s*$/i;
export function isSqlWordAlone(value: string): boolean {
  if (value.length > 64) return HEX_LITERAL.test(value) && isSqlHexLiteral(value);
  return (
    isDatabaseName(value) ||
    SQL_OPERATOR_WORD.test(value) ||
    (value.includes('@@') && SYSTEM_VARIABLE.test(value)) ||
    (HEX_LITERAL.test(value) && isSqlHexLiteral(value))
  );
}

/**
 * A hexadecimal literal as the whole value whose bytes are SQL (`0x770061006900740066006f...`, the
 * UTF-16 text `waitfor delay '0:0:`): SQL Server runs such a literal cast to text with EXEC, a
 * filter sees only digits. Read as UTF-16LE when every second byte is zero, else as bytes; only
 * printable text is read (an address or a hash decodes to bytes no text has).
 */
const HEX_LITERAL = /^\s*0x(?:[0-9a-f]{2}){8,256}\s*$/i;
const PRINTABLE = /^[\x20-\x7e\t\r\n]+$/;
function isSqlHexLiteral(value: string): boolean {
  const bytes = Buffer.from(value.trim().slice(2), 'hex');
  // A literal cut short by one byte (an odd count) is UTF-16 all the same: its last byte is dropped.
  let wide = true;
  for (let i = 1; wide && i < bytes.length; i += 2) wide = bytes[i] === 0;
  // A string's terminating NUL is no part of its text.
  const text = (wide ? bytes.toString('utf16le') : bytes.toString('latin1')).replace(/\0+$/, '');
  return PRINTABLE.test(text) && isSqlStatement(text);
}

/**
 * The error probe of a scanner: a lone quote as the whole value (`q='`), or a number with a quote
 * glued to it in a parameter named for an identifier (`postids=-1'`, `account_id=2'`, `pubid=4'`).
 * An identifier takes no unit, so `5'` there is no height in feet (which it may be elsewhere:
 * hasUnitQuotes); a name ends in `id`/`ids` after a separator, a letter or nothing. An identifier
 * is one token, so a word glued to a quote, or to a backslash-escaped one, is the same probe there
 * (`txtID=uname'`, `contenthistid=x\'`): text with an apostrophe has it inside words (`O'Brien`).
 * A list parameter (`cat[]`, `ids[0]`: PHP's and Rails' form of the checked boxes or selected
 * options) sends the options' keys, not typed text, so a number with a quote is the probe there too;
 * its element's name is its index (points/params.ts: `cat[]` is the point [root, "cat", 0]).
 */
const LONE_QUOTE = /^\s*'\s*$/;
const NUMBER_THEN_QUOTE = /^\s*-?\d{1,20}'\s*$/;
const TOKEN_THEN_QUOTE = /^\s*-?[\w.-]{1,40}\\?'\s*$/;
const IDENTIFIER_NAME = /(?:^|[^a-z0-9]|[a-z])ids?$/i;
const LIST_INDEX = /^\d{1,4}$/;
export function isQuoteProbe(value: string, name: string): boolean {
  if (LONE_QUOTE.test(value)) return true;
  if (IDENTIFIER_NAME.test(name)) return TOKEN_THEN_QUOTE.test(value);
  return NUMBER_THEN_QUOTE.test(value) && LIST_INDEX.test(name);
}

/**
 * A closed string broken out of, then logic over literals the quotes of the application close:
 * a word glued to its closing quote then a logic word opening a string (`admin' or '`), or a
 * literal tested IN a list of literals (`' or 'whatever' in ('whatever')`). Asked of values with a quote.
 */
const QUOTED_LOGIC = new RegExp(
  `[\\w\\\\]['"]\\s*(?:or|and|xor)\\s+['"]\\s*$|['"]\\s*(?:or|and|xor)\\s+${LITERAL}\\s+(?:not\\s+)?in\\s*\\(\\s*${LITERAL}`,
  'i',
);
/**
 * MySQL's executable comment opening a keyword (`/*!50000select`, `/*! union`): its text runs as SQL
 * on a server of that version while a filter reads a comment. A licence banner (`/*! jQuery v3 ...*\/`)
 * has no version number glued to a word and names no statement.
 */
const VERSIONED_COMMENT = /\/\*!(?:\d{5,6}\s*[a-z]|\s*(?:select|union|insert|update|delete|drop|sleep|benchmark)\b)/i;
/**
 * A number written with an empty exponent glued to an opening parenthesis, then a function or SELECT
 * (`1.e(ascii(...`, `1.e(select`): MySQL reads `1.e` as a number and the parenthesis as a new
 * operand, so a filter that wants spaces around keywords sees none. No text writes `.e(` after digits
 * before a function's name.
 */
/**
 * The same empty exponent glued to a dot and a name (`1.e.tables`, `13.37e.table_name`): MySQL reads
 * `1.e` as a number and `.tables` as a qualified name, which hides the name from a filter of
 * words. Text abbreviates with one letter after the dot (`1.e.g.`).
 */
const EXPONENT_THEN_NAME = /(?<![\w.])\d+\.\d*e\.[a-z_]\w{2,}/i;
const EXPONENT_THEN_CALL =
  /(?<![\w.])\d+\.e\(\s*(?:select|ascii|substr(?:ing)?|mid|char|concat(?:_ws)?|version|user|database|sleep|benchmark|length|ord|hex|unhex|if|group_concat|extractvalue|updatexml)\b/i;
/**
 * The value read inside the application's quotes is only string literals joined by operators
 * (`1'='1`, `1' and '1`, `'||'`, `'-'`, `'=''or'`): `'1'='1'`, `''||''`, `''-''` are the whole
 * condition the query then tests (docs/detection.md, "i18-sqlxss, fourth session"). What stands
 * before the first quote is glued to it and what follows the last quote is glued to it (the quotes
 * of the break-out are the application's), and neither holds a call's parenthesis: prose quoting an
 * operator has a space on one side (`use '|' as separator`, `press '+' to zoom`) and code a call
 * (`s.split('=')`). MySQL's division and shifts count as its other operators do (`A' / 'B`,
 * `' << '`, `'>>'`; the tail may be signed: `-1'=-'+1`), but the root path alone (`'/'`) is a
 * quoted path; `,` is no operator (a quoted list), and a value that is one double-quoted mark or
 * word (`"-"`, an empty cell as a spreadsheet writes it; `"MOD"`, a search for the word) is a quotation.
 */
const QUOTED_OPERATOR_OP =
  '(?:=|!=|<>|<=>|<<|>>|<=?|>=?|\\|\\||&&|[-+*/%^&|]|(?:or|and|xor|like|regexp|rlike|div|mod|sounds\\s+like)(?![\\w$]))[-+!~\\s]{0,20}';
const QUOTED_OPERATOR = new RegExp(
  `^\\s*(?:[\\w.@$-]{0,39}[\\w.@$])?(['"])\\s*${QUOTED_OPERATOR_OP}\\s*` +
    `(?:(?:\\1[^'"\\n]{0,40}\\1|-?\\d+(?:\\.\\d+)?)\\s*${QUOTED_OPERATOR_OP}\\s*){0,3}\\1(?:[-+~]?[\\w.@$][\\w.@$ -]{0,39})?\\s*$`,
  'i',
);
const QUOTED_MARK = /^\s*"[^"\n]{1,40}"\s*$/;
const QUOTED_ROOT_PATH = /^\s*(['"])\/\1\s*$/;
function isQuotedOperator(text: string): boolean {
  return QUOTED_OPERATOR.test(text) && !QUOTED_MARK.test(text) && !QUOTED_ROOT_PATH.test(text);
}
/**
 * OR then a name compared with itself, quoted alike or not (`hi or a=a`, `") or (""a""=""a"`): the
 * tautology of a login bypass without numbers; text does not compare a word with itself. Asked of values with `=`.
 */
const NAME_TAUTOLOGY = /(?<![\w$])or\s*\(?\s*(['"]*)([a-z_]\w{0,20})\1\s*=\s*\1\2(?![\w.$])/i;

/**
 * Rules of the SQL language for the kinds only learned fingerprint keys found before (docs/detection.md,
 * "SQL kinds of the language (branch i18-sqlkinds)"); learned keys are memory of the corpora and
 * miss what they never saw. Each is written from where it stands in the query it continues:
 * - a logic word, then a comparison of numeric expressions: signed, parenthesised or arithmetic
 *   operands (`1 OR+(1)=(1)`, `foo' and (1+2+3)=7*3--`, `~9-(2) OR 1 = ~1`), also with SQL's
 *   comparison words (`1 AND 1 SOUNDS LIKE 1`, `1 AND 1 NOT LIKE 0`);
 * - logic over numbers nested in parentheses, opening the value and ending it or a comment (`1 OR (1 OR 1)--`);
 * - BETWEEN over numbers after a logic word and a number (`' or 2 between 1 and 3`), or after a
 *   number's closing quote when logic follows (`2' between 1 and 3 or`);
 * - a closed string, then logic and an operand compared with a string, number or NULL through an
 *   operator or SQL's comparison words (`' OR UserID IS NOT NULL`, `aa' XOR- column != -'0`,
 *   `asd" or md5(1)^"1`, `' or user like '%`, `' and email not similar to id--`), or quantified
 *   over a subquery or an array (`= all (select email)`);
 * - a string function over a character of a database's identity or of a subquery: the blind
 *   probe (`ascii(substring(user(),1,1))`, `ord(mid(password,1,1))`, `LENGTH(version())`);
 * - a subquery as the argument of a call or after a comma (`exp(~(select`, `cast((select`,
 *   `concat(0x7e,(select`), compared after `=` (`1=(SELECT TOP 1 ...`, `1=(select system_user)`), or
 *   opening the value with its select list and FROM (`(select count(*) from generate_series(1,5))`);
 * - MySQL's duplicate-key error (`floor(rand(0)*2)`);
 * - a statement after `;` that the verbs of CORE miss: LOAD DATA/XML INFILE, IF/WHILE over a
 *   condition (`'; while 1=1 shutdown--`);
 * - MATCH ... AGAINST broken out of (`1' in boolean mode);`).
 * The select list a subquery opens with is what prose does not write after "select" (`select one`,
 * `select your size`): a number, `*`, `@`, a quote, a parenthesis, TOP/FIRST/DISTINCT, or a name
 * followed by a call, a comma or FROM.
 */
const NUMBER_TERM = '[-+~!(\\s]{0,8}(?:\\d+(?:\\.\\d+)?|true|false|null)';
const NUMBER_EXPRESSION = `${NUMBER_TERM}(?:[\\s)]{0,8}(?:[-+*/%^]|div\\b|mod\\b)${NUMBER_TERM}){0,8}[\\s)]{0,8}`;
const SQL_COMPARISON = '(?:=|!=|<>|<=>|<=?|>=?|(?:not\\s+)?(?:like|rlike|regexp|sounds\\s+like)(?![\\w$]))';
const SUBQUERY_LIST = `select\\s*(?:[\\d*(@'"\`]|(?:top|first|distinct)\\s|[\\w.$]{1,40}\\s*(?:[(,]|from\\b))`;
const IDENTITY_CALL =
  '(?:version|user|database|current_user|system_user|session_user|schema|db_name|user_name)\\s*\\(\\s*\\)|@@\\w+';
/** Functions SQL calls without parentheses: the date and time of the server, the connected user. */
const NILADIC =
  'current_date|current_time|current_timestamp|localtime|localtimestamp|utc_date|utc_time|utc_timestamp|current_user|session_user|system_user';
/** What an expression after a closed string is made of: operators (MySQL's `\\N` is NULL), operands, a column or NULL. */
const BREAKOUT_OPERATOR = '(?:[-+*/%^|&<>=!]{1,3}|(?<![\\w$])(?:is(?:\\s+not)?|or|and|xor|div|mod)(?![\\w$]))';
const BREAKOUT_OPERAND = '(?:\\d+(?:\\.\\d+)?|[a-z_]\\w{0,30}|\\\\N)';
const BREAKOUT_NAME = '(?:[a-z_]\\w{0,30}|\\\\N)';
/**
 * What a value cut by a comment is made of before it: operands (a number, a `@` user variable or
 * `@@` system variable), operators between them (arithmetic, comparison, logic), and a WHERE or
 * logic condition over a (qualified) column compared with an operand.
 */
const CUT_OPERAND = '(?:-?\\d+(?:\\.\\d+)?|@@?[a-z_]\\w{0,30})';
const CUT_LINK = '(?:\\s*(?:[-+*/%]|=|!=|<>|[<>]=?)\\s*|\\s+(?:and|or|xor|div|mod)\\s+)';
const CUT_CONDITION = `(?:\\s+(?:where|and|or)\\s+[a-z_][\\w.]{0,40}\\s*(?:=|!=|<>|[<>]=?)\\s*${CUT_OPERAND})`;
/** A literal of a list the query goes on with: a number, a hexadecimal literal, a parenthesised number. */
const LIST_LITERAL = '(?:-?\\d+(?:\\.\\d+)?|0x[0-9a-f]+|\\(\\s*-?\\d+\\s*\\))';
const SQL_KINDS = new RegExp(
  [
    `(?:(?<![\\w$])(?:or|and|xor)(?![\\w$])|&&|\\|\\|)${NUMBER_EXPRESSION}${SQL_COMPARISON}${NUMBER_EXPRESSION}(?![\\w.$])`,
    '^\\s*(?:\\(\\s*)*-?\\d+\\s*\\)?\\s*(?:or|and|xor)\\s*\\(+\\s*-?\\d+\\s*\\)*\\s*(?:or|and|xor)\\s+\\(*\\s*-?\\d+\\s*\\)+\\s*(?:--|#|$)',
    '(?<![\\w$])(?:or|and|xor)\\s+-?\\d+\\s+(?:not\\s+)?between\\s+-?\\d+\\s+and\\s+-?\\d+(?![\\w.])',
    '\\d[\'"]\\s*(?:not\\s+)?between\\s+-?\\d+(?:\\s*[-+]\\s*\\d+)?\\s+and\\s+-?\\d+(?:\\s*[-+]\\s*\\d+)?\\s+(?:or|and|xor)\\b',
    '(?:^\\s*|[\\w\\\\])[\'"]\\s*(?:or|and|xor)(?![\\w$])[\\s(~!+-]{0,8}(?:[\'"]?(?:[a-z_][\\w.]{0,40}|\\d{1,20})[\'"]?(?:\\s*\\([^()]{0,20}\\))?|0x[0-9a-f]+)[\\s)]{0,4}' +
      '(?:(?:[-+*/%^|&]|div\\b)[\\s(]{0,4}[\\w.]{1,40}[\\s)]{0,4})?' +
      '(?:(?:=|!=|<>|<=>|[<>]=?|\\^)\\s*[-+!~]{0,8}\\s*(?:[\'"]|\\d|null\\b|true\\b|false\\b)|is\\s+(?:not\\s+)?(?:null|\\d+|true|false)\\b|(?:not\\s+)?(?:like|rlike|regexp|sounds\\s+like)\\s*[-+!~(]{0,8}\\s*(?:[\'"]|\\d|[a-z_]\\w*\\s*\\()|not\\s+similar\\s+to\\s|like\\s+[\\w.]{1,40}\\s+escape\\s*[\'"])',
    // A quantified comparison with a subquery or an array (`email = all (select email)`, `email~all(array[email])`).
    '(?:=|!=|<>|[<>]=?|!|~)\\s*(?:all|any|some)\\s*\\(\\s*(?:select\\b|array\\s*\\[)',
    // A closed string opening the value, logic, then one operand and an operator ending it: the probe
    // of which operators a filter lets through (`' or xyz!`, `'  xor  abc-`, `admin' or 'x' <`).
    '^\\s*[\\w.@-]{0,40}[\'"]\\s*(?:or|and|xor)\\s+(?:[a-z_]\\w{0,30}|[\'"][^\'"\\n]{0,40}[\'"]|\\d{1,20})\\s*(?:[-!+*/%^|&~]|=|!=|<>|[<>]=?)\\s*$',
    // MySQL's IF() selected or opening a comparison as the whole value (`select if(x`, `if(2=`).
    '\\bselect\\s+if\\(|^\\s*if\\s*\\(\\s*-?\\d+\\s*(?:=|!=|<>|[<>]=?)\\s*$',
    `\\b(?:ascii|ord|unicode|hex)\\s*\\(\\s*(?:(?:lower|upper)\\s*\\(\\s*)?(?:substring|substr|mid|left|right)\\s*\\(\\s*(?:[a-z_(@]|${IDENTITY_CALL})`,
    `\\b(?:ascii|ord|unicode|hex|length|len|char_length|substring|substr|mid|left|right|lower|upper|compress|uncompress|md5|sha1|reverse)\\s*\\(\\s*(?:(?:substring|substr|mid|lower|upper|compress|uncompress|md5|sha1|reverse|hex)\\s*\\(\\s*)?(?:${IDENTITY_CALL})`,
    `[\\w$]\\s*\\(\\s*[~!+-]?\\s*(?:\\(\\s*){0,3}${SUBQUERY_LIST}`,
    `,\\s*[~!+-]?\\s*(?:\\(\\s*){1,3}${SUBQUERY_LIST}`,
    `(?:=|<>|!=|[<>]=?)\\s*\\(\\s*(?:${SUBQUERY_LIST}|select\\s+(?:[\\w.]{0,40}[_$][\\w.$]{0,40}|@@?\\w{1,40}|user)\\s*\\))`,
    `(?:^|[\\w'"])\\s*\\(+\\s*${SUBQUERY_LIST}[^;]{0,200}?\\bfrom\\s+[\\w.$\`\\[\\]]+\\s*(?:$|[()#;,-]|(?:where|limit|group|order|as)\\b)`,
    // A database's identity compared (`1 or 1=system_user`, `1 and user_name() = 'dbo'`): what an error or a boolean answer reveals.
    `(?<![\\w$])(?:or|and)\\s+(?:-?\\d+\\s*=\\s*(?:system_user|current_user|session_user|${IDENTITY_CALL})(?![\\w$])|(?:system_user|current_user|session_user|${IDENTITY_CALL})\\s*(?:=|!=|<>)\\s*(?:['"@\\d]|[a-z_]\\w*))`,
    // A database's identity selected, then MySQL's LIMIT offset,count ending the value (`19 version() LIMIT 1,1`):
    // the row of a UNION's select list the probe reads.
    `(?:${IDENTITY_CALL})\\s+limit\\s+\\d+(?:\\s*,\\s*\\d+)?\\s*(?:--|#|;|$)`,
    // The rest of a subquery's select list closed, then FROM a table WHERE a column is compared (`1) from users where username=`).
    '\\)\\s*from\\s+[\\w.$`]{1,64}\\s+where\\s+[\\w.`"]{1,64}\\s*(?:=|!=|<>|[<>]=?|like\\b|in\\b)',
    '\\bfloor\\s*\\(\\s*rand\\s*\\(\\s*\\d*\\s*\\)\\s*\\*\\s*\\d+\\s*\\)',
    ';\\s*load\\s+(?:data|xml)\\s+(?:[a-z_]+\\s+){0,3}infile\\b',
    ';\\s*(?:if|while)\\s+(?:not\\s+)?(?:exists\\s*\\(|\\(?\\s*-?\\d+\\s*(?:=|<>|!=|[<>]=?)\\s*-?\\d+)',
    '[\'"]\\s*in\\s+(?:natural\\s+language|boolean)\\s+mode\\s*\\)',
    // A number, logic, then a column tested for NULL or against a `%` pattern ending the value
    // (`1 || user_id is not null`, `1 or name like '%'`): a tautology over a column.
    "^\\s*-?\\d+\\s*(?:(?:or|and|xor)\\s|\\|\\||&&)\\s*[a-z_][\\w.]{0,40}\\s+(?:is\\s+(?:not\\s+)?null|(?:not\\s+)?like\\s+'[^'\\n]{0,40}%[^'\\n]{0,40}')\\s*(?:--|#|;|$)",
    // SQL's niladic date and identity functions, bare, after an operator glued to a closed string or
    // to a logic word (`aa' / current_date regexp '0`, `1'*current_date`, `.1or-UTC_DATE--`).
    `(?:['"]\\s*[-+*/%^|&]|(?<![a-z_$])(?:or|and|xor)\\s*[-+~!]+)\\s*(?:${NILADIC})(?![\\w$(])`,
    // A closed string, an expression over a column or NULL, then the opening of the string the
    // application closes (`1' * id - '0`, `asd'|column&&'1`, `1'/column is not null - '`, `'is\\N-!'`):
    // the whole condition is `'1' * id - '0'`.
    `^\\s*[\\w.@-]{0,40}'(?:\\s*${BREAKOUT_OPERATOR}\\s*${BREAKOUT_OPERAND}){0,3}\\s*${BREAKOUT_OPERATOR}\\s*${BREAKOUT_NAME}(?:\\s*${BREAKOUT_OPERATOR}\\s*${BREAKOUT_OPERAND}){0,3}\\s*${BREAKOUT_OPERATOR}\\s*'[^'\\n]{0,3}$`,
    // An operand (a number or a variable), an expression over operands, perhaps a WHERE condition,
    // then a comment ending the value (`1 --`, `1 * 1/*`, `@version--`, `348 and 1/*`,
    // `3 where prod.id=3/*`): the rest of the query cut.
    `^\\s*${CUT_OPERAND}(?:${CUT_LINK}${CUT_OPERAND}){0,4}${CUT_CONDITION}?\\s*(?:--|\\/\\*)\\s*$`,
    // A number or a closed string, then UNION and SELECT in either order and a select list of
    // literals (`-747 select union 1,2,3/*`, `1' select union 1,2,3`): the fuzzers' reordering of
    // `union select`, which a filter of the phrase misses; text lists numbers after no such pair.
    `^\\s*(?:-?\\d+|[\\w.@-]{0,40}['"])\\s*(?:select\\s+union(?:\\s+all)?|union(?:\\s+all|\\s+distinct)?\\s+select)\\s+${LIST_LITERAL}(?:\\s*,\\s*${LIST_LITERAL})*\\s*(?:--|\\/\\*|#)?\\s*$`,
    // A closed single-quoted string continued by a comma and literals to the end (`hash = 'abc', 0x1a`,
    // `', 2, 1`): the rest of a select list, VALUES tuple or IN list; a list in text goes on with words.
    `^\\s*(?:[a-z_][\\w.]{0,40}\\s*=\\s*)?'(?:[^'\\n]{0,40}')?(?:\\s*,\\s*'[^'\\n]{0,40}')*(?:\\s*,\\s*${LIST_LITERAL})+\\s*$`,
    // The quoted break-out around one of MySQL's operators alone between two operands (`A 'RLIKE' B`).
    '^\\s*[\\w.]{1,40}\\s*([\'"])\\s*(?:(?:not\\s+)?(?:rlike|regexp)|not\\s+like|sounds\\s+like|<=>)\\s*\\1\\s*[\\w.]{1,40}\\s*$',
    // A closed string, an expression with an operator, then logic opening the string the application closes (`aa' is 0 or '1`, `aa'/1 DIV 1 or+1=+'1`).
    '^\\s*[\\w.@-]{0,40}([\'"])[^\'"\\n]{0,30}?(?:[-+*/%^<>=!&|~]|\\b(?:is|like|rlike|regexp|div|null)\\b)[^\'"\\n]{0,30}?(?<![\\w$])(?:or|and|xor)(?![\\w$])[\\s+!~-]{0,8}(?:[-+\\d.\\s]{1,20}(?:=|!=|<>|[<>]=?|\\^)\\s*[+!~-]{0,8})?\\2[^\'"\\n]{0,3}$',
  ].join('|'),
  'i',
);

/** A fragment or probe of SQL, read in the text the lexer reads (its contractions and elisions folded). */
function isSqlProbe(text: string): boolean {
  if (SQL_FRAGMENT.test(text) || SQL_PROBE_START.test(text) || isProbeInside(text) || SQL_KINDS.test(text)) return true;
  if ((text.includes('::') && CAST_AT_END.test(text)) || (text.includes(';') && CLOSED_AFTER_ADDRESS.test(text))) return true;
  if ((text.includes("'") || text.includes('"')) && (QUOTED_LOGIC.test(text) || isQuotedOperator(text))) return true;
  if (text.includes('=') && NAME_TAUTOLOGY.test(text)) return true;
  if (/\.e/i.test(text) && EXPONENT_THEN_CALL.test(text)) return true;
  if (/e\./i.test(text) && EXPONENT_THEN_NAME.test(text)) return true;
  if (text.includes('/*!') && VERSIONED_COMMENT.test(text)) return true;
  // A keyword glued to the close of a comment opened in an earlier part (`SeLect*/ 1,2,3,user(`).
  if (text.includes('*/') && KEYWORD_THEN_COMMENT_CLOSE.test(text)) return true;
  if (text.includes('\n') && isProbeAfterLineComments(text)) return true;
  if (!text.includes('/*')) return false;
  if (KEYWORD_COMMENT.test(text)) return true;
  // Inline comments read as the spaces they stand for (`9999 or /*+hint*/ true`).
  const spaced = text.replace(/\/\*[^]{0,200}?\*\//g, ' ');
  return (
    spaced !== text &&
    (SQL_FRAGMENT.test(spaced) || SQL_PROBE_START.test(spaced) || isProbeInside(spaced) || SQL_KINDS.test(spaced))
  );
}

/**
 * MySQL's line comments (`#`, and `--` before a space or a control character) end at a line break,
 * and the query goes on after it (`-1#\r\nunion`, `-1#union ##\r\n--\r\nunion`): the text is read
 * again with each comment that a line break ends read as the space it stands for.
 */
const LINE_COMMENT = /#|--(?=\s)/;
function isProbeAfterLineComments(text: string): boolean {
  const lines = text.split('\n');
  // The last line's comment runs to the end of the value: no break ends it.
  for (let i = 0; i < lines.length - 1; i++) {
    const mark = LINE_COMMENT.exec(lines[i]);
    if (mark !== null) lines[i] = lines[i].slice(0, mark.index) + ' ';
  }
  const spaced = lines.join('\n');
  return spaced !== text && isSqlProbe(spaced);
}

export function isSqlStatement(value: string): boolean {
  // Fragments are read where the shapes are (the lexed text, its contractions and elisions folded):
  // an article quoting `' or '1'='1` after its first 48 words is an article, `D'or 1st` is French.
  return (
    DATABASE_ONLY.test(value) ||
    BARE_STATEMENT.test(value) ||
    LONE_CALL.test(value) ||
    (value.includes('--') && isCommentedExpression(value)) ||
    isDatabaseName(value) ||
    isSqlProbe(foldTextMarks(LEXED_PREFIX.exec(value)?.[0] ?? value))
  );
}

/**
 * The sqli detector's question for a value that is not plain prose: an injection shape (learned
 * or CORE) or SQL that needs none, unless it is search text naming SQL words; also read with
 * typographic quotes as ASCII ones (applications and copy-paste fold them) and with comments
 * or empty tags inside words removed (`uni/**\/on sel/**\/ect`, `un<>ion`, for filters that delete
 * comments or markup). When none of
 * these sure rules holds, the learned score of the value's signals (sqliSignals) may.
 */
export function isSqlInjection(value: string, learned: FingerprintSet, score?: SignalScore): boolean {
  const parameters = urlParameterValues(value);
  if (parameters !== null) return parameters.some((p) => isScoredText(p) && isSqlInjection(p, learned, score));
  if (sqlText(value, learned)) return true;
  if (value.includes('/*') && splitsKeyword(value)) return true;
  // Typographic quotes and the acute accent (`1´ OR ´1´=´x´#`), which applications and copy-paste fold into `'`.
  const quotes = /[\u2018\u2019\u201b\u201c\u201d\u02bc\u00b4]/.test(value)
    ? value.replace(/[\u2018\u2019\u201b\u02bc\u00b4]/g, "'").replace(/[\u201c\u201d]/g, '"')
    : value;
  const uncommented = quotes.includes('/*') ? quotes.replace(/(?<=\w)\/\*[^*]{0,20}\*\/(?=\w)/g, '') : quotes;
  // An empty tag inside words (`un<>ion sel<>ect`, `a<>nd`): a filter that strips markup joins them
  // again; `<>` between two letters is no comparison (`a<>b` compares names with spaces or digits).
  const joined = uncommented.includes('<>') ? uncommented.replace(/(?<=[A-Za-z])<>(?=[A-Za-z])/g, '') : uncommented;
  if (joined !== value && sqlText(joined, learned)) return true;
  return score !== undefined && isScoredText(joined) && !isTextQuoting(joined) && score.fires(sqliSignals(joined, true));
}

/**
 * A keyword cut by comments inside the word (`DR/**\/OP`, `SEL/*x*\/ECT`, `UN/**\/I/**\/ON`): a
 * filter that deletes comments puts it back together, a filter of keywords never sees it; no text
 * or program writes a comment inside a word (docs/detection.md, "i18-code"). The parts are joined
 * from the first: `DR/**\/OP/*bypass*\/sampletable` is DROP, its second comment a space.
 */
const COMMENT_SPLIT_WORD = /([A-Za-z]{1,10})((?:\/\*[^*]{0,20}\*\/[A-Za-z]{1,10})+)/g;
const SPLIT_KEYWORDS = new Set(
  'select union insert update delete drop truncate alter create from where order group having table into values exec execute declare waitfor delay sleep benchmark concat char'.split(
    ' ',
  ),
);
function splitsKeyword(value: string): boolean {
  for (const m of value.matchAll(COMMENT_SPLIT_WORD)) {
    let word = m[1].toLowerCase();
    for (const part of m[2].split(/\/\*[^*]{0,20}\*\//).slice(1)) {
      word += part.toLowerCase();
      if (SPLIT_KEYWORDS.has(word)) return true;
    }
  }
  return false;
}

/**
 * A URL with a query string as a value (`/search?q="MOD"&page=14`, a return URL, a shared link):
 * the application stores or follows it whole, and SQL could only be in one of its parameters, so
 * each parameter value is read on its own (`+` as a space, as forms encode it). The quotes of one
 * parameter (`Q="LIKE"+STAMP`) do not pair with the `=` and `&` of the next.
 */
const URL_WITH_QUERY = /^(?:[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/?#'"]+)?\/[^\s?#'"]*\?[^#=]{1,64}=/i;
function urlParameterValues(value: string): string[] | null {
  if (value.length > 4096 || !URL_WITH_QUERY.test(value)) return null;
  const query = value.slice(value.indexOf('?') + 1);
  const out: string[] = [];
  for (const pair of query.split('&', 64)) {
    const eq = pair.indexOf('=');
    out.push((eq < 0 ? pair : pair.slice(eq + 1)).replace(/\+/g, ' '));
  }
  return out;
}

/** Text whose quotes or words are not SQL, as hasInjectionShape reads it: units, quoted phrases, one token. */
function isTextQuoting(value0: string): boolean {
  const value = foldTextMarks(value0);
  return hasUnitQuotes(value) || (value.includes('"') && isPhraseSearch(value)) || TOKEN.test(value);
}

function sqlText(value: string, learned: FingerprintSet): boolean {
  return isScoredText(value) && (hasInjectionShape(value, learned) || isSqlStatement(value));
}

/** What the SQL readers read at all: not prose, not search text naming SQL words. */
export function isScoredText(value: string): boolean {
  return !isPlainProse(value) && !isProseNamingSql(value);
}

/**
 * The weak signals of SQL in a value, for the learned score (scoring.ts): the token shape of each
 * reading (as written, and after a quote when it holds one) as its first two and three tokens,
 * last two, and every run of two and three tokens, how many keywords it has; then what the shapes
 * do not keep: a comparison of a value with itself (`7380=7380`, `'a'='a`, `or a=a`), of two
 * numbers, the database functions called by name, hexadecimal literals, system variables, string
 * concatenation, inline and executable comments, a statement after `;`. With `onlyWithEvidence`
 * (detection), a value without an evidence signal gives none (scoring.ts: it cannot fire).
 */
export function sqliSignals(value0: string, onlyWithEvidence = false): string[] {
  const value = foldTextMarks(value0);
  // The text the lexer read (its first 48 runs): a long text's signals are those of its start, as its shapes are.
  const text = new Set<string>();
  textSignals(LEXED_PREFIX.exec(value)?.[0] ?? value, text);
  // Every evidence signal is a text signal: without one the score cannot fire, and the value is not lexed again.
  if (onlyWithEvidence && !hasEvidence([...text])) return [];
  const out = new Set<string>();
  shapeSignals(lexer.shape(value), 'p', out);
  if (value.includes("'")) shapeSignals(lexer.shape("'" + value), 'q', out);
  if (value.includes('"')) shapeSignals(lexer.shape('"' + value), 'q', out);
  for (const t of text) out.add(t);
  return [...out];
}

function shapeSignals(shape: string, reading: string, out: Set<string>): void {
  if (shape.length < 2) {
    out.add(reading + '=' + shape);
    return;
  }
  out.add(reading + '^' + shape.slice(0, 2));
  out.add(reading + '^' + shape.slice(0, 3));
  out.add(reading + '$' + shape.slice(-2));
  let keywords = 0;
  for (let i = 0; i < shape.length; i++) {
    if ('UEkB'.includes(shape[i])) keywords++;
    if (i + 2 <= shape.length) out.add(shape.slice(i, i + 2));
    if (i + 3 <= shape.length) out.add(shape.slice(i, i + 3));
  }
  out.add(reading + 'kw' + Math.min(keywords, 4));
}

/**
 * Between two operands: SQL's comparison of one value with another, as an operator or as a
 * predicate that tests the same (SQL-92's like, between and in: `x BETWEEN a AND b`, `x IN (a)`
 * compare x with a), with the parentheses an operand may stand in (`(1)=(1)`). Each run of
 * blanks has one place to match (a blank run read two ways is super-linear on long blank runs).
 */
const COMPARED_WITH = String.raw`\s*(?:\)\s*)?(?:=|!=|<>|<=>|[<>]=?|\blike\b|\bbetween\b|\bin\s*\()\s*(?:\(\s*)?`;
const TAUTOLOGY = new RegExp(String.raw`(?:^|[^\w'"])(['"]?)([\w.]{1,24})\1${COMPARED_WITH}['"]?\2(?![\w])`, 'i');
const NUMBER_COMPARISON = new RegExp(String.raw`(?<![\w.])\d+${COMPARED_WITH}\d+(?![\w.])`, 'i');
/** A name called with an argument or none (`sleep(5)`, `database()`), not a name before a lone `(`. */
const CALL = /([A-Za-z_][\w$]{0,30})\s*\((?=\s*[\w'"@()+-])/g;
/** Evidence signals (scoring.ts): forms only SQL has. */
const TEXT_SIGNALS: Array<[string, RegExp]> = [
  ['!hex', /(?<!\w)0x[0-9a-f]{4,}/i],
  ['!sysvar', /@@\w/],
  ['concat', /\|\|/],
  ['inline-comment', /\/\*/],
  ['!exec-comment', /\/\*!/],
  // Not two statement verbs around one word (`1; exec will create the case 7`: a sentence, see CORE).
  [
    '!statement-after-semicolon',
    /;\s*(?:select|insert|update|delete|drop|exec|declare|begin|call|waitfor|create|shutdown)\b(?!\s+[a-z_]\w*\s+(?:select|insert|update|delete|drop|exec|execute|declare|create|alter|truncate|shutdown)\b)/i,
  ],
  ['trailing-comment', /(?:--|#)[^\n]{0,40}$/],
  // `#` with text glued to it is a colour, an anchor or a format (`"#fff"`, `"#%02x"`, decoded or
  // not), not MySQL's comment, which an injection ends the value or a line with.
  ['!quote-then-comment', /['"][\s)]*(?:--|#(?=[ \t\r\n]|$)|\/\*)/],
];
function textSignals(value: string, out: Set<string>): void {
  if (TAUTOLOGY.test(value)) out.add('!tautology');
  if (NUMBER_COMPARISON.test(value)) out.add('!number-comparison');
  for (const [name, re] of TEXT_SIGNALS) if (re.test(value)) out.add(name);
  if (!value.includes('(')) return;
  CALL.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (let calls = 0; (m = CALL.exec(value)) !== null && calls < 16; calls++) {
    const name = m[1].toUpperCase();
    out.add(SQL_FUNCTIONS.has(name) ? (COMMON_CALLS.has(name) ? 'fn:' : '!fn:') + name : 'call');
  }
}
