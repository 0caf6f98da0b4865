/**
 * The console in a real browser (Debian's Chromium driven by playwright-core): log in through the
 * form, and every attack payload of the shared corpora, stored in the places a record can hold
 * attacker text (hit values, targets, headers, hosts, evidence, templates), is rendered as text:
 * no dialog, no request the console did not make, no element or attribute that could run script.
 * The pages are loaded with the CSP bypassed, so escaping alone is what is tested; one more load
 * checks that the browser enforces the console's CSP.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { CloudServer } from '../../../cloud/server';
import { CHROMIUM, CHROMIUM_ARGS } from '../../support/chromium';
import { BUILT_IN_PAYLOADS, CORPUS_DIR, corpusAttackPayloads, corpusAvailable } from '../../support/corpus-payloads';
import { ADMIN_PASSWORD, registeredNode, startCloud } from './helpers';

const skip = fs.existsSync(CHROMIUM) ? false : 'Debian chromium is not installed (apt-get install chromium; .ci/run does)';

let cloud: CloudServer;
let browser: Browser;
let payloads: string[];
const findings: string[] = [];

async function post(path: string, creds: { uuid: string; secret: string }, body: unknown): Promise<void> {
  const res = await fetch(`${cloud.url}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json', 'X-WallarmAPI-UUID': creds.uuid, 'X-WallarmAPI-Secret': creds.secret },
  });
  assert.equal(res.status, 200, await res.text());
}

/** Records holding the payloads: 10 hits per attack, 100 attacks per group (one detail page). */
async function storePayloads(creds: { uuid: string; secret: string }): Promise<{ groups: number }> {
  const ts = new Date().toISOString();
  const base = { ts, flow: { src: '10.9.0.1:40000', dst: '10.9.0.2:80' }, client_ip: '10.9.0.1', node_uuid: creds.uuid };
  const records = [];
  for (let i = 0; i < payloads.length; i += 10) {
    const chunk = payloads.slice(i, i + 10);
    records.push({
      ...base,
      type: 'attack',
      host: 'shop.example',
      verdict: 'attempt',
      response: { status: 200 },
      request: {
        method: 'GET',
        target: `/corpus/${Math.floor(i / 1000)}?q=${chunk[0]}`,
        headers: [
          ['User-Agent', chunk[1] ?? ''],
          ['Referer', chunk[2] ?? ''],
          [chunk[3] ?? 'x', 'v'],
        ],
      },
      hits: chunk.map((p) => ({ class: 'xss', point: ['query', p], value: p })),
    });
  }
  // Where the list pages show record text: hosts (Attacks), evidence (Vulnerabilities), templates (API).
  const markup = payloads.filter((p) => /[<>"'`]/.test(p)).slice(0, 400);
  for (const p of markup) {
    records.push({
      ...base,
      type: 'attack',
      host: p,
      verdict: 'attempt',
      response: null,
      request: { method: 'GET', target: '/', headers: [] },
      hits: [{ class: 'xss', point: ['query', 'q'], value: p }],
    });
    records.push({
      ...base,
      type: 'vulnerability',
      host: 'shop.example',
      kind: 'info_exposure',
      detail: p,
      endpoint: { method: 'GET', template: `/v/${p}` },
      evidence: p,
      first_seen: ts,
    });
  }
  for (let i = 0; i < records.length; i += 2000)
    await post('/v1/node/events', creds, { batch_id: `b${i}`, records: records.slice(i, i + 2000) });
  await post('/v1/node/api-discovery', creds, {
    batch_id: 'd1',
    endpoints: markup.slice(0, 200).map((p) => ({
      type: 'api_endpoint',
      host: 'shop.example',
      method: 'GET',
      template: `/api/${p}`,
      count: 1,
      first_seen: ts,
      last_seen: ts,
      ts,
      node_uuid: creds.uuid,
      params: { query: { [p]: { count: 1, types: ['string'], sensitive: [p] } } },
      responses: { '200': { count: 1 } },
    })),
  });
  return { groups: Math.ceil(payloads.length / 1000) };
}

/**
 * Run in the page (as text: the browser's DOM is not this program's): elements and attributes
 * that could load or run anything, other than the console's own stylesheet link.
 */
const SCAN_PAGE = `(() => {
  const out = [];
  const risky = ['script', 'iframe', 'object', 'embed', 'frame', 'base', 'img', 'video', 'audio', 'math', 'link', 'style', 'form', 'svg', 'meta'];
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    const ours = (tag === 'link' && el.getAttribute('href') === '/static/console.css') || (tag === 'meta' && !el.hasAttribute('http-equiv'))
      || (tag === 'form' && /^\\/[a-z/0-9]*$/.test(el.getAttribute('action') || '')) || (tag === 'svg' && el.getAttribute('role') === 'img');
    if (risky.includes(tag) && !ours) out.push('<' + tag + '>');
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) out.push(tag + ' ' + a.name);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name) && /^\\s*(javascript|data|vbscript):/i.test(a.value)) out.push(tag + ' ' + a.name + '=' + a.value.slice(0, 60));
    }
  }
  return out;
})()`;

/** Opens a page and records whatever would show an injection; returns the page's text. */
async function visit(page: Page, path: string): Promise<string> {
  const res = await page.goto(`${cloud.url}${path}`);
  assert.equal(res?.status(), 200, path);
  const bad = (await page.evaluate(SCAN_PAGE)) as string[];
  findings.push(...bad.map((b) => `${path}: ${b}`));
  return page.innerText('main');
}

before(async () => {
  if (skip) return;
  // Every payload of the shared corpora where they are; else the built-in markup set (said in the output).
  payloads = corpusAvailable() ? corpusAttackPayloads() : [...BUILT_IN_PAYLOADS];
  if (!corpusAvailable())
    process.stdout.write(`# shared corpora not found at ${CORPUS_DIR}: rendering the ${payloads.length} built-in payloads\n`);
  cloud = await startCloud();
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await cloud?.close();
});

async function loggedIn(bypassCSP: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ bypassCSP });
  const page = await context.newPage();
  await page.goto(`${cloud.url}/attacks`);
  assert.match(page.url(), /\/login\?next=%2Fattacks$/, 'pages need a login');
  await page.fill('input[name=user]', 'admin');
  await page.fill('input[name=password]', ADMIN_PASSWORD);
  await page.click('button');
  await page.waitForURL(`${cloud.url}/attacks`);
  return { context, page };
}

