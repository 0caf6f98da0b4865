/** The console's frame: navigation, the user, the stylesheet (no script anywhere: docs/console.md). */
import { html, type Html } from './html';

export const NAV: ReadonlyArray<[string, string]> = [
  ['/', 'Overview'],
  ['/attacks', 'Attacks'],
  ['/api', 'API inventory'],
  ['/vulnerabilities', 'Vulnerabilities'],
  ['/sessions', 'API sessions'],
  ['/nodes', 'Nodes'],
  ['/tokens', 'Tokens'],
];

export function page(title: string, current: string, user: { name: string; csrf: string } | null, body: Html): string {
  const nav =
    user === null
      ? html``
      : html`<nav>
          ${NAV.map(
            ([path, label]) => html`<a href="${path}" ${current === path ? html` aria-current="page"` : ''}>${label}</a>`,
          )}
          <form method="post" action="/logout" class="logout">
            <input type="hidden" name="csrf" value="${user.csrf}" /><span>${user.name}</span> <button>Log out</button>
          </form>
        </nav>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · aio-native console</title>
        <link rel="stylesheet" href="/static/console.css" />
      </head>
      <body>
        ${nav}
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `.text;
}

export const STYLESHEET = `
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
nav{display:flex;gap:1em;align-items:center;background:#1d2330;padding:.6em 1.2em}
nav a{color:#cfd6e4;text-decoration:none}nav a[aria-current=page]{color:#fff;font-weight:600}
nav .logout{margin-left:auto;color:#cfd6e4;display:flex;gap:.5em;align-items:center}
main{padding:1em 1.5em;max-width:1400px}
table{border-collapse:collapse;background:#fff;width:100%}td,th{border:1px solid #dde1e8;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef0f4}code,pre{font:12px ui-monospace,monospace;word-break:break-all;white-space:pre-wrap}
form.filters{display:flex;flex-wrap:wrap;gap:.5em;margin:.5em 0 1em}form.filters label{display:flex;flex-direction:column;font-size:12px}
.pager{margin:1em 0;display:flex;gap:1em}.muted{color:#6b7385}.tag{display:inline-block;padding:0 6px;border-radius:3px;background:#e4e8f0;margin-right:2px}
.bad{background:#fde2e1}.ok{background:#e1f5e4}.card{display:inline-block;background:#fff;border:1px solid #dde1e8;padding:.6em 1em;margin:0 .5em .5em 0}
.card b{display:block;font-size:20px}.error{color:#a11}.secret{background:#fff6d5;padding:.5em;border:1px solid #e8d58a}
svg text{font:11px system-ui,sans-serif}
`;
