/**
 * A reader for POSIX shell command lines (bash/sh), as the shell reads a value pasted into a command:
 * quotes (`'...'`, `"..."`, `$'\x69d'`), backslash escapes, parameter expansions (`$IFS`, `${IFS}`,
 * `${PATH:0:1}`, `${x:-default}`, `${!name}`, variables and arrays (`a=(wh oami)`, `${a[1]}`)
 * assigned earlier in the same value, unset ones empty), command and process substitution
 * (`$(...)`, backticks, `<(...)` as a part of a word), `$(<file)`, arithmetic (`$((...))`, `$[...]`),
 * brace expansion (`{cat,/etc/passwd}`), separators (`; | || && & newline ( ) { }`), redirections
 * and comments. It yields the simple commands of the value with their words as the shell would
 * pass them to exec, how each command began (at the start of the value, after a separator, inside
 * a substitution) and whether its command name was written with quotes, escapes, empty expansions,
 * globs or braces inside it (`wh''oami`, `w\ho\am\i`, `c$@at`, `/bin/ca?`), which no ordinary text
 * does. What counts as a command is decided by rce.ts.
 *
 * Cost: one pass over at most MAX_SHELL_CHARS characters per reading; substitutions nest at most
 * MAX_SHELL_DEPTH deep; at most MAX_SHELL_COMMANDS commands and MAX_SHELL_WORDS words per command
 * are kept. A longer value is read at both ends (half the characters each: padding goes before a
 * payload) and sets `truncated` (counted as `caps.script_chars`).
 */
export const MAX_SHELL_CHARS = 8192;
export const MAX_SHELL_DEPTH = 4;
export const MAX_SHELL_COMMANDS = 64;
export const MAX_SHELL_WORDS = 16;

/**
 * How a command began: `start` (the first command of the value: a value that starts with a word is
 * mostly text), `separator` (after `;`, `|`, `&`, `&&`, `||`, a newline, `(`, `{`, `!` or a keyword
 * such as `then`), `substitution` (inside `$(...)`, backticks or `<(...)`).
 */
export type Began = 'start' | 'separator' | 'substitution';

export interface ShellCommand {
  /** The words after expansion; assignments before the command name are left out. */
  words: string[];
  began: Began;
  /**
   * The command name was spelled with quotes, escapes, expansions or braces inside it (`wh''oami`,
   * `c$@at`, `$c` after `c=cat`, `{cat,/etc/passwd}`), not as one plain or wholly quoted word.
   */
  obfuscated: boolean;
  /** The command name contains glob characters (`/bin/ca?`): resolved by the caller. */
  glob: boolean;
  /** The command had a redirection (`>`, `<`, `<<<`, `2>&1`...). */
  redirected: boolean;
  /** A `$((...))` or `$[...]` appeared in it. */
  arithmetic: boolean;
  /** Whether the substitution it sits in is a backtick one (Markdown writes `code` like that). */
  backtick: boolean;
  /** The separator before it was a line break (multi-line text has lines that start with words). */
  afterNewline: boolean;
}

export interface ShellReading {
  commands: ShellCommand[];
  /** `$IFS`/`${IFS}` used as a separator: no text needs it. */
  ifs: boolean;
  truncated: boolean;
}

/** What well-known variables hold in a shell that a web application starts. */
const KNOWN_VARIABLES: Record<string, string> = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  SHELL: '/bin/sh',
  // bash sets BASH to its own path, as the login sets SHELL (`$BASH -c id`, branch i18-rce8).
  BASH: '/bin/bash',
  PWD: '/',
  USER: 'root',
  '0': 'sh',
};
const KEYWORDS = new Set(['then', 'do', 'else', 'elif', '!', '{', '}', '(', 'if', 'while', 'until']);
/** A split point left by an unquoted expansion whose value has IFS characters (`$IFS`, `a=\ `). */
const FIELD = '\u0001';
/** Unquoted brace-expansion syntax, kept apart from quoted `{`, `,`, `}`. */
const OPEN = '\u0002';
const CLOSE = '\u0003';
const COMMA = '\u0004';
const WORD_END = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '<', '>', '(', ')']);
/** A word that assigns a variable (`c=cat`), and one that opens an array (`a=` before `(`). */
const ASSIGNMENT = /^[A-Za-z_]\w{0,30}=/;
const ARRAY_ASSIGNMENT = /^[A-Za-z_]\w{0,30}=$/;

