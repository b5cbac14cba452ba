/**
 * With `{ pooled: true }`, packMessage and frameMessage hand out small outputs
 * as views on shared slabs (src/iso8583/slab.ts). Each view must be the
 * caller's alone: no two overlap, none changes when later messages are packed,
 * and large outputs are not pooled. Without the option every output owns its
 * buffer, so nothing another message holds can travel with it.
 */
import { describe, expect, it } from "vitest";
import { toHex } from "../../src/bytes/index.js";
import { frameMessage, getSpec, packMessage, unpackMessage } from "../../src/iso8583/index.js";

const spec = getSpec("iso87ascii");
const stan = (i: number) => String(i).padStart(6, "0");
const POOLED = { pooled: true } as const;

describe("default outputs", () => {
  it("own their whole buffer: byteOffset 0 and buffer length equal to the output", () => {
    for (let i = 0; i < 50; i++) {
      const bytes = packMessage(spec, { mti: "0200", fields: { 3: "000000", 11: stan(i), 41: "TERM0001" } });
      const framed = frameMessage(bytes, "2byte");
      for (const b of [bytes, framed]) {
        expect(b.byteOffset).toBe(0);
        expect(b.buffer.byteLength).toBe(b.length);
      }
    }
  });
});

describe("pooled outputs", () => {
  it("outputs never overlap and stay as packed while thousands more are packed", () => {
    const kept: { bytes: Uint8Array; hex: string }[] = [];
    for (let i = 0; i < 3000; i++) {
      const bytes = packMessage(spec, { mti: "0200", fields: { 3: "000000", 11: stan(i), 41: "TERM0001" } }, POOLED);
      const framed = frameMessage(bytes, "2byte", POOLED);
      if (i % 7 === 0) kept.push({ bytes, hex: toHex(bytes) }, { bytes: framed, hex: toHex(framed) });
    }
    const byBuffer = new Map<ArrayBufferLike, [number, number][]>();
    for (const { bytes } of kept) {
      const list = byBuffer.get(bytes.buffer) ?? [];
      list.push([bytes.byteOffset, bytes.byteOffset + bytes.length]);
      byBuffer.set(bytes.buffer, list);
    }
    let shared = 0;
    for (const list of byBuffer.values()) {
      list.sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < list.length; i++) {
        expect(list[i]?.[0]).toBeGreaterThanOrEqual(list[i - 1]?.[1] as number);
        shared++;
      }
    }
    expect(shared).toBeGreaterThan(100);
    for (const k of kept) expect(toHex(k.bytes)).toBe(k.hex);
    expect(unpackMessage(spec, kept[0]?.bytes as Uint8Array).fields[11]).toBe("000000");
  });

  it("writing into one output leaves every other output untouched", () => {
    const a = packMessage(spec, { mti: "0800", fields: { 11: "000001" } }, POOLED);
    const b = packMessage(spec, { mti: "0800", fields: { 11: "000002" } }, POOLED);
    expect(a.buffer).toBe(b.buffer);
    const before = toHex(b);
    a.fill(0xff);
    expect(toHex(b)).toBe(before);
  });

  it("slice() gives a buffer of its own; outputs above 2 KiB have their own buffer already", () => {
    const small = packMessage(spec, { mti: "0800", fields: { 11: "000001" } }, POOLED);
    expect(small.buffer.byteLength).toBeGreaterThan(small.length);
    const own = small.slice();
    expect(own.byteOffset).toBe(0);
    expect(own.buffer.byteLength).toBe(small.length);
    const big = packMessage(
      getSpec("iso87ascii-jpos"),
      {
        mti: "0200",
        fields: { 55: "A".repeat(999), 48: "B".repeat(999), 62: "C".repeat(999) },
      },
      POOLED,
    );
    expect(big.length).toBeGreaterThan(2048);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(big.length);
  });
});
