import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/bytes/index.js";
import type { CliIO } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run.js";
import { frameMessage, getSpec, packMessage, SPEC_NAMES } from "../../src/iso8583/index.js";

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const fake: CliIO = { stdout: (l) => out.push(l), stderr: (l) => err.push(l), cwd: process.cwd(), env: {} };
  return { fake, out, err };
}

const PAN = "4761739001010119";
const spec = getSpec("iso87ascii");
const bytes = packMessage(spec, {
  mti: "0200",
  fields: { 2: PAN, 4: "000000001000", 55: fromHex("9F2608A1B2C3D4E5F607089F0206000000001000") },
});

describe("cardwire iso", () => {
  it("specs: one name per line", async () => {
    const t = io();
    expect(await runCli(["iso", "specs"], t.fake)).toBe(0);
    expect(t.out).toEqual([...SPEC_NAMES]);
    expect(t.out).toEqual(
      expect.arrayContaining(["iso87ascii", "iso87binary", "iso93ascii", "iso93binary", "iso87ebcdic"]),
    );
  });

  it("decode prints masked JSON with DE 55 parsed", async () => {
    const t = io();
    expect(await runCli(["iso", "decode", "--spec", "iso87ascii", toHex(bytes)], t.fake)).toBe(0);
    const json = JSON.parse(t.out.join("\n"));
    expect(json.mti).toBe("0200");
    expect(json.fields["2"]).toBe("476173******0119");
    expect(json.fields["4"]).toBe("000000001000");
    expect(json.fields["55"].tlv.map((x: { tag: string }) => x.tag)).toEqual(["9F26", "9F02"]);
    expect(t.out.join("")).not.toContain(PAN);
    expect(t.out.join("")).not.toContain("A1B2C3D4E5F60708");
  });

  it("decode --reveal with framing, then encode round-trips to the same hex", async () => {
    const framed = toHex(frameMessage(bytes, "4ascii"));
    const d = io();
    expect(
      await runCli(["iso", "decode", "--spec", "iso87ascii", "--framing", "4ascii", "--reveal", framed], d.fake),
    ).toBe(0);
    expect(JSON.parse(d.out[0] as string).fields["2"]).toBe(PAN);
    const e = io();
    expect(
      await runCli(["iso", "encode", "--spec", "iso87ascii", "--framing", "4ascii", d.out[0] as string], e.fake),
    ).toBe(0);
    expect(e.out).toEqual([framed]);
  });

  it("usage errors exit 2 with one line; codec errors exit 1 with the code", async () => {
    const a = io();
    expect(await runCli(["iso", "decode", "--spec", "nope", "00"], a.fake)).toBe(2);
    expect(a.err).toEqual(['cardwire: unknown spec "nope" (run `cardwire iso specs`)']);
    const b = io();
    expect(await runCli(["iso", "decode", "--spec", "iso87ascii", "30323030"], b.fake)).toBe(1);
    expect(b.err).toEqual(["cardwire: iso8583.truncated: bitmap: bitmap needs 16 bytes, 0 left at offset 4"]);
    const c = io();
    expect(await runCli(["iso", "frobnicate"], c.fake)).toBe(2);
    const d = io();
    expect(await runCli(["iso", "decode", "xyz"], d.fake)).toBe(2);
    const e = io();
    expect(await runCli(["iso", "encode", "--spec", "iso87ascii", '{"mti":"0200","fields":{"3":"12"}}'], e.fake)).toBe(
      1,
    );
    expect(e.err).toEqual(["cardwire: iso8583.length: DE 3: length 2, expected 6 at offset 20"]);
  });
});

describe("cardwire iso: fields with subfield layouts", () => {
  const KSN = "FFFF9876543210E00001";
  const T2 = "0123456789ABCDEF".repeat(5);
  const secure = `01010TDES-DUKPT02004DATA03020${KSN}04080${T2}`;
  const de90 = `0200000123112312050000000012345${"0".repeat(11)}`;
  const cw = getSpec("cardwire87ascii");
  const wire = toHex(packMessage(cw, { mti: "0400", fields: { 11: "000124", 48: secure, 90: de90 } }));

  it("decode shows DE 48 and DE 90 parsed, the track ciphertext masked", async () => {
    const t = io();
    expect(await runCli(["iso", "decode", "--spec", "cardwire87ascii", wire], t.fake)).toBe(0);
    const json = JSON.parse(t.out.join("\n"));
    expect(json.fields["11"]).toBe("000124");
    expect(json.fields["48"].value).toBeUndefined();
    expect(json.fields["48"].subfields.map((s: { id: string }) => s.id)).toEqual(["01", "02", "03", "04"]);
    expect(json.fields["48"].subfields[3].value).toBe("[secret: 80 characters]");
    expect(json.fields["90"].subfields[0]).toEqual({
      id: "mti",
      name: "Original message type identifier",
      length: 4,
      value: "0200",
    });
    expect(t.out.join("")).not.toContain(T2);
  });

  it("decode --reveal, then encode, gives the same bytes", async () => {
    const d = io();
    expect(await runCli(["iso", "decode", "--spec", "cardwire87ascii", "--reveal", wire], d.fake)).toBe(0);
    expect(JSON.parse(d.out[0] as string).fields["48"].value).toBe(secure);
    const e = io();
    expect(await runCli(["iso", "encode", "--spec", "cardwire87ascii", d.out[0] as string], e.fake)).toBe(0);
    expect(e.out).toEqual([wire]);
  });

  it("encode packs {subfields} given by hand (object or list) and {tlv} for DE 55", async () => {
    const json = JSON.stringify({
      mti: "0400",
      fields: {
        11: "000124",
        48: { subfields: { "01": "TDES-DUKPT", "02": "DATA", "03": KSN, "04": T2 } },
        90: {
          subfields: [
            { id: "mti", value: "0200" },
            { id: "stan", value: "000123" },
            { id: "transmissionDateTime", value: "1123120500" },
            { id: "acquirerId", value: "00000012345" },
            { id: "forwarderId", value: "00000000000" },
          ],
        },
      },
    });
    const e = io();
    expect(await runCli(["iso", "encode", "--spec", "cardwire87ascii", json], e.fake)).toBe(0);
    expect(e.out).toEqual([wire]);
    const icc = io();
    const tlv = JSON.stringify({ mti: "0200", fields: { 55: { tlv: [{ tag: "9F02", value: "000000001000" }] } } });
    expect(await runCli(["iso", "encode", "--spec", "iso87ascii", tlv], icc.fake)).toBe(0);
    // DE 55 is the only field: ASCII LLL "009" (9F02 ‖ 06 ‖ 6 value bytes = 9 bytes), then the bytes.
    expect(icc.out[0]?.endsWith(`303039${"9F0206000000001000"}`)).toBe(true);
  });

  it("a subfield error exits 1 with its code and coordinates", async () => {
    const bad = JSON.stringify({ mti: "0400", fields: { 48: { subfields: { "01": "TDES-DUKPT", "03": "ffff" } } } });
    const e = io();
    expect(await runCli(["iso", "encode", "--spec", "cardwire87ascii", bad], e.fake)).toBe(1);
    expect(e.err).toEqual(["cardwire: iso8583.subfield_length: DE 48.SE 03: length 4 below min 20 at offset 17"]);
  });
});
