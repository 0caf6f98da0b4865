/**
 * npx tsx test/eval/shop.ts — one web shop's forms, normal and anomalous, through the real pipeline
 * (docs/detection.md "A shop's forms through replay (branch i18-anomaly)"). Issue 18's academic
 * set is one shop's traffic, half of it anomalous: attacks, values that do not fit what the
 * application receives, probes for files. This builds traffic of that kind from a generic shop
 * (written for this check; no data set read): a catalogue, a cart, a registration form (name,
 * surname, e-mail, national id, address, postcode, phone, login, password), a login and a payment
 * form (card number, expiry, quantity, price) with their submit buttons, values percent-encoded as
 * an ISO-8859-1 form sends them. Each request on its own connection, as a replayed capture of
 * separate requests; after each normal request one anomalous copy of another normal request, one
 * mutation each (MUTATIONS). Reported: TPR and FPR per mutation kind, any attack record counting,
 * and the classes and rules the records carry.
 *   --direct       AttackDetector.detect() in order, default settings (no capture, no CLI)
 *   --workers N    `native-node replay --workers N` (default 1); the default config (none given)
 *   --requests N   normal requests (default 3000)
 *   --show N       print N attack records of anomalous requests and N of normal ones
 *   --misses N     print N anomalous requests without an attack record (of the stream's second half)
 * The rules and this generator were written by the same hands: its figures check the pipeline and
 * the defaults (profiles on, records with a class and a rule), they are not a held-out measure.
 */
import { parseArgs } from 'node:util';
import { AttackDetector } from '../../node/analysis/attacks';
import { Rng } from '../../node/sample/rng';
import type { AttackRecord } from '../../node/records/types';
import { tx } from '../unit/attacks/helpers';
import { replayInOrder } from './replay-cli';

const MUTATIONS = ['type', 'symbol', 'long', 'short', 'attack', 'probe', 'param', 'missing', 'swap'] as const;
type Mutation = (typeof MUTATIONS)[number];

interface Req {
  method: string;
  target: string;
  body: string;
}

const FIRST = [
  'Ana',
  'Bruno',
  'Carla',
  'Diego',
  'Elena',
  'Fabio',
  'Gloria',
  'Hugo',
  'Inés',
  'Jorge',
  'Karen',
  'Luis',
  'María',
  'Nuria',
  'Óscar',
  'Pilar',
];
const LAST = [
  'García',
  'López',
  'Martín',
  'Sánchez',
  'Pérez',
  'Gómez',
  'Ruiz',
  'Díaz',
  'Moreno',
  'Muñoz',
  'Álvarez',
  'Romero',
  'Navarro',
  'Torres',
];
const STREETS = ['Calle Mayor', 'Avenida de la Paz', 'Plaza del Sol', 'Calle del Río', 'Paseo Colón', 'Calle Alcalá'];
const CITIES = ['Madrid', 'Sevilla', 'Valencia', 'Bilbao', 'Zaragoza', 'Málaga', 'Córdoba'];
const PRODUCTS = ['Jamón ibérico', 'Queso manchego', 'Aceite de oliva', 'Vino tinto', 'Turrón', 'Azafrán', 'Miel de romero'];
const DOMAINS = ['mail.example', 'correo.example', 'inbox.example'];
const ATTACKS = [
  "' or '1'='1",
  '1; drop table users--',
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '; cat /etc/passwd',
  '|id',
  '<!--#exec cmd="ls"-->',
  'x%0d%0aSet-Cookie:%20a=b',
  "admin'--",
];
const SUFFIXES = ['.bak', '.BAK', '.old', '~', '.orig', '.swp', '.save', '.tmp', '.copy', '.1'];

