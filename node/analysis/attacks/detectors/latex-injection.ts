/**
 * LaTeX injection (docs/detection.md, latex_injection): TeX commands that reach the system from a
 * value compiled into a document (PDF generators, formula renderers). Shell escape, `\write18{id}`
 * (also `\immediate\write18`), LuaTeX's `\directlua{os.execute(...)}` and the shellesc package's
 * `\ShellEscape{`; file reading and writing with a path outside the document (`\input{/etc/passwd}`,
 * `\include{../../secret}`, `\lstinputlisting{~/.ssh/id_rsa}`, `\openin\f=/etc/hosts`,
 * `\openout`), and `\input|"cmd"`, which runs cmd and reads its output. `\input{chapter1}` of a
 * LaTeX editor and formulas (`\frac{a}{b}`) are not.
 */

const SHELL = /\\(?:immediate\s*\\)?write\s*18\b|\\directlua\s*\{|\\ShellEscape\s*\{|\\(?:immediate\s*\\)?openout\d*\s*[=\\{]?/;

/** A file command given a path outside the document, a pipe, or a URL. */
const FILE_READ =
  /\\(?:input|include|InputIfFileExists|lstinputlisting|verbatiminput|VerbatimInput|inputminted|includeonly|openin\d*(?:\s*\\[A-Za-z@]+(?:\s*=)?)?)\s*(?:\[[^\]]{0,200}\]\s*)?(?:\{[^}]{0,100}\}\s*)?(?:\{\s*)?"?(?:\||\/|~\/|\.\.[/\\]|[A-Za-z]:[/\\]|file:)/;

export function isLatexInjection(value: string): boolean {
  return value.includes('\\') && (SHELL.test(value) || FILE_READ.test(value));
}
