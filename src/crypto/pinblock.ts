/**
 * ISO 9564-1:2017 PIN blocks (clause 9, "PIN block formats").
 * - Format 0 (= ANSI X9.8 format 0): PIN field 0 | N | PIN | F… XOR PAN field
 *   0000 | 12 rightmost PAN digits excluding the check digit. 8 bytes, TDES.
 * - Format 4, for AES: PIN field 4 | N | PIN | A… (to 16
 *   nibbles) || 8 random bytes; PAN field M | PAN (12–19 digits, M = length−12,
 *   PANs under 12 digits left-padded with 0) | 0…; enciphered as
 *   C = E_K(E_K(PIN field) ⊕ PAN field).
 * PINs never appear in errors; PANs are referred to by length only.
 */
import { randomBytes } from "node:crypto";
import { ecbDecrypt, ecbEncrypt, xor } from "./cipher.js";
import { CryptoError, CryptoErrorCodes, checkKeyLength } from "./errors.js";
import { type Key, keyBytes } from "./key.js";

function checkPin(pin: string): void {
  if (!/^\d{4,12}$/.test(pin)) {
    throw new CryptoError(CryptoErrorCodes.pin, `PIN must be 4–12 digits (got ${pin.length} characters)`);
  }
}

function checkPan(pan: string, min: number, max: number): void {
  if (!/^\d+$/.test(pan) || pan.length < min || pan.length > max) {
    throw new CryptoError(CryptoErrorCodes.pan, `PAN must be ${min}–${max} digits (got ${pan.length} characters)`);
  }
}

