/**
 * Key hygiene: a `Key` holds key bytes privately and prints only its check
 * value, so a key logged by accident, thrown inside an error or serialised
 * into a journal shows `Key(TDES, KCV 08D7C2)` and nothing more.
 * `destroy()` zeroes the bytes; later use is `crypto.key_destroyed`.
 *
 * Key check values (X9.24-1:2017 describes both methods): TDES/DES — the
 * leftmost bytes of E_K(0^8), the legacy method; AES — the leftmost bytes of
 * AES-CMAC_K(0^16), or, on request, E_K(0^16) as older HSMs print it.
 */
import { toHex } from "../bytes/index.js";
import { type BlockAlgorithm, ecbEncrypt } from "./cipher.js";
import { cmac } from "./cmac.js";
import { CryptoError, CryptoErrorCodes, checkKeyLength } from "./errors.js";

export type KcvMethod = "encrypt-zeros" | "cmac";

/** Key check value: `length` bytes (default 3) of E_K(zeros), or of CMAC_K(zeros) for AES by choice. */
export function kcv(
  alg: BlockAlgorithm,
  key: Uint8Array,
  options: { length?: number; method?: KcvMethod } = {},
): Uint8Array {
  const length = options.length ?? 3;
  const bs = alg === "aes" ? 16 : 8;
  if (!Number.isInteger(length) || length < 1 || length > bs) {
    throw new CryptoError(CryptoErrorCodes.argument, `KCV length ${length}, expected 1–${bs}`);
  }
  const zeros = new Uint8Array(bs);
  const full = options.method === "cmac" ? cmac(alg, key, zeros) : ecbEncrypt(alg, key, zeros);
  return full.slice(0, length);
}

const ALLOWED: Record<BlockAlgorithm, readonly number[]> = { des: [8], tdes: [16, 24], aes: [16, 24, 32] };

export class Key {
  readonly algorithm: BlockAlgorithm;
  #bytes: Uint8Array | undefined;
  readonly #kcv: string;

  /** Copies `bytes`; the caller may wipe its own copy afterwards. */
  constructor(algorithm: BlockAlgorithm, bytes: Uint8Array) {
    checkKeyLength(bytes, ALLOWED[algorithm], algorithm.toUpperCase());
    this.algorithm = algorithm;
    this.#bytes = bytes.slice();
    this.#kcv = toHex(kcv(algorithm, this.#bytes, algorithm === "aes" ? { method: "cmac" } : {}));
  }

  static fromHex(algorithm: BlockAlgorithm, hex: string): Key {
    if (!/^(?:[0-9A-Fa-f]{2})+$/.test(hex)) {
      throw new CryptoError(CryptoErrorCodes.keyLength, `${algorithm.toUpperCase()}: key text is not hex`);
    }
    const b = new Uint8Array(hex.length / 2);
    for (let i = 0; i < b.length; i++) b[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    try {
      return new Key(algorithm, b);
    } finally {
      b.fill(0);
    }
  }

  get length(): number {
    return this.#live().length;
  }

  /** Three-byte check value in hex (AES: CMAC method). */
  get kcv(): string {
    return this.#kcv;
  }

  /** Runs `fn` with the key bytes. Do not keep the array: it is wiped on `destroy()`. */
  use<T>(fn: (bytes: Uint8Array) => T): T {
    return fn(this.#live());
  }

  /** A copy of the key bytes; the caller owns (and should wipe) it. */
  export(): Uint8Array {
    return this.#live().slice();
  }

  destroy(): void {
    this.#bytes?.fill(0);
    this.#bytes = undefined;
  }

  get destroyed(): boolean {
    return this.#bytes === undefined;
  }

  #live(): Uint8Array {
    if (this.#bytes === undefined)
      throw new CryptoError(
        CryptoErrorCodes.keyDestroyed,
        `${this.algorithm.toUpperCase()} key (KCV ${this.#kcv}) used after destroy()`,
      );
    return this.#bytes;
  }

  toString(): string {
    return `Key(${this.algorithm.toUpperCase()}, KCV ${this.#kcv}${this.destroyed ? ", destroyed" : ""})`;
  }
  toJSON(): { algorithm: BlockAlgorithm; kcv: string } {
    return { algorithm: this.algorithm, kcv: this.#kcv };
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Bytes of a key given either raw or as a `Key`. */
export function keyBytes(key: Uint8Array | Key): Uint8Array {
  return key instanceof Key ? key.use((b) => b) : key;
}
