/**
 * The simulator's decisions as data: an ordered table, first match wins,
 * no match approves. Conditions are facts about the request (amount, PAN,
 * expiry, MTI); outcomes are a DE 39 response code, optionally delayed or
 * withheld. Amount rules look at the last two digits of DE 4's minor units,
 * the convention test hosts use ("amounts ending in .05 decline").
 */
import { isExpired, luhnValid, parseExpiry } from "../card/index.js";
import { AcquirerError, AcquirerErrorCodes } from "./errors.js";

export interface RuleCondition {
  /** Request MTIs the rule applies to (default: 0100 and 0200, the authorization and financial requests). */
  readonly mtis?: readonly string[];
  /** Last two digits of DE 4 (minor units). */
  readonly amountEndsWith?: string;
  /** DE 4 minor units strictly above this. */
  readonly amountAbove?: number;
  /** PAN starts with (BIN ranges and single test PANs). */
  readonly panPrefix?: string;
  readonly luhnValid?: boolean;
  /** DE 14 is before the current month (ISO 7813: valid through the end of the expiry month). */
  readonly expired?: boolean;
  /** DE 3 processing code starts with. */
  readonly processingCodePrefix?: string;
}

export interface RuleOutcome {
  /** DE 39 to answer with. */
  readonly responseCode: string;
  /** Post to the ledger but send no response: exercises terminal timeouts and reversals. */
  readonly noResponse?: boolean;
  /** Answer after this many milliseconds (responses then overtake each other). */
  readonly delayMs?: number;
  /**
   * The request is lost before processing: nothing posted, no response
   * (checked before duplicates and MTI dispatch, so it can hit any MTI the
   * rule lists — e.g. reversals, to exercise 0401 repeats).
   */
  readonly drop?: boolean;
}

export interface Rule {
  readonly id: string;
  readonly description: string;
  readonly when: RuleCondition;
  readonly outcome: RuleOutcome;
}

export const DEFAULT_RULES = [
  {
    id: "luhn",
    description: "PAN fails the Luhn check (ISO/IEC 7812-1 Annex B) → 14 invalid card number",
    when: { luhnValid: false },
    outcome: { responseCode: "14" },
  },
  {
    id: "expired",
    description: "DE 14 expiry is in the past → 54 expired card",
    when: { expired: true },
    outcome: { responseCode: "54" },
  },
  {
    id: "bin-decline",
    description: "Test PAN 4000 0000 0000 0002 always declines → 05 do not honour",
    when: { panPrefix: "4000000000000002" },
    outcome: { responseCode: "05" },
  },
  {
    id: "bin-nsf",
    description: "Test PAN 4000 0000 0000 9995 has no funds → 51 insufficient funds",
    when: { panPrefix: "4000000000009995" },
    outcome: { responseCode: "51" },
  },
  {
    id: "amount-limit",
    description: "Amounts above 10 000 000 minor units exceed the limit → 61",
    when: { amountAbove: 10_000_000 },
    outcome: { responseCode: "61" },
  },
  {
    id: "amount-05",
    description: "Amount ending in .05 → 05 do not honour",
    when: { amountEndsWith: "05" },
    outcome: { responseCode: "05" },
  },
  {
    id: "amount-51",
    description: "Amount ending in .51 → 51 insufficient funds",
    when: { amountEndsWith: "51" },
    outcome: { responseCode: "51" },
  },
  {
    id: "amount-54",
    description: "Amount ending in .54 → 54 expired card",
    when: { amountEndsWith: "54" },
    outcome: { responseCode: "54" },
  },
  {
    id: "amount-91",
    description: "Amount ending in .91 → 91 issuer or switch inoperative",
    when: { amountEndsWith: "91" },
    outcome: { responseCode: "91" },
  },
  {
    id: "amount-no-response",
    description:
      "Amount ending in .68 → approved and posted, but no response is sent (terminal times out and reverses)",
    when: { amountEndsWith: "68" },
    outcome: { responseCode: "00", noResponse: true },
  },
  {
    id: "amount-slow",
    description: "Amount ending in .97 → approved after 300 ms (later requests overtake it on a shared connection)",
    when: { amountEndsWith: "97" },
    outcome: { responseCode: "00", delayMs: 300 },
  },
] as const satisfies readonly Rule[];

/** What the rules look at, extracted once from a request. */
export interface RequestFacts {
  readonly mti: string;
  readonly amountMinor: number;
  readonly pan?: string;
  /** DE 14 YYMM. */
  readonly expiry?: string;
  readonly processingCode?: string;
  readonly now: Date;
}

const DEFAULT_MTIS = ["0100", "0200"];

function expired(yymm: string | undefined, now: Date): boolean | undefined {
  if (yymm === undefined) return undefined;
  try {
    return isExpired(parseExpiry(yymm, "DE 14"), now);
  } catch {
    return true; // an impossible month (e.g. 13) cannot be honoured
  }
}

export function ruleMatches(rule: Rule, facts: RequestFacts): boolean {
  const w = rule.when;
  if (!(w.mtis ?? DEFAULT_MTIS).includes(facts.mti)) return false;
  if (w.amountEndsWith !== undefined && !String(facts.amountMinor).padStart(2, "0").endsWith(w.amountEndsWith))
    return false;
  if (w.amountAbove !== undefined && !(facts.amountMinor > w.amountAbove)) return false;
  if (w.panPrefix !== undefined && !(facts.pan ?? "").startsWith(w.panPrefix)) return false;
  if (w.luhnValid !== undefined && (facts.pan === undefined || luhnValid(facts.pan) !== w.luhnValid)) return false;
  if (w.expired !== undefined && expired(facts.expiry, facts.now) !== w.expired) return false;
  if (w.processingCodePrefix !== undefined && !(facts.processingCode ?? "").startsWith(w.processingCodePrefix))
    return false;
  return true;
}

/** The first matching rule, or undefined (approve). */
export function decide(rules: readonly Rule[], facts: RequestFacts): Rule | undefined {
  return rules.find((r) => ruleMatches(r, facts));
}

/** Checks a rule table once at load: unique ids, two-digit codes, sane conditions. */
export function validateRules(rules: readonly Rule[]): readonly Rule[] {
  const seen = new Set<string>();
  for (const [i, r] of rules.entries()) {
    const where = { field: `rules[${i}] (${r.id})` };
    if (seen.has(r.id)) throw new AcquirerError(AcquirerErrorCodes.rules, `duplicate rule id "${r.id}"`, where);
    seen.add(r.id);
    if (!/^[0-9A-Z]{2}$/.test(r.outcome.responseCode)) {
      throw new AcquirerError(
        AcquirerErrorCodes.rules,
        `rule "${r.id}": response code must be 2 characters 0-9A-Z (got "${r.outcome.responseCode}")`,
        where,
      );
    }
    if (r.when.amountEndsWith !== undefined && !/^\d{1,2}$/.test(r.when.amountEndsWith)) {
      throw new AcquirerError(
        AcquirerErrorCodes.rules,
        `rule "${r.id}": amountEndsWith must be 1–2 digits (got "${r.when.amountEndsWith}")`,
        where,
      );
    }
    if (r.outcome.delayMs !== undefined && !(Number.isInteger(r.outcome.delayMs) && r.outcome.delayMs >= 0)) {
      throw new AcquirerError(AcquirerErrorCodes.rules, `rule "${r.id}": delayMs must be a whole number ≥ 0`, where);
    }
  }
  return rules;
}
