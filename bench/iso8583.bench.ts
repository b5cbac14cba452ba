// ISO 8583 pack + unpack of a typical 0200 chip purchase, cardwire side by side with the
// npm `iso_8583` package (issue #4 target: ≥ 40× iso_8583), same message, same run.
//
// Like for like: iso_8583 returns a Node Buffer from Buffer.concat, a view on Node's
// shared 8 KiB pool (the bench records its `.buffer.byteLength` and `byteOffset` to show
// it). cardwire's `{ pooled: true }` output is the same kind of view (src/iso8583/slab.ts),
// so `ratioPooled` compares the same work; `ratioOwned` adds what cardwire's default costs
// on top — a fresh ArrayBuffer per message, so `.buffer` never holds another message's
// card data (`ownedOutputAllocPerSec` measures that allocation alone).
//
// The build machine is shared and loaded (2 cores, other jobs come and go), so one long
// timing per side measures the load as much as the code. Instead every workload runs in
// short interleaved rounds (order reversed every other round) and the bench reports each
// side's median and the ratio of the medians: a load change hits both sides alike. The
// median of the per-round ratios (each round's two timings are adjacent in time) is
// reported beside it as a cross-check.
import { createRequire } from "node:module";
import { bytesEqual, toHex } from "../src/bytes/index.js";
import { encodeTlv } from "../src/emv/index.js";
import { Deframer, frameMessage, getSpec, type IsoMessage, packMessage, unpackMessage } from "../src/iso8583/index.js";
import { round } from "./util.js";

type IsoPackage = new (
  message?: Record<string, string>,
) => { getBufferMessage(): Uint8Array | { error: string }; getIsoJSON(b: Uint8Array): Record<string, string> };
const Iso8583Npm = createRequire(import.meta.url)("iso_8583") as IsoPackage;

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

/** The text fields of the bench's 0200 (test/iso8583/bench-message.test.ts pins their packed bytes). */
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

const ROUNDS = 11;
const ROUND_MS = 150;
const WARMUP_MS = 250;

/** Runs `fn` in batches of 32 for about `ms`; returns ops/s. */
function rate(fn: () => void, ms: number): number {
  let runs = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 32; i++) fn();
    runs += 32;
    now = performance.now();
  }
  return (runs * 1000) / (now - start);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Every side once per round, order reversed on odd rounds; ops/s samples per side. */
function interleaved(sides: Record<string, () => void>): Record<string, number[]> {
  const names = Object.keys(sides);
  for (const n of names) rate(sides[n] as () => void, WARMUP_MS);
  const samples: Record<string, number[]> = {};
  for (const n of names) samples[n] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const n of order) samples[n]?.push(rate(sides[n] as () => void, ROUND_MS));
  }
  return samples;
}

const POOLED = { pooled: true } as const;
const INTERPRET = { interpret: true } as const;
const INTERPRET_POOLED = { interpret: true, pooled: true } as const;
/** Holds the allocation-only side's last buffer, so the allocation escapes and cannot be optimised away. */
const held: Uint8Array[] = [new Uint8Array(0)];

