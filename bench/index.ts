/**
 * `npm run bench`: runs every bench/*.bench.ts and prints ONE JSON object,
 * keyed by bench name. Each bench measures cardwire and, where the issue names
 * a peer, the peer in the same run. Targets live here, never in timed tests.
 *
 *   npm run bench                # all benches
 *   npm run bench -- iso8583     # only benches whose name contains "iso8583"
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export type BenchResult = Record<string, unknown>;

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

const out: Record<string, unknown> = {
  node: process.version,
  arch: process.arch,
  date: new Date().toISOString(),
};
for (const f of files) {
  const mod = (await import(join(here, f))) as { default: () => Promise<BenchResult> };
  out[f.replace(/\.bench\.ts$/, "")] = await mod.default();
}
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
