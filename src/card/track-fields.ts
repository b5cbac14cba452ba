/**
 * The fixed-width tail both tracks share after the PAN (and, on Track 1, the
 * name): expiry YYMM then service code, each either present in full or
 * replaced by a field separator (ISO/IEC 7813), then discretionary data up to
 * the end sentinel.
 */
import { CardError, CardErrorCodes } from "./errors.js";
import { parseExpiry } from "./expiry.js";
import { parseServiceCode } from "./service-code.js";
import type { Expiry, ServiceCode } from "./types.js";

export interface TrackTail {
  readonly expiry?: Expiry;
  readonly serviceCode?: ServiceCode;
  readonly discretionary: string;
}

/**
 * Parses from `pos` (just after the separator that ends the previous field) to
 * the end sentinel at `text.length - 1`.
 */
export function parseTrackTail(text: string, pos: number, separator: string, track: string): TrackTail {
  const end = text.length - 1;
  let expiry: Expiry | undefined;
  if (text[pos] === separator) {
    pos += 1;
  } else {
    if (pos + 4 > end) {
      throw new CardError(
        CardErrorCodes.expiry,
        `${track}.expiry: expected YYMM or "${separator}" at offset ${pos}, found ${end - pos} characters before the end sentinel`,
        { field: `${track}.expiry`, offset: pos },
      );
    }
    expiry = parseExpiry(text.slice(pos, pos + 4), `${track}.expiry`, pos);
    pos += 4;
  }
  let serviceCode: ServiceCode | undefined;
  if (text[pos] === separator) {
    pos += 1;
  } else {
    if (pos + 3 > end) {
      throw new CardError(
        CardErrorCodes.serviceCode,
        `${track}.serviceCode: expected 3 digits or "${separator}" at offset ${pos}, found ${end - pos} characters before the end sentinel`,
        { field: `${track}.serviceCode`, offset: pos },
      );
    }
    serviceCode = parseServiceCode(text.slice(pos, pos + 3), `${track}.serviceCode`, pos);
    pos += 3;
  }
  return {
    ...(expiry !== undefined && { expiry }),
    ...(serviceCode !== undefined && { serviceCode }),
    discretionary: text.slice(pos, end),
  };
}

/** Builder side: the expiry and service code text, separators for absent fields. */
export function buildTrackTail(
  expiry: Expiry | string | undefined,
  serviceCode: ServiceCode | string | undefined,
  separator: string,
): string {
  const e = expiry === undefined ? separator : typeof expiry === "string" ? expiry : expiry.yymm;
  const s = serviceCode === undefined ? separator : typeof serviceCode === "string" ? serviceCode : serviceCode.code;
  return e + s;
}

/**
 * After a builder parsed its own output: every field must come back as given.
 * A separator smuggled into a field (e.g. `^` in a name) parses but shifts
 * the fields; this names the first field that moved, without its value.
 */
export function checkBuiltFields(
  track: string,
  given: {
    readonly pan: string;
    readonly name?: string;
    readonly expiry?: Expiry | string;
    readonly serviceCode?: ServiceCode | string;
    readonly discretionary?: string;
  },
  parsed: { readonly pan: string; readonly name?: string } & TrackTail,
): void {
  const yymm = (e: Expiry | string | undefined) => (typeof e === "object" ? e.yymm : e);
  const code = (s: ServiceCode | string | undefined) => (typeof s === "object" ? s.code : s);
  const checks = [
    ["pan", CardErrorCodes.pan, given.pan, parsed.pan],
    ["name", CardErrorCodes.name, given.name?.replace(/ +$/, ""), parsed.name],
    ["expiry", CardErrorCodes.expiry, yymm(given.expiry), parsed.expiry?.yymm],
    ["serviceCode", CardErrorCodes.serviceCode, code(given.serviceCode), parsed.serviceCode?.code],
    ["discretionary", CardErrorCodes.charset, given.discretionary ?? "", parsed.discretionary],
  ] as const;
  for (const [field, errorCode, want, got] of checks) {
    if (want !== got) {
      throw new CardError(
        errorCode,
        `${track}.${field}: the value given contains a separator or sentinel and does not survive encoding`,
        {
          field: `${track}.${field}`,
        },
      );
    }
  }
}
