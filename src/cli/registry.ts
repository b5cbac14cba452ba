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

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "decode",
    summary: "decode card swipes from audio-jack reader recordings (WAV)",
    load: async () => (await import("./commands/decode.js")).decodeCommand,
  },
  {
    name: "demo",
    summary: "swipe → terminal → ISO 8583 over TCP → acquirer simulator → approval, all local",
    load: async () => (await import("./commands/demo.js")).demoCommand,
  },
  {
    name: "simulate",
    summary: "run the acquirer simulator (ISO 8583 over TCP, SQLite ledger) until Ctrl-C",
    load: async () => (await import("./commands/simulate.js")).simulateCommand,
  },
  {
    name: "sale",
    summary: "run one card-present sale against an acquirer host over TCP",
    load: async () => (await import("./commands/sale.js")).saleCommand,
  },
  {
    name: "iso",
    summary: "decode, encode and list ISO 8583 messages and specs",
    load: async () => (await import("./commands/iso.js")).command,
  },
];
