/**
 * Writes the captures build/smoke.sh replays on both architectures (argument: a directory):
 * mix.pcapng, every generated scenario interleaved (several link types, keep-alive, pipelining,
 * chunked and gzip bodies, reordered and lost segments), and demo.pcap, the sample with the
 * classic attacks.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { demoScenario } from '../node/sample/demo';
import { writePcap, writePcapng } from '../node/sample/pcap-writer';
import { mixScenario } from '../node/sample/scenarios';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx build/smoke-capture.ts DIR\n');
  process.exit(1);
}
writeFileSync(path.join(dir, 'mix.pcapng'), writePcapng(mixScenario().packets));
writeFileSync(path.join(dir, 'demo.pcap'), writePcap(demoScenario().packets));
