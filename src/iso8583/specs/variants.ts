/**
 * From a layout (what each field is) to a wire spec (how it travels). The
 * three wire styles are jPOS's packager families, the reference the interop
 * vectors come from:
 *
 * | style  | MTI    | bitmap      | n / z / x+n            | other text | b fixed | b variable | prefixes |
 * |--------|--------|-------------|------------------------|------------|---------|------------|----------|
 * | ascii  | ASCII  | hex text    | ASCII                  | ASCII      | hex text (IFA_BINARY) | raw (IFA_LLBINARY) | ASCII |
 * | binary | BCD    | 8 raw bytes | BCD; fixed odd: left 0, variable: right 0 (IFB_NUMERIC, IFB_LLNUM); x+n: ASCII sign + BCD (IFB_AMOUNT) | ASCII | raw | raw | BCD |
 * | ebcdic | EBCDIC | 8 raw bytes | EBCDIC                 | EBCDIC     | raw     | raw        | EBCDIC   |
 */
import type { BitmapEncoding, FieldSpec, LengthEncoding, MessageSpecInput, MtiEncoding } from "../types.js";
import type { LayoutRow } from "./layouts.js";

export type WireStyle = "ascii" | "binary" | "ebcdic";

const STYLE: Readonly<Record<WireStyle, { readonly mti: MtiEncoding; readonly bitmap: BitmapEncoding }>> = {
  ascii: { mti: "ascii", bitmap: "hex" },
  binary: { mti: "bcd", bitmap: "binary" },
  ebcdic: { mti: "ebcdic", bitmap: "binary" },
};

export function fieldFor(row: LayoutRow, style: WireStyle): FieldSpec {
  const base = {
    description: row.description,
    type: row.type,
    length: row.length,
    lengthType: row.lengthType,
    ...(row.mask !== undefined && { mask: row.mask }),
    ...(row.subfields !== undefined && { subfields: row.subfields }),
  };
  const variable = row.lengthType !== "fixed";
  const lengthEncoding: LengthEncoding = style === "binary" ? "bcd" : style;
  const prefix: { lengthEncoding?: LengthEncoding } = variable ? { lengthEncoding } : {};
  if (row.type === "b") {
    const encoding = style === "ascii" && !variable ? "hex" : "binary";
    return { ...base, ...prefix, encoding };
  }
  if (style === "binary" && (row.type === "n" || row.type === "z")) {
    return { ...base, ...prefix, encoding: "bcd", ...(variable && { pad: "right" as const }) };
  }
  if (style === "binary" && row.type === "x+n") return { ...base, encoding: "sign-bcd" };
  return { ...base, ...prefix, encoding: style === "ebcdic" ? "ebcdic" : "ascii" };
}

export function specFromLayout(
  layout: readonly LayoutRow[],
  style: WireStyle,
  name: string,
  description: string,
): MessageSpecInput {
  const fields: Record<number, FieldSpec> = {};
  for (const row of layout) fields[row.de] = fieldFor(row, style);
  return {
    name,
    description,
    headerLength: 0,
    mtiEncoding: STYLE[style].mti,
    bitmapEncoding: STYLE[style].bitmap,
    fields,
  };
}
