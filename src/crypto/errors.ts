import { errorFamily } from "../errors/index.js";

/** Error codes of payments cryptography. Messages never carry key, PIN or PAN material. */
const family = errorFamily("CryptoError", {
  /** A key has the wrong length for the algorithm. */
  keyLength: ["crypto.key_length", "crypto"],
  /** A KSN has the wrong length or form. */
  ksn: ["crypto.ksn", "crypto"],
  /** A DUKPT counter is zero, has too many one-bits, or is exhausted. */
  counter: ["crypto.counter", "crypto"],
  /** Data is not a whole number of cipher blocks where that is required. */
  blockLength: ["crypto.block_length", "crypto"],
  /** A PIN is not 4–12 digits. */
  pin: ["crypto.pin", "crypto"],
  /** A PAN is not digits of an acceptable length. */
  pan: ["crypto.pan", "crypto"],
  /** A clear PIN block does not decode (wrong format nibble, length or fill). */
  pinBlock: ["crypto.pin_block", "crypto"],
  /** A bad argument: padding method, MAC length, IV length, unsupported option. */
  argument: ["crypto.argument", "crypto"],
  /** A `Key` was used after `destroy()`. */
  keyDestroyed: ["crypto.key_destroyed", "crypto"],
});
export const CryptoErrorCodes = family.codes;
export type CryptoErrorCode = (typeof CryptoErrorCodes)[keyof typeof CryptoErrorCodes];

export class CryptoError extends family.Base {}

/** Throws `crypto.key_length` unless `key.length` is one of `allowed`. */
export function checkKeyLength(key: Uint8Array, allowed: readonly number[], what: string): void {
  if (!allowed.includes(key.length)) {
    throw new CryptoError(
      CryptoErrorCodes.keyLength,
      `${what}: key of ${key.length} bytes, expected ${allowed.join(" or ")}`,
      { field: what },
    );
  }
}
