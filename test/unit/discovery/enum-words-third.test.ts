/**
 * Enum words of one parameter that recur under cousins (positions named alike under other resources): the same kind
 * of collection under several parents holds items named by the same words (a location `north` of an app and of a
 * project, a namespace under every `providers`), so in a collection recurrence is no sign of the API's vocabulary
 * where the words are read as items or have subtrees alike. And Google-style names under a version (`/v1/{name}:verb`)
 * of several kinds, each kind with its own custom methods. docs/api-discovery.md "Enum words that recur under
 * cousins, names crossing part of a custom-method set (branch i19-enum3, seventeenth session)".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines } from './inventory-examples';

/** `[METHOD /path, JSON answer]` pairs (GET when no method), each answered 200 with its own body. */
const templatesByAnswer = (requests: Array<[string, string]>): string[] => inventoryLines(requests);

const LIST = '{"locations":[{"name":"n1","locationId":"north"}],"nextPageToken":"t"}';
const ITEM = '{"name":"n1","locationId":"north","displayName":"North","labels":{}}';

/** Under `/v1/<parent>/<id>/<collection>`: the list, then each `[id, word]` read with `answer`. */
function collectionUnder(
  parent: string,
  collection: string,
  reads: Array<[number, string]>,
  answer = ITEM,
): Array<[string, string]> {
  const ids = [...new Set(reads.map(([id]) => id))];
  return [
    ...ids.map((id): [string, string] => [`/v1/${parent}/${id}/${collection}`, LIST]),
    ...reads.map(([id, w]): [string, string] => [`/v1/${parent}/${id}/${collection}/${w}`, answer]),
  ];
}

test('items of one collection named by words that recur under cousin collections are values (i19-enum3)', () => {
  const requests = [
    ...collectionUnder('apps', 'locations', [
      [11, 'north'],
      [11, 'south'],
      [12, 'west'],
    ]),
    ...collectionUnder('projects', 'locations', [
      [7, 'north'],
      [8, 'east'],
    ]),
    ...collectionUnder('sites', 'locations', [
      [3, 'west'],
      [4, 'central'],
    ]),
  ];
  assert.deepEqual(templatesByAnswer(requests), [
    'GET /v1/apps/{id}/locations',
    'GET /v1/apps/{id}/locations/{location_id}',
    'GET /v1/projects/{id}/locations',
    'GET /v1/projects/{id}/locations/{location_id}',
    'GET /v1/sites/{id}/locations',
    'GET /v1/sites/{id}/locations/{location_id}',
  ]);
});

test('look-alikes stay literal: vocabulary under cousins answering as the list does, or each in a shape of its own (i19-enum3)', () => {
  // `/matches/past`, `/live`, `/upcoming` under leagues, series and teams: other views of the list, the API's words.
  const views = ['leagues', 'series', 'teams'].flatMap((p, i) =>
    collectionUnder(
      p,
      'matches',
      [
        [i + 1, 'past'],
        [i + 1, 'live'],
        [i + 1, 'upcoming'],
      ],
      LIST,
    ),
  );
  assert.deepEqual(templatesByAnswer(views), [
    'GET /v1/leagues/{id}/matches',
    'GET /v1/leagues/{id}/matches/live',
    'GET /v1/leagues/{id}/matches/past',
    'GET /v1/leagues/{id}/matches/upcoming',
    'GET /v1/series/{id}/matches',
    'GET /v1/series/{id}/matches/live',
    'GET /v1/series/{id}/matches/past',
    'GET /v1/series/{id}/matches/upcoming',
    'GET /v1/teams/{id}/matches',
    'GET /v1/teams/{id}/matches/live',
    'GET /v1/teams/{id}/matches/past',
    'GET /v1/teams/{id}/matches/upcoming',
  ]);
  // `/count` and `/search` under each: verbs of the collection, each answering a shape of its own.
  const verbs = ['leagues', 'series', 'teams'].flatMap((p, i): Array<[string, string]> => [
    [`/v1/${p}/${i + 1}/matches`, LIST],
    [`/v1/${p}/${i + 1}/matches/count`, '{"count":3}'],
    [`/v1/${p}/${i + 1}/matches/search`, '{"results":[{"id":1}],"query":"q"}'],
  ]);
  assert.deepEqual(templatesByAnswer(verbs), [
    'GET /v1/leagues/{id}/matches',
    'GET /v1/leagues/{id}/matches/count',
    'GET /v1/leagues/{id}/matches/search',
    'GET /v1/series/{id}/matches',
    'GET /v1/series/{id}/matches/count',
    'GET /v1/series/{id}/matches/search',
    'GET /v1/teams/{id}/matches',
    'GET /v1/teams/{id}/matches/count',
    'GET /v1/teams/{id}/matches/search',
  ]);
});

