import { percentDecode } from '../decode/percent';
import type { RequestPoint } from '../../../records/types';
import { lowerName } from '../../../memo';
import { namedPoint } from './named-point';
import type { PointKind, ValueSink } from './types';

/**
 * `application/x-www-form-urlencoded` pairs (the query string and form bodies): `+` is space,
 * names with brackets become nested points (`a[b]=` is [root,"a","b"], `a[]=` is [root,"a",i]),
 * repeated names give one value each under the same point, and a name without `=` is reported
 * as a value of itself (`?/etc/passwd`). Names in `skip` are left out (a GraphQL GET request's
 * `query`, read as GraphQL: docs/graphql.md).
 * When the split itself may have cut a shell command (`?1+1&&curl host`: an empty pair between
 * `&&`, or a later pair without `=` holding a space, like `&curl+host`), the whole text is also
 * handed over once as [root] of kind `urlencoded`, read for shell only (see splitMayCutCommand).
 */
export function parseUrlEncoded(
  text: string,
  root: string,
  kind: PointKind,
  maxDepth: number,
  sink: ValueSink,
  skip: ReadonlySet<string> | null = null,
): boolean {
  let arrayIndex: Map<string, number> | null = null;
  let cut = false;
  for (let start = 0; start < text.length;) {
    const amp = text.indexOf('&', start);
    let end = amp < 0 ? text.length : amp;
    // A character reference written raw (`q=<img src=&#106;&#97;...>`, `q=Caf&#233;`): its `&` opens
    // no pair, so the value runs on over it (see continuesReference).
    while (end < text.length && continuesReference(text, end + 1)) end = nextAmpersand(text, end + 1);
    const pair = text.slice(start, end);
    const first = start === 0;
    start = end + 1;
    if (pair === '') {
      cut ||= !first;
      continue;
    }
    const eq = pair.indexOf('=');
    if (eq < 0 && !first && !cut) cut = splitMayCutCommand(pair);
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = percentDecode(rawName, true);
    if (skip !== null && skip.has(name)) continue;
    let point: RequestPoint;
    if (name.includes('[')) {
      const path: Array<string | number> = bracketPath(name, maxDepth);
      if (path.length > 1 && path[path.length - 1] === '') {
        const key = path.slice(0, -1).join('\u0000');
        arrayIndex ??= new Map();
        const i = arrayIndex.get(key) ?? 0;
        arrayIndex.set(key, i + 1);
        path[path.length - 1] = i;
      }
      point = [root, ...path];
    } else {
      point = namedPoint(root, name);
    }
    const last = lowerName(String(point[point.length - 1]));
    if (eq < 0) {
      if (!sink({ point, kind, name: last, value: name })) return false;
      continue;
    }
    if (!sink({ point, kind: 'key', name: last, value: name })) return false;
    if (!sink({ point, kind, name: last, value: percentDecode(pair.slice(eq + 1), true) })) return false;
  }
  return !cut || sink({ point: [root], kind: 'urlencoded', name: '', value: percentDecode(text, true) });
}

/**
 * Whether the text after an `&` at `from - 1` is the rest of a character reference rather than a pair:
 * a numeric one (`#106;`, `#x6A`), one of markup and quotes (`lt;`, `quot;`, `apos;`, `colon;`), or
 * another named one when no `=` follows before the next `&` (`amp;b=2` of a link copied from HTML is
 * a pair named `amp;b`). Payloads sent without percent-encoding spell markup and quotes this way; a
 * form never writes `&#` or `&quot;` between its pairs.
 */
const NUMERIC_REFERENCE = /#(?:\d{1,7}|x[0-9a-f]{1,6})(?![\w])|#(?:\d{1,7}|x[0-9a-f]{1,6});/iy;
const MARKUP_REFERENCE = /(?:lt|gt|quot|apos|colon|lpar|rpar|sol|bsol|tab|newline);/iy;
const NAMED_REFERENCE = /[a-z][a-z0-9]{1,7};/iy;
function continuesReference(text: string, from: number): boolean {
  NUMERIC_REFERENCE.lastIndex = from;
  if (NUMERIC_REFERENCE.test(text)) return true;
  MARKUP_REFERENCE.lastIndex = from;
  if (MARKUP_REFERENCE.test(text)) return true;
  NAMED_REFERENCE.lastIndex = from;
  if (!NAMED_REFERENCE.test(text)) return false;
  // Only up to the next `&` (a search of the whole rest would be quadratic on `&lt;&lt;...`).
  const next = nextAmpersand(text, from);
  for (let i = from; i < next; i++) if (text.charCodeAt(i) === 0x3d) return false;
  return true;
}

function nextAmpersand(text: string, from: number): number {
  const amp = text.indexOf('&', from);
  return amp < 0 ? text.length : amp;
}

/** A pair without `=` after the first that holds a space (`+`, `%20`, `%09`): a command's words, not a flag name. */
function splitMayCutCommand(pair: string): boolean {
  return pair.includes('+') || pair.includes(' ') || pair.includes('%20') || pair.includes('%09');
}

/** `a[b][]` -> ["a","b",""]; unbalanced brackets keep the name as written. */
function bracketPath(name: string, maxDepth: number): string[] {
  const open = name.indexOf('[');
  if (open <= 0 || !name.endsWith(']')) return [name];
  const parts = [name.slice(0, open)];
  const re = /\[([^\]]*)\]/y;
  re.lastIndex = open;
  let m: RegExpExecArray | null;
  while ((m = re.exec(name)) !== null) {
    if (parts.length > maxDepth) return [name];
    parts.push(m[1]);
    if (re.lastIndex === name.length) return parts;
  }
  return [name];
}
