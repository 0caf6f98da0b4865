/**
 * The console's views (docs/console.md): server-rendered, usable without JavaScript, every
 * filter in the URL. Values from records pass through `html` (escaped) only.
 */
import { ATTACK_CLASSES } from '../../node/records/types';
import {
  SEARCH_DAYS,
  type ApiToken,
  type AttackFilter,
  type AttackGroup,
  type NodeEntry,
  type Repository,
  type Vulnerability,
} from '../repository';
import { href, html, type Html } from './html';

export const PAGE_SIZE = 50;
const DAY_MS = 86_400_000;

const time = (ms: number | null | undefined) =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
const str = (v: unknown) =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Page links that keep every filter: `offset` is the only thing that changes. */
function pager(path: string, query: Record<string, string | undefined>, offset: number, more: boolean): Html {
  const prev =
    offset > 0
      ? html`<a href="${href(path, { ...query, offset: Math.max(0, offset - PAGE_SIZE) || undefined })}">← Newer</a>`
      : '';
  const next = more ? html`<a href="${href(path, { ...query, offset: offset + PAGE_SIZE })}">Older →</a>` : '';
  return html`<div class="pager">${prev}${next}<span class="muted">${offset + 1}–${offset + PAGE_SIZE}</span></div>`;
}

// ------------------------------------------------------------------ overview

const CLASS_COLORS = [
  '#d94841',
  '#e8a33d',
  '#4c9f70',
  '#3b7dd8',
  '#8a5cc7',
  '#c2569b',
  '#5aa9b8',
  '#9b7b3f',
  '#6b7385',
  '#2f4858',
  '#b3413b',
  '#708238',
  '#a05195',
  '#665191',
];

/** Attacks per day by class as stacked bars, inline SVG (no script, no external image). */
export function attackChart(daily: Array<{ day_ms: number; class: string; hits: number }>, fromMs: number, days: number): Html {
  const W = 760,
    H = 220,
    left = 40,
    bottom = 30,
    top = 10;
  const dayIndex = (ms: number) => Math.floor((ms - fromMs) / DAY_MS);
  const totals = new Array<number>(days).fill(0);
  for (const d of daily) {
    const i = dayIndex(d.day_ms);
    if (i >= 0 && i < days) totals[i] += d.hits;
  }
  const max = Math.max(1, ...totals);
  const classes = [...new Set(daily.map((d) => d.class))].sort();
  const color = (c: string) => CLASS_COLORS[classes.indexOf(c) % CLASS_COLORS.length];
  const bw = (W - left - 10) / days;
  const y = (v: number) => H - bottom - ((H - bottom - top) * v) / max;
  const stack = new Array<number>(days).fill(0);
  const bars = daily
    .filter((d) => dayIndex(d.day_ms) >= 0 && dayIndex(d.day_ms) < days)
    .map((d) => {
      const i = dayIndex(d.day_ms);
      const y0 = y(stack[i]);
      stack[i] += d.hits;
      const y1 = y(stack[i]);
      return html`<rect
        x="${(left + i * bw + 1).toFixed(1)}"
        y="${y1.toFixed(1)}"
        width="${(bw - 2).toFixed(1)}"
        height="${(y0 - y1).toFixed(1)}"
        fill="${color(d.class)}"
        ><title>${time(d.day_ms).slice(0, 10)} ${d.class}: ${d.hits}</title></rect
      >`;
    });
  const labels = totals.map((_, i) =>
    i % Math.ceil(days / 7) === 0
      ? html`<text x="${(left + i * bw).toFixed(1)}" y="${H - 12}">${time(fromMs + i * DAY_MS).slice(5, 10)}</text>`
      : '',
  );
  const legend = classes.map(
    (c, i) =>
      html`<rect x="${left + i * 90}" y="${H - 8}" width="8" height="8" fill="${color(c)}" /><text
          x="${left + 12 + i * 90}"
          y="${H}"
          >${c}</text
        >`,
  );
  return html`<svg
    role="img"
    aria-label="Attacks per day by class"
    width="${W}"
    height="${H + 6}"
    viewBox="0 0 ${W} ${H + 6}"
    xmlns="http://www.w3.org/2000/svg"
  >
    <line x1="${left}" y1="${H - bottom}" x2="${W - 10}" y2="${H - bottom}" stroke="#999" />
    <text x="2" y="${top + 10}">${max}</text>
    <text x="2" y="${H - bottom}">0</text>
    ${bars}${labels}${legend}
  </svg>`;
}

