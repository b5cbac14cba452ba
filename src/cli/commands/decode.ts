/**
 * `cardwire decode [--json] [--reveal] [--channel N|mix] FILE...`: decodes
 * magnetic-stripe swipes recorded through an audio-jack reader. `-` reads
 * standard input; with `--format F --rate HZ` the inputs are raw PCM, so
 * `arecord -f S16_LE -r 44100 -c 1 -t raw -d 10 | cardwire decode --format s16le --rate 44100 -`
 * decodes ten seconds from the microphone.
 *
 * One line per input file, in input order. With `--json`, each line is one
 * JSON object `{ file, swipes, failures, … }`, plus `error` when the file could
 * not be read. Track data is masked (PAN first 6 + last 4, discretionary data
 * hidden) unless `--reveal`. Exit 0 when every file was read (even with no
 * swipe in it), 1 when any file could not be read, 2 on bad arguments.
 */
import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import {
  type DecodedSwipe,
  decodePcm,
  type SwipeFailure,
  type SwipeOutcome,
} from "../../../drivers/audio/decoder/index.js";
import { AudioError, AudioErrorCodes } from "../../../drivers/audio/errors.js";
import {
  type ChannelChoice,
  Decimator,
  PCM_FORMAT_NAMES,
  PCM_FORMATS,
  type PcmFormat,
} from "../../../drivers/audio/pcm.js";
import { decodedRate, decodePcmStream, type PcmStreamOptions } from "../../../drivers/audio/stream.node.js";
import { DEFAULT_MAX_WAV_BYTES, MAX_WAV_SAMPLE_RATE, parseWav } from "../../../drivers/audio/wav.js";
import { readWavFile } from "../../../drivers/audio/wav-file.node.js";
import { concatBytes } from "../../bytes/index.js";
import { maskPan, maskTrack } from "../../card/mask.js";
import { isCardwireError } from "../../errors/index.js";
import { READ_FAILURE_HINTS } from "../../reader/hints.js";
import { CliUsageError, type FlagSpec, parseArgs } from "../args.js";
import type { CliCommand, CliIO } from "../command.js";

const FLAGS: readonly FlagSpec[] = [
  { name: "json", type: "boolean", description: "one JSON object per input file per line" },
  { name: "reveal", type: "boolean", description: "print full track data and PANs (default: masked)" },
  { name: "channel", type: "string", description: "channel to decode: 0-based index or mix", default: "0" },
  {
    name: "format",
    type: "string",
    description: "inputs are raw PCM in this format (arecord/sox -t raw)",
    choices: PCM_FORMAT_NAMES,
  },
  { name: "rate", type: "number", description: "sample rate of raw PCM input, Hz" },
  { name: "channels", type: "number", description: "interleaved channels in raw PCM input (default 1)" },
];

interface SwipeJson {
  readonly track: 1 | 2 | 3;
  readonly data: string;
  readonly direction: DecodedSwipe["direction"];
  readonly speedIps: number;
  readonly snrDb: number;
  readonly margin: number;
  readonly corrected: boolean;
  readonly startSec: number;
  readonly endSec: number;
  readonly card?: { readonly pan: string; readonly brand: string; readonly expiry?: string; readonly name?: string };
}

interface FailureJson {
  readonly reason: SwipeFailure["reason"];
  readonly track?: 1 | 2 | 3;
  readonly hint: string;
  readonly detail: string;
  readonly startSec: number;
  readonly endSec: number;
}

