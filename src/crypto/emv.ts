/**
 * EMV 4.4 Book 2 Annex A1 key derivation and application cryptograms (TDES).
 * - ICC master key, option A (A1.4.1): Y = rightmost 16 digits of PAN || PSN;
 *   MK = TDES_IMK(Y) || TDES_IMK(Y ⊕ FF…FF), odd parity.
 * - Option B (A1.4.2) for PANs longer than 16 digits: SHA-1 over PAN || PSN as
 *   BCD (left-padded with 0 to even length), decimalise, then as option A.
 * - Common session key (A1.3.1): SK = TDES_MK(R with byte 2 = F0) ||
 *   TDES_MK(R with byte 2 = 0F), odd parity; R = ATC || 00…00 for AC keys.
 * - ARQC (8.1.2): ISO 9797-1 MAC algorithm 3 over the cryptogram data.
 * - ARPC method 1 (8.2.1): TDES_SK(ARQC ⊕ ARC || 00…00).
 *   ARPC method 2 (8.2.2): leftmost 4 bytes of MAC alg. 3 over
 *   ARQC || CSU || proprietary authentication data, padding method 2.
 */
import { createHash } from "node:crypto";
import { constantTimeEqual } from "../bytes/index.js";
import { ecbEncrypt } from "./cipher.js";
import { CryptoError, CryptoErrorCodes, checkKeyLength } from "./errors.js";
import { type Iso9797Padding, macAlgorithm3 } from "./iso9797.js";
import { type Key, keyBytes } from "./key.js";
import { adjustOddParity } from "./parity.js";

