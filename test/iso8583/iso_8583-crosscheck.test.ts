/**
 * Cross-check with the npm `iso_8583` package (dev dependency): what it packs we
 * unpack with the `iso_8583` dialect spec, what we pack in that dialect it
 * unpacks. Its known bugs are pinned here so a fixed release shows up.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { toHex } from "../../src/bytes/index.js";
import { Deframer, frameMessage, getSpec, packMessage, unpackMessage } from "../../src/iso8583/index.js";

type Npm = new (
  m?: Record<string, string>,
) => {
  getBufferMessage(): Uint8Array | { error: string };
  getIsoJSON(b: Uint8Array, c?: object): Record<string, string>;
};
const Iso8583Npm = createRequire(import.meta.url)("iso_8583") as Npm;
const dialect = getSpec("iso_8583");

const json: Record<string, string> = {
  0: "0200",
  2: "4761739001010119",
  3: "000000",
  4: "000000001000",
  11: "000001",
  35: "4761739001010119D22122011758928889",
  41: "TERM0001",
  49: "840",
  55: "9F02060000000010005F340101",
};

describe("iso_8583 cross-check", () => {
  it("we unpack what it packs, and pack the same bytes", () => {
    const theirs = new Iso8583Npm(json).getBufferMessage();
    if (!(theirs instanceof Uint8Array)) throw new Error(theirs.error);
    const [payload] = new Deframer("2byte").push(new Uint8Array(theirs));
    const m = unpackMessage(dialect, payload as Uint8Array);
    const { 0: mti, ...rest } = json;
    expect(m).toEqual({ mti, fields: Object.fromEntries(Object.entries(rest).map(([k, v]) => [Number(k), v])) });
    expect(toHex(frameMessage(packMessage(dialect, m), "2byte"))).toBe(toHex(new Uint8Array(theirs)));
  });

  it("it unpacks what we pack in its dialect", () => {
    const { 0: mti, ...rest } = json;
    const ours = frameMessage(packMessage(dialect, { mti: mti as string, fields: rest }), "2byte");
    const back = new Iso8583Npm().getIsoJSON(Buffer.from(ours));
    for (const [k, v] of Object.entries(json)) expect(back[k]).toBe(v);
  });

  it("known bug: it always sends bit 1 with an empty secondary bitmap; strict specs refuse that", () => {
    const theirs = new Iso8583Npm({ 0: "0800", 11: "000001" }).getBufferMessage() as Uint8Array;
    const payload = new Uint8Array(theirs).subarray(2);
    expect(toHex(payload.subarray(4, 20))).toBe("80200000000000000000000000000000");
    expect(() => unpackMessage(getSpec("iso87ascii-binbitmap"), payload)).toThrow(
      "bitmap: bit 1 set but the secondary bitmap is empty at offset 12",
    );
    expect(unpackMessage(dialect, payload).fields).toEqual({ 11: "000001" });
  });

  it("known bug: with hex-text bitmaps it reads 32 characters even when bit 1 is clear", () => {
    const ours = packMessage(getSpec("iso87ascii"), { mti: "0100", fields: { 3: "123456", 4: "000000000100" } });
    const back = new Iso8583Npm().getIsoJSON(Buffer.from(ours), { lenHeader: false, bitmapEncoding: "utf8" });
    expect(back[3]).not.toBe("123456");
  });
});
