/**
 * ANSI X9.24-3-2017 AES DUKPT.
 *
 * KSN: 12 bytes = initial key ID (8: BDK ID 4 || derivation ID 4) || 32-bit
 * transaction counter. Every key is derived by AES-encrypting 16-byte
 * derivation data under the parent key (the standard's "Derive Key" and
 * "Create Derivation Data" algorithms), one block per 128 bits of output:
 *
 *   01 | block counter | key usage (2) | algorithm (2) | length in bits (2) | context (8)
 *
 * where the context is the initial key ID for the initial key and
 * KSN[4..11] (derivation ID || counter) otherwise. Transaction keys walk the
 * counter's one-bits from the top, deriving "key derivation" keys; valid
 * counters have at most 16 one-bits (the standard's counter rules, which
 * bound a device to 16 derivations per transaction key).
 */
import { createHmac } from "node:crypto";
import { cbcDecrypt, cbcEncrypt, ecbEncrypt } from "./cipher.js";
import { CryptoError, CryptoErrorCodes, checkKeyLength } from "./errors.js";
import { type Key, keyBytes } from "./key.js";

/** Key usage indicators of the X9.24-3-2017 derivation data. */
export const AES_DUKPT_USAGE = {
  keyEncryptionKey: { code: 0x0002, description: "Key encryption / wrapping (update key)" },
  pinEncryption: { code: 0x1000, description: "PIN encryption" },
  macGeneration: { code: 0x2000, description: "MAC generation (request)" },
  macVerification: { code: 0x2001, description: "MAC verification (response)" },
  macBoth: { code: 0x2002, description: "MAC generation and verification" },
  dataEncrypt: { code: 0x3000, description: "Data encryption (request)" },
  dataDecrypt: { code: 0x3001, description: "Data decryption (response)" },
  dataBoth: { code: 0x3002, description: "Data encryption and decryption" },
  keyDerivation: { code: 0x8000, description: "Intermediate derivation key" },
  keyDerivationInitialKey: { code: 0x8001, description: "Initial key" },
} as const;
export type AesDukptUsage = keyof typeof AES_DUKPT_USAGE;

/** Algorithm indicators and key lengths of the X9.24-3-2017 derivation data. */
export const AES_DUKPT_KEY_TYPES = {
  tdes2: { code: 0x0000, bits: 128, description: "Two-key TDEA" },
  tdes3: { code: 0x0001, bits: 192, description: "Three-key TDEA" },
  aes128: { code: 0x0002, bits: 128, description: "AES-128" },
  aes192: { code: 0x0003, bits: 192, description: "AES-192" },
  aes256: { code: 0x0004, bits: 256, description: "AES-256" },
  hmac128: { code: 0x0005, bits: 128, description: "HMAC key, 128 bits" },
} as const;
export type AesDukptKeyType = keyof typeof AES_DUKPT_KEY_TYPES;

/** X9.24-3: a counter value may have at most 16 one-bits. */
const MAX_ONE_BITS = 16;

function popcount(n: number): number {
  let c = 0;
  for (let x = n >>> 0; x; x = (x & (x - 1)) >>> 0) c++;
  return c;
}

function keyTypeOf(key: Uint8Array): AesDukptKeyType {
  checkKeyLength(key, [16, 24, 32], "AES DUKPT derivation key");
  return key.length === 16 ? "aes128" : key.length === 24 ? "aes192" : "aes256";
}

function derivationData(usage: AesDukptUsage, type: AesDukptKeyType, context: Uint8Array, block: number): Uint8Array {
  const u = AES_DUKPT_USAGE[usage].code;
  const t = AES_DUKPT_KEY_TYPES[type];
  return Uint8Array.of(
    0x01,
    block,
    u >> 8,
    u & 0xff,
    t.code >> 8,
    t.code & 0xff,
    t.bits >> 8,
    t.bits & 0xff,
    ...context,
  );
}

