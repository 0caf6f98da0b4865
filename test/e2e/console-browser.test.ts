/**
 * The seed's steps end to end, as a new user does them, in a real browser (Debian's Chromium
 * driven by playwright-core) against the console running inside a systemd container (./container.ts,
 * private network): log in through the form, create a "Node deployment" token on the Tokens page
 * and read it from the page, install the node with it (the built archive given as AIO_E2E_ARCHIVE;
 * without it this checkout's node through the installer, said in the test's diagnostics), send the
 * seed's test attack (`GET /etc/passwd`) to a web server whose traffic is mirrored to the interface
 * the node captures, find it on the Attacks page within 10 s, open its detail, download the host's
 * OpenAPI document. Once with the console on SQLite, once on PostgreSQL (Debian's server, started
 * in the container's network namespace). With AIO_CONSOLE_SCREENSHOTS=1 the SQLite run saves the
 * screenshots of docs/console.md.
 *
 * Chromium runs on this host inside the container's network namespace (`nsenter -n`, a wrapper given
 * to playwright as the executable: playwright talks to it over a pipe, not the network).
 *
 * Mirror (inside the container): the web server listens on 127.0.0.1:8088; a tc filter at the
 * ingress of `lo` mirrors both directions of port 8088 (`action mirred egress mirror`) to the veth
 * t26m0, and the node captures its peer t26m1, as it would a SPAN port.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../support/chromium';
import { postgresUnavailable, startPostgres, type TestPostgres } from '../support/postgres';
import { Container, containerSkip, NODE, REPO, TSX } from './container';

const ARCHIVE = process.env.AIO_E2E_ARCHIVE ?? '';
const CONSOLE = 'http://127.0.0.1:8443';
const SHOTS = path.join(REPO, 'docs/console');
const skip =
  containerSkip ||
  (fs.existsSync(CHROMIUM) ? false : 'Debian chromium is not installed (apt-get install chromium; .ci/run does)');

/** The web server the mirror watches: JSON under /api/, nginx's 404 page elsewhere. */
const APP = `require("http").createServer((q, s) => {
  if (q.url.startsWith("/api/")) { s.setHeader("Content-Type", "application/json"); s.end(JSON.stringify({ id: 7, name: "widget", price: 9.5 })); return; }
  s.statusCode = 404; s.setHeader("Content-Type", "text/html"); s.end("<html><body><h1>404 Not Found</h1></body></html>");
}).listen(8088, "127.0.0.1", () => console.log("app ready"))`;

/** What a user's curl sends: a few API calls, then the seed's step 5 (`curl http://<mirror source>/etc/passwd`). */
const CLIENT = `const http = require("http");
const get = (p) => new Promise((ok, no) => http.get({ host: "127.0.0.1", port: 8088, path: p, headers: { Host: "shop.example", "User-Agent": "curl/7.88.1", Accept: "*/*" } }, (r) => { r.resume(); r.on("end", () => ok(r.statusCode)); }).on("error", no));
(async () => { for (const p of ["/api/items/1", "/api/items/2", "/api/items/3?fields=name", "/etc/passwd"]) console.log(p, await get(p)); })();`;

const MIRROR = [
  'ip link add t26m0 type veth peer name t26m1',
  'ip link set t26m0 up',
  'ip link set t26m1 up',
  'tc qdisc add dev lo clsact',
  'tc filter add dev lo ingress protocol ip u32 match ip dport 8088 0xffff action mirred egress mirror dev t26m0',
  'tc filter add dev lo ingress protocol ip u32 match ip sport 8088 0xffff action mirred egress mirror dev t26m0',
].join(' && ');

