/**
 * The CLI's commands as a table: name, one-line summary, and a lazy loader so
 * `cardwire --help` starts fast and a command's dependencies load only when used.
 * Add a command by adding a row.
 */
import type { CliCommand } from "./command.js";

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<CliCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [];
