/**
 * Makes the small committed copy of one OpenAPI 3 document (test/eval/discovery/specs/): the paths
 * with their methods, parameters, request bodies and 2xx responses, and the components they
 * reference; descriptions, examples and vendor extensions are dropped (they do not shape traffic).
 *
 *   tsx test/eval/discovery/strip-spec.ts <openapi.json> <out.json> <source note>
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are untyped JSON, walked by hand here */
import { readFileSync, writeFileSync } from 'node:fs';

type J = null | boolean | number | string | J[] | { [k: string]: J };

const DROP = new Set([
  'description',
  'summary',
  'example',
  'examples',
  'externalDocs',
  'tags',
  'operationId',
  'deprecated',
  'title',
  'xml',
  'discriminator',
  'security',
  'callbacks',
  'links',
  'headers',
]);
const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

function strip(v: J): J {
  if (Array.isArray(v)) return v.map(strip);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, J> = {};
  for (const [k, x] of Object.entries(v)) {
    if (DROP.has(k) || k.startsWith('x-')) continue;
    out[k] = strip(x);
  }
  return out;
}

function refs(v: J, found: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) refs(x, found);
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') found.add(x);
      else refs(x, found);
    }
  }
}

function main(): void {
  const [src, out, source] = process.argv.slice(2);
  const spec = JSON.parse(readFileSync(src, 'utf8')) as Record<string, any>;
  const paths: Record<string, J> = {};
  for (const [p, item] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
    const kept: Record<string, J> = {};
    if (item.parameters) kept.parameters = strip(item.parameters);
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.has(m)) continue;
      const responses: Record<string, J> = {};
      for (const [status, r] of Object.entries((op.responses ?? {}) as Record<string, J>))
        if (/^2/.test(status) || status === 'default') responses[status] = strip(r);
      kept[m] = {
        ...(strip({ parameters: op.parameters ?? [], requestBody: op.requestBody ?? null }) as Record<string, J>),
        responses,
      };
    }
    paths[p] = kept;
  }
  // Only the components reachable from the paths.
  const comps = (spec.components ?? {}) as Record<string, Record<string, J>>;
  const components: Record<string, Record<string, J>> = {};
  const seen = new Set<string>();
  let todo = new Set<string>();
  refs(paths, todo);
  while (todo.size > 0) {
    const next = new Set<string>();
    for (const r of todo) {
      if (seen.has(r)) continue;
      seen.add(r);
      const m = /^#\/components\/([^/]+)\/(.+)$/.exec(r);
      if (m === null || comps[m[1]]?.[m[2]] === undefined) continue;
      const v = strip(comps[m[1]][m[2]]);
      (components[m[1]] ??= {})[m[2]] = v;
      refs(v, next);
    }
    todo = next;
  }
  const doc = {
    openapi: spec.openapi,
    info: { title: spec.info?.title ?? '', version: spec.info?.version ?? '', 'x-source': source },
    servers: spec.servers ?? [],
    paths,
    components,
  };
  writeFileSync(out, `${JSON.stringify(doc)}\n`);
}

main();
