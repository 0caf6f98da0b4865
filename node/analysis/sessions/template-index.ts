/**
 * Session request templates decided when a session is reported, not when each request was seen:
 * the templates of every inventory endpoint the session tracker (or, with worker threads, the
 * capture thread) has been told about, per host, and a path resolved against them (the most
 * specific match: ../discovery/template-match.ts, which also matches a parameter inside a segment,
 * `/feed/page-{id}.atom`). A path no known template matches gets the templating by shape
 * alone (numbers, UUIDs, dates... as parameters). So a request seen before its endpoint was known,
 * or by a worker thread that saw less of the host, is named like the others
 * (docs/api-discovery.md#api-sessions). Bounded: at most `maxPerHost` templates per host and
 * `maxHosts` hosts; more are not learned (counted).
 */
import { TemplateTrie } from '../discovery/template-match';
import { PathTrie, MAX_SEGMENTS, segments } from '../discovery/templates';

/** Texts of host and template remembered by TemplateIndex.idOf. */
const ID_TEXTS = 8192;

export class TemplateIndex {
  /** Templates not learned (caps). */
  refused = 0;
  private readonly hosts = new Map<string, TemplateTrie>();
  private readonly byShape = new PathTrie<never>(
    { valueThreshold: Infinity, literalLimit: Infinity, similarThreshold: 0, maxNodes: 1 },
    () => {},
    () => null,
  );
  /** host + template of every template added: sessions repeat theirs on every request. */
  private readonly known = new Set<string>();
  /**
   * The `known` text of each host and template met, made once: a request's template is its trie
   * node's string (the same string each time, its hash kept), so two lookups find the text instead
   * of a new one being made and hashed per request (docs/performance.md "Sessions,
   * vulnerabilities, discovery (branch i22-analyses)"). Bounded: forgotten at `maxIdTexts` texts.
   */
  private idTexts = new Map<string, Map<string, string>>();
  private idTextCount = 0;

  constructor(
    private readonly maxHosts: number,
    private readonly maxPerHost: number,
    /** Texts idOf remembers (0: none, each made afresh: the tests' reference). */
    private readonly maxIdTexts = ID_TEXTS,
  ) {}

  /** Learns an inventory template of `host` (lower-case). */
  add(host: string, template: string): void {
    const id = this.idOf(host, template);
    if (this.known.has(id)) return;
    let trie = this.hosts.get(host);
    if (trie === undefined) {
      if (this.hosts.size >= this.maxHosts) {
        this.refused++;
        return;
      }
      this.hosts.set(host, (trie = new TemplateTrie()));
    }
    const segs = segments(template);
    if (trie.has(segs)) return;
    if (trie.size >= this.maxPerHost) {
      this.refused++;
      return;
    }
    trie.add(template, segs);
    this.known.add(id);
  }

  /** `${host} ${template}`, the text `known` holds for them. */
  private idOf(host: string, template: string): string {
    if (this.maxIdTexts === 0) return `${host} ${template}`;
    let byTemplate = this.idTexts.get(host);
    let id = byTemplate?.get(template);
    if (id !== undefined) return id;
    id = `${host} ${template}`;
    if (this.idTextCount >= this.maxIdTexts) {
      this.idTexts = new Map();
      this.idTextCount = 0;
      byTemplate = undefined;
    }
    if (byTemplate === undefined) this.idTexts.set(host, (byTemplate = new Map()));
    byTemplate.set(template, id);
    this.idTextCount++;
    return id;
  }

  /** Unlearns a template of `host` (replaced by a later decision: retainOnly). */
  forget(host: string, template: string): void {
    const id = `${host} ${template}`;
    const trie = this.hosts.get(host);
    if (!this.known.delete(id) || trie === undefined) return;
    trie.remove(segments(template));
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
    const trie = this.hosts.get(host);
    if (trie !== undefined) {
      // Split only for a host with templates (docs/performance.md "Response JSON and the sessions'
      // path split (branch i22-json2)").
      const segs = segments(path);
      if (segs.length <= MAX_SEGMENTS) {
        const hit = trie.resolve(segs);
        if (hit !== null) return hit;
      }
    }
    return this.byShape.resolve(path, false)?.template ?? path;
  }
}
