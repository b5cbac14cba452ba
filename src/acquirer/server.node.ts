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
import { type WireCodec, wireCodec } from "../terminal/codec.js";
import { AcquirerError, AcquirerErrorCodes } from "./errors.js";
import { AcquirerHost, type AcquirerHostOptions } from "./host.js";
import type { Ledger, SettlementTotals } from "./ledger.js";
import { SqliteLedger } from "./ledger-sqlite.node.js";
import type { Rule } from "./rules.js";

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
  const processor = new AcquirerHost(hostOptions);
  const codec = options.codec ?? wireCodec();
  const emit = options.onEvent ?? (() => {});
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let queue: Promise<void> = Promise.resolve();

  const send = (socket: Socket, message: IsoMessage, note: string) => {
    if (socket.destroyed) return;
    socket.write(codec.frame(codec.encode(message)));
    emit({ direction: "sent", message, note });
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
    const d = await processor.handle(request);
    if (d.kind === "silent") {
      emit({ direction: "withheld", message: request, note: d.note });
      return;
    }
    if (d.delayMs === 0) {
      send(socket, d.response, d.note);
      return;
    }
    const t = setTimeout(() => {
      timers.delete(t);
      send(socket, d.response, d.note);
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
