/** Capture interfaces as libpcap sees them. */
export interface CaptureDevice {
  name: string;
  description: string;
  addresses: string[];
  loopback: boolean;
}

interface PcapDevice {
  name: string;
  description?: string;
  addresses?: Array<{ addr?: string }>;
  flags?: string;
}

export function listDevices(): CaptureDevice[] {
  // Loaded here rather than at the top so commands that never capture never load the addon.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Cap } = require('cap') as { Cap: { deviceList(): PcapDevice[] } };
  return Cap.deviceList().map((d) => ({
    name: d.name,
    description: d.description ?? '',
    addresses: (d.addresses ?? []).map((a) => a.addr ?? '').filter((a) => a !== ''),
    loopback: (d.flags ?? '').includes('PCAP_IF_LOOPBACK'),
  }));
}
