/**
 * Receives every captured frame. `buf` is only valid during the call (readers reuse it); the frame
 * is buf[offset, offset + length). `ts` is microseconds since the epoch; `origLength` is the
 * frame's length on the wire (greater than `length` when the capture was snapped).
 */
export type FrameHandler = (
  linkType: number,
  buf: Buffer,
  offset: number,
  length: number,
  ts: number,
  origLength: number,
) => void;

/** Counters of one capture file or stream. */
export interface CaptureFileStats {
  format: 'pcap' | 'pcapng' | 'unknown';
  /** Bytes consumed from the stream. */
  bytes: number;
  /** Packet records handed to the handler. */
  packets: number;
  /** Records captured shorter than on the wire (snaplen). */
  snappedPackets: number;
  /** pcapng blocks skipped: unknown types, statistics, name resolution, ... */
  skippedBlocks: number;
  /** pcapng packets naming an interface no IDB described (dropped). */
  unknownInterfacePackets: number;
  /** pcapng blocks whose inner lengths contradict the block length (skipped). */
  malformedBlocks: number;
  /** Fatal format errors (bad magic, absurd length): reading stopped there. */
  formatErrors: number;
  /** The stream ended inside a record: that record was dropped. */
  truncatedRecords: number;
  /** pcapng Interface Description Blocks seen. */
  interfaces: number;
  /** pcapng Section Header Blocks seen. */
  sections: number;
}

/** Kernel-side counters of a live source (libpcap's pcap_stats meaning). */
export interface LiveCaptureStats {
  /** Packets delivered to us. */
  received: number;
  /** Dropped by the capture buffer (we did not read fast enough); null when not observable. */
  dropped: number | null;
  /** Dropped by the interface / driver before capture; null when not observable. */
  ifDropped: number | null;
}
