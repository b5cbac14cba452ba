/**
 * `cardwire decode [--json] [--reveal] [--channel N|mix] FILE...`: decodes
 * magnetic-stripe swipes recorded through an audio-jack reader.
 *
 * One line per input file, in input order. With `--json`, each line is one
 * JSON object `{ file, swipes, failures, … }`, plus `error` when the file could
 * not be read. Track data is masked (PAN first 6 + last 4, discretionary data
 * hidden) unless `--reveal`. Exit 0 when every file was read (even with no
 * swipe in it), 1 when any file could not be read, 2 on bad arguments.
 */
import { resolve } from "node:path";
import { type DecodedSwipe, decodePcm, type SwipeFailure } from "../../../drivers/audio/decoder/index.js";
import { type ChannelChoice, Decimator } from "../../../drivers/audio/pcm.js";
import { readWavFile } from "../../../drivers/audio/wav-file.node.js";
import { maskPan, maskTrack } from "../../card/mask.js";
import { isCardwireError } from "../../errors/index.js";
import { READ_FAILURE_HINTS } from "../../reader/hints.js";
import { CliUsageError, type FlagSpec, parseArgs } from "../args.js";
import type { CliCommand, CliIO } from "../command.js";

const FLAGS: readonly FlagSpec[] = [
  { name: "json", type: "boolean", description: "one JSON object per input file per line" },
  { name: "reveal", type: "boolean", description: "print full track data and PANs (default: masked)" },
  { name: "channel", type: "string", description: "channel to decode: 0-based index or mix", default: "0" },
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

async function decodeFile(file: string, channel: ChannelChoice, reveal: boolean, io: CliIO): Promise<DecodeFileJson> {
  try {
    const wav = await readWavFile(resolve(io.cwd, file), { channel });
    // Above 48 kHz the decoder needs decimating; times below stay in the file's own seconds.
    const decimator = new Decimator(wav.sampleRate);
    const samples = decimator.push(wav.channels[0] as Float32Array);
    const rate = decimator.outputRate;
    const outcomes = decodePcm(samples, rate);
    const swipes: SwipeJson[] = [];
    const failures: FailureJson[] = [];
    for (const o of outcomes) {
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
      sampleRate: wav.sampleRate,
      durationSec: sec(samples.length, rate),
      swipes,
      failures,
      ...(wav.warnings.length > 0 && { warnings: wav.warnings.map((w) => w.code) }),
    };
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    return { file, swipes: [], error: { code: e.code, message: e.message } };
  }
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
  usage: "cardwire decode [--json] [--reveal] [--channel N|mix] FILE...",
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length === 0) throw new CliUsageError("decode needs at least one WAV file");
    const channel = parseChannel(String(flags.channel));
    const reveal = flags.reveal === true;
    let failed = false;
    for (const file of positionals) {
      const result = await decodeFile(file, channel, reveal, io);
      if (result.error) failed = true;
      io.stdout(flags.json === true ? JSON.stringify(result) : textLine(result));
    }
    return failed ? 1 : 0;
  },
};

export default decodeCommand;
