import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttackDetector } from '../../../node/analysis/attacks';
import type { RequestContext } from '../../../node/analysis/attacks/detectors/request-context';
import { COMMITTED_MODELS, committedModels, DetectionModels } from '../../../node/analysis/attacks/models';
import type { ScoreModel } from '../../../node/analysis/attacks/detectors/scoring';
import type { HeaderList, HttpBody, HttpTransaction } from '../../../node/http/types';
import type { AttackClass } from '../../../node/records/types';

export function body(data: string | Buffer = ''): HttpBody {
  const inspect = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return { length: inspect.length, sha256: '', inspect, truncated: false, incomplete: false };
}

export interface TxSpec {
  method?: string;
  target: string;
  headers?: HeaderList;
  body?: string | Buffer;
  response?: { status: number; headers?: HeaderList; body?: string | Buffer } | null;
}

/** A transaction as the HTTP stage hands it over, from a short description. */
export function tx(spec: TxSpec): HttpTransaction {
  const headers: HeaderList = spec.headers ?? [
    ['Host', 'shop.example'],
    ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'],
    ['Accept', '*/*'],
  ];
  const res = spec.response;
  return {
    conn: {
      id: 1,
      client: { ip: '10.0.0.2', port: 40000 },
      server: { ip: '10.0.0.1', port: 80 },
      vlan: [],
      vni: null,
      midstream: false,
      firstTs: 0,
    },
    index: 0,
    request: {
      method: spec.method ?? 'GET',
      target: spec.target,
      version: 'HTTP/1.1',
      headers,
      body: body(spec.body),
      startTs: 0,
      endTs: 0,
    },
    response: res
      ? {
          status: res.status,
          reason: '',
          version: 'HTTP/1.1',
          headers: res.headers ?? [],
          body: body(res.body),
          startTs: 0,
          endTs: 0,
        }
      : null,
    interim: [],
  };
}

/**
 * Functional tests must not depend on machine speed: the time cap is tested on its own. And these tests send many unrelated values through one detector at the same few endpoints
 * (`/search?q=`), which no site's traffic is: parameter profiles would learn that mixture and judge
 * the next example by it. Attack classes are tested without them; profiles in profiles.test.ts.
 */
export const RELAXED = { maxMillisPerRequest: 60_000, anomaly: { enabled: false } };

/**
 * A detector with parameter profiles on (the default settings, or `opts`) and no per-request time cap: profile
 * examples count values learned and judged, and on a loaded machine the production cap (limits.attack_time_per_request)
 * could skip one and make the example depend on timing.
 */
export function profiled(opts: ConstructorParameters<typeof AttackDetector>[0] = {}): AttackDetector {
  return new AttackDetector({ maxMillisPerRequest: Number.POSITIVE_INFINITY, ...opts });
}

/** One line per hit of a detection: its class, point and, when it has one, its rule (what profile examples compare). */
export function hitLines(r: ReturnType<AttackDetector['detect']>): string[] {
  return (r?.hits ?? []).map((h) => `${h.class} ${JSON.stringify(h.point)}${h.rule ? ' ' + h.rule : ''}`);
}

/** The hit lines of a browser's `method` request with `query` at `path` on shop.example, answered 200 ok. */
export function queryHits(d: AttackDetector, method: string, path: string, query: string): string[] {
  const headers: HeaderList = [HOST, BROWSER];
  return hitLines(d.detect(tx({ method, target: `${path}?${query}`, headers, response: { status: 200, body: 'ok' } })));
}

/** The hit lines of a GET of `path` with one `name=value` pair, its value written plain and sent percent-encoded (queryHits). */
export function getHits(d: AttackDetector, path: string, pair: string): string[] {
  return queryHits(
    d,
    'GET',
    path,
    pair.replace(/=(.*)$/, (_, v: string) => `=${encodeURIComponent(v)}`),
  );
}

/** Five names of places, plain strings with no symbol (the young plain-string rules' examples). */
export const PLACES = ['kite harbor', 'gold maple', 'river stone', 'amber field', 'north gate'];

/** A profiled detector that has seen each value of `name` at `path`, in order (GET; queryHits). */
export function seenValues(path: string, name: string, values: readonly string[]): AttackDetector {
  const d = profiled();
  for (const v of values) queryHits(d, 'GET', path, `${name}=${encodeURIComponent(v)}`);
  return d;
}

/** A sqli score that never fires. */
const NEVER: ScoreModel = { bias: 0, threshold: Infinity, weights: {} };

/**
 * A detector (RELAXED) with no learned sqli fingerprint key and a sqli score that never fires: only the rules of the
 * SQL language are left, what traffic never seen in the corpora meets (docs/detection.md "SQL kinds of the language").
 */
export function sqlLanguageOnly(): AttackDetector {
  const scores = { ...COMMITTED_MODELS.scores, sqli: NEVER };
  return new AttackDetector({ ...RELAXED, models: new DetectionModels({ ...COMMITTED_MODELS, sqliFingerprints: [], scores }) });
}

/**
 * Where a test puts a value (one builder for every attack example file): `q` a query value,
 * `key` a query name, `next` the redirect parameter of a login page, `path` the whole target as
 * written, `ua`/`ref`/`accept`/`auth` a header (`ref` inside the Referer's query), `cookie` a
 * cookie, `form` a form field, `json` a JSON field, `xml` an XML element, `upload` a multipart
 * file name, `xfile` an upload's X-File-Name header. Values are percent-encoded where the point
 * needs it, so the application decodes `v` itself.
 */
