/** A fake CliIO that records output, for in-process CLI tests. */
import type { CliIO } from "../../src/cli/command.js";

export function fakeIO(cwd: string): CliIO & { out: string[]; err: string[]; text(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    cwd,
    env: {},
    text: () => [...out, ...err].join("\n"),
  };
}
