/** Outcome shapes of the swipe decoder (the audio contract between the DSP and I/O halves). */
import type { Card } from "../../../src/card/index.js";

export interface SwipeDecoderOptions {
  /** 8000–48000 Hz; anything else throws AudioError `audio.sample_rate`. */
  readonly sampleRate: number;
  /**
   * Per-sample loops: "auto" (default) runs them as WebAssembly kernels where
   * WebAssembly can be compiled, else as JavaScript; "js" always runs the
   * JavaScript loops (same results; for runtimes or policies without
   * WebAssembly, and for tests). `SwipeDecoder.kernels` tells which ran.
   */
  readonly kernels?: "auto" | "js";
}

export type SwipeDirection = "forward" | "reverse";

export interface DecodedSwipe {
  readonly kind: "swipe";
  readonly track: 1 | 2 | 3;
  /** Start sentinel … end sentinel inclusive, LRC excluded. */
  readonly data: string;
  /** Present when the track parses as a payment card (ISO/IEC 7813) via src/card. */
  readonly card?: Card;
  readonly direction: SwipeDirection;
  /** Mean speed over the frame, from the recovered bit rate and the track's density. */
  readonly speedIps: number;
  /** snrDb: mean pulse peak over noise RMS; margin: worst timing margin of any bit (1 ideal, 0 on the boundary). */
  readonly quality: { readonly snrDb: number; readonly margin: number };
  /** A single-bit error was repaired where parity and LRC pinpointed it. */
  readonly corrected: boolean;
  readonly startSample: number;
  readonly endSample: number;
}

export type SwipeFailureReason = "too_fast" | "too_noisy" | "parity" | "lrc" | "no_sentinel" | "truncated";

export interface SwipeFailure {
  readonly kind: "failure";
  readonly reason: SwipeFailureReason;
  readonly track?: 1 | 2 | 3;
  readonly startSample: number;
  readonly endSample: number;
  /** Safe to show or log: never contains track data. */
  readonly detail: string;
}

export type SwipeOutcome = DecodedSwipe | SwipeFailure;
