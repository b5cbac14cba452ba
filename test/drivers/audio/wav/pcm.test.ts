import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  Decimator,
  decodeInterleaved,
  encodeInterleaved,
  PCM_FORMAT_NAMES,
  PCM_FORMATS,
  PcmFrameAssembler,
  pcmBlocks,
  type PcmStreamFormat,
} from "../../../../drivers/audio/pcm.js";
import { isCardwireError } from "../../../../src/errors/index.js";

/** Byte layouts as `arecord -f <FORMAT>` / sox write them, with the integer they encode. */
const LAYOUTS = [
  { format: "u8", bytes: [0x00, 0x80, 0xff], values: [-1, 0, 127 / 128] },
  { format: "s8", bytes: [0x80, 0x00, 0x7f], values: [-1, 0, 127 / 128] },
  { format: "s16le", bytes: [0x00, 0x80, 0xff, 0x7f, 0x01, 0x00], values: [-1, 32767 / 32768, 1 / 32768] },
  { format: "s16be", bytes: [0x80, 0x00, 0x7f, 0xff, 0x00, 0x01], values: [-1, 32767 / 32768, 1 / 32768] },
  { format: "s24le", bytes: [0x00, 0x00, 0x80, 0x01, 0x00, 0x00], values: [-1, 1 / 8388608] },
  { format: "s24be", bytes: [0x80, 0x00, 0x00, 0xff, 0xff, 0xff], values: [-1, -1 / 8388608] },
  { format: "s32le", bytes: [0x00, 0x00, 0x00, 0x40], values: [0.5] },
  { format: "s32be", bytes: [0xc0, 0x00, 0x00, 0x00], values: [-0.5] },
  { format: "f32le", bytes: [0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0xc0, 0x7f], values: [0.5, 0] }, // second is NaN → 0
  { format: "f32be", bytes: [0x40, 0x00, 0x00, 0x00], values: [1] }, // 2.0 clamps to 1
  { format: "f64le", bytes: [0, 0, 0, 0, 0, 0, 0xd0, 0xbf], values: [-0.25] },
  { format: "f64be", bytes: [0xbf, 0xd0, 0, 0, 0, 0, 0, 0], values: [-0.25] },
] as const;

describe("PCM formats", () => {
  it("the table covers every format once, each with a description", () => {
    expect(new Set(LAYOUTS.map((l) => l.format))).toEqual(new Set(PCM_FORMAT_NAMES));
    for (const f of PCM_FORMAT_NAMES) expect(PCM_FORMATS[f].description.length).toBeGreaterThan(10);
  });

  for (const l of LAYOUTS) {
    it(`${l.format}: named bytes decode to the documented values`, () => {
      const [ch] = decodeInterleaved(new Uint8Array(l.bytes), l.format, 1);
      expect([...(ch as Float32Array)]).toEqual(l.values.map((v) => Math.fround(v)));
    });
  }

  it("encode then decode is the identity on quantized values", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PCM_FORMAT_NAMES),
        fc.array(fc.integer({ min: -128, max: 127 }), { maxLength: 50 }),
        (format, ints) => {
          const x = Float32Array.from(ints, (i) => i / 128);
          const [back] = decodeInterleaved(encodeInterleaved([x], format), format, 1);
          expect([...(back as Float32Array)]).toEqual([...x]);
        },
      ),
    );
  });
});

describe("PcmFrameAssembler: samples split across chunk boundaries", () => {
  it("any split of a stream yields exactly the samples of the whole, for any channel choice", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PCM_FORMAT_NAMES),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 90 }),
        fc.array(fc.integer({ min: 0, max: 17 }), { maxLength: 40 }),
        fc.nat(),
        async (format, channels, pool, cuts, pick) => {
          const frames = Math.ceil(pool.length / channels);
          const chans = Array.from({ length: channels }, (_, c) =>
            Float32Array.from({ length: frames }, (_, i) => pool[(i * channels + c) % pool.length] as number),
          );
          const bytes = encodeInterleaved(chans, format);
          const channel = pick % (channels + 1) === channels ? "mix" : pick % (channels + 1);
          const whole = decodeInterleaved(bytes, format, channels, channel)[0] as Float32Array;
          const pieces: Uint8Array[] = [];
          let o = 0;
          for (const c of cuts) {
            pieces.push(bytes.subarray(o, Math.min(bytes.length, o + c)));
            o = Math.min(bytes.length, o + c);
          }
          pieces.push(bytes.subarray(o));
          async function* stream() {
            for (const p of pieces) yield p;
          }
          const got: number[] = [];
          for await (const block of pcmBlocks(stream(), { format, channels, channel })) {
            expect(block.length).toBeGreaterThan(0);
            got.push(...block);
          }
          expect(got).toEqual([...whole]);
          expect(got.length).toBe(frames);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("holds back at most one partial frame", () => {
    const a = new PcmFrameAssembler({ format: "s24le", channels: 2, channel: 1 });
    expect(a.push(new Uint8Array(5)).length).toBe(0);
    expect(a.pendingBytes).toBe(5);
    expect(a.push(new Uint8Array(8)).length).toBe(2);
    expect(a.pendingBytes).toBe(1);
    a.reset();
    expect(a.pendingBytes).toBe(0);
  });

  it("rejects impossible stream formats with typed errors", () => {
    const bad = [
      [{ format: "s17le" }, "audio.pcm_format"],
      [{ format: "s16le", channels: 0 }, "audio.pcm_format"],
      [{ format: "s16le", channels: 2, channel: 2 }, "audio.wav_channel"],
      [{ format: "s16le", channels: 2, channel: -1 }, "audio.wav_channel"],
    ] as const;
    for (const [opts, code] of bad) {
      let caught: unknown;
      try {
        new PcmFrameAssembler(opts as unknown as PcmStreamFormat);
      } catch (e) {
        caught = e;
      }
      expect(isCardwireError(caught, code)).toBe(true);
    }
  });
});

describe("Decimator: studio rates down to the decoder's 48 kHz", () => {
  it("picks the smallest integer factor that reaches ≤ 48 kHz", () => {
    const rows = [
      [44100, 1, 44100],
      [48000, 1, 48000],
      [88200, 2, 44100],
      [96000, 2, 48000],
      [176400, 4, 44100],
      [192000, 4, 48000],
      [384000, 8, 48000],
    ] as const;
    for (const [rate, factor, out] of rows)
      expect([new Decimator(rate).factor, new Decimator(rate).outputRate]).toEqual([factor, out]);
  });

  it("streaming over any block split equals decimating the whole", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(96000, 192000, 100000),
        fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { maxLength: 200 }),
        fc.array(fc.integer({ min: 0, max: 13 }), { maxLength: 30 }),
        (rate, xs, cuts) => {
          const all = Float32Array.from(xs);
          const whole = new Decimator(rate).push(all);
          const d = new Decimator(rate);
          const got: number[] = [];
          let o = 0;
          for (const c of [...cuts, all.length]) {
            got.push(...d.push(all.subarray(o, o + c)));
            o = Math.min(all.length, o + c);
          }
          expect(got).toEqual([...whole]);
          expect(whole.length).toBe(Math.floor(all.length / d.factor));
        },
      ),
    );
  });
});
