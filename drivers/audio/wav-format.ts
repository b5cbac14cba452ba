/**
 * WAV container facts as data: limits, the format-tag registry, the
 * KSDATAFORMAT GUID tail and the warning vocabulary. Shared by the parser
 * (wav.ts) and the writer (wav-encode.ts).
 */
import type { ChannelChoice } from "./pcm.js";

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

export type WavTagInfo = { readonly name: string; readonly supported: boolean };
export function wavTagInfo(tag: number): WavTagInfo | undefined {
  return (WAV_FORMAT_TAGS as Readonly<Record<number, WavTagInfo>>)[tag];
}
export function wavTagName(tag: number): string {
  return `0x${tag.toString(16).padStart(4, "0")} (${wavTagInfo(tag)?.name ?? "unknown"})`;
}

/** KSDATAFORMAT_SUBTYPE_* GUIDs are the format tag followed by these 14 bytes (mmreg.h, ksmedia.h). */
export const WAV_SUBFORMAT_GUID_TAIL = [
  0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71,
] as const;

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
