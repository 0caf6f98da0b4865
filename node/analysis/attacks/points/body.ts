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
  return sink({ point: ['body'], kind: 'body', name: '', value: text });
}
