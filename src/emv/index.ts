/** EMV data (portable): BER-TLV, tag dictionary, DOL, DE 55, cryptogram input profiles, masked display. */
export * from "./cryptogram-data.js";
export * from "./de55.js";
export * from "./display.js";
export * from "./dol.js";
export * from "./errors.js";
export * from "./tag-codec.js";
export * from "./tags.js";
export * from "./tlv.js";
export * from "./tlv-encode.js";