export type Where =
  'q' | 'key' | 'next' | 'path' | 'ua' | 'ref' | 'accept' | 'auth' | 'cookie' | 'form' | 'json' | 'xml' | 'upload' | 'xfile';

export const HOST: [string, string] = ['Host', 'shop.example'];
export const BROWSER: [string, string] = ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'];

const post = (type: string, body: string): TxSpec => ({
  method: 'POST',
  target: '/submit',
  headers: [HOST, BROWSER, ['Content-Type', type]],
  body,
});

export function at(where: Where, v: string): TxSpec {
  const e = encodeURIComponent(v);
  switch (where) {
    case 'q':
      return { target: '/search?q=' + e, headers: [HOST, BROWSER] };
    case 'next':
      return { target: '/login?next=' + e, headers: [HOST, BROWSER] };
    case 'key':
      return { target: '/search?' + e + '=1', headers: [HOST, BROWSER] };
    case 'path':
      return { target: v, headers: [HOST, BROWSER] };
    case 'ua':
      return { target: '/', headers: [HOST, ['User-Agent', v]] };
    case 'ref':
      return { target: '/', headers: [HOST, BROWSER, ['Referer', 'https://x.example/?a=' + e]] };
    case 'accept':
      return { target: '/', headers: [HOST, BROWSER, ['Accept', v]] };
    case 'auth':
      return { target: '/', headers: [HOST, BROWSER, ['Authorization', v]] };
    case 'cookie':
      return { target: '/', headers: [HOST, BROWSER, ['Cookie', 'lang=en; pref=' + e]] };
    case 'form':
      return post('application/x-www-form-urlencoded', 'text=' + e);
    case 'json':
      return post('application/json', JSON.stringify({ note: v }));
    case 'xml':
      return post('application/xml', '<note>' + v.replace(/&/g, '&amp;').replace(/</g, '&lt;') + '</note>');
    case 'upload':
      return post(
        'multipart/form-data; boundary=XyZ',
        `--XyZ\r\nContent-Disposition: form-data; name="file"; filename="${v}"\r\nContent-Type: image/png\r\n\r\nPNGDATA\r\n--XyZ--\r\n`,
      );
    case 'xfile':
      return { method: 'PUT', target: '/upload', headers: [HOST, ['X-File-Name', v]], body: 'data' };
  }
}

/**
 * A request part as it is written on the wire, already encoded by the test: `q` the text after
 * `/search?q=`, `path` the whole target, `ua` the User-Agent, `ref` the whole Referer, `json`,
 * `form`, `xml` the whole body of that type.
 */
export function written(where: 'q' | 'path' | 'ua' | 'ref' | 'json' | 'form' | 'xml', text: string): TxSpec {
  switch (where) {
    case 'q':
      return at('path', '/search?q=' + text);
    case 'path':
    case 'ua':
      return at(where, text);
    case 'ref':
      return { target: '/', headers: [HOST, BROWSER, ['Referer', text]] };
    case 'json':
      return post('application/json', text);
    case 'form':
      return post('application/x-www-form-urlencoded', text);
    case 'xml':
      return post('application/xml', text);
  }
}

/** The classes `detector` reports for `v` put at `where`, each once. */
export function classesAt(detector: AttackDetector, where: Where, v: string): AttackClass[] {
  return [...new Set(detector.detect(tx(at(where, v)))?.hits.map((h) => h.class) ?? [])];
}

/**
 * A table of readable examples, one test each: every attack is found as its class at every point;
 * every look-alike is reported as none of `quiet` at any point.
 */
export function exampleTable(
  detector: AttackDetector,
  attacks: ReadonlyArray<readonly [AttackClass, string]>,
  lookAlikes: readonly string[],
  points: readonly Where[],
  quiet: readonly AttackClass[],
): void {
  for (const [cls, v] of attacks) {
    test(`${cls}: ${v}`, () => {
      for (const where of points) assert.ok(classesAt(detector, where, v).includes(cls), `${where}: ${v}`);
    });
  }
  for (const v of lookAlikes) {
    test(`benign: ${v}`, () => {
      for (const where of points) {
        const found = classesAt(detector, where, v).filter((c) => quiet.includes(c));
        assert.deepEqual(found, [], `${where}: ${v}`);
      }
    });
  }
}

/**
 * A table of named readable examples, one test each: every attack is found as its class at its
 * point; every look-alike is reported as nothing at its point.
 */
export function namedExamples(
  detector: AttackDetector,
  attacks: ReadonlyArray<readonly [string, AttackClass, Where, string]>,
  lookAlikes: ReadonlyArray<readonly [string, Where, string]>,
): void {
  const shown = (v: string) => JSON.stringify(v.length > 200 ? `${v.slice(0, 200)}…` : v);
  for (const [name, cls, where, v] of attacks) {
    test(`${cls}: ${name}`, () => {
      const got = classesAt(detector, where, v);
      assert.ok(got.includes(cls), `${where} ${shown(v)} -> ${got.join(',') || 'nothing'}`);
    });
  }
  for (const [name, where, v] of lookAlikes) {
    test(`benign: ${name}`, () => assert.deepEqual(classesAt(detector, where, v), [], `${where} ${shown(v)}`));
  }
}

/**
 * The request context a detector's own test is given in the property tests: a Struts action's
 * path (where `debug=command` is a scanner's question) and the committed models.
 */
export function actionContext(toolAgent: boolean): RequestContext {
  return { hosts: ['shop.example'], toolAgent, path: '/app/x.action', target: '/app/x.action', models: committedModels() };
}
