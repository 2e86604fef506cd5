/**
 * Image and video tasks on every provider that serves them, routed (hf_ token through the router) and
 * direct (the provider's own key): exact URL, method, headers and body of the submit request, the polls
 * and the media download of jobs, and the parsed output. Plus input forms, output types and LoRA fields, and
 * two providers in detail: text-to-image on deepinfra and image-text-to-video on novita (MiniMax H3).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  InferenceClient,
  InferenceClientInputError,
  InferenceClientProviderOutputError,
  InferenceClientRoutingError,
  imageToImage,
  textToImage,
  ROUTER_DROPPED_PROVIDERS,
} from "../src/index.js";
import { startMockProvider, type MockProvider, type MockRequest } from "../src/testing/index.js";
import { useFastWaits } from "./support/waits.js";
import { fixtureBytes } from "./support/fixtures.js";
import { inferenceRequests } from "./support/loopback.js";
import { bytesOf } from "./support/media.js";
import { HF_TOKEN as HF, PROVIDER_KEY as KEY } from "./support/tokens.js";

const PIXEL = fixtureBytes("media/pixel.png");
const PIXEL_B64 = Buffer.from(PIXEL).toString("base64");
const PIXEL_DATA_URL = `data:image/png;base64,${PIXEL_B64}`;
const pixel = () => new Blob([PIXEL], { type: "image/png" });

const ROUTER = "https://router.huggingface.co";
/** The router dropped some providers (July 2026): they are reached with their own key only. */
const tokenFor = (provider: string) => (ROUTER_DROPPED_PROVIDERS.includes(provider) ? KEY : HF);

type TaskName =
  | "textToImage"
  | "imageToImage"
  | "imageTextToImage"
  | "textToVideo"
  | "imageToVideo"
  | "imageTextToVideo"
  | "imageSegmentation";

const TASK_IDS: Record<TaskName, string> = {
  textToImage: "text-to-image",
  imageToImage: "image-to-image",
  imageTextToImage: "image-text-to-image",
  textToVideo: "text-to-video",
  imageToVideo: "image-to-video",
  imageTextToVideo: "image-text-to-video",
  imageSegmentation: "image-segmentation",
};

interface Case {
  task: TaskName;
  provider: string;
  providerId: string;
  args: () => Record<string, unknown>;
  /** Routed URL after `https://router.huggingface.co/{provider}/`. */
  routedPath: string;
  /** Direct URL; absent for hf-inference (router only). */
  directUrl?: string;
  /** Headers carrying a direct key (lowercased). Default Bearer. */
  directAuth?: Record<string, string>;
  /** Expected JSON body, or raw bytes with their content type. */
  body: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Status poll URL, routed and direct, with `ID` for the job id. */
  poll?: { routed: string; direct: string };
  /** Media download URL, with `ID` for the job id. */
  download?: string;
  output: "image" | "video" | "segments";
}

const p = { seed: 7 };

