/**
 * How an inventory template matches a concrete path, and which of several matching templates a path
 * is named by (docs/api-discovery.md "Templating" and "API sessions"). One implementation, used by
 * the session request templates (node/analysis/sessions/template-index.ts) and by the cloud's
 * grouping of vulnerabilities through the merged inventory (cloud/vulnerability-groups.ts).
 *
 * A template segment is one of:
 * - `literal` (`feed`): the path segment's text, exactly;
 * - `mixed` (`page-{id}.atom`, `v{version}`, `{a}:{b}`): a parameter inside the segment; its literal
 *   parts around values of at least one character each;
 * - `param` (`{id}`): any value (a node's own `{param}` segment too).
 *
 * Of the templates matching a path, the most specific names it: at the first segment where their
 * kinds differ, a literal before a mixed segment before a `{param}`; templates of the same kinds
 * are ordered by their segments' text, left to right.
 */

export type SegmentKind = 'literal' | 'mixed' | 'param';

/** One template segment, ready to match path segments. */
export interface TemplateSegment {
  text: string;
  kind: SegmentKind;
  /** Mixed segments only: its literal parts escaped, each parameter one or more characters. */
  pattern: RegExp | null;
}

const WHOLE_PARAM = /^\{[^{}/]+\}$/;
const PARAM = /\{[^{}/]+\}/g;

export function segmentKind(text: string): SegmentKind {
  if (!text.includes('{')) return 'literal';
  return WHOLE_PARAM.test(text) ? 'param' : 'mixed';
}

