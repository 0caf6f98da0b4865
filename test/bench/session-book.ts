/**
 * The sessions' book alone (node/analysis/sessions/book.ts SessionBook), in process: observations
 * shaped like the API bench capture's (docs/performance.md "The HTTP stage and sessions per
 * transaction (branch i22-http2)": --sessions sessions of 1 to 8 requests each, --concurrent of
 * them interleaved at a time, one request per 100 µs of capture time, the default max_sessions,
 * max_requests and idle_timeout), fed to a fresh book per round, then reported (`finish`). Prints
 * CPU time (user+sys) per observation per round, and the records made (to check two builds agree).
 *
 *   npx tsx test/bench/session-book.ts [--sessions 12688] [--concurrent 9000] [--rounds 9]
 */
import { parseArgs } from 'node:util';
import { SessionBook, type SessionObservation } from '../../node/analysis/sessions/book';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '12688' },
    concurrent: { type: 'string', default: '9000' },
    rounds: { type: 'string', default: '9' },
  },
});

/** Deterministic: the same observations for every build. */
function observations(sessions: number, concurrent: number): SessionObservation[] {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 16) % n;
  };
  const left: Array<{ id: string; n: number; k: number }> = [];
  const out: SessionObservation[] = [];
  let next = 0;
  let ts = 1_700_000_000_000_000;
  const paths = ['/api/v1/cart/', '/api/v1/users/', '/api/v1/orders/', '/login', '/api/v1/products'];
  while (next < sessions || left.length > 0) {
    while (left.length < concurrent && next < sessions) left.push({ id: `s${next++}`.padEnd(32, 'x'), n: 1 + rnd(8), k: 0 });
    const i = rnd(left.length);
    const s = left[i];
    const p = paths[rnd(paths.length)];
    ts += 100;
    out.push({
      id: s.id,
      key: 'cookie:session',
      host: 'shop.example',
      clientIp: '10.0.0.5',
      flow: { src: '10.0.0.5:1029', dst: '192.168.1.10:8080' },
      ts,
      method: rnd(3) === 0 ? 'POST' : 'GET',
      path: p.endsWith('/') ? `${p}${rnd(100000)}` : p,
      template: p,
      api: true,
      status: 200,
      context: [],
    });
    if (++s.k === s.n) {
      // Done: its slot takes the last session's.
      left[i] = left[left.length - 1];
      left.pop();
    }
  }
  return out;
}

const obs = observations(Number(values.sessions), Number(values.concurrent));
const settings = { keys: [], contextParams: [], idleTimeoutUs: 30 * 60 * 1e6, maxSessions: 10_000, maxRequests: 50 };
const perRound: string[] = [];
let records = 0;
let requests = 0;
for (let r = 0; r < Number(values.rounds); r++) {
  records = 0;
  requests = 0;
  const t0 = process.cpuUsage();
  const book = new SessionBook(settings, { expireOnObserve: true, maxHosts: 1000, maxTemplatesPerHost: 1000 }, (rec) => {
    records++;
    requests += rec.requests.length;
  });
  for (let i = 0; i < obs.length; i++) book.add(obs[i]);
  book.finish();
  const t = process.cpuUsage(t0);
  perRound.push((((t.user + t.system) / obs.length) * 1000).toFixed(0));
}
process.stdout.write(
  `observations=${obs.length} records=${records} listed=${requests}\nns per observation per round: ${perRound.join(' ')}\n`,
);