export async function overviewView(repo: Repository, now: number): Promise<Html> {
  const days = 14;
  const fromMs = Math.floor(now / DAY_MS) * DAY_MS - (days - 1) * DAY_MS;
  const { daily, totals } = await repo.overview(fromMs);
  const hits = daily.reduce((n, d) => n + d.hits, 0);
  return html`<div>
      <a class="card" href="/attacks"><b>${hits}</b>attacks in ${days} days</a>
      <a class="card" href="/vulnerabilities"><b>${totals.open_vulnerabilities}</b>open vulnerabilities</a>
      <a class="card" href="/api"><b>${totals.endpoints}</b>API endpoints</a>
      <a class="card" href="/nodes"><b>${totals.nodes}</b>nodes</a>
    </div>
    <h2>Attacks over time, by class</h2>
    ${attackChart(daily, fromMs, days)}`;
}

// ------------------------------------------------------------------ attacks

export interface AttackQuery {
  from?: string;
  to?: string;
  class?: string;
  verdict?: string;
  host?: string;
  client?: string;
  node?: string;
  q?: string;
}

const dateMs = (v: string | undefined, endOfDay = false) => {
  if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const ms = Date.parse(`${v}T00:00:00Z`);
  return Number.isFinite(ms) ? ms + (endOfDay ? DAY_MS : 0) : undefined;
};

export function attackFilter(q: AttackQuery): AttackFilter {
  return {
    fromMs: dateMs(q.from),
    toMs: dateMs(q.to, true),
    class: q.class || undefined,
    verdict: q.verdict || undefined,
    host: q.host || undefined,
    client: q.client || undefined,
    node: q.node || undefined,
    search: q.q || undefined,
  };
}

function select(name: string, value: string | undefined, options: readonly string[]): Html {
  return html`<select name="${name}">
    <option value="">any</option>
    ${options.map((o) => html`<option${o === value ? html` selected` : ''}>${o}</option>`)}
  </select>`;
}

export async function attacksView(repo: Repository, q: AttackQuery, offset: number): Promise<Html> {
  const filter = attackFilter(q);
  const rows = await repo.attackGroups(filter, offset, PAGE_SIZE + 1);
  const cutoff = await repo.searchCutoff(filter);
  const more = rows.length > PAGE_SIZE;
  const query = { ...q } as Record<string, string | undefined>;
  return html`<form class="filters" method="get" action="/attacks">
      <label>From <input type="date" name="from" value="${q.from ?? ''}" /></label
      ><label>To <input type="date" name="to" value="${q.to ?? ''}" /></label>
      <label>Class ${select('class', q.class, ATTACK_CLASSES)}</label
      ><label>Verdict ${select('verdict', q.verdict, ['attempt', 'blocked', 'succeeded'])}</label>
      <label>Host <input name="host" value="${q.host ?? ''}" /></label
      ><label>Client IP <input name="client" value="${q.client ?? ''}" /></label>
      <label>Node <input name="node" value="${q.node ?? ''}" /></label
      ><label>Search values (${SEARCH_DAYS} days unless From is set) <input name="q" value="${q.q ?? ''}" /></label>
      <button>Filter</button> <a href="/attacks">Clear</a>
    </form>
    <p class="muted">Attacks of the same classes on the same endpoint from the same client within an hour form one group.</p>
    ${cutoff === null ? '' : html`<p class="error">The search read the newest ${repo.searchScanRecords.toLocaleString('en')} attack records of the chosen days, back to ${time(cutoff)}: choose From and To to search older ones.</p>`}
    <table>
      <thead>
        <tr>
          <th>Last seen</th>
          <th>Classes</th>
          <th>Endpoint</th>
          <th>Client</th>
          <th>Hits</th>
          <th>Verdict</th>
          <th>First seen</th>
        </tr>
      </thead>
      <tbody>
        ${rows.slice(0, PAGE_SIZE).map((g) => groupRow(g))}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p>No attacks match.</p>` : ''}${pager('/attacks', query, offset, more)}`;
}

function groupRow(g: AttackGroup): Html {
  return html`<tr><td><a href="/attacks/${g.id}">${time(g.last_ms)}</a></td><td>${g.classes.split(',').map((c) => html`<span class="tag">${c}</span>`)}</td>
