/**
 * WAV (RIFF/WAVE) reading and writing, portable.
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
import { type ChannelChoice, decodeInterleaved, encodeInterleaved, type PcmFormat } from "./pcm.js";

export interface PcmAudio {
  readonly sampleRate: number;
  readonly channels: readonly Float32Array[];
}

export const WAV_WARNINGS = {
  riff_size: "RIFF size disagrees with the file length (streaming header or trailing bytes)",
  data_size_clamped: "data size 0, 0xFFFFFFFF or past the end of the file: clamped to the bytes present",
  partial_frame: "data ends inside a sample frame: the incomplete frame was dropped",
  byte_rate: "byte rate disagrees with sample rate × block align (ignored: only block align matters)",
  valid_bits: "extensible valid-bits field disagrees with the container (ignored)",
} as const;
export type WavWarningCode = keyof typeof WAV_WARNINGS;

export interface WavWarning {
  readonly code: WavWarningCode;
  readonly message: string;
  /** Byte offset of the field that caused it. */
  readonly offset: number;
}

export interface WavFormatInfo {
  readonly container: "RIFF" | "RIFX" | "RF64";
  /** WAVE format tag (for extensible files, the sub-format's tag). */
  readonly formatTag: number;
  readonly extensible: boolean;
  /** Channels in the file (the parsed `channels` may hold only the one asked for). */
  readonly channels: number;
  readonly bitsPerSample: number;
  readonly blockAlign: number;
  readonly float: boolean;
  /** Whole frames in the data chunk. */
  readonly frames: number;
  /** Byte offset of the first sample. */
  readonly dataOffset: number;
}

export interface WavAudio extends PcmAudio {
  readonly format: WavFormatInfo;
  readonly warnings: readonly WavWarning[];
}

export interface ParseWavOptions {
  /** Refuse inputs larger than this many bytes (default 256 MiB: about 25 min of 44.1 kHz 16-bit stereo). */
  readonly maxBytes?: number;
  /** Keep only this channel (0-based) or the mean of all (`"mix"`); default all channels. */
  readonly channel?: ChannelChoice;
}

export const DEFAULT_MAX_WAV_BYTES = 256 * 1024 * 1024;

/** 384 kHz is the highest rate common hardware records; anything above is a lying header. */
export const MAX_WAV_SAMPLE_RATE = 384_000;
/** WAVE_FORMAT_EXTENSIBLE's channel mask names 18 speakers; 32 leaves room for arrays, not for garbage. */
export const MAX_WAV_CHANNELS = 32;

/**
 * Format tags from the Microsoft registry (mmreg.h / RFC 2361 appendix A).
 * Only the first three decode; the rest are named so the error says what the
 * file is instead of a bare number.
 */
export const WAV_FORMAT_TAGS = {
  1: { name: "PCM", supported: true, description: "integer PCM" },
  3: { name: "IEEE_FLOAT", supported: true, description: "IEEE 754 float" },
  65534: { name: "EXTENSIBLE", supported: true, description: "WAVEFORMATEXTENSIBLE: the sub-format GUID says which" },
  2: { name: "ADPCM", supported: false, description: "Microsoft ADPCM" },
  6: { name: "ALAW", supported: false, description: "G.711 A-law" },
  7: { name: "MULAW", supported: false, description: "G.711 µ-law" },
  17: { name: "IMA_ADPCM", supported: false, description: "IMA / DVI ADPCM" },
  34: { name: "DSPGROUP_TRUESPEECH", supported: false, description: "DSP Group TrueSpeech" },
  49: { name: "GSM610", supported: false, description: "GSM 6.10" },
  64: { name: "G721_ADPCM", supported: false, description: "G.721 ADPCM" },
  80: { name: "MPEG", supported: false, description: "MPEG-1 layer 1/2" },
  85: { name: "MPEGLAYER3", supported: false, description: "MPEG-1 layer 3 (MP3)" },
  353: { name: "WMAUDIO2", supported: false, description: "Windows Media Audio" },
  5648: { name: "MPEG_HEAAC", supported: false, description: "HE-AAC" },
} as const satisfies Record<number, { name: string; supported: boolean; description: string }>;

