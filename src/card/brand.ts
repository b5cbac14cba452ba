/**
 * Card brand from the PAN's leading digits (the issuer identification number,
 * ISO/IEC 7812-1), as a table of prefix ranges. Overlaps are resolved by the
 * longest matching prefix (e.g. 622126–622925 is Discover inside UnionPay's
 * 62). Ranges and lengths follow the networks' published acceptance guides as
 * summarised by common processor documentation; they are for routing and
 * display, not for authorisation decisions.
 */
import type { CardBrand } from "./types.js";

export interface BinRange {
  readonly brand: Exclude<CardBrand, "unknown">;
  /** Inclusive range of the first `digits` digits of the PAN. */
  readonly from: number;
  readonly to: number;
  readonly digits: number;
  /** PAN lengths the brand issues in this range. */
  readonly lengths: readonly number[];
  readonly description: string;
}

const L16_19 = [16, 17, 18, 19] as const;
const L12_19 = [12, 13, 14, 15, 16, 17, 18, 19] as const;

export const BIN_RANGES = [
  { brand: "visa", from: 4, to: 4, digits: 1, lengths: [13, 16, 19], description: "Visa: all of 4" },
  { brand: "mastercard", from: 51, to: 55, digits: 2, lengths: [16], description: "Mastercard 5-series" },
  {
    brand: "mastercard",
    from: 2221,
    to: 2720,
    digits: 4,
    lengths: [16],
    description: "Mastercard 2-series (since 2017)",
  },
  { brand: "amex", from: 34, to: 34, digits: 2, lengths: [15], description: "American Express 34" },
  { brand: "amex", from: 37, to: 37, digits: 2, lengths: [15], description: "American Express 37" },
  { brand: "discover", from: 6011, to: 6011, digits: 4, lengths: L16_19, description: "Discover 6011" },
  { brand: "discover", from: 644, to: 649, digits: 3, lengths: L16_19, description: "Discover 644–649" },
  { brand: "discover", from: 65, to: 65, digits: 2, lengths: L16_19, description: "Discover 65" },
  {
    brand: "discover",
    from: 622126,
    to: 622925,
    digits: 6,
    lengths: L16_19,
    description: "Discover / UnionPay co-brand range, routed as Discover (longest prefix beats UnionPay 62)",
  },
  { brand: "jcb", from: 3528, to: 3589, digits: 4, lengths: L16_19, description: "JCB 3528–3589" },
  {
    brand: "unionpay",
    from: 62,
    to: 62,
    digits: 2,
    lengths: L16_19,
    description: "UnionPay 62 (outside Discover's range)",
  },
  { brand: "unionpay", from: 81, to: 81, digits: 2, lengths: L16_19, description: "UnionPay 81" },
  {
    brand: "diners",
    from: 300,
    to: 305,
    digits: 3,
    lengths: [14, 15, 16, 17, 18, 19],
    description: "Diners Club Carte Blanche / International 300–305",
  },
  {
    brand: "diners",
    from: 3095,
    to: 3095,
    digits: 4,
    lengths: [14, 15, 16, 17, 18, 19],
    description: "Diners Club International 3095",
  },
  {
    brand: "diners",
    from: 36,
    to: 36,
    digits: 2,
    lengths: [14, 15, 16, 17, 18, 19],
    description: "Diners Club International 36",
  },
  {
    brand: "diners",
    from: 38,
    to: 39,
    digits: 2,
    lengths: [16, 17, 18, 19],
    description: "Diners Club 38–39 (Discover network)",
  },
  { brand: "maestro", from: 50, to: 50, digits: 2, lengths: L12_19, description: "Maestro 50 (5018, 5020, 5038, …)" },
  { brand: "maestro", from: 56, to: 58, digits: 2, lengths: L12_19, description: "Maestro 56–58" },
  {
    brand: "maestro",
    from: 6304,
    to: 6304,
    digits: 4,
    lengths: L12_19,
    description: "Maestro 6304 (formerly Laser, Ireland)",
  },
  { brand: "maestro", from: 6390, to: 6390, digits: 4, lengths: L12_19, description: "Maestro 6390" },
  { brand: "maestro", from: 6759, to: 6759, digits: 4, lengths: L12_19, description: "Maestro 6759 (UK domestic)" },
  { brand: "maestro", from: 6761, to: 6763, digits: 4, lengths: L12_19, description: "Maestro 6761–6763" },
  { brand: "maestro", from: 676770, to: 676770, digits: 6, lengths: L12_19, description: "Maestro UK 676770" },
  { brand: "maestro", from: 676774, to: 676774, digits: 6, lengths: L12_19, description: "Maestro UK 676774" },
] as const satisfies readonly BinRange[];

/** Two rows of the same prefix length must not overlap, or longest-prefix would be ambiguous. Checked once at load. */
function validateTable(rows: readonly BinRange[]): void {
  for (const [i, a] of rows.entries()) {
    if (a.from > a.to || String(a.to).length !== a.digits || String(a.from).length !== a.digits) {
      throw new Error(`BIN_RANGES row ${i} (${a.description}): from/to must be ${a.digits}-digit numbers, from ≤ to`);
    }
    for (const b of rows.slice(i + 1)) {
      if (a.digits === b.digits && a.from <= b.to && b.from <= a.to) {
        throw new Error(`BIN_RANGES rows overlap at ${a.digits} digits: ${a.description} / ${b.description}`);
      }
    }
  }
}
validateTable(BIN_RANGES);

const BY_LENGTH_DESC: readonly BinRange[] = [...BIN_RANGES].sort((a, b) => b.digits - a.digits);

/** The table row that governs `pan` (longest matching prefix), or undefined. */
export function binRangeOf(pan: string): BinRange | undefined {
  if (!/^[0-9]+$/.test(pan)) return undefined;
  for (const row of BY_LENGTH_DESC) {
    if (pan.length < row.digits) continue;
    const prefix = Number(pan.slice(0, row.digits));
    if (prefix >= row.from && prefix <= row.to) return row;
  }
  return undefined;
}

/** The brand of `pan` by its leading digits; `unknown` for non-digits or an unlisted prefix. */
export function brandOf(pan: string): CardBrand {
  return binRangeOf(pan)?.brand ?? "unknown";
}

/**
 * True when `pan`'s length is one its brand issues. For an unknown brand any
 * length ISO/IEC 7812-1 allows for a PAN counts (8–19 digits).
 */
export function panLengthValid(pan: string): boolean {
  const row = binRangeOf(pan);
  if (row === undefined) return /^[0-9]{8,19}$/.test(pan);
  return row.lengths.includes(pan.length);
}
