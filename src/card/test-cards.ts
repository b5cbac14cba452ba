/**
 * Public test PANs, one or more per brand, as data: each passes Luhn, has a
 * length its brand issues and is published by processors for sandbox use, so
 * it can appear in docs and simulators. Never a real card. The simulator, the
 * demo and the tests build Track 1 / Track 2 from these rows.
 */
import { buildTrack1 } from "./track1.js";
import { buildTrack2 } from "./track2.js";
import type { CardBrand } from "./types.js";

export interface TestCard {
  readonly id: string;
  readonly brand: Exclude<CardBrand, "unknown">;
  readonly pan: string;
  /** Track 1 name, `SURNAME/FIRST`. */
  readonly name: string;
  /** YYMM. */
  readonly expiry: string;
  readonly serviceCode: string;
  /** Track 2 discretionary digits (Track 1 carries the same). */
  readonly discretionary: string;
  readonly description: string;
}

export const TEST_CARDS = [
  {
    id: "visa",
    brand: "visa",
    pan: "4111111111111111",
    name: "TEST/VISA",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Visa classic, magstripe only, the most widely published test PAN",
  },
  {
    id: "visa-2",
    brand: "visa",
    pan: "4012888888881881",
    name: "TEST/VISA TWO",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Visa, second common sandbox PAN",
  },
  {
    id: "visa-13",
    brand: "visa",
    pan: "4222222222222",
    name: "TEST/VISA SHORT",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Visa 13-digit PAN (legacy length)",
  },
  {
    id: "visa-chip",
    brand: "visa",
    pan: "4000056655665556",
    name: "TEST/VISA CHIP",
    expiry: "3012",
    serviceCode: "201",
    discretionary: "1000000000",
    description: "Visa debit with chip (service code 201): a swipe is a fallback",
  },
  {
    id: "visa-expired",
    brand: "visa",
    pan: "4111111111111111",
    name: "TEST/EXPIRED",
    expiry: "1912",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Visa expired December 2019: parses, the host should decline",
  },
  {
    id: "mastercard",
    brand: "mastercard",
    pan: "5555555555554444",
    name: "TEST/MASTERCARD",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Mastercard 5-series",
  },
  {
    id: "mastercard-2series",
    brand: "mastercard",
    pan: "2223003122003222",
    name: "TEST/MC TWO SERIES",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Mastercard 2-series (2221–2720)",
  },
  {
    id: "mastercard-debit-pin",
    brand: "mastercard",
    pan: "5200828282828210",
    name: "TEST/MC DEBIT",
    expiry: "3012",
    serviceCode: "120",
    discretionary: "1000000000",
    description: "Mastercard debit, service code 120: online authorization, PIN required",
  },
  {
    id: "amex",
    brand: "amex",
    pan: "378282246310005",
    name: "TEST/AMEX",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "American Express 37",
  },
  {
    id: "amex-34",
    brand: "amex",
    pan: "371449635398431",
    name: "TEST/AMEX TWO",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "American Express, second sandbox PAN",
  },
  {
    id: "discover",
    brand: "discover",
    pan: "6011111111111117",
    name: "TEST/DISCOVER",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Discover 6011",
  },
  {
    id: "discover-2",
    brand: "discover",
    pan: "6011000990139424",
    name: "TEST/DISCOVER TWO",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Discover, second sandbox PAN",
  },
  {
    id: "jcb",
    brand: "jcb",
    pan: "3530111333300000",
    name: "TEST/JCB",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "JCB 3530",
  },
  {
    id: "jcb-2",
    brand: "jcb",
    pan: "3566002020360505",
    name: "TEST/JCB TWO",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "JCB 3566",
  },
  {
    id: "diners",
    brand: "diners",
    pan: "36227206271667",
    name: "TEST/DINERS",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Diners Club International 36, 14 digits",
  },
  {
    id: "diners-305",
    brand: "diners",
    pan: "30569309025904",
    name: "TEST/DINERS TWO",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Diners Club 305, 14 digits",
  },
  {
    id: "unionpay",
    brand: "unionpay",
    pan: "6200000000000005",
    name: "TEST/UNIONPAY",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "UnionPay 62, 16 digits",
  },
  {
    id: "unionpay-19",
    brand: "unionpay",
    pan: "6205500000000000004",
    name: "TEST/UNIONPAY LONG",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "UnionPay 19-digit PAN: Track 2 near its 40-character limit",
  },
  {
    id: "maestro",
    brand: "maestro",
    pan: "6759649826438453",
    name: "TEST/MAESTRO",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Maestro UK 6759",
  },
  {
    id: "maestro-6304",
    brand: "maestro",
    pan: "6304000000000000",
    name: "TEST/MAESTRO TWO",
    expiry: "3012",
    serviceCode: "101",
    discretionary: "1000000000",
    description: "Maestro 6304 (ex-Laser)",
  },
] as const satisfies readonly TestCard[];

export type TestCardId = (typeof TEST_CARDS)[number]["id"];

/** The test card with `id`; throws a `RangeError` naming the known ids otherwise (a programming error). */
export function testCard(id: TestCardId | (string & {})): TestCard {
  const card = TEST_CARDS.find((c) => c.id === id);
  if (card === undefined)
    throw new RangeError(`no test card "${id}" (known: ${TEST_CARDS.map((c) => c.id).join(", ")})`);
  return card;
}

/** Track 1 and Track 2 text (sentinels included, no LRC) for a test card. */
export function testCardTracks(card: TestCard): { readonly track1: string; readonly track2: string } {
  return {
    track1: buildTrack1({
      pan: card.pan,
      name: card.name,
      expiry: card.expiry,
      serviceCode: card.serviceCode,
      discretionary: card.discretionary,
    }),
    track2: buildTrack2({
      pan: card.pan,
      expiry: card.expiry,
      serviceCode: card.serviceCode,
      discretionary: card.discretionary,
    }),
  };
}
