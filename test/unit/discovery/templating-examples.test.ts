/**
 * Templating decisions as examples: a set of requests (method, URL, what the server answered) and
 * the templates the inventory lists (docs/api-discovery.md "Templating"). Each example is one rule;
 * the answers are XML, empty or alike JSON on purpose where the rule must work without shapes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseSegment } from '../../../node/analysis/discovery/templates';
import { softValue } from '../../../node/analysis/discovery/values';
import { inventoryOf, type ExampleRequest } from './inventory-examples';

/** `METHOD /path [JSON body]` (GET when no method), answered 200 with `body` (JSON unless `xml`). */
function templatesOf(requests: string[], answer: { body?: string; xml?: boolean } = {}): string[] {
  return templatesIn(requests, answer).templates;
}

/** `[path, JSON answer]` pairs: each request answered with its own body. */
function templatesByAnswer(requests: Array<[string, string]>): string[] {
  return templatesIn(
    requests.map(([p]) => p),
    {},
    requests.map(([, b]) => b),
  ).templates;
}

function templatesIn(
  requests: string[],
  answer: { body?: string; xml?: boolean },
  bodies: string[] = [],
): { templates: string[]; counts: string[] } {
  return inventoryOf(
    requests.map((line, i): ExampleRequest => {
      const parts = line.split(' ');
      const reply = answer.xml === true ? '<result/>' : (bodies[i] ?? answer.body ?? '{"ok":true}');
      return parts.length === 1 ? [line, reply] : [`${parts[0]} ${parts[1]}`, reply, parts[2]];
    }),
    { xml: answer.xml },
  );
}

test('dotted user names (first.last) are values; two of them are enough', () => {
  assert.deepEqual(templatesOf(['/api/people/anna.smith', '/api/people/bob.jones', '/api/people/anna.smith/keys']), [
    'GET /api/people/{id}',
    'GET /api/people/{id}/keys',
  ]);
  // A format suffix is split off first: `hugo.tiger.json` is the name `hugo.tiger` as JSON.
  assert.deepEqual(templatesOf(['/1.1/suggestions/hugo.tiger.json', '/1.1/suggestions/jonas.violet.json']), [
    'GET /1.1/suggestions/{id}.json',
  ]);
});

test('handles whose case changes across a separator (hugo_River) are values like user names; Capitalised-word names stay names', () => {
  assert.deepEqual(templatesOf(['/v1/email/welcome/hugo_River', '/v1/email/welcome/lena_Amber', '/v1/email/welcome/bob_Lotus']), [
    'GET /v1/email/welcome/{id}',
  ]);
  // One alone is a value in a collection, a name elsewhere (as `anna84`).
  assert.deepEqual(templatesOf(['/api/users', '/api/users/nina_North', '/api/auth/get_ByName']), [
    'GET /api/auth/get_ByName',
    'GET /api/users',
    'GET /api/users/{id}',
  ]);
  // Code names keep one case style: `user_settings`, `createWithList` and `Album-comments` are words.
  assert.deepEqual(templatesOf(['/v1/admin/user_settings', '/v1/admin/createWithList', '/v1/admin/Album-comments']), [
    'GET /v1/admin/Album-comments',
    'GET /v1/admin/createWithList',
    'GET /v1/admin/user_settings',
  ]);
});

test('word-only slugs seen in two pools with no evidence between them (items answering GET and PATCH; names with sub-resources) are values in both', () => {
  const A = '/api/v1/asset-families';
  const requests = [
    ...['blue-jade-pine', 'falcon-quartz', 'iris-coral', 'ultra-blue'].flatMap((s) => [
      `${A}/${s}`,
      `PATCH ${A}/${s} {"code":"x"}`,
    ]),
    ...['kite-orbit', 'sage-amber', 'nova-delta'].map((s) => `${A}/${s}/attributes/aspen-willow-${s}`),
  ];
  assert.deepEqual(templatesOf(requests, { body: '{"code":"x","labels":{"en":"y"}}' }), [
    'GET /api/v1/asset-families/{id}',
    'GET /api/v1/asset-families/{id}/attributes/{attribute_id}',
    'PATCH /api/v1/asset-families/{id}',
  ]);
});

test('a name with one digit (nina3) is a value next to other names, a word (oauth2) on its own', () => {
  assert.deepEqual(templatesOf(['/sales_tax/carla.blue', '/sales_tax/nina3', '/sales_tax/paula1', '/sales_tax/anna84']), [
    'GET /sales_tax/{id}',
  ]);
  assert.deepEqual(templatesOf(['/auth/oauth2', '/auth/saml']), ['GET /auth/oauth2', 'GET /auth/saml']);
});

test('a date as the first segment is a dated API version, a date under a name is a value', () => {
  assert.deepEqual(templatesOf(['/2015-03-31/functions/17', '/2015-03-31/functions/18', '/2015-03-31/reports/2024-02-29']), [
    'GET /2015-03-31/functions/{id}',
    'GET /2015-03-31/reports/{date}',
  ]);
});

test('words under a singular name are values when they answer as items (DELETE, PUT, PATCH), even in XML', () => {
  assert.deepEqual(
    templatesOf(
      [
        '/api/secret/falcon-lotus',
        'DELETE /api/secret/falcon-lotus',
        'DELETE /api/secret/pine-kite',
        '/api/secret/riverkite',
        'DELETE /api/secret/riverkite',
        '/api/secret/pine-kite',
      ],
      { xml: true },
    ),
    ['DELETE /api/secret/{id}', 'GET /api/secret/{id}'],
  );
  // Read-only words under a singular name stay literal: `/user/login`, `/user/logout`, `/user/info`.
  assert.deepEqual(templatesOf(['/user/login', '/user/logout', '/user/info'], { body: '{"code":200,"message":"ok"}' }), [
    'GET /user/info',
    'GET /user/login',
    'GET /user/logout',
  ]);
});

test('names with sub-resources in common are values, also beside a second pool of value-like names', () => {
  const requests: string[] = [];
  for (const name of ['summit-nova', 'cedar-pine', 'rivernova', 'cedar-willow'])
    requests.push(`/api/reference-entities/${name}/attributes`, `/api/reference-entities/${name}/records`);
  requests.push('/api/reference-entities/north-river-878', '/api/reference-entities/amber-jade-294');
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'GET /api/reference-entities/{id}',
    'GET /api/reference-entities/{id}/attributes',
    'GET /api/reference-entities/{id}/records',
  ]);
});

test('resource names with their own ids stay literal even when their sub-paths look alike', () => {
  const requests: string[] = [];
  for (const r of ['customers', 'plans', 'invoices', 'coupons'])
    requests.push(`/api/v1/${r}`, `/api/v1/${r}/count`, `/api/v1/${r}/101`, `/api/v1/${r}/202`);
  assert.deepEqual(
    templatesOf(requests, { body: '{"data":[],"meta":{"page":1}}' }),
    ['customers', 'plans', 'invoices', 'coupons']
      .flatMap((r) => [`GET /api/v1/${r}`, `GET /api/v1/${r}/count`, `GET /api/v1/${r}/{id}`])
      .sort(),
  );
});

test('two name parameters in a row: words under a parameter with several sub-resources in common', () => {
  const requests: string[] = [];
  const archs = ['x86-64', 'armv7l', 'riscvsix', 'ppcle'];
  ['home-anna-42', 'devel-tools-7', 'games-extra-3'].forEach((project, i) => {
    for (const arch of [archs[i], archs[(i + 1) % 4]])
      requests.push(
        `/build/${project}/main-repo-${i}1/${arch}/_repository`,
        `/build/${project}/main-repo-${i}1/${arch}/_builddepinfo`,
      );
  });
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'GET /build/{id}/{build_id}/{id2}/_builddepinfo',
    'GET /build/{id}/{build_id}/{id2}/_repository',
  ]);
});

test('sub-resources under a parameter sharing one action stay literal (associate, describe)', () => {
  const requests: string[] = [];
  for (const c of ['prod-eu-42', 'stage-us-7', 'dev-ap-19']) {
    requests.push(`POST /clusters/${c}/encryption-config/associate`);
    requests.push(
      `POST /clusters/${c}/identity-provider-configs/associate`,
      `POST /clusters/${c}/identity-provider-configs/describe`,
    );
    requests.push(`POST /clusters/${c}/addons/associate`);
  }
  assert.deepEqual(templatesOf(requests), [
    'POST /clusters/{id}/addons/associate',
    'POST /clusters/{id}/encryption-config/associate',
    'POST /clusters/{id}/identity-provider-configs/associate',
    'POST /clusters/{id}/identity-provider-configs/describe',
  ]);
});

test('names under a parameter whose one sub-resource each writes as an item (PUT, DELETE) are values; a shared read-only word is not enough', () => {
  // `_meta` of each name is read and written: a part of every item, not an action the resources share.
  const named: string[] = [];
  for (const n of ['benbrown', 'isabel', 'martin-peter'])
    named.push(`GET /attribute/42/${n}/_meta`, `PUT /attribute/42/${n}/_meta`);
  assert.deepEqual(templatesOf(named, { xml: true }), [
    'GET /attribute/{id}/{attribute_id}/_meta',
    'PUT /attribute/{id}/{attribute_id}/_meta',
  ]);
  // Resources sharing a read-only word (`count`) stay literal.
  const resources: string[] = [];
  for (const r of ['members', 'issues', 'labels']) resources.push(`GET /projects/42/${r}/count`);
  assert.deepEqual(templatesOf(resources, { xml: true }), [
    'GET /projects/{id}/issues/count',
    'GET /projects/{id}/labels/count',
    'GET /projects/{id}/members/count',
  ]);
});

test('actions answering alike stay literal: leaves answering only POST are not names', () => {
  const requests: string[] = [];
  for (const id of [7, 8, 9])
    for (const a of ['assign', 'unassign', 'change_protection', 'change_dns_ptr'])
      requests.push(`POST /v1/primary_ips/${id}/actions/${a}`);
  assert.deepEqual(templatesOf(requests, { body: '{"action":{"id":1,"status":"running"}}' }), [
    'POST /v1/primary_ips/{id}/actions/assign',
    'POST /v1/primary_ips/{id}/actions/change_dns_ptr',
    'POST /v1/primary_ips/{id}/actions/change_protection',
    'POST /v1/primary_ips/{id}/actions/unassign',
  ]);
});

test('property: the templates and counts do not depend on the order the requests came in', () => {
  const sets: Array<[string[], { body?: string; xml?: boolean }]> = [
    [['/api/people/anna.smith', '/api/people/bob.jones', '/api/people/anna.smith/keys', '/api/people/me'], {}],
    [['/sales_tax/carla.blue', '/sales_tax/nina3', '/sales_tax/paula1', '/sales_tax/anna84', '/auth/oauth2'], {}],
    [
      [
        '/api/secret/falcon-lotus',
        'DELETE /api/secret/falcon-lotus',
        'DELETE /api/secret/pine-kite',
        'DELETE /api/secret/riverkite',
      ],
      { xml: true },
    ],
    [
      ['summit-nova', 'cedar-pine', 'rivernova']
        .flatMap((n) => [`/api/entities/${n}/attributes`, `/api/entities/${n}/records`])
        .concat(['/api/entities/north-river-878', '/api/entities/amber-jade-294']),
      { xml: true },
    ],
    [
      ['prod-eu-42', 'stage-us-7'].flatMap((c) => [
        `POST /clusters/${c}/addons/associate`,
        `POST /clusters/${c}/configs/associate`,
        `POST /clusters/${c}/configs/describe`,
      ]),
      {},
    ],
  ];
  for (const [requests, answer] of sets) {
    const want = templatesIn(requests, answer);
    fc.assert(
      fc.property(fc.shuffledSubarray(requests, { minLength: requests.length }), (order) => {
        assert.deepEqual(templatesIn(order, answer), want);
      }),
      { numRuns: 30 },
    );
  }
});

test('one value-like name alone is a value in a collection (/users/anna84), a name elsewhere (/auth/saml20)', () => {
  assert.deepEqual(templatesOf(['/api/users', '/api/users/anna84', '/api/settings/gold_falcon_19', '/api/auth/saml20']), [
    'GET /api/auth/saml20',
    'GET /api/settings/{id}',
    'GET /api/users',
    'GET /api/users/{id}',
  ]);
});

test('dotted names right under an API prefix are RPC methods, not values', () => {
  assert.deepEqual(templatesOf(['POST /api/users.list', 'POST /api/users.info', 'POST /api/conversations.history']), [
    'POST /api/conversations.history',
    'POST /api/users.info',
    'POST /api/users.list',
  ]);
});

test('items whose requests take different bodies stay literal; one body schema is one parameter', () => {
  assert.deepEqual(
    templatesOf(
      [
        'PUT /v1/products/prices [{"sku":"a","price":2.5}]',
        'PUT /v1/products/stocks [{"sku":"a","stocks":4}]',
        'PUT /v1/products/status [{"sku":"a","active":true}]',
      ],
      { body: '' },
    ),
    ['PUT /v1/products/prices', 'PUT /v1/products/status', 'PUT /v1/products/stocks'],
  );
  assert.deepEqual(
    templatesOf(
      [
        'PUT /v1/functions/coral-river {"runtime":"js","size":3}',
        'PUT /v1/functions/riveraspen {"runtime":"go"}',
        'PUT /v1/functions/zephyr-blue {"runtime":"js","size":9}',
      ],
      { body: '' },
    ),
    ['PUT /v1/functions/{id}'],
  );
});

test('a number after one word inside a segment is a parameter with a literal prefix (page-{id}); slugs and zero-padded codes stay whole', () => {
  assert.deepEqual(
    templatesOf([
      '/feeds/brands/page-2.atom',
      '/feeds/brands/page-17.atom',
      '/shows/lost/series-3/episode-12',
      '/shows/lost/series-4',
    ]),
    ['GET /feeds/brands/page-{id}.atom', 'GET /shows/lost/series-{id}', 'GET /shows/lost/series-{id}/episode-{episode_id}'],
  );
  // `hello-world-42` is a slug (several words), `sku-0042` a fixed-width code: one value each.
  assert.deepEqual(templatesOf(['/posts/hello-world-42', '/posts/good-bye-7', '/items/17', '/items/sku-0042']), [
    'GET /items/{id}',
    'GET /posts/{id}',
  ]);
  // A long slug of a title (20+ characters with a digit: shaped like a token) is one value too, not
  // its first word and a token: `what-{what_id}` was a template of its own per first word.
  assert.deepEqual(
    templatesOf([
      'DELETE /accounts/what-world-summer-tricks-2017',
      'DELETE /accounts/building-green-market-2016',
      'PUT /accounts/notes-on-the-winter-garden-2019/keys',
    ]),
    ['DELETE /accounts/{id}', 'PUT /accounts/{id}/keys'],
  );
});

test('typed random ids (cus_NffrFeUfNV2Hib) are values by their shape; a random-case id alone is a value where names may be', () => {
  assert.deepEqual(templatesOf(['/api/entry-types/Song/subt_4kMTLxtCVdWNpW/tag']), ['GET /api/entry-types/Song/{id}/tag']);
  // One short random id under a program name: a value (a user name alone there would be a name).
  assert.deepEqual(templatesOf(['/sell/payments_program/US/PEizpEfxeCE/onboarding', '/sell/payments_program/US/PEizpEfxeCE']), [
    'GET /sell/payments_program/US/{id}',
    'GET /sell/payments_program/US/{id}/onboarding',
  ]);
  // Keys made of words are not random ids; under the API's root a random-looking name stays literal.
  assert.deepEqual(templatesOf(['/v1/user_settings', '/v1/getByName']), ['GET /v1/getByName', 'GET /v1/user_settings']);
});

test('typed random ids without a digit (obj_cJodbAmoCuCnyl) are values by their shape; typed code names stay literal', () => {
  // Base62 draws one 14-letter tail in twelve without a digit: its lower-case runs are shorter than words.
  assert.deepEqual(
    templatesOf([
      '/crm/contacts/obj_cJodbAmoCuCnyl',
      'PATCH /crm/contacts/obj_cJodbAmoCuCnyl',
      '/admin/v1/customer/my_customer/roles/pi_AaNyQtvatupWPB',
      '/events/8812/result/sub_wWevokAVAJZSQS',
    ]),
    [
      'GET /admin/v1/customer/my_customer/roles/{id}',
      'GET /crm/contacts/{id}',
      'GET /events/{id}/result/{result_id}',
      'PATCH /crm/contacts/{id}',
    ],
  );
  // Look-alikes: a type prefix before a camelCase or PascalCase name (words of three letters or more per capital).
  const names = [
    '/v1/reports/api_GetUserProfileSettings',
    '/v1/sorting/sort_lastModifiedDate',
    '/v1/debug/x_getHTTPResponseCode',
  ];
  assert.deepEqual(templatesOf(names), names.map((p) => `GET ${p}`).sort());
});

test('names answering nothing to compare join name values by the query they are sent (/projects/{id}?excludeReviewers=); words beside ids or alone stay literal (i19-ids)', () => {
  // Empty answers, no bodies: the query schema of the values' operation is the evidence left.
  assert.deepEqual(
    templatesOf(
      [
        '/projects/jack20?excludeReviewers=true',
        '/projects/carla_mueller9',
        '/projects/jack20',
        '/projects/PeterRossi?excludeReviewers=false',
        '/projects/peterweber?excludeReviewers=true',
        '/reviews?limit=5&offset=10',
        '/reviews?limit=7',
      ],
      { body: '' },
    ),
    ['GET /projects/{id}', 'GET /reviews'],
  );
  // Look-alikes: words beside random ids sharing their query are the API's vocabulary (`render` of comments and of
  // the general comments); actions side by side sharing the resource's key (`list_id`) are actions.
  assert.deepEqual(
    templatesOf(
      [
        '/comments/Zq5xqGSbM5a?render=true',
        '/comments/hvqDEWoIwCg?render=false',
        '/comments/general?render=true',
        '/comments/versioned?render=false',
        '/lists/show.json?list_id=1',
        '/lists/members.json?list_id=2',
        '/lists/statuses.json?list_id=3&count=5',
      ],
      { body: '' },
    ),
    [
      'GET /comments/general',
      'GET /comments/versioned',
      'GET /comments/{id}',
      'GET /lists/members.json',
      'GET /lists/show.json',
      'GET /lists/statuses.json',
    ],
  );
});

test('type names with a bit width (int32s, int64s) are words: resource names with names of their own below stay literal', () => {
  const requests: string[] = [];
  for (const kind of ['floats', 'int32s', 'int64s', 'strings']) {
    requests.push(`/api/v1/strategy/tables/${kind}`);
    for (const name of ['bob54', 'dmitri35', 'grace.delta']) requests.push(`/api/v1/strategy/tables/${kind}/${name}`);
  }
  assert.deepEqual(templatesOf(requests, { body: '[{"name":"x","length":3}]' }), [
    'GET /api/v1/strategy/tables/floats',
    'GET /api/v1/strategy/tables/floats/{id}',
    'GET /api/v1/strategy/tables/int32s',
    'GET /api/v1/strategy/tables/int32s/{id}',
    'GET /api/v1/strategy/tables/int64s',
    'GET /api/v1/strategy/tables/int64s/{id}',
    'GET /api/v1/strategy/tables/strings',
    'GET /api/v1/strategy/tables/strings/{id}',
  ]);
});

test('names with several sub-resources in common are a second pool of values beside numeric ids; vocabulary words stay literal', () => {
  const requests = [
    'DELETE /api/dashboard/23485',
    'DELETE /api/dashboard/62420',
    '/api/dashboard/me/charts',
    '/api/dashboard/_info',
  ];
  for (const slug of ['iris-zephyr', 'kitesage', 'maple-north'])
    requests.push(`/api/dashboard/${slug}`, `/api/dashboard/${slug}/charts`, `/api/dashboard/${slug}/datasets`);
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'DELETE /api/dashboard/{id}',
    'GET /api/dashboard/_info',
    'GET /api/dashboard/me/charts',
    'GET /api/dashboard/{id}',
    'GET /api/dashboard/{id}/charts',
    'GET /api/dashboard/{id}/datasets',
  ]);
});

test('positions named alike under several resources: words none of them share are values, words they share are vocabulary', () => {
  const requests: string[] = [];
  const names: Record<string, string[]> = {
    chart: ['iris-kite', 'quartzsummit', 'riverwillow'],
    dashboard: ['cedarcoral', 'delta-amber', 'jadecedar'],
    query: ['north-summit', 'willow-sage', 'ultralotus'],
  };
  for (const [resource, columns] of Object.entries(names))
    for (const c of columns) requests.push(`/api/${resource}/related/${c}`);
  assert.deepEqual(templatesOf(requests), [
    'GET /api/chart/related/{id}',
    'GET /api/dashboard/related/{id}',
    'GET /api/query/related/{id}',
  ]);
  // The same three words under matches of leagues, series and tournaments are the API's words.
  const shared: string[] = [];
  for (const parent of ['leagues', 'series', 'tournaments'])
    for (const id of [11, 12]) for (const w of ['past', 'running', 'upcoming']) shared.push(`/${parent}/${id}/matches/${w}`);
  assert.deepEqual(templatesOf(shared, { body: '[{"id":1,"name":"x"}]' }), [
    'GET /leagues/{id}/matches/past',
    'GET /leagues/{id}/matches/running',
    'GET /leagues/{id}/matches/upcoming',
    'GET /series/{id}/matches/past',
    'GET /series/{id}/matches/running',
    'GET /series/{id}/matches/upcoming',
    'GET /tournaments/{id}/matches/past',
    'GET /tournaments/{id}/matches/running',
    'GET /tournaments/{id}/matches/upcoming',
  ]);
});

test('short codes under a singular word with pages and sub-resources in common are values, in every representation', () => {
  const requests: string[] = [];
  for (const code of ['e4', 'f4', 'm4', '4s'])
    for (const sub of ['.atom', '/title.atom', '/page-2.atom', '/4od.atom']) requests.push(`/feeds/channel/${code}${sub}`);
  // A page of each (`page-{id}.atom`) is not an item: the codes are not collections of their own.
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'GET /feeds/channel/{id}.atom',
    'GET /feeds/channel/{id}/4od.atom',
    'GET /feeds/channel/{id}/page-{page_id}.atom',
    'GET /feeds/channel/{id}/title.atom',
  ]);
  // Collections with items of their own (`/store/orders/{id}`) under a singular word stay resource names.
  const collections: string[] = [];
  for (const name of ['orders', 'carts', 'items']) for (const id of [5, 6]) collections.push(`/store/${name}/${id}/lines`);
  assert.deepEqual(templatesOf(collections, { xml: true }), [
    'GET /store/carts/{id}/lines',
    'GET /store/items/{id}/lines',
    'GET /store/orders/{id}/lines',
  ]);
});

test('words that differ only before a common end are a parameter inside the segment ({id}-comments); resources named alike stay literal', () => {
  const requests: string[] = [];
  for (const type of ['Album', 'Song', 'Venue', 'ReleaseEventSeries'])
    requests.push(`/api/comments/${type}-comments`, `POST /api/comments/${type}-comments/17 {"text":"x"}`);
  assert.deepEqual(templatesOf(requests, { body: '[{"id":1,"text":"x","author":"y"}]' }), [
    'GET /api/comments/{id}-comments',
    'POST /api/comments/{id}-comments/{comment_id}',
  ]);
  // Three resources that end alike but answer differently are three resources.
  const alike = (name: string, fields: string[]): Array<[string, string]> => [
    [`/admin/${name}`, JSON.stringify(Object.fromEntries(fields.map((f) => [f, 1])))],
  ];
  const resources = [
    ...alike('user-settings', ['theme', 'language', 'timezone']),
    ...alike('org-settings', ['billing', 'seats', 'domain']),
    ...alike('app-settings', ['callback', 'scopes', 'secret']),
  ];
  assert.deepEqual(templatesByAnswer(resources), [
    'GET /admin/app-settings',
    'GET /admin/org-settings',
    'GET /admin/user-settings',
  ]);
});

test('beside ids, names whose sub-resources are all sub-resources of the values are values too, one sub-resource each', () => {
  const requests = ['/dashboard/12/thumbnail', 'DELETE /dashboard/12'];
  // Three names with both sub-resources make a second pool (the rule before); three with one each join it.
  for (const slug of ['sales-board', 'ops-board', 'q3-review'])
    requests.push(`/dashboard/${slug}/charts`, `/dashboard/${slug}/datasets`);
  for (const slug of ['north-view', 'kpi-wall']) requests.push(`/dashboard/${slug}/charts`);
  requests.push('/dashboard/team-page/datasets', '/dashboard/export/all', '/dashboard/_info');
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'DELETE /dashboard/{id}',
    'GET /dashboard/_info',
    'GET /dashboard/export/all',
    'GET /dashboard/{id}/charts',
    'GET /dashboard/{id}/datasets',
    'GET /dashboard/{id}/thumbnail',
  ]);
});

test('words that only lead to a value (enum values before an id) are values; collections answering their list stay literal', () => {
  const requests: string[] = [];
  for (const type of ['Artist', 'Song', 'Venue', 'Album'])
    for (const id of [3, 4]) requests.push(`/api/entry-types/${type}/${id}/tag`);
  assert.deepEqual(templatesOf(requests, { body: '[{"id":1,"name":"x"}]' }), ['GET /api/entry-types/{id}/{entry_type_id}/tag']);
  // `GET /ios/analogInputs` answers its list: a collection with items of its own, not an enum value.
  const collections: string[] = [];
  for (const kind of ['analogInputs', 'analogOutputs', 'digitalInputs'])
    collections.push(`/device/ios/${kind}`, `/device/ios/${kind}/pump-1a/eu`, `/device/ios/${kind}/valve-2b/eu`);
  assert.deepEqual(templatesOf(collections, { body: '[{"id":1,"name":"x"}]' }), [
    'GET /device/ios/analogInputs',
    'GET /device/ios/analogInputs/{id}/eu',
    'GET /device/ios/analogOutputs',
    'GET /device/ios/analogOutputs/{id}/eu',
    'GET /device/ios/digitalInputs',
    'GET /device/ios/digitalInputs/{id}/eu',
  ]);
  // Collections whose lists were not seen but whose items have sub-resources of their own stay literal.
  const databases = ['sqlDatabases/11/containers', 'sqlDatabases/12/settings', 'mongoDatabases/13/collections'];
  databases.push('mongoDatabases/13/settings', 'graphDatabases/14/graphs', 'graphDatabases/15/settings');
  assert.deepEqual(
    templatesOf(
      databases.map((d) => `/api/dbs/${d}`),
      { body: '[{"id":1,"name":"x"}]' },
    ),
    [
      'GET /api/dbs/graphDatabases/{id}/graphs',
      'GET /api/dbs/graphDatabases/{id}/settings',
      'GET /api/dbs/mongoDatabases/{id}/collections',
      'GET /api/dbs/mongoDatabases/{id}/settings',
      'GET /api/dbs/sqlDatabases/{id}/containers',
      'GET /api/dbs/sqlDatabases/{id}/settings',
    ],
  );
});

test('a singular word beside its plural names one item: words under it are judged as under a collection', () => {
  const requests = ['/v1/edge-config/41/items', '/v1/edge-config/42/items'];
  for (const key of ['coral-river', 'tigerquartz', 'nova-river']) requests.push(`/v1/edge-config/41/item/${key}`);
  assert.deepEqual(templatesOf(requests, { body: '{"key":"k","value":"v","updatedAt":1}' }), [
    'GET /v1/edge-config/{id}/item/{item_id}',
    'GET /v1/edge-config/{id}/items',
  ]);
  // Without the plural beside it, read-only words under a singular word stay literal (`/user/login`).
  assert.deepEqual(templatesOf(['/v1/user/login', '/v1/user/logout', '/v1/user/session'], { body: '{"ok":true}' }), [
    'GET /v1/user/login',
    'GET /v1/user/logout',
    'GET /v1/user/session',
  ]);
});

test('a colon inside a segment: a word after it is a custom method ({id}:cancel), a value after it a pair of values ({id}:{worker_id})', () => {
  // Google-style custom methods: the verb is literal, the name before it a value as anywhere.
  assert.deepEqual(
    templatesOf([
      'POST /v1/operations/8812:cancel',
      'POST /v1/operations/9031:cancel',
      'GET /v1/operations/8812',
      'POST /v1/projects/7f1c2a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6:undelete',
      'POST /v1/images:annotate',
    ]),
    ['GET /v1/operations/{id}', 'POST /v1/images:annotate', 'POST /v1/operations/{id}:cancel', 'POST /v1/projects/{id}:undelete'],
  );
  // A name and a number joined by a colon are a compound key: two parameters.
  assert.deepEqual(templatesOf(['/worker/x86_64:3', '/worker/aarch64:12', '/worker/i586:1']), ['GET /worker/{id}:{worker_id}']);
  // A date-time or an IPv6 address is one value: no pair.
  assert.deepEqual(templatesOf(['/slots/2024-05-01T10:00:00Z', '/hosts/fe80::1']), ['GET /hosts/{id}', 'GET /slots/{date}']);
});

