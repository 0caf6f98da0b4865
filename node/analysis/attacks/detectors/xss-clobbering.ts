import { decodeEntities } from '../decode/entities';
import type { HtmlAttr } from './html-tokens';

/**
 * DOM clobbering (branch i18-xss7): markup without any script whose `id` or `name` replaces what
 * a page's own script reads. HTML exposes elements as properties: every element by `id` on
 * `window`; `embed`, `form`, `iframe`, `img` and `object` by `name` on `document`; a form's
 * controls by `name` on the form. `<img name=getElementById>` makes `document.getElementById` an
 * image, `<form><input name=attributes>` hides the form's attributes from a sanitizer that walks
 * them, and `<a id=defaultConfig href=//evil.example/x.js>` hands a script the attacker's URL.
 *
 * The names read here are the DOM's own members, which no page names an anchor or a field
 * after: camelCase methods and properties of Document, Node and Element (`querySelector`,
 * `documentElement`, `currentScript`, `ownerDocument`), and `__proto__`. Ordinary ids (`top`,
 * `content`, `title`, `body`, `name`) are words pages use for anchors and stay quiet. The
 * lower-case members `cookie` and `domain` count only where `document` exposes them (the five
 * elements above, by `name`), and `attributes` only as a form control's `name`: an
 * `<input name="domain">` or `<div id="attributes">` is an ordinary field or section.
 */
const DOM_MEMBER = new Set(
  `getElementById getElementsByName getElementsByTagName getElementsByClassName querySelector
  querySelectorAll createElement createElementNS createTextNode createRange documentElement defaultView
  currentScript ownerDocument parentNode parentElement childNodes firstChild lastChild nextSibling
  previousSibling nodeName nodeType nodeValue textContent innerHTML outerHTML innerText tagName localName
  namespaceURI getAttribute setAttribute removeAttribute hasAttribute hasChildNodes appendChild removeChild
  insertBefore replaceChild cloneNode addEventListener removeEventListener dispatchEvent baseURI
  documentURI activeElement readyState __proto__`.split(/\s+/),
);
/** Elements `document` exposes by `name` (HTML's named properties of Document). */
const DOCUMENT_NAMED = new Set(['embed', 'form', 'iframe', 'img', 'object']);
const DOCUMENT_LOWER_MEMBER = new Set(['cookie', 'domain']);
/** A form's listed elements, which the form exposes by `name`. */
const FORM_CONTROL = new Set(['button', 'fieldset', 'input', 'object', 'output', 'select', 'textarea', 'img']);

/** The element `tag` with `attrs` names itself after a DOM member a script reads (see above). */
export function clobbersDom(tag: string, attrs: readonly HtmlAttr[]): boolean {
  for (const a of attrs) {
    if (a.value === null || (a.name !== 'id' && a.name !== 'name')) continue;
    // Case kept: a property's name is case-sensitive (`id=NodeName` clobbers nothing).
    const value = decodeEntities(a.value).trim();
    if (DOM_MEMBER.has(value)) return true;
    if (a.name !== 'name') continue;
    if (DOCUMENT_NAMED.has(tag) && DOCUMENT_LOWER_MEMBER.has(value)) return true;
    if (FORM_CONTROL.has(tag) && value === 'attributes') return true;
  }
  return false;
}
