/**
 * Decryption of one direction's protected records (docs/tls.md): AES-GCM and ChaCha20-Poly1305
 * for TLS 1.2 (RFC 5288, RFC 7905) and TLS 1.3 (RFC 8446 section 5.2), AES-CBC with HMAC for
 * TLS 1.2 (RFC 5246 section 6.2.3.2, and encrypt-then-MAC, RFC 7366). Each direction counts its
 * own sequence numbers from the key change.
 */
import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import type { DirectionKeys } from './key-schedule';
import type { CipherSuite } from './suites';

const TAG = 16;

/** A decrypted record: its real content type (TLS 1.3 hides it inside) and its plaintext. */
export interface Plain {
  type: number;
  data: Buffer;
}

export class RecordDecryptor {
  /** Records decrypted with these keys (the next record's sequence number). */
  seq = 0;

  constructor(
    readonly suite: CipherSuite,
    private readonly keys: DirectionKeys,
    private readonly tls13: boolean,
    private readonly encryptThenMac: boolean,
  ) {}

  /**
   * The plaintext of one record (`header`: its 5 header bytes), or null when it does not
   * authenticate (wrong keys, corrupt record): the sequence number advances either way.
   */
  decrypt(header: Buffer, fragment: Buffer): Plain | null {
    const seq = this.seq++;
    try {
      if (this.tls13) return this.open13(seq, header, fragment);
      return this.suite.protection === 'cbc' ? this.openCbc(seq, header, fragment) : this.openAead12(seq, header, fragment);
    } catch {
      return null;
    }
  }

  private nonceXorSeq(seq: number): Buffer {
    const nonce = Buffer.from(this.keys.iv);
    const hi = Math.floor(seq / 0x100000000);
    const lo = seq >>> 0;
    nonce.writeUInt32BE((nonce.readUInt32BE(4) ^ hi) >>> 0, 4);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ lo) >>> 0, 8);
    return nonce;
  }

  private aead(nonce: Buffer, aad: Buffer, ciphertext: Buffer, tag: Buffer): Buffer {
    const d = createDecipheriv(this.suite.cipher as 'aes-128-gcm', this.keys.key, nonce, { authTagLength: TAG });
    d.setAAD(aad);
    d.setAuthTag(tag);
    const out = d.update(ciphertext);
    d.final();
    return out;
  }

  private open13(seq: number, header: Buffer, fragment: Buffer): Plain | null {
    if (fragment.length < TAG + 1) return null;
    const inner = this.aead(
      this.nonceXorSeq(seq),
      header,
      fragment.subarray(0, fragment.length - TAG),
      fragment.subarray(fragment.length - TAG),
    );
    let end = inner.length;
    while (end > 0 && inner[end - 1] === 0) end--;
    if (end === 0) return null;
    return { type: inner[end - 1], data: inner.subarray(0, end - 1) };
  }

  private openAead12(seq: number, header: Buffer, fragment: Buffer): Plain | null {
    const gcm = this.suite.protection === 'gcm';
    const explicit = gcm ? 8 : 0;
    const plainLength = fragment.length - explicit - TAG;
    if (plainLength < 0) return null;
    const nonce = gcm ? Buffer.concat([this.keys.iv, fragment.subarray(0, 8)]) : this.nonceXorSeq(seq);
    const data = this.aead(
      nonce,
      additionalData(seq, header, plainLength),
      fragment.subarray(explicit, fragment.length - TAG),
      fragment.subarray(fragment.length - TAG),
    );
    return { type: header[0], data };
  }

  private openCbc(seq: number, header: Buffer, fragment: Buffer): Plain | null {
    const macLength = this.suite.macLength!;
    let body = fragment;
    if (this.encryptThenMac) {
      if (fragment.length < 32 + macLength) return null;
      body = fragment.subarray(0, fragment.length - macLength);
      const mac = this.mac(seq, header, body);
      if (!timingSafeEqual(mac, fragment.subarray(fragment.length - macLength))) return null;
    }
    if (body.length < 32 || body.length % 16 !== 0) return null;
    const d = createDecipheriv(this.suite.cipher as 'aes-128-cbc', this.keys.key, body.subarray(0, 16));
    d.setAutoPadding(false);
    const padded = Buffer.concat([d.update(body.subarray(16)), d.final()]);
    const pad = padded[padded.length - 1];
    const unpadded = padded.length - pad - 1;
    if (unpadded < (this.encryptThenMac ? 0 : macLength)) return null;
    for (let i = unpadded; i < padded.length; i++) if (padded[i] !== pad) return null;
    if (this.encryptThenMac) return { type: header[0], data: padded.subarray(0, unpadded) };
    const data = padded.subarray(0, unpadded - macLength);
    const mac = this.mac(seq, header, data);
    if (!timingSafeEqual(mac, padded.subarray(unpadded - macLength, unpadded))) return null;
    return { type: header[0], data };
  }

  private mac(seq: number, header: Buffer, content: Buffer): Buffer {
    return createHmac(this.suite.macHash!, this.keys.macKey!)
      .update(additionalData(seq, header, content.length))
      .update(content)
      .digest();
  }
}

/** TLS 1.2 additional data: seq_num, type, version, length (RFC 5246 section 6.2.3.3). */
function additionalData(seq: number, header: Buffer, length: number): Buffer {
  const ad = Buffer.allocUnsafe(13);
  ad.writeUInt32BE(Math.floor(seq / 0x100000000), 0);
  ad.writeUInt32BE(seq >>> 0, 4);
  ad[8] = header[0];
  ad[9] = header[1];
  ad[10] = header[2];
  ad.writeUInt16BE(length, 11);
  return ad;
}
