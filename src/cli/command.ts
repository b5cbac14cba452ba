import type { FlagSpec } from "./args.js";

/** What a command can touch: injected so tests can run commands in-process. */
export interface CliIO {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  /** Returns the process exit code. Throws CliUsageError for bad arguments. */
  run(argv: readonly string[], io: CliIO): Promise<number>;
}

/** Flags every command accepts. */
export const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: "help", short: "h", type: "boolean", description: "show this help" },
];
