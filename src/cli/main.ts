/** The `cardwire` binary: wires the in-process CLI to the real process. */
import { runCli } from "./run.js";

runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  cwd: process.cwd(),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`cardwire: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 70; // EX_SOFTWARE (sysexits.h)
  },
);
