import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AudioError, AudioErrorCodes } from "../../../../drivers/audio/errors.js";
import { type PcmSource, pcmSourceFromSamples } from "../../../../drivers/audio/pcm.js";
import { AudioJackReader } from "../../../../drivers/audio/reader.js";
import { synthesizeSwipe } from "../../../../drivers/audio/synth/index.js";
import { wavFileSource } from "../../../../drivers/audio/wav-file.node.js";
import { isCardwireError } from "../../../../src/errors/index.js";
import { READ_FAILURE_HINTS } from "../../../../src/reader/index.js";
import type { ReaderEvent } from "../../../../src/reader/types.js";

const VISA1 = "%B4111111111111111^CARDWIRE/TEST^3012101000000000000000?";
const MC2 = ";5555555555554444=29122011234000000000?";
const RATE = 44100;

function swipe(track: 1 | 2, data: string, seed: number, direction: "forward" | "reverse" = "forward"): Float32Array {
  return synthesizeSwipe({
    sampleRate: RATE,
    track,
    data,
    speed: { from: 8, to: 16 },
    seed,
    direction,
    impairments: { levelDbfs: -12, noise: { snrDb: 30 } },
  });
}

function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

async function collect(reader: AudioJackReader): Promise<ReaderEvent[]> {
  const events: ReaderEvent[] = [];
  const done = (async () => {
    for await (const e of reader.events()) events.push(e);
  })();
  await reader.connect();
  await done;
  return events;
}

describe("AudioJackReader over a finite source", () => {
  it("emits a swipe per decoded track, then disconnected/end_of_stream, then the stream ends", async () => {
    const pcm = concat(swipe(1, VISA1, 1), swipe(2, MC2, 2, "reverse"));
    const reader = new AudioJackReader({ source: pcmSourceFromSamples(pcm, RATE, { blockSamples: 1000 }) });
    const events = await collect(reader);
    const swipes = events.filter((e) => e.type === "swipe");
    expect(swipes).toHaveLength(2);
    const [a, b] = swipes;
    expect(a?.card?.maskedPan).toBe("411111******1111");
    expect(a?.card?.expiry?.yymm).toBe("3012");
    expect(a?.tracks).toEqual({ track1: VISA1 });
    expect(a?.details).toMatchObject({ track: 1, direction: "forward", corrected: false, sampleRate: RATE });
    expect(a?.details?.speedIps as number).toBeGreaterThan(6);
    expect(a?.details?.speedIps as number).toBeLessThan(18);
    expect(b?.card?.maskedPan).toBe("555555******4444");
    expect(b?.tracks).toEqual({ track2: MC2 });
    expect(b?.details).toMatchObject({ track: 2, direction: "reverse" });
    expect((a?.details?.endSample as number) < (b?.details?.startSample as number)).toBe(true);
    const states = events.filter((e) => e.type === "status").map((e) => (e.type === "status" ? e.state : ""));
    expect(states).toEqual(["connecting", "ready", "reading", "ready", "reading", "ready", "disconnected"]);
    const last = events.at(-1);
    expect(last).toMatchObject({
      type: "status",
      state: "disconnected",
      reason: "end_of_stream",
      readerId: "audio-jack",
    });
    expect(reader.state).toBe("disconnected");
  });

  it("reports a cut-off swipe as read_failed with the shared hint, never as a card", async () => {
    const full = swipe(1, VISA1, 3);
    const cut = concat(full.subarray(0, Math.round(full.length / 2)), new Float32Array(RATE / 2));
    const events = await collect(new AudioJackReader({ source: pcmSourceFromSamples(cut, RATE) }));
    expect(events.filter((e) => e.type === "swipe")).toEqual([]);
    const failed = events.filter((e) => e.type === "read_failed");
    expect(failed.length).toBe(1);
    const f = failed[0];
    if (f?.type !== "read_failed") throw new Error("no read_failed event");
    expect(f.method).toBe("swipe");
    expect(["too_fast", "too_noisy", "parity", "lrc", "no_sentinel", "truncated"]).toContain(f.reason);
    expect(f.hint).toBe(READ_FAILURE_HINTS[f.reason]);
    expect(f.hint).toMatch(/^Swipe again/);
    expect(f.details).toMatchObject({ track: 1 });
  });

  it("silence gives no event but the status changes", async () => {
    const events = await collect(new AudioJackReader({ source: pcmSourceFromSamples(new Float32Array(RATE), RATE) }));
    expect(events.map((e) => e.type)).toEqual(["status", "status", "status"]);
  });
});