function digitsToBytes(d: string): Uint8Array {
  const out = new Uint8Array(d.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(d.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function checkPanPsn(pan: string, psn: string): void {
  if (!/^\d{12,19}$/.test(pan))
    throw new CryptoError(CryptoErrorCodes.pan, `PAN must be 12–19 digits (got ${pan.length} characters)`);
  if (!/^\d{2}$/.test(psn))
    throw new CryptoError(CryptoErrorCodes.argument, 'PAN sequence number must be 2 digits (use "00" when absent)');
}

function masterKeyFromY(imk: Uint8Array, y: Uint8Array): Uint8Array {
  const ff = y.map((b) => b ^ 0xff);
  const l = ecbEncrypt("tdes", imk, y);
  const r = ecbEncrypt("tdes", imk, ff);
  const mk = new Uint8Array(16);
  mk.set(l, 0);
  mk.set(r, 8);
  const out = adjustOddParity(mk);
  for (const t of [ff, l, r, mk]) t.fill(0);
  return out;
}

/** ICC master key by option A from the issuer master key (double length). */
export function deriveIccMasterKeyOptionA(issuerMasterKey: Uint8Array | Key, pan: string, psn = "00"): Uint8Array {
  const imk = keyBytes(issuerMasterKey);
  checkKeyLength(imk, [16], "EMV issuer master key");
  checkPanPsn(pan, psn);
  const y = digitsToBytes(`${pan}${psn}`.padStart(16, "0").slice(-16));
  return masterKeyFromY(imk, y);
}

/** ICC master key by option B; identical to option A when the PAN has at most 16 digits. */
export function deriveIccMasterKeyOptionB(issuerMasterKey: Uint8Array | Key, pan: string, psn = "00"): Uint8Array {
  checkPanPsn(pan, psn);
  // A1.4.2: option B applies only to PANs longer than 16 digits (not PAN || PSN).
  if (pan.length <= 16) return deriveIccMasterKeyOptionA(issuerMasterKey, pan, psn);
  const x = `${pan}${psn}`;
  const imk = keyBytes(issuerMasterKey);
  checkKeyLength(imk, [16], "EMV issuer master key");
  const digest = createHash("sha1")
    .update(digitsToBytes(x.length % 2 ? `0${x}` : x))
    .digest("hex")
    .toUpperCase();
  // A1.4.2: decimal digits in order, then the hex letters decimalised (A→0 … F→5) if more are needed.
  let y = digest.replace(/[A-F]/g, "");
  if (y.length < 16) {
    const letters = digest.replace(/\d/g, "").replace(/[A-F]/g, (c) => String(c.charCodeAt(0) - 65));
    y += letters;
  }
  return masterKeyFromY(imk, digitsToBytes(y.slice(0, 16)));
}

/** EMV common session key from an ICC master key and the 8-byte diversification value R. */
export function deriveCommonSessionKey(iccMasterKey: Uint8Array | Key, r: Uint8Array): Uint8Array {
  const mk = keyBytes(iccMasterKey);
  checkKeyLength(mk, [16], "EMV ICC master key");
  if (r.length !== 8)
    throw new CryptoError(
      CryptoErrorCodes.argument,
      `EMV session key diversification value of ${r.length} bytes, expected 8`,
    );
  const rl = r.slice();
  rl[2] = 0xf0;
  const rr = r.slice();
  rr[2] = 0x0f;
  const l = ecbEncrypt("tdes", mk, rl);
  const rt = ecbEncrypt("tdes", mk, rr);
  const sk = new Uint8Array(16);
  sk.set(l, 0);
  sk.set(rt, 8);
  const out = adjustOddParity(sk);
  for (const t of [l, rt, sk]) t.fill(0);
  return out;
}

/** R = ATC || 00…00 (A1.3.1) for application cryptogram session keys. */
export function acSessionKeyR(atc: Uint8Array): Uint8Array {
  if (atc.length !== 2) throw new CryptoError(CryptoErrorCodes.argument, `ATC of ${atc.length} bytes, expected 2`);
  const r = new Uint8Array(8);
  r.set(atc, 0);
  return r;
}

/** ARQC (or TC/AAC): MAC algorithm 3 over `data`, padding method 2 unless told (CVN 10 uses method 1). */
export function generateArqc(sessionKey: Uint8Array | Key, data: Uint8Array, padding: Iso9797Padding = 2): Uint8Array {
  return macAlgorithm3(keyBytes(sessionKey), data, { padding, length: 8 });
}

/** Constant-time check of a received cryptogram. */
export function verifyArqc(
  sessionKey: Uint8Array | Key,
  data: Uint8Array,
  arqc: Uint8Array,
  padding: Iso9797Padding = 2,
): boolean {
  return constantTimeEqual(generateArqc(sessionKey, data, padding), arqc);
}

/** ARPC method 1: TDES_K(ARQC ⊕ (ARC || 000000000000)); ARC is 2 bytes. */
export function generateArpcMethod1(key: Uint8Array | Key, arqc: Uint8Array, arc: Uint8Array): Uint8Array {
  const k = keyBytes(key);
  checkKeyLength(k, [16], "EMV ARPC key");
  if (arqc.length !== 8) throw new CryptoError(CryptoErrorCodes.argument, `ARQC of ${arqc.length} bytes, expected 8`);
  if (arc.length !== 2) throw new CryptoError(CryptoErrorCodes.argument, `ARC of ${arc.length} bytes, expected 2`);
  const x = arqc.slice();
  x[0] = (x[0] as number) ^ (arc[0] as number);
  x[1] = (x[1] as number) ^ (arc[1] as number);
  return ecbEncrypt("tdes", k, x);
}

/** ARPC method 2: 4 bytes of MAC alg. 3 over ARQC || CSU (4) || proprietary data (0–8), padding method 2. */
export function generateArpcMethod2(
  key: Uint8Array | Key,
  arqc: Uint8Array,
  csu: Uint8Array,
  proprietary: Uint8Array = new Uint8Array(0),
): Uint8Array {
  if (arqc.length !== 8) throw new CryptoError(CryptoErrorCodes.argument, `ARQC of ${arqc.length} bytes, expected 8`);
  if (csu.length !== 4) throw new CryptoError(CryptoErrorCodes.argument, `CSU of ${csu.length} bytes, expected 4`);
  if (proprietary.length > 8)
    throw new CryptoError(
      CryptoErrorCodes.argument,
      `proprietary authentication data of ${proprietary.length} bytes, expected 0–8`,
    );
  const data = new Uint8Array(12 + proprietary.length);
  data.set(arqc, 0);
  data.set(csu, 8);
  data.set(proprietary, 12);
  return macAlgorithm3(keyBytes(key), data, { padding: 2, length: 4 });
}
