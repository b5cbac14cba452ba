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
