/**
 * A small known REST API ("shop.test") as conversations of several clients, for API discovery,
 * vulnerability and session tests: the templates, parameters, types, sensitive fields, auth
 * schemes and sessions are known by construction (see the expectations in the tests).
 */
import { createHmac } from 'node:crypto';
import type { HttpExchangeSpec } from '../../node/sample/http-exchange';
import type { ConversationPlan } from '../../node/sample/scenarios';

export const API_HOST = 'shop.test';
const SERVER = '10.20.0.1';
const JSON_CT: [string, string] = ['Content-Type', 'application/json'];

export function jwt(payload: object, key: string, alg = 'HS256'): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  if (alg === 'none') return `${signed}.`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}

const ALICE = jwt({ sub: 'alice', role: 'user' }, 'Xr9!pQ2#long-random-production-key-0a8f');
const WEAK = jwt({ sub: 'mallory' }, 'secret');

function ok(
  body: unknown,
  status = 200,
  extra: Array<[string, string]> = [],
): Pick<HttpExchangeSpec, 'status' | 'responseHeaders' | 'responseBody'> {
  return { status, responseHeaders: [JSON_CT, ['Server', 'Apache/2.4.49 (Unix)'], ...extra], responseBody: JSON.stringify(body) };
}

function get(target: string, headers: Array<[string, string]>, res: ReturnType<typeof ok>): HttpExchangeSpec {
  return { method: 'GET', target, host: API_HOST, requestHeaders: headers, ...res };
}

/** Alice: a JWT bearer user browsing users and orders. `i` varies ids so halves differ. */
function alice(i: number): HttpExchangeSpec[] {
  const auth: Array<[string, string]> = [
    ['Authorization', `Bearer ${ALICE}`],
    ['User-Agent', 'shop-app/2.1'],
  ];
  const orderId = `3f2b8c1e-9d4a-4b7e-8c2f-${String(100000000000 + i).slice(-12)}`;
  return [
    get('/api/users/me', auth, ok({ id: 7, email: 'alice@example.com', name: 'Alice' })),
    get(`/api/users/${100 + i}`, auth, ok({ id: 100 + i, name: `user${i}`, created: '2024-01-15' })),
    get(`/api/orders?page=${i}&limit=20`, auth, ok([{ id: orderId, total: 12.5, items: [{ sku: 'B-1', qty: 1 }] }])),
    {
      method: 'POST',
      target: '/api/orders',
      host: API_HOST,
      requestHeaders: [...auth, JSON_CT],
      requestBody: JSON.stringify({
        item_id: i,
        qty: 2,
        ...(i % 2 ? { note: 'gift' } : {}),
        shipping: { zip: '10115', phone: '+4915123456789' },
      }),
      ...ok({ id: orderId }, 201),
    },
    get(`/api/orders/${orderId}`, [...auth, ['X-Request-Id', `req-${i}`]], ok({ id: orderId, status: 'paid' })),
  ];
}

/** Bob: logs in with a form, then uses a PHPSESSID cookie on the product catalogue. */
function bob(i: number): HttpExchangeSpec[] {
  const cookie: Array<[string, string]> = [
    ['Cookie', `PHPSESSID=bobsession${i}0000000000`],
    ['User-Agent', 'Mozilla/5.0 bob'],
  ];
  return [
    {
      method: 'POST',
      target: '/api/login',
      host: API_HOST,
      requestHeaders: [
        ['Content-Type', 'application/x-www-form-urlencoded'],
        ['User-Agent', 'Mozilla/5.0 bob'],
      ],
      requestBody: `username=bob&password=hunter${i}`,
      ...ok({ ok: true }, 200, [['Set-Cookie', `PHPSESSID=bobsession${i}0000000000; HttpOnly`]]),
    },
    get(`/api/products?category=books${i % 2 ? '&q=dune' : ''}`, cookie, ok({ items: [{ sku: 'B-1', price: 9.99 }], total: 1 })),
    get('/static/app.js', cookie, {
      status: 200,
      responseHeaders: [['Content-Type', 'application/javascript']],
      responseBody: 'console.log(1)',
    }),
    get('/index.html', cookie, { status: 200, responseBody: '<html>shop</html>' }),
    get('/api/admin', cookie, { status: 404, responseHeaders: [JSON_CT], responseBody: '{"error":"not found"}' }),
  ];
}

/** A reporting client with an API key; date-shaped path segments. */
function reports(i: number): HttpExchangeSpec[] {
  const key: Array<[string, string]> = [
    ['X-API-Key', 'k-83jd8s0d7f6g5h4j3k2l'],
    ['User-Agent', 'reporter/1.0'],
  ];
  return [
    get(`/api/reports/2024-01-${String(10 + i).padStart(2, '0')}`, key, ok({ day: `2024-01-${10 + i}`, revenue: 1000 + i })),
  ];
}

/** Findings: a successful path traversal, a stack trace, a weak JWT, a token in the URL, public PII. */
function findings(): HttpExchangeSpec[] {
  const ua: Array<[string, string]> = [['User-Agent', 'curl/8.5.0']];
  return [
    get('/api/files?path=../../../../etc/passwd', ua, {
      status: 200,
      responseHeaders: [['Content-Type', 'text/plain']],
      responseBody: 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
    }),
    get('/api/debug', ua, {
      status: 500,
      responseHeaders: [['Content-Type', 'text/plain']],
      responseBody: 'Traceback (most recent call last):\n  File "/srv/app.py", line 12, in handler\nKeyError: x\n',
    }),
    get('/api/users/me', [['Authorization', `Bearer ${WEAK}`], ...ua], ok({ id: 9, email: 'mallory@example.com', name: 'M' })),
    get('/api/export?format=csv&access_token=tok_51HqL2xYz0AbCdEf', ua, ok({ url: '/x.csv' })),
    get('/api/public/contacts', ua, ok([{ name: 'Support', email: 'help@shop.test', phone: '+4930123456789' }])),
  ];
}

/** Conversations of the whole API; `half` 0 or 1 keeps every other conversation (two nodes behind a flow hash). */
export function apiPlans(rounds = 4): ConversationPlan[] {
  const plans: ConversationPlan[] = [];
  let port = 41000;
  const conv = (client: string, exchanges: HttpExchangeSpec[], startTs: number): ConversationPlan => ({
    opts: { client, server: SERVER, clientPort: port++, serverPort: 80, seed: port, startTs, stepUs: 1000 },
    exchanges,
  });
  const t0 = 1_767_000_000_000_000;
  for (let i = 1; i <= rounds; i++) {
    const t = t0 + i * 10_000_000;
    plans.push(
      conv('10.20.1.1', alice(i), t),
      conv('10.20.1.2', bob(i), t + 1_000_000),
      conv('10.20.1.3', reports(i), t + 2_000_000),
    );
  }
  plans.push(conv('10.20.1.9', findings(), t0 + (rounds + 1) * 10_000_000));
  return plans;
}
