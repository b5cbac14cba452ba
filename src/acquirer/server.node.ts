/**
 * The acquirer simulator as a TCP server (node:net) on loopback: the same
 * framing and spec as the terminal's host link, decisions by `AcquirerHost`
 * (rules as data, ledger in SQLite). Requests are processed one at a time in
 * arrival order (the ledger's duplicate check and reversal matching assume
 * it); responses may still leave out of order when a rule delays them.
 *
 * `close()` destroys every client socket, cancels delayed responses, stops
 * listening and closes the ledger, so nothing outlives the simulator.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { IsoMessage } from "../iso8583/index.js";
import { fromHex } from "../bytes/index.js";
import { type WireCodec, wireCodec } from "../terminal/codec.js";
import type { MacProvider } from "../terminal/host-link.js";
import { checkMessageMac, signMessage } from "../terminal/mac.js";
import { retailMacProvider } from "../terminal/mac.node.js";
import { AcquirerError, AcquirerErrorCodes } from "./errors.js";
import { AcquirerHost, type AcquirerHostOptions } from "./host.js";
import type { Ledger, SettlementTotals } from "./ledger.js";
import { SqliteLedger } from "./ledger-sqlite.node.js";
import type { Rule } from "./rules.js";
import type { HostSecurity } from "./security.js";
import { SECURITY_RESPONSE_CODES } from "./security.js";
import { tableSecurity } from "./security.node.js";
import { type MacKeyRow, TEST_MAC_KEYS } from "./test-keys.js";

export interface SimulatorEvent {
  readonly direction: "received" | "sent" | "withheld" | "undecodable";
  readonly message?: IsoMessage;
  readonly note: string;
}

export interface StartSimulatorOptions {
  /** 0 (default) picks a free ephemeral port. */
  readonly port?: number;
  /** Loopback only by default: this is a test host. */
  readonly host?: string;
  /** SQLite file for the ledger, or ":memory:". Ignored when `ledger` is given. */
  readonly ledgerPath?: string;
  readonly ledger?: Ledger;
  readonly rules?: readonly Rule[];
  readonly codec?: WireCodec;
  readonly clock?: () => Date;
  readonly duplicateWindowMs?: number;
  readonly authCode?: () => string;
  /** ARQC/ARPC and DUKPT checks (default: `tableSecurity()` over the TEST keys; `null` for none). */
  readonly security?: HostSecurity | null;
  /**
   * Terminals that must MAC (DE 64/128, retail MAC under a static MAK):
   * their requests are verified (missing or bad → 63, nothing processed) and
   * every answer to them is MACed. Default: `TEST_MAC_KEYS`.
   */
  readonly macKeys?: readonly MacKeyRow[] | ((terminalId: string) => MacProvider | undefined);
  /** Every message in and out (full card data: mask before printing). */
  readonly onEvent?: (event: SimulatorEvent) => void;
}

export interface RunningSimulator {
  readonly host: string;
  readonly port: number;
  readonly ledger: Ledger;
  totals(terminalId?: string): Promise<readonly SettlementTotals[]>;
  /** Open client connections (tests check that close leaves none). */
  readonly connections: number;
  close(): Promise<void>;
}

export async function startAcquirerSimulator(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const ledger = options.ledger ?? new SqliteLedger(options.ledgerPath ?? ":memory:");
  const hostOptions: AcquirerHostOptions = {
    ledger,
    ...(options.rules !== undefined && { rules: options.rules }),
    ...(options.clock !== undefined && { clock: options.clock }),
    ...(options.duplicateWindowMs !== undefined && { duplicateWindowMs: options.duplicateWindowMs }),
    ...(options.authCode !== undefined && { authCode: options.authCode }),
  };
  const security = options.security === undefined ? tableSecurity() : options.security;
  const processor = new AcquirerHost(security === null ? hostOptions : { ...hostOptions, security });
  const macFor = macLookup(options.macKeys ?? TEST_MAC_KEYS);
  const codec = options.codec ?? wireCodec();
  const emit = options.onEvent ?? (() => {});
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let queue: Promise<void> = Promise.resolve();

  const send = async (socket: Socket, message: IsoMessage, note: string, mac: MacProvider | undefined) => {
    const signed = mac ? await signMessage(codec, message, mac) : message;
    if (socket.destroyed) return;
    socket.write(codec.frame(codec.encode(signed)));
    emit({ direction: "sent", message: signed, note });
  };

  const handle = async (socket: Socket, payload: Uint8Array) => {
    let request: IsoMessage;
    try {
      request = codec.decode(payload);
    } catch (e) {
      emit({ direction: "undecodable", note: e instanceof Error ? e.message : String(e) });
      return;
    }
    emit({ direction: "received", message: request, note: "" });
    const tid = request.fields[41];
    const mac = typeof tid === "string" ? macFor(tid.trim()) : undefined;
    const check = mac ? await checkMessageMac(codec, payload, request, mac) : "valid";
    const d =
      check === "valid"
        ? await processor.handle(request)
        : processor.refuse(request, SECURITY_RESPONSE_CODES.mac.code, `request MAC ${check}: not processed`);
    if (d.kind === "silent") {
      emit({ direction: "withheld", message: request, note: d.note });
      return;
    }
    if (d.delayMs === 0) {
      await send(socket, d.response, d.note, mac);
      return;
    }
    const t = setTimeout(() => {
      timers.delete(t);
      void send(socket, d.response, d.note, mac);
    }, d.delayMs);
    timers.add(t);
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const deframer = codec.deframer();
    socket.on("data", (chunk: Uint8Array) => {
      let payloads: Uint8Array[];
      try {
        payloads = deframer.push(chunk);
      } catch (e) {
        emit({ direction: "undecodable", note: e instanceof Error ? e.message : String(e) });
        socket.destroy();
        return;
      }
      for (const p of payloads) {
        queue = queue
          .then(() => handle(socket, p))
          .catch((e: unknown) => {
            emit({
              direction: "undecodable",
              note: `processing failed: ${e instanceof Error ? e.message : String(e)}`,
            });
          });
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e) =>
      reject(
        new AcquirerError(AcquirerErrorCodes.listen, `cannot listen on ${host}:${options.port ?? 0}: ${e.message}`, {
          cause: e,
        }),
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  }).catch(async (e: unknown) => {
    await ledger.close();
    throw e;
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    ledger,
    totals: (terminalId) => ledger.totals(terminalId),
    get connections() {
      return sockets.size;
    },
    close() {
      closing ??= (async () => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const s of sockets) s.destroy();
        await closed;
        await queue;
        await ledger.close();
      })();
      return closing;
    },
  };
}

/** MAC providers per DE 41 from a key table (keys decoded once, at start-up) or a caller's lookup. */
function macLookup(
  keys: readonly MacKeyRow[] | ((terminalId: string) => MacProvider | undefined),
): (terminalId: string) => MacProvider | undefined {
  if (typeof keys === "function") return keys;
  const byTid = new Map<string, MacProvider>();
  for (const row of keys) {
    const k = fromHex(row.mak);
    byTid.set(row.terminalId, retailMacProvider(k));
    k.fill(0);
  }
  return (tid) => byTid.get(tid);
}