const CASES: Case[] = [
  // text-to-image ---------------------------------------------------------------------------------
  {
    task: "textToImage",
    provider: "hf-inference",
    providerId: "stabilityai/stable-diffusion-xl-base-1.0",
    args: () => ({ inputs: "a red fox", parameters: p }),
    routedPath: "models/stabilityai/stable-diffusion-xl-base-1.0",
    body: { inputs: "a red fox", parameters: p },
    output: "image",
  },
  {
    task: "textToImage",
    provider: "fal-ai",
    providerId: "fal-ai/flux/dev",
    args: () => ({ inputs: "a red fox", parameters: p }),
    routedPath: "fal-ai/flux/dev?_subdomain=queue",
    directUrl: "https://queue.fal.run/fal-ai/flux/dev",
    directAuth: { authorization: `Key ${KEY}` },
    body: { seed: 7, prompt: "a red fox" },
    poll: {
      routed: `${ROUTER}/fal-ai/fal-ai/flux/requests/ID/status?_subdomain=queue`,
      direct: "https://queue.fal.run/fal-ai/flux/requests/ID/status",
    },
    download: "https://v3.fal.media/files/mock/ID.png",
    output: "image",
  },
  {
    task: "textToImage",
    provider: "nscale",
    providerId: "stabilityai/stable-diffusion-xl-base-1.0",
    args: () => ({ inputs: "a red fox", parameters: p }),
    routedPath: "v1/images/generations",
    directUrl: "https://inference.api.nscale.com/v1/images/generations",
    body: {
      seed: 7,
      response_format: "b64_json",
      prompt: "a red fox",
      model: "stabilityai/stable-diffusion-xl-base-1.0",
    },
    output: "image",
  },
  {
    task: "textToImage",
    provider: "replicate",
    providerId: "black-forest-labs/flux-schnell",
    args: () => ({ inputs: "a red fox", parameters: p }),
    routedPath: "v1/models/black-forest-labs/flux-schnell/predictions",
    directUrl: "https://api.replicate.com/v1/models/black-forest-labs/flux-schnell/predictions",
    headers: { prefer: "wait" },
    body: { input: { seed: 7, prompt: "a red fox" } },
    download: "https://replicate.delivery/xezq/mock/ID/out-0.png",
    output: "image",
  },
  {
    task: "textToImage",
    provider: "together",
    providerId: "black-forest-labs/FLUX.1-schnell",
    args: () => ({ inputs: "a red fox", parameters: { num_inference_steps: 4, seed: 7 } }),
    routedPath: "v1/images/generations",
    directUrl: "https://api.together.xyz/v1/images/generations",
    body: {
      steps: 4,
      seed: 7,
      prompt: "a red fox",
      response_format: "base64",
      model: "black-forest-labs/FLUX.1-schnell",
    },
    output: "image",
  },
  {
    task: "textToImage",
    provider: "wavespeed",
    providerId: "wavespeed-ai/flux-dev",
    args: () => ({ inputs: "a red fox", parameters: p }),
    routedPath: "api/v3/wavespeed-ai/flux-dev",
    directUrl: "https://api.wavespeed.ai/api/v3/wavespeed-ai/flux-dev",
    body: { seed: 7, prompt: "a red fox" },
    poll: {
      routed: `${ROUTER}/wavespeed/api/v3/predictions/ID/result`,
      direct: "https://api.wavespeed.ai/api/v3/predictions/ID/result",
    },
    download: "https://d1q70pf5vjeyhc.cloudfront.net/predictions/ID/1.png",
    output: "image",
  },
  {
    task: "textToImage",
    provider: "zai-org",
    providerId: "cogview-4-250304",
    args: () => ({ inputs: "a red fox", parameters: p }),
    routedPath: "api/paas/v4/async/images/generations",
    directUrl: "https://api.z.ai/api/paas/v4/async/images/generations",
    headers: { "x-source-channel": "hugging_face", "accept-language": "en-US,en" },
    body: { seed: 7, model: "cogview-4-250304", prompt: "a red fox" },
    poll: {
      routed: `${ROUTER}/zai-org/api/paas/v4/async-result/ID`,
      direct: "https://api.z.ai/api/paas/v4/async-result/ID",
    },
    download: "https://aigc-files.bigmodel.cn/api/cogview/ID.png",
    output: "image",
  },
  {
    task: "textToImage",
    provider: "black-forest-labs",
    providerId: "flux-dev",
    args: () => ({ inputs: "a red fox", parameters: p }),
    routedPath: "v1/flux-dev",
    directUrl: "https://api.us1.bfl.ai/v1/flux-dev",
    directAuth: { "x-key": KEY },
    body: { seed: 7, prompt: "a red fox" },
    poll: {
      routed: `${ROUTER}/black-forest-labs/v1/get_result?id=ID`,
      direct: "https://api.us1.bfl.ai/v1/get_result?id=ID",
    },
    download: "https://delivery-us1.bfl.ai/results/mock/ID/sample.png?se=2030-01-01&sig=mock",
    output: "image",
  },
  {
    task: "textToImage",
    provider: "hyperbolic",
    providerId: "stabilityai/stable-diffusion-2",
    args: () => ({ inputs: "a red fox", parameters: { num_inference_steps: 30, guidance_scale: 5, seed: 7 } }),
    routedPath: "v1/images/generations",
    directUrl: "https://api.hyperbolic.xyz/v1/images/generations",
    body: { steps: 30, cfg_scale: 5, seed: 7, prompt: "a red fox", model_name: "stabilityai/stable-diffusion-2" },
    output: "image",
  },
  {
    task: "textToImage",
    provider: "nebius",
    providerId: "black-forest-labs/flux-schnell",
    args: () => ({ inputs: "a red fox", parameters: p }),
    routedPath: "v1/images/generations",
    directUrl: "https://api.studio.nebius.ai/v1/images/generations",
    body: { seed: 7, response_format: "b64_json", prompt: "a red fox", model: "black-forest-labs/flux-schnell" },
    output: "image",
  },
  // image-to-image --------------------------------------------------------------------------------
  {
    task: "imageToImage",
    provider: "hf-inference",
    providerId: "timbrooks/instruct-pix2pix",
    args: () => ({ inputs: pixel() }),
    routedPath: "models/timbrooks/instruct-pix2pix",
    body: PIXEL,
    raw: "image/png",
    output: "image",
  },
  {
    task: "imageToImage",
    provider: "fal-ai",
    providerId: "fal-ai/flux-kontext/dev",
    args: () => ({ inputs: pixel(), parameters: { prompt: "make it snow" } }),
    routedPath: "fal-ai/flux-kontext/dev?_subdomain=queue",
    directUrl: "https://queue.fal.run/fal-ai/flux-kontext/dev",
    directAuth: { authorization: `Key ${KEY}` },
    body: { prompt: "make it snow", image_url: PIXEL_DATA_URL, image_urls: [PIXEL_DATA_URL] },
    poll: {
      routed: `${ROUTER}/fal-ai/fal-ai/flux-kontext/requests/ID/status?_subdomain=queue`,
      direct: "https://queue.fal.run/fal-ai/flux-kontext/requests/ID/status",
    },
    download: "https://v3.fal.media/files/mock/ID.png",
    output: "image",
  },
  {
    task: "imageToImage",
    provider: "replicate",
    providerId: "black-forest-labs/flux-kontext-dev",
    args: () => ({ inputs: pixel(), parameters: { prompt: "make it snow" } }),
    routedPath: "v1/models/black-forest-labs/flux-kontext-dev/predictions",
    directUrl: "https://api.replicate.com/v1/models/black-forest-labs/flux-kontext-dev/predictions",
    headers: { prefer: "wait" },
    body: {
      input: {
        prompt: "make it snow",
        image: PIXEL_DATA_URL,
        images: [PIXEL_DATA_URL],
        input_image: PIXEL_DATA_URL,
        input_images: [PIXEL_DATA_URL],
      },
    },
    download: "https://replicate.delivery/xezq/mock/ID/out-0.png",
    output: "image",
  },
  {
    task: "imageToImage",
    provider: "together",
    providerId: "black-forest-labs/FLUX.1-kontext-dev",
    args: () => ({ inputs: pixel(), parameters: { prompt: "make it snow", num_inference_steps: 28 } }),
    routedPath: "v1/images/generations",
    directUrl: "https://api.together.xyz/v1/images/generations",
    body: {
      prompt: "make it snow",
      image_url: PIXEL_DATA_URL,
      steps: 28,
      response_format: "base64",
      model: "black-forest-labs/FLUX.1-kontext-dev",
    },
    output: "image",
  },
  {
    task: "imageToImage",
    provider: "wavespeed",
    providerId: "wavespeed-ai/flux-kontext-dev",
    args: () => ({ inputs: pixel(), parameters: { prompt: "make it snow" } }),
    routedPath: "api/v3/wavespeed-ai/flux-kontext-dev",
    directUrl: "https://api.wavespeed.ai/api/v3/wavespeed-ai/flux-kontext-dev",
    body: { prompt: "make it snow", image: PIXEL_B64, images: [PIXEL_B64] },
    poll: {
      routed: `${ROUTER}/wavespeed/api/v3/predictions/ID/result`,
      direct: "https://api.wavespeed.ai/api/v3/predictions/ID/result",
    },
    download: "https://d1q70pf5vjeyhc.cloudfront.net/predictions/ID/1.png",
    output: "image",
  },
  // image-text-to-image ---------------------------------------------------------------------------
  {
    task: "imageTextToImage",
    provider: "fal-ai",
    providerId: "fal-ai/flux-2/edit",
    args: () => ({ inputs: pixel(), parameters: { prompt: "add a hat" } }),
    routedPath: "fal-ai/flux-2/edit?_subdomain=queue",
    directUrl: "https://queue.fal.run/fal-ai/flux-2/edit",
    directAuth: { authorization: `Key ${KEY}` },
    body: { prompt: "add a hat", image_url: PIXEL_DATA_URL, image_urls: [PIXEL_DATA_URL] },
    poll: {
      routed: `${ROUTER}/fal-ai/fal-ai/flux-2/requests/ID/status?_subdomain=queue`,
      direct: "https://queue.fal.run/fal-ai/flux-2/requests/ID/status",
    },
    download: "https://v3.fal.media/files/mock/ID.png",
    output: "image",
  },
  {
    task: "imageTextToImage",
    provider: "wavespeed",
    providerId: "wavespeed-ai/qwen-image/edit",
    args: () => ({ inputs: pixel(), parameters: { prompt: "add a hat" } }),
    routedPath: "api/v3/wavespeed-ai/qwen-image/edit",
    directUrl: "https://api.wavespeed.ai/api/v3/wavespeed-ai/qwen-image/edit",
    body: { prompt: "add a hat", image: PIXEL_B64, images: [PIXEL_B64] },
    poll: {
      routed: `${ROUTER}/wavespeed/api/v3/predictions/ID/result`,
      direct: "https://api.wavespeed.ai/api/v3/predictions/ID/result",
    },
    download: "https://d1q70pf5vjeyhc.cloudfront.net/predictions/ID/1.png",
    output: "image",
  },
  // text-to-video ---------------------------------------------------------------------------------
  {
    task: "textToVideo",
    provider: "fal-ai",
    providerId: "fal-ai/wan/v2.2-a14b/text-to-video",
    args: () => ({ inputs: "waves at dusk", parameters: { num_frames: 81 } }),
    routedPath: "fal-ai/wan/v2.2-a14b/text-to-video?_subdomain=queue",
    directUrl: "https://queue.fal.run/fal-ai/wan/v2.2-a14b/text-to-video",
    directAuth: { authorization: `Key ${KEY}` },
    body: { num_frames: 81, prompt: "waves at dusk" },
    poll: {
      routed: `${ROUTER}/fal-ai/fal-ai/wan/requests/ID/status?_subdomain=queue`,
      direct: "https://queue.fal.run/fal-ai/wan/requests/ID/status",
    },
    download: "https://v3.fal.media/files/mock/ID.mp4",
    output: "video",
  },
  {
    task: "textToVideo",
    provider: "novita",
    providerId: "wan-t2v",
    args: () => ({ inputs: "waves at dusk", parameters: { num_inference_steps: 20, seed: 7 } }),
    routedPath: "v3/async/wan-t2v",
    directUrl: "https://api.novita.ai/v3/async/wan-t2v",
    body: { steps: 20, seed: 7, prompt: "waves at dusk" },
    poll: {
      routed: `${ROUTER}/novita/v3/async/task-result?task_id=ID`,
      direct: "https://api.novita.ai/v3/async/task-result?task_id=ID",
    },
    download: "https://faas-output-video.s3.ap-southeast-1.amazonaws.com/prod/ID.mp4",
    output: "video",
  },
  {
    task: "textToVideo",
    provider: "replicate",
    providerId: "wan-video/wan-2.2-t2v-fast",
    args: () => ({ inputs: "waves at dusk", parameters: { num_frames: 81 } }),
    routedPath: "v1/models/wan-video/wan-2.2-t2v-fast/predictions",
    directUrl: "https://api.replicate.com/v1/models/wan-video/wan-2.2-t2v-fast/predictions",
    headers: { prefer: "wait" },
    body: { input: { num_frames: 81, prompt: "waves at dusk" } },
    download: "https://replicate.delivery/xezq/mock/ID/out-0.mp4",
    output: "video",
  },
  {
    task: "textToVideo",
    provider: "together",
    providerId: "Wan-AI/Wan2.2-T2V-A14B",
    args: () => ({
      inputs: "waves at dusk",
      parameters: { num_inference_steps: 30, target_size: { width: 832, height: 480 } },
    }),
    routedPath: "v2/videos",
    directUrl: "https://api.together.xyz/v2/videos",
    body: { steps: 30, width: 832, height: 480, prompt: "waves at dusk", model: "Wan-AI/Wan2.2-T2V-A14B" },
    poll: { routed: `${ROUTER}/together/v2/videos/ID`, direct: "https://api.together.xyz/v2/videos/ID" },
    download: "https://api.together.ai/shrt/mock/ID.mp4",
    output: "video",
  },
  {
    task: "textToVideo",
    provider: "wavespeed",
    providerId: "wavespeed-ai/wan-2.2/t2v-480p",
    args: () => ({ inputs: "waves at dusk", parameters: { seed: 7 } }),
    routedPath: "api/v3/wavespeed-ai/wan-2.2/t2v-480p",
    directUrl: "https://api.wavespeed.ai/api/v3/wavespeed-ai/wan-2.2/t2v-480p",
    body: { seed: 7, prompt: "waves at dusk" },
    poll: {
      routed: `${ROUTER}/wavespeed/api/v3/predictions/ID/result`,
      direct: "https://api.wavespeed.ai/api/v3/predictions/ID/result",
    },
    download: "https://d1q70pf5vjeyhc.cloudfront.net/predictions/ID/1.mp4",
    output: "video",
  },
  // image-to-video --------------------------------------------------------------------------------
  {
    task: "imageToVideo",
    provider: "fal-ai",
    providerId: "fal-ai/wan/v2.2-a14b/image-to-video",
    args: () => ({ inputs: pixel(), parameters: { prompt: "the fox runs" } }),
    routedPath: "fal-ai/wan/v2.2-a14b/image-to-video?_subdomain=queue",
    directUrl: "https://queue.fal.run/fal-ai/wan/v2.2-a14b/image-to-video",
    directAuth: { authorization: `Key ${KEY}` },
    body: { prompt: "the fox runs", image_url: PIXEL_DATA_URL },
    poll: {
      routed: `${ROUTER}/fal-ai/fal-ai/wan/requests/ID/status?_subdomain=queue`,
      direct: "https://queue.fal.run/fal-ai/wan/requests/ID/status",
    },
    download: "https://v3.fal.media/files/mock/ID.mp4",
    output: "video",
  },
  {
    task: "imageToVideo",
    provider: "together",
    providerId: "Wan-AI/Wan2.2-I2V-A14B",
    args: () => ({ inputs: pixel(), parameters: { prompt: "the fox runs", num_inference_steps: 30 } }),
    routedPath: "v2/videos",
    directUrl: "https://api.together.xyz/v2/videos",
    body: {
      steps: 30,
      prompt: "the fox runs",
      frame_images: [{ input_image: PIXEL_DATA_URL, frame: "first" }],
      model: "Wan-AI/Wan2.2-I2V-A14B",
    },
    poll: { routed: `${ROUTER}/together/v2/videos/ID`, direct: "https://api.together.xyz/v2/videos/ID" },
    download: "https://api.together.ai/shrt/mock/ID.mp4",
    output: "video",
  },
  {
    task: "imageToVideo",
    provider: "wavespeed",
    providerId: "wavespeed-ai/wan-2.2/i2v-480p",
    args: () => ({ inputs: pixel(), parameters: { prompt: "the fox runs" } }),
    routedPath: "api/v3/wavespeed-ai/wan-2.2/i2v-480p",
    directUrl: "https://api.wavespeed.ai/api/v3/wavespeed-ai/wan-2.2/i2v-480p",
    body: { prompt: "the fox runs", image: PIXEL_B64, images: [PIXEL_B64] },
    poll: {
      routed: `${ROUTER}/wavespeed/api/v3/predictions/ID/result`,
      direct: "https://api.wavespeed.ai/api/v3/predictions/ID/result",
    },
    download: "https://d1q70pf5vjeyhc.cloudfront.net/predictions/ID/1.mp4",
    output: "video",
  },
  // image-text-to-video ---------------------------------------------------------------------------
  {
    task: "imageTextToVideo",
    provider: "fal-ai",
    providerId: "fal-ai/ltx-video/image-to-video",
    args: () => ({ inputs: pixel(), parameters: { prompt: "waves roll in" } }),
    routedPath: "fal-ai/ltx-video/image-to-video?_subdomain=queue",
    directUrl: "https://queue.fal.run/fal-ai/ltx-video/image-to-video",
    directAuth: { authorization: `Key ${KEY}` },
    body: { prompt: "waves roll in", image_url: PIXEL_DATA_URL },
    poll: {
      routed: `${ROUTER}/fal-ai/fal-ai/ltx-video/requests/ID/status?_subdomain=queue`,
      direct: "https://queue.fal.run/fal-ai/ltx-video/requests/ID/status",
    },
    download: "https://v3.fal.media/files/mock/ID.mp4",
    output: "video",
  },
  {
    task: "imageTextToVideo",
    provider: "wavespeed",
    providerId: "wavespeed-ai/ltx-video/i2v",
    args: () => ({ inputs: pixel(), parameters: { prompt: "waves roll in" } }),
    routedPath: "api/v3/wavespeed-ai/ltx-video/i2v",
    directUrl: "https://api.wavespeed.ai/api/v3/wavespeed-ai/ltx-video/i2v",
    body: { prompt: "waves roll in", image: PIXEL_B64, images: [PIXEL_B64] },
    poll: {
      routed: `${ROUTER}/wavespeed/api/v3/predictions/ID/result`,
      direct: "https://api.wavespeed.ai/api/v3/predictions/ID/result",
    },
    download: "https://d1q70pf5vjeyhc.cloudfront.net/predictions/ID/1.mp4",
    output: "video",
  },
  // image-segmentation ----------------------------------------------------------------------------
  {
    task: "imageSegmentation",
    provider: "hf-inference",
    providerId: "facebook/mask2former-swin-large-coco-panoptic",
    args: () => ({ inputs: pixel(), parameters: { threshold: 0.9 } }),
    routedPath: "models/facebook/mask2former-swin-large-coco-panoptic",
    body: { inputs: PIXEL_B64, parameters: { threshold: 0.9 } },
    output: "segments",
  },
  {
    task: "imageSegmentation",
    provider: "fal-ai",
    providerId: "fal-ai/birefnet",
    args: () => ({ inputs: pixel() }),
    routedPath: "fal-ai/birefnet?_subdomain=queue",
    directUrl: "https://queue.fal.run/fal-ai/birefnet",
    directAuth: { authorization: `Key ${KEY}` },
    body: { image_url: PIXEL_DATA_URL, sync_mode: true },
    poll: {
      routed: `${ROUTER}/fal-ai/fal-ai/birefnet/requests/ID/status?_subdomain=queue`,
      direct: "https://queue.fal.run/fal-ai/birefnet/requests/ID/status",
    },
    output: "segments",
  },
];

