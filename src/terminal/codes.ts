/**
 * The code tables the terminal writes and reads, as data with a description
 * column. Values are ISO 8583:1987 unless the description says otherwise.
 */

/**
 * Transaction kinds: which MTI class and DE 3 processing code each uses.
 * DE 3 positions 1–2 are the transaction type (ISO 8583:1987 Annex A):
 * 00 goods and services, 20 returns (refund); positions 3–4 and 5–6 are
 * from/to account type, 00 = unspecified. A void is not a kind of its own:
 * it is a 0400 reversal of the original (see request.ts `buildReversal`).
 */
export const TRANSACTION_KINDS = {
  sale: { mti: "0200", processingCode: "000000", description: "Financial request, purchase of goods and services" },
  refund: { mti: "0200", processingCode: "200000", description: "Financial request, return (credit to the card)" },
  preauth: { mti: "0100", processingCode: "000000", description: "Authorization request, funds held, no posting" },
  completion: {
    mti: "0220",
    processingCode: "000000",
    description: "Financial advice completing an earlier preauthorization",
  },
} as const;
export type TransactionKind = keyof typeof TRANSACTION_KINDS;

/**
 * DE 22 point-of-service entry mode, n 3. Positions 1–2: PAN entry mode;
 * position 3: PIN entry capability (ISO 8583:1987 Annex A; 80 and 90 are the
 * values card schemes added for fallback and full-track reads).
 */
export const PAN_ENTRY_MODES = {
  manual: { code: "01", description: "Manual key entry" },
  swipe: { code: "90", description: "Magnetic stripe, full track read unaltered" },
  swipe_partial: { code: "02", description: "Magnetic stripe read, track content may be altered" },
  chip: { code: "05", description: "Integrated circuit card (contact EMV)" },
  contactless: { code: "07", description: "Contactless integrated circuit card" },
  fallback: { code: "80", description: "Chip card read by magnetic stripe after a failed chip read (fallback)" },
} as const;
export type PanEntryMode = keyof typeof PAN_ENTRY_MODES;

export const PIN_CAPABILITIES = {
  unknown: { code: "0", description: "Unspecified" },
  can_accept: { code: "1", description: "Terminal can accept PINs" },
  cannot_accept: { code: "2", description: "Terminal cannot accept PINs" },
  inoperative: { code: "8", description: "PIN pad inoperative" },
} as const;
export type PinCapability = keyof typeof PIN_CAPABILITIES;

/** DE 25 point-of-service condition code, n 2 (ISO 8583:1987 Annex A). */
export const POS_CONDITION_CODES = {
  normal: { code: "00", description: "Normal presentment, card and cardholder present" },
  customer_not_present: { code: "01", description: "Customer not present" },
  unattended: { code: "02", description: "Unattended terminal able to retain card" },
  merchant_suspicious: { code: "03", description: "Merchant suspicious" },
  mail_telephone: { code: "08", description: "Mail or telephone order" },
} as const;
export type PosCondition = keyof typeof POS_CONDITION_CODES;

/** How the terminal reports a response code. */
export type ResponseStatus = "approved" | "declined" | "error";

/**
 * DE 39 response codes (ISO 8583:1987 Annex A) the terminal interprets.
 * Unknown codes are declines: an approval must be explicit.
 */
export const RESPONSE_CODES = {
  "00": { status: "approved", description: "Approved or completed successfully" },
  "01": { status: "declined", description: "Refer to card issuer" },
  "03": { status: "declined", description: "Invalid merchant" },
  "04": { status: "declined", description: "Pick up card" },
  "05": { status: "declined", description: "Do not honour" },
  "08": { status: "approved", description: "Honour with identification" },
  "10": { status: "approved", description: "Approved for partial amount" },
  "12": { status: "declined", description: "Invalid transaction" },
  "13": { status: "declined", description: "Invalid amount" },
  "14": { status: "declined", description: "Invalid card number (no such number)" },
  "25": { status: "declined", description: "Unable to locate record on file" },
  "30": { status: "error", description: "Format error" },
  "41": { status: "declined", description: "Lost card, pick up" },
  "43": { status: "declined", description: "Stolen card, pick up" },
  "51": { status: "declined", description: "Not sufficient funds" },
  "54": { status: "declined", description: "Expired card" },
  "55": { status: "declined", description: "Incorrect PIN" },
  "57": { status: "declined", description: "Transaction not permitted to cardholder" },
  "58": { status: "declined", description: "Transaction not permitted to terminal" },
  "61": { status: "declined", description: "Exceeds withdrawal amount limit" },
  "63": { status: "declined", description: "Security violation (the simulator: request MAC missing or wrong)" },
  "82": {
    status: "declined",
    description:
      "Negative CAM, dCVV, iCVV or CVV results (Visa; ISO 8583:1987 leaves 76–89 to private use): ARQC failed",
  },
  "91": { status: "declined", description: "Issuer or switch inoperative" },
  "94": { status: "error", description: "Duplicate transmission" },
  "96": { status: "error", description: "System malfunction" },
} as const satisfies Readonly<Record<string, { status: ResponseStatus; description: string }>>;
export type KnownResponseCode = keyof typeof RESPONSE_CODES;

export function describeResponseCode(code: string): { status: ResponseStatus; description: string } {
  const known = (RESPONSE_CODES as Readonly<Record<string, { status: ResponseStatus; description: string }>>)[code];
  return known ?? { status: "declined", description: `Unknown response code ${code}` };
}
