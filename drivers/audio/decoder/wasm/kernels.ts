/**
 * The decoder's per-sample loops as WebAssembly functions, emitted by asm.ts.
 * Each one is a line-for-line transcription of its JavaScript twin (named in
 * its comment) with the same operation order, f32 loads and stores where the
 * JavaScript reads or writes a Float32Array and f64 arithmetic everywhere
 * else, so outputs are bit-identical (WebAssembly f64 arithmetic is IEEE 754
 * round-to-nearest, like JavaScript's, and f64.max/f64.min share Math.max's
 * and Math.min's NaN and ±0 rules). Pointers are byte offsets into the
 * decoder's memory.
 */
import { Body, type Func, OP, T, VOID } from "./asm.js";

/** The detector block (`detect`): 5 f64 coefficients, then 7 f64 of state carried across calls. */
export const DETECT_COEFFS = 5;
export const DETECT_LENGTH = 12;
const DETECT_STATE = 8 * DETECT_COEFFS;

/**
 * detect(src, end, dst, st): the detector loop of index.ts (`detectRun`) over
 * the f32 samples [src, end): clips each ([-1, 1], NaN → 0) into the ring at
 * dst, runs the biquad and accumulates peak, energy and first-difference
 * energy. st: b0 b1 b2 a1 a2 | x1 x2 y1 y2 peak energy diff (f64).
 */
function detect(): Func {
  const b = new Body([
    ["src", T.i32],
    ["end", T.i32],
    ["dst", T.i32],
    ["st", T.i32],
  ]).local(T.f64, "b0", "b1", "b2", "a1", "a2", "x1", "x2", "y1", "y2", "peak", "energy", "diff", "x", "y", "dy");
  const fields = ["b0", "b1", "b2", "a1", "a2", "x1", "x2", "y1", "y2", "peak", "energy", "diff"];
  for (const [k, f] of fields.entries())
    b.get("st")
      .mem(OP.f64Load, 8 * k)
      .set(f);
  b.op(OP.block, VOID)
    .get("src", "end")
    .op(OP.i32GeU, OP.brIf, 0)
    .op(OP.loop, VOID)
    // x = samples[i]; if (!(x <= 1 && x >= -1)) x = x > 1 ? 1 : x < -1 ? -1 : 0, as !(|x| <= 1) (NaN fails both)
    .get("src")
    .mem(OP.f32Load)
    .op(OP.f64PromoteF32)
    .tee("x")
    .op(OP.f64Abs)
    .f64(1)
    .op(OP.f64Le, OP.i32Eqz, OP.if, VOID)
    .f64(1)
    .f64(-1)
    .f64(0)
    .get("x")
    .f64(-1)
    .op(OP.f64Lt, OP.select)
    .get("x")
    .f64(1)
    .op(OP.f64Gt, OP.select)
    .set("x")
    .op(OP.end)
    // ring[head] = x
    .get("dst", "x")
    .op(OP.f32DemoteF64)
    .mem(OP.f32Store);
  biquadStep(b)
    // peak = Math.max(peak, Math.abs(y)); energy += y * y; dy = y - y2; diff += dy * dy
    .get("peak", "y")
    .op(OP.f64Abs, OP.f64Max)
    .set("peak")
    .get("energy", "y", "y")
    .op(OP.f64Mul, OP.f64Add)
    .set("energy")
    .get("y", "y2")
    .op(OP.f64Sub)
    .set("dy")
    .get("diff", "dy", "dy")
    .op(OP.f64Mul, OP.f64Add)
    .set("diff")
    .get("dst")
    .i32(4)
    .op(OP.i32Add)
    .set("dst")
    .get("src")
    .i32(4)
    .op(OP.i32Add)
    .tee("src")
    .get("end")
    .op(OP.i32LtU, OP.brIf, 0, OP.end, OP.end);
  for (const [k, f] of fields.slice(DETECT_COEFFS).entries())
    b.get("st")
      .get(f)
      .mem(OP.f64Store, DETECT_STATE + 8 * k);
  return { name: "detect", results: [], body: b };
}

/** Appends `y + (index << 2)` (the address of an f32 element) given the index on the stack. */
/**
 * One step of the direct-form-I biquad, in the JavaScript loops' exact order
 * (y = b0·x + b1·x1 + b2·x2 − a1·y1 − a2·y2, then the delay line shifts):
 * locals b0…a2, x, x1, x2, y, y1, y2 of the enclosing function.
 */
