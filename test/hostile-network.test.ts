/**
 * A hostile network: a provider, endpoint or relay that answers with a compression bomb, redirects a call
 * elsewhere, or hands out URLs that point into the caller's own network. Every test talks HTTP over
 * loopback to node:http servers it starts; memory is measured in a child process (peak RSS sampled while
 * the call runs) so that other test files running in this process cannot blur it. Nothing asserts on time.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  chatCompletion,
  clearMappingCache,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  textToImage,
} from "../src/index.js";
import { startMockProvider, type MockProvider } from "../src/testing/index.js";
import { listenLoopback } from "./support/loopback.js";
import { HF_TOKEN as TOKEN } from "./support/tokens.js";
import { useFastWaits } from "./support/waits.js";

const MiB = 1024 * 1024;
const MESSAGES = [{ role: "user" as const, content: "Hi" }];
const CHAT_OK = {
  id: "c1",
  object: "chat.completion",
  created: 1,
  model: "m",
  choices: [{ index: 0, message: { role: "assistant", content: "hello" }, finish_reason: "stop" }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
};
/** A 1x1 PNG. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A loopback server that records what reached it and answers with `handle`. */
interface TestServer {
  url: string;
  seen: Seen[];
  handle: (req: Seen, res: ServerResponse) => void | Promise<void>;
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const s: TestServer = {
    url: "",
    seen: [],
    handle: (_req, res) => void res.writeHead(404).end(),
    close: () => Promise.resolve(),
  };
  const server = await listenLoopback((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
      const seen = { method: req.method ?? "", path: req.url ?? "", headers, body: Buffer.concat(chunks).toString() };
      s.seen.push(seen);
      void Promise.resolve(s.handle(seen, res)).catch(() => res.destroy());
    });
  });
  s.url = server.url;
  s.close = server.close;
  return s;
}

/** Header names a test sets or the client adds, without those the runtime's fetch adds to every request. */
const TRANSPORT_HEADERS = new Set([
  "host",
  "accept", // the runtime's fetch adds "*/*" when none is set
  "connection",
  "content-length",
  "accept-encoding",
  "accept-language",
  "sec-fetch-mode",
  "transfer-encoding",
]);
const names = (s: Seen) => Object.keys(s.headers).filter((k) => !TRANSPORT_HEADERS.has(k));

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => void process.on("unhandledRejection", onUnhandled));
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  expect(unhandled).toEqual([]);
});
// Retry waits end at once.
useFastWaits();

const settle = <T>(p: Promise<T>) =>
  p.then(
    (v) => v,
    (e: unknown) => e,
  );

