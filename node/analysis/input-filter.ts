/**
 * input_filters: whether a request is analysed. A rule matches when every condition it has
 * matches; a request is inspected when it matches some inspect rule (or there are none) and no
 * bypass rule.
 */
import { anyNetworkContains, parseIp } from '../config/ip';
import type { FilterRule, InputFilters } from '../config/types';
import type { HeaderList } from '../http/types';

export interface FilterSubject {
  /** Path as routes see it (normalized when url_normalize is on). */
  path: string;
  /** The request target as sent. */
  target: string;
  headers: HeaderList;
  /** After proxy_headers. */
  clientIp: string;
}

function headerMatches(headers: HeaderList, name: string, patterns: readonly RegExp[]): boolean {
  for (const [n, v] of headers) {
    if (n.length !== name.length || n.toLowerCase() !== name) continue;
    for (const re of patterns) if (re.test(v)) return true;
  }
  return false;
}

export function ruleMatches(rule: FilterRule, s: FilterSubject): boolean {
  if (rule.path !== null && !rule.path.test(s.path)) return false;
  if (rule.url !== null && !rule.url.test(s.target)) return false;
  for (const h of rule.headers) if (!headerMatches(s.headers, h.name, h.patterns)) return false;
  if (rule.networks !== null) {
    const ip = parseIp(s.clientIp);
    if (ip === null || !anyNetworkContains(rule.networks, ip)) return false;
  }
  return true;
}

/** True when input_filters say the request is analysed. */
export function shouldInspect(filters: InputFilters, s: FilterSubject): boolean {
  for (const rule of filters.bypass) if (ruleMatches(rule, s)) return false;
  if (filters.inspect.length === 0) return true;
  for (const rule of filters.inspect) if (ruleMatches(rule, s)) return true;
  return false;
}

/** True when there is nothing to evaluate (the common case: skip building a subject). */
export function filtersEmpty(filters: InputFilters): boolean {
  return filters.inspect.length === 0 && filters.bypass.length === 0;
}
