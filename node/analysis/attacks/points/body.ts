import { mediaTypeEssence, mediaTypeParam } from '../../../http/request';
import type { Budget } from '../budget';
import { extractJson } from './json';
import { extractMultipart, isText, isTextWithNuls } from './multipart';
import { parseUrlEncoded } from './params';
import type { ValueSink } from './types';
import type { RequestView } from '../../shared/request-view';
import { extractXml } from './xml';

/**
 * Request body by declared media type, falling back to the shape of the text when the type is
 * missing or wrong (attackers and sloppy clients both mislabel): url-encoded form as
 * ["form", name...], JSON as ["json", ...], XML as ["xml", ...], multipart as ["multipart", name],
 * anything else that is text as ["body"]. Binary bodies are not scanned. With the request's view,
 * its JSON is the view's document (parsed once for attacks and discovery).
 */
export function extractBody(
  text: string,
  contentType: string,
  budget: Budget,
  sink: ValueSink,
  view: RequestView | null = null,
): boolean {
  const type = mediaTypeEssence(contentType);
  const maxDepth = budget.limits.maxStructureDepth;
  if (type === 'multipart/form-data') {
    const boundary = mediaTypeParam(contentType, 'boundary');
    if (boundary) return extractMultipart(text, boundary, sink);
  }
  const declaredJson = type.endsWith('json');
  // A body declared as structured text is judged NULs aside (isTextWithNuls), like a form field.
  const structured = declaredJson || type.endsWith('xml') || type === 'application/x-www-form-urlencoded';
  if (!(structured ? isTextWithNuls(text) : isText(text))) return true;
  const trimmed = text.trimStart();
  const looksJson = trimmed.startsWith('{') || trimmed.startsWith('[');
  if (declaredJson || looksJson) {
    const done = extractJson(text, maxDepth, sink, declaredJson && looksJson, undefined, view);
    if (done !== null) return done;
  }
  if (
    type.endsWith('xml') ||
    trimmed.startsWith('<?xml') ||
    /^<!doctype\s+\w+\s*(?:\[|system|public)/i.test(trimmed) ||
    (trimmed.startsWith('<') && type.includes('soap'))
  ) {
    return extractXml(text, budget, sink);
  }
  if (type === 'application/x-www-form-urlencoded' || (type === '' && /^[\w.\-[\]%]+=/.test(trimmed))) {
    return parseUrlEncoded(text, 'form', 'form', maxDepth, sink);
  }
  const boundary = type === 'multipart/form-data' || type === '' ? ownBoundary(text) : null;
  if (boundary !== null) return extractMultipart(text, boundary, sink);
  return sink({ point: ['body'], kind: 'body', name: '', value: text });
}

/** How far into a body its first part's head is looked for (the delimiter line, then header lines). */
export const MAX_OWN_BOUNDARY_HEAD = 1024;
/** A delimiter line of RFC 2046 section 5.1.1: `--`, then 1-70 characters of bchars, not ending in a space. */
const DELIMITER_LINE = /^--([0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?])[ \t]*\r?\n/;
/** A header line of the part naming it a form field (RFC 7578 section 4.2). */
const FORM_DATA_PART = /^content-disposition[ \t]*:[ \t]*form-data\b/im;

/**
 * The boundary of a multipart body sent without the header that declares it (no Content-Type, or
 * `multipart/form-data` without `boundary=`): its first line is a delimiter and the part after it
 * is headed `Content-Disposition: form-data`, as a form written by hand or replayed without its
 * headers is (CRS sends one). PHP, Go's net/http, Django and busboy parse parts only by the declared
 * boundary, so such an application gets the raw body (`php://input`) and splits it itself, or
 * hands the body on whole to a back end that does; it is read as the multipart form it is written
 * as, so what a filename or a field holds is judged at its own point (read as one text, its part
 * headers look like a mail's, and a filename is no value of its own). A text that merely opens with `--` (a mail signature,
 * an SQL comment, YAML front matter) has no form-data part after it and stays one text value.
 */
export function ownBoundary(text: string): string | null {
  const delimiter = DELIMITER_LINE.exec(text);
  if (delimiter === null) return null;
  const rest = text.slice(delimiter[0].length, MAX_OWN_BOUNDARY_HEAD);
  const blank = rest.search(/\r?\n\r?\n/);
  const head = blank < 0 ? rest : rest.slice(0, blank);
  return FORM_DATA_PART.test(head) ? delimiter[1] : null;
}
