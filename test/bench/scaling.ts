/**
 * How analysis cost grows with the request (docs/performance.md): attack detection CPU time per
 * request for query strings and JSON bodies of growing size, benign and with one attack value.
 * In process, single thread, CPU time (process.cpuUsage), best of 3 after a warm-up round (the
 * JIT-compiled steady state a node reaches within seconds of traffic).
 *
 *   npx tsx test/bench/scaling.ts
 */
import { AttackDetector } from '../../node/analysis/attacks';
import { tx } from '../unit/attacks/helpers';

const WORDS = 'the quick brown fox jumps over lazy dog product order cart price'.split(' ');

function text(n: number, i: number): string {
  let s = '';
  for (let k = i; s.length < n; k++) s += `${WORDS[k % WORDS.length]} `;
  return s.slice(0, n);
}

function cpuMicros(run: () => void): number {
  run();
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t = process.cpuUsage();
    run();
    const d = process.cpuUsage(t);
    best = Math.min(best, d.user + d.system);
  }
  return best;
}

const detector = new AttackDetector({ maxMillisPerRequest: 60_000 });
process.stdout.write('request shape                     bytes   µs/request  ns/byte\n');
for (const [params, size] of [[1, 16], [4, 64], [16, 64], [64, 64], [16, 1024], [64, 1024]] as const) {
  const query = Array.from({ length: params }, (_, i) => `p${i}=${encodeURIComponent(text(size, i))}`).join('&');
  const t = tx({ target: `/search?${query}` });
  const n = 1000;
  const us = cpuMicros(() => {
    for (let i = 0; i < n; i++) detector.detect(t);
  }) / n;
  const bytes = t.request.target.length;
  process.stdout.write(`query ${String(params).padStart(3)} x ${String(size).padStart(4)} chars      ${String(bytes).padStart(7)} ${us.toFixed(1).padStart(11)} ${((us * 1000) / bytes).toFixed(1).padStart(8)}\n`);
}
for (const fields of [4, 32, 256, 1024]) {
  const json = JSON.stringify(Object.fromEntries(Array.from({ length: fields }, (_, i) => [`f${i}`, text(40, i)])));
  const t = tx({ method: 'POST', target: '/api', headers: [['Host', 'a'], ['Content-Type', 'application/json']], body: json });
  const n = 100;
  const us = cpuMicros(() => {
    for (let i = 0; i < n; i++) detector.detect(t);
  }) / n;
  process.stdout.write(`json body ${String(fields).padStart(5)} fields          ${String(json.length).padStart(7)} ${us.toFixed(1).padStart(11)} ${((us * 1000) / json.length).toFixed(1).padStart(8)}\n`);
}
