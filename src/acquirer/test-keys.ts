/**
 * TEST KEYS ONLY — published values, never used by any live system. The
 * simulator's issuer, DUKPT and MAC keys as data, one row per key with where
 * it comes from. Keys are hex text here so the table is plain data; they are
 * turned into bytes only inside the Node-side security module and never
 * logged, journaled or put in an error (only their check values may be).
 */

export interface IssuerKeyRow {
  readonly id: string;
  /** PANs starting with this get this issuer's keys. */
  readonly panPrefix: string;
  /** Issuer master key for application cryptograms (IMK-AC), double-length TDES, hex. TEST KEY. */
  readonly imkAc: string;
  /** How the issuer's cards compute ARQCs (see drivers/simulated/emv-card.node.ts CHIP_PROFILES). */
  readonly profile: "emv-minimum" | "visa-cvn10";
  readonly description: string;
}

/** 0123…3210 is the EMV/HSM vendors' customary test IMK (the pyemv and payShield test vectors use it). */
export const TEST_ISSUER_KEYS = [
  {
    id: "visa-chip-test",
    panPrefix: "4000056655665556",
    imkAc: "0123456789ABCDEFFEDCBA9876543210",
    profile: "emv-minimum",
    description: "TEST KEY: issuer of the visa-chip test card, EMV common session key",
  },
  {
    id: "visa-cvn10-test",
    panPrefix: "4111111111111111",
    imkAc: "0123456789ABCDEFFEDCBA9876543210",
    profile: "visa-cvn10",
    description: "TEST KEY: the classic Visa test PAN as a CVN 10 chip card",
  },
  {
    id: "mastercard-test",
    panPrefix: "5",
    imkAc: "FEDCBA98765432100123456789ABCDEF",
    profile: "emv-minimum",
    description: "TEST KEY: every Mastercard 5-series test PAN",
  },
] as const satisfies readonly IssuerKeyRow[];

export interface BdkRow {
  readonly id: string;
  /** KSNs (hex) starting with this belong to this BDK's key set. */
  readonly ksnPrefix: string;
  /** Base derivation key, double-length TDES, hex. TEST KEY. */
  readonly bdk: string;
  readonly description: string;
}

export const TEST_BDKS = [
  {
    id: "x9.24-test",
    ksnPrefix: "FFFF9876543210E",
    bdk: "0123456789ABCDEFFEDCBA9876543210",
    description: "TEST KEY: the ANSI X9.24-1:2009 Annex A test BDK with its test key set FFFF9876543210E",
  },
] as const satisfies readonly BdkRow[];

export interface MacKeyRow {
  /** DE 41 as sent (trailing spaces trimmed). */
  readonly terminalId: string;
  /** Terminal MAC key (MAK), double-length TDES, hex. TEST KEY. */
  readonly mak: string;
  readonly description: string;
}

/** Terminals that must MAC; every other terminal is served without MACs. */
export const TEST_MAC_KEYS = [
  {
    terminalId: "CWMAC001",
    mak: "89ABCDEF0123456776543210FEDCBA98",
    description: "TEST KEY: static MAK of the demo MAC terminal",
  },
] as const satisfies readonly MacKeyRow[];
