import { VERSION } from '../../version';

export async function run(): Promise<number> {
  process.stdout.write(`native-node ${VERSION} (${process.platform}-${process.arch}, node ${process.versions.node})\n`);
  return 0;
}
