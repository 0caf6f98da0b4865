/**
 * Templates consolidated across analysis threads (or nodes) at the merge layer
 * (docs/api-discovery.md#several-analysis-threads): each thread decides its templates from the
 * part of a host it saw, so a value-like name one thread saw once stays literal there
 * (`/users/anna52`) while another thread, or the merge of all, knows the position is a parameter
 * (`/users/{id}`). Over the merged api_endpoint records of a host (every method), per position and
 * format suffix: value-like literals (./values softValue: slugs and keys with digits, user names
 * with digits, short random ids) next to a parameter, or two or more of them alone, become that
 * parameter, as one thread seeing all of them decides; words stay literal (`/users/me`). The
 * records then merge by the merge rules (./merge), with the path parameter facts of their new
 * template. gRPC methods are names, never folded.
 */
import type { ApiEndpointRecord, ApiValueFacts } from '../../records/types';
import { mergeEndpoint, type Json } from './merge';
import { literalSegment, paramName, parseSegment, segments } from './templates';
import { classifyText, softValue } from './values';

/** A parameter segment of a template: `{name}` and a format suffix. */
const PARAM = /^\{([^{}]+)\}(.*)$/;
/** A parameter inside a segment after a literal prefix (`page-{id}.atom`): prefix, name, suffix. */
const PREFIXED_PARAM = /^([^{}]+)\{([^{}]+)\}(.*)$/;

interface Position {
  /** Child segments as they stand in templates. */
  children: Map<string, Position>;
  /** Literal children folded into a parameter: segment → the parameter child's segment. */
  folded: Map<string, string>;
}

const position = (): Position => ({ children: new Map(), folded: new Map() });

/** Merges the subtree `from` into `into` (a folded literal's children join the parameter's). */
function mergeInto(into: Position, from: Position): void {
  for (const [seg, c] of from.children) {
    const had = into.children.get(seg);
    if (had === undefined) into.children.set(seg, c);
    else mergeInto(had, c);
  }
}

/** Decides the folds of `p`, moves the folded subtrees under their parameter, then does the same below. */
function consolidate(p: Position): void {
  const paramOf = new Map<string, string>();
  for (const seg of p.children.keys()) {
    const m = PARAM.exec(seg);
    if (m !== null && !paramOf.has(m[2])) paramOf.set(m[2], seg);
  }
  for (const [seg, to] of folds(p)) {
    const suffix = to.slice(2);
    let param = paramOf.get(suffix);
    if (param === undefined) {
      paramOf.set(suffix, (param = `{id}${suffix}`));
      p.children.set(param, position());
    }
    mergeInto(p.children.get(param)!, p.children.get(seg)!);
    p.children.delete(seg);
    p.folded.set(seg, param);
  }
  for (const c of p.children.values()) consolidate(c);
}

/** The parameter kind a name stands for (`id`, `users_id`, `id2` → id; `date`, `email`). */
function kindOf(name: string): 'id' | 'date' | 'email' {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) >= 48 && name.charCodeAt(end - 1) <= 57) end--;
  const base = name.slice(0, end);
  return base.endsWith('date') ? 'date' : base.endsWith('email') ? 'email' : 'id';
}

/** Which literal children of a position become its parameter: key → parameter segment (`{}` + suffix). */
function folds(p: Position): Map<string, string> {
  const out = new Map<string, string>();
  const bySuffix = new Map<string, { param: boolean; soft: string[] }>();
  for (const seg of p.children.keys()) {
    const m = PARAM.exec(seg);
    const suffix = m !== null ? m[2] : parseSegment(seg).suffix;
    let g = bySuffix.get(suffix);
    if (g === undefined) bySuffix.set(suffix, (g = { param: false, soft: [] }));
    if (m !== null) g.param = true;
    else {
      const s = parseSegment(seg);
      if (s.kind === null && softValue(s.stem)) g.soft.push(seg);
    }
  }
  for (const [suffix, g] of bySuffix) if (g.param || g.soft.length >= 2) for (const seg of g.soft) out.set(seg, `{}${suffix}`);
  return out;
}