// "Derive Key": concatenate AES_K(derivation data with block counter i).
function deriveKey(parent: Uint8Array, usage: AesDukptUsage, type: AesDukptKeyType, context: Uint8Array): Uint8Array {
  const bytes = AES_DUKPT_KEY_TYPES[type].bits / 8;
  const out = new Uint8Array(Math.ceil(bytes / 16) * 16);
  for (let i = 0; i * 16 < bytes; i++) {
    const block = ecbEncrypt("aes", parent, derivationData(usage, type, context, i + 1));
    out.set(block, i * 16);
    block.fill(0);
  }
  const key = out.slice(0, bytes);
  out.fill(0);
  return key;
}

function checkKsn(ksn: Uint8Array): void {
  if (ksn.length !== 12) {
    throw new CryptoError(CryptoErrorCodes.ksn, `AES DUKPT KSN of ${ksn.length} bytes, expected 12`, { field: "ksn" });
  }
}

/** The 32-bit counter of a 12-byte KSN. */
export function aesKsnCounter(ksn: Uint8Array): number {
  checkKsn(ksn);
  return (
    (((ksn[8] as number) << 24) | ((ksn[9] as number) << 16) | ((ksn[10] as number) << 8) | (ksn[11] as number)) >>> 0
  );
}

/** Builds a 12-byte KSN from an 8-byte initial key ID and a counter. */
export function aesKsn(initialKeyId: Uint8Array, counter: number): Uint8Array {
  if (initialKeyId.length !== 8) {
    throw new CryptoError(CryptoErrorCodes.ksn, `AES DUKPT initial key ID of ${initialKeyId.length} bytes, expected 8`);
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > 0xffffffff) {
    throw new CryptoError(CryptoErrorCodes.counter, `AES DUKPT counter ${counter} outside 0–FFFFFFFF`);
  }
  return Uint8Array.of(
    ...initialKeyId,
    counter >>> 24,
    (counter >>> 16) & 0xff,
    (counter >>> 8) & 0xff,
    counter & 0xff,
  );
}

/** The next valid counter (≤ 16 one-bits), or `crypto.counter` when exhausted. */
export function aesNextCounter(counter: number): number {
  let c = counter + 1;
  while (c <= 0xffffffff && popcount(c) > MAX_ONE_BITS) c += c & -c;
  if (c > 0xffffffff) throw new CryptoError(CryptoErrorCodes.counter, "AES DUKPT counter exhausted (32 bits)");
  return c;
}

/** Initial key from an AES BDK and the 8-byte initial key ID (usage 8001). `type` defaults to the BDK's own type. */
export function aesDukptInitialKey(
  bdk: Uint8Array | Key,
  initialKeyId: Uint8Array,
  type?: AesDukptKeyType,
): Uint8Array {
  const k = keyBytes(bdk);
  const kt = type ?? keyTypeOf(k);
  keyTypeOf(k);
  if (initialKeyId.length !== 8) {
    throw new CryptoError(CryptoErrorCodes.ksn, `AES DUKPT initial key ID of ${initialKeyId.length} bytes, expected 8`);
  }
  return deriveKey(k, "keyDerivationInitialKey", kt, initialKeyId);
}

function walk(initialKey: Uint8Array, ksn: Uint8Array, counter: number): Uint8Array {
  const type = keyTypeOf(initialKey);
  const context = ksn.slice(4, 12);
  context.fill(0, 4);
  let key: Uint8Array = initialKey.slice();
  let working = 0;
  for (let bit = 0x80000000; bit >= 1; bit = Math.floor(bit / 2)) {
    if (Math.floor(counter / bit) % 2 === 0) continue;
    working += bit;
    context[4] = working >>> 24;
    context[5] = (working >>> 16) & 0xff;
    context[6] = (working >>> 8) & 0xff;
    context[7] = working & 0xff;
    const next = deriveKey(key, "keyDerivation", type, context);
    key.fill(0);
    key = next;
  }
  return key;
}

/** Transaction (derivation) key for the KSN's counter, from the initial key. */
export function aesDukptTransactionKey(initialKey: Uint8Array | Key, ksn: Uint8Array): Uint8Array {
  const ik = keyBytes(initialKey);
  const counter = aesKsnCounter(ksn);
  if (counter === 0) throw new CryptoError(CryptoErrorCodes.counter, "AES DUKPT counter 0 is never used");
  if (popcount(counter) > MAX_ONE_BITS) {
    throw new CryptoError(
      CryptoErrorCodes.counter,
      `AES DUKPT counter has ${popcount(counter)} one-bits, at most ${MAX_ONE_BITS} are valid (X9.24-3)`,
    );
  }
  return walk(ik, ksn, counter);
}

