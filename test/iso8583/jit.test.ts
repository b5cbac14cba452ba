import fc from "fast-check";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_DE55, BENCH_TEXT } from "../../bench/iso8583-message.js";
import { toHex } from "../../src/bytes/index.js";
import {
  type CodecOptions,
  compileSpec,
  deriveSpec,
  type FieldValue,
  getSpec,
  type IsoMessage,
  Iso8583Error,
  type MessageSpec,
  packMessage,
  SPEC_NAMES,
  unpack,
  unpackMessage,
} from "../../src/iso8583/index.js";
import { compileJit } from "../../src/iso8583/jit.js";
import { CHROMIUM_AVAILABLE, launchChromium } from "../helpers/chromium.js";
import { servePage, type TestPage } from "../helpers/page.js";
import { messageArb, mutate, mutationArb } from "./arbitraries.js";

type Outcome = { ok: unknown } | { error: { code: string; message: string; field?: string; offset?: number } };

function outcome(fn: () => unknown): Outcome {
  try {
    const v = fn();
    return { ok: v instanceof Uint8Array ? toHex(v) : v };
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
    return {
      error: {
        code: e.code,
        message: e.message,
        ...(e.field !== undefined && { field: e.field }),
        ...(e.offset !== undefined && { offset: e.offset }),
      },
    };
  }
}

const INTERPRET = { interpret: true } as const;

function samePack(spec: MessageSpec, m: IsoMessage, options: CodecOptions = {}): Outcome {
  const jit = outcome(() => packMessage(spec, m, options));
  expect(jit).toEqual(outcome(() => packMessage(spec, m, { ...options, ...INTERPRET })));
  return jit;
}

function sameUnpack(spec: MessageSpec, bytes: Uint8Array, options: CodecOptions & { copy?: boolean } = {}): Outcome {
  const jit = outcome(() => unpackMessage(spec, bytes, options));
  expect(jit).toEqual(outcome(() => unpackMessage(spec, bytes, { ...options, ...INTERPRET })));
  return jit;
}

/** Ways to spoil one field value: wrong kind, wrong length, characters a type refuses, non-Latin-1. */
const corruptionArb = fc.record({
  pick: fc.nat(),
  /** Which character a character corruption replaces (the generated code unrolls fixed fields per index). */
  at: fc.nat(),
  kind: fc.constantFrom("kind", "longer", "shorter", "letter", "latin1", "wide", "nul"),
});

function corrupt(v: FieldValue, kind: string, at = 0): FieldValue {
  if (kind === "kind") return typeof v === "string" ? new Uint8Array(v.length) : "0".repeat(v.length);
  if (kind === "longer") return typeof v === "string" ? `${v}0` : Uint8Array.from([...v, 0]);
  if (kind === "shorter") return v.slice(0, Math.max(0, v.length - 1));
  if (typeof v !== "string" || v.length === 0) return v;
  const ch = { letter: "X", latin1: "é", wide: "\u0100", nul: "\u0000" }[kind] as string;
  const i = at % v.length;
  return v.slice(0, i) + ch + v.slice(i + 1);
}