<td><code>${g.method} ${g.host}${g.path}</code></td><td><a href="${href('/attacks', { client: g.client_ip })}">${g.client_ip}</a></td><td>${g.hits}</td>
<td${g.worst_verdict === 'succeeded' ? html` class="bad"` : ''}>${g.worst_verdict}</td><td>${time(g.first_ms)}</td></tr>`;
}

function headersTable(headers: unknown): Html {
  const list = Array.isArray(headers) ? (headers as unknown[]) : [];
  return html`<table>
    ${list.map((h) =>
      Array.isArray(h)
        ? html`<tr>
            <th>${str(h[0])}</th>
            <td><code>${str(h[1])}</code></td>
          </tr>`
        : html`<tr>
            <td colspan="2"><code>${str(h)}</code></td>
          </tr>`,
    )}
  </table>`;
}

export async function attackDetailView(repo: Repository, id: number): Promise<Html | null> {
  const found = await repo.attackGroup(id);
  if (found === null) return null;
  const { group: g, events } = found;
  return html`<p>
      <span class="tag">${g.classes}</span> <code>${g.method} ${g.host}${g.path}</code> from <b>${g.client_ip}</b>, ${g.hits}
      attack(s) between ${time(g.first_ms)} and ${time(g.last_ms)}, worst verdict <b>${g.worst_verdict}</b>, node
      <code>${g.node_uuid}</code>.
    </p>
    ${events.map(({ id: eid, record: r }) => {
      const req = (r.request ?? {}) as Record<string, unknown>;
      const res = r.response as Record<string, unknown> | null | undefined;
      const hits = Array.isArray(r.hits) ? (r.hits as Array<Record<string, unknown>>) : [];
      return html`<section id="e${eid}">
        <h2>
          ${time(Date.parse(str(r.ts)))} · ${str(r.verdict)}${res ? html` · response ${str(res.status)}` : html` · no response`}
        </h2>
        <p><code>${str(req.method)} ${str(req.target)}</code></p>
        <table>
          <thead>
            <tr>
              <th>Class</th>
              <th>Point</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            ${hits.map(
              (h) =>
                html`<tr>
                  <td>${str(h.class)}</td>
                  <td><code>${Array.isArray(h.point) ? (h.point as unknown[]).map(str).join(' › ') : str(h.point)}</code></td>
                  <td><code>${str(h.value)}</code></td>
                </tr>`,
            )}
          </tbody>
        </table>
        <h3>Request headers (as recorded, masked)</h3>
        ${headersTable(req.headers)}
      </section>`;
    })}`;
}

// ------------------------------------------------------------------ API inventory

export async function inventoryView(repo: Repository): Promise<Html> {
  const hosts = await repo.inventoryHosts();
  return html`<table>
      <thead>
        <tr>
          <th>Host</th>
          <th>Endpoints</th>
          <th>First seen</th>
          <th>Last seen</th>
          <th>OpenAPI</th>
        </tr>
      </thead>
      <tbody>
        ${hosts.map(
          (h) =>
            html`<tr>
              <td><a href="${href('/api/host', { host: h.host })}">${h.host || '(no host)'}</a></td>
              <td>${h.endpoints}</td>
              <td>${time(h.first_ms)}</td>
              <td>${time(h.last_ms)}</td>
              <td><a href="${href('/api/openapi', { host: h.host })}">download</a></td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${hosts.length === 0 ? html`<p>No endpoints yet.</p>` : ''}`;
}

type Facts = { count?: number; types?: string[]; formats?: string[]; sensitive?: string[] };

function paramsCell(params: unknown): Html {
  const byLoc = (params ?? {}) as Record<string, Record<string, Facts>>;
  const rows = Object.entries(byLoc).flatMap(([loc, names]) =>
    Object.entries(names ?? {}).map(([name, f]) => ({ loc, name, f })),
  );
  return html`${rows.map(
    ({ loc, name, f }) =>
      html`<div>
        <span class="muted">${loc}</span>
        <code>${name}</code> ${(f.types ?? []).join('|')}${f.formats?.length ? html` (${f.formats.join(', ')})` : ''}${
          f.sensitive?.length ? html` <span class="tag bad">${f.sensitive.join(', ')}</span>` : ''
        }
      </div>`,
  )}`;
}

export async function hostView(repo: Repository, host: string, since: string | undefined): Promise<Html> {
  const sinceMs = dateMs(since);
  const rows = await repo.inventoryEndpoints(host, sinceMs);
  return html`<form class="filters" method="get" action="/api/host">
      <input type="hidden" name="host" value="${host}" />
      <label>New or changed since <input type="date" name="since" value="${since ?? ''}" /></label><button>Show</button>
      <a href="${href('/api/host', { host })}">All</a> <a href="${href('/api/openapi', { host })}">OpenAPI document</a>
    </form>
    <table>
      <thead>
        <tr>
          <th>Method</th>
          <th>Path</th>
          <th>Calls</th>
          <th>Parameters</th>
          <th>Responses</th>
          <th>Auth</th>
          <th>First seen</th>
          <th>Last seen</th>
          ${sinceMs !== undefined ? html`<th>Since</th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          ({ status, endpoint: e }) =>
            html`<tr>
              <td>${str(e.method)}</td>
              <td><code>${str(e.template)}</code></td>
              <td>${str(e.count)}</td>
              <td>${paramsCell(e.params)}</td>
              <td>${Object.keys((e.responses ?? {}) as object).join(', ')}</td>
              <td>${Array.isArray(e.auth) ? e.auth.map(str).join(', ') : ''}</td>
              <td>${str(e.first_seen)}</td>
              <td>${str(e.last_seen)}</td>
              ${sinceMs !== undefined ? html`<td><span class="tag">${status}</span></td>` : ''}
            </tr>`,
        )}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p>No endpoints.</p>` : ''}`;
}

