/**
 * The sessions' template index (node/analysis/sessions/template-index.ts, docs/api-discovery.md
 * "API sessions"): every session request is named by resolving its path against the inventory
 * templates of its host when the session is reported. Measures, in process, warm, the median of
 * --rounds: learning --hosts x --templates templates (`add`), resolving --paths request paths
 * (half a parameter template with concrete values, a quarter a literal template, a quarter no
 * template: the templating by shape), and `retainOnly` with the whole inventory (end of capture);
 * CPU time (user+sys) per operation and the heap the index holds.
 *
 *   npx tsx test/bench/session-templates.ts [--hosts 20] [--templates 500] [--paths 200000] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { TemplateIndex } from '../../node/analysis/sessions/template-index';

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '20' },
    templates: { type: 'string', default: '500' },
    paths: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
  },
});

const HOSTS = Number(values.hosts);
const TEMPLATES = Number(values.templates);
const PATHS = Number(values.paths);
const ROUNDS = Number(values.rounds);

function template(k: number): string {
  switch (k % 4) {
    case 0:
      return `/api/v1/r${k}/{id}`;
    case 1:
      return `/api/v1/r${k}/{id}/items/{item}`;
    case 2:
      return `/api/v1/r${k}/me`;
    default:
      return `/feed/r${k}/page-{n}.atom`;
  }
}

function path(i: number): string {
  const k = (i * 7919) % TEMPLATES;
  switch (i % 4) {
    case 0:
    case 1:
      return template(k)
        .replace('{id}', String(1000 + i))
        .replace('{item}', `sku-${i % 97}`)
        .replace('{n}', String(i % 50));
    case 2:
      return `/api/v1/r${k - (k % 4) + 2}/me`;
    default:
      return `/unknown/${i % 13}/orders/${i}`;
  }
}

const inventory: Array<{ host: string; template: string }> = [];
for (let h = 0; h < HOSTS; h++)
  for (let k = 0; k < TEMPLATES; k++) inventory.push({ host: `h${h}.example`, template: template(k) });
const paths = Array.from({ length: PATHS }, (_, i) => ({ host: `h${i % HOSTS}.example`, path: path(i) }));

function cpuUs(f: () => void): number {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return d.user + d.system;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const add: number[] = [];
const resolve: number[] = [];
const retain: number[] = [];
let heap = 0;
let sink = 0;
for (let r = 0; r < ROUNDS; r++) {
  const settle = () => [0, 1, 2].forEach(() => global.gc?.());
  settle();
  const before = process.memoryUsage().heapUsed;
  const index = new TemplateIndex(HOSTS, TEMPLATES);
  add.push(cpuUs(() => inventory.forEach((e) => index.add(e.host, e.template))) / inventory.length);
  settle();
  heap = Math.max(heap, process.memoryUsage().heapUsed - before);
  resolve.push(cpuUs(() => paths.forEach((p) => (sink += index.resolve(p.host, p.path).length))) / paths.length);
  retain.push(cpuUs(() => index.retainOnly(inventory)) / 1000);
  if (index.refused !== 0) throw new Error(`templates refused: ${index.refused}`);
}
process.stdout.write(
  [
    `session template index: ${HOSTS} hosts x ${TEMPLATES} templates, ${PATHS} paths, median of ${ROUNDS} rounds (CPU)`,
    `  add: ${median(add).toFixed(2)} us per template; heap held ${(heap / 1048576).toFixed(1)} MiB${global.gc ? '' : ' (run with --expose-gc for a steady figure)'}`,
    `  resolve: ${median(resolve).toFixed(2)} us per path`,
    `  retainOnly (whole inventory): ${median(retain).toFixed(1)} ms`,
    `  (checksum ${sink})`,
  ].join('\n') + '\n',
);
