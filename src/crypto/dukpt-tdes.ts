/**
 * ANSI X9.24-1:2009 TDES DUKPT (host side, and a device's view of one key).
 *
 * KSN: 10 bytes = 59-bit initial key serial number || 21-bit transaction
 * counter (§A.1). IPEK (§A.6 "Derivation of the initial key"): the KSN with
 * the counter cleared, leftmost 8 bytes, TDES-encrypted under the BDK and
 * under BDK ⊕ C0C0C0C000000000C0C0C0C000000000. Transaction key (§A.2/A.3):
 * starting from the IPEK, for each counter bit set, from the top (bit 20) down,
 * add the bit to the KSN register and apply the non-reversible key generation
 * process. Valid counters have at most 10 one-bits (§A.2: the originator never
 * uses others), so the host refuses others unless told otherwise.
 *
 * Variants (§A.4.1 / A.6 and X9.24-1:2009 Annex A Figure A-2): the transaction
 * key XOR a constant per use; the data keys then pass through a one-way
 * function (each half TDES-encrypted under the variant key).
 */
import { cbcDecrypt, cbcEncrypt, ecbEncrypt, xor, zeroPad } from "./cipher.js";
import { CryptoError, CryptoErrorCodes, checkKeyLength } from "./errors.js";
import { type Key, keyBytes } from "./key.js";

/** X9.24-1 §A.6: the BDK variant for the right half of the IPEK. */
const IPEK_MASK = Uint8Array.of(0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0, 0xc0, 0xc0, 0xc0, 0xc0, 0, 0, 0, 0);
/** The 21 counter bits of the KSN (§A.1). */
const COUNTER_BITS = 21;
const COUNTER_MASK = (1 << COUNTER_BITS) - 1;
/** §A.2: at most 10 one-bits, so a transaction key never takes more than 10 NRKGP steps. */
const MAX_ONE_BITS = 10;

export type TdesDukptVariant = "pin" | "mac-request" | "mac-response" | "data-request" | "data-response";

/** Variant constants, one per half (X9.24-1:2009 Annex A), with whether the one-way function applies. */
export const TDES_DUKPT_VARIANTS = {
  pin: { mask: "00000000000000FF", oneWay: false, description: "PIN encryption key" },
  "mac-request": { mask: "000000000000FF00", oneWay: false, description: "MAC key, request (or both ways)" },
  "mac-response": { mask: "00000000FF000000", oneWay: false, description: "MAC key, response" },
  "data-request": {
    mask: "0000000000FF0000",
    oneWay: true,
    description: "Data encryption key, request (X9.24-1:2009 data key)",
  },
  "data-response": { mask: "000000FF00000000", oneWay: true, description: "Data encryption key, response" },
} as const satisfies Record<TdesDukptVariant, { mask: string; oneWay: boolean; description: string }>;

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function popcount(n: number): number {
  let c = 0;
  for (let x = n; x; x &= x - 1) c++;
  return c;
}

export interface TdesKsnOptions {
  /** Accept counters with more than 10 one-bits (some test tools emit them). Default false. */
  readonly allowAnyCounter?: boolean;
}

/** Reads the 21-bit counter of a 10-byte KSN. */
export function tdesKsnCounter(ksn: Uint8Array): number {
  checkKsn(ksn);
  return (((ksn[7] as number) & 0x1f) << 16) | ((ksn[8] as number) << 8) | (ksn[9] as number);
}

/** A copy of `ksn` with its counter replaced. */
export function tdesKsnWithCounter(ksn: Uint8Array, counter: number): Uint8Array {
  checkKsn(ksn);
  if (!Number.isInteger(counter) || counter < 0 || counter > COUNTER_MASK) {
    throw new CryptoError(CryptoErrorCodes.counter, `TDES DUKPT counter ${counter} outside 0–${COUNTER_MASK}`);
  }
  const out = ksn.slice();
  out[7] = ((out[7] as number) & 0xe0) | (counter >> 16);
  out[8] = (counter >> 8) & 0xff;
  out[9] = counter & 0xff;
  return out;
}

/**
 * The next valid counter after `counter` (X9.24-1 §A.2: skip counters with
 * more than 10 one-bits by adding the lowest set bit). Throws `crypto.counter`
 * when the 21-bit space is exhausted — the device must stop.
 */
export function tdesNextCounter(counter: number): number {
  let c = counter + 1;
  while (popcount(c) > MAX_ONE_BITS) c += c & -c;
  if (c > COUNTER_MASK) throw new CryptoError(CryptoErrorCodes.counter, "TDES DUKPT counter exhausted (21 bits)");
  return c;
}

function checkKsn(ksn: Uint8Array): void {
  if (ksn.length !== 10) {
    throw new CryptoError(CryptoErrorCodes.ksn, `TDES DUKPT KSN of ${ksn.length} bytes, expected 10`, { field: "ksn" });
  }
}

/** IPEK (initial PIN encryption key) from a double-length BDK and a KSN (counter ignored). */
export function tdesIpek(bdk: Uint8Array | Key, ksn: Uint8Array): Uint8Array {
  const k = keyBytes(bdk);
  checkKeyLength(k, [16], "TDES DUKPT BDK");
  checkKsn(ksn);
  const reg = ksn.slice(0, 8);
  reg[7] = (reg[7] as number) & 0xe0;
  const k2 = xor(k, IPEK_MASK);
  try {
    const left = ecbEncrypt("tdes", k, reg);
    const right = ecbEncrypt("tdes", k2, reg);
    const out = new Uint8Array(16);
    out.set(left, 0);
    out.set(right, 8);
    left.fill(0);
    right.fill(0);
    return out;
  } finally {
    k2.fill(0);
  }
}

