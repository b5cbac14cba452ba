/**
 * WAV files from disk (Node only). The size is checked against `maxBytes`
 * before a byte is read, so a multi-gigabyte file fails fast instead of
 * exhausting memory.
 */
import { readFile, stat } from "node:fs/promises";
import { AudioError, AudioErrorCodes } from "./errors.js";
import { type ChannelChoice, type PcmSource, pcmSourceFromSamples } from "./pcm.js";
import { DEFAULT_MAX_WAV_BYTES, type ParseWavOptions, parseWav, selectChannel, type WavAudio } from "./wav.js";

function fileError(path: string, e: unknown): AudioError {
  const code = (e as { code?: unknown }).code;
  const why = typeof code === "string" ? code : e instanceof Error ? e.message : String(e);
  return new AudioError(AudioErrorCodes.wavFile, `cannot read WAV file ${JSON.stringify(path)}: ${why}`, {
    field: "path",
    cause: e,
  });
}

/** Reads and parses a WAV file. Throws `AudioError` `audio.wav_file` for I/O, `audio.wav_*` for content. */
export async function readWavFile(path: string, options: ParseWavOptions = {}): Promise<WavAudio> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_WAV_BYTES;
  let bytes: Uint8Array;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw Object.assign(new Error("not a regular file"), { code: "EISDIR" });
    if (st.size > maxBytes) {
      throw new AudioError(
        AudioErrorCodes.wavTooLarge,
        `WAV file ${JSON.stringify(path)} is ${st.size} bytes, over the ${maxBytes}-byte limit`,
        { field: "path" },
      );
    }
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof AudioError) throw e;
    throw fileError(path, e);
  }
  return parseWav(bytes, { ...options, maxBytes });
}

/** A finite PCM source over one channel of a WAV file, for `AudioJackReader`. */
export async function wavFileSource(
  path: string,
  options: ParseWavOptions & { readonly channel?: ChannelChoice; readonly blockSamples?: number } = {},
): Promise<PcmSource> {
  // parseWav keeps only the chosen channel, so it is always index 0 of the result.
  const wav = await readWavFile(path, { ...options, channel: options.channel ?? 0 });
  return pcmSourceFromSamples(selectChannel(wav, 0), wav.sampleRate, {
    label: path,
    ...(options.blockSamples !== undefined && { blockSamples: options.blockSamples }),
  });
}
