/**
 * The docs that must not go stale: the getting-started sale runs as written
 * (and type-checks), and docs/README.md indexes every page in docs/.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectNoFullPan, REPO, type RunResult } from "./run.js";

const DOCS = join(REPO, "docs");
const dir = mkdtempSync(join(tmpdir(), "cardwire-docs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exec(file: string, args: readonly string[]): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(file, [...args], { cwd: REPO, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout, stderr });
    });
  });
}

/** The first ```ts block after `heading` in a markdown file. */
function codeAfter(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const m = /```ts\n([\s\S]*?)```/.exec(markdown.slice(start));
  expect(m, `a ts block after ${heading}`).not.toBeNull();
  return m![1]!;
}

describe("docs/getting-started.md", () => {
  const doc = readFileSync(join(DOCS, "getting-started.md"), "utf8");
  const code = codeAfter(doc, "## A first sale");
  const file = join(dir, "sale.mts"); // as the page says: .mts is ESM whatever the package.json
  writeFileSync(file, code);

  it("the first sale is at most 20 lines of code, public API only", () => {
    const lines = code.split("\n").filter((l) => l.trim() !== "");
    expect(lines.length).toBeLessThanOrEqual(20);
    const imports = [...code.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(["cardwire", "cardwire/node"]));
  });

  it("runs as written and prints what the page says", async () => {
    const r = await exec(join(REPO, "node_modules/.bin/tsx"), [file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^approved 00 411111\*{6}1111 [0-9A-Z]{6}\n$/);
    expectNoFullPan(r.stdout);
  });

  it("type-checks against the SDK under the repository's strict settings", async () => {
    // A control copy with a wrong argument proves the snippet really is in the checked program.
    const broken = join(dir, "broken.mts");
    writeFileSync(broken, code.replace('parseAmount("12.34", "USD")', "parseAmount(12.34)"));
    const tsconfig = join(dir, "tsconfig.json");
    writeFileSync(
      tsconfig,
      JSON.stringify({
        extends: join(REPO, "tsconfig.json"),
        compilerOptions: { typeRoots: [join(REPO, "node_modules/@types")] }, // found from the repo, not from the temp dir
        files: [file, broken],
        include: [],
      }),
    );
    const r = await exec(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", tsconfig]);
    // Only the snippet is judged here; errors inside the SDK belong to their own modules' checks.
    const lines = (r.stdout + r.stderr).split("\n");
    expect(lines.filter((l) => l.includes("sale.mts"))).toEqual([]);
    expect(lines.filter((l) => l.includes("broken.mts")).join("\n")).toMatch(/error TS2345/);
  }, 120_000);

  it("the commands it names exist", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> };
    for (const script of ["demo", "test", "cardwire", "prepare"]) expect(pkg.scripts[script], script).toBeDefined();
  });
});

describe("docs/README.md", () => {
  const index = readFileSync(join(DOCS, "README.md"), "utf8");
  const links = [...index.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);

  it("has one table row, with a description, for every page in docs/", () => {
    const pages = readdirSync(DOCS).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      // Column padding is the formatter's business: match the cells, not the spacing.
      const esc = page.replace(/[.-]/g, "\\$&");
      const row = new RegExp(`^\\| \\[${esc}\\]\\(${esc}\\) *\\| *(.*?) *\\|$`);
      const rows = index.split("\n").flatMap((l) => row.exec(l)?.[1] ?? []);
      expect(rows, page).toHaveLength(1);
      expect(rows[0]!.length, page).toBeGreaterThan(20);
    }
  });

  it("every relative link resolves", () => {
    expect(links.length).toBeGreaterThan(5);
    for (const link of links.filter((l) => !/^[a-z]+:/.test(l))) {
      expect(existsSync(join(DOCS, link)), link).toBe(true);
    }
  });
});
