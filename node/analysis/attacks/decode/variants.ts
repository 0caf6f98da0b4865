import type { Budget } from '../budget';
import { TEXT_HINTS } from '../detectors/gates';
import { BASE64_MIN_LENGTH, decodeBase64Text, decodeEmbeddedBase64, mayEmbedBase64 } from './base64';
import { decodeEntities, hasEntity } from './entities';
import { decodeJsEscapes, hasJsEscape } from './escapes';
import { jsonStrings, mayBeJsonContainer } from './json-strings';
import { hasPercentEscape, hasRawUtf8, percentDecode, rawUtf8Decode } from './percent';
import { memoized } from '../../../memo';

/**
 * The forms one value takes as it is decoded layer by layer: the value as received, then after
 * each round of percent / HTML entity / JS escape decoding, base64 when the whole value is text,
 * and Unicode compatibility folding (fullwidth `＜` is `<` to some servers). Detectors look at
 * every form, so an attack is found whichever layer the application decodes to. NULs are
 * removed from every form (they split keywords for filters but are dropped by many parsers).
 * The arrays may be shared: callers never change them.
 */
export function decodeVariants(raw: string, budget: Budget): readonly string[] {
  const first = stripNul(raw);
  if (!budget.takeDecoded(first.length)) return [first];
  // The layers depend on the value only; the budget is charged for them as if decoded here.
  const d = decodedLayers(raw, budget.limits.maxDecodeDepth);
  for (let i = 1; i < d.loop.length; i++) {
    if (!budget.takeDecoded(d.loop[i].length)) return d.loop.slice(0, i);
  }
  if (d.trimmed) budget.trim('decode_depth');
  if (d.folded !== null && budget.takeDecoded(d.folded.length)) return d.withFolded;
  return d.loop;
}

interface Layers {
  /** The value without NULs, then each decoded layer. */
  loop: string[];
  /** Decoding stopped at the depth limit with more to decode. */
  trimmed: boolean;
  /** The last layer's NFKC folding when it differs from every layer, else null. */
  folded: string | null;
  withFolded: string[];
}

/** Values repeat across requests (search words, paths, cookies): their layers are remembered. */
const layersByDepth = new Map<number, (raw: string) => Layers>();

function decodedLayers(raw: string, maxDepth: number): Layers {
  let layers = layersByDepth.get(maxDepth);
  if (layers === undefined) layersByDepth.set(maxDepth, (layers = memoized((r) => decodeLayers(r, maxDepth))));
  return layers(raw);
}

function decodeLayers(raw: string, maxDepth: number): Layers {
  const loop = [stripNul(raw)];
  let current = loop[0];
  let trimmed = false;
  const nul: string[] = raw.includes('\0') ? [raw] : [];
  // The first layer starts with the URL layer of the value, which is also a form of its own (below):
  // worked out once (docs/performance.md "The attack stage per transaction (branch i22-attacks4)").
  const firstUrl = urlLayer(current);
  for (let depth = 0; ; depth++) {
    const next = depth === 0 ? decodeOnceAfter(current, firstUrl, nul) : decodeOnce(current, nul);
    if (next === null) break;
    if (depth >= maxDepth) {
      trimmed = true;
      break;
    }
    if (loop.includes(next)) break;
    loop.push(next);
    current = next;
  }
  // Percent-encoding over character references or JS escapes (`%26%23106%3B` in a cookie or path
  // segment, as sent): the application reads the percent-decoded text, the form the query's value
  // has (its extractor percent-decodes), while decodeOnce goes on through the references in the
  // same layer; that form is added (branch i18-points).
  const url = stripNul(firstUrl);
  if (!loop.includes(url)) loop.push(url);
  const plusKept = plusKeptLayer(loop[0]);
  if (plusKept !== null && !loop.includes(stripNul(plusKept))) loop.push(stripNul(plusKept));
  if (nul.length > 0) for (const form of nulForms(nul)) if (!loop.includes(form)) loop.push(form);
  let folded: string | null = null;
  // Folded from the last decoded layer, before the strings of a JSON document (below) are added.
  const last = current;
  addJsonStrings(loop, maxDepth);
  if (/[^\x00-\x7f]/.test(last)) {
    const f = last.normalize('NFKC');
    if (f !== last && !loop.includes(f)) folded = f;
  }
  return { loop, trimmed, folded, withFolded: folded === null ? loop : [...loop, folded] };
}

/**
 * A form that is a JSON object or array (a document sent as one string: a parameter, a cookie, a
 * field of another JSON document, often after percent or base64): the application reads its
 * strings once it parses it, so each string, with its own layers, is a form too, as the same
 * string sent alone would be (docs/detection.md "Decoding", branch i18-points2). The first layer
 * that parses is read; each string is shorter than the document, so nesting ends.
 */
function addJsonStrings(loop: string[], maxDepth: number): void {
  for (let i = 0; i < loop.length; i++) {
    if (!mayBeJsonContainer(loop[i])) continue;
    const strings = jsonStrings(loop[i]);
    if (strings === null) continue;
    const seen = new Set(loop);
    for (const s of strings) {
      if (s === '' || isPlainWords(s)) continue;
      for (const form of decodedLayers(s, maxDepth).withFolded) {
        if (seen.has(form)) continue;
        seen.add(form);
        loop.push(form);
      }
    }
    return;
  }
}

