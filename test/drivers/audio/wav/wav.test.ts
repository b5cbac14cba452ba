import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AudioError } from "../../../../drivers/audio/errors.js";
import { encodeWav, parseWav, selectChannel, type WavAudio } from "../../../../drivers/audio/wav.js";
import { fromHex } from "../../../../src/bytes/index.js";
import { isCardwireError } from "../../../../src/errors/index.js";

/**
 * Vectors written by peer implementations (not by encodeWav), with the raw
 * integer sample values they were given. Scale: integer / 2^(bits-1); u8 is
 * (v - 128) / 128.
 */
const PEER_VECTORS = [
  {
    id: "scipy-f32-stereo",
    source:
      "scipy 1.17.1 scipy.io.wavfile.write(8000 Hz, float32 [[0,-1],[0.5,0.25],[-0.5,1],[0.125,-0.125]]): fmt cbSize=0 + fact chunk",
    hex: "524946465200000057415645666d74201200000003000200401f000000fa0000080020000000666163740400000004000000646174612000000000000000000080bf0000003f0000803e000000bf0000803f0000003e000000be",
    sampleRate: 8000,
    channels: [
      [0, 0.5, -0.5, 0.125],
      [-1, 0.25, 1, -0.125],
    ],
    format: { formatTag: 3, bitsPerSample: 32, float: true },
  },
  {
    id: "scipy-s32-mono",
    source: "scipy 1.17.1 wavfile.write(11025 Hz, int32 [0, 2^31-1, -2^31, 65536, -1])",
    hex: "524946463800000057415645666d74201000000001000100112b000044ac000004002000646174611400000000000000ffffff7f0000008000000100ffffffff",
    sampleRate: 11025,
    channels: [[0, 2147483647 / 2147483648, -1, 65536 / 2147483648, -1 / 2147483648]],
    format: { formatTag: 1, bitsPerSample: 32, float: false },
  },
  {
    id: "scipy-u8-mono-odd-data",
    source: "scipy 1.17.1 wavfile.write(8000 Hz, uint8 [0,128,255,1,127]): 5-byte data chunk, no pad byte",
    hex: "524946462900000057415645666d74201000000001000100401f0000401f00000100080064617461050000000080ff017f",
    sampleRate: 8000,
    channels: [[-1, 0, 127 / 128, -127 / 128, -1 / 128]],
    format: { formatTag: 1, bitsPerSample: 8, float: false },
  },
  {
    id: "scipy-s16-stereo",
    source: "scipy 1.17.1 wavfile.write(44100 Hz, int16 [[0,-32768],[32767,1],[-2,300]])",
    hex: "524946463000000057415645666d7420100000000100020044ac000010b1020004001000646174610c00000000000080ff7f0100feff2c01",
    sampleRate: 44100,
    channels: [
      [0, 32767 / 32768, -2 / 32768],
      [-1, 1 / 32768, 300 / 32768],
    ],
    format: { formatTag: 1, bitsPerSample: 16, float: false },
  },
  {
    id: "python-wave-s24-mono",
    source: "CPython 3 wave module, sampwidth 3, 48000 Hz, frames 0, 2^23-1, -2^23, 1, -1",
    hex: "524946463300000057415645666d7420100000000100010080bb00008032020003001800646174610f000000000000ffff7f000080010000ffffff",
    sampleRate: 48000,
    channels: [[0, 8388607 / 8388608, -1, 1 / 8388608, -1 / 8388608]],
    format: { formatTag: 1, bitsPerSample: 24, float: false },
  },
  {
    id: "scipy-f64-mono",
    source: "scipy 1.17.1 wavfile.write(16000 Hz, float64 [0, 0.75, -0.25])",
    hex: "524946464a00000057415645666d74201200000003000100803e000000f4010008004000000066616374040000000300000064617461180000000000000000000000000000000000e83f000000000000d0bf",
    sampleRate: 16000,
    channels: [[0, 0.75, -0.25]],
    format: { formatTag: 3, bitsPerSample: 64, float: true },
  },
] as const;

