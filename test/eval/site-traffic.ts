/**
 * Real benign requests of kinds the earlier false-positive rounds did not write (issue 18,
 * docs/detection.md "The false-positive round, third session (branch i18-fpr3)"): developer sites
 * (searches and posts naming code), CMS and wiki admin saves (templates, shortcodes), e-commerce
 * (filters, sizes, product names), mail and calendar clients, SSO and payment callbacks, telemetry
 * (exceptions, SQL in spans), GraphQL with fragments and variables, searches in many scripts.
 * Written from how those clients send, not from any corpus. Used by
 * test/unit/attacks/site-traffic.test.ts (each must stay quiet, profiles off and on) and by
 * `npx tsx test/eval/benign-replay.ts --source site-traffic`.
 */
import type { TxSpec } from '../unit/attacks/helpers';

export interface SiteRequest {
  kind: string;
  name: string;
  spec: TxSpec;
}

const FIREFOX = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0';
const q = encodeURIComponent;

function headers(host: string, extra: Array<[string, string]> = []): Array<[string, string]> {
  return [
    ['Host', host],
    ['User-Agent', FIREFOX],
    ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'],
    ['Accept-Language', 'en-US,en;q=0.5'],
    ...extra,
  ];
}
/** The request builders of the set (also test/unit/attacks/site-traffic.test.ts's). */
export const get = (host: string, target: string, extra: Array<[string, string]> = []): TxSpec => ({
  target,
  headers: headers(host, extra),
});
export const json = (host: string, target: string, body: unknown, extra: Array<[string, string]> = []): TxSpec => ({
  method: 'POST',
  target,
  headers: headers(host, [['Content-Type', 'application/json'], ...extra]),
  body: JSON.stringify(body),
});
export const form = (
  host: string,
  target: string,
  fields: Array<[string, string]>,
  extra: Array<[string, string]> = [],
): TxSpec => ({
  method: 'POST',
  target,
  headers: headers(host, [['Content-Type', 'application/x-www-form-urlencoded'], ...extra]),
  body: fields.map(([k, v]) => `${q(k)}=${q(v)}`).join('&'),
});
const raw = (host: string, target: string, type: string, body: string, method = 'POST'): TxSpec => ({
  method,
  target,
  headers: headers(host, [['Content-Type', type]]),
  body,
});

const DEV = 'dev.example';
const CMS = 'cms.example';
const SHOP = 'shop.example';
const MAIL = 'mail.example';
const SSO = 'id.example';
const TEL = 'telemetry.example';
const GQL = 'api.example';

/** Searches on a developer Q&A site and a documentation site: what developers type. */
const DEV_SEARCHES = [
  'window.location redirect',
  'document.cookie not set',
  'how to read document.cookie in react',
  'window.location.href vs window.location.replace',
  'SELECT * FROM users WHERE id IN list',
  'select count(*) from table group by',
  'mysql delete from where join',
  'postgres insert into select returning',
  'UNION vs UNION ALL performance',
  'drop table if exists',
  'rm -rf node_modules',
  'rm -rf / --no-preserve-root meaning',
  'bash for loop $(seq 1 10)',
  'cat /etc/hosts mac',
  'chmod 777 permission denied',
  'curl -X POST -d json',
  'git reset --hard HEAD~1',
  'regex ^[a-z0-9_-]{3,16}$',
  'regex (?<=\\d)(?=(\\d{3})+$)',
  'javascript onclick event not firing',
  '<script> tag async defer',
  'eval() is evil',
  'setTimeout(function(){}, 0)',
  'python os.system vs subprocess',
  'java.lang.NullPointerException at',
  'ORA-00933: SQL command not properly ended',
  "You have an error in your SQL syntax; check the manual near ''",
  'TypeError: Cannot read properties of undefined',
  '../ in import path',
  'nginx location ~ \\.php$',
  "sprintf('%s', $x)",
  '${var:-default} bash',
  '{{ variable }} jinja2 if else',
  '1=1 in where clause',
  "' OR '1'='1 why does it work",
  'xp_cmdshell enable',
  'sleep(5) vs usleep',
  'iframe src youtube autoplay',
  'onerror img fallback',
  'alert() in chrome extension',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  '%APPDATA% folder windows',
  'encodeURIComponent vs escape',
  '&& vs || in bash',
  'powershell Get-ChildItem -Recurse',
  'SELECT TOP 10 * FROM',
  'jndi datasource tomcat',
  'log4j 2.17 upgrade',
  'XSS prevention cheat sheet',
  'sql injection prevention prepared statements',
];

const DOC_PATHS = [
  '/docs/guides/../reference/config',
  '/docs/v3/api/node.js/fs.readFile',
  '/docs/bash/redirection#here-documents',
  '/wiki/Special:Search?search=%3Cscript%3E+element&go=Go',
  '/questions/tagged/c%23+.net',
  '/questions/12345/how-to-use-select-for-update',
  '/users/12/john-o%27connor',
  '/r/node_modules/.bin',
  '/blob/main/src/lib/utils.ts#L10-L20',
  '/compare/v1.2.3...v1.3.0',
  '/search?q=%22window.location%22+language%3AJavaScript&type=code',
  '/search?q=path%3A*.sql+%22CREATE+TABLE%22&type=code',
  '/npm/package/@babel/core',
  '/man/1/rm',
  '/php/function.exec.php',
  '/en-US/docs/Web/API/Document/cookie',
  '/en-US/docs/Web/API/Window/location',
  '/en-US/docs/Web/HTML/Element/script',
  '/library/os.html#os.system',
  '/tags/%3Cscript%3E',
  '/acme/app/blob/main/.eslintrc.json',
  '/acme/app/-/raw/main/.gitignore',
  '/repos/acme/app/contents/.github/workflows/ci.yml?ref=main',
  '/org/repo/src/branch/main/.editorconfig',
];

