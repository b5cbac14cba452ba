import { isCardwireError } from "../errors/index.js";
import { CliErrorCodes, CliUsageError, formatHelp, parseArgs } from "./args.js";
import { type CliIO, COMMON_FLAGS } from "./command.js";
import { COMMANDS } from "./registry.js";

export function topLevelHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 4);
  return [
    "usage: cardwire <command> [options]",
    "",
    "cardwire: card-acceptance SDK tools. Run `cardwire <command> --help` for a command's options.",
    "",
    "commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

/**
 * Runs the CLI in-process and returns the exit code: 0 success, 1 a failed
 * operation, 2 bad arguments (one line on stderr). Never prints a full PAN
 * unless a command's `--reveal` is given.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(topLevelHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    io.stdout("cardwire 0.1.0");
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  try {
    if (!entry)
      throw new CliUsageError(`unknown command "${name}" (see cardwire --help)`, {
        code: CliErrorCodes.unknownCommand,
      });
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      io.stdout(formatHelp(command.usage, command.summary, [...command.flags, ...COMMON_FLAGS]));
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliUsageError) {
      io.stderr(`cardwire: ${e.message}`);
      return 2;
    }
    if (isCardwireError(e)) {
      io.stderr(`cardwire: ${e.code}: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export { parseArgs };
