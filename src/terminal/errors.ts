/**
 * Errors of the transaction core. Declines and timeouts are NOT errors (they
 * are `TransactionResult`s); these are bad input, misuse and broken links.
 */
import { type ErrorCategory, errorClass, registerErrorCodes } from "../errors/index.js";

export const TerminalErrorCodes = registerErrorCodes("TerminalError", {
  amount: "terminal.amount",
  currency: "terminal.currency",
  card: "terminal.card",
  config: "terminal.config",
  connect: "terminal.connect",
  closed: "terminal.closed",
  response: "terminal.response",
  journal: "terminal.journal",
  mac: "terminal.mac",
} as const);
export type TerminalErrorCode = (typeof TerminalErrorCodes)[keyof typeof TerminalErrorCodes];

const CATEGORY: Readonly<Record<TerminalErrorCode, ErrorCategory>> = {
  "terminal.amount": "input",
  "terminal.currency": "input",
  "terminal.card": "input",
  "terminal.config": "config",
  "terminal.connect": "transport",
  "terminal.closed": "state",
  "terminal.response": "protocol",
  "terminal.journal": "transport",
  "terminal.mac": "crypto",
};

export class TerminalError extends errorClass<TerminalErrorCode>(CATEGORY) {}
