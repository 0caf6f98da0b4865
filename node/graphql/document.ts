/**
 * One GraphQL document, parsed by the reference implementation (graphql's `parse`, bounded by
 * `max_document_bytes` and `max_tokens`) and read once into what the node needs
 * (docs/graphql.md): the literal argument values with their points, where each variable is used,
 * the operations (type, name, root fields with argument types, fragments) and the measures of
 * abuse (depth, aliases, fields). Documents repeat (the same query with other variables), so the
 * reading is remembered per text (bounded).
 */
import { parse } from 'graphql/language/parser';
import { Kind } from 'graphql/language/kinds';
import type {
  ArgumentNode,
  DirectiveNode,
  DocumentNode,
  FragmentDefinitionNode,
  OperationDefinitionNode,
  SelectionSetNode,
  TypeNode,
  ValueNode,
} from 'graphql/language/ast';
import type { GraphqlSettings } from './settings';

export type OperationType = 'query' | 'mutation' | 'subscription';
export type GraphqlPoint = Array<string | number>;

export interface GraphqlArgument {
  name: string;
  /** The variable's declared type (`CreateUserInput!`), or the literal's kind (String, Int, Float, Boolean, Enum, List, Object, Null). */
  type: string;
}

export interface GraphqlOperation {
  type: OperationType;
  name: string | null;
  /** Root fields in order (field names, not aliases), each with its arguments. */
  fields: Array<{ name: string; arguments: GraphqlArgument[] }>;
  /** Fragments spread under it, directly or through other fragments (sorted). */
  fragments: string[];
  /** Longest chain of nested selections (fragments expanded): `{ a { b } }` is 2. */
  depth: number;
  /** Fields as executed (fragments expanded, each spread counting again). */
  fieldCount: number;
  /** Fields given an alias (fragments expanded). */
  aliases: number;
  /** Asks for `__schema` or `__type`. */
  introspection: boolean;
}

/** A literal scalar argument value (or a variable's default) and its point. */
export interface GraphqlLiteral {
  point: GraphqlPoint;
  value: string;
}

export interface GraphqlDocument {
  operations: GraphqlOperation[];
  literals: GraphqlLiteral[];
  /** Per variable name, the point of its first use (an argument, an object field, a list item). */
  variableUses: Map<string, GraphqlPoint>;
}

export type ParseFailure = 'syntax' | 'too_large' | 'too_many_tokens' | 'too_deep';

export type ParseOutcome =
  | { ok: true; document: GraphqlDocument }
  | { ok: false; failure: ParseFailure; /** too_deep: the nesting measured (brackets of every kind). */ nesting?: number };

/** Documents remembered per reader, and the longest one remembered (characters). */
const MEMO_ENTRIES = 512;
const MEMO_MAX_CHARS = 16 * 1024;

/**
 * Parses and reads documents with one set of limits, remembering the outcome per document text.
 */
export class GraphqlReader {
  private readonly memo = new Map<string, ParseOutcome>();
  private static readonly byLimits = new Map<string, GraphqlReader>();

  constructor(readonly settings: GraphqlSettings) {}

  /**
   * The thread's reader for these parse limits: attack detection and API discovery read the same
   * request's document, so they share one memo and a document is parsed once, not once each.
   */
  static shared(settings: GraphqlSettings): GraphqlReader {
    // Only the parse limits shape an outcome; abuse thresholds stay with the caller.
    const key = `${settings.maxDocumentBytes}/${settings.maxNesting}/${settings.maxTokens}`;
    let reader = GraphqlReader.byLimits.get(key);
    if (reader === undefined) GraphqlReader.byLimits.set(key, (reader = new GraphqlReader(settings)));
    return reader;
  }

  read(text: string): ParseOutcome {
    const known = this.memo.get(text);
    if (known !== undefined) return known;
    const outcome = this.readUncached(text);
    if (text.length <= MEMO_MAX_CHARS) {
      if (this.memo.size >= MEMO_ENTRIES) this.memo.clear();
      this.memo.set(text, outcome);
    }
    return outcome;
  }

