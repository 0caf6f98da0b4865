#!/usr/bin/env node
/**
 * The node's entry point from source (`npm run native-node`, tests): every command of
 * node/cli/commands. The shipped binary starts from installer/native-node.ts, which adds `installer`.
 */
import { commands } from './commands';
import { startEntry } from './entry';

startEntry(commands);
