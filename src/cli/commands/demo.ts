/**
 * `cardwire demo` (`npm run demo`): the product's main path with no setup.
 * Starts the acquirer simulator on 127.0.0.1 (ephemeral port, ledger in a
 * temp SQLite file), takes one swipe — by default the audio reader decoding
 * a WAV fixture of a test-card swipe, or the simulated reader — runs a sale
 * through the terminal as ISO 8583 over TCP, prints the request and response
 * (masked unless --reveal) and the outcome, then tears everything down: no
 * process, socket or file is left behind.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AudioError, AudioErrorCodes, AudioJackReader } from "../../../drivers/audio/index.js";
import { wavFileSource } from "../../../drivers/audio/node.js";
import { SimulatedEmvCard } from "../../../drivers/simulated/emv-card.node.js";
import { SimulatedReader } from "../../../drivers/simulated/reader.js";
import { SimulatedSecureHead } from "../../../drivers/simulated/secure-head.node.js";
import { SqliteLedger } from "../../acquirer/ledger-sqlite.node.js";
import { TEST_BDKS, TEST_ISSUER_KEYS } from "../../acquirer/test-keys.js";
import { fromHex, toHex } from "../../bytes/index.js";
import { testCard } from "../../card/index.js";
import type { ReaderEvent } from "../../reader/index.js";
import { startAcquirerSimulator } from "../../acquirer/server.node.js";
import { type Amount, currencyInfo, formatAmount } from "../../terminal/amount.js";
import { wireCodec } from "../../terminal/codec.js";
import { collectCard } from "../../terminal/collect.js";
import { TcpHostLink } from "../../terminal/host-link-tcp.node.js";
import { SqliteJournal } from "../../terminal/journal-sqlite.node.js";
import type { CardEvent } from "../../terminal/request.js";
import { Terminal, type TransactionResult } from "../../terminal/terminal.js";
import { CliUsageError, type FlagSpec, parseArgs } from "../args.js";
import type { CliCommand, CliIO } from "../command.js";
import { amountFlag, CARD_CHOICES, type ParsedFlags, runSale, simulatedSwipe, TERMINAL_FLAGS } from "./sale.js";

/** A Visa test-card swipe (Track 1, 44.1 kHz 16-bit), see fixtures/audio/manifest.json. */
export const DEMO_WAV = "audio/visa-track1-44k1-s16.wav";

/**
 * The cardwire package root: the nearest directory at or above `from` whose
 * package.json says `"name": "cardwire"`. A path relative to this file breaks
 * once tsup bundles it into dist/cli.js (one level below the root, not three),
 * while the package ships `fixtures/` at its root in every layout (package.json
 * "files"). Undefined when no such directory exists.
 */
