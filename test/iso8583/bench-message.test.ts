/**
 * Pins the exact bytes of the bench's 0200 chip purchase (bench/iso8583-message.ts) in three
 * wire styles and in the npm iso_8583 dialect, so a speed change to the codec
 * cannot change its output unnoticed. The expected hex was produced by the
 * codec before the issue #4 optimisation and agrees with iso_8583 itself.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { BENCH_DE55, BENCH_TEXT } from "../../bench/iso8583-message.js";
import { fromHex, toHex } from "../../src/bytes/index.js";
import {
  Deframer,
  frameMessage,
  getSpec,
  type IsoMessage,
  packMessage,
  unpack,
  unpackMessage,
} from "../../src/iso8583/index.js";

/** Wire bytes per spec, one string per part: MTI + bitmap, then each field with its prefix. */
const PINNED: Readonly<Record<string, readonly string[]>> = {
  iso87ascii: [
    "3032303037323343303638303238433038323030", // MTI + bitmap
    "313634373631373339303031303130313139", // DE 2
    "303030303030", // DE 3
    "303030303030303031303030", // DE 4
    "30393131313331343131", // DE 7
    "303030303031", // DE 11
    "313331343131", // DE 12
    "30393131", // DE 13
    "32323132", // DE 14
    "303531", // DE 22
    "303031", // DE 23
    "3030", // DE 25
    "333434373631373339303031303130313139443232313232303131373538393238383839", // DE 35
    "353235343133303030303031", // DE 37
    "5445524D30303031", // DE 41
    "4D45524348414E5430303030303031", // DE 42
    "383430", // DE 49
    "3134339F2608A1B2C3D4E5F607089F2701809F10120110A00003220000000000000000000000FF9F3704AABBCCDD9F36020001950500000000009A032509119C01009F02060000000010005F2A020840820219009F1A0208409F03060000000000009F3303E0F8C89F34034203009F3501229F1E0831323334353637388407A00000000310109F090200969F410400000001", // DE 55
  ],
  iso87binary: [
    "0200723C068028C08200", // MTI + bitmap
    "164761739001010119", // DE 2
    "000000", // DE 3
    "000000001000", // DE 4
    "0911131411", // DE 7
    "000001", // DE 11
    "131411", // DE 12
    "0911", // DE 13
    "2212", // DE 14
    "0051", // DE 22
    "0001", // DE 23
    "00", // DE 25
    "344761739001010119D22122011758928889", // DE 35
    "353235343133303030303031", // DE 37
    "5445524D30303031", // DE 41
    "4D45524348414E5430303030303031", // DE 42
    "383430", // DE 49
    "01439F2608A1B2C3D4E5F607089F2701809F10120110A00003220000000000000000000000FF9F3704AABBCCDD9F36020001950500000000009A032509119C01009F02060000000010005F2A020840820219009F1A0208409F03060000000000009F3303E0F8C89F34034203009F3501229F1E0831323334353637388407A00000000310109F090200969F410400000001", // DE 55
  ],
  iso87ebcdic: [
    "F0F2F0F0723C068028C08200", // MTI + bitmap
    "F1F6F4F7F6F1F7F3F9F0F0F1F0F1F0F1F1F9", // DE 2
    "F0F0F0F0F0F0", // DE 3
    "F0F0F0F0F0F0F0F0F1F0F0F0", // DE 4
    "F0F9F1F1F1F3F1F4F1F1", // DE 7
    "F0F0F0F0F0F1", // DE 11
    "F1F3F1F4F1F1", // DE 12
    "F0F9F1F1", // DE 13
    "F2F2F1F2", // DE 14
    "F0F5F1", // DE 22
    "F0F0F1", // DE 23
    "F0F0", // DE 25
    "F3F4F4F7F6F1F7F3F9F0F0F1F0F1F0F1F1F9C4F2F2F1F2F2F0F1F1F7F5F8F9F2F8F8F8F9", // DE 35
    "F5F2F5F4F1F3F0F0F0F0F0F1", // DE 37
    "E3C5D9D4F0F0F0F1", // DE 41
    "D4C5D9C3C8C1D5E3F0F0F0F0F0F0F1", // DE 42
    "F8F4F0", // DE 49
    "F1F4F39F2608A1B2C3D4E5F607089F2701809F10120110A00003220000000000000000000000FF9F3704AABBCCDD9F36020001950500000000009A032509119C01009F02060000000010005F2A020840820219009F1A0208409F03060000000000009F3303E0F8C89F34034203009F3501229F1E0831323334353637388407A00000000310109F090200969F410400000001", // DE 55
  ],
};

