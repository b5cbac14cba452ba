/**
 * The simulator's message processing, transport-free: request in, decision
 * out (respond now, respond later, or stay silent). The TCP server in
 * server.node.ts feeds it; tests can drive it directly.
 *
 * Order of checks for every request:
 *  1. duplicate (same DE 41 + DE 11 + DE 7 within the window) → the original
 *     response again, nothing posted twice;
 *  2. by MTI: 0100/0200 → rules table; 0220 → completion of a held preauth;
 *     0400/0420 (and repeats) → reversal; 0800 → network management echo.
 *
 * Unmatched reversals are answered 00 and recorded: the acquirer cannot tell
 * "original never arrived" from "original lost", and in both cases the
 * cardholder must end up not charged (common practice; see docs).
 */
import { maskPan } from "../card/index.js";
import type { IsoMessage } from "../iso8583/index.js";
import { cardDataOf, responseMtiFor } from "../terminal/message.js";
import type { Ledger, LedgerKind, LedgerRecord, NewLedgerRecord } from "./ledger.js";
import { DEFAULT_RULES, decide, type RequestFacts, type Rule, ruleMatches, validateRules } from "./rules.js";
import type { HostSecurity } from "./security.js";

export type HostDecision =
  | { readonly kind: "respond"; readonly response: IsoMessage; readonly delayMs: number; readonly note: string }
  | { readonly kind: "silent"; readonly note: string };

export interface AcquirerHostOptions {
  readonly ledger: Ledger;
  readonly rules?: readonly Rule[];
  readonly clock?: () => Date;
  /** How long a DE 41 + DE 11 + DE 7 triple counts as a duplicate (default 15 min; DE 7 has no year). */
  readonly duplicateWindowMs?: number;
  /** DE 38 generator (default: 6 random characters 0-9A-Z). */
  readonly authCode?: () => string;
  /** ARQC/ARPC and DUKPT checks before the rules (security.node.ts `tableSecurity`); none by default. */
  readonly security?: HostSecurity;
}

/** Fields a response echoes from its request (ISO 8583:1987 §4.3 "mandatory echo" in 0110/0210/0410). */
const ECHO_FIELDS = [3, 4, 7, 11, 12, 13, 37, 41, 42, 49, 90] as const;
const NETWORK_ECHO_FIELDS = [7, 11, 41, 70] as const;
const AUTH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Six characters 0-9A-Z (DE 38 is an 6) from the platform CSPRNG. */
export function randomAuthCode(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += AUTH_ALPHABET[b % AUTH_ALPHABET.length];
  return s;
}

const text = (m: IsoMessage, de: number): string | undefined => {
  const v = m.fields[de];
  return typeof v === "string" ? v : undefined;
};

/** The facts rules look at, with the MTI as received (drop rules may target repeats). */
function factsOf(m: IsoMessage, now: Date): RequestFacts {
  // DE 2/14, else Track 2 (DE 35), else Track 1 (DE 45).
  const { pan, expiry } = cardDataOf(m);
  const processingCode = text(m, 3);
  return {
    mti: m.mti,
    amountMinor: Number(text(m, 4) ?? "0"),
    ...(pan !== undefined && { pan }),
    ...(expiry !== undefined && { expiry }),
    ...(processingCode !== undefined && { processingCode }),
    now,
  };
}

export class AcquirerHost {
  readonly rules: readonly Rule[];
  readonly #ledger: Ledger;
  readonly #clock: () => Date;
  readonly #windowMs: number;
  readonly #authCode: () => string;
  readonly #security: HostSecurity | undefined;

  constructor(options: AcquirerHostOptions) {
    this.#security = options.security;
    this.#ledger = options.ledger;
    this.rules = validateRules(options.rules ?? DEFAULT_RULES);
    this.#clock = options.clock ?? (() => new Date());
    this.#windowMs = options.duplicateWindowMs ?? 15 * 60_000;
    this.#authCode = options.authCode ?? randomAuthCode;
  }

