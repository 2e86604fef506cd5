/**
 * The Hugging Face router (wire-protocols.md §11), over loopback against the mock provider:
 * providers answering a job early (Replicate's sync mode), the six providers the router dropped, the
 * model-id policy suffixes (`:fastest`, `:cheapest`, `:preferred`, `:<provider>`), the serving provider
 * (`x-inference-provider`) on errors, and a 402 that concerns one provider only.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientRoutingError,
  ROUTER_DROPPED_PROVIDERS,
} from "../src/index.js";
import { failure } from "./support/collect.js";
import { hubRequests, inferenceRequests, useMockProvider } from "./support/loopback.js";
import { HF_TOKEN as HF } from "./support/tokens.js";

const R = "https://router.huggingface.co";
const FLUX = "black-forest-labs/FLUX.1-schnell";
const WAN = "Wan-AI/Wan2.2-T2V-A14B";
const LLAMA = "meta-llama/Llama-3.3-70B-Instruct";
const BGE = "BAAI/bge-large-en-v1.5";
const MESSAGES = [{ role: "user" as const, content: "Hello" }];

const mock = useMockProvider({ pollScale: 0.005 });

beforeEach(() => {
  mock.mapModel(FLUX, [
    { provider: "replicate", providerId: "black-forest-labs/flux-schnell", task: "text-to-image" },
    { provider: "fal-ai", providerId: "fal-ai/flux/schnell", task: "text-to-image" },
    { provider: "wavespeed", providerId: "wavespeed-ai/flux-schnell", task: "text-to-image" },
    { provider: "zai-org", providerId: "cogview-4-250304", task: "text-to-image" },
    { provider: "black-forest-labs", providerId: "flux-schnell", task: "text-to-image" },
    { provider: "nebius", providerId: "black-forest-labs/flux-schnell", task: "text-to-image" },
  ]);
  mock.mapModel(WAN, [
    { provider: "together", providerId: "Wan-AI/Wan2.2-T2V-A14B", task: "text-to-video" },
    { provider: "novita", providerId: "wan-2.2-t2v", task: "text-to-video" },
  ]);
  mock.mapModel(LLAMA, [
    { provider: "nebius", providerId: "meta-llama/Llama-3.3-70B-Instruct-fast", task: "conversational" },
    { provider: "clarifai", providerId: "https://clarifai.com/meta/Llama-3/models/llama", task: "conversational" },
    { provider: "together", providerId: "meta-llama/Llama-3.3-70B-Instruct-Turbo", task: "conversational" },
    { provider: "deepinfra", providerId: "meta-llama/Llama-3.3-70B-Instruct", task: "conversational" },
  ]);
  mock.mapModel(BGE, [
    { provider: "nebius", providerId: "BAAI/bge-large-en-v1.5-nebius", task: "feature-extraction" },
    { provider: "sambanova", providerId: "bge-large", task: "feature-extraction" },
    { provider: "deepinfra", providerId: "BAAI/bge-large-en-v1.5", task: "feature-extraction" },
    { provider: "together", providerId: "BAAI/bge-large-en-v1.5-together", task: "feature-extraction" },
  ]);
});
const client = (token?: string, options: Record<string, unknown> = {}) =>
  new InferenceClient(token, { fetch: mock.fetch, ...options });
const hub = () => hubRequests(mock);
const inference = () => inferenceRequests(mock);
const sent = () => inference().map((r) => `${r.method} ${r.url}`);

describe("providers that answer a job early", () => {
  it("an early output's media URL still goes through the URL policy (a private host is refused, not fetched)", async () => {
    const file = "http://169.254.169.254/latest/meta-data/out-0.png";
    mock.once((r) => r.method === "POST" && r.path.endsWith("/predictions"), {
      status: 201,
      json: { id: "p-early-private", status: "processing", output: [file], error: null, logs: "" },
    });
    const err = await failure(client(HF).textToImage({ model: FLUX, provider: "replicate", inputs: "a red fox" }));
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain("169.254.169.254");
    expect((err as Error).message).toContain("allowPrivateUrls");
    expect(sent()).toEqual([`POST ${R}/replicate/v1/models/black-forest-labs/flux-schnell/predictions`]);
  });

  it("Replicate in sync mode: `processing` with the output already set is used at once, no poll", async () => {
    const file = "https://replicate.delivery/xezq/mock-sync/out-0.png";
    // Shaped like Replicate's real answer to a `Prefer: wait` prediction that finished inside the wait.
    mock.once((r) => r.method === "POST" && r.path.endsWith("/predictions"), {
      status: 201,
      json: {
        id: "gm3qorzdhgbfurvjtvhg6dckhu",
        model: "black-forest-labs/flux-schnell",
        version: "dp-4d0bcc010b3049749a251855f12800be",
        input: { prompt: "a red fox" },
        logs: "",
        output: [file],
        data_removed: false,
        error: null,
        status: "processing",
        created_at: "2026-03-02T10:11:12.345Z",
        urls: {
          cancel: "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel",
          get: "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
          stream: "https://stream.replicate.com/v1/files/bcwr-3okdfv3o2wehstv5f2okyftwxy57hhypqsi6osiim5iaq5k7u24a",
          web: "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
        },
      },
    });
    const progress: string[] = [];
    const out = await client(HF).textToImage(
      { model: FLUX, provider: "replicate", inputs: "a red fox" },
      { onProgress: (p) => progress.push(p.status) },
    );
    expect(out).toBeInstanceOf(Blob);
    expect((out as Blob).type).toBe("image/png");
    expect(sent()).toEqual([`POST ${R}/replicate/v1/models/black-forest-labs/flux-schnell/predictions`, `GET ${file}`]);
    expect(mock.find("/v1/predictions/")).toHaveLength(0);
    expect(progress).toEqual(["processing"]);
  });

  it("Replicate: a prediction without output is polled, and a poll answer that has it ends the polling", async () => {
    const file = "https://replicate.delivery/xezq/mock-poll/out-0.png";
    const prediction = (status: string, output: unknown) => ({
      id: "p1mock",
      status,
      output,
      logs: "",
      error: null,
      urls: { get: "https://api.replicate.com/v1/predictions/p1mock" },
    });
    mock.once((r) => r.method === "POST", { status: 201, json: prediction("starting", null) });
    mock.once("/v1/predictions/p1mock", { json: prediction("processing", null) });
    mock.once("/v1/predictions/p1mock", { json: prediction("processing", [file]) });
    const url = await client(HF).textToImage(
      { model: FLUX, provider: "replicate", inputs: "a red fox" },
      { outputType: "url" },
    );
    expect(url).toBe(file);
    expect(sent()).toEqual([
      `POST ${R}/replicate/v1/models/black-forest-labs/flux-schnell/predictions`,
      `GET ${R}/replicate/v1/predictions/p1mock`,
      `GET ${R}/replicate/v1/predictions/p1mock`,
    ]);
  });

  const early: [string, string, string, string, Record<string, unknown>, string][] = [
    [
      "fal-ai",
      FLUX,
      "/fal-ai/flux/schnell",
      `${R}/fal-ai/fal-ai/flux/schnell?_subdomain=queue`,
      { images: [{ url: "https://v3.fal.media/files/mock/early.png", content_type: "image/png" }], seed: 7 },
      "https://v3.fal.media/files/mock/early.png",
    ],
    [
      "wavespeed",
      FLUX,
      "/api/v3/wavespeed-ai/flux-schnell",
      `${R}/wavespeed/api/v3/wavespeed-ai/flux-schnell`,
      {
        code: 200,
        message: "success",
        data: {
          id: "ws1mock",
          status: "processing",
          outputs: ["https://d1q70pf5vjeyhc.cloudfront.net/mock/early.png"],
          urls: { get: "https://api.wavespeed.ai/api/v3/predictions/ws1mock/result" },
        },
      },
      "https://d1q70pf5vjeyhc.cloudfront.net/mock/early.png",
    ],
    [
      "zai-org",
      FLUX,
      "/async/images/generations",
      `${R}/zai-org/api/paas/v4/async/images/generations`,
      {
        id: "z1mock",
        task_status: "PROCESSING",
        image_result: [{ url: "https://aigc-files.bigmodel.cn/mock/early.png" }],
      },
      "https://aigc-files.bigmodel.cn/mock/early.png",
    ],
    [
      "together",
      WAN,
      "/v2/videos",
      `${R}/together/v2/videos`,
      {
        id: "t1mock",
        object: "video",
        status: "in_progress",
        outputs: { video_url: "https://api.together.ai/mock/early.mp4" },
      },
      "https://api.together.ai/mock/early.mp4",
    ],
    [
      "novita",
      WAN,
      "/v3/async/wan-2.2-t2v",
      `${R}/novita/v3/async/wan-2.2-t2v`,
      {
        task_id: "n1mock",
        task: { task_id: "n1mock", status: "TASK_STATUS_PROCESSING" },
        videos: [{ video_url: "https://faas-output-video.s3.amazonaws.com/mock/early.mp4" }],
      },
      "https://faas-output-video.s3.amazonaws.com/mock/early.mp4",
    ],
  ];
  it.each(early)(
    "%s: an answer that already holds the output is used at once",
    async (provider, model, match, url, answer, file) => {
      mock.once((r) => r.method === "POST" && r.url.includes(match), { json: answer });
      const c = client(HF);
      const args = { model, provider, inputs: "a red fox" };
      const out = model === WAN ? await c.textToVideo(args) : await c.textToImage(args);
      expect(out).toBeInstanceOf(Blob);
      expect(sent()).toEqual([`POST ${url}`, `GET ${file}`]);
    },
  );
});

describe("providers the router dropped (July 2026)", () => {
  it("lists the six providers", () => {
    expect([...ROUTER_DROPPED_PROVIDERS].sort()).toEqual([
      "black-forest-labs",
      "clarifai",
      "hyperbolic",
      "nebius",
      "nvidia",
      "sambanova",
    ]);
  });

  for (const provider of ROUTER_DROPPED_PROVIDERS) {
    for (const [label, token] of [
      ["an hf_ token", HF],
      ["no token", undefined],
    ] as const) {
      it(`${provider} with ${label}: a routing error before any request, the Hub look-up included`, async () => {
        const c = client(token);
        const call =
          provider === "black-forest-labs"
            ? c.textToImage({ model: FLUX, provider, inputs: "a fox" })
            : c.chatCompletion({ model: LLAMA, provider, messages: MESSAGES });
        const err = await failure(call);
        expect(err).toBeInstanceOf(InferenceClientRoutingError);
        const message = (err as Error).message;
        expect(message).toContain(`"${provider}"`);
        expect(message).toMatch(/dropped from the Hugging Face router \(July 2026\)/);
        expect(message).toMatch(/directly, with its own API key/);
        expect(mock.requests).toHaveLength(0);
      });
    }
  }

  it("a `:<provider>` suffix naming one is refused the same way", async () => {
    const err = await failure(client(HF).chatCompletion({ model: `${LLAMA}:nebius`, messages: MESSAGES }));
    expect(err).toBeInstanceOf(InferenceClientRoutingError);
    expect(mock.requests).toHaveLength(0);
  });

  it("a direct call with the provider's own key still works", async () => {
    const out = await client("nebius-key-0123456789").chatCompletion({
      model: LLAMA,
      provider: "nebius",
      messages: MESSAGES,
    });
    expect(out.choices).toHaveLength(1);
    expect(sent()).toEqual(["POST https://api.studio.nebius.ai/v1/chat/completions"]);
    expect(inference()[0]!.headers.authorization).toBe("Bearer nebius-key-0123456789");
  });

  it('"auto" never picks one for a routed call', async () => {
    // The Hub lists nebius and sambanova first: deepinfra serves.
    await client(HF).featureExtraction({ model: BGE, inputs: "hello" });
    await client().featureExtraction({ model: BGE, inputs: "hello" });
    expect(sent()).toEqual([`POST ${R}/deepinfra/v1/openai/embeddings`, `POST ${R}/deepinfra/v1/openai/embeddings`]);
  });

  it("fallback never tries one", async () => {
    mock.once("/together/", { status: 503, json: { error: "overloaded" } });
    const out = await client(HF, { maxRetries: 0 }).chatCompletion(
      { model: LLAMA, messages: MESSAGES },
      { fallback: true },
    );
    expect(out.choices).toHaveLength(1);
    expect(sent()).toEqual([
      `POST ${R}/together/v1/chat/completions`,
      `POST ${R}/deepinfra/v1/openai/chat/completions`,
    ]);
  });

  it("a provider list skips one without sending anything to it", async () => {
    const out = await client(HF).chatCompletion({
      model: LLAMA,
      provider: ["nebius", "together"],
      messages: MESSAGES,
    });
    expect(out.choices).toHaveLength(1);
    expect(sent()).toEqual([`POST ${R}/together/v1/chat/completions`]);
  });
});

describe("policy suffixes on the model id", () => {
  for (const policy of ["fastest", "cheapest", "preferred"]) {
    it(`chat with ":${policy}" goes to the router's own route with the id as given, without a Hub look-up`, async () => {
      await client(HF).chatCompletion({ model: `${LLAMA}:${policy}`, messages: MESSAGES });
      expect(sent()).toEqual([`POST ${R}/v1/chat/completions`]);
      expect(inference()[0]!.json.model).toBe(`${LLAMA}:${policy}`);
      expect(hub()).toHaveLength(0);
    });
  }

  it('chat with ":<provider>" and an hf_ token goes to the router as given (as the reference sends it)', async () => {
    await client(HF).chatCompletion({ model: `${LLAMA}:together`, messages: MESSAGES });
    expect(sent()).toEqual([`POST ${R}/v1/chat/completions`]);
    expect(inference()[0]!.json.model).toBe(`${LLAMA}:together`);
  });

  it('":<provider>" is the same as provider: "<provider>" with a provider key: the Hub path has no suffix', async () => {
    await client("tgp_v1_directKey").chatCompletion({ model: `${LLAMA}:together`, messages: MESSAGES });
    expect(sent()).toEqual(["POST https://api.together.xyz/v1/chat/completions"]);
    expect(inference()[0]!.json.model).toBe("meta-llama/Llama-3.3-70B-Instruct-Turbo");
    expect(hub().map((r) => r.url)).toEqual([
      `https://huggingface.co/api/models/${LLAMA}?expand[]=inferenceProviderMapping`,
    ]);
  });

  it('":<provider>" selects the provider for other tasks, its id never in a URL', async () => {
    await client(HF).featureExtraction({ model: `${BGE}:together`, inputs: "hello" });
    expect(sent()).toEqual([`POST ${R}/together/v1/embeddings`]);
    expect(inference()[0]!.json.model).toBe("BAAI/bge-large-en-v1.5-together");
    expect(hub().map((r) => r.url)).toEqual([
      `https://huggingface.co/api/models/${BGE}?expand[]=inferenceProviderMapping`,
    ]);
    // The same provider given twice is fine.
    await client(HF).featureExtraction({ model: `${BGE}:together`, provider: "together", inputs: "hello" });
    expect(sent()).toHaveLength(2);
  });

  for (const policy of ["fastest", "preferred"]) {
    it(`":${policy}" for other tasks takes the Hub's order, as "auto" does`, async () => {
      await client(HF).featureExtraction({ model: `${BGE}:${policy}`, inputs: "hello" });
      expect(sent()).toEqual([`POST ${R}/deepinfra/v1/openai/embeddings`]);
      expect(hub().map((r) => r.path)).toEqual([`/api/models/${BGE}`]);
    });
  }

  it('":cheapest" for other tasks is an input error naming the model and the policy, before any request', async () => {
    const err = await failure(client(HF).featureExtraction({ model: `${BGE}:cheapest`, inputs: "hello" }));
    expect(err).toBeInstanceOf(InferenceClientInputError);
    expect((err as Error).message).toContain(`model "${BGE}:cheapest"`);
    expect((err as Error).message).toContain(":cheapest");
    expect(mock.requests).toHaveLength(0);
  });

  it("a suffix that disagrees with provider is an input error before any request", async () => {
    for (const [model, provider] of [
      [`${LLAMA}:together`, "groq"],
      [`${LLAMA}:fastest`, "together"],
      [`${LLAMA}:together`, ["together", "deepinfra"]],
    ] as const) {
      const err = await failure(client(HF).chatCompletion({ model, provider: provider as never, messages: MESSAGES }));
      expect(err, model).toBeInstanceOf(InferenceClientInputError);
      expect((err as Error).message).toContain(model);
    }
    expect(mock.requests).toHaveLength(0);
  });

  it("an unknown suffix is an input error naming the model field", async () => {
    const err = await failure(client(HF).chatCompletion({ model: `${LLAMA}:fastestt`, messages: MESSAGES }));
    expect(err).toBeInstanceOf(InferenceClientInputError);
    expect((err as Error).message).toMatch(/^model must be a Hub model id/);
    expect(mock.requests).toHaveLength(0);
  });

  it('fallback follows ":fastest" in the Hub order and refuses ":cheapest"', async () => {
    mock.once("/together/", { status: 503, json: { error: "overloaded" } });
    await client(HF, { maxRetries: 0 }).chatCompletion(
      { model: `${LLAMA}:fastest`, messages: MESSAGES },
      { fallback: true },
    );
    expect(sent()).toEqual([
      `POST ${R}/together/v1/chat/completions`,
      `POST ${R}/deepinfra/v1/openai/chat/completions`,
    ]);
    mock.reset();
    const err = await failure(
      client(HF).chatCompletion({ model: `${LLAMA}:cheapest`, messages: MESSAGES }, { fallback: true }),
    );
    expect(err).toBeInstanceOf(InferenceClientInputError);
    expect(mock.requests).toHaveLength(0);
  });

  it("with an endpoint URL the model is the server's name, colons included (Ollama tags)", async () => {
    await client(undefined).chatCompletion({ endpointUrl: mock.url, model: "llama3.2:3b", messages: MESSAGES });
    expect(inference()[0]!.json.model).toBe("llama3.2:3b");
  });
});

describe("the serving provider on errors", () => {
  it("an API error of an auto call records x-inference-provider (field and message)", async () => {
    mock.once(`${R}/v1/chat/completions`, {
      status: 400,
      json: { error: { message: "context too long" } },
      headers: { "x-inference-provider": "groq", "x-request-id": "req-served-1" },
    });
    const err = await failure(client(HF, { maxRetries: 0 }).chatCompletion({ model: LLAMA, messages: MESSAGES }));
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    const e = err as InferenceClientProviderApiError;
    expect(e.servedBy).toBe("groq");
    expect(e.provider).toBe("auto");
    expect(e.message).toContain("(served by groq)");
    expect(e.message).toContain("req-served-1");
  });

  it("an answer without the header leaves servedBy undefined", async () => {
    mock.once("/together/", { status: 400, json: { error: "bad request" } });
    const err = await failure(
      client(HF, { maxRetries: 0 }).chatCompletion({ model: LLAMA, provider: "together", messages: MESSAGES }),
    );
    expect((err as InferenceClientProviderApiError).servedBy).toBeUndefined();
    expect((err as Error).message).not.toContain("served by");
  });

  it("an output error records it too", async () => {
    mock.once(`${R}/v1/chat/completions`, { json: { nope: true }, headers: { "x-inference-provider": "together" } });
    const err = await failure(client(HF).chatCompletion({ model: LLAMA, messages: MESSAGES }));
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as InferenceClientProviderOutputError).servedBy).toBe("together");
    expect((err as Error).message).toContain("(served by together)");
  });

  it("an answer the transport refuses (over maxResponseBytes) records it too", async () => {
    const content = "x".repeat(4096);
    mock.once(`${R}/v1/chat/completions`, {
      json: { id: "c1", object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content } }] },
      headers: { "x-inference-provider": "together" },
    });
    const err = await failure(
      client(HF, { maxResponseBytes: 1024 }).chatCompletion({ model: LLAMA, messages: MESSAGES }),
    );
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain("maxResponseBytes");
    expect((err as InferenceClientProviderOutputError).servedBy).toBe("together");
    expect((err as Error).message).toContain("(served by together)");
  });

  it("a stream chunk that is not JSON records it too", async () => {
    mock.once(`${R}/v1/chat/completions`, {
      events: ["{not json"],
      headers: { "x-inference-provider": "together" },
    });
    const err = await failure(async () => {
      for await (const c of client(HF).chatCompletionStream({ model: LLAMA, messages: MESSAGES })) void c;
    });
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain("not valid JSON");
    expect((err as InferenceClientProviderOutputError).servedBy).toBe("together");
    expect((err as Error).message).toContain("(served by together)");
  });

  it("a failed job records it", async () => {
    mock.once((r) => r.method === "POST", {
      status: 201,
      json: { id: "f1mock", status: "failed", error: "NSFW content detected", output: null },
      headers: { "x-inference-provider": "replicate" },
    });
    const err = await failure(client(HF).textToImage({ model: FLUX, provider: "replicate", inputs: "x" }));
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as InferenceClientProviderOutputError).servedBy).toBe("replicate");
    expect((err as Error).message).toContain("NSFW content detected");
  });
});

describe("402 from the router", () => {
  const payg = (provider: string) => ({
    status: 402,
    json: {
      error: `Pay-as-you-go is not enabled for provider ${provider}. Enable it at https://huggingface.co/settings/billing or pick another provider.`,
    },
  });

  it("one naming the provider moves a provider list on, without a retry on the same provider", async () => {
    mock.on("/together/", payg("together"));
    const out = await client(HF).chatCompletion({
      model: LLAMA,
      provider: ["together", "deepinfra"],
      messages: MESSAGES,
    });
    expect(out.choices).toHaveLength(1);
    expect(sent()).toEqual([
      `POST ${R}/together/v1/chat/completions`,
      `POST ${R}/deepinfra/v1/openai/chat/completions`,
    ]);
  });

  it("the same with fallback: true over the Hub mapping", async () => {
    mock.on("/together/", payg("together"));
    const out = await client(HF).chatCompletion({ model: LLAMA, messages: MESSAGES }, { fallback: true });
    expect(out.choices).toHaveLength(1);
    expect(mock.find("/together/")).toHaveLength(1);
    expect(mock.find("/deepinfra/")).toHaveLength(1);
  });

  it("one that names no provider (the account's credits) is thrown at once", async () => {
    mock.on("/together/", {
      status: 402,
      json: { error: "You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO." },
    });
    const err = await failure(
      client(HF).chatCompletion({ model: LLAMA, provider: ["together", "deepinfra"], messages: MESSAGES }),
    );
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect((err as InferenceClientProviderApiError).status).toBe(402);
    expect(sent()).toEqual([`POST ${R}/together/v1/chat/completions`]);
  });
});
