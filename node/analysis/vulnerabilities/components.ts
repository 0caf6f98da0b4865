/** Vulnerable components by version banner (Server, X-Powered-By) against ./components.json. */
import list from './components.json';

export interface ComponentMatch {
  product: string;
  version: string;
  cve: string[];
  summary: string;
}

/** Version parts: numbers compare numerically, a letter suffix after them (1.0.1g) compares as a letter. */
function parts(v: string): Array<number | string> {
  return v.split(/[.\-_]/).flatMap((p) => {
    const m = /^(\d+)([a-z]*)$/i.exec(p);
    if (m === null) return [p];
    return m[2] ? [Number(m[1]), m[2].toLowerCase()] : [Number(m[1])];
  });
}

export function compareVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (p === q) continue;
    if (typeof p === 'number' && typeof q === 'number') return p - q;
    // 1.0.1 < 1.0.1a: a missing letter sorts before any letter; numbers before letters.
    if (typeof p === 'number') return q === '' ? 1 : -1;
    if (typeof q === 'number') return p === '' ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

// `Name/1.2.3`, or `Name(1.2.3)` as Jetty writes it. A name starts where a name cannot continue (the lookbehind): otherwise every position of a long
// run of name characters starts a new scan, quadratic in the header's length.
const BANNER = /(?<![A-Za-z0-9.+-])([A-Za-z][A-Za-z0-9.+-]*?)[/(](\d+(?:\.\d+)*[a-z]?)/g;

/** Banners repeat on every response of a server: the answer per banner text is kept (bounded). */
const cache = new Map<string, ComponentMatch[]>();
const CACHE_MAX = 1024;

/** Every listed component whose version a banner names, e.g. "Apache/2.4.49 (Unix) OpenSSL/1.0.1f". */
export function vulnerableComponents(banner: string): ComponentMatch[] {
  let hit = cache.get(banner);
  if (hit === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(banner, (hit = matchBanner(banner)));
  }
  return hit;
}

function matchBanner(banner: string): ComponentMatch[] {
  const out: ComponentMatch[] = [];
  for (const m of banner.matchAll(BANNER)) {
    const name = m[1].toLowerCase();
    const version = m[2];
    for (const c of list.components) {
      if (c.banner !== name) continue;
      if (compareVersions(version, c.introduced) >= 0 && compareVersions(version, c.fixed) < 0) {
        // One finding per product and version, with every listed issue it has: the finding's key
        // is the product/version, so separate matches would keep only one of their CVE lists.
        const same = out.find((o) => o.product === c.product && o.version === version);
        if (same === undefined) out.push({ product: c.product, version, cve: [...c.cve], summary: c.summary });
        else {
          same.cve.push(...c.cve);
          same.summary += `; ${c.summary}`;
        }
      }
    }
  }
  return out;
}