describe("jit and interpreter agree", () => {
  it("the generated codec exists for every shipped spec (none has a tertiary bitmap)", () => {
    for (const name of SPEC_NAMES) {
      const c = compileSpec(getSpec(name));
      expect(compileJit(c.spec, c.codecs), name).not.toBeNull();
    }
  });

  it("the bench's 0200 packs to the same bytes, pooled or not, and unpacks to the same values", () => {
    const spec = getSpec("iso87ascii");
    const m: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
    const packed = samePack(spec, m);
    expect(samePack(spec, m, { pooled: true })).toEqual(packed);
    const bytes = packMessage(spec, m);
    expect(sameUnpack(spec, bytes)).toEqual({ ok: m });
    expect(sameUnpack(spec, bytes, { copy: true })).toEqual({ ok: m });
  });

  for (const name of SPEC_NAMES) {
    describe(name, () => {
      const spec = getSpec(name);

      it("valid messages: same bytes and values, validate on and off", () => {
        fc.assert(
          fc.property(messageArb(spec), fc.boolean(), (m, validate) => {
            const packed = samePack(spec, m, { validate });
            expect("ok" in packed).toBe(true);
            sameUnpack(spec, packMessage(spec, m), { validate });
          }),
          { numRuns: 100 },
        );
      });

      it("a corrupted field value: the same error (or the same bytes where validate is off)", () => {
        fc.assert(
          fc.property(messageArb(spec), corruptionArb, fc.boolean(), (m, c, validate) => {
            const keys = Object.keys(m.fields);
            if (keys.length === 0) return;
            const de = Number(keys[c.pick % keys.length]);
            const fields = { ...m.fields, [de]: corrupt(m.fields[de] as FieldValue, c.kind, c.at) };
            samePack(spec, { ...m, fields }, { validate });
          }),
          { numRuns: 200 },
        );
      });

      it("keys that are no field, undefined values, bad MTI or header: the same error", () => {
        const base = fc.sample(messageArb(spec), { numRuns: 1, seed: 7 })[0] as IsoMessage;
        const extras: Record<string, unknown>[] = [
          { 1: "x" },
          { 65: "x" },
          { 300: "1" },
          { pan: "1" },
          { 3: undefined },
        ];
        for (const extra of extras) {
          samePack(spec, { ...base, fields: { ...base.fields, ...extra } as IsoMessage["fields"] });
        }
        samePack(spec, { ...base, mti: "02A0" });
        if (spec.headerLength > 0) {
          samePack(spec, { mti: base.mti, fields: base.fields });
          samePack(spec, { ...base, header: new Uint8Array(spec.headerLength + 1) });
        }
        const inherited = Object.create({ 3: "000000" }) as IsoMessage["fields"];
        samePack(spec, { ...base, fields: inherited });
      });

      it("mutated and random bytes: the same values or the same error", () => {
        fc.assert(
          fc.property(messageArb(spec), mutationArb, fc.boolean(), (m, mu, validate) => {
            sameUnpack(spec, mutate(packMessage(spec, m), mu), { validate });
          }),
          { numRuns: 300 },
        );
        fc.assert(
          fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
            sameUnpack(spec, bytes);
          }),
          { numRuns: 200 },
        );
      });
    });
  }

  it("a variable field one unit over its maximum, otherwise well formed: the same error, every field of every spec", () => {
    const unit = (type: string, n: number): FieldValue =>
      type === "b"
        ? new Uint8Array(n)
        : type === "x+n"
          ? `C${"1".repeat(n - 1)}`
          : "1".repeat(n).replace(/1/g, /^(n|z|ns)$/.test(type) ? "1" : "A");
    let checked = 0;
    for (const name of SPEC_NAMES) {
      const spec = getSpec(name);
      for (const de of spec.fieldNumbers) {
        const f = spec.fields[de];
        if (f === undefined || f.lengthType === "fixed") continue;
        let wider: MessageSpec;
        try {
          wider = deriveSpec(spec, {
            name: `${name}-wider`,
            description: "",
            fields: { [de]: { ...f, length: f.length + 1 } },
          });
        } catch {
          continue; // max + 1 does not fit the prefix: the wire cannot say it
        }
        const header = spec.headerLength > 0 ? { header: new Uint8Array(spec.headerLength) } : {};
        const bytes = packMessage(wider, { mti: "0200", fields: { [de]: unit(f.type, f.length + 1) }, ...header });
        const result = sameUnpack(spec, bytes);
        expect("error" in result && result.error.code, `${name} DE ${de}`).toBe("iso8583.length");
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  describe("bitmap-specialised pack and unpack (generated once a bitmap repeats)", () => {
    /** Counts the specialised codecs generated while `fn` runs (jit.ts names them packBitmap and unpackBitmap). */
    function generated(fn: () => void): { pack: number; unpack: number } {
      const original = globalThis.Function;
      const counts = { pack: 0, unpack: 0 };
      globalThis.Function = new Proxy(original, {
        construct(target, args: string[]) {
          const source = String(args[args.length - 1]);
          if (source.includes("function packBitmap(")) counts.pack++;
          if (source.includes("function unpackBitmap(")) counts.unpack++;
          return Reflect.construct(target, args) as object;
        },
      });
      try {
        fn();
      } finally {
        globalThis.Function = original;
      }
      return counts;
    }

    /** Packs and unpacks `m` 40 times, then holds corruptions and mutations of it to the interpreter. */
    function repeated(base: MessageSpec, m: IsoMessage, tag: string): { pack: number; unpack: number } {
      // A fresh derived spec: its own jit and shape cache, nothing warmed by other tests.
      const spec = deriveSpec(base, { name: `${base.name}-${tag}`, description: "", fields: {} });
      const bytes = packMessage(spec, m);
      const counts = generated(() => {
        for (let i = 0; i < 40; i++) {
          packMessage(spec, m, { pooled: i % 2 === 0 });
          unpackMessage(spec, bytes);
        }
      });
      const keys = Object.keys(m.fields);
      expect(samePack(spec, m)).toEqual({ ok: toHex(bytes) });
      expect(sameUnpack(spec, bytes)).toEqual(sameUnpack(spec, bytes, { copy: true }));
      fc.assert(
        fc.property(corruptionArb, fc.boolean(), (c, validate) => {
          if (keys.length === 0) return;
          const de = Number(keys[c.pick % keys.length]);
          const fields = { ...m.fields, [de]: corrupt(m.fields[de] as FieldValue, c.kind, c.at) };
          samePack(spec, { ...m, fields }, { validate });
          const { [de]: _dropped, ...fewer } = m.fields;
          samePack(spec, { ...m, fields: { ...fewer, 1: "x" } as IsoMessage["fields"] });
          samePack(spec, { ...m, fields: { ...m.fields, pan: "1" } as IsoMessage["fields"] });
        }),
        { numRuns: 100 },
      );
      fc.assert(
        fc.property(mutationArb, fc.boolean(), fc.boolean(), (mu, validate, copy) => {
          sameUnpack(spec, mutate(bytes, mu), { validate, copy });
        }),
        { numRuns: 300 },
      );
      return counts;
    }

    it("the bench's 0200: one specialised pack and unpack, then corruptions and mutations agree", () => {
      const m: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
      expect(repeated(getSpec("iso87ascii"), m, "bench")).toEqual({ pack: 1, unpack: 1 });
    });

    for (const name of SPEC_NAMES) {
      it(`${name}: repeated messages, their corruptions and mutations agree`, () => {
        const spec = getSpec(name);
        const total = { pack: 0, unpack: 0 };
        for (const [i, m] of fc.sample(messageArb(spec), { numRuns: 6, seed: 11 }).entries()) {
          const counts = repeated(spec, m, `r${i}`);
          total.pack += counts.pack;
          total.unpack += counts.unpack;
        }
        expect(total.pack, "a specialised pack per message").toBe(6);
        expect(total.unpack, "some messages have a specialised unpack").toBeGreaterThan(0);
      });
    }

    it("bitmaps that keep changing make at most 32 specialised packs and unpacks per spec", () => {
      const spec = deriveSpec(getSpec("iso87ascii"), { name: "iso87ascii-churn", description: "", fields: {} });
      const messages = fc.sample(messageArb(spec), { numRuns: 60, seed: 5 });
      const distinct = new Set(messages.map((m) => Object.keys(m.fields).join(","))).size;
      const counts = generated(() => {
        for (const m of messages) {
          const bytes = packMessage(spec, m);
          for (let i = 0; i < 20; i++) {
            samePack(spec, m);
            sameUnpack(spec, bytes);
          }
        }
      });
      expect(distinct).toBeGreaterThan(32);
      expect(counts.pack).toBe(32);
      expect(counts.unpack).toBeGreaterThan(0);
      expect(counts.unpack).toBeLessThanOrEqual(32);
    });
  });

  describe("BCD fields (inlined since the generated code reads and writes them itself)", () => {
    /** Every shipped spec's BCD fields of type n or z, each alone in a message (so it is the last field). */
    const cases = SPEC_NAMES.flatMap((name) => {
      const spec = getSpec(name);
      const c = compileSpec(spec);
      return c.spec.fieldNumbers.flatMap((de) => {
        const f = c.codecs[de];
        if (f === undefined || f.spec.encoding !== "bcd" || (f.spec.type !== "n" && f.spec.type !== "z")) return [];
        const header = spec.headerLength > 0 ? { header: new Uint8Array(spec.headerLength) } : {};
        // An odd number of digits, so the value carries a pad nibble.
        const units = f.prefixDigits === 0 ? f.max : Math.min(f.max, 7) - (Math.min(f.max, 7) % 2 === 0 ? 1 : 0);
        const m: IsoMessage = {
          mti: "0200",
          fields: { [de]: "7654321987654321987".repeat(9).slice(0, units) },
          ...header,
        };
        return [{ name, spec, f, m }];
      });
    });

    it("the cases cover fixed and variable fields, pad left and right, BCD length prefixes", () => {
      expect(cases.some((x) => x.f.prefixDigits === 0)).toBe(true);
      expect(cases.some((x) => x.f.spec.lengthEncoding === "bcd")).toBe(true);
      expect(cases.some((x) => x.f.padRight)).toBe(true);
      expect(cases.some((x) => x.f.track)).toBe(true);
      expect(cases.some((x) => !x.f.padRight && (x.m.fields[x.f.de] as string).length % 2 === 1)).toBe(true);
    });

    it("a pad nibble other than the spec's is an error with validation and accepted without, on both paths", () => {
      for (const { name, spec, f, m } of cases) {
        const digits = (m.fields[f.de] as string).length;
        if (digits % 2 === 0) continue;
        const bytes = packMessage(spec, m, INTERPRET);
        const t = unpack(spec, bytes).fields[0] as { offset: number; length: number };
        const at = f.padRight ? t.offset + t.length - 1 : t.offset + f.prefixBytes;
        for (let nibble = 0; nibble < 16; nibble++) {
          if (nibble === f.padNibble) continue;
          const mutated = bytes.slice();
          const b = mutated[at] as number;
          mutated[at] = f.padRight ? (b & 0xf0) | nibble : (nibble << 4) | (b & 15);
          const outcome = sameUnpack(spec, mutated);
          expect(outcome, `${name} DE ${f.de} pad ${nibble}`).toMatchObject({ error: { code: "iso8583.charset" } });
          expect("error" in outcome && outcome.error.message, name).toMatch(/pad nibble/);
          expect(sameUnpack(spec, mutated, { validate: false }), name).toHaveProperty("ok");
        }
      }
    });

    it("pack refuses what BCD cannot carry, at any position, on both paths; type z takes = and D as the separator", () => {
      for (const { name, spec, f, m } of cases) {
        const v = m.fields[f.de] as string;
        for (let at = 0; at < v.length; at++) {
          // \u0130's low byte is "0": only a check of the whole code unit refuses it.
          for (const ch of ["X", "\u0130", "\u0100", "é", " ", f.track ? "?" : "="]) {
            const bad = { ...m, fields: { [f.de]: v.slice(0, at) + ch + v.slice(at + 1) } };
            expect(samePack(spec, bad), `${name} DE ${f.de} ${JSON.stringify(ch)} at ${at}`).toMatchObject({
              error: { code: "iso8583.charset" },
            });
          }
          if (f.track) {
            const withSeparator = { ...m, fields: { [f.de]: `${v.slice(0, at)}=${v.slice(at + 1)}` } };
            const asD = { ...m, fields: { [f.de]: `${v.slice(0, at)}D${v.slice(at + 1)}` } };
            expect(samePack(spec, withSeparator)).toEqual(samePack(spec, asD));
            expect(samePack(spec, asD)).toHaveProperty("ok");
          }
        }
      }
    });

    it("every value of a BCD length-prefix byte, with the data lengths its readings could lead to: the same values or error", () => {
      let checked = 0;
      for (const { name, spec, f, m } of cases) {
        if (f.prefixDigits === 0 || f.spec.lengthEncoding !== "bcd") continue;
        const bytes = packMessage(spec, m, INTERPRET);
        const t = unpack(spec, bytes).fields[0] as { offset: number };
        const head = bytes.subarray(0, t.offset);
        const maxData = ((f.max + 1) >> 1) + 2;
        for (const warm of [false, true]) {
          // A fresh spec per pass; warmed, the bitmap-specialised unpack serves the same bitmap.
          const s = deriveSpec(spec, { name: `${name}-bcd-prefix-${warm}`, description: "", fields: {} });
          if (warm) for (let i = 0; i < 40; i++) unpackMessage(s, bytes);
          for (let value = 0; value < 256; value++) {
            // The data lengths a reading of the prefix could lead to: as BCD (right or with a nibble
            // unchecked) or as binary, counted in digits or in bytes; the message ends there.
            const readings = [(value >> 4) * 10 + (value & 15), value];
            const lengths = new Set([0, ...readings.flatMap((l) => [l, (l + 1) >> 1, l * 2])]);
            for (const data of [...lengths].filter((l) => l <= maxData)) {
              const prefix = f.prefixBytes === 1 ? [value] : [0, value];
              const mutated = Uint8Array.from([...head, ...prefix, ...new Array<number>(data).fill(0x12)]);
              sameUnpack(s, mutated);
              checked++;
            }
          }
        }
      }
      expect(checked).toBeGreaterThan(5000);
    });
  });

  it("a getter that packs while the outer pack collects gets its own, correct result", () => {
    const spec = getSpec("iso87ascii");
    const inner: IsoMessage = { mti: "0800", fields: { 7: "0911131411", 11: "000042", 70: "301" } };
    let innerBytes = "";
    const fields = {
      3: "000000",
      get 4() {
        innerBytes = toHex(packMessage(spec, inner));
        return "000000001000";
      },
    };
    const outer = packMessage(spec, { mti: "0200", fields });
    expect(unpackMessage(spec, outer).fields).toEqual({ 3: "000000", 4: "000000001000" });
    expect(innerBytes).toBe(toHex(packMessage(spec, inner, INTERPRET)));
  });
});

describe.skipIf(!CHROMIUM_AVAILABLE)("in Chromium under a CSP without 'unsafe-eval'", () => {
  let served: TestPage | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    served = await servePage(
      `import { getSpec, packMessage, unpackMessage } from "./src/index.ts";
      const out: Record<string, unknown> = {};
      try { new Function("return 1"); out.evalAllowed = true; } catch { out.evalAllowed = false; }
      const spec = getSpec("iso87ascii");
      const m = { mti: "0200", fields: { 3: "000000", 4: "000000001000", 11: "000001", 55: new Uint8Array([0x9f, 0x27, 1, 0x80]) } };
      const bytes = packMessage(spec, m);
      out.hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      const back = unpackMessage(spec, bytes);
      out.fields = Object.fromEntries(Object.entries(back.fields).map(([k, v]) => [k, typeof v === "string" ? v : Array.from(v)]));
      try { packMessage(spec, { mti: "0200", fields: { 4: "12" } }); } catch (e) { out.error = (e as { code: string }).code; }
      (globalThis as { result?: unknown }).result = out;`,
    );
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("falls back to the interpreter and gives the same bytes, values and errors", async () => {
    const page = await (browser as Browser).newPage();
    await page.goto(`${(served as TestPage).origin}/strict/`);
    await page.waitForFunction(() => (globalThis as { result?: unknown }).result !== undefined, undefined, {
      timeout: 20_000,
    });
    const result = (await page.evaluate(() => (globalThis as { result?: unknown }).result)) as Record<string, unknown>;
    const spec = getSpec("iso87ascii");
    const m: IsoMessage = {
      mti: "0200",
      fields: { 3: "000000", 4: "000000001000", 11: "000001", 55: Uint8Array.from([0x9f, 0x27, 1, 0x80]) },
    };
    expect(result.evalAllowed).toBe(false); // the CSP is in force: the page could not have used generated code
    expect(result.hex).toBe(toHex(packMessage(spec, m)).toLowerCase());
    expect(result.fields).toEqual({ 3: "000000", 4: "000000001000", 11: "000001", 55: [0x9f, 0x27, 1, 0x80] });
    expect(result.error).toBe("iso8583.length");
  }, 60_000);
});
