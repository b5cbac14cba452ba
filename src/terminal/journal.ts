/**
 * The terminal's journal: every request, response, timeout and reversal, in
 * order, for reconciliation and disputes. Entries are built from redacted
 * messages only (see message.ts `redactMessage`): a masked PAN, never the
 * full PAN, never track data, never a PIN block.
 */
import { toHex } from "../bytes/index.js";
import type { IsoMessage } from "../iso8583/index.js";
import { maskedPanOf, redactMessage, textField } from "./message.js";

export type JournalEvent =
  | "request" // sent to the host
  | "response" // matched response received
  | "timeout" // no response within the response timeout
  | "late_response" // a response that arrived after its request timed out
  | "link_error" // the request could not be sent
  | "reversal_unconfirmed"; // every reversal attempt timed out: needs store-and-forward

export interface JournalEntry {
  /** ISO 8601 time the entry was written. */
  readonly at: string;
  readonly terminalId: string;
  readonly event: JournalEvent;
  readonly mti: string;
  readonly stan: string;
  readonly rrn?: string;
  readonly maskedPan?: string;
  readonly amountMinor?: number;
  /** DE 49 numeric currency. */
  readonly currency?: string;
  readonly responseCode?: string;
  readonly authCode?: string;
  /** Redacted fields as text (binary fields as hex), keyed by DE number. */
  readonly fields: Readonly<Record<string, string>>;
  readonly note?: string;
}

export interface JournalQuery {
  readonly terminalId?: string;
  readonly stan?: string;
  readonly event?: JournalEvent;
}

export interface Journal {
  append(entry: JournalEntry): Promise<void>;
  list(query?: JournalQuery): Promise<readonly JournalEntry[]>;
}

/** Builds a journal entry from a message; the message is redacted first. */
export function journalEntry(
  event: JournalEvent,
  message: IsoMessage,
  at: Date,
  extra: { readonly terminalId?: string; readonly note?: string } = {},
): JournalEntry {
  const safe = redactMessage(message);
  const fields: Record<string, string> = {};
  for (const [de, v] of Object.entries(safe.fields)) fields[de] = typeof v === "string" ? v : toHex(v);
  const amount = textField(message, 4);
  const maskedPan = maskedPanOf(message);
  const opt = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>));
  return {
    at: at.toISOString(),
    terminalId: (extra.terminalId ?? textField(message, 41) ?? "").trim(),
    event,
    mti: message.mti,
    stan: textField(message, 11) ?? "",
    ...opt("rrn", textField(message, 37)),
    ...opt("maskedPan", maskedPan),
    ...opt("amountMinor", amount === undefined ? undefined : Number(amount)),
    ...opt("currency", textField(message, 49)),
    ...opt("responseCode", textField(message, 39)),
    ...opt("authCode", textField(message, 38)),
    fields,
    ...opt("note", extra.note),
  };
}

function matches(e: JournalEntry, q: JournalQuery): boolean {
  return (
    (q.terminalId === undefined || e.terminalId === q.terminalId) &&
    (q.stan === undefined || e.stan === q.stan) &&
    (q.event === undefined || e.event === q.event)
  );
}

export class MemoryJournal implements Journal {
  readonly #entries: JournalEntry[] = [];

  async append(entry: JournalEntry): Promise<void> {
    this.#entries.push(entry);
  }

  async list(query: JournalQuery = {}): Promise<readonly JournalEntry[]> {
    return this.#entries.filter((e) => matches(e, query));
  }
}

/**
 * Seam for offline store-and-forward (a later issue): advices and unconfirmed
 * reversals queued durably and sent when the host is back, with caps on count
 * and amount. The terminal records `reversal_unconfirmed` entries today; a
 * forwarder will drain them through this interface.
 */
export interface ForwardQueue {
  enqueue(message: IsoMessage, reason: string): Promise<void>;
  pending(): Promise<number>;
}