test("one custom method on two names or more in a collection: the names are values ({name}:batchGet); a collection's own method stays on its name", () => {
  assert.deepEqual(
    templatesOf([
      'POST /v1/things/alpha-one:batchGet',
      'POST /v1/things/beta-two:batchGet',
      'POST /v1/things/gamma:batchGet',
      'POST /v1/groups/river_garden_12:undelete',
      'POST /v1/groups/sage_tiger_3:undelete',
    ]),
    ['POST /v1/groups/{id}:undelete', 'POST /v1/things/{id}:batchGet'],
  );
  // Methods written on collection names (under a version, not a collection) are the collections' own.
  assert.deepEqual(templatesOf(['POST /v1/users:batchGet', 'POST /v1/groups:batchGet', 'POST /v1/roles:batchGet']), [
    'POST /v1/groups:batchGet',
    'POST /v1/roles:batchGet',
    'POST /v1/users:batchGet',
  ]);
});

test('two values in one segment joined by a comma (any plain values) or, when both are numbers, dates or UUIDs, a dash: two parameters', () => {
  assert.deepEqual(templatesOf(['/v1/points/12.5,44.1', '/v1/points/3.1,-7.2', '/v1/points/1,2']), [
    'GET /v1/points/{id},{point_id}',
  ]);
  assert.deepEqual(templatesOf(['/v1/pairs/river-garden-12,sage-tiger-3', '/v1/pairs/coral-aspen-9,north-summit-4']), [
    'GET /v1/pairs/{id},{pair_id}',
  ]);
  assert.deepEqual(templatesOf(['/v1/pairs/daily,north', '/v1/pairs/weekly,river']), ['GET /v1/pairs/{id},{pair_id}']);
  assert.deepEqual(templatesOf(['/v1/range/100-200', '/v1/range/5-17', '/v1/range/3-99']), ['GET /v1/range/{id}-{range_id}']);
  assert.deepEqual(templatesOf(['/v1/stats/2024-01-05-2024-02-01', '/v1/stats/2023-11-12-2023-12-30']), [
    'GET /v1/stats/{id}-{date}',
  ]);
  // One date, three items of a list, words joined by a dash and a dated first segment are one value or literal as before.
  assert.deepEqual(
    templatesOf([
      '/v1/days/2024-01-05',
      '/v1/days/2023-11-12',
      '/v1/sets/1,2,3',
      '/v1/sets/4,5,6',
      '/v1/river-garden',
      '/2015-03-31/functions',
    ]),
    ['GET /2015-03-31/functions', 'GET /v1/days/{date}', 'GET /v1/river-garden', 'GET /v1/sets/{id}'],
  );
});

test("a date with the month's name (2024-JAN-05) is a date value, one alone is enough", () => {
  assert.deepEqual(templatesOf(['/v3/GamesByDate/2024-JAN-05', '/v3/Schedules/05-Dec-2023', '/v3/Teams', '/v3/Players/12']), [
    'GET /v3/GamesByDate/{date}',
    'GET /v3/Players/{id}',
    'GET /v3/Schedules/{date}',
    'GET /v3/Teams',
  ]);
});

test('an encoded slash makes a segment a value: a path or file name held by one parameter', () => {
  assert.deepEqual(templatesOf(['/v1/files/river-garden-12', '/v1/files/docs%2Faspen%2Freport.txt', '/v1/files/sage_tiger_3']), [
    'GET /v1/files/{id}',
  ]);
});

test('version tags leading to the same API are a parameter inside the segment (v{id}); versions that differ stay literal', () => {
  const same = ['v1', 'v2', 'v3'].flatMap((v) => [`/docs/${v}/pages/12`, `/docs/${v}/pages/13/comments`, `/docs/${v}/authors`]);
  assert.deepEqual(templatesOf(same), [
    'GET /docs/v{id}/authors',
    'GET /docs/v{id}/pages/{page_id}',
    'GET /docs/v{id}/pages/{page_id}/comments',
  ]);
  // An API's versions with resources of their own, and one version alone, are literal API versions.
  assert.deepEqual(templatesOf(['/v1/users/4', '/v1/orders/7', '/v2/accounts/4', '/v2/orders/7/lines']), [
    'GET /v1/orders/{id}',
    'GET /v1/users/{id}',
    'GET /v2/accounts/{id}',
    'GET /v2/orders/{id}/lines',
  ]);
});

test('a newer version that keeps every resource of an older one and adds three or more is a second API: both stay literal; versions leading to one set of routes are v{id}', () => {
  const v1 = ['/v1/cities', '/v1/countries', '/v1/countries/12', '/v1/latest', '/v1/locations/7'];
  const v2 = [...v1.map((p) => p.replace('/v1/', '/v2/')), '/v2/averages', '/v2/models', '/v2/projects', '/v2/projects/3'];
  assert.deepEqual(templatesOf([...v1, ...v2]), [
    'GET /v1/cities',
    'GET /v1/countries',
    'GET /v1/countries/{id}',
    'GET /v1/latest',
    'GET /v1/locations/{id}',
    'GET /v2/averages',
    'GET /v2/cities',
    'GET /v2/countries',
    'GET /v2/countries/{id}',
    'GET /v2/latest',
    'GET /v2/locations/{id}',
    'GET /v2/models',
    'GET /v2/projects',
    'GET /v2/projects/{id}',
  ]);
  // Look-alikes that stay one parameter: each version seen with a part of one set of routes (neither has all the
  // other's), and a version with all the other's and two more (fewer than path_similar_threshold).
  const parts = [
    ...['pages/12', 'authors', 'tags', 'index'].map((p) => `/docs/v1/${p}`),
    ...['pages/13', 'authors', 'index', 'search', 'feeds', 'drafts', 'about', 'rss'].map((p) => `/docs/v2/${p}`),
  ];
  assert.deepEqual(templatesOf(parts), [
    'GET /docs/v{id}/about',
    'GET /docs/v{id}/authors',
    'GET /docs/v{id}/drafts',
    'GET /docs/v{id}/feeds',
    'GET /docs/v{id}/index',
    'GET /docs/v{id}/pages/{page_id}',
    'GET /docs/v{id}/rss',
    'GET /docs/v{id}/search',
    'GET /docs/v{id}/tags',
  ]);
  const two = [
    ...['pages/12', 'authors', 'index'].map((p) => `/docs/v1/${p}`),
    ...['pages/13', 'authors', 'index', 'search', 'feeds'].map((p) => `/docs/v2/${p}`),
  ];
  assert.deepEqual(templatesOf(two), [
    'GET /docs/v{id}/authors',
    'GET /docs/v{id}/feeds',
    'GET /docs/v{id}/index',
    'GET /docs/v{id}/pages/{page_id}',
    'GET /docs/v{id}/search',
  ]);
});

test('names shaped like version tags (resource groups named v1, v2) among other names are values with them, not v{id}', () => {
  // Three resource groups per subscription, each with one table and its metrics and usages.
  const requestsFor = (groups: Array<[string, string[]]>): string[] =>
    groups.flatMap(([sub, names]) =>
      names.flatMap((g, i) => {
        const table = `/subscriptions/${sub}/resourceGroups/${g}/tables/${['orders', 'events', 'audit-log'][i]}`;
        return [table, `${table}/metrics`, `${table}/usages`];
      }),
    );
  const expected = [
    'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}/tables/{table_id}',
    'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}/tables/{table_id}/metrics',
    'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}/tables/{table_id}/usages',
  ];
  const first = '3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60';
  const second = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
  // `v2` under the resourceGroups of two subscriptions is one name seen twice, not two versions of an API.
  assert.deepEqual(
    templatesOf(
      requestsFor([
        [first, ['v2', 'billing-main', 'search_internal']],
        [second, ['v2', 'notify-signup', 'mobile']],
      ]),
    ),
    expected,
  );
  // Two distinct tags, each beside names with the same sub-resources: names like them, not versions.
  assert.deepEqual(
    templatesOf(
      requestsFor([
        [first, ['v1', 'billing-main', 'search_internal']],
        [second, ['v2', 'notify-signup', 'mobile']],
      ]),
    ),
    expected,
  );
});

test('a segment of matrix parameters only (;id=5, OpenAPI style matrix) is a value; matrix parameters after a name are dropped', () => {
  assert.deepEqual(templatesOf(['/cars/;id=5', '/cars/;id=17/wheels', '/cars;color=red/summary', '/cars/42']), [
    'GET /cars/summary',
    'GET /cars/{id}',
    'GET /cars/{id}/wheels',
  ]);
});

test('one item in three or more formats is {id}.{format}; in one or two formats each is its own endpoint', () => {
  assert.deepEqual(
    templatesOf(['/reports/12.json', '/reports/12.csv', '/reports/15.xml', '/reports/15.json', '/reports/15/summary.json']),
    ['GET /reports/{id}.{format}', 'GET /reports/{id}/summary.json'],
  );
  assert.deepEqual(templatesOf(['/t/981.json', '/t/982.json', '/t/981.rss', '/t/983.json']), [
    'GET /t/{id}.json',
    'GET /t/{id}.rss',
  ]);
  // Names judged values count too (`anna.smith` beside others).
  assert.deepEqual(templatesOf(['/users/anna84.json', '/users/bob77.xml', '/users/carla12.csv', '/users/anna84.csv']), [
    'GET /users/{id}.{format}',
  ]);
});

test('a value proven by its shape before an extension no format list has (12.pbf, <uuid>.docx) is a value with a literal end; names with dots stay whole', () => {
  assert.deepEqual(templatesOf(['/tiles/3/4/5.pbf', '/tiles/3/5/7.pbf', '/tiles/2/1/12.pbf', '/tiles/tiles.json']), [
    'GET /tiles/tiles.json',
    'GET /tiles/{id}/{tile_id}/{id2}.pbf',
  ]);
  assert.deepEqual(
    templatesOf(['/files/0b7e9f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b.docx', '/files/6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b.docx']),
    ['GET /files/{id}.docx'],
  );
  // Look-alikes: names before an extension (`tiles.pbf`, a file named by words) stay literal; an email's dots are its own.
  assert.deepEqual(templatesOf(['/v1/map/tiles.pbf', '/v1/export/report-2023.docx', '/v1/contact/ann@mail.example.co.uk']), [
    'GET /v1/contact/{email}',
    'GET /v1/export/report-2023.docx',
    'GET /v1/map/tiles.pbf',
  ]);
});

test('one name before a dot with several ends that are values is name.{id} (/blacklist.{content_type}); RPC methods (users.list, chat.update, camelCase) and dotted names stay as they were', () => {
  const ids = ['OcDLMxJv4d', 'RVocDHjD', 'ZvE7dWxB'];
  const calls = ['blacklist', 'categories'].flatMap((name) =>
    ['GET', 'PUT', 'DELETE'].flatMap((m) => ids.map((id) => `${m} /${name}.${id}`)),
  );
  assert.deepEqual(templatesOf([...calls, 'POST /collection.Fte6ikwOlvS', 'POST /collection.bUVjWDjwlDs']), [
    'DELETE /blacklist.{id}',
    'DELETE /categories.{id}',
    'GET /blacklist.{id}',
    'GET /categories.{id}',
    'POST /collection.{id}',
    'PUT /blacklist.{id}',
    'PUT /categories.{id}',
  ]);
  // Ends that are words: three or more answering alike, written as items.
  const words = ['pending', 'primary', 'public'].flatMap((e) => [`GET /api/taxonomy.${e}`, `PUT /api/taxonomy.${e}`]);
  assert.deepEqual(templatesOf(words, { body: '{"id":1,"label":"x","items":[1]}' }), [
    'GET /api/taxonomy.{id}',
    'PUT /api/taxonomy.{id}',
  ]);
  // Look-alikes: RPC methods answering each in a shape of their own, actions answering only POST, camelCase methods.
  const rpc: Array<[string, string]> = [
    ['/api/users.list', '{"members":[{"id":1}]}'],
    ['/api/users.info', '{"user":{"id":1,"name":"a"}}'],
    ['/api/users.conversations', '{"channels":[{"name":"x"}]}'],
  ];
  assert.deepEqual(templatesByAnswer(rpc), ['GET /api/users.conversations', 'GET /api/users.info', 'GET /api/users.list']);
  assert.deepEqual(
    templatesOf(['POST /api/chat.update', 'POST /api/chat.delete', 'POST /api/chat.unfurl'], { body: '{"ok":true}' }),
    ['POST /api/chat.delete', 'POST /api/chat.unfurl', 'POST /api/chat.update'],
  );
  // Ends deleted alike but read each in a shape of its own are the name's own resources.
  const own: Array<[string, string]> = [
    ['/api/report.daily', '{"runs":[{"at":1}]}'],
    ['DELETE /api/report.daily', '{}'],
    ['/api/report.weekly', '{"summary":{"total":2}}'],
    ['DELETE /api/report.weekly', '{}'],
    ['/api/report.monthly', '{"chart":{"points":[1]}}'],
    ['DELETE /api/report.monthly', '{}'],
  ];
  assert.deepEqual(templatesByAnswer(own), [
    'DELETE /api/report.daily',
    'DELETE /api/report.monthly',
    'DELETE /api/report.weekly',
    'GET /api/report.daily',
    'GET /api/report.monthly',
    'GET /api/report.weekly',
  ]);
  assert.deepEqual(
    templatesOf(['/api/users.getPresence', '/api/users.setPresence', '/api/users.setPhoto'], { body: '{"ok":true}' }),
    ['GET /api/users.getPresence', 'GET /api/users.setPhoto', 'GET /api/users.setPresence'],
  );
});

test('two ids joined by a dot are two parameters ({id}.{type}); a decimal and dotted names are one value', () => {
  assert.deepEqual(
    templatesOf(['/document/GIXeN0PKq.Tazo96EvXsG', '/document/qOwYbZg0N.Tazo96EvXsG', '/document/GIXeN0PKq.bUVjWDjwlDs']),
    ['GET /document/{id}.{document_id}'],
  );
  assert.deepEqual(templatesOf(['/v1/people/anna.smith', '/v1/people/bob.jones', '/v1/rates/12.5', '/v1/rates/3.25']), [
    'GET /v1/people/{id}',
    'GET /v1/rates/12.5',
    'GET /v1/rates/3.25',
  ]);
});

test('two words alone under a collection, both items answering alike, are values; read-only or differently answering words stay literal', () => {
  const key = '{"ssh_key":{"id":1,"name":"k","fingerprint":"f","public_key":"p","labels":{}}}';
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/ssh_keys/internal', key],
      ['DELETE /v1/ssh_keys/internal', key],
      ['/v1/ssh_keys/private', key],
      ['DELETE /v1/ssh_keys/private', key],
    ]),
    ['DELETE /v1/ssh_keys/{id}', 'GET /v1/ssh_keys/{id}'],
  );
  // Read-only words (`/users/me`, `/users/search`) are the API's vocabulary.
  assert.deepEqual(templatesOf(['/v1/users/me', '/v1/users/search']), ['GET /v1/users/me', 'GET /v1/users/search']);
});

test('beside a value child, three or more leaf words written as items like the values are more of its values; read-only words stay literal', () => {
  // Filters by number and by a word-only slug, the slugs deleted and updated as the numbered ones are (no
  // answer in common with the numbered ones to compare: a method alone, `DELETE`, is the evidence).
  const filter = '{"id":"f","phrase":"p","context":["home"],"whole_word":true}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v1/filters/12', filter],
      ['DELETE /api/v1/filters/13', filter],
      ['DELETE /api/v1/filters/notes-station', filter],
      ['/api/v1/filters/notes-station', filter],
      ['PUT /api/v1/filters/travel-old-golden', filter],
      ['DELETE /api/v1/filters/travel-old-golden', filter],
      ['DELETE /api/v1/filters/my-with-best-guide', filter],
    ]),
    ['DELETE /api/v1/filters/{id}', 'GET /api/v1/filters/{id}', 'PUT /api/v1/filters/{id}'],
  );
  // One or two words written as items (`DELETE /users/me`) and words answering otherwise (`/users/search`,
  // `/users/suggestions`: lists) are the API's vocabulary.
  const user = '{"id":1,"username":"anna","note":"n"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v1/users/12', user],
      ['DELETE /api/v1/users/13', user],
      ['/api/v1/users/me', user],
      ['DELETE /api/v1/users/me', user],
      ['/api/v1/users/search', '{"accounts":[{"id":1,"username":"anna"}],"hashtags":[]}'],
      ['/api/v1/users/suggestions', '[{"source":"global","account":{"id":1}}]'],
    ]),
    [
      'DELETE /api/v1/users/me',
      'DELETE /api/v1/users/{id}',
      'GET /api/v1/users/me',
      'GET /api/v1/users/search',
      'GET /api/v1/users/suggestions',
      'GET /api/v1/users/{id}',
    ],
  );
});

test('beside a value child, three or more read-only leaf words answering like the values are more of its values; answers that differ keep words literal', () => {
  const locale = '{"code":"c","label":{"en":"English"},"enabled":true}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/rest/v1/locales/17', locale],
      ['/api/rest/v1/locales/music-north', locale],
      ['/api/rest/v1/locales/team-black-travel', locale],
      ['/api/rest/v1/locales/city-into-music', locale],
    ]),
    ['GET /api/rest/v1/locales/{id}'],
  );
  // Lists and counts beside items answer otherwise: the collection's vocabulary.
  assert.deepEqual(
    templatesByAnswer([
      ['/api/rest/v1/locales/17', locale],
      ['/api/rest/v1/locales/featured', '{"items":[{"code":"c"}],"total":1}'],
      ['/api/rest/v1/locales/popular', '{"items":[{"code":"c"}],"total":1}'],
      ['/api/rest/v1/locales/count', '{"count":3}'],
    ]),
    [
      'GET /api/rest/v1/locales/count',
      'GET /api/rest/v1/locales/featured',
      'GET /api/rest/v1/locales/popular',
      'GET /api/rest/v1/locales/{id}',
    ],
  );
});

test('a plural with a version after it (reviews-v1, tables_v2) is a collection word: one user name under it is a value', () => {
  assert.deepEqual(templatesOf(['/rest-service/users-v1/jack20', '/rest-service/users-v1/jack20/avatar']), [
    'GET /rest-service/users-v1/{id}',
    'GET /rest-service/users-v1/{id}/avatar',
  ]);
  // Without the plural it is a name like any other (`/auth/saml2v`).
  assert.deepEqual(templatesOf(['/rest-service/info-v1/jack20']), ['GET /rest-service/info-v1/jack20']);
});

test('user names of words with one digit at the end (anna_smith5) join other names like nina3 does; a version after a word (tables_v2) is a word', () => {
  // XML answers: nothing to compare, the value class alone decides.
  assert.deepEqual(
    templatesOf(['/api/people/anna84', '/api/people/bob77', '/api/people/grace_costa6', '/api/people/silva-sam3'], { xml: true }),
    ['GET /api/people/{id}'],
  );
  assert.deepEqual(templatesOf(['/api/people/anna84', '/api/people/bob77', '/api/people/tables_v2'], { xml: true }), [
    'GET /api/people/tables_v2',
    'GET /api/people/{id}',
  ]);
  // Alone they need other names, as `nina3` does (`/auth/oauth2`).
  assert.deepEqual(templatesOf(['/api/auth/grace_costa6'], { xml: true }), ['GET /api/auth/grace_costa6']);
});

test('two name parameters in a row under a collection: names that answer alike themselves and at their items are values; plural collections stay literal', () => {
  const table = '{"name":"t","length":8}';
  const entry = '{"value":1.5}';
  const requests: Array<[string, string]> = [];
  for (const name of ['julia', 'bweber', 'jjensen', 'mueller-anna']) {
    requests.push([`/api/v1/strategy/tables/floats/${name}`, table]);
    requests.push([`/api/v1/strategy/tables/floats/${name}/${name.length}`, entry]);
  }
  assert.deepEqual(templatesByAnswer(requests), [
    'GET /api/v1/strategy/tables/floats/{id}',
    'GET /api/v1/strategy/tables/floats/{id}/{float_id}',
  ]);
  // Collections of their own are plurals (`floats`, `int32s`, `strings`), even when their lists and items answer alike.
  const kinds: Array<[string, string]> = [];
  for (const kind of ['floats', 'int32s', 'strings']) {
    kinds.push([`/api/v1/strategy/tables/${kind}`, table]);
    kinds.push([`/api/v1/strategy/tables/${kind}/7`, entry]);
  }
  assert.deepEqual(templatesByAnswer(kinds), [
    'GET /api/v1/strategy/tables/floats',
    'GET /api/v1/strategy/tables/floats/{id}',
    'GET /api/v1/strategy/tables/int32s',
    'GET /api/v1/strategy/tables/int32s/{id}',
    'GET /api/v1/strategy/tables/strings',
    'GET /api/v1/strategy/tables/strings/{id}',
  ]);
});

test('two name parameters in a row with names only below: second-level names that recur under several first-level names make both levels parameters', () => {
  const project = '{"key":"p","flags":[]}';
  const flag = '{"key":"f","on":true}';
  const requests: Array<[string, string]> = [];
  const projects = ['annakowalski', 'bdubois', 'tomgarcia', 'rosarossi'];
  const flags = ['oliver', 'rosatanaka', 'fgarcia', 'jack', 'smith-kevin'];
  projects.forEach((p, i) => {
    requests.push([`/api/v2/flags/${p}`, project]);
    for (let j = 0; j < 3; j++) requests.push([`/api/v2/flags/${p}/${flags[(i + j) % flags.length]}`, flag]);
  });
  requests.push(['/api/v2/flags/bdubois/jack/dependent-flags', '{"items":[]}']);
  requests.push(['/api/v2/flags/rosarossi/oliver/dependent-flags', '{"items":[]}']);
  assert.deepEqual(templatesByAnswer(requests), [
    'GET /api/v2/flags/{id}',
    'GET /api/v2/flags/{id}/{flag_id}',
    'GET /api/v2/flags/{id}/{flag_id}/dependent-flags',
  ]);
});

test('under a collection, names whose children names overlap are values even when some of them also have a value child', () => {
  const project = '{"key":"p","flags":[]}';
  const flag = '{"key":"f","on":true}';
  const requests: Array<[string, string]> = [
    ['/api/v2/flags/annakowalski', project],
    ['/api/v2/flags/annakowalski/oliver', flag],
    ['/api/v2/flags/annakowalski/8qndzbfm', flag],
    ['/api/v2/flags/bdubois', project],
    ['/api/v2/flags/bdubois/oliver', flag],
    ['/api/v2/flags/bdubois/rosatanaka', flag],
    ['/api/v2/flags/bdubois/oNh9u1xQ', flag],
    ['/api/v2/flags/tomgarcia', project],
    ['/api/v2/flags/tomgarcia/rosatanaka', flag],
    ['/api/v2/flags/tomgarcia/jack', flag],
    ['/api/v2/flags/rosarossi', project],
    ['/api/v2/flags/rosarossi/jack', flag],
    ['/api/v2/flags/rosarossi/fgarcia', flag],
  ];
  assert.deepEqual(templatesByAnswer(requests), ['GET /api/v2/flags/{id}', 'GET /api/v2/flags/{id}/{flag_id}']);
});

test('names under a parameter whose subtrees, pooled over its values, have one shape are values (project names that are words); plural collections and differently answering resources stay literal', () => {
  // Project names are dictionary words (`daily`, `draft`, `public`); each user has a few, each seen with part of the subtree.
  const requests: string[] = [];
  const users = ['12', '15', '31'];
  ['daily', 'draft', 'public'].forEach((p, i) => {
    const u = (j: number): string => users[(i + j) % users.length];
    requests.push(`/api/v1/project/${u(0)}/${p}`);
    requests.push(`/api/v1/project/${u(1)}/${p}/envvar`);
    requests.push(`POST /api/v1/project/${u(2)}/${p}/checkout-key`);
    requests.push(`/api/v1/project/${u(0)}/${p}/${880 + i}`);
    requests.push(`POST /api/v1/project/${u(1)}/${p}/${890 + i}/retry`);
  });
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'GET /api/v1/project/{id}/{project_id}',
    'GET /api/v1/project/{id}/{project_id}/envvar',
    'GET /api/v1/project/{id}/{project_id}/{id2}',
    'POST /api/v1/project/{id}/{project_id}/checkout-key',
    'POST /api/v1/project/{id}/{project_id}/{id2}/retry',
  ]);
  // Collections of a user are plurals with one shape too (a list, items, the same sub-resources): they stay literal.
  const plurals: string[] = [];
  ['repos', 'keys', 'hooks'].forEach((c, i) => {
    plurals.push(
      `/api/v1/users/${12 + i}/${c}`,
      `/api/v1/users/${15 + i}/${c}/envvar`,
      `POST /api/v1/users/${12 + i}/${c}/checkout-key`,
    );
    plurals.push(`/api/v1/users/${15 + i}/${c}/${880 + i}`);
  });
  assert.deepEqual(templatesOf(plurals, { xml: true }), [
    'GET /api/v1/users/{id}/hooks',
    'GET /api/v1/users/{id}/hooks/envvar',
    'GET /api/v1/users/{id}/hooks/{hook_id}',
    'GET /api/v1/users/{id}/keys',
    'GET /api/v1/users/{id}/keys/envvar',
    'GET /api/v1/users/{id}/keys/{key_id}',
    'GET /api/v1/users/{id}/repos',
    'GET /api/v1/users/{id}/repos/envvar',
    'GET /api/v1/users/{id}/repos/{repo_id}',
    'POST /api/v1/users/{id}/hooks/checkout-key',
    'POST /api/v1/users/{id}/keys/checkout-key',
    'POST /api/v1/users/{id}/repos/checkout-key',
  ]);
  // Resources named by singular words, with the same sub-resources but answering differently, stay literal.
  const resources: Array<[string, string]> = [];
  [
    ['build', '{"build_num":1,"status":"ok","steps":[]}'],
    ['deploy', '{"target":"eu","release":"r1"}'],
    ['config', '{"settings":{"a":1},"version":3}'],
  ].forEach(([r, body], i) => {
    resources.push([`/api/v1/apps/${12 + i}/${r}`, body], [`/api/v1/apps/${15 + i}/${r}/log`, '{"lines":[]}']);
    resources.push([`/api/v1/apps/${12 + i}/${r}/${880 + i}`, body], [`/api/v1/apps/${15 + i}/${r}/history`, '{"items":[]}']);
  });
  assert.deepEqual(templatesByAnswer(resources), [
    'GET /api/v1/apps/{id}/build',
    'GET /api/v1/apps/{id}/build/history',
    'GET /api/v1/apps/{id}/build/log',
    'GET /api/v1/apps/{id}/build/{build_id}',
    'GET /api/v1/apps/{id}/config',
    'GET /api/v1/apps/{id}/config/history',
    'GET /api/v1/apps/{id}/config/log',
    'GET /api/v1/apps/{id}/config/{config_id}',
    'GET /api/v1/apps/{id}/deploy',
    'GET /api/v1/apps/{id}/deploy/history',
    'GET /api/v1/apps/{id}/deploy/log',
    'GET /api/v1/apps/{id}/deploy/{deploy_id}',
  ]);
});

test('under an API prefix, names of one shape with two sub-resources or more in common are values (account names that are words); resource names with subtrees of their own stay literal', () => {
  // Accounts named by words (`archived`, `weekly`, `primary`), each with its members and sites.
  const requests: string[] = [];
  ['archived', 'weekly', 'primary', 'detailed'].forEach((a, i) => {
    requests.push(`/api/v1/${a}/members`, `POST /api/v1/${a}/sites`, `DELETE /api/v1/${a}/members/${100 + i}`);
    if (i % 2 === 0) requests.push(`/api/v1/${a}/sites`);
  });
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'DELETE /api/v1/{id}/members/{member_id}',
    'GET /api/v1/{id}/members',
    'GET /api/v1/{id}/sites',
    'POST /api/v1/{id}/sites',
  ]);
  // Resources share a sub-resource or two at most, each its own subtree: they stay literal.
  const resources = [
    '/api/v1/sites',
    '/api/v1/sites/12',
    '/api/v1/sites/12/members',
    'POST /api/v1/sites/12/deploys',
    '/api/v1/forms',
    '/api/v1/forms/3/submissions',
    '/api/v1/forms/4/members',
    '/api/v1/hooks/types',
    '/api/v1/hooks/7',
    'DELETE /api/v1/hooks/7',
  ];
  assert.deepEqual(templatesOf(resources, { xml: true }), [
    'DELETE /api/v1/hooks/{id}',
    'GET /api/v1/forms',
    'GET /api/v1/forms/{id}/members',
    'GET /api/v1/forms/{id}/submissions',
    'GET /api/v1/hooks/types',
    'GET /api/v1/hooks/{id}',
    'GET /api/v1/sites',
    'GET /api/v1/sites/{id}',
    'GET /api/v1/sites/{id}/members',
    'POST /api/v1/sites/{id}/deploys',
  ]);
});

