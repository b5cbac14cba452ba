/**
 * `cardwire demo` (`npm run demo`): the product's main path with no setup.
 * Starts the acquirer simulator on 127.0.0.1 (ephemeral port, ledger in a
 * temp SQLite file), takes one swipe — by default the audio reader decoding
 * a WAV fixture of a test-card swipe, or the simulated reader — runs a sale
 * through the terminal as ISO 8583 over TCP, prints the request and response
 * (masked unless --reveal) and the outcome, then tears everything down: no
 * process, socket or file is left behind.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AudioJackReader } from "../../../drivers/audio/index.js";
import { wavFileSource } from "../../../drivers/audio/node.js";
import { SqliteLedger } from "../../acquirer/ledger-sqlite.node.js";
import { startAcquirerSimulator } from "../../acquirer/server.node.js";
import { formatAmount } from "../../terminal/amount.js";
import { wireCodec } from "../../terminal/codec.js";
import { collectCard } from "../../terminal/collect.js";
import { TcpHostLink } from "../../terminal/host-link-tcp.node.js";
import { SqliteJournal } from "../../terminal/journal-sqlite.node.js";
import type { CardEvent } from "../../terminal/request.js";
import { Terminal } from "../../terminal/terminal.js";
import { CliUsageError, type FlagSpec, parseArgs } from "../args.js";
import type { CliCommand, CliIO } from "../command.js";
import { amountFlag, CARD_CHOICES, type ParsedFlags, runSale, simulatedSwipe, TERMINAL_FLAGS } from "./sale.js";

/** The repository's fixtures folder, found from this file (src/cli/commands → ../../../fixtures). */
const FIXTURES = fileURLToPath(new URL("../../../fixtures/", import.meta.url));
/** A Visa test-card swipe (Track 1, 44.1 kHz 16-bit), see fixtures/audio/manifest.json. */
export const DEMO_WAV = "audio/visa-track1-44k1-s16.wav";

const FLAGS: readonly FlagSpec[] = [
  {
    name: "reader",
    type: "string",
    description: "where the swipe comes from",
    choices: ["audio", "simulated"],
    default: "audio",
  },
  { name: "wav", type: "string", description: "WAV file for --reader audio (default: the bundled test-card swipe)" },
  {
    name: "card",
    type: "string",
    description: "test card for --reader simulated",
    choices: CARD_CHOICES,
    default: "visa",
  },
  ...TERMINAL_FLAGS,
];

async function audioSwipe(io: CliIO, flags: ParsedFlags): Promise<CardEvent> {
  const path = typeof flags.wav === "string" ? resolve(io.cwd, flags.wav) : join(FIXTURES, DEMO_WAV);
  const reader = new AudioJackReader({ id: "audio-jack", source: () => wavFileSource(path) });
  try {
    const r = await collectCard(reader, { timeoutMs: 30_000, start: () => reader.connect() });
    if (r.status === "card") return r.event;
    const why = "lastFailure" in r && r.lastFailure ? `${r.lastFailure.reason}: ${r.lastFailure.hint}` : r.status;
    throw new CliUsageError(`no card decoded from ${path} (${why})`);
  } finally {
    await reader.disconnect();
  }
}

export const demoCommand: CliCommand = {
  name: "demo",
  summary: "swipe → terminal → ISO 8583 over TCP → acquirer simulator → approval, all local",
  usage: "cardwire demo [--reader audio|simulated] [--wav FILE] [--card visa|…] [--amount 12.34] [--reveal] [--json]",
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    const amount = amountFlag(flags);
    const timeout = Number(flags.timeout);
    if (!Number.isInteger(timeout) || timeout < 1)
      throw new CliUsageError("--timeout must be a positive whole number of ms");
    const text = flags.json !== true;
    const say = (line: string) => {
      if (text) io.stdout(line);
    };

    const card = flags.reader === "simulated" ? await simulatedSwipe(flags) : await audioSwipe(io, flags);
    say(`swipe: ${card.card?.maskedPan ?? "(no clear data)"} ${card.card?.brand ?? ""} via ${card.readerId}`.trimEnd());

    const dir = mkdtempSync(join(tmpdir(), "cardwire-demo-"));
    const ledgerPath = join(dir, "ledger.sqlite");
    const codec = wireCodec();
    const sim = await startAcquirerSimulator({ ledger: new SqliteLedger(ledgerPath), codec });
    const link = new TcpHostLink({ host: sim.host, port: sim.port, codec });
    const journal = new SqliteJournal(join(dir, "journal.sqlite"));
    let terminal: Terminal | undefined;
    try {
      say(`acquirer simulator on ${sim.host}:${sim.port} (ledger ${ledgerPath})`);
      terminal = new Terminal({
        terminalId: String(flags.tid),
        merchantId: String(flags.mid),
        link,
        journal,
        stanStore: journal,
        responseTimeoutMs: timeout,
      });
      say(`sale ${formatAmount(amount)} on terminal ${terminal.identity.terminalId}`);
      return await runSale(io, terminal, codec.spec, flags, card, amount, {
        reader: card.readerId,
        simulator: { host: sim.host, port: sim.port },
        maskedPan: card.card?.maskedPan,
      });
    } finally {
      terminal?.close();
      await link.close();
      await sim.close();
      await journal.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
