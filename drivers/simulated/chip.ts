/**
 * A contact EMV transaction as a simulated reader runs it, portable part.
 *
 * The reader plays the terminal's EMV kernel: it supplies the terminal data a
 * card's CDOL1 asks for (EMV 4.4 Book 3 §5.4, Book 2 §8.1.1 minimum set:
 * amounts, country, TVR, currency, date, type, unpredictable number), asks
 * the card for an ARQC with GENERATE AC (Book 3 §6.5.5) and publishes a
 * `chip` event whose TLV holds both sides. The card itself computes a real
 * cryptogram, which needs TDES: its model lives in `emv-card.node.ts`
 * (node:crypto) behind the `SimulatedIcc` interface, so this file and the
 * reader stay browser-safe.
 */
import { fromHex } from "../../src/bytes/index.js";
import { encodeTlv } from "../../src/emv/index.js";
import { ReaderError, ReaderErrorCodes } from "../../src/reader/errors.js";

/** What a simulated chip card answers to GENERATE AC; implemented by `SimulatedEmvCard` (Node). */
export interface SimulatedIcc {
  /** The card's Track 2 equivalent as ISO 7813 text with sentinels: the reader builds the `Card` from it. */
  readonly track2: string;
  /** PAN sequence number (5F34), two digits. */
  readonly panSequenceNumber: string;
  /**
   * First GENERATE AC asking for an ARQC: the card's response objects (9F26
   * ARQC, 9F27 CID, 9F36 ATC, 9F10 IAD, 82 AIP) for the terminal data given.
   * Each call uses the next ATC.
   */
  generateAc(terminalData: ReadonlyMap<number, Uint8Array>): ReadonlyMap<number, Uint8Array>;
}

/** The transaction facts the terminal side of the kernel contributes. */
export interface ChipTransaction {
  /** Amount, authorised, in minor units (9F02, n 12). */
  readonly amountMinor: number;
  /** ISO 4217 numeric currency (5F2A), e.g. "840". */
  readonly currency: string;
  /** ISO 3166 numeric terminal country (9F1A); default "840". */
  readonly country?: string;
  /** Transaction date (9A, YYMMDD, UTC); default now. */
  readonly date?: Date;
  /** Transaction type (9C, ISO 8583 DE 3 positions 1–2); default "00" goods and services. */
  readonly transactionType?: string;
  /** TVR (95), 5 bytes; default all zero (no terminal check failed). */
  readonly tvr?: Uint8Array;
  /** 9F37, 4 bytes; default from the platform CSPRNG, as a kernel draws it. */
  readonly unpredictableNumber?: Uint8Array;
}

const n = (digits: string, width: number): Uint8Array => fromHex(digits.padStart(width, "0"));

function argument(field: string, message: string): ReaderError {
  return new ReaderError(ReaderErrorCodes.argument, `${field}: ${message}`, { field });
}

/** The CDOL1 terminal data for `txn`, as tag → value (EMV 4.4 Book 3 Annex A formats). */
export function terminalDataFor(txn: ChipTransaction): Map<number, Uint8Array> {
  if (!Number.isSafeInteger(txn.amountMinor) || txn.amountMinor < 0 || txn.amountMinor > 999_999_999_999) {
    throw argument("amountMinor", `expected 0–999999999999 minor units (n 12), found ${txn.amountMinor}`);
  }
  if (!/^\d{3}$/.test(txn.currency)) throw argument("currency", "expected an ISO 4217 numeric code (3 digits)");
  const country = txn.country ?? "840";
  if (!/^\d{3}$/.test(country)) throw argument("country", "expected an ISO 3166 numeric code (3 digits)");
  const type = txn.transactionType ?? "00";
  if (!/^\d{2}$/.test(type)) throw argument("transactionType", "expected 2 digits");
  const tvr = txn.tvr ?? new Uint8Array(5);
  if (tvr.length !== 5) throw argument("tvr", `expected 5 bytes, found ${tvr.length}`);
  const un = txn.unpredictableNumber ?? globalThis.crypto.getRandomValues(new Uint8Array(4));
  if (un.length !== 4) throw argument("unpredictableNumber", `expected 4 bytes, found ${un.length}`);
  const d = txn.date ?? new Date();
  const yymmdd = [d.getUTCFullYear() % 100, d.getUTCMonth() + 1, d.getUTCDate()]
    .map((x) => String(x).padStart(2, "0"))
    .join("");
  return new Map<number, Uint8Array>([
    [0x9f02, n(String(txn.amountMinor), 12)],
    [0x9f03, n("0", 12)],
    [0x9f1a, n(country, 4)],
    [0x95, tvr.slice()],
    [0x5f2a, n(txn.currency, 4)],
    [0x9a, n(yymmdd, 6)],
    [0x9c, n(type, 2)],
    [0x9f37, un.slice()],
  ]);
}

/**
 * The chip event's TLV: terminal data, the card's GENERATE AC response, and
 * the card's PAN sequence number. PAN and Track 2 equivalent stay out (the
 * event's `card` carries them; DE 55 must not).
 */
export function chipTlv(icc: SimulatedIcc, txn: ChipTransaction): Uint8Array {
  const terminal = terminalDataFor(txn);
  const card = icc.generateAc(terminal);
  const all = new Map<number, Uint8Array>([...terminal, ...card, [0x5f34, n(icc.panSequenceNumber, 2)]]);
  return encodeTlv([...all].map(([tag, value]) => ({ tag, value })));
}
