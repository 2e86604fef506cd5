// The proxy checks of the runtime matrix (scripts/runtimes.mjs): `createInferenceHandler` from the built
// `unified-inference/server` runs inside a runtime (a workerd worker, a Deno.serve server) with the in-process
// mock provider (`createMockFetch`) as its upstream `fetch`; the checks then call it over loopback HTTP the way
// a browser page would. Plain JavaScript with no runtime-specific API, like smoke-core.mjs.
//
// The app a runtime serves (`createProxyApp`):
//   POST /api/inference/<task>   the handler (the token-keeping proxy)
//   GET  /upstream               what reached the upstream: { count, chats, bearer } (the checks' window on it)

export const PROXY_TOKEN = "hf_runtime_proxy_secret_7c3e91";
const MODEL = "Qwen/Qwen3-32B";
const DENIED_MODEL = "meta-llama/Llama-3.3-70B-Instruct";

/** The app: the handler under /api/inference/, the mock's record under /upstream. */
export function createProxyApp(server, testing) {
  const mock = testing.createMockFetch();
  mock.mapModel(MODEL, [{ provider: "cerebras", providerId: "qwen-3-32b", task: "conversational" }]);
  const handler = server.createInferenceHandler({
    accessToken: PROXY_TOKEN,
    allow: { tasks: ["conversational"], models: ["Qwen/*"] },
    fetch: mock.fetch,
    timeout: 20_000,
  });
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/api/inference/")) return handler(request);
    if (pathname === "/upstream") {
      const chats = mock.find("/chat/completions");
      const body = {
        count: mock.requests.length,
        chats: chats.length,
        bearer: chats.every((r) => r.headers.authorization === `Bearer ${PROXY_TOKEN}`),
      };
      return new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
    }
    return new Response("not found", { status: 404 });
  };
}

/** Runs every check against the app served at `origin`; one result per check, like smoke-core.mjs. */
export async function proxyChecks(origin) {
  const results = [];
  const seen = []; // every response's headers and body, scanned for the token at the end
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      results.push({ name, ok: true, detail: detail ?? "" });
    } catch (e) {
      results.push({ name, ok: false, detail: `${e?.name ?? "Error"}: ${e?.message ?? String(e)}` });
    }
  };
  const expect = (cond, what) => {
    if (!cond) throw new Error(what);
  };
  const call = async (task, body) => {
    const res = await fetch(`${origin}/api/inference/${task}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    seen.push(`${JSON.stringify([...res.headers])}\n${text}`);
    return { status: res.status, type: res.headers.get("content-type") ?? "", text };
  };
  const upstream = async () => {
    const res = await fetch(`${origin}/upstream`, { signal: AbortSignal.timeout(30_000) });
    return res.json();
  };
  const messages = (content) => [{ role: "user", content }];

  await check("proxy chat", async () => {
    const before = await upstream();
    const res = await call("conversational", { args: { model: MODEL, messages: messages("Capital of France?") } });
    expect(res.status === 200, `expected 200, got ${res.status}: ${res.text.slice(0, 200)}`);
    const text = JSON.parse(res.text)?.choices?.[0]?.message?.content;
    expect(
      typeof text === "string" && text.includes("Capital of France?"),
      `unexpected answer ${JSON.stringify(text)}`,
    );
    const after = await upstream();
    expect(after.chats === before.chats + 1, `expected 1 upstream chat call, got ${after.chats - before.chats}`);
    expect(after.bearer, "an upstream chat call did not carry the server's token");
    return `${text.length} chars`;
  });

  await check("proxy stream", async () => {
    const res = await call("conversational", {
      args: { model: MODEL, messages: messages("Stream it") },
      stream: true,
    });
    expect(res.status === 200, `expected 200, got ${res.status}: ${res.text.slice(0, 200)}`);
    expect(res.type.startsWith("text/event-stream"), `expected an event stream, got ${JSON.stringify(res.type)}`);
    const events = res.text.split(/\r?\n\r?\n/).filter((e) => e.trim());
    const pieces = [];
    for (const ev of events) {
      const data = ev
        .split(/\r?\n/)
        .filter((l) => l.startsWith("data:"))
        .map((l) => l.slice(5).trimStart())
        .join("\n");
      if (/^event:\s*error/m.test(ev)) throw new Error(`error event: ${data}`);
      if (/^event:\s*done/m.test(ev) || !data) continue;
      const piece = JSON.parse(data)?.choices?.[0]?.delta?.content;
      if (piece) pieces.push(piece);
    }
    expect(/^event:\s*done/m.test(events.at(-1) ?? ""), "the stream did not end with a done event");
    const text = pieces.join("");
    expect(pieces.length > 3, `expected several chunks, got ${pieces.length}`);
    expect(text.includes("Stream it") && text.endsWith("✓"), `unexpected streamed text ${JSON.stringify(text)}`);
    return `${pieces.length} chunks`;
  });

  await check("proxy refusal", async () => {
    const before = await upstream();
    const denied = await call("conversational", { args: { model: DENIED_MODEL, messages: messages("Hi") } });
    expect(denied.status === 403, `a model not allowed: expected 403, got ${denied.status}`);
    expect(JSON.parse(denied.text)?.error?.status === 403, `expected an error body, got ${denied.text.slice(0, 200)}`);
    const redirected = await call("conversational", {
      args: { model: MODEL, messages: messages("Hi"), endpointUrl: "http://127.0.0.1:1/v1" },
    });
    expect(redirected.status === 400, `a browser-set endpointUrl: expected 400, got ${redirected.status}`);
    const after = await upstream();
    expect(after.count === before.count, `expected no upstream request, got ${after.count - before.count}`);
    return "403 and 400, 0 upstream requests";
  });

  await check("token kept", async () => {
    expect(seen.length >= 4, `expected at least 4 responses to scan, got ${seen.length}`);
    const leaked = seen.filter((s) => s.includes(PROXY_TOKEN)).length;
    expect(leaked === 0, `${leaked} responses contain the token`);
    return `${seen.length} responses scanned`;
  });
  return results;
}
