/**
 * The sample capture `npm start` replays: ordinary browsing and API traffic on keep-alive
 * connections, plus the seed's test attack (`curl http://<mirror source>/etc/passwd`) and a few
 * classic attacks, one of which the server answers in a way that proves it worked.
 */
import { buildScenario, apiExchanges, type Scenario } from './scenarios';
import { lorem } from './http-exchange';

const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n';

export function demoScenario(): Scenario {
  const server = '10.10.0.2';
  const conv = (client: string, port: number) => ({ client, server, clientPort: port, serverPort: 80, seed: port });
  return buildScenario('demo', [
    { opts: conv('10.10.0.1', 41001), exchanges: apiExchanges(1) },
    {
      opts: conv('10.10.0.3', 41002),
      exchanges: [
        { method: 'GET', target: '/', responseBody: lorem(5000, 1) },
        {
          method: 'GET',
          target: '/static/app.js',
          responseHeaders: [['Content-Type', 'application/javascript']],
          responseBody: lorem(20000, 2),
          responseGzip: true,
        },
        {
          method: 'POST',
          target: '/login',
          requestHeaders: [['Content-Type', 'application/x-www-form-urlencoded']],
          requestBody: 'user=alice&password=s3cret',
          status: 302,
          reason: 'Found',
          responseHeaders: [
            ['Location', '/home'],
            ['Set-Cookie', 'session=abc123; HttpOnly'],
          ],
        },
      ],
    },
    // The seed's step 5: curl http://<MIRROR_SOURCE_ADDRESS>/etc/passwd (nginx answers 404).
    {
      opts: conv('10.10.0.1', 41003),
      exchanges: [
        {
          method: 'GET',
          target: '/etc/passwd',
          requestHeaders: [
            ['User-Agent', 'curl/7.88.1'],
            ['Accept', '*/*'],
          ],
          status: 404,
          reason: 'Not Found',
          responseBody: '<html><body><h1>404 Not Found</h1></body></html>',
        },
      ],
    },
    {
      opts: conv('203.0.113.9', 41004),
      exchanges: [
        {
          method: 'GET',
          target: '/download?file=../../../../etc/passwd',
          status: 200,
          responseHeaders: [['Content-Type', 'text/plain']],
          responseBody: PASSWD,
        },
        {
          method: 'GET',
          target: "/products?id=1'%20UNION%20SELECT%20username,password%20FROM%20users--",
          status: 500,
          reason: 'Internal Server Error',
          responseBody: 'You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version',
        },
        { method: 'GET', target: '/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E', responseBody: '<p>No results</p>' },
      ],
    },
  ]);
}