function ascii(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}
function u16(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff];
}
function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
/** A chunk with explicit declared size (may lie) and the pad byte for odd real sizes. */
function chunk(id: string, body: readonly number[], declared = body.length): number[] {
  return [...ascii(id), ...u32(declared), ...body, ...(body.length & 1 ? [0] : [])];
}
function fmtBody(
  tag: number,
  channels: number,
  rate: number,
  bits: number,
  blockAlign = (Math.ceil(bits / 8) * channels) | 0,
) {
  return [...u16(tag), ...u16(channels), ...u32(rate), ...u32(rate * blockAlign), ...u16(blockAlign), ...u16(bits)];
}
function riff(chunks: readonly number[][], magic = "RIFF", riffSize?: number): Uint8Array {
  const body = chunks.flat();
  return new Uint8Array([...ascii(magic), ...u32(riffSize ?? body.length + 4), ...ascii("WAVE"), ...body]);
}
const S16_DATA = [...u16(0x1000), ...u16(0xf000), ...u16(0x0001)]; // 4096, -4096, 1

function expectAudioError(f: () => unknown, code: string, where?: RegExp): void {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(AudioError);
  expect((caught as AudioError).code).toBe(code);
  if (where) expect((caught as AudioError).message).toMatch(where);
}

describe("parseWav: peer-written files", () => {
  for (const v of PEER_VECTORS) {
    it(`${v.id} (${v.source})`, () => {
      const wav = parseWav(fromHex(v.hex));
      expect(wav.sampleRate).toBe(v.sampleRate);
      expect(wav.channels.length).toBe(v.channels.length);
      for (let c = 0; c < v.channels.length; c++) {
        expect([...(wav.channels[c] as Float32Array)]).toEqual(v.channels[c]?.map((x) => Math.fround(x)));
      }
      expect(wav.format).toMatchObject({ ...v.format, container: "RIFF", extensible: false });
      expect(wav.warnings).toEqual([]);
    });
  }

  it("the soundfile.sapp.org canonical example: header claims 2048 data bytes, 24 present → clamped with a warning", () => {
    // Craig Stuart Sapp, "WAVE PCM soundfile format" (the widely copied 44-byte header example), first 72 bytes.
    const bytes = fromHex(
      "52494646240800005741564566 6d7420100000000100020022560000885801000400100064617461000800000000000024171ef33c133c1416f918f934e723a63cf224f211ce1a0d".replace(
        / /g,
        "",
      ),
    );
    const wav = parseWav(bytes);
    expect(wav.sampleRate).toBe(22050);
    expect(wav.format.channels).toBe(2);
    expect(wav.format.frames).toBe(7);
    expect([...(wav.channels[0] as Float32Array)].map((x) => Math.round(x * 32768))).toEqual([
      0,
      0x1724,
      0x133c,
      0xf916 - 0x10000,
      0xe734 - 0x10000,
      0xf23c - 0x10000,
      0xce11 - 0x10000,
    ]);
    expect(wav.warnings.map((w) => w.code).sort()).toEqual(["data_size_clamped", "riff_size"]);
  });
});

