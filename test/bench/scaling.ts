/**
 * How analysis cost grows with the request (docs/performance.md): attack detection CPU time per
 * request for query strings and JSON bodies of growing size, benign and with one attack value.
 * In process, single thread, CPU time (process.cpuUsage), best of 3 after a warm-up round (the
 * JIT-compiled steady state a node reaches within seconds of traffic). Every request of a round
 * has values of its own (a serial number in each), so what detection remembers per value (decoded
 * layers, SQL and traversal verdicts) is not reused: the figures are for all-new values.
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

/** Best of 3 rounds after a warm-up; each round detects its own `n` requests made by `make`. */
function cpuMicrosPerRequest(n: number, make: (serial: number) => ReturnType<typeof tx>): number {
  let serial = 0;
  const round = (): number => {
    const requests = Array.from({ length: n }, () => make(serial++));
    const t = process.cpuUsage();
    for (const r of requests) detector.detect(r);
    const d = process.cpuUsage(t);
    return d.user + d.system;
  };
  round();
  return Math.min(round(), round(), round()) / n;
}

const detector = new AttackDetector({ maxMillisPerRequest: 60_000 });
process.stdout.write('request shape                     bytes   µs/request  ns/byte\n');
for (const [params, size] of [
  [1, 16],
  [4, 64],
  [16, 64],
  [64, 64],
  [16, 1024],
  [64, 1024],
] as const) {
  const make = (serial: number) =>
    tx({
      target: `/search?${Array.from({ length: params }, (_, i) => `p${i}=${encodeURIComponent(`${serial} ${text(size, i)}`.slice(0, size))}`).join('&')}`,
    });
  const us = cpuMicrosPerRequest(size > 100 ? 200 : 1000, make);
  const bytes = make(0).request.target.length;
  process.stdout.write(
    `query ${String(params).padStart(3)} x ${String(size).padStart(4)} chars      ${String(bytes).padStart(7)} ${us.toFixed(1).padStart(11)} ${((us * 1000) / bytes).toFixed(1).padStart(8)}\n`,
  );
}
for (const fields of [4, 32, 256, 1024]) {
  const body = (serial: number) =>
    JSON.stringify(
      Object.fromEntries(Array.from({ length: fields }, (_, i) => [`f${i}`, `${serial} ${text(40, i)}`.slice(0, 40)])),
    );
  const json = body(0);
  const us = cpuMicrosPerRequest(fields > 100 ? 50 : 500, (serial) =>
    tx({
      method: 'POST',
      target: '/api',
      headers: [
        ['Host', 'a'],
        ['Content-Type', 'application/json'],
      ],
      body: body(serial),
    }),
  );
  process.stdout.write(
    `json body ${String(fields).padStart(5)} fields          ${String(json.length).padStart(7)} ${us.toFixed(1).padStart(11)} ${((us * 1000) / json.length).toFixed(1).padStart(8)}\n`,
  );
}
