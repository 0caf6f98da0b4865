/**
 * Whole benign requests as browsers, apps and API clients send them (docs/detection.md,
 * Evaluation): pages with tracking parameters and long cookies, multilingual searches, login and
 * OAuth/CAS/SAML flows with absolute return URLs, CMS posts in Markdown and editor HTML with code,
 * JSON bodies with prose and error reports, GraphQL, analytics beacons, uploads, query languages
 * of real products (OData, JQL-like filters, Lucene) and JWT/base64 tokens in every place.
 * Prose comes from the `description` texts of the public OpenAPI documents under
 * test/eval/discovery/specs (real writing, with its Markdown and examples), and the requests of
 * the `openapi` source call those documents' operations with values built from their schemas.
 * Deterministic; every case is benign.
 *
 * Two sources: `webtraffic` (this generator's request kinds with the discovery tuning documents'
 * prose; the one false positives were read from while changing the detectors) and
 * `openapi-heldout` (the same kinds and operation calls built only from the discovery held-out
 * documents' prose and operations; measured, its flagged cases never listed while tuning).
 */
import fs from 'node:fs';
import path from 'node:path';
import { HELD_OUT, TUNING } from './discovery/splits';
import { splitOf, type LabeledRequests } from './corpus';

/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are untyped JSON, walked by hand here */
type Json = any;

const SPECS_DIR = path.resolve(__dirname, 'discovery/specs');

type Rng = () => number;
function rngOf(seed: number): Rng {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}
const pickOf =
  (r: Rng) =>
  <T>(a: readonly T[]): T =>
    a[Math.floor(r() * a.length)];

const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67',
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
];
const LANGS = [
  'en-US,en;q=0.9',
  'de-DE,de;q=0.9,en;q=0.8',
  'ja,en-US;q=0.9,en;q=0.8',
  'fr-FR,fr;q=0.9',
  'zh-CN,zh;q=0.9',
  'pt-BR,pt;q=0.9,en;q=0.7',
];

/** Search text as people type it, in many scripts, including words that are also code keywords. */
const SEARCHES = [
  'running shoes for women',
  'wireless headphones under $100',
  "men's leather jacket (black)",
  'how to reset my password?',
  'select all checkbox not working',
  'drop shipping vs. wholesale',
  'order status #12345',
  'union square hotels',
  'update billing address',
  'delete account & data',
  'insert molding 3/8"',
  'where to buy "organic" coffee',
  'script writing course',
  'sleep mask 100% silk',
  'cat tree for large cats',
  'echo dot 5th gen',
  'javascript alert box example',
  'excel if then formula',
  'sql join tutorial for beginners',
  'python subprocess call example',
  'c++ vs rust',
  'node.js fs.readFile',
  'ノートパソコン 軽量 おすすめ',
  '東京 ラーメン 人気店',
  '无线耳机 降噪',
  '北京到上海的高铁票',
  '노트북 가방 15인치',
  'кроссовки мужские зимние',
  'купить iPhone 15 (256 ГБ)',
  'ساعة ذكية للرجال',
  'מכונת קפה ביתית',
  'παπούτσια τρεξίματος',
  'Schuhe für Damen – Größe 39',
  'Bücher über Künstliche Intelligenz',
  'chaussures de randonnée homme',
  "l'été à Paris: que faire ?",
  'zapatillas niño talla 30',
  '¿dónde está mi pedido?',
  'tênis feminino promoção',
  'ayakkabı kadın spor',
  'điện thoại giá rẻ',
  'सस्ते मोबाइल फोन',
  'รองเท้าผ้าใบ ผู้หญิง',
  'best pizza 🍕 near me',
  'O’Brien & Sons, Ltd.',
  'size 10.5 / 44 EU',
  '2 + 2 = 4?',
  'a < b > c',
  'what is a <script tag',
  'what does 1=1 mean in sql',
  'rm -rf explained',
];

