/**
 * Link-layer header types (the LINKTYPE_* registry used by pcap, pcapng and libpcap) that the
 * decoder understands, plus one private value for frames that reach us without a link header.
 */
export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
/** Historical raw-IP numbers some systems write instead of 101. */
export const LINKTYPE_RAW_BSD = 12;
export const LINKTYPE_RAW_OPENBSD = 14;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_LINUX_SLL2 = 276;

/**
 * A VXLAN UDP payload (8-byte VXLAN header + inner Ethernet frame), as received on a plain UDP
 * socket by the `vxlan` engine. Above the 16-bit range of real link types, so no file can carry it.
 */
export const LINKTYPE_VXLAN_PAYLOAD = 0x10000;

/** A GENEVE UDP payload (GENEVE header, options, inner packet), as the GENEVE listener receives it. */
export const LINKTYPE_GENEVE_PAYLOAD = 0x10001;

/**
 * How many VLAN/QinQ tags the node looks through: the decoder's limit (`vlan_too_deep` beyond it) and
 * the depth of the BPF filter's `vlan` nesting. A link-layer fact, so it lives here, below decode.
 */
export const MAX_VLAN_DEPTH = 8;

/** Names accepted by cap's `open()` return value, mapped to link-type numbers. */
export function linkTypeFromCapName(name: string): number {
  switch (name) {
    case 'ETHERNET':
      return LINKTYPE_ETHERNET;
    case 'LINKTYPE_LINUX_SLL':
      return LINKTYPE_LINUX_SLL;
    case 'RAW':
      return LINKTYPE_RAW;
    case 'NULL':
      return LINKTYPE_NULL;
    default: {
      // cap reports every other type as "Unknown linktype N".
      const m = /(\d+)$/.exec(name);
      return m ? Number(m[1]) : -1;
    }
  }
}
