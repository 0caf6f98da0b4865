/**
 * NoSQL (MongoDB) injection: query operators where the application expects a value — as a
 * parameter or JSON key (`user[$ne]=`, `{"$gt": ""}`), or written into a value as `$op:` — and
 * server-side JavaScript (`$where` bodies, `db.collection.method(`, busy loops and sleeps, and
 * JavaScript's `==` between quoted strings, which SQL does not have). Statements such as
 * `var d = new Date()` or `return true` count only after a quote that closes the application's
 * string (`'; return true; var x='`): JavaScript source in a form field is full of them.
 */
/** Operators that change what a query matches; `$type`, `$ref`, `$id`, `$schema` are ordinary JSON too. */
const OPERATORS = 'ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|or|and|nor|not|expr|elemMatch|function|accumulator|jsonSchema';
const OPERATOR_KEY = new RegExp(`(?:^|\\[)\\$(?:${OPERATORS})(?:\\]|$)`);
const OPERATOR_IN_VALUE = new RegExp(
  `(?:^|[{,\\s'"])['"]?\\$(?:${OPERATORS})['"]?\\s*:|\\[\\$(?:${OPERATORS})\\]|[,\\]}]\\s*\\$comment\\s*:`,
);
const SERVER_JS =
  /\bdb\s*\.\s*[\w$]+\s*\.\s*(?:insert|find|findOne|update|remove|drop|aggregate|save|count|delete\w*|mapReduce)\s*\(|\bdb\s*\.\s*(?:getCollection|dropDatabase|eval|runCommand|getMongo)\s*\(|['"](?:\s*\))?\s*;\s*(?:var|let)\s+\w+\s*=\s*new\s+Date\s*\(|\bwhile\s*\([^)]{0,200}date\b|\bthis\s*\.\s*\w+\s*\.\s*match\s*\(|['"](?:\s*\))?\s*;\s*return\s+(?:true|1|this\b)|^\s*return\s+(?:true|1)\s*;?\s*$|\bsleep\s*\(\s*\d+\s*\)\s*(?:;|\|\||$)|\bwhile\s*\(\s*(?:true|1)\s*\)\s*(?:\{\s*\}|;|$)|['"][^'"\n]{0,20}['"]\s*===?\s*['"]|(?:\|\||&&)\s*(\d{1,8})\s*===?\s*\1\b|^\s*(?:['"]\s*)?function\s*\(\s*\)\s*\{\s*return\s+(?:this\b|version\b|true\b)/i;

export function isNosqlKey(key: string): boolean {
  return OPERATOR_KEY.test(key);
}

export function isNosqli(value: string): boolean {
  return OPERATOR_IN_VALUE.test(value) || SERVER_JS.test(value);
}
