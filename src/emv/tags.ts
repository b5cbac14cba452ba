/**
 * EMV tag dictionary (EMV 4.4 Book 3 Annex A1, Book 4 for terminal data),
 * as a table: name, format, source, length bounds and sensitivity. Data over
 * code — DOL filling, DE 55 building and masked display all read this table.
 *
 * Format letters are Book 3 §4.3: `n` BCD numeric (right-justified, left zero
 * padded), `cn` compressed numeric (left-justified, right padded with F),
 * `an`/`ans` text, `b` binary, `var` constructed or proprietary.
 * Sensitivity drives masking (STYLE.md habit 7): `pan` keeps first 6 / last 4,
 * `track` and `personal` are hidden, `cryptogram` is hidden unless asked.
 */
import { EmvError, EmvErrorCodes } from "./errors.js";

export type TagFormat = "n" | "cn" | "an" | "ans" | "b" | "var";
export type TagSource = "icc" | "terminal" | "issuer";
export type TagSensitivity = "none" | "pan" | "track" | "personal" | "cryptogram";

export interface TagInfo {
  readonly tag: number;
  readonly name: string;
  readonly format: TagFormat;
  readonly source: TagSource;
  /** Value length bounds in bytes, inclusive (Book 3 Annex A1). */
  readonly min: number;
  readonly max: number;
  readonly sensitivity: TagSensitivity;
  readonly description: string;
  /** Common short name (ATC, TVR, AIP …) where one is in use. */
  readonly short?: string;
}

type Row = readonly [
  tag: number,
  name: string,
  format: TagFormat,
  source: TagSource,
  min: number,
  max: number,
  sensitivity: TagSensitivity,
  description: string,
];

