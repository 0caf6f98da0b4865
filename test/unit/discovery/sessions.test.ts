import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../node/config/load';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { discoverySettings } from '../../../node/analysis/discovery/settings';
import { authSubject, SessionTracker } from '../../../node/analysis/sessions/tracker';
import { newSessionBook } from '../../../node/analysis/api-analyzer';
import type { SessionRecord } from '../../../node/records/types';
import { jwt } from '../../gen/api';
import { tx, type TxSpec } from './tx';

function tracker(yaml = '') {
  const r = loadConfigText(`mode: tcp-capture\n${yaml}`, 't.yaml');
  assert.ok('config' in r);
  const out: SessionRecord[] = [];
  const settings = discoverySettings(r.config);
  const book = newSessionBook(settings, true, (s) => out.push(s));
  const keyer = new SessionTracker(settings.sessions, (o) => book.add(o));
  return {
    t: {
      keyer,
      book,
      finish: () => book.finish(),
      get size() {
        return book.size;
      },
      counters: book.counters,
    },
    out,
  };
}

type Tracker = ReturnType<typeof tracker>['t'];

/** `template`: the inventory's template of the request (an inventory endpoint), or null (not one). */
function feed(t: Tracker, s: TxSpec, template: string | null = null) {
  const x = tx(s);
  const facts = extractFacts(x, { decompressBytes: 1 << 20 });
  t.keyer.observe(x, s.client ?? '10.0.0.1', 'api.test', facts, template ?? facts.path, template !== null);
}

const SEC = 1_000_000;

test('grouping keys in order: session cookie, Authorization subject, API key header, then IP + User-Agent', () => {
  const { t, out } = tracker();
  feed(t, {
    target: '/a',
    headers: [
      ['Cookie', 'theme=x; JSESSIONID=j1'],
      ['Authorization', `Bearer ${jwt({ sub: 'ann' }, 'k')}`],
    ],
  });
  feed(t, { target: '/b', headers: [['Authorization', `Bearer ${jwt({ sub: 'ann' }, 'k')}`]] });
  feed(t, { target: '/c', headers: [['X-API-Key', 'key1']] });
  feed(t, { target: '/d', headers: [['User-Agent', 'ua']] });
  t.finish();
  assert.deepEqual(
    out.map((s) => s.key),
    ['cookie:JSESSIONID', 'auth_subject', 'header:X-API-Key', 'ip_user_agent'],
  );
  assert.ok(out.every((s) => s.closed === 'end' && /^[0-9a-f]{32}$/.test(s.session_id)));
  // No context parameter in any request: an empty context, not a missing one.
  assert.ok(out.every((s) => JSON.stringify(s.context) === '{}'));
  assert.equal(authSubject('Basic ' + Buffer.from('bob:pw').toString('base64')), 'basic:bob');
  assert.match(authSubject('Bearer opaque-token-1')!, /^token:[0-9a-f]{16}$/);
});

test('idle timeout in capture time, ordered requests, context values, max_requests', () => {
  const { t, out } = tracker('api_discovery:\n  sessions:\n    idle_timeout: 10s\n    max_requests: 3\n');
  const cookie: [string, string] = ['Cookie', 'PHPSESSID=s1'];
  for (let i = 0; i < 5; i++)
    feed(t, { target: `/p?user_id=${7 + i}&page=${i}`, headers: [cookie], ts: i * SEC, status: 200 + i });
  assert.equal(out.length, 0);
  feed(t, { target: '/other', headers: [['Cookie', 'PHPSESSID=s2']], ts: 4 * SEC + 10 * SEC + 1 });
  assert.equal(out.length, 1, 'the first session went idle');
  const [s] = out;
  assert.equal(s.closed, 'idle');
  assert.equal(s.request_count, 5);
  assert.deepEqual(
    s.requests.map((r) => `${r.template} ${r.status}`),
    ['/p 200', '/p 201', '/p 202'],
  );
  assert.deepEqual(s.context, { user_id: '7' });
  assert.equal(t.counters.requestsNotListed, 2);
});

test('bounded: beyond max_sessions the longest-idle session is closed early (counted)', () => {
  const { t, out } = tracker('api_discovery:\n  sessions:\n    max_sessions: 100\n');
  for (let i = 0; i < 10_000; i++) feed(t, { target: '/x', headers: [['Cookie', `session=s${i}`]], ts: i });
  assert.equal(t.size, 100);
  assert.equal(t.counters.sessionsEvicted, 9_900);
  assert.equal(out.length, 9_900);
  assert.ok(out.every((s) => s.closed === 'evicted'));
});

test('request templates with a parameter inside a segment: /feed/page-1.atom and /feed/page-2.atom under /feed/page-{id}.atom', () => {
  const { t, out } = tracker();
  const cookie: [string, string] = ['Cookie', 'PHPSESSID=f1'];
  // The first request is seen before its endpoint is known; the second names the inventory template.
  feed(t, { target: '/feed/page-1.atom', headers: [cookie], ts: 0 });
  feed(t, { target: '/feed/page-2.atom', headers: [cookie], ts: SEC }, '/feed/page-{id}.atom');
  feed(t, { target: '/entries/video-comments', headers: [cookie], ts: 2 * SEC }, '/entries/{entryType}-comments');
  feed(t, { target: '/entries/comments', headers: [cookie], ts: 3 * SEC });
  t.finish();
  assert.deepEqual(
    out[0].requests.map((r) => r.template),
    ['/feed/page-{id}.atom', '/feed/page-{id}.atom', '/entries/{entryType}-comments', '/entries/comments'],
    'a mixed segment takes values of at least one character: `comments` is not `{entryType}-comments`',
  );
});
