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
/**
 * MongoLite's callable operators (the PHP document store of Cockpit CMS): `{"$func": "var_dump"}`
 * hands the stored value to the PHP function named (`$b($a)`), so the query runs a function of the
 * client's choosing (CVE-2020-35847). Read as keys and after an object's opening brace only: in
 * text, `$fn:` is a price or a variable; MongoLite's one-letter `$f` is left (a key that short is
 * any template's placeholder).
 */
const CALLABLE_OPERATORS = 'func|fn';
const OPERATOR_KEY = new RegExp(`(?:^|\\[)\\$(?:${OPERATORS}|${CALLABLE_OPERATORS})(?:\\]|$)`);
const CALLABLE_IN_OBJECT = new RegExp(`\\{\\s*['"]?\\$(?:${CALLABLE_OPERATORS})['"]?\\s*:`);
const OPERATOR_IN_VALUE = new RegExp(
  `(?:^|[{,\\s'"])['"]?\\$(?:${OPERATORS})['"]?\\s*:|\\[\\$(?:${OPERATORS})\\]|[,\\]}]\\s*\\$comment\\s*:`,
);
const SERVER_JS =
  /\bdb\s*\.\s*[\w$]+\s*\.\s*(?:insert|find|findOne|update|remove|drop|aggregate|save|count|delete\w*|mapReduce)\s*\(|\bdb\s*\.\s*(?:getCollection|dropDatabase|eval|runCommand|getMongo)\s*\(|['"](?:\s*\))?\s*;\s*(?:var|let)\s+\w+\s*=\s*new\s+Date\s*\(|\bwhile\s*\([^)]{0,200}date\b|\bthis\s*\.\s*\w+\s*\.\s*match\s*\(|['"](?:\s*\))?\s*;\s*return\s+(?:true|1|this\b)|^\s*return\s+(?:true|1)\s*;?\s*$|\bsleep\s*\(\s*\d+\s*\)\s*(?:;|\|\||$)|\bwhile\s*\(\s*(?:true|1)\s*\)\s*(?:\{\s*\}|;|$)|['"][^'"\n]{0,20}['"]\s*===?\s*['"]|(?:\|\||&&)\s*(\d{1,8})\s*===?\s*\1\b|^\s*(?:['"]\s*)?function\s*\(\s*\)\s*\{\s*return\s+(?:this\b|version\b|true\b)/i;

export function isNosqlKey(key: string): boolean {
  return OPERATOR_KEY.test(key);
}

export function isNosqli(value: string): boolean {
  return OPERATOR_IN_VALUE.test(value) || SERVER_JS.test(value) || CALLABLE_IN_OBJECT.test(value);
}

/**
 * A Django-style ORM lookup in a parameter or JSON name (`password__isnull`,
 * `user__profile__city__startswith`, `data__has_key`): a name the server hands to its query
 * builder as a filter, which leaks what it matches one character at a time (docs/detection.md,
 * "i18-code"). A filter API publishes lookups on its own fields (`price__gte`, `name__icontains`,
 * `username__startswith`, which CRS too lists as ordinary django-filter use at its paranoia level
 * 2), so a lookup counts on a credential or privilege field, on an identity reached across a
 * relation (`created_by__user__username__startswith`), or when it tests which keys a JSON document
 * has (`has_key`, `contained_by`: how a privilege flag is found).
 */
const ORM_LOOKUP =
  /__(?:i?startswith|i?endswith|i?contains|i?regex|i?exact|isnull|in|gte?|lte?|range|has_keys?|has_any_keys|contained_by|overlap)$/i;
const ORM_KEY_LOOKUP = /__(?:has_keys?|has_any_keys|contained_by)$/i;
const ORM_CREDENTIAL = new Set(
  'password passwd pwd secret token api_key apikey hash salt otp is_admin is_staff is_superuser role roles permissions'.split(
    ' ',
  ),
);
const ORM_IDENTITY = new Set('user users username email profile owner created_by account groups metadata'.split(' '));
const ORM_FIELD = /^[A-Za-z]\w*$/;

export function isOrmLookupKey(key: string): boolean {
  if (key.length > 200 || !key.includes('__')) return false;
  const lookup = ORM_LOOKUP.exec(key);
  if (lookup === null) return false;
  const fields = key.slice(0, lookup.index).split('__');
  if (!fields.every((f) => ORM_FIELD.test(f))) return false;
  if (ORM_KEY_LOOKUP.test(key)) return true;
  const lower = fields.map((f) => f.toLowerCase());
  return lower.some((f) => ORM_CREDENTIAL.has(f)) || (lower.length >= 2 && lower.some((f) => ORM_IDENTITY.has(f)));
}
