/**
 * ISO 8583 DE 55 (ICC system-related data) as EMV data: build it for an
 * authorization from what the card and terminal produced, read issuer data
 * (91, 71/72) out of a response. DE 55 is a flat BER-TLV list (ISO 8583:1993
 * / scheme specs); the field's own length prefix belongs to the ISO 8583 codec.
 */
import { EmvError, EmvErrorCodes } from "./errors.js";
import { checkTagValue, tagInfo } from "./tags.js";
import { parseTag, tagHex } from "./tag-codec.js";
import { decodeTlv, type Tlv } from "./tlv.js";
import { encodeTlv } from "./tlv-encode.js";

/**
 * Tags an authorization request carries, in the order most acquirer specs
 * list them, with whether the schemes require them (Visa VIS / M/Chip
 * "minimum data" for online authorization: the ARQC and the data it covers).
 */
export const DE55_AUTH_TAGS = [
  { tag: 0x9f26, required: true, description: "ARQC" },
  { tag: 0x9f27, required: true, description: "CID" },
  { tag: 0x9f10, required: true, description: "IAD (carries the CVN and CVR)" },
  { tag: 0x9f37, required: true, description: "Unpredictable number covered by the ARQC" },
  { tag: 0x9f36, required: true, description: "ATC, needed to derive the session key" },
  { tag: 0x95, required: true, description: "TVR" },
  { tag: 0x9a, required: true, description: "Transaction date" },
  { tag: 0x9c, required: true, description: "Transaction type" },
  { tag: 0x9f02, required: true, description: "Amount, authorised" },
  { tag: 0x5f2a, required: true, description: "Transaction currency" },
  { tag: 0x82, required: true, description: "AIP" },
  { tag: 0x9f1a, required: true, description: "Terminal country" },
  { tag: 0x9f03, required: false, description: "Amount, other (required when the CDOL asks for it)" },
  { tag: 0x9f33, required: false, description: "Terminal capabilities" },
  { tag: 0x9f34, required: false, description: "CVM results" },
  { tag: 0x9f35, required: false, description: "Terminal type" },
  { tag: 0x9f1e, required: false, description: "IFD serial number" },
  { tag: 0x84, required: false, description: "DF name (AID)" },
  { tag: 0x9f09, required: false, description: "Terminal application version" },
  { tag: 0x9f41, required: false, description: "Transaction sequence counter" },
  { tag: 0x9f6e, required: false, description: "Form factor indicator (contactless)" },
  { tag: 0x5f34, required: false, description: "PAN sequence number" },
] as const;

export interface BuildDe55Options {
  /** Override the tag list (order kept). Defaults to `DE55_AUTH_TAGS`. */
  readonly tags?: readonly { readonly tag: number; readonly required: boolean }[];
  /** Allow PAN/track/name tags; off by default since DE 2/35/45 carry those. */
  readonly allowCardholderData?: boolean;
}

/**
 * Builds DE 55 for an authorization request from tag → value data (a Map, or
 * `[tag, value]` pairs). Missing required tags are `emv.missing`; values
 * outside the dictionary bounds are `emv.format`; PAN and track tags are
 * refused unless `allowCardholderData`.
 */
export function buildDe55(
  data: ReadonlyMap<number, Uint8Array> | Iterable<readonly [number | string, Uint8Array]>,
  options: BuildDe55Options = {},
): Uint8Array {
  const values = new Map<number, Uint8Array>();
  for (const [t, v] of data instanceof Map ? data.entries() : data) values.set(parseTag(t), v);
  const list = options.tags ?? DE55_AUTH_TAGS;
  const items: { tag: number; value: Uint8Array }[] = [];
  for (const { tag, required } of list) {
    const field = `DE 55.${tagHex(tag)}`;
    const v = values.get(tag);
    if (v === undefined) {
      if (required)
        throw new EmvError(EmvErrorCodes.missing, `${field}: required for authorization, not supplied`, { field });
      continue;
    }
    const sens = tagInfo(tag)?.sensitivity;
    if (!options.allowCardholderData && (sens === "pan" || sens === "track" || sens === "personal")) {
      throw new EmvError(EmvErrorCodes.format, `${field}: cardholder data does not belong in DE 55`, { field });
    }
    checkTagValue(tag, v, field);
    items.push({ tag, value: v });
  }
  return encodeTlv(items);
}

