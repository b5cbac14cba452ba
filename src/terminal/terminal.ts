/**
 * The transaction core: card event + amount → ISO 8583 request → host link →
 * a `TransactionResult`. Declines, timeouts and unreachable hosts are results
 * (status `declined`, `timeout`, `error`), never throws; throws are for bad
 * input (unknown currency, a card event without clear data) and misuse.
 *
 * On a response timeout the outcome at the host is unknown (it may have
 * approved and the answer was lost), so the terminal reverses automatically:
 * a 0400, then up to `reversalAttempts - 1` repeats as 0401 with the same
 * STAN and DE 7 so the host's duplicate check recognises them (ISO 8583:1987
 * §4.1.2, repeat messages). Everything goes to the journal, redacted.
 */
import { maskTrack } from "../card/index.js";
import { readIssuerResponse } from "../emv/index.js";
import { type CardwireError, isCardwireError } from "../errors/index.js";
import type { IsoMessage } from "../iso8583/index.js";
import type { Amount } from "./amount.js";
import { systemOffsetMinutes } from "./clock.js";
import { describeResponseCode, type TransactionKind } from "./codes.js";
import { TerminalError, TerminalErrorCodes } from "./errors.js";
import type { HostLink } from "./host-link.js";
import { type Journal, type JournalEvent, journalEntry, MemoryJournal } from "./journal.js";
import { maskedPanOf, textField } from "./message.js";
import {
  buildCardRequest,
  buildCompletion,
  buildEcho,
  buildReversal,
  type CardEvent,
  identityFields,
  type OriginalRef,
  type RequestOptions,
  type RequestStamp,
  type TerminalIdentity,
} from "./request.js";
import { formatStan, MemoryStanStore, type StanStore } from "./stan.js";

export type TransactionStatus = "approved" | "declined" | "timeout" | "error";

export interface ReversalOutcome {
  /** `unconfirmed`: every attempt timed out; the reversal must be forwarded later. */
  readonly status: "approved" | "declined" | "unconfirmed" | "error";
  readonly attempts: number;
  readonly stan: string;
  readonly responseCode?: string;
}

export interface TransactionResult {
  readonly kind: TransactionKind | "void" | "echo";
  readonly status: TransactionStatus;
  readonly responseCode?: string;
  /** Human text for the response code or outcome. */
  readonly responseText: string;
  readonly authCode?: string;
  readonly rrn?: string;
  readonly stan: string;
  readonly terminalId: string;
  readonly amount?: Amount;
  readonly maskedPan?: string;
  /** What a void or completion of this transaction needs (no card data). */
  readonly ref: OriginalRef;
  /** Present when a timeout triggered an automatic reversal. */
  readonly reversal?: ReversalOutcome;
  /** Present when status is `error`. */
  readonly error?: CardwireError;
  /**
   * Tag 91 from the response's DE 55 (ARPC ‖ ARC for method 1). The terminal
   * cannot check it — only the card holds the key — so it is handed back for
   * the card's EXTERNAL AUTHENTICATE / second GENERATE AC (EMV Book 3 §6.5.4).
   */
  readonly issuerAuthenticationData?: Uint8Array;
}

export interface MessageTrace {
  readonly direction: "sent" | "received";
  /** The full message, card data included: print it through a masking describer. */
  readonly message: IsoMessage;
  readonly at: Date;
}

export interface TerminalOptions extends TerminalIdentity {
  readonly link: HostLink;
  readonly journal?: Journal;
  readonly stanStore?: StanStore;
  readonly clock?: () => Date;
  /** Minutes east of UTC at the card acceptor (default: this host's zone). */
  readonly offsetMinutes?: number;
  /** Response timeout per request (default 15 s). */
  readonly responseTimeoutMs?: number;
  /** Reversal attempts after a timeout: one 0400 plus repeats (default 3). */
  readonly reversalAttempts?: number;
  readonly requestOptions?: RequestOptions;
}

const REVERSIBLE_MTIS = new Set(["0100", "0200", "0220"]);

export class Terminal {
  readonly identity: TerminalIdentity;
  readonly journal: Journal;
  readonly #link: HostLink;
  readonly #stan: StanStore;
  readonly #clock: () => Date;
  readonly #offset: number | undefined;
  readonly #timeoutMs: number;
  readonly #reversalAttempts: number;
  readonly #requestOptions: RequestOptions;
  readonly #traces = new Set<(t: MessageTrace) => void>();
  readonly #unsubscribe: () => void;

