/**
 * The audio driver's error family. Both audio engineers add codes to this one
 * table (decoder/synth: `audio.sample_rate`, `audio.argument`, …; WAV and PCM
 * sources: `audio.wav_*`). Expected outcomes of a swipe (too fast, parity,
 * LRC, …) are NOT errors: they are `SwipeFailure` results.
 */
import { errorFamily } from "../../src/errors/index.js";

const family = errorFamily("AudioError", {
  /** Sample rate outside what the decoder or synthesizer supports (8–48 kHz for decoding). */
  sampleRate: ["audio.sample_rate", "config"],
  /** A caller passed an argument the DSP cannot honour (bad track data, speed profile, option). */
  argument: ["audio.argument", "input"],
  /** The caller used the decoder in a way its state forbids. */
  state: ["audio.state", "state"],
  /** Not a RIFF/RIFX/RF64 WAVE file (magic bytes). */
  wavHeader: ["audio.wav_header", "input"],
  /** A header or chunk ends before its declared fields do. */
  wavTruncated: ["audio.wav_truncated", "input"],
  /** The `fmt ` chunk contradicts itself (block align, bits per sample, extensible fields). */
  wavFormat: ["audio.wav_format", "input"],
  /** Sample rate 0 or above 384 kHz. */
  wavRate: ["audio.wav_rate", "input"],
  /** Channel count 0 or above 32. */
  wavChannels: ["audio.wav_channels", "input"],
  /** A real encoding the SDK does not decode (µ-law, A-law, ADPCM, MP3, …); the message names the tag. */
  wavUnsupported: ["audio.wav_unsupported", "input"],
  /** `data` before `fmt `, or a second `fmt `. */
  wavChunkOrder: ["audio.wav_chunk_order", "input"],
  /** No `fmt ` or no `data` chunk. */
  wavMissingChunk: ["audio.wav_missing_chunk", "input"],
  /** The data chunk holds no whole sample frame. */
  wavEmpty: ["audio.wav_empty", "input"],
  /** Input larger than the caller's `maxBytes` cap. */
  wavTooLarge: ["audio.wav_too_large", "config"],
  /** The requested channel does not exist in the recording. */
  wavChannel: ["audio.wav_channel", "config"],
  /** An audio file (WAV or raw PCM) could not be read from disk. */
  wavFile: ["audio.wav_file", "transport"],
  /** Raw PCM stream options name an unknown format or impossible channel layout. */
  pcmFormat: ["audio.pcm_format", "config"],
  /** A live PCM source (microphone, worklet, recorder process) failed to open or broke. */
  source: ["audio.source", "transport"],
});
export const AudioErrorCodes = family.codes;
export type AudioErrorCode = (typeof AudioErrorCodes)[keyof typeof AudioErrorCodes];

export class AudioError extends family.Base {}
