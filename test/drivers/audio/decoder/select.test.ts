import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectKth } from "../../../../drivers/audio/decoder/filters.js";

describe("selectKth (noise percentiles without a full sort)", () => {
  it("returns the k-th smallest of a[0..n) and moves it to a[k], with ties and any n", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.nat(),
        (values, extra, kSeed) => {
          const n = values.length;
          const a = new Float32Array(n + (extra % 4));
          a.set(values);
          a.fill(99, n); // beyond n: must be ignored
          const k = kSeed % n;
          const sorted = values.slice().sort((x, y) => x - y);
          expect(selectKth(a, n, k)).toBe(sorted[k]);
          expect(a[k]).toBe(sorted[k]);
          expect(Array.from(a.subarray(0, n)).sort((x, y) => x - y)).toEqual(sorted);
          for (let i = n; i < a.length; i++) expect(a[i]).toBe(99);
        },
      ),
    );
  });
});
