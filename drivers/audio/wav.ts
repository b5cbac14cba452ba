/**
 * WAV (RIFF/WAVE) reading, portable; `encodeWav` (wav-encode.ts) and the
 * format tables (wav-format.ts) are re-exported from here.
 *
 * Reads RIFF (little-endian), RIFX (big-endian, same layout) and RF64/BW64
 * (EBU Tech 3306: 64-bit sizes in a leading `ds64` chunk). Payloads: PCM
 * integer 1–32 bits in 1–4 byte containers, IEEE float 32/64, and
 * WAVE_FORMAT_EXTENSIBLE whose sub-format GUID names one of those.
 *
 * Real recordings are often written by tools that stream: the header is
 * written before the length is known, leaving RIFF/data sizes of 0 or
 * 0xFFFFFFFF, or a size that outruns the bytes when a recording was cut off.
 * Those are clamped to the bytes actually present and reported in `warnings`
 * rather than rejected; a header that contradicts itself is a typed
 * `AudioError`. No allocation is ever sized from a header number: output sizes
 * come from bytes present, and the input is checked against `maxBytes` first.
 */
import { AudioError, AudioErrorCodes } from "./errors.js";
import { type ChannelChoice, decodeInterleaved, type PcmFormat } from "./pcm.js";
import {
  DEFAULT_MAX_WAV_BYTES,
  WAV_SUBFORMAT_GUID_TAIL,
  MAX_WAV_CHANNELS,
  MAX_WAV_SAMPLE_RATE,
  type PcmAudio,
  wavTagInfo,
  wavTagName,
  type ParseWavOptions,
  type WavAudio,
  type WavFormatInfo,
  type WavWarning,
} from "./wav-format.js";

export * from "./wav-encode.js";
export * from "./wav-format.js";

function fourcc(bytes: Uint8Array, o: number): string {
  return String.fromCharCode(bytes[o] ?? 0, bytes[o + 1] ?? 0, bytes[o + 2] ?? 0, bytes[o + 3] ?? 0);
}

function fail(
  code: (typeof AudioErrorCodes)[keyof typeof AudioErrorCodes],
  message: string,
  offset: number,
  field?: string,
): never {
  throw new AudioError(code, message, { offset, ...(field !== undefined && { field }) });
}

interface Fmt {
  readonly tag: number;
  readonly extensible: boolean;
  readonly channels: number;
  readonly sampleRate: number;
  readonly blockAlign: number;
  readonly bits: number;
  readonly float: boolean;
  readonly pcmFormat: PcmFormat;
}

