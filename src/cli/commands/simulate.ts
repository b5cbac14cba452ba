/**
 * `cardwire simulate`: the acquirer simulator in the foreground on
 * 127.0.0.1 until SIGINT or SIGTERM. Prints the port, one masked line per
 * message, and the settlement totals on the way out.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { formatAmount, CURRENCIES, type CurrencyCode } from "../../terminal/amount.js";
import { maskPan } from "../../card/index.js";
import type { IsoMessage } from "../../iso8583/index.js";
import { SqliteLedger } from "../../acquirer/ledger-sqlite.node.js";
import { type SimulatorEvent, startAcquirerSimulator } from "../../acquirer/server.node.js";
import { CliUsageError, type FlagSpec, parseArgs } from "../args.js";
import type { CliCommand } from "../command.js";

const FLAGS: readonly FlagSpec[] = [
  { name: "port", type: "number", description: "TCP port (0 = any free port)", default: 0 },
  { name: "host", type: "string", description: "address to listen on", default: "127.0.0.1" },
  {
    name: "ledger",
    type: "string",
    description: "SQLite ledger file (':memory:' for none)",
    default: ".cardwire/ledger.sqlite",
  },
  { name: "quiet", short: "q", type: "boolean", description: "do not print each message" },
];

/** One line per message: MTI, STAN, TID, masked PAN, amount, response code. Never a full PAN. */
export function summarize(m: IsoMessage): string {
  const f = (de: number) => {
    const v = m.fields[de];
    return typeof v === "string" ? v : undefined;
  };
  const pan = f(2) ?? f(35)?.split(/[=D]/)[0];
  const parts = [
    m.mti,
    `STAN ${f(11) ?? "-"}`,
    `TID ${(f(41) ?? "-").trim()}`,
    ...(pan !== undefined ? [`PAN ${maskPan(pan)}`] : []),
    ...(f(4) !== undefined ? [`DE4 ${f(4)}`] : []),
    ...(f(39) !== undefined ? [`DE39 ${f(39)}`] : []),
    ...(f(38) !== undefined ? [`auth ${f(38)}`] : []),
  ];
  return parts.join("  ");
}

/** Resolves on the first SIGINT or SIGTERM (injectable for tests). */
export function untilSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    const stop = (sig: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolveSignal(sig);
    };
    const onInt = () => stop("SIGINT");
    const onTerm = () => stop("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
}

const byNumeric = new Map<string, CurrencyCode>(CURRENCIES.map((c) => [c.numeric, c.alpha]));

export const simulateCommand: CliCommand = {
  name: "simulate",
  summary: "run the acquirer simulator (ISO 8583 over TCP, SQLite ledger) until Ctrl-C",
  usage: "cardwire simulate [--port N] [--host 127.0.0.1] [--ledger FILE] [--quiet]",
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    const port = flags.port;
    if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliUsageError("--port must be 0–65535");
    }
    const ledgerFlag = String(flags.ledger);
    const ledgerPath = ledgerFlag === ":memory:" ? ledgerFlag : resolve(io.cwd, ledgerFlag);
    if (ledgerPath !== ":memory:") mkdirSync(dirname(ledgerPath), { recursive: true });
    const onEvent = (e: SimulatorEvent) => {
      if (flags.quiet === true) return;
      const arrow = { received: "←", sent: "→", withheld: "×", undecodable: "!" }[e.direction];
      io.stdout(`${arrow} ${e.message ? summarize(e.message) : ""}${e.note ? `  (${e.note})` : ""}`.trim());
    };
    const stopped = untilSignal();
    const sim = await startAcquirerSimulator({
      port,
      host: String(flags.host),
      ledger: new SqliteLedger(ledgerPath),
      onEvent,
    });
    io.stdout(`acquirer simulator listening on ${sim.host}:${sim.port} (ledger ${ledgerPath}); Ctrl-C to stop`);
    const sig = await stopped;
    const totals = await sim.totals();
    await sim.close();
    io.stdout(`${sig}: stopped. Settlement totals:`);
    if (totals.length === 0) io.stdout("  (no posted transactions)");
    for (const t of totals) {
      const cur = byNumeric.get(t.currency);
      const money = (minor: number) =>
        cur
          ? `${minor < 0 ? "-" : ""}${formatAmount({ minor: Math.abs(minor), currency: cur })}`
          : `${minor} (${t.currency})`;
      io.stdout(
        `  ${t.terminalId}: ${t.salesCount} sales ${money(t.salesMinor)}, ${t.refundsCount} refunds ${money(t.refundsMinor)}, net ${money(t.netMinor)}`,
      );
    }
    return 0;
  },
};
