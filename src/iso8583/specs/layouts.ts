/**
 * The data elements of ISO 8583:1987 and ISO 8583:1993 independent of how they
 * travel: number, type, length kind, size, description, masking. `variants.ts`
 * turns a layout into a wire spec (ASCII, binary/BCD, EBCDIC).
 *
 * Types and sizes follow the standards' data element directories (1987 §4.3,
 * 1993 §4.4) as jPOS's iso87*.xml / iso93*.xml packagers carry them, with two
 * deliberate choices: DE 36 (track 3) is `ans` because jPOS and the acquirers
 * we target send it as characters, and DE 55 is `b` (ICC data, BER-TLV) in
 * both years, which is what every EMV acquirer expects in a 1987 message.
 */
import type { FieldType, LengthType, MaskKind, SubfieldLayout } from "../types.js";
import { BER_TLV, ISO87_ORIGINAL_DATA_ELEMENTS } from "./subfields.js";

export interface LayoutRow {
  readonly de: number;
  readonly type: FieldType;
  readonly lengthType: LengthType;
  readonly length: number;
  readonly description: string;
  readonly mask?: MaskKind;
  /** Inner structure the standard gives the element (see specs/subfields.ts). */
  readonly subfields?: SubfieldLayout;
}

type Row = readonly [
  de: number,
  type: FieldType,
  lengthType: LengthType,
  length: number,
  description: string,
  mask?: MaskKind,
  subfields?: SubfieldLayout,
];

function rows(list: readonly Row[]): readonly LayoutRow[] {
  return list.map(([de, type, lengthType, length, description, mask, subfields]) => ({
    de,
    type,
    lengthType,
    length,
    description,
    ...(mask !== undefined && { mask }),
    ...(subfields !== undefined && { subfields }),
  }));
}

function reserved(from: number, to: number, description: string): Row[] {
  const out: Row[] = [];
  for (let de = from; de <= to; de++) out.push([de, "ans", "LLL", 999, description]);
  return out;
}

function counts(from: number, to: number, length: number, names: readonly string[]): Row[] {
  const out: Row[] = [];
  for (let de = from; de <= to; de++) out.push([de, "n", "fixed", length, names[de - from] as string]);
  return out;
}

