/**
 * CMAC (NIST SP 800-38B; RFC 4493 for AES) over AES or TDES. Node has no CMAC,
 * so it is built on raw ECB: subkeys K1, K2 by doubling L = E_K(0^b) in
 * GF(2^b) with R_128 = 0x87, R_64 = 0x1B (SP 800-38B §5.3, §6.1); the last block is
 * XORed with K1 when complete, else 10* padded and XORed with K2 (§6.2).
 */
import { type BlockAlgorithm, blockSize, cbcEncrypt, ecbEncrypt } from "./cipher.js";
import { CryptoError, CryptoErrorCodes } from "./errors.js";

function dbl(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(block.length);
  let carry = 0;
  for (let i = block.length - 1; i >= 0; i--) {
    const b = block[i] as number;
    out[i] = ((b << 1) | carry) & 0xff;
    carry = b >> 7;
  }
  if (carry) out[block.length - 1] = (out[block.length - 1] as number) ^ (block.length === 16 ? 0x87 : 0x1b);
  return out;
}

/** CMAC tag, truncated to `length` bytes (default: the full block). */
export function cmac(alg: BlockAlgorithm, key: Uint8Array, message: Uint8Array, length?: number): Uint8Array {
  const bs = blockSize(alg);
  const tagLength = length ?? bs;
  if (!Number.isInteger(tagLength) || tagLength < 1 || tagLength > bs) {
    throw new CryptoError(CryptoErrorCodes.argument, `CMAC length ${tagLength}, expected 1–${bs}`);
  }
  const l = ecbEncrypt(alg, key, new Uint8Array(bs));
  const k1 = dbl(l);
  const k2 = dbl(k1);
  const n = Math.max(1, Math.ceil(message.length / bs));
  const complete = message.length > 0 && message.length % bs === 0;
  const padded = new Uint8Array(n * bs);
  padded.set(message);
  if (!complete) padded[message.length] = 0x80;
  const sub = complete ? k1 : k2;
  for (let i = 0; i < bs; i++) padded[(n - 1) * bs + i] = (padded[(n - 1) * bs + i] as number) ^ (sub[i] as number);
  const c = cbcEncrypt(alg, key, new Uint8Array(bs), padded);
  const tag = c.slice((n - 1) * bs, (n - 1) * bs + tagLength);
  for (const t of [l, k1, k2, padded, c]) t.fill(0);
  return tag;
}

export const aesCmac = (key: Uint8Array, message: Uint8Array, length?: number): Uint8Array =>
  cmac("aes", key, message, length);
export const tdesCmac = (key: Uint8Array, message: Uint8Array, length?: number): Uint8Array =>
  cmac("tdes", key, message, length);