/** Sites and partners whose absolute URLs appear in login and return flows. */
const PARTNERS = [
  'https://app.partner.example/dashboard',
  'https://portal.university.example/c/portal/login',
  'https://accounts.shop.example/oauth/callback',
  'https://client.example.net/auth/callback?state=xyz',
  'https://www.shop.example/checkout/cart?step=2&coupon=SPRING24',
  'https://docs.vendor.example/guide/getting-started#install',
  'https://mail.example.org/owa/',
  'com.example.app://oauth2redirect',
];
/** Return targets only login flows carry: a native app's loopback redirect (RFC 8252, section 7.3). */
const LOGIN_RETURNS = [...PARTNERS, 'http://localhost:3000/callback', 'http://127.0.0.1:8400/oauth2/callback'];
const RETURN_NAMES = [
  'redirect_uri',
  'service',
  'next',
  'returnUrl',
  'return_to',
  'url',
  'continue',
  'RelayState',
  'redirect',
  'callback',
  'goto',
  'ReturnUrl',
  'destination',
];
const LOGIN_PATHS = [
  '/login',
  '/oauth/authorize',
  '/cas/login',
  '/sso/start',
  '/account/login',
  '/auth/realms/main/protocol/openid-connect/auth',
  '/logout',
  '/signin',
  '/saml/login',
];

const CODE_SNIPPETS = [
  'const items = await fetch(`/api/items?page=${page}`).then((r) => r.json());\nitems.forEach((i) => console.log(i.name));',
  'function debounce(fn, ms) {\n  let t;\n  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };\n}',
  'def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a',
  'npm install --save express\nnode server.js',
  'pip install requests\npython -m http.server 8000',
  'git clone https://github.com/example/project.git\ncd project && make',
  'docker run -d -p 8080:80 --name web nginx:latest',
  '.button:hover { color: #fff; background: linear-gradient(90deg, #f00 0%, #00f 100%); }',
  '{\n  "name": "my-app",\n  "version": "1.0.0",\n  "scripts": { "start": "node index.js" }\n}',
  'if (user && user.roles.includes("admin")) {\n  return res.status(403).json({ error: "forbidden" });\n}',
  "SELECT name, email FROM customers WHERE country = 'DE' ORDER BY name;",
  'for i in $(seq 1 10); do echo "run $i"; done',
  'public static void main(String[] args) {\n    System.out.println("Hello, world");\n}',
  '<div class="card">\n  <h2>{{ title }}</h2>\n  <p>{{ body }}</p>\n</div>',
  'while (queue.length > 0) { const n = queue.shift(); visit(n); }',
  'export default { data() { return { count: 0 }; }, methods: { inc() { this.count++; } } };',
];

const EDITOR_HTML = [
  '<p>Hello <strong>team</strong>,</p><p>please see the <a href="https://docs.example.com/release-notes" target="_blank" rel="noopener noreferrer">release notes</a>.</p>',
  '<h2>Ingredients</h2><ul><li>2 cups flour</li><li>1 tsp salt</li></ul><p><em>Tip:</em> use cold butter.</p>',
  '<p><span style="color: rgb(230, 0, 0); font-size: 14px;">Important:</span> the office is closed on Monday.</p>',
  '<p><img src="https://cdn.example.com/uploads/2024/05/photo-1.jpg" alt="Our new store" width="600" height="400"></p>',
  '<blockquote><p>Quality is never an accident.</p></blockquote><p>— John Ruskin</p>',
  '<table><thead><tr><th>Size</th><th>EU</th></tr></thead><tbody><tr><td>S</td><td>36</td></tr></tbody></table>',
  '<p>Contact us at <a href="mailto:support@example.com">support@example.com</a> or call +1 (555) 010-2030.</p>',
  '<pre><code class="language-js">const x = a &lt; b ? a : b;</code></pre>',
];

const CMS_TITLES = [
  'Spring sale: 30% off everything!',
  'Release 2.4 — what’s new',
  'Q&A with our CTO',
  'How we cut our build time in half',
  'Recipe: grandma’s apple pie',
  '10 tips for remote teams',
];

const STACK_TRACES = [
  "TypeError: Cannot read properties of undefined (reading 'map')\n    at ProductList (https://www.shop.example/static/js/main.4f3a2b1c.js:2:10345)\n    at renderWithHooks (https://www.shop.example/static/js/vendor.js:1:48123)",
  'ReferenceError: gtag is not defined\n    at HTMLDocument.<anonymous> (https://www.shop.example/:120:5)',
  'Error: Request failed with status code 500\n    at createError (webpack:///./node_modules/axios/lib/core/createError.js?:16:15)',
  'Traceback (most recent call last):\n  File "/app/views.py", line 42, in checkout\n    total = cart.total()\nZeroDivisionError: division by zero',
];

