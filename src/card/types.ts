/**
 * The card model shared by every layer: what a swipe, dip or tap yields once
 * decoded. Tracks follow ISO/IEC 7813 (Track 1 format B, Track 2) and ISO 4909
 * (Track 3, kept raw). `pan` is the full PAN: never log it — use `maskedPan`.
 */

export type CardBrand =
  | "visa"
  | "mastercard"
  | "amex"
  | "discover"
  | "jcb"
  | "unionpay"
  | "diners"
  | "maestro"
  | "unknown";

/** Expiry as on the stripe: YYMM (ISO 7813 §4/§5, field "expiration date"). */
export interface Expiry {
  /** Four digits, YYMM, exactly as encoded. */
  readonly yymm: string;
  /** Full year (20YY). */
  readonly year: number;
  /** 1–12. */
  readonly month: number;
}

/** ISO 7813 service code meaning (three digits, positions 1–3). */
export interface ServiceCode {
  readonly code: string;
  /** Position 1: interchange and technology. */
  readonly interchange: "international" | "national" | "private" | "test";
  /** Position 1 values 2 and 6: an IC (chip) is present, so a swipe is only a fallback. */
  readonly chipPresent: boolean;
  /** Position 2: authorization processing. */
  readonly authorization: "normal" | "by_issuer" | "by_issuer_unless_bilateral";
  /** Position 3: allowed services and PIN requirements. */
  readonly services: "no_restrictions" | "goods_and_services" | "atm_only" | "cash_only";
  readonly pin: "required" | "optional" | "prompt_if_pin_pad" | "none";
}

export interface Track1Data {
  /** The track text from start sentinel `%` to end sentinel `?` inclusive. */
  readonly raw: string;
  readonly formatCode: "B";
  readonly pan: string;
  /** Name as encoded (surname/first name), trimmed of trailing spaces. */
  readonly name: string;
  readonly expiry?: Expiry;
  readonly serviceCode?: ServiceCode;
  readonly discretionary: string;
}

export interface Track2Data {
  /** The track text from start sentinel `;` to end sentinel `?` inclusive. */
  readonly raw: string;
  readonly pan: string;
  readonly expiry?: Expiry;
  readonly serviceCode?: ServiceCode;
  readonly discretionary: string;
}

/** A card as the terminal sees it, assembled from whatever tracks were read. */
export interface Card {
  readonly pan: string;
  /** First 6 + last 4, the rest `*` (PCI DSS 3.4 display rule). */
  readonly maskedPan: string;
  readonly brand: CardBrand;
  readonly expiry?: Expiry;
  readonly serviceCode?: ServiceCode;
  readonly name?: string;
  readonly track1?: Track1Data;
  readonly track2?: Track2Data;
  /** Track 3 as read, unparsed. */
  readonly track3?: string;
}
