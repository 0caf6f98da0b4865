/**
 * Attack-detection caps and parameter-profile counters leave the detector (docs/operations.md):
 * a request with more values than the detector examines (limit 2 000) and more parameters than an
 * endpoint profiles, and a second endpoint beyond `anomaly_detection.max_endpoints: 1`, show in the
 * replay summary (`attack caps:`, `profiles:`) and in /metrics (`attack_caps_total{cap}`,
 * `anomaly_profiles_capped_total{kind}`, `anomaly_profiles{kind}`, `anomaly_profile_values_total`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNode } from '../../../node/node-builder';
import { defaultConfig } from '../../../node/config/load';
import { formatSummary } from '../../../node/summary';
import { metricsText, snapshotOf } from '../../support/service-snapshot';
import { tx } from '../attacks/helpers';

const metricsOf = (node: ReturnType<typeof buildNode>): Promise<string> => metricsText(snapshotOf(node));

test('a capped request and capped profiles show in the summary and in /metrics', async () => {
  const config = defaultConfig();
  config.raw.anomaly_detection = { max_endpoints: 1 };
  const node = buildNode(config, new Set(['attack']), { write: () => {} });
  const headers: Array<[string, string]> = [['Host', 'shop.example']];
  const many = Array.from({ length: 2100 }, (_, i) => `p${i}=${i}`).join('&');
  node.analyzer.analyze(tx({ target: `/search?${many}`, headers, response: { status: 200, body: 'ok' } }));
  node.analyzer.analyze(tx({ target: '/other?q=1', headers, response: { status: 200, body: 'ok' } }));

  const summary = formatSummary(null, node);
  assert.match(summary, /^ {2}attack caps: values=1$/m);
  // 32 parameters of /search profiled (max_parameters_per_endpoint); /other is past max_endpoints.
  assert.match(
    summary,
    /^ {2}profiles: endpoints=1 parameters=32 values=\d+ endpointsCapped=1 parametersCapped=\d+ rejudged=\d+ unusualParameters=\d+ missingParameters=\d+ sharedParameters=\d+ sharedCapped=\d+ newWords=\d+$/m,
  );
  const capped = Number(/parametersCapped=(\d+)/.exec(summary)![1]);
  assert.ok(capped > 900, summary);

  const text = await metricsOf(node);
  assert.match(text, /^# TYPE ns_attack_caps_total counter$/m);
  assert.match(text, /^ns_attack_caps_total\{cap="values"\} 1$/m);
  assert.match(text, /^ns_attack_caps_total\{cap="decoded_bytes"\} 0$/m);
  assert.match(text, /^ns_anomaly_profiles_capped_total\{kind="endpoints"\} 1$/m);
  assert.match(text, new RegExp(`^ns_anomaly_profiles_capped_total\\{kind="parameters"\\} ${capped}$`, 'm'));
  assert.match(text, /^ns_anomaly_profiles\{kind="endpoints"\} 1$/m);
  assert.match(text, /^ns_anomaly_profiles\{kind="parameters"\} 32$/m);
  assert.match(text, /^ns_anomaly_profile_values_total 32$/m);
  const rejudged = Number(/rejudged=(\d+)/.exec(summary)![1]);
  assert.match(text, new RegExp(`^ns_anomaly_profile_events_total\\{event="rejudged"\\} ${rejudged}$`, 'm'));
  assert.match(text, /^ns_anomaly_profile_events_total\{event="missing_parameter"\} \d+$/m);
  assert.match(text, /^ns_anomaly_profile_events_total\{event="new_word"\} \d+$/m);
});

test('nothing capped and no profiles: the summary has neither line, the metrics read 0', async () => {
  const config = defaultConfig();
  config.raw.anomaly_detection = { enabled: false };
  const node = buildNode(config, new Set(['attack']), { write: () => {} });
  node.analyzer.analyze(tx({ target: '/a?q=1', headers: [['Host', 'shop.example']], response: { status: 200, body: 'ok' } }));
  const summary = formatSummary(null, node);
  assert.doesNotMatch(summary, /attack caps:|profiles:/);
  const text = await metricsOf(node);
  assert.match(text, /^ns_attack_caps_total\{cap="values"\} 0$/m);
  assert.match(text, /^ns_anomaly_profiles_capped_total\{kind="endpoints"\} 0$/m);
});
