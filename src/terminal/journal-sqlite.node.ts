/**
 * The durable journal and STAN counter in one SQLite file (better-sqlite3).
 * Entries arrive already redacted (journal.ts builds them from redacted
 * messages), so the file never holds a full PAN or track data; a test scans
 * the file's bytes to keep it that way.
 */
import Database from "better-sqlite3";
import { TerminalError, TerminalErrorCodes } from "./errors.js";
import type { Journal, JournalEntry, JournalQuery } from "./journal.js";
import { nextStan, type StanStore } from "./stan.js";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  terminal_id TEXT NOT NULL,
  event TEXT NOT NULL,
  mti TEXT NOT NULL,
  stan TEXT NOT NULL,
  entry_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS journal_stan ON journal (terminal_id, stan);
CREATE TABLE IF NOT EXISTS stan (terminal_id TEXT PRIMARY KEY, last INTEGER NOT NULL);
`;

export class SqliteJournal implements Journal, StanStore {
  readonly path: string;
  readonly #db: Database.Database;

  constructor(path: string) {
    this.path = path;
    try {
      this.#db = new Database(path);
      if (path !== ":memory:") this.#db.pragma("journal_mode = WAL");
      this.#db.exec(SCHEMA);
    } catch (e) {
      throw new TerminalError(TerminalErrorCodes.journal, `cannot open journal ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  async append(entry: JournalEntry): Promise<void> {
    this.#db
      .prepare("INSERT INTO journal (at, terminal_id, event, mti, stan, entry_json) VALUES (?, ?, ?, ?, ?, ?)")
      .run(entry.at, entry.terminalId, entry.event, entry.mti, entry.stan, JSON.stringify(entry));
  }

  async list(query: JournalQuery = {}): Promise<readonly JournalEntry[]> {
    const rows = this.#db
      .prepare(
        `SELECT entry_json FROM journal WHERE (? IS NULL OR terminal_id = ?) AND (? IS NULL OR stan = ?)
           AND (? IS NULL OR event = ?) ORDER BY seq`,
      )
      .all(
        query.terminalId ?? null,
        query.terminalId ?? null,
        query.stan ?? null,
        query.stan ?? null,
        query.event ?? null,
        query.event ?? null,
      ) as { entry_json: string }[];
    return rows.map((r) => JSON.parse(r.entry_json) as JournalEntry);
  }

  /** Read-modify-write in one transaction so two terminals in one process never share a STAN. */
  async next(terminalId: string): Promise<number> {
    return this.#db.transaction(() => {
      const row = this.#db.prepare("SELECT last FROM stan WHERE terminal_id = ?").get(terminalId) as
        | { last: number }
        | undefined;
      const n = nextStan(row?.last ?? 0);
      this.#db
        .prepare("INSERT INTO stan (terminal_id, last) VALUES (?, ?) ON CONFLICT(terminal_id) DO UPDATE SET last = ?")
        .run(terminalId, n, n);
      return n;
    })();
  }

  /** Sets the last used STAN (tests, migrations). */
  setLastStan(terminalId: string, last: number): void {
    this.#db
      .prepare("INSERT INTO stan (terminal_id, last) VALUES (?, ?) ON CONFLICT(terminal_id) DO UPDATE SET last = ?")
      .run(terminalId, last, last);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
