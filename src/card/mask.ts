/**
 * Keeping card data out of what people see (PCI DSS v4 req. 3.4.1: display
 * at most the first six and last four digits of a PAN). Every function here
 * is total: any string in, a string out, never a throw — they run on log
 * paths where a throw would lose the log line.
 */
import { luhnValid } from "./luhn.js";
import { parseTrack1 } from "./track1.js";
import { parseTrack2 } from "./track2.js";

/** PCI DSS: the shortest PAN for which first 6 + last 4 still hides digits is 13 (hides 3). */
const FIRST6_LAST4_MIN = 13;

/**
 * First 6 + last 4, the rest `*`, same length. PANs shorter than 13 keep only
 * the last 4; 4 characters or fewer are masked entirely.
 */
export function maskPan(pan: string): string {
  const n = pan.length;
  if (n <= 4) return "*".repeat(n);
  if (n < FIRST6_LAST4_MIN) return "*".repeat(n - 4) + pan.slice(n - 4);
  return pan.slice(0, 6) + "*".repeat(n - 10) + pan.slice(n - 4);
}

const TRACK1_RE = /%[^%?;]*\?/g;
const TRACK2_RE = /;[^%?;]*\?/g;

/** Masks one parsed track: PAN first 6 + last 4, discretionary data (it holds CVV/PVV) all `*`. */
function maskOne(segment: string): string {
  try {
    if (segment[0] === "%") {
      const t = parseTrack1(segment);
      const head = `%B${maskPan(t.pan)}^`;
      return (
        head +
        segment.slice(head.length, segment.length - 1 - t.discretionary.length) +
        "*".repeat(t.discretionary.length) +
        "?"
      );
    }
    const t = parseTrack2(segment);
    const head = `;${maskPan(t.pan)}=`;
    return (
      head +
      segment.slice(head.length, segment.length - 1 - t.discretionary.length) +
      "*".repeat(t.discretionary.length) +
      "?"
    );
  } catch {
    // Malformed: keep the shape, hide the digits (maskTrack's last pass).
    return redactDigitRuns(segment);
  }
}

/**
 * Masks the PAN (first 6 + last 4) and the discretionary data inside any
 * track text — one track or several run together as a keyboard-mode reader
 * types them. In a malformed track, runs of 8+ digits keep only their last
 * four. Name, expiry and service code are left readable. The result is a fixed
 * point of `redactCardData`.
 */
export function maskTrack(text: string): string {
  const tracksMasked = text.replace(TRACK1_RE, maskOne).replace(TRACK2_RE, maskOne);
  // Anything outside a well-framed track (a truncated swipe) still gets its long digit runs hidden,
  // and digits a malformed track left readable (short runs split by spaces or dashes) never add up
  // to a Luhn-valid 13–19 digit number: whatever maskTrack returns, redactCardData leaves alone.
  return redactCardData(redactDigitRuns(tracksMasked));
}

/** Digits outside masked tracks: hide any run of 8+ digits down to its last four. */
function redactDigitRuns(text: string): string {
  return text.replace(/[0-9]{8,}/g, (run) => "*".repeat(run.length - 4) + run.slice(-4));
}

/** Digits grouped by single spaces or dashes (a PAN as people write it), not touching other digits. */
const DIGIT_GROUPS_RE = /(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])/g;

/**
 * Masks every Luhn-valid 13–19 digit PAN in free text (first 6 + last 4,
 * grouping kept), for log lines and error messages that might echo input.
 * A PAN may be written plain or grouped (`4111 1111 1111 1111`) and may sit
 * next to other numbers, so every window of consecutive digit groups is
 * tried. Runs failing Luhn are left alone so order numbers survive.
 */
export function redactCardData(text: string): string {
  return text.replace(DIGIT_GROUPS_RE, (match) => {
    if (match.length < 13) return match;
    const groups = [...match.matchAll(/[0-9]+/g)].map((m) => ({ start: m.index, text: m[0] }));
    const out = match.split("");
    for (let i = 0; i < groups.length; i++) {
      let digits = "";
      for (let j = i; j < groups.length && digits.length < 19; j++) {
        digits += groups[j]!.text;
        if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) continue;
        const masked = maskPan(digits);
        let k = 0;
        for (let g = i; g <= j; g++) {
          const { start, text: t } = groups[g]!;
          for (let c = 0; c < t.length; c++) {
            if (masked[k] === "*") out[start + c] = "*";
            k++;
          }
        }
      }
    }
    return out.join("");
  });
}
