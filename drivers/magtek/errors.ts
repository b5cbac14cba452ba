/**
 * MagTek HID report errors: a report of a length no known layout has, or a
 * length byte that points past its field. Messages carry offsets and sizes,
 * never track bytes.
 */
import { errorClass, registerErrorCodes } from "../../src/errors/index.js";

export const MagtekErrorCodes = registerErrorCodes("MagtekError", {
  /** The report length matches no layout in `MAGTEK_LAYOUTS`. */
  reportLength: "magtek.report_length",
  /** A length byte is larger than the field it describes. */
  fieldLength: "magtek.field_length",
} as const);
export type MagtekErrorCode = (typeof MagtekErrorCodes)[keyof typeof MagtekErrorCodes];

export class MagtekError extends errorClass<MagtekErrorCode>("protocol") {}