function mixedPattern(text: string): RegExp {
  const parts = text.split(PARAM).map((lit) => lit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+?')}$`, 's');
}

export function templateSegment(text: string): TemplateSegment {
  const kind = segmentKind(text);
  return { text, kind, pattern: kind === 'mixed' ? mixedPattern(text) : null };
}

/** Whether template segment `t` matches the path segment `value`. */
export function segmentMatches(t: TemplateSegment, value: string): boolean {
  if (t.kind === 'param') return true;
  return t.kind === 'literal' ? t.text === value : t.pattern!.test(value);
}

/** Whether the template segments `t` match the path segments `p` (as many, each matching). */
export function segmentsMatch(t: readonly TemplateSegment[], p: readonly string[]): boolean {
  if (t.length !== p.length) return false;
  for (let i = 0; i < p.length; i++) if (!segmentMatches(t[i], p[i])) return false;
  return true;
}

const SPECIFICITY: Record<SegmentKind, number> = { literal: 0, mixed: 1, param: 2 };

/**
 * Orders templates (split into segments) most specific first: at the first segment where their
 * kinds differ, a literal before a mixed segment before a `{param}`; then by segment text, left to
 * right. Only templates of one length can match one path; templates of different lengths are
 * ordered shorter first before anything else, so that the order stays transitive (compared
 * segment by segment over the shorter one's length, `{id}/{x}` < `{x}` < `{x}/v{n}` < `{id}/{x}`).
 */
export function compareSpecificity(a: readonly TemplateSegment[], b: readonly TemplateSegment[]): number {
  if (a.length !== b.length) return a.length - b.length;
  const n = a.length;
  for (let i = 0; i < n; i++) {
    const d = SPECIFICITY[a[i].kind] - SPECIFICITY[b[i].kind];
    if (d !== 0) return d;
  }
  for (let i = 0; i < n; i++) if (a[i].text !== b[i].text) return a[i].text < b[i].text ? -1 : 1;
  return 0;
}

interface TrieNode {
  literal: Map<string, TrieNode> | null;
  /** Mixed segments, by their text. */
  mixed: Array<[TemplateSegment, TrieNode]> | null;
  /** `{param}` segments, by their text. */
  param: Array<[string, TrieNode]> | null;
  /** The template ending here, split. */
  template: { text: string; segments: TemplateSegment[] } | null;
}

const trieNode = (): TrieNode => ({ literal: null, mixed: null, param: null, template: null });

type Ended = NonNullable<TrieNode['template']>;

/**
 * Templates in a trie of segments, resolving a path to the most specific template matching it
 * (compareSpecificity). The caller splits templates and paths into segments (its own way: the
 * sessions drop empty segments, the cloud keeps them) and bounds how many it adds.
 */
export class TemplateTrie {
  private readonly root = trieNode();
  /** Templates held. */
  size = 0;

  /** Adds `template` (split into `segs`); false when it was already held. */
  add(template: string, segs: readonly string[]): boolean {
    let n = this.root;
    const split: TemplateSegment[] = [];
    for (const text of segs) {
      const seg = templateSegment(text);
      split.push(seg);
      n = child(n, seg);
    }
    if (n.template !== null) return false;
    n.template = { text: template, segments: split };
    this.size++;
    return true;
  }

  /** Whether a template split into `segs` is held. */
  has(segs: readonly string[]): boolean {
    return (this.find(segs)?.template ?? null) !== null;
  }

  /** Removes the template split into `segs`; false when it was not held. */
  remove(segs: readonly string[]): boolean {
    const n = this.find(segs);
    if (n === undefined || n.template === null) return false;
    n.template = null;
    this.size--;
    return true;
  }

  /** The most specific template matching the path segments `segs`, else null. */
  resolve(segs: readonly string[]): string | null {
    return best(this.root, segs, 0)?.text ?? null;
  }

  private find(segs: readonly string[]): TrieNode | undefined {
    let n: TrieNode | undefined = this.root;
    for (const text of segs) {
      const kind = segmentKind(text);
      if (kind === 'literal') n = n.literal?.get(text);
      else if (kind === 'mixed') n = n.mixed?.find(([s]) => s.text === text)?.[1];
      else n = n.param?.find(([k]) => k === text)?.[1];
      if (n === undefined) return undefined;
    }
    return n;
  }
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function child(n: TrieNode, seg: TemplateSegment): TrieNode {
  if (seg.kind === 'literal') {
    const map = (n.literal ??= new Map());
    let next = map.get(seg.text);
    if (next === undefined) map.set(seg.text, (next = trieNode()));
    return next;
  }
  if (seg.kind === 'mixed') {
    const list = (n.mixed ??= []);
    const hit = list.find(([s]) => s.text === seg.text);
    if (hit !== undefined) return hit[1];
    const next = trieNode();
    list.push([seg, next]);
    list.sort(([a], [b]) => byText(a.text, b.text));
    return next;
  }
  const list = (n.param ??= []);
  const hit = list.find(([k]) => k === seg.text);
  if (hit !== undefined) return hit[1];
  const next = trieNode();
  list.push([seg.text, next]);
  list.sort(([a], [b]) => byText(a, b));
  return next;
}

/**
 * The most specific template below `n` matching `segs` from `i`. Every template below one child
 * shares the kinds of the segments before `i`, so one found through a literal child beats any
 * through a mixed one, which beats any through a `{param}`; among children of one kind the best
 * of each is compared.
 */
function best(n: TrieNode, segs: readonly string[], i: number): Ended | null {
  if (i === segs.length) return n.template;
  const lit = n.literal?.get(segs[i]);
  if (lit !== undefined) {
    const hit = best(lit, segs, i + 1);
    if (hit !== null) return hit;
  }
  let found: Ended | null = null;
  if (n.mixed !== null) {
    for (const [seg, next] of n.mixed) {
      if (!seg.pattern!.test(segs[i])) continue;
      found = better(found, best(next, segs, i + 1));
    }
    if (found !== null) return found;
  }
  if (n.param !== null) for (const [, next] of n.param) found = better(found, best(next, segs, i + 1));
  return found;
}

function better(a: Ended | null, b: Ended | null): Ended | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareSpecificity(b.segments, a.segments) < 0 ? b : a;
}
