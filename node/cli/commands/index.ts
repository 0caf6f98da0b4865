/**
 * The command table: name, one-line summary, lazy loader. Add a command by adding a line.
 * `installer` is added by the shipped binary's entry point, installer/native-node.ts.
 */
export interface CommandModule {
  run(argv: string[]): Promise<number>;
}

export interface CommandEntry {
  summary: string;
  load(): Promise<CommandModule>;
}

export const commands: Record<string, CommandEntry> = {
  demo: { summary: 'replay a generated sample capture and print what the node finds (npm start)', load: () => import('./demo') },
  run: { summary: 'run the capture service (what systemd starts)', load: () => import('./run') },
  replay: { summary: 'analyse a capture file (pcap, pcapng, or - for stdin) offline', load: () => import('./replay') },
  version: { summary: 'print the version', load: () => import('./version') },
  interfaces: { summary: 'list capture interfaces', load: () => import('./interfaces') },
  'check-config': { summary: 'validate a go-node.yaml and say what it will capture', load: () => import('./check-config') },
  register: { summary: 'register this node with the cloud, write node.yaml', load: () => import('./register') },
};
