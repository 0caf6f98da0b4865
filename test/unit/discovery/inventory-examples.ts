/**
 * The inventory of a templating example: requests in order (method, URL, what the server answered)
 * and the templates the inventory then lists, one host, default settings (docs/api-discovery.md
 * "Templating"). One implementation for the discovery example files.
 */
import assert from 'node:assert/strict';
import { loadConfigText } from '../../../node/config/load';
import { extractFacts } from '../../../node/analysis/discovery/extract';
import { DiscoveryInventory } from '../../../node/analysis/discovery/inventory';
import { discoverySettings } from '../../../node/analysis/discovery/settings';
import { tx } from './tx';

/** `METHOD /path` (GET when no method), the answer's body, and the request's JSON body if it has one. */
export type ExampleRequest = readonly [line: string, answer: string, body?: string];

export interface ExampleAnswers {
  /** Every answer is XML (`application/xml`) instead of JSON. */
  xml?: boolean;
  /** An empty answer is a 204 (No Content) instead of an empty 200. */
  emptyIs204?: boolean;
}

const XML: Array<[string, string]> = [['Content-Type', 'application/xml']];
const JSON_BODY: Array<[string, string]> = [['Content-Type', 'application/json']];

/** The inventory after `requests`: its `METHOD template` lines (sorted, once each) and `METHOD template count` lines. */
export function inventoryOf(
  requests: readonly ExampleRequest[],
  o: ExampleAnswers = {},
): { templates: string[]; counts: string[] } {
  const r = loadConfigText('mode: tcp-capture\n', 't.yaml');
  assert.ok('config' in r);
  const inv = new DiscoveryInventory(discoverySettings(r.config));
  requests.forEach(([line, answer, body], i) => {
    const [method, target] = line.includes(' ') ? line.split(' ') : ['GET', line];
    const t = tx({
      method,
      target,
      body,
      headers: body === undefined ? [] : JSON_BODY,
      ts: 1_700_000_000_000_000 + i,
      status: o.emptyIs204 === true && answer === '' ? 204 : 200,
      responseHeaders: o.xml === true ? XML : undefined,
      responseBody: answer,
    });
    inv.observe(t, 'api.test', extractFacts(t, { decompressBytes: 1 << 20 }), String(i), true);
  });
  const snap = inv.snapshot();
  return {
    templates: [...new Set(snap.map((e) => `${e.method} ${e.template}`))].sort(),
    counts: snap.map((e) => `${e.method} ${e.template} ${e.count}`).sort(),
  };
}

/** The inventory's `METHOD template` lines after `requests` (inventoryOf). */
export function inventoryLines(requests: readonly ExampleRequest[], o: ExampleAnswers = {}): string[] {
  return inventoryOf(requests, o).templates;
}
