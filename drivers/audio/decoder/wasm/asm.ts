/**
 * A very small WebAssembly assembler: just enough of the binary format
 * (WebAssembly Core Specification 2.0, chapter 5 "Binary Format") to emit the
 * decoder's kernels from TypeScript at load time, so the repository carries
 * readable source and no binary blob. Only the opcodes the kernels use are
 * named here (spec §5.4 "Instructions").
 */

/** §5.3.1 Number types. */
export const T = { i32: 0x7f, f32: 0x7d, f64: 0x7c } as const;
export type ValType = (typeof T)[keyof typeof T];

/** §5.4 opcodes used by the kernels (control §5.4.1, parametric §5.4.3, variable §5.4.4, memory §5.4.6, numeric §5.4.7). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  select: 0x1b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f32Load: 0x2a,
  f64Load: 0x2b,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Const: 0x41,
  f64Const: 0x44,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32LtS: 0x48,
  i32LtU: 0x49,
  i32GtS: 0x4a,
  i32GtU: 0x4b,
  i32LeS: 0x4c,
  i32GeS: 0x4e,
  i32GeU: 0x4f,
  f64Eq: 0x61,
  f64Ne: 0x62,
  f64Lt: 0x63,
  f64Gt: 0x64,
  f64Le: 0x65,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Shl: 0x74,
  i32ShrS: 0x75,
  i32And: 0x71,
  i32Or: 0x72,
  f64Abs: 0x99,
  f64Neg: 0x9a,
  f64Sqrt: 0x9f,
  f64Add: 0xa0,
  f64Sub: 0xa1,
  f64Mul: 0xa2,
  f64Div: 0xa3,
  f64Max: 0xa5,
  f32DemoteF64: 0xb6,
  f64ConvertI32S: 0xb7,
  f64PromoteF32: 0xbb,
} as const;

/** §5.4.1 block type: no result. */
export const VOID = 0x40;

/** §5.2.2 unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** §5.2.2 signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** §5.2.3 IEEE 754 binary64, little-endian. */
function f64Bytes(x: number): number[] {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x, true);
  return Array.from(new Uint8Array(v.buffer));
}

/** §5.2.4 names: a vector of UTF-8 bytes (ASCII here). */
function name(s: string): number[] {
  return [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** §5.1.3 vectors: a length then the elements. */
function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

/**
 * Instruction sequence of one function body, with named locals: parameters
 * first (their order is the signature's), then declared locals.
 */
export class Body {
  readonly code: number[] = [];
  private readonly index = new Map<string, number>();
  readonly locals: ValType[] = [];

  constructor(readonly params: readonly [string, ValType][]) {
    for (const [i, [n]] of params.entries()) this.index.set(n, i);
  }

  /** Declares locals of one type. */
  local(type: ValType, ...names: string[]): this {
    for (const n of names) {
      this.index.set(n, this.params.length + this.locals.length);
      this.locals.push(type);
    }
    return this;
  }

  private at(n: string): number {
    const i = this.index.get(n);
    if (i === undefined) throw new Error(`wasm asm: unknown local ${n}`);
    return i;
  }

  op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  get(...names: string[]): this {
    for (const n of names) this.code.push(OP.localGet, ...uleb(this.at(n)));
    return this;
  }
  set(n: string): this {
    this.code.push(OP.localSet, ...uleb(this.at(n)));
    return this;
  }
  tee(n: string): this {
    this.code.push(OP.localTee, ...uleb(this.at(n)));
    return this;
  }
  i32(v: number): this {
    this.code.push(OP.i32Const, ...sleb(v));
    return this;
  }
  f64(v: number): this {
    this.code.push(OP.f64Const, ...f64Bytes(v));
    return this;
  }
  /** Loads/stores with a §5.4.6 memarg: alignment exponent, then a constant byte offset. */
  mem(opcode: number, offset = 0): this {
    const align = opcode === OP.f64Load || opcode === OP.f64Store ? 3 : 2;
    this.code.push(opcode, align, ...uleb(offset));
    return this;
  }

  /** §5.5.13 code entry: size, locals (compressed runs of one type), expression, `end`. */
  encode(): number[] {
    const runs: number[][] = [];
    for (let i = 0; i < this.locals.length; ) {
      let j = i;
      while (j < this.locals.length && this.locals[j] === this.locals[i]) j++;
      runs.push([...uleb(j - i), this.locals[i]!]);
      i = j;
    }
    const body = [...vec(runs), ...this.code, OP.end];
    return [...uleb(body.length), ...body];
  }
}

export interface Func {
  readonly name: string;
  readonly results: readonly ValType[];
  readonly body: Body;
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

/**
 * A module importing one linear memory as `env.memory` (§5.5.5; limits
 * min 0, no max, so one compiled module serves every decoder's memory) and
 * exporting each function under its name. One type per function (§5.5.4),
 * in declaration order.
 */
export function assemble(funcs: readonly Func[]): Uint8Array {
  // §5.3.6 function type: 0x60, parameter types, result types
  const types = funcs.map((f) => [0x60, ...vec(f.body.params.map(([, t]) => [t])), ...vec(f.results.map((t) => [t]))]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d], // §5.5.16 magic "\0asm"
    ...[0x01, 0x00, 0x00, 0x00], // version 1
    ...section(1, vec(types)), // §5.5.4 type section
    ...section(2, vec([[...name("env"), ...name("memory"), 0x02, 0x00, 0x00]])), // §5.5.5 import: memory, §5.3.7 limits {min 0}
    ...section(3, vec(funcs.map((_, i) => uleb(i)))), // §5.5.6 function section
    ...section(7, vec(funcs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))), // §5.5.10 export
    ...section(10, vec(funcs.map((f) => f.body.encode()))), // §5.5.13 code section
  ];
  return new Uint8Array(bytes);
}
