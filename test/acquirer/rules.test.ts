import { describe, expect, it } from "vitest";
import { DEFAULT_RULES, decide, type RequestFacts, type Rule, validateRules } from "../../src/acquirer/rules.js";

const now = new Date(Date.UTC(2025, 5, 15));
const facts = (over: Partial<RequestFacts>): RequestFacts => ({
  mti: "0200",
  amountMinor: 1234,
  pan: "4111111111111111",
  expiry: "3012",
  processingCode: "000000",
  now,
  ...over,
});

describe("default rules", () => {
  const cases = [
    { name: "plain approval", f: {}, rule: undefined },
    { name: "Luhn failure → 14", f: { pan: "4111111111111112" }, rule: "luhn" },
    { name: "expired DE 14 → 54", f: { expiry: "2505" }, rule: "expired" },
    { name: "current month is still valid", f: { expiry: "2506" }, rule: undefined },
    { name: "impossible month counts as expired", f: { expiry: "3013" }, rule: "expired" },
    { name: "test PAN 4000000000000002 → 05", f: { pan: "4000000000000002" }, rule: "bin-decline" },
    { name: "test PAN 4000000000009995 → 51", f: { pan: "4000000000009995" }, rule: "bin-nsf" },
    { name: ".05 → 05", f: { amountMinor: 105 }, rule: "amount-05" },
    { name: ".51 → 51", f: { amountMinor: 2051 }, rule: "amount-51" },
    { name: ".54 → 54", f: { amountMinor: 54 }, rule: "amount-54" },
    { name: ".91 → 91", f: { amountMinor: 991 }, rule: "amount-91" },
    { name: ".68 → no response", f: { amountMinor: 1068 }, rule: "amount-no-response" },
    { name: ".97 → delayed", f: { amountMinor: 97 }, rule: "amount-slow" },
    { name: "limit → 61", f: { amountMinor: 10_000_001 }, rule: "amount-limit" },
    { name: "Luhn beats amount", f: { pan: "4111111111111112", amountMinor: 105 }, rule: "luhn" },
    { name: "rules skip reversals", f: { mti: "0400", amountMinor: 105 }, rule: undefined },
    { name: "preauth is covered", f: { mti: "0100", amountMinor: 151 }, rule: "amount-51" },
  ] as const;
  it.each(cases)("$name", ({ f, rule }) => {
    expect(decide(DEFAULT_RULES, facts(f))?.id).toBe(rule);
  });

  it("every rule has a description and a valid response code", () => {
    expect(validateRules(DEFAULT_RULES)).toBe(DEFAULT_RULES);
    for (const r of DEFAULT_RULES) expect(r.description.length).toBeGreaterThan(10);
  });
});

describe("validateRules", () => {
  const base: Rule = { id: "x", description: "test", when: {}, outcome: { responseCode: "05" } };
  it.each([
    [[base, base], /duplicate rule id "x"/],
    [[{ ...base, outcome: { responseCode: "5" } }], /response code must be 2 characters/],
    [[{ ...base, when: { amountEndsWith: "abc" } }], /amountEndsWith must be 1–2 digits/],
    [[{ ...base, outcome: { responseCode: "00", delayMs: -1 } }], /delayMs/],
  ] as const)("rejects a bad table (%#)", (rules, message) => {
    expect(() => validateRules(rules)).toThrow(
      expect.objectContaining({ code: "acquirer.rules", message: expect.stringMatching(message) }),
    );
  });
});
