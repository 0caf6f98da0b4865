import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { AttackDetector } from '../../../node/analysis/attacks';
import { maskHeaders, maskTarget } from '../../../node/records/mask';
import { RELAXED, tx, type TxSpec } from './helpers';

const verdict = (spec: TxSpec) => new AttackDetector(RELAXED).detect(tx(spec))?.verdict;
const html: [string, string] = ['Content-Type', 'text/html; charset=utf-8'];

test('no response: attempt', () => {
  assert.equal(verdict({ target: '/etc/passwd', response: null }), 'attempt');
});

test('blocked: 403/406/429, or an error page that says so', () => {
  for (const status of [403, 406, 429]) assert.equal(verdict({ target: '/etc/passwd', response: { status } }), 'blocked');
  assert.equal(
    verdict({
      target: '/etc/passwd',
      response: { status: 400, body: '<h1>Request blocked by the web application firewall</h1>' },
    }),
    'blocked',
  );
  assert.equal(verdict({ target: '/etc/passwd', response: { status: 404, body: 'not found' } }), 'attempt');
});

test('succeeded: the response proves it, per class', () => {
  const passwd = 'root:x:0:0:root:/root:/bin/bash\n';
  assert.equal(verdict({ target: '/d?f=../../../../etc/passwd', response: { status: 200, body: passwd } }), 'succeeded');
  assert.equal(
    verdict({
      target: '/d?f=..%5C..%5Cwindows%5Cwin.ini',
      response: { status: 200, body: '; for 16-bit app support\r\n[fonts]\r\n[extensions]\r\n' },
    }),
    'succeeded',
  );
  assert.equal(
    verdict({
      target: "/p?id=1'%20union%20select%201--",
      response: { status: 500, body: 'You have an error in your SQL syntax; check the manual' },
    }),
    'succeeded',
  );
  assert.equal(
    verdict({
      target: '/p?h=127.0.0.1%3Bid',
      response: { status: 200, body: 'PING ok\nuid=33(www-data) gid=33(www-data) groups=33(www-data)' },
    }),
    'succeeded',
  );
  assert.equal(
    verdict({
      target: '/s?q=%3Cscript%3Ealert(1)%3C/script%3E',
      response: { status: 200, headers: [html], body: '<p>Results for <script>alert(1)</script></p>' },
    }),
    'succeeded',
  );
  assert.equal(
    verdict({
      target: '/s?q=%3Cscript%3Ealert(1)%3C/script%3E',
      response: { status: 200, headers: [html], body: '<p>Results for &lt;script&gt;alert(1)&lt;/script&gt;</p>' },
    }),
    'attempt',
  );
  assert.equal(
    verdict({
      target: '/f?url=http://169.254.169.254/latest/meta-data/',
      response: { status: 200, body: 'ami-id\nami-launch-index\ninstance-id\n' },
    }),
    'succeeded',
  );
  assert.equal(verdict({ target: '/h?name=%7B%7B7*7%7D%7D', response: { status: 200, body: 'Hello 49!' } }), 'succeeded');
  assert.equal(
    verdict({ target: '/h?name=%7B%7B7*7%7D%7D', response: { status: 200, body: 'Hello {{7*7}} (49 visitors)' } }),
    'attempt',
  );
});

test('gzip response bodies are decoded for the verdict', () => {
  const body = gzipSync(Buffer.from('root:x:0:0:root:/root:/bin/bash\n'));
  assert.equal(
    verdict({ target: '/etc/passwd', response: { status: 200, headers: [['Content-Encoding', 'gzip']], body } }),
    'succeeded',
  );
});

test('credentials are masked, names and schemes kept', () => {
  assert.deepEqual(
    maskHeaders([
      ['Authorization', 'Basic YWxpY2U6czNjcmV0'],
      ['Proxy-Authorization', 'Bearer abc.def'],
      ['Cookie', 'sid=123; theme=dark'],
      ['Set-Cookie', 'session=abc; Path=/; HttpOnly'],
      ['X-Api-Key', 'k-123'],
      ['X-Auth-Token', 't'],
      ['Accept', '*/*'],
    ]),
    [
      ['Authorization', 'Basic ***'],
      ['Proxy-Authorization', 'Bearer ***'],
      ['Cookie', 'sid=***; theme=***'],
      ['Set-Cookie', 'session=***; Path=/; HttpOnly'],
      ['X-Api-Key', '***'],
      ['X-Auth-Token', '***'],
      ['Accept', '*/*'],
    ],
  );
  assert.equal(maskTarget('/login?user=bob&password=s3cret&next=/'), '/login?user=bob&password=***&next=/');
});

test('succeeded: back-end errors for LDAP, NoSQL and template injection; injected header and redirect', () => {
  assert.equal(
    verdict({
      target: '/u?user=*)(uid=*))(|(uid=*',
      response: { status: 500, body: 'javax.naming.directory.InvalidSearchFilterException: Bad search filter' },
    }),
    'succeeded',
  );
  assert.equal(
    verdict({
      target: '/u?q=%27%3B%20return%20true%3B%20var%20x%3D%27',
      response: { status: 500, body: 'MongoServerError: $where SyntaxError: unterminated string' },
    }),
    'succeeded',
  );
  assert.equal(
    verdict({ target: '/h?name=%7B%7B7*7%7D%7D', response: { status: 500, body: 'jinja2.exceptions.UndefinedError' } }),
    'succeeded',
  );
  assert.equal(
    verdict({ target: '/l?lang=en%0d%0aSet-Cookie:%20admin=1', response: { status: 200, headers: [['Set-Cookie', 'admin=1']] } }),
    'succeeded',
  );
  assert.equal(
    verdict({
      target: '/login?next=https://evil.example.net/',
      response: { status: 302, headers: [['Location', 'https://evil.example.net/']] },
    }),
    'succeeded',
  );
  assert.equal(verdict({ target: '/login?next=//evil.example.net/', response: { status: 200, body: 'ok' } }), 'attempt');
});