test('in a collection, names of one shape with two sub-resources or more in common are values even when they recur under cousins (environments named by words)', () => {
  // Environment names recur under every `environments` (they are one parameter's values, not vocabulary).
  const requests: string[] = [];
  for (const parent of ['projects', 'flags', 'segments'])
    ['production', 'staging', 'preview'].forEach((env, i) => {
      requests.push(
        `/api/${parent}/${7 + i}/environments/${env}/approvals`,
        `POST /api/${parent}/${8 + i}/environments/${env}/schedules`,
      );
      if (i !== 1) requests.push(`/api/${parent}/${7 + i}/environments/${env}/schedules`);
    });
  assert.deepEqual(
    templatesOf(requests, { xml: true }).filter((t) => t.includes('/projects/')),
    [
      'GET /api/projects/{id}/environments/{environment_id}/approvals',
      'GET /api/projects/{id}/environments/{environment_id}/schedules',
      'POST /api/projects/{id}/environments/{environment_id}/schedules',
    ],
  );
  // The API's vocabulary recurring under cousins stays literal: leaves, or words whose subtrees differ.
  const vocabulary: string[] = [];
  for (const parent of ['leagues', 'series', 'teams'])
    vocabulary.push(`/api/${parent}/4/matches/past`, `/api/${parent}/5/matches/upcoming`, `/api/${parent}/6/matches/live/score`);
  assert.deepEqual(
    templatesOf(vocabulary, { xml: true }).filter((t) => t.includes('/leagues/')),
    ['GET /api/leagues/{id}/matches/live/score', 'GET /api/leagues/{id}/matches/past', 'GET /api/leagues/{id}/matches/upcoming'],
  );
});

test('slugs of titles (a function word at an end, five words or more, a word twice) are value-like; names of a few words stay names', () => {
  // Read-only leaves under a singular word, no sub-resource: as words they stayed literal (one template each).
  assert.deepEqual(
    templatesOf([
      '/top_writer/how-to-bake-bread',
      '/top_writer/notes-from-a',
      '/top_writer/learning-dark-team-report-cooking',
      '/top_writer/the-the',
    ]),
    ['GET /top_writer/{id}'],
  );
  // Under an API version words are resource names, titles are not: accounts named by titles, with their members.
  assert.deepEqual(
    templatesOf([
      '/api/v1/sites',
      '/api/v1/the-night-kitchen/members',
      '/api/v1/the-night-kitchen/sites',
      '/api/v1/notes-from-a/members',
      '/api/v1/why-slow-cloud-using-design/sites',
    ]),
    ['GET /api/v1/sites', 'GET /api/v1/{id}/members', 'GET /api/v1/{id}/sites'],
  );
  // A title among names is judged with them: the names' evidence is not split (one {id}, not two pools).
  const db = '{"name":"d","rid":"x"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/dbs/orders/colls', db],
      ['/dbs/orders/users', db],
      ['/dbs/billing-main/colls', db],
      ['/dbs/billing-main/users', db],
      ['/dbs/big-the-story/colls', db],
      ['/dbs/big-the-story/users', db],
    ]),
    ['GET /dbs/{id}/colls', 'GET /dbs/{id}/users'],
  );
  // Names of two to four words (a noun compound, a verb phrase, a particle at the end) stay literal.
  assert.deepEqual(
    templatesOf([
      '/user/sign-in',
      '/user/add-to-cart',
      '/user/member-of',
      'POST /functions/12/response-streaming-invocations',
      'GET /functions/12/runtime-management-config',
    ]),
    [
      'GET /functions/{id}/runtime-management-config',
      'GET /user/add-to-cart',
      'GET /user/member-of',
      'GET /user/sign-in',
      'POST /functions/{id}/response-streaming-invocations',
    ],
  );
});

test('dotted keys of three or four words (dev.region.size) are value-like as first.last is; under an API prefix they are RPC methods', () => {
  assert.deepEqual(templatesOf(['/api/clusters/timeout.search.default', '/api/clusters/main.production.new'], { xml: true }), [
    'GET /api/clusters/{id}',
  ]);
  assert.deepEqual(templatesOf(['POST /api/admin.users.list', 'POST /api/admin.conversations.history']), [
    'POST /api/admin.conversations.history',
    'POST /api/admin.users.list',
  ]);
});

test("a leaf word asked for more than twice as often by its methods as any value beside it is the API's vocabulary, however busy the values' subtrees (i19-recall2)", () => {
  const account = '{"acct":"anna","avatar":"a.png","bot":false,"created_at":"2024-01-02T10:00:00Z"}';
  const list = '[{"acct":"bob","avatar":"b.png","bot":true}]';
  const accounts = ['aspen-maple-724', 'kite-zephyr-633', 'maple-maple-256', 'pine-orbit-650', 'quartz-ember-603'];
  // Each account read once or twice, its followers and statuses read more: the subtree's requests are no reads of the item.
  const items: Array<[string, string]> = accounts.flatMap((a, i): Array<[string, string]> => [
    ...Array.from({ length: 1 + (i % 2) }, (): [string, string] => [`/api/v1/accounts/${a}`, account]),
    ...['followers', 'following', 'statuses', 'lists'].flatMap((s): Array<[string, string]> => [
      [`/api/v1/accounts/${a}/${s}`, list],
      [`/api/v1/accounts/${a}/${s}`, list],
    ]),
  ]);
  // The signed-in account, asked for by every client: twelve reads answering as an account does.
  const own = Array.from({ length: 12 }, (): [string, string] => ['/api/v1/accounts/verify_credentials', account]);
  assert.deepEqual(templatesByAnswer([...items, ...own]), [
    'GET /api/v1/accounts/verify_credentials',
    'GET /api/v1/accounts/{id}',
    'GET /api/v1/accounts/{id}/followers',
    'GET /api/v1/accounts/{id}/following',
    'GET /api/v1/accounts/{id}/lists',
    'GET /api/v1/accounts/{id}/statuses',
  ]);
  // Look-alike: the same word read as often as an account is: one more account (its answer is an account's).
  assert.deepEqual(templatesByAnswer([...items, ...own.slice(0, 2)]), [
    'GET /api/v1/accounts/{id}',
    'GET /api/v1/accounts/{id}/followers',
    'GET /api/v1/accounts/{id}/following',
    'GET /api/v1/accounts/{id}/lists',
    'GET /api/v1/accounts/{id}/statuses',
  ]);
});

test("a hot leaf is compared with the values' requests by its own methods: GET /policy/get_by_policy_name beside policies read, replaced and deleted (i19-recall2)", () => {
  const policy = '{"name":"standard","handlingTime":{"unit":"DAY","value":2},"shipToLocations":{"regionIncluded":[]}}';
  const ids = ['OqyyDsLqUZ', 'SzwIwOFwfvi', 'bX5qnE7Ko', 'l8HBVtTz18p', 'viPQlZjjb1M'];
  // Each policy read once or twice, replaced four times, deleted twice: 7 or 8 requests of its own, more than half the lookup's 11.
  const items: Array<[string, string]> = ids.flatMap((id, i): Array<[string, string]> => [
    ...Array.from({ length: 1 + (i % 2) }, (): [string, string] => [`/sell/v1/fulfillment_policy/${id}`, policy]),
    ...Array.from({ length: 4 }, (): [string, string] => [`PUT /sell/v1/fulfillment_policy/${id} {"name":"x"}`, policy]),
    ...Array.from({ length: 2 }, (): [string, string] => [`DELETE /sell/v1/fulfillment_policy/${id}`, '{}']),
  ]);
  const lookups = Array.from({ length: 11 }, (_, i): [string, string] => [
    `/sell/v1/fulfillment_policy/get_by_policy_name?name=p${i}`,
    policy,
  ]);
  assert.deepEqual(templatesByAnswer([...items, ...lookups]), [
    'DELETE /sell/v1/fulfillment_policy/{id}',
    'GET /sell/v1/fulfillment_policy/get_by_policy_name',
    'GET /sell/v1/fulfillment_policy/{id}',
    'PUT /sell/v1/fulfillment_policy/{id}',
  ]);
  // Look-alike: a lookup read five times (fewer than HOT_REQUESTS) answering as a policy does is not told from one.
  assert.deepEqual(templatesByAnswer([...items, ...lookups.slice(0, 5)]), [
    'DELETE /sell/v1/fulfillment_policy/{id}',
    'GET /sell/v1/fulfillment_policy/{id}',
    'PUT /sell/v1/fulfillment_policy/{id}',
  ]);
});

test("in a collection, two names whose sub-resources are all the values' sub-resources are values; one such word (/users/me) stays literal", () => {
  // Plugins named `carla32` (value-like) and `peter`, `BenNguyen`, `HenryCosta` (words): the words have only the
  // sub-resources the values have. XML answers: nothing to compare, the subtrees decide.
  assert.deepEqual(
    templatesOf(
      [
        'POST /v1.33/plugins/carla32/disable',
        'POST /v1.33/plugins/carla32/set',
        'POST /v1.33/plugins/carla32/enable',
        'DELETE /v1.33/plugins/carla32',
        'POST /v1.33/plugins/BenNguyen/disable',
        'POST /v1.33/plugins/BenNguyen/set',
        'POST /v1.33/plugins/HenryCosta/enable',
        'DELETE /v1.33/plugins/HenryCosta',
        'POST /v1.33/plugins/pull',
        'GET /v1.33/plugins/privileges',
      ],
      { xml: true },
    ),
    [
      'DELETE /v1.33/plugins/{id}',
      'GET /v1.33/plugins/privileges',
      'POST /v1.33/plugins/pull',
      'POST /v1.33/plugins/{id}/disable',
      'POST /v1.33/plugins/{id}/enable',
      'POST /v1.33/plugins/{id}/set',
    ],
  );
  // Beside a value child too (`/issue_trackers/{id}/issues/{id}`, trackers named `julia`, `ElenaKowalski`).
  assert.deepEqual(
    templatesOf(
      [
        'PUT /issue_trackers/4711',
        '/issue_trackers/4711/issues/12',
        'PUT /issue_trackers/julia',
        '/issue_trackers/julia/issues/13',
        '/issue_trackers/ElenaKowalski/issues/14',
      ],
      { xml: true },
    ),
    ['GET /issue_trackers/{id}/issues/{issue_id}', 'PUT /issue_trackers/{id}'],
  );
  // One word with the values' sub-resources is the API's vocabulary (`/users/me/keys`), and words with
  // sub-resources of their own (`/users/search/suggestions`) are not the values'.
  assert.deepEqual(
    templatesOf(['/api/users/4711/keys', '/api/users/4712/keys', '/api/users/me/keys', '/api/users/search/suggestions'], {
      xml: true,
    }),
    ['GET /api/users/me/keys', 'GET /api/users/search/suggestions', 'GET /api/users/{id}/keys'],
  );
});

test('beside a value child in a collection, names with items of their own that answer alike, themselves and at their items, are values', () => {
  // Integrations keyed by number and by title slugs (`getting-on`), each with its configurations below.
  const integration = '{"key":"k","name":"n","configs":[{"id":1}]}';
  const config = '{"id":1,"name":"n","on":true,"targets":["x"]}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v2/integrations/4711', integration],
      ['/api/v2/integrations/4711/12', config],
      ['/api/v2/integrations/getting-on', integration],
      ['/api/v2/integrations/getting-on/13', config],
      ['/api/v2/integrations/kitchen-what-open', integration],
      ['/api/v2/integrations/kitchen-what-open/14', config],
      ['/api/v2/integrations/forest-open-golden', integration],
      ['/api/v2/integrations/forest-open-golden/15', config],
    ]),
    ['GET /api/v2/integrations/{id}', 'GET /api/v2/integrations/{id}/{integration_id}'],
  );
  // Collections of their own answer otherwise, at their list or at their items (`/nodes/pending/{id}`).
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v2/nodes/4711', integration],
      ['/api/v2/nodes/4711/12', config],
      ['/api/v2/nodes/pending', '{"items":[],"total":0}'],
      ['/api/v2/nodes/pending/13', '{"job":"j","state":"queued"}'],
      ['/api/v2/nodes/archived', '{"items":[],"total":0}'],
      ['/api/v2/nodes/archived/14', '{"job":"j","state":"queued"}'],
      ['/api/v2/nodes/failed', '{"items":[],"total":0}'],
      ['/api/v2/nodes/failed/15', '{"job":"j","state":"queued"}'],
    ]),
    [
      'GET /api/v2/nodes/archived',
      'GET /api/v2/nodes/archived/{id}',
      'GET /api/v2/nodes/failed',
      'GET /api/v2/nodes/failed/{id}',
      'GET /api/v2/nodes/pending',
      'GET /api/v2/nodes/pending/{id}',
      'GET /api/v2/nodes/{id}',
      'GET /api/v2/nodes/{id}/{node_id}',
    ],
  );
});

test("names under a parameter with items of their own answering alike, pooled over the parameter's values, are values (environments of projects)", () => {
  // Environments named by words under numbered projects, each seen under two of them with a method or two: under a
  // parameter, names answering alike themselves and at their items are values, judged on all each name has below.
  const env = '{"key":"k","name":"n","segments":2}';
  const segment = '{"key":"s","rules":[],"included":["u"]}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v2/segments/101/production', env],
      ['PATCH /api/v2/segments/101/production/12', segment],
      ['POST /api/v2/segments/102/production', env],
      ['/api/v2/segments/102/production/13', segment],
      ['/api/v2/segments/102/staging', env],
      ['PATCH /api/v2/segments/102/staging/14', segment],
      ['POST /api/v2/segments/103/staging', env],
      ['/api/v2/segments/103/staging/15', segment],
      ['/api/v2/segments/103/qa', env],
      ['PATCH /api/v2/segments/103/qa/16', segment],
      ['POST /api/v2/segments/101/qa', env],
      ['/api/v2/segments/101/qa/17', segment],
      ['/api/v2/segments/101/9f8e7d6c5b4a39281706f5e4d3c2b1a0/expiring-user-targets/7', '{"targets":[]}'],
    ]),
    [
      'GET /api/v2/segments/{id}/{segment_id}',
      'GET /api/v2/segments/{id}/{segment_id}/expiring-user-targets/{expiring_user_target_id}',
      'GET /api/v2/segments/{id}/{segment_id}/{id2}',
      'PATCH /api/v2/segments/{id}/{segment_id}/{id2}',
      'POST /api/v2/segments/{id}/{segment_id}',
    ],
  );
});

test('three or more names with one digit (jack9, david_weber6) are values with no other value-like sibling; one or two stay words (oauth2)', () => {
  // Users under numbered repositories, answered without a body: the names' own shape and their number decide.
  assert.deepEqual(
    templatesOf(
      [
        '/rest/users-v1/1043/jack9',
        '/rest/users-v1/1054/david_weber6',
        '/rest/users-v1/1054/henry_silva6',
        '/rest/users-v1/1063/henry_silva6',
      ],
      { body: '' },
    ),
    ['GET /rest/users-v1/{id}/{users_v1_id}'],
  );
  assert.deepEqual(templatesOf(['/api/auth/oauth2', '/api/auth/http2', '/api/auth/login']), [
    'GET /api/auth/http2',
    'GET /api/auth/login',
    'GET /api/auth/oauth2',
  ]);
});

test('two words in a collection are values when their subtrees have one shape or both are items, pooled over every raw node; vocabulary stays literal', () => {
  const queue = '{"name":"q","depth":3,"consumers":1}';
  // Subtrees of one shape: the same methods, the same sub-resources (no answer of their own needed).
  assert.deepEqual(
    templatesByAnswer([
      ['/v2/queues/billing', queue],
      ['DELETE /v2/queues/billing', '{}'],
      ['POST /v2/queues/billing/purge', '{}'],
      ['/v2/queues/billing/messages', '[]'],
      ['/v2/queues/outbox', queue],
      ['POST /v2/queues/outbox/purge', '{}'],
      ['/v2/queues/outbox/messages', '[]'],
    ]),
    ['DELETE /v2/queues/{id}', 'GET /v2/queues/{id}', 'GET /v2/queues/{id}/messages', 'POST /v2/queues/{id}/purge'],
  );
  // Items answering alike, each name seen under another raw node of the position (variants of two families).
  const variant = '{"code":"c","labels":{},"variant_attribute_sets":[]}';
  assert.deepEqual(
    templatesByAnswer([
      ['/families/41/variants/colour', variant],
      ['PATCH /families/41/variants/colour', ''],
      ['/families/42/variants/size', variant],
      ['PATCH /families/42/variants/size', ''],
      ['/families/42/variants/colour', variant],
    ]),
    ['GET /families/{id}/variants/{variant_id}', 'PATCH /families/{id}/variants/{variant_id}'],
  );
  // Beside value-like names (items seen only with a sub-resource), two items answering alike.
  const attribute = '{"code":"c","type":"text","group":"g","allowed_extensions":[]}';
  assert.deepEqual(
    templatesByAnswer([
      ['/attributes/pine_river_65/options', '[]'],
      ['/attributes/sage_cedar_12/options', '[]'],
      ['/attributes/colour', attribute],
      ['PATCH /attributes/colour', ''],
      ['/attributes/weight', attribute],
      ['PATCH /attributes/weight', ''],
    ]),
    ['GET /attributes/{id}', 'GET /attributes/{id}/options', 'PATCH /attributes/{id}'],
  );
  // Vocabulary: read-only leaves, and words sharing one read-only sub-resource, stay literal.
  assert.deepEqual(
    templatesByAnswer([
      ['/v2/projects/archived/count', '{"count":1}'],
      ['/v2/projects/starred/count', '{"count":2}'],
      ['/v2/users/me', '{"id":1}'],
      ['/v2/users/search', '[]'],
    ]),
    ['GET /v2/projects/archived/count', 'GET /v2/projects/starred/count', 'GET /v2/users/me', 'GET /v2/users/search'],
  );
});

test('under a singular word, names of one shape with two sub-resources in common are values even with items below them; an API prefix word there is one of the names', () => {
  // Projects named by words (`internal` among them: below a resource it is a name, not the API's prefix), each with
  // its repositories below it and the same sub-resources; XML answers, so the structure alone decides.
  assert.deepEqual(
    templatesOf(
      [
        '/build/staging',
        'POST /build/staging',
        '/build/staging/_result',
        '/build/staging/7/_buildconfig',
        '/build/staging/7/x86/_repository',
        '/build/internal',
        '/build/internal/_result',
        '/build/internal/8/_buildconfig',
        '/build/internal/8/x86/_repository',
        'POST /build/nightly',
        '/build/nightly/_result',
        '/build/nightly/9/_buildconfig',
        '/build/nightly/9/x86/_repository',
        '/about',
      ],
      { xml: true },
    ),
    [
      'GET /about',
      'GET /build/{id}',
      'GET /build/{id}/_result',
      'GET /build/{id}/{build_id}/_buildconfig',
      'GET /build/{id}/{build_id}/x86/_repository',
      'POST /build/{id}',
    ],
  );
  // Resource names under a singular word, each with its own sub-resources, stay literal.
  assert.deepEqual(
    templatesOf(
      ['/admin/user/1', '/admin/user/1/roles', '/admin/group/2', '/admin/group/2/members', '/admin/role/3/grants', '/about'],
      {
        xml: true,
      },
    ),
    [
      'GET /about',
      'GET /admin/group/{id}',
      'GET /admin/group/{id}/members',
      'GET /admin/role/{id}/grants',
      'GET /admin/user/{id}',
      'GET /admin/user/{id}/roles',
    ],
  );
  // An API prefix word on the API's base path (only segments above it) keeps resource names below it literal.
  assert.deepEqual(templatesOf(['/svc/internal/users/1', '/svc/internal/orders/2', '/svc/internal/carts/3'], { xml: true }), [
    'GET /svc/internal/carts/{id}',
    'GET /svc/internal/orders/{id}',
    'GET /svc/internal/users/{id}',
  ]);
});

test('an API prefix word below a resource (/build/internal beside /build/staging) is a name: the words under it are judged as under its siblings (and the two projects, alike, are values)', () => {
  const requests: string[] = [];
  for (const project of ['staging', 'internal'])
    for (const repository of ['alpha', 'beta', 'gamma'])
      requests.push(`/build/${project}/${repository}/5/_log`, `/build/${project}/${repository}/6/_status`);
  assert.deepEqual(templatesOf([...requests, '/about'], { xml: true }), [
    'GET /about',
    'GET /build/{id}/{build_id}/{id2}/_log',
    'GET /build/{id}/{build_id}/{id2}/_status',
  ]);
  // `internal` alone under `/build`: its repositories are names as under any word.
  const alone: string[] = ['/build/_result', '/about'];
  for (const repository of ['alpha', 'beta', 'gamma'])
    alone.push(`/build/internal/${repository}/5/_log`, `/build/internal/${repository}/6/_status`);
  assert.deepEqual(templatesOf(alone, { xml: true }), [
    'GET /about',
    'GET /build/_result',
    'GET /build/internal/{id}/{internal_id}/_log',
    'GET /build/internal/{id}/{internal_id}/_status',
  ]);
});

test('words written as items in a collection are values even where they recur under cousins; read-only words that recur are vocabulary', () => {
  const requests: string[] = [];
  for (const parent of ['flags/11', 'segments/12', 'members/13'])
    for (const env of ['production', 'staging', 'sandbox'])
      requests.push(`/v2/${parent}/targets/${env}`, `PATCH /v2/${parent}/targets/${env}`);
  assert.deepEqual(templatesOf(requests, { body: '{"items":[],"_version":1}' }), [
    'GET /v2/flags/{id}/targets/{target_id}',
    'GET /v2/members/{id}/targets/{target_id}',
    'GET /v2/segments/{id}/targets/{target_id}',
    'PATCH /v2/flags/{id}/targets/{target_id}',
    'PATCH /v2/members/{id}/targets/{target_id}',
    'PATCH /v2/segments/{id}/targets/{target_id}',
  ]);
  // Read-only, the same words are the API's vocabulary (`/matches/past` above).
  const read: string[] = [];
  for (const parent of ['flags/11', 'segments/12', 'members/13'])
    for (const w of ['production', 'staging', 'sandbox']) read.push(`/v2/${parent}/targets/${w}`);
  assert.equal(templatesOf(read, { body: '{"items":[],"_version":1}' }).length, 9);
});

test('under an API prefix, every pool of names of one shape is values: accounts seen with one part of the subtree or another, two sub-resources in a chain', () => {
  const requests: string[] = [];
  for (const a of ['acme', 'globex', 'initech']) requests.push(`/api/v1/${a}/members`, `/api/v1/${a}/sites`);
  for (const a of ['umbrella', 'hooli', 'vandelay']) requests.push(`/api/v1/${a}/builds/status`);
  requests.push('/api/v1/user', '/api/v1/sites', '/api/v1/sites/12/members');
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'GET /api/v1/sites',
    'GET /api/v1/sites/{id}/members',
    'GET /api/v1/user',
    'GET /api/v1/{id}/builds/status',
    'GET /api/v1/{id}/members',
    'GET /api/v1/{id}/sites',
  ]);
});

test('under a singular word, two words whose subtrees have one shape are values; leaves and subtrees that differ stay literal', () => {
  const requests: string[] = [];
  for (const ns of ['core', 'vendor'])
    requests.push(
      `/attribute/${ns}`,
      `DELETE /attribute/${ns}`,
      `/attribute/${ns}/_meta`,
      `PUT /attribute/${ns}/_meta`,
      `/attribute/${ns}/${ns === 'core' ? 'gold_falcon_19' : 'blue_river_42'}/_meta`,
    );
  assert.deepEqual(templatesOf([...requests, '/about'], { xml: true }), [
    'DELETE /attribute/{id}',
    'GET /about',
    'GET /attribute/{id}',
    'GET /attribute/{id}/_meta',
    'GET /attribute/{id}/{attribute_id}/_meta',
    'PUT /attribute/{id}/_meta',
  ]);
  // Leaves under a singular word (`/user/login`, `/user/logout`) and words with subtrees of their own stay literal.
  assert.deepEqual(
    templatesOf(['/admin/cache', 'DELETE /admin/cache', '/admin/cache/stats', '/admin/jobs/queue', 'DELETE /admin/jobs'], {
      xml: true,
    }),
    ['DELETE /admin/cache', 'DELETE /admin/jobs', 'GET /admin/cache', 'GET /admin/cache/stats', 'GET /admin/jobs/queue'],
  );
});

test('in a collection, a leaf word deleted (and read) as the value-like names are (DELETE /volumes/kevin, empty answers) is one more value; actions (POST /volumes/prune) stay literal', () => {
  const volume = '{"Name":"x","Driver":"local","Mountpoint":"/var/lib/x"}';
  const ids = ['carla32', 'henry49', 'anna.lopez'];
  const requests: Array<[string, string]> = [
    ...ids.flatMap((id): Array<[string, string]> => [
      [`/v1/volumes/${id}`, volume],
      [`DELETE /v1/volumes/${id}`, ''],
    ]),
    ['DELETE /v1/volumes/kevin', ''],
    ['DELETE /v1/volumes/kevin', ''],
    ['/v1/volumes', `[${volume}]`],
    ['POST /v1/volumes/prune', '{"VolumesDeleted":[],"SpaceReclaimed":0}'],
    ['POST /v1/volumes/create', volume],
  ];
  assert.deepEqual(templatesByAnswer(requests), [
    'DELETE /v1/volumes/{id}',
    'GET /v1/volumes',
    'GET /v1/volumes/{id}',
    'POST /v1/volumes/create',
    'POST /v1/volumes/prune',
  ]);
});

test('under a singular word, names that only lead to items answering alike are an enum before a parameter (/sales_tax/{country}/{id}); singular resources answering otherwise stay literal', () => {
  const tax = '{"countryCode":"x","salesTaxJurisdictionId":"j","salesTaxPercentage":"7"}';
  // Countries named by words, each only leading to its jurisdictions (no answer of their own), one of them a dotted name.
  assert.deepEqual(
    templatesByAnswer([
      ['/sell/v1/sales_tax', `{"salesTaxes":[${tax}]}`],
      ['DELETE /sell/v1/sales_tax/MarcoNovak/1044', ''],
      ['DELETE /sell/v1/sales_tax/jdubois/1062', ''],
      ['/sell/v1/sales_tax/jdubois/1044', tax],
      ['/sell/v1/sales_tax/martin-nora/1045', tax],
      ['PUT /sell/v1/sales_tax/martin-nora/1062 {"salesTaxPercentage":"7"}', ''],
      ['PUT /sell/v1/sales_tax/sam.smith/1075 {"salesTaxPercentage":"8"}', ''],
    ]),
    [
      'DELETE /sell/v1/sales_tax/{id}/{sales_tax_id}',
      'GET /sell/v1/sales_tax',
      'GET /sell/v1/sales_tax/{id}/{sales_tax_id}',
      'PUT /sell/v1/sales_tax/{id}/{sales_tax_id}',
    ],
  );
  // Words alone (no value-like name among them) may be resource names in the singular: they stay literal.
  const program = '{"paymentsProgramType":"p","status":"s","marketplaceId":"m"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/sell/v1/payments_program/archived/5121', program],
      ['/sell/v1/payments_program/private/5122', program],
      ['/sell/v1/payments_program/private/5121/onboarding', '{"onboardingStatus":"o","steps":[]}'],
      ['/sell/v1/payments_program/summary/5123', program],
      ['/sell/v1/payments_program/summary/5123/onboarding', '{"onboardingStatus":"o","steps":[]}'],
    ]),
    [
      'GET /sell/v1/payments_program/archived/{id}',
      'GET /sell/v1/payments_program/private/{id}',
      'GET /sell/v1/payments_program/private/{id}/onboarding',
      'GET /sell/v1/payments_program/summary/{id}',
      'GET /sell/v1/payments_program/summary/{id}/onboarding',
    ],
  );
  // Look-alikes: singular resources under a singular word answering otherwise at their items, and collections
  // named by plurals, stay literal; so do items answering only DELETE (nothing to compare).
  assert.deepEqual(
    templatesByAnswer([
      ['/admin/user/12', '{"login":"a","email":"e","roles":[]}'],
      ['/admin/group/14', '{"title":"g","members":[],"quota":5}'],
      ['/admin/role/16', '{"permissions":[],"builtin":true,"scope":"s"}'],
      ['DELETE /admin/user/13', ''],
      ['DELETE /admin/group/15', ''],
      ['DELETE /admin/role/17', ''],
      ['DELETE /store/order/3', ''],
      ['DELETE /store/cart/4', ''],
      ['DELETE /store/coupon/5', ''],
      ['/shop/orders/7', '{"total":1,"lines":[]}'],
      ['/shop/invoices/8', '{"total":1,"lines":[]}'],
      ['/shop/quotes/9', '{"total":1,"lines":[]}'],
    ]),
    [
      'DELETE /admin/group/{id}',
      'DELETE /admin/role/{id}',
      'DELETE /admin/user/{id}',
      'DELETE /store/cart/{id}',
      'DELETE /store/coupon/{id}',
      'DELETE /store/order/{id}',
      'GET /admin/group/{id}',
      'GET /admin/role/{id}',
      'GET /admin/user/{id}',
      'GET /shop/invoices/{id}',
      'GET /shop/orders/{id}',
      'GET /shop/quotes/{id}',
    ],
  );
});