/** Query languages real products accept in a parameter (filters, OData, JQL-like, Lucene). */
const QUERY_LANGUAGES: Array<[string, string]> = [
  ['$filter', "Name eq 'Milk' and Price lt 2.55"],
  ['$filter', "startswith(CompanyName, 'Alfr') or Country eq 'Germany'"],
  ['$orderby', 'ReleaseDate desc, Rating'],
  ['jql', 'project = WEB AND status in ("In Progress", Done) ORDER BY created DESC'],
  ['q', 'status:open AND (label:bug OR label:"help wanted") -author:bot'],
  ['filter', 'created_at >= "2024-01-01" AND tags:"summer sale"'],
  ['search', 'title:"annual report" AND year:[2019 TO 2023]'],
  ['sort', '-created_at,name'],
  ['fields', 'id,name,price,variants(sku,stock)'],
  ['where', '{"status":{"in":["paid","shipped"]},"total":{"gte":100}}'],
];

const FILE_NAMES = [
  'IMG_2024-05-01 10.32.11.jpg',
  'Résumé – Anna Müller.pdf',
  'report (final) v2.xlsx',
  '会議資料.pptx',
  'invoice#2024-017.pdf',
  "O'Connor family.png",
];

const base64url = (b: Buffer): string => b.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Prose of OpenAPI documents: descriptions and string examples, with their Markdown. */
function specProse(names: readonly string[]): string[] {
  const out = new Set<string>();
  const walk = (v: Json, key: string, depth: number): void => {
    if (depth > 40 || v === null) return;
    if (typeof v === 'string') {
      if ((key === 'description' || key === 'summary' || key === 'example') && v.length >= 12 && v.length <= 1500) out.add(v);
      return;
    }
    if (typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) walk(x, Array.isArray(v) ? key : k, depth + 1);
  };
  for (const n of names) {
    const file = path.join(SPECS_DIR, `${n}.json`);
    if (fs.existsSync(file)) walk(JSON.parse(fs.readFileSync(file, 'utf8')), '', 0);
  }
  return [...out].sort();
}

interface Operation {
  method: string;
  path: string;
  query: string[];
  body: Json | null;
}

/** Operations of OpenAPI documents (path templates, query names, JSON body schemas). */
function specOperations(names: readonly string[]): Array<{ op: Operation; spec: Json }> {
  const out: Array<{ op: Operation; spec: Json }> = [];
  for (const n of names) {
    const file = path.join(SPECS_DIR, `${n}.json`);
    if (!fs.existsSync(file)) continue;
    const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [p, item] of Object.entries((spec.paths ?? {}) as Record<string, Json>)) {
      for (const m of ['get', 'post', 'put', 'patch', 'delete']) {
        const op = item?.[m];
        if (!op || /[?#]/.test(p)) continue;
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x: Json) => deref(spec, x));
        const content = deref(spec, op.requestBody)?.content ?? {};
        const json = Object.entries(content as Record<string, Json>).find(([t]) => /json/.test(t));
        out.push({
          op: {
            method: m.toUpperCase(),
            path: p,
            query: params.filter((q: Json) => q?.in === 'query' && typeof q.name === 'string').map((q: Json) => q.name),
            body: json ? (json[1].schema ?? null) : null,
          },
          spec,
        });
      }
    }
  }
  return out;
}

function deref(spec: Json, v: Json, depth = 0): Json {
  if (v && typeof v.$ref === 'string' && depth < 10) {
    const target = v.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: Json, k: string) => o?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    return deref(spec, target, depth + 1);
  }
  return v;
}