  private readUncached(text: string): ParseOutcome {
    const max = this.settings.maxDocumentBytes;
    if (text.length > max || (text.length * 3 > max && Buffer.byteLength(text) > max)) return { ok: false, failure: 'too_large' };
    // graphql's parser and the readings below recurse per level: a document nested thousands
    // deep (a few KiB) would cost a deep stack and quadratic work, so it is measured first.
    const nesting = nestingDepth(text);
    if (nesting > this.settings.maxNesting) return { ok: false, failure: 'too_deep', nesting };
    let doc: DocumentNode;
    try {
      doc = parse(text, { noLocation: true, maxTokens: this.settings.maxTokens });
    } catch (e) {
      // graphql's parse throws a GraphQLError; at its token limit graphql 16 says "Document contains
      // more that N tokens" (sic), so both spellings are matched.
      const message = e instanceof Error ? e.message : '';
      return { ok: false, failure: /Document contains more tha[nt] \d+ tokens/.test(message) ? 'too_many_tokens' : 'syntax' };
    }
    return { ok: true, document: readDocument(doc) };
  }
}

/**
 * How deeply `{`, `[` and `(` nest in a document (outside strings, block strings and comments).
 * One pass, no allocation.
 */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d || c === 0x29) {
      if (depth > 0) depth--;
    } else if (c === 0x23) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22) {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        i = end < 0 ? text.length : end + 2;
      } else {
        for (i++; i < text.length; i++) {
          const d = text.charCodeAt(i);
          if (d === 0x5c) i++;
          else if (d === 0x22 || d === 0x0a) break;
        }
      }
    }
  }
  return max;
}

/** The operations, literals and variable uses of a parsed document. */
export function readDocument(doc: DocumentNode): GraphqlDocument {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const d of doc.definitions) {
    if (d.kind === Kind.FRAGMENT_DEFINITION) {
      if (!fragments.has(d.name.value)) fragments.set(d.name.value, d);
    } else if (d.kind === Kind.OPERATION_DEFINITION) operations.push(d);
  }
  const out: GraphqlDocument = { operations: [], literals: [], variableUses: new Map() };
  const measures = new Measures(fragments);
  for (const op of operations) {
    const declared = new Map<string, string>();
    for (const v of op.variableDefinitions ?? []) {
      declared.set(v.variable.name.value, typeText(v.type));
      if (v.defaultValue) readValue(v.defaultValue, ['graphql', 'variables', v.variable.name.value], out);
    }
    const type = op.operation as OperationType;
    readSelections(op.selectionSet, ['graphql', type], out);
    for (const d of op.directives ?? []) readDirective(d, ['graphql', type], out);
    const m = measures.of(op.selectionSet);
    out.operations.push({
      type,
      name: op.name?.value ?? null,
      fields: rootFields(op.selectionSet, declared, fragments),
      fragments: [...m.fragments].sort(),
      depth: m.depth,
      fieldCount: m.fields,
      aliases: m.aliases,
      introspection: m.introspection,
    });
  }
  // A fragment's arguments are read once, at its own point (spreads are not expanded for points).
  for (const [name, f] of fragments) readSelections(f.selectionSet, ['graphql', 'fragment', name], out);
  return out;
}

/** The root fields of an operation: its own, and those of fragments spread at its top (not nested). */
function rootFields(
  set: SelectionSetNode,
  declared: Map<string, string>,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): GraphqlOperation['fields'] {
  const out: GraphqlOperation['fields'] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      out.push({ name: s.name.value, arguments: (s.arguments ?? []).map((a) => argument(a, declared)) });
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      out.push(...rootFields(s.selectionSet, declared, fragments, seen));
    } else {
      const f = fragments.get(s.name.value);
      if (f === undefined || seen.has(s.name.value)) continue;
      seen.add(s.name.value);
      out.push(...rootFields(f.selectionSet, declared, fragments, seen));
    }
  }
  return out;
}

function argument(a: ArgumentNode, declared: Map<string, string>): GraphqlArgument {
  const v = a.value;
  return {
    name: a.name.value,
    type: v.kind === Kind.VARIABLE ? (declared.get(v.name.value) ?? 'Variable') : LITERAL_TYPE[v.kind],
  };
}

const LITERAL_TYPE: Record<Exclude<ValueNode['kind'], Kind.VARIABLE>, string> = {
  [Kind.INT]: 'Int',
  [Kind.FLOAT]: 'Float',
  [Kind.STRING]: 'String',
  [Kind.BOOLEAN]: 'Boolean',
  [Kind.NULL]: 'Null',
  [Kind.ENUM]: 'Enum',
  [Kind.LIST]: 'List',
  [Kind.OBJECT]: 'Object',
};