test('a segment with an encoded space or non-ASCII letters is text, not a name: a value alone where names may be, and words answering like it join it', () => {
  const orders = '{"orders":[{"id":1,"status":"s","total":"9.50"}]}';
  // Status values of an enum, one written with a space (`Pending Payment`): the words beside it answer alike.
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/orders/status/Abandoned.json', orders],
      ['/v1/orders/status/Paid.json', orders],
      ['/v1/orders/status/Pending%20Payment.json', orders],
    ]),
    ['GET /v1/orders/status/{id}.json'],
  );
  // Alone under a word, beside a camelCase word that answers otherwise: the text is a value, the word stays.
  assert.deepEqual(
    templatesByAnswer([
      ['POST /api/archives/rules/restore/archive%20ID', '{"archiveId":"a","restoredRules":3}'],
      ['POST /api/archives/rules/restore/latestCommit', '{"commit":"c","author":"x","files":[]}'],
      ['/files/caf%C3%A9-menu', '{"name":"n","size":1}'],
    ]),
    ['GET /files/{id}', 'POST /api/archives/rules/restore/latestCommit', 'POST /api/archives/rules/restore/{id}'],
  );
  // Look-alikes: right under the root a name stays literal; other escapes (`%2D`, `-`) and plain words are words.
  assert.deepEqual(templatesOf(['/My%20Documents', '/v1/orders/status/open.json', '/v1/orders/status/sign%2Din']), [
    'GET /My%20Documents',
    'GET /v1/orders/status/open.json',
    'GET /v1/orders/status/sign%2Din',
  ]);
});

test('slugs written and answering as the titles and ids beside them are more of their values (/scheduled_statuses/south-winter); a word stays literal', () => {
  const status = '{"id":"01G3W9","scheduled_at":"2024-05-01T10:00:00Z","params":{"text":"t"},"media_attachments":[]}';
  const beside = (word: string): string[] => {
    const requests: Array<[string, string]> = [];
    // A title, and a title with a year (a long token by its shape: a value child), both read, replaced and deleted.
    for (const title of ['ideas-station-summer-story-design', 'of-running-cloud-started-of-fast-little-2020']) {
      requests.push([`/api/v1/scheduled_statuses/${title}`, status], [`PUT /api/v1/scheduled_statuses/${title}`, status]);
      requests.push([`DELETE /api/v1/scheduled_statuses/${title}`, '']);
    }
    requests.push([`PUT /api/v1/scheduled_statuses/${word}`, status], [`DELETE /api/v1/scheduled_statuses/${word}`, '']);
    return templatesByAnswer(requests);
  };
  assert.deepEqual(beside('south-winter'), [
    'DELETE /api/v1/scheduled_statuses/{id}',
    'GET /api/v1/scheduled_statuses/{id}',
    'PUT /api/v1/scheduled_statuses/{id}',
  ]);
  // Vocabulary beside items is a word (`PUT /users/me`): written and answering as the values, it stays literal.
  assert.deepEqual(beside('current'), [
    'DELETE /api/v1/scheduled_statuses/current',
    'DELETE /api/v1/scheduled_statuses/{id}',
    'GET /api/v1/scheduled_statuses/{id}',
    'PUT /api/v1/scheduled_statuses/current',
    'PUT /api/v1/scheduled_statuses/{id}',
  ]);
});

test('under a singular word, names each an item in a format and a parent of the same sub-resource are values (/status/{status}.json, /status/{status}/count.json); resources named alike stay literal', () => {
  const products = '{"products":[{"id":1,"name":"n","price":9.5}]}';
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/products/status/available.json', products],
      ['/v1/products/status/disabled.json', products],
      ['/v1/products/status/available/count.json', '{"count":3}'],
      ['/v1/products/status/disabled/count.json', '{"count":1}'],
      ['/v1/products/status/not-available/count.json', '{"count":0}'],
    ]),
    ['GET /v1/products/status/{id}.json', 'GET /v1/products/status/{id}/count.json'],
  );
  // Two names with the sub-resource, a third only seen in the format, answering as the others do.
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/products/status/available.json', products],
      ['/v1/products/status/disabled.json', products],
      ['/v1/products/status/not-available.json', products],
      ['/v1/products/status/disabled/count.json', '{"count":1}'],
      ['/v1/products/status/not-available/count.json', '{"count":0}'],
    ]),
    ['GET /v1/products/status/{id}.json', 'GET /v1/products/status/{id}/count.json'],
  );
  // Look-alikes: resources (plurals) each a list in a format and with a count; names under the API's root.
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/shop/orders.json', '{"orders":[]}'],
      ['/v1/shop/orders/count.json', '{"count":3}'],
      ['/v1/shop/customers.json', '{"customers":[]}'],
      ['/v1/shop/customers/count.json', '{"count":3}'],
      ['/v1/shop/products.json', '{"products":[]}'],
      ['/v1/shop/products/count.json', '{"count":3}'],
      ['/v1/store.json', '{"name":"s"}'],
      ['/v1/store/count.json', '{"count":1}'],
      ['/v1/shop.json', '{"name":"s"}'],
      ['/v1/account.json', '{"name":"a"}'],
      ['/v1/account/count.json', '{"count":1}'],
    ]).filter((t) => t.includes('{')),
    [],
  );
});
test('a space inside a segment (%20) makes it value-like: it and the names answering alike beside it are values; one word alone stays literal', () => {
  assert.deepEqual(
    templatesOf([
      '/v1/orders/status/Pending%20Payment.json',
      '/v1/orders/status/Abandoned.json',
      '/v1/orders/status/Pending%20Payment.json',
    ]),
    ['GET /v1/orders/status/{id}.json'],
  );
  assert.deepEqual(
    templatesOf(['POST /api/system/archives/full/restore/archive%20ID', 'POST /api/system/archives/full/restore/latestCommit']),
    ['POST /api/system/archives/full/restore/{id}'],
  );
  // One alone is a value wherever names may be values (as a random id), not right under an API prefix.
  assert.deepEqual(templatesOf(['/v1/orders/status/Pending%20Payment.json', '/api/New%20Folder']), [
    'GET /api/New%20Folder',
    'GET /v1/orders/status/{id}.json',
  ]);
  // Look-alikes: words with no space stay literal, and so do names joined by `-` or `_`.
  assert.deepEqual(templatesOf(['/v1/orders/status/Abandoned.json', '/v1/orders/status/Paid.json']), [
    'GET /v1/orders/status/Abandoned.json',
    'GET /v1/orders/status/Paid.json',
  ]);
  assert.deepEqual(templatesOf(['/api/settings/pending-payment', '/api/settings/user_settings']), [
    'GET /api/settings/pending-payment',
    'GET /api/settings/user_settings',
  ]);
});

test('three or more leaves answering GET only, all their parent has, each seen rarely, are values: alike JSON or no shapes at all under a singular word, any answers in a collection; verbs, pairs and busy leaves stay literal', () => {
  // The host's other endpoints get their own requests (four each); the values share one endpoint's.
  const busy = ['/api/v1/timelines/home', '/api/v1/accounts', '/api/v1/notifications'].flatMap((p) => [p, p, p, p]);
  const rest = busy.map((p) => `GET ${p}`);
  const without = (ts: string[]): string[] => ts.filter((t) => !rest.includes(t));
  assert.deepEqual(
    without(
      templatesOf([
        ...busy,
        '/api/v1/timelines/tag/notify',
        '/api/v1/timelines/tag/admin-sync',
        '/api/v1/timelines/tag/mobile_min_internal',
        '/api/v1/timelines/tag/notify',
      ]),
    ),
    ['GET /api/v1/timelines/tag/{id}'],
  );
  assert.deepEqual(
    without(
      templatesOf([...busy, '/api/v1/architectures/x86-64', '/api/v1/architectures/aarch', '/api/v1/architectures/ppc'], {
        xml: true,
      }),
    ),
    ['GET /api/v1/architectures/{id}'],
  );
  // Look-alikes: literal endpoints requested as often as the others, two read-only leaves (a resource's verbs),
  // leaves answering differently, a leaf that is written (POST) beside them, a parent answering itself, and
  // leaves under a singular word with no JSON to compare stay literal.
  const tags = ['/api/v1/geo/reverse', '/api/v1/geo/search', '/api/v1/geo/similar'];
  assert.deepEqual(
    without(templatesOf([...busy, ...tags, ...tags, ...tags, ...tags, '/api/v1/geo/search'])),
    tags.map((t) => `GET ${t}`),
  );
  assert.deepEqual(without(templatesOf([...busy, '/api/v1/user/login', '/api/v1/user/logout'])), [
    'GET /api/v1/user/login',
    'GET /api/v1/user/logout',
  ]);
  assert.deepEqual(
    templatesByAnswer([
      ...busy.map((p): [string, string] => [p, '{"ok":true}']),
      ['/account/profile', '{"name":"a","email":"b"}'],
      ['/account/billing', '{"plan":"x","cards":[]}'],
      ['/account/limits', '{"quota":3,"used":1}'],
    ]).filter((t) => !rest.includes(t)),
    ['GET /account/billing', 'GET /account/limits', 'GET /account/profile'],
  );
  assert.deepEqual(
    without(templatesOf([...busy, '/summary/daily', '/summary/weekly', '/summary/monthly', 'POST /summary/reset'])),
    ['GET /summary/daily', 'GET /summary/monthly', 'GET /summary/weekly', 'POST /summary/reset'],
  );
  assert.deepEqual(without(templatesOf([...busy, '/report', '/report/daily', '/report/weekly', '/report/monthly'])), [
    'GET /report',
    'GET /report/daily',
    'GET /report/monthly',
    'GET /report/weekly',
  ]);
  // Under a singular word with no JSON shapes at all (XML), the requests are the evidence as in a collection (i19-enum:
  // literal before): spread thin, one endpoint's values; each asked for as often as the host's endpoints, endpoints.
  const periods = ['/status/daily', '/status/weekly', '/status/monthly'];
  assert.deepEqual(without(templatesOf([...busy, ...periods], { xml: true })), ['GET /status/{id}']);
  assert.deepEqual(without(templatesOf([...busy, ...periods, ...periods, ...periods, ...periods], { xml: true })), [
    'GET /status/daily',
    'GET /status/monthly',
    'GET /status/weekly',
  ]);
});

test('a run of name parameters under a parameter: a name left out of the names judged values, recurring and leading only where they lead, is one of them; a collection with a sub-resource of its own and a name seen once stay literal', () => {
  // Architectures named by words under repositories of projects (`/build/{project}/{repo}/{arch}/{package}/…`),
  // each seen under a few repositories with part of the subtree. `kiteiris` shares `_builddepinfo` with `nova-river`
  // only, and its package answers `_buildinfo` where the others' answer `_log`: not alike with each of them, but
  // seen under two repositories and leading only to what they lead to (a sub-resource of theirs, packages).
  const requests = [
    '/build/lotus_jade_54/dmitri.sage/cedar-amber/ultra_blue_62/_log',
    '/build/cedar_willow_94/marco67/nova-river/_builddepinfo',
    '/build/pine_zephyr_55/farid.willow/nova-river/nova_harbor_5/_log',
    '/build/sage_quartz_77/farid.willow/quartz-ember/ultra_blue_62/_log',
    '/build/cedar_willow_94/marco67/kiteiris/_builddepinfo',
    '/build/sage_quartz_77/marco67/kiteiris/ultra_blue_62/_buildinfo',
  ];
  const templates = [
    'GET /build/{id}/{build_id}/{id2}/_builddepinfo',
    'GET /build/{id}/{build_id}/{id2}/{id3}/_buildinfo',
    'GET /build/{id}/{build_id}/{id2}/{id3}/_log',
  ];
  assert.deepEqual(templatesOf(requests, { xml: true }), templates);
  // A collection of the repository beside them (`jobs`, under two repositories) with a sub-resource of its own
  // (`_history`, which no architecture has) stays literal.
  const jobs = [...requests, '/build/lotus_jade_54/farid69/jobs/_history', '/build/pine_zephyr_55/marco67/jobs/41/cancel'];
  assert.deepEqual(
    templatesOf(jobs, { xml: true }),
    [...templates, 'GET /build/{id}/{build_id}/jobs/_history', 'GET /build/{id}/{build_id}/jobs/{job_id}/cancel'].sort(),
  );
  // A word leading to packages only (`latest/{package}`, under two repositories) shares no sub-resource with them: literal.
  const latest = [
    ...requests,
    '/build/lotus_jade_54/farid69/latest/ultra_blue_62',
    '/build/pine_zephyr_55/marco67/latest/nova_harbor_5',
  ];
  assert.deepEqual(templatesOf(latest, { xml: true }), [...templates, 'GET /build/{id}/{build_id}/latest/{latest_id}'].sort());
  // Seen under one repository only, a name is not shown to recur as the names of the run do: it stays literal.
  const once = [
    ...requests.slice(0, 4),
    '/build/cedar_willow_94/marco67/kiteiris/_builddepinfo',
    '/build/cedar_willow_94/marco67/kiteiris/ultra_blue_62/_buildinfo',
  ];
  assert.ok(templatesOf(once, { xml: true }).some((t) => t.includes('/kiteiris/')));
});

test('GET-only names under a parameter with only items below them (architectures of repositories, their binaries) are values; plurals, names written to and names with a sub-resource stay literal', () => {
  // `/published/{project}/{repository}/{arch}/{binary}`: architectures named by words, each seen under a few
  // repositories, listed (GET on the name) or with one of its binaries; XML answers, nothing else to compare.
  const at = (i: number): string =>
    `/published/${['blue_delta_66', 'gold_amber_73', 'north_aspen_78'][i % 3]}/${['anna25', 'jonas.gold', 'carla.north', 'nina4'][i % 4]}`;
  const requests: string[] = [];
  ['pine-cedar', 'nova-blue', 'delta-aspen', 'coralfalcon'].forEach((arch, i) => {
    requests.push(`${at(i)}/${arch}`, `${at(i + 1)}/${arch}/${['anna38', 'dmitri75', 'nina.coral', 'farid51'][i]}`);
  });
  assert.deepEqual(templatesOf(requests, { xml: true }), [
    'GET /published/{id}/{published_id}/{id2}',
    'GET /published/{id}/{published_id}/{id2}/{id3}',
  ]);
  // Collections of a repository are plurals (`branches`, `tags`, `releases`): literal, each with its items.
  const plurals = requests.map((r) =>
    r
      .replace('pine-cedar', 'branches')
      .replace('nova-blue', 'tags')
      .replace('delta-aspen', 'releases')
      .replace('coralfalcon', 'commits'),
  );
  assert.deepEqual(
    templatesOf(plurals, { xml: true }).filter((t) => t.includes('{id2}')),
    [],
  );
  // A name whose item is written (PUT) or with a sub-resource of its own is the resource's vocabulary: every name there stays literal.
  const written = [...requests, `PUT ${at(2)}/pine-cedar/anna38`];
  assert.ok(templatesOf(written, { xml: true }).includes('GET /published/{id}/{published_id}/pine-cedar'));
  const below = [...requests, `${at(3)}/nova-blue/_status`];
  assert.ok(templatesOf(below, { xml: true }).includes('GET /published/{id}/{published_id}/pine-cedar'));
  const deleted = [...requests, `DELETE ${at(4)}/delta-aspen`];
  assert.ok(templatesOf(deleted, { xml: true }).includes('GET /published/{id}/{published_id}/pine-cedar'));
  // Names seen under one repository each do not recur as a parameter's values do: literal.
  const once = ['pine-cedar', 'nova-blue', 'delta-aspen', 'coralfalcon'].map((arch, i) => `${at(i)}/${arch}/farid51`);
  assert.ok(templatesOf(once, { xml: true }).includes('GET /published/{id}/{published_id}/pine-cedar/farid51'));
});

test('three or more leaves answering POST only, all their parent has, each sent one body schema and seen rarely, are values (/update/{username}); actions with bodies of their own, none, or as busy as endpoints stay literal', () => {
  // The host's other endpoints get their own requests (four each); the values share one endpoint's.
  const busy = ['/api/v1/timelines/home', '/api/v1/accounts', '/api/v1/notifications'].flatMap((p) => [p, p, p, p]);
  const rest = busy.map((p) => `GET ${p}`);
  const without = (ts: string[]): string[] => ts.filter((t) => !rest.includes(t));
  const user = (name: string): string => `{"username":"${name}","password":"x1","role":["admin"]}`;
  assert.deepEqual(
    without(
      templatesOf([
        ...busy,
        `POST /api/latest/usermanagement/update/AnnaCosta ${user('anna')}`,
        `POST /api/latest/usermanagement/update/HenryTanaka ${user('henry')}`,
        `POST /api/latest/usermanagement/update/costa-anna ${user('costa')}`,
        `POST /api/latest/usermanagement/update/HenryTanaka ${user('henry')}`,
      ]),
    ),
    ['POST /api/latest/usermanagement/update/{id}'],
  );
  // Enum words as well: branches of a project built by POST with one build's parameters.
  const build = '{"revision":"abc","parallel":2,"tag":"v1"}';
  assert.deepEqual(
    without(
      templatesOf([
        ...busy,
        ...['draft', 'pending', 'archived', 'draft'].map((b) => `POST /api/v1/project/gh/acme/tree/${b} ${build}`),
      ]),
    ),
    ['POST /api/v1/project/gh/acme/tree/{id}'],
  );
  // Look-alikes: actions with bodies of their own or none (`/user/login`, `/user/logout`, `/user/createWithList`).
  assert.deepEqual(
    without(
      templatesOf([
        ...busy,
        'POST /api/v1/user/login {"username":"a","password":"b"}',
        'POST /api/v1/user/logout',
        'POST /api/v1/user/createWithList [{"id":1,"username":"a"}]',
        'POST /api/v1/user/login {"username":"c","password":"d"}',
      ]),
    ),
    ['POST /api/v1/user/createWithList', 'POST /api/v1/user/login', 'POST /api/v1/user/logout'],
  );
  // Actions taking one schema but each requested as the host's endpoints are (none seen once) stay literal.
  const auth = ['login', 'signup', 'verify'].map((a) => `POST /api/v1/auth/${a} {"email":"a@b.c","password":"p"}`);
  assert.deepEqual(without(templatesOf([...busy, ...auth, ...auth, ...auth, ...auth])), [
    'POST /api/v1/auth/login',
    'POST /api/v1/auth/signup',
    'POST /api/v1/auth/verify',
  ]);
  // A parent answering itself or with another child (`POST /orders/search` beside `GET /orders/{id}`), and
  // bodies of one field, keep the leaves literal.
  const ship = (a: string, body: string): string => `POST /api/v1/shipment/${a} ${body}`;
  assert.deepEqual(
    without(
      templatesOf([
        ...busy,
        ship('ground', '{"weight":2,"zip":"1"}'),
        ship('express', '{"weight":2,"zip":"1"}'),
        ship('freight', '{"weight":2,"zip":"1"}'),
        'GET /api/v1/shipment',
      ]),
    ),
    ['GET /api/v1/shipment', 'POST /api/v1/shipment/express', 'POST /api/v1/shipment/freight', 'POST /api/v1/shipment/ground'],
  );
  assert.deepEqual(
    without(
      templatesOf([
        ...busy,
        'POST /api/v1/orders/search {"q":"a","limit":2}',
        'POST /api/v1/orders/export {"q":"a","limit":2}',
        'POST /api/v1/orders/report {"q":"a","limit":2}',
        'GET /api/v1/orders/1234',
      ]),
    ).filter((t) => t.startsWith('POST')),
    ['POST /api/v1/orders/export', 'POST /api/v1/orders/report', 'POST /api/v1/orders/search'],
  );
  assert.deepEqual(
    without(templatesOf([...busy, ...['full', 'fast', 'dry'].map((n) => `POST /api/v1/reindex/run/${n} {"force":true}`)])),
    ['POST /api/v1/reindex/run/dry', 'POST /api/v1/reindex/run/fast', 'POST /api/v1/reindex/run/full'],
  );
});

test('under a parameter, a leaf read once beside values that are all read-only leaves is one more value, with no answer to compare; vocabulary asked for again stays literal', () => {
  const names = ['jack9', 'henry_silva6', 'david_weber6'].map((n, i) => `/api/users-v1/${101 + i}/${n}`);
  assert.deepEqual(templatesOf([...names, '/api/users-v1/104/gweber', '/api/users-v1/105/ben'], { body: '' }), [
    'GET /api/users-v1/{id}/{users_v1_id}',
  ]);
  // Look-alikes: a word read twice (the API's vocabulary under an item), a word with a child or written, and
  // words beside values that are not all read-only leaves stay literal.
  assert.deepEqual(
    templatesOf([...names, '/api/users-v1/104/search', '/api/users-v1/105/search', 'POST /api/users-v1/106/sync'], {
      body: '',
    }),
    ['GET /api/users-v1/{id}/search', 'GET /api/users-v1/{id}/{users_v1_id}', 'POST /api/users-v1/{id}/sync'],
  );
  assert.deepEqual(templatesOf([...names, '/api/users-v1/104/gweber/keys'], { body: '' }), [
    'GET /api/users-v1/{id}/gweber/keys',
    'GET /api/users-v1/{id}/{users_v1_id}',
  ]);
  assert.deepEqual(
    templatesOf(
      [
        '/api/users-v1/101/jack9',
        'DELETE /api/users-v1/102/henry_silva6',
        '/api/users-v1/103/david_weber6',
        '/api/users-v1/104/gweber',
      ],
      {
        body: '',
      },
    ),
    ['DELETE /api/users-v1/{id}/{users_v1_id}', 'GET /api/users-v1/{id}/gweber', 'GET /api/users-v1/{id}/{users_v1_id}'],
  );
});

test('words under a segment that names a key (shortcode, partitionKeyRangeId, byName) are its values, two or more alike; actions and words under look-alike names stay literal', () => {
  const alike = '{"id":1,"caption":"x","likes":3}';
  // The key name says the next segment is the key's value: enum words there are values (`/shortcode/{shortcode}`).
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/media/shortcode/archived', alike],
      ['/v1/media/shortcode/incoming', alike],
      ['/v1/media/shortcode/private', alike],
      ['/v1/media/shortcode/incoming', alike],
    ]),
    ['GET /v1/media/shortcode/{id}'],
  );
  // A camelCase key name under items, each value with the same sub-resource (no JSON to compare).
  assert.deepEqual(
    templatesOf(
      [
        '/colls/7/partitionKeyRangeId/primary/metrics',
        '/colls/8/partitionKeyRangeId/internal/metrics',
        '/colls/8/partitionKeyRangeId/private/metrics',
      ],
      { xml: true },
    ),
    ['GET /colls/{id}/partitionKeyRangeId/{partitionkeyrangeid_id}/metrics'],
  );
  // `byName`, `by_slug`: a lookup by a key; two values are enough, beside a value child too.
  assert.deepEqual(templatesOf(['/users/byName/anna', '/users/byName/bob'], { xml: true }), ['GET /users/byName/{id}']);
  assert.deepEqual(templatesOf(['/groups/by_slug/12', '/groups/by_slug/green', '/groups/by_slug/14'], { body: alike }), [
    'GET /groups/by_slug/{id}',
  ]);
  // Look-alikes that stay literal: actions under a key name (other methods), one word alone, a leaf key name,
  // and words under names that only end in the letters (`android`, `valid`, `monkey`).
  assert.deepEqual(templatesOf(['POST /api/key/rotate', 'POST /api/key/revoke', '/api/key/status'], { xml: true }), [
    'GET /api/key/status',
    'POST /api/key/revoke',
    'POST /api/key/rotate',
  ]);
  assert.deepEqual(templatesOf(['POST /api/key/rotate', 'POST /api/key/revoke'], { xml: true }), [
    'POST /api/key/revoke',
    'POST /api/key/rotate',
  ]);
  assert.deepEqual(
    templatesOf(['/api/key/versions', '/api/key/aliases', '/api/key/versions/12', '/api/key/versions/13', '/api/key/aliases/7'], {
      xml: true,
    }),
    ['GET /api/key/aliases', 'GET /api/key/aliases/{id}', 'GET /api/key/versions', 'GET /api/key/versions/{id}'],
  );
  // Words answering otherwise under a key name are its sub-resources.
  assert.deepEqual(
    templatesByAnswer([
      ['/v2/account/name/availability', '{"available":true,"reason":"taken"}'],
      ['/v2/account/name/suggestions', '{"suggestions":["anna2"],"total":1}'],
    ]),
    ['GET /v2/account/name/availability', 'GET /v2/account/name/suggestions'],
  );
  assert.deepEqual(templatesOf(['/api/key/status', 'PUT /api/key/policy'], { xml: true }), [
    'GET /api/key/status',
    'PUT /api/key/policy',
  ]);
  assert.deepEqual(templatesOf(['/v1/media/shortcode/archived', '/v1/media/shortcode/archived'], { xml: true }), [
    'GET /v1/media/shortcode/archived',
  ]);
  assert.deepEqual(templatesOf(['/account/name', 'PUT /account/name'], { xml: true }), [
    'GET /account/name',
    'PUT /account/name',
  ]);
  for (const word of ['android', 'valid', 'monkey', 'rename'])
    assert.deepEqual(templatesOf([`/v1/${word}/builds`, `/v1/${word}/releases`], { xml: true }), [
      `GET /v1/${word}/builds`,
      `GET /v1/${word}/releases`,
    ]);
});

test('words under a name ending in By and a noun (GamesByDate, PlayersByTeam) are the values of that key; the same words under other names stay literal', () => {
  const calls = ['GamesByDate', 'Standings', 'Baby'].flatMap((name) => [`/v3/stats/${name}/archived`, `/v3/stats/${name}/draft`]);
  assert.deepEqual(templatesOf(calls, { body: '{"games":[{"id":1,"home":"x"}]}' }), [
    'GET /v3/stats/Baby/archived',
    'GET /v3/stats/Baby/draft',
    'GET /v3/stats/GamesByDate/{id}',
    'GET /v3/stats/Standings/archived',
    'GET /v3/stats/Standings/draft',
  ]);
});

