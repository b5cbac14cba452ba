/**
 * Inspection views of a message: a masked pretty-print and a JSON form
 * (`{"mti": "0200", "fields": {"2": "…"}}`, field numbers as strings, text as
 * is, bytes as uppercase hex, DE 55 as `{hex?, tlv}`). `messageFromJSON` reads
 * the revealed JSON form back, so `iso decode --reveal | iso encode` round-trips.
 */
import { fromHex } from "../bytes/index.js";
import { Iso8583Error, Iso8583ErrorCodes } from "./errors.js";
import { fieldText, iccView, type ViewOptions } from "./mask.js";
import type { FieldValue, IsoMessage, MessageSpec } from "./types.js";

export type { ViewOptions } from "./mask.js";

export interface IsoMessageJSON {
  mti: string;
  fields: Record<string, string | object>;
  header?: string;
}

function sortedFields(message: IsoMessage): number[] {
  return Object.keys(message.fields)
    .map(Number)
    .sort((a, b) => a - b);
}

/** JSON view; masked unless `reveal`. DE 55 (mask `emv`) becomes `{hex?, tlv | error}`. */
export function messageToJSON(spec: MessageSpec, message: IsoMessage, options?: ViewOptions): IsoMessageJSON {
  const fields: Record<string, string | object> = {};
  for (const de of sortedFields(message)) {
    const v = message.fields[de] as FieldValue;
    const f = spec.fields[de];
    fields[String(de)] = f?.mask === "emv" ? iccView(v, options) : fieldText(f, v, options);
  }
  const out: IsoMessageJSON = { mti: message.mti, fields };
  if (message.header !== undefined) out.header = fieldText(undefined, message.header);
  return out;
}

/** Multi-line masked text: MTI, then one line per field with its description. */
export function describeMessage(spec: MessageSpec, message: IsoMessage, options?: ViewOptions): string {
  const lines = [`MTI ${message.mti} (spec ${spec.name})`];
  if (message.header !== undefined) lines.push(`header ${fieldText(undefined, message.header)}`);
  for (const de of sortedFields(message)) {
    const v = message.fields[de] as FieldValue;
    const f = spec.fields[de];
    const head = `DE ${String(de).padEnd(3)} ${(f?.description ?? "undefined in spec").slice(0, 44).padEnd(44)}`;
    if (f?.mask === "emv") {
      const view = iccView(v, options);
      lines.push(`${head} ${view.hex ?? `[${v.length} ${typeof v === "string" ? "characters" : "bytes"}]`}`);
      if (view.error !== undefined) lines.push(`         ${view.error}`);
      const walk = (items: NonNullable<typeof view.tlv>, indent: string): void => {
        for (const t of items) {
          lines.push(`${indent}${t.tag} ${t.name} (${t.length})${t.value !== undefined ? ` ${t.value}` : ""}`);
          if (t.children !== undefined) walk(t.children, `${indent}  `);
        }
      };
      if (view.tlv !== undefined) walk(view.tlv, "         ");
    } else lines.push(`${head} ${fieldText(f, v, options)}`);
  }
  return lines.join("\n");
}

function jsonError(what: string, field: string): Iso8583Error {
  return new Iso8583Error(Iso8583ErrorCodes.value, `${field}: ${what}`, { field });
}

/** Reads the JSON form back: text fields from strings, `b` fields from hex (DE 55 also from `{hex}`). */
export function messageFromJSON(spec: MessageSpec, json: unknown): IsoMessage {
  if (typeof json !== "object" || json === null) throw jsonError("expected an object {mti, fields}", "message");
  const { mti, fields, header } = json as { mti?: unknown; fields?: unknown; header?: unknown };
  if (typeof mti !== "string") throw jsonError("mti must be a string", "MTI");
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw jsonError("fields must be an object keyed by field number", "fields");
  }
  const out: Record<number, FieldValue> = {};
  for (const [key, raw] of Object.entries(fields as Record<string, unknown>)) {
    const label = `DE ${key}`;
    if (!/^[0-9]{1,3}$/.test(key)) throw jsonError("field keys must be field numbers", label);
    const f = spec.fields[Number(key)];
    if (f === undefined) throw jsonError(`the spec ${spec.name} defines no such field`, label);
    let text: unknown = raw;
    if (typeof raw === "object" && raw !== null && "hex" in raw) text = (raw as { hex: unknown }).hex;
    if (typeof text !== "string") throw jsonError("value must be a string (or {hex} for DE 55)", label);
    if (f.type === "b") {
      try {
        out[Number(key)] = fromHex(text);
      } catch (e) {
        throw new Iso8583Error(Iso8583ErrorCodes.value, `${label}: binary field needs hex text`, {
          field: label,
          cause: e,
        });
      }
    } else out[Number(key)] = text;
  }
  if (header !== undefined) {
    if (typeof header !== "string") throw jsonError("header must be hex text", "header");
    return { mti, fields: out, header: fromHex(header) };
  }
  return { mti, fields: out };
}