/** ISO 8583:1987 data elements 2–128 (bit 1 and bit 65 are bitmaps). */
export const ISO87_LAYOUT: readonly LayoutRow[] = rows([
  [2, "n", "LL", 19, "Primary account number (PAN)", "pan"],
  [3, "n", "fixed", 6, "Processing code"],
  [4, "n", "fixed", 12, "Amount, transaction"],
  [5, "n", "fixed", 12, "Amount, settlement"],
  [6, "n", "fixed", 12, "Amount, cardholder billing"],
  [7, "n", "fixed", 10, "Transmission date and time (MMDDhhmmss)"],
  [8, "n", "fixed", 8, "Amount, cardholder billing fee"],
  [9, "n", "fixed", 8, "Conversion rate, settlement"],
  [10, "n", "fixed", 8, "Conversion rate, cardholder billing"],
  [11, "n", "fixed", 6, "System trace audit number (STAN)"],
  [12, "n", "fixed", 6, "Time, local transaction (hhmmss)"],
  [13, "n", "fixed", 4, "Date, local transaction (MMDD)"],
  [14, "n", "fixed", 4, "Date, expiration (YYMM)"],
  [15, "n", "fixed", 4, "Date, settlement (MMDD)"],
  [16, "n", "fixed", 4, "Date, conversion (MMDD)"],
  [17, "n", "fixed", 4, "Date, capture (MMDD)"],
  [18, "n", "fixed", 4, "Merchant type (MCC)"],
  [19, "n", "fixed", 3, "Acquiring institution country code"],
  [20, "n", "fixed", 3, "PAN extended, country code"],
  [21, "n", "fixed", 3, "Forwarding institution country code"],
  [22, "n", "fixed", 3, "Point of service entry mode"],
  [23, "n", "fixed", 3, "Card sequence number"],
  [24, "n", "fixed", 3, "Network international identifier (NII)"],
  [25, "n", "fixed", 2, "Point of service condition code"],
  [26, "n", "fixed", 2, "Point of service PIN capture code"],
  [27, "n", "fixed", 1, "Authorization identification response length"],
  [28, "x+n", "fixed", 9, "Amount, transaction fee"],
  [29, "x+n", "fixed", 9, "Amount, settlement fee"],
  [30, "x+n", "fixed", 9, "Amount, transaction processing fee"],
  [31, "x+n", "fixed", 9, "Amount, settlement processing fee"],
  [32, "n", "LL", 11, "Acquiring institution identification code"],
  [33, "n", "LL", 11, "Forwarding institution identification code"],
  [34, "ns", "LL", 28, "Primary account number, extended", "pan"],
  [35, "z", "LL", 37, "Track 2 data", "track2"],
  [36, "ans", "LLL", 104, "Track 3 data", "track3"],
  [37, "an", "fixed", 12, "Retrieval reference number"],
  [38, "an", "fixed", 6, "Authorization identification response"],
  [39, "an", "fixed", 2, "Response code"],
  [40, "an", "fixed", 3, "Service restriction code"],
  [41, "ans", "fixed", 8, "Card acceptor terminal identification"],
  [42, "ans", "fixed", 15, "Card acceptor identification code"],
  [43, "ans", "fixed", 40, "Card acceptor name/location"],
  [44, "ans", "LL", 25, "Additional response data"],
  [45, "ans", "LL", 76, "Track 1 data", "track1"],
  [46, "ans", "LLL", 999, "Additional data, ISO"],
  [47, "ans", "LLL", 999, "Additional data, national"],
  [48, "ans", "LLL", 999, "Additional data, private"],
  [49, "an", "fixed", 3, "Currency code, transaction"],
  [50, "an", "fixed", 3, "Currency code, settlement"],
  [51, "an", "fixed", 3, "Currency code, cardholder billing"],
  [52, "b", "fixed", 8, "Personal identification number data (PIN block)", "secret"],
  [53, "n", "fixed", 16, "Security related control information"],
  [54, "an", "LLL", 120, "Additional amounts"],
  [55, "b", "LLL", 999, "ICC system related data (EMV BER-TLV)", "emv", BER_TLV],
  ...reserved(56, 56, "Reserved ISO"),
  ...reserved(57, 59, "Reserved national"),
  ...reserved(60, 63, "Reserved private"),
  [64, "b", "fixed", 8, "Message authentication code (MAC)"],
  [66, "n", "fixed", 1, "Settlement code"],
  [67, "n", "fixed", 2, "Extended payment code"],
  [68, "n", "fixed", 3, "Receiving institution country code"],
  [69, "n", "fixed", 3, "Settlement institution country code"],
  [70, "n", "fixed", 3, "Network management information code"],
  [71, "n", "fixed", 4, "Message number"],
  [72, "n", "fixed", 4, "Message number, last"],
  [73, "n", "fixed", 6, "Date, action (YYMMDD)"],
  ...counts(74, 81, 10, [
    "Credits, number",
    "Credits, reversal number",
    "Debits, number",
    "Debits, reversal number",
    "Transfer, number",
    "Transfer, reversal number",
    "Inquiries, number",
    "Authorizations, number",
  ]),
  ...counts(82, 85, 12, [
    "Credits, processing fee amount",
    "Credits, transaction fee amount",
    "Debits, processing fee amount",
    "Debits, transaction fee amount",
  ]),
  ...counts(86, 89, 16, ["Credits, amount", "Credits, reversal amount", "Debits, amount", "Debits, reversal amount"]),
  [90, "n", "fixed", 42, "Original data elements", undefined, ISO87_ORIGINAL_DATA_ELEMENTS],
  [91, "an", "fixed", 1, "File update code"],
  [92, "an", "fixed", 2, "File security code"],
  [93, "an", "fixed", 5, "Response indicator"],
  [94, "an", "fixed", 7, "Service indicator"],
  [95, "an", "fixed", 42, "Replacement amounts"],
  [96, "b", "fixed", 8, "Message security code"],
  [97, "x+n", "fixed", 17, "Amount, net settlement"],
  [98, "ans", "fixed", 25, "Payee"],
  [99, "n", "LL", 11, "Settlement institution identification code"],
  [100, "n", "LL", 11, "Receiving institution identification code"],
  [101, "ans", "LL", 17, "File name"],
  [102, "ans", "LL", 28, "Account identification 1"],
  [103, "ans", "LL", 28, "Account identification 2"],
  [104, "ans", "LLL", 100, "Transaction description"],
  ...reserved(105, 111, "Reserved ISO"),
  ...reserved(112, 119, "Reserved national"),
  ...reserved(120, 127, "Reserved private"),
  [128, "b", "fixed", 8, "Message authentication code (MAC)"],
]);