// ---------------------------------------------------------------------------------------------------------
describe("compression bombs (child process, peak RSS sampled)", () => {
  /** 16 MiB of spaces, gzipped: about 16 KB on the wire. gzip members may be concatenated (RFC 1952). */
  const member = gzipSync(Buffer.alloc(16 * MiB, 0x20), { level: 9 });
  let server: TestServer;
  let written = 0;
  let dir: string;
  let script: string;

  beforeAll(async () => {
    server = await startServer();
    dir = mkdtempSync(join(tmpdir(), "ui-bomb-"));
    const entry = join(dir, "entry.ts");
    const src = resolve(__dirname, "../src/index.ts").replace(/\\/g, "/");
    writeFileSync(
      entry,
      `
import { chatCompletion, textToImage, InferenceClientProviderOutputError } from ${JSON.stringify(src)};
const [mode, url, cap] = process.argv.slice(2);
const base = process.memoryUsage().rss;
let peak = base;
const sample = () => {
  const rss = process.memoryUsage().rss;
  if (rss > peak) peak = rss;
  // A guard, so that a client without a cap cannot eat the machine: the test then fails on "runaway".
  if (rss - base > 1536 * 1024 * 1024) {
    console.log(JSON.stringify({ runaway: true, growth: rss - base }));
    process.exit(2);
  }
};
const timer = setInterval(sample, 1);
const options = cap ? { maxResponseBytes: Number(cap) } : {};
const out: Record<string, unknown> = {};
try {
  if (mode === "json") await chatCompletion({ endpointUrl: url, messages: [{ role: "user", content: "Hi" }] }, options);
  else await textToImage({ endpointUrl: url, inputs: "a fox" }, options);
  out.result = "no error";
} catch (e) {
  out.outputError = e instanceof InferenceClientProviderOutputError;
  out.name = (e as Error).name;
  out.message = (e as Error).message;
}
sample();
clearInterval(timer);
out.growth = peak - base;
console.log(JSON.stringify(out));
`,
    );
    script = join(dir, "bomb.mjs");
    const { build } = await import("esbuild");
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: script,
      logLevel: "silent",
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.seen.length = 0;
    written = 0;
  });

  /** Serves `members` gzip members (with Content-Length when `sized`), writing with backpressure until the client goes. */
  function bomb(type: string, members: number, sized: boolean) {
    server.handle = async (_req, res) => {
      const headers: Record<string, string> = { "content-type": type, "content-encoding": "gzip" };
      if (sized) headers["content-length"] = String(member.length * members);
      res.writeHead(200, headers);
      let gone = false;
      res.on("close", () => (gone = true));
      for (let i = 0; i < members && !gone; i++) {
        written += member.length;
        if (!res.write(member)) {
          await new Promise<void>((r) => {
            res.once("drain", r);
            res.once("close", r);
          });
        }
      }
      if (!gone) res.end();
    };
  }

  async function run(mode: "json" | "blob", cap?: number): Promise<Record<string, unknown>> {
    const args = [script, mode, server.url, ...(cap ? [String(cap)] : [])];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const guard = setTimeout(() => child.kill("SIGKILL"), 60_000);
    const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
    clearTimeout(guard);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    if (process.env.BOMB_DEBUG) console.error(mode, stdout.trim().slice(0, 300), "written", written);
    return JSON.parse(stdout.trim()) as Record<string, unknown>;
  }

  it("a JSON answer of 255 KB on the wire with Content-Length (256 MiB inflated) stops at the 64 MiB default", async () => {
    // Small enough for the "read in one go" path, were its compressed Content-Length trusted.
    const members = 16;
    expect(member.length * members).toBeLessThan(262_144);
    bomb("application/json", members, true);
    const out = await run("json");
    expect(out).toMatchObject({ outputError: true, name: "ProviderOutputError" });
    expect(out.message).toContain(`more than ${64 * MiB} bytes`);
    expect(out.growth as number).toBeLessThan(200 * MiB);
    expect(server.seen).toHaveLength(1); // not retried
  });

  it("an endless gzip stream of JSON (64 GiB inflated) stops at the cap, the body cancelled", async () => {
    const members = 4096; // 64 MB on the wire
    bomb("application/json", members, false);
    const out = await run("json");
    expect(out).toMatchObject({ outputError: true, name: "ProviderOutputError" });
    expect(out.growth as number).toBeLessThan(200 * MiB);
    expect(server.seen).toHaveLength(1);
    // The client went away after about 64 MiB inflated (64 KB on the wire, plus what socket buffers hold).
    expect(written).toBeLessThan(16 * MiB);
  });

  it("a file answer (image/png, gzip) stops at maxResponseBytes", async () => {
    bomb("image/png", 4096, false);
    const out = await run("blob", 32 * MiB);
    expect(out).toMatchObject({ outputError: true, name: "ProviderOutputError" });
    expect(out.message).toContain(`more than ${32 * MiB} bytes (maxResponseBytes)`);
    expect(out.growth as number).toBeLessThan(200 * MiB);
    expect(server.seen).toHaveLength(1);
    expect(written).toBeLessThan(16 * MiB);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe("answer size caps (in process)", () => {
  let server: TestServer;
  beforeAll(async () => void (server = await startServer()));
  afterAll(() => server.close());
  beforeEach(() => void (server.seen.length = 0));

  it("a plain body whose Content-Length passes the cap is refused without being read", async () => {
    let sent = 0;
    server.handle = (_req, res) => {
      const body = Buffer.alloc(4 * MiB, 0x20);
      res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) });
      res.on("close", () => void 0);
      sent = body.length;
      res.end(body);
    };
    const err = await settle(
      chatCompletion({ endpointUrl: server.url, messages: MESSAGES }, { maxResponseBytes: MiB }),
    );
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain(`more than ${MiB} bytes`);
    expect(sent).toBe(4 * MiB);
    expect(server.seen).toHaveLength(1);
  });

  it("a chunked answer just under the cap is read; one byte over fails", async () => {
    const json = JSON.stringify(CHAT_OK);
    server.handle = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(json.slice(0, 10));
      res.end(json.slice(10));
    };
    const ok = await chatCompletion(
      { endpointUrl: server.url, messages: MESSAGES },
      { maxResponseBytes: Buffer.byteLength(json) },
    );
    expect(ok.choices[0]?.message.content).toBe("hello");
    const err = await settle(
      chatCompletion(
        { endpointUrl: server.url, messages: MESSAGES },
        { maxResponseBytes: Buffer.byteLength(json) - 1 },
      ),
    );
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect(server.seen).toHaveLength(2);
  });

  it("a cap that is not a positive number is an input error naming the field, before any request", async () => {
    for (const [k, v] of [
      ["maxResponseBytes", 0],
      ["maxResponseBytes", "1"],
      ["maxEventBytes", -1],
    ] as const) {
      const err = await settle(chatCompletion({ endpointUrl: server.url, messages: MESSAGES }, { [k]: v } as never));
      expect(err).toBeInstanceOf(InferenceClientInputError);
      expect((err as Error).message).toContain(k);
    }
    expect(server.seen).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe("redirects", () => {
  /** "router" plays the Hugging Face router; "other" another origin (a CDN, or a hostile relay). */
  let router: TestServer;
  let other: TestServer;
  /** Every URL the client fetched, as it meant it. */
  let fetched: string[];
  /** A fetch that sends router.huggingface.co to one loopback server and cdn.example to the other. */
  const hostFetch: typeof fetch = (input, init) => {
    const u = new URL(String(input));
    fetched.push(u.href);
    const target = { "router.huggingface.co": router.url, "cdn.example": other.url }[u.host];
    if (!target) return Promise.reject(new TypeError(`fetch failed (no route to ${u.host})`));
    return fetch(`${target}${u.pathname}${u.search}`, init);
  };
  const callerHeaders = { "x-api-key": "caller-api-key-123", "X-Key": "caller-x-key-456", "X-Custom": "custom-value" };
  /** A routed chat call (provider "auto": straight to the router, no Hub look-up) with every kind of header. */
  const routed = () =>
    chatCompletion(
      { accessToken: TOKEN, model: "meta-llama/Llama-3.3-70B-Instruct", messages: MESSAGES },
      { fetch: hostFetch, billTo: "my-org", headers: callerHeaders },
    );
  const redirect = (status: number, location: string) => (_req: Seen, res: ServerResponse) =>
    void res.writeHead(status, { location, "content-type": "text/plain" }).end("moved");
  const json = (body: unknown) => (_req: Seen, res: ServerResponse) =>
    void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));

  beforeAll(async () => {
    router = await startServer();
    other = await startServer();
  });
  afterAll(async () => {
    await router.close();
    await other.close();
  });
  beforeEach(() => {
    router.seen.length = 0;
    other.seen.length = 0;
    fetched = [];
    other.handle = json(CHAT_OK);
  });

  it("303 to another origin: a GET without body carrying only Accept and User-Agent", async () => {
    router.handle = redirect(303, "https://cdn.example/answer?x=1");
    const out = await routed();
    expect(out.choices[0]?.message.content).toBe("hello");
    expect(router.seen).toHaveLength(1);
    expect(router.seen[0]!.method).toBe("POST");
    expect(names(router.seen[0]!).sort()).toEqual(
      ["authorization", "content-type", "user-agent", "x-api-key", "x-custom", "x-hf-bill-to", "x-key"].sort(),
    );
    expect(other.seen).toHaveLength(1);
    const hop = other.seen[0]!;
    expect(hop.method).toBe("GET");
    expect(hop.path).toBe("/answer?x=1");
    expect(hop.body).toBe("");
    expect(names(hop)).toEqual(["user-agent"]);
    expect(JSON.stringify(hop.headers)).not.toMatch(/caller-|custom-value|my-org|hf_/);
    expect(fetched).toEqual(["https://router.huggingface.co/v1/chat/completions", "https://cdn.example/answer?x=1"]);
  });

  it("307 and 308 of a request body to another origin are refused: nothing reaches it", async () => {
    for (const status of [307, 308]) {
      router.seen.length = 0;
      router.handle = redirect(status, "https://cdn.example/v1/chat/completions");
      const err = await settle(routed());
      expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
      expect((err as Error).message).toContain("cdn.example");
      expect((err as Error).message).toContain("body to another origin");
      expect((err as Error).message).not.toContain(TOKEN);
      expect(router.seen).toHaveLength(1); // refused, not retried
    }
    expect(other.seen).toHaveLength(0);
    expect(fetched.every((u) => u.startsWith("https://router.huggingface.co/"))).toBe(true);
  });

  it("307 on the same origin keeps method, body and every header", async () => {
    let n = 0;
    router.handle = (req, res) =>
      n++ === 0 ? redirect(307, "/v1/chat/completions?again=1")(req, res) : json(CHAT_OK)(req, res);
    const out = await routed();
    expect(out.choices).toHaveLength(1);
    expect(router.seen).toHaveLength(2);
    const [first, second] = router.seen as [Seen, Seen];
    expect(second.method).toBe("POST");
    expect(second.path).toBe("/v1/chat/completions?again=1");
    expect(second.body).toBe(first.body);
    expect(JSON.parse(second.body).messages).toEqual(MESSAGES);
    for (const h of ["authorization", "x-hf-bill-to", "x-api-key", "x-key", "x-custom", "content-type"]) {
      expect(second.headers[h], h).toBe(first.headers[h]);
    }
  });

  it("more than 5 redirects is an output error after exactly 6 requests", async () => {
    router.handle = redirect(302, "/loop");
    const err = await settle(routed());
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain("too many");
    expect(router.seen).toHaveLength(6);
    // 302 turns the POST into a GET without body, on the same origin with its headers but the body's.
    expect(router.seen.slice(1).every((s) => s.method === "GET" && s.body === "" && !s.headers["content-type"])).toBe(
      true,
    );
  });

  it("a redirect from https to http, or to a private address, is refused before any request", async () => {
    for (const location of [
      "http://cdn.example/answer",
      "https://169.254.169.254/latest/meta-data/",
      "https://[::ffff:127.0.0.1]/x",
      "https://2130706433/x",
      "https://localhost/x",
    ]) {
      fetched = [];
      router.handle = redirect(303, location);
      const err = await settle(routed());
      expect(err, location).toBeInstanceOf(InferenceClientProviderOutputError);
      expect(fetched, location).toEqual(["https://router.huggingface.co/v1/chat/completions"]);
    }
    expect(other.seen).toHaveLength(0);
  });

  it("an endpoint on this machine may redirect to another local origin (credentials still dropped)", async () => {
    router.handle = redirect(303, `${other.url}/v1/answer`);
    const out = await chatCompletion(
      { endpointUrl: router.url, accessToken: "sk-local-key-123456", messages: MESSAGES },
      { headers: callerHeaders },
    );
    expect(out.choices).toHaveLength(1);
    expect(router.seen[0]!.headers.authorization).toBe("Bearer sk-local-key-123456");
    expect(other.seen).toHaveLength(1);
    expect(names(other.seen[0]!)).toEqual(["user-agent"]);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe("URLs from answers (job results, generated files)", () => {
  let mock: MockProvider;
  const SD = "stabilityai/stable-diffusion-xl-base-1.0";
  const notHub = (host: string) => host !== "huggingface.co";
  beforeAll(async () => void (mock = await startMockProvider()));
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.reset(true);
    clearMappingCache();
    mock.mapModel(SD, [{ provider: "together", providerId: "stabilityai/sdxl", task: "text-to-image" }]);
  });
  /** Together answers with a link to `url` instead of base64: the client then downloads it. */
  const imageAt = (url: string, options: Record<string, unknown> = {}) => {
    mock.on("/images/generations", { json: { data: [{ url }] } });
    return settle(
      textToImage(
        { accessToken: TOKEN, model: SD, provider: "together", inputs: "a fox" },
        { fetch: mock.fetch, ...options },
      ),
    );
  };

  const REFUSED = [
    "http://127.0.0.1/secret-path",
    "http://2130706433/secret-path", // decimal 127.0.0.1
    "http://0x7f.0.0.1/secret-path", // hex
    "http://0177.0.0.1/secret-path", // octal
    "http://[::ffff:127.0.0.1]/secret-path", // IPv4-mapped IPv6
    "http://[::1]/secret-path",
    "http://localhost:8080/secret-path",
    "http://api.localhost/secret-path",
    "http://10.1.2.3/secret-path",
    "http://172.20.0.1/secret-path",
    "http://192.168.1.1/secret-path",
    "http://169.254.169.254/latest/meta-data/secret-path",
    "http://[fd00:ec2::254]/secret-path",
    "http://[fe80::1]/secret-path",
    "http://0.0.0.0/secret-path",
    "http://[::]/secret-path",
  ];

  it("a loopback, private, link-local or metadata address is refused with a typed error, and nothing is sent", async () => {
    for (const url of REFUSED) {
      mock.reset();
      const err = await imageAt(url);
      expect(err, url).toBeInstanceOf(InferenceClientProviderOutputError);
      const msg = (err as Error).message;
      expect(msg, url).toContain("allowPrivateUrls");
      expect(msg, url).not.toContain("secret-path");
      // Only the generation request went out.
      expect(
        mock.requests.filter((r) => notHub(r.host)).map((r) => r.path),
        url,
      ).toEqual(["/together/v1/images/generations"]);
    }
  });

  it("a poll URL from a submit answer (Black Forest Labs' polling_url) is refused the same way", async () => {
    const FLUX = "black-forest-labs/FLUX.1-dev";
    mock.mapModel(FLUX, [{ provider: "black-forest-labs", providerId: "flux-dev", task: "text-to-image" }]);
    mock.on("/v1/flux-dev", { json: { id: "j1", polling_url: "http://169.254.169.254/v1/get_result?id=j1" } });
    const err = await settle(
      textToImage(
        { accessToken: "bfl-direct-key-1234567890", model: FLUX, provider: "black-forest-labs", inputs: "a fox" },
        { fetch: mock.fetch },
      ),
    );
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain("169.254.169.254");
    expect((err as Error).message).not.toContain("get_result");
    expect(mock.requests.filter((r) => notHub(r.host)).map((r) => r.host)).toEqual(["api.us1.bfl.ai"]);
  });

  it("a scheme other than http(s) is refused without any request", async () => {
    for (const url of ["file:///etc/passwd", "ftp://files.example/x.png", "gopher://x.example/"]) {
      mock.reset();
      const err = await imageAt(url);
      expect(err, url).toBeInstanceOf(InferenceClientProviderOutputError);
      expect(
        mock.requests.filter((r) => notHub(r.host)),
        url,
      ).toHaveLength(1);
    }
  });

  it("allowPrivateUrls: true lets the download go (without the call's credentials)", async () => {
    mock.on("169.254.169.254", { bytes: PNG, headers: { "content-type": "image/png" } });
    const out = await imageAt("http://169.254.169.254/img.png", { allowPrivateUrls: true });
    expect(out).toBeInstanceOf(Blob);
    const got = mock.requests.find((r) => r.host === "169.254.169.254");
    expect(got?.method).toBe("GET");
    expect(got?.headers.authorization).toBeUndefined();
  });

  it("a public URL is downloaded as before", async () => {
    mock.on("cdn.example", { bytes: PNG, headers: { "content-type": "image/png" } });
    const out = await imageAt("https://cdn.example/img.png");
    expect(out).toBeInstanceOf(Blob);
    expect((out as Blob).type).toBe("image/png");
  });

  it("what a failed or wrong media URL answers is never quoted in the error", async () => {
    mock.on("cdn.example/page", {
      text: "<html><title>PAGE-TEXT-NOT-TO-QUOTE</title></html>",
      headers: { "content-type": "text/html" },
    });
    const page = await imageAt("https://cdn.example/page.png?sig=SIGNATURE");
    expect(page).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((page as Error).message).toContain("text/html");
    expect((page as Error).message).not.toMatch(/PAGE-TEXT|SIGNATURE/);
    mock.reset();
    mock.on("cdn.example/gone", { status: 404, text: "GONE-TEXT-NOT-TO-QUOTE" });
    const gone = await imageAt("https://cdn.example/gone.png");
    expect(gone).toBeInstanceOf(InferenceClientProviderApiError);
    expect((gone as InferenceClientProviderApiError).status).toBe(404);
    expect(
      JSON.stringify({ m: (gone as Error).message, r: (gone as InferenceClientProviderApiError).httpResponse }),
    ).not.toContain("GONE-TEXT");
  });

  it("a call aimed at this machine (an endpoint URL on loopback) may fetch loopback URLs it is given", async () => {
    const files = await startServer();
    files.handle = (_req, res) => void res.writeHead(200, { "content-type": "image/png" }).end(PNG);
    const endpoint = await startServer();
    endpoint.handle = (_req, res) =>
      void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ output: [`${files.url}/out.png`] }));
    try {
      const out = await textToImage({ endpointUrl: endpoint.url, inputs: "a fox" });
      expect(out).toBeInstanceOf(Blob);
      expect(files.seen.map((s) => s.path)).toEqual(["/out.png"]);
    } finally {
      await files.close();
      await endpoint.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
describe("a runtime that hides redirects (a browser's opaqueredirect answer)", () => {
  let mock: MockProvider;
  const MODEL = "meta-llama/Llama-3.3-70B-Instruct";
  beforeAll(async () => void (mock = await startMockProvider()));
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.reset(true);
    clearMappingCache();
    mock.mapModel(MODEL, [
      { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
    ]);
  });
  /** What a browser's fetch gives for `redirect: "manual"` when the server redirects: status 0, no Location. */
  const opaque = () =>
    ({ ok: false, status: 0, type: "opaqueredirect", headers: new Headers(), body: null }) as unknown as Response;

  it("a GET is sent again for the runtime to follow; a request with a body is not sent twice", async () => {
    const modes: string[] = [];
    // Every request redirects while the client asks for "manual"; with "follow" the real answer comes.
    const hiding: typeof fetch = (input, init) => {
      modes.push(`${init?.method} ${String(input).includes("/api/models/") ? "hub" : "inference"} ${init?.redirect}`);
      return init?.redirect === "manual" ? Promise.resolve(opaque()) : mock.fetch(input, init);
    };
    const err = await settle(
      chatCompletion({ accessToken: TOKEN, model: MODEL, provider: "together", messages: MESSAGES }, { fetch: hiding }),
    );
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain("hidden");
    expect(modes).toEqual(["GET hub manual", "GET hub follow", "POST inference manual"]);
    // The POST was sent once and never reached the server with "follow".
    expect(mock.requests.filter((r) => r.method === "POST")).toHaveLength(0);
  });
});
