import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../src/errors/index.js";
import { amountField, amountOf, CURRENCIES, formatAmount, parseAmount } from "../../src/terminal/amount.js";

describe("parseAmount", () => {
  const good = [
    { text: "12.34", currency: "USD", minor: 1234 },
    { text: "12.3", currency: "USD", minor: 1230 },
    { text: "12", currency: "USD", minor: 1200 },
    { text: "0.01", currency: "EUR", minor: 1 },
    { text: "500", currency: "JPY", minor: 500 },
    { text: "1.234", currency: "KWD", minor: 1234 },
    { text: "9999999999.99", currency: "USD", minor: 999_999_999_999 },
    { text: "007.50", currency: "840", minor: 750 },
  ] as const;
  it.each(good)("$text $currency → $minor", ({ text, currency, minor }) => {
    expect(parseAmount(text, currency).minor).toBe(minor);
  });

  const bad = [
    ["abc", "USD"],
    ["-1.00", "USD"],
    ["1.234", "USD"],
    ["1.5", "JPY"],
    ["0", "USD"],
    ["0.00", "USD"],
    ["", "USD"],
    ["1e3", "USD"],
    ["10000000000.00", "USD"],
    ["1.00", "XXX"],
  ] as const;
  it.each(bad)("rejects %s %s with a typed error", (text, currency) => {
    expect(() => parseAmount(text, currency)).toThrow();
    try {
      parseAmount(text, currency);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
      expect((e as { code: string }).code).toMatch(/^terminal\.(amount|currency)$/);
    }
  });

  it("formats back to the same decimal text for every currency", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999_999 }), fc.constantFrom(...CURRENCIES), (minor, c) => {
        const a = amountOf(minor, c.alpha);
        const [text, code] = formatAmount(a).split(" ");
        expect(code).toBe(c.alpha);
        expect(parseAmount(text as string, c.alpha)).toEqual(a);
        expect(amountField(a)).toMatch(/^\d{12}$/);
        expect(Number(amountField(a))).toBe(minor);
      }),
    );
  });
});
