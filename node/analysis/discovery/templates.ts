/**
 * Path templates of one host: a trie of path segments. A segment becomes a parameter by evidence:
 * its own shape (numbers, UUIDs, hashes, tokens, dates, emails: ./values variableSegment) or the
 * number of distinct literal values seen at its position (`path_value_threshold`): past it the
 * position is folded, its literal subtrees merged into the parameter's. `/api/users/me` stays
 * literal next to `/api/users/{id}` as long as the position has few literal values. The inventory
 * may also fold a position whose literal leaves answer alike (./inventory, `path_similar_threshold`).
 */
import { percentDecode } from '../attacks/decode/percent';
import { variableSegment } from './values';

type VarKind = 'id' | 'date' | 'email';

export class PathNode<E> {
  literal: Map<string, PathNode<E>> | null = null;
  variable: PathNode<E> | null = null;
  varKind: VarKind = 'id';
  /** Past the threshold: every literal segment at this position goes to `variable`. */
  folded = false;
  methods: Map<string, E> | null = null;
}

export interface Resolved<E> {
  node: PathNode<E>;
  template: string;
  /** Path parameter name -> the segment's value in this request. */
  pathValues: Array<[string, string]>;
  /** The node the last segment was looked up in, when that segment was literal (else null). */
  literalParent: PathNode<E> | null;
}

/** Paths deeper than this are not templated (counted as refused by the caller). */
export const MAX_SEGMENTS = 32;

/** A literal segment as it stands in a template: braces escaped so it cannot read as a variable. */
export function literalSegment(seg: string): string {
  return seg.includes('{') || seg.includes('}') ? seg.replace(/[{}]/g, (c) => (c === '{' ? '%7B' : '%7D')) : seg;
}

export class PathTrie<E> {
  readonly root = new PathNode<E>();
  nodes = 1;

  constructor(
    private readonly threshold: number,
    private readonly maxNodes: number,
    private readonly mergeEndpoint: (into: E, from: E) => void,
  ) {}

  /**
   * The template of `path`. With `create`, unknown literal segments are added (unless the node cap
   * would be passed: null); without it, they stay literal in the template and no node is made
   * (then `node` is null when the path has no node).
   */
  resolve(path: string, create: boolean): Resolved<E> | { node: null; template: string; pathValues: Array<[string, string]>; literalParent: null } | null {
    const segs = segments(path);
    if (segs.length > MAX_SEGMENTS) return null;
    let node: PathNode<E> | null = this.root;
    const parts: string[] = [];
    const pathValues: Array<[string, string]> = [];
    const used = new Set<string>();
    let prevLiteral = '';
    let missing = 0;
    let literalParent: PathNode<E> | null = null;
    for (const seg of segs) {
      const kind = variableSegment(seg.includes('%') ? percentDecode(seg) : seg);
      let next: PathNode<E> | null | undefined = null;
      let isVar = false;
      if (node !== null) {
        if (kind !== null) {
          isVar = true;
          if (node.variable === null && create) {
            node.variable = new PathNode<E>();
            node.variable.varKind = kind;
            this.nodes++;
          }
          next = node.variable;
        } else if ((next = node.literal?.get(seg)) !== undefined) {
          isVar = false;
        } else if (node.folded) {
          isVar = true;
          next = node.variable;
        } else if (create) {
          if (this.nodes + (segs.length - parts.length) > this.maxNodes) return null;
          next = new PathNode<E>();
          (node.literal ??= new Map()).set(seg, next);
          this.nodes++;
          if (node.literal.size > this.threshold) {
            this.fold(node);
            isVar = true;
            next = node.variable;
          }
        } else next = null;
      } else isVar = kind !== null;
      if (isVar) {
        const name = paramName(node?.variable?.varKind ?? kind ?? 'id', prevLiteral, used);
        parts.push(`{${name}}`);
        pathValues.push([name, seg]);
      } else {
        parts.push(literalSegment(seg));
        prevLiteral = seg;
      }
      literalParent = isVar ? null : node;
      node = next ?? null;
      if (node === null) missing++;
    }
    const template = `/${parts.join('/')}`;
    if (node === null || missing > 0) return create ? null : { node: null, template, pathValues, literalParent: null };
    return { node, template, pathValues, literalParent };
  }

  /** Every node with endpoints, with its template, in a stable order. */
  *entries(): Generator<{ template: string; node: PathNode<E> }> {
    const stack: Array<{ node: PathNode<E>; parts: string[]; used: string[]; prev: string }> = [{ node: this.root, parts: [], used: [], prev: '' }];
    while (stack.length > 0) {
      const { node, parts, used, prev } = stack.pop()!;
      if (node.methods !== null && node.methods.size > 0) yield { template: `/${parts.join('/')}`, node };
      if (node.variable !== null) {
        const u = new Set(used);
        const name = paramName(node.variable.varKind, prev, u);
        stack.push({ node: node.variable, parts: [...parts, `{${name}}`], used: [...u], prev });
      }
      const lits = node.literal === null ? [] : [...node.literal.entries()].sort(([a], [b]) => (a < b ? 1 : -1));
      for (const [seg, child] of lits) stack.push({ node: child, parts: [...parts, literalSegment(seg)], used, prev: seg });
    }
  }

  /** Turns a position into a parameter, merging its literal subtrees into the parameter's. */
  fold(n: PathNode<E>): void {
    n.folded = true;
    if (n.variable === null) {
      n.variable = new PathNode<E>();
      this.nodes++;
    }
    const lits = n.literal;
    n.literal = null;
    for (const child of lits?.values() ?? []) this.mergeInto(n.variable, child);
    this.nodes = countNodes(this.root);
  }

  private mergeInto(dst: PathNode<E>, src: PathNode<E>): void {
    for (const [seg, child] of src.literal ?? []) {
      const d = dst.folded ? dst.variable : dst.literal?.get(seg);
      if (d) this.mergeInto(d, child);
      else (dst.literal ??= new Map()).set(seg, child);
    }
    if (src.variable !== null) {
      if (dst.variable !== null) this.mergeInto(dst.variable, src.variable);
      else dst.variable = src.variable;
    }
    for (const [m, e] of src.methods ?? []) {
      const d = dst.methods?.get(m);
      if (d !== undefined) this.mergeEndpoint(d, e);
      else (dst.methods ??= new Map()).set(m, e);
    }
    if (!dst.folded && dst.literal !== null && dst.literal.size > this.threshold) this.fold(dst);
  }
}

/** Path segments as the server resolves them: empty and `.` segments dropped, `..` pops (never above the root). */
export function segments(path: string): string[] {
  const out: string[] = [];
  for (const s of path.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}

function countNodes<E>(n: PathNode<E>): number {
  let c = 1;
  for (const child of n.literal?.values() ?? []) c += countNodes(child);
  if (n.variable !== null) c += countNodes(n.variable);
  return c;
}

/** `id`, then `<previous literal, singular>_id` when `id` is taken, then a number suffix. */
function paramName(kind: VarKind, prevLiteral: string, used: Set<string>): string {
  let name: string = kind;
  if (used.has(name) && prevLiteral !== '') name = `${singular(prevLiteral).replace(/[^A-Za-z0-9_]/g, '_')}_${kind}`;
  for (let i = 2; used.has(name); i++) name = `${kind}${i}`;
  used.add(name);
  return name;
}

function singular(word: string): string {
  const w = word.toLowerCase();
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ses')) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}