class Generator {
  readonly pick: <T>(a: readonly T[]) => T;
  constructor(
    readonly r: Rng,
    readonly prose: string[],
  ) {
    this.pick = pickOf(r);
  }

  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => Math.floor(this.r() * 256)));
  }
  hex(n: number): string {
    return this.bytes(Math.ceil(n / 2))
      .toString('hex')
      .slice(0, n);
  }
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
  jwt(): string {
    const head = base64url(Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.hex(16) })));
    const claims = {
      sub: this.uuid(),
      email: `user${this.int(1, 9999)}@example.com`,
      name: this.pick(['Anna Müller', 'José García', '山田 太郎', "Seán O'Neill"]),
      scope: 'openid profile email',
      iat: 1714000000 + this.int(0, 1e6),
      exp: 1714003600 + this.int(0, 1e6),
      iss: 'https://auth.shop.example/',
    };
    return `${head}.${base64url(Buffer.from(JSON.stringify(claims)))}.${base64url(this.bytes(256))}`;
  }
  sentence(): string {
    return this.prose.length > 0 ? this.pick(this.prose) : this.pick(SEARCHES);
  }

  cookies(): string {
    const parts = [
      `_ga=GA1.2.${this.int(1e8, 2e9)}.${this.int(1.6e9, 1.72e9)}`,
      `_gid=GA1.2.${this.int(1e8, 2e9)}.${this.int(1.6e9, 1.72e9)}`,
      `_fbp=fb.1.${this.int(1.6e12, 1.72e12)}.${this.int(1e8, 2e9)}`,
      `_gcl_au=1.1.${this.int(1e8, 2e9)}.${this.int(1.6e9, 1.72e9)}`,
      `session=${this.pick([this.jwt(), base64url(this.bytes(48)), this.hex(64)])}`,
      `csrftoken=${base64url(this.bytes(24))}`,
      `OptanonConsent=isGpcEnabled=0&datestamp=${encodeURIComponent('Mon May 06 2024 10:32:11 GMT+0200 (Central European Summer Time)')}&version=202403.1.0&groups=C0001%3A1%2CC0002%3A0%2CC0004%3A1&hosts=&landingPath=NotLandingPage`,
      `cart=${encodeURIComponent(JSON.stringify({ items: [{ sku: `SKU-${this.int(100, 999)}`, qty: this.int(1, 3) }], currency: 'EUR' }))}`,
      `ajs_user_id=%22${this.uuid()}%22`,
      `locale=${this.pick(['en-US', 'de_DE', 'ja'])}`,
      `XSRF-TOKEN=${encodeURIComponent(Buffer.from(this.bytes(40)).toString('base64'))}`,
      `__Secure-next-auth.session-token=${this.hex(40)}.${base64url(this.bytes(60))}`,
      `recently_viewed=${encodeURIComponent(`sku-${this.int(1, 99)}|sku-${this.int(1, 99)}|sku-${this.int(1, 99)}`)}`,
    ];
    return parts.filter(() => this.r() < 0.7).join('; ') || parts[0];
  }

  tracking(): string[] {
    const all = [
      `utm_source=${this.pick(['google', 'newsletter', 'facebook', 'twitter', 't.co'])}`,
      `utm_medium=${this.pick(['cpc', 'email', 'social', 'referral'])}`,
      `utm_campaign=${encodeURIComponent(this.pick(['spring_sale_2024', 'Black Friday – EU', 'launch/v2', "mother's day"]))}`,
      `utm_content=${encodeURIComponent(this.pick(['hero-banner', 'cta_button_1', 'text link']))}`,
      `gclid=${base64url(this.bytes(40))}`,
      `fbclid=IwAR${base64url(this.bytes(40))}`,
      `msclkid=${this.hex(32)}`,
      `mc_eid=${this.hex(10)}`,
      `_hsenc=p2ANqtz-${base64url(this.bytes(50))}`,
      `ref=${encodeURIComponent(this.pick(PARTNERS))}`,
    ];
    return all.filter(() => this.r() < 0.4);
  }

  browserHeaders(referer?: string): Array<[string, string]> {
    const h: Array<[string, string]> = [
      ['Host', 'www.shop.example'],
      ['User-Agent', this.pick(BROWSERS)],
      ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'],
      ['Accept-Language', this.pick(LANGS)],
      ['Accept-Encoding', 'gzip, deflate, br, zstd'],
      ['Sec-Fetch-Site', 'same-origin'],
      ['Sec-Fetch-Mode', 'navigate'],
      ['Sec-CH-UA', '"Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"'],
      ['Cookie', this.cookies()],
    ];
    if (referer) h.push(['Referer', referer]);
    if (this.r() < 0.3) h.push(['If-None-Match', `W/"${this.hex(20)}"`]);
    return h;
  }

  apiHeaders(type?: string): Array<[string, string]> {
    const h: Array<[string, string]> = [
      ['Host', 'api.shop.example'],
      ['User-Agent', this.pick([...BROWSERS, 'okhttp/4.12.0', 'MyShopApp/5.3.1 (iPhone; iOS 17.4; Scale/3.00)', 'axios/1.6.8'])],
      ['Accept', 'application/json, text/plain, */*'],
      ['Authorization', `Bearer ${this.jwt()}`],
      ['X-Requested-With', 'XMLHttpRequest'],
      ['X-Request-Id', this.uuid()],
      ['Origin', 'https://www.shop.example'],
      ['Referer', `https://www.shop.example/${this.pick(['account', 'cart', 'products/blue-shoes', 'search?q=shoes'])}`],
    ];
    if (type) h.push(['Content-Type', type]);
    if (this.r() < 0.5) h.push(['X-CSRF-Token', base64url(this.bytes(32))]);
    return h;
  }

  /** Markdown as a CMS or forum receives it: prose, headings, lists, links, images, code. */
  markdown(): string {
    const parts = [
      `## ${this.pick(CMS_TITLES)}`,
      this.sentence(),
      `- ${this.sentence().split('\n')[0]}\n- see [the docs](https://docs.example.com/a/b?x=1)`,
    ];
    if (this.r() < 0.6) parts.push('```\n' + this.pick(CODE_SNIPPETS) + '\n```');
    if (this.r() < 0.4) parts.push(`![screenshot](https://cdn.example.com/img/${this.hex(12)}.png "Screenshot")`);
    parts.push(this.sentence());
    return parts.join('\n\n');
  }
}

