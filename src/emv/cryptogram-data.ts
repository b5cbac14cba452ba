/**
 * The data an application cryptogram covers, per cryptogram version (CVN).
 * EMV 4.4 Book 2 §8.1.1 lists the recommended minimum set (amounts, country,
 * TVR, currency, date, type, UN, then AIP and ATC); schemes append all or part
 * of the Issuer Application Data (9F10). The profiles are data; the MAC itself
 * is in src/crypto (Node side).
 */
import { concatBytes } from "../bytes/index.js";
import { EmvError, EmvErrorCodes } from "./errors.js";
import { tagHex } from "./tag-codec.js";

/** Book 2 §8.1.1 Table 26 order, shared by the profiles below. */
const BOOK2_MINIMUM = [0x9f02, 0x9f03, 0x9f1a, 0x95, 0x5f2a, 0x9a, 0x9c, 0x9f37, 0x82, 0x9f36] as const;

export interface CryptogramProfile {
  readonly name: string;
  readonly tags: readonly number[];
  /** Which part of 9F10 follows the tags: all of it, the Visa CVR (IAD bytes 3..6 with its length byte), or none. */
  readonly iad: "full" | "visa-cvr" | "none";
  /** ISO 9797-1 padding method applied before the MAC. */
  readonly padding: 1 | 2;
  readonly arpcMethod: 1 | 2;
  readonly description: string;
}

export const CRYPTOGRAM_PROFILES = {
  "visa-cvn10": {
    name: "visa-cvn10",
    tags: BOOK2_MINIMUM,
    iad: "visa-cvr",
    padding: 1,
    arpcMethod: 1,
    description: "Visa CVN 10: Book 2 minimum set + CVR (9F10 bytes 4–7), zero padding, ARPC method 1",
  },
  "visa-cvn18": {
    name: "visa-cvn18",
    tags: BOOK2_MINIMUM,
    iad: "full",
    padding: 2,
    arpcMethod: 2,
    description: "Visa CVN 18/22: Book 2 minimum set + full IAD, 80-padding, EMV common session key, ARPC method 2",
  },
  "emv-minimum": {
    name: "emv-minimum",
    tags: BOOK2_MINIMUM,
    iad: "none",
    padding: 2,
    arpcMethod: 1,
    description: "EMV Book 2 §8.1.1 minimum set only",
  },
} as const satisfies Record<string, CryptogramProfile>;
export type CryptogramProfileName = keyof typeof CRYPTOGRAM_PROFILES;

/** Concatenates the cryptogram input for `profile` from tag values (e.g. a decoded DE 55). */
export function cryptogramInput(
  values: ReadonlyMap<number, Uint8Array>,
  profile: CryptogramProfile | CryptogramProfileName,
): Uint8Array {
  const p: CryptogramProfile = typeof profile === "string" ? CRYPTOGRAM_PROFILES[profile] : profile;
  const parts: Uint8Array[] = [];
  for (const tag of p.tags) {
    const v = values.get(tag);
    if (v === undefined) {
      throw new EmvError(EmvErrorCodes.missing, `${p.name}: tag ${tagHex(tag)} missing from cryptogram data`, {
        field: tagHex(tag),
      });
    }
    parts.push(v);
  }
  if (p.iad !== "none") {
    const iad = values.get(0x9f10);
    if (iad === undefined)
      throw new EmvError(EmvErrorCodes.missing, `${p.name}: tag 9F10 missing from cryptogram data`, { field: "9F10" });
    if (p.iad === "full") parts.push(iad);
    else {
      // Visa IAD: length 06, DKI, CVN, then the CVR starting with its own length byte 03 (VIS 1.6 Appendix A).
      if (iad.length < 7)
        throw new EmvError(EmvErrorCodes.format, `${p.name}: 9F10 length ${iad.length}, expected at least 7`, {
          field: "9F10",
        });
      parts.push(iad.subarray(3, 7));
    }
  }
  return concatBytes(...parts);
}
