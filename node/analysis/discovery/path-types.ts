/**
 * The type of a path parameter whose values are all digits, from how the API writes the same ids
 * in its own JSON answers (docs/api-discovery.md "Types of ids"). `/containers/4417/json` may be an
 * integer id or a string id that happens to be digits; the item's answer (`{"Id": "4417", ...}`),
 * its collection's list (`[{"id": "4417"}, ...]`) and its creation's answer say which: an API
 * writes one kind of id one way. Without such an answer, digits stay `integer`.
 */
import type { ResponseFacts } from './facts';

/** One template's answers (every method): the evidence for the ids of the positions in its path. */
export interface TemplateAnswers {
  template: string;
  method: string;
  responses: Record<string, ResponseFacts> | undefined;
}

/** An id field: `$.k`, `$.env.k` (one envelope: `$.data.id`, `$.ssh_key.id`), or a list's `$[].k`, `$.env[].k`. */
const ID_FIELD = /^\$(\[\]|\.[A-Za-z0-9_-]+(\[\])?)?\.([A-Za-z0-9_-]+)$/;

/** Names an item's own id takes whatever the resource (`id`, `Id`, `sid`, `uuid`, `guid`). */
const OWN_ID = new Set(['id', 'sid', 'uuid', 'guid']);

const norm = (k: string): string => k.toLowerCase().replace(/[-_]/g, '');

/** `containers` → `container`, `categories` → `category`, `dns_records` → `dnsrecord` (normalised). */
function singular(word: string): string {
  const w = norm(word);
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) return w.slice(0, -1);
  return w;
}

/** Types seen for an id: `string` alone, `integer` alone, or undecided (null). */
type IdVote = { string: boolean; integer: boolean };

function vote(v: IdVote, types: readonly string[]): void {
  for (const t of types) {
    if (t === 'string') v.string = true;
    else if (t === 'integer' || t === 'number') v.integer = true;
  }
}

/**
 * Per item position (the template's path up to and including the parameter's segment,
 * `/v1/containers/{id}`), the type the API's answers give its ids, when they agree.
 */
export class IdTypes {
  private readonly votes = new Map<string, IdVote>();

  constructor(answers: readonly TemplateAnswers[]) {
    const byTemplate = new Map<string, TemplateAnswers[]>();
    for (const a of answers) {
      let xs = byTemplate.get(a.template);
      if (xs === undefined) byTemplate.set(a.template, (xs = []));
      xs.push(a);
    }
    // Templates one literal segment below another path (`/containers` → `/containers/json`).
    const literalChildren = new Map<string, string[]>();
    for (const t of byTemplate.keys()) {
      const i = t.lastIndexOf('/');
      if (i <= 0 || t.includes('{', i)) continue;
      const parent = t.slice(0, i);
      let xs = literalChildren.get(parent);
      if (xs === undefined) literalChildren.set(parent, (xs = []));
      xs.push(t);
    }
    // Every position a template's segments name (a parameter alone in its segment, after a literal).
    for (const template of byTemplate.keys()) {
      const segs = template.split('/');
      for (let j = 2; j < segs.length; j++) {
        if (!oneParam(segs[j]) || segs[j - 1].includes('{')) continue;
        const item = segs.slice(0, j + 1).join('/');
        if (this.votes.has(item)) continue;
        const v: IdVote = { string: false, integer: false };
        const own = singular(segs[j - 1]);
        const named = new Set([`${own}id`, `${own}sid`, `${own}uuid`]);
        // The item's answers: its own id at the top (or under one envelope).
        const accept = (k: string): boolean => OWN_ID.has(k) || named.has(k);
        for (const a of byTemplate.get(item) ?? []) eachId(a, false, accept, v);
        // The collection's list (`$[].id`) and its creation's answer (`POST`: `$.id`).
        const collection = segs.slice(0, j).join('/');
        for (const a of byTemplate.get(collection) ?? []) eachId(a, a.method !== 'POST', accept, v);
        // The collection's named lists, items and actions (`/containers/json`, `/users/me`, `POST /containers/create`).
        for (const t of literalChildren.get(collection) ?? [])
          for (const a of byTemplate.get(t)!) {
            eachId(a, false, accept, v);
            eachId(a, true, accept, v);
          }
        this.votes.set(item, v);
      }
    }
  }

  /** The type the answers give the ids at `item` (`/v1/containers/{id}`), or null when they say nothing or disagree. */
  typeAt(item: string): 'string' | 'integer' | null {
    const v = this.votes.get(item);
    if (v === undefined || v.string === v.integer) return null;
    return v.string ? 'string' : 'integer';
  }
}

/** A segment that is one parameter (`{id}`, `{id}.json`, `page-{page_id}`), not two (`{id}:{worker_id}`). */
function oneParam(seg: string): boolean {
  const i = seg.indexOf('{');
  return i >= 0 && seg.indexOf('{', i + 1) < 0;
}

/**
 * The types of an endpoint's id fields in its 2xx answers, in a list (`[]`) or not, named as
 * `accept` says: the shallowest of each answer only (`$.id` before `$.build_settings.id`, which
 * is another object's; `$.ssh_key.id` when the item is wrapped).
 */
function eachId(a: TemplateAnswers, inList: boolean, accept: (name: string) => boolean, v: IdVote): void {
  for (const [status, r] of Object.entries(a.responses ?? {})) {
    if (status.charCodeAt(0) !== 50 /* 2xx */ || r.body === undefined) continue;
    let depth = 3;
    let types: string[] = [];
    for (const [path, facts] of Object.entries(r.body)) {
      const m = ID_FIELD.exec(path);
      if (m === null || (m[1] === '[]' || m[2] !== undefined) !== inList || !accept(norm(m[3]))) continue;
      const d = m[1] === undefined || m[1] === '[]' ? 1 : 2;
      if (d < depth) [depth, types] = [d, []];
      // A string id of another shape (`"id": "5f1c…"`, a uuid, a hash, a token) is not these digits.
      if (d === depth)
        types = types.concat(
          facts.formats !== undefined && facts.formats.length > 0 ? facts.types.filter((t) => t !== 'string') : facts.types,
        );
    }
    vote(v, types);
  }
}

/**
 * The item position of each of a template's path parameters, in order (null for a parameter that
 * shares its segment or follows another parameter): `/v1/containers/{id}/json` → [`/v1/containers/{id}`].
 */
export function itemPositions(template: string): Array<string | null> {
  const segs = template.split('/');
  const out: Array<string | null> = [];
  for (let j = 1; j < segs.length; j++) {
    const n = segs[j].split('{').length - 1;
    if (n === 0) continue;
    if (n === 1 && j >= 2 && !segs[j - 1].includes('{')) out.push(segs.slice(0, j + 1).join('/'));
    else for (let i = 0; i < n; i++) out.push(null);
  }
  return out;
}
