import type { Budget } from '../budget';
import type { ValueSink } from './types';

/**
 * A forgiving single-pass XML reader (bodies are attacker-written and often not well formed):
 * element text as ["xml", element path...], attributes as ["xml", path..., "@name"], comments as
 * [..., "#comment"], processing instructions other than the XML declaration and stylesheets as
 * [..., "#pi"] (`<?php ... ?>`), the DOCTYPE declaration as written as ["xml","!DOCTYPE"] (kind `doctype`),
 * and the whole document once as ["xml"] (kind `markup`, for HTML smuggled in XML).
 * A document declaring `encoding="UTF-7"` is read after UTF-7 decoding.
 */
export function extractXml(input: string, budget: Budget, sink: ValueSink): boolean {
  const text = inDeclaredEncoding(input);
  if (!sink({ point: ['xml'], kind: 'markup', name: '', value: text })) return false;
  const maxDepth = budget.limits.maxStructureDepth;
  const stack: string[] = [];
  const content: string[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = lt < 0 ? text.slice(i) : text.slice(i, lt);
    if (chunk.trim() !== '' && content.length > 0) content[content.length - 1] += chunk;
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const end = endOf(text, '-->', lt + 4);
      const point = ['xml', ...stack, '#comment'];
      if (!sink({ point, kind: 'xml', name: '#comment', value: text.slice(lt + 4, end - 3) })) return false;
      i = end;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = endOf(text, ']]>', lt + 9);
      if (content.length > 0) content[content.length - 1] += text.slice(lt + 9, end - 3);
      i = end;
    } else if (/^<!doctype/i.test(text.slice(lt, lt + 9))) {
      const end = doctypeEnd(text, lt + 9);
      if (!sink({ point: ['xml', '!DOCTYPE'], kind: 'doctype', name: '!doctype', value: text.slice(lt, end) })) return false;
      i = end;
    } else if (text[lt + 1] === '?' && !/^<\?xml(?:-stylesheet)?[\s?]/i.test(text.slice(lt, lt + 17))) {
      // A processing instruction for another program than an XML reader (`<?php phpinfo(); ?>`):
      // whatever later includes the stored document runs it, so it is read as a value.
      const close = text.indexOf('?>', lt + 2);
      const end = close < 0 ? endOf(text, '>', lt + 2) : close + 2;
      if (!sink({ point: ['xml', ...stack, '#pi'], kind: 'xml', name: '#pi', value: text.slice(lt, end) })) return false;
      i = end;
    } else if (text[lt + 1] === '?' || text[lt + 1] === '!') {
      i = endOf(text, '>', lt + 2);
    } else if (text[lt + 1] === '/') {
      const end = endOf(text, '>', lt + 2);
      const name = text.slice(lt + 2, end - 1).trim();
      const at = stack.lastIndexOf(name);
      if (at >= 0 && !closeElements(stack, content, at, sink)) return false;
      i = end;
    } else {
      const tag = readTag(text, lt + 1);
      if (tag === null) {
        if (content.length > 0) content[content.length - 1] += '<';
        i = lt + 1;
        continue;
      }
      const path = ['xml', ...stack, tag.name];
      for (const [attr, value] of tag.attrs) {
        if (!sink({ point: [...path, '@' + attr], kind: 'xml', name: attr.toLowerCase(), value })) return false;
      }
      if (!tag.selfClosing) {
        if (stack.length >= maxDepth) {
          budget.trim('structure_depth');
        } else {
          stack.push(tag.name);
          content.push('');
        }
      }
      i = tag.end;
    }
  }
  return closeElements(stack, content, 0, sink);
}

/**
 * Closes the open elements down to depth `to` (a closing tag closes the ones left open inside
 * it; the end of the document closes all), innermost first: each element's text as its value.
 */
function closeElements(stack: string[], content: string[], to: number, sink: ValueSink): boolean {
  while (stack.length > to) {
    const body = content.pop() ?? '';
    if (
      body.trim() !== '' &&
      !sink({ point: ['xml', ...stack], kind: 'xml', name: stack[stack.length - 1].toLowerCase(), value: body })
    )
      return false;
    stack.pop();
  }
  return true;
}

interface Tag {
  name: string;
  attrs: Array<[string, string]>;
  selfClosing: boolean;
  end: number;
}

function readTag(s: string, from: number): Tag | null {
  const nameMatch = /[A-Za-z_][\w.:-]*/y;
  nameMatch.lastIndex = from;
  const m = nameMatch.exec(s);
  if (!m) return null;
  const attrs: Array<[string, string]> = [];
  const attr = /\s*([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/y;
  let i = from + m[0].length;
  for (;;) {
    attr.lastIndex = i;
    const a = attr.exec(s);
    if (!a || a[0].length === 0) break;
    attrs.push([a[1], a[2] ?? a[3] ?? a[4] ?? '']);
    i = attr.lastIndex;
  }
  while (i < s.length && /\s/.test(s[i])) i++;
  const selfClosing = s[i] === '/';
  if (selfClosing) i++;
  if (s[i] === '>') i++;
  return { name: m[0], attrs, selfClosing, end: i };
}

function endOf(s: string, marker: string, from: number): number {
  const at = s.indexOf(marker, from);
  return at < 0 ? s.length : at + marker.length;
}

/** End of `<!DOCTYPE ...>` including an internal subset `[...]` with its own `>`s. */
function doctypeEnd(s: string, from: number): number {
  let inSubset = false;
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '>' && !inSubset) return i + 1;
  }
  return s.length;
}

/**
 * A document as its XML declaration says it is written: one declaring `encoding="UTF-7"` decoded
 * (an XML parser does so), any other as it is. Also read by the xxe detector for a document in a
 * parameter (detectors/xxe.ts).
 */
export function inDeclaredEncoding(input: string): string {
  return /^\s*<\?xml[^>]{0,200}encoding\s*=\s*["']utf-7["']/i.test(input) ? decodeUtf7(input) : input;
}

/** RFC 2152: `+` base64(UTF-16BE) `-`; `+-` is "+". */
function decodeUtf7(s: string): string {
  return s.replace(/\+([A-Za-z0-9+/]*)-?/g, (_m, b64: string) => {
    if (b64 === '') return '+';
    const bytes = Buffer.from(b64, 'base64');
    let out = '';
    for (let k = 0; k + 1 < bytes.length; k += 2) out += String.fromCharCode((bytes[k] << 8) | bytes[k + 1]);
    return out;
  });
}
