/**
 * demo (what `npm start` runs): generates the sample capture and replays it through the real
 * pipeline, so a new user sees what the node reports without root, a network or a capture.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoScenario } from '../../sample/demo';
import { writePcap } from '../../sample/pcap-writer';
import { run as replay } from './replay';

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(
      'Usage: native-node demo [--emit LIST]\n\nReplays a generated sample capture (ordinary traffic and the test attack GET /etc/passwd)\nthrough the real pipeline and prints the records found.\n',
    );
    return 0;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'aio-native-demo-'));
  try {
    const capture = path.join(dir, 'sample.pcap');
    const scenario = demoScenario();
    writeFileSync(capture, writePcap(scenario.packets));
    process.stderr.write(
      `demo: replaying a generated capture of ${scenario.packets.length} packets, ${scenario.expected.length} HTTP transactions (${capture})\n`,
    );
    return await replay([capture, ...argv]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
