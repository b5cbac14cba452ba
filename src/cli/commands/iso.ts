/**
 * `cardwire iso decode|encode|specs`: the ISO 8583 codec from the shell.
 *
 *   cardwire iso decode --spec iso87ascii [--framing 2byte] [--reveal] <hex>   → JSON {mti, fields}
 *   cardwire iso encode --spec iso87ascii [--framing 2byte] '<json>'          → hex
 *   cardwire iso specs                                                         → one spec name per line
 *
 * Decode masks PAN, tracks, PIN block and DE 55 cryptograms unless --reveal;
 * the revealed JSON is what encode reads back. Fields whose spec row declares
 * a subfield layout decode to `{value?, subfields}` (DE 55 and other BER-TLV
 * fields to `{hex?, tlv}`), each subfield masked by its own mask; encode takes
 * a plain string, `{value}`, or `{subfields: [{id, value}] | {id: value}}`
 * (`{tlv: [...]}` for BER-TLV) and packs it with `packSubfields`.
 */
import { fromHex, toHex } from "../../bytes/index.js";
import {
  deframeAll,
  type Framing,
  frameMessage,
  getSpec,
  messageFromJSON,
  messageToJSON,
  packMessage,
  SPEC_NAMES,
  unpackMessage,
} from "../../iso8583/index.js";
import { CliUsageError, type FlagSpec, parseArgs } from "../args.js";
import type { CliCommand, CliIO } from "../command.js";

const FLAGS: readonly FlagSpec[] = [
  {
    name: "spec",
    type: "string",
    description: "message spec name, required for decode and encode (see `cardwire iso specs`)",
  },
  {
    name: "framing",
    type: "string",
    choices: ["none", "2byte", "2bcd", "4ascii"],
    description: "length header before the message",
    default: "none",
  },
  { name: "reveal", type: "boolean", description: "decode: show PAN, tracks, PIN block and cryptograms in clear" },
  {
    name: "lenient",
    type: "boolean",
    description: "skip character checks against field types (structure is still checked)",
  },
];

const SUBCOMMANDS = ["decode", "encode", "specs"] as const;

function specOf(name: unknown) {
  if (typeof name !== "string") throw new CliUsageError("option --spec <name> is required (see `cardwire iso specs`)");
  if (!SPEC_NAMES.includes(name)) {
    throw new CliUsageError(`unknown spec "${name}" (run \`cardwire iso specs\`)`);
  }
  return getSpec(name);
}

function decode(positionals: readonly string[], flags: Record<string, unknown>, io: CliIO): number {
  if (positionals.length !== 1) throw new CliUsageError("iso decode needs exactly one hex argument");
  const hex = (positionals[0] as string).replace(/\s+/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(hex))
    throw new CliUsageError("iso decode: argument is not hex text (even length, 0-9 A-F)");
  const spec = specOf(flags.spec);
  let bytes = fromHex(hex);
  const framing = flags.framing as Framing;
  if (framing !== "none") {
    const frames = deframeAll(bytes, framing);
    if (frames.length !== 1) throw new CliUsageError(`iso decode: expected one framed message, found ${frames.length}`);
    bytes = frames[0] as Uint8Array;
  }
  const message = unpackMessage(spec, bytes, { validate: flags.lenient !== true });
  io.stdout(JSON.stringify(messageToJSON(spec, message, { reveal: flags.reveal === true })));
  return 0;
}

function encode(positionals: readonly string[], flags: Record<string, unknown>, io: CliIO): number {
  if (positionals.length !== 1) throw new CliUsageError("iso encode needs exactly one JSON argument");
  let json: unknown;
  try {
    json = JSON.parse(positionals[0] as string);
  } catch {
    throw new CliUsageError("iso encode: argument is not valid JSON");
  }
  const spec = specOf(flags.spec);
  const message = messageFromJSON(spec, json);
  const bytes = packMessage(spec, message, { validate: flags.lenient !== true });
  io.stdout(toHex(frameMessage(bytes, flags.framing as Framing)));
  return 0;
}

export const command: CliCommand = {
  name: "iso",
  summary: "decode, encode and list ISO 8583 messages and specs",
  usage: "cardwire iso decode|encode|specs [--spec <name>] [--framing none|2byte|2bcd|4ascii] [--reveal] <hex|json>",
  flags: FLAGS,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === undefined || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new CliUsageError(
        `iso needs a subcommand: ${SUBCOMMANDS.join(", ")}${sub === undefined ? "" : ` (got "${sub}")`}`,
      );
    }
    const { flags, positionals } = parseArgs(rest, FLAGS);
    if (sub === "specs") {
      if (positionals.length > 0) throw new CliUsageError("iso specs takes no arguments");
      for (const name of SPEC_NAMES) io.stdout(name);
      return 0;
    }
    return sub === "decode" ? decode(positionals, flags, io) : encode(positionals, flags, io);
  },
};
