/**
 * One error grammar for the whole SDK (STYLE.md habits 4 and 5).
 *
 * Every error cardwire throws is a `CardwireError` subclass with a stable
 * string `code` (e.g. `card.luhn`, `iso8583.length`), a coarse `category`, a
 * native `cause`, optional coordinates (`at`: field path, byte offset, command
 * name) and `toJSON()`. Messages never carry a full PAN, track, key or PIN;
 * raw bytes may be attached for debugging but are not serialized.
 *
 * Throw for bugs and malformed input; return results for expected outcomes
 * (declined, timeout, card removed).
 */

export type ErrorCategory =
  | "input" // malformed bytes, text or arguments from outside
  | "protocol" // a peer spoke the wrong protocol or state
  | "crypto" // key, MAC, cryptogram or PIN-block problems
  | "transport" // I/O: sockets, BLE, HID, files
  | "config" // bad configuration
  | "state" // API misuse: wrong call for the current state
  | "internal";

export interface ErrorCoordinates {
  /** Field path such as `DE 55.9F02` or `track2.expiry`. */
  readonly field?: string;
  /** Byte (or sample, or character) offset where the problem was found. */
  readonly offset?: number;
  /** Command or operation name. */
  readonly command?: string;
}

export interface CardwireErrorOptions extends ErrorCoordinates {
  readonly cause?: unknown;
  /** Extra safe-to-log details (never card data or secrets). */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
  /** Raw bytes for debugging; kept off `toJSON()` and `inspect`. */
  readonly raw?: Uint8Array;
}

export interface CardwireErrorJSON {
  readonly name: string;
  readonly code: string;
  readonly category: ErrorCategory;
  readonly message: string;
  readonly field?: string;
  readonly offset?: number;
  readonly command?: string;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
  readonly cause?: CardwireErrorJSON | { readonly name: string; readonly message: string };
}

const registeredCodes = new Map<string, string>();

/**
 * Declares an error code once, at module load. Duplicate codes across classes
 * are a bug: `registerErrorCode` throws so a test importing the SDK fails.
 */
export function registerErrorCode(code: string, owner: string): string {
  const prior = registeredCodes.get(code);
  if (prior !== undefined && prior !== owner) {
    throw new Error(`error code ${code} registered twice (${prior} and ${owner})`);
  }
  registeredCodes.set(code, owner);
  return code;
}

/** Every registered error code with the class that owns it (for docs and tests). */
export function errorCodes(): ReadonlyMap<string, string> {
  return registeredCodes;
}

export class CardwireError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly field?: string;
  readonly offset?: number;
  readonly command?: string;
  readonly details?: Readonly<Record<string, string | number | boolean | null>>;
  /** Raw bytes for local debugging only; never serialized. */
  declare readonly raw?: Uint8Array;

  constructor(code: string, category: ErrorCategory, message: string, options: CardwireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.category = category;
    if (options.field !== undefined) this.field = options.field;
    if (options.offset !== undefined) this.offset = options.offset;
    if (options.command !== undefined) this.command = options.command;
    if (options.details !== undefined) this.details = options.details;
    if (options.raw !== undefined) {
      Object.defineProperty(this, "raw", { value: options.raw, enumerable: false });
    }
  }

  toJSON(): CardwireErrorJSON {
    const cause = this.cause;
    let causeJson: CardwireErrorJSON["cause"];
    if (cause instanceof CardwireError) causeJson = cause.toJSON();
    else if (cause instanceof Error) causeJson = { name: cause.name, message: cause.message };
    return {
      name: this.name,
      code: this.code,
      category: this.category,
      message: this.message,
      ...(this.field !== undefined && { field: this.field }),
      ...(this.offset !== undefined && { offset: this.offset }),
      ...(this.command !== undefined && { command: this.command }),
      ...(this.details !== undefined && { details: this.details }),
      ...(causeJson !== undefined && { cause: causeJson }),
    };
  }
}

/** One row of an error family's table: the stable code and its category. */
export type ErrorRow = readonly [code: string, category: ErrorCategory];

/**
 * An error family from one table (data over code): per key, the stable code
 * and its category. Registers the codes (one claimed twice throws at load) and
 * returns them by key, with the family's base class — `code` typed to the
 * family's codes, the category looked up from the table. The module names the
 * family by subclassing it (`name` comes from `new.target`):
 *
 * ```ts
 * const family = errorFamily("Neo2Error", { crc: ["neo2.crc", "protocol"], ... });
 * export const Neo2ErrorCodes = family.codes;
 * export class Neo2Error extends family.Base {}
 * ```
 */
export function errorFamily<const T extends Readonly<Record<string, ErrorRow>>>(owner: string, table: T) {
  type Code = T[keyof T][0];
  const codes: Record<string, string> = {};
  const categories = new Map<string, ErrorCategory>();
  for (const [key, [code, category]] of Object.entries(table)) {
    registerErrorCode(code, owner);
    codes[key] = code;
    categories.set(code, category);
  }
  const Base = class extends CardwireError {
    declare readonly code: Code;
    constructor(code: Code, message: string, options?: CardwireErrorOptions) {
      super(code, categories.get(code) ?? "internal", message, options);
    }
  };
  return { codes: Object.freeze(codes) as { readonly [K in keyof T]: T[K][0] }, Base };
}

/** True when `e` is a cardwire error, optionally with the given code. */
export function isCardwireError(e: unknown, code?: string): e is CardwireError {
  return e instanceof CardwireError && (code === undefined || e.code === code);
}

/**
 * Registers a table of codes for an error class that is not an `errorFamily`
 * (the CLI's usage error, whose constructor takes the message first).
 * Duplicates across classes fail fast through `registerErrorCode`.
 */
export function registerErrorCodes<T extends Record<string, string>>(owner: string, codes: T): T {
  for (const code of Object.values(codes)) registerErrorCode(code, owner);
  return codes;
}

export * from "./result.js";
