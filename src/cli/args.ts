/**
 * Minimal, strict argument parsing for the CLI: declared flags only, a typed
 * `CliUsageError` (exit 2, one line) for anything else. Data over code: each
 * command declares its flags as a table.
 */
import { CardwireError, type CardwireErrorOptions, registerErrorCodes } from "../errors/index.js";

export const CliErrorCodes = registerErrorCodes("CliUsageError", {
  usage: "cli.usage",
  unknownCommand: "cli.unknown_command",
} as const);

export class CliUsageError extends CardwireError {
  constructor(
    message: string,
    options?: CardwireErrorOptions & { code?: (typeof CliErrorCodes)[keyof typeof CliErrorCodes] },
  ) {
    super(options?.code ?? CliErrorCodes.usage, "input", message, options);
  }
}

export interface FlagSpec {
  readonly name: string; // long name without dashes
  readonly short?: string;
  readonly type: "boolean" | "string" | "number";
  readonly description: string;
  /** For string flags: the allowed values. */
  readonly choices?: readonly string[];
  readonly default?: string | number | boolean;
}

export interface ParsedArgs {
  readonly flags: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly positionals: readonly string[];
}

export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const flags: Record<string, string | number | boolean | undefined> = {};
  for (const s of specs) if (s.default !== undefined) flags[s.name] = s.default;
  const positionals: string[] = [];
  const byName = new Map<string, FlagSpec>();
  for (const s of specs) {
    byName.set(`--${s.name}`, s);
    if (s.short) byName.set(`-${s.short}`, s);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const key = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = byName.get(key);
    if (!spec) throw new CliUsageError(`unknown option ${key}`);
    if (spec.type === "boolean") {
      if (eq > 0) throw new CliUsageError(`option --${spec.name} takes no value`);
      flags[spec.name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined) throw new CliUsageError(`option --${spec.name} needs a value`);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new CliUsageError(`option --${spec.name} must be one of ${spec.choices.join(", ")} (got "${value}")`);
    }
    if (spec.type === "number") {
      const n = Number(value);
      if (value.trim() === "" || !Number.isFinite(n))
        throw new CliUsageError(`option --${spec.name} needs a number (got "${value}")`);
      flags[spec.name] = n;
    } else flags[spec.name] = value;
  }
  return { flags, positionals };
}

/** Renders a command's `--help` text from its flag table. */
export function formatHelp(usage: string, summary: string, specs: readonly FlagSpec[]): string {
  const lines = [`usage: ${usage}`, "", summary, ""];
  if (specs.length > 0) {
    lines.push("options:");
    for (const s of specs) {
      const left = `${s.short ? `-${s.short}, ` : "    "}--${s.name}${s.type === "boolean" ? "" : ` <${s.choices ? s.choices.join("|") : s.type}>`}`;
      lines.push(`  ${left.padEnd(34)} ${s.description}${s.default !== undefined ? ` (default: ${s.default})` : ""}`);
    }
  }
  return lines.join("\n");
}
