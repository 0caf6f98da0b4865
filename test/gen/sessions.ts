/**
 * A capture of API sessions spread over many connections (issue 23): six clients, each with a
 * session cookie and eight connections per burst, so the connections of one session land on
 * different analysis workers (or nodes); the same SQL error on every connection (one finding per
 * endpoint), a server banner (a finding per host), paths answered 404 before their host is known
 * (`/catalog/46/items`), and JSON answers. A second burst after idle_timeout starts every session
 * again.
 */
import { interleave, type GenPacket } from '../../node/sample/conversation';
import { renderConversation, type ConversationPlan } from '../../node/sample/scenarios';

const JSON_HEADERS: Array<[string, string]> = [['Content-Type', 'application/json']];

/** Client `c`'s connection `k`: a few API calls under its session cookie. */
function connection(c: number, k: number, burst: number): ConversationPlan {
  const host = 'api.example.com';
  const cookie: [string, string] = ['Cookie', `PHPSESSID=sess${c}`];
  const headers = [cookie, ['User-Agent', `client-${c}`] as [string, string]];
  return {
    opts: {
      client: `192.0.2.${c + 1}`,
      server: '198.51.100.7',
      clientPort: 40000 + burst * 1000 + c * 40 + k,
      serverPort: 80,
      seed: c * 100 + k + burst,
    },
    exchanges: [
      // Answered 404 first: a worker that knows nothing of the host yet keeps the literal path.
      ...(k === 0
        ? [
            {
              target: `/catalog/${40 + c}/items`,
              host,
              requestHeaders: headers,
              status: 404,
              reason: 'Not Found',
              responseBody: 'no',
            },
          ]
        : []),
      {
        target: `/catalog/${40 + k}/items?page=${k}&user_id=${c}`,
        host,
        requestHeaders: headers,
        responseHeaders: JSON_HEADERS,
        responseBody: JSON.stringify({ items: [{ sku: `s${k}`, price: k }], page: k }),
      },
      {
        method: 'POST',
        target: '/api/orders',
        host,
        requestHeaders: [...headers, ...JSON_HEADERS],
        requestBody: JSON.stringify({ sku: `s${k}`, qty: 1 }),
        status: 201,
        reason: 'Created',
        responseHeaders: JSON_HEADERS,
        responseBody: JSON.stringify({ id: c * 100 + k }),
      },
      // The same SQL error on every connection: one finding for the endpoint, whatever the workers.
      {
        target: `/api/search?q=${k}'`,
        host,
        requestHeaders: headers,
        status: 500,
        reason: 'Internal Server Error',
        responseHeaders: JSON_HEADERS,
        responseBody:
          '{"error":"You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version"}',
      },
      {
        target: `/api/users/${c}`,
        host,
        requestHeaders: headers,
        responseHeaders: [...JSON_HEADERS, ['Server', 'Apache/2.4.49 (Unix)']],
        responseBody: JSON.stringify({ id: c, email: `u${c}@example.com` }),
      },
    ],
  };
}

export function burst(b: number, startTs: number): GenPacket[] {
  const plans: ConversationPlan[] = [];
  for (let c = 0; c < 6; c++) for (let k = 0; k < 8; k++) plans.push(connection(c, k, b));
  return interleave(
    plans.map((p) => renderConversation(p).packets),
    5 + b,
    startTs,
  );
}