/** iso_8583 dialect, framed: 2-byte length 0x01C9 (457), binary primary + empty secondary bitmap, DE 55 as 286 hex characters. */
const PINNED_DIALECT =
  "01C9" +
  "30323030F23C068028C082000000000000000000313634373631373339303031303130313139303030303030303030303030303031303030" +
  "3039313131333134313130303030303131333134313130393131323231323035313030313030333434373631373339303031303130313139" +
  "4432323132323031313735383932383838393532353431333030303030315445524D303030314D45524348414E5430303030303031383430" +
  "3238363946323630384131423243334434453546363037303839463237303138303946313031323031313041303030303332323030303030" +
  "3030303030303030303030303030303030464639463337303441414242434344443946333630323030303139353035303030303030303030" +
  "3039413033323530393131394330313030394630323036303030303030303031303030354632413032303834303832303231393030394631" +
  "4130323038343039463033303630303030303030303030303039463333303345304638433839463334303334323033303039463335303132" +
  "3239463145303833313332333333343335333633373338383430374130303030303030303331303130394630393032303039363946343130" +
  "343030303030303031";

const message: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
const dialectMessage: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: toHex(BENCH_DE55) } };

describe("bench 0200 chip purchase: exact bytes", () => {
  it("is the message the issue describes: 17 fields, about 150 bytes of DE 55", () => {
    expect(Object.keys(message.fields).map(Number)).toEqual([
      2, 3, 4, 7, 11, 12, 13, 14, 22, 23, 25, 35, 37, 41, 42, 49, 55,
    ]);
    expect(BENCH_DE55.length).toBe(143);
  });
  for (const [name, parts] of Object.entries(PINNED)) {
    it(`${name}: packs to the pinned bytes, field by field, and unpacks back`, () => {
      const spec = getSpec(name);
      const bytes = packMessage(spec, message);
      expect(toHex(bytes)).toBe(parts.join(""));
      const r = unpack(spec, bytes);
      expect(r.fields.map((f) => toHex(f.raw))).toEqual(parts.slice(1));
      expect(unpackMessage(spec, bytes, { copy: true })).toEqual(message);
    });
  }
  it("iso_8583 dialect: packs to the pinned bytes, which are iso_8583's own", () => {
    const spec = getSpec("iso_8583");
    const framed = frameMessage(packMessage(spec, dialectMessage), "2byte");
    expect(toHex(framed)).toBe(PINNED_DIALECT);
    type Npm = new (m?: Record<string, string>) => { getBufferMessage(): Uint8Array | { error: string } };
    const Iso8583Npm = createRequire(import.meta.url)("iso_8583") as Npm;
    const json: Record<string, string> = { 0: "0200" };
    for (const [k, v] of Object.entries(dialectMessage.fields)) json[k] = v as string;
    const theirs = new Iso8583Npm(json).getBufferMessage();
    expect(theirs).toBeInstanceOf(Uint8Array);
    expect(toHex(new Uint8Array(theirs as Uint8Array))).toBe(PINNED_DIALECT);
    const payloads = new Deframer("2byte").push(fromHex(PINNED_DIALECT));
    expect(payloads).toHaveLength(1);
    expect(unpackMessage(spec, payloads[0] as Uint8Array)).toEqual(dialectMessage);
  });
});
