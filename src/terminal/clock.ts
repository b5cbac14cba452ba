/**
 * Date and time fields of ISO 8583:1987 and the retrieval reference number.
 *
 * - DE 7  transmission date and time, n 10 MMDDhhmmss, in UTC (GMT per §4.3).
 * - DE 12 local transaction time, n 6 hhmmss, at the card acceptor.
 * - DE 13 local transaction date, n 4 MMDD, at the card acceptor.
 * - DE 37 retrieval reference number, an 12. Its content is acquirer-defined;
 *   we use the common YDDDhhNNNNNN layout (last digit of the year, Julian day,
 *   hour, then the STAN), which is unique per terminal for ten years as long
 *   as the STAN does not wrap within an hour.
 *
 * Local time is the UTC instant shifted by `offsetMinutes` (east of UTC
 * positive), so these functions are pure and testable in any time zone.
 */

const p2 = (n: number): string => String(n).padStart(2, "0");

function shifted(at: Date, offsetMinutes: number): Date {
  return new Date(at.getTime() + offsetMinutes * 60_000);
}

/** DE 7: MMDDhhmmss in UTC. */
export function transmissionDateTime(at: Date): string {
  return `${p2(at.getUTCMonth() + 1)}${p2(at.getUTCDate())}${p2(at.getUTCHours())}${p2(at.getUTCMinutes())}${p2(at.getUTCSeconds())}`;
}

/** DE 12: hhmmss local. */
export function localTime(at: Date, offsetMinutes: number): string {
  const d = shifted(at, offsetMinutes);
  return `${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`;
}

/** DE 13: MMDD local. */
export function localDate(at: Date, offsetMinutes: number): string {
  const d = shifted(at, offsetMinutes);
  return `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}`;
}

/** Day of the year, 1–366, of a UTC-fields date. */
function julianDay(d: Date): number {
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.floor((d.getTime() - start) / 86_400_000) + 1;
}

/** DE 37: YDDDhhNNNNNN from the local date, hour and the STAN. */
export function retrievalReferenceNumber(at: Date, offsetMinutes: number, stan: number): string {
  const d = shifted(at, offsetMinutes);
  const y = String(d.getUTCFullYear() % 10);
  return `${y}${String(julianDay(d)).padStart(3, "0")}${p2(d.getUTCHours())}${String(stan).padStart(6, "0")}`;
}

/** The host's local UTC offset in minutes east of UTC, for a given instant. */
export function systemOffsetMinutes(at: Date): number {
  return -at.getTimezoneOffset();
}
