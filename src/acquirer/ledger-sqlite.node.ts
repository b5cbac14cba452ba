/**
 * The simulator ledger in SQLite (better-sqlite3): the embedded default.
 * One table of processed requests; settlement totals are a query over it.
 * better-sqlite3 is synchronous, which also makes duplicate check + insert
 * atomic within one simulator process. WAL mode so a reader (the CLI, a
 * test) can inspect the file while the simulator runs.
 */
import Database from "better-sqlite3";
import { AcquirerError, AcquirerErrorCodes } from "./errors.js";
import type { Ledger, LedgerKind, LedgerRecord, LedgerState, NewLedgerRecord, SettlementTotals } from "./ledger.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  terminal_id TEXT NOT NULL,
  stan TEXT NOT NULL,
  transmission_dt TEXT NOT NULL,
  mti TEXT NOT NULL,
  kind TEXT NOT NULL,
  processing_code TEXT NOT NULL,
  rrn TEXT NOT NULL,
  masked_pan TEXT,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  response_code TEXT NOT NULL,
  auth_code TEXT,
  state TEXT NOT NULL,
  original_id INTEGER REFERENCES ledger(id),
  created_at_ms INTEGER NOT NULL,
  response_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ledger_dup ON ledger (terminal_id, stan, transmission_dt);
`;

interface Row {
  id: number;
  terminal_id: string;
  stan: string;
  transmission_dt: string;
  mti: string;
  kind: string;
  processing_code: string;
  rrn: string;
  masked_pan: string | null;
  amount_minor: number;
  currency: string;
  response_code: string;
  auth_code: string | null;
  state: string;
  original_id: number | null;
  created_at_ms: number;
  response_json: string;
}

function fromRow(r: Row): LedgerRecord {
  return {
    id: r.id,
    terminalId: r.terminal_id,
    stan: r.stan,
    transmissionDateTime: r.transmission_dt,
    mti: r.mti,
    kind: r.kind as LedgerKind,
    processingCode: r.processing_code,
    rrn: r.rrn,
    maskedPan: r.masked_pan,
    amountMinor: r.amount_minor,
    currency: r.currency,
    responseCode: r.response_code,
    authCode: r.auth_code,
    state: r.state as LedgerState,
    originalId: r.original_id,
    createdAtMs: r.created_at_ms,
    response: JSON.parse(r.response_json) as LedgerRecord["response"],
  };
}

export class SqliteLedger implements Ledger {
  readonly path: string;
  readonly #db: Database.Database;

  /** `path` is a file, or ":memory:" for a throwaway ledger. */
  constructor(path: string) {
    this.path = path;
    try {
      this.#db = new Database(path);
      if (path !== ":memory:") {
        this.#db.pragma("journal_mode = WAL");
        // WAL + NORMAL survives a crash of the process (not of the machine): right for a
        // test host, and it removes an fsync per request (SQLite docs, "PRAGMA synchronous").
        this.#db.pragma("synchronous = NORMAL");
      }
      this.#db.exec(SCHEMA);
    } catch (e) {
      throw new AcquirerError(AcquirerErrorCodes.ledger, `cannot open ledger ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  async findDuplicate(terminalId: string, stan: string, dt: string, sinceMs: number) {
    const r = this.#db
      .prepare(
        "SELECT * FROM ledger WHERE terminal_id = ? AND stan = ? AND transmission_dt = ? AND created_at_ms >= ? ORDER BY id LIMIT 1",
      )
      .get(terminalId, stan, dt, sinceMs) as Row | undefined;
    return r && fromRow(r);
  }

  async findOriginal(terminalId: string, mti: string, stan: string, dt: string) {
    // A repeat (0201) of the original counts as the original.
    const r = this.#db
      .prepare(
        "SELECT * FROM ledger WHERE terminal_id = ? AND substr(mti, 1, 3) = ? AND stan = ? AND transmission_dt = ? AND kind != 'reversal' ORDER BY id DESC LIMIT 1",
      )
      .get(terminalId, mti.slice(0, 3), stan, dt) as Row | undefined;
    return r && fromRow(r);
  }

  async findLatestByStan(terminalId: string, stan: string) {
    const r = this.#db
      .prepare(
        "SELECT * FROM ledger WHERE terminal_id = ? AND stan = ? AND kind != 'reversal' ORDER BY id DESC LIMIT 1",
      )
      .get(terminalId, stan) as Row | undefined;
    return r && fromRow(r);
  }

  async insert(rec: NewLedgerRecord): Promise<number> {
    const info = this.#db
      .prepare(
        `INSERT INTO ledger (terminal_id, stan, transmission_dt, mti, kind, processing_code, rrn, masked_pan, amount_minor,
          currency, response_code, auth_code, state, original_id, created_at_ms, response_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        rec.terminalId,
        rec.stan,
        rec.transmissionDateTime,
        rec.mti,
        rec.kind,
        rec.processingCode,
        rec.rrn,
        rec.maskedPan,
        rec.amountMinor,
        rec.currency,
        rec.responseCode,
        rec.authCode,
        rec.state,
        rec.originalId,
        rec.createdAtMs,
        JSON.stringify(rec.response),
      );
    return Number(info.lastInsertRowid);
  }

  async setState(id: number, state: LedgerState): Promise<void> {
    this.#db.prepare("UPDATE ledger SET state = ? WHERE id = ?").run(state, id);
  }

  async get(id: number) {
    const r = this.#db.prepare("SELECT * FROM ledger WHERE id = ?").get(id) as Row | undefined;
    return r && fromRow(r);
  }

  /** Every row, oldest first (for tests, the CLI and reconciliation). */
  async all(): Promise<readonly LedgerRecord[]> {
    return (this.#db.prepare("SELECT * FROM ledger ORDER BY id").all() as Row[]).map(fromRow);
  }

  async totals(terminalId?: string): Promise<readonly SettlementTotals[]> {
    const rows = this.#db
      .prepare(
        `SELECT terminal_id, currency,
           SUM(CASE WHEN kind IN ('sale', 'completion') THEN 1 ELSE 0 END) AS sales_count,
           SUM(CASE WHEN kind IN ('sale', 'completion') THEN amount_minor ELSE 0 END) AS sales_minor,
           SUM(CASE WHEN kind = 'refund' THEN 1 ELSE 0 END) AS refunds_count,
           SUM(CASE WHEN kind = 'refund' THEN amount_minor ELSE 0 END) AS refunds_minor
         FROM ledger WHERE state = 'posted' AND (? IS NULL OR terminal_id = ?)
         GROUP BY terminal_id, currency ORDER BY terminal_id, currency`,
      )
      .all(terminalId ?? null, terminalId ?? null) as {
      terminal_id: string;
      currency: string;
      sales_count: number;
      sales_minor: number;
      refunds_count: number;
      refunds_minor: number;
    }[];
    return rows.map((r) => ({
      terminalId: r.terminal_id.trim(),
      currency: r.currency,
      salesCount: r.sales_count,
      salesMinor: r.sales_minor,
      refundsCount: r.refunds_count,
      refundsMinor: r.refunds_minor,
      netMinor: r.sales_minor - r.refunds_minor,
    }));
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