test('two names joined by a colon whose halves both vary are a pair of values ({id}:{worker_id}); custom methods (POST, camelCase, answering otherwise, one verb) stay literal', () => {
  // Architectures and worker names, each half seen with several of the other (no JSON to compare).
  assert.deepEqual(
    templatesOf(
      [
        '/worker/aspentiger:public',
        '/worker/maple-orbit:public',
        '/worker/cedar-cedar:public',
        '/worker/aspentiger:secondary',
        '/worker/jadesummit:secondary',
      ],
      { xml: true },
    ),
    ['GET /worker/{id}:{worker_id}'],
  );
  // Tails that are no verb (`sam.jensen`, `FelixGarcia`) need no cross product; they join the pairs of values by shape.
  assert.deepEqual(
    templatesOf(['/worker/x86_64:sam.jensen', '/worker/i586:FelixGarcia', '/worker/aarch64:laura', '/worker/ppc64:7'], {
      xml: true,
    }),
    ['GET /worker/{id}:{worker_id}'],
  );
  // Custom methods stay what they were: written with POST, named in camelCase, or answering otherwise.
  assert.deepEqual(
    templatesOf(
      ['POST /v1/things/alpha:start', 'POST /v1/things/alpha:stop', 'POST /v1/things/beta:start', 'POST /v1/things/beta:stop'],
      {
        xml: true,
      },
    ),
    ['POST /v1/things/{id}:start', 'POST /v1/things/{id}:stop'],
  );
  assert.deepEqual(
    templatesOf(['/v1/sheets/alpha:batchGet', '/v1/sheets/beta:batchGet', '/v1/sheets/alpha:search', '/v1/sheets/gamma:search'], {
      xml: true,
    }),
    ['GET /v1/sheets/{id}:batchGet', 'GET /v1/sheets/{id}:search'],
  );
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/sheets/alpha:export', '{"url":"x","expires":1}'],
      ['/v1/sheets/beta:export', '{"url":"y","expires":2}'],
      ['/v1/sheets/alpha:search', '{"results":[],"nextPageToken":"t"}'],
      ['/v1/sheets/gamma:search', '{"results":[],"nextPageToken":"u"}'],
    ]),
    ['GET /v1/sheets/{id}:export', 'GET /v1/sheets/{id}:search'],
  );
  // Verbs that never cross (each name read with one verb) are methods, not a second value.
  assert.deepEqual(
    templatesOf(['/v1/reports/alpha:export', '/v1/reports/beta:preview', '/v1/reports/gamma:export'], { xml: true }),
    ['GET /v1/reports/beta:preview', 'GET /v1/reports/{id}:export'],
  );
  // A collection's own methods on its name under a version stay literal.
  assert.deepEqual(
    templatesOf(['/v1/users:lookup', '/v1/groups:lookup', '/v1/groups:search', '/v1/users:search'], { xml: true }),
    ['GET /v1/groups:lookup', 'GET /v1/groups:search', 'GET /v1/users:lookup', 'GET /v1/users:search'],
  );
});

test('read-only leaves beside their parent own answer, answering alike and otherwise than it, are values: two in a collection (/locales/{code}), three under a singular word; verbs, leaves answering as the parent and a written sibling stay literal', () => {
  const list = '{"items":[{"code":"en_US"}],"current_page":1,"items_count":2}';
  const locale = '{"code":"en_US","enabled":true,"label":"English"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/rest/v1/locales', list],
      ['/api/rest/v1/locales/monthly', locale],
      ['/api/rest/v1/locales/outgoing', locale],
      ['/api/rest/v1/locales/outgoing', locale],
    ]),
    ['GET /api/rest/v1/locales', 'GET /api/rest/v1/locales/{id}'],
  );
  // Under a singular word three, beside a sub-resource with a subtree of its own (`/auditlog/details/{id}`).
  const entries = '{"items":[{"id":"a1"}],"total":7,"_links":{"next":"x"}}';
  const entry = '{"id":"a1","date":1,"accesses":[],"target":"x","member":"m"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v2/auditlog', entries],
      ['/api/v2/auditlog/weekly', entry],
      ['/api/v2/auditlog/summary', entry],
      ['/api/v2/auditlog/outgoing', entry],
      ['/api/v2/auditlog/details/4411', '{"path":"/x","name":"y"}'],
    ]),
    ['GET /api/v2/auditlog', 'GET /api/v2/auditlog/details/{id}', 'GET /api/v2/auditlog/{id}'],
  );
  // Look-alikes. Two sub-resources of a singular word answering alike (`/instance/peers`, `/instance/rules`).
  const instance = '{"uri":"x","title":"t","version":"4"}';
  const named = '[{"name":"a","count":1},{"name":"b","count":2}]';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v1/instance', instance],
      ['/api/v1/instance/peers', named],
      ['/api/v1/instance/rules', named],
    ]),
    ['GET /api/v1/instance', 'GET /api/v1/instance/peers', 'GET /api/v1/instance/rules'],
  );
  // A collection's verbs answer each in a shape of their own.
  assert.deepEqual(
    templatesByAnswer([
      ['/api/users', '[{"id":1,"name":"a"}]'],
      ['/api/users/count', '{"count":3,"active":2}'],
      ['/api/users/search', '{"results":[{"id":1}],"next":"x"}'],
    ]),
    ['GET /api/users', 'GET /api/users/count', 'GET /api/users/search'],
  );
  // Leaves answering as the parent does (another view of the same list).
  assert.deepEqual(
    templatesByAnswer([
      ['/api/feeds', '{"entries":[{"id":1}],"updated":"x"}'],
      ['/api/feeds/latest', '{"entries":[{"id":2}],"updated":"y"}'],
      ['/api/feeds/oldest', '{"entries":[{"id":3}],"updated":"z"}'],
    ]),
    ['GET /api/feeds', 'GET /api/feeds/latest', 'GET /api/feeds/oldest'],
  );
  // A leaf of another kind beside them (an export in CSV): the parent's vocabulary is there, not only items.
  assert.deepEqual(
    templatesByAnswer([
      ['/api/rest/v1/locales', list],
      ['/api/rest/v1/locales/monthly', locale],
      ['/api/rest/v1/locales/outgoing', locale],
      ['/api/rest/v1/locales/export.csv', 'code\nen_US'],
    ]),
    [
      'GET /api/rest/v1/locales',
      'GET /api/rest/v1/locales/export.csv',
      'GET /api/rest/v1/locales/monthly',
      'GET /api/rest/v1/locales/outgoing',
    ],
  );
  // Leaves with no JSON to compare beside a parent that takes uploads, and leaves answering POST too (verbs).
  assert.deepEqual(templatesOf(['POST /api/files', '/api/files/export', '/api/files/recent'], { xml: true }), [
    'GET /api/files/export',
    'GET /api/files/recent',
    'POST /api/files',
  ]);
  const run = '{"status":"queued","started":1,"job":"j1"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/jobs', '[{"job":"j1"}]'],
      ['/api/jobs/cleanup', run],
      ['POST /api/jobs/cleanup', run],
      ['/api/jobs/retry', run],
      ['POST /api/jobs/retry', run],
    ]),
    ['GET /api/jobs', 'GET /api/jobs/cleanup', 'GET /api/jobs/retry', 'POST /api/jobs/cleanup', 'POST /api/jobs/retry'],
  );
  // A parent whose answer tells nothing (an empty list), and a parent with no answer of its own (readOnlyLeaves' case,
  // which asks for requests spread thin): no evidence that the leaves are its items.
  assert.deepEqual(
    templatesByAnswer([
      ['/api/rest/v1/locales', '[]'],
      ['/api/rest/v1/locales/monthly', locale],
      ['/api/rest/v1/locales/outgoing', locale],
    ]),
    ['GET /api/rest/v1/locales', 'GET /api/rest/v1/locales/monthly', 'GET /api/rest/v1/locales/outgoing'],
  );
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v2/geo/reverse', entry],
      ['/api/v2/geo/search', entry],
      ['/api/v2/geo/nearby', entry],
    ]),
    ['GET /api/v2/geo/nearby', 'GET /api/v2/geo/reverse', 'GET /api/v2/geo/search'],
  );
  // A leaf written beside them (`POST /locales/import`): the parent's verbs, not its items.
  assert.deepEqual(
    templatesIn(
      [
        '/api/rest/v1/locales',
        '/api/rest/v1/locales/monthly',
        '/api/rest/v1/locales/outgoing',
        'POST /api/rest/v1/locales/import',
      ],
      {},
      [list, locale, locale, '{"imported":3,"errors":[]}'],
    ).templates,
    [
      'GET /api/rest/v1/locales',
      'GET /api/rest/v1/locales/monthly',
      'GET /api/rest/v1/locales/outgoing',
      'POST /api/rest/v1/locales/import',
    ],
  );
});

test('three words or more with no answer of their own, each leading only to the same sub-resource answering alike, are values (/forms/{id}/submissions); resources sharing a verb stay literal', () => {
  const submissions = '[{"id":"s1","body":"x","created_at":"2026-01-01"}]';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v1/forms', '[{"id":"f1","name":"contact"}]'],
      ['/api/v1/forms/active/submissions', submissions],
      ['/api/v1/forms/daily/submissions', submissions],
      ['/api/v1/forms/private/submissions', submissions],
      // The same names under a cousin (a site's forms, deleted): values of the cousin's parameter as well.
      ['DELETE /api/v1/sites/5d1f0a2b9c/forms/active', '{}'],
      ['DELETE /api/v1/sites/77aa0e13bd/forms/private', '{}'],
      ['DELETE /api/v1/sites/77aa0e13bd/forms/daily', '{}'],
    ]),
    ['DELETE /api/v1/sites/{id}/forms/{form_id}', 'GET /api/v1/forms', 'GET /api/v1/forms/{id}/submissions'],
  );
  // Look-alikes. Resources sharing a verb answer each in a shape of their own.
  assert.deepEqual(
    templatesByAnswer([
      ['/admin/cache/stats', '{"hits":1,"misses":2}'],
      ['/admin/jobs/stats', '{"queued":1,"failed":0}'],
      ['/admin/mail/stats', '{"sent":5,"bounced":1}'],
    ]),
    ['GET /admin/cache/stats', 'GET /admin/jobs/stats', 'GET /admin/mail/stats'],
  );
  // Resources with answers of their own, or a sub-resource more, and two words only.
  const stats = '{"count":1,"size":2,"updated":3}';
  assert.deepEqual(
    templatesByAnswer([
      ['/admin/cache', '{"keys":1}'],
      ['/admin/cache/stats', stats],
      ['/admin/jobs', '{"workers":2}'],
      ['/admin/jobs/stats', stats],
      ['/admin/mail', '{"queue":3}'],
      ['/admin/mail/stats', stats],
    ]),
    [
      'GET /admin/cache',
      'GET /admin/cache/stats',
      'GET /admin/jobs',
      'GET /admin/jobs/stats',
      'GET /admin/mail',
      'GET /admin/mail/stats',
    ],
  );
  assert.deepEqual(
    templatesByAnswer([
      ['/admin/cache/stats', stats],
      ['/admin/cache/flush', '{"flushed":true,"at":1}'],
      ['/admin/jobs/stats', stats],
      ['/admin/mail/stats', stats],
    ]),
    ['GET /admin/cache/flush', 'GET /admin/cache/stats', 'GET /admin/jobs/stats', 'GET /admin/mail/stats'],
  );
  assert.deepEqual(
    templatesByAnswer([
      ['/admin/cache/stats', stats],
      ['/admin/jobs/usage', stats],
      ['/admin/mail/health', stats],
    ]),
    ['GET /admin/cache/stats', 'GET /admin/jobs/usage', 'GET /admin/mail/health'],
  );
  assert.deepEqual(
    templatesByAnswer([
      ['/api/v1/forms/active/submissions', submissions],
      ['/api/v1/forms/daily/submissions', submissions],
    ]),
    ['GET /api/v1/forms/active/submissions', 'GET /api/v1/forms/daily/submissions'],
  );
});

test('names right under a version that share custom methods and sub-resources are items (/v1/{id}:predict); resource names with methods of their own stay literal', () => {
  // Google's `/v1/{name}`: the full name of a resource is one path parameter, read, patched, acted on by verbs.
  assert.deepEqual(
    templatesOf(
      [
        '/v1/amber-nova',
        'PATCH /v1/amberkite',
        'POST /v1/amber-nova:predict',
        'POST /v1/amberkite:predict',
        'POST /v1/violetgold:predict',
        'POST /v1/amberkite:cancel',
        'POST /v1/violetgold:cancel',
        'POST /v1/amber-nova:cancel',
        '/v1/violetgold/operations',
        '/v1/amber-nova/operations',
      ],
      { xml: true },
    ),
    ['GET /v1/{id}', 'GET /v1/{id}/operations', 'PATCH /v1/{id}', 'POST /v1/{id}:cancel', 'POST /v1/{id}:predict'],
  );
  // Resource names whose verbs are each their own, or that share one verb and nothing else, are the API's vocabulary.
  assert.deepEqual(
    templatesOf(['POST /v1/billing:export', 'POST /v1/audit:search', 'POST /v1/account:verify', '/v1/billing', '/v1/audit'], {
      xml: true,
    }),
    ['GET /v1/audit', 'GET /v1/billing', 'POST /v1/account:verify', 'POST /v1/audit:search', 'POST /v1/billing:export'],
  );
  assert.deepEqual(templatesOf(['POST /v1/billing:export', 'POST /v1/audit:export', 'POST /v1/account:export'], { xml: true }), [
    'POST /v1/account:export',
    'POST /v1/audit:export',
    'POST /v1/billing:export',
  ]);
  // Resources that share verbs but answer each in its own shape are the API's resources (`/v1/billing:describe`).
  assert.deepEqual(
    templatesByAnswer([
      ['/v1/billing:describe', '{"currency":"EUR","balance":12.5,"invoices":[{"id":1}]}'],
      ['/v1/audit:describe', '{"events":[{"actor":"a","action":"b"}],"retentionDays":30}'],
      ['/v1/usage:describe', '{"cpuSeconds":5,"storageBytes":7,"period":"2024-01"}'],
      ['/v1/billing:export', '{"currency":"EUR","balance":12.5,"invoices":[{"id":2}]}'],
      ['/v1/audit:export', '{"events":[{"actor":"c","action":"d"}],"retentionDays":30}'],
      ['/v1/usage:export', '{"cpuSeconds":6,"storageBytes":8,"period":"2024-02"}'],
    ]),
    [
      'GET /v1/audit:describe',
      'GET /v1/audit:export',
      'GET /v1/billing:describe',
      'GET /v1/billing:export',
      'GET /v1/usage:describe',
      'GET /v1/usage:export',
    ],
  );
  // Collections keep their own methods even where they share them: plurals (`/v1/users:lookup`), names with items
  // below them (`/v1/inventory/12`).
  assert.deepEqual(
    templatesOf(
      ['/v1/users:lookup', '/v1/groups:lookup', '/v1/roles:lookup', '/v1/users:search', '/v1/groups:search', '/v1/roles:search'],
      {
        xml: true,
      },
    ),
    [
      'GET /v1/groups:lookup',
      'GET /v1/groups:search',
      'GET /v1/roles:lookup',
      'GET /v1/roles:search',
      'GET /v1/users:lookup',
      'GET /v1/users:search',
    ],
  );
  assert.deepEqual(
    templatesOf(
      [
        'POST /v1/inventory:search',
        'POST /v1/staff:search',
        'POST /v1/catalog:search',
        'POST /v1/inventory:export',
        'POST /v1/staff:export',
        'POST /v1/catalog:export',
        '/v1/inventory/12',
        '/v1/staff/13',
        '/v1/catalog/7',
      ],
      { xml: true },
    ),
    [
      'GET /v1/catalog/{id}',
      'GET /v1/inventory/{id}',
      'GET /v1/staff/{id}',
      'POST /v1/catalog:export',
      'POST /v1/catalog:search',
      'POST /v1/inventory:export',
      'POST /v1/inventory:search',
      'POST /v1/staff:export',
      'POST /v1/staff:search',
    ],
  );
  assert.deepEqual(
    templatesOf(
      [
        'POST /v1/projects:search',
        'POST /v1/folders:search',
        'POST /v1/organizations:search',
        'POST /v1/projects:move',
        'POST /v1/folders:move',
        'POST /v1/organizations:move',
        '/v1/projects/12',
        '/v1/folders/13',
      ],
      { xml: true },
    ),
    [
      'GET /v1/folders/{id}',
      'GET /v1/projects/{id}',
      'POST /v1/folders:move',
      'POST /v1/folders:search',
      'POST /v1/organizations:move',
      'POST /v1/organizations:search',
      'POST /v1/projects:move',
      'POST /v1/projects:search',
    ],
  );
});

test('names right under a version that hold items and share a whole subtree are one parameter (/api/v2.0/{database}/strains); resources sharing a few sub-resources stay literal', () => {
  const subtree = (name: string, item: string): string[] => [
    `/api/v2.0/${name}/strains`,
    `/api/v2.0/${name}/schemes`,
    `/api/v2.0/${name}/traces`,
    `PUT /api/v2.0/${name}/assemblies`,
    `/api/v2.0/${name}/${item}`,
  ];
  assert.deepEqual(
    templatesOf(
      [
        ...subtree('active', 'ae7b3bc94a56a0cc9cf9e417'),
        ...subtree('public', '1ff077e5f032f71902105c92'),
        ...subtree('weekly', 'ca567cb0f5c4d535a4b507af'),
        '/api/v2.0/login',
      ],
      { xml: true },
    ),
    [
      'GET /api/v2.0/login',
      'GET /api/v2.0/{id}/schemes',
      'GET /api/v2.0/{id}/strains',
      'GET /api/v2.0/{id}/traces',
      'GET /api/v2.0/{id}/{v2_0_id}',
      'PUT /api/v2.0/{id}/assemblies',
    ],
  );
  // Resources with items of their own that share two collections (keys, logs) and a page (`profile/…`) are the API's
  // resources.
  const resource = (name: string): string[] => [
    `/v1/${name}/profile/email`,
    `/v1/${name}/profile/theme`,
    `/v1/${name}/keys`,
    `/v1/${name}/logs`,
    `/v1/${name}/12`,
  ];
  assert.deepEqual(
    templatesOf([...resource('account'), ...resource('organization'), ...resource('project')], { xml: true }).filter((t) =>
      t.includes('{id}/'),
    ),
    [],
  );
  // Resources of one framework share their actions and pages, not collections: they stay literal.
  const page = (name: string): string[] => [
    `/api/v1/${name}/_info`,
    `/api/v1/${name}/related`,
    `/api/v1/${name}/export`,
    `POST /api/v1/${name}/import`,
    `/api/v1/${name}/favorite_status`,
    `/api/v1/${name}/12`,
  ];
  assert.deepEqual(
    templatesOf([...page('chart'), ...page('dashboard'), ...page('dataset')], { xml: true }).filter((t) => t.includes('{id}/')),
    [],
  );
  // Collections share their verbs (`/v1/users/search`, `/v1/groups/search`...): plurals stay literal.
  const collection = (name: string): string[] => [
    `/v1/${name}/search`,
    `/v1/${name}/count`,
    `/v1/${name}/export`,
    `/v1/${name}/import`,
    `/v1/${name}/12`,
  ];
  assert.deepEqual(
    templatesOf([...collection('users'), ...collection('groups'), ...collection('teams')], { xml: true }).filter((t) =>
      t.includes('{id}/'),
    ),
    [],
  );
});

test('in a collection, a written item a word cluster left for a few odd answers (optional fields) is one more value (/jsapps/{id}.json); read-only words and items answering otherwise stay literal', () => {
  const item = (k: string): string => `{"element":"jade","${k}":"x"}`;
  const apps = (odd: string, oddAnswers: string[], oddDelete = true): Array<[string, string]> => [
    ['/v1/jsapps/tigerlotus.json', item('template')],
    ['DELETE /v1/jsapps/tigerlotus.json', '"ok"'],
    ['/v1/jsapps/coraliris.json', item('template')],
    ['DELETE /v1/jsapps/coraliris.json', '"ok"'],
    ['/v1/jsapps/harborfalcon.json', '{"element":"jade"}'],
    ['DELETE /v1/jsapps/harborfalcon.json', '"ok"'],
    ['/v1/jsapps/summitdelta.json', '{"element":"jade"}'],
    ['DELETE /v1/jsapps/summitdelta.json', '"ok"'],
    ['/v1/jsapps/falcon-river.json', '{"element":"jade"}'],
    ['DELETE /v1/jsapps/falcon-river.json', '"ok"'],
    ...oddAnswers.map((b): [string, string] => [`/v1/jsapps/${odd}.json`, b]),
    ...(oddDelete ? [[`DELETE /v1/jsapps/${odd}.json`, '"ok"'] as [string, string]] : []),
  ];
  // `north-iris` answers `url` where two others answer `template` (alike to three, odd to two): the same item.
  assert.deepEqual(templatesByAnswer(apps('north-iris', [item('url'), '{"element":"jade"}'])), [
    'DELETE /v1/jsapps/{id}.json',
    'GET /v1/jsapps/{id}.json',
  ]);
  // Read only (`me.json`, no DELETE): the API's vocabulary, literal.
  assert.deepEqual(templatesByAnswer(apps('me', [item('url'), '{"element":"jade"}'], false)), [
    'DELETE /v1/jsapps/{id}.json',
    'GET /v1/jsapps/me.json',
    'GET /v1/jsapps/{id}.json',
  ]);
  // Answering otherwise than most members (another shape): literal.
  assert.deepEqual(
    templatesByAnswer(apps('settings', ['{"theme":"dark","limits":{"max":3}}', '{"theme":"light","limits":{"max":4}}'])),
    [
      'DELETE /v1/jsapps/settings.json',
      'DELETE /v1/jsapps/{id}.json',
      'GET /v1/jsapps/settings.json',
      'GET /v1/jsapps/{id}.json',
    ],
  );
});

test('in a collection, three leaves or more answering only PUT, all it has, each seen rarely, are items written by name (/functions/{name}), their answers unlike; busy, read, paired leaves and leaves beside the collection answer stay literal', () => {
  const others: Array<[string, string]> = [
    ['/api/v1/sites', '[]'],
    ['/api/v1/sites', '[]'],
    ['/api/v1/sites/12', '{"id":12}'],
    ['/api/v1/sites/13', '{"id":13}'],
    ['DELETE /api/v1/sites/14', '{}'],
    ['DELETE /api/v1/sites/12', '{}'],
  ];
  // Each upload answers with the fields it was sent: optional ones differ, so the answers do not compare.
  const fields = ['{"id":"gold","name":"hugo"}', '{"id":"jade","sha":"iris"}', '{"id":"ultra","runtime":"go"}'];
  const put = (names: Array<[string, number]>): Array<[string, string]> =>
    names.flatMap(([n, k], i) =>
      Array.from({ length: k }, (): [string, string] => [`PUT /api/v1/deploys/d1/functions/${n}`, fields[i % 3]]),
    );
  const functions = (extra: Array<[string, string]>, names: Array<[string, number]>): string[] =>
    templatesByAnswer([...others, ...extra, ...put(names)]).filter((t) => t.includes('/functions'));
  assert.deepEqual(
    functions(
      [],
      [
        ['coral-river', 1],
        ['riveraspen', 1],
        ['zephyr-blue', 2],
      ],
    ),
    ['PUT /api/v1/deploys/d1/functions/{id}'],
  );
  // Each called as often as endpoints are (none once, or more than the host's endpoints on average): settings written by name.
  const three = [
    'PUT /api/v1/deploys/d1/functions/email',
    'PUT /api/v1/deploys/d1/functions/locale',
    'PUT /api/v1/deploys/d1/functions/password',
  ];
  assert.deepEqual(
    functions(
      [],
      [
        ['password', 2],
        ['email', 2],
        ['locale', 2],
      ],
    ),
    three,
  );
  assert.deepEqual(
    functions(
      [],
      [
        ['password', 1],
        ['email', 5],
        ['locale', 5],
      ],
    ),
    three,
  );
  assert.deepEqual(
    templatesByAnswer([
      ...others,
      ...others,
      ...put([
        ['password', 2],
        ['email', 2],
        ['locale', 2],
      ]),
    ]).filter((t) => t.includes('/functions')),
    three,
  );
  // A leaf that is a parent too (`/functions/build/logs`) is not an item written by name.
  assert.deepEqual(
    templatesByAnswer([
      ...others,
      ...put([
        ['coral-river', 1],
        ['riveraspen', 1],
        ['zephyr-blue', 1],
      ]),
      ['PUT /api/v1/deploys/d1/functions/zephyr-blue/logs', '{}'],
    ]).filter((t) => t.includes('/functions')),
    [
      'PUT /api/v1/deploys/d1/functions/coral-river',
      'PUT /api/v1/deploys/d1/functions/riveraspen',
      'PUT /api/v1/deploys/d1/functions/zephyr-blue',
      'PUT /api/v1/deploys/d1/functions/zephyr-blue/logs',
    ],
  );
  // Two are not enough; a leaf also read, or the collection's own answer beside them: literal.
  assert.deepEqual(
    functions(
      [],
      [
        ['coral-river', 1],
        ['riveraspen', 1],
      ],
    ),
    ['PUT /api/v1/deploys/d1/functions/coral-river', 'PUT /api/v1/deploys/d1/functions/riveraspen'],
  );
  assert.deepEqual(
    functions(
      [['/api/v1/deploys/d1/functions/zephyr-blue', '{"id":"x"}']],
      [
        ['coral-river', 1],
        ['riveraspen', 1],
        ['zephyr-blue', 1],
      ],
    ),
    [
      'GET /api/v1/deploys/d1/functions/zephyr-blue',
      'PUT /api/v1/deploys/d1/functions/coral-river',
      'PUT /api/v1/deploys/d1/functions/riveraspen',
      'PUT /api/v1/deploys/d1/functions/zephyr-blue',
    ],
  );
  assert.deepEqual(
    functions(
      [['/api/v1/deploys/d1/functions', '[]']],
      [
        ['coral-river', 1],
        ['riveraspen', 1],
        ['zephyr-blue', 1],
      ],
    ),
    [
      'GET /api/v1/deploys/d1/functions',
      'PUT /api/v1/deploys/d1/functions/coral-river',
      'PUT /api/v1/deploys/d1/functions/riveraspen',
      'PUT /api/v1/deploys/d1/functions/zephyr-blue',
    ],
  );
});

test('under a singular word that lists and creates (GET and POST /product), leaves read and deleted alike are its items (/product/{id}); sub-resources, verbs and a parent that does not create stay literal', () => {
  const list = '{"items":{"item":[{"property":[{"name":"number","value":"P1"}]}]}}';
  const product = '{"number":"P1","active":true,"name":"Suite","version":"2.0","licenseeAutoCreate":false}';
  assert.deepEqual(
    templatesByAnswer([
      ['/core/v2/rest/product', list],
      ['POST /core/v2/rest/product', product],
      ['/core/v2/rest/product/archived', product],
      ['DELETE /core/v2/rest/product/archived', product],
      ['/core/v2/rest/product/secondary', product],
      ['POST /core/v2/rest/product/secondary', product],
      ['DELETE /core/v2/rest/product/secondary', product],
    ]),
    [
      'DELETE /core/v2/rest/product/{id}',
      'GET /core/v2/rest/product',
      'GET /core/v2/rest/product/{id}',
      'POST /core/v2/rest/product',
      'POST /core/v2/rest/product/{id}',
    ],
  );
  // Three words, one of them only read and updated (`/workflow/daily`), the others deleted too.
  const flow = '{"id":"w1","status":"ACTIVE","name":"align","engine":"WDL"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/workflow', '{"items":[{"id":"w1"}],"nextToken":"x"}'],
      ['POST /workflow', flow],
      ['/workflow/daily', flow],
      ['POST /workflow/daily', flow],
      ['/workflow/incoming', flow],
      ['DELETE /workflow/incoming', flow],
      ['POST /workflow/incoming', flow],
      ['/workflow/monthly', flow],
      ['DELETE /workflow/monthly', flow],
    ]),
    ['DELETE /workflow/{id}', 'GET /workflow', 'GET /workflow/{id}', 'POST /workflow', 'POST /workflow/{id}'],
  );
  // Look-alikes. A parent that only reads (no POST): caches cleared one by one are sub-resources.
  const stats = '{"entries":12,"bytes":4096,"hits":3}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/cache', stats],
      ['/api/cache/images', stats],
      ['DELETE /api/cache/images', stats],
      ['/api/cache/pages', stats],
      ['DELETE /api/cache/pages', stats],
    ]),
    ['DELETE /api/cache/images', 'DELETE /api/cache/pages', 'GET /api/cache', 'GET /api/cache/images', 'GET /api/cache/pages'],
  );
  // Deleted but never read: a session's verbs (`DELETE /session/current`, `/session/others`).
  const session = '{"user":"anna","expires":17}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/session', session],
      ['POST /api/session', session],
      ['DELETE /api/session/current', session],
      ['DELETE /api/session/others', session],
    ]),
    ['DELETE /api/session/current', 'DELETE /api/session/others', 'GET /api/session', 'POST /api/session'],
  );
  // One deleted beside one only updated: a singular resource's sub-resources answering alike.
  const prefs = '{"theme":"dark","locale":"en","notify":true}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/user', prefs],
      ['POST /api/user', prefs],
      ['/api/user/settings', prefs],
      ['PUT /api/user/settings', prefs],
      ['DELETE /api/user/settings', prefs],
      ['/api/user/profile', prefs],
      ['PUT /api/user/profile', prefs],
    ]),
    [
      'DELETE /api/user/settings',
      'GET /api/user',
      'GET /api/user/profile',
      'GET /api/user/settings',
      'POST /api/user',
      'PUT /api/user/profile',
      'PUT /api/user/settings',
    ],
  );
  // A verb beside them, read and answering a method the deleted ones do not (`POST /job/run`): none are items.
  const job = '{"id":"j1","schedule":"x","state":"idle"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/job', job],
      ['POST /api/job', job],
      ['/api/job/nightly', job],
      ['DELETE /api/job/nightly', job],
      ['/api/job/weekly', job],
      ['DELETE /api/job/weekly', job],
      ['POST /api/job/run', job],
      ['/api/job/run', job],
    ]),
    [
      'DELETE /api/job/nightly',
      'DELETE /api/job/weekly',
      'GET /api/job',
      'GET /api/job/nightly',
      'GET /api/job/run',
      'GET /api/job/weekly',
      'POST /api/job',
      'POST /api/job/run',
    ],
  );
  // Leaves answering each in a shape of their own (a profile's avatar and banner), and a leaf with a sub-resource of its own beside them.
  assert.deepEqual(
    templatesByAnswer([
      ['/api/profile', prefs],
      ['POST /api/profile', prefs],
      ['/api/profile/avatar', '{"url":"x","width":64,"height":64}'],
      ['DELETE /api/profile/avatar', '{"url":"x","width":64,"height":64}'],
      ['/api/profile/banner', '{"image":{"src":"y"},"caption":"z","tiles":[1]}'],
      ['DELETE /api/profile/banner', '{"image":{"src":"y"},"caption":"z","tiles":[1]}'],
    ]),
    [
      'DELETE /api/profile/avatar',
      'DELETE /api/profile/banner',
      'GET /api/profile',
      'GET /api/profile/avatar',
      'GET /api/profile/banner',
      'POST /api/profile',
    ],
  );
  assert.deepEqual(
    templatesByAnswer([
      ['/api/plan', list],
      ['POST /api/plan', product],
      ['/api/plan/basic', product],
      ['DELETE /api/plan/basic', product],
      ['/api/plan/basic/features', '[{"f":1}]'],
      ['/api/plan/gold', product],
      ['DELETE /api/plan/gold', product],
    ]),
    [
      'DELETE /api/plan/basic',
      'DELETE /api/plan/gold',
      'GET /api/plan',
      'GET /api/plan/basic',
      'GET /api/plan/basic/features',
      'GET /api/plan/gold',
      'POST /api/plan',
    ],
  );
});

