/**
 * `cardwire sale`: one card-present sale against an acquirer host over TCP
 * (the simulator from `cardwire simulate`, or any host speaking iso87ascii
 * with 2-byte length framing). The card is a public test card or a Track 2
 * given on the command line, swiped through the simulated reader so it takes
 * the same path as a real swipe.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SimulatedReader } from "../../../drivers/simulated/index.js";
import { toHex } from "../../bytes/index.js";
import { TEST_CARDS, testCard } from "../../card/index.js";
import { isCardwireError } from "../../errors/index.js";
import { describeMessage, type MessageSpec, messageToJSON } from "../../iso8583/index.js";
import { type Amount, formatAmount, parseAmount } from "../../terminal/amount.js";
import { wireCodec } from "../../terminal/codec.js";
import { collectCard } from "../../terminal/collect.js";
import { TcpHostLink } from "../../terminal/host-link-tcp.node.js";
import { SqliteJournal } from "../../terminal/journal-sqlite.node.js";
import type { CardEvent } from "../../terminal/request.js";
import { type MessageTrace, Terminal, type TransactionResult } from "../../terminal/terminal.js";
import { CliUsageError, type FlagSpec, parseArgs } from "../args.js";
import type { CliCommand, CliIO } from "../command.js";

/** Test-card ids usable with --card. */
export const CARD_CHOICES: readonly string[] = TEST_CARDS.map((c) => c.id);

export const TERMINAL_FLAGS: readonly FlagSpec[] = [
  { name: "amount", type: "string", description: "amount in major units, e.g. 12.34", default: "12.34" },
  { name: "currency", type: "string", description: "ISO 4217 currency code", default: "USD" },
  { name: "tid", type: "string", description: "terminal id (DE 41, up to 8 characters)", default: "CWDEMO01" },
  { name: "mid", type: "string", description: "merchant id (DE 42, up to 15 characters)", default: "CARDWIRE DEMO" },
  { name: "timeout", type: "number", description: "response timeout in ms before reversing", default: 10000 },
  { name: "reveal", type: "boolean", description: "print full card data (PAN, tracks) — never in logs" },
  { name: "json", type: "boolean", description: "print one JSON object instead of text" },
];

const FLAGS: readonly FlagSpec[] = [
  { name: "host", type: "string", description: "acquirer host", default: "127.0.0.1" },
  { name: "port", type: "number", description: "acquirer TCP port (required)" },
  { name: "card", type: "string", description: "public test card to swipe", choices: CARD_CHOICES, default: "visa" },
  { name: "track2", type: "string", description: "swipe this Track 2 instead of a test card (;PAN=YYMMSSS…?)" },
  {
    name: "journal",
    type: "string",
    description: "SQLite journal and STAN counter (':memory:' for none)",
    default: ".cardwire/terminal.sqlite",
  },
  ...TERMINAL_FLAGS,
];

/** --amount/--currency as an Amount, or a one-line usage error. */
export function amountFlag(flags: ParsedFlags): Amount {
  try {
    return parseAmount(String(flags.amount), String(flags.currency));
  } catch (e) {
    if (isCardwireError(e)) throw new CliUsageError(`--amount/--currency: ${e.message}`);
    throw e;
  }
}

export type ParsedFlags = Readonly<Record<string, string | number | boolean | undefined>>;

/** Prints each message as it goes by (masked unless --reveal) and collects them for --json. */
export function traceTo(io: CliIO, spec: MessageSpec, flags: ParsedFlags) {
  const reveal = flags.reveal === true;
  const messages: { direction: string; message: ReturnType<typeof messageToJSON> }[] = [];
  const listener = (t: MessageTrace) => {
    if (flags.json === true) {
      messages.push({ direction: t.direction, message: messageToJSON(spec, t.message, { reveal }) });
      return;
    }
    io.stdout(t.direction === "sent" ? `→ request to host` : `← response from host`);
    for (const line of describeMessage(spec, t.message, { reveal }).split("\n")) io.stdout(`  ${line}`);
  };
  return { listener, messages };
}

/** The outcome line: APPROVED / DECLINED / TIMEOUT / ERROR with the codes a person needs. */
export function outcomeLine(r: TransactionResult): string {
  const amount = r.amount ? ` ${formatAmount(r.amount)}` : "";
  const refs = `RRN ${r.rrn ?? "-"}, STAN ${r.stan}`;
  switch (r.status) {
    case "approved":
      return `APPROVED${amount} auth code ${r.authCode ?? "-"} (${refs})`;
    case "declined":
      return `DECLINED${amount} ${r.responseCode} ${r.responseText} (${refs})`;
    case "timeout":
      return `TIMEOUT${amount}: no response; reversal ${r.reversal?.status ?? "not sent"} after ${r.reversal?.attempts ?? 0} attempt(s) (${refs})`;
    default:
      return `ERROR${amount}: ${r.error ? `${r.error.code}: ` : ""}${r.responseText}`;
  }
}

