/**
 * Request headers the HTTP RFCs define with a fixed grammar (tokens, media types, dates, numbers,
 * entity tags, credentials) that browsers and client libraries fill in themselves, lower case. One
 * list for the analyses that read headers: attack detection's tokenised detectors skip them
 * (attacks/detectors, FIXED_HEADERS) and API discovery never takes them for API parameters
 * (discovery/extract.ts, STANDARD_HEADERS); each adds the headers only its own purpose needs.
 */
export const FIXED_GRAMMAR_HEADERS: readonly string[] = [
  'accept',
  'accept-encoding',
  'accept-language',
  'accept-charset',
  'connection',
  'content-length',
  'content-type',
  'content-encoding',
  'transfer-encoding',
  'cache-control',
  'pragma',
  'if-modified-since',
  'if-none-match',
  'upgrade-insecure-requests',
  'te',
  'priority',
  'dnt',
  'range',
  'authorization',
  'if-match',
  'keep-alive',
  'expect',
];
