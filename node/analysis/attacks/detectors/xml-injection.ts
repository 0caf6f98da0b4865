/**
 * XML and XSLT injection beyond entities (docs/detection.md, xml_injection; entities and DTDs are
 * xxe's): a stylesheet instruction sent as a value (`<xsl:value-of select="...">`: a server that
 * transforms with a stylesheet built from input runs it), the XSLT/XPath extension functions that
 * reach the system (`system-property('xsl:vendor')`, `document('/etc/passwd')`, `unparsed-text(`,
 * `php:function(`), CDATA sections used to cut markup apart (`<![CDATA[<]]>SCRIPT`, `]]><x>`:
 * closing the application's CDATA), and elements of a document injected into it (`x</name><role>
 * admin</role><name>`: a value that closes an element it never opened and opens another, SOAP and
 * XML APIs built by concatenation). HTML element names are left to xss: `a</p><p>b` is editor text.
 */

const XSLT_INSTRUCTION =
  /<xsl:(?:stylesheet|transform|template|value-of|copy-of|copy|for-each|variable|param|include|import|call-template|apply-templates|apply-imports|output|text|if|choose|when|otherwise|message|element|attribute|result-document|sort|number|key|function|evaluate)\b/i;

/** Extension functions that read files and URLs or name the processor: `document('file:///etc/passwd')`. */
const SYSTEM_FUNCTION =
  /\bsystem-property\s*\(\s*['"]xsl:|\bphp:function(?:String)?\s*\(|\bunparsed-text(?:-lines|-available)?\s*\(|(?:^|[^\w.])document\s*\(\s*['"](?:\/|\.\.|[a-z][\w+.-]*:)/i;

/** A CDATA section of at most one character (a tag cut in two), or the application's CDATA closed before markup. */
const CDATA_TRICK = /<!\[CDATA\[\s*(?:[<>]\s*)?\]\]>|^\s*\]\]>\s*</i;

/** `text</closed><opened ...>`: an element closed that the value never opened, then a new one. */
const CLOSE_THEN_OPEN = /^[^<>]{0,200}<\/([A-Za-z_][\w.:-]{0,40})\s*>\s*<([A-Za-z_][\w.:-]{0,40})[\s/>]/;

const HTML_ELEMENTS = new Set(
  (
    'a abbr address area article aside audio b bdi bdo big blockquote body br button canvas caption center cite code col ' +
    'colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form h1 h2 ' +
    'h3 h4 h5 h6 head header hr html i iframe img input ins kbd label legend li link main map mark menu meta meter nav ' +
    'noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script section select ' +
    'small source span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time title ' +
    'tr track tt u ul var video wbr'
  ).split(' '),
);

export function isXmlInjection(value: string): boolean {
  if (XSLT_INSTRUCTION.test(value) || SYSTEM_FUNCTION.test(value) || CDATA_TRICK.test(value)) return true;
  const m = CLOSE_THEN_OPEN.exec(value);
  return m !== null && !HTML_ELEMENTS.has(m[1].toLowerCase()) && !HTML_ELEMENTS.has(m[2].toLowerCase());
}
