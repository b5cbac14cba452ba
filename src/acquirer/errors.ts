/** Errors of the acquirer simulator: configuration, ledger and server problems. */
import { type ErrorCategory, errorClass, registerErrorCodes } from "../errors/index.js";

export const AcquirerErrorCodes = registerErrorCodes("AcquirerError", {
  config: "acquirer.config",
  rules: "acquirer.rules",
  ledger: "acquirer.ledger",
  listen: "acquirer.listen",
} as const);
export type AcquirerErrorCode = (typeof AcquirerErrorCodes)[keyof typeof AcquirerErrorCodes];

const CATEGORY: Readonly<Record<AcquirerErrorCode, ErrorCategory>> = {
  "acquirer.config": "config",
  "acquirer.rules": "config",
  "acquirer.ledger": "transport",
  "acquirer.listen": "transport",
};

export class AcquirerError extends errorClass<AcquirerErrorCode>(CATEGORY) {}
