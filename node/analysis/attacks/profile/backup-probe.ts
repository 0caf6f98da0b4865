/**
 * A request for a copy of one of the site's own endpoints set aside (docs/detection.md "Parameter
 * profiles"): a path the node has seen served, plus the suffix an editor, a patch tool or a person
 * writes when copying a file aside (`/shop/cart.jsp.old`, `/api/orders~`, `/login.bak`,
 * `/index_old`). No page links to the copy, and it may hold the endpoint's source; the scanner
 * detector finds the usual shapes by their extensions alone, this finds them for any endpoint by the
 * endpoint itself.
 */
const BACKUP_SUFFIX =
  /(?:~|\.(?:bak|bk|bkp|old|orig|original|save|sav|saved|swp|swo|tmp|temp|copy|backup|prev|dist|\d)|[_-](?:bak|old|backup|copy|orig))$/i;

/** The known path `path` is a backup copy of, or null. */
export function backupOfKnownPath(path: string, known: (path: string) => boolean): string | null {
  const m = BACKUP_SUFFIX.exec(path);
  if (m === null || m.index === 0 || path.charCodeAt(m.index - 1) === 0x2f) return null;
  const original = path.slice(0, m.index);
  return known(original) ? original : null;
}
