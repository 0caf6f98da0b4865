/**
 * One request as the analyses read it, each part worked out once and only when first asked for:
 * attack extraction (attacks/points/extract.ts), API discovery's facts (discovery/extract.ts) and,
 * through those facts, sessions read the same view instead of each splitting the target, parsing
 * the cookies, undoing the Content-Encoding, decoding the body to text and parsing its JSON apart
 * (docs/performance.md "One view of the request"). A view is a pure function of its request,
 * which no longer changes once complete, so a view made again gives the same parts; the parts
 * are shared and read-only for every caller.
 */
import { decodeContent, type DecodedContent } from '../../http/content-decoding';
import { headerValue } from '../../http/headers';
import { forEachCookie, mediaTypeEssence, targetPath, targetQuery } from '../../http/request';
import type { HttpRequest } from '../../http/types';
import { parseJsonShared } from '../json-document';

/** Not parsed yet (a document can be `undefined`: text that is no JSON). */
const UNREAD: unique symbol = Symbol('unread');

export class RequestView {
  private pathText: string | null = null;
  private queryText: string | null = null;
  private contentTypeValue: string | null | undefined = undefined;
  private mediaTypeText: string | null = null;
  private cookieList: Array<[string, string]> | null = null;
  private cookieEnds: number[] = [];
  private decodedLimit = -1;
  private decodedBody: DecodedContent | null = null;
  private text: string | null = null;
  private doc: unknown = UNREAD;

  constructor(readonly request: HttpRequest) {}

  /** The path as sent (targetPath). */
  get path(): string {
    return (this.pathText ??= targetPath(this.request.target));
  }

  /** The query as sent, '' when none (targetQuery). */
  get query(): string {
    return (this.queryText ??= targetQuery(this.request.target));
  }

  /** The Content-Type header's value, null when there is none. */
  get contentType(): string | null {
    if (this.contentTypeValue === undefined) this.contentTypeValue = headerValue(this.request.headers, 'content-type');
    return this.contentTypeValue;
  }

  /** The Content-Type's essence (`type/subtype`, lower case), '' when there is none. */
  get mediaType(): string {
    return (this.mediaTypeText ??= mediaTypeEssence(this.contentType));
  }

  /** The pairs of every Cookie header, in order, name-less ones included (requestCookies). */
  get cookies(): Array<[string, string]> {
    if (this.cookieList === null) {
      let out: Array<[string, string]> | null = null;
      // Indexed: the destructuring loop's iterator was most of this getter's own time in a profile
      // on the shipped node (docs/performance.md "The attack stage per transaction (branch
      // i22-attacks, second session)"), as extractHeaders' was (branch i22-alloc).
      const headers = this.request.headers;
      for (let h = 0; h < headers.length; h++) {
        const n = headers[h][0];
        if (n.length !== 6 || n.toLowerCase() !== 'cookie') continue;
        const pairs = cookiePairs(headers[h][1]);
        // One Cookie header (nearly every request): its remembered pairs as they are.
        if (out === null) out = pairs;
        else {
          if (this.cookieEnds.length === 1) out = out.slice();
          for (const p of pairs) out.push(p);
        }
        this.cookieEnds.push(out.length);
      }
      this.cookieList = out ?? [];
    }
    return this.cookieList;
  }

  /** Where the pairs of the `k`-th Cookie header (from 0) end in `cookies`; they start where the previous one's end. */
  cookiesEnd(k: number): number {
    if (this.cookieList === null) void this.cookies;
    return this.cookieEnds[k];
  }

  /**
   * The body with its Content-Encoding undone within `decompressBytes` (decodeContent). Every
   * caller passes limits.decompressBytes; another cap is decoded anew (and then remembered).
   */
  decoded(decompressBytes: number): DecodedContent {
    if (this.decodedBody === null || this.decodedLimit !== decompressBytes) {
      this.decodedBody = decodeContent(this.request.body, this.request.headers, { decompressBytes });
      this.decodedLimit = decompressBytes;
      this.text = null;
      this.doc = UNREAD;
    }
    return this.decodedBody;
  }

  /** The decoded body (decoded(decompressBytes).data) as UTF-8 text. */
  decodedText(decompressBytes: number): string {
    const data = this.decoded(decompressBytes).data;
    return (this.text ??= data.toString('utf8'));
  }

  /**
   * JSON.parse of `text` (undefined when it is no JSON), read-only. The decoded body's text (the
   * same string, as both readers get it from decodedText) is parsed once per view; any other
   * text goes to the shared parse (../json-document).
   */
  json(text: string): unknown {
    if (text !== this.text) return parseJsonShared(text);
    if (this.doc === UNREAD) this.doc = parseJsonShared(text);
    return this.doc;
  }
}

function collect(out: Array<[string, string]>, name: string, value: string): boolean {
  out.push([name, value]);
  return true;
}

/**
 * The pairs of the latest Cookie header values, by their text. A client sends the same Cookie
 * header on every request of a connection, and the head parser hands it as the same string
 * (http/head-parser.ts `previous`), whose hash V8 keeps in the string: finding it again here
 * hashes nothing, and its pairs come back as the same strings, whose hashes V8 keeps too, so the
 * detectors' value memory, discovery's parameter descriptions and the session keys look them up
 * without hashing them again (docs/performance.md "One prose search, cookies per connection
 * (branch i22-shared)"). An equal text from another connection finds the same pairs. The pairs
 * are a pure function of the text, so a remembered parse is the parse; the memory is dropped
 * whole at MAX_COOKIE_TEXTS texts or MAX_COOKIE_CHARS characters of them.
 */
const MAX_COOKIE_TEXTS = 1024;
const MAX_COOKIE_CHARS = 1 << 20;
const cookieParses = new Map<string, Array<[string, string]>>();
let cookieChars = 0;

/** forEachCookie's pairs of one Cookie header value (shared and read-only: remembered by its text). */
export function cookiePairs(text: string): Array<[string, string]> {
  let pairs = cookieParses.get(text);
  if (pairs !== undefined) return pairs;
  pairs = [];
  forEachCookie(text, pairs, collect);
  if (cookieParses.size >= MAX_COOKIE_TEXTS || cookieChars + text.length > MAX_COOKIE_CHARS) {
    cookieParses.clear();
    cookieChars = 0;
  }
  if (text.length <= MAX_COOKIE_CHARS) {
    cookieParses.set(text, pairs);
    cookieChars += text.length;
  }
  return pairs;
}

/**
 * Views of the latest requests, by identity: a request is searched for attacks at its response's
 * head and described by discovery at its end, with other connections' requests in between. A
 * request no longer here gets a new view (the same parts, worked out again).
 */
const SLOTS = 8;
const requests: Array<HttpRequest | null> = new Array<HttpRequest | null>(SLOTS).fill(null);
const views: Array<RequestView | null> = new Array<RequestView | null>(SLOTS).fill(null);
let next = 0;

/** The view of `req` (the one made before while it is among the latest SLOTS requests). */
export function requestView(req: HttpRequest): RequestView {
  for (let i = 0; i < SLOTS; i++) if (requests[i] === req) return views[i]!;
  const view = new RequestView(req);
  requests[next] = req;
  views[next] = view;
  next = (next + 1) % SLOTS;
  return view;
}

/** Views made so far forgotten (tests: requests built anew with the same identity cannot happen, but a test may mutate one). */
export function forgetRequestViews(): void {
  requests.fill(null);
  views.fill(null);
  cookieParses.clear();
  cookieChars = 0;
}
