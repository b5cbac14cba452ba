/**
 * What the terminal and simulator put on the wire: an ISO 8583 spec (default
 * `cardwire87ascii`: iso87ascii, ISO 8583:1987 in ASCII, with DE 48 read as
 * cardwire's secure-data subelements, so views mask the track ciphertexts;
 * byte-identical on the wire) inside 2-byte big-endian length
 * framing. One adapter over src/iso8583 so links and servers stay
 * codec-agnostic (a test can swap the spec or the framing).
 */
import {
  Deframer,
  type Framing,
  frameMessage,
  getSpec,
  type IsoMessage,
  type MessageSpec,
  packMessage,
  unpackMessage,
} from "../iso8583/index.js";

export interface WireCodec {
  readonly spec: MessageSpec;
  encode(message: IsoMessage): Uint8Array;
  /** Throws a CardwireError (iso8583.*) on malformed bytes. */
  decode(payload: Uint8Array): IsoMessage;
  frame(payload: Uint8Array): Uint8Array;
  /** A fresh stateful deframer: push socket chunks, get whole payloads. */
  deframer(): { push(chunk: Uint8Array): Uint8Array[] };
}

export const DEFAULT_SPEC = "cardwire87ascii";
export const DEFAULT_FRAMING: StreamFraming = "2byte";

/** Stream framings (a TCP stream needs a length header). */
export type StreamFraming = Exclude<Framing, "none">;

export function wireCodec(specName: string = DEFAULT_SPEC, framing: StreamFraming = DEFAULT_FRAMING): WireCodec {
  const spec = getSpec(specName);
  return {
    spec,
    // Pooled outputs: these bytes go straight to a socket and are never transferred or cloned.
    encode: (m) => packMessage(spec, m, { pooled: true }),
    decode: (b) => unpackMessage(spec, b),
    frame: (p) => frameMessage(p, framing, { pooled: true }),
    deframer: () => new Deframer(framing),
  };
}
