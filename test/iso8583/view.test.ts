import { describe, expect, it } from "vitest";
import { fromHex } from "../../src/bytes/index.js";
import {
  describeMessage,
  getSpec,
  type IsoMessage,
  messageFromJSON,
  messageToJSON,
  packMessage,
  unpackMessage,
} from "../../src/iso8583/index.js";

const spec = getSpec("iso87ascii");
const PAN = "4761739001010119";
const TRACK2 = `${PAN}=22122011758928889`;
const PIN = fromHex("0123456789ABCDEF");
const CRYPTOGRAM = "A1B2C3D4E5F60708";
const de55 = fromHex(`9F2608${CRYPTOGRAM}9F02060000000010005A08${PAN}`);
const message: IsoMessage = {
  mti: "0200",
  fields: { 2: PAN, 4: "000000001000", 35: TRACK2, 45: `B${PAN}^CARDHOLDER/TEST^2212101`, 52: PIN, 55: de55 },
};

describe("masked views", () => {
  it("JSON hides PAN (first 6 / last 4), track data, PIN block and DE 55 cryptograms by default", () => {
    const json = messageToJSON(spec, message);
    const text = JSON.stringify(json);
    expect(text).not.toContain(PAN);
    expect(text).not.toContain("0123456789ABCDEF");
    expect(text).not.toContain(CRYPTOGRAM);
    expect(text).not.toContain("CARDHOLDER");
    expect(json.fields["2"]).toBe("476173******0119");
    expect(json.fields["35"]).toBe("476173******0119=*****************");
    expect(json.fields["45"]).toBe("[track 1: 41 characters]");
    expect(json.fields["52"]).toBe("[secret: 8 bytes]");
    expect(json.fields["4"]).toBe("000000001000");
    const icc = json.fields["55"] as { hex?: string; tlv: { tag: string; value: string }[] };
    expect(icc.hex).toBeUndefined();
    expect(icc.tlv.map((t) => t.tag)).toEqual(["9F26", "9F02", "5A"]);
    expect(icc.tlv[1]?.value).toBe("000000001000");
  });

  it("reveal shows everything, and the revealed JSON encodes back to the same bytes", () => {
    const json = messageToJSON(spec, message, { reveal: true });
    expect(json.fields["2"]).toBe(PAN);
    expect(json.fields["52"]).toBe("0123456789ABCDEF");
    expect((json.fields["55"] as { hex: string }).hex).toBe(`9F2608${CRYPTOGRAM}9F02060000000010005A08${PAN}`);
    const back = messageFromJSON(spec, JSON.parse(JSON.stringify(json)));
    expect(packMessage(spec, back)).toEqual(packMessage(spec, message));
    expect(unpackMessage(spec, packMessage(spec, back))).toEqual(message);
  });

  it("describeMessage prints one line per field with descriptions, masked", () => {
    const text = describeMessage(spec, message);
    expect(text.split("\n")[0]).toBe("MTI 0200 (spec iso87ascii)");
    expect(text).toContain("DE 2   Primary account number (PAN)");
    expect(text).toContain("476173******0119");
    expect(text).toContain("9F26 Application Cryptogram (8) ****************");
    expect(text).not.toContain(PAN);
    expect(text).not.toContain(CRYPTOGRAM);
    expect(describeMessage(spec, message, { reveal: true })).toContain(PAN);
  });

  it("DE 55 that is not BER-TLV is reported, not thrown", () => {
    const json = messageToJSON(spec, { mti: "0200", fields: { 55: fromHex("9F0205") } });
    expect((json.fields["55"] as { error: string }).error).toMatch(/^emv\.tlv_/);
  });

  it("messageFromJSON rejects fields the spec lacks and non-hex binary", () => {
    expect(() => messageFromJSON(spec, { mti: "0200", fields: { 1: "x" } })).toThrow(
      "DE 1: the spec iso87ascii defines no such field",
    );
    expect(() => messageFromJSON(spec, { mti: "0200", fields: { 52: "zz" } })).toThrow(
      "DE 52: binary field needs hex text",
    );
  });
});
