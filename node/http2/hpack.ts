/**
 * HPACK header block decoding (RFC 7541), one decoder per direction of a connection.
 *
 * The dynamic table may be only partly known: on a connection joined mid-stream, after a capture
 * gap in a direction (a lost header block may have inserted entries), and when the encoder's table
 * is larger than `http2_header_table_bytes` lets us keep. The entries we know are always the
 * newest ones (the table is FIFO), so a reference to an older entry is an *unknown reference*: the
 * field is counted and left out, never guessed (docs/http2.md "HPACK"). Entries inserted after the
 * join or the gap are known again, so decoding recovers as the encoder refreshes its table.
 */
import type { HeaderList } from '../http/types';
import { latin1 } from '../http/latin1';
import { huffmanDecode } from './huffman';
import { STATIC_TABLE } from './rfc7541-tables';

const STATIC_COUNT = STATIC_TABLE.length - 1;
/** RFC 7541 4.1: an entry's size is its name and value lengths plus 32. */
const ENTRY_OVERHEAD = 32;
/** The table size every connection starts with (SETTINGS_HEADER_TABLE_SIZE's default). */
export const DEFAULT_TABLE_SIZE = 4096;

export interface HpackResult {
  /** False: the block is malformed; the decoder's table is then unknown (see HpackDecoder). */
  ok: boolean;
  /** Fields left out because they referenced a dynamic table entry we do not know. */
  unknownRefs: number;
  /** Fields left out because the decoded list passed `maxListBytes`. */
  droppedFields: number;
  /** Why the block is malformed. */
  error?: string;
}

export class HpackDecoder {
  /** Known dynamic entries, newest first: names and values, and their sizes. */
  private names: string[] = [];
  private values: string[] = [];
  private size = 0;
  /** The table size the encoder uses (size updates), and the bound SETTINGS put on it. */
  private maxSize: number;
  /** Entries older than the known ones may exist and are unknown. */
  private olderUnknown: boolean;
  /** Entries evicted to stay within `keepBytes` (the encoder still has them). */
  capEvictions = 0;

  constructor(
    /** http2_header_table_bytes: the most table bytes kept; older entries become unknown. */
    private readonly keepBytes: number,
    /** True on a connection joined mid-stream: the table's older entries are unknown. */
    unknownStart: boolean,
    private settingsLimit = DEFAULT_TABLE_SIZE,
    /** The encoder's table size before any size update (4096 in HTTP/2). */
    initialSize = DEFAULT_TABLE_SIZE,
  ) {
    this.maxSize = initialSize;
    this.olderUnknown = unknownStart;
  }

  /** The peer's SETTINGS_HEADER_TABLE_SIZE: the largest size update the encoder may make. */
  setSettingsLimit(n: number): void {
    this.settingsLimit = n;
  }

  /** A header block of this direction was lost (gap): entries it may have inserted are unknown. */
  markUnknown(): void {
    this.olderUnknown = true;
    // The known entries keep their contents but no longer their indexes: forget them.
    this.names = [];
    this.values = [];
    this.size = 0;
  }

  get unknown(): boolean {
    return this.olderUnknown;
  }

  get tableBytes(): number {
    return this.size;
  }

  /**
   * Decodes one complete header block into `out` (name, value pairs in order, latin1). Fields
   * past `maxListBytes` (RFC 7541 sizes) are decoded for the table's sake but not added.
   */
  decode(block: Buffer, off: number, len: number, out: HeaderList, maxListBytes: number): HpackResult {
    const end = off + len;
    let p = off;
    let unknownRefs = 0;
    let droppedFields = 0;
    let listBytes = 0;
    let fieldsSeen = false;
    const fail = (error: string): HpackResult => {
      this.markUnknown();
      return { ok: false, unknownRefs, droppedFields, error };
    };
    const add = (name: string, value: string): void => {
      listBytes += name.length + value.length + ENTRY_OVERHEAD;
      if (listBytes > maxListBytes) droppedFields++;
      else out.push([name, value]);
    };
    while (p < end) {
      const b = block[p];
      if (b & 0x80) {
        // 6.1 Indexed field.
        const r = readInt(block, p, end, 7);
        if (r < 0) return fail('truncated integer');
        p = intEnd;
        fieldsSeen = true;
        if (r === 0) return fail('index 0');
        const e = this.lookup(r);
        if (e === UNKNOWN) unknownRefs++;
        else if (e === INVALID) return fail(`index ${r} beyond the table`);
        else add(this.lookedName, this.lookedValue);
        continue;
      }
      if ((b & 0xe0) === 0x20) {
        // 6.3 Dynamic table size update: only at the start of a block.
        const r = readInt(block, p, end, 5);
        if (r < 0) return fail('truncated integer');
        p = intEnd;
        if (fieldsSeen) return fail('table size update after a field');
        if (r > this.settingsLimit)
          return fail(`table size update to ${r} above SETTINGS_HEADER_TABLE_SIZE ${this.settingsLimit}`);
        this.maxSize = r;
        this.evict(0);
        // A size of zero empties the encoder's table: nothing older is left unknown.
        if (r === 0) this.olderUnknown = false;
        continue;
      }
      // 6.2 Literal: with incremental indexing (01), without (0000) or never indexed (0001).
      const incremental = (b & 0xc0) === 0x40;
      const r = readInt(block, p, end, incremental ? 6 : 4);
      if (r < 0) return fail('truncated integer');
      p = intEnd;
      fieldsSeen = true;
      let name: string | null;
      let nameUnknown = false;
      if (r === 0) {
        name = readString(block, p, end);
        if (name === null) return fail(stringError);
        p = intEnd;
      } else {
        const e = this.lookup(r);
        if (e === INVALID) return fail(`name index ${r} beyond the table`);
        nameUnknown = e === UNKNOWN;
        name = nameUnknown ? '' : this.lookedName;
      }
      const value = readString(block, p, end);
      if (value === null) return fail(stringError);
      p = intEnd;
      if (nameUnknown) {
        unknownRefs++;
        // The encoder's table gets the entry; we know its value, not its name: an unknown entry.
        if (incremental) this.insertUnknown(value.length);
        continue;
      }
      if (incremental) this.insert(name, value);
      add(name, value);
    }
    return { ok: true, unknownRefs, droppedFields };
  }

