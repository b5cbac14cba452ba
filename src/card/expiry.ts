/**
 * Expiry dates as encoded on the stripe: YYMM (ISO/IEC 7813, "expiration
 * date"). Month 00 or 13+ is impossible and rejected; a card that is merely
 * past its date parses fine — declining it is the host's decision.
 */
import { CardError, CardErrorCodes } from "./errors.js";
import type { Expiry } from "./types.js";

/**
 * Parses YYMM. Years are 20YY: ISO/IEC 7813 stores two digits and payment
 * cards issued today expire well before 2100.
 */
export function parseExpiry(yymm: string, field = "expiry", baseOffset = 0): Expiry {
  const bad = yymm.search(/[^0-9]/);
  if (yymm.length !== 4 || bad >= 0) {
    throw new CardError(
      CardErrorCodes.expiry,
      `${field}: expected 4 digits YYMM, found ${bad >= 0 ? `a non-digit at offset ${baseOffset + bad}` : `${yymm.length} digits`}`,
      { field, offset: baseOffset + Math.max(bad, 0) },
    );
  }
  const month = Number(yymm.slice(2));
  if (month < 1 || month > 12) {
    throw new CardError(
      CardErrorCodes.expiry,
      `${field}: month ${yymm.slice(2)} at offset ${baseOffset + 2}, expected 01–12`,
      {
        field,
        offset: baseOffset + 2,
      },
    );
  }
  return { yymm, year: 2000 + Number(yymm.slice(0, 2)), month };
}

/**
 * True when `now` is after the last day of the expiry month (cards are valid
 * through the end of the month shown), compared in UTC.
 */
export function isExpired(expiry: Expiry, now: Date = new Date()): boolean {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  return y > expiry.year || (y === expiry.year && m > expiry.month);
}

/** Builds an `Expiry` from a year (2000–2099) and month; throws `card.expiry` otherwise. */
export function expiryOf(year: number, month: number): Expiry {
  if (!Number.isInteger(year) || year < 2000 || year > 2099 || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new CardError(
      CardErrorCodes.expiry,
      `expiry: expected year 2000–2099 and month 1–12, found ${year}-${month}`,
      {
        field: "expiry",
      },
    );
  }
  return parseExpiry(`${String(year - 2000).padStart(2, "0")}${String(month).padStart(2, "0")}`);
}
