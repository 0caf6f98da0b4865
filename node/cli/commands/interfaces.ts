import { listDevices } from '../../capture/devices';

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write('Usage: native-node interfaces\n\nLists the interfaces libpcap can capture on, with their addresses.\n');
    return 0;
  }
  for (const d of listDevices()) {
    const flags = d.loopback ? ' (loopback)' : '';
    process.stdout.write(`${d.name}${flags}\t${d.addresses.join(', ')}\t${d.description}\n`);
  }
  return 0;
}
