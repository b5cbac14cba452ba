/**
 * Inspection views of a message: a masked pretty-print and a JSON form
 * (`{"mti": "0200", "fields": {"2": "…"}}`, field numbers as strings, text as
 * is, bytes as uppercase hex, DE 55 and other BER-TLV fields as `{hex?, tlv}`,
 * fields with a text subfield layout as `{value?, subfields}`). `messageFromJSON`
 * reads the revealed JSON form back, so `iso decode --reveal | iso encode`
 * round-trips; it also packs `{subfields}` (and `{tlv}` for a BER-TLV layout)
 * written by hand.
 */
import { fromHex } from "../bytes/index.js";
import { Iso8583Error, Iso8583ErrorCodes } from "./errors.js";
import { fieldText, iccView, type SubfieldsView, subfieldsView, type ViewOptions } from "./mask.js";
import { packSubfields, type SubfieldsInput } from "./subfields.js";
import type { FieldSpec, FieldValue, IsoMessage, MessageSpec, PositionalLayout, TlvLayout } from "./types.js";

export type { SubfieldItemView, SubfieldsView, ViewOptions } from "./mask.js";

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

type Shown = "icc" | "subfields" | "text";

/** DE 55 (mask `emv`) and BER-TLV layouts show as ICC data, text layouts as subfields. */
function shownAs(f: FieldSpec | undefined): Shown {
  if (f?.mask === "emv" || f?.subfields?.kind === "ber-tlv") return "icc";
  return f?.subfields === undefined ? "text" : "subfields";
}

function textLayout(f: FieldSpec): TlvLayout | PositionalLayout {
  return f.subfields as TlvLayout | PositionalLayout;
}

/**
 * JSON view; masked unless `reveal`. DE 55 (mask `emv`) and BER-TLV layouts become
 * `{hex?, tlv | error}`; text layouts `{value?, subfields, unknownTags?}` or `{value, error}`.
 */
export function messageToJSON(spec: MessageSpec, message: IsoMessage, options?: ViewOptions): IsoMessageJSON {
  const fields: Record<string, string | object> = {};
  for (const de of sortedFields(message)) {
    const v = message.fields[de] as FieldValue;
    const f = spec.fields[de];
    const shown = shownAs(f);
    fields[String(de)] =
      shown === "icc"
        ? iccView(v, options, `DE ${de}`)
        : shown === "subfields"
          ? subfieldsView(f as FieldSpec, textLayout(f as FieldSpec), v, de, options)
          : fieldText(f, v, options);
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
    const shown = shownAs(f);
    if (shown === "subfields") {
      const layout = textLayout(f as FieldSpec);
      describeSubfields(lines, head, layout, subfieldsView(f as FieldSpec, layout, v, de, options), v);
    } else if (shown === "icc") {
      const view = iccView(v, options, `DE ${de}`);
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

function describeSubfields(
  lines: string[],
  head: string,
  layout: TlvLayout | PositionalLayout,
  view: SubfieldsView,
  v: FieldValue,
): void {
  lines.push(`${head} ${view.value ?? `[${v.length} characters]`}`);
  if (view.error !== undefined) lines.push(`         ${view.error}`);
  const names = new Set(layout.kind === "tlv" ? (layout.prefix ?? []).map((p) => p.name) : []);
  for (const s of view.subfields ?? []) {
    const id = layout.kind === "tlv" && !names.has(s.id) ? `SE ${s.id}` : s.id;
    lines.push(`         ${id} ${s.name} (${s.length}) ${s.value}`);
  }
}

function jsonError(what: string, field: string): Iso8583Error {
  return new Iso8583Error(Iso8583ErrorCodes.value, `${field}: ${what}`, { field });
}

/**
 * A field given as an object without `hex`: `{tlv}` for a BER-TLV layout, `{subfields}` (list of
 * `{id, value}` or object of strings) for a text layout, packed with `packSubfields`; `{value}`
 * as is. With both `value` and `subfields` (the revealed view), they must agree.
 */
function fromObject(f: FieldSpec, de: number, raw: Record<string, unknown>, label: string): FieldValue {
  const layout = f.subfields;
  if (layout === undefined) throw jsonError("value must be a string (or {hex} for DE 55)", label);
  if ("tlv" in raw && layout.kind === "ber-tlv") return packSubfields(layout, raw.tlv as SubfieldsInput, { de });
  const value = raw.value;
  if (value !== undefined && (typeof value !== "string" || f.type === "b")) {
    throw jsonError(f.type === "b" ? "binary field needs hex text or {hex}" : "value must be a string", label);
  }
  if ("subfields" in raw && layout.kind !== "ber-tlv") {
    const packed = packSubfields(layout, raw.subfields as SubfieldsInput, { de });
    if (value !== undefined && value !== packed) {
      throw jsonError("value and subfields disagree (edit one, drop the other)", label);
    }
    return packed;
  }
  if (value !== undefined) return value;
  throw jsonError(
    layout.kind === "ber-tlv"
      ? "give {hex} or {tlv: [{tag, value | children}]}"
      : "give {subfields: [{id, value}] | {id: value}} or {value}",
    label,
  );
}

/**
 * Reads the JSON form back: text fields from strings, `b` fields from hex (DE 55 also from `{hex}`),
 * fields with a subfield layout also from `{subfields}` or `{tlv}` (see `fromObject`).
 */
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
    const de = Number(key);
    if (typeof raw === "object" && raw !== null && !Array.isArray(raw) && !("hex" in raw)) {
      out[de] = fromObject(f, de, raw as Record<string, unknown>, label);
      continue;
    }
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
