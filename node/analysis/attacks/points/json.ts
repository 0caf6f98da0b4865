import type { RequestPoint } from '../../../report/records';
import type { ValueSink } from './types';

/**
 * A JSON body: every string, number and boolean leaf as ["json", key..., index...] and every key
 * as a `key` value on its own point (`{"user":{"$ne":1}}` injects through the key).
 * Returns null when the text is not JSON, so the caller can treat it as plain text.
 */
export function extractJson(text: string, maxDepth: number, sink: ValueSink): boolean | null {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return null;
  }
  return walk(doc, ['json'], maxDepth, sink);
}

function walk(node: unknown, point: RequestPoint, depthLeft: number, sink: ValueSink): boolean {
  if (node === null) return true;
  const name = String(point[point.length - 1]).toLowerCase();
  if (typeof node !== 'object') return sink({ point, kind: 'json', name, value: String(node) });
  if (depthLeft <= 0) return true;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) if (!walk(node[i], [...point, i], depthLeft - 1, sink)) return false;
    return true;
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    const child = [...point, key];
    if (!sink({ point: child, kind: 'key', name: key.toLowerCase(), value: key })) return false;
    if (!walk(value, child, depthLeft - 1, sink)) return false;
  }
  return true;
}
