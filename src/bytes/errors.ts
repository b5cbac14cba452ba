import { errorClass, registerErrorCodes } from "../errors/index.js";

export const BytesErrorCodes = registerErrorCodes("BytesError", {
  hex: "bytes.hex",
  bounds: "bytes.bounds",
  bcd: "bytes.bcd",
} as const);
export type BytesErrorCode = (typeof BytesErrorCodes)[keyof typeof BytesErrorCodes];

export class BytesError extends errorClass<BytesErrorCode>("input") {}