type TagInfo = { readonly name: string; readonly supported: boolean };
function tagInfo(tag: number): TagInfo | undefined {
  return (WAV_FORMAT_TAGS as Readonly<Record<number, TagInfo>>)[tag];
}
function tagName(tag: number): string {
  return `0x${tag.toString(16).padStart(4, "0")} (${tagInfo(tag)?.name ?? "unknown"})`;
}

/** KSDATAFORMAT_SUBTYPE_* GUIDs are the format tag followed by these 14 bytes (mmreg.h, ksmedia.h). */
const GUID_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71] as const;

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
    for (let i = 0; i < GUID_TAIL.length; i++) {
      if (view.getUint8(o + 26 + i) !== GUID_TAIL[i]) {
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
  const info = tagInfo(tag);
  if (info === undefined || !info.supported || tag === 0xfffe) {
    fail(
      AudioErrorCodes.wavUnsupported,
      `WAV format tag ${tagName(tag)} is not supported (PCM or IEEE float only)`,
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
      `${bits} bits per sample at byte ${o + 14} is impossible for ${tagName(tag)}`,
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

export interface EncodeWavFormat {
  readonly bitsPerSample: 8 | 16 | 24 | 32 | 64;
  /** IEEE float (32 or 64 bits); default integer PCM. */
  readonly float?: boolean;
  /** Write WAVE_FORMAT_EXTENSIBLE (Microsoft requires it for > 2 channels or > 16 bits; readers rarely care). */
  readonly extensible?: boolean;
  /** Write RIFX (big-endian) instead of RIFF. */
  readonly bigEndian?: boolean;
}

/** Writes a canonical WAV file (fmt + data). Default: 16-bit PCM. */
export function encodeWav(audio: PcmAudio, format: EncodeWavFormat = { bitsPerSample: 16 }): Uint8Array {
  const { bitsPerSample: bits, float = false, extensible = false, bigEndian = false } = format;
  const channels = audio.channels.length;
  if (channels < 1 || channels > MAX_WAV_CHANNELS) {
    throw new AudioError(AudioErrorCodes.argument, `encodeWav: ${channels} channels, expected 1–${MAX_WAV_CHANNELS}`);
  }
  if (!Number.isInteger(audio.sampleRate) || audio.sampleRate < 1 || audio.sampleRate > MAX_WAV_SAMPLE_RATE) {
    throw new AudioError(
      AudioErrorCodes.argument,
      `encodeWav: sample rate ${audio.sampleRate}, expected an integer 1–${MAX_WAV_SAMPLE_RATE}`,
    );
  }
  if (float ? bits !== 32 && bits !== 64 : bits === 64) {
    throw new AudioError(
      AudioErrorCodes.argument,
      `encodeWav: ${bits}-bit ${float ? "float" : "integer"} is not a WAV format`,
    );
  }
  const e = bigEndian ? "be" : "le";
  const pcmFormat: PcmFormat = float ? `f${bits as 32 | 64}${e}` : bits === 8 ? "u8" : `s${bits as 16 | 24 | 32}${e}`;
  const payload = encodeInterleaved(audio.channels, pcmFormat);
  const fmtSize = extensible ? 40 : 16;
  const pad = payload.length & 1;
  const out = new Uint8Array(12 + 8 + fmtSize + 8 + payload.length + pad);
  const view = new DataView(out.buffer);
  const le = !bigEndian;
  const ascii = (o: number, s: string) => {
    for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i);
  };
  ascii(0, bigEndian ? "RIFX" : "RIFF");
  view.setUint32(4, out.length - 8, le);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, fmtSize, le);
  const tag = float ? 0x0003 : 0x0001;
  const blockAlign = (bits / 8) * channels;
  view.setUint16(20, extensible ? 0xfffe : tag, le);
  view.setUint16(22, channels, le);
  view.setUint32(24, audio.sampleRate, le);
  view.setUint32(28, audio.sampleRate * blockAlign, le);
  view.setUint16(32, blockAlign, le);
  view.setUint16(34, bits, le);
  if (extensible) {
    view.setUint16(36, 22, le);
    view.setUint16(38, bits, le);
    view.setUint32(40, 0, le); // channel mask 0: no speaker assignment
    view.setUint16(44, tag, le);
    out.set(GUID_TAIL, 46);
  }
  const d = 20 + fmtSize;
  ascii(d, "data");
  view.setUint32(d + 4, payload.length, le);
  out.set(payload, d + 8);
  return out;
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
