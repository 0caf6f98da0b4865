import fs from 'node:fs';
import path from 'node:path';

/**
 * The public corpora: $CORPUS_DIR, else `../shared/corpus` beside the repository (a checkout in
 * /work/<repo>), else one level further up (a worktree in /work/wt/<branch>).
 */
export const CORPUS_DIR =
  process.env.CORPUS_DIR ??
  [path.resolve(__dirname, '../../../shared/corpus'), path.resolve(__dirname, '../../../../shared/corpus')].find((d) =>
    fs.existsSync(d),
  ) ??
  path.resolve(__dirname, '../../../shared/corpus');