/** Under `/v1/<parent>/<id>/providers/<word>/<n>`: each `[id, word, n]` read, written and deleted with `answer(word)`. */
function holdersUnder(
  parent: string,
  writes: Array<[number, string, number]>,
  answer: (w: string) => string,
): Array<[string, string]> {
  return writes.flatMap(([id, w, n]): Array<[string, string]> => [
    [`/v1/${parent}/${id}/providers/${w}/${n}`, answer(w)],
    [`PUT /v1/${parent}/${id}/providers/${w}/${n}`, answer(w)],
    [`DELETE /v1/${parent}/${id}/providers/${w}/${n}`, answer(w)],
  ]);
}

const RESOURCE = '{"id":"/r/1","name":"r1","type":"t","location":"north","properties":{"state":"ok"}}';

test('in a collection, words leading to items alike are values even where they recur under cousin collections (i19-enum3)', () => {
  const requests = ['subscriptions', 'groups', 'tenants'].flatMap((p, i) =>
    holdersUnder(
      p,
      [
        [10 * i + 1, ['archived', 'detailed', 'draft'][i], 4711 + i],
        [10 * i + 2, 'private', 5711 + i],
        [10 * i + 1, ['detailed', 'draft', 'archived'][i], 6711 + i],
      ],
      () => RESOURCE,
    ),
  );
  const templates = ['groups', 'subscriptions', 'tenants'].flatMap((p) => `/v1/${p}/{id}/providers/{provider_id}/{id2}`);
  assert.deepEqual(
    templatesByAnswer(requests),
    ['DELETE', 'GET', 'PUT'].flatMap((m) => templates.map((t) => `${m} ${t}`)),
  );
});

test('look-alike stays literal: sub-collections recurring under cousins whose items answer each a shape of their own (i19-enum3)', () => {
  const shapes: Record<string, string> = {
    books: '{"isbn":"x","title":"t","authors":["a"],"pages":3}',
    music: '{"artist":"a","album":"b","tracks":[{"n":1}]}',
    films: '{"director":"d","runtime":90,"cast":[{"actor":"x"}],"rating":"pg"}',
  };
  const requests = ['subscriptions', 'groups', 'tenants'].flatMap((p, i) =>
    holdersUnder(
      p,
      [
        [10 * i + 1, 'books', 4711 + i],
        [10 * i + 2, 'music', 5711 + i],
        [10 * i + 1, 'films', 6711 + i],
      ],
      (w) => shapes[w],
    ),
  );
  assert.deepEqual(
    templatesByAnswer(requests).filter((t) => t.startsWith('GET')),
    [
      'GET /v1/groups/{id}/providers/books/{book_id}',
      'GET /v1/groups/{id}/providers/films/{film_id}',
      'GET /v1/groups/{id}/providers/music/{music_id}',
      'GET /v1/subscriptions/{id}/providers/books/{book_id}',
      'GET /v1/subscriptions/{id}/providers/films/{film_id}',
      'GET /v1/subscriptions/{id}/providers/music/{music_id}',
      'GET /v1/tenants/{id}/providers/books/{book_id}',
      'GET /v1/tenants/{id}/providers/films/{film_id}',
      'GET /v1/tenants/{id}/providers/music/{music_id}',
    ],
  );
});

const DEPLOYMENT = '{"id":"/d/1","name":"d1","properties":{"provisioningState":"Succeeded","mode":"Incremental"}}';
const OPERATIONS = '{"value":[{"id":"op1","operationId":"op1","properties":{"statusCode":"OK"}}],"nextLink":"n"}';

test('in a collection, words with sub-resources alike are values even where they recur under cousin collections (i19-enum3)', () => {
  const words = [
    ['archived', 'detailed', 'private'],
    ['detailed', 'draft', 'private'],
    ['archived', 'draft', 'private'],
  ];
  const requests = ['subscriptions', 'groups', 'tenants'].flatMap((p, i) =>
    words[i].flatMap((w, j): Array<[string, string]> => [
      [`/v1/${p}/${10 * i + j}/deployments/${w}`, DEPLOYMENT],
      [`/v1/${p}/${10 * i + j}/deployments/${w}/operations`, OPERATIONS],
    ]),
  );
  const templates = ['groups', 'subscriptions', 'tenants'].flatMap((p) => [
    `GET /v1/${p}/{id}/deployments/{deployment_id}`,
    `GET /v1/${p}/{id}/deployments/{deployment_id}/operations`,
  ]);
  assert.deepEqual(templatesByAnswer(requests), templates.sort());
});

