/**
 * `npm run demo` as a user runs it: a real child process (`npx tsx
 * src/cli/main.ts demo`). It must approve, exit 0 by itself (so no socket,
 * timer or child keeps the event loop alive) and never print a full PAN.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../../", import.meta.url));

function run(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("npx", ["tsx", "src/cli/main.ts", ...args], { cwd: repo, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe("npm run demo (child process)", () => {
  it("approves, exits 0 on its own, prints no full PAN", async () => {
    const r = await run(["demo"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^APPROVED 12\.34 USD auth code [0-9A-Z]{6} /m);
    expect(r.stdout).toMatch(/MTI 0200[\s\S]*MTI 0210/);
    expect(r.stdout).toContain("411111******1111");
    expect(r.stdout + r.stderr).not.toContain("4111111111111111");
  });
});
