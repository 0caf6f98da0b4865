/**
 * The words that, ending a file's name after a dot, mark a copy of the file set aside by an editor,
 * a patch or merge tool or a person (`.bak`, `.orig` of patch, `.swp`/`.swo` of Vim, `.dist` of
 * shipped defaults): one list for the scanner detector's shapes (detectors/scanner.ts), which read
 * it after a file's extension, and for the copies of known endpoints (profile/backup-probe.ts),
 * which read it after a path the node has seen served (docs/design.md "One backup-copy word list
 * (branch dedupe15)"). Each user names, where it builds its pattern, the words it adds and why.
 * An alternation for a RegExp source, without the group.
 */
export const BACKUP_COPY_WORDS = 'bak|bk|bkp|old|orig|save|swp|swo|tmp|temp|copy|dist|backup';

/**
 * Rarer spellings of the same words (`.original`, `.sav`, `.saved`, `.prev`): read where the name
 * before them is already evidence (a server-side script's extension, a known endpoint), not after
 * any file's extension, where the common words alone are measured (docs/detection.md, the
 * scanner's backup copies of any file).
 */
export const RARER_BACKUP_COPY_WORDS = 'original|sav|saved|prev';

/** The words also written after `_` or `-` instead of a dot (`index_old`, `cart.jsp-bak`). */
export const JOINED_BACKUP_COPY_WORDS = 'bak|old|backup';