test('leaves read and written by POST only, all their parent has, answering alike and each seen rarely, are items (/paymentmethod/{id}); collections, busy resources and leaves beside another method stay literal', () => {
  const list = '{"items":[{"id":"o1","total":3}],"next":null}';
  const order = '{"id":"o1","total":3,"currency":"EUR"}';
  // The rest of the host: two endpoints asked for five times each.
  const host: Array<[string, string]> = [];
  for (let i = 0; i < 5; i++) host.push(['/api/orders', list], ['POST /api/orders', order]);
  const method = '{"number":"PM1","active":true,"provider":"paypal","fee":0.5}';
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/paymentmethod/active', method],
      ['POST /api/paymentmethod/active', method],
      ['/api/paymentmethod/daily', method],
      ['POST /api/paymentmethod/daily', method],
      ['POST /api/paymentmethod/incoming', method],
    ]),
    ['GET /api/orders', 'GET /api/paymentmethod/{id}', 'POST /api/orders', 'POST /api/paymentmethod/{id}'],
  );
  // Look-alikes. Collections listed and created side by side, each answering in a shape of its own.
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/admin/users', '{"users":[{"login":"anna"}],"count":1}'],
      ['POST /api/admin/users', '{"login":"anna","role":"admin"}'],
      ['/api/admin/groups', '{"groups":[{"name":"ops","size":3}]}'],
      ['POST /api/admin/groups', '{"name":"ops","size":3,"owner":{"id":1}}'],
    ]),
    [
      'GET /api/admin/groups',
      'GET /api/admin/users',
      'GET /api/orders',
      'POST /api/admin/groups',
      'POST /api/admin/users',
      'POST /api/orders',
    ],
  );
  // Resources answering alike, each asked for as often as the host's endpoints are (searches).
  const results = '{"results":[{"id":1,"score":0.5}],"total":1}';
  const busy: Array<[string, string]> = [];
  for (let i = 0; i < 6; i++)
    busy.push(
      ['/api/search/users', results],
      ['POST /api/search/users', results],
      ['/api/search/posts', results],
      ['POST /api/search/posts', results],
    );
  assert.deepEqual(templatesByAnswer([...host, ...busy]), [
    'GET /api/orders',
    'GET /api/search/posts',
    'GET /api/search/users',
    'POST /api/orders',
    'POST /api/search/posts',
    'POST /api/search/users',
  ]);
  // Beside a leaf read and deleted (a cache cleared), and with a sub-resource of its own: none are items.
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/status/daily', method],
      ['POST /api/status/daily', method],
      ['/api/status/weekly', method],
      ['POST /api/status/weekly', method],
      ['/api/status/cache', method],
      ['DELETE /api/status/cache', '{"cleared":3}'],
    ]),
    [
      'DELETE /api/status/cache',
      'GET /api/orders',
      'GET /api/status/cache',
      'GET /api/status/daily',
      'GET /api/status/weekly',
      'POST /api/orders',
      'POST /api/status/daily',
      'POST /api/status/weekly',
    ],
  );
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/report/daily', method],
      ['POST /api/report/daily', method],
      ['/api/report/weekly', method],
      ['POST /api/report/weekly', method],
      ['/api/report/weekly/pdf', '{"url":"x"}'],
    ]),
    [
      'GET /api/orders',
      'GET /api/report/daily',
      'GET /api/report/weekly',
      'GET /api/report/weekly/pdf',
      'POST /api/orders',
      'POST /api/report/daily',
      'POST /api/report/weekly',
    ],
  );
  // Beside a file of another kind (an export): the parent's leaves are not all alike.
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/tags/daily', method],
      ['POST /api/tags/daily', method],
      ['/api/tags/weekly', method],
      ['POST /api/tags/weekly', method],
      ['/api/tags/export.csv', method],
    ]),
    [
      'GET /api/orders',
      'GET /api/tags/daily',
      'GET /api/tags/export.csv',
      'GET /api/tags/weekly',
      'POST /api/orders',
      'POST /api/tags/daily',
      'POST /api/tags/weekly',
    ],
  );
  // One leaf read and written, the other only read: a resource and a verb (`/feed/latest`, `/feed/refresh`).
  assert.deepEqual(
    templatesByAnswer([...host, ['/api/feed/latest', method], ['POST /api/feed/latest', method], ['/api/feed/popular', method]]),
    ['GET /api/feed/latest', 'GET /api/feed/popular', 'GET /api/orders', 'POST /api/feed/latest', 'POST /api/orders'],
  );
});

test('two enum positions in a row: words with no answer of their own whose leaves cross them (one leaf under two, one word over two) and are written alike are two parameters; actions, uncrossed leaves and leaves answering otherwise stay literal', () => {
  const tax = '{"countryCode":"US","jurisdictionId":"CA","salesTaxPercentage":"7.5","shippingAndHandlingTaxed":true}';
  const list: Array<[string, string]> = [['/sell/v1/sales_tax', `{"salesTaxes":[${tax}]}`]];
  assert.deepEqual(
    templatesByAnswer([
      ...list,
      ['/sell/v1/sales_tax/active/archived', tax],
      ['PUT /sell/v1/sales_tax/active/archived', tax],
      ['DELETE /sell/v1/sales_tax/active/incoming', tax],
      ['DELETE /sell/v1/sales_tax/active/monthly', tax],
      ['/sell/v1/sales_tax/outgoing/archived', tax],
      ['DELETE /sell/v1/sales_tax/outgoing/archived', tax],
      ['/sell/v1/sales_tax/outgoing/monthly', tax],
    ]),
    [
      'DELETE /sell/v1/sales_tax/{id}/{sales_tax_id}',
      'GET /sell/v1/sales_tax',
      'GET /sell/v1/sales_tax/{id}/{sales_tax_id}',
      'PUT /sell/v1/sales_tax/{id}/{sales_tax_id}',
    ],
  );
  // Look-alikes. Leaves that do not cross (each under one word): sub-resources of two resources.
  assert.deepEqual(
    templatesByAnswer([
      ...list,
      ['/sell/v1/sales_tax/active/archived', tax],
      ['PUT /sell/v1/sales_tax/active/archived', tax],
      ['DELETE /sell/v1/sales_tax/active/incoming', tax],
      ['/sell/v1/sales_tax/outgoing/monthly', tax],
      ['DELETE /sell/v1/sales_tax/outgoing/monthly', tax],
    ]),
    [
      'DELETE /sell/v1/sales_tax/active/incoming',
      'DELETE /sell/v1/sales_tax/outgoing/monthly',
      'GET /sell/v1/sales_tax',
      'GET /sell/v1/sales_tax/active/archived',
      'GET /sell/v1/sales_tax/outgoing/monthly',
      'PUT /sell/v1/sales_tax/active/archived',
    ],
  );
  // A leaf posted among them (an action: `POST /sales_tax/active/recalculate`).
  assert.deepEqual(
    templatesByAnswer([
      ...list,
      ['/sell/v1/sales_tax/active/archived', tax],
      ['PUT /sell/v1/sales_tax/active/archived', tax],
      ['DELETE /sell/v1/sales_tax/active/monthly', tax],
      ['POST /sell/v1/sales_tax/active/recalculate', tax],
      ['/sell/v1/sales_tax/outgoing/archived', tax],
      ['DELETE /sell/v1/sales_tax/outgoing/archived', tax],
    ]),
    [
      'DELETE /sell/v1/sales_tax/active/monthly',
      'DELETE /sell/v1/sales_tax/outgoing/archived',
      'GET /sell/v1/sales_tax',
      'GET /sell/v1/sales_tax/active/archived',
      'GET /sell/v1/sales_tax/outgoing/archived',
      'POST /sell/v1/sales_tax/active/recalculate',
      'PUT /sell/v1/sales_tax/active/archived',
    ],
  );
  // Crossing, but only read: nothing says the leaves are items (`/report/daily/summary`, `/report/weekly/summary`).
  assert.deepEqual(
    templatesByAnswer([
      ['/api/report/daily/summary', tax],
      ['/api/report/daily/totals', tax],
      ['/api/report/weekly/summary', tax],
      ['/api/report/weekly/overview', tax],
    ]),
    [
      'GET /api/report/daily/summary',
      'GET /api/report/daily/totals',
      'GET /api/report/weekly/overview',
      'GET /api/report/weekly/summary',
    ],
  );
  // One leaf under two words but no word over two leaves; then two leaves in all: not the cross product of two pools.
  assert.deepEqual(
    templatesByAnswer([
      ...list,
      ['PUT /sell/v1/sales_tax/active/archived', tax],
      ['DELETE /sell/v1/sales_tax/outgoing/archived', tax],
      ['DELETE /sell/v1/sales_tax/pending/monthly', tax],
      ['DELETE /sell/v1/sales_tax/private/incoming', tax],
    ]),
    [
      'DELETE /sell/v1/sales_tax/outgoing/archived',
      'DELETE /sell/v1/sales_tax/pending/monthly',
      'DELETE /sell/v1/sales_tax/private/incoming',
      'GET /sell/v1/sales_tax',
      'PUT /sell/v1/sales_tax/active/archived',
    ],
  );
  assert.deepEqual(
    templatesByAnswer([
      ...list,
      ['PUT /sell/v1/sales_tax/active/archived', tax],
      ['DELETE /sell/v1/sales_tax/active/monthly', tax],
      ['DELETE /sell/v1/sales_tax/outgoing/archived', tax],
    ]),
    [
      'DELETE /sell/v1/sales_tax/active/monthly',
      'DELETE /sell/v1/sales_tax/outgoing/archived',
      'GET /sell/v1/sales_tax',
      'PUT /sell/v1/sales_tax/active/archived',
    ],
  );
  // A value or a sub-resource below them: not leaves of words alone.
  const crossed: Array<[string, string]> = [
    ...list,
    ['PUT /sell/v1/sales_tax/active/archived', tax],
    ['DELETE /sell/v1/sales_tax/active/monthly', tax],
    ['DELETE /sell/v1/sales_tax/outgoing/archived', tax],
  ];
  assert.deepEqual(templatesByAnswer([...crossed, ['/sell/v1/sales_tax/outgoing/4711', tax]]), [
    'DELETE /sell/v1/sales_tax/active/monthly',
    'DELETE /sell/v1/sales_tax/outgoing/archived',
    'GET /sell/v1/sales_tax',
    'GET /sell/v1/sales_tax/outgoing/{id}',
    'PUT /sell/v1/sales_tax/active/archived',
  ]);
  assert.deepEqual(
    templatesByAnswer([
      ...crossed,
      ['DELETE /sell/v1/sales_tax/outgoing/incoming', tax],
      ['/sell/v1/sales_tax/outgoing/incoming/history', '[1]'],
    ]),
    [
      'DELETE /sell/v1/sales_tax/active/monthly',
      'DELETE /sell/v1/sales_tax/outgoing/archived',
      'DELETE /sell/v1/sales_tax/outgoing/incoming',
      'GET /sell/v1/sales_tax',
      'GET /sell/v1/sales_tax/outgoing/incoming/history',
      'PUT /sell/v1/sales_tax/active/archived',
    ],
  );
  // A leaf beside the words (`/sales_tax/summary`): a resource's vocabulary, the words are sub-resources.
  assert.deepEqual(templatesByAnswer([...crossed, ['/sell/v1/sales_tax/summary', tax]]), [
    'DELETE /sell/v1/sales_tax/active/monthly',
    'DELETE /sell/v1/sales_tax/outgoing/archived',
    'GET /sell/v1/sales_tax',
    'GET /sell/v1/sales_tax/summary',
    'PUT /sell/v1/sales_tax/active/archived',
  ]);
  // Actions under providers, read or posted, never written (login, callback, logout): the providers are names (a
  // rule of their own, names of one shape), the actions stay literal.
  const redirect = '{"redirect":"https://idp.example/authorize","state":"x1"}';
  assert.deepEqual(
    templatesByAnswer([
      ['/auth/google/login', redirect],
      ['/auth/google/callback', redirect],
      ['/auth/github/login', redirect],
      ['/auth/github/callback', redirect],
      ['POST /auth/github/logout', redirect],
    ]),
    ['GET /auth/{id}/callback', 'GET /auth/{id}/login', 'POST /auth/{id}/logout'],
  );
  // Sub-resources answering each in a shape of their own, and words with an answer of their own.
  const summary = '{"total":12,"currency":"EUR"}';
  const details = '{"rows":[{"day":"2024-01-01","amount":3}],"page":1}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/report/daily/summary', summary],
      ['PUT /api/report/daily/summary', summary],
      ['/api/report/daily/details', details],
      ['/api/report/weekly/summary', summary],
      ['/api/report/weekly/notes', '[1,2]'],
      ['DELETE /api/report/weekly/notes', '[1,2]'],
    ]),
    [
      'DELETE /api/report/weekly/notes',
      'GET /api/report/daily/details',
      'GET /api/report/daily/summary',
      'GET /api/report/weekly/notes',
      'GET /api/report/weekly/summary',
      'PUT /api/report/daily/summary',
    ],
  );
  assert.deepEqual(
    templatesByAnswer([
      ...list,
      ['/sell/v1/sales_tax/active', tax],
      ['/sell/v1/sales_tax/active/archived', tax],
      ['PUT /sell/v1/sales_tax/active/archived', tax],
      ['DELETE /sell/v1/sales_tax/active/incoming', tax],
      ['DELETE /sell/v1/sales_tax/active/monthly', tax],
      ['/sell/v1/sales_tax/outgoing/archived', tax],
      ['DELETE /sell/v1/sales_tax/outgoing/archived', tax],
    ]),
    [
      'DELETE /sell/v1/sales_tax/active/incoming',
      'DELETE /sell/v1/sales_tax/active/monthly',
      'DELETE /sell/v1/sales_tax/outgoing/archived',
      'GET /sell/v1/sales_tax',
      'GET /sell/v1/sales_tax/active',
      'GET /sell/v1/sales_tax/active/archived',
      'GET /sell/v1/sales_tax/outgoing/archived',
      'PUT /sell/v1/sales_tax/active/archived',
    ],
  );
});

test('six read-only leaves or more, each asked for half as often again as the host endpoints or more, are endpoints of their own (/classifications/address-types), however alike their answers; the same leaves asked for rarely, and three busy ones, stay values', () => {
  // The rest of the host: ten collections listed and created, two calls each.
  const host: Array<[string, string]> = [];
  const collections = ['people', 'teams', 'offices', 'roles', 'licenses', 'notes', 'files', 'events', 'tasks', 'sites'];
  for (const c of collections)
    host.push(
      [`/api/${c}`, `{"${c}":[{"id":1}]}`],
      [`POST /api/${c}`, `{"id":1,"${c}":"x"}`],
      [`/api/${c}`, `{"${c}":[{"id":1}]}`],
    );
  const codes = '[{"code":"A","description":"x"},{"code":"B","description":"y"}]';
  const names = ['address-types', 'name-prefixes', 'genders', 'license-types', 'lifecycle-states', 'name-types'];
  const lists = (calls: (j: number) => number): Array<[string, string]> =>
    names.flatMap((n, j) => Array.from({ length: calls(j) }, (): [string, string] => [`/api/classifications/${n}`, codes]));
  const rest = collections.flatMap((c) => [`GET /api/${c}`, `POST /api/${c}`]).sort();
  assert.deepEqual(templatesByAnswer([...host, ...lists((j) => 6 + (j % 3) * 2)]), [
    ...names.map((n) => `GET /api/classifications/${n}`).sort(),
    ...rest,
  ]);
  // Look-alike: leaves asked for two or three times each (one endpoint's calls spread over its values) stay values. Plurals
  // (the names above) are collections at any count: test/unit/discovery/leaves.test.ts (branch i19-leaves).
  const rare = ['summary', 'weekly', 'outgoing', 'daily', 'pending', 'draft'].flatMap((n, j) =>
    Array.from({ length: 2 + (j % 2) }, (): [string, string] => [`/api/classifications/${n}`, codes]),
  );
  assert.deepEqual(templatesByAnswer([...host, ...rare]), ['GET /api/classifications/{id}', ...rest]);
  // Look-alike: three words asked for four times each (an enum's values, one endpoint's calls over three): the counts do not tell.
  const enumValues = ['summary', 'weekly', 'outgoing'].flatMap((n) =>
    Array.from({ length: 4 }, (): [string, string] => [`/api/classifications/${n}`, codes]),
  );
  assert.deepEqual(templatesByAnswer([...host, ...enumValues]), ['GET /api/classifications/{id}', ...rest]);
  // Look-alike: six busy leaves whose names are ids by their shape (short random ids): values.
  const ids = ['XXbOxv', 'EBC4Xd', 'lDVPvve', 'HoCAp85', 'k0yZPVFM', 'tsXecI0e'].flatMap((n) =>
    Array.from({ length: 8 }, (): [string, string] => [`/api/classifications/${n}`, codes]),
  );
  assert.deepEqual(templatesByAnswer([...host, ...ids]), ['GET /api/classifications/{id}', ...rest]);
  // Look-alike: six busy items, read and deleted (a collection's items are values whatever their counts).
  const items = names.flatMap((n) => [
    ...Array.from({ length: 8 }, (): [string, string] => [`/api/classifications/${n}`, codes]),
    [`DELETE /api/classifications/${n}`, '{}'] as [string, string],
  ]);
  assert.deepEqual(templatesByAnswer([...host, ...items]), [
    'DELETE /api/classifications/{id}',
    'GET /api/classifications/{id}',
    ...rest,
  ]);
});

test('beside ids, three names or more with no answer of their own each leading only to the same sub-resource, answering alike, are a second pool of values (/containers/{id}/status); vocabulary leading elsewhere and two names stay literal', () => {
  const item = '{"Id":"c1","Name":"web","State":"running","Ports":[80]}';
  const status = '{"Status":"running","Started":"2026-01-01T00:00:00Z","Restarts":0}';
  const ids: Array<[string, string]> = [];
  for (const id of ['4711', '4712', '4713', '4714'])
    ids.push([`/v3/containers/${id}/json`, item], [`DELETE /v3/containers/${id}`, '{}']);
  const vocabulary: Array<[string, string]> = [
    ['/v3/containers/quota', '{"limit":10,"used":3}'],
    ['/v3/containers/floating-ips/request', '{"ip":"10.0.0.1"}'],
    ['/v3/containers/usage', '{"cpu":3,"memory":512}'],
  ];
  const rest = [
    'DELETE /v3/containers/{id}',
    'GET /v3/containers/floating-ips/request',
    'GET /v3/containers/quota',
    'GET /v3/containers/usage',
    'GET /v3/containers/{id}/json',
  ];
  const statusOf = (names: string[], answer = (_: number): string => status): Array<[string, string]> =>
    names.map((n, i): [string, string] => [`/v3/containers/${n}/status`, answer(i)]);
  assert.deepEqual(
    templatesByAnswer([...ids, ...vocabulary, ...statusOf(['alerts', 'api-main', 'search-dark-timeout'])]),
    [...rest, 'GET /v3/containers/{id}/status'].sort(),
  );
  // Look-alikes: two names only; names whose sub-resources answer each in a shape of their own.
  assert.deepEqual(
    templatesByAnswer([...ids, ...vocabulary, ...statusOf(['alerts', 'api-main'])]),
    [...rest, 'GET /v3/containers/alerts/status', 'GET /v3/containers/api-main/status'].sort(),
  );
  const shapes = ['{"a":1,"b":[1]}', '{"x":"y","z":{"w":1}}', '[{"q":true}]'];
  assert.deepEqual(
    templatesByAnswer([...ids, ...vocabulary, ...statusOf(['alerts', 'api-main', 'search-dark-timeout'], (i) => shapes[i])]),
    [
      ...rest,
      'GET /v3/containers/alerts/status',
      'GET /v3/containers/api-main/status',
      'GET /v3/containers/search-dark-timeout/status',
    ].sort(),
  );
});

test('read-only leaves beside their parent answer are pooled over the values of a parameter before it (/runs/{id}/task/{task_id}); a silent parent, leaves answering as the parent or each in a shape of their own, and a verb stay literal', () => {
  // Beside the parent's own answer (a list of one run's tasks), the leaves seen under three runs, one or two each. Runs
  // named by slugs are kept apart (raw nodes of one position); numbers would share one node and one parent.
  const tasks = '{"items":[{"id":"t1"}],"nextToken":null}';
  const task = '{"id":"t1","status":"RUNNING","cpus":2,"memory":4}';
  const runs: Array<[string, string]> = [
    ['/api/runs/ultra-lotus-281/task', tasks],
    ['/api/runs/gold-violet-466/task', tasks],
    ['/api/runs/ultra-lotus-281/task/weekly', task],
    ['/api/runs/gold-violet-466/task/summary', task],
    ['/api/runs/gold-violet-466/task/published', task],
    ['/api/runs/sage-orbit-196/task/weekly', task],
  ];
  assert.deepEqual(templatesByAnswer(runs), ['GET /api/runs/{id}/task', 'GET /api/runs/{id}/task/{task_id}']);
  // Look-alikes. No parent answers under any run: nothing says the leaves are its items (a run's log views), even
  // with requests spread thin over them.
  const host: Array<[string, string]> = [];
  for (let i = 0; i < 5; i++) host.push(['/api/orders', '[{"id":1}]'], ['POST /api/orders', '{"id":1,"total":3}']);
  const log = '{"lines":["a"],"truncated":false,"size":1}';
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/runs/ultra-lotus-281/log/weekly', log],
      ['/api/runs/gold-violet-466/log/summary', log],
      ['/api/runs/gold-violet-466/log/published', log],
      ['/api/runs/sage-orbit-196/log/weekly', log],
    ]),
    [
      'GET /api/orders',
      'GET /api/runs/{id}/log/published',
      'GET /api/runs/{id}/log/summary',
      'GET /api/runs/{id}/log/weekly',
      'POST /api/orders',
    ],
  );
  // Sub-resources answering each in a shape of their own beside the parent's answer (a run's statistics).
  assert.deepEqual(
    templatesByAnswer([
      ['/api/runs/ultra-lotus-281/stats', '{"summary":{"ok":1},"updated":"x"}'],
      ['/api/runs/ultra-lotus-281/stats/cpu', '{"cores":2,"load":[0.5]}'],
      ['/api/runs/gold-violet-466/stats/memory', '{"rss":1,"heap":{"used":1}}'],
      ['/api/runs/gold-violet-466/stats/disk', '{"volumes":[{"path":"/"}]}'],
      ['/api/runs/sage-orbit-196/stats/cpu', '{"cores":2,"load":[0.5]}'],
    ]),
    [
      'GET /api/runs/{id}/stats',
      'GET /api/runs/{id}/stats/cpu',
      'GET /api/runs/{id}/stats/disk',
      'GET /api/runs/{id}/stats/memory',
    ],
  );
  // Leaves answering as the parent does (other views of the list).
  assert.deepEqual(
    templatesByAnswer([
      ['/api/runs/ultra-lotus-281/task', tasks],
      ['/api/runs/ultra-lotus-281/task/latest', tasks],
      ['/api/runs/gold-violet-466/task/oldest', tasks],
      ['/api/runs/gold-violet-466/task/failed', tasks],
    ]),
    [
      'GET /api/runs/{id}/task',
      'GET /api/runs/{id}/task/failed',
      'GET /api/runs/{id}/task/latest',
      'GET /api/runs/{id}/task/oldest',
    ],
  );
  // A leaf of another kind under one of the runs (an export in CSV): the parent's vocabulary is there, not only items.
  assert.deepEqual(templatesByAnswer([...runs, ['/api/runs/sage-orbit-196/task/export.csv', 'id\nt1']]), [
    'GET /api/runs/{id}/task',
    'GET /api/runs/{id}/task/export.csv',
    'GET /api/runs/{id}/task/published',
    'GET /api/runs/{id}/task/summary',
    'GET /api/runs/{id}/task/weekly',
  ]);
  // A leaf answering POST too under one of the runs: a verb of the parent, not an item.
  assert.deepEqual(templatesByAnswer([...runs, ['POST /api/runs/sage-orbit-196/task/published', task]]), [
    'GET /api/runs/{id}/task',
    'GET /api/runs/{id}/task/published',
    'GET /api/runs/{id}/task/summary',
    'GET /api/runs/{id}/task/weekly',
    'POST /api/runs/{id}/task/published',
  ]);
});

test('ends of one name answering only POST are values when asked for as one endpoint (POST /document.{id}); an RPC namespace actions, each asked for as an endpoint is, stay literal', () => {
  // The rest of the host: two endpoints asked for five times each.
  const host: Array<[string, string]> = [];
  for (let i = 0; i < 5; i++) host.push(['/api/orders', '[{"id":1}]'], ['POST /api/orders', '{"id":1,"total":3}']);
  const queued = '{"id":"d1","status":"QUEUED","config_id":"c1"}';
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['POST /api/document.incoming', queued],
      ['POST /api/document.published', queued],
      ['POST /api/document.published', queued],
      ['POST /api/document.weekly', queued],
    ]),
    ['GET /api/orders', 'POST /api/document.{id}', 'POST /api/orders'],
  );
  // Look-alikes. Actions of an RPC namespace answering alike, each asked for as often as the host's endpoints are.
  const actions: Array<[string, string]> = [];
  for (let i = 0; i < 5; i++)
    actions.push(
      ['POST /api/chat.update', '{"ok":true}'],
      ['POST /api/chat.delete', '{"ok":true}'],
      ['POST /api/chat.unfurl', '{"ok":true}'],
    );
  assert.deepEqual(templatesByAnswer([...host, ...actions]), [
    'GET /api/orders',
    'POST /api/chat.delete',
    'POST /api/chat.unfurl',
    'POST /api/chat.update',
    'POST /api/orders',
  ]);
  // Asked for rarely but answering each in a shape of its own: three actions, not one endpoint's values.
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['POST /api/files.upload', '{"file":{"id":"F1","size":3}}'],
      ['POST /api/files.share', '{"channels":[{"id":"C1"}],"shared":true}'],
      ['POST /api/files.revoke', '{"revoked":{"at":1}}'],
    ]),
    ['GET /api/orders', 'POST /api/files.revoke', 'POST /api/files.share', 'POST /api/files.upload', 'POST /api/orders'],
  );
  // One of the ends read too: not all answering only POST.
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['POST /api/document.incoming', queued],
      ['POST /api/document.published', queued],
      ['POST /api/document.weekly', queued],
      ['/api/document.weekly', queued],
    ]),
    [
      'GET /api/document.weekly',
      'GET /api/orders',
      'POST /api/document.incoming',
      'POST /api/document.published',
      'POST /api/document.weekly',
      'POST /api/orders',
    ],
  );
});

