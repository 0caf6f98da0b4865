/**
 * Action names and short opaque ids (docs/api-discovery.md "Action names and short opaque ids (branch i19-actions)"):
 * operations an API names by a phrase right under its base path (webhook events: `PUT /driver-at-restaurant`,
 * `POST /order-ready-for-preparation-async`), custom methods whose camelCase name holds an acronym written as a word
 * (`enableCustomHttps`), and the look-alikes that stay values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventPhrase, randomId, softValue, variableSegment } from '../../../node/analysis/discovery/values';
import { inventoryLines, type ExampleRequest } from './inventory-examples';

test('slugs that read as a sentence about an event or a state (eventPhrase)', () => {
  for (const s of [
    'driver-assigned-to-delivery',
    'driver-at-restaurant',
    'driver-has-delivered-order',
    'order-is-ready-for-pickup',
    'driver-on-their-way-to-delivery-address',
    'order_ready_for_preparation',
  ])
    assert.equal(eventPhrase(s), true, s);
});

test('look-alikes of eventPhrase: noun compounds, two words, a clause word first, names with digits or capitals', () => {
  for (const s of [
    'driver-location',
    'order-accepted',
    'media-files',
    'response-streaming-invocations',
    'reference-entities-media-files',
    'to-do-list',
    'at-risk-accounts',
    'hello-world-42',
    'Driver-at-Restaurant',
    'driverassigned',
  ])
    assert.equal(eventPhrase(s), false, s);
});

test('an acronym written as a word closes a camelCase name: a name, not a random id', () => {
  for (const s of ['enableCustomHttps', 'disableCustomHttps', 'getHttpHeaders', 'SmtpSettings', 'injectHtml']) {
    assert.equal(randomId(s), false, s);
    assert.equal(softValue(s), false, s);
  }
});

test('look-alikes: random ids whose consonant runs are short or sit among odd runs stay random', () => {
  for (const s of ['PiAplKgzcox', 'QdtfoPbfjel', 'TvorwqDp', 'eCcbMUlakA', 'PEizpEfxeCE']) assert.equal(randomId(s), true, s);
});

/** `METHOD /path` (GET when no method), the JSON answer, the JSON body: the inventory's `METHOD template` lines. */
const templates = (requests: ExampleRequest[]): string[] => inventoryLines(requests);

/** A tenant's sub-resource, posted under tenants named by random ids (`/6E8ZAnIsGt/orders/99243267/queries`). */
const TENANTS: ExampleRequest[] = ['6E8ZAnIsGt', 'EBR0I7KT', 'M9FmGqDKS6', 'cN2ZQB3q'].map((t, i) => [
  `POST /${t}/orders/${9924 + i}/queries`,
  '',
  '{"reason":"late"}',
]);
const ORDER = '{"OrderId":"o1","Currency":"EUR","Customer":{"Id":"c1"}}';

test('phrases posted right under the root beside tenants named by ids are operations, not tenants', () => {
  assert.deepEqual(
    templates([
      ...TENANTS,
      ['POST /order-ready-for-preparation-async', '', ORDER],
      ['POST /order-ready-for-preparation-sync', '', ORDER],
      ['POST /order-eligible-for-restaurant-compensation', '', '{"OrderId":"o2","IsEligible":true}'],
      ['POST /acceptance-requested', '', ORDER],
      ['PUT /order-is-ready-for-pickup', '', '{"Timestamp":"t"}'],
    ]),
    [
      'POST /acceptance-requested',
      'POST /order-eligible-for-restaurant-compensation',
      'POST /order-ready-for-preparation-async',
      'POST /order-ready-for-preparation-sync',
      'POST /{id}/orders/{order_id}/queries',
      'PUT /order-is-ready-for-pickup',
    ],
  );
});

