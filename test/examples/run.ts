/** Runs an example the way its README says (tsx from the repository root) and checks its output for card data. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { redactCardData, TEST_CARDS } from "../../src/card/index.js";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
const TSX = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `tsx <script> ...args` from the repo root; never rejects on a non-zero exit. */
export function runExample(script: string, args: readonly string[] = []): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(TSX, [script, ...args], { cwd: REPO, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
    });
  });
}

/** PANs the examples use besides TEST_CARDS (the simulator's BIN rules). */
const EXTRA_PANS = ["4000000000000002", "4000000000009995"];

/** No full PAN in the text: none of the known ones, and no Luhn-valid 13–19 digit run at all. */
export function expectNoFullPan(text: string): void {
  for (const pan of [...TEST_CARDS.map((c) => c.pan), ...EXTRA_PANS]) expect(text).not.toContain(pan);
  expect(redactCardData(text)).toBe(text);
}
