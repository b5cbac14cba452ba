import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localDate, localTime, retrievalReferenceNumber, transmissionDateTime } from "../../src/terminal/clock.js";
import { formatStan, MemoryStanStore, nextStan, STAN_MAX } from "../../src/terminal/stan.js";

describe("STAN (DE 11)", () => {
  it("counts 1, 2, … and wraps 999999 → 000001, never 000000", () => {
    expect(nextStan(0)).toBe(1);
    expect(nextStan(1)).toBe(2);
    expect(nextStan(999_998)).toBe(999_999);
    expect(nextStan(999_999)).toBe(1);
    expect(nextStan(-5)).toBe(1);
    expect(formatStan(1)).toBe("000001");
    expect(formatStan(STAN_MAX)).toBe("999999");
  });

  it("keeps one counter per terminal and wraps from a seeded value", async () => {
    const store = new MemoryStanStore({ T1: 999_998 });
    expect(await store.next("T1")).toBe(999_999);
    expect(await store.next("T1")).toBe(1);
    expect(await store.next("T2")).toBe(1);
    expect(await store.next("T1")).toBe(2);
  });

  it("stays within 1..999999 for any start", () => {
    fc.assert(
      fc.property(fc.integer(), (n) => {
        const s = nextStan(n);
        expect(s).toBeGreaterThanOrEqual(1);
        expect(s).toBeLessThanOrEqual(999_999);
        expect(formatStan(s)).toMatch(/^\d{6}$/);
      }),
    );
  });
});

describe("date/time fields", () => {
  // 2024-03-05 23:04:09 UTC — a leap year, after Feb 29.
  const at = new Date(Date.UTC(2024, 2, 5, 23, 4, 9));

  it("DE 7 is MMDDhhmmss in UTC", () => {
    expect(transmissionDateTime(at)).toBe("0305230409");
  });

  it("DE 12/13 use the acceptor's offset, crossing midnight", () => {
    expect(localTime(at, 0)).toBe("230409");
    expect(localDate(at, 0)).toBe("0305");
    expect(localTime(at, 120)).toBe("010409");
    expect(localDate(at, 120)).toBe("0306");
    expect(localTime(at, -300)).toBe("180409");
  });

  it("DE 37 RRN is YDDDhhNNNNNN: year digit, Julian day, hour, STAN", () => {
    // 5 March 2024 is day 31 + 29 + 5 = 65.
    expect(retrievalReferenceNumber(at, 0, 42)).toBe("4065" + "23" + "000042");
    expect(retrievalReferenceNumber(at, 120, 42)).toBe("4066" + "01" + "000042");
    expect(retrievalReferenceNumber(new Date(Date.UTC(2023, 11, 31, 5)), 0, 999_999)).toBe("3365" + "05" + "999999");
  });

  it("RRN is always 12 digits and ends with the STAN", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
        fc.integer({ min: -720, max: 840 }),
        fc.integer({ min: 1, max: 999_999 }),
        (d, off, stan) => {
          const rrn = retrievalReferenceNumber(d, off, stan);
          expect(rrn).toMatch(/^\d{12}$/);
          expect(rrn.slice(6)).toBe(formatStan(stan));
          const ddd = Number(rrn.slice(1, 4));
          expect(ddd).toBeGreaterThanOrEqual(1);
          expect(ddd).toBeLessThanOrEqual(366);
        },
      ),
    );
  });
});
