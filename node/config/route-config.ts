/**
 * route_config -> RouteConfig: host wildcards compiled, nginx location strings parsed
 * (`= /x`, `^~ /x`, `~ re`, `~* re`, `/x`), bad regexes and prefixes reported at their line.
 */
import type { RouteConfig, RouteMatch, RouteRule, WallarmMode } from './types';
import type { ConfigSource, DocPath } from './source';

interface RawRoute {
  host?: string | string[];
  route?: string;
  wallarm_application?: number;
  wallarm_mode?: WallarmMode;
  routes?: RawRoute[];
}

export interface RawRouteConfig {
  wallarm_application: number;
  wallarm_mode: WallarmMode;
  routes?: RawRoute[];
}

const LOCATION = /^(=|\^~|~\*|~)?\s*([\s\S]*)$/;

/** `*` matches any run of characters (dots included); everything else is literal; case-insensitive. */
export function hostWildcard(pattern: string): RegExp {
  const body = pattern
    .trim()
    .replace(/\.$/, '')
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

/** Parses one nginx-style location; a string is the problem (message, hint). */
export function parseLocation(text: string): RouteMatch | { message: string; hint: string } {
  const [, modifier, rest] = LOCATION.exec(text.trim()) as RegExpExecArray;
  const pattern = rest.trim();
  if (pattern === '')
    return {
      message: `route "${text}" has no path or pattern`,
      hint: 'write e.g. "/api", "= /login", "^~ /static/", "~ \\.php$" or "~* \\.(png|jpg)$"',
    };
  if (modifier === '~' || modifier === '~*') {
    try {
      return { kind: 'regex', regex: new RegExp(pattern, modifier === '~*' ? 'i' : '') };
    } catch (err) {
      return {
        message: `route "${text}": bad regular expression: ${(err as Error).message}`,
        hint: 'after ~ or ~* comes a regular expression; escape literal dots as \\.',
      };
    }
  }
  if (!pattern.startsWith('/')) {
    return {
      message: `route "${text}" does not start with "/"`,
      hint: 'a path prefix starts with "/"; for a pattern write "~ REGEX" (or "~* REGEX" to ignore case)',
    };
  }
  return { kind: modifier === '=' ? 'exact' : modifier === '^~' ? 'priority_prefix' : 'prefix', path: pattern };
}

function buildRule(src: ConfigSource, raw: RawRoute, at: DocPath): RouteRule {
  let match: RouteMatch | null = null;
  if (raw.route !== undefined) {
    const parsed = parseLocation(raw.route);
    if ('message' in parsed) src.problem([...at, 'route'], parsed.message, parsed.hint);
    else match = parsed;
  }
  const hosts = raw.host === undefined ? null : Array.isArray(raw.host) ? raw.host : [raw.host];
  hosts?.forEach((h, i) => {
    if (h.trim() === '')
      src.problem(
        Array.isArray(raw.host) ? [...at, 'host', i] : [...at, 'host'],
        'empty host name',
        'write a host name such as api.example.com or *.example.com',
      );
  });
  if (raw.wallarm_mode === 'block' || raw.wallarm_mode === 'safe_blocking') {
    src.warning(
      [...at, 'wallarm_mode'],
      `wallarm_mode ${raw.wallarm_mode}: this out-of-band node records attacks, it never blocks`,
      'use monitoring to say what happens',
    );
  }
  return {
    hosts: hosts && hosts.map(hostWildcard),
    match,
    application: raw.wallarm_application ?? null,
    mode: raw.wallarm_mode ?? null,
    routes: (raw.routes ?? []).map((r, i) => buildRule(src, r, [...at, 'routes', i])),
  };
}

export function buildRouteConfig(src: ConfigSource, raw: RawRouteConfig): RouteConfig {
  return {
    application: raw.wallarm_application,
    mode: raw.wallarm_mode,
    routes: (raw.routes ?? []).map((r, i) => buildRule(src, r, ['route_config', 'routes', i])),
  };
}