/** A plain-data view of a result for --json (the error as its JSON form). */
export function resultJSON(r: TransactionResult): Record<string, unknown> {
  const { error, issuerAuthenticationData, ...rest } = r;
  return {
    ...rest,
    ...(error !== undefined && { error: error.toJSON() }),
    ...(issuerAuthenticationData !== undefined && { issuerAuthenticationData: toHex(issuerAuthenticationData) }),
  };
}

function track2Text(raw: string): string {
  let t = raw.trim();
  if (!t.startsWith(";")) t = `;${t}`;
  if (!t.endsWith("?")) t = `${t}?`;
  return t;
}

/** Swipes the chosen card through a simulated reader and returns the event. */
export async function simulatedSwipe(flags: ParsedFlags): Promise<CardEvent> {
  const reader = new SimulatedReader({ id: "sim-cli" });
  try {
    let failure: string | undefined;
    const stop = new AbortController();
    const r = await collectCard(reader, {
      timeoutMs: 5000,
      signal: stop.signal,
      start: async () => {
        await reader.connect();
        const input =
          typeof flags.track2 === "string" ? { track2: track2Text(flags.track2) } : testCard(String(flags.card));
        const res = reader.swipe(input);
        if (!res.ok) {
          failure = `${res.error.code}: ${res.error.message}`;
          stop.abort();
        }
      },
    });
    if (r.status === "card") return r.event;
    throw new CliUsageError(`--track2 is not a valid card: ${failure ?? r.status}`);
  } finally {
    await reader.disconnect();
  }
}

export function openJournal(io: CliIO, path: string): SqliteJournal {
  if (path === ":memory:") return new SqliteJournal(path);
  const full = resolve(io.cwd, path);
  mkdirSync(dirname(full), { recursive: true });
  return new SqliteJournal(full);
}

/** Runs one sale on `terminal` and prints it; returns the exit code (0 approved, 1 otherwise). */
export async function runSale(
  io: CliIO,
  terminal: Terminal,
  spec: MessageSpec,
  flags: ParsedFlags,
  card: CardEvent,
  amount: Amount,
  extra: Record<string, unknown> = {},
  /** Runs on the result before it is printed; its lines go under the outcome (or into the JSON as `notes`). */
  after?: (result: TransactionResult) => readonly string[],
): Promise<number> {
  const trace = traceTo(io, spec, flags);
  const off = terminal.onMessage(trace.listener);
  try {
    const result = await terminal.sale(card, amount);
    const notes = after?.(result) ?? [];
    if (flags.json === true) {
      io.stdout(
        JSON.stringify(
          { ...extra, messages: trace.messages, result: resultJSON(result), ...(notes.length > 0 && { notes }) },
          null,
          2,
        ),
      );
    } else {
      io.stdout(outcomeLine(result));
      for (const n of notes) io.stdout(n);
    }
    return result.status === "approved" ? 0 : 1;
  } finally {
    off();
  }
}

export const saleCommand: CliCommand = {
  name: "sale",
  summary: "run one card-present sale against an acquirer host over TCP",
  usage:
    "cardwire sale --port P [--host H] --amount 12.34 [--currency USD] [--card visa|… | --track2 ;…?] [--reveal] [--json]",
  flags: FLAGS,
  async run(argv, io) {
    const { flags, positionals } = parseArgs(argv, FLAGS);
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    const port = flags.port;
    if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
      throw new CliUsageError("--port must be a TCP port 1–65535");
    }
    const timeout = Number(flags.timeout);
    if (!Number.isInteger(timeout) || timeout < 1)
      throw new CliUsageError("--timeout must be a positive whole number of ms");
    const amount = amountFlag(flags);
    if (flags.track2 !== undefined && argv.some((a) => a === "--card" || a.startsWith("--card="))) {
      throw new CliUsageError("give either --card or --track2, not both");
    }
    const card = await simulatedSwipe(flags);
    const codec = wireCodec();
    const link = new TcpHostLink({ host: String(flags.host), port, codec });
    const journal = openJournal(io, String(flags.journal));
    let terminal: Terminal | undefined;
    try {
      terminal = new Terminal({
        terminalId: String(flags.tid),
        merchantId: String(flags.mid),
        link,
        journal,
        stanStore: journal,
        responseTimeoutMs: timeout,
      });
      return await runSale(io, terminal, codec.spec, flags, card, amount);
    } catch (e) {
      if (isCardwireError(e) && e.category === "config") throw new CliUsageError(e.message);
      throw e;
    } finally {
      terminal?.close();
      await link.close();
      await journal.close();
    }
  },
};
