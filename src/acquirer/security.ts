/**
 * The simulator's security checks as a seam (portable): the host asks an
 * implementation about each 0100/0200 before its rules run. Cryptography
 * needs node:crypto, so the implementation with keys is security.node.ts;
 * `AcquirerHost` works without one (no ARQC, DUKPT or MAC checks).
 */
import type { IsoMessage } from "../iso8583/index.js";
import type { RequestCardData } from "../terminal/message.js";

/**
 * Response codes for failed security checks. DE 39 is n 2 in ISO 8583:1987,
 * whose Annex A leaves 76–89 to private use; 82 is the Visa (V.I.P./Base I)
 * code most acquirer dialects copy for a failed card authentication.
 */
export const SECURITY_RESPONSE_CODES = {
  arqc: { code: "82", description: "Negative CAM, dCVV, iCVV or CVV results (Visa dialect): the ARQC did not verify" },
  mac: { code: "63", description: "Security violation (ISO 8583:1987 Annex A): request MAC missing or wrong" },
  format: {
    code: "30",
    description:
      "Format error (ISO 8583:1987 Annex A): DE 48 or DE 55 unreadable, no key for the KSN, or the tracks do not decrypt",
  },
} as const;

export interface SecurityVerdict {
  /** Card data the request carried only encrypted (DE 48), now in the clear for the rules. */
  readonly card?: RequestCardData;
  /** A failed check: answer this, run no rules, post nothing. */
  readonly reject?: { readonly responseCode: string; readonly note: string };
  /** DE 55 for the response (tag 91: ARPC ‖ ARC) once the response code is known. */
  readonly issuerResponse?: (responseCode: string) => Uint8Array;
  /** What was checked, for the simulator's log (never key or card data). */
  readonly note?: string;
}

export interface HostSecurity {
  inspect(request: IsoMessage): SecurityVerdict;
}