export interface DecodeFileJson {
  readonly file: string;
  readonly sampleRate?: number;
  readonly durationSec?: number;
  readonly swipes: readonly SwipeJson[];
  readonly failures?: readonly FailureJson[];
  readonly warnings?: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;
const sec = (sample: number, rate: number): number => Math.round((sample / rate) * 1000) / 1000;

function parseChannel(value: string): ChannelChoice {
  if (value === "mix") return "mix";
  if (!/^[0-9]{1,2}$/.test(value))
    throw new CliUsageError(`option --channel needs a 0-based index or "mix" (got "${value}")`);
  return Number(value);
}

function swipeJson(s: DecodedSwipe, rate: number, reveal: boolean): SwipeJson {
  const card = s.card;
  return {
    track: s.track,
    data: reveal ? s.data : maskTrack(s.data),
    direction: s.direction,
    speedIps: r2(s.speedIps),
    snrDb: r2(s.quality.snrDb),
    margin: r2(s.quality.margin),
    corrected: s.corrected,
    startSec: sec(s.startSample, rate),
    endSec: sec(s.endSample, rate),
    ...(card && {
      card: {
        pan: reveal ? card.pan : maskPan(card.pan),
        brand: card.brand,
        ...(card.expiry && { expiry: card.expiry.yymm }),
        ...(card.name !== undefined && card.name !== "" && { name: card.name }),
      },
    }),
  };
}

interface Decoded {
  readonly sampleRate: number;
  /** Rate the decoder ran at (sample positions count at this rate). */
  readonly decodeRate: number;
  readonly samples: number;
  readonly outcomes: readonly SwipeOutcome[];
  readonly warnings: readonly string[];
}

/** Standard input as one chunk stream; `process.stdin` is only touched when a file is `-`. */
const stdin = (): AsyncIterable<Uint8Array> => process.stdin;

async function readAll(stream: AsyncIterable<Uint8Array>, maxBytes: number, what: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const chunk of stream) {
    n += chunk.length;
    if (n > maxBytes) {
      throw new AudioError(AudioErrorCodes.wavTooLarge, `${what} is over the ${maxBytes}-byte limit`, {
        field: "stdin",
      });
    }
    parts.push(chunk);
  }
  return concatBytes(...parts);
}

async function decodeWav(file: string, channel: ChannelChoice, io: CliIO): Promise<Decoded> {
  const wav =
    file === "-"
      ? parseWav(await readAll(stdin(), DEFAULT_MAX_WAV_BYTES, "WAV on standard input"), { channel })
      : await readWavFile(resolve(io.cwd, file), { channel });
  // Above 48 kHz the decoder needs decimating; times reported stay in seconds.
  const decimator = new Decimator(wav.sampleRate);
  const samples = decimator.push(wav.channels[0] as Float32Array);
  return {
    sampleRate: wav.sampleRate,
    decodeRate: decimator.outputRate,
    samples: samples.length,
    outcomes: decodePcm(samples, decimator.outputRate),
    warnings: wav.warnings.map((w) => w.code),
  };
}

async function decodeRaw(file: string, raw: PcmStreamOptions, io: CliIO): Promise<Decoded> {
  let bytes = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    const source = file === "-" ? stdin() : createReadStream(resolve(io.cwd, file));
    try {
      for await (const chunk of source) {
        bytes += chunk.length;
        yield chunk;
      }
    } catch (e) {
      throw new AudioError(AudioErrorCodes.wavFile, `cannot read raw PCM ${JSON.stringify(file)}: ${errnoOf(e)}`, {
        field: "path",
        cause: e,
      });
    }
  }
  const outcomes: SwipeOutcome[] = [];
  for await (const o of decodePcmStream(counted(), raw)) outcomes.push(o);
  const frameBytes = PCM_FORMATS[raw.format].bytes * (raw.channels ?? 1);
  const decodeRate = decodedRate(raw.sampleRate);
  return {
    sampleRate: raw.sampleRate,
    decodeRate,
    samples: Math.floor(Math.floor(bytes / frameBytes) / (raw.sampleRate / decodeRate)),
    outcomes,
    warnings: bytes % frameBytes === 0 ? [] : ["partial_frame"],
  };
}

function errnoOf(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" ? code : e instanceof Error ? e.message : String(e);
}

