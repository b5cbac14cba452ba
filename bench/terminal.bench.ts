// Sales per second through the whole local path: Terminal → TCP host link (127.0.0.1) →
// acquirer simulator (rules) → SQLite ledger (file, WAL) → response, plus the SQLite journal.
// Sequential (one sale in flight) and pipelined (16 in flight on one connection). Bounded by
// both a sale count and a wall-clock budget.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAcquirerSimulator } from "../src/acquirer/server.node.js";
import { cardFromTracks, testCard, testCardTracks } from "../src/card/index.js";
import type { SwipeEvent } from "../src/reader/index.js";
import { amountOf } from "../src/terminal/amount.js";
import { TcpHostLink } from "../src/terminal/host-link-tcp.node.js";
import { SqliteJournal } from "../src/terminal/journal-sqlite.node.js";
import { Terminal } from "../src/terminal/terminal.js";
import { round } from "./util.js";

const MAX_SALES = 3000;
const BUDGET_MS = 2000;

export default async function bench() {
  const dir = mkdtempSync(join(tmpdir(), "cardwire-bench-"));
  const sim = await startAcquirerSimulator({ ledgerPath: join(dir, "ledger.sqlite") });
  const link = new TcpHostLink({ host: sim.host, port: sim.port });
  const journal = new SqliteJournal(join(dir, "journal.sqlite"));
  const terminal = new Terminal({
    terminalId: "BENCH001",
    merchantId: "BENCH",
    link,
    journal,
    stanStore: journal,
    responseTimeoutMs: 10_000,
  });
  const tracks = testCardTracks(testCard("visa"));
  const swipe: SwipeEvent = { type: "swipe", readerId: "bench", at: 0, tracks, card: cardFromTracks(tracks) };
  const amount = amountOf(1000, "USD");
  try {
    for (let i = 0; i < 50; i++) await terminal.sale(swipe, amount); // warm-up: connection, JIT, statements

    const seq = { sales: 0, approved: 0 };
    let start = performance.now();
    while (seq.sales < MAX_SALES && performance.now() - start < BUDGET_MS) {
      const r = await terminal.sale(swipe, amount);
      seq.sales++;
      if (r.status === "approved") seq.approved++;
    }
    const seqMs = performance.now() - start;

    const par = { sales: 0, approved: 0 };
    const inFlight = 16;
    start = performance.now();
    const worker = async () => {
      while (par.sales < MAX_SALES && performance.now() - start < BUDGET_MS) {
        par.sales++;
        const r = await terminal.sale(swipe, amount);
        if (r.status === "approved") par.approved++;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    const parMs = performance.now() - start;

    return {
      sequentialSalesPerSec: round((seq.sales * 1000) / seqMs, 0),
      sequentialMeanLatencyMs: round(seqMs / seq.sales, 3),
      sequentialSales: seq.sales,
      sequentialApproved: seq.approved,
      pipelined16SalesPerSec: round((par.sales * 1000) / parMs, 0),
      pipelinedSales: par.sales,
      pipelinedApproved: par.approved,
    };
  } finally {
    terminal.close();
    await link.close();
    await sim.close();
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