const BUG_REPORTS: Array<[string, string]> = [
  [
    'a Python traceback',
    'Traceback (most recent call last):\n  File "/usr/lib/python3.11/site-packages/django/db/backends/utils.py", line 89, in _execute\n    return self.cursor.execute(sql, params)\ndjango.db.utils.ProgrammingError: relation "auth_user" does not exist\nLINE 1: SELECT "auth_user"."id", "auth_user"."password" FROM "auth_user" WHERE "auth_user"."username" = %s',
  ],
  [
    'a Java stack trace',
    "java.lang.IllegalStateException: Failed to load ApplicationContext\n\tat org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate.loadContext(DefaultCacheAwareContextLoaderDelegate.java:132)\n\tat java.base/java.lang.Thread.run(Thread.java:833)\nCaused by: java.sql.SQLSyntaxErrorException: Table 'test.users' doesn't exist",
  ],
  [
    'a Node error with the command',
    "Steps to reproduce:\n1. `rm -rf node_modules package-lock.json`\n2. `npm install`\n3. `npm run build`\n\nError: Cannot find module '../lib/index.js'\nRequire stack:\n- /home/me/app/node_modules/foo/bin/foo.js",
  ],
  [
    'a shell session in a report',
    '$ cat /etc/os-release\nNAME="Ubuntu"\nVERSION="22.04.3 LTS (Jammy Jellyfish)"\n$ uname -a\nLinux host 5.15.0-91-generic #101-Ubuntu SMP x86_64 GNU/Linux',
  ],
  [
    'a SQL question',
    'I have this query:\n\n```sql\nSELECT o.id, SUM(i.price * i.qty) AS total\nFROM orders o\nJOIN items i ON i.order_id = o.id\nWHERE o.created_at > NOW() - INTERVAL 7 DAY\nGROUP BY o.id\nHAVING total > 100\nORDER BY total DESC;\n```\nIt is slow on 10M rows. Any idea?',
  ],
  [
    'a JavaScript question',
    'Why does this not redirect?\n\n```js\ndocument.getElementById("go").addEventListener("click", function () {\n  window.location = "/checkout?step=2";\n});\n```',
  ],
  [
    'a cookie question',
    'My cookie is not saved:\n\n```js\ndocument.cookie = "theme=dark; path=/; max-age=31536000; SameSite=Lax";\nconsole.log(document.cookie);\n```',
  ],
  [
    'a PHP question',
    '```php\n<?php\n$stmt = $pdo->prepare("SELECT * FROM users WHERE email = ?");\n$stmt->execute([$_POST[\'email\']]);\n$user = $stmt->fetch();\n?>\n```\nIs this safe from SQL injection?',
  ],
  [
    'a Dockerfile in an answer',
    'Try this:\n\n```dockerfile\nFROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/index.js"]\n```',
  ],
  [
    'a regex answer',
    "Use `/^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*)@example\\.com$/i` and test it.",
  ],
  [
    'a Go panic',
    'panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5b2c]\n\ngoroutine 1 [running]:\nmain.main()\n\t/home/me/app/main.go:12 +0x2c\nexit status 2',
  ],
  [
    'an nginx config',
    'server {\n  listen 80;\n  location / {\n    proxy_pass http://127.0.0.1:3000;\n    proxy_set_header Host $host;\n    proxy_set_header X-Real-IP $remote_addr;\n  }\n}',
  ],
  ['a crontab line', 'My cron does not run: `*/5 * * * * /usr/bin/php /var/www/html/artisan schedule:run >> /dev/null 2>&1`'],
  ['an HTML question', 'Why is my `<script src="app.js"></script>` loaded before the `<div id="root">`? I put it in `<head>`.'],
];

/** Developer sites: searches, documentation paths, posts and bug reports naming code. */
function developer(): SiteRequest[] {
  const out: SiteRequest[] = [];
  for (const s of DEV_SEARCHES) {
    out.push({ kind: 'developer', name: `search ${s}`, spec: get(DEV, `/search?q=${q(s)}&tab=relevance`) });
  }
  for (const p of DOC_PATHS) out.push({ kind: 'developer', name: `docs path ${p}`, spec: get(DEV, p) });
  for (const [name, body] of BUG_REPORTS) {
    out.push({
      kind: 'developer',
      name: `issue ${name}`,
      spec: json(DEV, '/api/v3/repos/acme/app/issues', { title: `Bug: ${name}`, body, labels: ['bug'] }),
    });
    out.push({
      kind: 'developer',
      name: `answer form ${name}`,
      spec: form(DEV, '/questions/12345/answer/submit', [
        ['post-text', body],
        ['fkey', '0123456789abcdef0123456789abcdef'],
        ['author', ''],
      ]),
    });
  }
  out.push({
    kind: 'developer',
    name: 'a gist with a shell script',
    spec: json(DEV, '/gists', {
      description: 'backup script',
      public: false,
      files: {
        'backup.sh': {
          content:
            '#!/bin/bash\nset -euo pipefail\nDEST="/backup/$(date +%F)"\nmkdir -p "$DEST"\nmysqldump -u root --all-databases | gzip > "$DEST/db.sql.gz"\nfind /backup -mtime +7 -exec rm -rf {} \\;\n',
        },
      },
    }),
  });
  out.push({
    kind: 'developer',
    name: 'a code playground save',
    spec: json(DEV, '/api/pens', {
      html: '<div id="app"></div>\n<script src="https://unpkg.com/vue@3"></script>',
      css: 'body { font-family: system-ui; }',
      js: "const app = Vue.createApp({ data() { return { n: 0 }; } });\napp.mount('#app');\nif (document.cookie.includes('debug')) console.log(window.location.search);",
    }),
  });
  return out;
}

