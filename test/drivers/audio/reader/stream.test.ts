import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { decodePcm } from "../../../../drivers/audio/decoder/index.js";
import { encodeInterleaved, type PcmFormat } from "../../../../drivers/audio/pcm.js";
import { AudioJackReader } from "../../../../drivers/audio/reader.js";
import { decodePcmStream, pcmStreamSource, RECORDERS, recordPcm } from "../../../../drivers/audio/stream.node.js";
import { synthesizeSwipe } from "../../../../drivers/audio/synth/index.js";
import { isCardwireError } from "../../../../src/errors/index.js";
import type { ReaderEvent } from "../../../../src/reader/types.js";

const RATE = 44100;
const TRACK2 = ";4111111111111111=30121010000000000000?";
const SWIPE = synthesizeSwipe({
  sampleRate: RATE,
  track: 2,
  data: TRACK2,
  speed: { from: 6, to: 15 },
  seed: 7,
  impairments: { levelDbfs: -12, noise: { snrDb: 30 } },
});

/** Splits bytes at the given cut lengths, like a pipe delivering whatever the kernel had. */
async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let o = 0;
  for (const c of cuts) {
    if (o >= bytes.length) break;
    yield bytes.subarray(o, o + c);
    o += c;
  }
  if (o < bytes.length) yield bytes.subarray(o);
}

describe("decodePcmStream: raw PCM as arecord/sox pipe it", () => {
  it("odd-sized chunks of s16le (samples split across chunks) decode to the card", async () => {
    const bytes = encodeInterleaved([SWIPE], "s16le");
    const outcomes = [];
    for await (const o of decodePcmStream(chunked(bytes, [1, 4095, 3, 7777, 1, 2, 65535]), {
      sampleRate: RATE,
      format: "s16le",
    })) {
      outcomes.push(o);
    }
    expect(outcomes.map((o) => (o.kind === "swipe" ? o.data : o.reason))).toEqual([TRACK2]);
  });

  it("any chunking and any format gives the same outcomes as decoding the whole buffer", async () => {
    const reference = JSON.stringify(decodePcm(SWIPE, RATE).map((o) => (o.kind === "swipe" ? o.data : o.reason)));
    expect(reference).toBe(JSON.stringify([TRACK2]));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<PcmFormat>("s16le", "s16be", "s24le", "s32le", "f32le", "f64be"),
        fc.array(fc.integer({ min: 1, max: 30000 }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(0, 1),
        async (format, cuts, channel) => {
          const other = new Float32Array(SWIPE.length);
          const chans = channel === 0 ? [SWIPE, other] : [other, SWIPE];
          const bytes = encodeInterleaved(chans, format);
          const got = [];
          for await (const o of decodePcmStream(chunked(bytes, cuts), {
            sampleRate: RATE,
            format,
            channels: 2,
            channel,
          })) {
            got.push(o.kind === "swipe" ? o.data : o.reason);
          }
          expect(JSON.stringify(got)).toBe(reference);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("an AudioJackReader over a byte stream", async () => {
    const reader = new AudioJackReader({
      source: pcmStreamSource(chunked(encodeInterleaved([SWIPE], "f32le"), [1001, 2002, 3003]), {
        sampleRate: RATE,
        format: "f32le",
      }),
    });
    const events: ReaderEvent[] = [];
    const done = (async () => {
      for await (const e of reader.events()) events.push(e);
    })();
    await reader.connect();
    await done;
    const swipe = events.find((e) => e.type === "swipe");
    expect(swipe?.type === "swipe" && swipe.card?.maskedPan).toBe("411111******1111");
    expect(events.at(-1)).toMatchObject({ state: "disconnected", reason: "end_of_stream" });
  });
});

describe("recordPcm: recorder processes", () => {
  const dir = mkdtempSync(join(tmpdir(), "cardwire-rec-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function script(name: string, body: string): string {
    const p = join(dir, name);
    writeFileSync(p, `#!/bin/sh\n${body}\n`);
    chmodSync(p, 0o755);
    return p;
  }

  it("passes arecord/sox the raw 16-bit mono arguments", () => {
    expect(RECORDERS.arecord.args(44100)).toEqual(["-q", "-f", "S16_LE", "-c", "1", "-r", "44100", "-t", "raw", "-"]);
    expect(RECORDERS.arecord.args(8000, "hw:1")).toEqual([
      "-D",
      "hw:1",
      "-q",
      "-f",
      "S16_LE",
      "-c",
      "1",
      "-r",
      "8000",
      "-t",
      "raw",
      "-",
    ]);
    expect(RECORDERS.sox.args(48000)).toContain("signed-integer");
  });

  it("streams a recorder's stdout into the reader (a stand-in arecord that cats a raw capture)", async () => {
    const raw = join(dir, "capture.raw");
    writeFileSync(raw, encodeInterleaved([SWIPE], "s16le"));
    const args = join(dir, "args.txt");
    const fake = script("fake-arecord", `echo "$@" > ${args}\ncat ${raw}`);
    const reader = new AudioJackReader({ source: recordPcm({ tool: "arecord", command: fake, sampleRate: RATE }) });
    const events: ReaderEvent[] = [];
    const done = (async () => {
      for await (const e of reader.events()) events.push(e);
    })();
    await reader.connect();
    await done;
    expect(events.filter((e) => e.type === "swipe").map((e) => (e.type === "swipe" ? e.tracks.track2 : ""))).toEqual([
      TRACK2,
    ]);
    expect(events.at(-1)).toMatchObject({ reason: "end_of_stream" });
  });

  it("a recorder that fails or cannot start surfaces audio.source with its stderr", async () => {
    const failing = script("fail", "echo 'arecord: main:831: audio open error: No such file or directory' >&2\nexit 1");
    for (const command of [failing, join(dir, "does-not-exist")]) {
      const src = recordPcm({ tool: "arecord", command });
      let caught: unknown;
      try {
        for await (const _ of src.blocks) {
          /* no samples expected */
        }
      } catch (e) {
        caught = e;
      }
      expect(isCardwireError(caught, "audio.source")).toBe(true);
      if (command === failing) expect((caught as Error).message).toMatch(/exit code 1: arecord: main:831/);
    }
  });

  it("close() stops an endless recorder without an error", async () => {
    const endless = script("endless", "exec cat /dev/zero");
    const src = recordPcm({ tool: "sox", command: endless });
    let blocks = 0;
    for await (const b of src.blocks) {
      expect(b.every((x) => x === 0)).toBe(true);
      if (++blocks === 3) await src.close?.();
    }
    expect(blocks).toBeGreaterThanOrEqual(3);
  });
});