function biquadStep(b: Body): Body {
  return b
    .get("b0", "x")
    .op(OP.f64Mul)
    .get("b1", "x1")
    .op(OP.f64Mul, OP.f64Add)
    .get("b2", "x2")
    .op(OP.f64Mul, OP.f64Add)
    .get("a1", "y1")
    .op(OP.f64Mul, OP.f64Sub)
    .get("a2", "y2")
    .op(OP.f64Mul, OP.f64Sub)
    .set("y")
    .get("x1")
    .set("x2")
    .get("x")
    .set("x1")
    .get("y1")
    .set("y2")
    .get("y")
    .set("y1");
}

function f32At(b: Body, base: string): Body {
  return b.i32(2).op(OP.i32Shl).get(base).op(OP.i32Add);
}

/**
 * One candidate out (findCandidates' emit step): p = index of extQ, the
 * plateau end (candidates.ts `plateauEnd`), the sub-sample position
 * (`refine`), then pos[count], amp[count], str[count] and count++. `positive`:
 * a maximum (strength ext > 0 ? ext : 0) or a minimum (ext < 0 ? -ext : 0).
 */
function emitCandidate(b: Body, positive: boolean): void {
  b.get("extQ", "y").op(OP.i32Sub).i32(2).op(OP.i32ShrS).tee("p").set("e");
  // while (e + 1 < n && y[e + 1] === ext) e++
  b.op(OP.block, VOID, OP.loop, VOID).get("e").i32(1).op(OP.i32Add).get("n").op(OP.i32GeS, OP.brIf, 1).get("e");
  f32At(b, "y")
    .mem(OP.f32Load, 4)
    .op(OP.f64PromoteF32)
    .get("ext")
    .op(OP.f64Ne, OP.brIf, 1)
    .get("e")
    .i32(1)
    .op(OP.i32Add)
    .set("e")
    .op(OP.br, 0, OP.end, OP.end);
  // refine: a plateau resolves to its centre; else parabolic interpolation around p.
  b.op(OP.block, VOID)
    .get("e", "p")
    .op(OP.i32GtS, OP.if, VOID)
    .get("p", "e")
    .op(OP.i32Add, OP.f64ConvertI32S)
    .f64(2)
    .op(OP.f64Div)
    .set("r")
    .op(OP.br, 1, OP.end)
    .get("p")
    .op(OP.f64ConvertI32S)
    .set("r")
    // if (p <= 0 || p >= n - 1) return p
    .get("p")
    .i32(0)
    .op(OP.i32LeS)
    .get("p", "n")
    .i32(1)
    .op(OP.i32Sub, OP.i32GeS, OP.i32Or, OP.brIf, 0)
    .get("p")
    .i32(1)
    .op(OP.i32Sub);
  f32At(b, "y")
    .tee("e")
    .mem(OP.f32Load, 0)
    .op(OP.f64PromoteF32)
    .set("a")
    .get("e")
    .mem(OP.f32Load, 4)
    .op(OP.f64PromoteF32)
    .set("bb")
    .get("e")
    .mem(OP.f32Load, 8)
    .op(OP.f64PromoteF32)
    .set("c")
    // den = a - 2 * b + c; if (den === 0) return p
    .get("a")
    .f64(2)
    .get("bb")
    .op(OP.f64Mul, OP.f64Sub)
    .get("c")
    .op(OP.f64Add)
    .tee("den")
    .f64(0)
    .op(OP.f64Eq, OP.brIf, 0)
    // off = (0.5 * (a - c)) / den; off > 0.5 || off < -0.5 ? p : p + off
    .f64(0.5)
    .get("a", "c")
    .op(OP.f64Sub, OP.f64Mul)
    .get("den")
    .op(OP.f64Div)
    .tee("off")
    .f64(0.5)
    .op(OP.f64Gt)
    .get("off")
    .f64(-0.5)
    .op(OP.f64Lt, OP.i32Or, OP.brIf, 0)
    .get("r", "off")
    .op(OP.f64Add)
    .set("r")
    .op(OP.end);
  // out.pos[count] = r; out.amp[count] = ext; out.str[count] = strength
  b.get("count").i32(3).op(OP.i32Shl).get("pos").op(OP.i32Add).get("r").mem(OP.f64Store);
  b.get("count");
  f32At(b, "amp").get("ext").op(OP.f32DemoteF64).mem(OP.f32Store);
  b.get("count");
  f32At(b, "str");
  if (positive) b.get("ext").f64(0).get("ext").f64(0).op(OP.f64Gt, OP.select);
  else b.get("ext").op(OP.f64Neg).f64(0).get("ext").f64(0).op(OP.f64Lt, OP.select);
  b.op(OP.f32DemoteF64).mem(OP.f32Store).get("count").i32(1).op(OP.i32Add).set("count");
}

