/** What is already installed under a layout: decides upgrade vs fresh install and what to reuse. */
import fs from 'node:fs';
import YAML from 'yaml';
import type { Layout } from './layout';
import { MODES, type Mode } from './options';

export interface Installed {
  /** Version of the installed node (/opt/wallarm/VERSION), null when none is installed. */
  version: string | null;
  hasConfig: boolean;
  /** A non-empty node.yaml: the node is registered; reuse its credentials. */
  registered: boolean;
  /** /opt/wallarm exists (something to back up). */
  hasBase: boolean;
  /** The installed node's mode: the installed go-node.yaml's `mode:`, else node.yaml's; null when unknown. */
  mode: Mode | null;
}

/** The top-level `mode:` of a YAML file, when it names a known mode. */
export function modeOf(file: string): Mode | null {
  try {
    const doc = YAML.parse(fs.readFileSync(file, 'utf8')) as { mode?: unknown } | null;
    return typeof doc?.mode === 'string' && (MODES as readonly string[]).includes(doc.mode) ? (doc.mode as Mode) : null;
  } catch {
    return null;
  }
}

function nonEmptyFile(file: string): boolean {
  try {
    const st = fs.statSync(file);
    return st.isFile() && st.size > 0;
  } catch {
    return false;
  }
}

export function readInstalled(layout: Layout): Installed {
  let version: string | null = null;
  try {
    version = fs.readFileSync(layout.path('versionFile'), 'utf8').trim() || null;
  } catch {
    version = null;
  }
  return {
    version,
    hasConfig: nonEmptyFile(layout.path('config')),
    registered: nonEmptyFile(layout.path('nodeYaml')),
    hasBase: fs.existsSync(layout.path('base')),
    mode: modeOf(layout.path('config')) ?? modeOf(layout.path('nodeYaml')),
  };
}