describe("parseWav: chunk walking", () => {
  it("skips LIST and unknown chunks, honours the pad byte after an odd-size chunk", () => {
    const wav = parseWav(
      riff([
        chunk("LIST", [...ascii("INFO"), ...ascii("ISFT"), ...u32(3), 0x61, 0x62, 0x00, 0x00]),
        chunk("junk", [1, 2, 3]), // odd: followed by one pad byte
        chunk("fmt ", fmtBody(1, 1, 8000, 16)),
        chunk("fact", u32(3)),
        chunk("data", S16_DATA),
      ]),
    );
    expect([...(wav.channels[0] as Float32Array)]).toEqual([4096 / 32768, -4096 / 32768, 1 / 32768]);
    expect(wav.format.dataOffset).toBe(12 + 24 + 12 + 24 + 12 + 8);
  });

  it("reads RIFX (big-endian) written by encodeWav, and extensible sub-formats", () => {
    const audio = { sampleRate: 22050, channels: [new Float32Array([0.5, -0.25, 0])] };
    for (const f of [
      { bitsPerSample: 16, bigEndian: true },
      { bitsPerSample: 24, extensible: true },
      { bitsPerSample: 32, float: true, extensible: true },
      { bitsPerSample: 64, float: true, bigEndian: true },
    ] as const) {
      const wav = parseWav(encodeWav(audio, f));
      expect(wav.format.container).toBe(f.bigEndian ? "RIFX" : "RIFF");
      expect(wav.format.extensible).toBe(f.extensible === true);
      expect([...(wav.channels[0] as Float32Array)]).toEqual([0.5, -0.25, 0]);
    }
  });

  it("streaming headers: data size 0 or 0xFFFFFFFF and RIFF size 0 are clamped with warnings", () => {
    for (const declared of [0, 0xffffffff]) {
      const wav = parseWav(
        riff([chunk("fmt ", fmtBody(1, 1, 8000, 16)), chunk("data", S16_DATA, declared)], "RIFF", 0),
      );
      expect(wav.format.frames).toBe(3);
      expect(wav.warnings.map((w) => w.code)).toEqual(["riff_size", "data_size_clamped"]);
    }
  });

  it("RF64: takes the data size from ds64 (EBU Tech 3306)", () => {
    const ds64 = [...u32(0), ...u32(0), ...u32(4), ...u32(0), ...u32(2), ...u32(0), ...u32(0)]; // data size 4 of 6 bytes
    const wav = parseWav(
      riff(
        [chunk("ds64", ds64), chunk("fmt ", fmtBody(1, 1, 8000, 16)), chunk("data", S16_DATA, 0xffffffff)],
        "RF64",
        0xffffffff,
      ),
    );
    expect(wav.format.container).toBe("RF64");
    expect(wav.format.frames).toBe(2);
    expect(wav.warnings).toEqual([]);
  });

  it("drops a trailing partial frame with a warning; 12-bit PCM in 16-bit containers", () => {
    const wav = parseWav(
      riff([chunk("fmt ", fmtBody(1, 2, 8000, 12)), chunk("data", [...S16_DATA, 0x10, 0x20, 0x30])]),
    );
    expect(wav.format.frames).toBe(2);
    expect(wav.format.bitsPerSample).toBe(12);
    expect(wav.warnings.map((w) => w.code)).toEqual(["partial_frame"]);
  });

  it("channel choice: an index, the mix, or an error naming the channel count", () => {
    const stereo = { sampleRate: 8000, channels: [new Float32Array([0.5, 0.25]), new Float32Array([-0.5, 0.75])] };
    const bytes = encodeWav(stereo, { bitsPerSample: 32, float: true });
    expect([...(parseWav(bytes, { channel: 1 }).channels[0] as Float32Array)]).toEqual([-0.5, 0.75]);
    expect(parseWav(bytes, { channel: 1 }).channels.length).toBe(1);
    expect([...(parseWav(bytes, { channel: "mix" }).channels[0] as Float32Array)]).toEqual([0, 0.5]);
    expect([...selectChannel(parseWav(bytes), "mix")]).toEqual([0, 0.5]);
    expect([...selectChannel(parseWav(bytes), 1)]).toEqual([-0.5, 0.75]);
    expectAudioError(() => parseWav(bytes, { channel: 2 }), "audio.wav_channel", /channel 2 .* has 2/);
    expectAudioError(() => selectChannel(parseWav(bytes), 5), "audio.wav_channel");
  });
});