/** A CMS or wiki admin saving page source: templates, placeholders, shortcodes. */
function cms(): SiteRequest[] {
  const pages: Array<[string, string]> = [
    [
      'a Jinja template',
      '{% extends "base.html" %}\n{% block content %}\n<h1>{{ page.title | e }}</h1>\n{% for item in items %}<li>{{ item.name }}</li>{% endfor %}\n{% endblock %}',
    ],
    [
      'a Liquid template',
      '{% if customer %}Hello {{ customer.first_name | capitalize }}!{% else %}<a href="/account/login">Log in</a>{% endif %}\n{{ product.price | money_with_currency }}',
    ],
    [
      'a Handlebars template',
      '<ul>{{#each posts}}<li><a href="{{url}}">{{title}}</a> by {{author.name}}</li>{{/each}}</ul>{{> footer}}',
    ],
    ['a Twig template', '{% set total = cart.items|reduce((s, i) => s + i.price, 0) %}<p>{{ "Total: %s"|format(total) }}</p>'],
    [
      'a mail template with placeholders',
      'Hi ${firstName},\n\nyour order #${orderId} ships on ${shipDate}. Track it at ${trackingUrl}.\n\nThanks, ${storeName}',
    ],
    [
      'WordPress shortcodes',
      '[gallery ids="12,13,14" columns="3" link="file"]\n[contact-form-7 id="42" title="Contact form 1"]\n[caption id="attachment_7" align="alignnone" width="300"]<img src="/wp-content/uploads/a.jpg" alt="" />A caption[/caption]',
    ],
    [
      'WordPress blocks',
      '<!-- wp:paragraph {"align":"center"} -->\n<p class="has-text-align-center">Welcome!</p>\n<!-- /wp:paragraph -->\n<!-- wp:image {"id":7,"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large"><img src="/wp-content/uploads/2026/12/a.jpg" alt="" class="wp-image-7"/></figure>\n<!-- /wp:image -->',
    ],
    [
      'MediaWiki source',
      "{{Infobox company\n| name = Acme\n| founded = {{start date|1999|05|01}}\n}}\n'''Acme''' is a [[company]].<ref>{{cite web |url=https://acme.example/about |title=About}}</ref>\n== History ==\n{| class=\"wikitable\"\n|-\n! Year !! Event\n|}",
    ],
    [
      'a Confluence macro',
      '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">sql</ac:parameter><ac:plain-text-body><![CDATA[SELECT id, name FROM customers WHERE active = 1;]]></ac:plain-text-body></ac:structured-macro>',
    ],
    [
      'Markdown with front matter',
      '---\ntitle: "Release 2.0: what\'s new"\ndate: 2026-12-07\ntags: [release, "c++"]\n---\n\n## Install\n\n```bash\ncurl -fsSL https://get.acme.example | sh\n```\n\nSee [docs](../docs/install.md).',
    ],
    [
      'a Hugo shortcode',
      '{{< youtube id="dQw4w9WgXcQ" >}}\n{{< figure src="/img/a.png" title="Figure 1" >}}\n{{% notice tip %}}Use `--force` with care.{{% /notice %}}',
    ],
    [
      'an email campaign HTML',
      '<table width="100%" cellpadding="0" cellspacing="0"><tr><td style="padding:20px;font-family:Arial,sans-serif">Hi *|FNAME|*,<br>Our sale ends *|DATE:d/m/y|*.<br><a href="*|UNSUB|*">Unsubscribe</a></td></tr></table>',
    ],
    [
      'a Drupal body with tokens',
      '<p>Dear [user:display-name],</p><p>Your account at [site:name] was created. Log in at [site:login-url].</p>',
    ],
    [
      'an ERB view',
      '<% @products.each do |p| %>\n  <div class="product"><%= link_to p.name, product_path(p) %> <%= number_to_currency(p.price) %></div>\n<% end %>',
    ],
    [
      'a Vue single-file component',
      '<template>\n  <button @click="count++">Clicked {{ count }} times</button>\n</template>\n<script setup>\nimport { ref } from "vue";\nconst count = ref(0);\n</script>',
    ],
    [
      'a custom HTML block with analytics',
      '<div class="banner">Free shipping over $50!</div>\n<script async src="https://www.googletagmanager.com/gtag/js?id=G-ABC123"></script>\n<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag("js", new Date()); gtag("config", "G-ABC123");</script>',
    ],
  ];
  const out: SiteRequest[] = [];
  for (const [name, src] of pages) {
    out.push({
      kind: 'cms',
      name: `${name} (JSON)`,
      spec: json(CMS, '/wp-json/wp/v2/pages/42', { title: 'About us', content: src, status: 'publish' }, [
        ['X-WP-Nonce', '0a1b2c3d4e'],
      ]),
    });
    out.push({
      kind: 'cms',
      name: `${name} (form)`,
      spec: form(CMS, '/admin/pages/42/edit', [
        ['_token', 'kX9f2LmQ8zR1'],
        ['title', 'About us'],
        ['body', src],
        ['format', 'full_html'],
        ['op', 'Save'],
      ]),
    });
  }
  out.push({
    kind: 'cms',
    name: 'a wiki save with a summary',
    spec: form(CMS, '/w/index.php?title=Main_Page&action=submit', [
      ['wpTextbox1', '== See also ==\n* [[Help:Templates|Templates]]\n* {{tl|Cite web}}\n<!-- do not remove -->'],
      ['wpSummary', '/* See also */ fix links; rv vandalism by 203.0.113.5'],
      ['wpEditToken', '0123456789abcdef+\\'],
      ['wpStarttime', '20261207091500'],
    ]),
  });
  out.push({
    kind: 'cms',
    name: 'a theme settings save with CSS',
    spec: json(CMS, '/admin/theme/settings', {
      custom_css:
        '.btn-primary { background: #0a58ca !important; }\n.header > nav a:hover { text-decoration: underline; }\n@media (min-width: 768px) { .grid { grid-template-columns: repeat(3, 1fr); } }',
      footer_text: '© 2026 Acme & Co. — All rights reserved.',
    }),
  });
  out.push({
    kind: 'cms',
    name: 'a redirect rule',
    spec: form(CMS, '/admin/redirects/new', [
      ['source', '/old-blog/(.*)'],
      ['target', '/blog/$1'],
      ['status', '301'],
    ]),
  });
  return out;
}

/** E-commerce: filters, prices, sizes, product names. */
function shop(): SiteRequest[] {
  const out: SiteRequest[] = [];
  const targets = [
    '/collections/all?filter.v.price.gte=10&filter.v.price.lte=50&sort_by=price-ascending',
    `/search?q=${q('1/2" drive socket set')}&type=product`,
    `/search?q=${q("3/4\" plywood 4'x8'")}`,
    `/search?q=${q("Ben & Jerry's")}`,
    `/search?q=${q('"AT&T" prepaid card')}`,
    `/search?q=${q("M&M's 1.5 oz")}`,
    `/search?q=${q("levi's 501 w32 l34")}`,
    `/search?q=${q('usb-c -> hdmi adapter')}`,
    `/search?q=${q('2x4 <8ft')}`,
    `/search?q=${q('tv 55" 4k > 120hz')}`,
    `/search?q=${q('shoes size 10 1/2')}`,
    `/search?q=${q('100% cotton t-shirt (unisex)')}`,
    `/search?q=${q("kids' toys 3+ years")}`,
    `/search?q=${q('lipstick #03 "ruby"')}`,
    '/products/mens-t-shirt?variant=40123456789&size=XL&color=Navy%20%2F%20White',
    '/c/tools?f=brand:Bosch|Makita&f=voltage:18V&price=%5B50%20TO%20200%5D&page=2',
    '/search?facets=%7B%22color%22%3A%5B%22red%22%2C%22blue%22%5D%2C%22size%22%3A%5B%22M%22%5D%7D',
    '/catalog/category/view/id/12?price=10-20&cat=15&product_list_order=price&product_list_dir=asc',
    '/s?k=laptop&rh=n%3A565108%2Cp_36%3A50000-100000&s=price-asc-rank&ref=sr_nr_p_36_1',
    '/cart/add?id=123&quantity=2&properties%5BEngraving%5D=To%20Mom%20%E2%9D%A4',
    '/checkout/shipping?coupon=SAVE-20%25&gift=true',
    '/api/products?where=price%3E10%20AND%20stock%3E0&order=price%20desc&limit=20',
    '/products.json?filter[category_id]=5&filter[price][gte]=10&include=variants,images',
    `/search?q=${q('Ärmelshirt größe L')}`,
    `/search?q=${q('chaussures à talons 39½')}`,
  ];
  for (const t of targets) out.push({ kind: 'shop', name: `browse ${t}`, spec: get(SHOP, t) });
  const products = [
    'Men\'s "Classic" Oxford Shirt - Slim Fit',
    'Bed & Bath 1/2" Memory Foam Topper (Queen)',
    'Dr. Martens 1460 <Smooth> Leather Boots',
    '12" x 18" Poster — "Rock & Roll"',
    'Socket Set 1/4" & 3/8" Drive, 40-pc.',
    'Coffee Beans 1kg; Dark Roast; 100% Arabica',
    "Kid's Table & Chairs Set (3 pc.)",
    'Mason Jar 16 oz. | Wide Mouth | 6-Pack',
    'Wire #12 AWG -- 50 ft.',
    "L'Oréal Paris Elvive Shampoo 250ml",
  ];
  for (const p of products) {
    out.push({
      kind: 'shop',
      name: `admin product ${p}`,
      spec: json(SHOP, '/admin/api/2024-01/products.json', {
        product: {
          title: p,
          body_html: `<p><strong>${p.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</strong></p><ul><li>Size: 10 1/2</li><li>Weight: 2 lb. (0.9 kg)</li></ul>`,
          vendor: 'Acme & Sons',
          tags: 'sale, "new", 50%-off',
          variants: [{ price: '19.99', sku: 'SKU-001/BLK', option1: 'M' }],
        },
      }),
    });
    out.push({
      kind: 'shop',
      name: `review of ${p}`,
      spec: form(SHOP, '/products/1/reviews', [
        ['rating', '4'],
        ['title', `Love the ${p}!`],
        [
          'body',
          "Fits true to size (I'm 5'10\", 170 lbs). Color is a bit darker than the picture -- still 5/5 would buy again :)",
        ],
      ]),
    });
  }
  out.push({
    kind: 'shop',
    name: 'a checkout with an address',
    spec: json(SHOP, '/api/checkout', {
      email: "o'brien+shop@example.com",
      shipping_address: {
        name: "Seán O'Brien",
        address1: "12 Rue de l'Église, Apt #3",
        address2: 'c/o "The Hub" & Co.',
        city: 'Saint-Étienne',
        zip: '42000',
        phone: '+33 (0)4 77 00 00 00',
      },
      note: 'Leave at door; ring twice -- thanks!',
    }),
  });
  return out;
}

