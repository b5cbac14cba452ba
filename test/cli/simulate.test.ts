import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { fakeIO } from "./io.js";

const cwd = mkdtempSync(join(tmpdir(), "cardwire-cli-sim-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe("cardwire simulate", () => {
  it("listens, serves sales with masked logging, and stops on SIGTERM with settlement totals", async () => {
    const io = fakeIO(cwd);
    const done = runCli(["simulate", "--ledger", "ledger.sqlite"], io);
    await expect.poll(() => io.out.find((l) => l.includes("listening on"))).toBeDefined();
    const port = /127\.0\.0\.1:(\d+)/.exec(io.out[0] ?? "")?.[1];
    expect(port).toMatch(/^\d+$/);
    const client = fakeIO(cwd);
    // The default journal file keeps STANs apart across the two runs.
    expect(await runCli(["sale", "--port", port!, "--amount", "3.00"], client)).toBe(0);
    expect(await runCli(["sale", "--port", port!, "--amount", "3.05"], client)).toBe(1);
    process.emit("SIGTERM");
    expect(await done).toBe(0);
    const text = io.text();
    expect(text).toMatch(/← 0200 +STAN 000001 +TID CWDEMO01 +PAN 411111\*\*\*\*\*\*1111 +DE4 000000000300/);
    expect(text).toMatch(/→ 0210 .*DE39 00 +auth [0-9A-Z]{6}/);
    expect(text).toMatch(/→ 0210 .*DE39 05/);
    expect(text).toMatch(/SIGTERM: stopped/);
    expect(text).toMatch(/CWDEMO01: 1 sales 3\.00 USD, 0 refunds 0\.00 USD, net 3\.00 USD/);
    expect(text).not.toContain("4111111111111111");
  });

  it("rejects a bad port with exit 2", async () => {
    const io = fakeIO(cwd);
    expect(await runCli(["simulate", "--port", "-3"], io)).toBe(2);
    expect(io.err[0]).toMatch(/--port/);
  });
});