async function decodeFile(
  file: string,
  channel: ChannelChoice,
  raw: PcmStreamOptions | undefined,
  reveal: boolean,
  io: CliIO,
): Promise<DecodeFileJson> {
  let d: Decoded;
  try {
    d = raw === undefined ? await decodeWav(file, channel, io) : await decodeRaw(file, raw, io);
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    return { file, swipes: [], error: { code: e.code, message: e.message } };
  }
  const rate = d.decodeRate;
  const swipes: SwipeJson[] = [];
  const failures: FailureJson[] = [];
  for (const o of d.outcomes) {
    if (o.kind === "swipe") swipes.push(swipeJson(o, rate, reveal));
    else {
      failures.push({
        reason: o.reason,
        ...(o.track !== undefined && { track: o.track }),
        hint: READ_FAILURE_HINTS[o.reason],
        detail: o.detail,
        startSec: sec(o.startSample, rate),
        endSec: sec(o.endSample, rate),
      });
    }
  }
  return {
    file,
    sampleRate: d.sampleRate,
    durationSec: sec(d.samples, rate),
    swipes,
    failures,
    ...(d.warnings.length > 0 && { warnings: d.warnings }),
  };
}

/** `--format/--rate/--channels` → raw stream options, or undefined for WAV input. */
function rawOptions(
  flags: Readonly<Record<string, string | number | boolean | undefined>>,
  channel: ChannelChoice,
): PcmStreamOptions | undefined {
  const format = flags.format;
  if (format === undefined) {
    if (flags.rate !== undefined || flags.channels !== undefined) {
      throw new CliUsageError("--rate and --channels describe raw PCM: give --format too");
    }
    return undefined;
  }
  const rate = flags.rate;
  if (typeof rate !== "number" || !Number.isInteger(rate) || rate < 8000 || rate > MAX_WAV_SAMPLE_RATE) {
    throw new CliUsageError(`raw PCM needs --rate, an integer 8000–${MAX_WAV_SAMPLE_RATE} (got ${rate ?? "none"})`);
  }
  const channels = flags.channels ?? 1;
  if (typeof channels !== "number" || !Number.isInteger(channels) || channels < 1 || channels > 32) {
    throw new CliUsageError(`option --channels must be an integer 1–32 (got ${channels})`);
  }
  if (channel !== "mix" && channel >= channels) {
    throw new CliUsageError(`option --channel ${channel} is out of range for ${channels} channel(s)`);
  }
  return { format: format as PcmFormat, sampleRate: rate, channels, channel };
}

function textLine(r: DecodeFileJson): string {
  if (r.error) return `${r.file}: error ${r.error.code}: ${r.error.message}`;
  const parts = r.swipes.map(
    (s) =>
      `track ${s.track} ${s.data} (${s.direction}, ${s.speedIps} ips, ${s.snrDb} dB${s.corrected ? ", corrected" : ""}${s.card ? `, ${s.card.brand} ${s.card.pan}${s.card.expiry ? ` exp ${s.card.expiry}` : ""}` : ""})`,
  );
  for (const f of r.failures ?? []) parts.push(`failed ${f.reason} at ${f.startSec}s: ${f.hint}`);
  const n = r.swipes.length;
  return `${r.file}: ${n} swipe${n === 1 ? "" : "s"}${parts.length > 0 ? ` — ${parts.join("; ")}` : ""}`;
}

export const decodeCommand: CliCommand = {
  name: "decode",
  summary: "decode card swipes from audio-jack reader recordings (WAV)",
  usage: "cardwire decode [--json] [--reveal] [--channel N|mix] [--format F --rate HZ [--channels N]] FILE...|-",
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length === 0) throw new CliUsageError("decode needs at least one WAV file");
    if (positionals.filter((f) => f === "-").length > 1)
      throw new CliUsageError("standard input (-) can be read only once");
    const channel = parseChannel(String(flags.channel));
    const raw = rawOptions(flags, channel);
    const reveal = flags.reveal === true;
    let failed = false;
    for (const file of positionals) {
      const result = await decodeFile(file, channel, raw, reveal, io);
      if (result.error) failed = true;
      io.stdout(flags.json === true ? JSON.stringify(result) : textLine(result));
    }
    return failed ? 1 : 0;
  },
};

export default decodeCommand;
