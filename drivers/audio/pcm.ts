/**
 * PCM sample formats ⇄ Float32 in [-1, 1], portable (Uint8Array + DataView).
 *
 * One table describes every raw format the SDK reads (WAV payloads, `arecord`
 * and `sox` raw streams); the WAV parser and the stream sources both convert
 * through it, so a format is supported in one place or nowhere.
 *
 * Integer scaling follows the usual "divide by 2^(bits-1)" convention (what
 * libsndfile, sox and Web Audio's decodeAudioData do), so full-scale negative
 * maps to exactly -1 and positive full scale to just under +1. Float input is
 * sanitized (NaN → 0, clamped to [-1, 1]) because the swipe decoder's contract
 * is finite samples in [-1, 1] and a hostile file must not break it.
 */
import { AudioError, AudioErrorCodes } from "./errors.js";

export const PCM_FORMATS = {
  u8: {
    bytes: 1,
    kind: "uint",
    littleEndian: true,
    description: "unsigned 8-bit, 128 = silence (WAV 8-bit, arecord U8)",
  },
  s8: { bytes: 1, kind: "int", littleEndian: true, description: "signed 8-bit (arecord S8, sox -e signed -b 8)" },
  s16le: { bytes: 2, kind: "int", littleEndian: true, description: "signed 16-bit little-endian (arecord S16_LE)" },
  s16be: { bytes: 2, kind: "int", littleEndian: false, description: "signed 16-bit big-endian (arecord S16_BE, RIFX)" },
  s24le: { bytes: 3, kind: "int", littleEndian: true, description: "signed 24-bit packed little-endian (S24_3LE)" },
  s24be: { bytes: 3, kind: "int", littleEndian: false, description: "signed 24-bit packed big-endian (S24_3BE)" },
  s32le: { bytes: 4, kind: "int", littleEndian: true, description: "signed 32-bit little-endian (S32_LE)" },
  s32be: { bytes: 4, kind: "int", littleEndian: false, description: "signed 32-bit big-endian (S32_BE)" },
  f32le: { bytes: 4, kind: "float", littleEndian: true, description: "IEEE 754 binary32 little-endian (FLOAT_LE)" },
  f32be: { bytes: 4, kind: "float", littleEndian: false, description: "IEEE 754 binary32 big-endian (FLOAT_BE)" },
  f64le: { bytes: 8, kind: "float", littleEndian: true, description: "IEEE 754 binary64 little-endian (FLOAT64_LE)" },
  f64be: { bytes: 8, kind: "float", littleEndian: false, description: "IEEE 754 binary64 big-endian (FLOAT64_BE)" },
} as const;

export type PcmFormat = keyof typeof PCM_FORMATS;

export const PCM_FORMAT_NAMES = Object.keys(PCM_FORMATS) as readonly PcmFormat[];

export function isPcmFormat(name: string): name is PcmFormat {
  return Object.hasOwn(PCM_FORMATS, name);
}

/** Which channel(s) to keep: a 0-based index, or `"mix"` (the mean of all channels). */
export type ChannelChoice = number | "mix";

function sanitize(x: number): number {
  if (Number.isNaN(x)) return 0;
  return Math.min(1, Math.max(-1, x));
}

function quantize(x: number, bits: number): number {
  const full = 2 ** (bits - 1);
  const q = Math.round(sanitize(x) * full);
  return Math.min(full - 1, Math.max(-full, q));
}

type SampleWriter = (view: DataView, offset: number, x: number) => void;

const WRITERS: { readonly [F in PcmFormat]: SampleWriter } = {
  u8: (v, o, x) => v.setUint8(o, quantize(x, 8) + 128),
  s8: (v, o, x) => v.setInt8(o, quantize(x, 8)),
  s16le: (v, o, x) => v.setInt16(o, quantize(x, 16), true),
  s16be: (v, o, x) => v.setInt16(o, quantize(x, 16), false),
  s24le: (v, o, x) => {
    const q = quantize(x, 24);
    v.setUint8(o, q & 0xff);
    v.setUint8(o + 1, (q >> 8) & 0xff);
    v.setUint8(o + 2, (q >> 16) & 0xff);
  },
  s24be: (v, o, x) => {
    const q = quantize(x, 24);
    v.setUint8(o, (q >> 16) & 0xff);
    v.setUint8(o + 1, (q >> 8) & 0xff);
    v.setUint8(o + 2, q & 0xff);
  },
  s32le: (v, o, x) => v.setInt32(o, quantize(x, 32), true),
  s32be: (v, o, x) => v.setInt32(o, quantize(x, 32), false),
  f32le: (v, o, x) => v.setFloat32(o, x, true),
  f32be: (v, o, x) => v.setFloat32(o, x, false),
  f64le: (v, o, x) => v.setFloat64(o, x, true),
  f64be: (v, o, x) => v.setFloat64(o, x, false),
};

