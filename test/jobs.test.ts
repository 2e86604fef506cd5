/**
 * The job runner (src/transport/poll.ts) through real task calls against the mock provider: the queue
 * life cycle with progress events, failures with the provider's text, a transient 500 while polling,
 * abort while polling, the call's deadline, credentials on polls and downloads, and media checks. Then each
 * provider's job protocol replayed as the real service answers it (fal queue, Replicate, Together, BFL,
 * WaveSpeed, Novita, Z.ai).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
  InferenceClientTimeoutError,
  type JobProgress,
} from "../src/index.js";
import { startMockProvider, type MockProvider } from "../src/testing/index.js";
import { pollDelays, pollHeaders } from "../src/transport/poll.js";
import { falQueueJob } from "../src/providers/fal-ai.js";
import { replicatePrediction } from "../src/providers/replicate.js";
import { bflJob } from "../src/providers/black-forest-labs.js";
import type { RequestCtx } from "../src/providers/adapter.js";
import { fixturePath } from "./support/fixtures.js";
import { notHub } from "./support/loopback.js";
import { fastWaits, useFastWaits } from "./support/waits.js";
import { PNG } from "./support/media.js";

let mock: MockProvider;

const FLUX = "black-forest-labs/FLUX.1-dev";
const WAN = "Wan-AI/Wan2.2-T2V-A14B";

// Polls every few milliseconds: the runner's logic is what is tested, not its clock.
useFastWaits({ poll: 0.005, retry: 1 }, "all");
beforeAll(async () => {
  mock = await startMockProvider();
  mock.mapModel(FLUX, [
    { provider: "fal-ai", providerId: "fal-ai/flux/dev", task: "text-to-image" },
    { provider: "replicate", providerId: "black-forest-labs/flux-dev", task: "text-to-image" },
    { provider: "wavespeed", providerId: "wavespeed-ai/flux-dev", task: "text-to-image" },
    { provider: "zai-org", providerId: "cogview-4-250304", task: "text-to-image" },
    { provider: "black-forest-labs", providerId: "flux-dev", task: "text-to-image" },
  ]);
  mock.mapModel(WAN, [
    { provider: "fal-ai", providerId: "fal-ai/wan/v2.2-a14b/text-to-video", task: "text-to-video" },
    { provider: "novita", providerId: "wan-2.2-t2v", task: "text-to-video" },
    { provider: "together", providerId: "Wan-AI/Wan2.2-T2V-A14B", task: "text-to-video" },
    { provider: "replicate", providerId: "wan-video/wan-2.2-t2v-fast", task: "text-to-video" },
    { provider: "wavespeed", providerId: "wavespeed-ai/wan-2.2/t2v-480p", task: "text-to-video" },
  ]);
});
afterEach(() => {
  mock.reset();
});
afterAll(async () => {
  await mock.close();
});

const TOKEN = "hf_test_token_123";
const client = (token = TOKEN) => new InferenceClient(token, { fetch: mock.fetch });

async function isPng(b: unknown): Promise<boolean> {
  if (!(b instanceof Blob)) return false;
  const bytes = new Uint8Array(await b.arrayBuffer());
  return b.type === "image/png" && bytes[0] === 0x89 && bytes[1] === 0x50;
}

describe("job life cycle", () => {
  it("runs a fal queue job: queued (positions) -> in progress (logs) -> completed, with progress in order", async () => {
    const events: JobProgress[] = [];
    const out = await client().textToImage(
      { model: FLUX, provider: "fal-ai", inputs: "a red fox" },
      { onProgress: (p) => events.push(p), headers: { "x-mock-job": "queued=2;running=2" } },
    );
    expect(await isPng(out)).toBe(true);
    expect(events.map((e) => [e.status, e.queuePosition, e.logs])).toEqual([
      ["IN_QUEUE", 2, undefined],
      ["IN_QUEUE", 1, undefined],
      ["IN_PROGRESS", undefined, ["step 1: denoising 25%"]],
      ["IN_PROGRESS", undefined, ["step 2: denoising 50%"]],
      ["COMPLETED", undefined, ["done"]],
    ]);
    expect(events.map((e) => e.polls)).toEqual([0, 1, 2, 3, 4]);
    for (const e of events) expect(e.elapsedMs).toBeGreaterThanOrEqual(0);

    const sent = mock.requests.filter(notHub);
    const id = /requests\/([^/?]+)/.exec(sent[1]!.url)![1];
    expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST https://router.huggingface.co/fal-ai/fal-ai/flux/dev?_subdomain=queue",
      ...Array(4).fill(
        `GET https://router.huggingface.co/fal-ai/fal-ai/flux/requests/${id}/status?_subdomain=queue&logs=1`,
      ),
      `GET https://router.huggingface.co/fal-ai/fal-ai/flux/requests/${id}?_subdomain=queue`,
      `GET https://v3.fal.media/files/mock/${id}.png`,
    ]);
    // Polls reuse the submit request's credentials, without its body headers; the download carries none.
    for (const poll of sent.slice(1, 6)) {
      expect(poll.headers.authorization).toBe("Bearer hf_test_token_123");
      expect(poll.headers["content-type"]).toBeUndefined();
      expect(poll.bytes.length).toBe(0);
    }
    expect(sent[6]!.headers.authorization).toBeUndefined();
  });

  it("polls a direct fal call on queue.fal.run with the fal key", async () => {
    await client("fal_key_abc").textToImage({ model: FLUX, provider: "fal-ai", inputs: "a red fox" });
    const sent = mock.requests.filter(notHub);
    expect(sent[0]!.url).toBe("https://queue.fal.run/fal-ai/flux/dev");
    // No onProgress here: the poll asks fal for no logs.
    expect(sent[1]!.url).toMatch(/^https:\/\/queue\.fal\.run\/fal-ai\/flux\/requests\/[^/]+\/status$/);
    expect(sent[1]!.headers.authorization).toBe("Key fal_key_abc");
  });

  it("polls a Replicate prediction still processing after Prefer: wait, through the router", async () => {
    const events: JobProgress[] = [];
    const out = await client().textToImage(
      { model: FLUX, provider: "replicate", inputs: "a red fox" },
      { onProgress: (p) => events.push(p), headers: { "x-mock-job": "queued=1;running=1" } },
    );
    expect(await isPng(out)).toBe(true);
    // The submit answer (still starting when Replicate stopped waiting), then one poll per state.
    expect(events.map((e) => e.status)).toEqual(["starting", "processing", "succeeded"]);
    expect(events.map((e) => e.logs)).toEqual([undefined, ["step 1: denoising 25%"], ["done"]]);
    const sent = mock.requests.filter(notHub);
    expect(sent[0]!.headers.prefer).toBe("wait");
    const polls = sent.filter((r) => r.url.includes("/v1/predictions/"));
    expect(polls).toHaveLength(2);
    for (const p of polls) {
      expect(p.url).toMatch(/^https:\/\/router\.huggingface\.co\/replicate\/v1\/predictions\/[a-z0-9]+$/);
      expect(p.headers.prefer).toBeUndefined();
      expect(p.headers.authorization).toBe("Bearer hf_test_token_123");
    }
  });

  it("does not poll a Replicate prediction that Prefer: wait returned finished", async () => {
    await client("r8_key").textToImage({ model: FLUX, provider: "replicate", inputs: "a red fox" });
    const sent = mock.requests.filter(notHub);
    expect(sent.map((r) => r.method)).toEqual(["POST", "GET"]);
    expect(sent[1]!.url).toMatch(/^https:\/\/replicate\.delivery\/xezq\/mock\/[a-z0-9]+\/out-0\.png$/);
  });

  it.each([
    ["fal-ai", FLUX, "COMPLETED"],
    ["replicate", FLUX, "failed"],
    ["wavespeed", FLUX, "failed"],
    ["zai-org", FLUX, "FAIL"],
    ["black-forest-labs", FLUX, "Error"],
    ["novita", WAN, "TASK_STATUS_FAILED"],
    ["together", WAN, "failed"],
  ])(
    "a failed %s job is an output error naming provider, model and the provider's text",
    async (provider, model, status) => {
      // The router dropped black-forest-labs: it is reached directly, with its own key.
      const c = client(provider === "black-forest-labs" ? "bfl_key_123456" : undefined);
      const args = { model, provider, inputs: "a red fox" };
      const options = { headers: { "x-mock-job": "outcome=fail;error=NSFW content detected" } };
      const call = model === WAN ? c.textToVideo(args, options) : c.textToImage(args, options);
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
      const e = err as InferenceClientProviderOutputError;
      expect(e.provider).toBe(provider);
      expect(e.model).toBe(model);
      expect(e.message).toContain(provider);
      expect(e.message).toContain(model);
      expect(e.message).toContain(status);
      expect(e.message).toContain("NSFW content detected");
    },
  );
});

describe("transient failures, abort and deadline", () => {
  it("tolerates one 500 on a poll (no client retries): the next interval's poll goes on", async () => {
    const out = await client().textToVideo(
      { model: WAN, provider: "fal-ai", inputs: "waves" },
      { retry_on_error: false, headers: { "x-mock-job": "fail-polls=2" } },
    );
    expect(out.type).toBe("video/mp4");
    const statuses = mock.requests.filter((r) => r.url.includes("/status"));
    expect(statuses).toHaveLength(3); // 2 answers (in progress, completed) + the one that failed between them
    expect(statuses.every((r) => r.url === statuses[0]!.url)).toBe(true);
  });

  it("fails on two 500s in a row while polling, with the provider's error", async () => {
    const err = await client()
      .textToVideo(
        { model: WAN, provider: "fal-ai", inputs: "waves" },
        { retry_on_error: false, headers: { "x-mock-job": "fail-polls=2,3" } },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    const e = err as InferenceClientProviderApiError;
    expect(e.status).toBe(500);
    expect(e.httpRequest.method).toBe("GET");
    expect(e.httpRequest.url).toMatch(/\/status\?_subdomain=queue$/);
    expect(e.httpRequest.headers?.authorization ?? e.httpRequest.headers?.Authorization).not.toContain("hf_test");
    expect(JSON.stringify(e)).not.toContain("hf_test_token_123");
    expect(e.message).not.toContain("hf_test_token_123");
  });

  it("with client retries on, a 500 on a poll is retried by the transport and the job completes", async () => {
    // Retry waits end at once for this test (and are recorded).
    const waits = fastWaits({ retry: 0 });
    try {
      const out = await client().textToVideo(
        { model: WAN, provider: "wavespeed", inputs: "waves" },
        { headers: { "x-mock-job": "fail-polls=1,2" } },
      );
      expect(out.type).toBe("video/mp4");
      expect(waits.retry.length).toBeGreaterThanOrEqual(1);
    } finally {
      waits.restore();
    }
  });

  it("aborts while polling: rejects with the signal's reason and sends nothing more", async () => {
    const ctrl = new AbortController();
    const reason = new Error("user went away");
    const p = client().textToVideo(
      { model: WAN, provider: "together", inputs: "waves" },
      {
        signal: ctrl.signal,
        headers: { "x-mock-job": "outcome=never" },
        onProgress: (e) => {
          if (e.status === "in_progress") ctrl.abort(reason);
        },
      },
    );
    await expect(p).rejects.toBe(reason);
    const count = mock.requests.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(mock.requests.length).toBe(count);
  });

  it("ends a job that never finishes at the call's deadline with a timeout error", async () => {
    const events: string[] = [];
    const err = await client()
      .textToVideo(
        { model: WAN, provider: "novita", inputs: "waves" },
        // Polls are due after 500 ms, then 750 ms (their timers shortened, not their place against the deadline):
        // two polls, then the next wait (1125 ms) would pass the deadline.
        { timeout: 1_000, headers: { "x-mock-job": "outcome=never" }, onProgress: (e) => events.push(e.status) },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientTimeoutError);
    expect((err as InferenceClientTimeoutError).kind).toBe("total");
    expect((err as InferenceClientTimeoutError).timeoutMs).toBe(1_000);
    expect((err as InferenceClientTimeoutError).provider).toBe("novita");
    expect(events).toContain("TASK_STATUS_PROCESSING");
  });

  it("an abort before the call starts sends nothing", async () => {
    const ctrl = new AbortController();
    ctrl.abort(new Error("never mind"));
    await expect(
      client().textToImage({ model: FLUX, provider: "fal-ai", inputs: "x" }, { signal: ctrl.signal }),
    ).rejects.toThrow("never mind");
    expect(mock.requests.filter(notHub)).toHaveLength(0);
  });
});

describe("answers the runner does not accept", () => {
  it("a submit answer without a job id is an output error", async () => {
    mock.once("/fal-ai/flux/dev", { json: { status: "IN_QUEUE" } });
    const err = await client()
      .textToImage({ model: FLUX, provider: "fal-ai", inputs: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toMatch(/job id or status URL/);
  });

  it("a poll answer without a status is an output error", async () => {
    mock.on(/\/status\?/, { json: { hello: "world" } });
    const err = await client()
      .textToImage({ model: FLUX, provider: "fal-ai", inputs: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toMatch(/job status answer/);
  });

  it("an HTML page served as the generated image is an output error, not an image", async () => {
    mock.on("v3.fal.media", {
      text: "<html><title>Access denied</title></html>",
      headers: { "content-type": "text/html" },
    });
    const err = await client()
      .textToImage({ model: FLUX, provider: "fal-ai", inputs: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
    expect((err as Error).message).toMatch(/text\/html/);
  });

  it("a JSON error served with status 200 as the video is an output error", async () => {
    mock.on("faas-output-video", { json: { error: "expired" } });
    const err = await client()
      .textToVideo({ model: WAN, provider: "novita", inputs: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderOutputError);
  });

  it("a 404 on the media download is a provider API error for a GET", async () => {
    mock.on("v3.fal.media", { status: 404, text: "Not Found" });
    const err = await client()
      .textToImage({ model: FLUX, provider: "fal-ai", inputs: "x" }, { retry_on_error: false })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect((err as InferenceClientProviderApiError).status).toBe(404);
    expect((err as InferenceClientProviderApiError).httpRequest.method).toBe("GET");
  });

  it("a generic content type on the download is replaced by the sniffed one", async () => {
    mock.on("v3.fal.media", { bytes: PNG, headers: { "content-type": "binary/octet-stream" } });
    const out = await client().textToImage({ model: FLUX, provider: "fal-ai", inputs: "x" });
    expect(await isPng(out)).toBe(true);
  });

  it("a 401 on a poll is not retried and its error holds no credential", async () => {
    mock.on(/\/status\?/, { status: 401, json: { detail: "Invalid token" } });
    const err = await client()
      .textToImage({ model: FLUX, provider: "fal-ai", inputs: "x" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceClientProviderApiError);
    expect(mock.requests.filter((r) => r.url.includes("/status"))).toHaveLength(1);
    expect(JSON.stringify((err as InferenceClientProviderApiError).httpRequest)).not.toContain("hf_test_token_123");
    expect((err as Error).message).toContain("Invalid token");
  });
});

describe("job specs are data", () => {
  const ctx = (over: Partial<RequestCtx> = {}): RequestCtx => ({
    task: "text-to-image",
    model: FLUX,
    providerId: "fal-ai/flux/dev",
    routed: true,
    base: "https://router.huggingface.co/fal-ai",
    stream: false,
    ...over,
  });

  it("backs off x1.5 from the interval up to the cap", () => {
    expect(pollDelays({}, 8)).toEqual([500, 750, 1125, 1688, 2532, 3798, 5000, 5000]);
    expect(pollDelays({ interval: 2000, maxInterval: 3000 }, 3)).toEqual([2000, 3000, 3000]);
  });

  it("builds fal's status and result URLs from response_url, keeping the submit query", () => {
    const submit = {
      request_id: "r1",
      status: "IN_QUEUE",
      response_url: "https://queue.fal.run/fal-ai/flux/requests/r1",
    };
    const routed = { submitUrl: "https://router.huggingface.co/fal-ai/fal-ai/flux/dev?_subdomain=queue", ctx: ctx() };
    expect(falQueueJob.statusUrl!(submit, routed)).toBe(
      "https://router.huggingface.co/fal-ai/fal-ai/flux/requests/r1/status?_subdomain=queue",
    );
    // Logs are asked for only when the caller listens to progress.
    expect(falQueueJob.statusUrl!(submit, { ...routed, wantsProgress: true })).toBe(
      "https://router.huggingface.co/fal-ai/fal-ai/flux/requests/r1/status?_subdomain=queue&logs=1",
    );
    expect(falQueueJob.resultUrl!(submit, {}, routed)).toBe(
      "https://router.huggingface.co/fal-ai/fal-ai/flux/requests/r1?_subdomain=queue",
    );
    const direct = {
      submitUrl: "https://queue.fal.run/fal-ai/flux/dev",
      ctx: ctx({ routed: false, base: "https://fal.run" }),
    };
    expect(falQueueJob.statusUrl!(submit, direct)).toBe("https://queue.fal.run/fal-ai/flux/requests/r1/status");
    expect(falQueueJob.statusUrl!(submit, { ...direct, wantsProgress: true })).toBe(
      "https://queue.fal.run/fal-ai/flux/requests/r1/status?logs=1",
    );
    expect(falQueueJob.status!({ status: "COMPLETED", error: "boom" }, direct)).toMatchObject({
      state: "failed",
      error: "boom",
    });
  });

  it("reads Replicate predictions and polls urls.get under the call's base", () => {
    const call = { submitUrl: "x", ctx: ctx({ base: "https://router.huggingface.co/replicate" }) };
    const submit = { id: "p1", status: "processing", urls: { get: "https://api.replicate.com/v1/predictions/p1" } };
    expect(replicatePrediction.statusUrl!(submit, call)).toBe(
      "https://router.huggingface.co/replicate/v1/predictions/p1",
    );
    expect(replicatePrediction.status!({ status: "canceled" }, call)).toMatchObject({ state: "failed" });
    expect(replicatePrediction.status!({ status: "succeeded", logs: "a\nb\n" }, call)).toEqual({
      state: "done",
      status: "succeeded",
      logs: ["a", "b"],
    });
  });

  it("never sends credentials to another host, unless the spec trusts it", () => {
    const submit = {
      url: "https://api.us1.bfl.ai/v1/flux-dev",
      headers: { "X-Key": "k", "Content-Type": "application/json", "User-Agent": "ua", "X-HF-Bill-To": "org" },
    };
    const direct = { submitUrl: submit.url, ctx: ctx({ routed: false, base: "https://api.us1.bfl.ai" }) };
    expect(pollHeaders(submit, "https://api.eu1.bfl.ai/v1/get_result?id=1", bflJob, direct)).toEqual({
      "X-Key": "k",
      "User-Agent": "ua",
      "X-HF-Bill-To": "org",
    });
    expect(pollHeaders(submit, "https://evil.example/v1/get_result", bflJob, direct)).toEqual({ "User-Agent": "ua" });
    expect(pollHeaders(submit, "http://api.eu1.bfl.ai/v1/get_result", bflJob, direct)).toEqual({ "User-Agent": "ua" });
    expect(pollHeaders(submit, "https://api.us1.bfl.ai/v1/get_result?id=1", falQueueJob, direct)).toMatchObject({
      "X-Key": "k",
    });
  });

  it("refuses an outputType the provider cannot give, before any request", async () => {
    await expect(
      client().textToImage({ model: FLUX, provider: "nscale", inputs: "x" }, { outputType: "url" }),
    ).rejects.toBeInstanceOf(InferenceClientInputError);
    expect(mock.requests).toHaveLength(0);
  });
});

describe("a Node script awaiting a job", () => {
  it("does not exit while a poll waits (the runner's timers keep the process alive)", async () => {
    const { build } = await import("esbuild");
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { execFile } = await import("node:child_process");
    const dir = mkdtempSync(join(tmpdir(), "job-script-"));
    try {
      const outfile = join(dir, "script.mjs");
      await build({
        entryPoints: [fixturePath("media/job-script.ts")],
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node18",
        outfile,
        logLevel: "silent",
      });
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, [outfile], { timeout: 15_000 }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        );
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe("done video/mp4 4");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("job protocols as the real services answer", () => {
  const png = { bytes: PNG, headers: { "content-type": "image/png" } };

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
    const urls = mock.requests.filter(notHub).map((r) => `${r.method} ${r.url}`);
    expect(urls[0]).toBe("POST https://router.huggingface.co/fal-ai/fal-ai/flux/dev?_subdomain=queue");
    for (const u of urls.slice(1, -2)) {
      expect(u).toMatch(
        new RegExp(
          `^GET https://router\\.huggingface\\.co/fal-ai/fal-ai/flux/requests/${rid}/status\\?_subdomain=queue`,
        ),
      );
    }
    expect(urls.at(-2)).toBe(`GET https://router.huggingface.co/fal-ai/fal-ai/flux/requests/${rid}?_subdomain=queue`);
    expect(mock.requests.filter(notHub).at(-1)?.headers.authorization).toBeUndefined();
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
    const reqs = mock.requests.filter(notHub);
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
    const reqs = mock.requests.filter(notHub);
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
    const b64 = Buffer.from(PNG).toString("base64");
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
    const reqs = mock.requests.filter(notHub);
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
    const reqs = mock.requests.filter(notHub);
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
    expect(mock.requests.filter(notHub)[0]?.headers["x-source-channel"]).toBe("hugging_face");
  });
});
