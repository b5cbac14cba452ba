import { describe, expect, it } from "vitest";
import { fromHex } from "../../src/bytes/index.js";
import {
  deriveSpec,
  describeMessage,
  type FieldSpec,
  getSpec,
  type IsoMessage,
  messageFromJSON,
  messageToJSON,
  packMessage,
  TLV_TCC_N2_N2,
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

describe("subfield views", () => {
  const KSN = "FFFF9876543210E00001";
  const T2 = "0123456789ABCDEF".repeat(5); // 40 bytes of track 2 ciphertext as hex
  const secure = `01010TDES-DUKPT02004DATA03020${KSN}04080${T2}`;
  const cw = getSpec("cardwire87ascii");
  const de90 = `0200000123112312050000000012345${"0".repeat(11)}`;
  /** A dialect whose DE 48 has a PAN-masked tag 61 and keeps unknown tags. */
  const acme = deriveSpec(spec, {
    name: "acme",
    description: "test dialect",
    fields: {
      48: {
        ...(spec.fields[48] as FieldSpec),
        subfields: {
          ...TLV_TCC_N2_N2,
          tags: [
            { tag: "26", description: "Wallet program data", type: "n", maxLength: 3 },
            { tag: "61", description: "PAN of the funding account", type: "n", maxLength: 19, mask: "pan" },
          ],
        },
      },
    },
  });

  it("JSON shows parsed subfields, each masked by its own mask; reveal adds the whole value", () => {
    const msg: IsoMessage = { mti: "0200", fields: { 2: PAN, 48: secure, 90: de90 } };
    const json = messageToJSON(cw, msg);
    expect(json.fields["48"]).toEqual({
      subfields: [
        { id: "01", name: "Encryption scheme (TDES-DUKPT)", length: 10, value: "TDES-DUKPT" },
        { id: "02", name: "DUKPT key variant (PIN or DATA)", length: 4, value: "DATA" },
        { id: "03", name: "Key serial number, 10 bytes (ANSI X9.24-1 §A.1)", length: 20, value: KSN },
        { id: "04", name: "Track 2 ciphertext", length: 80, value: "[secret: 80 characters]" },
      ],
    });
    expect((json.fields["90"] as { subfields: { id: string; value: string }[] }).subfields[1]).toEqual({
      id: "stan",
      name: "Original systems trace audit number (DE 11)",
      length: 6,
      value: "000123",
    });
    expect(JSON.stringify(json)).not.toContain(T2);
    const revealed = messageToJSON(cw, msg, { reveal: true });
    expect((revealed.fields["48"] as { value: string }).value).toBe(secure);
    expect(JSON.stringify(revealed)).toContain(T2);
    const back = messageFromJSON(cw, JSON.parse(JSON.stringify(revealed)));
    expect(packMessage(cw, back)).toEqual(packMessage(cw, msg));
  });

  it("no full PAN-like value in masked output: masked tags, unknown tags and unparsed values", () => {
    // R | 26 03 103 | 61 16 <PAN> (masked tag) | 99 20 <PAN>1234 (unknown tag, PAN inside a longer run)
    const msg: IsoMessage = { mti: "0100", fields: { 48: `R260310361${PAN.length}${PAN}9920${PAN}1234` } };
    const json = messageToJSON(acme, msg);
    const text = JSON.stringify(json) + describeMessage(acme, msg);
    expect(text).not.toContain(PAN);
    const subs = (json.fields["48"] as { subfields: { id: string; value: string; unknown?: true }[] }).subfields;
    expect(subs.map((s) => [s.id, s.value, s.unknown])).toEqual([
      ["tcc", "R", undefined],
      ["26", "103", undefined],
      ["61", "476173******0119", undefined],
      ["99", "****************1234", true],
    ]);
    expect((json.fields["48"] as { unknownTags: string[] }).unknownTags).toEqual(["99"]);
    expect(describeMessage(acme, msg, { reveal: true })).toContain(PAN);
  });

  it("a field-level mask covers the subfields that have none of their own", () => {
    const secret48 = deriveSpec(cw, {
      name: "cw-secret48",
      description: "test",
      fields: { 48: { ...(cw.fields[48] as FieldSpec), mask: "secret" } },
    });
    const subs = (
      messageToJSON(secret48, { mti: "0200", fields: { 48: secure } }).fields["48"] as {
        subfields: { id: string; value: string }[];
      }
    ).subfields;
    expect(subs.map((s) => s.value)).toEqual([
      "[secret: 10 characters]",
      "[secret: 4 characters]",
      "[secret: 20 characters]",
      "[secret: 80 characters]",
    ]);
  });

  it("a field whose subfields do not parse is shown whole with the error code, never thrown", () => {
    // Tag 26's declared length 05 exceeds its max 3; the layout has a masked tag, so only the size shows.
    const broken: IsoMessage = { mti: "0100", fields: { 48: `R2605${PAN.slice(0, 5)}61${PAN.length}${PAN}` } };
    const view = messageToJSON(acme, broken).fields["48"] as { value: string; error: string };
    expect(view).toEqual({
      value: "[unparsed: 30 characters]", // R2605 (5) + 5 digits + 61 16 (4) + 16 digits
      error: "iso8583.subfield_length: DE 48.SE 26: length 5 exceeds max 3 at offset 3",
    });
    expect(describeMessage(acme, broken)).toContain("iso8583.subfield_length: DE 48.SE 26");
    expect(describeMessage(acme, broken)).not.toContain(PAN);
    // Without masked subfields the text is shown, runs of 13+ digits (a PAN could hide in them) down to the last 4.
    const de90 = messageToJSON(spec, { mti: "0400", fields: { 90: `0200${PAN}X${"0".repeat(21)}` } }).fields["90"];
    expect(de90).toEqual({
      value: `${"*".repeat(16)}0119X${"*".repeat(17)}0000`,
      error: "iso8583.subfield_charset: DE 90.acquirerId: character 1 not allowed in type n at offset 20",
    });
  });

  it("describeMessage lists subfields under the field, SE before TLV tags", () => {
    const text = describeMessage(cw, { mti: "0200", fields: { 48: secure } });
    // 01 010 TDES-DUKPT (15) + 02 004 DATA (9) + 03 020 KSN (25) + 04 080 ciphertext (85) = 134
    expect(text).toContain("DE 48  Additional data, private                     [134 characters]");
    expect(text).toContain("         SE 01 Encryption scheme (TDES-DUKPT) (10) TDES-DUKPT");
    expect(text).toContain("         SE 04 Track 2 ciphertext (80) [secret: 80 characters]");
    expect(describeMessage(spec, { mti: "0400", fields: { 90: de90 } })).toContain(
      "         mti Original message type identifier (4) 0200",
    );
  });

  it("messageFromJSON packs {subfields} (list or object) and {tlv}, and rejects disagreement", () => {
    const fromList = messageFromJSON(acme, {
      mti: "0100",
      fields: {
        48: {
          subfields: [
            { id: "tcc", value: "R" },
            { id: "26", value: "103" },
          ],
        },
      },
    });
    expect(fromList.fields[48]).toBe("R2603103");
    const fromObject = messageFromJSON(acme, { mti: "0100", fields: { 48: { subfields: { "26": "103", tcc: "R" } } } });
    expect(fromObject.fields[48]).toBe("R2603103");
    expect(() =>
      messageFromJSON(acme, {
        mti: "0100",
        fields: { 48: { value: "R2603104", subfields: { tcc: "R", "26": "103" } } },
      }),
    ).toThrow("DE 48: value and subfields disagree (edit one, drop the other)");
    expect(() =>
      messageFromJSON(acme, { mti: "0100", fields: { 48: { subfields: { tcc: "R", "26": "1031" } } } }),
    ).toThrow("DE 48.SE 26: length 4 exceeds max 3 at offset 3");
    const icc = messageFromJSON(spec, {
      mti: "0200",
      fields: {
        55: {
          tlv: [
            { tag: "9F02", value: "000000001000" },
            { tag: "70", children: [{ tag: "5A", value: "4761" }] },
          ],
        },
      },
    });
    expect(icc.fields[55]).toEqual(fromHex("9F02060000000010007004" + "5A024761"));
    expect(() => messageFromJSON(spec, { mti: "0200", fields: { 4: { value: "1" } } })).toThrow(
      "DE 4: value must be a string (or {hex} for DE 55)",
    );
  });

  it("the iso_8583 dialect's hex-text DE 55 declares BER-TLV and packs {tlv} to hex text", () => {
    const s = getSpec("iso_8583");
    const m = messageFromJSON(s, { mti: "0200", fields: { 55: { tlv: [{ tag: "9F02", value: "000000001000" }] } } });
    expect(m.fields[55]).toBe("9F0206000000001000");
    expect((messageToJSON(s, m).fields["55"] as { tlv: { tag: string }[] }).tlv[0]?.tag).toBe("9F02");
  });
});