interface Word {
  text: string;
  /** Quotes, escapes or expansions met between characters of the word. */
  quoted: boolean;
  /** The whole word was one quoted string (`"ls"`): a quoted search term, not obfuscation. */
  wholeQuote: boolean;
  glob: boolean;
  empty: boolean;
}

export function readShell(value: string): ShellReading {
  if (value.length <= MAX_SHELL_CHARS) {
    const r = new ShellReader(value);
    r.list('start', '', 0, false);
    return { commands: r.commands, ifs: r.ifs, truncated: r.truncated };
  }
  // A long value is read at both ends: padding (`AAAA...;cat /etc/passwd`) goes before the payload.
  const head = new ShellReader(value.slice(0, MAX_SHELL_CHARS / 2));
  head.list('start', '', 0, false);
  const tail = new ShellReader(value.slice(value.length - MAX_SHELL_CHARS / 2));
  tail.list('start', '', 0, false);
  return { commands: [...head.commands, ...tail.commands], ifs: head.ifs || tail.ifs, truncated: true };
}

class ShellReader {
  i = 0;
  readonly commands: ShellCommand[] = [];
  ifs = false;
  truncated = false;
  private readonly vars = new Map<string, string>();
  private arithmetic = false;
  private newline = false;

  constructor(private readonly s: string) {}