const NODE_CONFIG = `version: 4
mode: tcp-capture
goreplay:
  filter: "t26m1:8088"
api_discovery:
  export_interval: 2s
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reloads `url` until its main text matches, or fails after `ms`; returns the text. */
async function poll(page: Page, url: string, want: RegExp, ms: number): Promise<string> {
  let text = '';
  for (const until = Date.now() + ms; ; await sleep(300)) {
    await page.goto(`${CONSOLE}${url}`);
    text = await page.innerText('main');
    if (want.test(text)) return text;
    if (Date.now() > until) assert.fail(`${url} did not show ${String(want)} within ${ms} ms:\n${text}`);
  }
}

async function flow(t: TestContext, database: 'sqlite' | 'postgres'): Promise<void> {
  const box = await Container.boot('t26c');
  let pg: TestPostgres | null = null;
  let browser: Browser | null = null;
  // docs/console.md's screenshots are rewritten only when asked (AIO_CONSOLE_SCREENSHOTS=1): a test run leaves the checkout clean.
  const shots = database === 'sqlite' && process.env.AIO_CONSOLE_SCREENSHOTS === '1' ? SHOTS : path.join(box.work, 'shots');
  fs.mkdirSync(shots, { recursive: true });
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: false });
  try {
    const password = randomBytes(12).toString('hex');
    fs.writeFileSync(path.join(box.merged, 'root/admin-pw'), `${password}\n`, { mode: 0o600 });
    let db = '';
    if (database === 'postgres') {
      pg = await startPostgres({ netns: box.leader });
      db = ` --database ${pg.url}`;
    }
    box.background(
      `cd /root && exec ${NODE} --import ${TSX} ${REPO}/cloud/main.ts --listen 127.0.0.1:8443 --data /root/console --admin-password-file /root/admin-pw${db} > /root/console.log 2>&1`,
    );
    await box.waitFor('root/console.log', 'listening on', 60_000);
    t.diagnostic(box.read('root/console.log').trim());

    // Chromium in the container's network: its 127.0.0.1:8443 is the console.
    const wrapper = path.join(box.work, 'chromium');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec nsenter -t ${box.leader} -n ${CHROMIUM} "$@"\n`, { mode: 0o755 });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: wrapper, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();

    // 1. Log in through the form.
    await page.goto(`${CONSOLE}/`);
    assert.match(page.url(), /\/login/, 'the console asks for a login first');
    await page.fill('input[name=user]', 'admin');
    await page.fill('input[name=password]', password);
    await shot(page, 'login');
    await page.click('button');
    await page.waitForURL(`${CONSOLE}/`);

    // 2. A deployment token, read from the page (shown once).
    await page.goto(`${CONSOLE}/tokens`);
    await page.fill('input[name=name]', 'e2e deployment');
    await page.selectOption('select[name=usage]', 'Node deployment');
    await page.click('text=Create token');
    const token = (await page.innerText('#new-token')).trim();
    assert.match(token, /^[A-Za-z0-9_-]{20,}$/);
    await shot(page, 'tokens');

    // 3. The mirror and the web server behind it, then the node installed with the token.
    const mirror = box.inside(MIRROR);
    assert.equal(mirror.code, 0, mirror.out);
    box.background(`exec ${NODE} -e '${APP}' > /root/app.log 2>&1`);
    await box.waitFor('root/app.log', 'app ready');
    fs.writeFileSync(path.join(box.merged, 'root/conf.yaml'), NODE_CONFIG);
    const args = `--batch --token ${token} --mode=tcp-capture --go-node-config=/root/conf.yaml --host 127.0.0.1:8443`;
    let install: string;
    if (ARCHIVE) {
      fs.copyFileSync(ARCHIVE, path.join(box.merged, 'root/aio-native.sh'));
      install = `sh /root/aio-native.sh --noprogress -- ${args}`;
      t.diagnostic(`installing the built archive ${ARCHIVE}`);
    } else {
      const dir = box.payload('repo', '0.0.0-e2e', 'repository');
      install = `${dir}/bin/native-node installer --payload-dir ${dir} ${args}`;
      t.diagnostic("AIO_E2E_ARCHIVE not set: installing this checkout's node (the repository flavour), not the built archive");
    }
    const installed = box.inside(
      install,
      { WALLARM_LABELS: 'group=console-e2e', WALLARM_API_USE_SSL: 'false', WALLARM_INSTALLER_READY_TIMEOUT: '30' },
      180_000,
    );
    t.diagnostic(
      installed.out
        .split('\n')
        .filter((l) => /ready:|registered|installed/i.test(l))
        .join('\n'),
    );
    assert.equal(installed.code, 0, installed.out);
    assert.equal(box.inside('systemctl is-active wallarm').out.trim(), 'active');

    // 4. The seed's step 5 through the mirror, seen in Attacks within 10 s.
    const sent = Date.now();
    const client = box.inside(`${NODE} -e '${CLIENT}'`);
    assert.match(client.out, /\/etc\/passwd 404/, client.out);
    const attacks = await poll(page, '/attacks', /\/etc\/passwd/, 10_000);
    t.diagnostic(`/etc/passwd on the Attacks page ${Date.now() - sent} ms after it was sent`);
    assert.match(attacks, /ptrav/);
    await shot(page, 'attacks');

    // 5. Its detail page.
    await page.click('a[href^="/attacks/"]');
    await page.waitForURL(/\/attacks\/\d+$/);
    const detail = await page.innerText('main');
    assert.match(detail, /GET \/etc\/passwd/);
    assert.match(detail, /404/);
    assert.match(detail, /curl\/7\.88\.1/);
    await shot(page, 'attack-detail');

    // 6. The API inventory (the node exports discovery every 2 s here) and the host's OpenAPI document.
    await poll(page, '/api', /shop\.example/, 20_000);
    await page.goto(`${CONSOLE}/api/host?host=shop.example`);
    assert.match(await page.innerText('main'), /\/api\/items\/\{/);
    await shot(page, 'api-inventory');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=OpenAPI document')]);
    assert.equal(download.suggestedFilename(), 'shop.example.openapi.json');
    const doc = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.match(doc.openapi, /^3\.1/);
    assert.ok(
      Object.keys(doc.paths).some((p) => p.startsWith('/api/items/{')),
      JSON.stringify(doc.paths),
    );

    // 7. The node on the Nodes page (its heartbeat), and the overview.
    const nodes = await poll(page, '/nodes', /console-e2e/, 10_000);
    assert.match(nodes, /tcp-capture/);
    await shot(page, 'nodes');
    await page.goto(`${CONSOLE}/`);
    assert.match(await page.innerText('main'), /ptrav/);
    await shot(page, 'overview');
    await context.close();
  } finally {
    await browser?.close();
    await pg?.stop();
    await box.stop();
  }
}

test(
  'console on SQLite: log in, token, install, the test attack through a mirror in Attacks within 10 s, detail, OpenAPI',
  { skip, timeout: 240_000 },
  (t) => flow(t, 'sqlite'),
);

const pgSkip = skip || postgresUnavailable() || false;
test('console on PostgreSQL: the same flow', { skip: pgSkip, timeout: 240_000 }, (t) => flow(t, 'postgres'));
