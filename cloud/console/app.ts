/**
 * The console: login, the views, tokens, and the reading API's authorization. Every page and
 * API is behind a login or a "Console API" token, except the node endpoints (their own
 * credentials) and the login page. docs/console.md says what each view shows and why the
 * security rules are what they are.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import { openApiDocuments } from '../../node/analysis/discovery/openapi';
import { parseCookie } from '../../node/http/request/cookies';
import type { ApiEndpointRecord } from '../../node/records/types';
import { TOKEN_USAGE_API, TOKEN_USAGES, type Repository, type User } from '../repository';
import { href, html } from './html';
import { page, STYLESHEET } from './layout';
import {
  attackDetailView,
  attacksView,
  hostView,
  inventoryView,
  nodesView,
  overviewView,
  sessionsView,
  tokensView,
  vulnerabilitiesView,
  type AttackQuery,
} from './pages';

export interface ConsoleOptions {
  /** Cookies get `Secure` (the console is served over TLS). */
  secureCookies: boolean;
  /** How long a login lasts. */
  sessionTtlMs: number;
  /** Failed logins counted over this window. */
  loginWindowMs: number;
  /** Failed logins per user name, and per client address, after which logins are refused for the window. */
  maxFailuresPerUser: number;
  maxFailuresPerAddress: number;
  /** Capture-independent clock (tests move it). */
  now?: () => number;
}

export const DEFAULT_CONSOLE_OPTIONS: ConsoleOptions = {
  secureCookies: false,
  sessionTtlMs: 12 * 3_600_000,
  loginWindowMs: 15 * 60_000,
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 30,
};

const SESSION_COOKIE = 'aio_session';
const LOGIN_COOKIE = 'aio_login';

