import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/bytes/index.js";
import { errorCodes, isCardwireError } from "../../src/errors/index.js";
import {
  buildDe55,
  buildDolData,
  buildIssuerResponse,
  CRYPTOGRAM_PROFILES,
  cryptogramInput,
  DE55_AUTH_TAGS,
  decodeTlv,
  describeTlv,
  dolDataLength,
  EMV_TAGS,
  EmvError,
  formatTlv,
  parseDol,
  readIssuerResponse,
  splitIssuerAuthenticationData,
  tagHex,
  tagInfo,
  tlvMap,
} from "../../src/emv/index.js";

// Visa-style DE 55 from the shared vectors (#136), repeated here as a fixed constant of public sample data.
const DE55 =
  "9F2608C2A3F4E5D6B7A8C99F2701809F100706011203A400009F3704AABBCCDD9F3602001C950500000000009A032604109C01005F2A02084082021980" +
  "8407A00000000310109F02060000000050009F03060000000000009F1A0208409F3303E0B8C89F34031E0300";

function emvCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof EmvError) return e.code;
    throw e;
  }
  throw new Error("expected an EmvError");
}

describe("tag dictionary", () => {
  it("knows the DE 55 tags, with formats and sensitivity", () => {
    expect(tagInfo(0x9f02)).toMatchObject({ format: "n", min: 6, max: 6, source: "terminal" });
    expect(tagInfo(0x5a)?.sensitivity).toBe("pan");
    expect(tagInfo(0x57)?.sensitivity).toBe("track");
    expect(tagInfo(0x9f36)?.short).toBe("ATC");
    for (const { tag } of DE55_AUTH_TAGS) expect(tagInfo(tag), tagHex(tag)).toBeDefined();
    expect(EMV_TAGS.size).toBeGreaterThan(70);
    for (const info of EMV_TAGS.values()) expect(info.description.length).toBeGreaterThan(0);
  });
  it("registers unique emv.* error codes", () => {
    const emv = [...errorCodes().entries()].filter(([c]) => c.startsWith("emv."));
    expect(emv.length).toBeGreaterThanOrEqual(8);
    expect(new Set(emv.map(([, owner]) => owner))).toEqual(new Set(["EmvError"]));
  });
});

describe("DOL", () => {
  // CDOL1 of a typical Visa card: 9F02 06, 9F03 06, 9F1A 02, 95 05, 5F2A 02, 9A 03, 9C 01, 9F37 04.
  const CDOL1 = fromHex("9F02069F03069F1A0295055F2A029A039C019F3704");
  it("parses tags and lengths", () => {
    const dol = parseDol(CDOL1);
    expect(dol.map((e) => `${tagHex(e.tag)}:${e.length}`)).toEqual([
      "9F02:6",
      "9F03:6",
      "9F1A:2",
      "95:5",
      "5F2A:2",
      "9A:3",
      "9C:1",
      "9F37:4",
    ]);
    expect(dolDataLength(dol)).toBe(29);
  });
  it("fills data with Book 3 §5.4 padding and truncation rules", () => {
    const dol = parseDol(fromHex("9F02069F37025A0A9F1E049F4E02"));
    const data = buildDolData(
      dol,
      new Map([
        [0x9f02, fromHex("5000")], // n: left-padded with zeros
        [0x9f37, fromHex("AABBCCDD")], // b: rightmost bytes dropped
        [0x5a, fromHex("4761739001010010")], // cn: right-padded with FF
        [0x9f1e, fromHex("4142434445464748")], // an: rightmost bytes dropped
      ]),
    );
    expect(toHex(data)).toBe(`000000005000AABB4761739001010010FFFF41424344${"0000"}`);
  });
  it("truncates numeric values on the left", () => {
    const data = buildDolData(parseDol(fromHex("9F0203")), (t) => (t === 0x9f02 ? fromHex("000000123456") : undefined));
    expect(toHex(data)).toBe("123456");
  });
  it.each([["9F"], ["9F02"], ["9F8181818106"]])("rejects malformed DOL %s", (hex) => {
    expect(emvCode(() => parseDol(fromHex(hex)))).toBe("emv.dol");
  });
  it("fuzz: arbitrary DOL bytes only throw EmvError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        try {
          const dol = parseDol(b);
          expect(buildDolData(dol, () => undefined).length).toBe(dolDataLength(dol));
        } catch (e) {
          expect(isCardwireError(e, "emv.dol")).toBe(true);
        }
      }),
    );
  });
});

