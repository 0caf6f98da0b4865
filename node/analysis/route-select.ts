/**
 * route_config selection: which application id and mode a request belongs to.
 *
 * At each level the rules whose host matches compete as nginx locations do: an exact `=` match
 * wins at once; otherwise the longest matching prefix (plain or `^~`) is remembered, and if it is
 * `^~` it wins; otherwise the first matching regex (`~`, `~*`) in file order wins; otherwise the
 * remembered prefix. A host-only rule (no `route`) counts as the prefix `/`; on equal prefix length a
 * rule naming a host beats one that does not, then the earlier rule wins. The winner's nested
 * `routes` are searched the same way; a rule without its own application or mode inherits it.
 */
import type { RouteConfig, RouteRule, WallarmMode } from '../config/types';

export interface RouteChoice {
  application: number;
  mode: WallarmMode;
}

/** The Host as rules compare it: no port, no trailing dot (case is ignored by the patterns). */
export function routeHost(host: string): string {
  let h = host.trim();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    h = end < 0 ? h : h.slice(0, end + 1);
  } else {
    const colon = h.indexOf(':');
    if (colon >= 0) h = h.slice(0, colon);
  }
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

function hostMatches(rule: RouteRule, host: string): boolean {
  if (rule.hosts === null) return true;
  for (const re of rule.hosts) if (re.test(host)) return true;
  return false;
}

function pick(rules: readonly RouteRule[], host: string, path: string): RouteRule | null {
  let best: RouteRule | null = null;
  let bestLength = -1;
  let bestNamed = false;
  for (const rule of rules) {
    if (!hostMatches(rule, host)) continue;
    const m = rule.match;
    if (m === null || m.kind === 'prefix' || m.kind === 'priority_prefix') {
      const length = m === null ? 1 : m.path.length;
      if (m !== null && !path.startsWith(m.path)) continue;
      const named = rule.hosts !== null;
      if (length > bestLength || (length === bestLength && named && !bestNamed)) {
        best = rule;
        bestLength = length;
        bestNamed = named;
      }
    } else if (m.kind === 'exact' && path === m.path) {
      return rule;
    }
  }
  if (best?.match?.kind === 'priority_prefix') return best;
  for (const rule of rules) {
    if (rule.match?.kind === 'regex' && hostMatches(rule, host) && rule.match.regex.test(path)) return rule;
  }
  return best;
}

export function selectRoute(config: RouteConfig, host: string, path: string): RouteChoice {
  const choice: RouteChoice = { application: config.application, mode: config.mode };
  let rules = config.routes;
  const h = routeHost(host);
  for (;;) {
    const rule = pick(rules, h, path);
    if (rule === null) return choice;
    if (rule.application !== null) choice.application = rule.application;
    if (rule.mode !== null) choice.mode = rule.mode;
    rules = rule.routes;
  }
}
