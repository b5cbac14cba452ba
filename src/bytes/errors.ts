import { errorFamily } from "../errors/index.js";

const family = errorFamily("BytesError", {
  hex: ["bytes.hex", "input"],
  bounds: ["bytes.bounds", "input"],
  bcd: ["bytes.bcd", "input"],
});
export const BytesErrorCodes = family.codes;
export type BytesErrorCode = (typeof BytesErrorCodes)[keyof typeof BytesErrorCodes];

export class BytesError extends family.Base {}