// biome-ignore format: one row per tag reads best as a table
const ROWS: readonly Row[] = [
  [0x42, "Issuer Identification Number", "n", "icc", 3, 3, "none", "IIN: leading 6 digits of the PAN"],
  [0x4f, "Application Identifier (AID) - card", "b", "icc", 5, 16, "none", "AID as on the card"],
  [0x50, "Application Label", "ans", "icc", 1, 16, "none", "Mnemonic shown to the cardholder"],
  [0x56, "Track 1 Data", "ans", "icc", 0, 76, "track", "Contactless track 1 image"],
  [0x57, "Track 2 Equivalent Data", "b", "icc", 0, 19, "track", "PAN, separator D, expiry, service code, discretionary data"],
  [0x5a, "Application PAN", "cn", "icc", 0, 10, "pan", "Primary account number"],
  [0x5f20, "Cardholder Name", "ans", "icc", 2, 26, "personal", "Name as on the card"],
  [0x5f24, "Application Expiration Date", "n", "icc", 3, 3, "none", "YYMMDD"],
  [0x5f25, "Application Effective Date", "n", "icc", 3, 3, "none", "YYMMDD"],
  [0x5f28, "Issuer Country Code", "n", "icc", 2, 2, "none", "ISO 3166"],
  [0x5f2a, "Transaction Currency Code", "n", "terminal", 2, 2, "none", "ISO 4217 numeric"],
  [0x5f2d, "Language Preference", "an", "icc", 2, 8, "none", "ISO 639 codes"],
  [0x5f30, "Service Code", "n", "icc", 2, 2, "none", "ISO 7813 service code"],
  [0x5f34, "PAN Sequence Number", "n", "icc", 1, 1, "none", "PSN, distinguishes cards with one PAN"],
  [0x5f36, "Transaction Currency Exponent", "n", "terminal", 1, 1, "none", "Decimal places of the amount"],
  [0x61, "Application Template", "var", "icc", 0, 252, "none", "Directory entry"],
  [0x6f, "File Control Information Template", "var", "icc", 0, 252, "none", "FCI returned by SELECT"],
  [0x70, "READ RECORD Response Template", "var", "icc", 0, 252, "none", "Record contents"],
  [0x71, "Issuer Script Template 1", "var", "issuer", 0, 252, "none", "Script run before the second GENERATE AC"],
  [0x72, "Issuer Script Template 2", "var", "issuer", 0, 252, "none", "Script run after the second GENERATE AC"],
  [0x77, "Response Message Template Format 2", "var", "icc", 0, 252, "none", "GPO / GENERATE AC response"],
  [0x80, "Response Message Template Format 1", "b", "icc", 0, 252, "none", "GPO / GENERATE AC response, primitive"],
  [0x82, "Application Interchange Profile", "b", "icc", 2, 2, "none", "AIP: supported functions"],
  [0x84, "Dedicated File (DF) Name", "b", "icc", 5, 16, "none", "AID of the selected application"],
  [0x86, "Issuer Script Command", "b", "issuer", 0, 261, "none", "One APDU of an issuer script"],
  [0x87, "Application Priority Indicator", "b", "icc", 1, 1, "none", "Selection priority"],
  [0x88, "Short File Identifier (SFI)", "b", "icc", 1, 1, "none", "SFI of the directory file"],
  [0x8a, "Authorisation Response Code", "an", "issuer", 2, 2, "none", "ARC from the issuer"],
  [0x8c, "CDOL1", "b", "icc", 0, 252, "none", "Data list for the first GENERATE AC"],
  [0x8d, "CDOL2", "b", "icc", 0, 252, "none", "Data list for the second GENERATE AC"],
  [0x8e, "CVM List", "b", "icc", 10, 252, "none", "Cardholder verification rules"],
  [0x8f, "Certification Authority Public Key Index", "b", "icc", 1, 1, "none", "CA key index"],
  [0x90, "Issuer Public Key Certificate", "b", "icc", 0, 248, "none", "Signed by the CA"],
  [0x91, "Issuer Authentication Data", "b", "issuer", 8, 16, "cryptogram", "ARPC plus ARC or CSU"],
  [0x94, "Application File Locator", "var", "icc", 0, 252, "none", "AFL: records to read"],
  [0x95, "Terminal Verification Results", "b", "terminal", 5, 5, "none", "TVR"],
  [0x9a, "Transaction Date", "n", "terminal", 3, 3, "none", "YYMMDD"],
  [0x9b, "Transaction Status Information", "b", "terminal", 2, 2, "none", "TSI"],
  [0x9c, "Transaction Type", "n", "terminal", 1, 1, "none", "ISO 8583 processing code positions 1-2"],
  [0x9f01, "Acquirer Identifier", "n", "terminal", 6, 6, "none", "Acquirer BIN"],
  [0x9f02, "Amount, Authorised", "n", "terminal", 6, 6, "none", "Amount in minor units, 12 digits"],
  [0x9f03, "Amount, Other", "n", "terminal", 6, 6, "none", "Cashback amount"],
  [0x9f06, "Application Identifier (AID) - terminal", "b", "terminal", 5, 16, "none", "AID as the terminal knows it"],
  [0x9f07, "Application Usage Control", "b", "icc", 2, 2, "none", "AUC"],
  [0x9f08, "Application Version Number (card)", "b", "icc", 2, 2, "none", "Card application version"],
  [0x9f09, "Application Version Number (terminal)", "b", "terminal", 2, 2, "none", "Terminal application version"],
  [0x9f0d, "IAC - Default", "b", "icc", 5, 5, "none", "Issuer action code, default"],
  [0x9f0e, "IAC - Denial", "b", "icc", 5, 5, "none", "Issuer action code, denial"],
  [0x9f0f, "IAC - Online", "b", "icc", 5, 5, "none", "Issuer action code, online"],
  [0x9f10, "Issuer Application Data", "b", "icc", 0, 32, "none", "IAD: CVN, CVR, DKI, proprietary"],
  [0x9f12, "Application Preferred Name", "ans", "icc", 1, 16, "none", "Name in the issuer code table"],
  [0x9f15, "Merchant Category Code", "n", "terminal", 2, 2, "none", "MCC"],
  [0x9f16, "Merchant Identifier", "ans", "terminal", 15, 15, "none", "Merchant ID"],
  [0x9f17, "PIN Try Counter", "b", "icc", 1, 1, "none", "Offline PIN tries left"],
  [0x9f18, "Issuer Script Identifier", "b", "issuer", 4, 4, "none", "Identifies a script in 71/72"],
  [0x9f1a, "Terminal Country Code", "n", "terminal", 2, 2, "none", "ISO 3166 numeric"],
  [0x9f1c, "Terminal Identification", "an", "terminal", 8, 8, "none", "Terminal ID"],
  [0x9f1e, "IFD Serial Number", "an", "terminal", 8, 8, "none", "Interface device serial number"],
  [0x9f1f, "Track 1 Discretionary Data", "ans", "icc", 0, 54, "track", "Track 1 discretionary data"],
  [0x9f21, "Transaction Time", "n", "terminal", 3, 3, "none", "HHMMSS"],
  [0x9f26, "Application Cryptogram", "b", "icc", 8, 8, "cryptogram", "ARQC, TC or AAC"],
  [0x9f27, "Cryptogram Information Data", "b", "icc", 1, 1, "none", "CID: which cryptogram"],
  [0x9f33, "Terminal Capabilities", "b", "terminal", 3, 3, "none", "Card input, CVM and security capabilities"],
  [0x9f34, "CVM Results", "b", "terminal", 3, 3, "none", "Outcome of cardholder verification"],
  [0x9f35, "Terminal Type", "n", "terminal", 1, 1, "none", "Environment and operator"],
  [0x9f36, "Application Transaction Counter", "b", "icc", 2, 2, "none", "ATC"],
  [0x9f37, "Unpredictable Number", "b", "terminal", 4, 4, "none", "UN from the terminal"],
  [0x9f38, "PDOL", "b", "icc", 0, 252, "none", "Data list for GET PROCESSING OPTIONS"],
  [0x9f39, "POS Entry Mode", "n", "terminal", 1, 1, "none", "ISO 8583 DE 22 positions 1-2"],
  [0x9f40, "Additional Terminal Capabilities", "b", "terminal", 5, 5, "none", "Transaction types and I/O"],
  [0x9f41, "Transaction Sequence Counter", "n", "terminal", 2, 4, "none", "Terminal transaction counter"],
  [0x9f42, "Application Currency Code", "n", "icc", 2, 2, "none", "ISO 4217"],
  [0x9f4c, "ICC Dynamic Number", "b", "icc", 2, 8, "none", "Nonce from the card"],
  [0x9f53, "Transaction Category Code", "an", "terminal", 1, 1, "none", "Mastercard transaction category"],
  [0x9f66, "Terminal Transaction Qualifiers", "b", "terminal", 4, 4, "none", "TTQ (contactless)"],
  [0x9f6b, "Track 2 Data (contactless)", "b", "icc", 0, 19, "track", "Mastercard contactless track 2"],
  [0x9f6e, "Form Factor Indicator / Third Party Data", "b", "icc", 4, 32, "none", "Scheme-specific"],
  [0x9f7c, "Customer Exclusive Data", "b", "icc", 0, 32, "none", "Issuer proprietary"],
  [0xbf0c, "FCI Issuer Discretionary Data", "var", "icc", 0, 222, "none", "Proprietary FCI data"],
];