export function findPackageRoot(from: string | URL): string | undefined {
  let dir = dirname(typeof from === "string" ? from : fileURLToPath(from));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
      if (pkg.name === "cardwire") return dir;
    } catch {
      // no (readable) package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `fixtures/<relative>` under the package root found from `from`; a missing root is an `audio.wav_file` error. */
export function fixturePath(relative: string, from: string | URL = import.meta.url): string {
  const root = findPackageRoot(from);
  if (root === undefined) {
    const start = typeof from === "string" ? from : fileURLToPath(from);
    throw new AudioError(
      AudioErrorCodes.wavFile,
      `cannot find fixtures/${relative}: no package.json with "name": "cardwire" at or above ${JSON.stringify(dirname(start))}`,
      { field: "path" },
    );
  }
  return join(root, "fixtures", relative);
}

const FLAGS: readonly FlagSpec[] = [
  {
    name: "reader",
    type: "string",
    description: "where the swipe comes from",
    choices: ["audio", "simulated", "chip", "secure-swipe"],
    default: "audio",
  },
  { name: "wav", type: "string", description: "WAV file for --reader audio (default: the bundled test-card swipe)" },
  {
    name: "card",
    type: "string",
    description: "test card for --reader simulated|chip|secure-swipe",
    choices: CARD_CHOICES,
    default: "visa",
  },
  ...TERMINAL_FLAGS,
];

async function audioSwipe(io: CliIO, flags: ParsedFlags): Promise<CardEvent> {
  const path = typeof flags.wav === "string" ? resolve(io.cwd, flags.wav) : fixturePath(DEMO_WAV);
  // Open the file before the reader: a missing or unreadable WAV is an
  // `audio.wav_file` error naming the path (exit 1), not a reader that ends
  // without a card.
  const source = await wavFileSource(path);
  const reader = new AudioJackReader({ id: "audio-jack", source });
  try {
    const r = await collectCard(reader, { timeoutMs: 30_000, start: () => reader.connect() });
    if (r.status === "card") return r.event;
    const why = "lastFailure" in r && r.lastFailure ? `${r.lastFailure.reason}: ${r.lastFailure.hint}` : r.status;
    throw new CliUsageError(`no card decoded from ${path} (${why})`);
  } finally {
    await reader.disconnect();
  }
}

/** One event from a simulated reader driven by `act` (a chip insert or a secure swipe). */
async function simulatedEvent(act: (reader: SimulatedReader) => void): Promise<CardEvent> {
  const reader = new SimulatedReader({ id: "sim-cli" });
  const events: ReaderEvent[] = [];
  const off = reader.on("*", (e) => events.push(e));
  try {
    await reader.connect();
    act(reader);
  } finally {
    off();
    await reader.disconnect();
  }
  const card = events.find((e): e is CardEvent => e.type === "swipe" || e.type === "chip");
  if (card) return card;
  const failed = events.find((e) => e.type === "read_failed");
  throw new CliUsageError(`the simulated reader produced no card${failed ? ` (${failed.type})` : ""}`);
}

/**
 * A chip card personalised with its issuer's TEST key from the simulator's
 * table (so the simulator can verify its ARQC); a card whose BIN has no row
 * gets the first test key and the simulator leaves its ARQC unchecked.
 */
function demoChipCard(id: string): SimulatedEmvCard {
  const card = testCard(id);
  const row =
    [...TEST_ISSUER_KEYS]
      .sort((a, b) => b.panPrefix.length - a.panPrefix.length)
      .find((k) => card.pan.startsWith(k.panPrefix)) ?? TEST_ISSUER_KEYS[0];
  const imk = fromHex(row.imkAc);
  try {
    return new SimulatedEmvCard({ card, issuerMasterKey: imk, profile: row.profile });
  } finally {
    imk.fill(0);
  }
}

async function cardFor(io: CliIO, flags: ParsedFlags, amount: Amount) {
  const id = String(flags.card);
  if (flags.reader === "chip") {
    const icc = demoChipCard(id);
    const event = await simulatedEvent((r) => {
      r.insert(icc, { amountMinor: amount.minor, currency: currencyInfo(amount.currency).numeric });
    });
    // The terminal cannot check the ARPC; the card does (EXTERNAL AUTHENTICATE).
    const after = (r: TransactionResult): string[] => {
      if (r.issuerAuthenticationData === undefined) return ["card: no issuer authentication data (tag 91) to check"];
      const ok = icc.externalAuthenticate(r.issuerAuthenticationData, r.responseCode);
      return [`card: ARPC ${ok ? "verified" : "REJECTED"} (EXTERNAL AUTHENTICATE, ${icc.profile})`];
    };
    return { event, after };
  }
  if (flags.reader === "secure-swipe") {
    const bdk = fromHex(TEST_BDKS[0].bdk);
    try {
      const head = new SimulatedSecureHead({ bdk });
      return { event: await simulatedEvent((r) => void r.swipeSecure(head, testCard(id))) };
    } finally {
      bdk.fill(0);
    }
  }
  return { event: flags.reader === "simulated" ? await simulatedSwipe(flags) : await audioSwipe(io, flags) };
}

export const demoCommand: CliCommand = {
  name: "demo",
  summary: "swipe → terminal → ISO 8583 over TCP → acquirer simulator → approval, all local",
  usage:
    "cardwire demo [--reader audio|simulated|chip|secure-swipe] [--wav FILE] [--card visa|…] [--amount 12.34] [--reveal] [--json]",
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

    const { event: card, after } = await cardFor(io, flags, amount);
    const shown =
      card.card?.maskedPan ?? (card.encrypted ? `encrypted (KSN ${toHex(card.encrypted.ksn)})` : "(no clear data)");
    say(`${card.type}: ${[shown, card.card?.brand, "via", card.readerId].filter(Boolean).join(" ")}`);

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
      return await runSale(
        io,
        terminal,
        codec.spec,
        flags,
        card,
        amount,
        {
          reader: card.readerId,
          simulator: { host: sim.host, port: sim.port },
          maskedPan: card.card?.maskedPan,
        },
        after,
      );
    } finally {
      terminal?.close();
      await link.close();
      await sim.close();
      await journal.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
