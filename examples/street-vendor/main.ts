/**
 * A street vendor's checkout: one reader, one sale, one receipt.
 *
 * What a vendor's app does, end to end, with the public API only:
 *   1. reach an acquirer — a host given with --acquirer, or the SDK's
 *      acquirer simulator started on loopback for the length of the sale;
 *   2. collect a card from a reader — the audio-jack head decoding a WAV
 *      recording of a swipe (--wav), or the SimulatedReader (--card);
 *   3. run the sale as ISO 8583 over TCP and print the receipt, PAN masked.
 *
 * Exit code: 0 approved, 1 declined/timeout/error or no card, 2 bad arguments.
 *
 *   npx tsx examples/street-vendor/main.ts --amount 4.50
 *   npx tsx examples/street-vendor/main.ts --wav fixtures/audio/visa-track1-44k1-s16.wav
 */
import { parseArgs } from "node:util";
import { AudioJackReader, type Reader, SimulatedReader, testCard } from "cardwire";
import {
  type Amount,
  type CardEvent,
  collectCard,
  formatAmount,
  MemoryJournal,
  parseAmount,
  startAcquirerSimulator,
  TcpHostLink,
  Terminal,
  type TransactionResult,
  wavFileSource,
} from "cardwire/node";

const USAGE =
  "usage: street-vendor [--amount 4.50] [--currency USD] [--card visa | --wav FILE] [--acquirer HOST:PORT] [--tid ID] [--mid NAME]";

interface Options {
  readonly amount: Amount;
  readonly card: string;
  readonly wav?: string;
  readonly acquirer?: { readonly host: string; readonly port: number };
  readonly terminalId: string;
  readonly merchantId: string;
}

function options(argv: readonly string[]): Options {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      amount: { type: "string", default: "4.50" },
      currency: { type: "string", default: "USD" },
      card: { type: "string", default: "visa" },
      wav: { type: "string" },
      acquirer: { type: "string" },
      tid: { type: "string", default: "VENDOR01" },
      mid: { type: "string", default: "TACO CART 7" },
    },
    strict: true,
  });
  let acquirer: Options["acquirer"];
  if (values.acquirer !== undefined) {
    const m = /^(.+):(\d{1,5})$/.exec(values.acquirer);
    if (!m) throw new Error(`--acquirer must be HOST:PORT, got "${values.acquirer}"`);
    acquirer = { host: m[1] as string, port: Number(m[2]) };
  }
  testCard(values.card); // an unknown id throws card.unknown here, before any I/O
  return {
    amount: parseAmount(values.amount, values.currency),
    card: values.card,
    ...(values.wav !== undefined && { wav: values.wav }),
    ...(acquirer !== undefined && { acquirer }),
    terminalId: values.tid,
    merchantId: values.mid,
  };
}

/** The reader the vendor has plugged in, and what to do once it is listening. */
function readerFor(opts: Options): { reader: Reader; start: () => Promise<void> } {
  if (opts.wav !== undefined) {
    const path = opts.wav;
    // A factory, not a source: the reader may reconnect, and a source is consumed by one connection.
    const reader = new AudioJackReader({ id: "audio-jack", source: () => wavFileSource(path) });
    return { reader, start: () => reader.connect() };
  }
  const reader = new SimulatedReader({ id: "card-reader" });
  return {
    reader,
    start: async () => {
      await reader.connect();
      reader.swipe(testCard(opts.card));
    },
  };
}

async function takeCard(opts: Options): Promise<CardEvent | undefined> {
  const { reader, start } = readerFor(opts);
  try {
    const r = await collectCard(reader, {
      timeoutMs: 30_000,
      start,
      onEvent: (e) => {
        if (e.type === "status" && e.prompt) console.log(`reader: ${e.prompt}`);
        if (e.type === "read_failed") console.log(`reader: ${e.hint}`);
      },
    });
    if (r.status === "card") return r.event;
    const why = "lastFailure" in r && r.lastFailure ? ` (${r.lastFailure.hint})` : "";
    console.log(`no card: ${r.status}${why}`);
    return undefined;
  } finally {
    await reader.disconnect();
  }
}

function receipt(opts: Options, event: CardEvent, r: TransactionResult): string {
  const card = event.card;
  const line = "-".repeat(36);
  const row = (k: string, v: string) => `${k.padEnd(12)}${v}`;
  const verdict = r.status === "approved" ? "APPROVED" : r.status === "declined" ? "DECLINED" : r.status.toUpperCase();
  return [
    line,
    opts.merchantId,
    row("Terminal", r.terminalId),
    row("Date", new Date().toISOString().slice(0, 19).replace("T", " ")),
    row("Card", `${(card?.brand ?? "card").toUpperCase()} ${r.maskedPan ?? card?.maskedPan ?? ""}`),
    row("Entry", event.type === "swipe" ? `swiped (${event.readerId})` : event.type),
    row("SALE", formatAmount(opts.amount)),
    line,
    row(verdict, `${r.responseCode ?? "--"} ${r.responseText}`),
    row("Auth code", r.authCode ?? "-"),
    row("RRN", r.rrn ?? "-"),
    row("STAN", r.stan),
    line,
  ].join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
  let opts: Options;
  try {
    opts = options(argv);
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return 2;
  }

  const event = await takeCard(opts);
  if (!event) return 1;
  console.log(`card: ${event.card?.brand ?? "?"} ${event.card?.maskedPan ?? "(encrypted)"}`);

  // No --acquirer: run the simulator here, ledger in memory, gone when the sale is done.
  const sim = opts.acquirer ? undefined : await startAcquirerSimulator({ ledgerPath: ":memory:" });
  const host = opts.acquirer ?? { host: sim!.host, port: sim!.port };
  const link = new TcpHostLink(host);
  const terminal = new Terminal({
    terminalId: opts.terminalId,
    merchantId: opts.merchantId,
    link,
    journal: new MemoryJournal(),
    responseTimeoutMs: 10_000,
  });
  try {
    console.log(`acquirer: ${host.host}:${host.port}${sim ? " (simulator)" : ""}`);
    const result = await terminal.sale(event, opts.amount);
    console.log(receipt(opts, event, result));
    return result.status === "approved" ? 0 : 1;
  } finally {
    terminal.close();
    await link.close();
    await sim?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
