/**
 * The mock provider as a real HTTP server on loopback (`startMockProvider`). Node only (it needs
 * `node:http`): the package's `unified-inference/testing` entry exports it under the `node` condition, and
 * a stand-in that says so everywhere else (see ./browser.ts), so a browser bundle of the testing kit pulls
 * in no Node module.
 */
import { createServer } from "node:http";
import { FORWARD_HEADER, forwardingFetch } from "../lib/forward.js";
import { createMockCore, replyPieces, toMockRequest, type MockCore } from "./mock.js";

export interface MockProvider extends MockCore {
  /** Base URL of the loopback server, e.g. `http://127.0.0.1:43127`: use it as an `endpointUrl`. */
  readonly url: string;
  /** A fetch that sends every URL to the server, keeping the URL meant. Pass it as `options.fetch`. */
  readonly fetch: typeof fetch;
  /** TCP connections accepted so far. */
  readonly connections: number;
  /** Stops the server (open connections are closed). */
  close(): Promise<void>;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the mock provider on a loopback port. */
export async function startMockProvider(options: { port?: number; host?: string } = {}): Promise<MockProvider> {
  const core = createMockCore();
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (req.method === "OPTIONS") {
          res.writeHead(204, {
            "access-control-allow-origin": "*",
            "access-control-expose-headers": "*",
            "access-control-allow-methods": "GET, POST, OPTIONS",
            "access-control-allow-headers": "*",
            "access-control-max-age": "600",
          });
          res.end();
          return;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (k === FORWARD_HEADER || v === undefined) continue;
          headers[k] = Array.isArray(v) ? v.join(", ") : v;
        }
        const forwarded = req.headers[FORWARD_HEADER];
        const url = typeof forwarded === "string" ? forwarded : `${base}${req.url ?? "/"}`;
        const reply = await core.answer(toMockRequest(req.method ?? "GET", url, headers, Buffer.concat(chunks)));
        if (reply.delayMs) await wait(reply.delayMs);
        if (reply.hang) return; // the client's timeout (or close()) ends it
        if (reply.destroy === "before-headers") {
          req.socket.destroy();
          return;
        }
        const { status, headers: h, pieces } = replyPieces(reply);
        const streaming = pieces.length > 1 || reply.stall || reply.destroy === "mid-body" || !!reply.chunkDelayMs;
        if (!streaming) h["content-length"] = String(pieces.reduce((n, p) => n + p.byteLength, 0));
        res.writeHead(status, h);
        res.flushHeaders();
        for (const p of pieces) {
          if (res.destroyed) return;
          res.write(p);
          if (reply.chunkDelayMs) await wait(reply.chunkDelayMs);
        }
        if (reply.destroy === "mid-body") {
          req.socket.destroy();
          return;
        }
        if (reply.stall) return;
        res.end();
      })().catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(e));
      });
    });
  });
  server.on("connection", () => connections++);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  const host = options.host ?? "127.0.0.1";
  const base = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  // The runtime's own fetch, kept now: `globalThis.fetch = mock.fetch` must not make this call itself.
  const realFetch = globalThis.fetch.bind(globalThis);
  const mockFetch = forwardingFetch(base, realFetch);

  const provider = Object.assign(core, {
    url: base,
    fetch: mockFetch,
    close() {
      return new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  });
  // A live count: Object.assign would copy a getter's value once.
  Object.defineProperty(provider, "connections", { get: () => connections, enumerable: true });
  return provider as MockProvider;
}
