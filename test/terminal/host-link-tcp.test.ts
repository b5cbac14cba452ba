/**
 * The TCP host link against hand-written servers on 127.0.0.1 that cut the
 * byte stream in hostile ways: one byte per write, several frames per write,
 * answers out of order, no answer, a dropped connection.
 */
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { IsoMessage } from "../../src/iso8583/index.js";
import { wireCodec } from "../../src/terminal/codec.js";
import { TcpHostLink } from "../../src/terminal/host-link-tcp.node.js";
import { responseMtiFor } from "../../src/terminal/message.js";

const codec = wireCodec();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const request = (stan: number, tid = "TERM0001"): IsoMessage => ({
  mti: "0200",
  fields: { 3: "000000", 4: "000000000100", 7: "0101120000", 11: String(stan).padStart(6, "0"), 41: tid },
});
const answer = (req: IsoMessage, code = "00"): IsoMessage => ({
  mti: responseMtiFor(req.mti),
  fields: { 11: req.fields[11] as string, 39: code, 41: req.fields[41] as string },
});

/** A server whose behaviour for each received request is `onRequests(requests-so-far, socket)`. */
async function server(onRequest: (req: IsoMessage, socket: Socket, all: IsoMessage[]) => void): Promise<number> {
  const sockets = new Set<Socket>();
  const srv: Server = createServer((s) => {
    sockets.add(s);
    const d = codec.deframer();
    const all: IsoMessage[] = [];
    s.on("data", (chunk: Uint8Array) => {
      for (const p of d.push(chunk)) {
        const m = codec.decode(p);
        all.push(m);
        onRequest(m, s, all);
      }
    });
    s.on("error", () => {});
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  );
  const addr = srv.address();
  return typeof addr === "object" && addr ? addr.port : 0;
}

function link(port: number): TcpHostLink {
  const l = new TcpHostLink({ host: "127.0.0.1", port, connectTimeoutMs: 2000 });
  cleanups.push(() => l.close());
  return l;
}

const frame = (m: IsoMessage) => codec.frame(codec.encode(m));

describe("TcpHostLink", () => {
  it("reassembles a response written one byte at a time", async () => {
    const port = await server((req, s) => {
      const bytes = frame(answer(req));
      let i = 0;
      const drip = () => {
        if (i < bytes.length) s.write(bytes.subarray(i, ++i), () => setTimeout(drip, 1));
      };
      drip();
    });
    const r = await link(port).exchange(request(1), { timeoutMs: 5000 });
    expect(r).toEqual({ kind: "response", message: answer(request(1)) });
  });

  it("splits coalesced responses (three frames in one write) and matches them out of order", async () => {
    const port = await server((_req, s, all) => {
      if (all.length < 3) return;
      // Reverse order, one write, plus the head of nothing else.
      s.write(
        Uint8Array.from([
          ...frame(answer(all[2]!, "05")),
          ...frame(answer(all[0]!, "00")),
          ...frame(answer(all[1]!, "51")),
        ]),
      );
    });
    const l = link(port);
    const rs = await Promise.all([1, 2, 3].map((n) => l.exchange(request(n), { timeoutMs: 5000 })));
    expect(rs.map((r) => (r.kind === "response" ? [r.message.fields[11], r.message.fields[39]] : r.kind))).toEqual([
      ["000001", "00"],
      ["000002", "51"],
      ["000003", "05"],
    ]);
  });

  it("matches by DE 41 too: same STAN from two terminals on one link", async () => {
    const port = await server((_req, s, all) => {
      if (all.length === 2)
        s.write(Uint8Array.from([...frame(answer(all[1]!, "05")), ...frame(answer(all[0]!, "00"))]));
    });
    const l = link(port);
    const [a, b] = await Promise.all([
      l.exchange(request(7, "TERMAAAA"), { timeoutMs: 5000 }),
      l.exchange(request(7, "TERMBBBB"), { timeoutMs: 5000 }),
    ]);
    expect(a.kind === "response" && [a.message.fields[41], a.message.fields[39]]).toEqual(["TERMAAAA", "00"]);
    expect(b.kind === "response" && [b.message.fields[41], b.message.fields[39]]).toEqual(["TERMBBBB", "05"]);
  });

  it("times out when the host is silent, and hands the late answer to onUnmatched", async () => {
    let hold: (() => void) | undefined;
    const port = await server((req, s) => {
      hold = () => s.write(frame(answer(req)));
    });
    const l = link(port);
    const late: IsoMessage[] = [];
    l.onUnmatched((m) => late.push(m));
    expect(await l.exchange(request(9), { timeoutMs: 150 })).toEqual({ kind: "timeout" });
    hold?.();
    await expect.poll(() => late.length).toBe(1);
    expect(late[0]?.fields[11]).toBe("000009");
  });

  it("a dropped connection turns in-flight requests into timeouts, then reconnects", async () => {
    let n = 0;
    const port = await server((req, s) => {
      if (++n === 1) s.destroy();
      else s.write(frame(answer(req)));
    });
    const l = link(port);
    expect(await l.exchange(request(1), { timeoutMs: 5000 })).toEqual({ kind: "timeout" });
    const r = await l.exchange(request(2), { timeoutMs: 5000 });
    expect(r.kind).toBe("response");
  });

  it("an unreachable host is an error result (never sent), not a throw", async () => {
    const port = await server(() => {});
    cleanups.splice(0).forEach((c) => void c()); // close it: the port is now refused
    await new Promise((r) => setTimeout(r, 20));
    const r = await new TcpHostLink({ host: "127.0.0.1", port, connectTimeoutMs: 2000 }).exchange(request(1), {
      timeoutMs: 1000,
    });
    expect(r.kind).toBe("error");
    expect(r.kind === "error" && r.error.code).toBe("terminal.connect");
  });

  it("a closed link refuses new exchanges with terminal.closed", async () => {
    const port = await server(() => {});
    const l = link(port);
    await l.close();
    const r = await l.exchange(request(1), { timeoutMs: 100 });
    expect(r.kind === "error" && r.error.code).toBe("terminal.closed");
  });
});