/** An issuer script (template 71 or 72, Book 3 §10.10): identifier and commands (86). */
export interface IssuerScript {
  readonly template: 0x71 | 0x72;
  readonly id?: Uint8Array;
  readonly commands: readonly Uint8Array[];
}

export interface IssuerResponseData {
  /** Tag 91 as sent. Interpret with `splitIssuerAuthenticationData`. */
  readonly issuerAuthenticationData?: Uint8Array;
  /** Tag 8A when the host echoes the ARC in DE 55. */
  readonly authorisationResponseCode?: Uint8Array;
  readonly scripts: readonly IssuerScript[];
  /** Every object in the field, in order. */
  readonly items: readonly Tlv[];
}

/** Reads issuer data from a response's DE 55 (strict decode). */
export function readIssuerResponse(de55: Uint8Array): IssuerResponseData {
  const items = decodeTlv(de55, { field: "DE 55" });
  let iad: Uint8Array | undefined;
  let arc: Uint8Array | undefined;
  const scripts: IssuerScript[] = [];
  for (const item of items) {
    if (item.tag === 0x91) {
      checkTagValue(0x91, item.value, "DE 55.91");
      iad = item.value;
    } else if (item.tag === 0x8a) arc = item.value;
    else if (item.tag === 0x71 || item.tag === 0x72) {
      let id: Uint8Array | undefined;
      const commands: Uint8Array[] = [];
      for (const c of item.children ?? []) {
        if (c.tag === 0x9f18) id = c.value;
        else if (c.tag === 0x86) commands.push(c.value);
      }
      scripts.push({ template: item.tag, ...(id !== undefined && { id }), commands });
    }
  }
  return {
    ...(iad !== undefined && { issuerAuthenticationData: iad }),
    ...(arc !== undefined && { authorisationResponseCode: arc }),
    scripts,
    items,
  };
}

export type IssuerAuthenticationData =
  | { readonly method: 1; readonly arpc: Uint8Array; readonly arc: Uint8Array }
  | { readonly method: 2; readonly arpc: Uint8Array; readonly csu: Uint8Array; readonly proprietary: Uint8Array };

/**
 * Splits tag 91 by ARPC method (EMV 4.4 Book 2 §8.2): method 1 is
 * ARPC(8) || ARC(2); method 2 is ARPC(4) || CSU(4) || proprietary data (0–8).
 */
export function splitIssuerAuthenticationData(data: Uint8Array, method: 1 | 2): IssuerAuthenticationData {
  if (method === 1) {
    if (data.length !== 10) {
      throw new EmvError(EmvErrorCodes.format, `DE 55.91: length ${data.length}, expected 10 for ARPC method 1`, {
        field: "DE 55.91",
      });
    }
    return { method, arpc: data.subarray(0, 8), arc: data.subarray(8) };
  }
  if (data.length < 8 || data.length > 16) {
    throw new EmvError(EmvErrorCodes.format, `DE 55.91: length ${data.length}, expected 8–16 for ARPC method 2`, {
      field: "DE 55.91",
    });
  }
  return { method, arpc: data.subarray(0, 4), csu: data.subarray(4, 8), proprietary: data.subarray(8) };
}

/** Builds the response DE 55: tag 91 then any scripts, in that order. */
export function buildIssuerResponse(iad: Uint8Array | undefined, scripts: readonly IssuerScript[] = []): Uint8Array {
  return encodeTlv([
    ...(iad !== undefined ? [{ tag: 0x91, value: iad }] : []),
    ...scripts.map((s) => ({
      tag: s.template,
      children: [
        ...(s.id !== undefined ? [{ tag: 0x9f18, value: s.id }] : []),
        ...s.commands.map((c) => ({ tag: 0x86, value: c })),
      ],
    })),
  ]);
}
