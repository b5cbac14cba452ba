/**
 * The activity detector's per-sample loop (JavaScript; wasm/kernels.ts
 * `detect` is its WebAssembly twin and must stay bit-identical to it).
 */

/**
 * The per-sample hot loop: samples[from, to) into the ring (clipped to
 * [-1, 1], NaN as silence), through the detector high-pass, into the block's
 * peak, energy and first-difference energy. A function of its own over
 * Float64Array state so every loop-carried value stays an unboxed double: as
 * locals of `push` initialised from object fields, V8 kept them as tagged
 * values and allocated a HeapNumber per sample (seen in --print-opt-code;
 * about half the loop's time). Returns the new ring head.
 */
export function detectRun(
  samples: Float32Array,
  from: number,
  to: number,
  ring: Float32Array,
  head: number,
  c: Float64Array,
  st: Float64Array,
): number {
  const b0 = c[0] as number;
  const b1 = c[1] as number;
  const b2 = c[2] as number;
  const a1 = c[3] as number;
  const a2 = c[4] as number;
  let x1 = st[0] as number;
  let x2 = st[1] as number;
  let y1 = st[2] as number;
  let y2 = st[3] as number;
  let peak = st[4] as number;
  let energy = st[5] as number;
  let diff = st[6] as number;
  const cap = ring.length;
  for (let i = from; i < to; i++) {
    let x = samples[i] as number;
    // PCM is [-1, 1]: one range test on the common path; outside it, clip, and NaN (no comparison
    // holds) becomes silence. No Number.isFinite call per sample.
    if (!(x <= 1 && x >= -1)) x = x > 1 ? 1 : x < -1 ? -1 : 0;
    ring[head] = x;
    if (++head === cap) head = 0;
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    // Branch-free: the sign of noise is random, and a mispredicted `y < 0 ? -y : y` cost more than the
    // whole biquad (measured: ~7 of ~18 ns per sample at 44.1 kHz).
    peak = Math.max(peak, Math.abs(y));
    energy += y * y;
    const dy = y - y2;
    diff += dy * dy;
  }
  st[0] = x1;
  st[1] = x2;
  st[2] = y1;
  st[3] = y2;
  st[4] = peak;
  st[5] = energy;
  st[6] = diff;
  return head;
}
