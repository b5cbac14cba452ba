/**
 * A simulated EMV chip card that computes real application cryptograms
 * (Node only: TDES through src/crypto over node:crypto).
 *
 * Personalisation as an issuer does it (EMV 4.4 Book 2 Annex A1): the issuer
 * master key for application cryptograms (IMK-AC) and the PAN + PSN give the
 * ICC master key by option A (A1.4.1). Per transaction:
 *  - `emv-minimum`: EMV common session key from the ATC (A1.3.1), ARQC = ISO
 *    9797-1 MAC algorithm 3 over the Book 2 §8.1.1 minimum data set, padding
 *    method 2 (§8.1.2); ARPC method 1 under the same session key (§8.2.1).
 *  - `visa-cvn10`: Visa CVN 10 uses the ICC master key (UDK) itself, no
 *    session key; the data are the minimum set + the CVR, zero padding (VIS
 *    1.4 Appendix D); ARPC method 1 under the UDK.
 *
 * The card also checks an issuer's ARPC (`externalAuthenticate`, Book 3
 * §6.5.4): a terminal cannot, it only passes tag 91 to the card.
 */
import { bytesEqual, constantTimeEqual, fromHex, latin1ToBytes } from "../../src/bytes/index.js";
import { buildTrack2 } from "../../src/card/track2.js";
import type { TestCard } from "../../src/card/test-cards.js";
import {
  acSessionKeyR,
  deriveCommonSessionKey,
  deriveIccMasterKeyOptionA,
  generateArpcMethod1,
  generateArqc,
} from "../../src/crypto/emv.js";
import { CRYPTOGRAM_PROFILES, cryptogramInput, splitIssuerAuthenticationData } from "../../src/emv/index.js";
import { ReaderError, ReaderErrorCodes } from "../../src/reader/errors.js";
import type { SimulatedIcc } from "./chip.js";

/**
 * How each supported cryptogram version keys and lays out its data. The IAD
 * is Visa's format (length 06, DKI, CVN, CVR with its own length byte 03;
 * VIS 1.4 Appendix A); `emv-minimum` does not MAC it, CVN 10 MACs the CVR.
 */
export const CHIP_PROFILES = {
  "visa-cvn10": {
    sessionKey: "none",
    iad: "06010A03A00000",
    aip: "1800",
    description: "Visa CVN 10: ARQC and ARPC under the ICC master key (UDK), minimum data + CVR, zero padding",
  },
  "emv-minimum": {
    sessionKey: "common",
    iad: "06010003A00000",
    aip: "1800",
    description: "EMV common session key from the ATC (Book 2 A1.3.1), minimum data set, padding method 2",
  },
} as const;
export type ChipProfileName = keyof typeof CHIP_PROFILES;

/** The key a profile computes cryptograms under for one ATC: the session key, or the ICC master key itself. */
export function cryptogramKey(profile: ChipProfileName, iccMasterKey: Uint8Array, atc: Uint8Array): Uint8Array {
  return CHIP_PROFILES[profile].sessionKey === "common"
    ? deriveCommonSessionKey(iccMasterKey, acSessionKeyR(atc))
    : iccMasterKey.slice();
}

export interface SimulatedEmvCardOptions {
  readonly card: Pick<TestCard, "pan" | "expiry" | "serviceCode" | "discretionary">;
  /** IMK-AC of the card's issuer, 16 bytes (a TEST key: see src/acquirer/test-keys.ts). */
  readonly issuerMasterKey: Uint8Array;
  readonly profile?: ChipProfileName;
  /** PAN sequence number, 2 digits (default "00"). */
  readonly panSequenceNumber?: string;
  /** The ATC the next GENERATE AC uses (default 1). */
  readonly atc?: number;
}

export class SimulatedEmvCard implements SimulatedIcc {
  readonly track2: string;
  readonly panSequenceNumber: string;
  readonly profile: ChipProfileName;
  readonly #pan: string;
  readonly #mk: Uint8Array;
  #atc: number;
  #last: { readonly atc: Uint8Array; readonly arqc: Uint8Array } | undefined;

  constructor(options: SimulatedEmvCardOptions) {
    const { card } = options;
    this.profile = options.profile ?? "emv-minimum";
    this.panSequenceNumber = options.panSequenceNumber ?? "00";
    this.#pan = card.pan;
    this.track2 = buildTrack2({
      pan: card.pan,
      expiry: card.expiry,
      serviceCode: card.serviceCode,
      discretionary: card.discretionary,
    });
    this.#mk = deriveIccMasterKeyOptionA(options.issuerMasterKey, card.pan, this.panSequenceNumber);
    this.#atc = options.atc ?? 1;
  }

  /** The ATC the next GENERATE AC will use. */
  get atc(): number {
    return this.#atc;
  }

  generateAc(terminalData: ReadonlyMap<number, Uint8Array>): ReadonlyMap<number, Uint8Array> {
    // Book 3 §1.4 / Book 2 §8.1: the ATC is 2 bytes and a card that reaches FFFF stops transacting.
    if (this.#atc > 0xffff) {
      throw new ReaderError(ReaderErrorCodes.state, "simulated card: ATC exhausted (FFFF)", { command: "GENERATE AC" });
    }
    const p = CHIP_PROFILES[this.profile];
    const atc = Uint8Array.of(this.#atc >> 8, this.#atc & 0xff);
    this.#atc += 1;
    const card = new Map<number, Uint8Array>([
      [0x82, fromHex(p.aip)],
      [0x9f36, atc],
      [0x9f10, fromHex(p.iad)],
    ]);
    const data = cryptogramInput(new Map([...terminalData, ...card]), this.profile);
    const key = cryptogramKey(this.profile, this.#mk, atc);
    try {
      const arqc = generateArqc(key, data, CRYPTOGRAM_PROFILES[this.profile].padding);
      this.#last = { atc, arqc };
      // CID 80: an ARQC (Book 3 Table 14).
      return new Map([...card, [0x9f27, Uint8Array.of(0x80)], [0x9f26, arqc]]);
    } finally {
      key.fill(0);
    }
  }

  /**
   * EXTERNAL AUTHENTICATE with tag 91 from the issuer (ARPC method 1: ARPC ‖
   * ARC): true when the ARPC is the issuer's answer to this card's last ARQC
   * with that ARC. `expectedArc` (e.g. the DE 39 the terminal got, as ASCII)
   * also checks that the ARC was not swapped.
   */
  externalAuthenticate(issuerAuthenticationData: Uint8Array, expectedArc?: string): boolean {
    if (this.#last === undefined) return false;
    if (issuerAuthenticationData.length !== 10) return false;
    const split = splitIssuerAuthenticationData(issuerAuthenticationData, 1);
    if (split.method !== 1) return false;
    const { arpc, arc } = split;
    if (expectedArc !== undefined && !bytesEqual(arc, latin1ToBytes(expectedArc))) return false;
    const key = cryptogramKey(this.profile, this.#mk, this.#last.atc);
    try {
      return constantTimeEqual(generateArpcMethod1(key, this.#last.arqc, arc), arpc);
    } finally {
      key.fill(0);
    }
  }

  /** Never prints key material or the PAN. */
  toString(): string {
    return `SimulatedEmvCard(${this.#pan.slice(0, 6)}…${this.#pan.slice(-4)}, ${this.profile}, ATC ${this.#atc})`;
  }
  toJSON(): { profile: ChipProfileName; atc: number } {
    return { profile: this.profile, atc: this.#atc };
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
