/**
 * Optional WebAssembly kernels for the decoder's per-sample loops (kernels.ts).
 * The module (a few hundred bytes, emitted by asm.ts) is compiled once,
 * synchronously, on first use; each decoder instantiates it over its own
 * fixed-size memory, from which `KernelHeap` hands out the typed-array
 * buffers the kernels touch. The memory is never grown, so the views stay
 * valid and a decoder's footprint stays what it was at construction.
 *
 * `kernelHeap` returns null where WebAssembly is missing or compiling or
 * instantiating throws (a Content-Security-Policy without
 * 'wasm-unsafe-eval', for one); the decoder then runs the JavaScript loops,
 * which produce the same results.
 */
import { assemble } from "./asm.js";
import { KERNELS } from "./kernels.js";

/** §2.5.5 (Core Specification): linear memory comes in 64 KiB pages. */
const PAGE = 65536;

interface Exports {
  detect(src: number, end: number, dst: number, st: number): void;
  cands(y: number, n: number, h: number, pos: number, amp: number, str: number, cap: number): number;
  hpw(c: number, src: number, dst: number, n: number, w: number, rms: number, cap: number): number;
}

/** null: not tried yet; false: unavailable here. */
let compiled: WebAssembly.Module | null | false = null;

function module(): WebAssembly.Module | false {
  if (compiled === null) {
    try {
      compiled = typeof WebAssembly === "object" ? new WebAssembly.Module(assemble(KERNELS) as BufferSource) : false;
    } catch {
      compiled = false;
    }
  }
  return compiled;
}

/** The module's size in bytes (browsers compile modules under 4 KB synchronously on the main thread). */
export function moduleBytes(): number {
  return assemble(KERNELS).length;
}

/**
 * A bump allocator over one fixed WebAssembly memory, plus the kernels bound
 * to it. Arrays are 8-byte aligned; asking for more than the heap was sized
 * for is a bug and throws.
 */
export class KernelHeap {
  readonly memory: WebAssembly.Memory;
  readonly exports: Exports;
  private used = 0;

  private constructor(mod: WebAssembly.Module, bytes: number) {
    const pages = Math.max(1, Math.ceil(bytes / PAGE));
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.exports = new WebAssembly.Instance(mod, { env: { memory: this.memory } }).exports as unknown as Exports;
  }

  /** A heap of at least `bytes` bytes, or null when WebAssembly cannot run here. */
  static create(bytes: number): KernelHeap | null {
    const mod = module();
    if (mod === false) return null;
    try {
      return new KernelHeap(mod, bytes);
    } catch {
      return null;
    }
  }

  private take(bytes: number): number {
    const at = this.used;
    this.used = at + Math.ceil(bytes / 8) * 8;
    if (this.used > this.memory.buffer.byteLength) throw new RangeError("KernelHeap: sized too small");
    return at;
  }

  f32(length: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(length * 4), length);
  }

  f64(length: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(length * 8), length);
  }

  /** True when `a` lives in this heap (a kernel can read or write it). */
  holds(a: Float32Array | Float64Array): boolean {
    return a.buffer === this.memory.buffer;
  }
}

/** Bytes of a heap holding f32 arrays of these lengths and f64 arrays of these lengths. */
export function heapBytes(f32: readonly number[], f64: readonly number[]): number {
  let bytes = 0;
  for (const n of f32) bytes += Math.ceil((n * 4) / 8) * 8;
  for (const n of f64) bytes += n * 8;
  return bytes;
}