test('two enum positions in a row only read: crossing leaves requested as one endpoint values are (one seen once, fewer per leaf than the host endpoints get) are two parameters; busy or uncrossed read-only leaves stay literal', () => {
  // The rest of the host: two endpoints asked for five times each.
  const host: Array<[string, string]> = [];
  for (let i = 0; i < 5; i++) host.push(['/api/orders', '[{"id":1}]'], ['POST /api/orders', '{"id":1,"total":3}']);
  const box = '{"game":{"id":1,"day":"x"},"periods":[{"n":1}],"updated":"x"}';
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/v3/boxscore/draft/public', box],
      ['/api/v3/boxscore/draft/published', box],
      ['/api/v3/boxscore/draft/published', box],
      ['/api/v3/boxscore/internal/active', box],
      ['/api/v3/boxscore/monthly/active', box],
      ['/api/v3/boxscore/monthly/primary', box],
    ]),
    ['GET /api/orders', 'GET /api/v3/boxscore/{id}/{boxscore_id}', 'POST /api/orders'],
  );
  // Look-alikes. The same crossing, each leaf asked for as often as the host's endpoints are, none once: an API's reports and
  // their sections, not one endpoint's values.
  const busy: Array<[string, string]> = [];
  for (let i = 0; i < 6; i++)
    busy.push(
      ['/api/report/daily/summary', box],
      ['/api/report/daily/totals', box],
      ['/api/report/weekly/summary', box],
      ['/api/report/weekly/overview', box],
    );
  assert.deepEqual(templatesByAnswer([...host, ...busy]), [
    'GET /api/orders',
    'GET /api/report/daily/summary',
    'GET /api/report/daily/totals',
    'GET /api/report/weekly/overview',
    'GET /api/report/weekly/summary',
    'POST /api/orders',
  ]);
  // Spread thin but not crossing (each leaf under one word): sub-resources of resources named alike.
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/v3/boxscore/draft/public', box],
      ['/api/v3/boxscore/internal/active', box],
      ['/api/v3/boxscore/monthly/primary', box],
      ['/api/v3/boxscore/monthly/primary', box],
    ]),
    [
      'GET /api/orders',
      'GET /api/v3/boxscore/draft/public',
      'GET /api/v3/boxscore/internal/active',
      'GET /api/v3/boxscore/monthly/primary',
      'POST /api/orders',
    ],
  );
  // Crossing and thin, but answering each in a shape of its own: sections of a report, not values.
  assert.deepEqual(
    templatesByAnswer([
      ...host,
      ['/api/v3/boxscore/draft/public', '{"players":[{"id":1}]}'],
      ['/api/v3/boxscore/draft/published', '{"at":{"time":1}}'],
      ['/api/v3/boxscore/internal/public', '{"players":[{"id":1}]}'],
      ['/api/v3/boxscore/monthly/active', '{"totals":{"goals":1}}'],
      ['/api/v3/boxscore/monthly/published', '{"at":{"time":1}}'],
    ]),
    [
      'GET /api/orders',
      'GET /api/v3/boxscore/draft/public',
      'GET /api/v3/boxscore/draft/published',
      'GET /api/v3/boxscore/internal/public',
      'GET /api/v3/boxscore/monthly/active',
      'GET /api/v3/boxscore/monthly/published',
      'POST /api/orders',
    ],
  );
});

test('i19-classes: a word in two spellings, each reaching its own ends, is two literals; one client writing capitals is one', () => {
  // Azure's resource manager documents some routes under `resourceGroups` and others under `resourcegroups`
  // (one case-insensitive server): every route is requested in its own spelling, never in the other.
  const apart = (sub: string, rg: string): string[] => [
    `/subscriptions/${sub}/resourceGroups/${rg}/resources`,
    `POST /subscriptions/${sub}/resourceGroups/${rg}/moveResources`,
    `/subscriptions/${sub}/resourcegroups/${rg}`,
    `DELETE /subscriptions/${sub}/resourcegroups/${rg}`,
    `/subscriptions/${sub}/resourcegroups/${rg}/deployments/71`,
  ];
  const subs = ['2d6f1c6e-8a52-4c55-9d3f-0c1b7f0a4e11', '9b1e3a4f-6c2d-4e8a-b7f5-3d2c1a0e9f87'];
  assert.deepEqual(templatesOf([...apart(subs[0], '3311'), ...apart(subs[1], '4420'), ...apart(subs[0], '5102')]), [
    'DELETE /subscriptions/{id}/resourcegroups/{resourcegroup_id}',
    'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}/resources',
    'GET /subscriptions/{id}/resourcegroups/{resourcegroup_id}',
    'GET /subscriptions/{id}/resourcegroups/{resourcegroup_id}/deployments/{deployment_id}',
    'POST /subscriptions/{id}/resourceGroups/{resourcegroup_id}/moveResources',
  ]);
  // Look-alike: a client that writes every literal in capitals in some of its calls reaches the same ends in both
  // spellings: one literal, written as most requests spell it.
  const quirky = (sub: string, rg: string, caps: boolean): string[] => [
    `/subscriptions/${sub}/${caps ? 'ResourceGroups' : 'resourceGroups'}/${rg}/resources`,
    `POST /subscriptions/${sub}/resourceGroups/${rg}/moveResources`,
    `/subscriptions/${sub}/resourceGroups/${rg}`,
    `/subscriptions/${sub}/${caps ? 'ResourceGroups' : 'resourceGroups'}/${rg}`,
  ];
  assert.deepEqual(
    templatesOf([...quirky(subs[0], '3311', false), ...quirky(subs[1], '4420', true), ...quirky(subs[0], '5102', false)]),
    [
      'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}',
      'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}/resources',
      'POST /subscriptions/{id}/resourceGroups/{resourcegroup_id}/moveResources',
    ],
  );
  // Look-alike: each spelling has ends of its own requested twice, but one end is reached in both: one literal.
  const both = (sub: string): string[] => [
    `/subscriptions/${sub}/ResourceGroups/3311/resources`,
    `/subscriptions/${sub}/ResourceGroups/3311`,
    `/subscriptions/${sub}/resourceGroups/3311/deployments/71`,
    `POST /subscriptions/${sub}/resourceGroups/3311/moveResources`,
    `/subscriptions/${sub}/${sub === subs[0] ? 'resourceGroups' : 'ResourceGroups'}/3311/tags`,
  ];
  assert.deepEqual(templatesOf([...both(subs[0]), ...both(subs[1])]), [
    'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}',
    'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}/deployments/{deployment_id}',
    'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}/resources',
    'GET /subscriptions/{id}/resourceGroups/{resourcegroup_id}/tags',
    'POST /subscriptions/{id}/resourceGroups/{resourcegroup_id}/moveResources',
  ]);
  // Look-alike: the other spelling met once, on one end: a client's slip, one literal.
  assert.deepEqual(
    templatesOf([
      ...apart(subs[0], '3311').slice(2),
      ...apart(subs[1], '4420').slice(2),
      `/subscriptions/${subs[0]}/resourceGroups/3311/resources`,
    ]),
    [
      'DELETE /subscriptions/{id}/resourcegroups/{resourcegroup_id}',
      'GET /subscriptions/{id}/resourcegroups/{resourcegroup_id}',
      'GET /subscriptions/{id}/resourcegroups/{resourcegroup_id}/deployments/{deployment_id}',
      'GET /subscriptions/{id}/resourcegroups/{resourcegroup_id}/resources',
    ],
  );
});

test('i19-classes: two ends of a range in one segment (`{from}..{to}`, `{base}...{head}`, versions `{from}-{to}`) are two parameters', () => {
  // A rates API's `/{start}..{end}` (dates), a compare's `/{base}...{head}` (branch names, tags), a diff between releases.
  assert.deepEqual(
    templatesOf([
      '/rates/2020-01-01..2020-02-01',
      '/rates/2021-03-05..2021-04-05',
      '/rates/latest',
      '/repos/acme/web/compare/main...feature-login',
      '/repos/acme/web/compare/v1.2.0...v1.3.0',
      '/diff/v1.2-v1.3',
      '/diff/v2-v3',
      '/changelog/1.4.0-1.5.2',
    ]),
    [
      'GET /changelog/{id}-{changelog_id}',
      'GET /diff/{id}-{diff_id}',
      'GET /rates/latest',
      'GET /rates/{id}..{date}',
      'GET /repos/acme/web/compare/{id}...{compare_id}',
    ],
  );
  // Look-alikes: one version, a tag with a label, words joined by a dash, a file name with one dot, a version
  // after a word, a version and a label, dots at an end: each one segment as before, no pair.
  for (const seg of [
    'v1.2',
    'v2.0-beta',
    'v2.0-rc1',
    'getting-started',
    'report.bak',
    'node-v1.2',
    '1.2-beta',
    'v1-beta2',
    'a..',
    '..b',
    'x....y',
  ])
    assert.equal(parseSegment(seg).head, undefined, seg);
  assert.deepEqual(templatesOf(['/api/v1.2/status', '/api/v1.3/status', '/docs/getting-started']), [
    'GET /api/v1.2/status',
    'GET /api/v1.3/status',
    'GET /docs/getting-started',
  ]);
});

test('i19-classes: leaves all read and posted with empty answers (tag maps: {} and no body), three or more, requested as one endpoint is, are items; busy or partly read ones stay literal', () => {
  const list = '{"items":[{"id":"o1","total":3}],"next":null}';
  const order = '{"id":"o1","total":3,"currency":"EUR"}';
  // The rest of the host: two endpoints asked for five times each.
  const host: Array<[string, string]> = [];
  for (let i = 0; i < 5; i++) host.push(['/api/orders', list], ['POST /api/orders', order]);
  // AWS's `GET|POST /tags/{resourceArn}` with words as the resources: every tag map empty, every POST answered with no body.
  const tags: Array<[string, string]> = [
    ['/api/tags/active', '{}'],
    ['POST /api/tags/active', ''],
    ['/api/tags/monthly', '{}'],
    ['POST /api/tags/monthly', ''],
    ['/api/tags/summary', '{}'],
    ['POST /api/tags/summary', ''],
    ['/api/tags/summary', '{}'],
  ];
  assert.deepEqual(templatesByAnswer([...host, ...tags]), [
    'GET /api/orders',
    'GET /api/tags/{id}',
    'POST /api/orders',
    'POST /api/tags/{id}',
  ]);
  // Look-alikes. Collections listed and created side by side with empty answers, each asked for as often as the host's endpoints.
  const busy: Array<[string, string]> = [];
  for (let i = 0; i < 5; i++)
    for (const c of ['users', 'groups', 'roles']) busy.push([`/api/admin/${c}`, '{}'], [`POST /api/admin/${c}`, '']);
  assert.deepEqual(templatesByAnswer([...host, ...busy]), [
    'GET /api/admin/groups',
    'GET /api/admin/roles',
    'GET /api/admin/users',
    'GET /api/orders',
    'POST /api/admin/groups',
    'POST /api/admin/roles',
    'POST /api/admin/users',
    'POST /api/orders',
  ]);
  // Two leaves only; or one of three only read (not every leaf both read and written).
  assert.deepEqual(templatesByAnswer([...host, ...tags.slice(0, 4)]), [
    'GET /api/orders',
    'GET /api/tags/active',
    'GET /api/tags/monthly',
    'POST /api/orders',
    'POST /api/tags/active',
    'POST /api/tags/monthly',
  ]);
  assert.deepEqual(templatesByAnswer([...host, ...tags.filter(([p]) => p !== 'POST /api/tags/summary')]), [
    'GET /api/orders',
    'GET /api/tags/active',
    'GET /api/tags/monthly',
    'GET /api/tags/summary',
    'POST /api/orders',
    'POST /api/tags/active',
    'POST /api/tags/monthly',
  ]);
});

test("i19-classes: read-only leaves requested evenly under a silent word, answering as a sibling position's values do, are values (/timelines/list/{id} beside /timelines/tag/{id})", () => {
  const statuses = '[{"id":"109","content":"<p>hi</p>","account":{"id":"7","acct":"anna"}}]';
  const home: Array<[string, string]> = [];
  for (let i = 0; i < 3; i++)
    home.push(['/api/v1/timelines/home', statuses], ['/api/v1/accounts/12', '{"id":"12","acct":"anna"}']);
  const tag: Array<[string, string]> = [
    ['/api/v1/timelines/tag/blue-amber-399', statuses],
    ['/api/v1/timelines/tag/falcon-maple-217', statuses],
    ['/api/v1/timelines/tag/summit-tiger-506', statuses],
  ];
  // Mastodon's lists named by words, each read three times (as often as the host's endpoints).
  const lists: Array<[string, string]> = [];
  for (let i = 0; i < 3; i++)
    for (const l of ['outgoing', 'published', 'weekly']) lists.push([`/api/v1/timelines/list/${l}`, statuses]);
  assert.deepEqual(templatesByAnswer([...home, ...tag, ...lists]), [
    'GET /api/v1/accounts/{id}',
    'GET /api/v1/timelines/home',
    'GET /api/v1/timelines/list/{id}',
    'GET /api/v1/timelines/tag/{id}',
  ]);
  // Look-alikes. No sibling position of values: sections read as often as the host's endpoints stay literal.
  const literal = [
    'GET /api/v1/accounts/{id}',
    'GET /api/v1/timelines/home',
    'GET /api/v1/timelines/list/outgoing',
    'GET /api/v1/timelines/list/published',
    'GET /api/v1/timelines/list/weekly',
  ];
  assert.deepEqual(templatesByAnswer([...home, ...lists]), literal);
  // The sibling's values answer in a shape of their own.
  assert.deepEqual(
    templatesByAnswer([...home, ...tag.map(([p]): [string, string] => [p, '{"name":"x","history":[{"day":"1"}]}']), ...lists]),
    [...literal, 'GET /api/v1/timelines/tag/{id}'].sort(),
  );
  // A leaf written too.
  assert.deepEqual(
    templatesByAnswer([...home, ...tag, ...lists, ['POST /api/v1/timelines/list/weekly', statuses]]),
    [...literal, 'GET /api/v1/timelines/tag/{id}', 'POST /api/v1/timelines/list/weekly'].sort(),
  );
});

test("read-only leaves under a silent word answering as a sibling's values do are values when those values are words the sibling's own decision took (/timelines/tag/notify; i19-ids)", () => {
  const statuses = '[{"id":"109","content":"<p>hi</p>","account":{"id":"7","acct":"anna"}}]';
  const home: Array<[string, string]> = [];
  for (let i = 0; i < 3; i++)
    home.push(['/api/v1/timelines/home', statuses], ['/api/v1/accounts/12', '{"id":"12","acct":"anna"}']);
  // Hashtags named by words, not value-like: values by the sibling position's own rules (read-only leaves spread thin).
  const tag: Array<[string, string]> = [];
  for (const [t, times] of [
    ['admin-sync', 1],
    ['mobile_min_internal', 3],
    ['notify', 3],
  ] as const)
    for (let i = 0; i < times; i++) tag.push([`/api/v1/timelines/tag/${t}`, statuses]);
  const lists: Array<[string, string]> = [];
  for (let i = 0; i < 3; i++)
    for (const l of ['outgoing', 'published', 'weekly']) lists.push([`/api/v1/timelines/list/${l}`, statuses]);
  assert.deepEqual(templatesByAnswer([...home, ...tag, ...lists]), [
    'GET /api/v1/accounts/{id}',
    'GET /api/v1/timelines/home',
    'GET /api/v1/timelines/list/{id}',
    'GET /api/v1/timelines/tag/{id}',
  ]);
  // Look-alike: a sibling whose words its decision keeps literal (two sections, each read as often as the host's endpoints).
  const sections: Array<[string, string]> = [];
  for (let i = 0; i < 3; i++)
    sections.push(['/api/v1/timelines/tag/trending', statuses], ['/api/v1/timelines/tag/followed', statuses]);
  assert.deepEqual(templatesByAnswer([...home, ...sections, ...lists]), [
    'GET /api/v1/accounts/{id}',
    'GET /api/v1/timelines/home',
    'GET /api/v1/timelines/list/outgoing',
    'GET /api/v1/timelines/list/published',
    'GET /api/v1/timelines/list/weekly',
    'GET /api/v1/timelines/tag/followed',
    'GET /api/v1/timelines/tag/trending',
  ]);
});

test('enum words of a read-only parameter beside a busier literal sub-resource are values; the sub-resource stays literal (i19-heldout9)', () => {
  // The host's endpoints: six requests each on average.
  const host = (): string[] => {
    const out: string[] = [];
    for (const p of ['/api/v1/company/search', '/api/v1/countries', '/api/v1/monitoring/list', '/api/v1/status'])
      for (let i = 0; i < 6; i++) out.push(p);
    return out;
  };
  const company = (id: number, leaf: string, times: number): string[] =>
    Array.from({ length: times }, () => `/api/v1/company/${id}/${leaf}`);
  // One operation `GET /company/{id}/{dataset}` spread over its words (mini seen once), and `announcements` with
  // calls of its own: as many as the host's endpoints get and as all the words together.
  const dataset = [
    ...company(4711, 'full', 2),
    ...company(4712, 'master', 2),
    ...company(4713, 'mini', 1),
    ...company(4711, 'refresh', 2),
    ...company(4712, 'announcements', 4),
    ...company(4713, 'announcements', 3),
  ];
  assert.deepEqual(templatesOf([...host(), ...dataset], { xml: true }), [
    'GET /api/v1/company/search',
    'GET /api/v1/company/{id}/announcements',
    'GET /api/v1/company/{id}/{company_id}',
    'GET /api/v1/countries',
    'GET /api/v1/monitoring/list',
    'GET /api/v1/status',
  ]);
  // Look-alikes that stay literal: the sub-resource asked for as thinly as the words (nothing tells it apart) ...
  const thin = [
    ...company(4711, 'full', 2),
    ...company(4712, 'master', 2),
    ...company(4713, 'mini', 1),
    ...company(4711, 'refresh', 2),
    ...company(4712, 'announcements', 2),
  ];
  assert.ok(templatesOf([...host(), ...thin], { xml: true }).includes('GET /api/v1/company/{id}/full'));
  // ... a sub-resource asked for fewer times than the words together ...
  const fewer = [
    ...company(4711, 'full', 3),
    ...company(4712, 'master', 2),
    ...company(4713, 'mini', 1),
    ...company(4711, 'refresh', 2),
    ...company(4712, 'announcements', 6),
  ];
  assert.ok(templatesOf([...host(), ...fewer], { xml: true }).includes('GET /api/v1/company/{id}/full'));
  // ... sub-resources each asked for as an endpoint is, none seen once (followers, following, starred, likes) ...
  const own = [
    ...company(4711, 'followers', 4),
    ...company(4712, 'following', 4),
    ...company(4713, 'starred', 4),
    ...company(4711, 'likes', 4),
    ...company(4711, 'announcements', 17),
  ];
  assert.ok(templatesOf([...host(), ...own], { xml: true }).includes('GET /api/v1/company/{id}/followers'));
  // ... and a word also written (`PUT /company/{id}/refresh`: an item's own action, not an enum value).
  const written = [...dataset, 'PUT /api/v1/company/4711/refresh'];
  assert.ok(templatesOf([...host(), ...written], { xml: true }).includes('GET /api/v1/company/{id}/full'));
});

test('a second pool of names under a version with only custom methods that cross them are values (/v1/{rollout}:ignoreJob); resource names keep their methods (i19-heldout9)', () => {
  // The host's endpoints: six requests each on average.
  const host: string[] = [];
  for (const p of ['/v1/projects', '/v1/locations', '/v1/operations', '/v1/targets']) for (let i = 0; i < 6; i++) host.push(p);
  const calls = (pairs: Array<[string, number]>): string[] =>
    pairs.flatMap(([seg, times]) => Array.from({ length: times }, () => `POST /v1/${seg}`));
  // Two operations (ignoreJob, retryJob) over the names of one parameter: their calls spread over the names.
  const rollouts: Array<[string, number]> = [
    ['production:ignoreJob', 2],
    ['production:retryJob', 1],
    ['sync:retryJob', 2],
    ['staging:ignoreJob', 1],
    ['checkout:retryJob', 1],
    ['checkout:ignoreJob', 1],
  ];
  assert.deepEqual(
    templatesOf([...host, ...calls(rollouts)], { xml: true }).filter((t) => t.startsWith('POST')),
    ['POST /v1/{id}:ignoreJob', 'POST /v1/{id}:retryJob'],
  );
  // Look-alikes that stay literal: resource names sharing custom methods, each asked for as an endpoint is ...
  const busy = rollouts.map(([seg]): [string, number] => [seg, 6]);
  assert.ok(templatesOf([...host, ...calls(busy)], { xml: true }).includes('POST /v1/production:ignoreJob'));
  // ... methods each on one name but one (nothing ties those names to one parameter) ...
  const apart: Array<[string, number]> = [
    ['production:ignoreJob', 1],
    ['production:retryJob', 1],
    ['sync:retryJob', 2],
    ['staging:pauseJob', 1],
    ['checkout:resumeJob', 1],
  ];
  assert.ok(templatesOf([...host, ...calls(apart)], { xml: true }).includes('POST /v1/staging:pauseJob'));
  // ... no name with two methods (two methods on two names each: nothing crosses them) ...
  const parallel: Array<[string, number]> = [
    ['production:ignoreJob', 1],
    ['sync:ignoreJob', 2],
    ['staging:retryJob', 1],
    ['checkout:retryJob', 1],
  ];
  assert.ok(templatesOf([...host, ...calls(parallel)], { xml: true }).includes('POST /v1/production:ignoreJob'));
  // ... and names with an answer of their own (`GET /v1/production`: resource names with their methods).
  const own = [...calls(rollouts), 'GET /v1/production', 'GET /v1/sync', 'GET /v1/staging', 'GET /v1/checkout'];
  assert.ok(templatesOf([...host, ...own], { xml: true }).includes('POST /v1/production:ignoreJob'));
});

test('lookups under every value of a format enum (json, xml) are pooled: read-only words spread thin there are one parameter (/{format}/ScoresBasic/{date}) (i19-heldout9)', () => {
  const host: string[] = [];
  for (const format of ['json', 'xml'])
    for (const p of ['Teams', 'Standings', 'Players', 'Stadiums'])
      for (let i = 0; i < 6; i++) host.push(`/v3/scores/${format}/${p}`);
  const lookups = (pairs: Array<[string, number]>): string[] =>
    pairs.flatMap(([p, times]) => Array.from({ length: times }, () => `/v3/scores/${p}`));
  // One operation `GET /v3/scores/{format}/ScoresBasic/{date}`, its words spread over both formats' raw nodes.
  const scores: Array<[string, number]> = [
    ['json/ScoresBasic/daily', 1],
    ['json/ScoresBasic/weekly', 1],
    ['json/ScoresBasic/secondary', 1],
    ['xml/ScoresBasic/monthly', 1],
    ['xml/ScoresBasic/daily', 1],
  ];
  assert.deepEqual(templatesOf([...host, ...lookups(scores)]), [
    'GET /v3/scores/{id}/Players',
    'GET /v3/scores/{id}/ScoresBasic/{scoresbasic_id}',
    'GET /v3/scores/{id}/Stadiums',
    'GET /v3/scores/{id}/Standings',
    'GET /v3/scores/{id}/Teams',
  ]);
  // Look-alikes that stay literal: the same words each asked for as often as the host's endpoints (views of their own) ...
  const busy = scores.map(([p]): [string, number] => [p, 6]);
  assert.ok(templatesOf([...host, ...lookups(busy)]).includes('GET /v3/scores/{id}/ScoresBasic/daily'));
  // ... and words beside an answer of the parent's own under one of the formats (`GET /v3/scores/xml/ScoresBasic`).
  const answered = [...lookups(scores), ...lookups([['xml/ScoresBasic', 6]])];
  assert.ok(templatesOf([...host, ...answered]).includes('GET /v3/scores/{id}/ScoresBasic/daily'));
  // ... and the same words under the values of a parameter that is not a format (`east`, `west`: each value's own words).
  const regions = (xs: string[]): string[] => xs.map((x) => x.replace('/json/', '/east/').replace('/xml/', '/west/'));
  assert.ok(templatesOf(regions([...host, ...lookups(scores)])).includes('GET /v3/scores/{id}/ScoresBasic/daily'));
});

test('under a singular word that lists and creates, leaves each read, deleted or both, one at least both, alike, are its items (/secret/{name}); leaves only deleted or only read, another method, a subtree stay literal (i19-enum4)', () => {
  const list = '{"data":{"secrets":[{"name":"a","description":"b"}]}}';
  const secret = '{"data":{"secrets":[{"name":"a","description":"b","value":"c"}]},"result":"success"}';
  // Three enum words as names: one read and deleted, one only read, one only deleted (few calls over two methods).
  assert.deepEqual(
    templatesByAnswer([
      ['/rudder/api/latest/secret', list],
      ['POST /rudder/api/latest/secret', secret],
      ['/rudder/api/latest/secret/archived', secret],
      ['DELETE /rudder/api/latest/secret/archived', secret],
      ['/rudder/api/latest/secret/daily', secret],
      ['/rudder/api/latest/secret/daily', secret],
      ['DELETE /rudder/api/latest/secret/monthly', secret],
    ]),
    [
      'DELETE /rudder/api/latest/secret/{id}',
      'GET /rudder/api/latest/secret',
      'GET /rudder/api/latest/secret/{id}',
      'POST /rudder/api/latest/secret',
    ],
  );
  // Look-alikes. No leaf both read and deleted: a session's verbs (deleted) beside a view (read).
  const session = '{"user":"anna","expires":17}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/session', session],
      ['POST /api/session', session],
      ['DELETE /api/session/current', session],
      ['DELETE /api/session/others', session],
      ['/api/session/info', session],
      ['/api/session/status', session],
    ]),
    [
      'DELETE /api/session/current',
      'DELETE /api/session/others',
      'GET /api/session',
      'GET /api/session/info',
      'GET /api/session/status',
      'POST /api/session',
    ],
  );
  // A leaf answering another method (a verb), a sibling with a subtree, a parent that does not create.
  const job = '{"id":"j1","schedule":"x","state":"idle"}';
  const verb = [
    ['/api/job', job],
    ['POST /api/job', job],
    ['/api/job/nightly', job],
    ['DELETE /api/job/nightly', job],
    ['/api/job/weekly', job],
    ['DELETE /api/job/hourly', job],
  ] as Array<[string, string]>;
  assert.deepEqual(templatesByAnswer([...verb, ['/api/job/run', job], ['POST /api/job/run', job]]), [
    'DELETE /api/job/hourly',
    'DELETE /api/job/nightly',
    'GET /api/job',
    'GET /api/job/nightly',
    'GET /api/job/run',
    'GET /api/job/weekly',
    'POST /api/job',
    'POST /api/job/run',
  ]);
  // One deleted item alone, the others only read: too little to say one endpoint answers both.
  assert.deepEqual(templatesByAnswer([...verb.slice(0, 5), ['/api/job/hourly', job]]), [
    'DELETE /api/job/nightly',
    'GET /api/job',
    'GET /api/job/hourly',
    'GET /api/job/nightly',
    'GET /api/job/weekly',
    'POST /api/job',
  ]);
  // A leaf of another kind beside them (an export file): they are not all the parent's children.
  assert.deepEqual(templatesByAnswer([...verb, ['/api/job/export.csv', job]]), [
    'DELETE /api/job/hourly',
    'DELETE /api/job/nightly',
    'GET /api/job',
    'GET /api/job/export.csv',
    'GET /api/job/nightly',
    'GET /api/job/weekly',
    'POST /api/job',
  ]);
  assert.deepEqual(templatesByAnswer([...verb, ['/api/job/weekly/runs', '[{"n":1}]']]), [
    'DELETE /api/job/hourly',
    'DELETE /api/job/nightly',
    'GET /api/job',
    'GET /api/job/nightly',
    'GET /api/job/weekly',
    'GET /api/job/weekly/runs',
    'POST /api/job',
  ]);
  assert.deepEqual(templatesByAnswer(verb.filter(([r]) => r !== 'POST /api/job')), [
    'DELETE /api/job/hourly',
    'DELETE /api/job/nightly',
    'GET /api/job',
    'GET /api/job/nightly',
    'GET /api/job/weekly',
  ]);
  // Leaves answering each in a shape of their own (a profile's parts, read or removed).
  const prefs = '{"theme":"dark","locale":"en","notify":true}';
  assert.deepEqual(
    templatesByAnswer([
      ['/api/profile', prefs],
      ['POST /api/profile', prefs],
      ['/api/profile/avatar', '{"url":"x","width":64,"height":64}'],
      ['DELETE /api/profile/avatar', '{"url":"x","width":64,"height":64}'],
      ['/api/profile/banner', '{"image":{"src":"y"},"caption":"z","tiles":[1]}'],
      ['DELETE /api/profile/badges', '{"list":[{"b":1}],"total":1,"next":null}'],
    ]),
    [
      'DELETE /api/profile/avatar',
      'DELETE /api/profile/badges',
      'GET /api/profile',
      'GET /api/profile/avatar',
      'GET /api/profile/banner',
      'POST /api/profile',
    ],
  );
});

