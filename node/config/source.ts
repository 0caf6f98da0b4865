/**
 * A parsed YAML config that still knows where every value came from, so any problem found later
 * (schema, flags, CIDRs) is reported at the line and column the user has to edit.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

export interface ConfigProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Dotted path of the offending key, e.g. `goreplay.extra_args[3]`; '' for the document. */
  path: string;
  message: string;
  /** How to fix it; '' when the message says it all. */
  hint: string;
}

/** A path into the document: map keys and sequence indexes. */
export type DocPath = ReadonlyArray<string | number>;

export function formatPath(path: DocPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/** `FILE:LINE:COL: message (hint)`, the form check-config prints. */
export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}

export class ConfigSource {
  readonly problems: ConfigProblem[] = [];
  readonly warnings: ConfigProblem[] = [];
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;

  constructor(
    readonly file: string,
    text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const seenLines = new Set<number>();
    for (const err of this.doc.errors) {
      const pos = this.lines.linePos(syntaxErrorOffset(text, err.code, err.message, err.pos[0]));
      // One syntax slip often cascades into several errors on its line; the first says it best.
      if (seenLines.has(pos.line)) continue;
      seenLines.add(pos.line);
      this.problems.push({
        file,
        line: pos.line,
        col: pos.col,
        path: '',
        message: `YAML syntax error: ${err.message.split('\n')[0]}`,
        hint: yamlHint(err.code),
      });
    }
  }

  /** The document as plain data; only meaningful when there were no syntax problems. */
  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 }) ?? {};
  }

  /**
   * Position of the value at `path` (or of its key, when `at` is 'key' or the value is empty).
   * Walks as far as the document goes, so a missing key points at its would-be parent.
   */
  position(path: DocPath, at: 'key' | 'value' = 'value'): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let keyNode: unknown = null;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        keyNode = null;
        node = node.items[seg];
      } else {
        break;
      }
    }
    const target = (at === 'key' && keyNode) || node || keyNode;
    const range = (target as Node | null)?.range;
    if (!range) return { line: 1, col: 1 };
    return this.lines.linePos(range[0]);
  }

  /** Problems and warnings in reading order. */
  result(): { errors: ConfigProblem[]; warnings: ConfigProblem[] } {
    const byPosition = (a: ConfigProblem, b: ConfigProblem) => a.line - b.line || a.col - b.col;
    return { errors: [...this.problems].sort(byPosition), warnings: [...this.warnings].sort(byPosition) };
  }

  problem(path: DocPath, message: string, hint = '', at: 'key' | 'value' = 'value'): void {
    this.problems.push({ file: this.file, ...this.position(path, at), path: formatPath(path), message, hint });
  }

  warning(path: DocPath, message: string, hint = '', at: 'key' | 'value' = 'value'): void {
    this.warnings.push({ file: this.file, ...this.position(path, at), path: formatPath(path), message, hint });
  }
}

/** yaml reports an unclosed quote where the text ends; the opening quote is what needs fixing. */
function syntaxErrorOffset(text: string, code: string, message: string, offset: number): number {
  const quote = /Missing closing (['"])quote/.exec(message);
  if (code !== 'MISSING_CHAR' || !quote) return offset;
  const opening = text.lastIndexOf(quote[1], offset - 1);
  return opening < 0 ? offset : opening;
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each key may appear once per section; remove or merge the repeated one';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check the indentation and that every "key:" is followed by a space';
    case 'MULTIPLE_DOCS':
      return 'the config is one YAML document; remove the extra "---"';
    default:
      return 'check quoting and indentation around this position';
  }
}