/** ISO 8583:1993 data elements 2–128 (sizes as jPOS iso93ascii.xml carries them). */
export const ISO93_LAYOUT: readonly LayoutRow[] = rows([
  [2, "n", "LL", 19, "Primary account number (PAN)", "pan"],
  [3, "n", "fixed", 6, "Processing code"],
  [4, "n", "fixed", 12, "Amount, transaction"],
  [5, "n", "fixed", 12, "Amount, reconciliation"],
  [6, "n", "fixed", 12, "Amount, cardholder billing"],
  [7, "n", "fixed", 10, "Date and time, transmission (MMDDhhmmss)"],
  [8, "n", "fixed", 8, "Amount, cardholder billing fee"],
  [9, "n", "fixed", 8, "Conversion rate, reconciliation"],
  [10, "n", "fixed", 8, "Conversion rate, cardholder billing"],
  [11, "n", "fixed", 6, "Systems trace audit number"],
  [12, "n", "fixed", 12, "Date and time, local transaction (YYMMDDhhmmss)"],
  [13, "n", "fixed", 4, "Date, effective (YYMM)"],
  [14, "n", "fixed", 4, "Date, expiration (YYMM)"],
  [15, "n", "fixed", 6, "Date, settlement (YYMMDD)"],
  [16, "n", "fixed", 4, "Date, conversion (MMDD)"],
  [17, "n", "fixed", 4, "Date, capture (MMDD)"],
  [18, "n", "fixed", 4, "Merchant type"],
  [19, "n", "fixed", 3, "Country code, acquiring institution"],
  [20, "n", "fixed", 3, "Country code, primary account number"],
  [21, "n", "fixed", 3, "Country code, forwarding institution"],
  [22, "an", "fixed", 12, "Point of service data code"],
  [23, "n", "fixed", 3, "Card sequence number"],
  [24, "n", "fixed", 3, "Function code"],
  [25, "n", "fixed", 4, "Message reason code"],
  [26, "n", "fixed", 4, "Card acceptor business code"],
  [27, "n", "fixed", 1, "Approval code length"],
  [28, "n", "fixed", 6, "Date, reconciliation (YYMMDD)"],
  [29, "n", "fixed", 3, "Reconciliation indicator"],
  [30, "n", "fixed", 24, "Amounts, original"],
  [31, "ans", "LL", 99, "Acquirer reference data"],
  [32, "n", "LL", 11, "Acquiring institution identification code"],
  [33, "n", "LL", 11, "Forwarding institution identification code"],
  [34, "ns", "LL", 28, "Primary account number, extended", "pan"],
  [35, "z", "LL", 37, "Track 2 data", "track2"],
  [36, "ans", "LLL", 104, "Track 3 data", "track3"],
  [37, "anp", "fixed", 12, "Retrieval reference number"],
  [38, "anp", "fixed", 6, "Approval code"],
  [39, "n", "fixed", 3, "Action code"],
  [40, "n", "fixed", 3, "Service code"],
  [41, "ans", "fixed", 8, "Card acceptor terminal identification"],
  [42, "ans", "fixed", 15, "Card acceptor identification code"],
  [43, "ans", "LL", 99, "Card acceptor name/location"],
  [44, "ans", "LL", 99, "Additional response data"],
  [45, "ans", "LL", 76, "Track 1 data", "track1"],
  [46, "ans", "LLL", 204, "Amounts, fees"],
  [47, "ans", "LLL", 999, "Additional data, national"],
  [48, "ans", "LLL", 999, "Additional data, private"],
  [49, "an", "fixed", 3, "Currency code, transaction"],
  [50, "an", "fixed", 3, "Currency code, reconciliation"],
  [51, "an", "fixed", 3, "Currency code, cardholder billing"],
  [52, "b", "fixed", 8, "Personal identification number data (PIN block)", "secret"],
  [53, "b", "LL", 48, "Security related control information"],
  [54, "ans", "LLL", 120, "Amounts, additional"],
  [55, "b", "LLL", 255, "Integrated circuit card system related data (EMV BER-TLV)", "emv", BER_TLV],
  [56, "n", "LL", 35, "Original data elements"],
  [57, "n", "fixed", 3, "Authorization life cycle code"],
  [58, "n", "LL", 11, "Authorizing agent institution identification code"],
  [59, "ans", "LLL", 999, "Transport data"],
  ...reserved(60, 61, "Reserved national"),
  ...reserved(62, 63, "Reserved private"),
  [64, "b", "fixed", 8, "Message authentication code (MAC)"],
  [66, "ans", "LLL", 204, "Amounts, original fees"],
  [67, "n", "fixed", 2, "Extended payment data"],
  [68, "n", "fixed", 3, "Country code, receiving institution"],
  [69, "n", "fixed", 3, "Country code, settlement institution"],
  [70, "n", "fixed", 3, "Country code, authorizing agent institution"],
  [71, "n", "fixed", 8, "Message number"],
  [72, "ans", "LLL", 999, "Data record"],
  [73, "n", "fixed", 6, "Date, action (YYMMDD)"],
  ...counts(74, 81, 10, [
    "Credits, number",
    "Credits, reversal number",
    "Debits, number",
    "Debits, reversal number",
    "Transfer, number",
    "Transfer, reversal number",
    "Inquiries, number",
    "Authorizations, number",
  ]),
  ...counts(82, 85, 10, [
    "Inquiries, reversal number",
    "Payments, number",
    "Payments, reversal number",
    "Fee collections, number",
  ]),
  ...counts(86, 89, 16, ["Credits, amount", "Credits, reversal amount", "Debits, amount", "Debits, reversal amount"]),
  [90, "n", "fixed", 10, "Authorizations, reversal number"],
  [91, "n", "fixed", 3, "Country code, transaction destination institution"],
  [92, "n", "fixed", 3, "Country code, transaction originator institution"],
  [93, "n", "LL", 11, "Transaction destination institution identification code"],
  [94, "n", "LL", 11, "Transaction originator institution identification code"],
  [95, "ans", "LL", 99, "Card issuer reference data"],
  [96, "b", "LLL", 999, "Key management data", "secret"],
  [97, "x+n", "fixed", 17, "Amount, net reconciliation"],
  [98, "ans", "fixed", 25, "Payee"],
  [99, "an", "LL", 11, "Settlement institution identification code"],
  [100, "n", "LL", 11, "Receiving institution identification code"],
  [101, "ans", "LL", 17, "File name"],
  [102, "ans", "LL", 28, "Account identification 1"],
  [103, "ans", "LL", 28, "Account identification 2"],
  [104, "ans", "LLL", 100, "Transaction description"],
  [105, "n", "fixed", 16, "Credits, chargeback amount"],
  [106, "n", "fixed", 16, "Debits, chargeback amount"],
  [107, "n", "fixed", 10, "Credits, chargeback number"],
  [108, "n", "fixed", 10, "Debits, chargeback number"],
  [109, "ans", "LL", 84, "Credits, fee amounts"],
  [110, "ans", "LL", 84, "Debits, fee amounts"],
  ...reserved(111, 111, "Reserved ISO"),
  ...reserved(112, 119, "Reserved national"),
  ...reserved(120, 127, "Reserved private"),
  [128, "b", "fixed", 8, "Message authentication code (MAC)"],
]);