export default async function bench() {
  const ours: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
  const spec = getSpec("iso87ascii");
  // The npm package's own dialect (DE 55 as hex text, empty secondary bitmap, 2-byte header):
  // byte-identical output lets both sides do exactly the same work.
  const dialect = getSpec("iso_8583");
  const npmJson: Record<string, string> = { 0: "0200" };
  for (const [k, v] of Object.entries(BENCH_TEXT)) npmJson[k] = v;
  npmJson[55] = toHex(BENCH_DE55);
  const dialectMsg: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: toHex(BENCH_DE55) } };

  const npmBytes = new Iso8583Npm(npmJson).getBufferMessage();
  if (!(npmBytes instanceof Uint8Array)) throw new Error(`iso_8583 failed to pack: ${npmBytes.error}`);
  const ourFramed = frameMessage(packMessage(dialect, dialectMsg), "2byte");
  const sameBytes = bytesEqual(new Uint8Array(npmBytes), ourFramed);
  const back = new Iso8583Npm().getIsoJSON(npmBytes);
  if (back[55] !== npmJson[55] || back[35] !== npmJson[35]) throw new Error("iso_8583 round trip lost a field");
  const packed = packMessage(spec, ours);
  const again = unpackMessage(spec, packed);
  if (!bytesEqual(again.fields[55] as Uint8Array, BENCH_DE55) || again.fields[35] !== BENCH_TEXT[35]) {
    throw new Error("cardwire round trip lost a field");
  }

  const deframer = new Deframer("2byte");
  const s = interleaved({
    iso_8583: () => {
      const b = new Iso8583Npm(npmJson).getBufferMessage() as Uint8Array;
      new Iso8583Npm().getIsoJSON(b);
    },
    iso87ascii: () => {
      unpackMessage(spec, packMessage(spec, ours));
    },
    // What the TCP host link and simulator do: pooled output buffers (see src/iso8583/slab.ts).
    iso87asciiPooled: () => {
      unpackMessage(spec, packMessage(spec, ours, POOLED));
    },
    // The table interpreter alone (what runs where `new Function` is forbidden, see src/iso8583/jit.ts).
    interpreterPooled: () => {
      unpackMessage(spec, packMessage(spec, ours, INTERPRET_POOLED), INTERPRET);
    },
    sameBytes: () => {
      const frames = deframer.push(frameMessage(packMessage(dialect, dialectMsg, POOLED), "2byte", POOLED));
      unpackMessage(dialect, frames[0] as Uint8Array);
    },
    packOnly: () => {
      packMessage(spec, ours);
    },
    unpackOnly: () => {
      unpackMessage(spec, packed);
    },
    // The floor under an owned pack output: one fresh buffer of the packed size. V8 keeps
    // typed arrays up to 64 bytes on its heap; larger ones get a malloc'd backing store.
    allocOnly: () => {
      held[0] = new Uint8Array(packed.length);
    },
  });
  const med = (k: string) => Math.round(median(s[k] as number[]));
  const npm = med("iso_8583");
  const paired = (k: string) => {
    const ours = s[k] as number[];
    const theirs = s.iso_8583 as number[];
    return round(median(ours.map((x, i) => x / (theirs[i] as number))), 1);
  };
  const npmOut = npmBytes as Uint8Array;
  return {
    message: `0200 chip purchase, ${Object.keys(ours.fields).length} fields, DE 55 ${BENCH_DE55.length} bytes`,
    messageBytesIso87ascii: packed.length,
    method: `${ROUNDS} interleaved rounds × ${ROUND_MS} ms per side after ${WARMUP_MS} ms warm-up; medians in ops/s`,
    iso_8583Output: `${npmOut.length} bytes at offset ${npmOut.byteOffset} of a shared ${npmOut.buffer.byteLength}-byte pool`,
    iso_8583PackUnpackPerSec: npm,
    cardwirePooledPackUnpackPerSec: med("iso87asciiPooled"),
    ratioPooled: round(med("iso87asciiPooled") / npm, 1),
    cardwireOwnedPackUnpackPerSec: med("iso87ascii"),
    ratioOwned: round(med("iso87ascii") / npm, 1),
    cardwireInterpreterPooledPackUnpackPerSec: med("interpreterPooled"),
    ratioInterpreterPooled: round(med("interpreterPooled") / npm, 1),
    cardwireIso_8583DialectFramedPackUnpackPerSec: med("sameBytes"),
    cardwireIso87asciiPackPerSec: med("packOnly"),
    cardwireIso87asciiUnpackPerSec: med("unpackOnly"),
    ownedOutputAllocPerSec: med("allocOnly"),
    ratioSameBytes: round(med("sameBytes") / npm, 1),
    medianRoundRatioPooled: paired("iso87asciiPooled"),
    medianRoundRatioOwned: paired("iso87ascii"),
    medianRoundRatioSameBytes: paired("sameBytes"),
    samples: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.map((x) => Math.round(x))])),
    sameBytesAsIso_8583: sameBytes,
  };
}
