/**
 * DES key parity (FIPS 46-3 §"Key"): each byte's least significant bit makes
 * the byte's count of one-bits odd. EMV derives ICC master and session keys
 * with odd parity (EMV 4.4 Book 2 A1.4.1 / A1.3.1).
 */

function oddParityByte(b: number): number {
  let ones = 0;
  for (let x = b >> 1; x; x >>= 1) ones += x & 1;
  return (b & 0xfe) | (ones % 2 === 0 ? 1 : 0);
}

/** A copy of `key` with every byte set to odd parity. */
export function adjustOddParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) out[i] = oddParityByte(key[i] as number);
  return out;
}

/** True when every byte has odd parity. */
export function hasOddParity(key: Uint8Array): boolean {
  for (let i = 0; i < key.length; i++) if (oddParityByte(key[i] as number) !== key[i]) return false;
  return true;
}