test('look-alike: a tenant named by a title, with the tenants sub-resources, is one of them', () => {
  assert.deepEqual(
    templates([
      ...TENANTS,
      ['POST /how-to-bake-bread/orders/4411/queries', '', '{"reason":"late"}'],
      ['POST /the-night-kitchen/orders/4412/queries', '', '{"reason":"cold"}'],
    ]),
    ['POST /{id}/orders/{order_id}/queries'],
  );
});

/** A driver's state, as a delivery API is told of it (`PUT /driver-at-restaurant`). */
const DRIVER = (n: number): string => `{"DriverName":"d${n}","DriverContactNumber":"0${n}","EstimatedPickupTime":"t"}`;

test('events written by PUT right under the root, named by sentences, stay literal however alike their bodies', () => {
  assert.deepEqual(
    templates([
      ['PUT /driver-assigned-to-delivery', '', DRIVER(1)],
      ['PUT /driver-at-restaurant', '', DRIVER(2)],
      ['PUT /driver-at-delivery-address', '', DRIVER(3)],
      ['PUT /driver-has-delivered-order', '', DRIVER(4)],
      ['PUT /driver-assigned-to-delivery', '', DRIVER(5)],
    ]),
    [
      'PUT /driver-assigned-to-delivery',
      'PUT /driver-at-delivery-address',
      'PUT /driver-at-restaurant',
      'PUT /driver-has-delivered-order',
    ],
  );
});

test('look-alike: items written by PUT under a version and named by nouns are one item position', () => {
  const config = '{"name":"x","enforcementMode":"OFF","updateTime":"t"}';
  assert.deepEqual(
    templates([
      ['PUT /v1/jackkowalski', config, config],
      ['PUT /v1/sam', config, config],
      ['PUT /v1/theme', config, config],
      ['PUT /v1/region', config, config],
    ]),
    ['PUT /v1/{id}'],
  );
});

test('custom methods of an item named with an acronym as a word stay literal (Azure `/{name}/enableCustomHttps`)', () => {
  const domains = ['orbit-ultra', 'pinenova', 'ambercedar', 'kite-river'];
  const requests: ExampleRequest[] = [];
  domains.forEach((d, i) => {
    requests.push([`/endpoints/e${i}/customDomains/${d}`, '{"name":"n","hostName":"h"}']);
    requests.push([`POST /endpoints/e${i}/customDomains/${d}/${i % 2 === 0 ? 'enable' : 'disable'}CustomHttps`, '']);
  });
  requests.push(['POST /endpoints/e9/customDomains/kite-river/enableCustomHttps', '']);
  assert.deepEqual(templates(requests), [
    'GET /endpoints/{id}/customDomains/{customdomain_id}',
    'POST /endpoints/{id}/customDomains/{customdomain_id}/disableCustomHttps',
    'POST /endpoints/{id}/customDomains/{customdomain_id}/enableCustomHttps',
  ]);
});

test('random letters with a pair no English word has are random ids, typed or not (`QTBeujzzIay`, `obj_KjtirijbuxsfgO`)', () => {
  assert.equal(randomId('QTBeujzzIay'), true);
  assert.equal(variableSegment('obj_KjtirijbuxsfgO'), 'id');
});

test('look-alikes: names with `j` or `z` where English puts them stay names', () => {
  for (const s of ['jwtToken', 'nodejsRuntime', 'fizzBuzz', 'majorVersion', 'quartzScheduler', 'lazyLoad'])
    assert.equal(softValue(s), false, s);
  assert.equal(variableSegment('api_GetUserProfile'), null);
});

test('a short random id seen once under a collection is one of its values (`/orders/QTBeujzzIay/{orderId}`)', () => {
  assert.deepEqual(
    templates([
      ['POST /orders/QTBeujzzIay/77160774/compensation', '', '{"amount":1}'],
      ['POST /orders/M9FmGqDKS6/809804/compensation', '', '{"amount":2}'],
      ['POST /orders/22/accept', ''],
      ['POST /orders/23/accept', ''],
    ]),
    ['POST /orders/{id}/accept', 'POST /orders/{id}/{order_id}/compensation'],
  );
});
