/**
 * Message authentication over the packed ISO 8583 message (portable half; the
 * MAC algorithm is a `MacProvider`, e.g. `retailMacProvider` in mac.node.ts).
 *
 * ISO 8583:1987: the MAC is the last field of the message — DE 64 when only
 * the primary bitmap is present, DE 128 when a secondary bitmap is (DE 65–127
 * follow DE 64, so DE 64 could not be last). The MAC input is the packed
 * message from the MTI up to, not including, the MAC field; the bitmap bit for
 * the MAC field is set in that input.
 */
import { type IsoMessage, unpack } from "../iso8583/index.js";
import type { WireCodec } from "./codec.js";
import type { MacProvider } from "./host-link.js";

/** 64 or 128: where the MAC of `message` goes. */
export function macFieldOf(message: IsoMessage): 64 | 128 {
  for (const k of Object.keys(message.fields)) {
    const de = Number(k);
    if (de > 64 && de !== 128) return 128;
  }
  return 64;
}

function withoutMac(message: IsoMessage): IsoMessage {
  const fields = { ...message.fields };
  delete fields[64];
  delete fields[128];
  return { mti: message.mti, fields };
}

/** The bytes the MAC covers: the message packed with a zero MAC, cut before the MAC field. */
export function macInput(codec: WireCodec, message: IsoMessage): Uint8Array {
  const base = withoutMac(message);
  const field = macFieldOf(base);
  const packed = codec.encode({ mti: base.mti, fields: { ...base.fields, [field]: new Uint8Array(8) } });
  const at = unpack(codec.spec, packed).fields.find((f) => f.de === field);
  // The codec put the field there a moment ago; not finding it would be a codec bug.
  return packed.subarray(0, at?.offset ?? packed.length);
}

/** A copy of `message` carrying its MAC in DE 64 or DE 128. */
export async function signMessage(codec: WireCodec, message: IsoMessage, mac: MacProvider): Promise<IsoMessage> {
  const base = withoutMac(message);
  const value = await mac.sign(macInput(codec, base));
  return { mti: base.mti, fields: { ...base.fields, [macFieldOf(base)]: value } };
}

export type MacCheck = "valid" | "invalid" | "missing";

/**
 * Checks a received message's MAC against the exact bytes it arrived in
 * (`payload`, the deframed message): the MAC input is the payload up to the
 * MAC field, so a peer's packing choices cannot make a good MAC fail.
 */
export async function checkMessageMac(
  codec: WireCodec,
  payload: Uint8Array,
  message: IsoMessage,
  mac: MacProvider,
): Promise<MacCheck> {
  const field = macFieldOf(withoutMac(message));
  const value = message.fields[field];
  const other = field === 64 ? 128 : 64;
  if (!(value instanceof Uint8Array) || message.fields[other] !== undefined) return "missing";
  const at = unpack(codec.spec, payload).fields.find((f) => f.de === field);
  if (at === undefined || at.offset + at.length !== payload.length) return "invalid";
  return (await mac.verify(payload.subarray(0, at.offset), value)) ? "valid" : "invalid";
}