describe("DE 55", () => {
  const values = tlvMap(decodeTlv(fromHex(DE55)));
  it("builds an authorization DE 55 in the standard order from any input order", () => {
    const shuffled = new Map([...values.entries()].reverse());
    expect(toHex(buildDe55(shuffled))).toBe(
      toHex(
        buildDe55(
          [...values.entries()].map(([t, v]) => [tagHex(t), v] as const),
          {},
        ),
      ),
    );
    const out = decodeTlv(buildDe55(shuffled));
    expect(out.map((t) => tagHex(t.tag)).slice(0, 5)).toEqual(["9F26", "9F27", "9F10", "9F37", "9F36"]);
    expect(out).toHaveLength(values.size);
  });
  it("refuses missing required tags, bad lengths and cardholder data", () => {
    const noArqc = new Map(values);
    noArqc.delete(0x9f26);
    expect(emvCode(() => buildDe55(noArqc))).toBe("emv.missing");
    expect(() => buildDe55(noArqc)).toThrow(/DE 55\.9F26/);
    const badAmount = new Map(values).set(0x9f02, fromHex("5000"));
    expect(emvCode(() => buildDe55(badAmount))).toBe("emv.format");
    const withPan = new Map(values).set(0x5a, fromHex("4761739001010010"));
    const tags = [...DE55_AUTH_TAGS, { tag: 0x5a, required: false }];
    expect(emvCode(() => buildDe55(withPan, { tags }))).toBe("emv.format");
    expect(decodeTlv(buildDe55(withPan, { tags, allowCardholderData: true })).at(-1)?.tag).toBe(0x5a);
  });
  it("reads issuer authentication data and scripts from a response", () => {
    const response = buildIssuerResponse(fromHex("9AF514C100000000"), [
      { template: 0x71, id: fromHex("00000001"), commands: [fromHex("8418000008AABBCCDD11223344")] },
      { template: 0x72, commands: [fromHex("8424000008"), fromHex("841E000004")] },
    ]);
    const r = readIssuerResponse(response);
    expect(toHex(r.issuerAuthenticationData!)).toBe("9AF514C100000000");
    expect(r.scripts.map((s) => [s.template, s.commands.length, s.id && toHex(s.id)])).toEqual([
      [0x71, 1, "00000001"],
      [0x72, 2, undefined],
    ]);
    const m2 = splitIssuerAuthenticationData(r.issuerAuthenticationData!, 2);
    expect(m2.method === 2 && toHex(m2.arpc)).toBe("9AF514C1");
    const m1 = splitIssuerAuthenticationData(fromHex("45D4255EEF10C9203030"), 1);
    expect(m1.method === 1 && toHex(m1.arc)).toBe("3030");
    expect(emvCode(() => splitIssuerAuthenticationData(fromHex("00"), 1))).toBe("emv.format");
    expect(emvCode(() => readIssuerResponse(fromHex("9104AABBCCDD")))).toBe("emv.format");
  });
});

describe("masked display", () => {
  it("masks PAN, track 2 and cryptograms; shows other values", () => {
    const items = decodeTlv(fromHex("5A08476173900101001057114761739001010010D15122011143878089"));
    const views = describeTlv(items);
    expect(views[0]!.value).toBe("476173******0010");
    expect(views[1]!.value).toMatch(/^476173\*+0010D…/);
    const text = formatTlv(decodeTlv(fromHex(DE55)));
    expect(text).toContain("9F02 Amount, Authorised (6) 000000005000");
    expect(text).not.toContain("C2A3F4E5D6B7A8C9");
    expect(formatTlv(decodeTlv(fromHex(DE55)), { showCryptograms: true })).toContain("C2A3F4E5D6B7A8C9");
    for (const v of views) expect(v.value).not.toContain("4761739001010010");
  });
});

describe("cryptogram input profiles", () => {
  it("concatenates Book 2 minimum data plus IAD per profile", () => {
    const values = tlvMap(decodeTlv(fromHex(DE55)));
    const full = cryptogramInput(values, "visa-cvn18");
    const cvr = cryptogramInput(values, CRYPTOGRAM_PROFILES["visa-cvn10"]);
    expect(toHex(full).endsWith("06011203A40000")).toBe(true);
    expect(toHex(cvr).endsWith("03A40000")).toBe(true);
    expect(full.length).toBe(cvr.length + 3);
    const missing = new Map(values);
    missing.delete(0x9f37);
    expect(emvCode(() => cryptogramInput(missing, "emv-minimum"))).toBe("emv.missing");
  });
});
