/**
 * XPath injection (docs/detection.md, xpathi): what only XPath has, read from its grammar, not from
 * lists of payloads. An XPath query is built by pasting the value into a location path or a
 * predicate (`//user[name/text()='VALUE']`); the injection either closes the string and adds a
 * condition that calls XPath's own functions (`' or name()='username' or 'x'='y`, `' and
 * count(/*)=1 and '1'='1`), closes the predicate and unions a path that selects everything
 * (`'] | //* | //*['`), or asks about the document's structure with a node-set function applied to an
 * absolute path or an axis step (`count(/child::node())`, `name(/*[1])`,
 * `substring(name(parent::*),1,1)`) to read it blind. `' or '1'='1`, which SQL shares, is sqli's.
 */

/** Axis steps (`child::node()`, `descendant-or-self::*`). `self::`, `parent::` and `namespace::` are also PHP/C++/Rust scope syntax, so only with a node test. */
const AXIS_STEP =
  /\b(?:(?:ancestor(?:-or-self)?|attribute|child|descendant(?:-or-self)?|following(?:-sibling)?|preceding(?:-sibling)?)::(?:\*|[A-Za-z_]|(?:node|text|comment)\(\s*\)|processing-instruction\()|(?:self|parent|namespace)::(?:\*|(?:node|text|comment)\(\s*\)))/;

/** Node-set and string functions of XPath 1.0 (what blind extraction calls). */
const FUNCTIONS =
  'count|name|local-name|namespace-uri|string-length|string|substring|substring-before|substring-after|starts-with|contains|normalize-space|translate|sum|boolean|number|position|last|true|false|not|text|node|comment|' +
  // XPath 1.0's `lang()` and XPath 2.0's hyphenated string functions: no SQL or script names one so (branch i18-small5).
  'lang|ends-with|string-join|lower-case|upper-case';

/**
 * A function applied to an absolute path (`count(/*)`, `count(//user)`, `name(/*[1])`), to the
 * root's attributes or comments (`count(/@*)`, `count(/comment())`), or nested around one
 * (`string-length(name(/*[1]))`). Not after `.` (a method call: `s.contains(/re/)` in JavaScript).
 */
const ON_ABSOLUTE_PATH = new RegExp(
  `(?:^|[^.\\w-])(?:${FUNCTIONS})\\s*\\(\\s*(?:(?:name|local-name|string)\\s*\\(\\s*)?/(?:/|\\*|@|[A-Za-z_]|comment\\(|node\\()`,
  'i',
);

/**
 * A string closed, then `or`/`and` and one of XPath's functions (`' or name()='x`, `" and
 * count(/*)=1 and "1"="1`, `') or contains(name,'a') or ('`): a condition on the document, not on
 * the value.
 */
const BREAKOUT_CONDITION = new RegExp(`['"]\\s*(?:[\\])]\\s*)?(?:or|and)\\s+(?:not\\s*\\(\\s*)?(?:${FUNCTIONS})\\s*\\(`, 'i');

/** A predicate closed and a path that selects everything unioned in: `'] | //* | //*['`, `')]|//*|('`. */
const BREAKOUT_UNION = /['"]\s*[\])]{1,3}\s*\|\s*\/\/?(?:\*|@\*|node\(\)|[A-Za-z_][\w-]*)/;

/**
 * A string closed, then `or`/`and` and an absolute path with a predicate (`' or //user[position()=1]
 * or '`, `' and /*[1][name()='x'] and '`): a condition on the document's nodes; SQL has no `//x[`.
 */
const BREAKOUT_PATH = /['"]\s*(?:[\])]\s*)?(?:or|and)\s+\/\/?(?:\*|@?[A-Za-z_][\w-]{0,40})\s*\[/i;
/**
 * A string closed, then `or`/`and` and a step up from the context node, itself a condition or
 * compared (`' or ../password or '`, `admin' or ../password!='' or 'a'='b`): the condition reads a
 * sibling of the node the query selects; SQL has no `../name` (branch i18-small5). Prose that
 * names a relative file (`'Setup' or ../docs/setup.md`) goes on with a step or an extension.
 * Also a descendant path from the root (`' or //password or '`, `' or //users/user/pass='x' or '`:
 * a condition true when the document holds such a node; branch i18-small8); a scheme-relative
 * link in prose (`'https:' or //cdn.example.com`) goes on with a dot, a comment with a blank.
 */
const BREAKOUT_PARENT =
  /['"]\s*(?:[\])]\s*)?(?:or|and)\s+(?:not\s*\(\s*)?(?:\.\.\/|\/\/(?:[A-Za-z_][\w-]{0,40}\/{1,2}){0,8})(?:\*|@?[A-Za-z_][\w-]{0,40})\s*(?:!?=|[<>]|(?:or|and)\b|\])/i;
/**
 * XQuery and XPath 2.0 reading a document by URL (`doc('http://x/a.xml')`, `doc-available('file:///etc/passwd')`):
 * the processor fetches it; a method `.doc(...)` or Firestore's `doc(db, 'users')` has no URL.
 */
const DOC_FETCH = /(?:^|[^\w.$-])(?:doc|doc-available|collection)\s*\(\s*['"](?:https?|file|ftp|jar):\/\//i;

/** BREAKOUT_PATH is read by isXpathPath, behind its `/`. */
export function isXpathi(value: string): boolean {
  return (
    AXIS_STEP.test(value) ||
    ON_ABSOLUTE_PATH.test(value) ||
    BREAKOUT_CONDITION.test(value) ||
    BREAKOUT_UNION.test(value) ||
    DOC_FETCH.test(value)
  );
}

/**
 * Read behind `/` (its own detector entry in index.ts: every form here has a `/`, and none needs
 * the `(`, `:` or `|` of isXpathi's gate; docs/detection.md, branch i18-small4).
 *
 * A whole value that is an absolute location path selecting by a predicate or a node test
 * (`//user[position()=1]`, `/*[1]/*[1]`, `//*[contains(.,'admin')]`, `//user/password/text()`):
 * a query handed over whole, as `SELECT * FROM users` is for sqli. A route pattern
 * (`/posts/[slug]/edit`, Next.js) has a bare name in its brackets, a URL (`//cdn.example/a`) none.
 */
const STEP = `(?:\\*|\\.\\.?|@?[A-Za-z_][\\w-]{0,40}|(?:text|node|comment)\\(\\s*\\))(?:\\[[^\\]\\n]{1,120}\\]){0,4}`;
const LOCATION_PATH = new RegExp(`^\\s*/{1,2}${STEP}(?:/{1,2}${STEP}){0,20}\\s*$`);
/** A predicate that tests something (a call, an attribute, a comparison, `*`), or a position after a `*` step. */
const SELECTING_PREDICATE = /\[[^\]\n]{0,120}[(@=*<>][^\]\n]{0,120}\]|\*\[\s*\d{1,4}\s*\]/;
const NODE_TEST_STEP = /\/(?:text|node|comment)\(\s*\)\s*$/;

/** A string closed and a path unioned in without a bracket: `' | //password | '`, `" | //* | "`. */
const QUOTE_UNION = /['"]\s*\|\s*\/\/(?:\*|@?[A-Za-z_][\w-]{0,40})[^|'"\n]{0,80}\|/;

/**
 * A predicate closed by the value and a step out of it: `admin']/../*[name()='password`, `x"]/@*`;
 * also after a call the value closes too (`')]/../*[name()='password`: the predicate was
 * `[contains(name,'VALUE')]`; branch i18-small5).
 */
const PREDICATE_STEP_OUT = /['"]\s*(?:\)\s*)?\]\s*\/(?:\.\.|\*|@|[A-Za-z_][\w-]{0,40}\s*\[)/;

/** A `]`, then a path from the root unioned in (`] | //*`, `]|//password`). */
const CLOSE_THEN_UNION = /\]\s*\|\s*\/\/?(?:\*|@?[A-Za-z_])/;

/**
 * A hole in a predicate that compares with a number (`//user[id=VALUE]`): the value closes a
 * predicate it did not open, unions a path from the root and opens a predicate it leaves for the
 * query's own `]` (`1] | //* | //*[1`, `0]|//password|a[0`), as the quoted break-out does after
 * its string (branch i18-small8). Text with brackets opens them before it closes them.
 */
function isPredicateHole(value: string): boolean {
  if (value.length > 4096) return false;
  const first = value.search(/[[\]]/);
  if (first < 0 || value[first] !== ']') return false;
  const last = Math.max(value.lastIndexOf('['), value.lastIndexOf(']'));
  return value[last] === '[' && CLOSE_THEN_UNION.test(value);
}

export function isXpathPath(value: string): boolean {
  // The break-outs all close a string: most values with a `/` (URLs, paths) have no quote.
  const quoted = value.includes("'") || value.includes('"');
  if (
    quoted &&
    (BREAKOUT_PATH.test(value) || BREAKOUT_PARENT.test(value) || QUOTE_UNION.test(value) || PREDICATE_STEP_OUT.test(value))
  )
    return true;
  if (value.includes('|') && isPredicateHole(value)) return true;
  const v = value.trim();
  if (v.charCodeAt(0) !== 0x2f || v.length > 4096 || !LOCATION_PATH.test(v)) return false;
  return SELECTING_PREDICATE.test(v) || NODE_TEST_STEP.test(v);
}