/**
 * The tight loop of one polarity (findCandidates' phase 2): from q, follow the
 * running extremum until the signal moves h away from it. `max`: looking for
 * a maximum (break on v < ext - h).
 */
function followExtremum(b: Body, max: boolean): void {
  const [toward, away, step] = max ? [OP.f64Gt, OP.f64Lt, OP.f64Sub] : [OP.f64Lt, OP.f64Gt, OP.f64Add];
  b.get("ext", "h").op(step).set("thr");
  b.op(OP.block, VOID, OP.loop, VOID)
    .get("q", "endp")
    .op(OP.i32GeU, OP.brIf, 1)
    .get("q")
    .mem(OP.f32Load)
    .op(OP.f64PromoteF32)
    .tee("v")
    .get("thr")
    .op(away, OP.brIf, 1)
    .get("v", "ext")
    .op(toward, OP.if, VOID)
    .get("v")
    .set("ext")
    .get("v", "h")
    .op(step)
    .set("thr")
    .get("q")
    .set("extQ")
    .op(OP.end)
    .get("q")
    .i32(4)
    .op(OP.i32Add)
    .set("q")
    .op(OP.br, 0, OP.end, OP.end);
}

/**
 * cands(y, n, h, pos, amp, str, cap) → count: candidates.ts `findCandidates`
 * over the f32 samples at y, writing f64 positions and f32 amplitudes and
 * strengths. Internally q, mxQ, mnQ, extQ are byte addresses (y + 4 × index).
 */
function candidates(): Func {
  const b = new Body([
    ["y", T.i32],
    ["n", T.i32],
    ["h", T.f64],
    ["pos", T.i32],
    ["amp", T.i32],
    ["str", T.i32],
    ["cap", T.i32],
  ])
    .local(T.i32, "q", "endp", "mxQ", "mnQ", "extQ", "count", "dir", "p", "e")
    .local(T.f64, "v", "mx", "mn", "ext", "thr", "a", "bb", "c", "den", "off", "r");
  b.f64(Number.NEGATIVE_INFINITY).set("mx").f64(Number.POSITIVE_INFINITY).set("mn");
  b.get("y").tee("q").tee("mxQ").set("mnQ");
  b.get("n");
  f32At(b, "y").set("endp");
  // Undecided until the signal has moved h from its first extreme.
  b.op(OP.block, VOID, OP.loop, VOID)
    .get("q", "endp")
    .op(OP.i32GeU, OP.brIf, 1)
    .get("q")
    .mem(OP.f32Load)
    .op(OP.f64PromoteF32)
    .tee("v")
    .get("mx")
    .op(OP.f64Gt, OP.if, VOID)
    .get("v")
    .set("mx")
    .get("q")
    .set("mxQ")
    .op(OP.end)
    .get("v", "mn")
    .op(OP.f64Lt, OP.if, VOID)
    .get("v")
    .set("mn")
    .get("q")
    .set("mnQ")
    .op(OP.end)
    // if (v < mx - h && mxPos > mnPos) { dir = 1; break }
    .get("v", "mx", "h")
    .op(OP.f64Sub, OP.f64Lt)
    .get("mxQ", "mnQ")
    .op(OP.i32GtU, OP.i32And, OP.if, VOID)
    .i32(1)
    .set("dir")
    .op(OP.br, 2, OP.end)
    // if (v > mn + h && mnPos > mxPos) { dir = -1; break }
    .get("v", "mn", "h")
    .op(OP.f64Add, OP.f64Gt)
    .get("mnQ", "mxQ")
    .op(OP.i32GtU, OP.i32And, OP.if, VOID)
    .i32(-1)
    .set("dir")
    .op(OP.br, 2, OP.end)
    .get("q")
    .i32(4)
    .op(OP.i32Add)
    .set("q")
    .op(OP.br, 0, OP.end, OP.end);
  b.get("dir").op(OP.i32Eqz, OP.if, VOID).i32(0).op(OP.return, OP.end);
  b.get("mx", "mn", "dir").i32(0).op(OP.i32GtS, OP.select).set("ext");
  b.get("mxQ", "mnQ", "dir").i32(0).op(OP.i32GtS, OP.select).set("extQ");
  // One tight loop per polarity, then the candidate, then the next one starts at the breaking sample.
  b.op(OP.block, VOID, OP.loop, VOID)
    .get("q", "endp")
    .op(OP.i32GeU, OP.brIf, 1)
    .get("dir")
    .i32(0)
    .op(OP.i32GtS, OP.if, VOID);
  followExtremum(b, true);
  b.get("q", "endp").op(OP.i32GeU).get("count", "cap").op(OP.i32GeS, OP.i32Or, OP.brIf, 2);
  emitCandidate(b, true);
  b.i32(-1).set("dir").op(OP.else);
  followExtremum(b, false);
  b.get("q", "endp").op(OP.i32GeU).get("count", "cap").op(OP.i32GeS, OP.i32Or, OP.brIf, 2);
  emitCandidate(b, false);
  b.i32(1).set("dir").op(OP.end);
  b.get("q")
    .mem(OP.f32Load)
    .op(OP.f64PromoteF32)
    .set("ext")
    .get("q")
    .tee("extQ")
    .i32(4)
    .op(OP.i32Add)
    .set("q")
    .op(OP.br, 0, OP.end, OP.end)
    .get("count");
  return { name: "cands", results: [T.i32], body: b };
}