function parseFmt(view: DataView, o: number, size: number, le: boolean, warnings: WavWarning[]): Fmt {
  if (size < 16)
    fail(AudioErrorCodes.wavTruncated, `fmt chunk is ${size} bytes at byte ${o}, expected at least 16`, o, "fmt");
  let tag = view.getUint16(o, le);
  const channels = view.getUint16(o + 2, le);
  const sampleRate = view.getUint32(o + 4, le);
  const byteRate = view.getUint32(o + 8, le);
  const blockAlign = view.getUint16(o + 12, le);
  const bits = view.getUint16(o + 14, le);
  const extensible = tag === 0xfffe;
  if (extensible) {
    // WAVEFORMATEXTENSIBLE: cbSize ≥ 22, then valid bits, channel mask, sub-format GUID (40 bytes in all).
    if (size < 40)
      fail(AudioErrorCodes.wavTruncated, `extensible fmt chunk is ${size} bytes at byte ${o}, expected 40`, o, "fmt");
    const validBits = view.getUint16(o + 18, le);
    if (validBits > bits)
      warnings.push({ code: "valid_bits", message: `valid bits ${validBits} > container ${bits}`, offset: o + 18 });
    const sub = view.getUint16(o + 24, le);
    for (let i = 0; i < WAV_SUBFORMAT_GUID_TAIL.length; i++) {
      if (view.getUint8(o + 26 + i) !== WAV_SUBFORMAT_GUID_TAIL[i]) {
        fail(
          AudioErrorCodes.wavUnsupported,
          `extensible sub-format GUID at byte ${o + 24} is not a KSDATAFORMAT_SUBTYPE_* GUID`,
          o + 24,
          "fmt.subFormat",
        );
      }
    }
    tag = sub;
  }
  const info = wavTagInfo(tag);
  if (info === undefined || !info.supported || tag === 0xfffe) {
    fail(
      AudioErrorCodes.wavUnsupported,
      `WAV format tag ${wavTagName(tag)} is not supported (PCM or IEEE float only)`,
      o,
      "fmt.formatTag",
    );
  }
  if (channels < 1 || channels > MAX_WAV_CHANNELS) {
    fail(
      AudioErrorCodes.wavChannels,
      `channel count ${channels} at byte ${o + 2}, expected 1–${MAX_WAV_CHANNELS}`,
      o + 2,
      "fmt.channels",
    );
  }
  if (sampleRate < 1 || sampleRate > MAX_WAV_SAMPLE_RATE) {
    fail(
      AudioErrorCodes.wavRate,
      `sample rate ${sampleRate} Hz at byte ${o + 4}, expected 1–${MAX_WAV_SAMPLE_RATE}`,
      o + 4,
      "fmt.sampleRate",
    );
  }
  const float = tag === 0x0003;
  if (float ? bits !== 32 && bits !== 64 : bits < 1 || bits > 32) {
    fail(
      AudioErrorCodes.wavFormat,
      `${bits} bits per sample at byte ${o + 14} is impossible for ${wavTagName(tag)}`,
      o + 14,
      "fmt.bitsPerSample",
    );
  }
  // PCM samples sit left-justified in a container rounded up to whole bytes (RIFF spec, "Data Packing for PCM").
  const container = Math.ceil(bits / 8);
  if (blockAlign !== container * channels) {
    fail(
      AudioErrorCodes.wavFormat,
      `block align ${blockAlign} at byte ${o + 12}, expected ${container * channels} (${channels} × ${container} bytes)`,
      o + 12,
      "fmt.blockAlign",
    );
  }
  if (byteRate !== sampleRate * blockAlign) {
    warnings.push({
      code: "byte_rate",
      message: `byte rate ${byteRate}, expected ${sampleRate * blockAlign}`,
      offset: o + 8,
    });
  }
  const e = le ? "le" : "be";
  const pcmFormat: PcmFormat = float
    ? `f${bits as 32 | 64}${e}`
    : container === 1
      ? "u8"
      : `s${(container * 8) as 16 | 24 | 32}${e}`;
  return { tag, extensible, channels, sampleRate, blockAlign, bits, float, pcmFormat };
}

/** Parses a WAV file into Float32 channels in [-1, 1]. Throws `AudioError` (`audio.wav_*`). */
export function parseWav(bytes: Uint8Array, options: ParseWavOptions = {}): WavAudio {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_WAV_BYTES;
  if (bytes.length > maxBytes) {
    fail(AudioErrorCodes.wavTooLarge, `WAV input is ${bytes.length} bytes, over the ${maxBytes}-byte limit`, 0);
  }
  if (bytes.length < 12)
    fail(AudioErrorCodes.wavTruncated, `WAV header needs 12 bytes, got ${bytes.length}`, 0, "RIFF");
  const magic = fourcc(bytes, 0);
  if ((magic !== "RIFF" && magic !== "RIFX" && magic !== "RF64" && magic !== "BW64") || fourcc(bytes, 8) !== "WAVE") {
    fail(
      AudioErrorCodes.wavHeader,
      `not a WAVE file: starts "${JSON.stringify(fourcc(bytes, 0)).slice(1, -1)}…${JSON.stringify(fourcc(bytes, 8)).slice(1, -1)}", expected "RIFF…WAVE"`,
      0,
      "RIFF",
    );
  }
  const container = magic === "RIFX" ? "RIFX" : magic === "RIFF" ? "RIFF" : "RF64";
  const le = container !== "RIFX";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: WavWarning[] = [];
  const riffSize = view.getUint32(4, le);
  if (container !== "RF64" && riffSize + 8 !== bytes.length) {
    warnings.push({ code: "riff_size", message: `RIFF size ${riffSize} for a ${bytes.length}-byte file`, offset: 4 });
  }
  let ds64DataSize: number | undefined;
  let fmt: Fmt | undefined;
  let o = 12;
  for (;;) {
    if (o + 8 > bytes.length) {
      const what = fmt === undefined ? "fmt " : "data";
      fail(
        AudioErrorCodes.wavMissingChunk,
        `no "${what}" chunk before the end of the file at byte ${o}`,
        o,
        what.trim(),
      );
    }
    const id = fourcc(bytes, o);
    const size = view.getUint32(o + 4, le);
    const body = o + 8;
    if (id === "data") {
      if (fmt === undefined)
        fail(AudioErrorCodes.wavChunkOrder, `"data" chunk at byte ${o} comes before "fmt "`, o, "data");
      return readData(
        bytes,
        fmt,
        container,
        body,
        size === 0xffffffff && ds64DataSize !== undefined ? ds64DataSize : size,
        warnings,
        options.channel,
      );
    }
    if (body + size > bytes.length) {
      fail(
        AudioErrorCodes.wavTruncated,
        `"${JSON.stringify(id).slice(1, -1)}" chunk at byte ${o} declares ${size} bytes, only ${bytes.length - body} present`,
        o,
        id,
      );
    }
    if (id === "fmt ") {
      if (fmt !== undefined) fail(AudioErrorCodes.wavChunkOrder, `second "fmt " chunk at byte ${o}`, o, "fmt");
      fmt = parseFmt(view, body, size, le, warnings);
    } else if (id === "ds64" && container === "RF64" && size >= 24) {
      // EBU Tech 3306 §3: riffSize(8), dataSize(8), sampleCount(8); getBigUint64 keeps > 4 GiB exact enough to clamp.
      ds64DataSize = Number(view.getBigUint64(body + 8, true));
    }
    o = body + size + (size & 1); // chunks are word-aligned: odd sizes carry one pad byte (RIFF spec)
  }
}

