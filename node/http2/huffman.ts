/**
 * HPACK Huffman decoding (RFC 7541 section 5.2, code in Appendix B): a state machine over 4-bit
 * input steps, built once from the code table. A state is an internal node of the code tree; each
 * (state, nibble) entry gives the next state and at most one emitted symbol (the shortest code is
 * 5 bits, so one nibble never completes two symbols). Strings are returned in latin1, one
 * character per byte, as HTTP/1.x header values are (node/http/latin1.ts).
 */
import { latin1 } from '../http/latin1';
import { HUFFMAN_CODES, HUFFMAN_LENGTHS } from './rfc7541-tables';

const EOS = 256;
/** entry = next state | symbol << 8 | EMIT | FAIL. */
const EMIT = 1 << 16;
const FAIL = 1 << 17;

interface Tree {
  /** Per internal node: its two children; >= 0 an internal node, < 0 a leaf -(symbol + 1). */
  children: Int32Array;
  /** Per internal node: depth and whether the path from the root is all 1 bits. */
  depth: Uint8Array;
  allOnes: Uint8Array;
  nodes: number;
}

function buildTree(): Tree {
  const children = new Int32Array(512).fill(0x7fffffff);
  const depth = new Uint8Array(256);
  const allOnes = new Uint8Array(256);
  allOnes[0] = 1;
  let nodes = 1;
  for (let sym = 0; sym <= EOS; sym++) {
    const code = HUFFMAN_CODES[sym];
    const len = HUFFMAN_LENGTHS[sym];
    let node = 0;
    for (let i = len - 1; i >= 0; i--) {
      const bit = (code >>> i) & 1;
      const slot = node * 2 + bit;
      if (i === 0) {
        children[slot] = -(sym + 1);
        break;
      }
      if (children[slot] === 0x7fffffff) {
        children[slot] = nodes;
        depth[nodes] = depth[node] + 1;
        allOnes[nodes] = allOnes[node] & bit;
        nodes++;
      }
      node = children[slot];
    }
  }
  return { children, depth, allOnes, nodes };
}

function buildTable(): { table: Int32Array; accepting: Uint8Array } {
  const t = buildTree();
  const table = new Int32Array(t.nodes * 16);
  const accepting = new Uint8Array(t.nodes);
  for (let s = 0; s < t.nodes; s++) {
    // Padding is the most significant bits of EOS (all ones), shorter than 8 bits.
    accepting[s] = s === 0 || (t.allOnes[s] === 1 && t.depth[s] < 8) ? 1 : 0;
    for (let n = 0; n < 16; n++) {
      let node = s;
      let entry = 0;
      for (let i = 3; i >= 0; i--) {
        const c = t.children[node * 2 + ((n >>> i) & 1)];
        if (c >= 0) {
          node = c;
          continue;
        }
        const sym = -c - 1;
        if (sym === EOS) {
          entry |= FAIL;
          break;
        }
        entry |= EMIT | (sym << 8);
        node = 0;
      }
      table[s * 16 + n] = entry | node;
    }
  }
  return { table, accepting };
}

const { table: TABLE, accepting: ACCEPTING } = buildTable();
const scratch = { buf: Buffer.allocUnsafe(4096) };

/**
 * Decodes `len` Huffman-coded bytes at `off` to a latin1 string, or null when the input is not
 * a valid code (EOS inside, or padding that is not a prefix of EOS / longer than 7 bits).
 */
export function huffmanDecode(src: Buffer, off: number, len: number): string | null {
  // Each input byte yields at most 8/5 symbols.
  const max = Math.ceil((len * 8) / 5);
  if (scratch.buf.length < max) scratch.buf = Buffer.allocUnsafe(Math.max(max, scratch.buf.length * 2));
  const out = scratch.buf;
  let n = 0;
  let state = 0;
  const end = off + len;
  for (let i = off; i < end; i++) {
    const b = src[i];
    let e = TABLE[state * 16 + (b >>> 4)];
    if ((e & FAIL) !== 0) return null;
    if ((e & EMIT) !== 0) out[n++] = (e >>> 8) & 0xff;
    state = e & 0xff;
    e = TABLE[state * 16 + (b & 0x0f)];
    if ((e & FAIL) !== 0) return null;
    if ((e & EMIT) !== 0) out[n++] = (e >>> 8) & 0xff;
    state = e & 0xff;
  }
  if (ACCEPTING[state] !== 1) return null;
  return latin1(out, 0, n);
}

/** Huffman-encodes a latin1 string (for tests and generators; the node only decodes). */
export function huffmanEncode(text: string): Buffer {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const sym = text.charCodeAt(i) & 0xff;
    const len = HUFFMAN_LENGTHS[sym];
    const code = HUFFMAN_CODES[sym];
    for (let j = len - 1; j >= 0; j--) {
      acc = (acc << 1) | ((code >>> j) & 1);
      if (++bits === 8) {
        out.push(acc & 0xff);
        acc = 0;
        bits = 0;
      }
    }
  }
  if (bits > 0) out.push(((acc << (8 - bits)) | (0xff >>> bits)) & 0xff);
  return Buffer.from(out);
}