/** A login flow's return target; a native app's loopback address only in `redirect_uri` and `RelayState`. */
function returnParam(g: Generator): string {
  const name = g.pick(RETURN_NAMES);
  const pool = name === 'redirect_uri' || name === 'RelayState' ? LOGIN_RETURNS : PARTNERS;
  return `${name}=${encodeURIComponent(g.pick(pool))}`;
}

type Kind = (g: Generator) => LabeledRequests['reqs'][number];

const KINDS: Array<[string, Kind]> = [
  [
    'page',
    (g) => {
      const q = g.tracking();
      const p = g.pick([
        '/',
        '/products/blue-running-shoes-42',
        '/blog/2024/05/spring-collection',
        '/category/women/shoes',
        '/cart',
        '/help/returns-and-refunds',
      ]);
      return {
        method: 'GET',
        target: p + (q.length ? `?${q.join('&')}` : ''),
        headers: g.browserHeaders(g.pick(['https://www.google.com/', 'https://t.co/xyz', 'https://www.shop.example/'])),
        body: '',
      };
    },
  ],
  [
    'search',
    (g) => {
      const term = g.r() < 0.15 ? g.sentence().split('\n')[0].slice(0, 120) : g.pick(SEARCHES);
      const extra = [
        `page=${g.int(1, 5)}`,
        `sort=${g.pick(['relevance', 'price_asc', '-created', 'rating:desc'])}`,
        `category%5B%5D=${g.pick(['shoes', 'bags'])}`,
      ].filter(() => g.r() < 0.5);
      const q = encodeURIComponent(term).replace(/%20/g, g.r() < 0.5 ? '+' : '%20');
      return {
        method: 'GET',
        target: `/search?q=${q}${extra.length ? '&' + extra.join('&') : ''}`,
        headers: g.browserHeaders(`https://www.shop.example/search?q=${encodeURIComponent(g.pick(SEARCHES))}`),
        body: '',
      };
    },
  ],
  [
    'login-flow',
    (g) => {
      const params = [
        returnParam(g),
        `client_id=${g.hex(24)}`,
        `state=${base64url(g.bytes(24))}`,
        `nonce=${g.hex(16)}`,
        'response_type=code',
        `scope=${encodeURIComponent('openid profile email offline_access')}`,
        `code_challenge=${base64url(g.bytes(32))}`,
        'code_challenge_method=S256',
        `SAMLRequest=${encodeURIComponent(Buffer.from(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_${g.hex(20)}" Version="2.0" AssertionConsumerServiceURL="${g.pick(PARTNERS)}"/>`).toString('base64'))}`,
      ].filter((_, i) => i === 0 || g.r() < 0.5);
      return {
        method: 'GET',
        target: `${g.pick(LOGIN_PATHS)}?${params.join('&')}`,
        headers: g.browserHeaders(g.pick(PARTNERS)),
        body: '',
      };
    },
  ],
  [
    'login-post',
    (g) => {
      const pw = g.pick([
        'P@ssw0rd!#2024',
        'correct horse battery staple',
        'Tr0ub4dor&3',
        "s3cr3t'pa$$",
        'p4ss"word<>%',
        "1' is my lucky number",
        'ĉiu-tago_2024',
      ]);
      const body = [
        `username=${encodeURIComponent(g.pick(['anna.mueller@example.com', "sean.o'neill", 'jdoe', '山田']))}`,
        `password=${encodeURIComponent(pw)}`,
        `csrfmiddlewaretoken=${base64url(g.bytes(48))}`,
        'remember=on',
        `next=${encodeURIComponent(g.pick(['/account', '/checkout?step=2', g.pick(PARTNERS)]))}`,
      ].join('&');
      const h = g.browserHeaders('https://www.shop.example/login');
      h.push(['Content-Type', 'application/x-www-form-urlencoded']);
      return {
        method: 'POST',
        target: g.pick(['/login', '/accounts/login/', '/wp-login.php', '/user/login?destination=/node/12']),
        headers: h,
        body,
      };
    },
  ],
  [
    'cms-form',
    (g) => {
      const html = g.r() < 0.5;
      const body = [
        `title=${encodeURIComponent(g.pick(CMS_TITLES))}`,
        `content=${encodeURIComponent(html ? g.pick(EDITOR_HTML) + g.pick(EDITOR_HTML) : g.markdown())}`,
        `tags=${encodeURIComponent('news, release, how-to')}`,
        `excerpt=${encodeURIComponent(g.sentence().slice(0, 300))}`,
        `_wpnonce=${g.hex(10)}`,
        'status=draft',
      ].join('&');
      const h = g.browserHeaders('https://www.shop.example/admin/posts/new');
      h.push(['Content-Type', 'application/x-www-form-urlencoded']);
      return {
        method: 'POST',
        target: g.pick(['/admin/posts', '/wp-admin/post.php', '/forum/t/new', '/node/add/article']),
        headers: h,
        body,
      };
    },
  ],
  [
    'json-prose',
    (g) => {
      const doc = g.pick([
        () => ({ rating: g.int(1, 5), title: g.pick(CMS_TITLES), review: g.sentence(), language: 'en' }),
        () => ({ ticket: { subject: g.pick(SEARCHES), body: g.markdown(), priority: 'normal', attachments: [] } }),
        () => ({ comment: { body: g.pick(EDITOR_HTML), parent_id: g.int(1, 9999) } }),
        () => ({
          message: g.pick(STACK_TRACES),
          level: 'error',
          url: 'https://www.shop.example/checkout',
          user_agent: g.pick(BROWSERS),
          offset: '',
          cursor: base64url(g.bytes(18)),
        }),
        () => ({
          address: {
            line1: g.pick(['221B Baker Street', 'c/ Mayor 5, 2º-1ª', 'Flat 3; 12 Rue de l’Église']),
            city: 'Zürich',
            notes: 'Ring twice; leave at door #2 if no answer.',
          },
        }),
        () => ({
          snippet: { language: g.pick(['javascript', 'python', 'bash', 'sql']), code: g.pick(CODE_SNIPPETS), public: true },
        }),
        () => ({ text: g.pick(SEARCHES), translations: { ja: '配送について', de: 'Über den Versand' }, offset: '', limit: 20 }),
      ])();
      return {
        method: g.pick(['POST', 'PUT', 'PATCH']),
        target: g.pick(['/api/v1/reviews', '/api/tickets', '/api/comments', '/api/errors', '/api/addresses/12', '/api/snippets']),
        headers: g.apiHeaders('application/json'),
        body: JSON.stringify(doc),
      };
    },
  ],
  [
    'graphql',
    (g) => {
      const doc = g.pick([
        'query ProductPage($slug: String!, $first: Int = 10) {\n  product(slug: $slug) {\n    id\n    name\n    description(format: HTML)\n    variants(first: $first) { edges { node { id sku price { amount currency } } } }\n    ...Reviews\n  }\n}\nfragment Reviews on Product { reviews(last: 5) { author body rating } }',
        'mutation AddToCart($input: AddToCartInput!) { addToCart(input: $input) { cart { id totalQuantity } errors { field message } } }',
        'query Search($q: String!) { search(query: $q, filter: {inStock: true, price: {lt: 100}}) { __typename ... on Product { id name } } }',
        '{ viewer { login repositories(first: 5, orderBy: {field: UPDATED_AT, direction: DESC}) { nodes { name } } } }',
      ]);
      if (g.r() < 0.3) {
        const ext = encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: g.hex(64) } }));
        const vars = encodeURIComponent(JSON.stringify({ slug: 'blue-shoes', q: g.pick(SEARCHES) }));
        return {
          method: 'GET',
          target: `/graphql?operationName=ProductPage&variables=${vars}&extensions=${ext}`,
          headers: g.apiHeaders(),
          body: '',
        };
      }
      const body = JSON.stringify({
        operationName: null,
        query: doc,
        variables: { slug: 'blue-shoes', q: g.pick(SEARCHES), input: { sku: 'SKU-1', qty: 2, note: g.sentence().slice(0, 200) } },
      });
      return { method: 'POST', target: '/graphql', headers: g.apiHeaders('application/json'), body };
    },
  ],
  [
    'beacon',
    (g) => {
      if (g.r() < 0.5) {
        const q = [
          'v=2',
          `tid=G-${g.hex(10).toUpperCase()}`,
          `cid=${g.int(1e8, 2e9)}.${g.int(1.6e9, 1.72e9)}`,
          `dl=${encodeURIComponent(`https://www.shop.example/search?q=${encodeURIComponent(g.pick(SEARCHES))}&utm_source=newsletter`)}`,
          `dr=${encodeURIComponent('https://www.google.com/')}`,
          `dt=${encodeURIComponent(g.pick(CMS_TITLES) + ' | Shop')}`,
          'en=page_view',
          `ep.search_term=${encodeURIComponent(g.pick(SEARCHES))}`,
          `_p=${g.int(1e9, 2e9)}`,
          'sr=1920x1080',
          'ul=en-us',
        ];
        return {
          method: 'POST',
          target: `/g/collect?${q.join('&')}`,
          headers: g.browserHeaders('https://www.shop.example/'),
          body: '',
        };
      }
      const events = {
        batch: [
          {
            type: 'track',
            event: 'Product Viewed',
            properties: { name: g.pick(SEARCHES), price: 19.99, url: g.pick(PARTNERS) },
            anonymousId: g.uuid(),
          },
          {
            type: 'page',
            name: g.pick(CMS_TITLES),
            context: {
              userAgent: g.pick(BROWSERS),
              page: { search: `?q=${encodeURIComponent(g.pick(SEARCHES))}`, referrer: 'https://t.co/' },
            },
          },
        ],
        sentAt: '2024-05-06T10:32:11.123Z',
      };
      return {
        method: 'POST',
        target: '/v1/batch',
        headers: g.apiHeaders('text/plain;charset=UTF-8'),
        body: JSON.stringify(events),
      };
    },
  ],
  [
    'upload',
    (g) => {
      const b = `----WebKitFormBoundary${base64url(g.bytes(12))}`;
      const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), g.bytes(400)]);
      const name = g.pick(FILE_NAMES);
      const body = Buffer.concat([
        Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="caption"\r\n\r\n${g.sentence().slice(0, 200)}\r\n`),
        Buffer.from(
          `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        png,
        Buffer.from(`\r\n--${b}--\r\n`),
      ]);
      const h = g.browserHeaders('https://www.shop.example/account/photos');
      h.push(['Content-Type', `multipart/form-data; boundary=${b}`]);
      return { method: 'POST', target: '/account/photos', headers: h, body };
    },
  ],
  [
    'asset',
    (g) => {
      const p = g.pick([
        `/static/js/main.${g.hex(8)}.js`,
        `/wp-content/themes/shop/style.css?ver=6.4.${g.int(1, 5)}`,
        `/_next/static/chunks/pages/products/%5Bslug%5D-${g.hex(16)}.js`,
        `/fonts/Inter-var.woff2?v=3.19`,
        `/images/products/${g.uuid()}/800x600.webp`,
        `/_next/image?url=${encodeURIComponent(`/uploads/${g.hex(8)}.jpg`)}&w=1080&q=75`,
        `/api/og?title=${encodeURIComponent(g.pick(CMS_TITLES))}&theme=dark`,
      ]);
      return { method: 'GET', target: p, headers: g.browserHeaders(`https://www.shop.example/products/${g.hex(6)}`), body: '' };
    },
  ],
  [
    'query-language',
    (g) => {
      const [name, value] = g.pick(QUERY_LANGUAGES);
      return {
        method: 'GET',
        target: `/api/v2/items?${encodeURIComponent(name)}=${encodeURIComponent(value)}&top=20`,
        headers: g.apiHeaders(),
        body: '',
      };
    },
  ],
  [
    'settings',
    (g) => {
      const doc = {
        display_name: g.pick(["Seán O'Neill", 'Zoë', 'D’Angelo & Co.', '<Anna>', 'José (admin team)']),
        bio: g.sentence().slice(0, 400),
        website: g.pick(PARTNERS),
        signature: g.pick(EDITOR_HTML),
        webhook_url: `https://hooks.example.com/services/${g.hex(8)}/${g.hex(8)}`,
        timezone: 'Europe/Berlin',
        avatar: `data:image/png;base64,${Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), g.bytes(300)]).toString('base64')}`,
        public_key: `ssh-ed25519 ${Buffer.from(g.bytes(51)).toString('base64')} anna@laptop`,
      };
      return { method: 'PATCH', target: '/api/me', headers: g.apiHeaders('application/json'), body: JSON.stringify(doc) };
    },
  ],
];

