import { loadCap } from './cap-loader';

/** Capture interfaces as libpcap sees them. */
export interface CaptureDevice {
  name: string;
  description: string;
  addresses: string[];
  loopback: boolean;
}

export function listDevices(): CaptureDevice[] {
  // Loaded here rather than at import time so commands that never capture never load the addon.
  const { Cap } = loadCap();
  return Cap.deviceList().map((d) => ({
    name: d.name,
    description: d.description ?? '',
    addresses: (d.addresses ?? []).map((a) => a.addr ?? '').filter((a) => a !== ''),
    loopback: (d.flags ?? '').includes('PCAP_IF_LOOPBACK'),
  }));
}