const modelOf = (c: Case) => `hub-org/${TASK_IDS[c.task]}-${c.provider}`;

let mock: MockProvider;
// Polls every few milliseconds for the whole file.
useFastWaits({ poll: 0.005 }, "all");
beforeAll(async () => {
  mock = await startMockProvider();
  for (const c of CASES) {
    mock.mapModel(modelOf(c), [{ provider: c.provider, providerId: c.providerId, task: TASK_IDS[c.task] }]);
  }
});
afterEach(() => mock.reset());
afterAll(async () => {
  await mock.close();
});

const inference = () => inferenceRequests(mock);
const call = (token: string, task: TaskName, args: Record<string, unknown>, options?: Record<string, unknown>) =>
  (new InferenceClient(token, { fetch: mock.fetch })[task] as (a: unknown, o?: unknown) => Promise<unknown>)(
    args,
    options,
  );

async function checkOutput(kind: Case["output"], out: unknown) {
  if (kind === "segments") {
    expect(Array.isArray(out)).toBe(true);
    const segs = out as { label: string; mask: string; score?: number }[];
    expect(segs.length).toBeGreaterThan(0);
    for (const s of segs) {
      expect(typeof s.label).toBe("string");
      expect(Buffer.from(s.mask, "base64").subarray(0, 4)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    }
    return;
  }
  expect(out).toBeInstanceOf(Blob);
  const blob = out as Blob;
  const bytes = await bytesOf(blob);
  if (kind === "image") {
    expect(blob.type).toBe("image/png");
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  } else {
    expect(blob.type).toBe("video/mp4");
    expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe("ftyp");
  }
}

const expand = (pattern: string, id: string) => pattern.split("ID").join(id);
const jobIdOf = (reqs: MockRequest[], c: Case, mode: "routed" | "direct"): string | undefined => {
  if (!c.poll && !c.download) return undefined;
  const pattern = c.poll ? c.poll[mode] : c.download!;
  const [before, after] = pattern.split("ID") as [string, string];
  for (const r of reqs) {
    if (r.url.startsWith(before) && r.url.endsWith(after))
      return r.url.slice(before.length, r.url.length - after.length);
  }
  return undefined;
};

const runs = CASES.flatMap((c) =>
  (c.directUrl ? (["routed", "direct"] as const) : (["routed"] as const)).map(
    (mode) => [`${c.task} on ${c.provider} (${mode})`, c, mode] as const,
  ),
);

describe("every (provider, task) pair, routed and direct", () => {
  it.each(runs)("%s", async (_label, c, mode) => {
    const token = mode === "routed" ? HF : KEY;
    if (mode === "routed" && ROUTER_DROPPED_PROVIDERS.includes(c.provider)) {
      // Dropped from the router: refused before any request, the Hub look-up included.
      const err = await call(token, c.task, { model: modelOf(c), provider: c.provider, ...c.args() }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InferenceClientRoutingError);
      expect(mock.requests).toHaveLength(0);
      return;
    }
    const out = await call(token, c.task, { model: modelOf(c), provider: c.provider, ...c.args() });
    const reqs = inference();

    // The submit request.
    const submit = reqs[0]!;
    expect(submit.method).toBe("POST");
    expect(submit.url).toBe(mode === "routed" ? `${ROUTER}/${c.provider}/${c.routedPath}` : c.directUrl);
    const auth =
      mode === "routed" ? { authorization: `Bearer ${HF}` } : (c.directAuth ?? { authorization: `Bearer ${KEY}` });
    expect(submit.headers).toMatchObject({ ...auth, ...c.headers });
    if (mode === "direct" && !("authorization" in auth)) expect(submit.headers.authorization).toBeUndefined();
    expect(submit.headers["user-agent"]).toMatch(/^unified-inference\//);
    if (c.raw) {
      expect(submit.headers["content-type"]).toBe(c.raw);
      expect(new Uint8Array(submit.bytes)).toEqual(c.body);
    } else {
      expect(submit.headers["content-type"]).toBe("application/json");
      expect(submit.json).toEqual(c.body);
    }

    // Polls: GET, the submit's credentials; the download: GET, no credentials.
    const id = jobIdOf(reqs, c, mode);
    if (c.poll) {
      expect(id).toBeTruthy();
      const polls = reqs.filter((r) => r.url === expand(c.poll![mode], id!));
      expect(polls.length).toBeGreaterThanOrEqual(1);
      for (const poll of polls) {
        expect(poll.method).toBe("GET");
        expect(poll.headers).toMatchObject(auth);
        expect(poll.headers["content-type"]).toBeUndefined();
      }
    }
    if (c.download) {
      const last = reqs.at(-1)!;
      expect(last.url).toBe(expand(c.download, id!));
      expect(last.method).toBe("GET");
      expect(last.headers.authorization).toBeUndefined();
      expect(last.headers["x-key"]).toBeUndefined();
    }
    if (!c.poll && !c.download) expect(reqs).toHaveLength(1);
    // Nothing else was sent: every request is the submit, a poll or result of this job, or the download.
    for (const r of reqs.slice(1)) expect(r.method).toBe("GET");

    await checkOutput(c.output, out);
  });
});

describe("text-to-image output types", () => {
  const fal = CASES.find((c) => c.task === "textToImage" && c.provider === "fal-ai")!;
  const model = (provider: string) => modelOf(CASES.find((c) => c.task === "textToImage" && c.provider === provider)!);

  it.each(["fal-ai", "replicate", "wavespeed", "zai-org", "black-forest-labs"])(
    "outputType url on %s returns the provider's link without downloading it",
    async (provider) => {
      const url = await textToImage(
        { accessToken: tokenFor(provider), model: model(provider), provider, inputs: "a red fox" },
        { fetch: mock.fetch, outputType: "url" },
      );
      expect(url).toMatch(/^https:\/\/[^/]+\/.*mock/);
      expect(inference().some((r) => r.url === url)).toBe(false);
    },
  );

  it("outputType url on together and nebius asks for a link", async () => {
    for (const provider of ["together", "nebius"]) {
      mock.reset();
      const url = await textToImage(
        { accessToken: tokenFor(provider), model: model(provider), provider, inputs: "a red fox" },
        { fetch: mock.fetch, outputType: "url" },
      );
      expect(url).toMatch(/^https:\/\/.+\.png$/);
      expect(inference()[0]!.json.response_format).toBe("url");
    }
  });

  it.each(["hf-inference", "nscale", "hyperbolic"])(
    "outputType url on %s is an input error before any request",
    async (provider) => {
      await expect(
        textToImage(
          { accessToken: tokenFor(provider), model: model(provider), provider, inputs: "a red fox" },
          { fetch: mock.fetch, outputType: "url" },
        ),
      ).rejects.toBeInstanceOf(InferenceClientInputError);
      expect(mock.requests).toHaveLength(0);
    },
  );

  it.each([
    "hf-inference",
    "fal-ai",
    "nscale",
    "replicate",
    "together",
    "wavespeed",
    "zai-org",
    "black-forest-labs",
    "hyperbolic",
    "nebius",
  ])("outputType dataUrl on %s is a PNG data URL of the image", async (provider) => {
    const out = await textToImage(
      { accessToken: tokenFor(provider), model: model(provider), provider, inputs: "a red fox" },
      { fetch: mock.fetch, outputType: "dataUrl" },
    );
    expect(out).toBe(PIXEL_DATA_URL);
  });

  it.each([
    ["fal-ai", (j: any) => j.images[0].url],
    ["replicate", (j: any) => j.output[0]],
    ["wavespeed", (j: any) => j.data.outputs[0]],
    ["zai-org", (j: any) => j.image_result[0].url],
    ["black-forest-labs", (j: any) => j.sample],
    ["together", (j: any) => j.data[0].b64_json],
    ["nscale", (j: any) => j.data[0].b64_json],
    ["nebius", (j: any) => j.data[0].b64_json],
    ["hyperbolic", (j: any) => j.images[0].image],
    ["hf-inference", (j: any) => j.output],
  ] as const)("outputType json on %s is the provider's answer", async (provider, pick) => {
    const out = await textToImage(
      { accessToken: tokenFor(provider), model: model(provider), provider, inputs: "a red fox" },
      { fetch: mock.fetch, outputType: "json" },
    );
    expect(typeof out).toBe("object");
    expect(pick(out)).toBeTruthy();
    // No download for json: the caller gets the links.
    if (provider !== "hf-inference") expect(inference().every((r) => !/\.png/.test(r.path))).toBe(true);
  });

  it("an unknown outputType is an input error", async () => {
    await expect(
      textToImage(
        { accessToken: HF, model: modelOf(fal), provider: "fal-ai", inputs: "x" },
        { fetch: mock.fetch, outputType: "png" as never },
      ),
    ).rejects.toBeInstanceOf(InferenceClientInputError);
  });

  it("together's link answer is downloaded when a Blob is asked", async () => {
    mock.once("/together/v1/images/generations", {
      json: { id: "x", object: "list", data: [{ index: 0, url: "https://api.together.ai/imgproxy/mock/abc.png" }] },
    });
    const out = await textToImage(
      { accessToken: HF, model: model("together"), provider: "together", inputs: "x" },
      {
        fetch: mock.fetch,
      },
    );
    expect(out.type).toBe("image/png");
    expect(inference().at(-1)!.url).toBe("https://api.together.ai/imgproxy/mock/abc.png");
  });

  it("a malformed answer is an output error", async () => {
    mock.once("/nscale/v1/images/generations", { json: { data: [] } });
    await expect(
      textToImage({ accessToken: HF, model: model("nscale"), provider: "nscale", inputs: "x" }, { fetch: mock.fetch }),
    ).rejects.toBeInstanceOf(InferenceClientProviderOutputError);
  });
});

describe("inputs", () => {
  const fal = CASES.find((c) => c.task === "imageToImage" && c.provider === "fal-ai")!;
  const hf = CASES.find((c) => c.task === "imageToImage" && c.provider === "hf-inference")!;
  const send = (inputs: Record<string, unknown>, c = fal) =>
    imageToImage(
      { accessToken: HF, model: modelOf(c), provider: c.provider, parameters: { prompt: "snow" }, ...inputs } as never,
      { fetch: mock.fetch },
    );

  it.each([
    ["a Blob", () => ({ inputs: pixel() })],
    ["an ArrayBuffer", () => ({ inputs: PIXEL.slice().buffer })],
    ["a Uint8Array", () => ({ inputs: PIXEL.slice() })],
    ["the legacy data field", () => ({ data: PIXEL.slice().buffer })],
  ])("takes the image as %s, with its real content type", async (_label, inputs) => {
    await send(inputs());
    expect(inference()[0]!.json.image_url).toBe(PIXEL_DATA_URL);
  });

  it("keeps a Blob's own content type", async () => {
    await send({ inputs: new Blob([PIXEL], { type: "image/webp" }) });
    expect(inference()[0]!.json.image_url).toBe(`data:image/webp;base64,${PIXEL_B64}`);
  });

  it("passes an http(s) URL as is to providers that fetch it", async () => {
    await send({ inputs: "https://example.com/cat.png" });
    expect(inference()[0]!.json.image_url).toBe("https://example.com/cat.png");
    expect(inference()[0]!.json.image_urls).toEqual(["https://example.com/cat.png"]);
  });

  it("refuses a URL for hf-inference, which takes the bytes", async () => {
    await expect(send({ inputs: "https://example.com/cat.png" }, hf)).rejects.toBeInstanceOf(InferenceClientInputError);
    expect(inference()).toHaveLength(0);
  });

  it.each([
    ["missing", {}, /inputs is required/],
    ["a number", { inputs: 42 }, /inputs must be a Blob/],
    ["a plain string", { inputs: "cat.png" }, /inputs must be a Blob/],
  ])("an image that is %s is an input error naming the field, before any request", async (_l, inputs, msg) => {
    await expect(send(inputs)).rejects.toThrow(msg);
    expect(mock.requests).toHaveLength(0);
  });

  it("a missing prompt is an input error naming the field, before any request", async () => {
    const c = CASES.find((x) => x.task === "textToVideo" && x.provider === "fal-ai")!;
    await expect(call(HF, "textToVideo", { model: modelOf(c), provider: "fal-ai" })).rejects.toThrow(
      /inputs is required/,
    );
    await expect(call(HF, "textToImage", { model: modelOf(c), provider: "fal-ai", inputs: "  " })).rejects.toThrow(
      /inputs is required/,
    );
    expect(mock.requests).toHaveLength(0);
  });

  it("image-text-to-image without image nor prompt is an input error", async () => {
    const c = CASES.find((x) => x.task === "imageTextToImage" && x.provider === "fal-ai")!;
    await expect(call(HF, "imageTextToImage", { model: modelOf(c), provider: "fal-ai" })).rejects.toThrow(
      /parameters\.prompt is required/,
    );
    expect(mock.requests).toHaveLength(0);
  });

  it("sends hf-inference image-to-image parameters as JSON with the image in base64", async () => {
    await send({ inputs: pixel(), parameters: { prompt: "snow", guidance_scale: 7 } }, hf);
    expect(inference()[0]!.json).toEqual({ inputs: PIXEL_B64, parameters: { prompt: "snow", guidance_scale: 7 } });
  });
});

describe("image-text-to-* without an image", () => {
  const falImg = CASES.find((c) => c.task === "imageTextToImage" && c.provider === "fal-ai")!;
  const falVid = CASES.find((c) => c.task === "imageTextToVideo" && c.provider === "fal-ai")!;
  const wsImg = CASES.find((c) => c.task === "imageTextToImage" && c.provider === "wavespeed")!;

  it("fal direct calls use the text-only endpoint one segment up; routed calls keep the mapped path", async () => {
    const args = { model: modelOf(falImg), provider: "fal-ai", parameters: { prompt: "a hat" } };
    await call(KEY, "imageTextToImage", args);
    expect(inference()[0]!.url).toBe("https://queue.fal.run/fal-ai/flux-2");
    expect(inference()[0]!.json).toEqual({ prompt: "a hat" });
    mock.reset();
    await call(HF, "imageTextToImage", args);
    expect(inference()[0]!.url).toBe(`${ROUTER}/fal-ai/fal-ai/flux-2/edit?_subdomain=queue`);
  });

  it("fal image-text-to-video without an image sends the prompt", async () => {
    const out = await call(KEY, "imageTextToVideo", {
      model: modelOf(falVid),
      provider: "fal-ai",
      parameters: { prompt: "waves" },
    });
    expect(inference()[0]!.url).toBe("https://queue.fal.run/fal-ai/ltx-video");
    expect(inference()[0]!.json).toEqual({ prompt: "waves" });
    await checkOutput("video", out);
  });

  it("wavespeed gets a 1x1 transparent PNG", async () => {
    await call(HF, "imageTextToImage", {
      model: modelOf(wsImg),
      provider: "wavespeed",
      parameters: { prompt: "a hat" },
    });
    const body = inference()[0]!.json;
    expect(Buffer.from(body.image, "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(body.images).toEqual([body.image]);
  });
});

describe("LoRA adapters from the mapping", () => {
  beforeAll(() => {
    mock.mapModel("someone/cool-lora", [
      {
        provider: "fal-ai",
        providerId: "fal-ai/flux-lora",
        task: "text-to-image",
        adapter: "lora",
        adapterWeightsPath: "lora.safetensors",
      },
      {
        provider: "replicate",
        providerId: "black-forest-labs/flux-dev-lora",
        task: "text-to-image",
        adapter: "lora",
        adapterWeightsPath: "lora.safetensors",
      },
      { provider: "wavespeed", providerId: "wavespeed-ai/flux-dev-lora", task: "text-to-image", adapter: "lora" },
    ]);
  });
  const run = (provider: string) =>
    textToImage({ accessToken: HF, model: "someone/cool-lora", provider, inputs: "x" }, { fetch: mock.fetch });

  it("fal gets loras with the weights' resolve URL", async () => {
    await run("fal-ai");
    expect(inference()[0]!.json.loras).toEqual([
      { path: "https://huggingface.co/someone/cool-lora/resolve/main/lora.safetensors", scale: 1 },
    ]);
  });
  it("replicate gets lora_weights with the repo URL", async () => {
    await run("replicate");
    expect(inference()[0]!.json.input.lora_weights).toBe("https://huggingface.co/someone/cool-lora");
  });
  it("wavespeed gets loras with the repo id", async () => {
    await run("wavespeed");
    expect(inference()[0]!.json.loras).toEqual([{ path: "someone/cool-lora", scale: 1 }]);
  });
});

describe("replicate versions and endpoint URLs", () => {
  it("a versioned replicate id posts to v1/predictions with the version", async () => {
    mock.mapModel("hub-org/versioned", [
      { provider: "replicate", providerId: "stability-ai/sdxl:39ed52f2a78e", task: "text-to-image" },
    ]);
    await textToImage(
      { accessToken: KEY, model: "hub-org/versioned", provider: "replicate", inputs: "x" },
      {
        fetch: mock.fetch,
      },
    );
    expect(inference()[0]!.url).toBe("https://api.replicate.com/v1/predictions");
    expect(inference()[0]!.json).toEqual({ input: { prompt: "x" }, version: "39ed52f2a78e" });
  });

  it("text-to-image on an endpoint URL posts the pipeline JSON there and reads the image", async () => {
    mock.on("my-endpoint.example", { bytes: PIXEL, headers: { "content-type": "image/png" } });
    const out = await textToImage(
      { accessToken: HF, endpointUrl: "https://my-endpoint.example/", inputs: "x" },
      { fetch: mock.fetch },
    );
    expect(out.type).toBe("image/png");
    expect(inference()[0]!.url).toBe("https://my-endpoint.example/");
    expect(inference()[0]!.json).toEqual({ inputs: "x" });
  });
});

// deepinfra text-to-image and novita image-text-to-video (MiniMax H3), in detail ----------------------

const DEEPINFRA_MODEL = "hub-org/text-to-image-deepinfra";
const DEEPINFRA_ID = "black-forest-labs/FLUX-1-schnell";
const NOVITA_MODEL = "hub-org/image-text-to-video-novita";
const NOVITA_ID = "MiniMax-H3";
beforeAll(() => {
  mock.mapModel(DEEPINFRA_MODEL, [{ provider: "deepinfra", providerId: DEEPINFRA_ID, task: "text-to-image" }]);
  mock.mapModel(NOVITA_MODEL, [{ provider: "novita", providerId: NOVITA_ID, task: "image-text-to-video" }]);
  mock.mapModel("hub-org/other-video", [
    { provider: "novita", providerId: "wan-i2v-fast", task: "image-text-to-video" },
  ]);
});

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
