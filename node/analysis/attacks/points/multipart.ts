import { DOCUMENT_SIGNATURE } from '../decode/base64';
import type { RequestPoint } from '../../../records/types';
import type { ValueSink } from './types';

/**
 * `multipart/form-data`: each part's value as ["multipart", name], its name as a `key` value,
 * its filename as ["multipart", name, "filename"] and its other headers as ["multipart", name, header]. Binary parts (files) are skipped by the caller's
 * text check; a missing closing boundary (truncated body) still yields the parts seen.
 */
export function extractMultipart(body: string, boundary: string, sink: ValueSink): boolean {
  const delimiter = '--' + boundary;
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.startsWith('--', start)) break;
    const next = body.indexOf('\r\n' + delimiter, start);
    const nextLf = next < 0 ? body.indexOf('\n' + delimiter, start) : next;
    const end = nextLf < 0 ? body.length : nextLf;
    if (!extractPart(body.slice(start, end), sink)) return false;
    at = nextLf < 0 ? -1 : body.indexOf(delimiter, nextLf);
  }
  return true;
}

function extractPart(part: string, sink: ValueSink): boolean {
  const crlf = part.indexOf('\r\n\r\n');
  const lf = part.indexOf('\n\n');
  const split = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : lf >= 0 ? [lf, 2] : [part.length, 0];
  const head = part.slice(0, split[0]);
  const value = part.slice(split[0] + split[1]);
  const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? '';
  const name = param(disposition, 'name') ?? '';
  const filename = param(disposition, 'filename');
  const point = ['multipart', name];
  if (name !== '' && !sink({ point, kind: 'key', name: name.toLowerCase(), value: name })) return false;
  if (filename !== null && !sink({ point: [...point, 'filename'], kind: 'filename', name: 'filename', value: filename }))
    return false;
  if (!extractPartHeaders(head, point, sink)) return false;
  const text = filename === null ? isTextWithNuls(value) : isText(value);
  return text ? sink({ point, kind: 'multipart', name: name.toLowerCase(), value }) : true;
}

/**
 * A part's own headers but Content-Disposition (whose name and filename are read above), as
 * ["multipart", name, header]: read as the request's headers are (kind `header`, by their name:
 * a part's Content-Type as the request's, a free one as X-Note), since a server hands them to the
 * application as sent (a file's type; branch i18-points2, docs/detection.md "Request points").
 */
function extractPartHeaders(head: string, point: RequestPoint, sink: ValueSink): boolean {
  for (let at = 0; at < head.length;) {
    let end = head.indexOf('\n', at);
    if (end < 0) end = head.length;
    const line = head.slice(at, head.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
    at = end + 1;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const header = line.slice(0, colon).trim();
    if (header === '' || /^content-disposition$/i.test(header)) continue;
    if (!sink({ point: [...point, header], kind: 'header', name: header.toLowerCase(), value: line.slice(colon + 1).trim() }))
      return false;
  }
  return true;
}

function param(header: string, key: string): string | null {
  const re = new RegExp(`(?:^|;)\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(header);
  return m ? (m[1] ?? m[2] ?? '').trim() : null;
}

/**
 * Mostly printable text (files such as images are not scanned as values): no window of 512
 * characters, sampled across the text (up to 16, spread evenly), is more than a tenth control
 * characters or undecodable bytes, and the text does not open with the signature of a document
 * format. A PDF opens with a few hundred characters of text (its header and object dictionaries)
 * before its compressed streams, so a check of the first window alone read it as text
 * (docs/detection.md, "Request points"); an uncompressed PDF or PostScript file is a document all
 * the same, not a value an application puts in a query.
 */
export function isText(s: string): boolean {
  // Text without one control character or undecodable byte passes every window: one search
  // settles it (4-5x cheaper than the windows on a 1 KB JSON body, docs/performance.md "The attack
  // stage per value (branch i22-attacks)"). Past 16 windows the windows sample, so reading the
  // whole text would cost more than they do.
  if (s.length <= TEXT_WINDOW * TEXT_WINDOWS && !UNPRINTABLE.test(s)) return !DOCUMENT_SIGNATURE.test(s);
  return isTextByWindows(s);
}

/**
 * isText of a form field or a body declared as JSON, XML or a form, NULs aside: such text carrying
 * NULs (`1\0UNION\0SELECT\02--`, a short field where three NULs are more than a tenth) is a value
 * with NULs, read as the query's is (decode/variants.ts removes them and reads the cut forms), not
 * a file; a file part (with a filename) or a body of another type is judged by isText alone.
 */
export function isTextWithNuls(s: string): boolean {
  return isText(s) || (s.includes('\0') && isText(s.replace(/\0/g, '')));
}

/** isText as the windows alone judge it: the reference its first search is pinned to (test/unit/attacks/text-check.test.ts). */
export function isTextByWindows(s: string): boolean {
  if (DOCUMENT_SIGNATURE.test(s)) return false;
  const step = Math.max(TEXT_WINDOW, Math.ceil(s.length / TEXT_WINDOWS));
  // The last window ends with the text (a short tail is not judged by its few characters alone).
  const last = Math.max(0, s.length - TEXT_WINDOW);
  for (let from = 0; from < s.length; from += step) if (!isTextWindow(s, Math.min(from, last))) return false;
  return true;
}

const TEXT_WINDOW = 512;
const TEXT_WINDOWS = 16;
/** A character isTextWindow counts against the text (a control other than tab, LF, CR; U+FFFD). */
const UNPRINTABLE = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]/;

function isTextWindow(s: string, from: number): boolean {
  const end = Math.min(s.length, from + TEXT_WINDOW);
  let bad = 0;
  for (let i = from; i < end; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad <= (end - from) * 0.1;
}
