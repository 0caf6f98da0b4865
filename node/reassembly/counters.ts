/** What the reassembler counted; plain numbers so that metrics and the summary read them directly. */
export interface ReassemblyCounters {
  /** Segments handed to process(). */
  packets: number;
  /** TCP payload bytes handed to process(). */
  payloadBytes: number;
  flowsCreated: number;
  /** Flows created without a SYN or SYN+ACK (client/server guessed from ports). */
  flowsMidstream: number;
  closedFin: number;
  closedRst: number;
  closedIdle: number;
  /** Live flows closed to make room when maxFlows were tracked. */
  closedEvicted: number;
  /** Closed by flush() at the end of a capture, or because a new SYN reused the tuple. */
  closedEnd: number;
  /** Dropped unreported: cut by drop_on_overload at a worker's queue bound (StreamReassembler.forget). */
  closedShed: number;
  /** Closed flows of which only one direction was ever seen (a one-way mirror: only client to server mirrored). */
  flowsOneWay: number;
  /** A SYN with a new initial sequence number arrived on a live flow (counted in closedEnd too). */
  portReuse: number;
  /** Segments that found no flow and may not create one (no SYN and no payload, or RST). */
  segmentsWithoutFlow: number;
  /** Segments of a connection already closed by FIN or RST (late ACKs, retransmissions). */
  segmentsAfterClose: number;
  /** Segments whose payload had been seen entirely before (delivered or buffered). */
  retransmittedSegments: number;
  /** Payload bytes dropped because their sequence range had been seen before. */
  retransmittedBytes: number;
  /** Segments carrying both already-seen and new bytes. */
  overlapSegments: number;
  /** Overlaps whose bytes differed from the buffered copy (the first copy was kept). */
  overlapConflicts: number;
  /** Payload bytes past a direction's FIN, dropped. */
  bytesAfterFin: number;
  /** Pieces copied into a buffer (out of order, or waiting for ACK order), and their bytes. */
  oooSegments: number;
  oooBytes: number;
  /** In-order segments that had to wait because they acknowledge peer bytes not delivered yet. */
  heldForAck: number;
  /** onGap calls and the bytes they declared lost. */
  gaps: number;
  gapBytes: number;
  /** Times a direction's buffer exceeded streamBufferBytes / all buffers exceeded totalBufferBytes. */
  streamCapHits: number;
  totalCapHits: number;
}

export function newReassemblyCounters(): ReassemblyCounters {
  return {
    packets: 0,
    payloadBytes: 0,
    flowsCreated: 0,
    flowsMidstream: 0,
    closedFin: 0,
    closedRst: 0,
    closedIdle: 0,
    closedEvicted: 0,
    closedEnd: 0,
    closedShed: 0,
    flowsOneWay: 0,
    portReuse: 0,
    segmentsWithoutFlow: 0,
    segmentsAfterClose: 0,
    retransmittedSegments: 0,
    retransmittedBytes: 0,
    overlapSegments: 0,
    overlapConflicts: 0,
    bytesAfterFin: 0,
    oooSegments: 0,
    oooBytes: 0,
    heldForAck: 0,
    gaps: 0,
    gapBytes: 0,
    streamCapHits: 0,
    totalCapHits: 0,
  };
}
