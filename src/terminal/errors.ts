/**
 * Errors of the transaction core. Declines and timeouts are NOT errors (they
 * are `TransactionResult`s); these are bad input, misuse and broken links.
 */
import { errorFamily } from "../errors/index.js";

const family = errorFamily("TerminalError", {
  amount: ["terminal.amount", "input"],
  currency: ["terminal.currency", "input"],
  card: ["terminal.card", "input"],
  config: ["terminal.config", "config"],
  connect: ["terminal.connect", "transport"],
  closed: ["terminal.closed", "state"],
  response: ["terminal.response", "protocol"],
  journal: ["terminal.journal", "transport"],
  mac: ["terminal.mac", "crypto"],
});
export const TerminalErrorCodes = family.codes;
export type TerminalErrorCode = (typeof TerminalErrorCodes)[keyof typeof TerminalErrorCodes];

export class TerminalError extends family.Base {}
