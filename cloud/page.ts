/** GET /: the latest attacks, like the console's Events view, as one self-contained HTML page. */
const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function attacksPage(attacks: Array<Record<string, unknown>>, nodeCount: number): string {
  const rows = attacks.map((a) => {
    const req = (a.request ?? {}) as { method?: unknown; target?: unknown };
    const hits = Array.isArray(a.hits) ? (a.hits as Array<{ class?: unknown; point?: unknown }>) : [];
    const classes = [...new Set(hits.map((h) => String(h.class)))].join(', ');
    const points = hits.map((h) => (Array.isArray(h.point) ? h.point.join('.') : '')).join(', ');
    return `<tr><td>${esc(a.ts)}</td><td>${esc(a.client_ip)}</td><td>${esc(a.host)}</td><td><code>${esc(req.method)} ${esc(req.target)}</code></td><td>${esc(classes)}</td><td>${esc(points)}</td><td>${esc(a.verdict)}</td><td>${esc(a.node_uuid)}</td></tr>`;
  });
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Reference cloud: attacks</title>
<style>body{font:14px sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}code{word-break:break-all}</style>
</head><body>
<h1>Attacks</h1>
<p>${attacks.length} latest attacks, newest first, from ${nodeCount} registered node(s). JSON: <a href="/v1/events?type=attack">/v1/events?type=attack</a>, API inventory: <a href="/v1/api-discovery">/v1/api-discovery</a>.</p>
<table><thead><tr><th>Time</th><th>Client</th><th>Host</th><th>Request</th><th>Classes</th><th>Points</th><th>Verdict</th><th>Node</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
</body></html>
`;
}
