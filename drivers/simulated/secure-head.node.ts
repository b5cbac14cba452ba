/**
 * A simulated secure card reader head (Node only: TDES via src/crypto): it
 * encrypts each swipe's tracks with TDES DUKPT (ANSI X9.24-1:2009) and hands
 * out only ciphertext, the KSN and masked tracks, as MagTek MagneSafe and
 * IDTech SecureMag heads do (shared/protocols/READERS.md: TDES-CBC, zero IV,
 * zero padding to 8 bytes; which DUKPT key variant encrypts is a per-device
 * setting). Every swipe advances the KSN counter to the next valid value
 * (at most 10 one-bits, X9.24-1 §A.2).
 *
 * The head holds the BDK only because it is a simulation: a real device is
 * injected with its IPEK and never sees the BDK.
 */
import { fromHex, latin1ToBytes, toHex } from "../../src/bytes/index.js";
import type { TrackTexts } from "../../src/card/card.js";
import { maskTrack } from "../../src/card/mask.js";
import {
  type TdesDukptVariant,
  tdesDukptEncrypt,
  tdesKsnCounter,
  tdesKsnWithCounter,
  tdesNextCounter,
} from "../../src/crypto/dukpt-tdes.js";
import type { Key } from "../../src/crypto/key.js";
import type { EncryptedCardData } from "../../src/reader/types.js";
import type { SecureHead, SecureSwipe } from "./reader.js";

/** Reader families and the DUKPT key each encrypts tracks under by default (READERS.md, docs/emv-and-crypto.md). */
export const SECURE_HEAD_FAMILIES = {
  magtek: {
    variant: "pin",
    event: "pin",
    description: "MagTek MagneSafe / Dynamo default: PIN variant, no one-way function",
  },
  idtech: {
    variant: "data-request",
    event: "data-request",
    description: "IDTech SecureMag / NEO 2: X9.24-1:2009 data key (variant + one-way function)",
  },
} as const satisfies Record<
  string,
  { variant: TdesDukptVariant; event: EncryptedCardData["variant"]; description: string }
>;
export type SecureHeadFamily = keyof typeof SECURE_HEAD_FAMILIES;

/** The X9.24-1:2009 Annex A test KSN (key set FFFF9876543210E, counter 0). TEST DATA ONLY. */
export const TEST_INITIAL_KSN = "FFFF9876543210E00000";

export interface SimulatedSecureHeadOptions {
  /** Base derivation key (TEST key only; a real head holds an IPEK). */
  readonly bdk: Uint8Array | Key;
  /** 10-byte KSN hex whose counter the first swipe advances from (default `TEST_INITIAL_KSN`). */
  readonly initialKsn?: string;
  readonly family?: SecureHeadFamily;
}

export class SimulatedSecureHead implements SecureHead {
  readonly family: SecureHeadFamily;
  readonly #bdk: Uint8Array | Key;
  #ksn: Uint8Array;

  constructor(options: SimulatedSecureHeadOptions) {
    this.#bdk = options.bdk;
    this.family = options.family ?? "idtech";
    this.#ksn = fromHex(options.initialKsn ?? TEST_INITIAL_KSN);
  }

  /** The KSN of the last swipe (hex), or the initial one before any. */
  get ksn(): string {
    return toHex(this.#ksn);
  }

  encrypt(tracks: TrackTexts): SecureSwipe {
    this.#ksn = tdesKsnWithCounter(this.#ksn, tdesNextCounter(tdesKsnCounter(this.#ksn)));
    const f = SECURE_HEAD_FAMILIES[this.family];
    const enc = (t: string) => tdesDukptEncrypt(this.#bdk, this.#ksn, latin1ToBytes(t), { variant: f.variant });
    const encrypted: EncryptedCardData = {
      ksn: this.#ksn.slice(),
      scheme: "tdes-dukpt",
      variant: f.event,
      ...(tracks.track1 !== undefined && { track1: enc(tracks.track1) }),
      ...(tracks.track2 !== undefined && { track2: enc(tracks.track2) }),
    };
    return {
      encrypted,
      masked: {
        ...(tracks.track1 !== undefined && { track1: maskTrack(tracks.track1) }),
        ...(tracks.track2 !== undefined && { track2: maskTrack(tracks.track2) }),
      },
    };
  }

  toString(): string {
    return `SimulatedSecureHead(${this.family}, KSN ${this.ksn})`;
  }
  toJSON(): { family: SecureHeadFamily; ksn: string } {
    return { family: this.family, ksn: this.ksn };
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
