/**
 * PCM in motion: byte streams cut at arbitrary points, the `PcmSource` shape
 * the reader consumes, and decimation of studio rates for the decoder.
 * Portable; re-exported by pcm.ts.
 */
import { AudioError, AudioErrorCodes } from "./errors.js";
import {
  type ChannelChoice,
  decodeInterleaved,
  isPcmFormat,
  PCM_FORMAT_NAMES,
  PCM_FORMATS,
  type PcmFormat,
} from "./pcm.js";

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
