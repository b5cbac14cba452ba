/**
 * The worklet processor source, run in a Node VM with a stand-in for the
 * AudioWorkletGlobalScope (registerProcessor, AudioWorkletProcessor with a
 * MessagePort): render quanta of 128 frames in, whole blocks out, nothing
 * lost or reordered at block boundaries. The real thing runs in Chromium in
 * microphone.test.ts.
 */
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PCM_TAP_PROCESSOR, PCM_TAP_WORKLET_SOURCE } from "../../../../drivers/audio/browser/worklet.js";

interface Processor {
  process(inputs: Float32Array[][]): boolean;
  port: { onmessage: ((e: { data: unknown }) => void) | null };
}

function load(blockSamples: number): { proc: Processor; posted: Float32Array[]; transfers: number } {
  const posted: Float32Array[] = [];
  let transfers = 0;
  let ctor: (new (options: unknown) => Processor) | undefined;
  class AudioWorkletProcessor {
    port = {
      onmessage: null,
      postMessage: (data: Float32Array, transfer: ArrayBuffer[]) => {
        if (transfer?.[0] === data.buffer) transfers++;
        posted.push(data);
      },
    };
  }
  runInNewContext(PCM_TAP_WORKLET_SOURCE, {
    AudioWorkletProcessor,
    Float32Array,
    Math,
    registerProcessor: (name: string, c: new (options: unknown) => Processor) => {
      expect(name).toBe(PCM_TAP_PROCESSOR);
      ctor = c;
    },
  });
  if (!ctor) throw new Error("registerProcessor was not called");
  const proc = new ctor({ processorOptions: { blockSamples } });
  return {
    proc,
    posted,
    get transfers() {
      return transfers;
    },
  };
}

describe("PCM tap worklet", () => {
  it("batches 128-frame quanta into whole blocks, in order, transferring each buffer", () => {
    fc.assert(
      fc.property(fc.integer({ min: 128, max: 1000 }), fc.integer({ min: 1, max: 40 }), (blockSamples, quanta) => {
        const t = load(blockSamples);
        let n = 0;
        for (let q = 0; q < quanta; q++) {
          const ch = Float32Array.from({ length: 128 }, () => n++ / 1e6);
          expect(t.proc.process([[ch]])).toBe(true);
        }
        expect(t.posted.length).toBe(Math.floor((quanta * 128) / blockSamples));
        expect(t.transfers).toBe(t.posted.length);
        const flat = t.posted.flatMap((b) => [...b]);
        expect(flat).toEqual(Array.from({ length: flat.length }, (_, i) => Math.fround(i / 1e6)));
        for (const b of t.posted) expect(b.length).toBe(blockSamples);
      }),
      { numRuns: 60 },
    );
  });

  it("survives an input with no channels (disconnected source) and stops on request", () => {
    const t = load(256);
    expect(t.proc.process([[]])).toBe(true);
    expect(t.proc.process([])).toBe(true);
    t.proc.port.onmessage?.({ data: "stop" });
    expect(t.proc.process([[new Float32Array(128)]])).toBe(false);
    expect(t.posted).toEqual([]);
  });
});
