/**
 * A page for browser tests: TypeScript bundled for the browser by esbuild (in
 * memory, imports resolved from the repository root) and served on 127.0.0.1
 * as `/app.js` behind an HTML page at `/`. Under `/strict/` the same page and
 * script come with `Content-Security-Policy: script-src 'self'`: no `eval` or
 * `new Function`, no WebAssembly compilation (what a locked-down host page does).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { build } from "esbuild";

export const REPO = resolve(new URL("../../", import.meta.url).pathname);

export interface TestPage {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly origin: string;
  close(): Promise<void>;
}

const HTML = `<!doctype html><meta charset="utf-8"><title>cardwire</title><script type="module" src="app.js"></script>`;

export async function servePage(source: string): Promise<TestPage> {
  const bundle = await build({
    stdin: { contents: source, resolveDir: REPO, loader: "ts", sourcefile: "page.ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  const js = bundle.outputFiles[0]?.text ?? "";
  const server = createServer((req, res) => {
    const url = req.url ?? "";
    const csp = url.startsWith("/strict/") ? { "content-security-policy": "script-src 'self'" } : {};
    if (url === "/app.js" || url === "/strict/app.js") {
      res.writeHead(200, { "content-type": "text/javascript", ...csp }).end(js);
    } else if (url === "/" || url === "/strict/") res.writeHead(200, { "content-type": "text/html", ...csp }).end(HTML);
    else res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
