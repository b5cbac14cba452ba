/**
 * The PAN check digit: ISO/IEC 7812-1 Annex B ("Luhn formula for computing
 * modulus 10 'double-add-double' check digits").
 */
import { CardError, CardErrorCodes } from "./errors.js";

/** Sum of digits with every second digit from the right doubled (9 subtracted when > 9). */
function luhnSum(digits: string, doubleFirst: boolean): number {
  let sum = 0;
  let double = doubleFirst;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum;
}

/** True when `pan` is all digits (at least two) and its last digit is the Luhn check digit. */
export function luhnValid(pan: string): boolean {
  if (pan.length < 2 || !/^[0-9]+$/.test(pan)) return false;
  return luhnSum(pan, false) % 10 === 0;
}

/** The check digit to append to `partialPan`. Throws `card.pan` unless it is one or more digits. */
export function luhnCheckDigit(partialPan: string): string {
  const bad = partialPan.search(/[^0-9]/);
  if (partialPan.length === 0 || bad >= 0) {
    throw new CardError(
      CardErrorCodes.pan,
      `partial PAN: expected digits, found ${bad < 0 ? "nothing" : `a non-digit at offset ${bad}`}`,
      {
        field: "pan",
        offset: Math.max(bad, 0),
      },
    );
  }
  return String((10 - (luhnSum(partialPan, true) % 10)) % 10);
}
