// The bench's 0200 chip purchase (bench/iso8583.bench.ts and its child bench/iso8583-speed.ts).
// test/iso8583/bench-message.test.ts pins its packed bytes in every wire style.
import { encodeTlv } from "../src/emv/index.js";

/** ~150 bytes of ARQC data as a terminal sends it (EMV Book 3 Annex A tags; made-up values). */
export const BENCH_DE55 = encodeTlv([
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

/** The text fields of the bench's 0200. */
export const BENCH_TEXT: Readonly<Record<number, string>> = {
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