  /** Commands until `end` (`)` or a backtick) or the end of the text. */
  list(first: Began, end: string, depth: number, backtick: boolean): void {
    let began = first;
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (end !== '' && c === end) {
        this.i++;
        return;
      }
      if (c === ' ' || c === '\t') {
        this.i++;
        continue;
      }
      if (c === ';' || c === '&' || c === '|' || c === '\n' || c === '\r') {
        this.i++;
        began = first === 'substitution' ? 'substitution' : 'separator';
        this.newline = c === '\n' || c === '\r';
        continue;
      }
      if (c === '(' || c === ')') {
        // A subshell `(id)` opens a command only where a command may start (`;(id)`, `(id)` at the
        // start); prose is full of parentheses ("reference (id)", "isStatement(node)").
        let p = this.i - 1;
        while (p >= 0 && (s[p] === ' ' || s[p] === '\t')) p--;
        const opens = c === '(' && (p < 0 || ';&|\n\r('.includes(s[p]));
        // Inside a substitution as well, a `(` glued to a name is a call in code, which the shell
        // refuses (`` `cookieStore.get("id")` `` in a post): no command begins there (branch i18-fpr3).
        const call = c === '(' && p >= 0 && p === this.i - 1 && /[\w.]/.test(s[p]);
        this.i++;
        began = first === 'substitution' && !call ? 'substitution' : opens ? 'separator' : 'start';
        this.newline = false;
        continue;
      }
      if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n' && s[this.i] !== end) this.i++;
        continue;
      }
      const before = this.i;
      this.command(began, end, depth, backtick);
      this.newline = false;
      if (this.i === before) this.i++;
      began = first === 'substitution' ? 'substitution' : 'separator';
    }
  }

  /** One simple command: assignments, words and redirections up to a separator. */
  private command(began: Began, end: string, depth: number, backtick: boolean): void {
    const s = this.s;
    const words: Word[] = [];
    let redirections = 0;
    let input: string | null = null;
    this.arithmetic = false;
    while (this.i < s.length) {
      const c = s[this.i];
      if (c === ' ' || c === '\t') {
        this.i++;
        continue;
      }
      if (end !== '' && c === end) break;
      if ((c === '<' || c === '>') && !this.processSubstitutionAt(this.i)) {
        redirections++;
        const op = this.i;
        this.i++;
        while (this.i < s.length && '<>&|-'.includes(s[this.i])) this.i++;
        const plainInput = s.slice(op, this.i) === '<';
        while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
        if (this.i < s.length && !WORD_END.has(s[this.i])) {
          const target = this.word(depth, end).text;
          if (plainInput) input = target;
        }
        continue;
      }
      if (WORD_END.has(c) && !this.processSubstitutionAt(this.i)) break;
      // `2>&1`: a file descriptor number glued to a redirection is not a word.
      if (c >= '0' && c <= '9') {
        let d = this.i + 1;
        while (d < s.length && d < this.i + 3 && s[d] >= '0' && s[d] <= '9') d++;
        if (s[d] === '<' || s[d] === '>') {
          this.i = d;
          continue;
        }
      }
      const w = this.word(depth, end);
      if (s[this.i] === '(' && ARRAY_ASSIGNMENT.test(w.text) && words.every((x) => ASSIGNMENT.test(x.text))) {
        this.array(w.text.slice(0, -1), depth);
        continue;
      }
      if (words.length < MAX_SHELL_WORDS * 2) words.push(w);
    }
    // `$(<file)` is bash's `$(cat file)` (bash manual, "Command Substitution"): the one input
    // redirection alone in `$(...)`, of a path or a file with an extension. Backticks are left:
    // Markdown writes code with them (`<input.txt`).
    if (
      words.length === 0 &&
      began === 'substitution' &&
      !backtick &&
      redirections === 1 &&
      input !== null &&
      /[./]/.test(input)
    ) {
      words.push(plainWord('cat'), plainWord(input));
      redirections = 0;
    }
    this.finish(words, began, redirections > 0, backtick);
  }

  /** `<(` or `>(` at `i`: a process substitution, a part of the word it stands in. */
  private processSubstitutionAt(i: number): boolean {
    return (this.s[i] === '<' || this.s[i] === '>') && this.s[i + 1] === '(';
  }

  /**
   * bash's array assignment `name=(a b c)`: each element is `name[k]` (`${a[1]}`), and `$name` is
   * the first, as bash reads them. At most MAX_SHELL_WORDS elements are kept.
   */
  private array(name: string, depth: number): void {
    const s = this.s;
    const elements: string[] = [];
    this.i++;
    while (this.i < s.length && s[this.i] !== ')') {
      const c = s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.i++;
        continue;
      }
      if (WORD_END.has(c)) break;
      const w = this.word(depth, ')');
      if (elements.length < MAX_SHELL_WORDS) elements.push(w.text.split(FIELD).join(' '));
    }
    if (s[this.i] === ')') this.i++;
    elements.forEach((e, k) => this.vars.set(`${name}[${k}]`, e));
    this.vars.set(name, elements[0] ?? '');
    this.vars.set(`${name}[@]`, elements.join(' '));
  }

  private finish(raw: Word[], began: Began, redirected: boolean, backtick: boolean): void {
    // Expansion results split into fields; brace groups give one word per alternative.
    const words: Word[] = [];
    for (const w of raw) {
      if (w.empty && w.text === '') continue;
      for (const piece of braceExpand(w.text)) {
        for (const field of piece.split(FIELD)) {
          if (field !== '' && words.length < MAX_SHELL_WORDS) words.push({ ...w, text: field });
        }
      }
    }
    let k = 0;
    // Assignments before the name set variables for what follows (`c=cat;$c /etc/passwd`).
    while (k < words.length && ASSIGNMENT.test(words[k].text)) {
      const eq = words[k].text.indexOf('=');
      this.vars.set(words[k].text.slice(0, eq), words[k].text.slice(eq + 1));
      k++;
    }
    while (k < words.length && KEYWORDS.has(words[k].text)) {
      if (began === 'start') began = 'separator';
      k++;
    }
    if (k >= words.length) return;
    if (this.commands.length >= MAX_SHELL_COMMANDS) {
      this.truncated = true;
      return;
    }
    const name = words[k];
    this.commands.push({
      words: words.slice(k).map((w) => w.text),
      began,
      obfuscated: name.quoted && !name.wholeQuote,
      glob: name.glob,
      redirected,
      arithmetic: this.arithmetic,
      backtick,
      afterNewline: this.newline,
    });
  }

  /** One word, quotes removed and expansions done (FIELD where an unquoted expansion splits it). */
  private word(depth: number, end: string): Word {
    const s = this.s;
    let text = '';
    let quoted = false;
    let glob = false;
    let pieces = 0;
    let quotes = 0;
    let expansions = 0;
    const start = this.i;
    while (this.i < s.length) {
      const c = s[this.i];
      if ((WORD_END.has(c) && !this.processSubstitutionAt(this.i)) || (end !== '' && c === end)) break;
      pieces++;
      if (c === '<' || c === '>') {
        text += this.processSubstitution(depth);
        quoted = true;
        expansions++;
      } else if (c === "'") {
        const close = s.indexOf("'", this.i + 1);
        if (close < 0) {
          // An unmatched quote closes the application's own string: read on without it.
          this.i++;
          continue;
        }
        text += s.slice(this.i + 1, close);
        this.i = close + 1;
        quoted = true;
        quotes++;
      } else if (c === '"') {
        const before = text.length;
        text += this.doubleQuoted(depth);
        quoted = true;
        quotes++;
        if (text.length === before && pieces === 1 && this.i >= s.length) break;
      } else if (c === '\\' && /^[A-Za-z]:/.test(text)) {
        // A Windows path (`c:\boot.ini`): cmd.exe has no backslash escapes.
        text += c;
        this.i++;
      } else if (c === '\\') {
        if (this.i + 1 >= s.length) {
          this.i++;
          break;
        }
        const n = s[this.i + 1];
        if (n !== '\n') text += n;
        this.i += 2;
        quoted = true;
      } else if (c === '$') {
        const v = this.dollar(depth, false);
        if (v !== null) {
          text += v;
          quoted = true;
          expansions++;
        } else {
          text += '$';
          this.i++;
        }
      } else if (c === '`' && s.startsWith('```', this.i)) {
        // A Markdown code fence and its language, not a substitution (shell has no use for three backticks).
        while (s[this.i] === '`') this.i++;
        while (this.i < s.length && /[\w+-]/.test(s[this.i])) this.i++;
      } else if (c === '`') {
        this.i++;
        this.substitution('`', depth, true);
        quoted = true;
        expansions++;
      } else {
        if (c === '*' || c === '?' || c === '[') glob = true;
        text += c === '{' ? OPEN : c === '}' ? CLOSE : c === ',' ? COMMA : c;
        this.i++;
      }
    }
    const raw = s.slice(start, this.i);
    const wholeQuote = quotes === 1 && expansions === 0 && /^(['"]).*\1$/s.test(raw);
    return { text, quoted: quoted || text.includes(OPEN), wholeQuote, glob, empty: text === '' };
  }

  /**
   * `<(...)` or `>(...)` as a part of a word: bash 5.2 glues the file name it stands for to the text
   * around it, and an empty one (`<()`, `<( )`) expands to nothing, so `pi<()ng` is `ping`.
   */
  private processSubstitution(depth: number): string {
    const open = this.i + 2;
    this.i = open;
    this.substitution(')', depth, false);
    return this.s.slice(open, Math.max(open, this.i - 1)).trim() === '' ? '' : '/dev/fd/63';
  }

  /** `"..."`: escapes of `$ \` " \\` and expansions inside; the quotes removed. */
  private doubleQuoted(depth: number): string {
    const s = this.s;
    let out = '';
    this.i++;
    while (this.i < s.length && s[this.i] !== '"') {
      const c = s[this.i];
      if (c === '\\' && this.i + 1 < s.length && '$`"\\\n'.includes(s[this.i + 1])) {
        if (s[this.i + 1] !== '\n') out += s[this.i + 1];
        this.i += 2;
      } else if (c === '$') {
        const v = this.dollar(depth, true);
        if (v === null) {
          out += '$';
          this.i++;
        } else out += v;
      } else if (c === '`') {
        this.i++;
        this.substitution('`', depth, true);
      } else {
        out += c;
        this.i++;
      }
    }
    this.i++;
    return out;
  }

  /** An expansion at `$`, or null when the `$` is a literal dollar. */
  private dollar(depth: number, inQuotes: boolean): string | null {
    const s = this.s;
    const n = s[this.i + 1];
    if (n === undefined) return null;
    if (n === "'" && !inQuotes) {
      const close = s.indexOf("'", this.i + 2);
      const body = s.slice(this.i + 2, close < 0 ? s.length : close);
      this.i = close < 0 ? s.length : close + 1;
      return ansiC(body);
    }
    if (n === '"' && !inQuotes) {
      this.i++;
      return this.doubleQuoted(depth);
    }
    if (n === '(' && s[this.i + 2] === '(') {
      const close = s.indexOf('))', this.i + 3);
      this.i = close < 0 ? s.length : close + 2;
      this.arithmetic = true;
      return '1';
    }
    if (n === '[') {
      const close = s.indexOf(']', this.i + 2);
      this.i = close < 0 ? s.length : close + 1;
      this.arithmetic = true;
      return '1';
    }
    if (n === '(') {
      this.i += 2;
      this.substitution(')', depth, false);
      return '';
    }
    if (n === '{') {
      const close = s.indexOf('}', this.i + 2);
      if (close < 0) return null;
      const body = s.slice(this.i + 2, close);
      if (body.includes('`') || body.includes('$(')) {
        // `${`id`}`: what is inside runs before bash finds the name bad.
        this.i += 2;
        this.substitution('}', depth, body.includes('`'));
        return '';
      }
      this.i = close + 1;
      return this.parameter(body, inQuotes);
    }
    // `$IFShttp://...` is written for `$IFS` then text (bash would read one unset name).
    const name = /^(?:IFS|[A-Za-z_]\w{0,30}|[0-9@*#?$!-])/.exec(s.slice(this.i + 1, this.i + 33));
    if (name === null) return null;
    this.i += 1 + name[0].length;
    return this.variable(name[0], inQuotes);
  }

  /** `${...}`: a name with an optional operator (default, substring, pattern removal, length). */
  private parameter(body: string, inQuotes: boolean): string {
    const m = /^([#!]?)([A-Za-z_]\w{0,30}|[0-9@*#?$!-])(.*)$/s.exec(body);
    if (m === null) return '';
    const [, prefix, name] = m;
    if (prefix === '#') return '1';
    // `${a[1]}`, `${a[@]}`: an element of an array, or all of them.
    const subscript = /^\[(\d{1,2}|[@*])\]/.exec(m[3]);
    const key = subscript === null ? name : subscript[1] === '0' ? name : `${name}[${subscript[1] === '*' ? '@' : subscript[1]}]`;
    const op = subscript === null ? m[3] : m[3].slice(subscript[0].length);
    // `${!b}`: the value of the variable whose name b holds (bash's indirect expansion).
    const value = prefix === '!' ? this.indirect(key) : this.lookup(key);
    if (op === '') return key === 'IFS' ? this.variable(key, inQuotes) : fields(value ?? '', inQuotes);
    const dflt = /^:?[-=]/.exec(op);
    if (dflt !== null) return value !== undefined && value !== '' ? value : op.slice(dflt[0].length).replace(/['"]/g, '');
    const sub = /^:\s*(-?\d+)\s*(?::\s*(\d+))?$/.exec(op);
    if (sub !== null && value !== undefined) {
      const from = Number(sub[1]) < 0 ? Math.max(0, value.length + Number(sub[1])) : Number(sub[1]);
      return value.substr(from, sub[2] === undefined ? undefined : Number(sub[2]));
    }
    // `${IFS%??}`, `${x/a/b}`, `${x^^}`...: the value is not worked out; IFS stays a separator.
    if (name === 'IFS') {
      this.ifs = true;
      return inQuotes ? ' ' : FIELD;
    }
    return value ?? '';
  }

  private variable(name: string, inQuotes: boolean): string {
    if (name === 'IFS') {
      this.ifs = true;
      return inQuotes ? ' ' : FIELD;
    }
    return fields(this.lookup(name) ?? '', inQuotes);
  }

  private indirect(name: string): string | undefined {
    const target = this.lookup(name);
    return target !== undefined && /^[A-Za-z_]\w{0,30}$/.test(target) ? this.lookup(target) : undefined;
  }

  private lookup(name: string): string | undefined {
    // Own keys only: `$__proto__` or `$constructor` is no variable the table knows (a fuzzed input threw here).
    return this.vars.get(name) ?? (Object.hasOwn(KNOWN_VARIABLES, name) ? KNOWN_VARIABLES[name] : undefined);
  }

  /** The commands inside a substitution, read as commands of their own. */
  private substitution(end: string, depth: number, backtick: boolean): void {
    if (depth >= MAX_SHELL_DEPTH) {
      this.truncated = true;
      const close = this.s.indexOf(end, this.i);
      this.i = close < 0 ? this.s.length : close + 1;
      return;
    }
    const arithmetic = this.arithmetic;
    this.list('substitution', end, depth + 1, backtick);
    this.arithmetic = arithmetic;
  }
}

/** An expansion's value split into fields where it is unquoted. */
function fields(v: string, inQuotes: boolean): string {
  return inQuotes ? v : v.replace(/[ \t\n]+/g, FIELD);
}

function plainWord(text: string): Word {
  return { text, quoted: false, wholeQuote: false, glob: false, empty: false };
}

/** `$'...'`: the ANSI-C escapes (`\x69`, `\151`, `\u0069`, `\n`). */
function ansiC(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|[0-7]{1,3}|.)/g, (_, e: string) => {
    if (e[0] === 'x' || e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return e === 'n' ? '\n' : e === 't' ? '\t' : e;
  });
}

/**
 * Brace expansion of a word's unquoted `{a,b}` groups (`{cat,/etc/passwd}` gives two words joined
 * by a field split, as the shell passes them; `c{a,u}t` gives `cat cut`). At most 8 results.
 */
function braceExpand(text: string): string[] {
  if (!text.includes(OPEN)) return [text];
  let out = [text];
  for (let round = 0; round < 4; round++) {
    const next: string[] = [];
    let changed = false;
    for (const t of out) {
      const m = new RegExp(`${OPEN}([^${OPEN}${CLOSE}]*${COMMA}[^${OPEN}${CLOSE}]*)${CLOSE}`).exec(t);
      if (m === null) {
        next.push(t);
        continue;
      }
      changed = true;
      const head = t.slice(0, m.index);
      const tail = t.slice(m.index + m[0].length);
      // A group at the start of a word with nothing glued to it is a list of words.
      const parts = m[1].split(COMMA);
      if (head === '' && tail === '') next.push(parts.filter((p) => p !== '').join(FIELD));
      else for (const p of parts) if (next.length < 8) next.push(head + p + tail);
    }
    out = next;
    if (!changed) break;
  }
  return out.map((t) =>
    t.replace(new RegExp(`[${OPEN}${CLOSE}${COMMA}]`, 'g'), (c) => (c === OPEN ? '{' : c === CLOSE ? '}' : ',')),
  );
}
