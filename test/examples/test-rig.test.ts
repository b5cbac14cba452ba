import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_CASES, validateCases } from "../../examples/test-rig/cases.js";
import { expectNoFullPan, runExample } from "./run.js";

const SCRIPT = "examples/test-rig/main.ts";
const dir = mkdtempSync(join(tmpdir(), "cardwire-rig-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function casesFile(name: string, rows: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(rows));
  return path;
}

/** Table rows by case id: the cells after the id, split on runs of 2+ spaces. */
function rowsOf(stdout: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of stdout.split("\n")) {
    const cells = line.split(/ {2,}/);
    if (cells.length === 7 && cells[0] !== "case" && !cells[0]!.startsWith("-")) rows.set(cells[0]!, cells.slice(1));
  }
  return rows;
}

describe("examples/test-rig", () => {
  it("the default table passes end to end: every row PASS, exit 0", async () => {
    const r = await runExample(SCRIPT);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rows = rowsOf(r.stdout);
    expect([...rows.keys()]).toEqual(DEFAULT_CASES.map((c) => c.id));
    for (const c of DEFAULT_CASES) {
      const [, , , expectCell, got, result] = rows.get(c.id)!;
      expect({ id: c.id, expectCell, got, result }).toEqual({
        id: c.id,
        expectCell: c.expect,
        got: c.expect,
        result: "PASS",
      });
    }
    // The rows that reach the host show the masked card; the audio rows went through the audio-jack reader.
    expect(rows.get("bin-decline")![1]).toBe("400000******0002");
    expect(rows.get("audio-amex-8k")!.slice(0, 2)).toEqual(["audio-jack", "378282*****0005"]);
    expect(r.stdout).toContain(`${DEFAULT_CASES.length}/${DEFAULT_CASES.length} passed`);
    expectNoFullPan(r.stdout);
  });

  it("a mismatch is a FAIL row, named in the summary, and exit 1", async () => {
    const path = casesFile("mismatch.json", [
      { id: "ok", card: "visa", amount: "1.00", expect: "00", description: "approves" },
      { id: "wrong", card: "visa", amount: "1.05", expect: "00", description: "simulator answers 05" },
      { id: "t1", card: "jcb", tracks: ["track1"], amount: "2.00", expect: "00", description: "DE 45 path" },
    ]);
    const r = await runExample(SCRIPT, ["--cases", path]);
    expect(r.code).toBe(1);
    const rows = rowsOf(r.stdout);
    expect(rows.get("ok")!.slice(3)).toEqual(["00", "00", "PASS"]);
    expect(rows.get("wrong")!.slice(3)).toEqual(["00", "05", "FAIL"]);
    expect(rows.get("t1")!.slice(3)).toEqual(["00", "00", "PASS"]);
    expect(r.stdout).toContain("2/3 passed; FAILED: wrong");
    expectNoFullPan(r.stdout);
  });

  it("a bad table or argument exits 2 naming the row and key", async () => {
    const bad = casesFile("bad.json", [{ id: "x", card: "visa", amount: "1.00", expect: "approve", description: "d" }]);
    const r = await runExample(SCRIPT, ["--cases", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      "test-rig: cases[0].expect: expected a 2-character response code, timeout, read_failed or no_card",
    );
    const arg = await runExample(SCRIPT, ["--acquirer", "nohost"]);
    expect(arg.code).toBe(2);
    expect(arg.stderr).toContain("--acquirer must be HOST:PORT");
  });
});

describe("validateCases", () => {
  const row = { id: "a", card: "visa", amount: "1.00", expect: "00", description: "d" };
  it("accepts the default table's shape and rejects each kind of mistake with its coordinates", () => {
    expect(validateCases(JSON.parse(JSON.stringify(DEFAULT_CASES)))).toHaveLength(DEFAULT_CASES.length);
    const cases: [unknown, string][] = [
      [[], "cases: expected a non-empty JSON array"],
      [{}, "cases: expected a non-empty JSON array"],
      [[null], "cases[0]: expected an object"],
      [[{ ...row, colour: "red" }], 'cases[0]: unknown key "colour"'],
      [[row, { ...row, amount: 5 }], "cases[1].amount: expected a string"],
      [[{ ...row, tracks: ["track3"] }], 'cases[0].tracks: expected an array of "track1" / "track2"'],
      [[row, row], 'cases[1].id: "a" appears twice'],
    ];
    for (const [input, message] of cases) expect(() => validateCases(input)).toThrow(message);
  });
});
