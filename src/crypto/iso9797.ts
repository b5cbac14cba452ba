/**
 * ISO/IEC 9797-1:2011 MACs with DES/TDES (64-bit blocks).
 * - Padding methods 1 (zeros, §6.3.1), 2 (80 then zeros, §6.3.2) and 3 (a
 *   block holding the bit length prepended, then zeros, §6.3.3).
 * - MAC algorithm 1 (§7.2): CBC-MAC under K (single DES or TDES).
 * - MAC algorithm 3 (§7.4, the ANSI X9.19 "retail MAC"): CBC under single DES
 *   K = left half, then the last block is decrypted under K' = right half and
 *   encrypted under K again.
 */
import { cbcEncrypt, ecbDecrypt, ecbEncrypt } from "./cipher.js";
import { CryptoError, CryptoErrorCodes, checkKeyLength } from "./errors.js";

export type Iso9797Padding = 1 | 2 | 3;

/** Pads `data` to a multiple of `bs` bytes by ISO/IEC 9797-1 padding method 1, 2 or 3. */
export function iso9797Pad(data: Uint8Array, method: Iso9797Padding, bs = 8): Uint8Array {
  if (method === 1) {
    // Method 1 pads the empty string to one block (§6.3.1 note: at least one block is MACed).
    const len = Math.max(bs, Math.ceil(data.length / bs) * bs);
    const out = new Uint8Array(len);
    out.set(data);
    return out;
  }
  if (method === 2) {
    const out = new Uint8Array((Math.floor(data.length / bs) + 1) * bs);
    out.set(data);
    out[data.length] = 0x80;
    return out;
  }
  if (method === 3) {
    const body = iso9797Pad(data, 1, bs);
    const bodyLen = data.length === 0 ? 0 : body.length;
    const out = new Uint8Array(bs + bodyLen);
    let bits = data.length * 8;
    for (let i = bs - 1; i >= 0 && bits > 0; i--) {
      out[i] = bits % 256;
      bits = Math.floor(bits / 256);
    }
    out.set(body.subarray(0, bodyLen), bs);
    return out;
  }
  throw new CryptoError(CryptoErrorCodes.argument, `ISO 9797-1 padding method ${String(method)}, expected 1, 2 or 3`);
}

function checkMacLength(length: number): void {
  if (!Number.isInteger(length) || length < 4 || length > 8) {
    throw new CryptoError(
      CryptoErrorCodes.argument,
      `MAC length ${length}, expected 4–8 bytes (ISO 9797-1 §7 allows m ≥ 32 bits)`,
    );
  }
}

/** ISO 9797-1 MAC algorithm 1 (CBC-MAC) with a DES (8) or TDES (16/24) key. */
export function macAlgorithm1(
  key: Uint8Array,
  data: Uint8Array,
  options: { padding?: Iso9797Padding; length?: number } = {},
): Uint8Array {
  checkKeyLength(key, [8, 16, 24], "ISO 9797-1 MAC algorithm 1");
  const length = options.length ?? 8;
  checkMacLength(length);
  const padded = iso9797Pad(data, options.padding ?? 1);
  const c = cbcEncrypt("tdes", key, new Uint8Array(8), padded);
  const mac = c.slice(c.length - 8, c.length - 8 + length);
  c.fill(0);
  return mac;
}

/** ISO 9797-1 MAC algorithm 3 = ANSI X9.19 retail MAC, with a double-length key K || K'. */
export function macAlgorithm3(
  key: Uint8Array,
  data: Uint8Array,
  options: { padding?: Iso9797Padding; length?: number } = {},
): Uint8Array {
  checkKeyLength(key, [16], "ISO 9797-1 MAC algorithm 3");
  const length = options.length ?? 8;
  checkMacLength(length);
  const k = key.slice(0, 8);
  const k2 = key.slice(8, 16);
  try {
    const padded = iso9797Pad(data, options.padding ?? 1);
    const c = cbcEncrypt("des", k, new Uint8Array(8), padded);
    const h = c.slice(c.length - 8);
    const out = ecbEncrypt("des", k, ecbDecrypt("des", k2, h));
    c.fill(0);
    return out.slice(0, length);
  } finally {
    k.fill(0);
    k2.fill(0);
  }
}

/** ANSI X9.19 retail MAC: algorithm 3 with zero padding (method 1). */
export function retailMac(key: Uint8Array, data: Uint8Array, length = 8): Uint8Array {
  return macAlgorithm3(key, data, { padding: 1, length });
}