/** No script, no inline style, no framing, forms only to ourselves. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on our own form posts.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

interface Session {
  id: string;
  user: User;
  csrf: string;
}

export class ConsoleApp {
  private readonly o: ConsoleOptions;
  constructor(
    private readonly repo: Repository,
    options: Partial<ConsoleOptions> = {},
  ) {
    this.o = { ...DEFAULT_CONSOLE_OPTIONS, ...options };
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** True when the request was the console's (answered); false lets the caller go on. */
  async handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer): Promise<boolean> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (method === 'GET' && path === '/static/console.css') {
      res
        .writeHead(200, {
          'Content-Type': 'text/css; charset=utf-8',
          'Cache-Control': 'max-age=3600',
          'X-Content-Type-Options': 'nosniff',
        })
        .end(STYLESHEET);
      return true;
    }
    if (path === '/login') {
      if (method === 'POST') await this.login(req, res, url, body);
      else this.loginPage(res, url.searchParams.get('next'), null);
      return true;
    }
    if (!isConsolePath(path)) return false;
    const session = await this.session(req);
    if (session === null) {
      if (method === 'GET') redirect(res, href('/login', { next: path + url.search }));
      else sendHtml(res, 403, page('Forbidden', '', null, html`<p>Log in first.</p>`));
      return true;
    }
    if (method === 'POST') {
      const form = new URLSearchParams(body.toString('utf8'));
      if (!this.csrfOk(req, session, form)) {
        sendHtml(
          res,
          403,
          page(
            'Forbidden',
            '',
            null,
            html`<p>The form expired or did not come from this console. Go back, reload, and try again.</p>`,
          ),
        );
        return true;
      }
      await this.post(res, path, form, session);
      return true;
    }
    if (method !== 'GET') return false;
    await this.get(res, url, session);
    return true;
  }

  /** For the reading API (`GET /v1/events` ...): a logged-in browser or a "Console API" token. */
  async authorizeApi(req: http.IncomingMessage): Promise<boolean> {
    const auth = req.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('Bearer '))
      return (await this.repo.checkToken(auth.slice(7).trim(), TOKEN_USAGE_API)) !== null;
    return (await this.session(req)) !== null;
  }

  private async get(res: http.ServerResponse, url: URL, s: Session): Promise<void> {
    const p = url.pathname;
    const q = url.searchParams;
    const offset = Math.max(0, Math.min(1_000_000, Number(q.get('offset')) || 0));
    const u = { name: s.user.name, csrf: s.csrf };
    const one = (k: string) => q.get(k) ?? undefined;
    if (p === '/') return sendHtml(res, 200, page('Overview', '/', u, await overviewView(this.repo, this.now())));
    if (p === '/attacks') {
      const aq: AttackQuery = {
        from: one('from'),
        to: one('to'),
        class: one('class'),
        verdict: one('verdict'),
        host: one('host'),
        client: one('client'),
        node: one('node'),
        q: one('q'),
      };
      return sendHtml(res, 200, page('Attacks', '/attacks', u, await attacksView(this.repo, aq, offset)));
    }
    const m = /^\/attacks\/(\d{1,15})$/.exec(p);
    if (m) {
      const view = await attackDetailView(this.repo, Number(m[1]));
      return view === null ? notFound(res, u) : sendHtml(res, 200, page('Attack', '/attacks', u, view));
    }
    if (p === '/api') return sendHtml(res, 200, page('API inventory', '/api', u, await inventoryView(this.repo)));
    if (p === '/api/host') {
      const host = q.get('host') ?? '';
      return sendHtml(res, 200, page(`API of ${host || '(no host)'}`, '/api', u, await hostView(this.repo, host, one('since'))));
    }
    if (p === '/api/openapi') return this.openApi(res, q.get('host') ?? '');
    if (p === '/vulnerabilities') {
      return sendHtml(
        res,
        200,
        page(
          'Vulnerabilities',
          '/vulnerabilities',
          u,
          await vulnerabilitiesView(this.repo, q.get('status') !== 'closed', offset, s.csrf),
        ),
      );
    }
    if (p === '/sessions')
      return sendHtml(
        res,
        200,
        page('API sessions', '/sessions', u, await sessionsView(this.repo, { host: one('host'), client: one('client') }, offset)),
      );
    if (p === '/nodes') return sendHtml(res, 200, page('Nodes', '/nodes', u, nodesView(await this.repo.nodes(), this.now())));
    if (p === '/tokens')
      return sendHtml(res, 200, page('Tokens', '/tokens', u, tokensView(await this.repo.tokens(), s.csrf, null)));
    return notFound(res, u);
  }

  private async post(res: http.ServerResponse, p: string, form: URLSearchParams, s: Session): Promise<void> {
    const u = { name: s.user.name, csrf: s.csrf };
    if (p === '/logout') {
      await this.repo.endWebSession(s.id);
      res.setHeader('Set-Cookie', this.cookie(SESSION_COOKIE, '', 0));
      return redirect(res, '/login');
    }
    if (p === '/tokens') {
      const name = (form.get('name') ?? '').trim().slice(0, 100);
      const usage = form.get('usage') ?? '';
      if (name === '' || !(TOKEN_USAGES as readonly string[]).includes(usage)) {
        return sendHtml(
          res,
          400,
          page(
            'Tokens',
            '/tokens',
            u,
            html`<p class="error">A token needs a name and a usage.</p>
              ${tokensView(await this.repo.tokens(), s.csrf, null)}`,
          ),
        );
      }
      const { token } = await this.repo.createToken(name, usage);
      return sendHtml(res, 200, page('Tokens', '/tokens', u, tokensView(await this.repo.tokens(), s.csrf, { name, token })));
    }
    let m = /^\/tokens\/(\d{1,15})\/revoke$/.exec(p);
    if (m) {
      await this.repo.revokeToken(Number(m[1]));
      return redirect(res, '/tokens');
    }
    m = /^\/vulnerabilities\/(\d{1,15})\/(close|reopen)$/.exec(p);
    if (m) {
      await this.repo.setVulnerabilityClosed(Number(m[1]), m[2] === 'close');
      return redirect(res, m[2] === 'close' ? '/vulnerabilities' : '/vulnerabilities?status=closed');
    }
    return notFound(res, u);
  }

  private async openApi(res: http.ServerResponse, host: string): Promise<void> {
    const endpoints = (await this.repo.inventoryEndpoints(host)).map((e) => e.endpoint as unknown as ApiEndpointRecord);
    const doc = openApiDocuments(endpoints).get(host) ?? {
      openapi: '3.1.0',
      info: { title: host, version: 'observed' },
      paths: {},
    };
    const file = `${host.replace(/[^A-Za-z0-9.-]/g, '_') || '_'}.openapi.json`;
    res
      .writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': 'application/json',
        'Content-Disposition': `attachment; filename="${file}"`,
      })
      .end(JSON.stringify(doc, null, 2) + '\n');
  }

  // ------------------------------------------------------------------ login

  private loginPage(res: http.ServerResponse, next: string | null, error: string | null, status = 200): void {
    const nonce = randomBytes(24).toString('base64url');
    res.setHeader('Set-Cookie', this.cookie(LOGIN_COOKIE, nonce, 600));
    sendHtml(
      res,
      status,
      page(
        'Log in',
        '/login',
        null,
        html`${error ? html`<p class="error">${error}</p>` : ''}
          <form method="post" action="/login" class="filters">
            <input type="hidden" name="csrf" value="${nonce}" /><input type="hidden" name="next" value="${safeNext(next)}" />
            <label>User <input name="user" autocomplete="username" required /></label
            ><label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
            <button>Log in</button>
          </form>`,
      ),
    );
  }

  private async login(req: http.IncomingMessage, res: http.ServerResponse, url: URL, body: Buffer): Promise<void> {
    const form = new URLSearchParams(body.toString('utf8'));
    const next = form.get('next') ?? url.searchParams.get('next');
    const nonce = cookies(req).get(LOGIN_COOKIE);
    if (!nonce || !sameSecret(nonce, form.get('csrf') ?? '') || !sameOrigin(req)) {
      return this.loginPage(res, next, 'The login form expired; try again.', 403);
    }
    const user = (form.get('user') ?? '').slice(0, 200);
    const address = req.socket.remoteAddress ?? '';
    const since = this.now() - this.o.loginWindowMs;
    if (
      (await this.repo.loginFailures(`user:${user}`, since)) >= this.o.maxFailuresPerUser ||
      (await this.repo.loginFailures(`addr:${address}`, since)) >= this.o.maxFailuresPerAddress
    ) {
      return this.loginPage(res, next, 'Too many failed logins: wait a few minutes.', 429);
    }
    const ok = await this.repo.verifyPassword(user, form.get('password') ?? '');
    if (ok === null) {
      await this.repo.recordLoginFailure(`user:${user}`);
      await this.repo.recordLoginFailure(`addr:${address}`);
      return this.loginPage(res, next, 'Wrong user or password.', 401);
    }
    const s = await this.repo.createWebSession(ok.id, this.o.sessionTtlMs);
    res.setHeader('Set-Cookie', [
      this.cookie(SESSION_COOKIE, s.id, Math.floor(this.o.sessionTtlMs / 1000)),
      this.cookie(LOGIN_COOKIE, '', 0),
    ]);
    redirect(res, safeNext(next));
  }

  private async session(req: http.IncomingMessage): Promise<Session | null> {
    const id = cookies(req).get(SESSION_COOKIE);
    if (!id || id.length > 100) return null;
    const s = await this.repo.webSession(id);
    return s === null ? null : { id, ...s };
  }

  private csrfOk(req: http.IncomingMessage, s: Session, form: URLSearchParams): boolean {
    return sameSecret(s.csrf, form.get('csrf') ?? '') && sameOrigin(req);
  }

  private cookie(name: string, value: string, maxAgeSec: number): string {
    return `${name}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSec}${this.o.secureCookies ? '; Secure' : ''}`;
  }
}

