/**
 * Real answer shapes and real request details of the providers, replayed through the mock provider:
 * the router's chat streams (comments, usage chunks, error events), hf-inference pipeline answers, the
 * job protocols (fal queue, Replicate predictions, WaveSpeed, Novita, Together video, Z.ai, BFL) and the
 * Hub look-ups, as they come from the real services.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientProviderApiError,
  clearMappingCache,
  type ChatCompletionStreamOutput,
} from "../src/index.js";
import { startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";
import { MOCK_PNG } from "../src/testing/wire-media.js";
import { pollTiming } from "../src/transport/poll.js";

let mock: MockProvider;
const TOKEN = "hf_review_token_123";
const client = (token = TOKEN) => new InferenceClient(token, { fetch: mock.fetch });
const inference = (r: MockRequest) => r.host !== "huggingface.co";
const png = { bytes: MOCK_PNG, headers: { "content-type": "image/png" } };

beforeAll(async () => {
  pollTiming.scale = 0.005;
  mock = await startMockProvider();
});
afterEach(() => {
  mock.reset();
  clearMappingCache();
});
afterAll(async () => {
  pollTiming.scale = 1;
  await mock.close();
});

const sse = (...lines: string[]) => ({
  headers: { "content-type": "text/event-stream" },
  chunks: lines,
});

describe("the router's chat streams", () => {
  it("reads `: ping` comments, a role chunk, a `choices: []` usage chunk and [DONE]", async () => {
    mock.mapModel("org/chat", [{ provider: "together", providerId: "org/chat-turbo", task: "conversational" }]);
    const base = { id: "c1", object: "chat.completion.chunk", created: 1, model: "org/chat-turbo" };
    mock.on(
      "/v1/chat/completions",
      sse(
        ": ping\n\n",
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}\n\n`,
        ": ping - 2025-01-01 00:00:00\n\n",
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: "Hel" }, finish_reason: null }] })}\n\ndata: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: "lo" }, finish_reason: null }] })}\n\n`,
        `data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: null })}\n\n`,
        `data: ${JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })}\n\n`,
        "data: [DONE]\n\n",
      ),
    );
    const chunks: ChatCompletionStreamOutput[] = [];
    for await (const c of client().chatCompletionStream({
      model: "org/chat",
      provider: "together",
      messages: [{ role: "user", content: "hi" }],
    })) {
      chunks.push(c);
    }
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toBe("Hello");
    expect(chunks.at(-1)?.usage).toEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 });
  });

  it("turns an `event: error` into a ProviderApiError carrying the provider's message", async () => {
    mock.on(
      "router.huggingface.co/v1/chat/completions",
      sse(
        `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta: { content: "a" }, finish_reason: null }] })}\n\n`,
        `event: error\ndata: ${JSON.stringify({ error: { message: "Input validation error", type: "invalid_request_error" } })}\n\n`,
      ),
    );
    const run = async () => {
      for await (const _ of client().chatCompletionStream({
        model: "org/x",
        messages: [{ role: "user", content: "hi" }],
      }));
    };
    await expect(run()).rejects.toBeInstanceOf(InferenceClientProviderApiError);
    await expect(run()).rejects.toThrow(/Input validation error/);
  });
});

describe("hf-inference pipeline answers", () => {
  const model = "org/pipeline";
  const pipe = (r: MockRequest) => r.path === `/hf-inference/models/${model}`;
  const map = (task: string) => mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task }]);

  it("text-classification: [[{label, score}]]", async () => {
    map("text-classification");
    mock.on(pipe, {
      json: [
        [
          { label: "POSITIVE", score: 0.99 },
          { label: "NEGATIVE", score: 0.01 },
        ],
      ],
    });
    const out = await client().textClassification({ model, provider: "hf-inference", inputs: "I like you" });
    expect(out).toEqual([
      { label: "POSITIVE", score: 0.99 },
      { label: "NEGATIVE", score: 0.01 },
    ]);
  });

  it("feature-extraction: token-level nested arrays", async () => {
    map("feature-extraction");
    const v = [
      [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
    ];
    mock.on(`/models/${model}/pipeline/feature-extraction`, { json: v });
    expect(await client().featureExtraction({ model, provider: "hf-inference", inputs: ["a b"] })).toEqual(v);
  });

  it("object-detection boxes, image-to-text [{generated_text}], ASR {text, chunks}", async () => {
    map("object-detection");
    mock.on(pipe, {
      json: [{ score: 0.99, label: "cat", box: { xmin: 1, ymin: 2, xmax: 3, ymax: 4 } }],
    });
    const image = new Blob([MOCK_PNG], { type: "image/png" });
    const boxes = await client().objectDetection({ model, provider: "hf-inference", inputs: image });
    expect(boxes[0]?.box).toEqual({ xmin: 1, ymin: 2, xmax: 3, ymax: 4 });
    expect(mock.requests.filter(inference).at(-1)?.headers["content-type"]).toBe("image/png");

    mock.reset();
    clearMappingCache();
    map("image-to-text");
    mock.on(pipe, { json: [{ generated_text: "a cat on a sofa" }] });
    expect(await client().imageToText({ model, provider: "hf-inference", inputs: image })).toEqual({
      generated_text: "a cat on a sofa",
    });

    mock.reset();
    clearMappingCache();
    map("automatic-speech-recognition");
    mock.on(pipe, {
      json: {
        text: " Hello world.",
        chunks: [
          { text: " Hello", timestamp: [0.0, 0.5] },
          { text: " world.", timestamp: [0.5, 1.2] },
        ],
      },
    });
    const wav = new Blob([new Uint8Array([82, 73, 70, 70, 0, 0, 0, 0, 87, 65, 86, 69])], { type: "audio/wav" });
    const asr = await client().automaticSpeechRecognition({ model, provider: "hf-inference", inputs: wav });
    expect(asr.text).toBe(" Hello world.");
    expect(asr.chunks?.[1]?.timestamp).toEqual([0.5, 1.2]);
  });

  it("tabular-classification: sklearn pipelines answer class names", async () => {
    map("tabular-classification");
    mock.on(pipe, { json: ["setosa", "virginica"] });
    const out = await client().tabularClassification({
      model,
      provider: "hf-inference",
      inputs: { data: { sepal_length: ["5.1", "6.3"], sepal_width: ["3.5", "3.3"] } },
    });
    expect(out).toEqual(["setosa", "virginica"]);
  });
});

describe("job protocols as the real services answer", () => {
  it("fal queue through the router: polls and the result keep ?_subdomain=queue", async () => {
    const model = "org/fal-image";
    mock.mapModel(model, [{ provider: "fal-ai", providerId: "fal-ai/flux/dev", task: "text-to-image" }]);
    const rid = "764cabcf-b745-4b3e-ae38-1200304cf45b";
    const resp = `https://queue.fal.run/fal-ai/flux/requests/${rid}`;
    let polls = 0;
    mock.on((r) => r.method === "POST" && r.path === "/fal-ai/fal-ai/flux/dev", {
      json: {
        status: "IN_QUEUE",
        request_id: rid,
        response_url: resp,
        status_url: `${resp}/status`,
        cancel_url: `${resp}/cancel`,
        queue_position: 0,
      },
    });
    mock.on(
      (r) => r.path.endsWith("/status"),
      () =>
        ++polls === 1
          ? { status: 202, json: { status: "IN_QUEUE", request_id: rid, queue_position: 1, response_url: resp } }
          : polls === 2
            ? {
                status: 202,
                json: {
                  status: "IN_PROGRESS",
                  request_id: rid,
                  response_url: resp,
                  logs: [{ message: "step 1", level: "INFO", source: "stdout", timestamp: "2025-01-01T00:00:00" }],
                },
              }
            : { json: { status: "COMPLETED", request_id: rid, response_url: resp, logs: [], metrics: {} } },
    );
    mock.on((r) => r.method === "GET" && r.path === `/fal-ai/fal-ai/flux/requests/${rid}`, {
      json: {
        images: [{ url: "https://v3.fal.media/files/x/out.png", width: 8, height: 8, content_type: "image/png" }],
        seed: 1,
        has_nsfw_concepts: [false],
        prompt: "a fox",
      },
    });
    mock.on("v3.fal.media", png);
    const out = await client().textToImage({ model, provider: "fal-ai", inputs: "a fox" });
    expect(out).toBeInstanceOf(Blob);
    const urls = mock.requests.filter(inference).map((r) => `${r.method} ${r.url}`);
    expect(urls[0]).toBe("POST https://router.huggingface.co/fal-ai/fal-ai/flux/dev?_subdomain=queue");
    for (const u of urls.slice(1, -2)) {
      expect(u).toMatch(
        new RegExp(
          `^GET https://router\\.huggingface\\.co/fal-ai/fal-ai/flux/requests/${rid}/status\\?_subdomain=queue`,
        ),
      );
    }
    expect(urls.at(-2)).toBe(`GET https://router.huggingface.co/fal-ai/fal-ai/flux/requests/${rid}?_subdomain=queue`);
    expect(mock.requests.filter(inference).at(-1)?.headers.authorization).toBeUndefined();
  });

  it("fal direct: Key auth on submit, polls and result at queue.fal.run", async () => {
    const model = "org/fal-direct";
    mock.mapModel(model, [{ provider: "fal-ai", providerId: "fal-ai/flux/schnell", task: "text-to-image" }]);
    const rid = "r1";
    const resp = `https://queue.fal.run/fal-ai/flux/requests/${rid}`;
    mock.on((r) => r.method === "POST", { json: { status: "IN_QUEUE", request_id: rid, response_url: resp } });
    mock.on((r) => r.path.endsWith("/status"), { json: { status: "COMPLETED", request_id: rid } });
    mock.on((r) => r.url === resp, { json: { images: [{ url: "https://v3.fal.media/files/y.png" }] } });
    mock.on("v3.fal.media", png);
    await client("fal_key_abc:secret").textToImage({ model, provider: "fal-ai", inputs: "a fox" });
    const reqs = mock.requests.filter(inference);
    expect(reqs[0]?.url).toBe("https://queue.fal.run/fal-ai/flux/schnell");
    for (const r of reqs.slice(0, -1)) expect(r.headers.authorization).toBe("Key fal_key_abc:secret");
    expect(reqs.at(-2)?.url).toBe(resp);
  });

  it("Replicate: Prefer: wait, a prediction still `starting`, polled at urls.get until `succeeded`", async () => {
    const model = "org/rep";
    mock.mapModel(model, [
      { provider: "replicate", providerId: "black-forest-labs/flux-schnell", task: "text-to-image" },
    ]);
    const get = "https://api.replicate.com/v1/predictions/ufawqhfynnddngldkgtslldrkq";
    mock.on((r) => r.method === "POST", {
      status: 201,
      json: {
        id: "ufawqhfynnddngldkgtslldrkq",
        status: "starting",
        output: null,
        logs: "",
        urls: { get, cancel: `${get}/cancel` },
      },
    });
    let polls = 0;
    mock.on(
      (r) => r.method === "GET" && r.path.startsWith("/replicate/v1/predictions/"),
      () =>
        ++polls === 1
          ? { json: { id: "x", status: "processing", output: null, logs: "Using seed: 1\n", urls: { get } } }
          : {
              json: {
                id: "x",
                status: "succeeded",
                output: ["https://replicate.delivery/xezq/out-0.webp"],
                logs: "Using seed: 1\n",
                urls: { get },
              },
            },
    );
    mock.on("replicate.delivery", png);
    const out = await client().textToImage({ model, provider: "replicate", inputs: "a fox" });
    expect(out).toBeInstanceOf(Blob);
    const reqs = mock.requests.filter(inference);
    expect(reqs[0]?.url).toBe(
      "https://router.huggingface.co/replicate/v1/models/black-forest-labs/flux-schnell/predictions",
    );
    expect(reqs[0]?.headers.prefer).toBe("wait");
    expect(reqs[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(reqs[1]?.url).toBe("https://router.huggingface.co/replicate/v1/predictions/ufawqhfynnddngldkgtslldrkq");
    expect(reqs[1]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("Together images: data[0].b64_json and data[0].url", async () => {
    const model = "org/tog-img";
    mock.mapModel(model, [
      { provider: "together", providerId: "black-forest-labs/FLUX.1-schnell", task: "text-to-image" },
    ]);
    const b64 = Buffer.from(MOCK_PNG).toString("base64");
    mock.once("/images/generations", {
      json: { id: "i", model: "m", object: "list", data: [{ index: 0, b64_json: b64, type: null, timings: {} }] },
    });
    const a = await client().textToImage({ model, provider: "together", inputs: "a fox" });
    expect(a).toBeInstanceOf(Blob);
    expect((a as unknown as Blob).type).toBe("image/png");
    mock.once("/images/generations", {
      json: { id: "i", model: "m", object: "list", data: [{ index: 0, url: "https://api.together.ai/shrt/abc" }] },
    });
    mock.on("api.together.ai/shrt", png);
    const b = await client().textToImage({ model, provider: "together", inputs: "a fox" });
    expect(b).toBeInstanceOf(Blob);
  });

  it("BFL direct: X-Key header, polling_url on a regional host, Ready -> result.sample", async () => {
    const model = "org/bfl";
    mock.mapModel(model, [{ provider: "black-forest-labs", providerId: "flux-dev", task: "text-to-image" }]);
    const poll = "https://api.eu1.bfl.ai/v1/get_result?id=abc";
    mock.on((r) => r.method === "POST", { json: { id: "abc", polling_url: poll } });
    let polls = 0;
    mock.on(
      (r) => r.url === poll,
      () =>
        ++polls === 1
          ? { json: { id: "abc", status: "Pending", result: null, progress: 0.4 } }
          : {
              json: {
                id: "abc",
                status: "Ready",
                result: {
                  sample: "https://delivery-eu1.bfl.ai/results/x/sample.jpeg?se=1&sig=2",
                  prompt: "a fox",
                  seed: 1,
                },
              },
            },
    );
    mock.on("delivery-eu1.bfl.ai", png);
    const out = await client("bfl-key-123456").textToImage({ model, provider: "black-forest-labs", inputs: "a fox" });
    expect(out).toBeInstanceOf(Blob);
    const reqs = mock.requests.filter(inference);
    expect(reqs[0]?.url).toBe("https://api.us1.bfl.ai/v1/flux-dev");
    expect(reqs[0]?.headers["x-key"]).toBe("bfl-key-123456");
    expect(reqs[0]?.headers.authorization).toBeUndefined();
    expect(reqs[1]?.headers["x-key"]).toBe("bfl-key-123456");
    expect(reqs.at(-1)?.headers["x-key"]).toBeUndefined();
  });

  it("WaveSpeed: {code, message, data: {id, urls: {get}, status, outputs}}", async () => {
    const model = "org/ws";
    mock.mapModel(model, [{ provider: "wavespeed", providerId: "wavespeed-ai/flux-dev", task: "text-to-image" }]);
    const get = "https://api.wavespeed.ai/api/v3/predictions/p1/result";
    const env = (status: string, outputs: string[] = []) => ({
      code: 200,
      message: "success",
      data: {
        id: "p1",
        model: "wavespeed-ai/flux-dev",
        outputs,
        urls: { get },
        has_nsfw_contents: [],
        status,
        created_at: "2025-01-01T00:00:00Z",
        error: "",
        timings: { inference: 0 },
      },
    });
    mock.on((r) => r.method === "POST", { json: env("created") });
    let polls = 0;
    mock.on(
      (r) => r.method === "GET" && r.path.endsWith("/result"),
      () => ({
        json: ++polls === 1 ? env("processing") : env("completed", ["https://d1q70pf5vjeyhc.cloudfront.net/x.png"]),
      }),
    );
    mock.on("cloudfront.net", png);
    expect(await client().textToImage({ model, provider: "wavespeed", inputs: "a fox" })).toBeInstanceOf(Blob);
    const reqs = mock.requests.filter(inference);
    expect(reqs[0]?.url).toBe("https://router.huggingface.co/wavespeed/api/v3/wavespeed-ai/flux-dev");
    expect(reqs[1]?.url).toBe("https://router.huggingface.co/wavespeed/api/v3/predictions/p1/result");
  });

  it("Novita async task-result and Together video jobs", async () => {
    const model = "org/video";
    mock.mapModel(model, [
      { provider: "novita", providerId: "wan-t2v", task: "text-to-video" },
      { provider: "together", providerId: "Wan-AI/Wan2.2-T2V-A14B", task: "text-to-video" },
    ]);
    const mp4 = {
      bytes: new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112, 109, 112, 52, 50]),
      headers: { "content-type": "video/mp4" },
    };
    mock.on((r) => r.method === "POST" && r.path === "/novita/v3/async/wan-t2v", { json: { task_id: "t1" } });
    let n = 0;
    mock.on(
      (r) => r.path === "/novita/v3/async/task-result",
      () => ({
        json:
          ++n === 1
            ? {
                task: { task_id: "t1", status: "TASK_STATUS_PROCESSING", reason: "", progress_percent: 40 },
                images: [],
                videos: [],
              }
            : {
                task: { task_id: "t1", status: "TASK_STATUS_SUCCEED", reason: "" },
                images: [],
                videos: [
                  {
                    video_url: "https://faas-output-video.s3.ap-southeast-1.amazonaws.com/x.mp4",
                    video_url_ttl: "3600",
                    video_type: "mp4",
                  },
                ],
              },
      }),
    );
    mock.on("amazonaws.com", mp4);
    expect(await client().textToVideo({ model, provider: "novita", inputs: "a fox" })).toBeInstanceOf(Blob);
    expect(mock.find("task-result")[0]?.url).toBe(
      "https://router.huggingface.co/novita/v3/async/task-result?task_id=t1",
    );

    mock.reset();
    mock.on((r) => r.method === "POST" && r.path === "/together/v2/videos", {
      json: { id: "v1", object: "video", model: "Wan-AI/Wan2.2-T2V-A14B", status: "in_progress", created_at: 1 },
    });
    let m = 0;
    mock.on(
      (r) => r.method === "GET" && r.path === "/together/v2/videos/v1",
      () => ({
        json:
          ++m === 1
            ? { id: "v1", object: "video", status: "in_progress" }
            : {
                id: "v1",
                object: "video",
                status: "completed",
                outputs: { video_url: "https://api.together.ai/v1/videos/v1/content.mp4", cost: 1 },
              },
      }),
    );
    mock.on("api.together.ai/v1/videos", mp4);
    expect(await client().textToVideo({ model, provider: "together", inputs: "a fox" })).toBeInstanceOf(Blob);
  });

  it("Z.ai async images: {id, task_status} then async-result SUCCESS with image_result", async () => {
    const model = "org/zai";
    mock.mapModel(model, [{ provider: "zai-org", providerId: "cogview-4-250304", task: "text-to-image" }]);
    mock.on((r) => r.method === "POST", {
      json: { model: "cogview-4-250304", id: "z1", request_id: "q", task_status: "PROCESSING" },
    });
    let n = 0;
    mock.on(
      (r) => r.path === "/zai-org/api/paas/v4/async-result/z1",
      () => ({
        json:
          ++n === 1
            ? { model: "cogview-4-250304", task_status: "PROCESSING", request_id: "q" }
            : {
                model: "cogview-4-250304",
                task_status: "SUCCESS",
                image_result: [{ url: "https://aigc-files.bigmodel.cn/x.png" }],
              },
      }),
    );
    mock.on("bigmodel.cn", png);
    expect(await client().textToImage({ model, provider: "zai-org", inputs: "a fox" })).toBeInstanceOf(Blob);
    expect(mock.requests.filter(inference)[0]?.headers["x-source-channel"]).toBe("hugging_face");
  });
});

describe("Hub look-ups", () => {
  it("asks the mapping at /api/models/{id}?expand[]=inferenceProviderMapping, not URL-encoded, with the hf token", async () => {
    mock.mapModel("org/name", [{ provider: "together", providerId: "org/name", task: "conversational" }]);
    await client().chatCompletion({
      model: "org/name",
      provider: "together",
      messages: [{ role: "user", content: "hi" }],
    });
    const hub = mock.requests.find((r) => r.host === "huggingface.co");
    expect(hub?.url).toBe("https://huggingface.co/api/models/org/name?expand[]=inferenceProviderMapping");
    expect(hub?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("request() with bytes", () => {
  it("sends only the bytes of a view (a pooled Node Buffer), not its whole backing buffer", async () => {
    const model = "org/raw";
    mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task: "audio-classification" }]);
    mock.on((r) => r.path === `/hf-inference/models/${model}`, { json: [{ label: "speech", score: 1 }] });
    const small = Buffer.from([1, 2, 3, 4, 5]); // from Node's shared pool: byteOffset > 0 or a larger buffer
    expect(small.buffer.byteLength).toBeGreaterThan(small.byteLength);
    // The runtime takes any view; RequestArgs names Blob and ArrayBuffer as the reference does.
    await client().request(
      { model, provider: "hf-inference", data: small as unknown as ArrayBuffer },
      { task: "audio-classification" },
    );
    const sent = mock.requests.filter(inference).at(-1)!;
    expect([...sent.bytes]).toEqual([1, 2, 3, 4, 5]);
  });
});

describe("speech recognition chunks", () => {
  it("keeps an open-ended last timestamp (null) as the pipeline sends it, not 0", async () => {
    const model = "org/whisper";
    mock.mapModel(model, [{ provider: "hf-inference", providerId: model, task: "automatic-speech-recognition" }]);
    mock.on((r) => r.path === `/hf-inference/models/${model}`, {
      json: {
        text: " One. Two.",
        chunks: [
          { text: " One.", timestamp: [0, 1.5] },
          { text: " Two.", timestamp: [1.5, null] },
        ],
      },
    });
    const wav = new Blob([new Uint8Array([82, 73, 70, 70, 0, 0, 0, 0, 87, 65, 86, 69])], { type: "audio/wav" });
    const out = await client().automaticSpeechRecognition({ model, provider: "hf-inference", inputs: wav });
    expect(out.chunks?.map((c) => c.timestamp)).toEqual([
      [0, 1.5],
      [1.5, null],
    ]);
  });
});
