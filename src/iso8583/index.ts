/**
 * ISO 8583 codec: specs as data, pack/unpack, framing, masked views.
 *
 * ```ts
 * const spec = getSpec("iso87ascii");
 * const bytes = packMessage(spec, { mti: "0200", fields: { 3: "000000", 4: "000000001000", 11: "000001" } });
 * const msg = unpackMessage(spec, bytes);
 * const de90 = unpackSubfields(spec.fields[90]!.subfields!, "0200000012…", { de: 90 }); // positional parts
 * ```
 */
export * from "./errors.js";
export type * from "./types.js";
export { compileSpec, defineSpec, deriveSpec, type SpecChanges } from "./spec.js";
export { getSpec, SPEC_NAMES } from "./specs/index.js";
export { ISO87_LAYOUT, ISO93_LAYOUT, type LayoutRow } from "./specs/layouts.js";
export { specFromLayout, type WireStyle } from "./specs/variants.js";
export {
  type CodecOptions,
  packMessage,
  type UnpackedField,
  type UnpackResult,
  unpack,
  unpackMessage,
} from "./message.js";
export { Deframer, type DeframerOptions, deframeAll, type Framing, frameMessage, readFrameLength } from "./framing.js";
export {
  describeMessage,
  type IsoMessageJSON,
  messageFromJSON,
  messageToJSON,
  type SubfieldItemView,
  type SubfieldsView,
  type ViewOptions,
} from "./view.js";
export {
  type BerTlvSubfields,
  checkSubfieldLayout,
  packSubfields,
  type SubfieldEntry,
  type SubfieldOptions,
  type SubfieldsInput,
  subfieldRecord,
  type TextSubfields,
  type TextSubfieldsInput,
  type UnpackedSubfield,
  type UnpackedSubfields,
  unpackSubfields,
} from "./subfields.js";
export {
  BER_TLV,
  BER_TLV_HEX,
  CARDWIRE_SECURE_DATA,
  ISO87_ORIGINAL_DATA_ELEMENTS,
  TLV_N2_N3,
  TLV_TCC_N2_N2,
} from "./specs/subfields.js";
export { EBCDIC_TO_LATIN1, LATIN1_TO_EBCDIC } from "./charsets.js";
