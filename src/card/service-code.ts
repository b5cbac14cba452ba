/**
 * The three-digit service code on Track 1 and Track 2, as tables: ISO/IEC
 * 7813 ("service code") defines each position's values; a value the standard
 * leaves unassigned is an error (`card.service_code`), with the offending
 * position as offset (0–2, relative to the code).
 */
import { CardError, CardErrorCodes } from "./errors.js";
import type { ServiceCode } from "./types.js";

/** Position 1: interchange rules and technology. */
export const SERVICE_CODE_POSITION_1 = {
  "1": { interchange: "international", chipPresent: false, description: "International interchange OK" },
  "2": {
    interchange: "international",
    chipPresent: true,
    description: "International interchange, use IC (chip) where feasible",
  },
  "5": {
    interchange: "national",
    chipPresent: false,
    description: "National interchange only, except under bilateral agreement",
  },
  "6": {
    interchange: "national",
    chipPresent: true,
    description: "National interchange only, use IC (chip) where feasible",
  },
  "7": { interchange: "private", chipPresent: false, description: "No interchange except under bilateral agreement" },
  "9": { interchange: "test", chipPresent: false, description: "Test" },
} as const satisfies Record<string, Pick<ServiceCode, "interchange" | "chipPresent"> & { description: string }>;

/** Position 2: authorization processing. */
export const SERVICE_CODE_POSITION_2 = {
  "0": { authorization: "normal", description: "Normal authorization" },
  "2": { authorization: "by_issuer", description: "Contact issuer via online means" },
  "4": {
    authorization: "by_issuer_unless_bilateral",
    description: "Contact issuer via online means except under bilateral agreement",
  },
} as const satisfies Record<string, Pick<ServiceCode, "authorization"> & { description: string }>;

/**
 * Position 3: allowed services and PIN requirements. `pin: "none"` means the
 * service code itself imposes no PIN requirement.
 */
export const SERVICE_CODE_POSITION_3 = {
  "0": { services: "no_restrictions", pin: "required", description: "No restrictions, PIN required" },
  "1": { services: "no_restrictions", pin: "none", description: "No restrictions" },
  "2": { services: "goods_and_services", pin: "none", description: "Goods and services only (no cash)" },
  "3": { services: "atm_only", pin: "required", description: "ATM only, PIN required" },
  "4": { services: "cash_only", pin: "none", description: "Cash only" },
  "5": {
    services: "goods_and_services",
    pin: "required",
    description: "Goods and services only (no cash), PIN required",
  },
  "6": {
    services: "no_restrictions",
    pin: "prompt_if_pin_pad",
    description: "No restrictions, prompt for PIN if PIN pad present",
  },
  "7": {
    services: "goods_and_services",
    pin: "prompt_if_pin_pad",
    description: "Goods and services only (no cash), prompt for PIN if PIN pad present",
  },
} as const satisfies Record<string, Pick<ServiceCode, "services" | "pin"> & { description: string }>;

function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * Decodes a service code. `field` and `baseOffset` place errors inside a
 * track (e.g. `track2.serviceCode` at offset 22); by default they are
 * relative to `code`.
 */
export function parseServiceCode(code: string, field = "serviceCode", baseOffset = 0): ServiceCode {
  if (!/^[0-9]{3}$/.test(code)) {
    const bad = code.search(/[^0-9]/);
    const where = bad >= 0 ? `non-digit at offset ${baseOffset + bad}` : `${code.length} digits`;
    throw new CardError(CardErrorCodes.serviceCode, `${field}: expected 3 digits, found ${where}`, {
      field,
      offset: baseOffset + Math.max(bad, 0),
    });
  }
  const p1 = lookup(SERVICE_CODE_POSITION_1, code[0]!);
  const p2 = lookup(SERVICE_CODE_POSITION_2, code[1]!);
  const p3 = lookup(SERVICE_CODE_POSITION_3, code[2]!);
  const badPos = p1 === undefined ? 0 : p2 === undefined ? 1 : p3 === undefined ? 2 : -1;
  if (p1 === undefined || p2 === undefined || p3 === undefined) {
    const allowed = [SERVICE_CODE_POSITION_1, SERVICE_CODE_POSITION_2, SERVICE_CODE_POSITION_3][badPos]!;
    throw new CardError(
      CardErrorCodes.serviceCode,
      `${field}: position ${badPos + 1} value ${code[badPos]} is not defined by ISO/IEC 7813 (expected one of ${Object.keys(allowed).join(", ")}) at offset ${baseOffset + badPos}`,
      { field, offset: baseOffset + badPos },
    );
  }
  return {
    code,
    interchange: p1.interchange,
    chipPresent: p1.chipPresent,
    authorization: p2.authorization,
    services: p3.services,
    pin: p3.pin,
  };
}

/** Human description of each position, for display and docs. */
export function describeServiceCode(sc: ServiceCode): readonly [string, string, string] {
  const [a, b, c] = sc.code;
  return [
    lookup(SERVICE_CODE_POSITION_1, a!)?.description ?? "",
    lookup(SERVICE_CODE_POSITION_2, b!)?.description ?? "",
    lookup(SERVICE_CODE_POSITION_3, c!)?.description ?? "",
  ];
}
