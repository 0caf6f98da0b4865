/**
 * Content-Type values (RFC 9110 section 8.3.1: `type/subtype *( OWS ";" OWS name=value )`): the
 * one media-type parser for discovery, body extraction and the verdict's text checks
 * (docs/http.md, "Media types").
 *
 * - the essence is the text before the first `;`, trimmed and lower-cased (`Text/HTML ; x` is
 *   `text/html`); a value that is not `type/subtype` is kept as sent (lower-cased), so discovery
 *   reports what clients send; an empty essence is none;
 * - parameter names are case-insensitive (lower-cased), values case-sensitive; whitespace
 *   around `=` is tolerated (senders do it); a quoted value is unquoted (`\x` is `x`) and may hold
 *   `;`; parameters without `=` are skipped; the first of duplicate names wins.
 */
export interface MediaType {
  /** `type/subtype`, lower case. */
  essence: string;
  type: string;
  /** '' when the essence has no `/`. */
  subtype: string;
  /** Names lower case, values unquoted, in order. */
  params: Array<[string, string]>;
}

/** The essence (`type/subtype`, lower case) of a Content-Type value; '' for none. */
export function mediaTypeEssence(value: string | null): string {
  if (value === null) return '';
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
}

/** Calls visit(name, value) per parameter; stops when it returns false. */
function forEachParam(value: string, visit: (name: string, value: string) => boolean): void {
  let i = value.indexOf(';');
  while (i >= 0 && i < value.length) {
    const eq = value.indexOf('=', i + 1);
    const semi = value.indexOf(';', i + 1);
    if (eq < 0) return;
    if (semi >= 0 && semi < eq) {
      i = semi; // a parameter without '='
      continue;
    }
    const name = value
      .slice(i + 1, eq)
      .trim()
      .toLowerCase();
    let j = eq + 1;
    while (value.charCodeAt(j) === 0x20 || value.charCodeAt(j) === 0x09) j++;
    let text: string;
    if (value.charCodeAt(j) === 0x22) {
      text = '';
      j++;
      while (j < value.length && value.charCodeAt(j) !== 0x22) {
        if (value.charCodeAt(j) === 0x5c && j + 1 < value.length) j++;
        text += value[j];
        j++;
      }
      const next = value.indexOf(';', j);
      i = next;
    } else {
      const end = value.indexOf(';', j);
      text = (end < 0 ? value.slice(j) : value.slice(j, end)).trim();
      i = end;
    }
    if (name !== '' && !visit(name, text)) return;
  }
}

/** One parameter's value (name case-insensitive, first occurrence), unquoted; null when absent. */
export function mediaTypeParam(value: string | null, name: string): string | null {
  if (value === null || value.indexOf(';') < 0) return null;
  const wanted = name.toLowerCase();
  let found: string | null = null;
  forEachParam(value, (n, v) => {
    if (n !== wanted) return true;
    found = v;
    return false;
  });
  return found;
}

/** The whole media type, or null when the value has none. */
export function parseMediaType(value: string | null): MediaType | null {
  const essence = mediaTypeEssence(value);
  if (essence === '') return null;
  const slash = essence.indexOf('/');
  const params: Array<[string, string]> = [];
  const seen = new Set<string>();
  forEachParam(value!, (n, v) => {
    if (!seen.has(n)) params.push([n, v]);
    seen.add(n);
    return true;
  });
  return {
    essence,
    type: slash < 0 ? essence : essence.slice(0, slash),
    subtype: slash < 0 ? '' : essence.slice(slash + 1),
    params,
  };
}

/** Text a person or program reads: text/*, and JSON, XML, HTML, scripts and forms of any type. */
export function isTextMediaType(essence: string): boolean {
  return (
    essence === '' || essence.startsWith('text/') || /json|xml|html|javascript|ecmascript|x-www-form-urlencoded/.test(essence)
  );
}