  async handle(request: IsoMessage): Promise<HostDecision> {
    const mti = request.mti;
    const now = this.#clock();
    const facts = factsOf(request, now);
    const dropped = this.rules.find((r) => r.outcome.drop === true && ruleMatches(r, facts));
    if (dropped) return { kind: "silent", note: `rule ${dropped.id}: request dropped unprocessed` };
    if (mti.startsWith("08")) return this.#respond(request, NETWORK_ECHO_FIELDS, "00", undefined, "network management");
    const tid = text(request, 41);
    const stan = text(request, 11);
    const dt = text(request, 7);
    if (tid === undefined || stan === undefined || dt === undefined || !/^\d{1,12}$/.test(text(request, 4) ?? "")) {
      return this.#respond(
        request,
        ECHO_FIELDS,
        "30",
        undefined,
        "format error: DE 4 (n 12), 7, 11 and 41 are mandatory",
      );
    }
    const dup = await this.#ledger.findDuplicate(tid, stan, dt, now.getTime() - this.#windowMs);
    if (dup) {
      return {
        kind: "respond",
        response: { mti: dup.response.mti, fields: { ...dup.response.fields } },
        delayMs: 0,
        note: `duplicate of ledger row ${dup.id}: original response repeated`,
      };
    }
    const fn = mti.slice(0, 3);
    if (fn === "010" || fn === "020") return this.#authorize(request, facts, now);
    if (fn === "022") return this.#complete(request, now);
    if (fn === "040" || fn === "042") return this.#reverse(request, now);
    return this.#respond(request, ECHO_FIELDS, "12", undefined, `MTI ${mti} not supported`);
  }

  async #authorize(request: IsoMessage, clearFacts: RequestFacts, now: Date): Promise<HostDecision> {
    // Security first: a failed ARQC, MAC-less or undecryptable request never reaches the rules.
    const verdict = this.#security?.inspect(request) ?? {};
    const facts: RequestFacts = {
      ...clearFacts,
      ...(verdict.card?.pan !== undefined && { pan: verdict.card.pan }),
      ...(verdict.card?.expiry !== undefined && { expiry: verdict.card.expiry }),
    };
    const pan = facts.pan;
    const processingCode = facts.processingCode ?? "000000";
    // A repeat (0101/0201) that is not a duplicate is judged as its original.
    const rule =
      pan === undefined || verdict.reject
        ? undefined
        : decide(this.rules, { ...facts, mti: `${facts.mti.slice(0, 3)}0` });
    const code = verdict.reject?.responseCode ?? (pan === undefined ? "30" : (rule?.outcome.responseCode ?? "00"));
    const approved = code === "00";
    const kind: LedgerKind = facts.mti.startsWith("010")
      ? "preauth"
      : processingCode.startsWith("20")
        ? "refund"
        : "sale";
    const authCode = approved ? this.#authCode() : undefined;
    const why = verdict.reject?.note ?? (rule ? `rule ${rule.id}` : "approved");
    const answer = this.#respond(request, ECHO_FIELDS, code, authCode, verdict.note ? `${why}; ${verdict.note}` : why);
    const decision = verdict.issuerResponse
      ? {
          ...answer,
          response: { ...answer.response, fields: { ...answer.response.fields, 55: verdict.issuerResponse(code) } },
        }
      : answer;
    await this.#record(
      request,
      decision.response,
      now,
      { kind, state: approved ? (kind === "preauth" ? "held" : "posted") : "declined", originalId: null },
      pan,
    );
    if (rule?.outcome.noResponse) return { kind: "silent", note: `rule ${rule.id}: posted, response withheld` };
    return { ...decision, delayMs: rule?.outcome.delayMs ?? 0 };
  }

  async #complete(request: IsoMessage, now: Date): Promise<HostDecision> {
    const original = await this.#original(request);
    const ok = original !== undefined && original.kind === "preauth" && original.state === "held";
    const decision = this.#respond(
      request,
      ECHO_FIELDS,
      ok ? "00" : "25",
      ok ? (original.authCode ?? undefined) : undefined,
      ok ? `completes ledger row ${original.id}` : "no held preauthorization found",
    );
    await this.#record(request, decision.response, now, {
      kind: "completion",
      state: ok ? "posted" : "declined",
      originalId: original?.id ?? null,
    });
    if (ok) await this.#ledger.setState(original.id, "completed");
    return decision;
  }

  async #reverse(request: IsoMessage, now: Date): Promise<HostDecision> {
    const original = await this.#original(request);
    let note = "unmatched reversal approved (nothing to undo)";
    if (original) {
      const undoable = original.state === "posted" || original.state === "held";
      if (undoable) await this.#ledger.setState(original.id, "reversed");
      note = undoable ? `reversed ledger row ${original.id}` : `ledger row ${original.id} was ${original.state}`;
    }
    const decision = this.#respond(request, ECHO_FIELDS, "00", undefined, note);
    await this.#record(request, decision.response, now, {
      kind: "reversal",
      state: "applied",
      originalId: original?.id ?? null,
    });
    return decision;
  }

  /** The original a reversal or completion refers to: DE 90 first, else DE 41 + DE 11. */
  async #original(request: IsoMessage): Promise<LedgerRecord | undefined> {
    const tid = text(request, 41) ?? "";
    const de90 = text(request, 90);
    if (de90 !== undefined && /^\d{20}/.test(de90)) {
      return this.#ledger.findOriginal(tid, de90.slice(0, 4), de90.slice(4, 10), de90.slice(10, 20));
    }
    return this.#ledger.findLatestByStan(tid, text(request, 11) ?? "");
  }

  /** An answer to a request refused before processing (e.g. a bad MAC): nothing is posted. */
  refuse(request: IsoMessage, responseCode: string, note: string): HostDecision {
    const echo = request.mti.startsWith("08") ? NETWORK_ECHO_FIELDS : ECHO_FIELDS;
    return this.#respond(request, echo, responseCode, undefined, note);
  }

  #respond(
    request: IsoMessage,
    echo: readonly number[],
    code: string,
    authCode: string | undefined,
    note: string,
  ): { kind: "respond"; response: IsoMessage; delayMs: number; note: string } {
    const fields: { [de: number]: string | Uint8Array } = {};
    for (const de of echo) {
      const v = request.fields[de];
      if (v !== undefined) fields[de] = v;
    }
    if (authCode !== undefined) fields[38] = authCode;
    fields[39] = code;
    return { kind: "respond", response: { mti: responseMtiFor(request.mti), fields }, delayMs: 0, note };
  }

  async #record(
    request: IsoMessage,
    response: IsoMessage,
    now: Date,
    row: Pick<NewLedgerRecord, "kind" | "state" | "originalId">,
    pan: string | undefined = cardDataOf(request).pan,
  ): Promise<void> {
    const responseFields: Record<string, string> = {};
    for (const [de, v] of Object.entries(response.fields)) if (typeof v === "string") responseFields[de] = v;
    await this.#ledger.insert({
      ...row,
      terminalId: text(request, 41) ?? "",
      stan: text(request, 11) ?? "",
      transmissionDateTime: text(request, 7) ?? "",
      mti: request.mti,
      processingCode: text(request, 3) ?? "",
      rrn: text(request, 37) ?? "",
      maskedPan: pan === undefined ? null : maskPan(pan),
      amountMinor: Number(text(request, 4) ?? "0") || 0,
      currency: text(request, 49) ?? "",
      responseCode: text(response, 39) ?? "",
      authCode: text(response, 38) ?? null,
      createdAtMs: now.getTime(),
      response: { mti: response.mti, fields: responseFields },
    });
  }
}
