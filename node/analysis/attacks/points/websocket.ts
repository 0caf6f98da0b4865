import type { RequestPoint } from '../../../records/types';
import { extractJson } from './json';
import type { ValueSink } from './types';

const WS_JSON: RequestPoint = ['ws', 'json'];
const WS_TEXT: RequestPoint = ['ws', 'text'];

/**
 * One WebSocket message's text (docs/websocket.md "Analysis"): a JSON object or array as
 * ["ws", "json", key..., index...] (keys as `key` values, as for JSON bodies), anything else as
 * one value at ["ws", "text"]. Returns false when the budget is used up.
 */
export function extractMessage(text: string, maxDepth: number, sink: ValueSink): boolean {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const done = extractJson(text, maxDepth, sink, false, WS_JSON);
    if (done !== null) return done;
  }
  return sink({ point: WS_TEXT, kind: 'body', name: '', value: text });
}