const CONSOLE_PATHS =
  /^\/(?:$|attacks(?:\/\d+)?$|api(?:\/host|\/openapi)?$|vulnerabilities(?:\/\d+\/(?:close|reopen))?$|sessions$|nodes$|tokens(?:\/\d+\/revoke)?$|logout$)/;

function isConsolePath(p: string): boolean {
  return CONSOLE_PATHS.test(p);
}

/** Only a path of this console: never `//host`, `/\host` or a scheme (an open redirect). */
function safeNext(next: string | null): string {
  return next !== null && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/';
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A browser's Origin (when it sends one) must be this console. */
function sameOrigin(req: http.IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/** The request's cookies by name (the node's one cookie parser; the first of a repeated name wins). */
function cookies(req: http.IncomingMessage): Map<string, string> {
  // A Map: a cookie named `constructor` or `__proto__` is a cookie like any other (docs/design.md, "Names from traffic").
  const out = new Map<string, string>();
  for (const [name, value] of parseCookie(req.headers.cookie ?? '')) if (name !== '' && !out.has(name)) out.set(name, value);
  return out;
}

function sendHtml(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8' }).end(body);
}

function redirect(res: http.ServerResponse, to: string): void {
  res.writeHead(303, { ...SECURITY_HEADERS, Location: to }).end();
}

function notFound(res: http.ServerResponse, u: { name: string; csrf: string }): void {
  sendHtml(res, 404, page('Not found', '', u, html`<p>No such page.</p>`));
}
