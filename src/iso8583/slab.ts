/**
 * Output buffers for pack and framing, carved from shared 8 KiB slabs (the
 * scheme of Node's Buffer pool). A fresh `new Uint8Array(314)` costs a
 * malloc'd, GC-tracked backing store — in V8 several times the cost of packing
 * the 0200 itself; a view on a slab costs one small object.
 *
 * Consequence for callers: `out.buffer` is the slab, shared with other
 * messages (`out.byteOffset` is not 0). Bytes are written once and the views
 * never overlap. Anything that must own its memory — a buffer to transfer to a
 * worker, a value to structured-clone into storage — takes `out.slice()`.
 */
const SLAB_BYTES = 8192;
/** Larger outputs get their own buffer: a slab is only worth it for small ones. */
const POOLED_MAX = SLAB_BYTES >> 2;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/** `n` zeroed bytes that nobody else holds a view on. */
export function allocOut(n: number): Uint8Array {
  if (n > POOLED_MAX) return new Uint8Array(n);
  if (used + n > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const out = new Uint8Array(slab, used, n);
  // 8-byte aligned starts, as Node's pool does, so DataView users get aligned reads.
  used = (used + n + 7) & ~7;
  return out;
}
