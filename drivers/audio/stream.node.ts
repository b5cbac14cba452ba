/**
 * Raw PCM from Node streams: stdin, a pipe from `arecord -t raw` or
 * `sox … -t raw -`, or a recorder process this module starts. Conversion is
 * the portable `pcmBlocks` (which carries samples split across chunks); this
 * file adds only what needs Node: child processes.
 */
import { spawn } from "node:child_process";
import { SwipeDecoder, type SwipeOutcome } from "./decoder/index.js";
import { AudioError, AudioErrorCodes } from "./errors.js";
import { Decimator, type PcmSource, type PcmStreamFormat, pcmBlocks } from "./pcm.js";

export interface PcmStreamOptions extends PcmStreamFormat {
  readonly sampleRate: number;
}

/**
 * Decodes swipes from a raw PCM byte stream, yielding each outcome as the
 * decoder reports it (within 100 ms of the swipe's end) and the outcomes of a
 * swipe still in progress when the stream ends. Streams above 48 kHz are
 * decimated first; sample positions in the outcomes are then at the
 * decimated rate (`decodedRate(sampleRate)`).
 */
export async function* decodePcmStream(
  stream: AsyncIterable<Uint8Array>,
  options: PcmStreamOptions,
): AsyncGenerator<SwipeOutcome, void, undefined> {
  const decimator = new Decimator(options.sampleRate);
  const decoder = new SwipeDecoder({ sampleRate: decimator.outputRate });
  for await (const block of pcmBlocks(stream, options)) yield* decoder.push(decimator.push(block));
  yield* decoder.flush();
}

/** The rate `decodePcmStream` decodes at (and counts sample positions in) for a stream at `sampleRate`. */
export function decodedRate(sampleRate: number): number {
  return new Decimator(sampleRate).outputRate;
}

/** A PCM source over a byte stream (e.g. `process.stdin`), for `AudioJackReader`. */
export function pcmStreamSource(
  stream: AsyncIterable<Uint8Array>,
  options: PcmStreamOptions & { readonly label?: string },
): PcmSource {
  return {
    sampleRate: options.sampleRate,
    blocks: pcmBlocks(stream, options),
    label: options.label ?? "pcm stream",
  };
}

/**
 * How each recorder is told to write raw mono PCM to stdout. arecord: alsa-utils
 * arecord(1); sox: sox(1) with `-d` (default device) and `-t raw -`.
 */
export const RECORDERS = {
  arecord: {
    description: "ALSA arecord (Linux)",
    args: (rate: number, device?: string) => [
      ...(device ? ["-D", device] : []),
      ...["-q", "-f", "S16_LE", "-c", "1", "-r", String(rate), "-t", "raw", "-"],
    ],
  },
  sox: {
    description: "SoX (Linux, macOS, Windows): default input device",
    args: (rate: number, device?: string) => [
      ...(device ? ["-t", "alsa", device] : ["-d"]),
      ...["-q", "-t", "raw", "-e", "signed-integer", "-b", "16", "-L", "-c", "1", "-r", String(rate), "-"],
    ],
  },
} as const;

export interface RecorderOptions {
  readonly tool: keyof typeof RECORDERS;
  /** Default 44100 Hz. */
  readonly sampleRate?: number;
  readonly device?: string;
  /** Executable to run instead of the tool's name (a full path, or a test double). */
  readonly command?: string;
}

/**
 * Starts `arecord` or `sox` and returns its stdout as a live source (16-bit
 * little-endian mono). `close()` stops the process. A recorder that cannot be
 * started or exits with an error makes `blocks` throw `audio.source`.
 */
export function recordPcm(options: RecorderOptions): PcmSource {
  const sampleRate = options.sampleRate ?? 44100;
  const spec = RECORDERS[options.tool];
  const child = spawn(options.command ?? options.tool, spec.args(sampleRate, options.device), {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (s: string) => {
    if (stderr.length < 2000) stderr += s;
  });
  let closing = false;
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once("error", (error) => resolve({ code: null, error }));
    child.once("close", (code) => resolve({ code }));
  });
  async function* blocks(): AsyncGenerator<Float32Array, void, undefined> {
    let drained = false;
    try {
      yield* pcmBlocks(child.stdout, { format: "s16le", channels: 1 });
      drained = true;
    } finally {
      // The consumer stopped early (break, reader disconnect): do not leave the recorder running.
      if (!drained) {
        closing = true;
        child.kill("SIGTERM");
      }
    }
    const { code, error } = await exited;
    if (!closing && (error !== undefined || (code !== 0 && code !== null))) {
      const why = error ? error.message : `exit code ${code}: ${stderr.trim().slice(0, 200)}`;
      throw new AudioError(AudioErrorCodes.source, `${options.tool} failed: ${why}`, {
        command: options.tool,
        ...(error && { cause: error }),
      });
    }
  }
  return {
    sampleRate,
    blocks: blocks(),
    label: options.tool,
    close: () => {
      closing = true;
      child.kill("SIGTERM");
    },
  };
}
