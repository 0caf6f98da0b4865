/**
 * Session request templates decided when a session is reported, not when each request was seen:
 * the templates of every inventory endpoint the session tracker (or, with worker threads, the
 * capture thread) has been told about, per host, and a path resolved against them (the most
 * literal match, left to right). A path no known template matches gets the templating by shape
 * alone (numbers, UUIDs, dates... as parameters). So a request seen before its endpoint was known,
 * or by a worker thread that saw less of the host, is named like the others
 * (docs/api-discovery.md#api-sessions). Bounded: at most `maxPerHost` templates per host and
 * `maxHosts` hosts; more are not learned (counted).
 */
import { PathTrie, MAX_SEGMENTS, segments } from '../discovery/templates';

interface TemplateNode {
  literal: Map<string, TemplateNode> | null;
  /** Parameter segments (`{id}`, `{date}`...), in the order they are tried (by their text). */
  variable: Array<[string, TemplateNode]> | null;
  template: string | null;
}

const node = (): TemplateNode => ({ literal: null, variable: null, template: null });

function variableChild(n: TemplateNode, seg: string): TemplateNode {
  const list = (n.variable ??= []);
  const hit = list.find(([k]) => k === seg);
  if (hit !== undefined) return hit[1];
  const child = node();
  list.push([seg, child]);
  list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return child;
}

export class TemplateIndex {
  /** Templates not learned (caps). */
  refused = 0;
  private readonly hosts = new Map<string, { root: TemplateNode; count: number }>();
  private readonly byShape = new PathTrie<never>(
    { valueThreshold: Infinity, literalLimit: Infinity, similarThreshold: 0, maxNodes: 1 },
    () => {},
    () => null,
  );
  /** host + template of every template added: sessions repeat theirs on every request. */
  private readonly known = new Set<string>();

  constructor(
    private readonly maxHosts: number,
    private readonly maxPerHost: number,
  ) {}

  /** Learns an inventory template of `host` (lower-case). */
  add(host: string, template: string): void {
    const id = `${host} ${template}`;
    if (this.known.has(id)) return;
    let h = this.hosts.get(host);
    if (h === undefined) {
      if (this.hosts.size >= this.maxHosts) {
        this.refused++;
        return;
      }
      this.hosts.set(host, (h = { root: node(), count: 0 }));
    }
    let n = h.root;
    const segs = segments(template);
    for (const seg of segs) {
      if (seg.startsWith('{') && seg.endsWith('}')) {
        n = variableChild(n, seg);
        continue;
      }
      const map = (n.literal ??= new Map());
      let next = map.get(seg);
      if (next === undefined) map.set(seg, (next = node()));
      n = next;
    }
    if (n.template !== null) return;
    if (h.count >= this.maxPerHost) {
      this.refused++;
      return;
    }
    n.template = template;
    h.count++;
    this.known.add(id);
  }

  /** Unlearns a template of `host` (replaced by a later decision: retainOnly). */
  forget(host: string, template: string): void {
    const id = `${host} ${template}`;
    const h = this.hosts.get(host);
    if (!this.known.delete(id) || h === undefined) return;
    let n: TemplateNode | undefined = h.root;
    for (const seg of segments(template)) {
      n = seg.startsWith('{') && seg.endsWith('}') ? n.variable?.find(([k]) => k === seg)?.[1] : n.literal?.get(seg);
      if (n === undefined) return;
    }
    if (n.template === null) return;
    n.template = null;
    h.count--;
  }

  /**
   * Keeps only the templates of `inventory` (and learns them): at the end of a capture the index
   * is the final inventory, without templates learned from requests that a later decision (or the
   * merge of several threads) replaced: `/users/anna52` once `/users/{id}` is known.
   */
  retainOnly(inventory: Iterable<{ host: string; template: string }>): void {
    const keep = new Set<string>();
    for (const r of inventory) keep.add(`${r.host} ${r.template}`);
    for (const id of [...this.known]) {
      if (keep.has(id)) continue;
      const sp = id.indexOf(' ');
      this.forget(id.slice(0, sp), id.slice(sp + 1));
    }
    for (const id of keep) {
      const sp = id.indexOf(' ');
      this.add(id.slice(0, sp), id.slice(sp + 1));
    }
  }

  /** The template `path` of `host` is reported under. */
  resolve(host: string, path: string): string {
    const h = this.hosts.get(host);
    const segs = segments(path);
    if (h !== undefined && segs.length <= MAX_SEGMENTS) {
      const hit = match(h.root, segs, 0);
      if (hit !== null) return hit;
    }
    return this.byShape.resolve(path, false)?.template ?? path;
  }
}

/** The first template matching `segs` from `i`, literal segments tried before parameters. */
function match(n: TemplateNode, segs: string[], i: number): string | null {
  if (i === segs.length) return n.template;
  const lit = n.literal?.get(segs[i]);
  if (lit !== undefined) {
    const hit = match(lit, segs, i + 1);
    if (hit !== null) return hit;
  }
  if (n.variable !== null) {
    for (const [, child] of n.variable) {
      const hit = match(child, segs, i + 1);
      if (hit !== null) return hit;
    }
  }
  return null;
}
