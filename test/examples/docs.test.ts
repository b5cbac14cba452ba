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
  const file = join(dir, "sale.ts");
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
    const tsconfig = join(dir, "tsconfig.json");
    writeFileSync(tsconfig, JSON.stringify({ extends: join(REPO, "tsconfig.json"), files: [file], include: [] }));
    const r = await exec(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", tsconfig]);
    // Only the snippet is judged here; errors inside the SDK belong to their own modules' checks.
    const mine = (r.stdout + r.stderr).split("\n").filter((l) => l.includes("sale.ts"));
    expect(mine).toEqual([]);
  }, 120_000);

  it("the commands it names exist", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> };
    for (const script of ["demo", "test", "cardwire", "prepare"]) expect(pkg.scripts[script], script).toBeDefined();
  });
});

describe("docs/README.md", () => {
  const index = readFileSync(join(DOCS, "README.md"), "utf8");
  const links = [...index.matchAll(/\]\(([^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);

  it("links every page in docs/, one line each", () => {
    const pages = readdirSync(DOCS).filter((f) => f.endsWith(".md") && f !== "README.md");
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      const lines = index.split("\n").filter((l) => l.includes(`](${page})`));
      expect(lines, page).toHaveLength(1);
    }
  });

  it("every relative link resolves", () => {
    expect(links.length).toBeGreaterThan(5);
    for (const link of links.filter((l) => !/^[a-z]+:/.test(l))) {
      expect(existsSync(join(DOCS, link)), link).toBe(true);
    }
  });
});
