/**
 * DE 11, the systems trace audit number (ISO 8583:1987, n 6): a per-terminal
 * counter 000001–999999 that wraps to 000001 (000000 is never used, so a
 * zero-filled field is recognisable as "not set"). It must survive restarts,
 * or the acquirer's duplicate check (DE 11 + DE 41 + DE 7) would see repeats;
 * hence a store interface with an in-memory and a SQLite implementation.
 */

export const STAN_MIN = 1;
export const STAN_MAX = 999_999;

/** The STAN after `previous` (0 or out of range → 1). */
export function nextStan(previous: number): number {
  return Number.isInteger(previous) && previous >= STAN_MIN && previous < STAN_MAX ? previous + 1 : STAN_MIN;
}

/** DE 11 text: six digits. */
export function formatStan(stan: number): string {
  return String(stan).padStart(6, "0");
}

/** Persistent per-terminal STAN counter. */
export interface StanStore {
  /** Advances the terminal's counter and returns the new value (1–999999). */
  next(terminalId: string): Promise<number>;
}

export class MemoryStanStore implements StanStore {
  readonly #last = new Map<string, number>();

  /** `initial` is the last STAN already used (the next call returns its successor). */
  constructor(initial: Readonly<Record<string, number>> = {}) {
    for (const [tid, v] of Object.entries(initial)) this.#last.set(tid, v);
  }

  async next(terminalId: string): Promise<number> {
    const n = nextStan(this.#last.get(terminalId) ?? 0);
    this.#last.set(terminalId, n);
    return n;
  }
}
