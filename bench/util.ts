import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The repository root (bench/..). */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Shared timing helpers for benches: measure ops/s over a fixed wall-clock budget. */
export function opsPerSecond(fn: () => void, budgetMs = 1000, warmupMs = 200): { opsPerSec: number; runs: number } {
  const warmEnd = performance.now() + warmupMs;
  while (performance.now() < warmEnd) fn();
  let runs = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    for (let i = 0; i < 64; i++) fn();
    runs += 64;
    now = performance.now();
  }
  return { opsPerSec: Math.round((runs * 1000) / (now - start)), runs };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Bundles `source` (TypeScript, imports resolved from the repository root) with esbuild into
 * `.tmp/<name>.mjs` and returns that path: what a user's built code runs, for plain node, without
 * the tsx loader's per-function name wrappers in the hot paths.
 */
export async function bundleForNode(name: string, source: { contents: string } | { entry: string }): Promise<string> {
  const out = join(root, ".tmp", `${name}.mjs`);
  mkdirSync(dirname(out), { recursive: true });
  await build({
    ...("entry" in source
      ? { entryPoints: [source.entry] }
      : { stdin: { contents: source.contents, resolveDir: root, sourcefile: `${name}.ts`, loader: "ts" as const } }),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: out,
    // Peers stay what npm installed: loaded from node_modules as their users load them.
    external: ["iso_8583"],
    logLevel: "error",
  });
  return out;
}

/** `taskset -c <last core>` where util-linux has it (Linux), so a child runs on one core; else nothing. */
export const ONE_CORE: readonly string[] = (() => {
  const core = availableParallelism() - 1;
  const probe = spawnSync("taskset", ["-c", String(core), "true"], { stdio: "ignore" });
  return probe.status === 0 ? ["taskset", "-c", String(core)] : [];
})();

/** Runs a bundle from `bundleForNode` in a fresh plain-node process (optionally pinned); its stdout is JSON. */
export function runChild(
  path: string,
  args: readonly string[] = [],
  pin: readonly string[] = [],
): Record<string, unknown> {
  const argv = [...pin, process.execPath, path, ...args];
  const r = spawnSync(argv[0] as string, argv.slice(1), { encoding: "utf8", maxBuffer: 1 << 20, env: {} });
  if (r.status !== 0) throw new Error(`${relative(root, path)} exited ${r.status}: ${r.stderr.slice(0, 400)}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}