/** Short names in common use (acquirer specs, HSM manuals), kept apart so the table above stays one line per tag. */
const SHORT: ReadonlyMap<number, string> = new Map([
  [0x4f, "AID"],
  [0x57, "Track 2"],
  [0x5a, "PAN"],
  [0x5f34, "PSN"],
  [0x82, "AIP"],
  [0x84, "DF Name"],
  [0x8a, "ARC"],
  [0x91, "IAD (issuer)"],
  [0x94, "AFL"],
  [0x95, "TVR"],
  [0x9b, "TSI"],
  [0x9f10, "IAD"],
  [0x9f26, "AC"],
  [0x9f27, "CID"],
  [0x9f36, "ATC"],
  [0x9f37, "UN"],
  [0x9f41, "TSC"],
  [0x9f66, "TTQ"],
]);

/** The dictionary, keyed by numeric tag. Validated once at load: tags unique, bounds ordered. */
export const EMV_TAGS: ReadonlyMap<number, TagInfo> = (() => {
  const m = new Map<number, TagInfo>();
  for (const [tag, name, format, source, min, max, sensitivity, description] of ROWS) {
    if (m.has(tag)) throw new Error(`EMV tag dictionary lists ${tag.toString(16)} twice`);
    if (min > max) throw new Error(`EMV tag dictionary: ${tag.toString(16)} has min > max`);
    const short = SHORT.get(tag);
    m.set(tag, {
      tag,
      name,
      format,
      source,
      min,
      max,
      sensitivity,
      description,
      ...(short !== undefined && { short }),
    });
  }
  for (const tag of SHORT.keys())
    if (!m.has(tag)) throw new Error(`EMV tag dictionary: short name for unknown tag ${tag.toString(16)}`);
  return m;
})();

/** Dictionary entry for a tag, or undefined for tags the table does not know. */
export function tagInfo(tag: number): TagInfo | undefined {
  return EMV_TAGS.get(tag);
}

/** Checks a value against the dictionary bounds; unknown tags pass. */
export function checkTagValue(tag: number, value: Uint8Array, field?: string): void {
  const info = EMV_TAGS.get(tag);
  if (info === undefined) return;
  if (value.length < info.min || value.length > info.max) {
    const at = field ?? info.name;
    throw new EmvError(
      EmvErrorCodes.format,
      `${at}: length ${value.length}, expected ${info.min === info.max ? info.min : `${info.min}–${info.max}`}`,
      { field: at },
    );
  }
}
