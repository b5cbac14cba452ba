import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../src/errors/index.js";
import { parseSecureDataField, secureDataField } from "../../src/terminal/secure-data.js";

const ksn = Uint8Array.from([0xff, 0xff, 0x98, 0x76, 0x54, 0x32, 0x10, 0xe0, 0x00, 0x01]);

describe("DE 48 secure data (id n2 + length n3 + value)", () => {
  it("round-trips an IDTech (data key) and a MagTek (PIN variant) swipe", () => {
    const track2 = new Uint8Array(40).map((_, i) => i);
    for (const variant of ["data-request", "pin"] as const) {
      const text = secureDataField({ ksn, scheme: "tdes-dukpt", variant, track2 });
      expect(text).toBe(
        `01010TDES-DUKPT${variant === "pin" ? "02003PIN" : "02004DATA"}03020FFFF9876543210E0000104080${Buffer.from(track2).toString("hex").toUpperCase()}`,
      );
      const back = parseSecureDataField(text);
      expect(back.variant).toBe(variant === "pin" ? "PIN" : "DATA");
      expect(back.ksn).toEqual(ksn);
      expect(back.track2).toEqual(track2);
    }
  });

  it.each([
    ["", /mandatory/],
    ["01010TDES-DUKPT", /mandatory/],
    ["01010TDES-DUKPT03020FFFF9876543210E00001", /no encrypted track/],
    // Structure is checked by the DE 48 layout (CARDWIRE_SECURE_DATA), whose message names subelement and offset.
    ["99003abc", "DE 48.SE 99: unknown tag at offset 0"],
    ["01010TDES-DUKPT03020FFFF9876543210E0000104007ABCDEF1", "DE 48.SE 04: length 7 below min 16 at offset 42"],
    [
      "01010TDES-DUKPT03020FFFF9876543210E0000104016ABCDEF1ABCDEF1ab",
      "DE 48.SE 04: character 15 not allowed in type b",
    ],
    ["0101", "DE 48.SE 01: length prefix needs 3 characters, 2 left at offset 2"],
    ["01050TDES", "DE 48.SE 01: length 50, 4 left at offset 2"],
    // Values the layout allows but the terminal does not: an unknown scheme, a repeat.
    [
      "01010AES--DUKPT03020FFFF9876543210E00001040160123456789ABCDEF",
      "DE 48: subelement 01 (scheme) is malformed at offset 5",
    ],
  ])("%j → terminal.card (%s)", (text, message) => {
    expect(() => parseSecureDataField(text)).toThrow(message);
    expect(() => parseSecureDataField(text)).toThrow(
      expect.objectContaining({ code: "terminal.card", field: "DE 48" }),
    );
  });

  it("refuses an AES-DUKPT (12-byte KSN) or trackless event", () => {
    expect(() =>
      secureDataField({ ksn: new Uint8Array(12), scheme: "aes-dukpt", variant: "data", track2: new Uint8Array(16) }),
    ).toThrow(expect.objectContaining({ code: "terminal.card", field: "DE 48" }));
    expect(() => secureDataField({ ksn, scheme: "tdes-dukpt", variant: "pin" })).toThrow(/no encrypted track/);
  });

  it("arbitrary and mutated text only ever throws a CardwireError", () => {
    const good = secureDataField({ ksn, scheme: "tdes-dukpt", variant: "pin", track2: new Uint8Array(24) });
    const mutated = fc
      .tuple(fc.nat(good.length - 1), fc.string({ minLength: 1, maxLength: 3 }))
      .map(([i, ins]) => good.slice(0, i) + ins + good.slice(i + 1));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 120 }), mutated), (text) => {
        try {
          parseSecureDataField(text);
        } catch (e) {
          expect(isCardwireError(e, "terminal.card")).toBe(true);
        }
      }),
    );
  });
});
