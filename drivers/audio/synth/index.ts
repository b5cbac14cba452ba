/**
 * Swipe synthesizer: track text + speed profile + channel impairments → mono
 * PCM in [-1, 1], for fixtures, demos and test rigs. Deterministic for a
 * given `seed`. The acceptance corpus in test/ deliberately uses a second,
 * independent model so the decoder is not only checked against this one.
 */
import { type TrackNumber, trackFormat } from "../decoder/tracks.js";
import type { SwipeDirection } from "../decoder/types.js";
import { AudioError, AudioErrorCodes } from "../errors.js";
import { applyChannel, type Impairments } from "./channel.js";
import { encodeTrack } from "./encode.js";
import {
  checkProfile,
  fluxReversals,
  type HeadOptions,
  type PulseShape,
  renderPulses,
  reversalTimes,
  type SpeedProfile,
} from "./head.js";
import { prng } from "./prng.js";

export type { Impairments } from "./channel.js";
export { encodeTrack, type EncodeOptions } from "./encode.js";
export type { PulseShape, SpeedProfile } from "./head.js";
export { fillNoise, type Prng, prng } from "./prng.js";

export interface SynthOptions {
  readonly sampleRate: number;
  readonly track: TrackNumber;
  /** Track text with both sentinels; the synthesizer appends the LRC. */
  readonly data: string;
  readonly speed: SpeedProfile;
  readonly direction?: SwipeDirection;
  readonly impairments?: Impairments;
  readonly seed?: number;
  /** Head pulse width at half maximum, inches (default 0.0015 in: a typical MSR read head). */
  readonly pw50?: number;
  readonly pulseShape?: PulseShape;
  /** Silence before and after the swipe, seconds (default 0.3 each). */
  readonly leadingSilence?: number;
  readonly trailingSilence?: number;
  readonly leadingZeros?: number;
  readonly trailingZeros?: number;
  /** Raw bits to record instead of encoding `data` (non-ISO cards, corrupted frames). */
  readonly bits?: Uint8Array;
}

export const SYNTH_MIN_RATE = 4000;
export const SYNTH_MAX_RATE = 192000;
/** A card is 3.375 in long (ISO/IEC 7810 ID-1): nothing longer can be recorded. */
const MAX_STRIPE_INCHES = 3.375 * 2;
const DEFAULT_PW50 = 0.0015;

export function synthesizeSwipe(options: SynthOptions): Float32Array {
  const { sampleRate } = options;
  if (!(Number.isFinite(sampleRate) && sampleRate >= SYNTH_MIN_RATE && sampleRate <= SYNTH_MAX_RATE)) {
    throw new AudioError(
      AudioErrorCodes.sampleRate,
      `sampleRate: expected ${SYNTH_MIN_RATE}–${SYNTH_MAX_RATE} Hz, found ${sampleRate}`,
      {
        field: "sampleRate",
      },
    );
  }
  checkProfile(options.speed);
  const format = trackFormat(options.track);
  const bits =
    options.bits ??
    encodeTrack(options.track, options.data, {
      ...(options.leadingZeros !== undefined && { leadingZeros: options.leadingZeros }),
      ...(options.trailingZeros !== undefined && { trailingZeros: options.trailingZeros }),
    });
  const length = bits.length / format.bpi;
  if (length > MAX_STRIPE_INCHES) {
    throw new AudioError(
      AudioErrorCodes.argument,
      `data: ${length.toFixed(2)} in of stripe, more than ${MAX_STRIPE_INCHES} in`,
      {
        field: "data",
      },
    );
  }
  let positions = fluxReversals(bits, format.bpi);
  if (options.direction === "reverse") {
    const rev = new Float64Array(positions.length);
    for (let i = 0; i < positions.length; i++) rev[i] = length - positions[positions.length - 1 - i]!;
    positions = rev;
  }
  const times = reversalTimes(positions, length, options.speed);
  const lead = options.leadingSilence ?? 0.3;
  const trail = options.trailingSilence ?? 0.3;
  const duration = lead + times[times.length - 1]! + trail;
  const out = new Float32Array(Math.ceil(duration * sampleRate));
  const head: HeadOptions = { pw50: options.pw50 ?? DEFAULT_PW50, shape: options.pulseShape ?? "lorentzian" };
  renderPulses(out, sampleRate, times, positions, length, lead, options.speed, head);
  const rng = prng(options.seed ?? 1);
  const spanStart = Math.floor(lead * sampleRate);
  const spanEnd = Math.min(out.length, Math.ceil((lead + times[times.length - 1]!) * sampleRate));
  applyChannel(out, sampleRate, options.impairments ?? {}, rng, spanStart, spanEnd);
  return out;
}
