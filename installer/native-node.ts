#!/usr/bin/env node
/**
 * The shipped binary's entry point (build/bundle.ts): the node's commands plus `installer`, which
 * the archive runs (makeself/startup.sh). It lives here because node/ never imports installer/
 * (docs/design.md); pipeline worker threads start this same file (node/cli/entry.ts).
 */
import { commands } from '../node/cli/commands';
import { startEntry } from '../node/cli/entry';

startEntry({
  ...commands,
  installer: { summary: 'install, upgrade or remove the node (run by the aio-native archive)', load: () => import('./main') },
});