test('look-alike stays literal: names recurring under cousins, each with a sub-resource and an answer of its own (i19-enum3)', () => {
  const own: Array<[string, string, string, string]> = [
    ['billing', '{"plan":"pro","card":{"last4":"4242"}}', 'invoices', '{"invoices":[{"total":3}]}'],
    ['security', '{"mfa":true,"sso":{"provider":"x"}}', 'keys', '{"keys":[{"fingerprint":"f"}]}'],
    ['members', '{"seats":4,"owners":["a"]}', 'roles', '{"roles":[{"name":"admin","scopes":["x"]}]}'],
  ];
  const requests = ['subscriptions', 'groups', 'tenants'].flatMap((p, i) =>
    own.flatMap(([w, answer, sub, subAnswer]): Array<[string, string]> => [
      [`/v1/${p}/${i + 1}/settings/${w}`, answer],
      [`/v1/${p}/${i + 1}/settings/${w}/${sub}`, subAnswer],
    ]),
  );
  assert.deepEqual(
    templatesByAnswer(requests).filter((t) => t.includes('/subscriptions/')),
    [
      'GET /v1/subscriptions/{id}/settings/billing',
      'GET /v1/subscriptions/{id}/settings/billing/invoices',
      'GET /v1/subscriptions/{id}/settings/members',
      'GET /v1/subscriptions/{id}/settings/members/roles',
      'GET /v1/subscriptions/{id}/settings/security',
      'GET /v1/subscriptions/{id}/settings/security/keys',
    ],
  );
});

const OPERATION = '{"name":"operations/op1","done":false,"metadata":{"verb":"x"}}';
const CREDENTIALS = '{"username":"admin","password":"p4ss"}';

/** Google-style items under `/v1` (`/v1/{name}:verb`): each `[name, verbs]` called once per verb, answered as `answer(verb)` says. */
function customMethods(
  names: Array<[string, string[]]>,
  answer: (verb: string) => string = () => OPERATION,
): Array<[string, string]> {
  return names.flatMap(([n, verbs]) =>
    verbs.map((v): [string, string] => [`${v === 'showCredentials' ? 'GET' : 'POST'} /v1/${n}:${v}`, answer(v)]),
  );
}

test('Google-style names crossing only part of the names alike with one another are more of them (i19-enum3)', () => {
  const answer = (v: string): string => (v === 'showCredentials' ? CREDENTIALS : OPERATION);
  const requests = customMethods(
    [
      ['pending', ['showCredentials', 'resetCredentials', 'grant', 'repair']],
      ['secondary', ['showCredentials', 'resetCredentials']],
      ['private', ['showCredentials', 'resetCredentials']],
      ['summary', ['grant', 'repair']],
      ['daily', ['grant', 'repair']],
    ],
    answer,
  );
  assert.deepEqual(templatesByAnswer(requests), [
    'GET /v1/{id}:showCredentials',
    'POST /v1/{id}:grant',
    'POST /v1/{id}:repair',
    'POST /v1/{id}:resetCredentials',
  ]);
});

test('look-alikes stay literal: a name sharing one method with them, or two methods answered otherwise (i19-enum3)', () => {
  const answer = (v: string): string => (v === 'showCredentials' ? CREDENTIALS : OPERATION);
  const items: Array<[string, string[]]> = [
    ['pending', ['showCredentials', 'resetCredentials', 'grant']],
    ['secondary', ['showCredentials', 'resetCredentials']],
    ['private', ['showCredentials', 'resetCredentials']],
  ];
  assert.deepEqual(templatesByAnswer(customMethods([...items, ['organization', ['grant']]], answer)), [
    'GET /v1/{id}:showCredentials',
    'POST /v1/organization:grant',
    'POST /v1/{id}:grant',
    'POST /v1/{id}:resetCredentials',
  ]);
  const invoice = '{"invoice":{"total":3,"lines":[{"sku":"a"}]},"currency":"EUR"}';
  const billing: Array<[string, string]> = [
    ['POST /v1/billing:grant', invoice],
    ['POST /v1/billing:resetCredentials', invoice],
  ];
  assert.deepEqual(templatesByAnswer([...customMethods(items, answer), ...billing]), [
    'GET /v1/{id}:showCredentials',
    'POST /v1/billing:grant',
    'POST /v1/billing:resetCredentials',
    'POST /v1/{id}:grant',
    'POST /v1/{id}:resetCredentials',
  ]);
});
