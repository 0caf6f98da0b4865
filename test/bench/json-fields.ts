/**
 * Describing response JSON bodies for API discovery, in process (docs/performance.md "Discovery per
 * transaction"): the same bodies as the bench's API capture (test/bench/capture.ts: `{id, items:
 * [{sku, name, price}] x 1-40}`) through JSON.parse + flattenJson (the definition) and through
 * flattenJsonText (what extractFacts does), plus JSON.parse alone, and flattenJsonText followed by
 * the vulnerability checks' literal search of the same text (what a JSON response costs the two
 * analyses; they share one pass of character marks: docs/performance.md "Response bodies read
 * once (branch i22-json)"). Rounds are interleaved (A B C
 * A B C...) so load on a shared machine hits every mode alike; prints CPU µs per body, best round.
 * Run it from a bundle for the shipped runtime's figures:
 *
 *   npx tsx test/bench/json-fields.ts [--bodies 2000] [--rounds 8]
 *   npx esbuild test/bench/json-fields.ts --bundle --platform=node --outfile=/tmp/jf.cjs && node /tmp/jf.cjs
 */
import { parseArgs } from 'node:util';
import { flattenJson, flattenJsonText } from '../../node/analysis/discovery/json-fields';
import type { ObservedValue } from '../../node/analysis/discovery/extract';
import { LiteralSet } from '../../node/analysis/vulnerabilities/literals';
import { EXPOSURE_LITERALS } from '../../node/analysis/vulnerabilities/exposure';
import { SECRET_LITERALS } from '../../node/analysis/vulnerabilities/secrets';
import { ADMIN_LITERALS } from '../../node/analysis/vulnerabilities/admin';

/** The vulnerability checks' literals (node/analysis/vulnerabilities/detector.ts BODY_LITERALS). */
const BODY_LITERALS = new LiteralSet([...EXPOSURE_LITERALS, ...SECRET_LITERALS, ...ADMIN_LITERALS]);

const { values } = parseArgs({
  options: { bodies: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '8' } },
});

let seed = 1;
const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.split(' ');
const bodies = Array.from({ length: Number(values.bodies) }, (_, n) =>
  JSON.stringify({
    id: n,
    items: Array.from({ length: 1 + Math.floor(next() * 40) }, (_, i) => ({
      sku: `SKU-${i}`,
      name: Array.from({ length: 4 }, () => WORDS[Math.floor(next() * WORDS.length)])
        .join(' ')
        .slice(0, 24),
      price: Math.floor(next() * 99_900 + 100) / 100,
    })),
  }),
);

const modes: Array<[string, () => void]> = [
  [
    'JSON.parse + flattenJson',
    () => {
      for (const b of bodies) flattenJson(JSON.parse(b), [] as ObservedValue[]);
    },
  ],
  [
    'flattenJsonText',
    () => {
      for (const b of bodies) flattenJsonText(b, [] as ObservedValue[]);
    },
  ],
  [
    'flattenJsonText + literals',
    () => {
      for (const b of bodies) {
        flattenJsonText(b, [] as ObservedValue[], true);
        BODY_LITERALS.find(b);
      }
    },
  ],
  [
    'JSON.parse alone',
    () => {
      for (const b of bodies) JSON.parse(b);
    },
  ],
];

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const best = new Map<string, number>();
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, run] of modes) {
    const t0 = cpuMs();
    for (let k = 0; k < 5; k++) run();
    const us = ((cpuMs() - t0) * 1000) / (5 * bodies.length);
    best.set(name, Math.min(best.get(name) ?? Infinity, us));
  }
}
const bytes = bodies.reduce((n, b) => n + b.length, 0) / bodies.length;
console.log(`${bodies.length} bodies, ${bytes.toFixed(0)} bytes on average; CPU µs per body, best of ${values.rounds} rounds`);
for (const [name, us] of best) console.log(`${name.padEnd(26)} ${us.toFixed(2)}`);
