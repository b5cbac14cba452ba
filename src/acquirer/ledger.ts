/**
 * The simulator's ledger: one row per processed request (authorizations,
 * financial requests, completions, reversals) with the response sent, so
 * duplicates can be answered with the original response and reversals can
 * find what they reverse. Rows hold the masked PAN only.
 *
 * The interface is async so a PostgreSQL ledger (several simulators, one
 * ledger) fits later; the SQLite one is in ledger-sqlite.node.ts.
 */

export type LedgerKind = "sale" | "refund" | "preauth" | "completion" | "reversal";

/**
 * - `posted`: counts in settlement (approved sale, refund, completion)
 * - `held`: approved preauthorization, funds held, not yet settled
 * - `declined`: answered with a non-approval
 * - `reversed`: undone by a reversal; no longer counts
 * - `completed`: a preauth whose completion has posted
 * - `applied`: a reversal row (the reversal itself)
 */
export type LedgerState = "posted" | "held" | "declined" | "reversed" | "completed" | "applied";

export interface LedgerRecord {
  readonly id: number;
  readonly terminalId: string;
  readonly stan: string;
  /** DE 7 as received. */
  readonly transmissionDateTime: string;
  readonly mti: string;
  readonly kind: LedgerKind;
  readonly processingCode: string;
  readonly rrn: string;
  readonly maskedPan: string | null;
  readonly amountMinor: number;
  /** DE 49 numeric. */
  readonly currency: string;
  readonly responseCode: string;
  readonly authCode: string | null;
  readonly state: LedgerState;
  /** For reversals and completions: the row they refer to (null when unmatched). */
  readonly originalId: number | null;
  readonly createdAtMs: number;
  /** The response's text fields as sent, replayed for duplicates. */
  readonly response: { readonly mti: string; readonly fields: Readonly<Record<string, string>> };
}

export type NewLedgerRecord = Omit<LedgerRecord, "id">;

export interface SettlementTotals {
  readonly terminalId: string;
  readonly currency: string;
  readonly salesCount: number;
  readonly salesMinor: number;
  readonly refundsCount: number;
  readonly refundsMinor: number;
  /** Sales minus refunds. */
  readonly netMinor: number;
}

export interface Ledger {
  /** A request with this DE 41 + DE 11 + DE 7 processed at or after `sinceMs`. */
  findDuplicate(
    terminalId: string,
    stan: string,
    transmissionDateTime: string,
    sinceMs: number,
  ): Promise<LedgerRecord | undefined>;
  /** The original named by DE 90 (MTI, STAN, DE 7) for a terminal. */
  findOriginal(
    terminalId: string,
    mti: string,
    stan: string,
    transmissionDateTime: string,
  ): Promise<LedgerRecord | undefined>;
  /** The latest non-reversal row with this DE 41 + DE 11 (reversals without DE 90). */
  findLatestByStan(terminalId: string, stan: string): Promise<LedgerRecord | undefined>;
  insert(record: NewLedgerRecord): Promise<number>;
  setState(id: number, state: LedgerState): Promise<void>;
  get(id: number): Promise<LedgerRecord | undefined>;
  /** Settlement totals per terminal and currency (posted rows only). */
  totals(terminalId?: string): Promise<readonly SettlementTotals[]>;
  close(): Promise<void>;
}
