/**
 * The simulator's payments cryptography (Node only, src/crypto): ARQC
 * verification and ARPC generation for chip requests, DUKPT decryption of a
 * secure reader's tracks. Keys come from tables (default: test-keys.ts, TEST
 * KEYS ONLY) and never appear in notes, errors or the ledger.
 *
 * Chip (EMV 4.4 Book 2 Annex A1, §8.1–8.2): IMK-AC of the PAN's issuer →
 * ICC master key by option A with PAN + PSN (5F34) → the profile's
 * cryptogram key (EMV common session key from the ATC, or for Visa CVN 10
 * the master key itself) → MAC over the profile's data → compare with 9F26.
 * A good ARQC gets tag 91 = ARPC method 1 ‖ ARC, ARC = DE 39 in ASCII; a bad
 * one is declined 82 with no tag 91.
 */
import { bytesToLatin1, concatBytes, fromHex, latin1ToBytes, toHex } from "../bytes/index.js";
import { tryParseTrack1, tryParseTrack2 } from "../card/index.js";
import { tdesDukptDecrypt, stripZeroPadding } from "../crypto/dukpt-tdes.js";
import {
  acSessionKeyR,
  deriveCommonSessionKey,
  deriveIccMasterKeyOptionA,
  generateArpcMethod1,
  verifyArqc,
} from "../crypto/emv.js";
import { buildIssuerResponse, CRYPTOGRAM_PROFILES, cryptogramInput, decodeTlv, tlvMap } from "../emv/index.js";
import { isCardwireError } from "../errors/index.js";
import type { IsoMessage } from "../iso8583/index.js";
import { cardDataOf, type RequestCardData, textField } from "../terminal/message.js";
import { parseSecureDataField } from "../terminal/secure-data.js";
import type { HostSecurity, SecurityVerdict } from "./security.js";
import { SECURITY_RESPONSE_CODES } from "./security.js";
import { type BdkRow, type IssuerKeyRow, TEST_BDKS, TEST_ISSUER_KEYS } from "./test-keys.js";

/** Which key each cryptogram profile MACs under (the issuer's side of CHIP_PROFILES). */
const PROFILE_KEYS = {
  "emv-minimum": "common-session-key",
  "visa-cvn10": "icc-master-key",
} as const;

export interface KeyTables {
  readonly issuerKeys?: readonly IssuerKeyRow[];
  readonly bdks?: readonly BdkRow[];
}

const reject = (kind: keyof typeof SECURITY_RESPONSE_CODES, note: string): SecurityVerdict => ({
  reject: { responseCode: SECURITY_RESPONSE_CODES[kind].code, note },
});

function longestPrefix<T extends { readonly id: string }>(
  rows: readonly T[],
  value: string,
  prefixOf: (r: T) => string,
): T | undefined {
  let best: T | undefined;
  for (const r of rows) {
    if (value.startsWith(prefixOf(r)) && prefixOf(r).length > (best ? prefixOf(best).length : -1)) best = r;
  }
  return best;
}

function decryptTracks(de48: string, bdks: readonly BdkRow[]): SecurityVerdict {
  let data: ReturnType<typeof parseSecureDataField>;
  try {
    data = parseSecureDataField(de48);
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    return reject("format", e.message);
  }
  const ksn = toHex(data.ksn);
  const row = longestPrefix(bdks, ksn, (r) => r.ksnPrefix);
  if (row === undefined) return reject("format", `DE 48: no BDK for the key set of KSN ${ksn.slice(0, 15)}…`);
  const ciphertext = data.track2 ?? data.track1!;
  const bdk = fromHex(row.bdk);
  let clear: Uint8Array | undefined;
  try {
    clear = tdesDukptDecrypt(bdk, data.ksn, ciphertext, { variant: data.variant === "PIN" ? "pin" : "data-request" });
    const text = bytesToLatin1(stripZeroPadding(clear));
    const parsed = data.track2 !== undefined ? tryParseTrack2(text) : tryParseTrack1(text);
    if (!parsed.ok) {
      return reject(
        "format",
        `DE 48: ${data.track2 !== undefined ? "track 2" : "track 1"} does not decrypt to an ISO 7813 track under BDK ${row.id} (wrong key, KSN or variant)`,
      );
    }
    const card: RequestCardData = {
      pan: parsed.value.pan,
      ...(parsed.value.expiry !== undefined && { expiry: parsed.value.expiry.yymm }),
    };
    return { card, note: `DE 48 decrypted (BDK ${row.id}, KSN ${ksn})` };
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    return reject("format", `DE 48: cannot decrypt: ${e.code}`);
  } finally {
    bdk.fill(0);
    clear?.fill(0);
  }
}

function checkArqc(request: IsoMessage, de55: Uint8Array, issuers: readonly IssuerKeyRow[]): SecurityVerdict {
  const pan = cardDataOf(request).pan;
  if (pan === undefined) return {};
  const row = longestPrefix(issuers, pan, (r) => r.panPrefix);
  if (row === undefined) return { note: "no issuer key for this BIN: ARQC not checked" };
  let values: Map<number, Uint8Array>;
  let data: Uint8Array;
  try {
    values = tlvMap(decodeTlv(de55, { field: "DE 55" }));
    data = cryptogramInput(values, row.profile);
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    return reject("format", e.message);
  }
  const arqc = values.get(0x9f26);
  const atc = values.get(0x9f36);
  if (arqc?.length !== 8 || atc?.length !== 2)
    return reject("format", "DE 55: 9F26 (8 bytes) and 9F36 (2 bytes) are needed");
  const psnByte = values.get(0x5f34);
  const psn = psnByte?.length === 1 ? toHex(psnByte) : "00";
  const imk = fromHex(row.imkAc);
  const mk = deriveIccMasterKeyOptionA(imk, pan, /^\d{2}$/.test(psn) ? psn : "00");
  imk.fill(0);
  const key =
    PROFILE_KEYS[row.profile] === "common-session-key" ? deriveCommonSessionKey(mk, acSessionKeyR(atc)) : mk.slice();
  mk.fill(0);
  if (!verifyArqc(key, data, arqc, CRYPTOGRAM_PROFILES[row.profile].padding)) {
    key.fill(0);
    return reject("arqc", `ARQC does not verify (issuer ${row.id}, ${row.profile}, ATC ${toHex(atc)})`);
  }
  const arqcCopy = arqc.slice();
  return {
    note: `ARQC verified (issuer ${row.id}, ${row.profile}, ATC ${toHex(atc)})`,
    issuerResponse: (responseCode) => {
      // ARC = the response code as two ASCII characters (EMV Book 4 §A6: 8A is an2, as DE 39).
      const arc = latin1ToBytes(responseCode.padEnd(2, " ").slice(0, 2));
      try {
        return buildIssuerResponse(concatBytes(generateArpcMethod1(key, arqcCopy, arc), arc));
      } finally {
        key.fill(0);
      }
    },
  };
}

/** Security checks with keys from tables (default: the test keys). */
export function tableSecurity(tables: KeyTables = {}): HostSecurity {
  const issuers = tables.issuerKeys ?? TEST_ISSUER_KEYS;
  const bdks = tables.bdks ?? TEST_BDKS;
  return {
    inspect(request) {
      const de48 = textField(request, 48);
      if (de48 !== undefined) return decryptTracks(de48, bdks);
      const de55 = request.fields[55];
      const entry = textField(request, 22) ?? "";
      if (de55 instanceof Uint8Array && /^0[57]/.test(entry)) return checkArqc(request, de55, issuers);
      return {};
    },
  };
}
