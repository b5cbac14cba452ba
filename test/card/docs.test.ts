/**
 * docs/card-and-reader.md promises its examples run: each `ts` block is
 * bundled (with `cardwire` resolved to this checkout's source), run in a
 * fresh Node process, and its output compared with the block's `// →` lines.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const page = readFileSync(join(root, "docs/card-and-reader.md"), "utf8");
const blocks = [...page.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const dir = mkdtempSync(join(tmpdir(), "cardwire-docs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The public modules this page documents, as the package will export them. */
const entry = ["src/errors/index.ts", "src/card/index.ts", "src/reader/index.ts", "drivers/simulated/index.ts"]
  .map((p) => `export * from ${JSON.stringify(join(root, p))};`)
  .join("\n");

describe("docs/card-and-reader.md examples", () => {
  it("has examples to run", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((b, i) => [i + 1, b] as const))("example %i runs and prints what it says", async (_n, code) => {
    const out = await build({
      stdin: { contents: code, loader: "ts", resolveDir: root, sourcefile: "example.ts" },
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      logLevel: "silent",
      plugins: [
        {
          name: "cardwire",
          setup(b) {
            b.onResolve({ filter: /^cardwire$/ }, () => ({ path: "cardwire", namespace: "cardwire" }));
            b.onLoad({ filter: /.*/, namespace: "cardwire" }, () => ({
              contents: entry,
              loader: "ts",
              resolveDir: root,
            }));
          },
        },
      ],
    });
    const file = join(dir, `example-${_n}.mjs`);
    writeFileSync(file, out.outputFiles[0]!.text);
    const stdout = execFileSync(process.execPath, [file], { encoding: "utf8" });
    const expected = [...code.matchAll(/^\/\/ → (.*)$/gm)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThan(0);
    expect(
      stdout
        .trimEnd()
        .split("\n")
        .map((l) => l.trimEnd()),
    ).toEqual(expected);
  });
});
