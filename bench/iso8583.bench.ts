// ISO 8583 pack + unpack of a typical 0200 chip purchase, cardwire side by side with the
// npm `iso_8583` package (issue #4 target: ≥ 40× iso_8583), same message, same run.
import { createRequire } from "node:module";
import { bytesEqual, toHex } from "../src/bytes/index.js";
import { encodeTlv } from "../src/emv/index.js";
import { Deframer, frameMessage, getSpec, type IsoMessage, packMessage, unpackMessage } from "../src/iso8583/index.js";
import { opsPerSecond, round } from "./util.js";

type IsoPackage = new (
  message?: Record<string, string>,
) => { getBufferMessage(): Uint8Array | { error: string }; getIsoJSON(b: Uint8Array): Record<string, string> };
const Iso8583Npm = createRequire(import.meta.url)("iso_8583") as IsoPackage;

/** ~150 bytes of ARQC data as a terminal sends it (EMV Book 3 Annex A tags; made-up values). */
const de55 = encodeTlv([
  { tag: "9F26", value: "A1B2C3D4E5F60708" },
  { tag: "9F27", value: "80" },
  { tag: "9F10", value: "0110A00003220000000000000000000000FF" },
  { tag: "9F37", value: "AABBCCDD" },
  { tag: "9F36", value: "0001" },
  { tag: "95", value: "0000000000" },
  { tag: "9A", value: "250911" },
  { tag: "9C", value: "00" },
  { tag: "9F02", value: "000000001000" },
  { tag: "5F2A", value: "0840" },
  { tag: "82", value: "1900" },
  { tag: "9F1A", value: "0840" },
  { tag: "9F03", value: "000000000000" },
  { tag: "9F33", value: "E0F8C8" },
  { tag: "9F34", value: "420300" },
  { tag: "9F35", value: "22" },
  { tag: "9F1E", value: "3132333435363738" },
  { tag: "84", value: "A0000000031010" },
  { tag: "9F09", value: "0096" },
  { tag: "9F41", value: "00000001" },
]);

const text: Record<number, string> = {
  2: "4761739001010119",
  3: "000000",
  4: "000000001000",
  7: "0911131411",
  11: "000001",
  12: "131411",
  13: "0911",
  14: "2212",
  22: "051",
  23: "001",
  25: "00",
  35: "4761739001010119D22122011758928889",
  37: "525413000001",
  41: "TERM0001",
  42: "MERCHANT0000001",
  49: "840",
};

export default async function bench() {
  const ours: IsoMessage = { mti: "0200", fields: { ...text, 55: de55 } };
  const spec = getSpec("iso87ascii");
  // The npm package's own dialect (DE 55 as hex text, empty secondary bitmap, 2-byte header):
  // byte-identical output lets both sides do exactly the same work.
  const dialect = getSpec("iso_8583");
  const npmJson: Record<string, string> = { 0: "0200" };
  for (const [k, v] of Object.entries(text)) npmJson[k] = v;
  npmJson[55] = toHex(de55);
  const dialectMsg: IsoMessage = { mti: "0200", fields: { ...text, 55: toHex(de55) } };

  const npmBytes = new Iso8583Npm(npmJson).getBufferMessage();
  if (!(npmBytes instanceof Uint8Array)) throw new Error(`iso_8583 failed to pack: ${npmBytes.error}`);
  const ourFramed = frameMessage(packMessage(dialect, dialectMsg), "2byte");
  const sameBytes = bytesEqual(new Uint8Array(npmBytes), ourFramed);
  const back = new Iso8583Npm().getIsoJSON(npmBytes);
  if (back[55] !== npmJson[55] || back[35] !== npmJson[35]) throw new Error("iso_8583 round trip lost a field");

  const npm = opsPerSecond(() => {
    const b = new Iso8583Npm(npmJson).getBufferMessage() as Uint8Array;
    new Iso8583Npm().getIsoJSON(b);
  }, 1500);
  const plain = opsPerSecond(() => {
    unpackMessage(spec, packMessage(spec, ours));
  }, 1500);
  const deframer = new Deframer("2byte");
  const sameDialect = opsPerSecond(() => {
    const frames = deframer.push(frameMessage(packMessage(dialect, dialectMsg), "2byte"));
    unpackMessage(dialect, frames[0] as Uint8Array);
  }, 1500);
  return {
    message: `0200 chip purchase, ${Object.keys(ours.fields).length} fields, DE 55 ${de55.length} bytes`,
    messageBytesIso87ascii: packMessage(spec, ours).length,
    iso_8583PackUnpackPerSec: npm.opsPerSec,
    cardwireIso87asciiPackUnpackPerSec: plain.opsPerSec,
    cardwireIso_8583DialectFramedPackUnpackPerSec: sameDialect.opsPerSec,
    ratioIso87ascii: round(plain.opsPerSec / npm.opsPerSec, 1),
    ratioSameBytes: round(sameDialect.opsPerSec / npm.opsPerSec, 1),
    sameBytesAsIso_8583: sameBytes,
  };
}