/** A schema-shaped JSON value whose strings are prose of the document (or ids, dates, URLs). */
function valueFor(g: Generator, spec: Json, s0: Json, depth: number, name: string): unknown {
  const s = deref(spec, s0) ?? {};
  if (Array.isArray(s.enum) && s.enum.length > 0) return g.pick(s.enum);
  if (s.example !== undefined && typeof s.example !== 'object' && g.r() < 0.5) return s.example;
  const all = s.allOf ?? s.oneOf ?? s.anyOf;
  if (Array.isArray(all) && all.length > 0 && depth < 6) return valueFor(g, spec, all[0], depth + 1, name);
  const type = Array.isArray(s.type)
    ? s.type.find((t: string) => t !== 'null')
    : (s.type ?? (s.properties ? 'object' : s.items ? 'array' : 'string'));
  if (type === 'object') {
    if (depth > 4) return {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Json>))
      if (g.r() < 0.8) out[k] = valueFor(g, spec, v, depth + 1, k);
    return out;
  }
  if (type === 'array') return depth > 4 ? [] : [valueFor(g, spec, s.items ?? {}, depth + 1, name)];
  if (type === 'integer' || type === 'number') return g.int(0, 5000);
  if (type === 'boolean') return g.r() < 0.5;
  if (s.format === 'date-time') return `2024-0${g.int(1, 9)}-1${g.int(0, 9)}T10:32:11.${g.int(100, 999)}Z`;
  if (s.format === 'uuid' || /id$/i.test(name)) return g.uuid();
  if (s.format === 'uri' || /url|uri|link|href/i.test(name)) return g.pick(PARTNERS);
  if (/email/i.test(name)) return 'anna.mueller+news@example.com';
  if (s.format === 'byte' || s.format === 'binary') return g.bytes(60).toString('base64');
  return g.r() < 0.6 ? g.sentence() : g.pick(SEARCHES);
}

