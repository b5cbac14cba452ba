/** `encodeWav`: canonical WAV files for fixtures and test rigs (portable). */
import { AudioError, AudioErrorCodes } from "./errors.js";
import { encodeInterleaved, type PcmFormat } from "./pcm.js";
import { WAV_SUBFORMAT_GUID_TAIL, MAX_WAV_CHANNELS, MAX_WAV_SAMPLE_RATE, type PcmAudio } from "./wav-format.js";

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
    out.set(WAV_SUBFORMAT_GUID_TAIL, 46);
  }
  const d = 20 + fmtSize;
  ascii(d, "data");
  view.setUint32(d + 4, payload.length, le);
  out.set(payload, d + 8);
  return out;
}