/**
 * Converts whole interleaved frames to Float32 channels. Trailing bytes that
 * do not fill a frame are ignored (callers that stream keep them: see
 * `PcmFrameAssembler`). With `channel` set, only that channel is produced
 * (index 0 of the result), which halves the work for stereo recordings.
 */
export function decodeInterleaved(
  bytes: Uint8Array,
  format: PcmFormat,
  channels: number,
  channel?: ChannelChoice,
): Float32Array[] {
  const size = PCM_FORMATS[format].bytes;
  const frameBytes = size * channels;
  const frames = Math.floor(bytes.length / frameBytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (channel === "mix") {
    const out = new Float32Array(frames);
    const tmp = new Float32Array(frames);
    for (let c = 0; c < channels; c++) {
      extract(bytes, view, format, c * size, frameBytes, frames, tmp);
      for (let f = 0; f < frames; f++) out[f] = (out[f] as number) + (tmp[f] as number);
    }
    for (let f = 0; f < frames; f++) out[f] = (out[f] as number) / channels;
    return [out];
  }
  const wanted = channel === undefined ? Array.from({ length: channels }, (_, c) => c) : [channel];
  return wanted.map((c) => {
    const out = new Float32Array(frames);
    extract(bytes, view, format, c * size, frameBytes, frames, out);
    return out;
  });
}

/**
 * One strided channel into `out`. A loop per format (rather than a per-sample
 * reader callback) keeps each loop monomorphic, which is what lets V8 inline
 * the DataView access (bench/audio-io: 53 → 30 ms per minute of 16-bit mono).
 */
function extract(
  bytes: Uint8Array,
  view: DataView,
  format: PcmFormat,
  start: number,
  stride: number,
  frames: number,
  out: Float32Array,
): void {
  let o = start;
  switch (format) {
    case "u8":
      for (let f = 0; f < frames; f++, o += stride) out[f] = ((bytes[o] as number) - 128) / 128;
      return;
    case "s8":
      for (let f = 0; f < frames; f++, o += stride) out[f] = view.getInt8(o) / 128;
      return;
    case "s16le":
      for (let f = 0; f < frames; f++, o += stride) out[f] = view.getInt16(o, true) / 32768;
      return;
    case "s16be":
      for (let f = 0; f < frames; f++, o += stride) out[f] = view.getInt16(o, false) / 32768;
      return;
    case "s24le":
      for (let f = 0; f < frames; f++, o += stride) {
        const v = (bytes[o] as number) | ((bytes[o + 1] as number) << 8) | ((bytes[o + 2] as number) << 16);
        out[f] = ((v << 8) >> 8) / 8388608;
      }
      return;
    case "s24be":
      for (let f = 0; f < frames; f++, o += stride) {
        const v = (bytes[o + 2] as number) | ((bytes[o + 1] as number) << 8) | ((bytes[o] as number) << 16);
        out[f] = ((v << 8) >> 8) / 8388608;
      }
      return;
    case "s32le":
      for (let f = 0; f < frames; f++, o += stride) out[f] = view.getInt32(o, true) / 2147483648;
      return;
    case "s32be":
      for (let f = 0; f < frames; f++, o += stride) out[f] = view.getInt32(o, false) / 2147483648;
      return;
    case "f32le":
      for (let f = 0; f < frames; f++, o += stride) out[f] = sanitize(view.getFloat32(o, true));
      return;
    case "f32be":
      for (let f = 0; f < frames; f++, o += stride) out[f] = sanitize(view.getFloat32(o, false));
      return;
    case "f64le":
      for (let f = 0; f < frames; f++, o += stride) out[f] = sanitize(view.getFloat64(o, true));
      return;
    case "f64be":
      for (let f = 0; f < frames; f++, o += stride) out[f] = sanitize(view.getFloat64(o, false));
      return;
  }
}

/** Interleaves Float32 channels (equal lengths) into raw bytes of `format`. */
export function encodeInterleaved(channels: readonly Float32Array[], format: PcmFormat): Uint8Array {
  const size = PCM_FORMATS[format].bytes;
  const n = channels.length;
  const frames = n === 0 ? 0 : (channels[0] as Float32Array).length;
  for (const ch of channels) {
    if (ch.length !== frames) {
      throw new AudioError(AudioErrorCodes.argument, `channel lengths differ: ${frames} vs ${ch.length} samples`);
    }
  }
  const out = new Uint8Array(frames * n * size);
  const view = new DataView(out.buffer);
  const write = WRITERS[format];
  for (let f = 0, o = 0; f < frames; f++) {
    for (let c = 0; c < n; c++, o += size) write(view, o, (channels[c] as Float32Array)[f] as number);
  }
  return out;
}

export interface PcmStreamFormat {
  readonly format: PcmFormat;
  /** Interleaved channels in the stream (default 1). */
  readonly channels?: number;
  /** Channel to keep (default 0). */
  readonly channel?: ChannelChoice;
}

/**
 * Turns a byte stream cut at arbitrary points into mono Float32 blocks: a
 * chunk boundary may split a sample or a frame (pipes deliver whatever the
 * kernel had), so the incomplete tail is carried into the next chunk. Keeps
 * at most one frame minus one byte between calls.
 */
export class PcmFrameAssembler {
  readonly format: PcmFormat;
  readonly channels: number;
  readonly channel: ChannelChoice;
  private readonly frameBytes: number;
  private readonly carry: Uint8Array;
  private carried = 0;

  constructor(options: PcmStreamFormat) {
    const channels = options.channels ?? 1;
    const channel = options.channel ?? 0;
    if (!isPcmFormat(options.format)) {
      throw new AudioError(
        AudioErrorCodes.pcmFormat,
        `unknown PCM format "${String(options.format)}" (expected one of ${PCM_FORMAT_NAMES.join(", ")})`,
        { field: "format" },
      );
    }
    if (!Number.isInteger(channels) || channels < 1 || channels > 32) {
      throw new AudioError(AudioErrorCodes.pcmFormat, `channels must be an integer 1–32 (got ${channels})`, {
        field: "channels",
      });
    }
    if (channel !== "mix" && (!Number.isInteger(channel) || channel < 0 || channel >= channels)) {
      throw new AudioError(
        AudioErrorCodes.wavChannel,
        `channel must be "mix" or an integer 0–${channels - 1} (got ${channel})`,
        { field: "channel" },
      );
    }
    this.format = options.format;
    this.channels = channels;
    this.channel = channel;
    this.frameBytes = PCM_FORMATS[options.format].bytes * channels;
    this.carry = new Uint8Array(this.frameBytes);
  }

  /** Bytes held back because they do not yet make a whole frame. */
  get pendingBytes(): number {
    return this.carried;
  }

  /** Converts every whole frame available so far; may return an empty block. */
  push(chunk: Uint8Array): Float32Array {
    let bytes = chunk;
    if (this.carried > 0) {
      const need = this.frameBytes - this.carried;
      if (chunk.length < need) {
        this.carry.set(chunk, this.carried);
        this.carried += chunk.length;
        return new Float32Array(0);
      }
      const joined = new Uint8Array(this.carried + chunk.length);
      joined.set(this.carry.subarray(0, this.carried));
      joined.set(chunk, this.carried);
      bytes = joined;
      this.carried = 0;
    }
    const whole = bytes.length - (bytes.length % this.frameBytes);
    if (whole < bytes.length) {
      this.carry.set(bytes.subarray(whole));
      this.carried = bytes.length - whole;
    }
    return decodeInterleaved(bytes.subarray(0, whole), this.format, this.channels, this.channel)[0] as Float32Array;
  }

  reset(): void {
    this.carried = 0;
  }
}

/** Mono Float32 blocks from a raw PCM byte stream (empty blocks are skipped). */
export async function* pcmBlocks(
  stream: AsyncIterable<Uint8Array>,
  options: PcmStreamFormat,
): AsyncGenerator<Float32Array, void, undefined> {
  const assembler = new PcmFrameAssembler(options);
  for await (const chunk of stream) {
    const block = assembler.push(chunk);
    if (block.length > 0) yield block;
  }
}

/**
 * Mono PCM as the audio reader consumes it: the same shape for a WAV file, a
 * Node stream and the browser microphone, so one reader serves all three.
 */
export interface PcmSource {
  readonly sampleRate: number;
  /** Mono blocks in [-1, 1]; a finite source ends the iteration at end of stream. */
  readonly blocks: AsyncIterable<Float32Array>;
  /** Stops capture (microphone, recorder process) so that `blocks` ends; idempotent. */
  close?(): void | Promise<void>;
  /** Human label for logs ("microphone", a file name); never card data. */
  readonly label?: string;
}

/**
 * 4096 samples ≈ 93 ms at 44.1 kHz: small enough that a swipe's result is not
 * delayed noticeably, large enough that per-block overhead is negligible.
 */
export const DEFAULT_BLOCK_SAMPLES = 4096;

/** A finite source over samples already in memory (a parsed WAV, a synthesized swipe). */
export function pcmSourceFromSamples(
  samples: Float32Array,
  sampleRate: number,
  options: { readonly blockSamples?: number; readonly label?: string } = {},
): PcmSource {
  const size = Math.max(1, Math.floor(options.blockSamples ?? DEFAULT_BLOCK_SAMPLES));
  let closed = false;
  async function* blocks(): AsyncGenerator<Float32Array, void, undefined> {
    for (let o = 0; o < samples.length && !closed; o += size) yield samples.subarray(o, o + size);
  }
  return {
    sampleRate,
    blocks: blocks(),
    close: () => {
      closed = true;
    },
    ...(options.label !== undefined && { label: options.label }),
  };
}

/** The swipe decoder's upper rate (its contract: 8–48 kHz). */
export const DECODER_MAX_RATE = 48_000;

/**
 * Integer decimation for recordings above the decoder's 48 kHz (96, 88.2,
 * 176.4, 192, 384 kHz studio rates): averages each run of `factor` samples.
 * The boxcar's first null sits at the new sample rate, and F2F pulse energy
 * lies far below the new Nyquist frequency (a Track 1 half-cell at 30 ips is
 * 6.3 kHz), so the average is filter enough. Streaming: a run split across
 * blocks is carried over.
 */
export class Decimator {
  readonly factor: number;
  readonly outputRate: number;
  private sum = 0;
  private count = 0;

  constructor(inputRate: number, maxRate = DECODER_MAX_RATE) {
    this.factor = Math.max(1, Math.ceil(inputRate / maxRate));
    this.outputRate = inputRate / this.factor;
  }

  push(block: Float32Array): Float32Array {
    const k = this.factor;
    if (k === 1) return block;
    const out = new Float32Array(Math.floor((this.count + block.length) / k));
    let n = 0;
    for (let i = 0; i < block.length; i++) {
      this.sum += block[i] as number;
      if (++this.count === k) {
        out[n++] = this.sum / k;
        this.sum = 0;
        this.count = 0;
      }
    }
    return out;
  }
}

/** A source above 48 kHz, decimated to a rate the decoder accepts; other sources are returned as they are. */
export function decimateSource(source: PcmSource, maxRate = DECODER_MAX_RATE): PcmSource {
  if (source.sampleRate <= maxRate) return source;
  const d = new Decimator(source.sampleRate, maxRate);
  async function* blocks(): AsyncGenerator<Float32Array, void, undefined> {
    for await (const b of source.blocks) {
      const out = d.push(b);
      if (out.length > 0) yield out;
    }
  }
  const close = source.close?.bind(source);
  return {
    sampleRate: d.outputRate,
    blocks: blocks(),
    ...(close !== undefined && { close }),
    ...(source.label !== undefined && { label: source.label }),
  };
}