const ICS =
  'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Acme Corp//Calendar 1.0//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:20261207T100000Z-1234@mail.example\r\nDTSTAMP:20261207T090000Z\r\nDTSTART;TZID=Europe/Berlin:20261208T100000\r\nDTEND;TZID=Europe/Berlin:20261208T110000\r\nSUMMARY:Sprint review; Q&A\r\nDESCRIPTION:Agenda:\\n1. Demo\\n2. Retro\\nJoin: https://meet.example/abc-defg-hij\r\nORGANIZER;CN="Alice Smith":mailto:alice@example.com\r\nATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Bob:mailto:bob@example.com\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20270101T000000Z\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
const MIME =
  'From: "Alice Smith" <alice@example.com>\r\nTo: Bob <bob@example.com>, "Ops; On-call" <ops@example.com>\r\nSubject: =?UTF-8?B?UmU6IFF1YXJ0YWxzYmVyaWNodA==?=\r\nDate: Mon, 07 Dec 2026 09:12:00 +0100\r\nMessage-ID: <CAF=abc123+xyz@mail.example.com>\r\nIn-Reply-To: <5f0e@mail.example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1_abc"\r\n\r\n--b1_abc\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHi Bob,=0D=0A> On Fri, Dec 4, Bob wrote:=0D=0A> can you send the report?\r\n\r\n--b1_abc\r\nContent-Type: application/pdf; name="report.pdf"\r\nContent-Disposition: attachment; filename="report.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURlY29kZT4+CnN0cmVhbQp4nDPQM1Qo5ypUMFAwALJMLU31jBQsTAz1LBSKUrnCtRTyuAIVAAlXBqAKZW5kc3RyZWFtCmVuZG9iago=\r\n--b1_abc--\r\n';

/** Mail and calendar clients: webmail sends, drafts, calendar invites, CalDAV/JMAP. */
function mail(): SiteRequest[] {
  const out: SiteRequest[] = [];
  out.push({
    kind: 'mail',
    name: 'webmail send with a quoted reply',
    spec: form(MAIL, '/?_task=mail&_action=send', [
      ['_to', '"Smith, Bob" <bob@example.com>, carol@example.org'],
      ['_cc', ''],
      ['_subject', 'Re: [JIRA] (ABC-123) Login fails with "Invalid token"'],
      [
        '_message',
        'Hi Bob,\r\n\r\nworks for me now.\r\n\r\nOn Mon, Dec 7, 2026 at 9:00 AM Bob <bob@example.com> wrote:\r\n> From: Jira <jira@example.com>\r\n> Subject: [JIRA] (ABC-123)\r\n> Date: Sun, 6 Dec 2026 18:00:00 +0000\r\n>\r\n> Status: Open -> In Progress\r\n',
      ],
      ['_draft_saveid', '5f0e1a2b'],
    ]),
  });
  out.push({
    kind: 'mail',
    name: 'a raw message upload (JMAP blob)',
    spec: raw(MAIL, '/jmap/upload/u1/', 'message/rfc822', MIME),
  });
  out.push({
    kind: 'mail',
    name: 'a draft with RFC 822 headers in JSON',
    spec: json(MAIL, '/api/messages/draft', {
      headers: {
        From: '"Alice Smith" <alice@example.com>',
        'Reply-To': 'alice+reply@example.com',
        'List-Unsubscribe': '<mailto:unsub@example.com?subject=unsubscribe>, <https://example.com/unsub?u=1>',
        'X-Mailer': 'Thunderbird 115.5.0',
      },
      raw: MIME,
    }),
  });
  out.push({
    kind: 'mail',
    name: 'a CalDAV PUT of an event',
    spec: raw(MAIL, '/dav/calendars/alice/work/event-1.ics', 'text/calendar; charset=utf-8', ICS, 'PUT'),
  });
  out.push({
    kind: 'mail',
    name: 'an invite in JSON',
    spec: json(MAIL, '/api/calendar/events', { summary: 'Sprint review; Q&A', ics: ICS, attendees: ['bob@example.com'] }),
  });
  out.push({
    kind: 'mail',
    name: 'an attachment upload in JSON (base64)',
    spec: json(MAIL, '/api/messages/1/attachments', {
      '@odata.type': '#microsoft.graph.fileAttachment',
      name: 'invoice #2026-12 (final).pdf',
      contentType: 'application/pdf',
      contentBytes:
        'JVBERi0xLjcKCjEgMCBvYmogICUgZW50cnkgcG9pbnQKPDwKICAvVHlwZSAvQ2F0YWxvZwogIC9QYWdlcyAyIDAgUgo+PgplbmRvYmoKCjIgMCBvYmoKPDwKICAvVHlwZSAvUGFnZXMKICAvTWVkaWFCb3ggWyAwIDAgMjAwIDIwMCBdCiAgL0NvdW50IDEKICAvS2lkcyBbIDMgMCBSIF0KPj4KZW5kb2JqCg==',
    }),
  });
  out.push({
    kind: 'mail',
    name: 'a Gmail API raw send (base64url)',
    spec: json(MAIL, '/gmail/v1/users/me/messages/send', {
      raw: Buffer.from(
        'From: alice@example.com\r\nTo: bob@example.com\r\nSubject: Lunch?\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nAre you free at 12:30? Let me know ;-)\r\n',
      ).toString('base64url'),
    }),
  });
  out.push({
    kind: 'mail',
    name: 'a mail filter rule (Sieve)',
    spec: json(MAIL, '/api/filters', {
      name: 'Jira',
      script:
        'require ["fileinto", "imap4flags"];\nif header :contains "List-Id" "<jira.example.com>" {\n  fileinto "INBOX/Jira";\n  addflag "\\\\Seen";\n  stop;\n}',
    }),
  });
  out.push({
    kind: 'mail',
    name: 'a signature with HTML',
    spec: form(MAIL, '/settings/signature', [
      [
        'signature',
        '<p>-- <br><b>Alice Smith</b> | Acme &amp; Co.<br>Tel. +49 30 1234-567 | <a href="mailto:alice@example.com">alice@example.com</a><br><a href="https://acme.example">acme.example</a></p>',
      ],
    ]),
  });
  out.push({
    kind: 'mail',
    name: 'a contact as vCard',
    spec: raw(
      MAIL,
      '/dav/addressbooks/alice/contacts/bob.vcf',
      'text/vcard',
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob O'Neil\r\nN:O'Neil;Bob;;;\r\nEMAIL;TYPE=INTERNET:bob@example.com\r\nTEL;TYPE=CELL:+1-555-123-4567\r\nADR;TYPE=WORK:;;1 Main St.;Springfield;IL;62701;USA\r\nNOTE:Met at conf 2026; likes C++ & Rust\r\nEND:VCARD\r\n",
      'PUT',
    ),
  });
  out.push({
    kind: 'mail',
    name: 'a mail search',
    spec: get(
      MAIL,
      `/?_task=mail&_action=search&_q=${q('from:"bob@example.com" subject:(invoice OR receipt) has:attachment -label:spam')}&_mbox=INBOX`,
    ),
  });
  return out;
}