describe("parseWav: bad input names the problem", () => {
  const fmt16 = chunk("fmt ", fmtBody(1, 1, 8000, 16));
  const data = chunk("data", S16_DATA);
  const cases: readonly {
    name: string;
    bytes: Uint8Array;
    code: string;
    where: RegExp;
    opts?: { maxBytes: number };
  }[] = [
    { name: "empty input", bytes: new Uint8Array(0), code: "audio.wav_truncated", where: /12 bytes, got 0/ },
    {
      name: "not RIFF",
      bytes: new Uint8Array([...ascii("OggS"), 0, 0, 0, 0, ...ascii("WAVE")]),
      code: "audio.wav_header",
      where: /OggS/,
    },
    {
      name: "RIFF but AVI",
      bytes: new Uint8Array([...ascii("RIFF"), 4, 0, 0, 0, ...ascii("AVI ")]),
      code: "audio.wav_header",
      where: /expected "RIFF…WAVE"/,
    },
    { name: "no chunks at all", bytes: riff([]), code: "audio.wav_missing_chunk", where: /no "fmt " chunk .* byte 12/ },
    { name: "fmt but no data", bytes: riff([fmt16]), code: "audio.wav_missing_chunk", where: /no "data" chunk/ },
    {
      name: "data before fmt",
      bytes: riff([data, fmt16]),
      code: "audio.wav_chunk_order",
      where: /"data" chunk at byte 12 comes before "fmt "/,
    },
    {
      name: "two fmt chunks",
      bytes: riff([fmt16, fmt16, data]),
      code: "audio.wav_chunk_order",
      where: /second "fmt " chunk at byte 36/,
    },
    {
      name: "fmt chunk too short",
      bytes: riff([chunk("fmt ", fmtBody(1, 1, 8000, 16).slice(0, 14)), data]),
      code: "audio.wav_truncated",
      where: /fmt chunk is 14 bytes/,
    },
    {
      name: "chunk runs past the end",
      bytes: riff([chunk("LIST", [1, 2], 1000), fmt16, data]),
      code: "audio.wav_truncated",
      where: /"LIST" chunk at byte 12 declares 1000 bytes, only \d+ present/,
    },
    {
      name: "µ-law",
      bytes: riff([chunk("fmt ", fmtBody(7, 1, 8000, 8)), data]),
      code: "audio.wav_unsupported",
      where: /0x0007 \(MULAW\)/,
    },
    {
      name: "A-law",
      bytes: riff([chunk("fmt ", fmtBody(6, 1, 8000, 8)), data]),
      code: "audio.wav_unsupported",
      where: /0x0006 \(ALAW\)/,
    },
    {
      name: "IMA ADPCM",
      bytes: riff([chunk("fmt ", fmtBody(0x11, 1, 8000, 4, 256)), data]),
      code: "audio.wav_unsupported",
      where: /0x0011 \(IMA_ADPCM\)/,
    },
    {
      name: "unknown tag",
      bytes: riff([chunk("fmt ", fmtBody(0x1234, 1, 8000, 16)), data]),
      code: "audio.wav_unsupported",
      where: /0x1234 \(unknown\)/,
    },
    {
      name: "extensible with a non-KSDATAFORMAT GUID",
      bytes: riff([
        chunk("fmt ", [
          ...fmtBody(0xfffe, 1, 8000, 16),
          ...u16(22),
          ...u16(16),
          ...u32(4),
          ...u16(1),
          ...new Array(14).fill(7),
        ]),
        data,
      ]),
      code: "audio.wav_unsupported",
      where: /sub-format GUID at byte 44/,
    },
    {
      name: "extensible naming µ-law",
      bytes: riff([
        chunk("fmt ", [
          ...fmtBody(0xfffe, 1, 8000, 8),
          ...u16(22),
          ...u16(8),
          ...u32(4),
          ...u16(7),
          0,
          0,
          0,
          0,
          0x10,
          0,
          0x80,
          0,
          0,
          0xaa,
          0,
          0x38,
          0x9b,
          0x71,
        ]),
        data,
      ]),
      code: "audio.wav_unsupported",
      where: /MULAW/,
    },
    {
      name: "extensible fmt too short",
      bytes: riff([chunk("fmt ", [...fmtBody(0xfffe, 1, 8000, 16), ...u16(0)]), data]),
      code: "audio.wav_truncated",
      where: /expected 40/,
    },
    {
      name: "0 channels",
      bytes: riff([chunk("fmt ", fmtBody(1, 0, 8000, 16, 2)), data]),
      code: "audio.wav_channels",
      where: /channel count 0 at byte 22/,
    },
    {
      name: "33 channels",
      bytes: riff([chunk("fmt ", fmtBody(1, 33, 8000, 16)), data]),
      code: "audio.wav_channels",
      where: /channel count 33/,
    },
    {
      name: "rate 0",
      bytes: riff([chunk("fmt ", fmtBody(1, 1, 0, 16)), data]),
      code: "audio.wav_rate",
      where: /sample rate 0 Hz at byte 24/,
    },
    {
      name: "rate 400 kHz",
      bytes: riff([chunk("fmt ", fmtBody(1, 1, 400000, 16)), data]),
      code: "audio.wav_rate",
      where: /400000 Hz/,
    },
    {
      name: "block align lies",
      bytes: riff([chunk("fmt ", fmtBody(1, 2, 8000, 16, 2)), data]),
      code: "audio.wav_format",
      where: /block align 2 at byte 32, expected 4/,
    },
    {
      name: "0 bits",
      bytes: riff([chunk("fmt ", fmtBody(1, 1, 8000, 0, 1)), data]),
      code: "audio.wav_format",
      where: /0 bits per sample/,
    },
    {
      name: "float 16",
      bytes: riff([chunk("fmt ", fmtBody(3, 1, 8000, 16)), data]),
      code: "audio.wav_format",
      where: /16 bits per sample .*IEEE_FLOAT/,
    },
    {
      name: "zero-length data",
      bytes: riff([fmt16, chunk("data", [])]),
      code: "audio.wav_empty",
      where: /no whole sample frame \(0 bytes/,
    },
    {
      name: "data shorter than a frame",
      bytes: riff([chunk("fmt ", fmtBody(1, 2, 8000, 24)), chunk("data", [1, 2, 3, 4])]),
      code: "audio.wav_empty",
      where: /frame is 6/,
    },
    {
      name: "over maxBytes",
      bytes: riff([fmt16, data]),
      code: "audio.wav_too_large",
      where: /over the 40-byte limit/,
      opts: { maxBytes: 40 },
    },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.code}`, () => {
      expectAudioError(() => parseWav(c.bytes, c.opts), c.code, c.where);
    });
  }
});

const FORMATS = [
  { f: { bitsPerSample: 8 }, tol: 1 / 128 },
  { f: { bitsPerSample: 16 }, tol: 1 / 32768 },
  { f: { bitsPerSample: 24, extensible: true }, tol: 1 / 8388608 },
  { f: { bitsPerSample: 32, bigEndian: true }, tol: 1e-7 },
  { f: { bitsPerSample: 32, float: true }, tol: 0 },
  { f: { bitsPerSample: 64, float: true }, tol: 0 },
] as const;

describe("encodeWav ⇄ parseWav (properties)", () => {
  it("round-trips any audio within one quantization step, in every format", () => {
    const sample = fc.float({ min: -1, max: 1, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: MAX_RATE }),
        fc.constantFrom(...FORMATS),
        fc.array(sample, { minLength: 256, maxLength: 256 }),
        (nch, frames, rate, { f, tol }, pool) => {
          const channels = Array.from({ length: nch }, (_, c) =>
            Float32Array.from({ length: frames }, (_, i) => pool[(i * nch + c) % pool.length] as number),
          );
          const wav: WavAudio = parseWav(encodeWav({ sampleRate: rate, channels }, f));
          expect(wav.sampleRate).toBe(rate);
          expect(wav.format.frames).toBe(frames);
          expect(wav.warnings).toEqual([]);
          for (let c = 0; c < nch; c++) {
            const got = wav.channels[c] as Float32Array;
            const want = channels[c] as Float32Array;
            for (let i = 0; i < frames; i++)
              expect(Math.abs((got[i] as number) - (want[i] as number))).toBeLessThanOrEqual(tol);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("rejects what it cannot write", () => {
    const one = { sampleRate: 8000, channels: [new Float32Array(1)] };
    expectAudioError(() => encodeWav({ sampleRate: 8000, channels: [] }), "audio.argument");
    expectAudioError(() => encodeWav({ ...one, sampleRate: 0 }), "audio.argument");
    expectAudioError(() => encodeWav(one, { bitsPerSample: 16, float: true }), "audio.argument");
    expectAudioError(
      () => encodeWav({ sampleRate: 8000, channels: [new Float32Array(1), new Float32Array(2)] }),
      "audio.argument",
    );
  });
});
const MAX_RATE = 384_000;

describe("parseWav fuzz: only AudioError, bounded output, never hangs", () => {
  const valid = [
    ...PEER_VECTORS.map((v) => fromHex(v.hex)),
    encodeWav(
      { sampleRate: 44100, channels: [new Float32Array(40).fill(0.3), new Float32Array(40).fill(-0.3)] },
      { bitsPerSample: 24, extensible: true },
    ),
    riff([chunk("LIST", [1, 2, 3]), chunk("fmt ", fmtBody(1, 1, 8000, 16)), chunk("data", S16_DATA)]),
  ];

  /** True when the bytes parsed; either way, only typed errors and bounded output. */
  function check(bytes: Uint8Array): boolean {
    try {
      const wav = parseWav(bytes, { maxBytes: 1 << 16 });
      let samples = 0;
      for (const ch of wav.channels) samples += ch.length;
      // No allocation beyond the bytes present: at most one sample per input byte.
      expect(samples).toBeLessThanOrEqual(bytes.length);
      for (const ch of wav.channels) for (const x of ch) expect(Math.abs(x)).toBeLessThanOrEqual(1);
      return true;
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
      expect((e as AudioError).code).toMatch(/^audio\.wav_/);
      return false;
    }
  }

  it("random bytes, and random bytes behind a RIFF/WAVE header", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (tail, header) => {
        check(header ? new Uint8Array([...ascii("RIFF"), ...u32(tail.length + 4), ...ascii("WAVE"), ...tail]) : tail);
      }),
      { numRuns: 2000 },
    );
  });

  it("mutated valid files: byte flips, truncation, size-field overwrites", () => {
    let parsed = 0;
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.option(fc.nat()),
        fc.option(fc.tuple(fc.nat(), fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 0xfffffffe))),
        (base, flips, cut, size) => {
          const b = new Uint8Array(base);
          for (const [i, v] of flips) b[i % b.length] = v;
          if (size) new DataView(b.buffer).setUint32(Math.min(size[0] % b.length, b.length - 4), size[1], true);
          if (check(cut === null ? b : b.subarray(0, cut % (b.length + 1)))) parsed++;
          else rejected++;
        },
      ),
      { numRuns: 3000 },
    );
    expect(parsed).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });

  it("grammar-built files: random chunk sequences, lying sizes, random fmt fields", () => {
    let parsed = 0;
    let rejected = 0;
    const fmtArb = fc
      .tuple(
        fc.constantFrom(1, 1, 3, 0xfffe, 6, 7, 0x11, 0),
        fc.constantFrom(0, 1, 1, 2, 33),
        fc.constantFrom(0, 1, 8000, 44100, 384000, 384001, 0xffffffff),
        fc.constantFrom(0, 1, 8, 12, 16, 24, 32, 33, 64),
        fc.option(fc.integer({ min: 0, max: 300 }), { freq: 1 }), // null (half the time): the consistent block align
        fc.uint8Array({ maxLength: 30 }),
      )
      .map(([tag, ch, rate, bits, align, extra]) => [
        ...fmtBody(tag, ch, rate, bits, align ?? Math.ceil(bits / 8) * ch),
        ...extra,
      ]);
    const chunkArb = fc.oneof(
      fmtArb.map((b) => chunk("fmt ", b)),
      fc
        .tuple(fc.uint8Array({ maxLength: 64 }), fc.option(fc.constantFrom(0, 1, 3, 0xffffffff, 0x7fffffff)))
        .map(([b, lie]) => chunk("data", [...b], lie ?? b.length)),
      fc.uint8Array({ maxLength: 20 }).map((b) => chunk("LIST", [...b])),
      fc.uint8Array({ minLength: 28, maxLength: 28 }).map((b) => chunk("ds64", [...b])),
      fc
        .tuple(fc.uint8Array({ maxLength: 9 }), fc.nat({ max: 0xffffffff }))
        .map(([b, n]) => chunk("junk", [...b], n % 3 === 0 ? n : b.length)),
    );
    fc.assert(
      fc.property(
        fc.constantFrom("RIFF", "RIFX", "RF64", "BW64"),
        // Half the files start with a fmt chunk so the data-reading paths are reached too.
        fc
          .tuple(
            fc.option(
              fmtArb.map((b) => chunk("fmt ", b)),
              { freq: 1 },
            ),
            fc.array(chunkArb, { maxLength: 5 }),
          )
          .map(([first, rest]) => (first === null ? rest : [first, ...rest])),
        (magic, chunks) => {
          if (check(riff(chunks, magic))) parsed++;
          else rejected++;
        },
      ),
      { numRuns: 3000 },
    );
    // Not vacuous: the grammar reaches both the accepting and the rejecting paths.
    expect(parsed).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