function readData(
  bytes: Uint8Array,
  fmt: Fmt,
  container: WavFormatInfo["container"],
  body: number,
  declared: number,
  warnings: WavWarning[],
  channel: ChannelChoice | undefined,
): WavAudio {
  const present = bytes.length - body;
  let size = declared;
  if (declared === 0 || declared > present) {
    if (declared !== 0 || present > 0) {
      warnings.push({
        code: "data_size_clamped",
        message: `data size ${declared}, ${present} bytes present`,
        offset: body - 4,
      });
    }
    size = present;
  }
  const frames = Math.floor(size / fmt.blockAlign);
  if (frames === 0)
    fail(
      AudioErrorCodes.wavEmpty,
      `data chunk at byte ${body - 8} holds no whole sample frame (${size} bytes, frame is ${fmt.blockAlign})`,
      body - 8,
      "data",
    );
  if (frames * fmt.blockAlign !== size) {
    warnings.push({
      code: "partial_frame",
      message: `${size % fmt.blockAlign} trailing bytes dropped`,
      offset: body + frames * fmt.blockAlign,
    });
  }
  if (
    channel !== undefined &&
    channel !== "mix" &&
    (!Number.isInteger(channel) || channel < 0 || channel >= fmt.channels)
  ) {
    fail(
      AudioErrorCodes.wavChannel,
      `channel ${channel} requested, the file has ${fmt.channels} (0-based)`,
      22,
      "channel",
    );
  }
  const payload = bytes.subarray(body, body + frames * fmt.blockAlign);
  return {
    sampleRate: fmt.sampleRate,
    channels: decodeInterleaved(payload, fmt.pcmFormat, fmt.channels, channel),
    format: {
      container,
      formatTag: fmt.tag,
      extensible: fmt.extensible,
      channels: fmt.channels,
      bitsPerSample: fmt.bits,
      blockAlign: fmt.blockAlign,
      float: fmt.float,
      frames,
      dataOffset: body,
    },
    warnings,
  };
}

/** One mono channel from decoded audio: an index or the mean of all channels. */
export function selectChannel(audio: PcmAudio, channel: ChannelChoice = 0): Float32Array {
  const chans = audio.channels;
  if (channel === "mix") {
    const n = chans[0]?.length ?? 0;
    const out = new Float32Array(n);
    for (const ch of chans) for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (ch[i] as number) / chans.length;
    return out;
  }
  const ch = chans[channel];
  if (ch === undefined) {
    throw new AudioError(
      AudioErrorCodes.wavChannel,
      `channel ${channel} requested, the audio has ${chans.length} (0-based)`,
      { field: "channel" },
    );
  }
  return ch;
}