// ------------------------------------------------------------------ vulnerabilities, sessions, nodes, tokens

export async function vulnerabilitiesView(repo: Repository, open: boolean, offset: number, csrf: string): Promise<Html> {
  const rows = await repo.vulnerabilities(open, offset, PAGE_SIZE + 1);
  return html`<p>
      <a href="/vulnerabilities" ${open ? html` aria-current="page"` : ''}>Open</a> ·
      <a href="/vulnerabilities?status=closed" ${!open ? html` aria-current="page"` : ''}>Closed</a>
    </p>
    <table>
      <thead>
        <tr>
          <th>Kind</th>
          <th>Detail</th>
          <th>Endpoint</th>
          <th>Evidence</th>
          <th>First seen</th>
          <th>Last seen</th>
          <th>Reports</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${rows.slice(0, PAGE_SIZE).map(
          (v: Vulnerability) =>
            html`<tr>
              <td>${v.kind}</td>
              <td>${v.detail}</td>
              <td><code>${v.method} ${v.host}${v.template}</code></td>
              <td><code>${str(v.record.evidence)}</code></td>
              <td>${time(v.first_ms)}</td>
              <td>${time(v.last_ms)}</td>
              <td>${v.reports}</td>
              <td>
                <form method="post" action="/vulnerabilities/${v.id}/${open ? 'close' : 'reopen'}">
                  <input type="hidden" name="csrf" value="${csrf}" /><button>${open ? 'Close' : 'Reopen'}</button>
                </form>
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p>None.</p>` : ''}${pager('/vulnerabilities', { status: open ? undefined : 'closed' }, offset, rows.length > PAGE_SIZE)}`;
}

export async function sessionsView(repo: Repository, q: { host?: string; client?: string }, offset: number): Promise<Html> {
  const rows = await repo.sessions(q, offset, PAGE_SIZE + 1);
  return html`<form class="filters" method="get" action="/sessions">
      <label>Host <input name="host" value="${q.host ?? ''}" /></label>
      <label>Client IP <input name="client" value="${q.client ?? ''}" /></label><button>Filter</button>
    </form>
    <table>
      <thead>
        <tr>
          <th>Session</th>
          <th>Key</th>
          <th>Host</th>
          <th>Client</th>
          <th>First seen</th>
          <th>Last seen</th>
          <th>Requests</th>
          <th>Path</th>
        </tr>
      </thead>
      <tbody>
        ${rows.slice(0, PAGE_SIZE).map(({ record: s }) => {
          const reqs = Array.isArray(s.requests) ? (s.requests as Array<Record<string, unknown>>) : [];
          return html`<tr>
            <td><code>${str(s.session_id).slice(0, 16)}</code></td>
            <td>${str(s.key)}</td>
            <td>${str(s.host)}</td>
            <td>${str(s.client_ip)}</td>
            <td>${str(s.first_seen)}</td>
            <td>${str(s.last_seen)}</td>
            <td>${str(s.request_count)}</td>
            <td>
              <details>
                <summary>${reqs.length} shown</summary>
                ${reqs.map((r) => html`<div><code>${str(r.method)} ${str(r.template)}</code> ${str(r.status)}</div>`)}
              </details>
            </td>
          </tr>`;
        })}
      </tbody>
    </table>
    ${rows.length === 0 ? html`<p>No sessions.</p>` : ''}${pager('/sessions', { ...q }, offset, rows.length > PAGE_SIZE)}`;
}