function typeText(t: TypeNode): string {
  if (t.kind === Kind.NON_NULL_TYPE) return typeText(t.type) + '!';
  if (t.kind === Kind.LIST_TYPE) return `[${typeText(t.type)}]`;
  return t.name.value;
}

/** Arguments of every field under `set`, at [...point, field path..., argument]; inline fragments add nothing to the path. */
function readSelections(set: SelectionSetNode, point: GraphqlPoint, out: GraphqlDocument): void {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      const at = [...point, s.name.value];
      for (const a of s.arguments ?? []) readValue(a.value, [...at, a.name.value], out);
      for (const d of s.directives ?? []) readDirective(d, at, out);
      if (s.selectionSet) readSelections(s.selectionSet, at, out);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      for (const d of s.directives ?? []) readDirective(d, point, out);
      readSelections(s.selectionSet, point, out);
    } else {
      for (const d of s.directives ?? []) readDirective(d, point, out);
    }
  }
}

function readDirective(d: DirectiveNode, point: GraphqlPoint, out: GraphqlDocument): void {
  for (const a of d.arguments ?? []) readValue(a.value, [...point, '@' + d.name.value, a.name.value], out);
}

function readValue(v: ValueNode, point: GraphqlPoint, out: GraphqlDocument): void {
  switch (v.kind) {
    case Kind.VARIABLE:
      if (!out.variableUses.has(v.name.value)) out.variableUses.set(v.name.value, point);
      return;
    case Kind.NULL:
      return;
    case Kind.LIST:
      v.values.forEach((item, i) => readValue(item, [...point, i], out));
      return;
    case Kind.OBJECT:
      for (const f of v.fields) readValue(f.value, [...point, f.name.value], out);
      return;
    case Kind.BOOLEAN:
      out.literals.push({ point, value: String(v.value) });
      return;
    default:
      out.literals.push({ point, value: v.value });
  }
}

interface Measure {
  depth: number;
  fields: number;
  aliases: number;
  introspection: boolean;
  fragments: Set<string>;
}

/**
 * Depth, fields and aliases as executed, fragments expanded: each fragment is measured once and
 * its measure reused at every spread, so a document of fragments spreading each other twice
 * (2^n fields executed) is measured in time linear in its size. A fragment that spreads itself
 * (invalid, but parsed) counts as empty from the second visit on.
 */
class Measures {
  private readonly done = new Map<string, Measure>();
  private readonly active = new Set<string>();

  constructor(private readonly fragments: Map<string, FragmentDefinitionNode>) {}

  of(set: SelectionSetNode): Measure {
    const m: Measure = { depth: 0, fields: 0, aliases: 0, introspection: false, fragments: new Set() };
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        m.fields++;
        if (s.alias !== undefined && s.alias.value !== s.name.value) m.aliases++;
        const name = s.name.value;
        if (name === '__schema' || name === '__type') m.introspection = true;
        if (s.selectionSet) {
          const child = this.of(s.selectionSet);
          add(m, child);
          m.depth = Math.max(m.depth, child.depth + 1);
        } else m.depth = Math.max(m.depth, 1);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const child = this.of(s.selectionSet);
        add(m, child);
        m.depth = Math.max(m.depth, child.depth);
      } else {
        const name = s.name.value;
        m.fragments.add(name);
        const child = this.fragment(name);
        if (child === null) continue;
        add(m, child);
        m.depth = Math.max(m.depth, child.depth);
      }
    }
    return m;
  }

  private fragment(name: string): Measure | null {
    const known = this.done.get(name);
    if (known !== undefined) return known;
    const f = this.fragments.get(name);
    if (f === undefined || this.active.has(name)) return null;
    this.active.add(name);
    const m = this.of(f.selectionSet);
    this.active.delete(name);
    this.done.set(name, m);
    return m;
  }
}

function add(into: Measure, m: Measure): void {
  into.fields += m.fields;
  into.aliases += m.aliases;
  into.introspection ||= m.introspection;
  for (const f of m.fragments) into.fragments.add(f);
}

/** The operations a call executes: the one `operationName` names, else all of them (one, normally). */
export function executedOperations(doc: GraphqlDocument, operationName: string | null): GraphqlOperation[] {
  if (operationName !== null) {
    const named = doc.operations.filter((o) => o.name === operationName);
    if (named.length > 0) return named;
  }
  return doc.operations;
}
