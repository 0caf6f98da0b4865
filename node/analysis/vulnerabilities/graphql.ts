/**
 * GraphQL findings in a response (docs/vulnerabilities.md "GraphQL"): an introspection query
 * (`__schema`, `__type`) the server answered, which hands anyone the whole schema, and error
 * messages that suggest field names (`Did you mean "user"?`), which leak the schema one guess at a
 * time even with introspection off.
 */
import type { TxFacts } from '../discovery/extract';

export interface GraphqlFinding {
  kind: 'graphql_introspection' | 'graphql_field_suggestion';
  detail: string;
  evidence: string;
}

/** `"data": {"__schema": {` (or `__type`): an answer, not `null` or an error. */
const INTROSPECTION_ANSWER = /"data"\s*:\s*\{\s*"(__schema|__type)"\s*:\s*\{/;
/** graphql-js and most servers: `Cannot query field "usr" on type "Query". Did you mean "user"?` (quotes JSON-escaped). */
const SUGGESTION = /^Did you mean (?:\\?"[_A-Za-z][_0-9A-Za-z]*\\?"(?:, | or |,? or )?)+\?/;

export function graphqlFindings(facts: TxFacts, status: number, text: string): GraphqlFinding[] {
  const ops = facts.graphql;
  if (ops === null || text === '') return [];
  const out: GraphqlFinding[] = [];
  if (status < 300 && ops.some((o) => o.introspection)) {
    const byField = facts.responseFields.find(
      (f) => (f.name === '$.data.__schema' || f.name === '$.data.__type') && f.type === 'object',
    );
    const m = byField === undefined ? INTROSPECTION_ANSWER.exec(text) : null;
    if (byField !== undefined || m !== null) {
      const field = byField !== undefined ? byField.name.slice(7) : m![1];
      out.push({
        kind: 'graphql_introspection',
        detail: field,
        evidence: `introspection query answered: data.${field} in the response`,
      });
    }
  }
  const suggestion = suggestionExcerpt(text);
  if (suggestion !== null) out.push({ kind: 'graphql_field_suggestion', detail: 'did_you_mean', evidence: suggestion });
  return out;
}

/** The first `Did you mean "name"?` with up to 120 characters of the message before it, or null. */
function suggestionExcerpt(text: string): string | null {
  for (let at = text.indexOf('Did you mean '); at >= 0; at = text.indexOf('Did you mean ', at + 1)) {
    const m = SUGGESTION.exec(text.slice(at, at + 300));
    if (m === null) continue;
    const message = text.lastIndexOf('"message"', at);
    const start = message >= 0 && at - message <= 200 ? message + 9 : Math.max(0, at - 120);
    return (text.slice(start, at) + m[0])
      .replace(/\\"/g, '"')
      .replace(/^\s*:\s*"/, '')
      .slice(0, 240);
  }
  return null;
}
