import type { ValueSink } from './types';

/**
 * `multipart/form-data`: each part's value as ["multipart", name], its name as a `key` value and
 * its filename as ["multipart", name, "filename"]. Binary parts (files) are skipped by the caller's
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
  return isText(value) ? sink({ point, kind: 'multipart', name: name.toLowerCase(), value }) : true;
}

function param(header: string, key: string): string | null {
  const re = new RegExp(`(?:^|;)\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
  const m = re.exec(header);
  return m ? (m[1] ?? m[2] ?? '').trim() : null;
}

/** Mostly printable text (files such as images are not scanned as values). */
export function isText(s: string): boolean {
  const n = Math.min(s.length, 512);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) bad++;
  }
  return bad <= n * 0.1;
}