/** Parameter names as templating gives them (./templates paramName), left to right. */
function nameParams(
  segs: Array<{ seg: string; kind: 'id' | 'date' | 'email' | null; suffix: string; prefix?: string }>,
): string[] {
  const used = new Set<string>();
  let prev = '';
  return segs.map(({ seg, kind, suffix, prefix = '' }) => {
    if (kind === null) {
      prev = parseSegment(seg).stem;
      return literalSegment(seg);
    }
    // Named after its literal prefix, as templating names it (./templates).
    return `${prefix}{${paramName(kind, prefix !== '' ? prefix.slice(0, -1) : prev, used)}}${suffix}`;
  });
}

/**
 * The records with their templates consolidated (see above), merged where they now name one
 * endpoint; sorted by host, template and method. Records whose template does not change are
 * passed on as they are.
 */
export function consolidateTemplates(records: ApiEndpointRecord[]): ApiEndpointRecord[] {
  const roots = new Map<string, Position>();
  for (const r of records) {
    if (r.kind === 'grpc') continue;
    let p: Position | undefined = roots.get(r.host);
    if (p === undefined) roots.set(r.host, (p = position()));
    for (const seg of segments(r.template)) {
      let next: Position | undefined = p.children.get(seg);
      if (next === undefined) p.children.set(seg, (next = position()));
      p = next;
    }
  }
  for (const root of roots.values()) consolidate(root);
  const out = new Map<string, ApiEndpointRecord>();
  for (const r of records) {
    const rec = r.kind === 'grpc' ? r : retemplate(r, roots.get(r.host)!);
    const key = `${rec.host} ${rec.template} ${rec.method}`;
    const had = out.get(key);
    out.set(
      key,
      had === undefined ? rec : (mergeEndpoint(had as unknown as Json, rec as unknown as Json) as unknown as ApiEndpointRecord),
    );
  }
  return [...out.keys()].sort().map((k) => out.get(k)!);
}

/** One record under its consolidated template, with the path parameters that template has. */
function retemplate(r: ApiEndpointRecord, root: Position): ApiEndpointRecord {
  const segs = segments(r.template);
  let p: Position | undefined = root;
  let changed = false;
  const parts: Array<{
    seg: string;
    kind: 'id' | 'date' | 'email' | null;
    suffix: string;
    prefix?: string;
    old: string | null;
    value: string | null;
  }> = [];
  for (const seg of segs) {
    const m = PARAM.exec(seg);
    const pm = m === null ? PREFIXED_PARAM.exec(seg) : null;
    if (m !== null) parts.push({ seg, kind: kindOf(m[1]), suffix: m[2], old: m[1], value: null });
    else if (pm !== null) parts.push({ seg, kind: kindOf(pm[2]), suffix: pm[3], prefix: pm[1], old: pm[2], value: null });
    else {
      const to = p?.folded.get(seg);
      if (to !== undefined) {
        changed = true;
        parts.push({ seg, kind: 'id', suffix: PARAM.exec(to)![2], old: null, value: parseSegment(seg).stem });
        p = p!.children.get(to);
        continue;
      }
      parts.push({ seg, kind: null, suffix: '', old: null, value: null });
    }
    p = p?.children.get(seg);
  }
  if (!changed) return r;
  const named = nameParams(parts);
  const path: Record<string, ApiValueFacts> = {};
  const oldPath = r.params.path ?? {};
  parts.forEach((part, i) => {
    if (part.kind === null) return;
    const name = (PARAM.exec(named[i]) ?? PREFIXED_PARAM.exec(named[i])!)[part.prefix === undefined ? 1 : 2];
    if (part.old !== null && oldPath[part.old] !== undefined) path[name] = oldPath[part.old];
    else {
      const c = classifyText(part.value ?? '');
      path[name] =
        c.format === null ? { count: r.count, types: [c.type] } : { count: r.count, types: [c.type], formats: [c.format] };
    }
  });
  const template = `/${named.join('/')}`;
  return { ...r, template, params: { ...r.params, path } };
}