function nibblesToBytes(n: string): Uint8Array {
  const out = new Uint8Array(n.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(n.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function bytesToNibbles(b: Uint8Array): string {
  let s = "";
  for (const x of b) s += x.toString(16).toUpperCase().padStart(2, "0");
  return s;
}

/** Format 0 PAN field: 0000 || 12 rightmost digits excluding the check digit, zero-filled on the left for short PANs. */
export function iso0PanField(pan: string): Uint8Array {
  checkPan(pan, 8, 19);
  return nibblesToBytes(`0000${pan.slice(-13, -1).padStart(12, "0")}`);
}

/** Clear ISO format 0 PIN block. */
export function encodePinBlockIso0(pin: string, pan: string): Uint8Array {
  checkPin(pin);
  const field = nibblesToBytes(`0${pin.length.toString(16).toUpperCase()}${pin}`.padEnd(16, "F"));
  const panField = iso0PanField(pan);
  const out = xor(field, panField);
  field.fill(0);
  return out;
}

/** PIN from a clear format 0 block; `crypto.pin_block` when the block is not format 0 for this PAN. */
export function decodePinBlockIso0(block: Uint8Array, pan: string): string {
  if (block.length !== 8)
    throw new CryptoError(CryptoErrorCodes.pinBlock, `ISO 0 PIN block of ${block.length} bytes, expected 8`);
  const field = xor(block, iso0PanField(pan));
  const n = bytesToNibbles(field);
  field.fill(0);
  const len = Number.parseInt(n[1] as string, 16);
  if (n[0] !== "0") throw new CryptoError(CryptoErrorCodes.pinBlock, `PIN block format nibble ${n[0]}, expected 0`);
  if (len < 4 || len > 12) throw new CryptoError(CryptoErrorCodes.pinBlock, `PIN length nibble ${len}, expected 4–12`);
  const pin = n.slice(2, 2 + len);
  const fill = n.slice(2 + len);
  if (!/^\d+$/.test(pin) || !/^F*$/.test(fill)) {
    throw new CryptoError(CryptoErrorCodes.pinBlock, "ISO 0 PIN block does not decode (wrong key or PAN?)");
  }
  return pin;
}

/** Format 4 PAN field: M = PAN length − 12, then the PAN (at least 12 digits), zero-filled to 32 nibbles. */
export function iso4PanField(pan: string): Uint8Array {
  checkPan(pan, 1, 19);
  const digits = pan.length < 12 ? pan.padStart(12, "0") : pan;
  return nibblesToBytes(`${digits.length - 12}${digits}`.padEnd(32, "0"));
}

/** Format 4 plain PIN field; `random` is the 8-byte fill of the right half (fresh random bytes when omitted). */
export function iso4PinField(pin: string, random?: Uint8Array): Uint8Array {
  checkPin(pin);
  const fill = random ?? new Uint8Array(randomBytes(8));
  if (fill.length !== 8)
    throw new CryptoError(CryptoErrorCodes.argument, `ISO 4 random fill of ${fill.length} bytes, expected 8`);
  const out = new Uint8Array(16);
  out.set(nibblesToBytes(`4${pin.length.toString(16).toUpperCase()}${pin}`.padEnd(16, "A")), 0);
  out.set(fill, 8);
  return out;
}

/** PIN from a plain format 4 PIN field. */
export function decodeIso4PinField(field: Uint8Array): string {
  if (field.length !== 16)
    throw new CryptoError(CryptoErrorCodes.pinBlock, `ISO 4 PIN field of ${field.length} bytes, expected 16`);
  const n = bytesToNibbles(field.subarray(0, 8));
  const len = Number.parseInt(n[1] as string, 16);
  if (n[0] !== "4") throw new CryptoError(CryptoErrorCodes.pinBlock, `PIN field format nibble ${n[0]}, expected 4`);
  if (len < 4 || len > 12) throw new CryptoError(CryptoErrorCodes.pinBlock, `PIN length nibble ${len}, expected 4–12`);
  const pin = n.slice(2, 2 + len);
  if (!/^\d+$/.test(pin) || !/^A*$/.test(n.slice(2 + len))) {
    throw new CryptoError(CryptoErrorCodes.pinBlock, "ISO 4 PIN field does not decode (wrong key or PAN?)");
  }
  return pin;
}

/** Enciphered ISO format 4 PIN block under an AES key: E_K(E_K(PIN field) ⊕ PAN field). */
export function encryptPinBlockIso4(key: Uint8Array | Key, pin: string, pan: string, random?: Uint8Array): Uint8Array {
  const k = keyBytes(key);
  checkKeyLength(k, [16, 24, 32], "ISO 4 PIN key");
  const field = iso4PinField(pin, random);
  const a = ecbEncrypt("aes", k, field);
  const b = xor(a, iso4PanField(pan));
  const c = ecbEncrypt("aes", k, b);
  for (const t of [field, a, b]) t.fill(0);
  return c;
}

/** PIN from an enciphered ISO format 4 block: D_K(D_K(block) ⊕ PAN field). */
export function decryptPinBlockIso4(key: Uint8Array | Key, block: Uint8Array, pan: string): string {
  const k = keyBytes(key);
  checkKeyLength(k, [16, 24, 32], "ISO 4 PIN key");
  if (block.length !== 16)
    throw new CryptoError(CryptoErrorCodes.pinBlock, `ISO 4 PIN block of ${block.length} bytes, expected 16`);
  const b = ecbDecrypt("aes", k, block);
  const a = xor(b, iso4PanField(pan));
  const field = ecbDecrypt("aes", k, a);
  try {
    return decodeIso4PinField(field);
  } finally {
    for (const t of [field, a, b]) t.fill(0);
  }
}

/** Format 0 block enciphered under a TDES key (e.g. a DUKPT PIN key). */
export function encryptPinBlockIso0(key: Uint8Array | Key, pin: string, pan: string): Uint8Array {
  const clear = encodePinBlockIso0(pin, pan);
  try {
    return ecbEncrypt("tdes", keyBytes(key), clear);
  } finally {
    clear.fill(0);
  }
}

export function decryptPinBlockIso0(key: Uint8Array | Key, block: Uint8Array, pan: string): string {
  if (block.length !== 8)
    throw new CryptoError(CryptoErrorCodes.pinBlock, `ISO 0 PIN block of ${block.length} bytes, expected 8`);
  const clear = ecbDecrypt("tdes", keyBytes(key), block);
  try {
    return decodePinBlockIso0(clear, pan);
  } finally {
    clear.fill(0);
  }
}
