import type { RequestPoint } from '../../../records/types';
import { lowerName } from '../../../memo';
import type { GraphqlReader, ParseOutcome } from '../../../graphql/document';
import type { GraphqlCall, GraphqlEnvelope } from '../../../graphql/request';
import { walkJson } from './json';
import type { ValueSink } from './types';

/** A recognised GraphQL request with each call's document read (parsed) or its failure. */
export interface GraphqlRead {
  envelope: GraphqlEnvelope;
  outcomes: ParseOutcome[];
}

/** The query arguments of a GraphQL GET request that are read as GraphQL, not as plain parameters. */
export const GRAPHQL_GET_PARAMS: ReadonlySet<string> = new Set(['query', 'variables', 'operationName']);

const ENVELOPE_KEYS = GRAPHQL_GET_PARAMS;
const OPERATION_NAME_POINT: RequestPoint = ['graphql', 'operationName'];

export function readGraphql(envelope: GraphqlEnvelope, reader: GraphqlReader): GraphqlRead {
  return { envelope, outcomes: envelope.calls.map((c) => reader.read(c.query)) };
}

export function allParsed(read: GraphqlRead): boolean {
  return read.outcomes.every((o) => o.ok);
}

/**
 * A GraphQL request's values (docs/graphql.md "Points"), as structured values of kind `json`:
 * every literal argument value at ["graphql", operation type, field path..., argument, object
 * field or list index...] (in a fragment: ["graphql", "fragment", name, field path...]), every
 * variable's value at the point where the document first uses it (its JSON walked below that
 * point), a variable the document does not use at ["graphql", "variables", name, ...], and the
 * operation name. The document text itself is not a value: its syntax is GraphQL's, not an
 * attacker's, and every value an attacker chose is one of the above. A call whose document
 * does not parse is read as without GraphQL support (its JSON object, or `onFailure`).
 * Returns false when the budget is used up.
 */
export function extractGraphql(
  read: GraphqlRead,
  maxDepth: number,
  sink: ValueSink,
  onFailure: (call: GraphqlCall) => boolean,
): boolean {
  const { envelope, outcomes } = read;
  for (let i = 0; i < envelope.calls.length; i++) {
    const call = envelope.calls[i];
    const outcome = outcomes[i];
    const jsonRoot: RequestPoint = envelope.batch ? ['json', i] : ['json'];
    if (!outcome.ok) {
      const done = call.object !== null ? walkJson(call.object, jsonRoot, maxDepth, sink) : onFailure(call);
      if (!done) return false;
      continue;
    }
    const doc = outcome.document;
    for (const l of doc.literals)
      if (!sink({ point: l.point, kind: 'json', name: nameOf(l.point), value: l.value })) return false;
    if (
      call.operationName !== null &&
      !sink({ point: OPERATION_NAME_POINT, kind: 'json', name: 'operationname', value: call.operationName })
    )
      return false;
    if (!extractVariables(call, doc.variableUses, maxDepth, sink)) return false;
    if (call.object !== null) {
      for (const key in call.object) {
        if (ENVELOPE_KEYS.has(key)) continue;
        const point = [...jsonRoot, key];
        if (!sink({ point, kind: 'key', name: lowerName(key), value: key })) return false;
        if (!walkJson(call.object[key], point, maxDepth - 1, sink)) return false;
      }
    }
  }
  return true;
}

function extractVariables(call: GraphqlCall, uses: Map<string, RequestPoint>, maxDepth: number, sink: ValueSink): boolean {
  if (call.variablesText !== null)
    return sink({ point: ['graphql', 'variables'], kind: 'json', name: 'variables', value: call.variablesText });
  const vars = call.variables;
  if (vars === undefined || vars === null) return true;
  if (typeof vars !== 'object' || Array.isArray(vars)) return walkJson(vars, ['graphql', 'variables'], maxDepth, sink);
  const object = vars as Record<string, unknown>;
  for (const name in object) {
    const point = uses.get(name) ?? ['graphql', 'variables', name];
    if (!walkJson(object[name], point, maxDepth, sink)) return false;
  }
  return true;
}

function nameOf(point: RequestPoint): string {
  for (let i = point.length - 1; i >= 0; i--) if (typeof point[i] === 'string') return lowerName(point[i] as string);
  return '';
}
