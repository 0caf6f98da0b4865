/**
 * A request for a copy of one of the site's own endpoints set aside (docs/detection.md "Parameter
 * profiles"): a path the node has seen served, plus the suffix an editor, a patch tool or a person
 * writes when copying a file aside (`/shop/cart.jsp.old`, `/api/orders~`, `/login.bak`,
 * `/index_old`). No page links to the copy, and it may hold the endpoint's source; the scanner
 * detector finds the usual shapes by their extensions alone, this finds them for any endpoint by the
 * endpoint itself.
 */
import { BACKUP_COPY_WORDS, JOINED_BACKUP_COPY_WORDS, RARER_BACKUP_COPY_WORDS } from '../backup-words';

/**
 * The shared backup words (../backup-words.ts) and their rarer spellings, plus what only a known
 * endpoint makes a copy: a single digit (`cart.jsp.1`, `56980.1`: on an unknown path a version or a
 * number), and `copy`/`orig` after `_` or `-` (`index_copy`, `login-orig`), words too common in
 * names to read without the known endpoint before them.
 */
const BACKUP_SUFFIX = new RegExp(
  `(?:~|\\.(?:${BACKUP_COPY_WORDS}|${RARER_BACKUP_COPY_WORDS}|\\d)|[_-](?:${JOINED_BACKUP_COPY_WORDS}|copy|orig))$`,
  'i',
);

/** A number with a dot inside at the end (`1.3`, `v2.10`): a `.0` after it is a version's next part. */
const DOTTED_NUMBER_END = /\d\.\d+$/;

/** The known path `path` is a backup copy of, or null. */
export function backupOfKnownPath(path: string, known: (path: string) => boolean): string | null {
  const m = BACKUP_SUFFIX.exec(path);
  if (m === null || m.index === 0 || path.charCodeAt(m.index - 1) === 0x2f) return null;
  const original = path.slice(0, m.index);
  if (!known(original)) return null;
  // `.0` after a dotted number is its next part (a version `v1.3.0`, as in a compare range
  // `v1.2.3...v1.3.0`), not a copy: names that have versions became values of an endpoint's
  // template (docs/detection.md "Name-keyed paths (branch i18-profiles5)"), so `/compare/v1.2.3...v1.3`
  // is a known endpoint. `56980.1`, `cart.jsp.1` are copies.
  if (m[0].length === 2 && m[0].charCodeAt(1) <= 0x39 && DOTTED_NUMBER_END.test(original)) return null;
  return original;
}