/**
 * Words of letters, digits, `_ . -` with blanks between them and nothing else (`node index.js`,
 * `gift wrap`): a document's prose and its scripts. Such a string has no syntax but a plain
 * command line's, which rce deliberately does not read in a JSON document's strings (a package.json
 * sent as one field, test/unit/attacks/small-classes-third.test.ts); sqli reads the document's
 * strings itself (detectors/index.ts).
 */
function isPlainWords(s: string): boolean {
  return /\s/.test(s) && /^[\w.\s-]+$/.test(s);
}

/**
 * From GateMask's hints (the scan of a text): no escape, NUL or non-ASCII, so base64 is the only
 * decoding the text may take (when decodeBase64Text refuses it, decodeVariants gives the text alone).
 */
export function onlyBase64Possible(hints: number): boolean {
  return (hints & (TEXT_HINTS.ESCAPE | TEXT_HINTS.NUL | TEXT_HINTS.NON_ASCII)) === 0;
}

/**
 * From GateMask's hints (the scan of `raw`): no escape, NUL or non-ASCII, not base64 and no JSON
 * document, so decodeVariants would give `raw` alone (callers skip it then).
 */
export function isPlain(raw: string, hints: number): boolean {
  return (
    onlyBase64Possible(hints) &&
    (((hints & TEXT_HINTS.NOT_BASE64) !== 0 && !mayEmbedBase64(raw)) || raw.length < BASE64_MIN_LENGTH) &&
    !mayBeJsonContainer(raw)
  );
}

/**
 * What a NUL byte means to the readers behind the application besides being dropped
 * (docs/detection.md, "The rce language round, third session"): a C string (what `system()` and
 * `execve()` are given) ends at the first NUL, so the shell runs only what comes before it
 * (`;id%00.jpg` runs `;id`); a SQL lexer reads it as a blank (`1%00UNION%00SELECT`, as
 * libinjection does). One form of each per layer that had a NUL before it was removed.
 */
function nulForms(layers: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of layers) {
    const cut = t.slice(0, t.indexOf('\0')).trim();
    if (cut !== '') out.push(cut);
    out.push(t.replace(/\0+/g, ' '));
  }
  return out;
}

/**
 * One layer of decoding: raw UTF-8 bytes and percent (urlLayer), entities and JS escapes (or else
 * base64), NULs removed; null when nothing changes. A layer that had NULs before their removal is added to `withNul` when given.
 */
export function decodeOnce(s: string, withNul: string[] | null = null): string | null {
  return decodeOnceAfter(s, urlLayer(s), withNul);
}

/** decodeOnce with `url`, urlLayer(s), already worked out. */
function decodeOnceAfter(s: string, url: string, withNul: string[] | null): string | null {
  let t = url;
  if (hasEntity(t)) t = decodeEntities(t, '\0');
  if (hasJsEscape(t)) t = decodeJsEscapes(t);
  if (t === s) {
    const b = decodeBase64Text(s) ?? decodeEmbeddedBase64(s);
    if (b !== null) t = b;
  }
  if (t.includes('\0')) {
    // At most one per layer: the decode depth setting bounds them, the decoded-bytes budget charges their forms.
    if (withNul !== null) withNul.push(t);
    t = stripNul(t);
  }
  return t === s ? null : t;
}

/**
 * The bytes of a URL or header as an application's URL decoding reads them: raw UTF-8 bytes (a
 * header, a cookie, a request line sent unencoded, handed over one byte per character) as UTF-8,
 * as the query's percent-encoded bytes are, then percent-decoding; form-encoded text carried where
 * `+` is not decoded (JSON, path, multipart) still means space (docs/detection.md "Decoding").
 */
export function urlLayer(s: string): string {
  const t = hasRawUtf8(s) ? rawUtf8Decode(s) : s;
  return hasPercentEscape(t) ? percentDecode(t, mayBeFormEncoded(t)) : t;
}

/** Percent-encoded text with a `+` and no space: a form encoder's text, whose `+` is a space, or a plus sent as is. */
const mayBeFormEncoded = (t: string): boolean => t.includes('+') && !t.includes(' ');

/**
 * urlLayer's other reading of a `+`, as a plus, for text that also escapes a space as `%20`
 * (null for any other): a form encoder writes every space as `+` and never `%20`, so such text was
 * escaped by RFC 3986's rules, which leave `+` as it is (`A'%20+%20'B` in a path is `A' + 'B` to a
 * server's path decoding). A client may still mix both, so urlLayer's reading stays a form too.
 * Text without `%20` keeps urlLayer's reading alone (`1)+a-b%3Dc` of a form is `1) a-b=c`).
 */
export function plusKeptLayer(s: string): string | null {
  const t = hasRawUtf8(s) ? rawUtf8Decode(s) : s;
  return mayBeFormEncoded(t) && t.includes('%20') ? percentDecode(t, false) : null;
}

function stripNul(s: string): string {
  return s.includes('\0') ? s.replace(/\0/g, '') : s;
}
