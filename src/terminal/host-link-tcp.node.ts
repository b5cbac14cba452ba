/**
 * TCP host link (node:net): one persistent connection to the acquirer,
 * length-framed messages, responses matched by MTI class + DE 11 + DE 41 so
 * concurrent requests share the socket and may be answered out of order.
 *
 * TCP is a byte stream: one `data` event may hold half a frame or several
 * frames, so every chunk goes through the codec's stateful deframer.
 * The connection opens lazily on the first exchange and again after a loss;
 * a loss while requests are in flight makes them `timeout` (outcome unknown,
 * the terminal reverses), while a failed connect is an `error` (never sent).
 */
import { connect, type Socket } from "node:net";
import type { IsoMessage } from "../iso8583/index.js";
import { type WireCodec, wireCodec } from "./codec.js";
import { TerminalError, TerminalErrorCodes } from "./errors.js";
import {
  type ExchangeOptions,
  type ExchangeResult,
  type HostLink,
  type MacProvider,
  PendingExchanges,
} from "./host-link.js";
import { checkMessageMac, signMessage } from "./mac.js";

export interface TcpHostLinkOptions {
  readonly host: string;
  readonly port: number;
  /** Default 5 s. */
  readonly connectTimeoutMs?: number;
  readonly codec?: WireCodec;
  /**
   * MAC every request (DE 64/128) and require a valid MAC on every response;
   * a response whose MAC is missing or wrong is delivered with `macError`.
   */
  readonly mac?: MacProvider;
  /** Incoming bytes that do not decode (logged by the caller; never contains card data from us). */
  readonly onDecodeError?: (error: unknown) => void;
}

export class TcpHostLink implements HostLink {
  readonly #options: TcpHostLinkOptions;
  readonly #codec: WireCodec;
  readonly #pending = new PendingExchanges();
  #socket: Socket | undefined;
  #connecting: Promise<Socket> | undefined;
  #closed = false;

  constructor(options: TcpHostLinkOptions) {
    this.#options = options;
    this.#codec = options.codec ?? wireCodec();
  }

  get connected(): boolean {
    return this.#socket !== undefined;
  }

  async exchange(request: IsoMessage, options: ExchangeOptions): Promise<ExchangeResult> {
    if (this.#closed) {
      return { kind: "error", error: new TerminalError(TerminalErrorCodes.closed, "host link is closed") };
    }
    const mac = this.#options.mac;
    const bytes = this.#codec.frame(this.#codec.encode(mac ? await signMessage(this.#codec, request, mac) : request));
    let socket: Socket;
    try {
      socket = await this.#connect();
    } catch (e) {
      return { kind: "error", error: e as TerminalError };
    }
    const result = this.#pending.register(request, options);
    socket.write(bytes, (e) => {
      if (e) this.#pending.fail(request, { kind: "timeout" });
    });
    return result;
  }

  onUnmatched(listener: (message: IsoMessage) => void): () => void {
    return this.#pending.onUnmatched(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#pending.settleAll({ kind: "timeout" });
    const s = this.#socket ?? (await this.#connecting?.catch(() => undefined));
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      s.once("close", () => resolve());
      s.end();
      // A peer that never FINs must not keep us open.
      setTimeout(() => s.destroy(), 1000).unref();
    });
  }

  #connect(): Promise<Socket> {
    if (this.#socket) return Promise.resolve(this.#socket);
    if (this.#connecting) return this.#connecting;
    const { host, port } = this.#options;
    const timeoutMs = this.#options.connectTimeoutMs ?? 5000;
    this.#connecting = new Promise<Socket>((resolve, reject) => {
      const s = connect({ host, port });
      const fail = (why: string, cause?: unknown) => {
        clearTimeout(timer);
        s.destroy();
        reject(
          new TerminalError(TerminalErrorCodes.connect, `cannot connect to ${host}:${port}: ${why}`, {
            command: "connect",
            ...(cause !== undefined && { cause }),
          }),
        );
      };
      const timer = setTimeout(() => fail(`no connection within ${timeoutMs} ms`), timeoutMs);
      s.once("error", (e) => fail(e.message, e));
      s.once("connect", () => {
        clearTimeout(timer);
        s.removeAllListeners("error");
        s.setNoDelay(true);
        this.#attach(s);
        resolve(s);
      });
    }).finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #deliverChecked(payload: Uint8Array, message: IsoMessage, mac: MacProvider): Promise<void> {
    let check: string;
    try {
      check = await checkMessageMac(this.#codec, payload, message, mac);
    } catch (e) {
      check = `not checkable (${e instanceof Error ? e.message : String(e)})`;
    }
    const error =
      check === "valid"
        ? undefined
        : new TerminalError(TerminalErrorCodes.mac, `response ${message.mti}: MAC ${check}`, {
            field: message.fields[128] !== undefined ? "DE 128" : "DE 64",
          });
    this.#pending.deliver(message, error);
  }

  #attach(s: Socket): void {
    this.#socket = s;
    const deframer = this.#codec.deframer();
    s.on("data", (chunk: Uint8Array) => {
      let payloads: Uint8Array[];
      try {
        payloads = deframer.push(chunk);
      } catch (e) {
        // Framing is lost for good: nothing after this can be trusted.
        this.#options.onDecodeError?.(e);
        s.destroy();
        return;
      }
      for (const p of payloads) {
        let message: IsoMessage;
        try {
          message = this.#codec.decode(p);
        } catch (e) {
          this.#options.onDecodeError?.(e);
          continue;
        }
        const mac = this.#options.mac;
        if (!mac) this.#pending.deliver(message);
        else void this.#deliverChecked(p, message, mac);
      }
    });
    s.on("error", () => {
      // 'close' follows and settles waiters.
    });
    s.on("close", () => {
      if (this.#socket === s) this.#socket = undefined;
      this.#pending.settleAll({ kind: "timeout" });
    });
  }
}
