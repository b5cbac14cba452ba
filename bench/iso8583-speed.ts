// One workload of bench/iso8583.bench.ts, run by PLAIN node on an esbuild bundle of this file
// (`node .tmp/iso8583-speed.mjs <side>`), in a fresh process per side and round: what a user's
// built code runs, with only this workload's type feedback in V8 (one process running every
// side mixes their option shapes and specs into the same call sites). Prints one JSON object.
//
// Method: WARMUP_MS untimed (V8's optimising tier settles), then BLOCKS timed blocks of about
// BLOCK_MS each. Reports CPU time (user + system, all of the process's threads, GC included) and
// wall time per operation over the whole timed period, and each block's CPU figure.
import { createRequire } from "node:module";
import { toHex } from "../src/bytes/index.js";
import { Deframer, frameMessage, getSpec, type IsoMessage, packMessage, unpackMessage } from "../src/iso8583/index.js";
import { BENCH_DE55, BENCH_TEXT } from "./iso8583-message.js";

type IsoPackage = new (
  message?: Record<string, string>,
) => { getBufferMessage(): Uint8Array | { error: string }; getIsoJSON(b: Uint8Array): Record<string, string> };

const WARMUP_MS = 400;
const BLOCKS = 8;
const BLOCK_MS = 100;

const POOLED = { pooled: true } as const;
const INTERPRET = { interpret: true } as const;
const INTERPRET_POOLED = { interpret: true, pooled: true } as const;
/** Holds the allocation-only side's last buffer, so the allocation escapes and cannot be optimised away. */
const held: Uint8Array[] = [new Uint8Array(0)];

/** Each side's workload, built on demand (only the measured side's code runs in its process). */
const SIDES: Readonly<Record<string, () => () => void>> = {
  iso_8583: () => {
    const Iso8583Npm = createRequire(import.meta.url)("iso_8583") as IsoPackage;
    const json: Record<string, string> = { 0: "0200" };
    for (const [k, v] of Object.entries(BENCH_TEXT)) json[k] = v;
    json[55] = toHex(BENCH_DE55);
    return () => {
      const b = new Iso8583Npm(json).getBufferMessage() as Uint8Array;
      new Iso8583Npm().getIsoJSON(b);
    };
  },
  // What the TCP host link and simulator do: pooled output buffers (see src/iso8583/slab.ts).
  pooled: () => {
    const spec = getSpec("iso87ascii");
    const m: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
    return () => {
      unpackMessage(spec, packMessage(spec, m, POOLED));
    };
  },
  // cardwire's default: a fresh ArrayBuffer per packed message.
  owned: () => {
    const spec = getSpec("iso87ascii");
    const m: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
    return () => {
      unpackMessage(spec, packMessage(spec, m));
    };
  },
  // The table interpreter alone (what runs where `new Function` is forbidden, see src/iso8583/jit.ts).
  interpreterPooled: () => {
    const spec = getSpec("iso87ascii");
    const m: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
    return () => {
      unpackMessage(spec, packMessage(spec, m, INTERPRET_POOLED), INTERPRET);
    };
  },
  // iso_8583's own dialect, byte-identical output, framed and deframed as a socket does.
  sameBytes: () => {
    const dialect = getSpec("iso_8583");
    const m: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: toHex(BENCH_DE55) } };
    const deframer = new Deframer("2byte");
    return () => {
      const frames = deframer.push(frameMessage(packMessage(dialect, m, POOLED), "2byte", POOLED));
      unpackMessage(dialect, frames[0] as Uint8Array);
    };
  },
  packPooled: () => {
    const spec = getSpec("iso87ascii");
    const m: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
    return () => {
      packMessage(spec, m, POOLED);
    };
  },
  unpack: () => {
    const spec = getSpec("iso87ascii");
    const packed = packMessage(spec, { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } });
    return () => {
      unpackMessage(spec, packed);
    };
  },
  // The floor under an owned pack output: one fresh buffer of the packed size (314 bytes). V8
  // keeps typed arrays up to 64 bytes on its heap; larger ones get a malloc'd backing store.
  allocOwned: () => () => {
    held[0] = new Uint8Array(314);
  },
};

function measure(fn: () => void) {
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < WARMUP_MS) {
    for (let i = 0; i < 16; i++) fn();
    ops += 16;
  }
  const perBlock = Math.max(16, Math.round((ops * BLOCK_MS) / WARMUP_MS));
  const blocks: number[] = [];
  let cpuUs = 0;
  let wallMs = 0;
  for (let b = 0; b < BLOCKS; b++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < perBlock; i++) fn();
    wallMs += performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
    blocks.push(Math.round(((c.user + c.system) * 1000) / perBlock));
  }
  const total = perBlock * BLOCKS;
  // Throughput over the whole timed period (total time / total operations), and each block's figure.
  return {
    ops: total,
    cpuNsPerOp: (cpuUs * 1000) / total,
    wallNsPerOp: (wallMs * 1e6) / total,
    cpuNsPerOpByBlock: blocks,
  };
}

const side = process.argv[2] ?? "";
const make = SIDES[side];
if (make !== undefined) process.stdout.write(JSON.stringify({ side, ...measure(make()) }));
else {
  process.stderr.write(`usage: node iso8583-speed.mjs <${Object.keys(SIDES).join("|")}>\n`);
  process.exitCode = 2;
}
