/**
 * `toNodeListener(handler)`: runs a web-standard handler under `node:http` (or `node:https`, Express,
 * Fastify's raw mode...). The request body is handed over as a stream (read only as the handler pulls it,
 * so a 413 does not wait for a large upload); the response body is written with backpressure (the next
 * chunk is pulled only after the socket drained); a client that disconnects aborts `request.signal`, which
 * aborts the upstream call.
 */
import type { InferenceHandler } from "./handler.js";

/** The parts of `http.IncomingMessage` used (structural: no import of node:http). */
export interface NodeRequestLike {
  /** The HTTP method. */
  method?: string;
  /** The path and query, as received. */
  url?: string;
  /** The headers, names lowercased. */
  headers: Record<string, string | string[] | undefined>;
  /** A chunk of the body arrived. */
  on(event: "data", fn: (chunk: Uint8Array) => void): unknown;
  /** The body ended, or the connection closed. */
  on(event: "end" | "close", fn: () => void): unknown;
  /** Reading the body failed. */
  on(event: "error", fn: (e: Error) => void): unknown;
  /** Stops the `data` events (backpressure). */
  pause(): unknown;
  /** Starts them again. */
  resume(): unknown;
  /** Closes the connection. */
  destroy(error?: Error): unknown;
}

/** The parts of `http.ServerResponse` used. */
export interface NodeResponseLike {
  /** Sends the status and headers. */
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  /** Writes a chunk of the body; `false` when the socket's buffer is full (wait for `drain`). */
  write(chunk: Uint8Array): boolean;
  /** Ends the body. */
  end(): unknown;
  /** The buffer drained, or the connection closed. */
  once(event: "drain" | "close", fn: () => void): unknown;
  /** The connection closed. */
  on(event: "close", fn: () => void): unknown;
  /** Closes the connection. */
  destroy(error?: Error): unknown;
  /** Whether the whole answer was handed to the system. */
  readonly writableFinished?: boolean;
  /** Whether the connection was destroyed. */
  readonly destroyed?: boolean;
}

/**
 * A `node:http` request listener that runs `handler` (see this module's description): the request's body is
 * streamed to the handler and its answer written with backpressure; a disconnect aborts the handler's call.
 */
export function toNodeListener(handler: InferenceHandler): (req: NodeRequestLike, res: NodeResponseLike) => void {
  return (req, res) => {
    void serve(handler, req, res).catch(() => res.destroy());
  };
}

async function serve(handler: InferenceHandler, req: NodeRequestLike, res: NodeResponseLike): Promise<void> {
  const aborter = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) aborter.abort(new DOMException("The client disconnected", "AbortError"));
  });
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) headers.append(k, x);
  }
  const host =
    typeof req.headers.host === "string" && /^[\w.:[\]-]+$/.test(req.headers.host) ? req.headers.host : "localhost";
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  // `open`: the handler may still read the body. `ended`: the client sent all of it.
  let open = true;
  let ended = !hasBody;
  if (hasBody) req.on("end", () => (ended = true));
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        start(ctrl) {
          req.pause();
          req.on("data", (chunk) => {
            if (!open) return;
            ctrl.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if ((ctrl.desiredSize ?? 0) <= 0) req.pause();
          });
          req.on("end", () => {
            if (open) ctrl.close();
            open = false;
          });
          req.on("error", (e) => {
            if (open) ctrl.error(e);
            open = false;
          });
        },
        pull() {
          req.resume();
        },
        cancel() {
          open = false;
        },
      })
    : null;
  const request = new Request(`http://${host}${req.url ?? "/"}`, {
    method,
    headers,
    body,
    signal: aborter.signal,
    ...(body ? { duplex: "half" } : {}),
  } as RequestInit);
  const response = await handler(request);
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((v, k) => {
    out[k] = v;
  });
  if (!ended) {
    // The handler answered without reading the whole body (413, 415...): the rest is drained and
    // dropped, and the connection is not kept for another request.
    open = false;
    out.connection = "close";
    req.resume();
  }
  res.writeHead(response.status, out);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    for (;;) {
      if (res.destroyed) {
        await reader.cancel();
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          res.once("drain", resolve);
          res.once("close", resolve);
        });
      }
    }
    res.end();
  } catch {
    await reader.cancel().catch(() => {});
    res.destroy();
  }
}
