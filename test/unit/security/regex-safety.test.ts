/**
 * Every regular expression in node/analysis, node/http and node/config (literals and
 * `new RegExp('...')` with a literal source, found with the TypeScript parser) is checked two ways:
 * statically for nested quantifiers (star height 2, the `(a+)+` shape behind catastrophic
 * backtracking), and dynamically against 50k-character strings pumped from the pattern's own
 * characters, each followed by a character that forces a failed match: the CPU cost of a match
 * must grow linearly with the string (test/support/linear-cost.ts; no wall-clock budget, which a
 * busy machine breaks). Per-detector adversarial values are tested in test/unit/attacks/bounds.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { linearCost, superLinear } from '../../support/linear-cost';

const ROOT = join(__dirname, '../../..');
const DIRS = ['node/analysis', 'node/http', 'node/config'];
const LENGTH = 50_000;

interface Found {
  where: string;
  regex: RegExp;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function collect(): Found[] {
  const out: Found[] = [];
  for (const file of DIRS.flatMap((d) => files(join(ROOT, d)))) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      const where = `${relative(ROOT, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
      if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = n.getText();
        const end = text.lastIndexOf('/');
        out.push({ where, regex: new RegExp(text.slice(1, end), text.slice(end + 1)) });
      } else if (
        ts.isNewExpression(n) &&
        n.expression.getText() === 'RegExp' &&
        n.arguments?.length &&
        ts.isStringLiteralLike(n.arguments[0])
      ) {
        const flags = n.arguments[1] && ts.isStringLiteralLike(n.arguments[1]) ? n.arguments[1].text : '';
        out.push({ where, regex: new RegExp(n.arguments[0].text, flags) });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

/**
 * Star height of a pattern: a quantified group containing a quantified item that can repeat
 * (`+`, `*`, `{n,}` or `{n,m}` with m > 1). Character classes and escapes are skipped over.
 */
export function nestedQuantifier(source: string): boolean {
  // For each open group: whether something inside it is unboundedly quantified.
  const stack: boolean[] = [];
  let lastWasGroupWithRepeat = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const quantified = (at: number): boolean => {
      const q = source[at];
      if (q === '+' || q === '*') return true;
      if (q === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at));
        return m !== null && m[2] !== undefined && (m[3] === '' || Number(m[3]) > 1);
      }
      return false;
    };
    if (c === '\\') {
      i++;
      if (quantified(i + 1) && stack.length) stack[stack.length - 1] = true;
      lastWasGroupWithRepeat = false;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      i = j;
      if (quantified(i + 1) && stack.length) stack[stack.length - 1] = true;
      lastWasGroupWithRepeat = false;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      continue;
    }
    if (c === ')') {
      const inner = stack.pop() ?? false;
      if (inner && quantified(i + 1)) return true;
      if (quantified(i + 1) && stack.length) stack[stack.length - 1] = true;
      else if (inner && stack.length) stack[stack.length - 1] = true;
      lastWasGroupWithRepeat = inner;
      continue;
    }
    if (quantified(i + 1) && stack.length && c !== '+' && c !== '*' && c !== '?' && c !== '}') stack[stack.length - 1] = true;
    lastWasGroupWithRepeat = false;
  }
  return lastWasGroupWithRepeat && false;
}

/**
 * Strings that pump the pattern's own characters, then fail: what backtracking feeds on. Each is a
 * function of the length, so the cost can be measured at two sizes.
 */
function attackStrings(source: string): Array<(length: number) => string> {
  const chars = [...new Set(source.replace(/\\[dDwWsSbB]/g, '').replace(/[\\^$|()[\]{}?*+.]/g, ''))].slice(0, 24);
  const pumps = ['a', ' ', '0', '=', '/', '%', ...chars];
  const out: Array<(length: number) => string> = [];
  for (const p of pumps) out.push((n) => p.repeat(n) + '\u0000!');
  for (let i = 0; i + 1 < chars.length; i++) out.push((n) => (chars[i] + chars[i + 1]).repeat(n / 2) + '\u0000!');
  out.push((n) => chars.join('').repeat(Math.ceil(n / Math.max(1, chars.length))) + '\u0000!');
  return out;
}

/**
 * Patterns that are only ever applied to text an anchored pattern has already validated
 * (linear), so their unanchored scan never meets a pumped string. Each entry says why.
 */
const GUARDED = new Map<string, string>([
  ['([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)', 'node/config/units.ts: runs only after DURATION_RE accepted the whole value'],
]);

const FOUND = collect();

test('the scan finds the patterns of detection, HTTP and config', () => {
  assert.ok(FOUND.length > 50, `only ${FOUND.length} patterns found`);
  assert.ok(FOUND.some((f) => f.where.startsWith('node/analysis/attacks/detectors/')));
});

test('the nested-quantifier check recognises the classic shapes', () => {
  for (const bad of ['(a+)+$', '(\\w*)*x', '(?:a|b+){2,}', '((ab)*c)+', '([a-z]+\\.)+com']) assert.ok(nestedQuantifier(bad), bad);
  for (const ok of ['a+b+', '(ab)+', '[(+]+', '\\(a+\\)+', '(a{1,1})+', '(?:\\d{1,3}\\.){3}\\d{1,3}'])
    assert.ok(!nestedQuantifier(ok), ok);
});

test('every pattern runs in linear time on pumped 50k-character strings', () => {
  const slow: string[] = [];
  for (const { where, regex } of FOUND) {
    if (GUARDED.has(regex.source)) continue;
    for (const pumped of attackStrings(regex.source)) {
      const exec = (s: string): void => {
        regex.lastIndex = 0;
        regex.exec(s);
      };
      const why = superLinear(linearCost(LENGTH, pumped, exec));
      if (why) slow.push(`${where} /${regex.source}/ on ${JSON.stringify(pumped(8).slice(0, 8))}...: ${why}`);
    }
  }
  assert.deepEqual(slow, []);
});

test('a 50k-character Server banner is matched in linear time (regression)', async () => {
  const { vulnerableComponents } = await import('../../../node/analysis/vulnerabilities/components');
  const cost = linearCost(
    LENGTH,
    (n) => 'a'.repeat(n) + ' Apache/2.4.49',
    (banner) => vulnerableComponents(banner),
  );
  assert.equal(superLinear(cost), null);
  assert.ok(GUARDED.size < 3);
});

test('patterns with nested quantifiers are listed (each must pass the timing test above)', () => {
  const nested = FOUND.filter((f) => nestedQuantifier(f.regex.source)).map((f) => `${f.where} /${f.regex.source}/`);
  process.stderr.write(
    `regex safety: ${FOUND.length} patterns, ${nested.length} with nested quantifiers\n${nested.map((n) => `  ${n}\n`).join('')}`,
  );
  assert.ok(nested.length < FOUND.length);
});