  constructor(options: TerminalOptions) {
    identityFields(options);
    this.identity = { terminalId: options.terminalId, merchantId: options.merchantId };
    this.#link = options.link;
    this.journal = options.journal ?? new MemoryJournal();
    this.#stan = options.stanStore ?? new MemoryStanStore();
    this.#clock = options.clock ?? (() => new Date());
    this.#offset = options.offsetMinutes;
    this.#timeoutMs = options.responseTimeoutMs ?? 15_000;
    this.#reversalAttempts = options.reversalAttempts ?? 3;
    if (!Number.isInteger(this.#reversalAttempts) || this.#reversalAttempts < 1) {
      throw new TerminalError(
        TerminalErrorCodes.config,
        `reversalAttempts must be ≥ 1 (got ${this.#reversalAttempts})`,
      );
    }
    this.#requestOptions = options.requestOptions ?? {};
    this.#unsubscribe = this.#link.onUnmatched((m) => {
      void this.#journal("late_response", m);
    });
  }

  /** Every message sent and received, for display (mask before printing). */
  onMessage(listener: (trace: MessageTrace) => void): () => void {
    this.#traces.add(listener);
    return () => this.#traces.delete(listener);
  }

  sale(card: CardEvent, amount: Amount, options?: RequestOptions): Promise<TransactionResult> {
    return this.#card("sale", card, amount, options);
  }

  refund(card: CardEvent, amount: Amount, options?: RequestOptions): Promise<TransactionResult> {
    return this.#card("refund", card, amount, options);
  }

  preauth(card: CardEvent, amount: Amount, options?: RequestOptions): Promise<TransactionResult> {
    return this.#card("preauth", card, amount, options);
  }

  /** Completes an approved preauthorization for `amount` (default: the authorized amount). */
  async completion(preauth: TransactionResult, amount: Amount = preauth.ref.amount): Promise<TransactionResult> {
    if (preauth.kind !== "preauth" || preauth.status !== "approved") {
      throw new TerminalError(TerminalErrorCodes.config, "completion needs an approved preauth result", {
        command: "completion",
      });
    }
    const stamp = await this.#stamp();
    const request = buildCompletion(preauth.ref, amount, this.identity, stamp);
    return this.#transact("completion", request, amount, preauth.maskedPan);
  }

  /** Voids an approved transaction by reversing it (0400 with DE 90 pointing at the original). */
  async void(original: TransactionResult): Promise<TransactionResult> {
    if (original.status !== "approved" || original.kind === "void" || original.kind === "echo") {
      throw new TerminalError(TerminalErrorCodes.config, `cannot void a ${original.status} ${original.kind}`, {
        command: "void",
      });
    }
    const rev = await this.#reverse(original.ref);
    const code = rev.responseCode;
    return {
      kind: "void",
      status: rev.status === "unconfirmed" ? "timeout" : rev.status,
      ...(code !== undefined && { responseCode: code }),
      responseText: code !== undefined ? describeResponseCode(code).description : `reversal ${rev.status}`,
      rrn: original.ref.rrn,
      stan: rev.stan,
      terminalId: this.identity.terminalId,
      amount: original.ref.amount,
      ...(original.maskedPan !== undefined && { maskedPan: original.maskedPan }),
      ref: original.ref,
      reversal: rev,
    };
  }

  /** 0800 echo test: is the host there? */
  async echo(): Promise<TransactionResult> {
    const stamp = await this.#stamp();
    return this.#transact("echo", buildEcho(this.identity, stamp), undefined, undefined);
  }

  /** Stops listening for late responses; the link belongs to the caller. */
  close(): void {
    this.#unsubscribe();
  }

  async #card(
    kind: "sale" | "refund" | "preauth",
    card: CardEvent,
    amount: Amount,
    options: RequestOptions = {},
  ): Promise<TransactionResult> {
    const stamp = await this.#stamp();
    const request = buildCardRequest(kind, card, amount, this.identity, stamp, {
      ...this.#requestOptions,
      ...options,
    });
    return this.#transact(kind, request, amount, maskedPanOf(request) ?? maskedPanOfEvent(card));
  }

  async #stamp(): Promise<RequestStamp> {
    const at = this.#clock();
    return {
      stan: await this.#stan.next(this.identity.terminalId),
      at,
      offsetMinutes: this.#offset ?? systemOffsetMinutes(at),
    };
  }

  async #transact(
    kind: TransactionResult["kind"],
    request: IsoMessage,
    amount: Amount | undefined,
    maskedPan: string | undefined,
  ): Promise<TransactionResult> {
    const ref: OriginalRef = {
      mti: request.mti,
      stan: textField(request, 11) ?? "",
      transmissionDateTime: textField(request, 7) ?? "",
      rrn: textField(request, 37) ?? "",
      processingCode: textField(request, 3) ?? "",
      amount: amount ?? { minor: 0, currency: "USD" },
    };
    const base = {
      kind,
      stan: ref.stan,
      terminalId: this.identity.terminalId,
      ...(ref.rrn !== "" && { rrn: ref.rrn }),
      ...(amount !== undefined && { amount }),
      ...(maskedPan !== undefined && { maskedPan }),
    };
    const r = await this.#send(request);
    if (r.kind === "error") {
      return { ...base, ref, status: "error", responseText: r.error.message, error: r.error };
    }
    if (r.kind === "timeout") {
      const reversal = REVERSIBLE_MTIS.has(request.mti) ? await this.#reverse(ref) : undefined;
      return {
        ...base,
        ref,
        status: "timeout",
        responseText: "no response from host",
        ...(reversal !== undefined && { reversal }),
      };
    }
    if (r.macError !== undefined) {
      // An unauthenticated answer proves nothing: the host may have approved,
      // so the outcome is unknown and the original is reversed as on a timeout.
      const reversal = REVERSIBLE_MTIS.has(request.mti) ? await this.#reverse(ref) : undefined;
      return {
        ...base,
        ref,
        status: "error",
        responseText: r.macError.message,
        error: r.macError,
        ...(reversal !== undefined && { reversal }),
      };
    }
    const code = textField(r.message, 39);
    if (code === undefined || !/^[0-9A-Z]{2}$/.test(code)) {
      const error = new TerminalError(TerminalErrorCodes.response, `response ${r.message.mti} has no valid DE 39`, {
        field: "DE 39",
      });
      return { ...base, ref, status: "error", responseText: error.message, error };
    }
    const described = describeResponseCode(code);
    const authCode = textField(r.message, 38);
    const approved = described.status === "approved";
    return {
      ...base,
      ref: approved && authCode !== undefined ? { ...ref, authCode } : ref,
      status: described.status === "approved" ? "approved" : described.status === "declined" ? "declined" : "error",
      responseCode: code,
      responseText: described.description,
      ...(authCode !== undefined && { authCode }),
      ...issuerDataOf(r.message),
    };
  }

  /** Sends, journals both legs and returns the link's result. */
  async #send(request: IsoMessage) {
    await this.#journal("request", request);
    this.#trace("sent", request);
    const r = await this.#link.exchange(request, { timeoutMs: this.#timeoutMs });
    if (r.kind === "response") {
      this.#trace("received", r.message);
      await this.#journal("response", r.message, r.macError?.message);
    } else if (r.kind === "timeout") {
      await this.#journal("timeout", request);
    } else {
      await this.#journal("link_error", request, `${r.error.code}: ${r.error.message}`);
    }
    return r;
  }

  async #reverse(original: OriginalRef): Promise<ReversalOutcome> {
    const stamp = await this.#stamp();
    const reversal = buildReversal(original, this.identity, stamp);
    const stan = formatStan(stamp.stan);
    for (let attempt = 1; attempt <= this.#reversalAttempts; attempt++) {
      const msg = attempt === 1 ? reversal : { mti: "0401", fields: reversal.fields };
      const r = await this.#send(msg);
      if (r.kind === "error") return { status: "error", attempts: attempt, stan };
      // A reversal answer with a bad MAC confirms nothing: try again as after a timeout.
      if (r.kind === "response" && r.macError === undefined) {
        const code = textField(r.message, 39) ?? "";
        const status = describeResponseCode(code).status === "approved" ? "approved" : "declined";
        return { status, attempts: attempt, stan, responseCode: code };
      }
    }
    await this.#journal("reversal_unconfirmed", reversal, `${this.#reversalAttempts} attempts timed out`);
    return { status: "unconfirmed", attempts: this.#reversalAttempts, stan };
  }

  #trace(direction: MessageTrace["direction"], message: IsoMessage): void {
    const t = { direction, message, at: this.#clock() };
    for (const l of this.#traces) l(t);
  }

  #journal(event: JournalEvent, message: IsoMessage, note?: string): Promise<void> {
    return this.journal.append(
      journalEntry(event, message, this.#clock(), {
        terminalId: this.identity.terminalId,
        ...(note !== undefined && { note }),
      }),
    );
  }
}

/** A secure reader's swipe has no clear PAN: its masked track shows first 6 + last 4. */
function maskedPanOfEvent(event: CardEvent): string | undefined {
  if (event.type !== "swipe") return undefined;
  const t = event.tracks.track2 ?? event.tracks.track1;
  const m = t === undefined ? null : /^[;%]B?([0-9*]{8,19})[=^]/.exec(maskTrack(t));
  return m?.[1];
}

/** Tag 91 of a response's DE 55, when there is one (a malformed DE 55 is left to the card to fail). */
function issuerDataOf(response: IsoMessage): { issuerAuthenticationData?: Uint8Array } {
  const de55 = response.fields[55];
  if (!(de55 instanceof Uint8Array)) return {};
  try {
    const iad = readIssuerResponse(de55).issuerAuthenticationData;
    return iad === undefined ? {} : { issuerAuthenticationData: iad.slice() };
  } catch (e) {
    if (isCardwireError(e)) return {};
    throw e;
  }
}