/** SSO and payment callbacks: SAML, OAuth/OIDC, signed webhooks. */
function sso(): SiteRequest[] {
  const out: SiteRequest[] = [];
  const samlResponse = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_8e8dc5f69a98cc4c1ff3427e5ce34606fd672f91e6" Version="2.0" IssueInstant="2026-12-07T09:00:00Z" Destination="https://app.example/saml/acs" InResponseTo="ONELOGIN_4fee3b046395c4e751011e97f8900b5273d56685"><saml:Issuer>https://idp.example/metadata</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_d71a3a8e9fcc45c9e9d248ef7049393fc8f04e5f75" Version="2.0" IssueInstant="2026-12-07T09:00:00Z"><saml:Issuer>https://idp.example/metadata</saml:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#_d71a3a8e9fcc45c9e9d248ef7049393fc8f04e5f75"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestValue>3q2+7w==</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>dGVzdA==</ds:SignatureValue></ds:Signature><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">alice@example.com</saml:NameID></saml:Subject><saml:AttributeStatement><saml:Attribute Name="groups"><saml:AttributeValue>admins</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>',
  ).toString('base64');
  out.push({
    kind: 'sso',
    name: 'a SAML POST binding to the ACS',
    spec: form(SSO, '/saml/acs', [
      ['SAMLResponse', samlResponse],
      ['RelayState', 'https://app.example/dashboard?tab=billing&range=30d'],
    ]),
  });
  out.push({
    kind: 'sso',
    name: 'an OIDC authorize request',
    spec: get(
      SSO,
      `/oauth2/authorize?response_type=code&client_id=0oa1b2c3d4&redirect_uri=${q('https://app.example/callback')}&scope=${q('openid profile email offline_access')}&state=${q('eyJyZXR1cm5UbyI6Ii9kYXNoYm9hcmQifQ')}&nonce=n-0S6_WzA2Mj&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256&prompt=consent&login_hint=${q('alice@example.com')}`,
    ),
  });
  out.push({
    kind: 'sso',
    name: 'an OAuth callback with an error',
    spec: get(
      SSO,
      `/callback?error=access_denied&error_description=${q("The user denied the request (reason: 'cancel')")}&state=xyz`,
    ),
  });
  out.push({
    kind: 'sso',
    name: 'an OAuth token exchange',
    spec: form(SSO, '/oauth2/token', [
      ['grant_type', 'authorization_code'],
      ['code', 'SplxlOBeZQQYbYS6WxSbIA'],
      ['redirect_uri', 'https://app.example/callback'],
      ['code_verifier', 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'],
      ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
      [
        'client_assertion',
        'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOiIwb2ExYjJjM2Q0Iiwic3ViIjoiMG9hMWIyYzNkNCIsImF1ZCI6Imh0dHBzOi8vaWQuZXhhbXBsZS9vYXV0aDIvdG9rZW4iLCJleHAiOjE3OTk5OTk5OTl9.c2lnbmF0dXJl',
      ],
    ]),
  });
  out.push({
    kind: 'sso',
    name: 'a CAS service ticket validation',
    spec: get(
      SSO,
      `/cas/serviceValidate?service=${q('https://app.example/login?next=/admin/users?page=2')}&ticket=ST-1856339-aA5Yuvrxzpv8Tau1cYQ7`,
    ),
  });
  out.push({
    kind: 'sso',
    name: 'an OIDC form_post callback',
    spec: form(SSO, '/signin-oidc', [
      ['id_token', 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsIm5hbWUiOiJBbGljZSBPJ0JyaWVuIn0.c2ln'],
      ['state', 'CfDJ8Abc-def_ghi'],
      ['session_state', 'a1b2c3.d4e5f6'],
    ]),
  });
  const stripe = {
    id: 'evt_1Nabc',
    object: 'event',
    type: 'checkout.session.completed',
    data: {
      object: {
        id: 'cs_test_a1b2',
        customer_details: {
          email: 'alice@example.com',
          name: "Alice O'Brien",
          address: { line1: '1 Main St. #2', city: 'Dublin' },
        },
        metadata: { order_id: '1234', note: 'gift wrap: "Happy birthday!" & card' },
        success_url: 'https://shop.example/thanks?session_id={CHECKOUT_SESSION_ID}',
        amount_total: 4999,
        currency: 'eur',
      },
    },
  };
  out.push({
    kind: 'sso',
    name: 'a Stripe webhook',
    spec: json(SSO, '/webhooks/stripe', stripe, [
      [
        'Stripe-Signature',
        't=1733562000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39',
      ],
    ]),
  });
  out.push({
    kind: 'sso',
    name: 'a PayPal IPN',
    spec: form(SSO, '/ipn/paypal', [
      ['mc_gross', '19.95'],
      ['protection_eligibility', 'Eligible'],
      ['address_street', '1 Main St.\r\nApt. 2'],
      ['payer_email', 'buyer@example.com'],
      ['item_name', 'Widget "Deluxe" & stand (1/2 price)'],
      ['custom', '{"order":1234,"ref":"abc"}'],
      ['verify_sign', 'AtkOfCXbDm2hu0ZELryHFjY-Vb7PAUvS6nMXgysbElEn9v-1XcmSoGtf'],
      ['notify_version', '3.9'],
    ]),
  });
  out.push({
    kind: 'sso',
    name: 'a GitHub push webhook',
    spec: json(
      SSO,
      '/hooks/github',
      {
        ref: 'refs/heads/main',
        before: '0000000000000000000000000000000000000000',
        commits: [
          {
            id: 'a1b2c3d',
            message:
              'Fix SQL injection in search (use prepared statements)\n\nReplaces `"SELECT * FROM posts WHERE title LIKE \'%" + q + "%\'"` with a bound parameter.\nAlso: rm -rf build/ in clean script; escape <script> in previews.',
            author: { name: 'Dev', email: 'dev@example.com' },
            modified: ['src/search.js', '../docs/security.md'],
          },
        ],
        repository: { full_name: 'acme/app', html_url: 'https://github.com/acme/app' },
      },
      [
        ['X-GitHub-Event', 'push'],
        ['X-Hub-Signature-256', 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17'],
      ],
    ),
  });
  out.push({
    kind: 'sso',
    name: 'a Slack slash command',
    spec: form(SSO, '/slack/commands', [
      ['token', 'gIkuvaNzQIHg97ATvDxqgjtO'],
      ['team_domain', 'acme'],
      ['command', '/deploy'],
      ['text', 'app@v1.2.3 --env=prod && notify #ops'],
      ['response_url', 'https://hooks.slack.com/commands/1234/5678'],
    ]),
  });
  out.push({
    kind: 'sso',
    name: 'a Twilio SMS webhook',
    spec: form(SSO, '/sms/incoming', [
      ['From', '+15551234567'],
      ['Body', "Yes! I'll be there @ 5pm :) <3"],
      ['MessageSid', 'SM1234567890abcdef'],
    ]),
  });
  return out;
}

/** Telemetry: error trackers, APM spans, OTLP. */
function telemetry(): SiteRequest[] {
  const out: SiteRequest[] = [];
  out.push({
    kind: 'telemetry',
    name: 'a Sentry event with a browser exception',
    spec: json(TEL, '/api/42/store/?sentry_key=abc123&sentry_version=7', {
      event_id: 'fc6d8c0c43fc4630ad850ee518f1b9d0',
      platform: 'javascript',
      request: { url: 'https://shop.example/checkout?step=2', headers: { Referer: 'https://shop.example/cart' } },
      exception: {
        values: [
          {
            type: 'TypeError',
            value: "Cannot set properties of null (setting 'innerHTML')",
            stacktrace: {
              frames: [
                {
                  filename: 'https://shop.example/static/js/main.4f2a.js',
                  function: 'HTMLButtonElement.onclick',
                  lineno: 1,
                  colno: 4567,
                },
                { filename: '<anonymous>', function: 'eval', lineno: 3 },
              ],
            },
          },
        ],
      },
      breadcrumbs: [
        { category: 'navigation', data: { from: '/cart', to: '/checkout?step=2' } },
        { category: 'ui.click', message: 'body > div#root > button.btn[type="submit"]' },
        { category: 'console', message: 'document.cookie length 1423' },
        { category: 'xhr', data: { method: 'POST', url: '/api/cart?x=1&y=2', status_code: 500 } },
      ],
    }),
  });
  out.push({
    kind: 'telemetry',
    name: 'a Sentry envelope with a Python exception and SQL breadcrumbs',
    spec: raw(
      TEL,
      '/api/42/envelope/',
      'application/x-sentry-envelope',
      [
        JSON.stringify({ event_id: '9ec79c33ec9942ab8353589fcb2e04dc', dsn: 'https://abc@o1.ingest.example/42' }),
        JSON.stringify({ type: 'event' }),
        JSON.stringify({
          platform: 'python',
          exception: {
            values: [
              {
                type: 'OperationalError',
                value: 'database is locked',
                stacktrace: {
                  frames: [
                    {
                      filename: 'app/models.py',
                      function: 'save',
                      context_line: '    cursor.execute("UPDATE orders SET status = ? WHERE id = ?", (status, oid))',
                    },
                  ],
                },
              },
            ],
          },
          breadcrumbs: {
            values: [
              {
                category: 'query',
                message: 'SELECT "orders"."id", "orders"."status" FROM "orders" WHERE "orders"."id" = %s LIMIT 21',
              },
              { category: 'query', message: "UPDATE orders SET status = 'paid' WHERE id = 1234" },
              { category: 'subprocess', message: 'git rev-parse HEAD' },
            ],
          },
        }),
      ].join('\n'),
    ),
  });
  out.push({
    kind: 'telemetry',
    name: 'Datadog spans with SQL and a shell command',
    spec: raw(
      TEL,
      '/v0.4/traces',
      'application/json',
      JSON.stringify([
        [
          {
            trace_id: 1,
            span_id: 2,
            name: 'postgres.query',
            resource: 'SELECT * FROM users WHERE email = ? AND deleted_at IS NULL',
            service: 'web-db',
            type: 'sql',
            meta: { 'db.statement': 'SELECT * FROM users WHERE email = $1 AND deleted_at IS NULL', 'out.host': '10.0.0.5' },
            duration: 1200000,
          },
          {
            trace_id: 1,
            span_id: 3,
            name: 'mysql.query',
            resource: "INSERT INTO audit_log (user_id, action) VALUES (?, 'login')",
            service: 'audit-db',
            type: 'sql',
            meta: {},
          },
          {
            trace_id: 1,
            span_id: 4,
            name: 'command_execution',
            resource: 'sh -c "convert in.png -resize 50% out.png"',
            service: 'worker',
            meta: { 'cmd.exec': '["sh","-c","convert in.png -resize 50% out.png"]' },
          },
        ],
      ]),
      'PUT',
    ),
  });
  out.push({
    kind: 'telemetry',
    name: 'an OTLP/JSON trace export',
    spec: json(TEL, '/v1/traces', {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  name: 'SELECT shop.orders',
                  kind: 3,
                  attributes: [
                    { key: 'db.system', value: { stringValue: 'mysql' } },
                    {
                      key: 'db.statement',
                      value: {
                        stringValue: 'SELECT o.id, o.total FROM orders o WHERE o.user_id = ? ORDER BY o.created_at DESC LIMIT 10',
                      },
                    },
                    { key: 'http.url', value: { stringValue: 'https://shop.example/api/orders?page=1&sort=-created' } },
                  ],
                  events: [
                    {
                      name: 'exception',
                      attributes: [
                        { key: 'exception.type', value: { stringValue: 'java.sql.SQLException' } },
                        {
                          key: 'exception.message',
                          value: { stringValue: 'Lock wait timeout exceeded; try restarting transaction' },
                        },
                        {
                          key: 'exception.stacktrace',
                          value: {
                            stringValue:
                              'java.sql.SQLException: Lock wait timeout exceeded\n\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:129)\n\tat com.acme.OrderDao.find(OrderDao.java:57)',
                          },
                        },
                      ],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    }),
  });
  out.push({
    kind: 'telemetry',
    name: 'a log shipper batch',
    spec: raw(
      TEL,
      '/api/v2/logs',
      'application/json',
      JSON.stringify([
        {
          message: '10.0.0.7 - - [07/Dec/2026:09:00:01 +0000] "GET /index.php?page=1 HTTP/1.1" 200 5123 "-" "Mozilla/5.0"',
          service: 'nginx',
          ddsource: 'nginx',
        },
        { message: 'Started GET "/admin/users?q=o%27brien" for 10.0.0.8 at 2026-12-07 09:00:02 +0000', service: 'rails' },
        { message: "[WARN] slow query (2.3s): SELECT * FROM products WHERE name LIKE '%shirt%'", service: 'api' },
        { message: 'cron: (root) CMD (cd / && run-parts --report /etc/cron.hourly)', service: 'syslog' },
      ]),
    ),
  });
  out.push({
    kind: 'telemetry',
    name: 'a RUM view event',
    spec: raw(
      TEL,
      '/api/v2/rum?ddsource=browser&dd-api-key=pub123',
      'text/plain;charset=UTF-8',
      JSON.stringify({
        type: 'view',
        view: { url: 'https://shop.example/search?q=red+shoes&size=10%201%2F2', referrer: 'https://www.google.com/' },
        session: { id: 'abc' },
        _dd: { format_version: 2 },
      }),
    ),
  });
  out.push({
    kind: 'telemetry',
    name: 'a CSP report naming the blocked script',
    spec: raw(
      TEL,
      '/csp-report',
      'application/csp-report',
      JSON.stringify({
        'csp-report': {
          'document-uri': 'https://shop.example/checkout',
          'violated-directive': 'script-src-elem',
          'blocked-uri': 'inline',
          'script-sample': 'window.location.href = "/thanks"',
          'source-file': 'https://shop.example/checkout',
          'line-number': 12,
        },
      }),
    ),
  });
  out.push({
    kind: 'telemetry',
    name: 'a Bugsnag report with a Ruby backtrace',
    spec: json(TEL, '/notify', {
      apiKey: 'abc123',
      events: [
        {
          exceptions: [
            {
              errorClass: 'ActiveRecord::StatementInvalid',
              message:
                'PG::UndefinedColumn: ERROR:  column "nme" does not exist\nLINE 1: SELECT "users".* FROM "users" WHERE "users"."nme" = $1',
              stacktrace: [{ file: 'app/controllers/users_controller.rb', lineNumber: 12, method: 'index' }],
            },
          ],
        },
      ],
    }),
  });
  return out;
}

/** GraphQL with fragments, variables, directives and mutations. */
function graphql(): SiteRequest[] {
  const docs: Array<[string, string, unknown]> = [
    [
      'a query with fragments',
      'query ProductPage($handle: String!, $first: Int = 10) {\n  product(handle: $handle) {\n    ...ProductFields\n    variants(first: $first) { edges { node { id price { amount currencyCode } } } }\n  }\n}\nfragment ProductFields on Product { id title descriptionHtml vendor tags }',
      { handle: 'mens-t-shirt', first: 5 },
    ],
    [
      'a mutation with input',
      'mutation AddToCart($cartId: ID!, $lines: [CartLineInput!]!) {\n  cartLinesAdd(cartId: $cartId, lines: $lines) { cart { id totalQuantity } userErrors { field message } }\n}',
      {
        cartId: 'gid://shopify/Cart/abc123',
        lines: [
          { merchandiseId: 'gid://shopify/ProductVariant/1', quantity: 2, attributes: [{ key: 'Engraving', value: "Mom's #1" }] },
        ],
      },
    ],
    [
      'directives and inline fragments',
      'query Search($q: String!, $withAuthor: Boolean!) {\n  search(query: $q, type: ISSUE, first: 20) {\n    nodes {\n      ... on Issue { title url author @include(if: $withAuthor) { login } }\n      ... on PullRequest { title mergedAt }\n    }\n  }\n}',
      { q: 'repo:acme/app is:open label:bug "SQL injection"', withAuthor: true },
    ],
    [
      'an introspection query of a client tool',
      'query IntrospectionQuery { __schema { queryType { name } mutationType { name } types { ...FullType } } }\nfragment FullType on __Type { kind name fields(includeDeprecated: true) { name args { name } } }',
      {},
    ],
    [
      'a mutation creating a post with code',
      'mutation CreatePost($input: CreatePostInput!) { createPost(input: $input) { post { id slug } } }',
      {
        input: {
          title: 'Reading cookies',
          body: 'Use `document.cookie` or, better, `cookieStore.get("id")`. Never put SQL like `SELECT * FROM users` in the client.',
          tags: ['js', 'security'],
        },
      },
    ],
    [
      'a subscription',
      'subscription OnComment($postId: ID!) { commentAdded(postId: $postId) { id body author { name } createdAt } }',
      { postId: '42' },
    ],
    [
      'aliases and a filter object',
      'query { open: issues(filter: {state: OPEN, labels: ["bug", "p1"]}, orderBy: {field: CREATED_AT, direction: DESC}) { totalCount } closed: issues(filter: {state: CLOSED}) { totalCount } }',
      null,
    ],
  ];
  const out: SiteRequest[] = [];
  for (const [name, query, variables] of docs) {
    out.push({
      kind: 'graphql',
      name,
      spec: json(GQL, '/graphql', variables === null ? { query } : { operationName: null, query, variables }, [
        ['Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc'],
        ['apollographql-client-name', 'web'],
      ]),
    });
  }
  out.push({
    kind: 'graphql',
    name: 'a batched request',
    spec: json(GQL, '/graphql', [
      { query: 'query A { viewer { login } }' },
      {
        query: 'query B($n: Int) { repository(owner: "acme", name: "app") { issues(last: $n) { nodes { title } } } }',
        variables: { n: 3 },
      },
    ]),
  });
  out.push({
    kind: 'graphql',
    name: 'a GET query with variables',
    spec: get(
      GQL,
      `/graphql?query=${q('query($id: ID!) { node(id: $id) { ... on User { name } } }')}&variables=${q('{"id":"VXNlcjox"}')}`,
    ),
  });
  return out;
}

/** Searches and form text in many languages and scripts. */
function languages(): SiteRequest[] {
  const terms = [
    'Москва — погода на неделю',
    'как удалить файл в linux rm',
    'übersetzung "select" deutsch',
    'Straße & Hausnummer',
    'ομάδα υποστήριξης',
    'עברית למתחילים',
    'القاهرة فنادق رخيصة',
    'हिंदी समाचार आज',
    'ภาษาไทย เรียน',
    '東京 ラーメン おすすめ',
    'スクリプト タグ 使い方 <script>',
    '서울 맛집 추천',
    '北京 天气 预报',
    '如何用 SELECT 语句 查询 数据库',
    '「よろしくお願いします」の意味',
    'Tiếng Việt có dấu',
    "İstanbul'da kahvaltı",
    'Pöytä & tuolit -50 %',
    "niño's cumpleaños ¿dónde?",
    'café "crème brûlée" recette',
    'zażółć gęślą jaźń',
    'ქართული ენა',
    'Հայերեն',
    'emoji 😀 👍🏽 ❤️',
    'ﷺ ﴾ ﴿',
  ];
  const out: SiteRequest[] = [];
  for (const t of terms) {
    out.push({ kind: 'languages', name: `search ${t}`, spec: get(SHOP, `/search?q=${q(t)}&lang=auto`) });
  }
  out.push({
    kind: 'languages',
    name: 'a contact form in Arabic',
    spec: form(SHOP, '/contact', [
      ['name', 'محمد علي'],
      ['message', 'مرحبا، أريد إرجاع الطلب رقم ١٢٣٤٥ — هل يمكن ذلك؟ شكراً!'],
    ]),
  });
  out.push({
    kind: 'languages',
    name: 'a Japanese review',
    spec: json(SHOP, '/api/reviews', { rating: 5, text: 'とても良い！サイズは「M」でぴったり。また買います(^^)/' }),
  });
  out.push({
    kind: 'languages',
    name: 'a Russian support ticket naming SQL',
    spec: json(SHOP, '/api/tickets', {
      subject: 'Ошибка при оформлении',
      text: 'При нажатии «Оплатить» пишет: "SQLSTATE[23000]: Integrity constraint violation". Что делать?',
    }),
  });
  return out;
}

/**
 * The requests still reported, by name, each with why it is left (docs/detection.md, "The
 * false-positive round, third session (branch i18-fpr3)"): the value is the attack's own form
 * (a tautology, a `<script>` element, a command line, a bare SQL statement, script in a page
 * source field) and only its surroundings say it is a question or a log; or profiles' part.
 */
export const LEFT_FLAGGED: Record<string, string> = {
  'search SELECT * FROM users WHERE id IN list': 'sqli: a bare statement (issue 18 class 3)',
  'search select count(*) from table group by': 'sqli: a bare statement',
  'search bash for loop $(seq 1 10)': 'rce: a command substitution',
  'search cat /etc/hosts mac': 'rce: a system file read by cat',
  'search curl -X POST -d json': 'rce: a command line',
  'search <script> tag async defer': 'xss: a <script> element (with its `>`)',
  'search 1=1 in where clause': 'sqli: a tautology',
  "search ' OR '1'='1 why does it work": 'sqli: the tautology itself',
  'search xp_cmdshell enable': 'sqli: the procedure name',
  'search sleep(5) vs usleep': 'sqli: a timing call',
  'search C:\\Windows\\System32\\drivers\\etc\\hosts': 'ptrav: the hosts file',
  'search powershell Get-ChildItem -Recurse': 'rce: a PowerShell line',
  'docs path /docs/guides/../reference/config': 'ptrav: browsers resolve dot segments; only tools send `..`',
  'docs path /wiki/Special:Search?search=%3Cscript%3E+element&go=Go': 'xss: a <script> element',
  'docs path /search?q=path%3A*.sql+%22CREATE+TABLE%22&type=code': 'sqli: a statement in a code search',
  'docs path /search?q=%22window.location%22+language%3AJavaScript&type=code':
    'profiles on only: a parameter new on /search after 50 requests (branch i18-profiles3)',
  'docs path /tags/%3Cscript%3E': 'xss: a <script> element',
  'issue a Node error with the command': 'rce: commands in inline code in prose (decided in branch i18-fpr)',
  'answer form a Node error with the command': 'rce: commands in inline code in prose',
  'issue an HTML question': 'xss: a <script src> element in prose',
  'answer form an HTML question': 'xss: a <script src> element in prose',
  'a gist with a shell script': 'rce: a script in a field (code in fields, decided in branch i18-fpr)',
  'a code playground save': 'xss: script in a field',
  'a Vue single-file component (JSON)': 'xss: a <script> element in page source',
  'a Vue single-file component (form)': 'xss: a <script> element in page source',
  'a custom HTML block with analytics (JSON)': 'xss: a <script> element in page source',
  'a custom HTML block with analytics (form)': 'xss: a <script> element in page source',
  'a GitHub push webhook': 'xss: a <script> element named in a commit message',
  'Datadog spans with SQL and a shell command': 'sqli, rce: bare statements and a command line in spans',
  'an OTLP/JSON trace export': 'sqli: a bare statement in db.statement',
  'a mutation creating a post with code': 'xss: document.cookie in inline code in prose',
  'search スクリプト タグ 使い方 <script>': 'xss: a <script> element',
  'a CI pipeline saved in a web editor': 'rce: a deploy script in a field (code in fields)',
};

const APP = 'app.example';

/** Office and devops web apps: spreadsheet formulas, math, CI and cluster configuration, chat. */
function apps(): SiteRequest[] {
  const out: SiteRequest[] = [];
  out.push({
    kind: 'apps',
    name: 'a spreadsheet API update with formulas',
    spec: json(APP, '/v4/spreadsheets/abc/values/Sheet1!A1:D3?valueInputOption=USER_ENTERED', {
      range: 'Sheet1!A1:D3',
      majorDimension: 'ROWS',
      values: [
        ['Item', 'Qty', 'Price', 'Total'],
        ['Widget', '2', '9.99', '=B2*C2'],
        ['', '', 'Sum', '=SUM(D2:D2)'],
      ],
    }),
  });
  out.push({
    kind: 'apps',
    name: 'a spreadsheet cell with a lookup',
    spec: json(APP, '/api/sheets/1/cells', { cell: 'E2', formula: '=IFERROR(VLOOKUP(A2,Prices!A:B,2,FALSE),"n/a")' }),
  });
  out.push({
    kind: 'apps',
    name: 'a math forum post with LaTeX',
    spec: form(APP, '/forum/post', [
      [
        'body',
        'We have $\\int_0^1 x^2\\,dx = \\frac{1}{3}$ and $$\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}.$$ Proof: \\begin{align} a &= b \\\\ c &= d \\end{align}',
      ],
    ]),
  });
  out.push({
    kind: 'apps',
    name: 'a CI pipeline saved in a web editor',
    spec: json(APP, '/api/v4/projects/12/repository/files/.gitlab-ci.yml', {
      branch: 'main',
      commit_message: 'ci: cache node_modules',
      content:
        'image: node:20\ncache:\n  paths: [node_modules/]\nstages: [test, deploy]\ntest:\n  stage: test\n  script:\n    - npm ci\n    - npm test -- --coverage\ndeploy:\n  stage: deploy\n  script:\n    - echo "$DEPLOY_KEY" > key && chmod 600 key\n    - rsync -az -e "ssh -i key" dist/ deploy@web:/var/www/html/\n  only: [main]\n',
    }),
  });
  out.push({
    kind: 'apps',
    name: 'a Kubernetes manifest applied from a dashboard',
    spec: raw(
      APP,
      '/apis/apps/v1/namespaces/default/deployments',
      'application/yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n          command: ["/bin/sh", "-c"]\n          args: ["nginx -g \'daemon off;\'"]\n          livenessProbe:\n            exec:\n              command: ["cat", "/tmp/healthy"]\n',
    ),
  });
  out.push({
    kind: 'apps',
    name: 'a chat message with Markdown and emoji',
    spec: json(APP, '/api/chat.postMessage', {
      channel: 'C024BE91L',
      text: ':tada: Deployed *v1.2.3* -> prod (took 4m 32s). Rollback: `./deploy.sh --rollback v1.2.2` <https://ci.example/jobs/42|logs>',
    }),
  });
  out.push({
    kind: 'apps',
    name: 'a note with a checklist and a link',
    spec: json(APP, '/api/notes/7', {
      title: 'Groceries & errands',
      body: '- [x] milk (2%)\n- [ ] eggs <12>\n- [ ] call Mom @ 5pm\n> "Don\'t forget the 1/2 & 1/2!"\nhttps://maps.example/?q=Trader+Joe%27s',
    }),
  });
  out.push({
    kind: 'apps',
    name: 'a search with engine operators',
    spec: get(APP, `/search?q=${q('site:example.com filetype:pdf "annual report" -draft intitle:2026 (revenue OR income)')}`),
  });
  out.push({
    kind: 'apps',
    name: 'an SQL-like filter of a logs UI',
    spec: get(APP, `/logs?query=${q('status:>=500 AND service:"checkout" AND NOT path:/health*')}&from=now-15m&to=now`),
  });
  out.push({
    kind: 'apps',
    name: 'a Grafana query with PromQL',
    spec: json(APP, '/api/ds/query', {
      queries: [
        {
          refId: 'A',
          expr: 'sum(rate(http_requests_total{job="api",status=~"5.."}[5m])) by (route) / sum(rate(http_requests_total{job="api"}[5m])) by (route)',
        },
      ],
      from: 'now-1h',
      to: 'now',
    }),
  });
  out.push({
    kind: 'apps',
    name: 'a Kibana query with a painless script',
    spec: json(APP, '/api/console/proxy?path=logs-*%2F_search&method=POST', {
      query: {
        bool: { filter: [{ range: { '@timestamp': { gte: 'now-1d/d' } } }, { term: { 'http.response.status_code': 404 } }] },
      },
      script_fields: { kb: { script: { source: "doc['bytes'].value / 1024" } } },
    }),
  });
  out.push({
    kind: 'apps',
    name: 'a cron job saved in a scheduler UI',
    spec: form(APP, '/admin/scheduler/jobs/new', [
      ['name', 'nightly backup'],
      ['schedule', '0 3 * * *'],
      ['command', 'pg_dump -Fc shop > /backups/shop-$(date +%F).dump'],
    ]),
  });
  return out;
}

/** Every request of the set, by kind. */
export function siteTraffic(): SiteRequest[] {
  return [...developer(), ...cms(), ...shop(), ...mail(), ...sso(), ...telemetry(), ...graphql(), ...languages(), ...apps()];
}
