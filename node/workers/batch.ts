/**
 * Frames in transit from the capture thread to a worker: one ArrayBuffer per batch, transferred
 * (not copied) with postMessage and handed back empty for reuse, so a batch costs one message and
 * no allocation. Layout per frame: u32 link type (the VXLAN-socket pseudo link type is above
 * 0xffff), u32 captured length, u32 original length, f64 timestamp (µs), f64 frame number (the
 * frame's place in the capture thread's input: the order one thread analyses in, which timestamps
 * alone do not give when frames share one), the bytes.
 */
export const BATCH_BYTES = 1 << 20;
const FRAME_HEADER = 28;

export class BatchWriter {
  private view: DataView;
  private bytes: Buffer;
  /** Bytes used. */
  used = 0;
  frames = 0;

  constructor(readonly buffer: ArrayBuffer) {
    this.view = new DataView(buffer);
    this.bytes = Buffer.from(buffer);
  }

  /** False when the frame does not fit: send this batch and start another. */
  add(linkType: number, buf: Buffer, offset: number, length: number, ts: number, origLength: number, frameNo: number): boolean {
    if (this.used + FRAME_HEADER + length > this.buffer.byteLength) return false;
    const at = this.used;
    this.view.setUint32(at, linkType);
    this.view.setUint32(at + 4, length);
    this.view.setUint32(at + 8, origLength);
    this.view.setFloat64(at + 12, ts);
    this.view.setFloat64(at + 20, frameNo);
    // Buffer#copy: no subarray view allocated per frame (about half the cost of set(subarray)).
    buf.copy(this.bytes, at + FRAME_HEADER, offset, offset + length);
    this.used = at + FRAME_HEADER + length;
    this.frames++;
    return true;
  }
}

/** Calls `each` for every frame of a received batch (a Buffer view over it, no copies). */
export function readBatch(
  buffer: ArrayBuffer,
  used: number,
  each: (linkType: number, buf: Buffer, offset: number, length: number, ts: number, origLength: number, frameNo: number) => void,
): void {
  const view = new DataView(buffer);
  const bytes = Buffer.from(buffer);
  for (let at = 0; at < used;) {
    const length = view.getUint32(at + 4);
    const ts = view.getFloat64(at + 12);
    each(view.getUint32(at), bytes, at + FRAME_HEADER, length, ts, view.getUint32(at + 8), view.getFloat64(at + 20));
    at += FRAME_HEADER + length;
  }
}
