/**
 * A hardware test rig: runs a table of test cards through a reader and an
 * acquirer, prints a pass/fail table, and exits non-zero on any mismatch —
 * what a lab runs after flashing a reader or changing a host rule.
 *
 * Readers: the SimulatedReader for test-card, PAN and raw-track rows, the
 * audio-jack reader for `wav:` rows (the same decoder a phone's headset
 * jack feeds). Host: the acquirer simulator in-process, or `--acquirer`.
 *
 *   npx tsx examples/test-rig/main.ts
 *   npx tsx examples/test-rig/main.ts --cases my-cards.json --acquirer 127.0.0.1:5000
 *
 * Exit code: 0 all passed, 1 any mismatch, 2 bad arguments or case table.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  AudioJackReader,
  buildTrack1,
  buildTrack2,
  type Reader,
  type ReaderEvent,
  SimulatedReader,
  type SwipeInput,
  testCard,
  type TrackSelection,
} from "cardwire";
import {
  type CardEvent,
  collectCard,
  MemoryJournal,
  parseAmount,
  startAcquirerSimulator,
  TcpHostLink,
  Terminal,
  wavFileSource,
} from "cardwire/node";
import { DEFAULT_CASES, type RigCase, validateCases } from "./cases.js";

/** `wav:` paths in the default table are relative to the repository root. */
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface RowResult {
  readonly id: string;
  readonly reader: string;
  readonly card: string;
  readonly amount: string;
  readonly expect: string;
  readonly got: string;
  readonly pass: boolean;
}

/** What the simulated head reads for a `card` cell (wav rows are handled by the audio reader). */
function swipeInput(c: RigCase): SwipeInput {
  if (c.card.startsWith("track2:")) return { track2: c.card.slice("track2:".length) };
  if (c.card.startsWith("pan:")) {
    const fields = { pan: c.card.slice("pan:".length), expiry: "3012", serviceCode: "101" };
    return { track1: buildTrack1({ ...fields, name: "TEST/RIG" }), track2: buildTrack2(fields) };
  }
  return testCard(c.card);
}

/** One card from the reader this row names: a card event, or why there is none. */
async function collect(
  c: RigCase,
  sim: SimulatedReader,
): Promise<{ event?: CardEvent; outcome: string; reader: string }> {
  let failure: string | undefined;
  const onEvent = (e: ReaderEvent) => {
    if (e.type === "read_failed") failure = e.reason;
  };
  if (c.card.startsWith("wav:")) {
    const path = resolve(REPO_ROOT, c.card.slice("wav:".length));
    const reader: Reader = new AudioJackReader({ id: "audio-jack", source: () => wavFileSource(path) });
    try {
      const r = await collectCard(reader, { start: () => reader.connect(), onEvent, timeoutMs: 30_000 });
      return r.status === "card"
        ? { event: r.event, outcome: "card", reader: reader.id }
        : { outcome: "no_card", reader: reader.id };
    } finally {
      await reader.disconnect();
    }
  }
  // A refused swipe emits read_failed and nothing else: stop waiting as soon as the reader says so.
  const stop = new AbortController();
  const tracks: TrackSelection | undefined = c.tracks;
  const r = await collectCard(sim, {
    signal: stop.signal,
    onEvent,
    timeoutMs: 5_000,
    start: () => {
      if (!sim.swipe(swipeInput(c), tracks ? { tracks } : {}).ok) stop.abort();
    },
  });
  if (r.status === "card") return { event: r.event, outcome: "card", reader: sim.id };
  return { outcome: failure !== undefined ? "read_failed" : "no_card", reader: sim.id };
}

function table(rows: readonly RowResult[]): string {
  const head = ["case", "reader", "card", "amount", "expect", "got", "result"];
  const body = rows.map((r) => [r.id, r.reader, r.card, r.amount, r.expect, r.got, r.pass ? "PASS" : "FAIL"]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [fmt(head), fmt(widths.map((w) => "-".repeat(w))), ...body.map(fmt)].join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
  let cases: readonly RigCase[];
  let acquirer: { host: string; port: number } | undefined;
  let timeoutMs: number;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        cases: { type: "string" },
        acquirer: { type: "string" },
        timeout: { type: "string", default: "1500" },
      },
      strict: true,
    });
    cases = values.cases ? validateCases(JSON.parse(readFileSync(values.cases, "utf8"))) : DEFAULT_CASES;
    if (values.acquirer !== undefined) {
      const m = /^(.+):(\d{1,5})$/.exec(values.acquirer);
      if (!m) throw new Error(`--acquirer must be HOST:PORT, got "${values.acquirer}"`);
      acquirer = { host: m[1] as string, port: Number(m[2]) };
    }
    timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new Error("--timeout must be a whole number of ms");
  } catch (e) {
    console.error(`test-rig: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }

  const sim = acquirer ? undefined : await startAcquirerSimulator({ ledgerPath: ":memory:" });
  const host = acquirer ?? { host: sim!.host, port: sim!.port };
  const link = new TcpHostLink(host);
  // A short response timeout: the simulator answers in milliseconds, and the no-response row must not stall the run.
  const terminal = new Terminal({
    terminalId: "RIG00001",
    merchantId: "CARDWIRE RIG",
    link,
    journal: new MemoryJournal(),
    responseTimeoutMs: timeoutMs,
  });
  const reader = new SimulatedReader({ id: "rig-sim" });
  await reader.connect();
  const rows: RowResult[] = [];
  try {
    console.log(`acquirer ${host.host}:${host.port}${sim ? " (simulator)" : ""}, ${cases.length} cases`);
    for (const c of cases) {
      const amount = parseAmount(c.amount, c.currency ?? "USD");
      const { event, outcome, reader: readerId } = await collect(c, reader);
      let got = outcome;
      if (event) {
        const r = await terminal.sale(event, amount);
        got = r.status === "timeout" ? "timeout" : (r.responseCode ?? r.status);
      }
      const card = event?.card?.maskedPan ?? (c.card.startsWith("wav:") ? c.card.split("/").pop()! : "-");
      rows.push({ id: c.id, reader: readerId, card, amount: c.amount, expect: c.expect, got, pass: got === c.expect });
    }
  } finally {
    await reader.disconnect();
    terminal.close();
    await link.close();
    await sim?.close();
  }
  console.log(table(rows));
  const failed = rows.filter((r) => !r.pass);
  console.log(
    `${rows.length - failed.length}/${rows.length} passed${failed.length ? `; FAILED: ${failed.map((r) => r.id).join(", ")}` : ""}`,
  );
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