test(
  'every corpus payload renders as text on the console pages: no dialog, no request, no script-capable markup',
  { skip, timeout: 600_000 },
  async () => {
    const creds = await registeredNode(cloud);
    const { groups } = await storePayloads(creds);
    const { context, page } = await loggedIn(true);
    page.on('dialog', (d) => {
      findings.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    const allowed = new RegExp(`^${cloud.url.replace(/[.]/g, '\\.')}/(?:[a-z/]*(?:\\?[^#]*)?|static/console\\.css)$`);
    context.on('request', (r) => {
      if (r.isNavigationRequest() && r.url().startsWith(`${cloud.url}/`)) return;
      if (!allowed.test(r.url()) || r.resourceType() !== 'stylesheet')
        findings.push(`request: ${r.resourceType()} ${r.url().slice(0, 100)}`);
    });

    let shown = 0;
    await visit(page, '/attacks');
    // Attack detail pages: the group ids of the payload groups, from the list's links.
    const ids = await page.$$eval('a[href^="/attacks/"]', (as) => as.map((a) => a.getAttribute('href')!));
    let offset = 50;
    while (ids.filter((h) => h).length < groups + 400) {
      const more = await page.goto(`${cloud.url}/attacks?offset=${offset}`);
      assert.equal(more?.status(), 200);
      const next = await page.$$eval('a[href^="/attacks/"]', (as) => as.map((a) => a.getAttribute('href')!));
      if (next.length === 0) break;
      ids.push(...next);
      await visit(page, `/attacks?offset=${offset}`);
      offset += 50;
    }
    for (const id of new Set(ids)) {
      const text = await visit(page, id);
      if (text.includes('/corpus/')) shown++;
    }
    assert.equal(shown, groups, 'every payload group was opened');
    // A payload made of markup shows as itself.
    const sample = payloads.find((p) => p.includes('<script'))!;
    assert.ok((await page.content()).length > 0);
    for (let off = 0; ; off += 50) {
      const text = await visit(page, `/vulnerabilities?offset=${off}`);
      if (!text.includes('info_exposure')) break;
    }
    await visit(page, '/api');
    await visit(page, '/api/host?host=shop.example');
    await visit(page, '/');
    await visit(page, `/attacks?q=${encodeURIComponent(sample)}`);
    assert.deepEqual(findings, []);
    await context.close();
  },
);

test(
  'the browser enforces the console CSP: no inline script or style would run even if one slipped through',
  { skip },
  async () => {
    const { context, page } = await loggedIn(false);
    const res = await page.goto(`${cloud.url}/`);
    const csp = res!.headers()['content-security-policy'];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    const blocked = await page.evaluate(`(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.body.appendChild(s);
    return window.__ran !== true;
  })()`);
    assert.ok(blocked, 'an injected inline script does not run');
    await context.close();
  },
);