/** A working key of `usage` and `type` from a transaction key (context = KSN[4..11]). */
export function aesDukptWorkingKey(
  transactionKey: Uint8Array | Key,
  ksn: Uint8Array,
  usage: AesDukptUsage,
  type: AesDukptKeyType,
): Uint8Array {
  const tk = keyBytes(transactionKey);
  keyTypeOf(tk);
  checkKsn(ksn);
  // No strength check: the X9.24-3 supplement itself derives a 3TDEA update key from an AES-128 initial key.
  return deriveKey(tk, usage, type, ksn.slice(4, 12));
}

/**
 * Update key: derived from the transaction key at counter FFFFFFFF
 * (a walk through all 32 bits, outside the normal counter space) with usage
 * "key encryption key" and context = derivation ID || FFFFFFFF.
 */
export function aesDukptUpdateKey(
  initialKey: Uint8Array | Key,
  initialKeyId: Uint8Array,
  type: AesDukptKeyType,
): Uint8Array {
  const ik = keyBytes(initialKey);
  const ksn = aesKsn(initialKeyId, 0xffffffff);
  const tk = walk(ik, ksn, 0xffffffff);
  try {
    return aesDukptWorkingKey(tk, ksn, "keyEncryptionKey", type);
  } finally {
    tk.fill(0);
  }
}

/** Working key straight from the initial key: transaction key, then `usage`, wiping the transaction key. */
export function aesDukptKey(
  initialKey: Uint8Array | Key,
  ksn: Uint8Array,
  usage: AesDukptUsage,
  type: AesDukptKeyType,
): Uint8Array {
  const tk = aesDukptTransactionKey(initialKey, ksn);
  try {
    return aesDukptWorkingKey(tk, ksn, usage, type);
  } finally {
    tk.fill(0);
  }
}

export type AesDukptDirection = "request" | "response";

/** AES-CBC, zero IV, zero padding to 16 bytes, under the data key for `direction` (3000 request / 3001 response). */
export function aesDukptEncrypt(
  initialKey: Uint8Array | Key,
  ksn: Uint8Array,
  plaintext: Uint8Array,
  options: { direction?: AesDukptDirection; type?: AesDukptKeyType } = {},
): Uint8Array {
  const usage = options.direction === "response" ? "dataDecrypt" : "dataEncrypt";
  const key = aesDukptKey(initialKey, ksn, usage, options.type ?? "aes128");
  try {
    const padded = new Uint8Array(Math.max(16, Math.ceil(plaintext.length / 16) * 16));
    padded.set(plaintext);
    return cbcEncrypt("aes", key, new Uint8Array(16), padded);
  } finally {
    key.fill(0);
  }
}

export function aesDukptDecrypt(
  initialKey: Uint8Array | Key,
  ksn: Uint8Array,
  ciphertext: Uint8Array,
  options: { direction?: AesDukptDirection; type?: AesDukptKeyType } = {},
): Uint8Array {
  const usage = options.direction === "response" ? "dataDecrypt" : "dataEncrypt";
  const key = aesDukptKey(initialKey, ksn, usage, options.type ?? "aes128");
  try {
    return cbcDecrypt("aes", key, new Uint8Array(16), ciphertext);
  } finally {
    key.fill(0);
  }
}

/** HMAC-SHA-256 under an AES DUKPT HMAC key (usage 2000 request / 2001 response, type hmac128). */
export function aesDukptHmacSha256(
  initialKey: Uint8Array | Key,
  ksn: Uint8Array,
  message: Uint8Array,
  direction: AesDukptDirection = "request",
): Uint8Array {
  const key = aesDukptKey(initialKey, ksn, direction === "request" ? "macGeneration" : "macVerification", "hmac128");
  try {
    const h = createHmac("sha256", key).update(message).digest();
    return new Uint8Array(h.buffer, h.byteOffset, h.length).slice();
  } finally {
    key.fill(0);
  }
}
