/**
 * The transaction core end to end on loopback: Terminal → TCP host link →
 * acquirer simulator (rules, SQLite ledger) and back, with a SQLite journal.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SqliteLedger } from "../../src/acquirer/ledger-sqlite.node.js";
import { DEFAULT_RULES, type Rule } from "../../src/acquirer/rules.js";
import { type RunningSimulator, startAcquirerSimulator } from "../../src/acquirer/server.node.js";
import { amountOf } from "../../src/terminal/amount.js";
import { TcpHostLink } from "../../src/terminal/host-link-tcp.node.js";
import { SqliteJournal } from "../../src/terminal/journal-sqlite.node.js";
import { type MessageTrace, Terminal } from "../../src/terminal/terminal.js";
import { IDENTITY, rawSwipe, swipeOf } from "./fixtures.js";

let dir: string;
let sim: RunningSimulator;
let link: TcpHostLink;
let journal: SqliteJournal;
let terminal: Terminal;

function makeTerminal(responseTimeoutMs = 5000, reversalAttempts = 3): Terminal {
  return new Terminal({
    ...IDENTITY,
    link,
    journal,
    stanStore: journal,
    offsetMinutes: 0,
    responseTimeoutMs,
    reversalAttempts,
  });
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "cardwire-terminal-"));
  sim = await startAcquirerSimulator({ ledgerPath: join(dir, "ledger.sqlite") });
  link = new TcpHostLink({ host: sim.host, port: sim.port });
  journal = new SqliteJournal(join(dir, "journal.sqlite"));
  terminal = makeTerminal();
});

afterEach(async () => {
  terminal.close();
  await link.close();
  await sim.close();
  await journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const ledgerRows = () => (sim.ledger as SqliteLedger).all();

describe("Terminal over TCP to the simulator", () => {
  it("approves a sale: auth code, RRN, STAN, masked PAN, journal both legs", async () => {
    const traces: MessageTrace[] = [];
    terminal.onMessage((t) => traces.push(t));
    const r = await terminal.sale(swipeOf("visa"), amountOf(1234, "USD"));
    expect(r).toMatchObject({ kind: "sale", status: "approved", responseCode: "00", stan: "000001" });
    expect(r.authCode).toMatch(/^[0-9A-Z]{6}$/);
    expect(r.rrn).toMatch(/^\d{12}$/);
    expect(r.maskedPan).toBe("411111******1111");
    expect(traces.map((t) => `${t.direction} ${t.message.mti}`)).toEqual(["sent 0200", "received 0210"]);
    const entries = await journal.list();
    expect(entries.map((e) => e.event)).toEqual(["request", "response"]);
    expect(entries[1]).toMatchObject({ responseCode: "00", authCode: r.authCode });
    expect("maskedPan" in (entries[1] ?? {})).toBe(false);
    expect(entries[0]?.maskedPan).toBe("411111******1111");
    expect(await sim.totals()).toEqual([
      expect.objectContaining({ terminalId: "TERM0001", salesCount: 1, salesMinor: 1234 }),
    ]);
  });

  it.each([
    ["amount .05", swipeOf("visa"), 1005, "05"],
    ["amount .51", swipeOf("visa"), 51, "51"],
    ["expired card", swipeOf("visa-expired"), 1000, "54"],
    ["Luhn failure", rawSwipe("4111111111111112"), 1000, "14"],
    ["issuer down", swipeOf("mastercard"), 391, "91"],
  ] as const)("%s is a declined result, not a throw", async (_name, card, minor, code) => {
    const r = await terminal.sale(card, amountOf(minor, "USD"));
    expect(r.status).toBe("declined");
    expect(r.responseCode).toBe(code);
    expect(r.authCode).toBeUndefined();
  });

  it("a timeout sends a 0400 reversal that reverses the ledger entry", async () => {
    terminal = makeTerminal(300);
    const r = await terminal.sale(swipeOf("visa"), amountOf(1068, "USD"));
    expect(r.status).toBe("timeout");
    expect(r.reversal).toMatchObject({ status: "approved", attempts: 1, responseCode: "00", stan: "000002" });
    const rows = await ledgerRows();
    expect(rows.map((x) => [x.kind, x.state])).toEqual([
      ["sale", "reversed"],
      ["reversal", "applied"],
    ]);
    expect(rows[1]?.originalId).toBe(rows[0]?.id);
    expect(await sim.totals()).toEqual([]);
    const events = (await journal.list()).map((e) => `${e.event} ${e.mti}`);
    expect(events).toEqual(["request 0200", "timeout 0200", "request 0400", "response 0410"]);
  });

  async function restartSimulator(rules: readonly Rule[]): Promise<void> {
    await sim.close();
    await link.close();
    sim = await startAcquirerSimulator({ ledgerPath: join(dir, "ledger.sqlite"), rules });
    link = new TcpHostLink({ host: sim.host, port: sim.port });
  }

  it("repeats an unanswered reversal as 0401 with the same STAN and DE 7", async () => {
    await restartSimulator([
      {
        id: "drop-first-reversal",
        description: "0400 lost",
        when: { mtis: ["0400"] },
        outcome: { responseCode: "00", drop: true },
      },
      ...DEFAULT_RULES,
    ]);
    terminal = makeTerminal(200, 3);
    const r = await terminal.sale(swipeOf("visa"), amountOf(2068, "USD"));
    expect(r.status).toBe("timeout");
    expect(r.reversal).toMatchObject({ status: "approved", attempts: 2 });
    const sent = await journal.list({ event: "request" });
    expect(sent.map((e) => e.mti)).toEqual(["0200", "0400", "0401"]);
    expect(sent[2]?.stan).toBe(sent[1]?.stan);
    expect(sent[2]?.fields[7]).toBe(sent[1]?.fields[7]);
    expect((await ledgerRows())[0]?.state).toBe("reversed");
  });

  it("records a reversal unconfirmed when every attempt times out", async () => {
    await restartSimulator([
      {
        id: "drop-reversals",
        description: "host loses reversals",
        when: { mtis: ["0400", "0401"] },
        outcome: { responseCode: "00", drop: true },
      },
      ...DEFAULT_RULES,
    ]);
    terminal = makeTerminal(150, 3);
    const r = await terminal.sale(swipeOf("visa"), amountOf(3068, "USD"));
    expect(r).toMatchObject({ status: "timeout", reversal: { status: "unconfirmed", attempts: 3 } });
    expect((await journal.list({ event: "request" })).map((e) => e.mti)).toEqual(["0200", "0400", "0401", "0401"]);
    expect(await journal.list({ event: "reversal_unconfirmed" })).toHaveLength(1);
    expect((await ledgerRows()).map((x) => x.state)).toEqual(["posted"]);
  });

  it("out-of-order responses on one connection reach the right sale", async () => {
    // .97 is answered after 300 ms, so the later sales overtake it.
    const rs = await Promise.all([
      terminal.sale(swipeOf("visa"), amountOf(1097, "USD")),
      terminal.sale(swipeOf("mastercard"), amountOf(1005, "USD")),
      terminal.sale(swipeOf("visa-2"), amountOf(1000, "USD")),
    ]);
    expect(rs.map((r) => [r.amount?.minor, r.status, r.responseCode])).toEqual([
      [1097, "approved", "00"],
      [1005, "declined", "05"],
      [1000, "approved", "00"],
    ]);
    const responses = (await journal.list({ event: "response" })).map((e) => e.amountMinor);
    expect(responses[responses.length - 1]).toBe(1097);
  });

  it("void reverses an approved sale; refund and preauth/completion settle", async () => {
    const sale = await terminal.sale(swipeOf("visa"), amountOf(2000, "USD"));
    const v = await terminal.void(sale);
    expect(v).toMatchObject({ kind: "void", status: "approved", responseCode: "00" });
    const refund = await terminal.refund(swipeOf("visa"), amountOf(300, "USD"));
    expect(refund.status).toBe("approved");
    const pre = await terminal.preauth(swipeOf("visa"), amountOf(5000, "USD"));
    expect(pre.status).toBe("approved");
    const done = await terminal.completion(pre, amountOf(4500, "USD"));
    expect(done).toMatchObject({ kind: "completion", status: "approved", authCode: pre.authCode });
    expect(await sim.totals("TERM0001")).toEqual([
      {
        terminalId: "TERM0001",
        currency: "840",
        salesCount: 1,
        salesMinor: 4500,
        refundsCount: 1,
        refundsMinor: 300,
        netMinor: 4200,
      },
    ]);
    await expect(terminal.void(v)).rejects.toMatchObject({ code: "terminal.config" });
    await expect(terminal.completion(sale)).rejects.toMatchObject({ code: "terminal.config" });
  });

  it("echo test (0800 → 0810)", async () => {
    expect(await terminal.echo()).toMatchObject({ kind: "echo", status: "approved", responseCode: "00" });
  });

  it("an unreachable host is an error result and nothing is reversed", async () => {
    const port = sim.port;
    await sim.close();
    await link.close();
    link = new TcpHostLink({ host: "127.0.0.1", port, connectTimeoutMs: 1000 });
    terminal = makeTerminal();
    sim = await startAcquirerSimulator({});
    const r = await terminal.sale(swipeOf("visa"), amountOf(100, "USD"));
    expect(r.status).toBe("error");
    expect(r.error?.code).toBe("terminal.connect");
    expect(r.reversal).toBeUndefined();
    expect((await journal.list()).map((e) => e.event)).toEqual(["request", "link_error"]);
  });

  it("STANs persist in the journal file across terminals and restarts", async () => {
    journal.setLastStan("TERM0001", 999_998);
    const a = await terminal.sale(swipeOf("visa"), amountOf(100, "USD"));
    const b = await terminal.sale(swipeOf("visa"), amountOf(100, "USD"));
    expect([a.stan, b.stan]).toEqual(["999999", "000001"]);
    const path = journal.path;
    await journal.close();
    journal = new SqliteJournal(path);
    terminal.close();
    terminal = makeTerminal();
    expect((await terminal.sale(swipeOf("visa"), amountOf(100, "USD"))).stan).toBe("000002");
  });

  it("neither the journal file nor the ledger file ever holds a full PAN or track data", async () => {
    const cards = ["visa", "mastercard", "amex", "discover", "unionpay-19"].filter((id) => {
      try {
        swipeOf(id);
        return true;
      } catch {
        return false;
      }
    });
    expect(cards.length).toBeGreaterThanOrEqual(3);
    terminal = makeTerminal(300);
    for (const id of cards) {
      await terminal.sale(swipeOf(id), amountOf(1000, "USD"));
      await terminal.sale(swipeOf(id), amountOf(1068, "USD")); // timeout + reversal path too
    }
    await journal.close();
    await sim.close();
    for (const file of ["journal.sqlite", "ledger.sqlite"]) {
      // WAL content is checkpointed into the main file on close.
      const bytes = readFileSync(join(dir, file)).toString("latin1");
      expect(bytes).toContain("******");
      for (const id of cards) {
        const pan = swipeOf(id).card!.pan;
        expect(bytes.includes(pan), `${file} contains the ${id} PAN`).toBe(false);
        expect(bytes.includes(`${pan}=`)).toBe(false);
      }
    }
    // reopen for afterEach
    journal = new SqliteJournal(join(dir, "journal2.sqlite"));
    sim = await startAcquirerSimulator({});
  });
});