  private lookedName = '';
  private lookedValue = '';

  /** Index to entry (into lookedName/lookedValue), or UNKNOWN / INVALID. */
  private lookup(index: number): number {
    if (index <= STATIC_COUNT) {
      const e = STATIC_TABLE[index];
      this.lookedName = e[0];
      this.lookedValue = e[1];
      return FOUND;
    }
    const d = index - STATIC_COUNT - 1;
    if (d < this.names.length) {
      this.lookedName = this.names[d];
      this.lookedValue = this.values[d];
      return FOUND;
    }
    return this.olderUnknown ? UNKNOWN : INVALID;
  }

  private insert(name: string, value: string): void {
    const size = name.length + value.length + ENTRY_OVERHEAD;
    if (size > this.maxSize) {
      // 4.4: an entry larger than the table empties it and is not added.
      this.names = [];
      this.values = [];
      this.size = 0;
      this.olderUnknown = false;
      return;
    }
    this.evict(size);
    if (size > this.keepBytes) {
      // The encoder keeps it, we cannot: everything from here down is unknown.
      this.capEvictions += this.names.length + 1;
      this.markUnknown();
      return;
    }
    this.names.unshift(name);
    this.values.unshift(value);
    this.size += size;
    while (this.size > this.keepBytes) this.dropOldest(true);
  }

  /** An entry whose name we do not know: it shifts every known index, so we know only newer ones. */
  private insertUnknown(_valueLength: number): void {
    this.markUnknown();
  }

  /** Evicts the oldest entries until `room` more bytes fit within the encoder's table size. */
  private evict(room: number): void {
    while (this.names.length > 0 && this.size + room > this.maxSize) this.dropOldest(false);
    // With unknown older entries the encoder evicts those first; we cannot tell which are left.
  }

  private dropOldest(byCap: boolean): void {
    const name = this.names.pop()!;
    const value = this.values.pop()!;
    this.size -= name.length + value.length + ENTRY_OVERHEAD;
    if (byCap) {
      this.capEvictions++;
      this.olderUnknown = true;
    } else {
      // The encoder evicts oldest first: every older (unknown) entry went before this one.
      this.olderUnknown = false;
    }
  }
}

const FOUND = 0;
const UNKNOWN = 1;
const INVALID = 2;

/** Where the last readInt / readString ended (module state: decoding is synchronous). */
let intEnd = 0;
let stringError = '';

/** RFC 7541 5.1 integer with an N-bit prefix at `p`; -1 when truncated or too large. */
function readInt(buf: Buffer, p: number, end: number, prefixBits: number): number {
  const max = (1 << prefixBits) - 1;
  let v = buf[p] & max;
  p++;
  if (v < max) {
    intEnd = p;
    return v;
  }
  let shift = 0;
  while (p < end) {
    const b = buf[p++];
    v += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) {
      intEnd = p;
      return v;
    }
    if (shift > 28) return -1;
  }
  return -1;
}

/** RFC 7541 5.2 string literal at `p` (Huffman or raw), latin1; null with stringError set. */
function readString(buf: Buffer, p: number, end: number): string | null {
  if (p >= end) {
    stringError = 'truncated string';
    return null;
  }
  const huffman = (buf[p] & 0x80) !== 0;
  const len = readInt(buf, p, end, 7);
  if (len < 0 || intEnd + len > end) {
    stringError = 'truncated string';
    return null;
  }
  const start = intEnd;
  intEnd = start + len;
  if (!huffman) return latin1(buf, start, start + len);
  const s = huffmanDecode(buf, start, len);
  if (s === null) stringError = 'invalid Huffman code';
  intEnd = start + len;
  return s;
}
