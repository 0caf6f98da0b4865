/**
 * The GraphQL operations of a request for API discovery (docs/api-discovery.md "GraphQL
 * operations"): one entry per executed operation and root field, keyed `<type> <root field>`
 * (`mutation createUser`), with the operation's name, the field's arguments and their types (the
 * variable's declared type, or the literal's kind) and the fragments the operation spreads.
 */
import type { GraphqlReader } from '../../graphql/document';
import { executedOperations } from '../../graphql/document';
import { graphqlFromBody, graphqlFromQuery } from '../../graphql/request';

export interface GraphqlOperationSeen {
  /** `query user`, `mutation createUser`. */
  key: string;
  type: string;
  field: string;
  operationName: string | null;
  arguments: Array<{ name: string; type: string }>;
  fragments: string[];
  introspection: boolean;
}

/** Operations read per request at most (a batch of many is an abuse finding, not many endpoints). */
const MAX_OPERATIONS = 64;

/**
 * The operations of a GraphQL request (its `?query=`, or its body text when it has one), or null
 * when it is not GraphQL or no document parses.
 */
export function graphqlOperations(
  reader: GraphqlReader,
  query: string,
  bodyText: string | null,
  contentType: string | null,
): GraphqlOperationSeen[] | null {
  const envelope =
    (bodyText !== null ? graphqlFromBody(bodyText, contentType ?? '') : null) ?? (query === '' ? null : graphqlFromQuery(query));
  if (envelope === null) return null;
  const out: GraphqlOperationSeen[] = [];
  let parsed = false;
  for (const call of envelope.calls) {
    const outcome = reader.read(call.query);
    if (!outcome.ok) continue;
    parsed = true;
    for (const op of executedOperations(outcome.document, call.operationName)) {
      for (const f of op.fields) {
        if (out.length >= MAX_OPERATIONS) return out;
        out.push({
          key: `${op.type} ${f.name}`,
          type: op.type,
          field: f.name,
          operationName: op.name,
          arguments: f.arguments,
          fragments: op.fragments,
          introspection: op.introspection,
        });
      }
    }
  }
  return parsed ? out : null;
}