test('in a collection that only creates (POST /media-files), three read-only leaves or more spread thin are its items (/media-files/{code}); busy leaves and a written leaf stay literal (i19-enum4)', () => {
  // The host's other endpoints get their own requests (four each); the items share one endpoint's.
  const busy = ['/api/rest/v1/products', '/api/rest/v1/channels', '/api/rest/v1/locales'].flatMap((p) => [p, p, p, p]);
  const rest = busy.map((p) => `GET ${p}`);
  const without = (ts: string[]): string[] => ts.filter((t) => !rest.includes(t));
  const upload = ['POST /api/rest/v1/media-files', 'POST /api/rest/v1/media-files', 'POST /api/rest/v1/media-files'];
  const files = ['/api/rest/v1/media-files/active', '/api/rest/v1/media-files/daily', '/api/rest/v1/media-files/detailed'];
  assert.deepEqual(without(templatesOf([...busy, ...upload, ...files, files[0], files[2]], { xml: true })), [
    'GET /api/rest/v1/media-files/{id}',
    'POST /api/rest/v1/media-files',
  ]);
  // Look-alikes. The same leaves each asked for as often as the host's endpoints.
  assert.deepEqual(without(templatesOf([...busy, ...upload, ...files, ...files, ...files, ...files], { xml: true })), [
    ...files.map((f) => `GET ${f}`),
    'POST /api/rest/v1/media-files',
  ]);
  // A parent read too, with no shape to compare (XML): readOnlyLeaves and itemsBesideTheirParent judge those.
  assert.deepEqual(
    without(templatesOf([...busy, ...upload, '/api/rest/v1/media-files', ...files, files[0], files[2]], { xml: true })),
    ['GET /api/rest/v1/media-files', ...files.map((f) => `GET ${f}`), 'POST /api/rest/v1/media-files'],
  );
  // A leaf written too (an action beside them).
  assert.deepEqual(
    without(templatesOf([...busy, ...upload, ...files, files[0], 'POST /api/rest/v1/media-files/detailed'], { xml: true })),
    [...files.map((f) => `GET ${f}`), 'POST /api/rest/v1/media-files', 'POST /api/rest/v1/media-files/detailed'],
  );
});

test('read-only leaves beside their parent answer, one of them seen once with an empty answer ({}), are all values (/phone-number-orders/{id}); that leaf asked for twice, or two empty ones, stay literal (i19-enum4)', () => {
  const list = '{"PhoneNumberOrders":[{"PhoneNumberOrderId":"a","Status":"x"}],"NextToken":"n"}';
  const order =
    '{"PhoneNumberOrder":{"PhoneNumberOrderId":"a","ProductType":"b","Status":"x","OrderedPhoneNumbers":[{"E164PhoneNumber":"+1"}]}}';
  const base: Array<[string, string]> = [
    ['/phone-number-orders', list],
    ['POST /phone-number-orders', order],
    ['/phone-number-orders/daily', order],
    ['/phone-number-orders/daily', order],
    ['/phone-number-orders/incoming', order],
  ];
  assert.deepEqual(templatesByAnswer([...base, ['/phone-number-orders/public', '{}']]), [
    'GET /phone-number-orders',
    'GET /phone-number-orders/{id}',
    'POST /phone-number-orders',
  ]);
  // Look-alikes. The empty leaf asked for twice: an endpoint of its own answering nothing (a verb).
  assert.deepEqual(templatesByAnswer([...base, ['/phone-number-orders/public', '{}'], ['/phone-number-orders/public', '{}']]), [
    'GET /phone-number-orders',
    'GET /phone-number-orders/daily',
    'GET /phone-number-orders/incoming',
    'GET /phone-number-orders/public',
    'POST /phone-number-orders',
  ]);
  // Two empty leaves beside them.
  assert.deepEqual(templatesByAnswer([...base, ['/phone-number-orders/public', '{}'], ['/phone-number-orders/pending', '{}']]), [
    'GET /phone-number-orders',
    'GET /phone-number-orders/daily',
    'GET /phone-number-orders/incoming',
    'GET /phone-number-orders/pending',
    'GET /phone-number-orders/public',
    'POST /phone-number-orders',
  ]);
  // The others answering as the parent does (a list's views), one empty beside them.
  assert.deepEqual(
    templatesByAnswer([
      ...base.map(([p, b]): [string, string] => [p, p.endsWith('orders') ? b : list]),
      ['/phone-number-orders/public', '{}'],
    ]),
    [
      'GET /phone-number-orders',
      'GET /phone-number-orders/daily',
      'GET /phone-number-orders/incoming',
      'GET /phone-number-orders/public',
      'POST /phone-number-orders',
    ],
  );
});

test("two words joined by a dot whose halves cross are one pair of values (/collection/{id}.{id}); RPC names, one name's ends and busy names stay literal (i19-suffix)", () => {
  const host: string[] = [];
  for (const p of ['status', 'features', 'statistics', 'subscription']) for (let i = 0; i < 6; i++) host.push(`/api/${p}`);
  const calls = (pairs: Array<[string, number]>): string[] =>
    pairs.flatMap(([p, times]) => Array.from({ length: times }, () => p));
  // `GET|DELETE /api/collection/{collection_id}.{content_type}` with enum words for both values.
  const items: Array<[string, number]> = [
    ['/api/collection/pending.private', 1],
    ['/api/collection/pending.secondary', 1],
    ['/api/collection/summary.private', 1],
    ['/api/collection/summary.secondary', 2],
    ['/api/collection/pending.summary', 1],
    ['/api/collection/secondary.private', 1],
    ['DELETE /api/collection/pending.private', 1],
    ['DELETE /api/collection/pending.secondary', 1],
    ['DELETE /api/collection/pending.summary', 1],
    ['DELETE /api/collection/summary.private', 1],
  ];
  // A name's own ends beside them (`/api/collection/processed.{id}`), crossing none of the pairs' halves.
  const processed: Array<[string, number]> = [
    ['/api/collection/processed.archived', 1],
    ['/api/collection/processed.weekly', 1],
    ['/api/collection/processed.daily', 1],
  ];
  assert.deepEqual(templatesOf([...host, ...calls(items)], { xml: true }), [
    'DELETE /api/collection/{id}.{collection_id}',
    'GET /api/collection/{id}.{collection_id}',
    'GET /api/features',
    'GET /api/statistics',
    'GET /api/status',
    'GET /api/subscription',
  ]);
  // A name's own ends beside them (`processed.archived`, `processed.weekly`), crossing none of the pairs' halves, stay
  // out of the pair: its GETs count the items' seven only.
  const beside = templatesIn([...host, ...calls(items), ...calls(processed)], { xml: true }).counts;
  assert.ok(beside.includes('GET /api/collection/{id}.{collection_id} 7'), beside.join('\n'));
  // Random ids after slugs, as parsed pairs (`amber-gold-155.BD3xOD483`) and as words neither half of which is
  // proven a value (`ember-maple-937.q5cy12zs`): one template, no `{id}` beside it.
  const mixed = [
    '/api/document/amber-gold-155.BD3xOD483',
    '/api/document/violet-kite-956.QZdYhkDXtG',
    'DELETE /api/document/sage-kite-337.QZdYhkDXtG',
    'DELETE /api/document/amber-gold-387.q5cy12zs',
    'DELETE /api/document/ember-maple-937.q5cy12zs',
    '/api/document/ember-maple-937.vito6v8EehX',
    '/api/document/violet-kite-956.vito6v8EehX',
  ];
  const got = templatesOf([...host, ...mixed], { xml: true });
  assert.ok(got.includes('GET /api/document/{id}.{document_id}'), got.join('\n'));
  assert.ok(got.includes('DELETE /api/document/{id}.{document_id}'), got.join('\n'));
  assert.ok(!got.some((t) => t.endsWith('/api/document/{id}')), got.join('\n'));
  // Look-alikes that keep their templates (no pair of values; other rules may still take the words as one value): an
  // RPC namespace's methods right under an API prefix (their halves cross too) ...
  const noPair = (requests: string[]): void => {
    const got = templatesOf([...host, ...requests], { xml: true });
    assert.ok(!got.some((t) => /\}\.\{/.test(t)), got.join('\n'));
  };
  const rpc = ['/api/users.list', '/api/users.info', '/api/channels.list', '/api/channels.info'];
  noPair(rpc);
  assert.ok(templatesOf([...host, ...rpc], { xml: true }).includes('GET /api/users.list'));
  // ... the same crossing words each asked for as often as the host's endpoints (names of their own) ...
  noPair(calls(items.map(([p]): [string, number] => [p, 6])));
  // ... halves that do not cross (each head its own tail) ...
  noPair(
    calls([
      ['/api/collection/pending.private', 1],
      ['/api/collection/summary.secondary', 1],
      ['/api/collection/outgoing.weekly', 1],
      ['DELETE /api/collection/archived.daily', 1],
    ]),
  );
  // ... values before one fixed end (a star: one tail, no head with two; `/jobs/{id}.log` is no pair) ...
  noPair([
    '/api/jobs/amber-kite.log',
    '/api/jobs/coral-river.log',
    'DELETE /api/jobs/delta-sage.log',
    '/api/jobs/jade-lotus.log',
  ]);
  // ... crossing words answering in shapes of their own (two documents, `pending.private` is not `summary.secondary`) ...
  const shapes = ['{"queue":[1],"size":2}', '{"title":"x","pages":3}', '{"owner":"y","since":"2024"}'];
  const own = templatesByAnswer([
    ...host.map((h): [string, string] => [h, '{"ok":true}']),
    ...items.filter(([p]) => !p.startsWith('DELETE')).map(([p], k): [string, string] => [p, shapes[k % 3]]),
  ]);
  assert.ok(!own.some((x) => /\}\.\{/.test(x)), own.join('\n'));
  // ... user names with a dot beside names without one (`kim.willow`, `kim.north`, `carla.willow` beside `bob98`) ...
  noPair(['/api/flags/kim.willow', '/api/flags/kim.north', '/api/flags/carla.willow', '/api/flags/bob98', '/api/flags/nina33']);
  // ... and crossing words only posted (actions, `POST /api/collection/summary.private`).
  noPair(calls(items.map(([p, n]): [string, number] => [`POST ${p.replace(/^DELETE /, '')}`, n])));
});

test('short codes with one digit inside (DQE1PH, OSMM5SJD, VyhA3pX) are value-like: beside the ids of one parameter they are more of its values; names with a digit (OAuth2, listV2, s3Bucket) stay literal (i19-realids)', () => {
  // Reference stores named by UUIDs in their sub-resources, by base62 short codes when read or deleted.
  const stores = [
    'POST /refs/2194425f-39aa-4eaf-a695-a643e7f2a0cd/imports',
    'POST /refs/4f9d1835-3696-4318-a932-9dd409e71672/imports',
    'POST /refs/d0f3a055-4b1f-4afa-a764-3ed1e589472d/imports',
    '/refs/fNeQIsou',
    'DELETE /refs/fNeQIsou',
    '/refs/m8VznKs',
    '/refs/DQE1PH',
    '/refs/DQE1PH',
    'DELETE /refs/OSMM5SJD',
    '/refs/OSMM5SJD',
    '/refs/VyhA3pX',
  ];
  assert.deepEqual(templatesOf(stores), ['DELETE /refs/{id}', 'GET /refs/{id}', 'POST /refs/{id}/imports']);
  // Look-alikes: names with one digit at the end, after a `v`, before a capitalised word, answering as the items do, are the
  // API's vocabulary beside the ids (as `/users/me` is).
  assert.deepEqual(templatesOf([...stores, '/refs/OAuth2', '/refs/listV2', '/refs/s3Bucket', '/refs/E2ETest']), [
    'DELETE /refs/{id}',
    'GET /refs/E2ETest',
    'GET /refs/OAuth2',
    'GET /refs/listV2',
    'GET /refs/s3Bucket',
    'GET /refs/{id}',
    'POST /refs/{id}/imports',
  ]);
});

test("a name leading to the values' own next values (/build/project-ocean/anna69 beside /build/{project}/anna69) is one more value; names with value-like children of their own or with sub-resources only stay literal (i19-realids)", () => {
  // Projects named by titles (values) and by one plain name, each with the same repositories (user names) below.
  const builds = [
    '/build/about-ocean-window/anna69/_buildconfig',
    '/build/about-ocean-window/oliver54/_buildconfig',
    '/build/about-ocean-window/carla32/_buildconfig',
    '/build/notes-ideas-open-market-2023/anna69/_buildconfig',
    '/build/notes-ideas-open-market-2023/carla32/_buildconfig',
    '/build/after-cloud-last-spring-black-on/oliver54/_buildconfig',
    '/build/after-cloud-last-spring-black-on/anna69/_buildconfig',
  ];
  assert.deepEqual(
    templatesOf(
      [
        ...builds,
        '/build/project-ocean/anna69/_buildconfig',
        '/build/project-ocean/oliver54/_buildconfig',
        '/build/project-ocean/_result',
      ],
      {
        xml: true,
      },
    ),
    ['GET /build/{id}/_result', 'GET /build/{id}/{build_id}/_buildconfig'],
  );
  // Look-alikes: a name whose value-like children are its own (none under the values), one with sub-resources only
  // (`/build/latest/_result`) and one with a subtree of its own beside the values' names (`/build/home/settings`,
  // `/profile`, `/keys`) stay the API's vocabulary.
  assert.deepEqual(
    templatesOf(
      [
        ...builds,
        '/build/about-ocean-window/_result',
        '/build/after-cloud-last-spring-black-on/_result',
        '/build/nightly/zed77/_buildconfig',
        '/build/nightly/kim12/_buildconfig',
        '/build/latest/_result',
        '/build/home/anna69/_buildconfig',
        '/build/home/oliver54/_buildconfig',
        '/build/home/settings',
        '/build/home/profile',
        '/build/home/keys',
      ],
      { xml: true },
    ),
    [
      'GET /build/home/keys',
      'GET /build/home/profile',
      'GET /build/home/settings',
      'GET /build/home/{id}/_buildconfig',
      'GET /build/latest/_result',
      'GET /build/nightly/{id}/_buildconfig',
      'GET /build/{id}/_result',
      'GET /build/{id}/{build_id}/_buildconfig',
    ],
  );
});

test("an OData key in parentheses after a name is the key's values: Products({id}), a compound key a pair; titles and words in brackets stay literal (i19-draw)", () => {
  // OData URL conventions: `EntitySet(key)`, `EntitySet(k1=v1,k2=v2)` (Azure Batch `certificates(thumbprintAlgorithm=…,thumbprint=…)`).
  const thumbprints = ['3c46305c5da14183dcc204e5', '9ecbd545d9942a109f7f0d68', 'abbe00a0eceefea2a36f9be5'];
  assert.deepEqual(
    templatesOf([
      ...thumbprints.map((t) => `/certificates(thumbprintAlgorithm=sha1,thumbprint=${t})`),
      `DELETE /certificates(thumbprintAlgorithm=sha256,thumbprint=${thumbprints[0]})`,
      `POST /certificates(thumbprintAlgorithm=sha1,thumbprint=${thumbprints[1]})/canceldelete`,
      '/odata/Products(5)',
      '/odata/Products(17)',
      "/odata/People('russellwhyte')",
      "/odata/People('scottketchum')",
    ]),
    [
      'DELETE /certificates(thumbprintAlgorithm={id},thumbprint={certificate_id})',
      'GET /certificates(thumbprintAlgorithm={id},thumbprint={certificate_id})',
      "GET /odata/People('{id}')",
      'GET /odata/Products({id})',
      'POST /certificates(thumbprintAlgorithm={id},thumbprint={certificate_id})/canceldelete',
    ],
  );
  // Look-alikes: a title's brackets, a word in brackets (no OData literal: unquoted, not a number or an id), three key
  // parts (left whole) and a name ending in `_` are no key predicates.
  for (const seg of ['Mercury_(planet)', 'count(distinct)', 'Orders(a=1,b=2,c=3)', 'Products(abc)', 'items_(5)'])
    assert.equal(parseSegment(seg).kind, null, seg);
});

test('a custom method named with digits closing a word (:exchangeRecaptchaV3Token) is a method like :cancel; names in camelCase with a number inside stay names (i19-draw)', () => {
  // Google's `name:verb` with a version or a product number in the verb: the names before it are values, the verb literal.
  const apps = ['blue-tiger-40', 'cedar-jade-71', 'coral-orbit-195'];
  assert.deepEqual(
    templatesOf(
      apps.flatMap((a) => [
        `POST /v1/${a}:exchangeRecaptchaV3Token`,
        `POST /v1/${a}:exchangeDebugToken`,
        `POST /v1/${a}:getS3Object`,
      ]),
    ),
    ['POST /v1/{id}:exchangeDebugToken', 'POST /v1/{id}:exchangeRecaptchaV3Token', 'POST /v1/{id}:getS3Object'],
  );
  for (const verb of ['exchangeRecaptchaV3Token', 'getS3Object', 'listV2'])
    assert.equal(parseSegment(`x:${verb}`).key, `x:${verb}`, verb);
  // Look-alikes: a user name or a random id after a colon is no method name (a pair of words, a pair of values).
  for (const tail of ['anna84', 'x7Gk2pQ9', 'tsXecI0e']) assert.notEqual(parseSegment(`team:${tail}`).suffix, `:${tail}`, tail);
  // Singleton resources named in camelCase with a number inside (`recaptchaV3Config`) are the API's names, not value-like:
  // under a wildcard parent (`/apps/-/…`) each stays literal, read-only and spread thin as they are.
  const configs = ['appAttestConfig', 'deviceCheckConfig', 'recaptchaV3Config', 'safetyNetConfig', 'playIntegrityConfig'];
  const parents = ['pare_6ZwutZSOdoAxSz', 'pare_HRcG7QNaIk8DVp'];
  assert.deepEqual(
    templatesOf(parents.flatMap((p) => configs.map((c) => `/v1/${p}/apps/-/${c}:batchGet`))),
    configs.map((c) => `GET /v1/{id}/apps/-/${c}:batchGet`).sort(),
  );
  // Look-alikes: ids in random case with one digit (`LVNTAYP8Xea`; `syUcS6Vmecs`, camelCase-like but of two-letter words)
  // are still values beside one another.
  assert.deepEqual(
    templatesOf(['/v1/files/LVNTAYP8Xea', '/v1/files/k0yZPVFMabQ', '/v1/files/tsXecI0eWq', '/v1/files/syUcS6Vmecs']),
    ['GET /v1/files/{id}'],
  );
  for (const id of ['LVNTAYP8Xea', 'syUcS6Vmecs']) assert.equal(softValue(id), true, id);
  assert.equal(softValue('recaptchaV3Config'), false);
});

test('a word in two spellings apart counts each method at an end as an endpoint: GET, PUT and DELETE /Tenant/{id} beside /tenant/{id}/Pool/… (i19-draw)', () => {
  // One server, one document writing the item route as `Tenant` and the sub-resources under `tenant`.
  const tenants = [
    'a7338da0-8040-4d01-aaaa-5a6fe48a2cb3',
    'cda9fdd2-4529-4fb0-a658-e4835295ef77',
    'f9068a6e-65aa-4771-a3e8-71d737f368f0',
  ];
  const requests = tenants.flatMap((t) => [
    `/api/v1/Tenant/${t}`,
    `PUT /api/v1/Tenant/${t}`,
    `DELETE /api/v1/Tenant/${t}`,
    `/api/v1/tenant/${t}/Pool/delta-north-588`,
    `PATCH /api/v1/tenant/${t}/Pool/maple-zephyr-448`,
    `/api/v1/tenant/${t}/PoolGroup/carla42`,
    `/api/v1/tenant/${t}/PoolGroup/hugo.pine`,
  ]);
  assert.deepEqual(templatesOf(requests), [
    'DELETE /api/v1/Tenant/{id}',
    'GET /api/v1/Tenant/{id}',
    'GET /api/v1/tenant/{id}/Pool/{pool_id}',
    'GET /api/v1/tenant/{id}/PoolGroup/{poolgroup_id}',
    'PATCH /api/v1/tenant/{id}/Pool/{pool_id}',
    'PUT /api/v1/Tenant/{id}',
  ]);
  // Look-alike: the capitals reach one endpoint only (a client's GET), the other spelling reaching it too: one literal.
  assert.deepEqual(
    templatesOf([
      ...requests.filter((r) => !r.includes('Tenant')),
      ...tenants.map((t) => `/api/v1/Tenant/${t}`),
      `/api/v1/tenant/${tenants[0]}`,
    ]),
    [
      'GET /api/v1/tenant/{id}',
      'GET /api/v1/tenant/{id}/Pool/{pool_id}',
      'GET /api/v1/tenant/{id}/PoolGroup/{poolgroup_id}',
      'PATCH /api/v1/tenant/{id}/Pool/{pool_id}',
    ],
  );
});

test('a dotted name right under a version written as an item (PATCH, PUT, DELETE) is a value like the names beside it; RPC methods (GET, POST) stay literal (i19-draw)', () => {
  // Google's `/v1/{name}` read, patched and deleted: user-like names with digits and dotted ones (`dmitri.gold`); XML
  // answers, so that no likeness of answers makes the names values.
  assert.deepEqual(
    templatesOf(
      [
        '/v1/dmitri55',
        'PATCH /v1/hugo21',
        'DELETE /v1/jonas89',
        '/v1/paula47',
        '/v1/dmitri.gold',
        'PATCH /v1/dmitri.gold',
        'PATCH /v1/lena.willow',
      ],
      { xml: true },
    ),
    ['DELETE /v1/{id}', 'GET /v1/{id}', 'PATCH /v1/{id}'],
  );
  // Look-alike: Slack-style methods beside the same names, called by GET and POST, stay the API's methods.
  assert.deepEqual(
    templatesOf(
      ['/v1/dmitri55', 'PATCH /v1/hugo21', 'DELETE /v1/jonas89', '/v1/users.list', 'POST /v1/chat.update', 'POST /v1/users.info'],
      { xml: true },
    ),
    ['DELETE /v1/{id}', 'GET /v1/users.list', 'GET /v1/{id}', 'PATCH /v1/{id}', 'POST /v1/chat.update', 'POST /v1/users.info'],
  );
});

test('a word seen under several values of the parameter before it is one name: items of a collection each seen with part of their methods under each value are values (/projects/{p}/changes/{id}); too few words, answers of their own, read-only vocabulary stay literal (i19-enum)', () => {
  const list = '{"items":[{"_id":"a","executionDate":1,"instructions":[{"kind":"x"}]}],"_links":{"self":{"href":"h"}}}';
  const change = '{"_id":"a","_version":2,"executionDate":1,"instructions":[{"kind":"x"}]}';
  // Projects named by user names (each one raw node); every change word is seen under a few projects, one method each.
  const projects: Array<[string, string]> = [
    ['/api/projects/dmitri30/changes', list],
    ['/api/projects/bob21/changes', list],
    ['POST /api/projects/farid.ember/changes', change],
  ];
  const changes: Array<[string, string]> = [
    ['DELETE /api/projects/dmitri30/changes/daily', change],
    ['/api/projects/bob21/changes/daily', change],
    ['PATCH /api/projects/farid.ember/changes/pending', change],
    ['PATCH /api/projects/dmitri30/changes/primary', change],
    ['/api/projects/bob21/changes/primary', change],
    ['DELETE /api/projects/farid.ember/changes/primary', change],
  ];
  assert.deepEqual(templatesByAnswer([...projects, ...changes]), [
    'DELETE /api/projects/{id}/changes/{change_id}',
    'GET /api/projects/{id}/changes',
    'GET /api/projects/{id}/changes/{change_id}',
    'PATCH /api/projects/{id}/changes/{change_id}',
    'POST /api/projects/{id}/changes',
  ]);
  // Look-alikes. No word seen with the methods of two others: nothing ties the read and deleted word to the patched ones.
  const apart: Array<[string, string]> = [
    ['DELETE /api/projects/dmitri30/changes/daily', change],
    ['/api/projects/bob21/changes/daily', change],
    ['PATCH /api/projects/farid.ember/changes/pending', change],
    ['PATCH /api/projects/dmitri30/changes/weekly', change],
  ];
  assert.deepEqual(templatesByAnswer([...projects, ...apart]), [
    'DELETE /api/projects/{id}/changes/daily',
    'GET /api/projects/{id}/changes',
    'GET /api/projects/{id}/changes/daily',
    'PATCH /api/projects/{id}/changes/pending',
    'PATCH /api/projects/{id}/changes/weekly',
    'POST /api/projects/{id}/changes',
  ]);
  // A project's parts answering each in a shape of their own, pooled over the projects as well.
  const parts: Array<[string, string]> = [
    ['DELETE /api/projects/dmitri30/changes/cache', '{"evicted":3,"sizeBytes":120}'],
    ['/api/projects/bob21/changes/cache', '{"evicted":3,"sizeBytes":120}'],
    ['PATCH /api/projects/farid.ember/changes/settings', '{"retention":{"days":5},"notify":true}'],
    ['PATCH /api/projects/dmitri30/changes/schedule', '{"cron":"* * *","timezone":"UTC","paused":false}'],
    ['/api/projects/bob21/changes/schedule', '{"cron":"* * *","timezone":"UTC","paused":false}'],
    ['DELETE /api/projects/farid.ember/changes/cache', '{"evicted":3,"sizeBytes":120}'],
  ];
  assert.deepEqual(templatesByAnswer([...projects, ...parts]), [
    'DELETE /api/projects/{id}/changes/cache',
    'GET /api/projects/{id}/changes',
    'GET /api/projects/{id}/changes/cache',
    'GET /api/projects/{id}/changes/schedule',
    'PATCH /api/projects/{id}/changes/schedule',
    'PATCH /api/projects/{id}/changes/settings',
    'POST /api/projects/{id}/changes',
  ]);
});

test('a word written as an item under one value of the parameter before it is an item under all: enum words recurring under cousins, read under one flag and patched under another, are values (/flags/{p}/{f}/targets/{env}); read-only recurring words stay vocabulary (i19-enum)', () => {
  const target = '{"items":[{"_id":"a","expirationDate":1,"userKey":"u"}],"_links":{"self":{"href":"h"}}}';
  const requests: Array<[string, string]> = [];
  // Three cousins (flags, segments, members), each with its own names before `targets`; the environments recur.
  const seen: string[][] = [];
  for (const parent of ['flags', 'segments', 'members'])
    seen.push(
      [parent, 'anna84', 'archived', 'GET'],
      [parent, 'bob21', 'archived', 'PATCH'],
      [parent, 'carla.ultra', 'summary', 'PATCH'],
      // One word of each cousin's own (not recurring), only read: tied to the others by `archived`, read and patched.
      [parent, 'dmitri30', { flags: 'incoming', segments: 'monthly', members: 'pending' }[parent]!, 'GET'],
    );
  for (const [parent, name, env, method] of seen) requests.push([`${method} /v2/${parent}/${name}/targets/${env}`, target]);
  assert.deepEqual(templatesByAnswer(requests), [
    'GET /v2/flags/{id}/targets/{target_id}',
    'GET /v2/members/{id}/targets/{target_id}',
    'GET /v2/segments/{id}/targets/{target_id}',
    'PATCH /v2/flags/{id}/targets/{target_id}',
    'PATCH /v2/members/{id}/targets/{target_id}',
    'PATCH /v2/segments/{id}/targets/{target_id}',
  ]);
  // Look-alike: the same words only read are the API's vocabulary where they recur under cousins (`/matches/past`).
  const read = requests.map(([r, b]): [string, string] => [r.replace(/^PATCH /, 'GET '), b]);
  assert.ok(templatesByAnswer(read).includes('GET /v2/flags/{id}/targets/archived'));
});