// X9.24-1 §A.2 "Non-reversible Key Generation Process" on one half.
function nrkgpHalf(key: Uint8Array, reg: Uint8Array): Uint8Array {
  const kl = key.subarray(0, 8);
  const kr = key.subarray(8, 16);
  const msg = xor(reg, kr);
  const enc = ecbEncrypt("des", kl, msg);
  const out = xor(enc, kr);
  msg.fill(0);
  enc.fill(0);
  return out;
}

function nrkgp(key: Uint8Array, reg: Uint8Array): Uint8Array {
  const right = nrkgpHalf(key, reg);
  const masked = xor(key, IPEK_MASK);
  const left = nrkgpHalf(masked, reg);
  masked.fill(0);
  const out = new Uint8Array(16);
  out.set(left, 0);
  out.set(right, 8);
  left.fill(0);
  right.fill(0);
  return out;
}

/** The transaction ("future") key for the KSN's counter, from the IPEK. */
export function tdesTransactionKey(ipek: Uint8Array | Key, ksn: Uint8Array, options: TdesKsnOptions = {}): Uint8Array {
  const ik = keyBytes(ipek);
  checkKeyLength(ik, [16], "TDES DUKPT IPEK");
  const counter = tdesKsnCounter(ksn);
  if (counter === 0) {
    throw new CryptoError(
      CryptoErrorCodes.counter,
      "TDES DUKPT counter 0 never encrypts (X9.24-1 §A.2); the first transaction uses counter 1",
    );
  }
  if (!options.allowAnyCounter && popcount(counter) > MAX_ONE_BITS) {
    throw new CryptoError(
      CryptoErrorCodes.counter,
      `TDES DUKPT counter has ${popcount(counter)} one-bits, at most ${MAX_ONE_BITS} are valid (X9.24-1 §A.2)`,
    );
  }
  const reg = ksn.slice(2, 10);
  reg[5] = (reg[5] as number) & 0xe0;
  reg[6] = 0;
  reg[7] = 0;
  let key: Uint8Array = ik.slice();
  for (let bit = 1 << (COUNTER_BITS - 1); bit > 0; bit >>>= 1) {
    if ((counter & bit) === 0) continue;
    reg[5] = (reg[5] as number) | (bit >> 16);
    reg[6] = (reg[6] as number) | ((bit >> 8) & 0xff);
    reg[7] = (reg[7] as number) | (bit & 0xff);
    const next = nrkgp(key, reg);
    key.fill(0);
    key = next;
  }
  return key;
}

/** Applies a variant (and, for data keys, the one-way function) to a transaction key. */
export function tdesVariantKey(transactionKey: Uint8Array, variant: TdesDukptVariant): Uint8Array {
  checkKeyLength(transactionKey, [16], "TDES DUKPT transaction key");
  const spec = TDES_DUKPT_VARIANTS[variant];
  const half = hexBytes(spec.mask);
  const mask = new Uint8Array(16);
  mask.set(half, 0);
  mask.set(half, 8);
  const v = xor(transactionKey, mask);
  if (!spec.oneWay) return v;
  const out = ecbEncrypt("tdes", v, v);
  v.fill(0);
  return out;
}

/** BDK → IPEK → transaction key → variant key, wiping the intermediates. */
export function tdesWorkingKey(
  bdk: Uint8Array | Key,
  ksn: Uint8Array,
  variant: TdesDukptVariant,
  options: TdesKsnOptions = {},
): Uint8Array {
  const ipek = tdesIpek(bdk, ksn);
  const tk = tdesTransactionKey(ipek, ksn, options);
  ipek.fill(0);
  const out = tdesVariantKey(tk, variant);
  tk.fill(0);
  return out;
}

export interface TdesDukptDataOptions extends TdesKsnOptions {
  /**
   * Which key encrypts the data. Readers differ: MagTek MagneSafe encrypts
   * tracks under the PIN variant by default; IDTech uses the X9.24-1:2009
   * data key ("data-request"). Default "data-request".
   */
  readonly variant?: TdesDukptVariant;
}

/** Encrypts data as readers send it: TDES-CBC, zero IV, zero padding to 8 bytes. */
export function tdesDukptEncrypt(
  bdk: Uint8Array | Key,
  ksn: Uint8Array,
  plaintext: Uint8Array,
  options: TdesDukptDataOptions = {},
): Uint8Array {
  const key = tdesWorkingKey(bdk, ksn, options.variant ?? "data-request", options);
  try {
    return cbcEncrypt("tdes", key, new Uint8Array(8), zeroPad(plaintext, 8));
  } finally {
    key.fill(0);
  }
}

/** Decrypts reader data (TDES-CBC, zero IV). The zero padding is kept: the length is the caller's to know. */
export function tdesDukptDecrypt(
  bdk: Uint8Array | Key,
  ksn: Uint8Array,
  ciphertext: Uint8Array,
  options: TdesDukptDataOptions = {},
): Uint8Array {
  const key = tdesWorkingKey(bdk, ksn, options.variant ?? "data-request", options);
  try {
    return cbcDecrypt("tdes", key, new Uint8Array(8), ciphertext);
  } finally {
    key.fill(0);
  }
}

/** Removes trailing zero bytes (reader zero padding); text tracks never end in 00. */
export function stripZeroPadding(data: Uint8Array): Uint8Array {
  let n = data.length;
  while (n > 0 && data[n - 1] === 0) n--;
  return data.slice(0, n);
}
