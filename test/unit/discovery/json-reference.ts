import { flattenJson, type ObservedValue } from '../../../node/analysis/discovery/json-fields';

/**
 * The definition flattenJsonText (json-fields.ts) is pinned to: JSON.parse, then flattenJson; null
 * when the text is no JSON. One reference for every test of the text reader.
 */
export function flattenByDefinition(text: string): ObservedValue[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text) as unknown;
  } catch {
    return null;
  }
  const out: ObservedValue[] = [];
  flattenJson(doc, out);
  return out;
}