function operationRequest(g: Generator, op: Operation, spec: Json): LabeledRequests['reqs'][number] {
  const target = op.path.replace(/\{[^}]+\}/g, () =>
    encodeURIComponent(g.pick([String(g.int(1, 99999)), g.uuid(), g.hex(8), 'blue-shoes-2024', 'anna.mueller'])),
  );
  const qs = op.query
    .filter(() => g.r() < 0.5)
    .map((n) => `${encodeURIComponent(n)}=${encodeURIComponent(String(valueFor(g, spec, {}, 5, n)).slice(0, 200))}`);
  const hasBody = op.body !== null && op.method !== 'GET' && op.method !== 'DELETE';
  return {
    method: op.method,
    target: target + (qs.length ? `?${qs.join('&')}` : ''),
    headers: g.apiHeaders(hasBody ? 'application/json' : undefined),
    body: hasBody ? JSON.stringify(valueFor(g, spec, op.body, 0, '')) : '',
  };
}

function generate(source: string, specs: readonly string[], seed: number, count: number): LabeledRequests[] {
  const g = new Generator(rngOf(seed), specProse(specs));
  const ops = specOperations(specs);
  const out: LabeledRequests[] = [];
  let kinds = 0;
  for (let i = 0; i < count; i++) {
    let req: LabeledRequests['reqs'][number];
    let kind: string;
    if (ops.length > 0 && i % 4 === 3) {
      const { op, spec } = g.pick(ops);
      req = operationRequest(g, op, spec);
      kind = 'operation';
    } else {
      const [name, make] = KINDS[kinds++ % KINDS.length];
      req = make(g);
      kind = name;
    }
    const text = typeof req.body === 'string' ? req.body : '';
    const payload = `${req.method} ${req.target}${text ? ' ' + text : ''}`;
    out.push({ expect: null, reqs: [req], payload, source: `${source}/${kind}`, split: splitOf(`${source}${i}`) });
  }
  return out;
}

/** Benign whole requests of the `webtraffic` (tuning documents) and `openapi-heldout` (held-out documents) sources. */
export function benignRequests(count = 3000): LabeledRequests[] {
  return [...generate('webtraffic', TUNING, 7, count), ...generate('openapi-heldout', HELD_OUT, 11, count)];
}
