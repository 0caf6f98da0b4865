/**
 * Profiles are learned per worker (docs/detection.md "Deterministic; per worker"): each analysis
 * worker learns from the connections it is given, in the order it is given them. A rule that holds
 * on one worker's stream must hold on any share of it and in any order: normal traffic gives no
 * `anomaly` hit however it is split or ordered. The rule withdrawn in the twelfth session (a value
 * longer than a fixed-width code's one length: `user1000` after `user900`...`user999`, 941 normal
 * log-ins flagged with 2 workers) fails this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profiled, tx } from './helpers';

const HEADERS: Array<[string, string]> = [
  ['Host', 'shop.example'],
  ['User-Agent', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'],
];
const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elena', 'Fabio', 'Gloria', 'Hugo', 'Jorge', 'Karen', 'Luis', 'Pilar'];
const STREETS = ['Calle Mayor', 'Avenida de la Paz', 'Plaza del Sol', 'Paseo Colón'];

/** Normal request i of a shop whose accounts, orders and tickets are drawn from counters (they grow a digit). */
function normal(i: number): string {
  const fields = [
    `username=user${900 + i}`,
    `order=${9950 + i * 3}`,
    `ticket=T-${String(99_800 + i)}`,
    `name=${FIRST[(i * 7) % 12]}`,
    `address=${encodeURIComponent(`${STREETS[i % 4]} ${1 + ((i * 13) % 150)}`)}`,
    `expiry=${String(1 + (i % 12)).padStart(2, '0')}%2F${26 + (i % 6)}`,
  ];
  return `/shop/account.jsp?${fields.join('&')}`;
}

function anomalies(order: number[], workers: number): string[] {
  const detectors = Array.from({ length: workers }, () => profiled());
  const out: string[] = [];
  for (const i of order) {
    // Sharded by connection (here: the request's number), as the workers are.
    const d = detectors[Math.imul(i + 1, 0x9e3779b1) >>> 0 > 0x7fffffff ? 1 % workers : 0];
    const r = d.detect(tx({ target: normal(i), headers: HEADERS, response: { status: 200, body: 'ok' } }));
    for (const h of r?.hits ?? []) if (h.class === 'anomaly') out.push(`${i} ${JSON.stringify(h.point)} ${h.value} ${h.rule}`);
  }
  return out;
}

const N = 600;
const inOrder = Array.from({ length: N }, (_, i) => i);

test('normal traffic whose values grow a digit gives no anomaly on one worker, in order or reversed', () => {
  assert.deepEqual(anomalies(inOrder, 1), []);
  assert.deepEqual(anomalies([...inOrder].reverse(), 1), []);
});

test('the same traffic split over two workers gives no anomaly on either, in order or reversed', () => {
  assert.deepEqual(anomalies(inOrder, 2), []);
  assert.deepEqual(anomalies([...inOrder].reverse(), 2), []);
});