/**
 * hpw(c, src, dst, n, w, rms, cap) → count: filters.ts `highPassWithWindows`:
 * the biquad c (b0 b1 b2 a1 a2, f64) primed with src[0], src[0, n) → dst
 * (f32, may be src), and the RMS of each whole window of w outputs into rms
 * (f32, at most cap of them).
 */
function highPassWindows(): Func {
  const b = new Body([
    ["c", T.i32],
    ["src", T.i32],
    ["dst", T.i32],
    ["n", T.i32],
    ["w", T.i32],
    ["rms", T.i32],
    ["cap", T.i32],
  ])
    .local(T.i32, "i", "end", "stop", "count")
    .local(T.f64, "b0", "b1", "b2", "a1", "a2", "x1", "x2", "y1", "y2", "x", "y", "sq");
  for (const [k, f] of ["b0", "b1", "b2", "a1", "a2"].entries())
    b.get("c")
      .mem(OP.f64Load, 8 * k)
      .set(f);
  // x1 = x2 = n > 0 ? src[0] : 0 (primed: a constant input src[0] gives 0 out)
  b.get("n").i32(0).op(OP.i32GtS, OP.if, VOID).get("src").mem(OP.f32Load).op(OP.f64PromoteF32).set("x1").op(OP.end);
  b.get("x1").set("x2").get("w").set("end");
  b.op(OP.block, VOID, OP.loop, VOID)
    .get("i", "n")
    .op(OP.i32GeS, OP.brIf, 1)
    // stop = end < n ? end : n; sq = 0
    .get("end", "n", "end", "n")
    .op(OP.i32LtS, OP.select)
    .set("stop")
    .f64(0)
    .set("sq")
    .op(OP.block, VOID)
    .get("i", "stop")
    .op(OP.i32GeS, OP.brIf, 0)
    .op(OP.loop, VOID)
    .get("i");
  f32At(b, "src").mem(OP.f32Load).op(OP.f64PromoteF32).set("x");
  biquadStep(b)
    // dst[i] = y; sq += y * y
    .get("i");
  f32At(b, "dst")
    .get("y")
    .op(OP.f32DemoteF64)
    .mem(OP.f32Store)
    .get("sq", "y", "y")
    .op(OP.f64Mul, OP.f64Add)
    .set("sq")
    .get("i")
    .i32(1)
    .op(OP.i32Add)
    .tee("i")
    .get("stop")
    .op(OP.i32LtS, OP.brIf, 0, OP.end, OP.end)
    // if (stop === end && count < cap) rms[count++] = Math.sqrt(sq / w)
    .get("stop", "end")
    .op(OP.i32Eq)
    .get("count", "cap")
    .op(OP.i32LtS, OP.i32And, OP.if, VOID)
    .get("count");
  f32At(b, "rms")
    .get("sq", "w")
    .op(OP.f64ConvertI32S, OP.f64Div, OP.f64Sqrt, OP.f32DemoteF64)
    .mem(OP.f32Store)
    .get("count")
    .i32(1)
    .op(OP.i32Add)
    .set("count")
    .op(OP.end)
    .get("end", "w")
    .op(OP.i32Add)
    .set("end")
    .op(OP.br, 0, OP.end, OP.end)
    .get("count");
  return { name: "hpw", results: [T.i32], body: b };
}

export const KERNELS: readonly Func[] = [detect(), candidates(), highPassWindows()];
