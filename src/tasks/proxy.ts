/**
 * The browser side of the proxy protocol (src/lib/proxy-wire.ts), a task runner as `runTask` is: a call with `proxyUrl` goes to the proxy
 * (`unified-inference/server`), which holds the token and calls the provider. Used by `InferenceClient`
 * when `proxyUrl` is set; the standalone task functions do not carry it. Results are what a direct call returns (JSON, Blob, async iterator of
 * chunks); failures are the same error classes, rebuilt from the proxy's JSON error.
 */
import {
  InferenceClientConnectionError,
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientRoutingError,
  InferenceClientTimeoutError,
} from "../errors.js";
import { SseParser } from "../transport/sse.js";
import type { InferenceTask, Options } from "../types.js";
import { decodeBinary, encodeBinary, type ProxyErrorBody } from "../lib/proxy-wire.js";

/** What the proxy needs of a task: its name, the last segment of the proxy URL. */
interface ProxiedTask {
  task: InferenceTask;
}

export function proxyCall(def: ProxiedTask, args: Record<string, unknown>, options: Options, stream: boolean): unknown {
  return stream ? proxyStream(def, args, options, "stream") : proxyTask(def, args, options);
}

async function send(
  def: ProxiedTask,
  args: Record<string, unknown>,
  options: Options & { outputType?: string },
  mode?: "stream" | "progress",
): Promise<{ res: Response; url: string }> {
  // The proxy holds the credential and chooses where requests go: neither is sent to it.
  const { accessToken: _t, endpointUrl: _e, ...rest } = args;
  const url = `${options.proxyUrl!.replace(/\/+$/, "")}/${def.task}`;
  const body: Record<string, unknown> = { args: await encodeBinary(rest) };
  if (options.outputType) body.options = { outputType: options.outputType };
  // Server-sent events: a stream's chunks, or a job's progress before its result.
  if (mode) body[mode] = true;
  let res: Response;
  try {
    res = await (options.fetch ?? globalThis.fetch)(url, {
      method: "POST",
      headers: { ...options.headers, "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: options.signal,
      // Cookies for a proxy on another origin: `includeCredentials: true`.
      credentials: options.includeCredentials ? "include" : undefined,
    });
  } catch (e) {
    // An abort rejects with the signal's reason, passed on as is.
    throw options.signal?.aborted
      ? e
      : new InferenceClientConnectionError(`Proxy ${url}: unreachable`, { url, cause: e });
  }
  if (!res.ok) {
    throw rebuild(
      await res.json().then(
        (j: { error?: Partial<ProxyErrorBody> }) => j.error ?? {},
        () => ({}),
      ),
      res.status,
      url,
    );
  }
  return { res, url };
}

async function proxyTask(def: ProxiedTask, args: Record<string, unknown>, options: Options): Promise<unknown> {
  if (options.onProgress) {
    let last: unknown;
    for await (const v of proxyStream(def, args, options, "progress")) last = v;
    return decodeBinary(last);
  }
  const { res } = await send(def, args, options);
  return /json/i.test(res.headers.get("content-type") ?? "") ? decodeBinary(await res.json()) : res.blob();
}

async function* proxyStream(
  def: ProxiedTask,
  args: Record<string, unknown>,
  options: Options,
  mode: "stream" | "progress",
): AsyncGenerator<unknown> {
  const { res, url } = await send(def, args, options, mode);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const queue: unknown[] = [];
  let failure: Error | undefined;
  let done = false;
  const parser = new SseParser((ev) => {
    if (ev.event === "done") done = true;
    else if (ev.event === "error") failure ??= rebuild(JSON.parse(ev.data).error ?? {}, 502, url);
    else if (ev.event === "progress") options.onProgress?.(JSON.parse(ev.data));
    else queue.push(JSON.parse(ev.data));
  });
  try {
    for (;;) {
      while (queue.length) yield queue.shift();
      if (failure) throw failure;
      if (done) return;
      const r = await reader.read();
      if (r.done) {
        parser.end();
        // No `done` event: the stream was cut (an `error` event, if any, is thrown instead).
        failure ??= done ? undefined : new InferenceClientConnectionError(`Proxy ${url}: cut`, { url });
      } else parser.feed(decoder.decode(r.value, { stream: true }));
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** The error class the proxy named, rebuilt with its fields. */
function rebuild(e: Partial<ProxyErrorBody>, status: number, url: string): Error {
  const { name, message = `Proxy ${url}: ${status}`, provider, model } = e;
  const d = { provider, model };
  if (name === "InputError") return new InferenceClientInputError(message);
  if (name === "RoutingError") return new InferenceClientRoutingError(message);
  if (name === "ProviderOutputError") return new InferenceClientProviderOutputError(message, d);
  if (name === "ConnectionError") return new InferenceClientConnectionError(message, { url, ...d });
  if (name === "TimeoutError") {
    return Object.assign(new InferenceClientTimeoutError(e.kind ?? "total", e.timeoutMs ?? 0, d), { message });
  }
  const C =
    name === "HubApiError" ? InferenceClientHubApiError : InferenceClientProviderApiError.classFor(e.status ?? status);
  return new C(
    message,
    { url, method: "POST" },
    { requestId: e.requestId ?? "", status: e.status ?? status, body: null },
    d,
  );
}
