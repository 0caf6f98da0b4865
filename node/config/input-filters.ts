/** input_filters -> InputFilters: regexes compiled and CIDRs parsed once, at load. */
import type { FilterRule, InputFilters } from './types';
import { parseCidr } from './ip';

interface RawRule {
  path?: string;
  url?: string;
  headers?: Record<string, string | string[]>;
  ip_addresses?: string[];
}

export interface RawInputFilters {
  inspect?: RawRule[];
  bypass?: RawRule[];
}

// The schema's regex and cidr formats already accepted every value, so nothing below can fail.
function buildRule(raw: RawRule): FilterRule {
  return {
    path: raw.path === undefined ? null : new RegExp(raw.path),
    url: raw.url === undefined ? null : new RegExp(raw.url),
    headers: Object.entries(raw.headers ?? {}).map(([name, p]) => ({
      name: name.toLowerCase(),
      patterns: (Array.isArray(p) ? p : [p]).map((re) => new RegExp(re)),
    })),
    networks:
      raw.ip_addresses === undefined
        ? null
        : raw.ip_addresses.map((n) => parseCidr(n) as Exclude<ReturnType<typeof parseCidr>, string>),
  };
}

export function buildInputFilters(raw: RawInputFilters | undefined): InputFilters {
  return { inspect: (raw?.inspect ?? []).map(buildRule), bypass: (raw?.bypass ?? []).map(buildRule) };
}
