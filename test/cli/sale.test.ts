import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqliteLedger } from "../../src/acquirer/ledger-sqlite.node.js";
import { type RunningSimulator, startAcquirerSimulator } from "../../src/acquirer/server.node.js";
import { runCli } from "../../src/cli/run.js";
import { fakeIO } from "./io.js";

const cwd = mkdtempSync(join(tmpdir(), "cardwire-cli-sale-"));
let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startAcquirerSimulator({});
});
afterAll(async () => {
  await sim.close();
  rmSync(cwd, { recursive: true, force: true });
});

const sale = (...args: string[]) => ["sale", "--port", String(sim.port), ...args];

describe("cardwire sale", () => {
  // Every run below gets its own DE 41 or a journal file: a fresh ':memory:' STAN
  // counter restarts at 000001, and the simulator would rightly answer a second
  // STAN 000001 from the same terminal in the same second as a duplicate.
  it("approves a test-card sale and keeps STANs in the journal file between runs", async () => {
    const a = fakeIO(cwd);
    expect(await runCli(sale("--amount", "5.00"), a)).toBe(0);
    expect(a.text()).toMatch(/^APPROVED 5\.00 USD auth code [0-9A-Z]{6} \(RRN \d{12}, STAN 000001\)$/m);
    const b = fakeIO(cwd);
    expect(await runCli(sale("--amount", "6.00", "--card", "amex"), b)).toBe(0);
    expect(b.text()).toMatch(/STAN 000002\)$/m);
    expect(b.text()).not.toMatch(/378282246310005/);
  });

  it("swipes a --track2 given on the command line", async () => {
    const io = fakeIO(cwd);
    expect(
      await runCli(
        sale("--track2", "4012888888881881=30121011000000000", "--journal", ":memory:", "--tid", "TRACK2"),
        io,
      ),
    ).toBe(0);
    expect(io.text()).toContain("401288******1881");
    expect(io.text()).not.toContain("4012888888881881");
  });

  it("a no-response amount times out, reverses, and exits 1", async () => {
    const io = fakeIO(cwd);
    expect(
      await runCli(sale("--amount", "7.68", "--timeout", "200", "--journal", ":memory:", "--tid", "NORESP"), io),
    ).toBe(1);
    expect(io.text()).toMatch(/^TIMEOUT 7\.68 USD: no response; reversal approved after 1 attempt\(s\)/m);
    const rows = await (sim.ledger as SqliteLedger).all();
    expect(rows.filter((r) => r.amountMinor === 768).map((r) => r.state)).toEqual(["reversed", "applied"]);
  });

  it("an unreachable host exits 1 with a one-line error result", async () => {
    const io = fakeIO(cwd);
    const code = await runCli(["sale", "--port", "1", "--journal", ":memory:"], io);
    expect(code).toBe(1);
    expect(io.text()).toMatch(/^ERROR 12\.34 USD: terminal\.connect: /m);
  });

  it.each([
    [["sale"], /--port/],
    [["sale", "--port", "70000"], /--port/],
    [["sale", "--port", "abc"], /needs a number/],
    [["sale", "--port", "9", "--amount", "1.2.3"], /--amount/],
    [["sale", "--port", "9", "--track2", "4111111111111112=3012101"], /--track2 is not a valid card/],
    [["sale", "--port", "9", "--card", "visa", "--track2", "4111111111111111=3012101"], /either --card or --track2/],
    [["sale", "--port", "9", "--tid", "WAY-TOO-LONG"], /DE 41/],
  ])("bad arguments %j → exit 2, one line", async (args, message) => {
    const io = fakeIO(cwd);
    expect(await runCli(args, io)).toBe(2);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(message);
    expect(io.err[0]).not.toMatch(/4111111111111112|4111111111111111/);
  });
});
