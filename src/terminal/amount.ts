/**
 * Amounts as data: an integer count of minor units plus an ISO 4217 currency.
 * Never floating point — 12.34 is `{ minor: 1234, currency: "USD" }`.
 *
 * DE 4 (amount, transaction) is n 12 in ISO 8583:1987, so the largest
 * amount a request can carry is 999 999 999 999 minor units; DE 49 carries
 * the ISO 4217 numeric code (n 3).
 */
import { TerminalError, TerminalErrorCodes } from "./errors.js";

/** ISO 4217 currencies the terminal knows: alpha code, numeric code, minor-unit exponent. */
export const CURRENCIES = [
  { alpha: "USD", numeric: "840", exponent: 2, description: "US dollar" },
  { alpha: "EUR", numeric: "978", exponent: 2, description: "Euro" },
  { alpha: "GBP", numeric: "826", exponent: 2, description: "Pound sterling" },
  { alpha: "CAD", numeric: "124", exponent: 2, description: "Canadian dollar" },
  { alpha: "AUD", numeric: "036", exponent: 2, description: "Australian dollar" },
  { alpha: "CHF", numeric: "756", exponent: 2, description: "Swiss franc" },
  { alpha: "MXN", numeric: "484", exponent: 2, description: "Mexican peso" },
  { alpha: "BRL", numeric: "986", exponent: 2, description: "Brazilian real" },
  { alpha: "INR", numeric: "356", exponent: 2, description: "Indian rupee" },
  { alpha: "JPY", numeric: "392", exponent: 0, description: "Yen (no minor unit)" },
  { alpha: "KRW", numeric: "410", exponent: 0, description: "Won (no minor unit)" },
  { alpha: "KWD", numeric: "414", exponent: 3, description: "Kuwaiti dinar (three decimals)" },
  { alpha: "BHD", numeric: "048", exponent: 3, description: "Bahraini dinar (three decimals)" },
] as const;

export type CurrencyInfo = (typeof CURRENCIES)[number];
export type CurrencyCode = CurrencyInfo["alpha"];

export interface Amount {
  /** Integer count of minor units (cents for USD, yen for JPY). */
  readonly minor: number;
  readonly currency: CurrencyCode;
}

/** DE 4 is n 12 (ISO 8583:1987 §4.3): twelve digits of minor units at most. */
export const MAX_MINOR_UNITS = 999_999_999_999;

const BY_ALPHA = new Map<string, CurrencyInfo>(CURRENCIES.map((c) => [c.alpha, c]));
const BY_NUMERIC = new Map<string, CurrencyInfo>(CURRENCIES.map((c) => [c.numeric, c]));

export function currencyInfo(code: string): CurrencyInfo {
  const info = BY_ALPHA.get(code.toUpperCase()) ?? BY_NUMERIC.get(code);
  if (!info) {
    throw new TerminalError(
      TerminalErrorCodes.currency,
      `unknown currency "${code}": expected one of ${CURRENCIES.map((c) => c.alpha).join(", ")}`,
      { field: "currency" },
    );
  }
  return info;
}

/** Builds an amount from minor units, checking it fits DE 4 and is positive. */
export function amountOf(minor: number, currency: string): Amount {
  const info = currencyInfo(currency);
  if (!Number.isSafeInteger(minor) || minor <= 0 || minor > MAX_MINOR_UNITS) {
    throw new TerminalError(
      TerminalErrorCodes.amount,
      `amount must be a whole number of minor units between 1 and ${MAX_MINOR_UNITS} (got ${minor})`,
      { field: "amount" },
    );
  }
  return { minor, currency: info.alpha };
}

/**
 * Parses a decimal amount as a person types it ("12.34", "5", "0.5") in the
 * currency's own exponent: "12.345" is an error in USD, fine in KWD.
 */
export function parseAmount(text: string, currency = "USD"): Amount {
  const info = currencyInfo(currency);
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) {
    throw new TerminalError(
      TerminalErrorCodes.amount,
      `amount "${text}" is not a positive decimal number (expected digits with an optional "." and up to ${info.exponent} decimals)`,
      { field: "amount" },
    );
  }
  const whole = m[1] as string;
  const frac = m[2] ?? "";
  if (frac.length > info.exponent) {
    throw new TerminalError(
      TerminalErrorCodes.amount,
      `amount "${text}" has ${frac.length} decimals; ${info.alpha} allows ${info.exponent}`,
      { field: "amount" },
    );
  }
  const digits = (whole + frac.padEnd(info.exponent, "0")).replace(/^0+(?=\d)/, "");
  if (digits.length > 12) {
    throw new TerminalError(TerminalErrorCodes.amount, `amount "${text}" does not fit DE 4 (n 12 minor units)`, {
      field: "amount",
    });
  }
  return amountOf(Number(digits), info.alpha);
}

/** "12.34 USD" style text for people. */
export function formatAmount(amount: Amount): string {
  const { exponent } = currencyInfo(amount.currency);
  const s = String(amount.minor).padStart(exponent + 1, "0");
  const body = exponent === 0 ? s : `${s.slice(0, s.length - exponent)}.${s.slice(s.length - exponent)}`;
  return `${body} ${amount.currency}`;
}

/** DE 4: twelve digits, zero-padded minor units. */
export function amountField(amount: Amount): string {
  return String(amount.minor).padStart(12, "0");
}
