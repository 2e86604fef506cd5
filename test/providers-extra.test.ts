/**
 * Text-to-image on deepinfra and image-text-to-video on novita (MiniMax H3), routed (hf_ token through the
 * router) and direct (the provider's own key), through the mock provider: exact URL, method, headers and
 * body of the submit request, the job polls and the media download, and the parsed output.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderOutputError,
  textToImage,
} from "../src/index.js";
import { startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";
import { pollTiming } from "../src/transport/poll.js";
import { fixtureBytes } from "./support/fixtures.js";
import { inferenceRequests } from "./support/loopback.js";

const PIXEL = fixtureBytes("media/pixel.png");
const PIXEL_B64 = Buffer.from(PIXEL).toString("base64");
const PIXEL_DATA_URL = `data:image/png;base64,${PIXEL_B64}`;
const pixel = () => new Blob([PIXEL], { type: "image/png" });

const HF = "hf_extra_token_123";
const KEY = "pk_extra_key_456";
const ROUTER = "https://router.huggingface.co";

const DEEPINFRA_MODEL = "hub-org/text-to-image-deepinfra";
const DEEPINFRA_ID = "black-forest-labs/FLUX-1-schnell";
const NOVITA_MODEL = "hub-org/image-text-to-video-novita";
const NOVITA_ID = "MiniMax-H3";

let mock: MockProvider;
beforeAll(async () => {
  pollTiming.scale = 0.005;
  mock = await startMockProvider();
  mock.mapModel(DEEPINFRA_MODEL, [{ provider: "deepinfra", providerId: DEEPINFRA_ID, task: "text-to-image" }]);
  mock.mapModel(NOVITA_MODEL, [{ provider: "novita", providerId: NOVITA_ID, task: "image-text-to-video" }]);
  mock.mapModel("hub-org/other-video", [
    { provider: "novita", providerId: "wan-i2v-fast", task: "image-text-to-video" },
  ]);
});
afterEach(() => mock.reset());
afterAll(async () => {
  pollTiming.scale = 1;
  await mock.close();
});

const inference = () => inferenceRequests(mock);
const client = (token: string) => new InferenceClient(token, { fetch: mock.fetch });

async function expectPng(out: unknown) {
  expect(out).toBeInstanceOf(Blob);
  const blob = out as Blob;
  expect(blob.type).toBe("image/png");
  expect(new Uint8Array(await blob.arrayBuffer())).toEqual(PIXEL);
}

async function expectMp4(out: unknown) {
  expect(out).toBeInstanceOf(Blob);
  const blob = out as Blob;
  expect(blob.type).toBe("video/mp4");
  const bytes = new Uint8Array(await blob.arrayBuffer());
  expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe("ftyp");
}

const modes = [
  ["routed", HF, `Bearer ${HF}`],
  ["direct", KEY, `Bearer ${KEY}`],
] as const;

// deepinfra text-to-image -------------------------------------------------------------------------

describe("text-to-image on deepinfra", () => {
  const urlFor = (mode: "routed" | "direct") =>
    mode === "routed"
      ? `${ROUTER}/deepinfra/v1/openai/images/generations`
      : "https://api.deepinfra.com/v1/openai/images/generations";
  const args = (token: string, extra: Record<string, unknown> = {}) => ({
    accessToken: token,
    model: DEEPINFRA_MODEL,
    provider: "deepinfra",
    inputs: "a red fox in the snow",
    ...extra,
  });

  it.each(modes)("%s: one POST with the OpenAI images body, base64 answer as a PNG Blob", async (mode, token, auth) => {
    const out = await client(token).textToImage({
      model: DEEPINFRA_MODEL,
      provider: "deepinfra",
      inputs: "a red fox in the snow",
      parameters: { num_inference_steps: 4, guidance_scale: 3.5, width: 512, height: 512, seed: 7 },
    });
    const reqs = inference();
    expect(reqs).toHaveLength(1);
    const submit = reqs[0]!;
    expect(submit.method).toBe("POST");
    expect(submit.url).toBe(urlFor(mode));
    expect(submit.headers.authorization).toBe(auth);
    expect(submit.headers["content-type"]).toBe("application/json");
    expect(submit.headers["user-agent"]).toMatch(/^unified-inference\//);
    expect(submit.headers["x-hf-bill-to"]).toBeUndefined();
    expect(submit.json).toEqual({
      num_inference_steps: 4,
      guidance_scale: 3.5,
      width: 512,
      height: 512,
      seed: 7,
      response_format: "b64_json",
      prompt: "a red fox in the snow",
      model: DEEPINFRA_ID,
    });
    await expectPng(out);
  });

  it("the prompt, the model id and the response format cannot be overridden by parameters", async () => {
    await textToImage(
      args(HF, { parameters: { prompt: "other", model: "other/model", response_format: "url" } }) as never,
      { fetch: mock.fetch },
    );
    const body = inference()[0]!.json;
    expect(body.prompt).toBe("a red fox in the snow");
    expect(body.model).toBe(DEEPINFRA_ID);
    expect(body.response_format).toBe("b64_json");
  });

  it.each(modes)("%s: outputType url asks for a link and returns it without downloading it", async (mode, token) => {
    const url = await textToImage(args(token), { fetch: mock.fetch, outputType: "url" });
    const reqs = inference();
    expect(reqs).toHaveLength(1);
    expect(reqs[0]!.url).toBe(urlFor(mode));
    expect(reqs[0]!.json.response_format).toBe("url");
    expect(url).toMatch(/^https:\/\/shared\.deepinfra\.com\/models\/generated\/[a-z0-9]+mock\.png$/);
  });

  it("outputType dataUrl is a PNG data URL typed from the bytes", async () => {
    const out = await textToImage(args(HF), { fetch: mock.fetch, outputType: "dataUrl" });
    expect(out).toBe(PIXEL_DATA_URL);
    expect(inference()).toHaveLength(1);
    expect(inference()[0]!.json.response_format).toBe("b64_json");
  });

  it("outputType json is the provider's answer", async () => {
    const out = await textToImage(args(KEY), { fetch: mock.fetch, outputType: "json" });
    const data = (out as { data: { index: number; b64_json: string }[] }).data;
    expect(data[0]!.b64_json).toBe(PIXEL_B64);
    expect((out as { model: string }).model).toBe(DEEPINFRA_ID);
    expect(inference()).toHaveLength(1);
  });

  it("a link answer is downloaded, without credentials, when a Blob is asked", async () => {
    const link = "https://shared.deepinfra.com/models/generated/abcmock.png";
    mock.once("/v1/openai/images/generations", {
      json: { created: 1_732_000_000, data: [{ index: 0, url: link }] },
    });
    const out = await textToImage(args(KEY), { fetch: mock.fetch });
    const reqs = inference();
    expect(reqs).toHaveLength(2);
    expect(reqs[1]!.url).toBe(link);
    expect(reqs[1]!.method).toBe("GET");
    expect(reqs[1]!.headers.authorization).toBeUndefined();
    await expectPng(out);
  });

  it("a link answer gives a data URL when one is asked", async () => {
    mock.once("/v1/openai/images/generations", {
      json: { data: [{ index: 0, url: "https://shared.deepinfra.com/models/generated/defmock.png" }] },
    });
    const out = await textToImage(args(HF), { fetch: mock.fetch, outputType: "dataUrl" });
    expect(out).toBe(PIXEL_DATA_URL);
  });

  it("an answer without an image is an output error", async () => {
    mock.once("/v1/openai/images/generations", { json: { created: 1_732_000_000, data: [] } });
    await expect(textToImage(args(HF), { fetch: mock.fetch })).rejects.toBeInstanceOf(
      InferenceClientProviderOutputError,
    );
  });

  it("a base64 answer when a URL was asked is an output error", async () => {
    mock.once("/v1/openai/images/generations", { json: { data: [{ index: 0, b64_json: PIXEL_B64 }] } });
    await expect(textToImage(args(HF), { fetch: mock.fetch, outputType: "url" })).rejects.toBeInstanceOf(
      InferenceClientProviderOutputError,
    );
  });

  it("provider auto picks deepinfra from the mapping", async () => {
    await expectPng(await textToImage({ accessToken: HF, model: DEEPINFRA_MODEL, inputs: "x" }, { fetch: mock.fetch }));
    expect(inference()[0]!.url).toBe(urlFor("routed"));
  });
});

// novita image-text-to-video ----------------------------------------------------------------------

describe("image-text-to-video on novita (MiniMax H3)", () => {
  const submitUrl = (mode: "routed" | "direct") =>
    mode === "routed"
      ? `${ROUTER}/novita/v3/minimax/v2/video_generation`
      : "https://api.novita.ai/v3/minimax/v2/video_generation";
  const pollPrefix = (mode: "routed" | "direct") =>
    mode === "routed"
      ? `${ROUTER}/novita/v3/minimax/v2/query/video_generation/`
      : "https://api.novita.ai/v3/minimax/v2/query/video_generation/";
  const run = (token: string, args: Record<string, unknown>, options: Record<string, unknown> = {}) =>
    client(token).imageTextToVideo({ model: NOVITA_MODEL, provider: "novita", ...args } as never, options);
  const body = () => inference()[0]!.json;

  it.each(modes)(
    "%s: submits the prompt and first frame, polls the task, downloads the video",
    async (mode, token, auth) => {
      const out = await run(token, { inputs: pixel(), parameters: { prompt: "waves roll in" } });
      const reqs = inference();

      const submit = reqs[0]!;
      expect(submit.method).toBe("POST");
      expect(submit.url).toBe(submitUrl(mode));
      expect(submit.headers.authorization).toBe(auth);
      expect(submit.headers["content-type"]).toBe("application/json");
      expect(submit.headers["user-agent"]).toMatch(/^unified-inference\//);
      expect(submit.json).toEqual({
        model: NOVITA_ID,
        content: [
          { type: "text", text: "waves roll in" },
          { type: "image_url", image_url: { url: PIXEL_DATA_URL }, role: "first_frame" },
        ],
        resolution: "768P",
        duration: 4,
        ratio: "adaptive",
      });

      // The mock runs the job queued for one poll answer, in progress for one, then done: two polls.
      const polls = reqs.slice(1, -1);
      expect(polls).toHaveLength(2);
      const id = polls[0]!.url.slice(pollPrefix(mode).length);
      expect(id).toMatch(/^[a-z0-9]+mock$/);
      for (const poll of polls) {
        expect(poll.url).toBe(`${pollPrefix(mode)}${id}`);
        expect(poll.method).toBe("GET");
        expect(poll.headers.authorization).toBe(auth);
        expect(poll.headers["content-type"]).toBeUndefined();
        expect(poll.bytes.length).toBe(0);
      }

      const download = reqs.at(-1)!;
      expect(download.method).toBe("GET");
      expect(download.url).toBe(
        `https://novita-minimax-output.s3.us-west-2.amazonaws.com/video/${id}.mp4?X-Amz-Expires=32400`,
      );
      expect(download.headers.authorization).toBeUndefined();
      await expectMp4(out);
    },
  );

  it.each(modes)("%s: without an image, a text-only request with a fixed ratio", async (mode, token) => {
    await expectMp4(await run(token, { parameters: { prompt: "a cat dancing" } }));
    expect(inference()[0]!.url).toBe(submitUrl(mode));
    expect(body()).toEqual({
      model: NOVITA_ID,
      content: [{ type: "text", text: "a cat dancing" }],
      resolution: "768P",
      duration: 4,
      ratio: "16:9",
    });
  });

  it("derives duration, resolution and ratio from num_frames and target_size, and drops what H3 does not take", async () => {
    await run(HF, {
      parameters: {
        prompt: "a cat dancing",
        num_frames: 241,
        target_size: { width: 2560, height: 1440 },
        seed: 7,
        num_inference_steps: 30,
        guidance_scale: 5,
        negative_prompt: "blurry",
        aigc_watermark: false,
      },
    });
    expect(body()).toEqual({
      model: NOVITA_ID,
      content: [{ type: "text", text: "a cat dancing" }],
      aigc_watermark: false,
      resolution: "2K",
      duration: 10,
      ratio: "16:9",
    });
  });

  it.each([
    [{ num_frames: 24 }, { duration: 4, resolution: "768P", ratio: "16:9" }],
    [{ num_frames: 1000 }, { duration: 15, resolution: "768P", ratio: "16:9" }],
    [{ target_size: { width: 720, height: 1280 } }, { duration: 4, resolution: "768P", ratio: "9:16" }],
    [{ target_size: { width: 1024, height: 1024 } }, { duration: 4, resolution: "768P", ratio: "1:1" }],
    [{ target_size: { width: 2520, height: 1080 } }, { duration: 4, resolution: "768P", ratio: "21:9" }],
    [{ target_size: { width: 1920, height: 1440 } }, { duration: 4, resolution: "2K", ratio: "4:3" }],
    [
      { duration: 6, resolution: "2K", ratio: "3:4", num_frames: 241 },
      { duration: 6, resolution: "2K", ratio: "3:4" },
    ],
  ])("parameters %j give %j", async (parameters, want) => {
    await run(KEY, { parameters: { prompt: "a cat dancing", ...parameters } });
    const b = body();
    expect({ duration: b.duration, resolution: b.resolution, ratio: b.ratio }).toEqual(want);
    expect(b.num_frames).toBeUndefined();
    expect(b.target_size).toBeUndefined();
  });

  it("a first frame always sets the ratio to adaptive", async () => {
    await run(HF, { inputs: pixel(), parameters: { prompt: "waves", ratio: "9:16" } });
    expect(body().ratio).toBe("adaptive");
  });

  it("an image URL is passed as is; untyped bytes become a data URL typed from the bytes", async () => {
    await run(HF, { inputs: "https://example.com/first.png", parameters: { prompt: "waves" } });
    expect(body().content[1]).toEqual({
      type: "image_url",
      image_url: { url: "https://example.com/first.png" },
      role: "first_frame",
    });
    mock.reset();
    await run(HF, { inputs: PIXEL.slice().buffer, parameters: { prompt: "waves" } });
    expect(body().content[1].image_url.url).toBe(PIXEL_DATA_URL);
    mock.reset();
    await run(HF, { data: PIXEL.slice(), parameters: { prompt: "waves" } });
    expect(body().content[1].image_url.url).toBe(PIXEL_DATA_URL);
  });

  it("reports the task's own status words as progress", async () => {
    const seen: string[] = [];
    await run(
      KEY,
      { inputs: pixel(), parameters: { prompt: "waves" } },
      { headers: { "x-mock-job": "queued=2;running=1" }, onProgress: (p: { status: string }) => seen.push(p.status) },
    );
    expect(seen).toEqual(["queued", "running", "succeeded"]);
    expect(inference().filter((r) => r.url.includes("/query/video_generation/"))).toHaveLength(3);
  });

  it("a failed task is an output error carrying the provider's message", async () => {
    const err = await run(
      HF,
      { inputs: pixel(), parameters: { prompt: "waves" } },
      { headers: { "x-mock-job": "outcome=fail;error=Generated video flagged by moderation" } },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain("failed");
    expect((err as Error).message).toContain("Generated video flagged by moderation");
    // No download after a failure.
    expect(inference().some((r) => r.url.endsWith(".mp4"))).toBe(false);
  });

  it("a cancelled task is an output error", async () => {
    mock.on(/\/query\/video_generation\//, {
      json: { task: { id: "t", status: "cancelled" }, base_resp: { status_code: 0, status_msg: "success" } },
    });
    const err = await run(HF, { parameters: { prompt: "waves" } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toContain("cancelled");
  });

  it("a finished task without a video URL is an output error", async () => {
    mock.on(/\/query\/video_generation\//, { json: { task: { id: "t", status: "succeeded", content: {} } } });
    await expect(run(HF, { parameters: { prompt: "waves" } })).rejects.toBeInstanceOf(
      InferenceClientProviderOutputError,
    );
  });

  it("a submit answer without a task id is an output error, with no poll", async () => {
    mock.once("/v3/minimax/v2/video_generation", { json: { base_resp: { status_code: 0, status_msg: "success" } } });
    await expect(run(KEY, { parameters: { prompt: "waves" } })).rejects.toBeInstanceOf(
      InferenceClientProviderOutputError,
    );
    expect(inference()).toHaveLength(1);
  });

  it("another novita model is an input error before any request", async () => {
    await expect(
      client(HF).imageTextToVideo({
        model: "hub-org/other-video",
        provider: "novita",
        inputs: pixel(),
        parameters: { prompt: "waves" },
      }),
    ).rejects.toBeInstanceOf(InferenceClientInputError);
    expect(inference()).toHaveLength(0);
  });

  it.each([
    ["no prompt, with an image", { inputs: pixel() }],
    ["a blank prompt, with an image", { inputs: pixel(), parameters: { prompt: "   " } }],
    ["no prompt nor image", { parameters: {} }],
  ])("%s is an input error before any request", async (_label, args) => {
    await expect(run(HF, args)).rejects.toBeInstanceOf(InferenceClientInputError);
    expect(inference()).toHaveLength(0);
  });

  it("the poll requests go to the novita host only, never to the video's host with credentials", async () => {
    await run(KEY, { inputs: pixel(), parameters: { prompt: "waves" } });
    const withAuth = inference().filter((r: MockRequest) => r.headers.authorization);
    expect(withAuth.length).toBeGreaterThanOrEqual(3);
    for (const r of withAuth) expect(r.host).toBe("api.novita.ai");
  });
});
