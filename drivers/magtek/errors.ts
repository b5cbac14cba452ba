/**
 * MagTek HID report errors: a report of a length no known layout has, or a
 * length byte that points past its field. Messages carry offsets and sizes,
 * never track bytes.
 */
import { errorFamily } from "../../src/errors/index.js";

const family = errorFamily("MagtekError", {
  /** The report length matches no layout in `MAGTEK_LAYOUTS`. */
  reportLength: ["magtek.report_length", "protocol"],
  /** A length byte is larger than the field it describes. */
  fieldLength: ["magtek.field_length", "protocol"],
});
export const MagtekErrorCodes = family.codes;
export type MagtekErrorCode = (typeof MagtekErrorCodes)[keyof typeof MagtekErrorCodes];

export class MagtekError extends family.Base {}