export function nodesView(nodes: NodeEntry[], now: number): Html {
  return html`<table>
      <thead>
        <tr>
          <th>Host name</th>
          <th>Group and labels</th>
          <th>Version</th>
          <th>Mode</th>
          <th>Registered</th>
          <th>Last heartbeat</th>
          <th>Health</th>
        </tr>
      </thead>
      <tbody>
        ${nodes.map((n) => {
          const hb = n.last_heartbeat;
          const age = hb ? (now - Date.parse(hb.received_at)) / 1000 : null;
          const counters = { ...((hb?.counters ?? {}) as Record<string, unknown>) };
          return html`<tr><td>${n.hostname}<div class="muted"><code>${n.uuid}</code></div></td><td>${Object.entries(n.labels).map(([k, v]) => html`<span class="tag">${k}=${v}</span>`)}</td>
<td>${str(hb?.version ?? n.version)} ${n.arch}</td><td>${n.mode}</td><td>${n.registered_at.slice(0, 19).replace('T', ' ')}</td>
<td${age === null || age > 180 ? html` class="bad"` : ''}>${hb ? html`${hb.received_at.slice(0, 19).replace('T', ' ')} <span class="muted">(${Math.round(age!)} s ago)</span>` : 'never'}</td>
<td>${Object.entries(counters)
            .filter(([, v]) => typeof v === 'number')
            .map(([k, v]) => html`<div><span class="muted">${k}</span> ${str(v)}</div>`)}</td></tr>`;
        })}
      </tbody>
    </table>
    ${nodes.length === 0 ? html`<p>No nodes yet: create a deployment token, then install a node with it.</p>` : ''}`;
}

export function tokensView(tokens: ApiToken[], csrf: string, created: { name: string; token: string } | null): Html {
  return html`${
      created
        ? html`<div class="secret">
            <p>New token <b>${created.name}</b>, shown once: copy it now.</p>
            <pre id="new-token">${created.token}</pre>
            <p class="muted">
              Install a node with:
              <code
                >sudo env WALLARM_LABELS='group=&lt;GROUP&gt;' ./aio-native-&lt;VERSION&gt;.x86_64.sh -- --batch --token
                ${created.token} --host &lt;THIS CONSOLE&gt;</code
              >
            </p>
          </div>`
        : ''
    }
    <form method="post" action="/tokens" class="filters">
      <input type="hidden" name="csrf" value="${csrf}" />
      <label>Name <input name="name" required maxlength="100" /></label>
      <label
        >Usage
        <select name="usage">
          <option>Node deployment</option>
          <option>Console API</option>
        </select></label
      ><button>Create token</button>
    </form>
    <table>
      <thead>
        <tr>
          <th>Name</th>
          <th>Usage</th>
          <th>Created</th>
          <th>Last used</th>
          <th>Status</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        ${tokens.map(
          (t) =>
            html`<tr>
              <td>${t.name}</td>
              <td>${t.usage}</td>
              <td>${t.created_at.slice(0, 19).replace('T', ' ')}</td>
              <td>${t.last_used_at?.slice(0, 19).replace('T', ' ') ?? 'never'}</td>
              <td>${t.revoked_at ? html`revoked ${t.revoked_at.slice(0, 10)}` : 'active'}</td>
              <td>
                ${t.revoked_at ? '' : html`<form method="post" action="/tokens/${t.id}/revoke"><input type="hidden" name="csrf" value="${csrf}" /><button>Revoke</button></form>`}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