/** A form value as an ISO-8859-1 page posts it: `+` for spaces, `%XX` for other bytes. */
function latin1(v: string): string {
  let out = '';
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    if (c === 32) out += '+';
    else if (/[A-Za-z0-9._*-]/.test(ch)) out += ch;
    else out += '%' + (c & 0xff).toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function decode(v: string): string {
  return v.replace(/\+/g, ' ').replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
const digits = (rng: Rng, n: number, first = '123456789'): string => {
  let s = pick(rng, [...first]);
  while (s.length < n) s += String(rng.int(0, 9));
  return s;
};
const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** One normal request of the shop: [path, its form fields] and whether the fields go in the body. */
function normalRequest(rng: Rng): Req {
  const first = pick(rng, FIRST);
  const last = pick(rng, LAST);
  const id = rng.int(1, 40);
  const form = (p: string, fields: Array<[string, string]>, post: boolean): Req => {
    const text = fields.map(([k, v]) => `${k}=${latin1(v)}`).join('&');
    return post ? { method: 'POST', target: p, body: text } : { method: 'GET', target: `${p}?${text}`, body: '' };
  };
  const r = rng.next();
  if (r < 0.15)
    return { method: 'GET', target: pick(rng, ['/shop/index.jsp', '/shop/css/style.css', '/shop/images/logo.gif']), body: '' };
  if (r < 0.35) return form('/shop/product.jsp', [['id', String(id)]], false);
  if (r < 0.55) {
    const name = PRODUCTS[id % PRODUCTS.length];
    return form(
      '/shop/cart/add.jsp',
      [
        ['id', String(id)],
        ['name', name],
        ['price', String(5 + ((id * 37) % 120))],
        ['quantity', String(rng.int(1, 9))],
        ['B1', 'Add to cart'],
      ],
      rng.next() < 0.5,
    );
  }
  if (r < 0.7) {
    const login = `${first
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z]/g, '')}${rng.int(1, 99)}`;
    return form(
      '/shop/account/login.jsp',
      [
        ['login', login],
        ['pwd', digits(rng, 4, 'abcdefghkmnpqrstuvwxyz') + rng.int(10, 99)],
        ['remember', 'on'],
        ['B1', 'Enter'],
      ],
      true,
    );
  }
  if (r < 0.85) {
    const dni = digits(rng, 8, '0123456789');
    return form(
      '/shop/account/register.jsp',
      [
        ['name', first],
        ['surname', `${last} ${pick(rng, LAST)}`],
        [
          'email',
          `${first
            .toLowerCase()
            .normalize('NFD')
            .replace(/[^a-z]/g, '')}.${rng.int(1, 999)}@${pick(rng, DOMAINS)}`,
        ],
        ['dni', dni + DNI_LETTERS[Number(dni) % 23]],
        ['address', `${pick(rng, STREETS)} ${rng.int(1, 120)}`],
        ['city', pick(rng, CITIES)],
        ['postcode', String(rng.int(10001, 52999))],
        ['phone', digits(rng, 9, '69')],
        ['B1', 'Register'],
      ],
      true,
    );
  }
  return form(
    '/shop/pay.jsp',
    [
      ['card', digits(rng, 16, '45')],
      ['expiry', `${String(rng.int(1, 12)).padStart(2, '0')}/${rng.int(26, 31)}`],
      ['holder', `${first} ${last}`],
      ['amount', `${rng.int(5, 400)}.${String(rng.int(0, 99)).padStart(2, '0')}`],
      ['B1', 'Pay'],
    ],
    true,
  );
}

/** The request's `name=value` pairs (query or body) and how to put changed pairs back. */
function pairsOf(r: Req): { pairs: string[]; put: (pairs: string[]) => Req } {
  const q = r.target.indexOf('?');
  if (r.method === 'POST') return { pairs: r.body.split('&'), put: (pairs) => ({ ...r, body: pairs.join('&') }) };
  if (q < 0) return { pairs: [], put: () => r };
  return {
    pairs: r.target.slice(q + 1).split('&'),
    put: (pairs) => ({ ...r, target: r.target.slice(0, q + 1) + pairs.join('&') }),
  };
}

function mutate(r: Req, m: Mutation, rng: Rng): Req | null {
  if (m === 'probe') {
    const p = r.target.split('?')[0];
    return p.endsWith('/') || !p.includes('.') ? null : { method: 'GET', target: p + pick(rng, SUFFIXES), body: '' };
  }
  const { pairs, put } = pairsOf(r);
  if (pairs.length === 0) return null;
  if (m === 'param')
    return put([...pairs, `${pick(rng, ['debug', 'admin', 'role', 'discount', 'x'])}=${pick(rng, ['1', 'true', 'yes'])}`]);
  const i = Math.floor(rng.next() * pairs.length);
  const [k, raw] = pairs[i].split('=');
  const v = decode(raw);
  let w: string;
  switch (m) {
    case 'missing':
      return pairs.length < 2 ? null : put(pairs.filter((_, j) => j !== i));
    case 'type':
      w = /^[\d./]+$/.test(v)
        ? v.slice(0, 1) + pick(rng, ['a', 'O', 'xx', 'l']) + v.slice(1)
        : v.replace(/[a-z]/, () => String(rng.int(0, 9)));
      if (w === v) w = v + String(rng.int(0, 9));
      break;
    case 'symbol':
      w = v.slice(0, 1) + pick(rng, [...'!#$&()*;<=>?[]^`{|}~"\'']) + v.slice(1);
      break;
    case 'long':
      w = v.repeat(Math.ceil(300 / Math.max(1, v.length)));
      break;
    case 'short':
      w = v.length < 4 ? '' : v.slice(0, Math.max(1, Math.floor(v.length / 4)));
      break;
    case 'attack':
      w = pick(rng, ATTACKS);
      break;
    case 'swap': {
      // Another field's value in this one: an e-mail as a name, a phone as a postcode.
      const others = pairs.filter((_, j) => j !== i).map((p) => decode(p.split('=')[1]));
      if (others.length === 0) return null;
      w = pick(rng, others);
      if (w === v) return null;
      break;
    }
  }
  const copy = [...pairs];
  copy[i] = `${k}=${latin1(w)}`;
  return put(copy);
}

interface Labeled {
  req: Req;
  mutation: Mutation | null;
}

function streamOf(n: number): Labeled[] {
  const rng = new Rng(0x5409);
  const normal: Req[] = [];
  for (let i = 0; i < n; i++) normal.push(normalRequest(rng));
  const out: Labeled[] = [];
  for (const r of normal) {
    out.push({ req: r, mutation: null });
    for (let tries = 0; tries < 10; tries++) {
      const m = pick(rng, MUTATIONS);
      const a = mutate(pick(rng, normal), m, rng);
      if (a === null) continue;
      out.push({ req: a, mutation: m });
      break;
    }
  }
  return out;
}

const HEADERS: Array<[string, string]> = [
  ['User-Agent', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0'],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
  ['Accept-Language', 'es-ES,es;q=0.8,en;q=0.5'],
];
const headersOf = (r: Req): Array<[string, string]> =>
  r.method === 'POST' ? [...HEADERS, ['Content-Type', 'application/x-www-form-urlencoded']] : HEADERS;

/** The attack records' hits by stream index. */
function direct(stream: Labeled[]): Map<number, AttackRecord['hits']> {
  const d = new AttackDetector({ maxMillisPerRequest: Number.POSITIVE_INFINITY });
  const out = new Map<number, AttackRecord['hits']>();
  stream.forEach((c, i) => {
    const r = d.detect(
      tx({
        method: c.req.method,
        target: c.req.target,
        headers: [['Host', 'shop.local:8080'], ...headersOf(c.req)],
        body: c.req.body,
        response: { status: 200, body: 'ok' },
      }),
    );
    if (r !== null) out.set(i, r.hits);
  });
  return out;
}

function replay(stream: Labeled[], workers: number): Map<number, AttackRecord['hits']> {
  const plans = stream.map((c, i) => ({
    opts: {
      client: `10.30.${(i >> 8) & 255}.${(i & 127) + 1}`,
      server: '10.30.255.1',
      clientPort: 30000 + (i % 30000),
      serverPort: 8080,
      seed: i + 1,
    },
    exchanges: [
      {
        method: c.req.method,
        target: c.req.target,
        host: 'shop.local:8080',
        requestHeaders: [...headersOf(c.req), ['X-Case', String(i)]] as Array<[string, string]>,
        requestBody: c.req.body === '' ? undefined : c.req.body,
        responseBody: 'ok',
      },
    ],
  }));
  // In stream order, as a capture of separate requests: the profiles learn in the order they judge.
  const out = replayInOrder(plans, ['--emit', 'attack', '--workers', String(workers)]);
  const found = new Map<number, AttackRecord['hits']>();
  for (const line of out.split('\n')) {
    if (!line) continue;
    const rec = JSON.parse(line) as AttackRecord;
    const id = Number(rec.request.headers.find(([n]) => n === 'X-Case')?.[1]);
    found.set(id, [...(found.get(id) ?? []), ...rec.hits]);
  }
  return found;
}

function main(): void {
  const args = parseArgs({
    options: {
      direct: { type: 'boolean', default: false },
      workers: { type: 'string', default: '1' },
      requests: { type: 'string', default: '3000' },
      show: { type: 'string', default: '0' },
      misses: { type: 'string', default: '0' },
    },
  });
  const stream = streamOf(Number(args.values.requests));
  const found = args.values.direct ? direct(stream) : replay(stream, Number(args.values.workers));
  const per = new Map<string, [number, number]>();
  const classes = new Map<string, number>();
  let normal = 0;
  let flagged = 0;
  const show = Number(args.values.show);
  const shown = { normal: 0, anomalous: 0 };
  const misses = Number(args.values.misses);
  let missed = 0;
  stream.forEach((c, i) => {
    const hits = found.get(i);
    if (c.mutation === null) {
      normal++;
      if (hits) flagged++;
    } else {
      const t = per.get(c.mutation) ?? [0, 0];
      t[1]++;
      if (hits) t[0]++;
      per.set(c.mutation, t);
    }
    for (const h of hits ?? []) {
      const rule = h.rule?.replace(/\d+(\.\d+)?/g, 'N').replace(/^(host-wide )?(symbol|length|type) .*/, '$1$2') ?? '';
      const key = `${c.mutation === null ? 'normal' : 'anomalous'} ${h.class}${rule ? ` (${rule})` : ''}`;
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    if (!hits && c.mutation !== null && i >= stream.length / 2 && missed++ < misses)
      console.log(`missed ${c.mutation} ${c.req.method} ${c.req.target} ${c.req.body}`);
    const which = c.mutation === null ? 'normal' : 'anomalous';
    if (hits && shown[which] < show) {
      shown[which]++;
      console.log(
        `${which} ${c.mutation ?? ''} ${c.req.method} ${c.req.target} ${c.req.body.slice(0, 120)}\n  ${JSON.stringify(hits)}`,
      );
    }
  });
  const caught = [...per.values()].reduce((a, t) => a + t[0], 0);
  const all = [...per.values()].reduce((a, t) => a + t[1], 0);
  const tpr = caught / all;
  const fpr = flagged / normal;
  console.log(`| run | anomalous / normal | TPR % | FPR % | balanced accuracy | ${MUTATIONS.map((m) => `${m} %`).join(' | ')} |`);
  console.log(`|---|---|---|---|---|${MUTATIONS.map(() => '---|').join('')}`);
  console.log(
    `| ${args.values.direct ? 'direct' : `replay, ${args.values.workers} worker(s)`} | ${all} / ${normal} | ${(100 * tpr).toFixed(1)} | ${(100 * fpr).toFixed(2)} | ${((tpr + 1 - fpr) / 2).toFixed(3)} | ${MUTATIONS.map(
      (m) => {
        const t = per.get(m) ?? [0, 0];
        return t[1] === 0 ? '-' : ((100 * t[0]) / t[1]).toFixed(1);
      },
    ).join(' | ')} |`,
  );
  for (const [k, n] of [...classes].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${k}`);
}

main();
