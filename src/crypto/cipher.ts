/**
 * Block-cipher primitives over node:crypto: DES, TDES (FIPS 46-3 / SP 800-67)
 * and AES (FIPS 197) in ECB and CBC without padding (callers pad explicitly,
 * as every payments standard specifies its own padding).
 *
 * OpenSSL 3's default provider has no single DES, so single DES is run as
 * two-key TDES with K1 = K2 (E_K(D_K(E_K(x))) = E_K(x)); no legacy provider.
 * Temporary key buffers made here are zeroed after use.
 */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { CryptoError, CryptoErrorCodes, checkKeyLength } from "./errors.js";

export type BlockAlgorithm = "des" | "tdes" | "aes";

function nodeName(
  alg: BlockAlgorithm,
  key: Uint8Array,
  mode: "ecb" | "cbc",
): { name: string; key: Uint8Array; temp: boolean } {
  if (alg === "aes") {
    checkKeyLength(key, [16, 24, 32], "AES");
    return { name: `aes-${key.length * 8}-${mode}`, key, temp: false };
  }
  if (alg === "des") {
    checkKeyLength(key, [8], "DES");
    const kk = new Uint8Array(16);
    kk.set(key, 0);
    kk.set(key, 8);
    return { name: mode === "ecb" ? "des-ede-ecb" : "des-ede-cbc", key: kk, temp: true };
  }
  checkKeyLength(key, [8, 16, 24], "TDES");
  if (key.length === 8) return nodeName("des", key, mode);
  if (key.length === 16) return { name: mode === "ecb" ? "des-ede-ecb" : "des-ede-cbc", key, temp: false };
  return { name: mode === "ecb" ? "des-ede3-ecb" : "des-ede3-cbc", key, temp: false };
}

/** Block size in bytes. */
export function blockSize(alg: BlockAlgorithm): 8 | 16 {
  return alg === "aes" ? 16 : 8;
}

function run(
  alg: BlockAlgorithm,
  mode: "ecb" | "cbc",
  encrypt: boolean,
  key: Uint8Array,
  data: Uint8Array,
  iv?: Uint8Array,
): Uint8Array {
  const bs = blockSize(alg);
  if (data.length % bs !== 0) {
    throw new CryptoError(
      CryptoErrorCodes.blockLength,
      `${alg.toUpperCase()}-${mode.toUpperCase()}: ${data.length} bytes is not a multiple of ${bs}`,
    );
  }
  if (mode === "cbc" && (iv === undefined || iv.length !== bs)) {
    throw new CryptoError(
      CryptoErrorCodes.argument,
      `${alg.toUpperCase()}-CBC: IV must be ${bs} bytes, got ${iv?.length ?? 0}`,
    );
  }
  const n = nodeName(alg, key, mode);
  try {
    const ivArg = mode === "cbc" ? (iv as Uint8Array) : null;
    const c = encrypt ? createCipheriv(n.name, n.key, ivArg) : createDecipheriv(n.name, n.key, ivArg);
    c.setAutoPadding(false);
    const a = c.update(data);
    const b = c.final();
    const out = new Uint8Array(a.length + b.length);
    out.set(a, 0);
    out.set(b, a.length);
    a.fill(0);
    return out;
  } finally {
    if (n.temp) n.key.fill(0);
  }
}

export function ecbEncrypt(alg: BlockAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return run(alg, "ecb", true, key, data);
}
export function ecbDecrypt(alg: BlockAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  return run(alg, "ecb", false, key, data);
}
export function cbcEncrypt(alg: BlockAlgorithm, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return run(alg, "cbc", true, key, data, iv);
}
export function cbcDecrypt(alg: BlockAlgorithm, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  return run(alg, "cbc", false, key, data, iv);
}

/** XOR of two equal-length arrays into a new one. */
export function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length)
    throw new CryptoError(CryptoErrorCodes.argument, `xor: lengths ${a.length} and ${b.length} differ`);
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) ^ (b[i] as number);
  return out;
}

/** Right-pads with zero bytes to a multiple of `bs` (no block added when already aligned; empty stays empty). */
export function zeroPad(data: Uint8Array, bs: number): Uint8Array {
  const rem = data.length % bs;
  if (rem === 0) return data.slice();
  const out = new Uint8Array(data.length + bs - rem);
  out.set(data);
  return out;
}
