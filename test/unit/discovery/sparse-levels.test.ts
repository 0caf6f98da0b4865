/**
 * Levels of literal names, actions and sparse paths (issue 19, branch i19-levels; docs/api-discovery.md "Levels of
 * literal names… (branch i19-levels)"): resource names are words with subtrees of their own, answering their own
 * shapes at the same places below them; a parameter position has children that look alike across its values.
 * Each example is a set of requests (method, URL, the server's answer) and the templates the inventory lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inventoryLines } from './inventory-examples';

/** A request: `METHOD /path` (GET when no method), its JSON answer and, for a write, its JSON body. */
type Request = [line: string, answer: string, body?: string];

const templatesOf = (requests: Request[]): string[] => inventoryLines(requests);

/**
 * Three resources under `/v2` that share a vocabulary of sub-resources (`car`, `car/uk`), each answering its own
 * shape there (`answers(name)`), or, for the look-alike, one shape for all.
 */
function namesSharingAVocabulary(answers: (name: string) => string): Request[] {
  const out: Request[] = [];
  ['listing', 'dealer', 'history'].forEach((name, i) => {
    const a = answers(name);
    out.push(
      [`/v2/${name}/car/${3100 + i}`, a],
      [`/v2/${name}/car/${3200 + i}`, a],
      [`/v2/${name}/car/uk/${3300 + i}`, a],
      [`/v2/${name}/car/uk/${3400 + i}`, a],
    );
  });
  return out;
}

const OWN_ANSWERS: Record<string, string> = {
  listing: '{"listing_id":"l1","price":1200,"miles":5300,"vin":"x"}',
  dealer: '{"dealer_id":"d1","seller_name":"Anna","phone":"555","street":"Main"}',
  history: '[{"event":"sold","date":"2024-01-02","source":"auction"}]',
};

test('names under the base path sharing sub-resources but answering their own shapes there are resources (i19-levels)', () => {
  assert.deepEqual(templatesOf(namesSharingAVocabulary((name) => OWN_ANSWERS[name])), [
    'GET /v2/dealer/car/uk/{id}',
    'GET /v2/dealer/car/{id}',
    'GET /v2/history/car/uk/{id}',
    'GET /v2/history/car/{id}',
    'GET /v2/listing/car/uk/{id}',
    'GET /v2/listing/car/{id}',
  ]);
});

test('look-alike: names whose subtrees answer alike at the same places are one position, an account or tenant (i19-levels)', () => {
  const one = '{"listing_id":"l1","price":1200,"miles":5300,"vin":"x"}';
  assert.deepEqual(templatesOf(namesSharingAVocabulary(() => one)), ['GET /v2/{id}/car/uk/{uk_id}', 'GET /v2/{id}/car/{car_id}']);
});

/**
 * Words under `/footprint` each posted (`POST /footprint/<word>` with `bodies[i]`) and each with the same two actions
 * below (`PATCH …/confirmPayment`, `…/confirmPlanting`, one body for all): answers are empty, so the bodies are the evidence.
 */
function postedWordsWithSharedActions(bodies: string[]): Request[] {
  const out: Request[] = [];
  ['roadDistance', 'urbanDelivery', 'airtravelMultileg'].forEach((word, i) => {
    for (let k = 0; k < 2; k++) {
      out.push(
        [`POST /footprint/${word}`, '', bodies[i]],
        [`PATCH /footprint/${word}/confirmPayment`, '', `{"paymentID":${k + 10 * i},"transaction_id":"t${k}"}`],
        [`PATCH /footprint/${word}/confirmPlanting`, '', `{"confirmPlanting":"yes","transaction_id":"t${k}"}`],
      );
    }
  });
  return out;
}

test('words each posted a body of their own are resources, however alike the actions below them (i19-levels)', () => {
  const bodies = [
    '{"apiKey":"k","distance_km":12.5,"vehicle_type":"van","fuel":"diesel"}',
    '{"apiKey":"k","parcels":3,"city":"Oslo","delivery_window":"am"}',
    '{"apiKey":"k","legs":[{"from":"OSL","to":"LHR"}],"cabin_class":"economy","passengers":2}',
  ];
  assert.deepEqual(templatesOf(postedWordsWithSharedActions(bodies)), [
    'PATCH /footprint/airtravelMultileg/confirmPayment',
    'PATCH /footprint/airtravelMultileg/confirmPlanting',
    'PATCH /footprint/roadDistance/confirmPayment',
    'PATCH /footprint/roadDistance/confirmPlanting',
    'PATCH /footprint/urbanDelivery/confirmPayment',
    'PATCH /footprint/urbanDelivery/confirmPlanting',
    'POST /footprint/airtravelMultileg',
    'POST /footprint/roadDistance',
    'POST /footprint/urbanDelivery',
  ]);
});

test('look-alike: words posted one body schema, with the same actions below, are one parameter (i19-levels)', () => {
  const one = '{"apiKey":"k","distance_km":12.5,"vehicle_type":"van","fuel":"diesel"}';
  assert.deepEqual(templatesOf(postedWordsWithSharedActions([one, one, one])), [
    'PATCH /footprint/{id}/confirmPayment',
    'PATCH /footprint/{id}/confirmPlanting',
    'POST /footprint/{id}',
  ]);
});

test('look-alike: one word whose own answer lacks the optional parts (an error envelope alone) stays one of the values (i19-levels)', () => {
  const full = '{"errors":[],"data":{"country":"NO","population":9000,"elevation":12,"name":"Oslo"}}';
  const requests: Request[] = [];
  ['private', 'secondary', 'summary', 'detailed'].forEach((word, i) => {
    const own = word === 'detailed' ? '{"errors":[{"code":"ACCESS_DENIED"}]}' : full;
    requests.push(
      [`/geo/divisions/${word}`, own],
      [`/geo/divisions/${word}/nearbyCities?radius=${10 + i}`, '{"data":[{"city":"Oslo","distance":3.5}]}'],
      [`/geo/divisions/${word}/nearbyDivisions?radius=${20 + i}`, '{"data":[{"division":"Viken","distance":7.5}]}'],
    );
  });
  assert.deepEqual(templatesOf(requests), [
    'GET /geo/divisions/{id}',
    'GET /geo/divisions/{id}/nearbyCities',
    'GET /geo/divisions/{id}/nearbyDivisions',
  ]);
});

test('look-alike: words posted one schema whose optional fields come and go stay one parameter (i19-levels)', () => {
  const bodies = [
    '{"name":"lena","maxRuns":13,"maxDuration":336,"maxGpus":67}',
    '{"maxCpus":254,"maxRuns":498,"maxDuration":88}',
    '{"name":"ines","maxCpus":340,"maxRuns":291,"maxDuration":436}',
  ];
  assert.deepEqual(templatesOf(postedWordsWithSharedActions(bodies)), [
    'PATCH /footprint/{id}/confirmPayment',
    'PATCH /footprint/{id}/confirmPlanting',
    'POST /footprint/{id}',
  ]);
});