describe("AudioJackReader: sources that fail, live sources, reconnects", () => {
  it("a source failing with audio.source ends with device_gone and an error event", async () => {
    const blocks = (async function* () {
      yield swipe(2, MC2, 4);
      throw new AudioError(AudioErrorCodes.source, "the microphone track ended");
    })();
    const events = await collect(new AudioJackReader({ source: { sampleRate: RATE, blocks } }));
    const types = events.map((e) => e.type);
    expect(types).toContain("swipe");
    expect(events.find((e) => e.type === "error")).toMatchObject({ error: { code: "audio.source" } });
    expect(events.at(-1)).toMatchObject({ type: "status", state: "disconnected", reason: "device_gone" });
  });

  it("a 96 kHz source is decimated for the decoder and still reads the card", async () => {
    const pcm = synthesizeSwipe({
      sampleRate: 96000,
      track: 2,
      data: MC2,
      speed: 10,
      seed: 8,
      impairments: { levelDbfs: -12, noise: { snrDb: 30 } },
    });
    const events = await collect(
      new AudioJackReader({ source: pcmSourceFromSamples(pcm, 96000, { blockSamples: 777 }) }),
    );
    const swipe = events.find((e) => e.type === "swipe");
    expect(swipe?.type === "swipe" && swipe.card?.maskedPan).toBe("555555******4444");
    expect(swipe?.type === "swipe" && swipe.details?.sampleRate).toBe(48000);
  });

  it("an unsupported sample rate fails connect with audio.sample_rate and closes the source", async () => {
    let closed = false;
    const source: PcmSource = {
      sampleRate: 6000,
      blocks: (async function* () {})(),
      close: () => {
        closed = true;
      },
    };
    const reader = new AudioJackReader({ source });
    await expect(reader.connect()).rejects.toSatisfy((e: unknown) => isCardwireError(e, "audio.sample_rate"));
    expect(closed).toBe(true);
    expect(reader.state).toBe("disconnected");
  });

  it("disconnect() stops a live source; a factory lets it connect again; a bare source cannot", async () => {
    let opened = 0;
    let closes = 0;
    const live = (): PcmSource => {
      opened++;
      let stop = false;
      return {
        sampleRate: RATE,
        blocks: (async function* () {
          while (!stop) {
            await new Promise((r) => setTimeout(r, 1));
            yield new Float32Array(441);
          }
        })(),
        close: () => {
          stop = true;
          closes++;
        },
      };
    };
    const reader = new AudioJackReader({ source: async () => live() });
    await reader.connect();
    expect(reader.state).toBe("ready");
    await reader.disconnect();
    expect(reader.state).toBe("disconnected");
    await reader.connect();
    expect(reader.state).toBe("ready");
    await reader.disconnect();
    expect([opened, closes]).toEqual([2, 2]);

    const once = new AudioJackReader({ source: live() });
    await once.connect();
    await once.disconnect();
    await expect(once.connect()).rejects.toSatisfy((e: unknown) => isCardwireError(e, "audio.state"));
  });
});

const MANIFEST_URL = new URL("../../../../fixtures/audio/manifest.json", import.meta.url);
interface ManifestEntry {
  readonly file: string;
  readonly channel: number;
  readonly swipes: readonly { track: number; data: string; direction: string }[];
}
const manifest = JSON.parse(readFileSync(MANIFEST_URL, "utf8")) as ManifestEntry[];

describe("committed WAV fixtures decode to their manifest (WAV file → reader)", () => {
  it("the manifest is not empty and includes a negative", () => {
    expect(manifest.length).toBeGreaterThanOrEqual(5);
    expect(manifest.some((m) => m.swipes.length === 0)).toBe(true);
  });
  for (const m of manifest) {
    it(m.file, async () => {
      const path = new URL(m.file, MANIFEST_URL).pathname;
      const reader = new AudioJackReader({ source: await wavFileSource(path, { channel: m.channel }) });
      const events = await collect(reader);
      const swipes = events.flatMap((e) => (e.type === "swipe" ? [e] : []));
      expect(
        swipes.map((s) => ({
          track: s.details?.track,
          data: Object.values(s.tracks)[0],
          direction: s.details?.direction,
        })),
      ).toEqual(m.swipes);
      for (const s of swipes) expect(s.card?.pan).toBe(/[;%]B?([0-9]+)/.exec(String(Object.values(s.tracks)[0]))?.[1]);
      expect(events.at(-1)).toMatchObject({ type: "status", reason: "end_of_stream" });
    });
  }
});

describe("AudioJackReader fuzz: arbitrary PCM never breaks the reader", () => {
  it("random blocks (NaN, ±Infinity, clipping, empty blocks) end cleanly with no card", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.float32Array({ maxLength: 3000 }).map((a) => a.map((x) => x * 4)),
          { maxLength: 12 },
        ),
        fc.constantFrom(8000, 22050, 44100, 48000, 96000),
        async (blocks, rate) => {
          async function* gen() {
            for (const b of blocks) yield b;
          }
          const events = await collect(new AudioJackReader({ source: { sampleRate: rate, blocks: gen() } }));
          expect(events.filter((e) => e.type === "error")).toEqual([]);
          expect(events.some((e) => e.type === "swipe" && e.card !== undefined)).toBe(false);
          expect(events.at(-1)).toMatchObject({ type: "status", state: "disconnected", reason: "end_of_stream" });
        },
      ),
      { numRuns: 40 },
    );
  });
});
